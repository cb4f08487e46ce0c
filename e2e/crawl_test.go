package e2e

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"coplan/internal/demo"
)

// checker checks pages as the server sends them (saved for the Nu Html
// Checker's single run) and as a person's browser shows them (axe-core).
type checker struct {
	mu     sync.Mutex
	nu     *nuPages
	saved  int               // pages saved for the Nu Html Checker
	axed   int               // pages checked with axe-core
	unsure map[string]string // axe rules it could not decide: rule → where first
	sample *axeSample
}

func newChecker(t testing.TB) *checker {
	return &checker{nu: newNuPages(t), unsure: map[string]string{}, sample: newAxeSample()}
}

// save keeps a page's HTML, exactly as the server sent it, for the Nu Html
// Checker.
func (c *checker) save(t testing.TB, label string, html []byte) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.saved++
	if err := c.nu.add(label, html); err != nil {
		t.Error(err)
	}
}

// checkShown runs axe-core on the page the tab shows and reports each
// violation as a test error; it also takes a screenshot if asked for.
func (c *checker) checkShown(t testing.TB, b *tab, label string) {
	t.Helper()
	res, err := b.checkAxe()
	if err != nil {
		t.Errorf("%s: %v", label, err)
		return
	}
	if len(res.Violations) > 0 {
		t.Errorf("%s: %d accessibility violations (axe-core, WCAG 2.2 AA):\n%s", label, len(res.Violations), formatViolations(res.Violations))
	}
	b.screenshot(label)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.axed++
	for _, r := range res.Incomplete {
		if _, ok := c.unsure[r.ID]; !ok && len(r.Nodes) > 0 {
			c.unsure[r.ID] = fmt.Sprintf("%s, %s: %s", label, strings.Join(r.Nodes[0].Target, " "), r.Nodes[0].Summary)
		}
	}
}

// crawl checks every page the visitor can reach from the start pages (see
// walk): it saves each for the Nu Html Checker, and opens in the browser and
// checks with axe-core those the sample takes. It returns the paths of the
// pages (and downloads) it visited and of the pages it checked with axe.
func (c *checker) crawl(t *testing.T, b *tab, who string, starts []string) (visited, axed map[string]bool) {
	t.Helper()
	visited, axed = map[string]bool{}, map[string]bool{}
	for _, p := range b.walk(t, who, starts) {
		visited[p.path] = true
		if !p.isHTML {
			continue // a download (a paper, a spreadsheet), not a page
		}
		label := who + " " + p.path
		c.save(t, label, p.body)
		if !c.sample.take(who, p.path) {
			continue
		}
		shown, err := b.open(p.path)
		if err != nil {
			t.Errorf("%s: %v", label, err)
			continue
		}
		if shown != p.status {
			t.Errorf("%s: the browser got status %d, the HTTP client %d", label, shown, p.status)
		}
		c.checkShown(t, b, label)
		axed[p.path] = true
	}
	return visited, axed
}

// crawled is a page (or a download) a walk fetched.
type crawled struct {
	path string
	fetched
}

// walk fetches every page the visitor can reach from the start pages by
// following links (<a href>) on this site, each once, leaving out the open
// data API and static files (not pages) and following redirects. It goes
// level by level (breadth first, so the order is stable), fetching each
// level's addresses in parallel. Server errors fail the test.
func (b *tab) walk(t *testing.T, who string, starts []string) []crawled {
	t.Helper()
	var out []crawled
	seen := map[string]bool{}
	perPatternSeen := map[string]int{}
	var level []string
	add := func(path string) {
		if seen[path] {
			return
		}
		if u, err := url.Parse(path); err == nil {
			k := pattern(u)
			// The partnerships outside the sample share one allowance
			// of each pattern: their pages are the same templates over
			// the reference data, and scrutiny and the service
			// administrator can reach every partnership's.
			allowance := crawlPerPattern
			if m := partnershipPath.FindStringSubmatch(k); m != nil && m[2] != "new" && !sampled[m[2]] {
				k = partnershipPath.ReplaceAllString(k, "${1}{other}")
				if !strings.HasSuffix(k, "{other}?") {
					allowance = otherPerPattern // each one's own page is still reached
				}
			}
			if perPatternSeen[k] >= allowance {
				return // one more page of a list paged through, or of an answer coded one at a time
			}
			perPatternSeen[k]++
		}
		seen[path] = true
		level = append(level, path)
	}
	for _, s := range starts {
		add(s)
	}
	for len(level) > 0 {
		if len(seen) > maxPages {
			t.Errorf("%s: the crawl stopped after %d addresses; do pages link to endless addresses (a calendar's next month)?", who, maxPages)
			break
		}
		paths := level
		level = nil
		results := make([]fetched, len(paths))
		errs := make([]error, len(paths))
		limit := make(chan struct{}, fetchers)
		var wg sync.WaitGroup
		for i, p := range paths {
			wg.Go(func() {
				limit <- struct{}{}
				defer func() { <-limit }()
				results[i], errs[i] = b.fetch(p)
			})
		}
		wg.Wait()
		for i, p := range paths {
			res := results[i]
			switch {
			case errs[i] != nil:
				t.Errorf("%s %s: %v", who, p, errs[i])
			case res.status >= 300 && res.status < 400:
				if next, ok := b.onSite(p, res.location); ok {
					add(next)
				}
			case res.status >= 500:
				t.Errorf("%s %s: status %d", who, p, res.status)
			default:
				out = append(out, crawled{p, res})
				if res.isHTML {
					for _, l := range links(res.body) {
						if next, ok := b.onSite(p, l); ok {
							add(next)
						}
					}
				}
			}
		}
	}
	return out
}

