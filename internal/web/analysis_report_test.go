package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/plan"
)

// analysedConsultation is the demo's analysed consultation.
func analysedConsultation(t *testing.T, d *db.DB) (partnership.Partnership, consult.Consultation) {
	t.Helper()
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := consult.Consultations(ctx, d, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Title == demo.AnalysedTitle {
			return p, c
		}
	}
	t.Fatal("no analysed consultation in the demo")
	return p, consult.Consultation{}
}

type analysisJSON struct {
	Responses int `json:"responses"`
	Version   int `json:"version"`
	Reach     struct {
		Breakdowns []struct {
			Key    string `json:"key"`
			Groups []struct {
				Label string `json:"label"`
				Flag  string `json:"flag"`
			} `json:"groups"`
		} `json:"breakdowns"`
	} `json:"reach"`
	Tallies []struct {
		Question string `json:"question"`
	} `json:"tallies"`
	Themes []struct {
		Name      string `json:"name"`
		Responses int    `json:"responses"`
		Quotes    []struct {
			Text, Name, Reference string
		} `json:"quotes"`
	} `json:"themes"`
}

// The published report is a public page with its figures, charts with
// their tables and quotes, printable, linked from the consultation's page;
// its open data answers with the same; a quote leaves both when its
// response is later withheld; a consultation without a published report
// has no open data (404, as JSON) (issue 13, items 9 and 11).
func TestAnalysisReportPublicAndOpenData(t *testing.T) {
	cl, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p, c := analysedConsultation(t, d)
	report := fmt.Sprintf("%s/partnerships/glenmorven/consultations/%d/report", base, c.ID)
	api := fmt.Sprintf("%s/api/v1/partnerships/glenmorven/consultations/%d/analysis", base, c.ID)
	public := newClient(t)

	code, _, page := public.do("GET", fmt.Sprintf("%s/partnerships/glenmorven/consultations/%d", base, c.ID), nil)
	if code != 200 || !strings.Contains(page, fmt.Sprintf(`href="/partnerships/glenmorven/consultations/%d/report"`, c.ID)) {
		t.Fatalf("the consultation's public page does not link to its report (status %d)", code)
	}
	code, _, page = public.do("GET", report, nil)
	if code != 200 {
		t.Fatalf("the report: status %d", code)
	}
	for _, want := range []string{"<h1", "How we analysed the responses", "Who responded", "Morven Coast", "What people chose",
		`<svg`, `<table`, "What people told us", "What happens next", `href="/static/plan-print.css" media="print"`, "Cohen’s kappa"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if n := strings.Count(page, "<h1"); n != 1 {
		t.Errorf("%d h1s", n)
	}

	var data analysisJSON
	code, _, body := public.do("GET", api, nil)
	if code != 200 || json.Unmarshal([]byte(body), &data) != nil {
		t.Fatalf("the open data: status %d, %.200s", code, body)
	}
	if data.Responses < 2000 || len(data.Tallies) != 2 || len(data.Themes) != 8 || data.Version != 1 {
		t.Fatalf("the open data: %d responses, %d tallies, %d themes, version %d", data.Responses, len(data.Tallies), len(data.Themes), data.Version)
	}
	var quote, ref string
	for _, th := range data.Themes {
		if len(th.Quotes) > 0 {
			quote, ref = th.Quotes[0].Text, th.Quotes[0].Reference
			break
		}
	}
	if quote == "" {
		t.Fatal("the open data quotes nobody")
	}
	shown := strings.Count(htmlText(page), quote) // another response may have written the same words
	if shown == 0 {
		t.Errorf("the page does not show the quote %q", quote)
	}

	// The quoted response is withheld after publishing, by an officer.
	rs, err := consult.Responses(ctx, d, p.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	withheld := false
	for _, r := range rs {
		if r.Reference == ref {
			at := fmt.Sprintf("%s/staff/partnerships/glenmorven/consultations/%d/responses/%d/check", base, c.ID, r.ID)
			if code, _, _ := cl.do("POST", at, url.Values{"decision": {"withheld"}, "reason": {"It names a neighbour."}}); code != http.StatusSeeOther {
				t.Fatalf("withholding: status %d", code)
			}
			withheld = true
		}
	}
	if !withheld {
		t.Fatalf("no response %s", ref)
	}
	_, _, body = public.do("GET", api, nil)
	_, _, page = public.do("GET", report, nil)
	if strings.Contains(body, `"`+ref+`"`) {
		t.Error("the open data still quotes the withheld response")
	}
	if strings.Count(htmlText(page), quote) >= shown {
		t.Error("the report still quotes the withheld response")
	}

	// Another consultation has no published report: 404, as JSON.
	var other consult.Consultation
	cs, _ := consult.Consultations(ctx, d, p.ID)
	for _, x := range cs {
		if x.ID != c.ID && !x.PublishedAt.IsZero() {
			other = x
			break
		}
	}
	code, _, body = public.do("GET", fmt.Sprintf("%s/api/v1/partnerships/glenmorven/consultations/%d/analysis", base, other.ID), nil)
	if code != http.StatusNotFound || !json.Valid([]byte(body)) {
		t.Errorf("open data before the report: status %d, %.100s", code, body)
	}
	if code, _, _ := public.do("GET", fmt.Sprintf("%s/partnerships/glenmorven/consultations/%d/report", base, other.ID), nil); code != http.StatusNotFound {
		t.Errorf("a report before publishing: status %d", code)
	}

	// The staff's preview; a correction is version 2 and version 1 stays.
	staff := fmt.Sprintf("%s/staff/partnerships/glenmorven/consultations/%d/analysis/report", base, c.ID)
	if code, _, page := cl.do("GET", staff, nil); code != 200 || !strings.Contains(page, "Publish a correction") {
		t.Fatalf("the staff's report page: status %d", code)
	}
	if code, _, text := builderPost(cl, staff, url.Values{"next-steps": {"  "}}); code != http.StatusUnprocessableEntity || !strings.Contains(text, "Enter what happens next") {
		t.Errorf("a correction without what happens next: status %d", code)
	}
	if code, _, _ := builderPost(cl, staff, url.Values{"next-steps": {"The board decides in April."}}); code != http.StatusSeeOther {
		t.Fatalf("a correction: status %d", code)
	}
	_, _, page = public.do("GET", report, nil)
	if !strings.Contains(page, "The board decides in April.") || !strings.Contains(page, "?version=1") {
		t.Error("the report does not show the correction and its versions")
	}
	if code, _, page := public.do("GET", report+"?version=1", nil); code != 200 || strings.Contains(page, "The board decides in April.") ||
		!strings.Contains(page, "since corrected") {
		t.Errorf("version 1 is not as it was published (status %d)", code)
	}

	// The themes into a plan, as views with their counts, once only.
	plans, err := plan.StoreFor(d, p, nil).Plans(ctx)
	if err != nil || len(plans) == 0 {
		t.Fatalf("no plans: %v", err)
	}
	before, _ := plan.StoreFor(d, p, nil).Views(ctx, plans[0].ID)
	for range 2 {
		if code, _, _ := builderPost(cl, staff+"/plan", url.Values{"plan": {fmt.Sprint(plans[0].ID)}}); code != http.StatusSeeOther {
			t.Fatalf("themes into the plan: status %d", code)
		}
	}
	after, _ := plan.StoreFor(d, p, nil).Views(ctx, plans[0].ID)
	if len(after)-len(before) != 8 {
		t.Errorf("%d views added, want one a theme (8)", len(after)-len(before))
	}
	pub, _ := plan.StoreFor(d, p, nil).PublicViews(ctx, plans[0].ID)
	found := false
	for _, v := range pub {
		if v.ConsultationID == c.ID && strings.Contains(v.Summary, "responses") {
			found = true
		}
	}
	if !found {
		t.Error("the themes' views are not among the plan's public views")
	}
}

// Over the demo's 2,000 generated responses, with their random publishing
// preferences and their withholdings and redactions, no words of a
// response that may not be published, and none a redaction removed,
// appear in the published report's page (which is also its print layout)
// or its open data (issue 13, "Done when"). Words another response also
// wrote are not tested: they may be quoted from that one.
func TestAnalysisReportQuotesOnlyWhatMayBePublished(t *testing.T) {
	_, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p, c := analysedConsultation(t, d)
	public := newClient(t)
	_, _, page := public.do("GET", fmt.Sprintf("%s/partnerships/glenmorven/consultations/%d/report", base, c.ID), nil)
	_, _, body := public.do("GET", fmt.Sprintf("%s/api/v1/partnerships/glenmorven/consultations/%d/analysis", base, c.ID), nil)
	var data analysisJSON
	if err := json.Unmarshal([]byte(body), &data); err != nil {
		t.Fatal(err)
	}
	apiQuotes, apiNames := map[string]bool{}, map[string]bool{}
	for _, th := range data.Themes {
		for _, q := range th.Quotes {
			apiQuotes[q.Text], apiNames[q.Name] = true, true
		}
	}
	page = htmlText(page)
	rs, err := consult.Responses(ctx, d, p.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	writers, names := map[string]int{}, map[string]int{}
	for _, r := range rs {
		names[r.Respondent.Name]++
		for _, a := range r.Answers {
			if a.Text != "" {
				writers[a.Text]++
			}
		}
	}
	hidden, quoted := 0, 0
	for _, r := range rs {
		pub, ok := consult.Publishable(r)
		for qid, a := range r.Answers {
			if a.Text == "" || writers[a.Text] > 1 {
				continue
			}
			may := ok && strings.TrimSpace(pub.Answers[qid].Text) == strings.TrimSpace(a.Text)
			if may {
				if apiQuotes[strings.TrimSpace(a.Text)] {
					quoted++
				}
				continue
			}
			hidden++
			// The page quotes between “ and ”; the open data quotes whole.
			if strings.Contains(page, "“"+strings.TrimSpace(a.Text)+"”") || apiQuotes[strings.TrimSpace(a.Text)] {
				t.Errorf("response %s (%s, %s) is quoted", r.Reference, r.Check, r.Respondent.Publish)
			}
		}
		if ok && pub.Name == "" && names[r.Respondent.Name] == 1 && apiNames[r.Respondent.Name] {
			t.Errorf("response %s is named against its preference", r.Reference)
		}
	}
	if hidden < 100 || quoted == 0 {
		t.Errorf("%d answers may not be published and %d are quoted: the test shows nothing", hidden, quoted)
	}
}
