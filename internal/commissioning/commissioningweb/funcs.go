package commissioningweb

import (
	"html/template"

	"coplan/internal/commissioning"
	"coplan/internal/statute"
)

// funcs are the room's template functions.
var funcs = template.FuncMap{
	"stages": statute.CommissioningStages,
	"groups": func() []commissioning.Group { return commissioning.Groups },
	"depths": func() []commissioning.Depth { return commissioning.Depths },
}
