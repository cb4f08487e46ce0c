package web_test

import (
	"testing"

	"coplan/internal/db"
	"coplan/internal/partnership"
)

// indicatorsAccess says who may use each route of the indicators: anyone
// reads a partnership's figures, the open data and the benchmark's open
// data; planners (with scrutiny) read the staff pages and the benchmark;
// a partnership's editors import its own figures; only the service's
// administrators import for every partnership and Scotland.
var indicatorsAccess = map[string]access{
	"GET /staff/partnerships/{slug}/indicators":                     planners,
	"GET /staff/partnerships/{slug}/indicators/benchmark":           planners,
	"GET /staff/partnerships/{slug}/indicators/import":              editors,
	"POST /staff/partnerships/{slug}/indicators/import":             editors,
	"GET /staff/partnerships/{slug}/indicators/import/template.csv": editors,
	"GET /staff/partnerships/{slug}/indicators/{indicator}":         planners,
	"GET /staff/indicators/import":                                  serviceAdmin,
	"POST /staff/indicators/import":                                 serviceAdmin,
	"GET /partnerships/{slug}/indicators":                           anyone,
	"GET /partnerships/{slug}/indicators/{indicator}":               anyone,
	"GET /api/v1/partnerships/{slug}/indicators":                    anyone,
	"GET /api/v1/benchmark":                                         anyone,
}

func indicatorsPathValues(t *testing.T, d *db.DB, p partnership.Partnership) map[string]string {
	return map[string]string{"{indicator}": "NI-12"}
}
