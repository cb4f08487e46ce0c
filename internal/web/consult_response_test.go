package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/demo"
	"coplan/internal/partnership"
)

// responseQuestions: Q1 offers "Other"; Q2 is free text; Q3 follows up
// Q1 only when it is "yes".
func responseQuestions() consult.Questionnaire {
	yesno := []consult.Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}
	return consult.Questionnaire{Sections: []consult.Section{{Title: "Your views", Questions: []consult.Question{
		{Code: "Q1", Kind: consult.Single, Text: "Do you use the day centre?", Options: yesno, HasOther: true, Required: true},
		{Code: "Q2", Kind: consult.Text, Text: "What should change?"},
		{Code: "Q3", Kind: consult.Text, Text: "What do you like about it?",
			Conditions: consult.Conditions{Rules: []consult.Rule{{Question: "Q1", Values: []string{"yes"}}}}},
	}}}}
}

// newTestConsultation creates a published consultation of p with
// responseQuestions, open between opens and closes.
func newTestConsultation(t *testing.T, d *db.DB, p partnership.Partnership, title string, opens, closes time.Time) (consult.Consultation, consult.Questionnaire) {
	t.Helper()
	ctx := context.Background()
	c, err := consultStore(d, p.ID).SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: title, Audience: consult.Public,
		OpensAt: opens, ClosesAt: closes, LocalityIDs: []int64{p.Localities[0].ID}}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	qn, err := consultStore(d, c.PartnershipID).SaveQuestionnaire(ctx, c, responseQuestions(), "", audit.System)
	if err != nil {
		t.Fatal(err)
	}
	if err := consultStore(d, p.ID).SetStage(ctx, c.ID, "published", audit.System); err != nil {
		t.Fatal(err)
	}
	c, err = consult.ConsultationByID(ctx, d, p.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c, qn
}

// responsePathValues gives the {consultation} and {response} of the
// authorisation test: a submitted response of the consultation with id
// consultation, or of a new one when that is "".
func responsePathValues(t *testing.T, d *db.DB, p partnership.Partnership, consultation string) (string, string) {
	t.Helper()
	ctx := context.Background()
	var c consult.Consultation
	if consultation == "" {
		c, _ = newTestConsultation(t, d, p, "Responses authorisation test", time.Now().Add(-48*time.Hour), time.Now().Add(-time.Hour))
	} else {
		id, _ := strconv.ParseInt(consultation, 10, 64)
		var err error
		if c, err = consult.ConsultationByID(ctx, d, p.ID, id); err != nil {
			t.Fatal(err)
		}
	}
	r, err := consultStore(d, c.PartnershipID).EnterResponse(ctx, c, consult.Response{Channel: consult.Paper, Respondent: consult.Respondent{
		Type: consult.Individual, Name: "Authorisation Test", Publish: consult.WithName, ContactSet: true}}, "TST", audit.System)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(c.ID, 10), strconv.FormatInt(r.ID, 10)
}

