package analysisweb

import (
	"html/template"

	"coplan/internal/web/kit"
)

// reportRoutes are the pages of the analysis report (i13-report replaces this file).
func (h *Handlers) reportRoutes() []kit.Route { return nil }

// reportFuncs are the template functions of the pages of the analysis report.
var reportFuncs = template.FuncMap{}

// reportNotices are the notices of the pages of the analysis report.
var reportNotices = map[string]string{}
