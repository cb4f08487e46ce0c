package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"coplan/internal/demo"
	"coplan/internal/web"
)

// visitor is someone browsing coplan: the public (no account) or one of the
// demo's staff accounts.
type visitor struct {
	name  string // in page labels: "public", or the account's email before the @
	email string // "" for the public
}

func visitors() []visitor {
	vs := []visitor{{name: "public"}}
	for _, a := range demo.Accounts {
		vs = append(vs, visitor{name: strings.SplitN(a.Email, "@", 2)[0], email: a.Email})
	}
	return vs
}

// startPages are where each visitor's crawl begins. Everything else is
// found by following links. The missing page shows the 404 page; the demo's
// staff page shows the "no access" page to accounts that may not see it.
func startPages(v visitor) []string {
	staff := "/staff/partnerships/" + demo.Slug
	if v.email == "" {
		return []string{"/", "/law", "/accessibility", "/signin", "/partnerships/" + demo.Slug, "/partnerships/highland", "/no-such-page"}
	}
	return []string{"/staff", "/", "/no-such-page", staff}
}

// mustReach are pages each crawl has to reach (and, for staff pages of the
// partnerships in the sample, check with axe-core), so a crawler that
// silently stopped following links cannot pass.
func mustReach(v visitor) []string {
	p := "/staff/partnerships/" + demo.Slug
	switch v.name {
	case "public":
		return []string{"/", "/law", "/accessibility", "/signin", "/partnerships/" + demo.Slug, "/partnerships/highland", "/partnerships/orkney-islands"}
	case "admin":
		return []string{"/staff", p, p + "/edit", p + "/functions", p + "/audit", p + "/accounts", "/partnerships/" + demo.Slug}
	case "officer":
		return []string{"/staff", p, p + "/edit", p + "/functions", p + "/checking", "/partnerships/" + demo.Slug}
	case "scrutiny":
		return []string{"/staff", p, p + "/functions", p + "/audit", "/staff/partnerships/highland/audit"}
	case "service-admin":
		return []string{"/staff", "/staff/partnerships/new", p, p + "/edit", p + "/functions", p + "/audit", p + "/accounts",
			"/staff/partnerships/highland/edit", "/staff/partnerships/clackmannanshire-and-stirling/accounts"}
	}
	return []string{"/staff", "/partnerships/" + demo.Slug}
}

// mustSubmit are the forms (by page) each visitor has to submit with
// mistakes.
func mustSubmit(v visitor) []string {
	p := "/staff/partnerships/" + demo.Slug
	switch v.name {
	case "public":
		return []string{"/signin"}
	case "admin":
		return []string{p + "/edit", p + "/functions", p + "/accounts"}
	case "officer":
		return []string{p + "/edit", p + "/functions"}
	case "service-admin":
		return []string{"/staff/partnerships/new", p + "/edit"}
	}
	return nil
}

// formCases are the forms to submit with mistakes, by the page they are on;
// each visitor who reached the page submits it.
func formCases() []formCase {
	p := "/staff/partnerships/" + demo.Slug
	return []formCase{
		{page: "/signin", form: "main form", wantText: "Enter your email address"},
		{page: p + "/edit", form: "main form", prepare: keepOneLocality, wantText: "at least 2 localities"},
		{page: p + "/functions", form: `form[action$="/functions"]`, wantText: "Enter the name of the function"},
		{page: p + "/accounts", form: `form[action$="/accounts"]`, wantText: "Enter the person's name"},
		{page: "/staff/partnerships/new", form: "main form", wantText: "Enter the partnership's name"},
	}
}

// keepOneLocality clears every locality on the partnership form but the
// first.
func keepOneLocality(b *tab) error {
	ids, err := localityInputs(b)
	if err != nil {
		return err
	}
	for _, id := range ids[1:] {
		if err := b.fill("#"+id, ""); err != nil {
			return err
		}
	}
	return nil
}

// localityInputs lists the ids of the partnership form's locality boxes,
// saved ones first, then the spare ones.
func localityInputs(b *tab) ([]string, error) {
	attrs, err := run(b, chromedp.AttributesAll(chromedp.CSSAll(`input[name^="loc-"]`)))
	if err != nil {
		return nil, fmt.Errorf("find the locality boxes: %w", err)
	}
	var ids []string
	for _, a := range attrs {
		ids = append(ids, a["id"])
	}
	if len(ids) < 2 {
		return nil, fmt.Errorf("the form has %d locality boxes, want at least 2", len(ids))
	}
	return ids, nil
}

