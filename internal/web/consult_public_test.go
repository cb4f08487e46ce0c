package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/mail"
	"coplan/internal/partnership"
)

// respondQuestions is a two-page questionnaire: page one has a scale, a
// yes/no question with a follow-up shown only for "yes", and a "choose any"
// with "Other, please specify"; page two a free-text question with a limit.
// Questions and options carry Gaelic.
func respondQuestions() consult.Questionnaire {
	yesno := []consult.Option{{Value: "yes", Label: "Yes", LabelGD: "Tha"}, {Value: "no", Label: "No", LabelGD: "Chan eil"}}
	return consult.Questionnaire{Sections: []consult.Section{
		{Title: "Care at home", TitleGD: "Cùram aig an taigh", Questions: []consult.Question{
			{Code: "Q1", Kind: consult.Scale, Text: "Care at home should be a priority", TextGD: "Bu chòir cùram aig an taigh a bhith na phrìomhachas",
				Options: consult.AgreeScale, Required: true},
			{Code: "Q2", Kind: consult.Single, Text: "Do you use care at home?", TextGD: "A bheil thu a' cleachdadh cùram aig an taigh?",
				Options: yesno, Required: true},
			{Code: "Q3", Kind: consult.Text, Text: "What would make it better?", Required: true, MaxChars: 500,
				Conditions: consult.Conditions{Rules: []consult.Rule{{Question: "Q2", Values: []string{"yes"}}}}},
			{Code: "Q4", Kind: consult.Multiple, Text: "Which services matter most to you?",
				Options: []consult.Option{{Value: "respite", Label: "Respite care"}, {Value: "meals", Label: "Meals"}}, HasOther: true},
		}},
		{Title: "Anything else", Questions: []consult.Question{
			{Code: "Q5", Kind: consult.Text, Text: "Is there anything else you want to tell us?", MaxChars: 2000},
		}},
	}}
}

