package web_test

import (
	"context"
	"strconv"
	"testing"

	"coplan/internal/db"
	"coplan/internal/partnership"
)

// analysisAccess says who may use each page of the analysis room's coding
// (issue 13, items 4, 6, 7): planners read; editors code.
var analysisAccess = map[string]access{
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis/codebook":           planners,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/analysis/codebook":          editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/analysis/memos":             editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/analysis/codebook/reuse":    editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis/codebook/{code}":    planners,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/analysis/codebook/{code}":   editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis/coding":             planners,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis/coding/{question}":  planners,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/analysis/coding/{question}": editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis/agreement":          planners,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis/reconcile":          planners,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/analysis/reconcile":         editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis/matrix":             planners,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis/matrix.csv":         planners,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis/matrix.xlsx":        planners,
}

// analysisPathValues gives {code}: a code of p's, or one that does not
// exist (the pages then answer 404, which is not a refusal).
func analysisPathValues(t *testing.T, d *db.DB, p partnership.Partnership) map[string]string {
	t.Helper()
	v := map[string]string{"{code}": "999999"}
	var id int64
	if err := d.QueryRowContext(context.Background(), `SELECT id FROM codes WHERE partnership_id = $1 ORDER BY id LIMIT 1`, p.ID).Scan(&id); err == nil {
		v["{code}"] = strconv.FormatInt(id, 10)
	}
	return v
}
