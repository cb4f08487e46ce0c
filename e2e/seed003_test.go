package e2e

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/web"
)

// TestSeed003EndToEnd answers the demo's copy of the Scottish Government's
// consultation on the strategic plans guidance (seed 003) in Chromium with
// JavaScript off, in Gaelic, saving half way and coming back by the link,
// and checks every page with axe-core and the response in the database.
func TestSeed003EndToEnd(t *testing.T) {
	requireAxe(t)
	d := dbtest.SQLite(t)
	if err := demo.Load(t.Context(), d, time.Now); err != nil {
		t.Fatal(err)
	}
	a := serveApp(t, web.Config{DB: d}).URL
	c := seed003(t, d)
	browser := startBrowser(t)
	ch := newChecker(t)
	b := newTab(t, browser, a)
	step := func(label string, want int, do func() (int, error)) {
		t.Helper()
		status, err := do()
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		if status != want {
			t.Fatalf("%s: status %d, want %d (at %s)", label, status, want, b.location())
		}
		if err := scriptsOff(b, false); err != nil { // axe needs scripts; the pages have none
			t.Fatal(err)
		}
		ch.checkShown(t, b, "seed 003 "+label)
		if err := scriptsOff(b, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := scriptsOff(b, true); err != nil {
		t.Fatal(err)
	}
	page := "/partnerships/" + demo.Slug + "/consultations/" + strconv.FormatInt(c.ID, 10)
	step("consultation", http.StatusOK, func() (int, error) { return b.open(page) })
	step("page 1 in Gaelic", http.StatusOK, func() (int, error) { return b.submit(`button[value="gd"]`) })
	if lang, err := run(b, chromedp.AttributeValue(chromedp.CSS("html"), "lang")); err != nil || lang.Value != "gd" {
		t.Errorf("the form page's language is %q, want gd", lang.Value)
	}
	if err := b.do(chromedp.Click(chromedp.CSS(`input[name="q-Q1"][value="mostly-agree"]`))); err != nil {
		t.Fatal(err)
	}
	if err := b.fill("#q-Q2", "Boxes help a lot."); err != nil {
		t.Fatal(err)
	}
	step("saved", http.StatusOK, func() (int, error) { return b.submit(`button[value="save"]`) })
	link, err := run(b, chromedp.Text(chromedp.CSS(".coplan-long-link a")))
	if err != nil || !strings.Contains(link, "/respond/") {
		t.Fatalf("the saved page shows no link: %q, %v", link, err)
	}
	// Come back later, in a fresh tab, by the link.
	b2 := newTab(t, browser, a)
	if err := scriptsOff(b2, true); err != nil {
		t.Fatal(err)
	}
	b = b2
	step("back by the link", http.StatusOK, func() (int, error) { return b.open(link) })
	// The link resumes after the last page answered; go back to the questions.
	step("questions again", http.StatusOK, func() (int, error) { return b.open(strings.TrimSpace(link) + "/page/1") })
	if got, err := run(b, chromedp.Value(chromedp.CSS("#q-Q2"))); err != nil || got != "Boxes help a lot." {
		t.Fatalf("the saved answer to Question 2 is %q (%v)", got, err)
	}
	if err := b.do(chromedp.Click(chromedp.CSS(`input[name="q-Q3"][value="mostly-disagree"]`))); err != nil {
		t.Fatal(err)
	}
	if err := b.fill("#q-Q4", "More on localities, please."); err != nil {
		t.Fatal(err)
	}
	step("about you", http.StatusOK, func() (int, error) { return b.submit(`button[value="continue"]`) })
	for _, sel := range []string{"#rif-type-1", "#rif-publish-1", "#rif-contact-1"} {
		if err := b.do(chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
	}
	if err := b.fill("#rif-name", "Glenmorven Carers Centre"); err != nil {
		t.Fatal(err)
	}
	step("check", http.StatusOK, func() (int, error) { return b.submit(`button[value="continue"]`) })
	step("receipt", http.StatusOK, func() (int, error) { return b.submit(`main form button[type="submit"]`) })
	ref, err := run(b, chromedp.Text(chromedp.CSS(".coplan-reference")))
	if err != nil || !regexp.MustCompile(`^GLE-`).MatchString(ref) {
		t.Fatalf("the receipt shows the reference %q (%v)", ref, err)
	}
	rs, err := consult.Responses(t.Context(), d, c.PartnershipID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got *consult.Response
	for i := range rs {
		if rs[i].Reference == strings.TrimSpace(ref) {
			got = &rs[i]
		}
	}
	if got == nil {
		t.Fatalf("reference %s is not stored", ref)
	}
	if got.Language != "gd" || got.Respondent.Type != consult.Organisation || got.Respondent.Publish != consult.WithoutName || len(got.Answers) != 4 {
		t.Errorf("stored response = %+v", got)
	}
	// "Without name" is for individuals: an organisation's name is still published.
	if p, ok := consult.Publishable(consult.Response{Submitted: true, Check: consult.Accepted, Respondent: got.Respondent}); !ok || p.Name != "Glenmorven Carers Centre" {
		t.Errorf("publishable name = %q, %v", p.Name, ok)
	}
}

func seed003(t *testing.T, d *db.DB) consult.Consultation {
	t.Helper()
	p, err := partnership.BySlug(t.Context(), d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := consult.Consultations(t.Context(), d, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Title == demo.GuidanceTitle {
			return c
		}
	}
	t.Fatal("the demo has no seed 003 consultation")
	return consult.Consultation{}
}
