package e2e

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/web"
)

// respondApp serves coplan on the demo with an open consultation of the
// demo partnership, whose questions have Gaelic translations, a follow-up
// and an "other, please specify". The crawler cannot reach the pages of a
// response (they begin with a form's button and their addresses hold a
// secret), so TestRespondPages walks them.
func respondApp(t *testing.T) (*app, *db.DB, consult.Consultation) {
	t.Helper()
	ctx := context.Background()
	d := dbtest.SQLite(t)
	if err := demo.Load(ctx, d, time.Now); err != nil {
		t.Fatal(err)
	}
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	c, err := consultStore(d, p.ID).SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: "Care at home: what should change?",
		Summary: "Tell us what matters to you about care at home.", Body: "We are reviewing care at home.\n- Visits\n- Respite",
		Audience: consult.Public, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(30 * 24 * time.Hour), Contact: "planning@glenmorven.example",
		LocalityIDs: []int64{p.Localities[0].ID}}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	yesno := []consult.Option{{Value: "yes", Label: "Yes", LabelGD: "Tha"}, {Value: "no", Label: "No", LabelGD: "Chan eil"}}
	qn := consult.Questionnaire{Sections: []consult.Section{
		{Title: "Care at home", TitleGD: "Cùram aig an taigh", Intro: "Three questions about care at home.", Questions: []consult.Question{
			{Code: "Q1", Kind: consult.Scale, Text: "Care at home should be a priority", TextGD: "Bu chòir cùram aig an taigh a bhith na phrìomhachas",
				Hint: "Think about the next three years.", Options: consult.AgreeScale, Required: true},
			{Code: "Q2", Kind: consult.Single, Text: "Do you use care at home?", Options: yesno, Required: true},
			{Code: "Q3", Kind: consult.Text, Text: "What would make it better?", Required: true, MaxChars: 500,
				Conditions: consult.Conditions{Rules: []consult.Rule{{Question: "Q2", Values: []string{"yes"}}}}},
			{Code: "Q4", Kind: consult.Multiple, Text: "Which services matter most to you?",
				Options: []consult.Option{{Value: "respite", Label: "Respite care"}, {Value: "meals", Label: "Meals"}}, HasOther: true},
		}},
		{Title: "Anything else", Questions: []consult.Question{
			{Code: "Q5", Kind: consult.Text, Text: "Is there anything else you want to tell us?", MaxChars: 2000},
		}},
	}}
	if _, err := consultStore(d, c.PartnershipID).SaveQuestionnaire(ctx, c, qn, "", audit.System); err != nil {
		t.Fatal(err)
	}
	if err := consultStore(d, p.ID).SetStage(ctx, c.ID, "published", audit.System); err != nil {
		t.Fatal(err)
	}
	return serveApp(t, web.Config{DB: d, Log: slog.New(slog.NewTextHandler(testLogWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))}), d, c
}

