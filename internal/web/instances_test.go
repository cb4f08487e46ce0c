package web_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/web"
)

// startInstances starts n coplan instances, each with its own connection
// pool, on one database, as a national service runs them behind a load
// balancer. They migrate at the same time, as instances starting together do.
func startInstances(t *testing.T, url string, n int) []*httptest.Server {
	t.Helper()
	ctx := context.Background()
	dbs := make([]*db.DB, n)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		d, err := db.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		dbs[i] = d
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = d.Migrate(ctx, nil)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("migrating instances together: %v", err)
		}
	}
	if err := demo.Load(ctx, dbs[0], time.Now); err != nil {
		t.Fatal(err)
	}
	servers := make([]*httptest.Server, n)
	for i, d := range dbs {
		servers[i] = serve(t, web.Config{DB: d})
	}
	return servers
}

// serve starts coplan on a free loopback port with cfg, its BaseURL set
// to that address as a deployment's --base-url would be.
func serve(t *testing.T, cfg web.Config) *httptest.Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL = "http://" + l.Addr().String()
	s, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: s}}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// client is a browser-like client whose one cookie jar is used for every
// instance, as a load balancer makes a browser see one site.
type client struct {
	t    *testing.T
	http *http.Client
	jar  *cookiejar.Jar
}

func newClient(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, jar: jar, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// onInstance moves the client's cookies to another instance's address.
func (c *client) onInstance(from, to *httptest.Server) {
	fu, _ := url.Parse(from.URL)
	tu, _ := url.Parse(to.URL)
	c.jar.SetCookies(tu, c.jar.Cookies(fu))
}

func (c *client) do(method, u string, form url.Values) (int, string, string) {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, u, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// TestSignInCarriesAcrossInstances signs in on one instance and carries on
// on another, then signs out there and is signed out on the first.
func TestSignInCarriesAcrossInstances(t *testing.T) {
	a, b := func() (*httptest.Server, *httptest.Server) {
		s := startInstances(t, dbtest.URL(t, db.Postgres), 2)
		return s[0], s[1]
	}()
	c := newClient(t)
	code, loc, _ := c.do("POST", a.URL+"/signin", url.Values{"email": {"officer@glenmorven.example"}, "password": {demo.Password}})
	if code != http.StatusSeeOther || loc != "/staff" {
		t.Fatalf("sign in on instance A: status %d, location %q", code, loc)
	}
	c.onInstance(a, b)
	code, _, body := c.do("GET", b.URL+"/staff/partnerships/glenmorven/edit", nil)
	if code != http.StatusOK || !strings.Contains(body, "Signed in as Euan Fraser") {
		t.Fatalf("instance B did not know the session from A: status %d", code)
	}
	bu, _ := url.Parse(b.URL)
	old := c.jar.Cookies(bu)
	if code, _, _ := c.do("POST", b.URL+"/signout", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("sign out on B: status %d", code)
	}
	// The browser dropped its cookie; replay the old one on A to prove the
	// session itself has ended, not just the cookie.
	au, _ := url.Parse(a.URL)
	c.jar.SetCookies(au, old)
	code, loc, _ = c.do("GET", a.URL+"/staff", nil)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
		t.Fatalf("after signing out on B, A still served /staff: status %d, location %q", code, loc)
	}
}

// TestSignInLimitsAreShared makes failed attempts on one instance count on
// the other, so running more instances does not allow more guesses.
func TestSignInLimitsAreShared(t *testing.T) {
	s := startInstances(t, dbtest.URL(t, db.Postgres), 2)
	c := newClient(t)
	for i := range 5 {
		code, _, _ := c.do("POST", s[i%2].URL+"/signin", url.Values{"email": {"board@glenmorven.example"}, "password": {"wrong password!"}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("failed attempt %d: status %d, want 422", i+1, code)
		}
	}
	code, _, body := c.do("POST", s[1].URL+"/signin", url.Values{"email": {"board@glenmorven.example"}, "password": {demo.Password}})
	if code != http.StatusTooManyRequests || !strings.Contains(body, "too many failed attempts") {
		t.Fatalf("sixth attempt with the right password: status %d, want 429 with a clear message", code)
	}
}
