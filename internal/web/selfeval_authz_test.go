package web_test

import (
	"context"
	"strconv"
	"testing"

	"coplan/internal/db"
	"coplan/internal/partnership"
)

// selfevalAccess says who may use each self-evaluation route: anyone reads
// what is published; planners read the staff pages; editors change things.
var selfevalAccess = map[string]access{
	"GET /staff/partnerships/{slug}/self-evaluation":                                         planners,
	"POST /staff/partnerships/{slug}/self-evaluation":                                        editors,
	"GET /staff/partnerships/{slug}/self-evaluation/compare":                                 planners,
	"GET /staff/partnerships/{slug}/self-evaluation/{year}":                                  planners,
	"GET /staff/partnerships/{slug}/self-evaluation/{year}/frameworks/{framework}":           planners,
	"POST /staff/partnerships/{slug}/self-evaluation/{year}/frameworks/{framework}":          editors,
	"GET /staff/partnerships/{slug}/self-evaluation/{year}/frameworks/{framework}/evidence":  editors,
	"POST /staff/partnerships/{slug}/self-evaluation/{year}/frameworks/{framework}/evidence": editors,
	"POST /staff/partnerships/{slug}/self-evaluation/{year}/evidence/{evidence}/delete":      editors,
	"POST /staff/partnerships/{slug}/self-evaluation/{year}/actions":                         editors,
	"POST /staff/partnerships/{slug}/self-evaluation/{year}/actions/{action}":                editors,
	"POST /staff/partnerships/{slug}/self-evaluation/{year}/publish":                         editors,
	"GET /partnerships/{slug}/self-evaluation":                                               anyone,
	"GET /api/v1/partnerships/{slug}/self-evaluation":                                        anyone,
}

// selfevalPathValues gives {year}, {framework}, {evidence} and {action}:
// the demo's latest year and its first evidence and action (none for a
// partnership without a self-evaluation: those addresses are not found).
func selfevalPathValues(t *testing.T, d *db.DB, p partnership.Partnership) map[string]string {
	t.Helper()
	ctx := context.Background()
	v := map[string]string{"{year}": "2026", "{framework}": "standards", "{evidence}": "999999", "{action}": "999999"}
	var id, year int64
	if err := d.QueryRowContext(ctx, `SELECT id, year FROM self_evaluations WHERE partnership_id = $1 ORDER BY year DESC LIMIT 1`, p.ID).Scan(&id, &year); err != nil {
		return v
	}
	v["{year}"] = strconv.FormatInt(year, 10)
	var n int64
	if err := d.QueryRowContext(ctx, `SELECT id FROM self_evaluation_evidence WHERE evaluation_id = $1 ORDER BY id LIMIT 1`, id).Scan(&n); err == nil {
		v["{evidence}"] = strconv.FormatInt(n, 10)
	}
	if err := d.QueryRowContext(ctx, `SELECT id FROM self_evaluation_actions WHERE evaluation_id = $1 ORDER BY id LIMIT 1`, id).Scan(&n); err == nil {
		v["{action}"] = strconv.FormatInt(n, 10)
	}
	return v
}
