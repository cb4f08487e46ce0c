package web_test

import (
	"context"
	"strconv"
	"testing"

	"coplan/internal/db"
	"coplan/internal/partnership"
)

// analysisThemesAccess says who may use each page of the suggested themes
// (issue 13, item 5): planners read; editors suggest and decide.
var analysisThemesAccess = map[string]access{
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis/themes":                          planners,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis/themes/{question}":               planners,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/analysis/themes/{question}":              editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/analysis/themes/{question}/{suggestion}": editors,
}

// analysisThemesPathValues gives {suggestion}: a suggested theme of p's, or
// one that does not exist (the page then answers 404, not a refusal).
func analysisThemesPathValues(t *testing.T, d *db.DB, p partnership.Partnership) map[string]string {
	t.Helper()
	v := map[string]string{"{suggestion}": "999999"}
	var id int64
	if err := d.QueryRowContext(context.Background(), `SELECT id FROM theme_suggestions WHERE partnership_id = $1 ORDER BY id LIMIT 1`, p.ID).Scan(&id); err == nil {
		v["{suggestion}"] = strconv.FormatInt(id, 10)
	}
	return v
}