// respondConsultation creates a published consultation of partnership pid,
// open from opens to closes, with respondQuestions.
func respondConsultation(t *testing.T, d *db.DB, pid int64, opens, closes time.Time) (consult.Consultation, consult.Questionnaire) {
	t.Helper()
	ctx := context.Background()
	c, err := consultStore(d, pid).SaveConsultation(ctx, consult.Consultation{PartnershipID: pid, Title: "Care at home for the next three years",
		Summary: "How should care at home change?", Body: "We want to hear from you.\n- People who use care at home\n- Unpaid carers",
		Audience: consult.Public, OpensAt: opens, ClosesAt: closes, Contact: "The planning team, Council Offices, Glenmorven, or planning@glenmorven.example."}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	qn, err := consultStore(d, c.PartnershipID).SaveQuestionnaire(ctx, c, respondQuestions(), "", audit.System)
	if err != nil {
		t.Fatal(err)
	}
	if err := consultStore(d, pid).SetStage(ctx, c.ID, "published", audit.System); err != nil {
		t.Fatal(err)
	}
	c, err = consult.ConsultationByID(ctx, d, pid, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c, qn
}

// draftPathValues gives the authorisation test a response in progress to
// an open consultation of p: {draft}, its token, and {n}, its first page.
func draftPathValues(t *testing.T, d *db.DB, p partnership.Partnership) map[string]string {
	t.Helper()
	now := time.Now()
	c, _ := respondConsultation(t, d, p.ID, now.Add(-time.Hour), now.Add(30*24*time.Hour))
	_, token, err := consult.StoreFor(d, p, func() time.Time { return now }).StartDraft(context.Background(), c, "en")
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{"{draft}": token, "{n}": "1"}
}

// respondSite starts coplan on the demo with an open consultation of the
// demo partnership, and returns its address, the database, the
// consultation and its questions by code.
func respondSite(t *testing.T) (string, *db.DB, partnership.Partnership, consult.Consultation, map[string]consult.Question) {
	t.Helper()
	return respondSiteOn(t, db.SQLite)
}

// respondSiteOn is respondSite on a database of the given kind.
func respondSiteOn(t *testing.T, kind db.Dialect) (string, *db.DB, partnership.Partnership, consult.Consultation, map[string]consult.Question) {
	t.Helper()
	u := dbtest.URL(t, kind)
	base := startInstances(t, u, 1)[0].URL
	d, err := db.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	p, err := partnership.BySlug(context.Background(), d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	c, qn := respondConsultation(t, d, p.ID, now.Add(-time.Hour), now.Add(30*24*time.Hour))
	qs := map[string]consult.Question{}
	for _, q := range qn.Questions() {
		qs[q.Code] = q
	}
	return base, d, p, c, qs
}

var draftAddress = regexp.MustCompile(`^/partnerships/glenmorven/respond/([A-Za-z0-9_-]{32})/page/1$`)

// respondStart presses a start button on the consultation's page and
// returns the response's address (/partnerships/glenmorven/respond/TOKEN).
func respondStart(t *testing.T, cl *client, base string, c consult.Consultation, lang string) string {
	t.Helper()
	page := base + "/partnerships/glenmorven/consultations/" + itoa(c.ID)
	code, loc, _ := cl.do("POST", page+"/start", url.Values{"lang": {lang}})
	m := draftAddress.FindStringSubmatch(loc)
	if code != http.StatusSeeOther || m == nil {
		t.Fatalf("start: status %d, location %q", code, loc)
	}
	return "/partnerships/glenmorven/respond/" + m[1]
}

func ids(qs ...consult.Question) string {
	var out []string
	for _, q := range qs {
		out = append(out, itoa(q.ID))
	}
	return strings.Join(out, " ")
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(body, want) {
			t.Errorf("%s does not show %q", what, want)
		}
	}
}

// storedAnswers reads a response's answers from the database, by question
// code.
func storedAnswers(t *testing.T, d *db.DB, token string, qs map[string]consult.Question) map[string]consult.Answer {
	t.Helper()
	var pid int64
	sum := sha256.Sum256([]byte(token))
	if err := d.QueryRowContext(context.Background(), `SELECT c.partnership_id FROM responses r JOIN consultations c
		ON c.id = r.consultation_id WHERE r.token_hash = $1`, hex.EncodeToString(sum[:])).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	r, _, err := consultStore(d, pid).OpenDraft(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]consult.Answer{}
	for code, q := range qs {
		if a, ok := r.Answers[q.ID]; ok {
			out[code] = a
		}
	}
	return out
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A member of the public finds the consultation on the partnership's page
// and answers it with plain form posts (no JavaScript): a mistake shows the
// error summary and stores nothing; a follow-up appears when an answer
// calls for it; saving gives a link that works in another browser with the
// answers kept; about you with "publish without name"; check; submit; a
// reference number, the response in the database and a copy by email.
func TestRespondJourneyWithoutJavaScript(t *testing.T) {
	for _, kind := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(kind), func(t *testing.T) { respondJourney(t, kind) })
	}
}

func respondJourney(t *testing.T, kind db.Dialect) {
	base, d, p, c, qs := respondSiteOn(t, kind)
	ctx := context.Background()
	// A postcode district of the partnership, so the locality can be derived.
	if _, err := d.ExecContext(ctx, "INSERT INTO postcode_districts (partnership_id, district, locality_id) VALUES ($1, 'GM12', $2)",
		p.ID, p.Localities[1].ID); err != nil {
		t.Fatal(err)
	}
	ann := newClient(t)

	_, _, home := ann.do("GET", base+"/partnerships/glenmorven", nil)
	mustContain(t, "the partnership's page", home, `href="/partnerships/glenmorven/consultations"`)
	_, _, list := ann.do("GET", base+"/partnerships/glenmorven/consultations", nil)
	mustContain(t, "the consultations page", list, "Open now", `href="/partnerships/glenmorven/consultations/`+itoa(c.ID)+`"`, c.Title)
	code, _, page := ann.do("GET", base+"/partnerships/glenmorven/consultations/"+itoa(c.ID), nil)
	if code != http.StatusOK {
		t.Fatalf("consultation page: status %d", code)
	}
	mustContain(t, "the consultation page", page, "Start now", "Freagair sa Ghàidhlig", "People who use care at home", "/feedback")

	at := respondStart(t, ann, base, c, "en")
	token := strings.TrimPrefix(at, "/partnerships/glenmorven/respond/")
	code, _, page = ann.do("GET", base+at+"/page/1", nil)
	if code != http.StatusOK {
		t.Fatalf("page 1: status %d", code)
	}
	mustContain(t, "page 1", page, `<html lang="en">`, qs["Q1"].Text, qs["Q2"].Text, "Page 1 of 3", "Other, please specify",
		`name="q-Q4-other"`, "Leugh seo sa Ghàidhlig")
	if strings.Contains(page, qs["Q3"].Text) {
		t.Error("the follow-up to Q2 shows before Q2 is answered")
	}

	// Nothing answered: the error summary links to each question, the
	// message is at the question, and nothing is stored.
	code, _, page = ann.do("POST", base+at+"/page/1", url.Values{"action": {"continue"}, "shown": {ids(qs["Q1"], qs["Q2"], qs["Q4"])}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("empty page: status %d, want 422", code)
	}
	mustContain(t, "the page with mistakes", page, "<title>Error: ", "There is a problem", `href="#q-Q1"`, `id="q-Q1"`,
		"Select an answer to: "+qs["Q1"].Text, `id="q-Q1-error"`, `aria-describedby="q-Q1-error"`)
	if n := count(t, d, "SELECT COUNT(*) FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.consultation_id = $1", c.ID); n != 0 {
		t.Errorf("a page with mistakes stored %d answers", n)
	}

	// "Yes" to Q2 brings up its follow-up on the same page: the page is
	// shown again with it and a notice, rather than skipping past it.
	code, loc, _ := ann.do("POST", base+at+"/page/1", url.Values{"action": {"continue"}, "shown": {ids(qs["Q1"], qs["Q2"], qs["Q4"])},
		"q-Q1": {"mostly-agree"}, "q-Q2": {"yes"}})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, at+"/page/1?more=1") {
		t.Fatalf("answer bringing up a follow-up: status %d, location %q", code, loc)
	}
	_, _, page = ann.do("GET", base+loc, nil)
	mustContain(t, "page 1 with its follow-up", page, qs["Q3"].Text, "there is another question on this page", "You can enter up to 500 characters",
		`value="mostly-agree" id="q-Q1-1" checked`)

	// Save and come back later, with an "other" answer typed without
	// ticking its box.
	code, loc, _ = ann.do("POST", base+at+"/page/1", url.Values{"action": {"save"}, "shown": {ids(qs["Q1"], qs["Q2"], qs["Q3"], qs["Q4"])},
		"q-Q1": {"mostly-agree"}, "q-Q2": {"yes"}, "q-Q3": {"More visits at weekends"}, "q-Q4": {"respite"}, "q-Q4-other": {"Day centre"}})
	if code != http.StatusSeeOther || loc != at+"/saved" {
		t.Fatalf("save and come back later: status %d, location %q", code, loc)
	}
	_, _, page = ann.do("GET", base+loc, nil)
	link := base + at
	mustContain(t, "the saved page", page, "Your answers have been saved", `href="`+link+`">`+link+`</a>`)

	// The link works in a fresh browser, which carries on where Ann left
	// off, with her answers kept.
	other := newClient(t)
	code, loc, _ = other.do("GET", link, nil)
	if code != http.StatusSeeOther || loc != at+"/page/2" {
		t.Fatalf("the save-and-return link: status %d, location %q; want the first page not yet answered", code, loc)
	}
	_, _, page = other.do("GET", base+at+"/page/1", nil)
	mustContain(t, "page 1 in another browser", page, `value="mostly-agree" id="q-Q1-1" checked`, "More visits at weekends",
		`value="respite" id="q-Q4" checked`, `value="other" id="q-Q4-2" checked`, `value="Day centre"`)
	if code, _, _ := other.do("GET", base+"/partnerships/glenmorven/respond/not-a-real-token/page/1", nil); code != http.StatusNotFound {
		t.Errorf("a made-up link: status %d, want 404", code)
	}
	if code, _, _ := other.do("GET", base+"/partnerships/highland/respond/"+token+"/page/1", nil); code != http.StatusNotFound {
		t.Errorf("the link under another partnership's address: status %d, want 404", code)
	}

	code, loc, _ = other.do("POST", base+at+"/page/2", url.Values{"action": {"continue"}, "shown": {ids(qs["Q5"])},
		"q-Q5": {"Thank you for asking.\r\nPlease keep the Tuesday lunch club."}})
	if code != http.StatusSeeOther || loc != at+"/about-you" {
		t.Fatalf("page 2: status %d, location %q", code, loc)
	}
	_, _, page = other.do("GET", base+loc, nil)
	mustContain(t, "about you", page, "Are you responding as an individual or an organisation?", "Publish response only (without name)",
		"the organisation name will still be published", `autocomplete="email"`, "Postcode (optional)")

	rif := url.Values{"action": {"continue"}, "rif-type": {"individual"}, "rif-name": {"Ann Example"}, "rif-postcode": {"gm12 4ab"},
		"rif-email": {"ann.example.org"}, "rif-publish": {"without-name"}, "rif-contact": {"no"}, "rif-relationship": {"unpaid-carer"}}
	code, _, page = other.do("POST", base+at+"/about-you", rif)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("about you with a bad email address: status %d", code)
	}
	mustContain(t, "about you with a mistake", page, `href="#rif-email"`, "Enter an email address in the correct format", `value="Ann Example"`)
	rif.Set("rif-email", "ann@example.org")
	code, loc, _ = other.do("POST", base+at+"/about-you", rif)
	if code != http.StatusSeeOther || loc != at+"/check" {
		t.Fatalf("about you: status %d, location %q", code, loc)
	}

	_, _, page = other.do("GET", base+loc, nil)
	mustContain(t, "check your answers", page, "Check your answers before sending your response", "Mostly agree", "More visits at weekends",
		"Respite care", "Other, please specify: Day centre", "Publish response only (without name)", "GM12 4AB",
		`href="`+at+`/page/1?return=check#q-Q3"`, `href="`+at+`/about-you#rif-publish"`, "Submit your response")

	code, _, page = other.do("POST", base+at+"/submit", url.Values{})
	if code != http.StatusOK {
		t.Fatalf("submit: status %d\n%s", code, page)
	}
	ref := regexp.MustCompile(`GLE-[2-9A-Z]{4}-[2-9A-Z]{4}`).FindString(page)
	if ref == "" {
		t.Fatal("the receipt shows no reference number")
	}
	// No mail server is configured: the receipt does not claim the copy
	// was sent (issue 10, item 11).
	mustContain(t, "the receipt", htmlText(page), "Response submitted", "We cannot email a copy of your response to ann@example.org straight away",
		"print this page or save it now", "More visits at weekends")
	if strings.Contains(page, "We have sent") || strings.Contains(page, "We will email") {
		t.Error("the receipt claims a copy was or will be emailed, with no mail server")
	}

	rs, err := consult.Responses(ctx, d, c.PartnershipID, c.ID)
	if err != nil || len(rs) != 1 {
		t.Fatalf("responses = %d, %v", len(rs), err)
	}
	got := rs[0]
	if got.Reference != ref || !got.Submitted || got.Channel != consult.Online || got.Respondent.Publish != consult.WithoutName ||
		got.Respondent.LocalityID != p.Localities[1].ID || got.Respondent.Postcode != "GM12 4AB" {
		t.Errorf("stored response: %+v", got)
	}
	if a := got.Answers[qs["Q4"].ID]; a.OtherText != "Day centre" || len(a.Choices) != 2 ||
		got.Answers[qs["Q5"].ID].Text != "Thank you for asking.\nPlease keep the Tuesday lunch club." || got.Answers[qs["Q1"].ID].Choices[0] != "mostly-agree" {
		t.Errorf("stored answers: %+v", got.Answers)
	}
	if pub, _ := consult.Publishable(got); pub.Name != "" {
		t.Error("a response to publish without name would show a name")
	}

	ms, err := mail.Outbox(ctx, d, p.ID, 10)
	if err != nil || len(ms) != 1 {
		t.Fatalf("outbox: %d messages, %v", len(ms), err)
	}
	if ms[0].To != "ann@example.org" || !strings.Contains(ms[0].Subject, c.Title) || !strings.Contains(ms[0].Body, ref) ||
		!strings.Contains(ms[0].Body, "More visits at weekends") {
		t.Errorf("the copy of the response: %+v", ms[0])
	}

	// A refresh (the form sent again) shows the receipt again, with the
	// same reference, and submits nothing more (issue 10, item 17).
	if code, _, again := other.do("POST", base+at+"/submit", url.Values{}); code != http.StatusOK || !strings.Contains(again, ref) ||
		!strings.Contains(htmlText(again), "We cannot email a copy of your response to ann@example.org") {
		t.Errorf("refreshing the receipt: status %d, reference shown: %v", code, strings.Contains(again, ref))
	}
	// Once consult.ReceiptFor has passed, the link has done its job:
	// sending again, or opening it, says so.
	if _, err := d.ExecContext(ctx, "UPDATE responses SET submitted_at = $1 WHERE reference = $2", time.Now().Add(-consult.ReceiptFor), ref); err != nil {
		t.Fatal(err)
	}
	if code, _, page := other.do("POST", base+at+"/submit", url.Values{}); code != http.StatusGone || !strings.Contains(page, "already been sent") {
		t.Errorf("submitting after the receipt's time: status %d", code)
	}
	if code, _, _ := other.do("GET", base+at+"/page/1", nil); code != http.StatusGone {
		t.Errorf("opening the link after submitting: status %d", code)
	}
	if n := count(t, d, "SELECT COUNT(*) FROM responses WHERE consultation_id = $1 AND status = 'submitted'", c.ID); n != 1 {
		t.Errorf("%d submitted responses, want 1", n)
	}
}