// maxPages bounds one visitor's crawl; fetchers is how many pages it
// fetches at once. crawlPerPattern bounds the pages of one address pattern
// (see pattern) a crawl fetches: the demo's analysed consultation has 2,000
// answers, each with its coding page (?n=1 to 2000), and lists paged 50 at a
// time; past the first pages of a pattern, more are the same template over
// other data, and would only make the crawl longer. 40 also lets a crawl
// reach every partnership on the home page's first page. Beyond its own
// page, the partnerships outside the sample share otherPerPattern pages of
// each pattern.
const (
	maxPages        = 3000
	fetchers        = 4
	crawlPerPattern = 40
	otherPerPattern = 3
)

// hrefs finds the links in a page as coplan writes them: html/template
// always quotes attributes with double quotes.
var hrefs = regexp.MustCompile(`<a\s[^>]*?\bhref="([^"]*)"`)

// links lists the addresses of a page's links (<a href>).
func links(page []byte) []string {
	var out []string
	for _, m := range hrefs.FindAllSubmatch(page, -1) {
		out = append(out, html.UnescapeString(string(m[1])))
	}
	return out
}

// onSite resolves a link found on page from and reports whether it is a
// page of this site the crawler should visit: same origin, not the open
// data API, not a static file. The fragment is dropped.
func (b *tab) onSite(from, link string) (string, bool) {
	base, err := url.Parse(b.base + from)
	if err != nil {
		return "", false
	}
	u, err := base.Parse(link)
	if err != nil || u.Scheme+"://"+u.Host != b.base {
		return "", false
	}
	if strings.HasPrefix(u.Path, "/api/") || strings.HasPrefix(u.Path, "/static/") || u.Path == "/signout" {
		return "", false
	}
	u.Fragment = ""
	return u.RequestURI(), true
}

// formCase is a form submitted with mistakes, to check the page that shows
// its errors: error states are where accessibility failures hide.
type formCase struct {
	page     string           // where the form is
	form     string           // CSS selector of the form
	prepare  func(*tab) error // make the mistakes (nil: submit it as it is)
	wantText string           // part of the error message the page must show
}

