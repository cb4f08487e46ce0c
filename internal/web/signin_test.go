package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
)

// TestSignInStaysOnThisSite: after signing in, coplan follows "next" only
// to a page of this site. Browsers drop tabs and line breaks from a
// Location and read "/\t/evil.example" as "//evil.example", another site
// (issue 10, item 19).
func TestSignInStaysOnThisSite(t *testing.T) {
	srv := startInstances(t, dbtest.URL(t, db.SQLite), 1)[0]
	for next, want := range map[string]string{
		"/staff/partnerships/glenmorven":   "/staff/partnerships/glenmorven",
		"/staff?tab=1":                     "/staff?tab=1",
		"/\t/evil.example":                 "/staff",
		"/\n/evil.example":                 "/staff",
		"/\r/evil.example":                 "/staff",
		"//evil.example":                   "/staff",
		"/\\evil.example":                  "/staff",
		"https://evil.example/":            "/staff",
		"/%09/evil.example":                "/%09/evil.example",
		" /staff":                          "/staff",
		"/ /evil.example":                  "/staff",
		"javascript:alert(1)":              "/staff",
		"":                                 "/staff",
		"/staff/partnerships/glen\x00more": "/staff",
	} {
		c := newClient(t)
		code, loc, _ := c.do("POST", srv.URL+"/signin", url.Values{"email": {demo.Accounts[1].Email}, "password": {demo.Password}, "next": {next}})
		if code != http.StatusSeeOther || loc != want {
			t.Errorf("next=%q: status %d, Location %q; want 303 to %q", next, code, loc, want)
		}
	}
}