// TestEveryPage crawls coplan as the public and as each demo account and
// checks every page it reaches, and every form's error state, with axe-core
// in Chromium (zero WCAG 2.2 AA violations) and with the Nu Html Checker
// (zero errors).
func TestEveryPage(t *testing.T) {
	requireAxe(t)
	requireNu(t)
	start := time.Now()
	a := startApp(t)
	browser := startBrowser(t)
	c := newChecker(t)

	reached := newRouteCoverage(a.Server.Routes())
	t.Run("browse", func(t *testing.T) {
		for _, v := range visitors() {
			t.Run(v.name, func(t *testing.T) {
				t.Parallel()
				b := newTab(t, browser, a.URL)
				if v.email != "" {
					b.signIn(v.email, demo.Password)
				}
				visited, axed := c.crawl(t, b, v.name, startPages(v))
				reached.add(visited)
				for _, p := range mustReach(v) {
					if !visited[p] {
						t.Errorf("the crawl as %s never reached %s", v.name, p)
					} else if !axed[p] && strings.HasPrefix(p, "/staff") && c.sample.wouldTake(p) {
						t.Errorf("the crawl as %s never checked %s with axe-core", v.name, p)
					}
				}
				submitted := map[string]bool{}
				for _, fc := range formCases() {
					if visited[fc.page] && (fc.page != "/signin" || v.email == "") && c.checkFormErrors(t, b, v.name, fc) {
						submitted[fc.page] = true
					}
				}
				for _, p := range mustSubmit(v) {
					if !submitted[p] {
						t.Errorf("%s never submitted the form on %s with mistakes", v.name, p)
					}
				}
				t.Logf("%s: %d pages, %d checked with axe-core (%d left out by the sample), %d forms with mistakes",
					v.name, len(visited), len(axed), c.sample.left(v.name), len(submitted))
			})
		}
	})

	t.Run("nu", func(t *testing.T) {
		byPage, err := c.nu.check(t)
		if err != nil {
			t.Fatal(err)
		}
		labels := make([]string, 0, len(byPage))
		for l := range byPage {
			labels = append(labels, l)
		}
		sort.Strings(labels)
		for _, l := range labels {
			t.Errorf("%s: %d HTML errors (Nu Html Checker):\n%s", l, len(byPage[l]), formatNu(byPage[l]))
		}
	})

	if missed := reached.missed(); len(missed) > 0 {
		t.Logf("no link leads to these pages, so no crawl checked them; check them by hand or link to them: %s", strings.Join(missed, ", "))
	}
	if len(c.unsure) > 0 {
		rules := make([]string, 0, len(c.unsure))
		for r, page := range c.unsure {
			rules = append(rules, r+" (first on "+page+")")
		}
		slices.Sort(rules)
		t.Logf("axe-core could not decide these rules somewhere; check them by hand: %s", strings.Join(rules, "; "))
	}
	t.Logf("%d pages checked with the Nu Html Checker, %d with axe-core, in %s", c.saved, c.axed, time.Since(start).Round(time.Millisecond))
}

// routeCoverage tells which of coplan's GET routes the crawls reached.
type routeCoverage struct {
	mu      sync.Mutex
	mux     *http.ServeMux
	all     []string
	reached map[string]bool
}

func newRouteCoverage(routes []web.Route) *routeCoverage {
	rc := &routeCoverage{mux: http.NewServeMux(), reached: map[string]bool{}}
	for _, r := range routes {
		if !strings.HasPrefix(r.Pattern, "GET /") || strings.HasPrefix(r.Pattern, "GET /api/") {
			continue
		}
		rc.all = append(rc.all, r.Pattern)
		rc.mux.HandleFunc(r.Pattern, func(http.ResponseWriter, *http.Request) {})
	}
	return rc
}

// add records the routes of the pages a crawl visited.
func (rc *routeCoverage) add(paths map[string]bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for p := range paths {
		r := httptest.NewRequest(http.MethodGet, p, nil)
		if _, pattern := rc.mux.Handler(r); pattern != "" {
			rc.reached[pattern] = true
		}
	}
}

// missed lists the GET routes of pages no crawl reached.
func (rc *routeCoverage) missed() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []string
	for _, p := range rc.all {
		if !rc.reached[p] && p != "GET /healthz" {
			out = append(out, strings.TrimPrefix(p, "GET "))
		}
	}
	sort.Strings(out)
	return out
}