// After the closing time every page of the response says the consultation
// has closed, and nothing sent is stored.
func TestRespondAfterClosingIsRefused(t *testing.T) {
	base, d, _, c, qs := respondSite(t)
	ctx := context.Background()
	ann := newClient(t)
	at := respondStart(t, ann, base, c, "en")
	token := strings.TrimPrefix(at, "/partnerships/glenmorven/respond/")
	for _, step := range []struct {
		path string
		form url.Values
	}{
		{"/page/1", url.Values{"shown": {ids(qs["Q1"], qs["Q2"], qs["Q4"])}, "q-Q1": {"strongly-agree"}, "q-Q2": {"no"}}},
		{"/page/2", url.Values{"shown": {ids(qs["Q5"])}, "q-Q5": {"Fine"}}},
		{"/about-you", url.Values{"rif-type": {"individual"}, "rif-publish": {"with-name"}, "rif-contact": {"yes"}, "rif-name": {"Ann"}}},
	} {
		if code, loc, _ := ann.do("POST", base+at+step.path, step.form); code != http.StatusSeeOther {
			t.Fatalf("%s: status %d, location %q", step.path, code, loc)
		}
	}

	// The consultation closes while Ann is on the check page.
	now := time.Now()
	c.OpensAt, c.ClosesAt = now.Add(-48*time.Hour), now.Add(-time.Minute)
	if _, err := consultStore(d, c.PartnershipID).SaveConsultation(ctx, c, audit.System); err != nil {
		t.Fatal(err)
	}
	if before := storedAnswers(t, d, token, qs); len(before) == 0 {
		t.Fatal("the draft had no answers before closing")
	}
	counts := func() [3]int {
		return [3]int{count(t, d, "SELECT COUNT(*) FROM responses WHERE consultation_id = $1", c.ID),
			count(t, d, "SELECT COUNT(*) FROM responses WHERE consultation_id = $1 AND status = 'submitted'", c.ID),
			count(t, d, "SELECT COUNT(*) FROM outbox")}
	}
	was := counts()

	code, _, page := ann.do("POST", base+at+"/submit", url.Values{})
	if code != http.StatusGone {
		t.Fatalf("submit after closing: status %d, want 410", code)
	}
	mustContain(t, "the closed page", page, "This consultation has closed", "Nothing you entered has been stored")
	// The draft was deleted at closing: its link says it no longer works.
	if code, _, page := ann.do("POST", base+at+"/page/1", url.Values{"q-Q1": {"strongly-disagree"}, "q-Q2": {"no"}}); code != http.StatusNotFound ||
		!strings.Contains(page, "responses that were not sent by then are deleted") {
		t.Errorf("saving a page after closing: status %d, want 404 saying why", code)
	}
	if code, _, _ := ann.do("GET", base+at+"/check", nil); code != http.StatusNotFound {
		t.Errorf("the check page after closing: status %d, want 404", code)
	}
	if code, _, _ := ann.do("POST", base+"/partnerships/glenmorven/consultations/"+itoa(c.ID)+"/start", url.Values{"lang": {"en"}}); code != http.StatusGone {
		t.Errorf("starting after closing: status %d, want 410", code)
	}
	// The page says nothing entered has been stored: the draft and its
	// answers are deleted, and nothing else is (issue 10, item 17).
	if now, want := counts(), [3]int{was[0] - 1, was[1], was[2]}; now != want {
		t.Errorf("rows (responses, submitted, outbox) went from %v to %v, want %v", was, now, want)
	}
	if n := count(t, d, "SELECT COUNT(*) FROM answers WHERE response_id NOT IN (SELECT id FROM responses)"); n != 0 {
		t.Errorf("%d answers of the deleted draft remain", n)
	}
	if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE entity = 'consultation' AND entity_id = $1 AND action = 'delete'", c.ID); n != 1 {
		t.Errorf("%d audit entries for the deleted draft, want 1", n)
	}
	_, _, page = ann.do("GET", base+"/partnerships/glenmorven/consultations/"+itoa(c.ID), nil)
	if strings.Contains(page, "Start now") || !strings.Contains(page, "no longer taking responses") {
		t.Error("the closed consultation's page still offers to start a response")
	}
}

