package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"coplan/internal/demo"
	"coplan/internal/web"
)

func (s *submitSite) count(t *testing.T, query string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRowContext(context.Background(), query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// One network address may start, and submit, only so many responses an
// hour. Past the limit a clear page says so and suggests paper or email,
// and nothing is stored; a response already started is kept.
func TestResponseLimitPerAddress(t *testing.T) {
	site := newSubmitSite(t, web.Config{ResponseLimit: 2})
	cl := newClient(t)
	start := site.srv.URL + "/partnerships/" + demo.Slug + "/consultations/" + strconv.FormatInt(site.c.ID, 10) + "/start"
	for i := range 2 {
		if code, loc, _ := cl.do("POST", start, url.Values{"lang": {"en"}}); code != http.StatusSeeOther || !strings.Contains(loc, "/respond/") {
			t.Fatalf("start %d under the limit: status %d, location %q", i+1, code, loc)
		}
	}
	code, _, page := cl.do("POST", start, url.Values{"lang": {"en"}})
	if code != http.StatusTooManyRequests {
		t.Fatalf("third start in the hour with a limit of 2: status %d, want 429", code)
	}
	mustContain(t, "the limit page", page, "<title>Please try again later", "try again in an hour", "paper form or by email")
	if n := site.count(t, "SELECT COUNT(*) FROM responses"); n != 2 {
		t.Errorf("%d responses started, want 2", n)
	}

	// Submissions are counted apart from starts.
	paths := site.drafts(t, 3)
	for _, p := range paths[:2] {
		if code, _, page := cl.do("POST", site.srv.URL+p, url.Values{"lang": {"en"}}); code != http.StatusOK || !strings.Contains(page, "coplan-reference") {
			t.Fatalf("submission under the limit: status %d", code)
		}
	}
	code, _, page = cl.do("POST", site.srv.URL+paths[2], url.Values{"lang": {"en"}})
	if code != http.StatusTooManyRequests {
		t.Fatalf("third submission in the hour: status %d, want 429", code)
	}
	mustContain(t, "the limit page", page, "Nothing you entered has been lost", "paper form or by email")
	if n := site.count(t, "SELECT COUNT(*) FROM responses WHERE status = 'submitted'"); n != 2 {
		t.Errorf("%d responses submitted, want 2", n)
	}
	if n := site.count(t, "SELECT COUNT(*) FROM responses WHERE status = 'draft'"); n != 3 {
		t.Errorf("%d drafts kept, want 3 (the refused one among them)", n)
	}
}

// The form that starts a response carries a field people never see; a
// program that fills it in gets an ordinary page and nothing is stored.
func TestHoneypotStoresNothing(t *testing.T) {
	site := newSubmitSite(t, web.Config{})
	cl := newClient(t)
	consultation := site.srv.URL + "/partnerships/" + demo.Slug + "/consultations/" + strconv.FormatInt(site.c.ID, 10)
	code, _, page := cl.do("GET", consultation, nil)
	if code != http.StatusOK {
		t.Fatalf("the consultation's page: status %d", code)
	}
	mustContain(t, "the start form", page, `<div class="coplan-honeypot" aria-hidden="true">`, `<label for="leave_empty">Leave this empty</label>`,
		`name="leave_empty" value="" tabindex="-1" autocomplete="off"`)

	code, loc, page := cl.do("POST", consultation+"/start", url.Values{"lang": {"en"}, "leave_empty": {"https://spam.example/"}})
	if code != http.StatusOK || loc != "" || !strings.Contains(page, "Thank you") {
		t.Fatalf("start with the hidden field filled in: status %d, location %q; want an ordinary page", code, loc)
	}
	if n := site.count(t, "SELECT COUNT(*) FROM responses"); n != 0 {
		t.Errorf("%d responses stored for a program that filled in the hidden field", n)
	}
	if code, loc, _ := cl.do("POST", consultation+"/start", url.Values{"lang": {"en"}, "leave_empty": {""}}); code != http.StatusSeeOther || loc == "" {
		t.Errorf("start with the hidden field empty: status %d", code)
	}
}
