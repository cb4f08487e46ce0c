package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"coplan/internal/audit"
	"coplan/internal/auth"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
)

// signedIn starts one instance on a fresh SQLite database with the demo and
// signs in as the given demo account.
func signedIn(t *testing.T, email string) (*client, string, *db.DB) {
	t.Helper()
	u := dbtest.URL(t, db.SQLite)
	srv := startInstances(t, u, 1)[0]
	c := newClient(t)
	code, _, _ := c.do("POST", srv.URL+"/signin", url.Values{"email": {email}, "password": {demo.Password}})
	if code != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d", email, code)
	}
	d, err := db.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return c, srv.URL, d
}

func auditCount(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM audit_log").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The Act requires at least two localities: the edit page refuses one, says
// why at the field and in the error summary, and changes nothing.
func TestPartnershipWithOneLocalityIsRefused(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	before, _ := partnership.BySlug(ctx, d, demo.Slug)
	audits := auditCount(t, d)
	form := url.Values{"name": {"Glenmorven"}, "model": {"ijb"}, "health_board": {"NHS Glenmorven"}}
	for _, la := range before.LocalAuthorities {
		form.Set("la-"+itoa(la.ID), la.Name)
	}
	form.Set("loc-"+itoa(before.Localities[0].ID), before.Localities[0].Name)
	form.Set("loc-new-1", "") // the other three cleared
	code, _, body := c.do("POST", base+"/staff/partnerships/glenmorven/edit", form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", code)
	}
	for _, want := range []string{"There is a problem", `href="#localities"`, "Enter at least 2 localities", `id="localities"`, "<title>Error: "} {
		if !strings.Contains(body, want) {
			t.Errorf("the page does not show %q", want)
		}
	}
	after, _ := partnership.BySlug(ctx, d, demo.Slug)
	if strings.Join(after.LocalityNames(), ",") != strings.Join(before.LocalityNames(), ",") {
		t.Errorf("localities changed from %v to %v", before.LocalityNames(), after.LocalityNames())
	}
	if auditCount(t, d) != audits {
		t.Error("a refused change was written to the audit log")
	}

	// Removing a locality that SPG members represent is refused with a
	// clear message, and nothing changes.
	for _, l := range before.Localities[1:] {
		form.Set("loc-"+itoa(l.ID), l.Name)
	}
	form.Del("loc-" + itoa(before.Localities[3].ID))
	code, _, body = c.do("POST", base+"/staff/partnerships/glenmorven/edit", form)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Morven Coast cannot be removed") {
		t.Fatalf("removing a represented locality: status %d; want 422 naming the locality", code)
	}

	// A valid change is saved, audited and shown.
	form.Set("loc-"+itoa(before.Localities[3].ID), before.Localities[3].Name)
	form.Set("loc-"+itoa(before.Localities[1].ID), "Strathard and Glen Ure")
	code, loc, _ := c.do("POST", base+"/staff/partnerships/glenmorven/edit", form)
	if code != http.StatusSeeOther {
		t.Fatalf("valid change: status %d", code)
	}
	_, _, page := c.do("GET", base+loc, nil)
	if !strings.Contains(page, "Your changes have been saved") || !strings.Contains(page, "Strathard and Glen Ure") {
		t.Error("the saved change is not shown after saving")
	}
	after, _ = partnership.BySlug(ctx, d, demo.Slug)
	if after.Localities[1].ID != before.Localities[1].ID {
		t.Error("renaming a locality gave it a new identity")
	}
	es, _ := audit.ForPartnership(ctx, d, after.ID, 1)
	if len(es) != 1 || !strings.Contains(es[0].Before, "Strathard") || !strings.Contains(es[0].After, "Strathard and Glen Ure") {
		t.Errorf("audit entry does not hold before and after: %+v", es)
	}
}

// A form posted from another site is refused and changes nothing.
func TestCrossSiteFormIsRefused(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	audits := auditCount(t, d)
	req, _ := http.NewRequest("POST", base+"/staff/partnerships/glenmorven/functions",
		strings.NewReader(url.Values{"name": {"Forged"}, "partner": {"NHS Glenmorven"}, "kind": {"health"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: status %d, want 403", resp.StatusCode)
	}
	if auditCount(t, d) != audits {
		t.Error("the forged request changed something")
	}
}

// The open data API lists every partnership with its localities.
func TestAPIListsPartnerships(t *testing.T) {
	c, base, _ := signedIn(t, "officer@glenmorven.example")
	code, _, body := c.do("GET", base+"/api/v1/partnerships", nil)
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	for _, want := range []string{`"slug": "glenmorven"`, `"model": "lead-agency"`, `"health_board": "NHS Highland"`, `"Kilbrannan"`} {
		if !strings.Contains(body, want) {
			t.Errorf("API response lacks %s", want)
		}
	}
	if code, _, _ := c.do("GET", base+"/api/v1/partnerships/no-such-place", nil); code != http.StatusNotFound {
		t.Errorf("unknown partnership: status %d, want 404", code)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func mustUser(t *testing.T, d *db.DB, email string) int64 {
	t.Helper()
	u, err := auth.UserByEmail(context.Background(), d, email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}
