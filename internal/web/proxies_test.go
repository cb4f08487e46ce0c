package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/web"
)

// proxiedSite serves the demo behind "a load balancer" at 127.0.0.1 (the
// test client's own address), trusted or not.
func proxiedSite(t *testing.T, trusted string) string {
	t.Helper()
	d := dbtest.SQLite(t)
	if err := demo.Load(context.Background(), d, time.Now); err != nil {
		t.Fatal(err)
	}
	proxies, err := web.ParseProxies(trusted)
	if err != nil {
		t.Fatal(err)
	}
	return serve(t, web.Config{DB: d, TrustedProxies: proxies}).URL
}

// signInFrom signs in with the client address a proxy forwarded.
func signInFrom(t *testing.T, base, forwarded, email, password string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/signin", strings.NewReader(url.Values{"email": {email}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", forwarded)
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestTrustedProxiesForwardTheClient: behind a trusted load balancer, one
// address's failures pause only that address, not every member of staff
// (issue 10, item 21); from an untrusted peer, X-Forwarded-For is ignored,
// so a client cannot dodge the limit by writing one.
func TestTrustedProxiesForwardTheClient(t *testing.T) {
	officer := demo.Accounts[1].Email
	fail := func(base, from string) {
		t.Helper()
		for i := 0; i < 50; i++ {
			if code := signInFrom(t, base, from, fmt.Sprintf("nobody%d@example.org", i/5), "wrong"); code != http.StatusUnprocessableEntity {
				t.Fatalf("failure %d: status %d", i, code)
			}
		}
	}

	behind := proxiedSite(t, "127.0.0.1, 10.0.0.0/8")
	fail(behind, "203.0.113.7")
	if code := signInFrom(t, behind, "198.51.100.20", officer, demo.Password); code != http.StatusSeeOther {
		t.Errorf("another client behind the balancer: status %d, want 303 (signed in)", code)
	}
	if code := signInFrom(t, behind, "203.0.113.7, 10.1.2.3", officer, demo.Password); code != http.StatusTooManyRequests {
		t.Errorf("the failing client through two proxies: status %d, want 429", code)
	}

	direct := proxiedSite(t, "")
	fail(direct, "203.0.113.7")
	if code := signInFrom(t, direct, "198.51.100.20", officer, demo.Password); code != http.StatusTooManyRequests {
		t.Errorf("an untrusted peer writing X-Forwarded-For: status %d, want 429 (the header ignored)", code)
	}
}

func TestParseProxies(t *testing.T) {
	ps, err := web.ParseProxies(" 10.0.0.0/8, 192.0.2.10 ,2001:db8::/32,")
	if err != nil || len(ps) != 3 || ps[1].String() != "192.0.2.10/32" {
		t.Errorf("ParseProxies = %v, %v", ps, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0"} {
		if _, err := web.ParseProxies(bad); err == nil {
			t.Errorf("ParseProxies(%q) accepted it", bad)
		}
	}
}
