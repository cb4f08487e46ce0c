package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/mail"
	"coplan/internal/partnership"
	"coplan/internal/web"
)

// mailSite is a site with a mail server configured (one that takes no
// mail: the outbox keeps what it cannot send) and an open consultation.
func mailSite(t *testing.T) (string, *db.DB, consult.Consultation, map[string]consult.Question) {
	t.Helper()
	ctx := context.Background()
	u := dbtest.URL(t, db.SQLite)
	d, err := db.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, d, time.Now); err != nil {
		t.Fatal(err)
	}
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t, web.Config{DB: d, Mail: mail.Server{Addr: "127.0.0.1:1", From: "planning@glenmorven.example"}})
	now := time.Now()
	c, qn := respondConsultation(t, d, p.ID, now.Add(-time.Hour), now.Add(30*24*time.Hour))
	qs := map[string]consult.Question{}
	for _, q := range qn.Questions() {
		qs[q.Code] = q
	}
	return srv.URL, d, c, qs
}

// answerAll fills in every page of a response, giving email as the
// respondent's address, and returns the response's address.
func answerAll(t *testing.T, cl *client, base string, c consult.Consultation, qs map[string]consult.Question, email string) string {
	t.Helper()
	at := respondStart(t, cl, base, c, "en")
	for _, step := range []struct {
		path string
		form url.Values
	}{
		{"/page/1", url.Values{"shown": {ids(qs["Q1"], qs["Q2"], qs["Q4"])}, "q-Q1": {"strongly-agree"}, "q-Q2": {"no"}}},
		{"/page/2", url.Values{"shown": {ids(qs["Q5"])}, "q-Q5": {"Fine"}}},
		{"/about-you", url.Values{"rif-type": {"individual"}, "rif-publish": {"with-name"}, "rif-contact": {"yes"}, "rif-name": {"Ann"},
			"rif-email": {email}}},
	} {
		if code, loc, _ := cl.do("POST", base+at+step.path, step.form); code != http.StatusSeeOther {
			t.Fatalf("%s: status %d, location %q", step.path, code, loc)
		}
	}
	return at
}

var referencePattern = regexp.MustCompile(`GLE-[2-9A-Z]{4}-[2-9A-Z]{4}`)

// The receipt and the saved page say truthfully what will become of the
// mail: with a mail server it will be emailed; to an address that has had
// its hour's mail it was not, and the page says so. The saved page has a
// box to email the link (issue 10, item 11).
func TestReceiptSaysWhatBecomesOfTheCopy(t *testing.T) {
	base, d, c, qs := mailSite(t)
	ctx := context.Background()

	ann := newClient(t)
	at := answerAll(t, ann, base, c, qs, "ann@example.org")
	code, _, page := ann.do("POST", base+at+"/submit", url.Values{})
	if code != http.StatusOK {
		t.Fatalf("submit: status %d", code)
	}
	mustContain(t, "the receipt with a mail server", htmlText(page), "We will email a copy of your response to ann@example.org")

	// An address that has had its hour's mail gets no copy, and is told.
	for range mail.MaxPerRecipientHour {
		if _, err := mail.QueueToPublic(ctx, d, mail.Message{To: "flooded@example.org", Subject: "Another", Body: "x"}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	bob := newClient(t)
	at = answerAll(t, bob, base, c, qs, "flooded@example.org")
	for _, try := range []string{"submit", "refresh"} {
		code, _, page = bob.do("POST", base+at+"/submit", url.Values{})
		if code != http.StatusOK {
			t.Fatalf("%s to a flooded address: status %d", try, code)
		}
		text := htmlText(page)
		mustContain(t, "the receipt without a copy ("+try+")", text, "We have not emailed a copy of your response to flooded@example.org",
			"Your response has been received all the same")
		if !referencePattern.MatchString(page) || strings.Contains(text, "We will email") {
			t.Errorf("the receipt without a copy (%s) shows no reference, or promises the copy", try)
		}
	}

	// The saved page offers a box for an address; the link goes there.
	cat := newClient(t)
	at = respondStart(t, cat, base, c, "en")
	code, loc, _ := cat.do("POST", base+at+"/page/1", url.Values{"action": {"save"}, "shown": {ids(qs["Q1"], qs["Q2"], qs["Q4"])}})
	if code != http.StatusSeeOther || loc != at+"/saved" {
		t.Fatalf("save without an address: status %d, location %q", code, loc)
	}
	_, _, page = cat.do("GET", base+loc, nil)
	mustContain(t, "the saved page", htmlText(page), "Email the link to yourself", `name="rif-email"`, `action="`+at+`/saved"`)
	code, _, page = cat.do("POST", base+at+"/saved", url.Values{"rif-email": {"cat.example.org"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "Enter an email address in the correct format") || !strings.Contains(page, `href="#rif-email"`) {
		t.Fatalf("a bad address in the box: status %d", code)
	}
	code, loc, _ = cat.do("POST", base+at+"/saved", url.Values{"rif-email": {"cat@example.org"}})
	if code != http.StatusSeeOther || loc != at+"/saved?emailed=1" {
		t.Fatalf("emailing the link: status %d, location %q", code, loc)
	}
	_, _, page = cat.do("GET", base+loc, nil)
	mustContain(t, "the saved page after emailing", htmlText(page), "We will also email the link to cat@example.org")
	ms, err := mail.Outbox(ctx, d, c.PartnershipID, 50)
	if err != nil {
		t.Fatal(err)
	}
	sent := false
	for _, m := range ms {
		sent = sent || m.To == "cat@example.org" && strings.Contains(m.Body, base+at+"\n")
	}
	if !sent {
		t.Error("the link was not queued to the address in the box")
	}
}
