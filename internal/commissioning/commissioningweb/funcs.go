package commissioningweb

import (
	"html/template"
	"strings"

	"coplan/internal/civil"
)

// funcs are the room's template functions.
var funcs = template.FuncMap{
	"lower":      strings.ToLower,
	"list":       func(s ...string) []string { return s },
	"sourcePath": sourcePath,
	// iso is a date as a date input's value takes it (YYYY-MM-DD), not
	// as people read it.
	"iso": func(d civil.Date) string { return string(d) },
}
