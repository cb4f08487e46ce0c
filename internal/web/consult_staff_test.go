package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/demo"
	"coplan/internal/partnership"
)

// builderPost sends a form and returns its status, where it redirects and
// the page's text with HTML entities decoded.
func builderPost(c *client, u string, form url.Values) (int, string, string) {
	c.t.Helper()
	code, loc, body := c.do("POST", u, form)
	return code, loc, htmlText(body)
}

// htmlText decodes the entities html/template writes in text, so tests can
// look for what a person reads. Markup stays as it is.
func htmlText(s string) string {
	return strings.NewReplacer("&#39;", "'", "&#34;", `"`, "&quot;", `"`, "&amp;", "&").Replace(s)
}

func builderCount(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// An officer builds a consultation from nothing: a bad closing date is
// refused with nothing stored; questions are added, one a follow-up shown
// only to those who disagree; the preview shows them with the respondent
// information form; a document is public only once the consultation is
// published; and once a response has arrived, changing a question needs a
// reason and makes version 2, while the response keeps version 1.
func TestOfficerBuildsAConsultation(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	list := base + "/staff/partnerships/glenmorven/consultations"
	if code, _, body := c.do("GET", base+"/staff/partnerships/glenmorven", nil); code != 200 || !strings.Contains(body, `href="/staff/partnerships/glenmorven/consultations"`) {
		t.Fatalf("the partnership page does not link to consultations (status %d)", code)
	}
	code, _, body := c.do("GET", list, nil)
	if code != 200 || !strings.Contains(body, "Strategic plans: statutory guidance") || !strings.Contains(body, "Start a consultation") {
		t.Fatalf("consultations list: status %d", code)
	}

	before := builderCount(t, d, "SELECT COUNT(*) FROM consultations")
	audits := auditCount(t, d)
	form := url.Values{"title": {"Respite in Kilbrannan"}, "audience": {"public"}, "opens": {"2026-01-05"}, "opens-time": {"09:00"},
		"closes": {"2026-02-30"}, "closes-time": {"23:59"}, "locality": {fmt.Sprint(p.Localities[0].ID)}, "require": {"email"}}
	code, _, text := builderPost(c, list, form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("a closing date of 30 February: status %d, want 422", code)
	}
	for _, want := range []string{"There is a problem", `href="#closes"`, "Enter the closing date as a real date", `id="closes"`, `aria-invalid="true"`, "Respite in Kilbrannan"} {
		if !strings.Contains(text, want) {
			t.Errorf("the refused form does not show %q", want)
		}
	}
	form.Set("closes", "2026-01-01") // before it opens
	if code, _, text = builderPost(c, list, form); code != http.StatusUnprocessableEntity || !strings.Contains(text, "The closing date must be after the opening date") {
		t.Errorf("closing before opening: status %d", code)
	}
	form.Set("locality", "999999") // not one of the partnership's
	form.Set("closes", "2099-07-01")
	if code, _, text = builderPost(c, list, form); code != http.StatusUnprocessableEntity || !strings.Contains(text, "Select localities from the list") {
		t.Errorf("another partnership's locality: status %d", code)
	}
	if builderCount(t, d, "SELECT COUNT(*) FROM consultations") != before || auditCount(t, d) != audits {
		t.Fatal("a refused consultation was stored")
	}

	form.Set("locality", fmt.Sprint(p.Localities[0].ID))
	form.Set("opens", "2020-01-06")
	code, loc, _ := builderPost(c, list, form)
	if code != http.StatusSeeOther {
		t.Fatalf("a valid consultation: status %d", code)
	}
	overview := base + loc[:strings.Index(loc, "?")]
	var id int64
	fmt.Sscanf(overview[strings.LastIndex(overview, "/")+1:], "%d", &id)
	cons, err := consult.ConsultationByID(ctx, d, p.ID, id)
	// 23:59 in Scotland in summer is 22:59 UTC.
	if err != nil || !cons.ClosesAt.Equal(time.Date(2099, 7, 1, 22, 59, 0, 0, time.UTC)) || !cons.Require.Email ||
		len(cons.LocalityIDs) != 1 {
		t.Fatalf("stored consultation: %+v, %v", cons, err)
	}
	code, _, body = c.do("GET", base+loc, nil)
	if code != 200 || !strings.Contains(body, "started as a draft") || !strings.Contains(body, "Draft") || !strings.Contains(body, "Kilbrannan") {
		t.Fatalf("overview after creating: status %d", code)
	}

	// Publishing with no questions is refused with a clear message.
	code, _, text = builderPost(c, overview+"/publish", url.Values{})
	if code != http.StatusUnprocessableEntity || !strings.Contains(text, "Add at least one question before publishing") || !strings.Contains(text, `href="#publish"`) {
		t.Errorf("publishing without questions: status %d", code)
	}

	// Questions: an agree scale, a follow-up for those who disagree, a
	// choice with "other".
	questions := overview + "/questions"
	add := func(f url.Values) (int, string) {
		t.Helper()
		code, _, text := builderPost(c, questions, f)
		return code, text
	}
	if code, _ := add(url.Values{"section": {"1"}, "code": {"Q1"}, "kind": {"scale"}, "agree": {"yes"}, "required": {"yes"},
		"text": {"Do you agree that respite should be booked online?"}, "text-gd": {"A bheil thu ag aontachadh?"}}); code != http.StatusSeeOther {
		t.Fatalf("add Q1: status %d", code)
	}
	// A follow-up on an answer Q1 does not offer is refused, naming it.
	bad := url.Values{"section": {"1"}, "code": {"Q2"}, "kind": {"text"}, "text": {"If you disagree, tell us why"}, "max-chars": {"500"},
		"match": {"any"}, "cond-1-question": {"Q1"}, "cond-1-values": {"Mostly disagree\nNot sure"}}
	if code, text := add(bad); code != http.StatusUnprocessableEntity || !strings.Contains(text, `depends on an answer "Not sure" that Q1 does not offer`) {
		t.Errorf("a condition on an answer not offered: status %d", code)
	}
	bad.Set("cond-1-values", "Mostly disagree\nstrongly disagree")
	if code, _ := add(bad); code != http.StatusSeeOther {
		t.Fatalf("add the follow-up Q2: status %d", code)
	}
	if code, text := add(url.Values{"section": {"1"}, "code": {"Q3"}, "kind": {"single"}, "text": {"How do you book respite now?"},
		"options": {"By phone | Air a' fòn\nBy phone"}, "has-other": {"yes"}}); code != http.StatusUnprocessableEntity || !strings.Contains(text, "Each answer must be different") {
		t.Errorf("the same answer twice: status %d", code)
	}
	if code, _ := add(url.Values{"section": {"1"}, "code": {"Q3"}, "kind": {"single"}, "text": {"How do you book respite now?"},
		"options": {"By phone | Air a' fòn\nAt the GP surgery"}, "has-other": {"yes"}}); code != http.StatusSeeOther {
		t.Fatalf("add Q3: status %d", code)
	}
	qn, err := consultStore(d, p.ID).CurrentQuestionnaire(ctx, id)
	if err != nil || len(qn.Questions()) != 3 {
		t.Fatalf("stored questions: %+v, %v", qn, err)
	}
	q2 := qn.Questions()[1]
	if q2.MaxChars != 500 || q2.Conditions.Match != "any" || strings.Join(q2.Conditions.Rules[0].Values, ",") != "mostly-disagree,strongly-disagree" {
		t.Errorf("the follow-up was stored as %+v", q2)
	}
	if o := qn.Questions()[2].Options; o[0].Value != "by-phone" || o[0].LabelGD != "Air a' fòn" {
		t.Errorf("options stored as %+v", o)
	}

	// The preview shows the questions as respondents will, with the
	// condition for staff and the respondent information form.
	code, _, body = c.do("GET", overview+"/preview", nil)
	text = htmlText(body)
	if code != 200 {
		t.Fatalf("preview: status %d", code)
	}
	for _, want := range []string{"Do you agree that respite should be booked online?", "Mostly disagree",
		"Shown only when the answer to Q1 is Mostly disagree or Strongly disagree", "If you disagree, tell us why (optional)",
		"You can enter up to 500 characters", "Other, please specify", "Publish response only (without name)",
		"Information for organisations", "Email address</label>", "Page 1 of 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("the preview does not show %q", want)
		}
	}
	_, _, body = c.do("GET", overview+"/preview?lang=gd", nil)
	if !strings.Contains(body, `lang="gd"`) || !strings.Contains(htmlText(body), "A bheil thu ag aontachadh?") || !strings.Contains(htmlText(body), "Aontaich gu làidir") {
		t.Error("the Gaelic preview does not show the Gaelic question and scale")
	}

	// A document: a renamed program is refused; a text file is stored and
	// downloadable by staff, but by the public only once published.
	code, _, text = meetingUpload(c, overview+"/documents", map[string]string{"document-kind": "draft", "document-language": "en"},
		"document-file", "draft.pdf", []byte("MZ\x90\x00 not a pdf"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(text, "The file must be a PDF, Word, OpenDocument text or plain text file") {
		t.Errorf("a program renamed to PDF: status %d", code)
	}
	code, _, _ = meetingUpload(c, overview+"/documents", map[string]string{"document-kind": "easy-read", "document-language": "en",
		"document-title": "Respite: easy read"}, "document-file", "easy.txt", []byte("Respite is a break.\n"))
	if code != http.StatusSeeOther {
		t.Fatalf("upload a text file: status %d", code)
	}
	docs, _ := consultStore(d, p.ID).Documents(ctx, id)
	if len(docs) != 1 {
		t.Fatalf("%d documents stored, want 1", len(docs))
	}
	publicDoc := fmt.Sprintf("%s/partnerships/glenmorven/consultations/%d/documents/%d", base, id, docs[0].ID)
	if code, _, body := c.do("GET", overview+fmt.Sprintf("/documents/%d", docs[0].ID), nil); code != 200 || body != "Respite is a break.\n" {
		t.Errorf("staff download: status %d, %q", code, body)
	}
	anon := newClient(t)
	if code, _, _ := anon.do("GET", publicDoc, nil); code != http.StatusNotFound {
		t.Errorf("a draft's document is public: status %d", code)
	}

	// Publish; it is open, as it opened in the past.
	code, loc, _ = builderPost(c, overview+"/publish", url.Values{})
	if code != http.StatusSeeOther || !strings.Contains(loc, "consultation-published") {
		t.Fatalf("publish: status %d, %s", code, loc)
	}
	if _, _, body := c.do("GET", base+loc, nil); !strings.Contains(body, "The consultation has been published") || !strings.Contains(body, ">Open<") {
		t.Error("the overview does not show the consultation published and open")
	}
	if code, _, body := anon.do("GET", publicDoc, nil); code != 200 || body != "Respite is a break.\n" {
		t.Errorf("a published consultation's document: status %d", code)
	}

	// Before any response, a change replaces version 1 in place.
	q1Form := url.Values{"section": {"1"}, "code": {"Q1"}, "kind": {"scale"}, "agree": {"yes"}, "required": {"yes"},
		"text": {"Do you agree that respite should be booked online, as well as by phone?"}}
	if code, _, _ := builderPost(c, questions+"/Q1", q1Form); code != http.StatusSeeOther {
		t.Fatalf("change Q1 before responses: status %d", code)
	}
	if vs, _ := consultStore(d, p.ID).Versions(ctx, id); len(vs) != 1 {
		t.Fatalf("a change before responses made %d versions", len(vs))
	}

	// A response arrives: the questions are locked.
	cons, _ = consult.ConsultationByID(ctx, d, p.ID, id)
	qn, _ = consultStore(d, p.ID).CurrentQuestionnaire(ctx, id)
	r, err := consultStore(d, cons.PartnershipID).EnterResponse(ctx, cons, consult.Response{Channel: consult.Paper,
		Respondent: consult.Respondent{Type: consult.Individual, Publish: consult.WithoutName, ContactSet: true},
		Answers:    consult.Answers{qn.Questions()[0].ID: {Choices: []string{"strongly-disagree"}}}}, "GLE", audit.System)
	if err != nil {
		t.Fatal(err)
	}
	code, _, body = c.do("GET", questions, nil)
	if code != 200 || !strings.Contains(body, "these questions are locked") || !strings.Contains(body, `id="reason"`) {
		t.Fatalf("the questions page does not say the questions are locked (status %d)", code)
	}
	q1Form.Set("text", "Should respite be bookable online?")
	code, _, text = builderPost(c, questions+"/Q1", q1Form)
	if code != http.StatusUnprocessableEntity || !strings.Contains(text, "questions are locked") || !strings.Contains(text, `href="#reason"`) {
		t.Fatalf("changing a locked question without a reason: status %d", code)
	}
	if vs, _ := consultStore(d, p.ID).Versions(ctx, id); len(vs) != 1 {
		t.Fatal("a refused change made a new version")
	}
	q1Form.Set("reason", "Respondents at the first event found Q1 hard to follow")
	if code, _, _ := builderPost(c, questions+"/Q1", q1Form); code != http.StatusSeeOther {
		t.Fatalf("changing a locked question with a reason: status %d", code)
	}
	vs, _ := consultStore(d, p.ID).Versions(ctx, id)
	if len(vs) != 2 || vs[1].Version != 2 || vs[1].Reason != "Respondents at the first event found Q1 hard to follow" || vs[0].Submitted != 1 {
		t.Fatalf("versions after the change: %+v", vs)
	}
	qn, _ = consultStore(d, p.ID).CurrentQuestionnaire(ctx, id)
	if qn.Version != 2 || qn.Questions()[0].Text != "Should respite be bookable online?" {
		t.Errorf("current questions: version %d, Q1 %q", qn.Version, qn.Questions()[0].Text)
	}
	if got, _ := consultStore(d, p.ID).Response(ctx, id, r.ID); got.QuestionnaireID != vs[0].ID {
		t.Error("the response lost the version it answered")
	}
	if _, _, body := c.do("GET", questions, nil); !strings.Contains(htmlText(body), "Respondents at the first event found Q1 hard to follow") {
		t.Error("the questions page does not show the versions and their reasons")
	}
}

// The question bank: the national monitoring questions are there with
// "Prefer not to say"; an officer adds the partnership's own; and a
// question from the bank goes into a consultation, and onto a new page.
func TestQuestionBank(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	bankURL := base + "/staff/partnerships/glenmorven/question-bank"
	code, _, body := c.do("GET", bankURL, nil)
	text := htmlText(body)
	if code != 200 || !strings.Contains(text, "Equality monitoring: religion or belief") || !strings.Contains(text, "Prefer not to say") {
		t.Fatalf("question bank: status %d", code)
	}
	code, _, text = builderPost(c, bankURL, url.Values{"kind": {"single"}, "text": {"Which language do you speak at home?"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(text, `href="#topic"`) || !strings.Contains(text, `href="#options"`) {
		t.Fatalf("a bank question without topic or answers: status %d", code)
	}
	if code, _, _ := builderPost(c, bankURL, url.Values{"topic": {"About you: language"}, "kind": {"single"},
		"text": {"Which language do you speak at home?"}, "options": {"English\nGaelic | Gàidhlig\nScots"}, "has-other": {"yes"}}); code != http.StatusSeeOther {
		t.Fatalf("add to the bank: status %d", code)
	}
	p, _ := partnership.BySlug(ctx, d, demo.Slug)
	bank, _ := consultStore(d, p.ID).BankQuestions(ctx)
	own := bank[len(bank)-1]
	if own.Topic != "About you: language" || len(own.Options) != 3 || !own.HasOther {
		t.Fatalf("stored bank question: %+v", own)
	}

	// Into the demo's draft consultation, on a new last page.
	var draft consult.Consultation
	cs, _ := consult.Consultations(ctx, d, p.ID)
	for _, x := range cs {
		if x.PublishedAt.IsZero() {
			draft = x
		}
	}
	questions := fmt.Sprintf("%s/staff/partnerships/glenmorven/consultations/%d/questions", base, draft.ID)
	sections := strings.TrimSuffix(questions, "/questions") + "/sections"
	if code, _, text := builderPost(c, sections, url.Values{}); code != http.StatusUnprocessableEntity || !strings.Contains(text, `href="#section-title"`) {
		t.Errorf("a page without a title: status %d", code)
	}
	if code, _, _ := builderPost(c, sections, url.Values{"section-title": {"About you"}}); code != http.StatusSeeOther {
		t.Fatalf("add a page: status %d", code)
	}
	code, _, text = builderPost(c, questions+"/from-bank", url.Values{"bank-id": {fmt.Sprint(own.ID)}, "bank-section": {"2"}, "bank-code": {"Q1"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(text, "Two questions have the code Q1") || !strings.Contains(text, `href="#bank-code"`) {
		t.Fatalf("a bank question with a code already used: status %d", code)
	}
	if code, _, _ := builderPost(c, questions+"/from-bank", url.Values{"bank-id": {fmt.Sprint(own.ID)}, "bank-section": {"2"}, "bank-code": {"AY1"}}); code != http.StatusSeeOther {
		t.Fatalf("add from the bank: status %d", code)
	}
	qn, _ := consultStore(d, draft.PartnershipID).CurrentQuestionnaire(ctx, draft.ID)
	if len(qn.Sections) != 2 || qn.Sections[1].Title != "About you" || len(qn.Sections[1].Questions) != 1 ||
		qn.Sections[1].Questions[0].Text != "Which language do you speak at home?" || qn.Sections[1].Questions[0].Required {
		t.Errorf("questions after adding from the bank: %+v", qn.Sections)
	}
	// Another partnership's officer cannot use this partnership's bank question.
	if code, _, _ := builderPost(c, questions+"/from-bank", url.Values{"bank-id": {"999999"}, "bank-section": {"1"}, "bank-code": {"X1"}}); code != http.StatusUnprocessableEntity {
		t.Errorf("a bank question that does not exist: status %d", code)
	}
	// Moving the bank question up takes it to the end of page 1.
	if code, _, _ := builderPost(c, questions+"/AY1/move", url.Values{"direction": {"up"}}); code != http.StatusSeeOther {
		t.Fatalf("move up: status %d", code)
	}
	qn, _ = consultStore(d, draft.PartnershipID).CurrentQuestionnaire(ctx, draft.ID)
	if len(qn.Sections[1].Questions) != 0 || qn.Sections[0].Questions[len(qn.Sections[0].Questions)-1].Code != "AY1" {
		t.Errorf("after moving up: %+v", qn.Sections)
	}
}

// The demo has seed 003's consultation, open, with the questionnaire's
// introduction and Questions 1 to 6 exactly as the Scottish Government
// worded them (copied here from the seed, not from the demo's code), the
// agree scale for Questions 1 and 3 and free text for the others.
func TestDemoHasSeed003Consultation(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	seed := []string{
		"Do you agree that presenting supporting information in boxes throughout the guidance is a useful structure?",
		"If you have any further thoughts or suggestions on how the structure of the guidance can be improved, please tell us here.",
		"Do you agree that there is an appropriate balance between information summarising the relevant statutory requirements in the Public Bodies (Joint Working) (Scotland) Act 2014 and wider information to support integration authorities meet these requirements?",
		"If you do not think that the balance of information in the guidance is appropriate, please tell us here what changes you would recommend and why.",
		"If you have any suggestions on information that can be improved or is potentially missing from the guidance, please tell us here.",
		"If there is anything else you'd like to feedback about the guidance, please tell us here.",
	}
	intro := "Please read the draft Strategic plans: statutory guidance and answer the questions below."
	p, _ := partnership.BySlug(ctx, d, demo.Slug)
	cs, _ := consult.Consultations(ctx, d, p.ID)
	var guidance consult.Consultation
	for _, x := range cs {
		if x.Title == "Strategic plans: statutory guidance" {
			guidance = x
		}
	}
	if guidance.ID == 0 || guidance.StatusAt(time.Now()) != consult.Open || guidance.Audience != consult.Public {
		t.Fatalf("the demo has no open public consultation on the guidance: %+v", guidance)
	}
	qn, err := consultStore(d, guidance.PartnershipID).CurrentQuestionnaire(ctx, guidance.ID)
	if err != nil {
		t.Fatal(err)
	}
	qs := qn.Questions()
	if len(qs) != 6 || !strings.HasPrefix(qn.Sections[0].Intro, intro) {
		t.Fatalf("%d questions, intro %q", len(qs), qn.Sections[0].Intro)
	}
	for i, q := range qs {
		if q.Text != seed[i] {
			t.Errorf("Question %d is %q, want %q", i+1, q.Text, seed[i])
		}
		agree := i == 0 || i == 2
		if agree != (q.Kind == consult.Scale && consult.IsAgreeScale(q.Options)) || !agree && q.Kind != consult.Text {
			t.Errorf("Question %d is a %s question", i+1, q.Kind)
		}
		if len(q.Conditions.Rules) > 0 || q.TextGD == "" {
			t.Errorf("Question %d: conditions %v, Gaelic %q", i+1, q.Conditions, q.TextGD)
		}
	}
	_, _, body := c.do("GET", fmt.Sprintf("%s/staff/partnerships/glenmorven/consultations/%d/preview", base, guidance.ID), nil)
	text := htmlText(body)
	for _, want := range append(seed, intro, "Strongly agree", "Neither agree nor disagree", "Mostly disagree") {
		if !strings.Contains(text, want) {
			t.Errorf("the preview does not show %q", want)
		}
	}
	// The closed consultation has responses in every state of checking.
	var states []string
	for _, x := range cs {
		if x.Title == demo.PlanConsultationTitle {
			continue // the strategic plan's consultation, with its own tests
		}
		if x.StatusAt(time.Now()) == consult.Closed {
			rs, _ := consult.Responses(ctx, d, x.PartnershipID, x.ID)
			seen := map[consult.CheckStatus]bool{}
			for _, r := range rs {
				seen[r.Check] = true
			}
			for _, s := range []consult.CheckStatus{consult.Unchecked, consult.Accepted, consult.Redacted, consult.Withheld} {
				if seen[s] {
					states = append(states, string(s))
				}
			}
			if len(rs) < 10 {
				t.Errorf("the closed consultation has %d responses", len(rs))
			}
		}
	}
	if len(states) != 4 {
		t.Errorf("the closed consultation's responses are %v; want every check status", states)
	}
	if n := builderCount(t, d, "SELECT COUNT(*) FROM postcode_districts WHERE partnership_id = $1", p.ID); n != 4 {
		t.Errorf("the demo maps %d postcode districts, want 4", n)
	}
}
