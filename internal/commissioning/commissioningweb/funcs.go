package commissioningweb

import (
	"html/template"
	"strings"
)

// funcs are the room's template functions.
var funcs = template.FuncMap{
	"lower":      strings.ToLower,
	"list":       func(s ...string) []string { return s },
	"sourcePath": sourcePath,
}
