package e2e

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCheckersCatchProblems makes sure the harness can fail: axe-core must
// report an image without a text alternative, both on a page built for the
// purpose and on a real coplan page (under its Content-Security-Policy), and
// the Nu Html Checker must report invalid HTML with its line.
func TestCheckersCatchProblems(t *testing.T) {
	requireAxe(t)
	requireNu(t)
	a := startApp(t)
	browser := startBrowser(t)
	b := newTab(t, browser, a.URL)

	ruleIDs := func(res axeResult) []string {
		var ids []string
		for _, v := range res.Violations {
			ids = append(ids, v.ID)
		}
		return ids
	}

	t.Run("axe on a broken page", func(t *testing.T) {
		page := `<!DOCTYPE html><html><head><title>Broken</title></head><body><main><h1>Broken</h1>` +
			`<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>`
		if _, err := b.open("data:text/html," + url.PathEscape(page)); err != nil {
			t.Fatal(err)
		}
		res, err := b.checkAxe()
		if err != nil {
			t.Fatal(err)
		}
		ids := ruleIDs(res)
		for _, want := range []string{"image-alt", "label", "html-has-lang"} {
			if !slices.Contains(ids, want) {
				t.Errorf("axe-core reported %v on a page with an unlabelled image and input and no lang, want %s among them", ids, want)
			}
		}
		if report := formatViolations(res.Violations); !strings.Contains(report, "img") {
			t.Errorf("the report does not show the element concerned:\n%s", report)
		}
		// And the page check that the crawler uses fails the test.
		rec := &recorder{TB: t}
		newChecker(t).checkShown(rec, b, "broken page")
		if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "image-alt") || !strings.Contains(rec.errors[0], "broken page") {
			t.Errorf("checkShown reported %q, want one error naming the page and image-alt", rec.errors)
		}
	})

	t.Run("error summary check", func(t *testing.T) {
		page := `<!DOCTYPE html><html lang="en"><head><title>Form</title></head><body><main>` +
			`<div class="ds_error-summary"><h2>There is a problem</h2><ul>` +
			`<li><a href="#name">Enter a name</a></li><li><a href="#email">Enter an email</a></li>` +
			`<li><a href="#kind">Choose one</a></li><li><a href="#gone">Missing</a></li></ul></div>` +
			`<p class="ds_question__error-message" id="name-error">Enter a name</p>` +
			`<input id="name" aria-invalid="true" aria-describedby="name-error">` +
			`<input id="email">` +
			`<fieldset aria-describedby="kind-error"><legend>Kind</legend><p class="ds_question__error-message" id="kind-error">Choose one</p>` +
			`<input type="radio" id="kind" name="kind"></fieldset></main></body></html>`
		if _, err := b.open("data:text/html," + url.PathEscape(page)); err != nil {
			t.Fatal(err)
		}
		s, err := run(b, chromedp.Evaluate[errorSummary](errorSummaryJS))
		if err != nil {
			t.Fatal(err)
		}
		if s.Links != 4 || !slices.Equal(s.Broken, []string{"#gone"}) || !slices.Equal(s.Unmarked, []string{"#email"}) {
			t.Errorf("got %d links, broken %v, unmarked %v; want 4, [#gone], [#email]", s.Links, s.Broken, s.Unmarked)
		}
	})

	t.Run("axe on a coplan page with an image added", func(t *testing.T) {
		if _, err := b.open("/"); err != nil {
			t.Fatal(err)
		}
		res, err := b.checkAxe()
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(ruleIDs(res), "image-alt") {
			t.Fatal("the home page already has an image without alt text")
		}
		// Added through the DevTools protocol, so the test needs no
		// script on the page and the server is untouched.
		if err := b.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('main').insertAdjacentHTML('beforeend',
			'<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">')`)); err != nil {
			t.Fatal(err)
		}
		res, err = b.checkAxe()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(ruleIDs(res), "image-alt") {
			t.Errorf("axe-core did not report an image without alt text on the home page; it reported %v", ruleIDs(res))
		}
	})

	t.Run("reflow check", func(t *testing.T) {
		nb := newTab(t, browser, a.URL)
		if err := nb.do(chromedp.EmulateViewport(320, 640)); err != nil {
			t.Fatal(err)
		}
		page := `<!DOCTYPE html><html lang="en"><head><title>Wide</title></head><body><main>` +
			`<div id="wide" style="width: 600px">A fixed-width box</div>` +
			`<table><tr><td style="min-width: 500px">A wide table</td></tr></table></main></body></html>`
		if _, err := nb.open("data:text/html," + url.PathEscape(page)); err != nil {
			t.Fatal(err)
		}
		wide, err := run(nb, chromedp.Evaluate[tooWide](tooWideJS))
		if err != nil {
			t.Fatal(err)
		}
		if len(wide.Content) != 1 || !strings.Contains(wide.Content[0], `id="wide"`) || wide.Tables != 1 {
			t.Errorf("got %q and %d tables; want the fixed-width box and one table", wide.Content, wide.Tables)
		}
	})

	t.Run("Nu Html Checker on broken HTML", func(t *testing.T) {
		nu := newNuPages(t)
		nu.add("good page", []byte("<!DOCTYPE html>\n<html lang=\"en\"><head><title>Good</title></head><body><p>Fine</p></body></html>\n"))
		nu.add("bad page", []byte("<!DOCTYPE html>\n<html lang=\"en\"><head><title>Bad</title></head>\n<body>\n<p><div>block in a paragraph</div></p>\n<a href=\"/\" href=\"/x\">twice</a>\n</body></html>\n"))
		byPage, err := nu.check(t)
		if err != nil {
			t.Fatal(err)
		}
		if len(byPage["good page"]) != 0 {
			t.Errorf("errors on a valid page:\n%s", formatNu(byPage["good page"]))
		}
		bad := byPage["bad page"]
		lines := map[int]bool{}
		for _, m := range bad {
			lines[m.LastLine] = true
		}
		if len(bad) < 2 || !lines[4] || !lines[5] {
			t.Errorf("want errors on lines 4 and 5 of the bad page, got:\n%s", formatNu(bad))
		}
	})
}

// recorder stands in for a test, collecting the errors a check reports
// instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Error(args ...any) { r.errors = append(r.errors, fmt.Sprint(args...)) }
