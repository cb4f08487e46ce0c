package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/web"
)

// chromiumPath is Debian's Chromium, which CI installs with apt.
const chromiumPath = "/usr/bin/chromium"

// actionTimeout bounds one browser step (a navigation, an axe run), so a
// hung page fails the test with a message instead of hanging until go test's
// own timeout.
const actionTimeout = 30 * time.Second

// requireFile skips the test on a developer's machine when a tool the tests
// need is missing, and fails it in CI (where CI is set), where a skipped
// browser test would let broken pages through.
func requireFile(t testing.TB, path, install string) {
	t.Helper()
	if _, err := os.Stat(path); err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing: %s", path, install)
	}
	t.Skipf("%s is missing (%s); skipping the browser tests", path, install)
}

// repoRoot is the folder holding go.mod (and node_modules).
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("cannot find the repository root (no go.mod above the test's folder)")
		}
		dir = parent
	}
}

// app is coplan running in-process on a fresh database holding the demo.
type app struct {
	URL    string
	Server *web.Server
}

// startApp serves coplan with the demo loaded on a free port of the loopback
// interface until the test ends.
func startApp(t *testing.T) *app {
	t.Helper()
	d := dbtest.SQLite(t)
	if err := demo.Load(t.Context(), d, time.Now); err != nil {
		t.Fatalf("load the demo: %v", err)
	}
	return serveApp(t, web.Config{DB: d, Log: slog.New(slog.NewTextHandler(testLogWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
}

// serveApp serves coplan with cfg on a free loopback port, its BaseURL set
// to that address as a deployment's --base-url would be, so the links it
// builds for emails and copying lead back to it.
func serveApp(t *testing.T, cfg web.Config) *app {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL = "http://" + l.Addr().String()
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := &httptest.Server{Listener: l, Config: &http.Server{Handler: srv}}
	ts.Start()
	t.Cleanup(ts.Close)
	return &app{URL: ts.URL, Server: srv}
}

// testLogWriter sends the server's warnings and errors to the test's log,
// so a failing page shows why.
type testLogWriter struct{ t *testing.T }

func (w testLogWriter) Write(p []byte) (int, error) {
	w.t.Log("server: " + strings.TrimSpace(string(p)))
	return len(p), nil
}

// startBrowser starts headless Chromium for the test and returns its root
// context; each tab (newTab) is a child of it.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	requireFile(t, chromiumPath, "apt-get install chromium")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox will not start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true), // /dev/shm is small in containers
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return bctx
}

// tab is one browser tab in a browser context of its own (its own cookies),
// signed in as at most one account, with a net/http client that shares its
// session cookie so tests can fetch the exact bytes the server sends.
type tab struct {
	t      testing.TB
	ctx    context.Context
	base   string // the app's address, http://127.0.0.1:port
	client *http.Client
}

func newTab(t testing.TB, browser context.Context, base string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{
		Jar:     jar,
		Timeout: actionTimeout,
		// Redirects are reported, not followed, so the crawler sees them.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &tab{t: t, ctx: ctx, base: base, client: client}
}

// do runs browser steps with a time limit.
func (b *tab) do(steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	return chromedp.Do(ctx, steps...)
}

// run runs one browser action with a time limit and returns its value.
func run[T any](b *tab, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// open loads a page (a path on the app, or a full address) and returns the
// HTTP status of the document, after any redirects.
func (b *tab) open(path string) (int, error) {
	resp, err := run(b, chromedp.NavigateResponse(b.abs(path)))
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", path, err)
	}
	if resp == nil {
		return 0, fmt.Errorf("open %s: no response", path)
	}
	return int(resp.Status), nil
}

// submit clicks a form's submit button (a CSS selector) and waits for the
// page the form leads to, returning its HTTP status.
func (b *tab) submit(button string) (int, error) {
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	// Focus the button and press Enter, as a keyboard user does: unlike a
	// click at coordinates, it cannot miss while the page is still laying out.
	if _, err := chromedp.Run(ctx, chromedp.Focus(chromedp.CSS(button))); err != nil {
		return 0, fmt.Errorf("submit with %s: %w", button, err)
	}
	resp, err := chromedp.RunResponse(ctx, chromedp.KeyEvent("\r"))
	if err != nil {
		return 0, fmt.Errorf("submit with %s: %w", button, err)
	}
	if resp == nil {
		return 0, fmt.Errorf("submit with %s: no response", button)
	}
	return int(resp.Status), nil
}

// location is the address the tab shows, as a path on the app.
func (b *tab) location() string {
	loc, err := run(b, chromedp.Location())
	if err != nil {
		b.t.Fatalf("read the address: %v", err)
	}
	return strings.TrimPrefix(loc, b.base)
}

func (b *tab) abs(path string) string {
	if strings.Contains(path, "://") || strings.HasPrefix(path, "data:") {
		return path
	}
	return b.base + path
}

// fill types into a field as a person would, key by key, after clearing
// what it held (select all, delete): it needs no JavaScript on the page.
func (b *tab) fill(field, text string) error {
	sel := chromedp.CSS(field)
	err := b.do(
		chromedp.Focus(sel),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent("\b"),
	)
	if err == nil && text != "" {
		err = b.do(chromedp.SendKeys(sel, text))
	}
	if err != nil {
		return fmt.Errorf("type into %s: %w", field, err)
	}
	return nil
}

// signIn signs in through the sign-in form, as a person does, and gives the
// tab's HTTP client the session cookie the browser received.
func (b *tab) signIn(email, password string) {
	b.t.Helper()
	if _, err := b.open("/signin"); err != nil {
		b.t.Fatal(err)
	}
	if err := b.fill("#email", email); err != nil {
		b.t.Fatal(err)
	}
	if err := b.fill("#password", password); err != nil {
		b.t.Fatal(err)
	}
	status, err := b.submit("main form button[type=submit]")
	if err != nil {
		b.t.Fatal(err)
	}
	if loc := b.location(); status != http.StatusOK || !strings.HasPrefix(loc, "/staff") {
		b.t.Fatalf("sign in as %s: got status %d at %s, want the staff home page", email, status, loc)
	}
	b.shareCookies()
}

// shareCookies copies the browser's cookies for the app (HttpOnly ones too)
// into the tab's HTTP client.
func (b *tab) shareCookies() {
	b.t.Helper()
	res, err := run(b, func(ctx context.Context, t *chromedp.Target) (network.GetCookiesResult, error) {
		return chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{b.base + "/"}})
	})
	if err != nil {
		b.t.Fatalf("read the browser's cookies: %v", err)
	}
	u, _ := url.Parse(b.base + "/")
	var cs []*http.Cookie
	for _, c := range res.Cookies {
		cs = append(cs, &http.Cookie{Name: c.Name, Value: c.Value, Path: c.Path})
	}
	if len(cs) == 0 {
		b.t.Fatal("the browser holds no cookie for the app after signing in")
	}
	b.client.Jar.SetCookies(u, cs)
}

// fetched is a response to the tab's HTTP client.
type fetched struct {
	status   int
	body     []byte
	location string // where a redirect leads
	isHTML   bool   // a page, not a download
}

// fetch GETs a page with the tab's cookies.
func (b *tab) fetch(path string) (fetched, error) {
	resp, err := b.client.Get(b.abs(path))
	if err != nil {
		return fetched{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return fetched{status: resp.StatusCode, body: body, location: resp.Header.Get("Location"),
		isHTML: strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html")}, err
}

// post sends a form with the tab's cookies, as a non-browser client (which
// the server's cross-origin protection lets through), and returns the status
// and body.
func (b *tab) post(path string, form url.Values) (int, []byte, error) {
	resp, err := b.client.PostForm(b.abs(path), form)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

// screenshot saves a full-page PNG of what the tab shows to the folder named
// by COPLAN_SCREENSHOTS, as NAME.png; without it, it does nothing.
func (b *tab) screenshot(name string) {
	b.t.Helper()
	dir := os.Getenv("COPLAN_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := run(b, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fileName(name)+".png"), png, 0o644); err != nil {
		b.t.Error(err)
	}
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileName turns a page's label into a file name.
func fileName(label string) string {
	s := strings.Trim(unsafeChars.ReplaceAllString(label, "_"), "_")
	if len(s) > 120 {
		s = s[:120]
	}
	return s
}

// readOnce reads a file once per test binary.
type readOnce struct {
	once sync.Once
	data []byte
	err  error
}

func (r *readOnce) read(path string) ([]byte, error) {
	r.once.Do(func() { r.data, r.err = os.ReadFile(path) })
	if r.err != nil {
		return nil, r.err
	}
	if len(r.data) == 0 {
		return nil, errors.New(path + " is empty")
	}
	return r.data, nil
}
