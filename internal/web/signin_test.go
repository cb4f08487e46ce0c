package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/web"
)

// TestSignInStaysOnThisSite: after signing in, coplan follows "next" only
// to a page of this site. Browsers drop tabs and line breaks from a
// Location and read "/\t/evil.example" as "//evil.example", another site
// (issue 10, item 19).
func TestSignInStaysOnThisSite(t *testing.T) {
	srv := startInstances(t, dbtest.URL(t, db.SQLite), 1)[0]
	for next, want := range map[string]string{
		"/staff/partnerships/glenmorven": "/staff/partnerships/glenmorven",
		"/staff?tab=1":                   "/staff?tab=1",
		"/\t/evil.example":               "/staff",
		"/\n/evil.example":               "/staff",
		"/\r/evil.example":               "/staff",
		"//evil.example":                 "/staff",
		"/\\evil.example":                "/staff",
		"https://evil.example/":          "/staff",
		"/%09/evil.example":              "/%09/evil.example",
		" /staff":                        "/staff",
		"/ /evil.example":                "/staff",
		"javascript:alert(1)":            "/staff",
		"":                               "/staff",
	} {
		c := newClient(t)
		code, loc, _ := c.do("POST", srv.URL+"/signin", url.Values{"email": {demo.Accounts[1].Email}, "password": {demo.Password}, "next": {next}})
		if code != http.StatusSeeOther || loc != want {
			t.Errorf("next=%q: status %d, Location %q; want 303 to %q", next, code, loc, want)
		}
	}
	// A NUL byte cannot be stored or followed: the form is refused.
	c := newClient(t)
	if code, loc, _ := c.do("POST", srv.URL+"/signin", url.Values{"email": {demo.Accounts[1].Email}, "password": {demo.Password},
		"next": {"/staff/partnerships/glen\x00more"}}); code == http.StatusSeeOther {
		t.Errorf("next with a NUL byte: redirected to %q", loc)
	}
}

// A site whose base address is https marks its session cookie Secure even
// when nobody set --secure-cookies (issue 10, item 26).
func TestHTTPSBaseAddressMakesCookiesSecure(t *testing.T) {
	d := dbtest.SQLite(t)
	if err := demo.Load(context.Background(), d, time.Now); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{DB: d, BaseURL: "https://coplan.example.scot"})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/signin", strings.NewReader(url.Values{"email": {demo.Accounts[1].Email}, "password": {demo.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	s.ServeHTTP(rec, req)
	cookies := rec.Result().Cookies()
	if rec.Code != http.StatusSeeOther || len(cookies) == 0 || !cookies[0].Secure {
		t.Errorf("sign-in on an https site: status %d, cookies %v; want a Secure session cookie", rec.Code, cookies)
	}
}