func glenmorven(t *testing.T, d *db.DB) partnership.Partnership {
	t.Helper()
	p, err := partnership.BySlug(context.Background(), d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// generated is one random response and what every public output may show
// of it.
type generated struct {
	ref                        string
	published, named, redacted bool
	otherRedacted, followUp    bool
	hasOther                   bool
	i                          int
}

func marker(kind string, i int) string { return fmt.Sprintf("%s%04dzq", kind, i) }

// Nobody's name is published against their wishes, and nothing unchecked,
// withheld or refused is published at all: 300 random responses, every
// publishable output (CSV, JSON, the open data API) checked for each.
func TestPublishableOutputsHonourEveryPreference(t *testing.T) {
	officer, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p := glenmorven(t, d)
	now := time.Now()
	c, qn := newTestConsultation(t, d, p, "Day centre review", now.Add(-72*time.Hour), now.Add(-time.Hour))
	q1, q2, q3 := qn.Questions()[0], qn.Questions()[1], qn.Questions()[2]
	rng := rand.New(rand.NewPCG(2014, 9))
	pick := func(n int) int { return rng.IntN(n) }

	var gen []generated
	for i := range 300 {
		typ := []consult.RespondentType{consult.Individual, consult.Organisation}[pick(2)]
		pref := consult.Publishes[pick(3)]
		check := []consult.CheckStatus{consult.Unchecked, consult.Accepted, consult.Redacted, consult.Withheld}[pick(4)]
		r := consult.Response{Channel: consult.StaffChannels[pick(len(consult.StaffChannels))], Respondent: consult.Respondent{
			Type: typ, Name: marker("Name", i), Email: marker("mail", i) + "@example.org", Phone: marker("Phone", i),
			Address: marker("Addr", i), Publish: pref, ContactSet: true, ContactOK: pick(2) == 0},
			Answers: consult.Answers{q2.ID: {Text: marker("Orig", i) + " said the manager is useless"}}}
		g := generated{i: i}
		switch pick(3) {
		case 0:
			r.Answers[q1.ID] = consult.Answer{Choices: []string{"yes"}}
			r.Answers[q3.ID] = consult.Answer{Text: marker("Follow", i)}
			g.followUp = true
		case 1:
			r.Answers[q1.ID] = consult.Answer{Choices: []string{"no"}}
			// An answer to Q3, which "no" hides: never published.
			r.Answers[q3.ID] = consult.Answer{Text: marker("Hidden", i)}
		default:
			r.Answers[q1.ID] = consult.Answer{Choices: []string{consult.OtherValue}, OtherText: marker("Other", i)}
			g.hasOther = true
		}
		r, err := consultStore(d, c.PartnershipID).EnterResponse(ctx, c, r, "GLE", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		var redactions consult.Answers
		reason := ""
		switch check {
		case consult.Redacted:
			redactions = consult.Answers{q2.ID: {Text: marker("Redacted", i) + " said [name removed] is useless"}}
			if g.hasOther && pick(2) == 0 {
				redactions[q1.ID] = consult.Answer{OtherText: marker("Replaced", i)}
				g.otherRedacted = true
			}
		case consult.Withheld:
			reason = "potentially defamatory"
		}
		if check != consult.Unchecked {
			if err := consultStore(d, c.PartnershipID).SetCheck(ctx, c, r.ID, check, reason, redactions, audit.System); err != nil {
				t.Fatal(err)
			}
		}
		g.ref = r.Reference
		g.redacted = check == consult.Redacted
		g.published = (check == consult.Accepted || check == consult.Redacted) && pref != consult.DoNotPublish
		g.named = g.published && (pref == consult.WithName || typ == consult.Organisation)
		gen = append(gen, g)
	}

	public := newClient(t)
	outputs := map[string]string{}
	for name, get := range map[string]struct {
		c    *client
		path string
	}{
		"publishable CSV":  {officer, responsesPath(c) + "/publishable.csv"},
		"publishable JSON": {officer, responsesPath(c) + "/publishable.json"},
		"open data API":    {public, fmt.Sprintf("/api/v1/partnerships/%s/consultations/%d/responses?limit=1000", demo.Slug, c.ID)},
		"API list":         {public, "/api/v1/partnerships/" + demo.Slug + "/consultations"},
	} {
		code, _, body := get.c.do("GET", base+get.path, nil)
		if code != http.StatusOK {
			t.Fatalf("%s: status %d: %s", name, code, body)
		}
		outputs[name] = body
	}

	published := 0
	for _, g := range gen {
		if g.published {
			published++
		}
		for name, body := range outputs {
			has := func(s string) bool { return strings.Contains(body, s) }
			for _, personal := range []string{"mail", "Phone", "Addr", "Hidden"} {
				if has(marker(personal, g.i)) {
					t.Errorf("%s shows %s of response %d", name, personal, g.i)
				}
			}
			if name == "API list" {
				if has(g.ref) || has(marker("Name", g.i)) || has(marker("Orig", g.i)) {
					t.Errorf("the list of consultations shows response %d", g.i)
				}
				continue
			}
			switch {
			case !g.published:
				for _, m := range []string{g.ref, marker("Name", g.i), marker("Orig", g.i), marker("Redacted", g.i), marker("Other", g.i), marker("Follow", g.i)} {
					if has(m) {
						t.Errorf("%s shows %q of response %d, which may not be published", name, m, g.i)
					}
				}
				continue
			case !has(g.ref):
				t.Errorf("%s leaves out response %d, which may be published", name, g.i)
			}
			if g.named != has(marker("Name", g.i)) {
				t.Errorf("%s: response %d's name shown = %v, want %v", name, g.i, has(marker("Name", g.i)), g.named)
			}
			if g.redacted && (has(marker("Orig", g.i)) || !has(marker("Redacted", g.i))) {
				t.Errorf("%s: response %d should appear only redacted", name, g.i)
			}
			if !g.redacted && !has(marker("Orig", g.i)) {
				t.Errorf("%s: response %d's answer is missing", name, g.i)
			}
			if g.hasOther && g.otherRedacted == has(marker("Other", g.i)) {
				t.Errorf("%s: response %d's other answer: shown %v, redacted %v", name, g.i, has(marker("Other", g.i)), g.otherRedacted)
			}
			if g.followUp != has(marker("Follow", g.i)) {
				t.Errorf("%s: response %d's follow-up answer shown %v, want %v", name, g.i, has(marker("Follow", g.i)), g.followUp)
			}
		}
	}
	var doc struct {
		Responses []json.RawMessage
	}
	if err := json.Unmarshal([]byte(outputs["open data API"]), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Responses) != published || published == 0 {
		t.Errorf("the API has %d responses, want %d", len(doc.Responses), published)
	}
}

// The open data API gives a closed consultation's responses a page at a
// time: ?limit= responses, and "next", the full address of the page after,
// until the last page, whose "next" is null; every response once. A limit
// or cursor it cannot read is a 400 saying what to send.
func TestAPIResponsesPaged(t *testing.T) {
	_, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p := glenmorven(t, d)
	c, _ := newTestConsultation(t, d, p, "Paged responses", time.Now().Add(-48*time.Hour), time.Now().Add(-time.Hour))
	var want []string
	for i := range 5 {
		r, err := consultStore(d, p.ID).EnterResponse(ctx, c, consult.Response{Channel: consult.Paper, Respondent: consult.Respondent{
			Type: consult.Individual, Name: fmt.Sprintf("Paged %d", i), Publish: consult.WithName, ContactSet: true}}, "PGD", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if err := consultStore(d, p.ID).SetCheck(ctx, c, r.ID, consult.Accepted, "", nil, audit.System); err != nil {
			t.Fatal(err)
		}
		want = append(want, r.Reference)
	}
	public := newClient(t)
	path := fmt.Sprintf("/api/v1/partnerships/%s/consultations/%d/responses", demo.Slug, c.ID)
	next := path + "?limit=2"
	var got []string
	pages := 0
	for next != "" {
		code, _, body := public.do("GET", base+next, nil)
		if code != http.StatusOK {
			t.Fatalf("%s: status %d: %s", next, code, body)
		}
		pages++
		var page struct {
			Limit     int
			Next      *string
			Responses []struct{ Reference string }
		}
		if err := json.Unmarshal([]byte(body), &page); err != nil {
			t.Fatalf("%s: %v: %s", next, err, body)
		}
		if page.Limit != 2 || len(page.Responses) > 2 {
			t.Fatalf("%s: limit %d, %d responses", next, page.Limit, len(page.Responses))
		}
		for _, r := range page.Responses {
			got = append(got, r.Reference)
		}
		next = ""
		if page.Next != nil {
			u, err := url.Parse(*page.Next)
			if err != nil || !u.IsAbs() || u.Path != path {
				t.Fatalf("next = %q, want the full address of this API", *page.Next)
			}
			next = u.RequestURI()
		}
		if pages > 5 {
			t.Fatal("the pages do not end")
		}
	}
	if pages != 3 || !slices.Equal(got, want) {
		t.Errorf("%d pages of %v, want 3 pages of %v", pages, got, want)
	}
	code, _, body := public.do("GET", base+path, nil)
	if code != http.StatusOK || !strings.Contains(body, `"limit": 100,`) || !strings.Contains(body, `"next": null,`) {
		t.Errorf("without a limit: status %d, %s", code, body)
	}
	for _, bad := range []string{"limit=0", "limit=1001", "limit=ten", "after=xyz", "after=" + url.QueryEscape("cjA"), "after=MTIz"} {
		code, _, body := public.do("GET", base+path+"?"+bad, nil)
		if code != http.StatusBadRequest || !strings.Contains(body, "must be") {
			t.Errorf("?%s: status %d, %s; want 400 saying what to send", bad, code, body)
		}
	}
}

// The staff's list of responses shows 50 of each list at a time, with
// links to the next and previous pages that keep the other list's page,
// and counts every response (not only those shown).
func TestResponsesListPaged(t *testing.T) {
	officer, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p := glenmorven(t, d)
	c, _ := newTestConsultation(t, d, p, "Many responses", time.Now().Add(-48*time.Hour), time.Now().Add(240*time.Hour))
	var refs []string
	for i := range 53 {
		r, err := consultStore(d, p.ID).EnterResponse(ctx, c, consult.Response{Channel: consult.Paper, Respondent: consult.Respondent{
			Type: consult.Individual, Name: fmt.Sprintf("Many %d", i), Publish: consult.WithName, ContactSet: true}}, "MNY", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if err := consultStore(d, p.ID).SetCheck(ctx, c, r.ID, consult.Accepted, "", nil, audit.System); err != nil {
				t.Fatal(err)
			}
			continue
		}
		refs = append(refs, r.Reference)
	}
	addr := base + responsesPath(c)
	code, _, first := officer.do("GET", addr, nil)
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	summary := []string{"53: 53 Paper", `Left to check</dt><dd class="ds_summary-list__value">52</dd>`, "1 (checked, and the respondent agreed to publication)"}
	for _, want := range append(summary, "Page 1 of 2, oldest first.", "Next page", refs[0], refs[49]) {
		if !strings.Contains(first, want) {
			t.Errorf("the first page does not show %q", want)
		}
	}
	if strings.Contains(first, refs[50]) || strings.Contains(first, "Previous page") {
		t.Error("the first page shows the second page's responses")
	}
	next := "?to-check-page=2#to-check"
	if !strings.Contains(first, `href="`+responsesPath(c)+next+`"`) {
		t.Fatalf("no link to the second page of responses to check (%s)", next)
	}
	_, _, second := officer.do("GET", addr+next, nil)
	for _, want := range append(summary, "Page 2 of 2, oldest first.", "Previous page", refs[50], refs[51]) {
		if !strings.Contains(second, want) {
			t.Errorf("the second page does not show %q", want)
		}
	}
	if strings.Contains(second, refs[49]+"<") || strings.Contains(second, "Next page") {
		t.Error("the second page shows the first page's responses, or a next page")
	}
	if _, _, beyond := officer.do("GET", addr+"?to-check-page=9", nil); !strings.Contains(beyond, "There is no page 9 of responses left to check.") {
		t.Error("a page beyond the last does not say so")
	}
}

func responsesPath(c consult.Consultation) string {
	return fmt.Sprintf("/staff/partnerships/%s/consultations/%d/responses", demo.Slug, c.ID)
}

// The open data API lists published consultations, never drafts, and
// publishes responses only after closing.
func TestAPIConsultations(t *testing.T) {
	_, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p := glenmorven(t, d)
	now := time.Now()
	open, _ := newTestConsultation(t, d, p, "Care at home", now.Add(-time.Hour), now.Add(240*time.Hour))
	draft, err := consultStore(d, p.ID).SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: "Secret draft plans",
		Audience: consult.Public, OpensAt: now, ClosesAt: now.Add(time.Hour)}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	public := newClient(t)
	code, _, body := public.do("GET", base+"/api/v1/partnerships/"+demo.Slug+"/consultations", nil)
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	var list struct {
		Consultations []struct {
			ID         int64
			Title      string
			Status     string
			Localities []string
			Questions  []struct {
				Code, Kind, Text string
				Options          []struct{ Value, Label string }
				AskedWhen        string `json:"asked_when"`
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(body, "Secret draft plans") {
		t.Error("the API lists a draft consultation")
	}
	var found bool
	for _, c := range list.Consultations {
		if c.ID != open.ID {
			continue
		}
		found = true
		if c.Status != "open" || len(c.Localities) != 1 || c.Localities[0] != p.Localities[0].Name || len(c.Questions) != 3 ||
			c.Questions[0].Options[1].Label != "No" || c.Questions[2].AskedWhen != "when the answer to Q1 is Yes" {
			t.Errorf("the API shows the consultation as %+v", c)
		}
	}
	if !found {
		t.Errorf("the API does not list the open consultation: %s", body)
	}
	code, _, body = public.do("GET", fmt.Sprintf("%s/api/v1/partnerships/%s/consultations/%d/responses", base, demo.Slug, open.ID), nil)
	if code != http.StatusConflict || !strings.Contains(body, `"error": "Responses to this consultation are published only after it closes`) {
		t.Errorf("responses before closing: status %d, %s", code, body)
	}
	code, _, _ = public.do("GET", fmt.Sprintf("%s/api/v1/partnerships/%s/consultations/%d/responses", base, demo.Slug, draft.ID), nil)
	if code != http.StatusNotFound {
		t.Errorf("responses of a draft: status %d, want 404", code)
	}
	code, _, _ = public.do("GET", fmt.Sprintf("%s/api/v1/partnerships/highland/consultations/%d/responses", base, open.ID), nil)
	if code != http.StatusNotFound {
		t.Errorf("responses of another partnership's consultation: status %d, want 404", code)
	}
}

// upload posts a file to the import form.
func upload(t *testing.T, c *client, u, content string) (int, string, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "responses.csv")
	io.WriteString(fw, content)
	mw.Close()
	req, _ := http.NewRequest("POST", u, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

func countResponses(t *testing.T, d *db.DB, c consult.Consultation) []consult.Response {
	t.Helper()
	rs, err := consult.Responses(context.Background(), d, c.PartnershipID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// A file with one bad row lands nothing and says which line and why; a
// good file lands whole, each response marked with its channel.
func TestImportResponsesFromCSV(t *testing.T) {
	officer, base, d := signedIn(t, "officer@glenmorven.example")
	p := glenmorven(t, d)
	now := time.Now()
	c, _ := newTestConsultation(t, d, p, "Day centre review", now.Add(-time.Hour), now.Add(time.Hour))
	addr := base + responsesPath(c)

	code, _, tmpl := officer.do("GET", addr+"/import/template.csv", nil)
	header := "channel,respondent_type,name,phone,address,postcode,email,publish,contact_ok,relationships,Q1,Q2,Q3"
	if code != http.StatusOK || strings.TrimSpace(strings.TrimPrefix(tmpl, "\ufeff")) != header {
		t.Fatalf("template: status %d, %q", code, tmpl)
	}
	good := []string{
		"paper,individual,Morag Paper,,,,,with-name,yes,unpaid-carer,yes,More buses,The staff",
		"focus-group,organisation,Glen Carers,,,,,without-name,no,,no,Longer hours,",
		`event,individual,,,,,,do-not-publish,no,,"other:I used to, not now",,`,
	}
	bad := tmpl + good[0] + "\r\n" + "email,individual,Ann,,,,,publish it,yes,,yes,,\r\n" + good[1] + "\r\n"
	code, _, page := upload(t, officer, addr+"/import", bad)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("a file with a bad row: status %d, want 422", code)
	}
	for _, want := range []string{"There is a problem", "Nothing was imported: 1 row has problems", `href="#file"`, "Line 3",
		"&#34;publish it&#34; is not a publishing preference"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report does not say %q", want)
		}
	}
	if n := len(countResponses(t, d, c)); n != 0 {
		t.Fatalf("a file with a bad row stored %d responses", n)
	}

	code, loc, _ := upload(t, officer, addr+"/import", tmpl+strings.Join(good, "\r\n")+"\r\n")
	if code != http.StatusSeeOther || loc != responsesPath(c)+"?done=responses-imported" {
		t.Fatalf("a good file: status %d, location %q", code, loc)
	}
	rs := countResponses(t, d, c)
	if len(rs) != 3 {
		t.Fatalf("%d responses stored, want 3", len(rs))
	}
	for i, want := range []consult.Channel{consult.Paper, consult.FocusGroup, consult.Event} {
		if rs[i].Channel != want || rs[i].Check != consult.Unchecked {
			t.Errorf("response %d: %s, %s", i+1, rs[i].Channel, rs[i].Check)
		}
	}
	_, _, list := officer.do("GET", base+loc, nil)
	for _, want := range []string{"The responses in the file have been imported", "Focus group", "Morag Paper", "Left to check"} {
		if !strings.Contains(list, want) {
			t.Errorf("the list of responses does not show %q", want)
		}
	}
	if code, _, _ := upload(t, officer, addr+"/import", ""); code != http.StatusUnprocessableEntity {
		t.Errorf("an empty file: status %d", code)
	}
}

// A response entered by hand is checked like the import, stored with its
// channel, then checked before publication: a redaction is kept apart and
// the original stays as the respondent gave it.
func TestEnterAndCheckResponse(t *testing.T) {
	officer, base, d := signedIn(t, "officer@glenmorven.example")
	p := glenmorven(t, d)
	now := time.Now()
	c, qn := newTestConsultation(t, d, p, "Day centre review", now.Add(-time.Hour), now.Add(time.Hour))
	addr := base + responsesPath(c)
	code, _, form := officer.do("GET", addr+"/new", nil)
	if code != http.StatusOK || !strings.Contains(form, `id="q-Q1"`) || !strings.Contains(form, "Only asked when the answer to Q1 is Yes.") {
		t.Fatalf("the form: status %d", code)
	}
	audits := auditCount(t, d)
	bad := url.Values{"channel": {""}, "rif-type": {"individual"}, "rif-email": {"not an email"}, "rif-publish": {"with-name"},
		"rif-contact": {"no"}, "q-Q1": {"no"}, "q-Q3": {"Lovely staff"}}
	code, _, page := officer.do("POST", addr, bad)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad response: status %d, want 422", code)
	}
	for _, want := range []string{"There is a problem", `href="#channel"`, "Select how the response was received", `href="#rif-email"`,
		`href="#q-Q3"`, "Question Q3 is only asked when the answer to Q1 is Yes", `aria-describedby="rif-email-error"`, `value="not an email"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the refused form does not show %q", want)
		}
	}
	if len(countResponses(t, d, c)) != 0 || auditCount(t, d) != audits {
		t.Fatal("a refused response changed something")
	}

	good := url.Values{"channel": {"paper"}, "language": {"en"}, "rif-type": {"individual"}, "rif-name": {"Ann Other"},
		"rif-email": {"ann@example.org"}, "rif-publish": {"without-name"}, "rif-contact": {"yes"}, "q-Q1": {"yes"},
		"q-Q2": {"Mr Grant at the centre shouts at people"}, "q-Q3": {"The lunches"}}
	code, loc, _ := officer.do("POST", addr, good)
	if code != http.StatusSeeOther || !strings.Contains(loc, "done=response-entered") {
		t.Fatalf("good response: status %d, location %q", code, loc)
	}
	rs := countResponses(t, d, c)
	if len(rs) != 1 || rs[0].Channel != consult.Paper || rs[0].Respondent.Name != "Ann Other" || rs[0].EnteredBy != "Euan Fraser" {
		t.Fatalf("stored: %+v", rs)
	}
	respAddr := fmt.Sprintf("%s/%d", addr, rs[0].ID)
	_, _, shown := officer.do("GET", base+loc, nil)
	for _, want := range []string{"The response has been entered", "ann@example.org", "Not checked yet", "No: not checked yet", `id="redact-Q2"`} {
		if !strings.Contains(shown, want) {
			t.Errorf("the response page does not show %q", want)
		}
	}

	// Scrutiny reads the response but not who gave it.
	scrutiny := signedInOn(t, base, "scrutiny@inspectorate.example")
	_, _, asScrutiny := scrutiny.do("GET", respAddr, nil)
	if strings.Contains(asScrutiny, "ann@example.org") || strings.Contains(asScrutiny, "Ann Other") || !strings.Contains(asScrutiny, "The lunches") {
		t.Error("scrutiny sees personal details, or not the answers")
	}

	// Checking: withholding needs a reason; redacting keeps the original.
	code, _, page = officer.do("POST", respAddr+"/check", url.Values{"decision": {"withheld"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "Say why the response is withheld") {
		t.Errorf("withheld without a reason: status %d", code)
	}
	code, _, page = officer.do("POST", respAddr+"/check", url.Values{"decision": {"redacted"},
		"redact-Q2": {"Mr Grant at the centre shouts at people"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#redact-Q2"`) {
		t.Errorf("a redaction that changes nothing: status %d", code)
	}
	code, _, _ = officer.do("POST", respAddr+"/check", url.Values{"decision": {"redacted"},
		"redact-Q2": {"[name removed] at the centre shouts at people"}, "redact-Q3": {"The lunches"}})
	if code != http.StatusSeeOther {
		t.Fatalf("redacting: status %d", code)
	}
	got, err := consultStore(d, c.PartnershipID).Response(context.Background(), c.ID, rs[0].ID)
	q2 := qn.Questions()[1].ID
	if err != nil || got.Check != consult.Redacted || got.Answers[q2].Text != "Mr Grant at the centre shouts at people" ||
		got.Redactions[q2].Text != "[name removed] at the centre shouts at people" || len(got.Redactions) != 1 {
		t.Fatalf("after redacting: %+v, %v", got, err)
	}
	_, _, pub := officer.do("GET", addr+"/publishable.json", nil)
	if strings.Contains(pub, "Mr Grant") || !strings.Contains(pub, "[name removed]") || strings.Contains(pub, "Ann Other") {
		t.Errorf("the publishable export: %s", pub)
	}
	_, _, shown = officer.do("GET", respAddr, nil)
	if !strings.Contains(shown, "Mr Grant at the centre shouts at people") || !strings.Contains(shown, "Published as:") {
		t.Error("the response page should show the original and what is published")
	}
	_, _, list := officer.do("GET", addr, nil)
	if !strings.Contains(list, "Every response has been checked.") || !strings.Contains(list, "Redacted") {
		t.Error("the list does not show the check")
	}
}

// signedInOn signs a new client in on an instance that is already running.
func signedInOn(t *testing.T, base, email string) *client {
	t.Helper()
	c := newClient(t)
	if code, _, _ := c.do("POST", base+"/signin", url.Values{"email": {email}, "password": {demo.Password}}); code != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d", email, code)
	}
	return c
}

// The response import takes its file through the one upload check: a
// spreadsheet workbook renamed .csv is refused at the field and nothing
// is imported.
func TestImportRefusesAWorkbookCalledCSV(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	p := glenmorven(t, d)
	cons, _ := newTestConsultation(t, d, p, "Import check", time.Now().Add(-48*time.Hour), time.Now().Add(-time.Hour))
	before := len(countResponses(t, d, cons))
	code, _, body := upload(t, c, base+responsesPath(cons)+"/import", "PK\x03\x04\x00\x00workbook")
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "The file must be a CSV file") {
		t.Errorf("a workbook called .csv: status %d", code)
	}
	if after := len(countResponses(t, d, cons)); after != before {
		t.Errorf("%d responses imported from a workbook", after-before)
	}
}
