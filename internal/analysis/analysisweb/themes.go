package analysisweb

import (
	"html/template"

	"coplan/internal/web/kit"
)

// themeRoutes are the pages of the suggested themes (i13-themes replaces this file).
func (h *Handlers) themeRoutes() []kit.Route { return nil }

// themeFuncs are the template functions of the pages of the suggested themes.
var themeFuncs = template.FuncMap{}

// themeNotices are the notices of the pages of the suggested themes.
var themeNotices = map[string]string{}
