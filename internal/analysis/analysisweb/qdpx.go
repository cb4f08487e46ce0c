package analysisweb

import (
	"html/template"

	"coplan/internal/web/kit"
)

// qdpxRoutes are the pages of the REFI-QDA exchange (i13-qdpx replaces this file).
func (h *Handlers) qdpxRoutes() []kit.Route { return nil }

// qdpxFuncs are the template functions of the pages of the REFI-QDA exchange.
var qdpxFuncs = template.FuncMap{}

// qdpxNotices are the notices of the pages of the REFI-QDA exchange.
var qdpxNotices = map[string]string{}
