package e2e

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"coplan/internal/demo"
)

// TestPagesReflowOnSmallScreens opens pages 320 CSS pixels wide, which is
// 1280 pixels at 400% zoom, and fails any page with something other than a
// data table sticking out sideways: WCAG 1.4.10 (Reflow) asks that content
// fit the width, data tables excepted. A wide table should still scroll in
// its own box (coplan-table-scroll) rather than make the whole page scroll;
// the test lists the pages where it does not. The pages are those the
// public and the demo administrator reach, one or a few of each kind (the
// sample TestEveryPage's axe checks use).
func TestPagesReflowOnSmallScreens(t *testing.T) {
	a := startApp(t)
	browser := startBrowser(t)
	for _, v := range []visitor{{name: "public"}, {name: "admin", email: "admin@glenmorven.example"}} {
		t.Run(v.name, func(t *testing.T) {
			b := newTab(t, browser, a.URL)
			if v.email != "" {
				b.signIn(v.email, demo.Password)
			}
			if err := b.do(chromedp.EmulateViewport(320, 640)); err != nil {
				t.Fatal(err)
			}
			sample := newAxeSample()
			checked := 0
			var wideTables []string
			for _, p := range b.walk(t, v.name, startPages(v)) {
				if !p.isHTML || !sample.take(v.name, p.path) {
					continue
				}
				path := p.path
				if _, err := b.open(path); err != nil {
					t.Error(err)
					continue
				}
				checked++
				wide, err := run(b, chromedp.Evaluate[tooWide](tooWideJS))
				switch {
				case err != nil:
					t.Errorf("%s: %v", path, err)
				case len(wide.Content) > 0:
					t.Errorf("%s does not fit 320 pixels; too wide:\n  %s", path, strings.Join(wide.Content, "\n  "))
					b.screenshot(fmt.Sprintf("narrow %s %s", v.name, url.PathEscape(path)))
				case wide.Tables > 0:
					wideTables = append(wideTables, path)
				}
			}
			if checked < 5 {
				t.Errorf("checked only %d pages", checked)
			}
			t.Logf("%d pages fit 320 pixels", checked)
			if len(wideTables) > 0 {
				t.Logf("on these pages a wide table makes the whole page scroll sideways (allowed, but wrap it in coplan-table-scroll): %s",
					strings.Join(wideTables, ", "))
			}
		})
	}
}

// tooWide is what sticks out of a page 320 pixels wide.
type tooWide struct {
	Content []string `json:"content"` // elements other than data tables
	Tables  int      `json:"tables"`  // data tables that make the page scroll
}

// tooWideJS lists the outermost elements that stick out to the right of
// the viewport, when the page scrolls sideways, and counts the tables that
// do (WCAG 1.4.10 lets a data table need two dimensions).
const tooWideJS = `(() => {
	const w = document.documentElement.clientWidth;
	const res = {content: [], tables: 0};
	if (document.documentElement.scrollWidth <= w) return res;
	const out = (e) => e.getBoundingClientRect().right > w + 1;
	for (const e of document.querySelectorAll('body *')) {
		if (!out(e) || (e.parentElement && out(e.parentElement))) continue;
		if (e.tagName === 'TABLE') { res.tables++; continue; }
		if (e.closest('table')) continue;
		res.content.push('<' + e.tagName.toLowerCase() + (e.id ? ' id="' + e.id + '"' : '') + (e.className ? ' class="' + e.className + '"' : '') + '> ' +
			Math.round(e.getBoundingClientRect().right) + 'px: ' + (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60));
		if (res.content.length == 5) break;
	}
	return res;
})()`