// checkFormErrors submits the form in the browser, checks the page that
// comes back lists the errors in an error summary whose links lead to
// fields on the page, runs axe on it, and saves the same response, sent
// again by the HTTP client, for the Nu Html Checker.
// It reports false, checking nothing, when the visitor's page has no such
// form (scrutiny sees no form to add a function).
func (c *checker) checkFormErrors(t *testing.T, b *tab, who string, fc formCase) bool {
	t.Helper()
	label := fmt.Sprintf("%s %s (errors)", who, fc.page)
	if _, err := b.open(fc.page); err != nil {
		t.Errorf("%s: %v", label, err)
		return true
	}
	present, err := run(b, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q) !== null`, fc.form)))
	if err != nil {
		t.Errorf("%s: %v", label, err)
		return true
	}
	if !present {
		return false
	}
	if fc.prepare != nil {
		if err := fc.prepare(b); err != nil {
			t.Errorf("%s: %v", label, err)
			return true
		}
	}
	type sent struct {
		Action string `json:"action"`
		Body   string `json:"body"`
	}
	form, err := run(b, chromedp.Evaluate[sent](fmt.Sprintf(
		`(f => ({action: f.action, body: new URLSearchParams(new FormData(f)).toString()}))(document.querySelector(%q))`, fc.form)))
	if err != nil {
		t.Errorf("%s: read the form %s: %v", label, fc.form, err)
		return true
	}
	status, err := b.submit(fc.form + " button[type=submit]")
	if err != nil {
		t.Errorf("%s: %v", label, err)
		return true
	}
	if status != http.StatusUnprocessableEntity {
		t.Errorf("%s: status %d, want %d (the form's errors)", label, status, http.StatusUnprocessableEntity)
	}
	summary, err := run(b, chromedp.Evaluate[errorSummary](errorSummaryJS))
	switch {
	case err != nil:
		t.Errorf("%s: read the error summary: %v", label, err)
	case summary.Text == "":
		t.Errorf("%s: no error summary on the page", label)
	case !strings.Contains(summary.Text, fc.wantText):
		t.Errorf("%s: the error summary says %q, want it to mention %q", label, summary.Text, fc.wantText)
	case summary.Links == 0:
		t.Errorf("%s: the error summary has no links to the fields", label)
	case len(summary.Broken) > 0:
		t.Errorf("%s: the error summary links to %v, which are not on the page", label, summary.Broken)
	case len(summary.Unmarked) > 0:
		t.Errorf("%s: these fields in error do not tell assistive technology so (aria-invalid on the input, "+
			"or aria-describedby naming the error message on the input or its fieldset): %v", label, summary.Unmarked)
	}
	body, err := url.ParseQuery(form.Body)
	if err != nil {
		t.Errorf("%s: %v", label, err)
		return true
	}
	again, page, err := b.post(strings.TrimPrefix(form.Action, b.base), body)
	if err != nil || again != status {
		t.Errorf("%s: sending the form again over HTTP: status %d, %v", label, again, err)
		return true
	}
	c.save(t, label, page)
	c.checkShown(t, b, label)
	return true
}

// axeSample keeps the browser checks within their time budget (the whole
// package should run in about a minute on a 2-core machine); the Nu Html
// Checker, which is fast, still checks every page. Pages that differ only in
// which partnership, body or seat they show are one template over different
// data. So axe-core checks, for each visitor:
//   - the pages of the demo partnership and of a few real ones chosen for
//     their differences (the one lead-agency model; one with two councils),
//     not all 32: scrutiny and the service administrator can see every
//     partnership;
//   - at most perPattern pages of each address pattern, where a pattern is
//     the address with its numbers (ids) taken out: the demo has dozens of
//     seats, each with the same page;
//   - as a signed-in visitor, one page of each pattern of the public pages:
//     the public checks those, and what signing in adds to them (the
//     header's account bar) is on every staff page.
type axeSample struct {
	mu      sync.Mutex
	seen    map[string]int // visitor + pattern → pages checked
	skipped map[string]int // visitor → pages left out
}

const perPattern = 2

// sampled are the partnerships whose pages axe-core checks.
var sampled = map[string]bool{demo.Slug: true, "highland": true, "clackmannanshire-and-stirling": true}

var (
	partnershipPath = regexp.MustCompile(`^(/(?:staff/)?partnerships/)([^/?]+)`)
	number          = regexp.MustCompile(`/[0-9]+(/|$)`)
)

func newAxeSample() *axeSample {
	return &axeSample{seen: map[string]int{}, skipped: map[string]int{}}
}

// take reports whether axe-core should check the visitor's page.
func (s *axeSample) take(who, path string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := url.Parse(path)
	if err != nil {
		return true
	}
	limit := perPattern
	if who != "public" && !strings.HasPrefix(u.Path, "/staff") {
		limit = 1
	}
	if !s.wouldTake(path) || s.seen[who+" "+pattern(u)] >= limit {
		s.skipped[who]++
		return false
	}
	s.seen[who+" "+pattern(u)]++
	return true
}

// pattern is the address with its numbers taken out, and only the names
// of its query's parameters.
func pattern(u *url.URL) string {
	p := u.Path
	for number.MatchString(p) {
		p = number.ReplaceAllString(p, "/{id}$1")
	}
	keys := make([]string, 0, len(u.Query()))
	for k := range u.Query() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return p + "?" + strings.Join(keys, "&")
}

// wouldTake reports whether the page is of a partnership in the sample, or
// of none.
func (s *axeSample) wouldTake(path string) bool {
	m := partnershipPath.FindStringSubmatch(path)
	return m == nil || m[2] == "new" || sampled[m[2]]
}

// left is how many pages the visitor's axe checks left out.
func (s *axeSample) left(who string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.skipped[who]
}

// errorSummary is what errorSummaryJS finds on a page showing a form's
// errors.
type errorSummary struct {
	Text     string   `json:"text"`     // the summary's words
	Links    int      `json:"links"`    // links to fields
	Broken   []string `json:"broken"`   // links to no element on the page
	Unmarked []string `json:"unmarked"` // fields in error not marked invalid or not described by their message
}

// errorSummaryJS checks the error summary the GOV.UK and Scottish
// Government way: each message links to its field, and the field is marked
// invalid and described by its message, so a screen reader says what is
// wrong when it reaches the field.
const errorSummaryJS = `(() => {
	const s = document.querySelector('.ds_error-summary');
	if (!s) return {text: '', links: 0, broken: [], unmarked: []};
	const links = Array.from(s.querySelectorAll('a[href^="#"]'));
	const broken = [], unmarked = [];
	const describedByError = el => (el.getAttribute('aria-describedby') || '').split(/\s+/).some(id => {
		const m = id && document.getElementById(id);
		return m && m.classList.contains('ds_question__error-message') && m.textContent.trim() !== '';
	});
	for (const a of links) {
		const id = a.getAttribute('href').slice(1);
		const field = document.getElementById(id);
		if (!field) { broken.push('#' + id); continue; }
		const group = field.closest('fieldset');
		const invalid = field.getAttribute('aria-invalid') === 'true' && describedByError(field);
		const radio = field.type === 'radio' || field.type === 'checkbox';
		if (!invalid && !(radio && group && describedByError(group))) unmarked.push('#' + id);
	}
	return {text: s.innerText, links: links.length, broken, unmarked};
})()`
