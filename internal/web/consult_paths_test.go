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
	values := map[string]string{}
	// {consultation}, {question}, {section} and {document}: a published
	// consultation of p whose questions responses have locked, so that a
	// form sent empty changes nothing; see consultationPathValues.
	for k, v := range consultationPathValues(t, d, p) {
		values[k] = v
	}
	// {response}: a submitted response of {consultation} (a new consultation
	// if none is set above); see responsePathValues.
	values["{consultation}"], values["{response}"] = responsePathValues(t, d, p, values["{consultation}"])
	// {draft} and {n}: the save-and-return token of a response in progress
	// to an open consultation of p, and its first page; see draftPathValues.
	for k, v := range draftPathValues(t, d, p) {
		values[k] = v
	}
	return values
}