// In Gaelic: the form's own text comes from the Gaelic catalogue and the
// questions from their translations, the page says lang="gd", and a link
// leads to the same page in English.
func TestRespondInGaelic(t *testing.T) {
	base, d, _, c, qs := respondSite(t)
	ann := newClient(t)
	at := respondStart(t, ann, base, c, "gd")

	code, _, page := ann.do("GET", base+at+"/page/1", nil)
	if code != http.StatusOK {
		t.Fatalf("page 1: status %d", code)
	}
	mustContain(t, "page 1 in Gaelic", page, `<html lang="gd">`, "Cùram aig an taigh", qs["Q1"].TextGD, "Aontaich gu làidir", "Tha",
		"Duilleag 1 de 3", "Lean air adhart", `lang="en" hreflang="en">Read this in English</a>`)
	code, _, page = ann.do("POST", base+at+"/page/1", url.Values{"lang": {"gd"}, "shown": {ids(qs["Q1"], qs["Q2"], qs["Q4"])}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("empty page: status %d", code)
	}
	mustContain(t, "errors in Gaelic", page, "Tha duilgheadas ann", "Tagh freagairt do: "+qs["Q1"].TextGD, `<span class="visually-hidden">Mearachd:</span>`)

	code, _, page = ann.do("GET", base+at+"/about-you", nil)
	if code != http.StatusOK {
		t.Fatalf("about you: status %d", code)
	}
	mustContain(t, "about you in Gaelic", page, `<html lang="gd">`, "Mu do dhèidhinn", "Foillsich an fhreagairt a-mhàin (gun ainm)",
		"Neach fa leth", "Còd-puist (roghainneil)")

	// The link to English shows the same page in English.
	_, _, page = ann.do("GET", base+at+"/about-you?lang=en", nil)
	mustContain(t, "about you in English", page, `<html lang="en">`, "About you", "Publish response only (without name)")

	// Sending too soon: the check page lists, in Gaelic, what is missing,
	// each linked to the page it is on; its language link leads to the
	// check page, not to the address the form was sent to.
	code, _, page = ann.do("POST", base+at+"/submit", url.Values{"lang": {"gd"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("submitting an unfinished response: status %d, want 422", code)
	}
	mustContain(t, "the check page with what is missing", page, "Tha duilgheadas ann", `href="`+at+`/page/1?return=check#q-Q1"`,
		`href="`+at+`/about-you#rif-publish"`, `href="`+at+`/check?lang=en"`)

	// Saving with an email address sends the link to come back, in Gaelic.
	code, loc, _ := ann.do("POST", base+at+"/about-you", url.Values{"action": {"save"}, "lang": {"gd"}, "rif-email": {"ann@example.org"}})
	if code != http.StatusSeeOther || loc != at+"/saved?emailed=1" {
		t.Fatalf("save with an email address: status %d, location %q", code, loc)
	}
	_, _, page = ann.do("GET", base+loc, nil)
	mustContain(t, "the saved page in Gaelic", htmlText(page), "Chaidh do fhreagairtean a shàbhaladh",
		"Chan urrainn dhuinn an ceangal a chur gu ann@example.org sa bhad", "Cuir an ceangal thugam")
	ms, err := mail.Outbox(context.Background(), d, c.PartnershipID, 10)
	if err != nil || len(ms) != 1 || !strings.HasPrefix(ms[0].Subject, "An ceangal agad airson tilleadh gu") || !strings.Contains(ms[0].Body, base+at+"\n") {
		t.Errorf("the mail with the link: %+v, %v", ms, err)
	}
}

// A respondent who changes the answer a follow-up depends on loses the
// follow-up's answer: nothing hidden is kept.
func TestRespondHiddenFollowUpIsNotStored(t *testing.T) {
	base, d, _, c, qs := respondSite(t)
	ann := newClient(t)
	at := respondStart(t, ann, base, c, "en")
	token := strings.TrimPrefix(at, "/partnerships/glenmorven/respond/")
	all := ids(qs["Q1"], qs["Q2"], qs["Q3"], qs["Q4"])
	if code, _, _ := ann.do("POST", base+at+"/page/1", url.Values{"shown": {all}, "q-Q1": {"neither"}, "q-Q2": {"yes"},
		"q-Q3": {"More visits"}}); code != http.StatusSeeOther {
		t.Fatalf("first answers: status %d", code)
	}
	if got := storedAnswers(t, d, token, qs); got["Q3"].Text != "More visits" {
		t.Fatalf("the follow-up's answer was not stored: %+v", got)
	}
	// Ann changes Q2 to "no"; her browser still sends the follow-up's box.
	if code, _, _ := ann.do("POST", base+at+"/page/1", url.Values{"shown": {all}, "q-Q1": {"neither"}, "q-Q2": {"no"},
		"q-Q3": {"More visits"}}); code != http.StatusSeeOther {
		t.Fatalf("changed answer: status %d", code)
	}
	got := storedAnswers(t, d, token, qs)
	if _, ok := got["Q3"]; ok {
		t.Error("the answer to a follow-up that no longer applies was kept")
	}
	if got["Q2"].Choices[0] != "no" || got["Q1"].Choices[0] != "neither" {
		t.Errorf("answers = %+v", got)
	}
	_, _, page := ann.do("GET", base+at+"/check", nil)
	if strings.Contains(page, qs["Q3"].Text) {
		t.Error("the check page shows a follow-up that no longer applies")
	}
}

// Comments about how a consultation was run are stored and mailed to its
// contact through the outbox, which staff can read while no mail server is
// set up.
func TestConsultationFeedback(t *testing.T) {
	officer, base, d := signedIn(t, "officer@glenmorven.example")
	p, _ := partnership.BySlug(context.Background(), d, demo.Slug)
	now := time.Now()
	c, _ := respondConsultation(t, d, p.ID, now.Add(-time.Hour), now.Add(time.Hour))
	page := base + "/partnerships/glenmorven/consultations/" + itoa(c.ID) + "/feedback"
	ann := newClient(t)

	code, _, body := ann.do("GET", page, nil)
	if code != http.StatusOK {
		t.Fatalf("feedback page: status %d", code)
	}
	mustContain(t, "the feedback page", body, "Comments or complaints about this consultation", "You can enter up to 5000 characters")
	code, _, body = ann.do("POST", page, url.Values{"feedback-text": {"  "}, "feedback-email": {"not an address"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("empty comments: status %d", code)
	}
	mustContain(t, "the feedback page with mistakes", body, "Enter your comments", `href="#feedback-text"`, `href="#feedback-email"`)
	if n := count(t, d, "SELECT COUNT(*) FROM consultation_feedback"); n != 0 {
		t.Errorf("refused comments stored %d rows", n)
	}

	code, loc, _ := ann.do("POST", page, url.Values{"feedback-text": {"The drop-in session was cancelled without notice."},
		"feedback-name": {"Ann Example"}, "lang": {"gd"}})
	if code != http.StatusSeeOther {
		t.Fatalf("comments: status %d", code)
	}
	_, _, body = ann.do("GET", base+loc, nil)
	mustContain(t, "after sending, in Gaelic", body, `<html lang="gd">`, "Tapadh leat")
	if n := count(t, d, "SELECT COUNT(*) FROM consultation_feedback WHERE consultation_id = $1 AND name = 'Ann Example'", c.ID); n != 1 {
		t.Errorf("%d comments stored, want 1", n)
	}

	if ms, err := mail.Outbox(context.Background(), d, p.ID, 10); err != nil || len(ms) != 1 || ms[0].To != "planning@glenmorven.example" ||
		!strings.Contains(ms[0].Body, "Ann Example") {
		t.Errorf("the comments' mail to the consultation's contact: %+v, %v", ms, err)
	}
	_, _, body = officer.do("GET", base+"/staff/partnerships/glenmorven", nil)
	mustContain(t, "the staff partnership page", body, `href="/staff/partnerships/glenmorven/outbox"`)
	code, _, body = officer.do("GET", base+"/staff/partnerships/glenmorven/outbox", nil)
	if code != http.StatusOK {
		t.Fatalf("outbox: status %d", code)
	}
	mustContain(t, "the outbox", body, "planning@glenmorven.example", "Comments about how a consultation was run", "cancelled without notice",
		"No mail server is set up", "Not sent")
}

// consultStore is the consultation store of partnership pid.
func consultStore(d *db.DB, pid int64) *consult.Store {
	return consult.StoreFor(d, partnership.Partnership{ID: pid}, nil)
}

// Links in emails come from the configured base address, whatever Host a
// request names, and one address gets at most mail.MaxPerRecipientHour
// save-and-return links an hour; the page then does not claim to have
// sent one (issue 10, item 20).
func TestEmailedLinksUseTheBaseAddress(t *testing.T) {
	base, d, _, c, _ := respondSite(t)
	ann := newClient(t)
	at := respondStart(t, ann, base, c, "en")
	save := func(host string) string {
		req, _ := http.NewRequest("POST", base+at+"/about-you", strings.NewReader(url.Values{"action": {"save"}, "rif-email": {"victim@example.org"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Host = host
		resp, err := ann.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("Location")
	}
	if loc := save("evil.example"); !strings.HasSuffix(loc, "?emailed=1") {
		t.Fatalf("the first save: redirected to %q, want the link emailed", loc)
	}
	ms, err := mail.Outbox(context.Background(), d, c.PartnershipID, 10)
	if err != nil || len(ms) != 1 {
		t.Fatalf("outbox: %d messages, %v", len(ms), err)
	}
	if strings.Contains(ms[0].Body, "evil.example") || !strings.Contains(ms[0].Body, base+at) {
		t.Errorf("the emailed link does not come from the base address %s:\n%s", base, ms[0].Body)
	}
	for i := 1; i < mail.MaxPerRecipientHour; i++ {
		save("evil.example")
	}
	if loc := save("evil.example"); !strings.HasSuffix(loc, "?emailed=limit") {
		t.Errorf("save number %d in the hour: redirected to %q, which does not say the link was not emailed", mail.MaxPerRecipientHour+1, loc)
	}
	if ms, _ := mail.Outbox(context.Background(), d, c.PartnershipID, 20); len(ms) != mail.MaxPerRecipientHour {
		t.Errorf("%d messages to one address in an hour, want %d", len(ms), mail.MaxPerRecipientHour)
	}
}