// TestRespondPages answers a consultation in a browser with JavaScript off
// and a phone's width, as a member of the public might, checking every page
// of the journey — and each page's error state — with axe-core and for
// reflow (WCAG 1.4.10: nothing sticks out sideways); then walks it
// again with an HTTP client, in English and Gaelic, to give the Nu Html
// Checker every page exactly as the server sends it.
func TestRespondPages(t *testing.T) {
	requireAxe(t)
	requireNu(t)
	a, _, c := respondApp(t)
	browser := startBrowser(t)
	ch := newChecker(t)
	consultation := "/partnerships/" + demo.Slug + "/consultations/" + strconv.FormatInt(c.ID, 10)

	t.Run("browser", func(t *testing.T) {
		b := newTab(t, browser, a.URL)
		if err := scriptsOff(b, true); err != nil {
			t.Fatalf("switch JavaScript off: %v", err)
		}
		if err := b.do(chromedp.EmulateViewport(320, 640)); err != nil { // a phone
			t.Fatal(err)
		}
		step := func(label string, want int, do func() (int, error)) {
			t.Helper()
			status, err := do()
			if err != nil {
				t.Fatalf("%s: %v", label, err)
			}
			if status != want {
				t.Fatalf("%s: status %d, want %d (at %s)", label, status, want, b.location())
			}
			// axe needs scripts: allow them for the check (the pages have
			// none of their own), then switch them off again.
			if err := scriptsOff(b, false); err != nil {
				t.Fatal(err)
			}
			ch.checkShown(t, b, "respond "+label)
			if wide, err := run(b, chromedp.Evaluate[tooWide](tooWideJS)); err != nil || len(wide.Content) > 0 {
				t.Errorf("%s does not fit a phone 320 pixels wide (%v); too wide:\n  %s", label, err, strings.Join(wide.Content, "\n  "))
			}
			if err := scriptsOff(b, true); err != nil {
				t.Fatal(err)
			}
		}
		click := func(sel string) error { return b.do(chromedp.Click(chromedp.CSS(sel))) }

		step("consultations", http.StatusOK, func() (int, error) { return b.open("/partnerships/" + demo.Slug + "/consultations") })
		step("consultation", http.StatusOK, func() (int, error) { return b.open(consultation) })
		step("page 1", http.StatusOK, func() (int, error) { return b.submit(`button[value="en"]`) })
		step("page 1 (errors)", http.StatusUnprocessableEntity, func() (int, error) { return b.submit(`button[value="continue"]`) })
		if href, err := run(b, chromedp.AttributeValue(chromedp.CSS(".ds_error-summary a"), "href")); err != nil || href.Value != "#q-Q1" {
			t.Errorf("the error summary's first link is %q (%v), want #q-Q1", href.Value, err)
		}
		if err := click("#q-Q1-1"); err != nil {
			t.Fatal(err)
		}
		if err := click("#q-Q2"); err != nil { // "Yes": brings up the follow-up
			t.Fatal(err)
		}
		step("page 1 (follow-up)", http.StatusOK, func() (int, error) { return b.submit(`button[value="continue"]`) })
		if err := b.fill("#q-Q3", "More visits at weekends"); err != nil {
			t.Fatal(err)
		}
		if err := b.fill("#q-Q4-other", "Day centre"); err != nil {
			t.Fatal(err)
		}
		step("saved", http.StatusOK, func() (int, error) { return b.submit(`button[value="save"]`) })
		link, err := run(b, chromedp.Text(chromedp.CSS(".coplan-long-link a")))
		if err != nil || !strings.Contains(link, "/respond/") {
			t.Fatalf("the saved page shows no link: %q, %v", link, err)
		}
		step("page 2", http.StatusOK, func() (int, error) { return b.open(link) })
		if err := b.fill("#q-Q5", "Thank you for asking."); err != nil {
			t.Fatal(err)
		}
		step("about you", http.StatusOK, func() (int, error) { return b.submit(`button[value="continue"]`) })
		step("about you (errors)", http.StatusUnprocessableEntity, func() (int, error) { return b.submit(`button[value="continue"]`) })
		for _, sel := range []string{"#rif-type", "#rif-publish-1", "#rif-contact-1"} {
			if err := click(sel); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.fill("#rif-email", "ann@example.org"); err != nil {
			t.Fatal(err)
		}
		step("check", http.StatusOK, func() (int, error) { return b.submit(`button[value="continue"]`) })
		step("receipt", http.StatusOK, func() (int, error) { return b.submit(`main form button[type="submit"]`) })
		if ref, err := run(b, chromedp.Text(chromedp.CSS(".coplan-reference"))); err != nil || !regexp.MustCompile(`^GLE-`).MatchString(ref) {
			t.Errorf("the receipt shows the reference %q (%v)", ref, err)
		}
		step("feedback (errors)", http.StatusUnprocessableEntity, func() (int, error) {
			if _, err := b.open(consultation + "/feedback?lang=gd"); err != nil {
				return 0, err
			}
			return b.submit(`main form button[type="submit"]`)
		})
	})

	t.Run("nu", func(t *testing.T) {
		b := newTab(t, browser, a.URL)
		save := func(label string, want, status int, body []byte, err error) {
			t.Helper()
			if err != nil || status != want {
				t.Fatalf("%s: status %d (%v), want %d", label, status, err, want)
			}
			ch.save(t, "respond "+label, body)
		}
		get := func(label, path string, want int) {
			t.Helper()
			res, err := b.fetch(path)
			save(label, want, res.status, res.body, err)
		}
		post := func(label, path string, form url.Values, want int) {
			t.Helper()
			status, body, err := b.post(path, form)
			save(label, want, status, body, err)
		}
		for _, lang := range []string{"en", "gd"} {
			resp, err := b.client.PostForm(a.URL+consultation+"/start", url.Values{"lang": {lang}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			at := strings.TrimSuffix(resp.Header.Get("Location"), "/page/1")
			if !strings.Contains(at, "/respond/") {
				t.Fatalf("start in %s: status %d, location %q", lang, resp.StatusCode, at)
			}
			l := lang + " "
			get(l+"page 1", at+"/page/1", http.StatusOK)
			res, _ := b.fetch(at + "/page/1")
			shown := regexp.MustCompile(`name="shown" value="([0-9 ]+)"`).FindStringSubmatch(string(res.body))
			if shown == nil {
				t.Fatal("page 1 does not say which questions it shows")
			}
			post(l+"page 1 (errors)", at+"/page/1", url.Values{"action": {"continue"}, "shown": {shown[1]}}, http.StatusUnprocessableEntity)
			post(l+"page 1 (more errors)", at+"/page/1", url.Values{"action": {"continue"}, "shown": {shown[1]}, "q-Q1": {"nonsense", "neither"},
				"q-Q4-other": {"Day centre"}, "q-Q4": {"respite"}}, http.StatusUnprocessableEntity)
			if status, _, err := b.post(at+"/page/1", url.Values{"q-Q1": {"neither"}, "q-Q2": {"yes"}, "q-Q3": {"More visits"}}); err != nil || status != http.StatusSeeOther {
				t.Fatalf("page 1: %d, %v", status, err)
			}
			get(l+"page 1 (follow-up)", at+"/page/1?more=1", http.StatusOK)
			get(l+"page 2", at+"/page/2", http.StatusOK)
			post(l+"page 2 (errors)", at+"/page/2", url.Values{"q-Q5": {strings.Repeat("x", 2001)}}, http.StatusUnprocessableEntity)
			get(l+"saved", at+"/saved?emailed=1", http.StatusOK)
			post(l+"saved (email errors)", at+"/saved", url.Values{"lang": {lang}, "rif-email": {"nope"}}, http.StatusUnprocessableEntity)
			get(l+"about you", at+"/about-you", http.StatusOK)
			post(l+"about you (errors)", at+"/about-you", url.Values{"rif-email": {"nope"}, "rif-postcode": {"nope"}}, http.StatusUnprocessableEntity)
			post(l+"check (errors)", at+"/submit", url.Values{}, http.StatusUnprocessableEntity)
			if status, _, err := b.post(at+"/about-you", url.Values{"rif-type": {"organisation"}, "rif-name": {"Glen Carers"},
				"rif-email": {"carers@example.org"}, "rif-publish": {"do-not-publish"}, "rif-contact": {"yes"}}); err != nil || status != http.StatusSeeOther {
				t.Fatalf("about you: %d, %v", status, err)
			}
			get(l+"check", at+"/check", http.StatusOK)
			post(l+"receipt", at+"/submit", url.Values{}, http.StatusOK)
			post(l+"receipt (refreshed)", at+"/submit", url.Values{}, http.StatusOK)
			get(l+"feedback", consultation+"/feedback?lang="+lang, http.StatusOK)
			post(l+"feedback (errors)", consultation+"/feedback", url.Values{"lang": {lang}, "feedback-email": {"nope"}}, http.StatusUnprocessableEntity)
			get(l+"feedback (sent)", consultation+"/feedback?sent=1&lang="+lang, http.StatusOK)
		}
		get("consultations", "/partnerships/"+demo.Slug+"/consultations", http.StatusOK)
		get("consultation", consultation, http.StatusOK)
		get("no such link", "/partnerships/"+demo.Slug+"/respond/nothing-here/page/1", http.StatusNotFound)
	})

	t.Run("outbox", func(t *testing.T) {
		b := newTab(t, browser, a.URL)
		b.signIn("officer@glenmorven.example", demo.Password)
		if _, err := b.open("/staff/partnerships/" + demo.Slug + "/outbox"); err != nil {
			t.Fatal(err)
		}
		ch.checkShown(t, b, "outbox")
		res, err := b.fetch("/staff/partnerships/" + demo.Slug + "/outbox")
		if err != nil || res.status != http.StatusOK || !strings.Contains(string(res.body), "Your response to") {
			t.Fatalf("outbox: status %d, %v; want the copies of the responses", res.status, err)
		}
		ch.save(t, "outbox", res.body)
	})

	byPage, err := ch.nu.check(t)
	if err != nil {
		t.Fatal(err)
	}
	for label, ms := range byPage {
		t.Errorf("%s: %d HTML errors (Nu Html Checker):\n%s", label, len(ms), formatNu(ms))
	}
}

// scriptsOff switches the tab's JavaScript off, or back on.
func scriptsOff(b *tab, off bool) error {
	_, err := run(b, func(ctx context.Context, _ *chromedp.Target) (struct{}, error) {
		return chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
	})
	return err
}

// consultStore is the consultation store of partnership pid.
func consultStore(d *db.DB, pid int64) *consult.Store {
	return consult.StoreFor(d, partnership.Partnership{ID: pid}, nil)
}
