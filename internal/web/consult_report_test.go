package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/demo"
	"coplan/internal/partnership"
)

// "Analysis report published" is refused without the report's address and,
// given a link, the consultation's public page links to the report (issue
// 10, item 6).
func TestAnalysisReportNeedsItsAddress(t *testing.T) {
	cl, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	then := time.Now().Add(-72 * time.Hour)
	st := consult.StoreFor(d, p, func() time.Time { return then })
	c, _, err := st.CreateConsultation(ctx, consult.Consultation{Title: "Respite in Kilbrannan", Audience: consult.Public,
		OpensAt: then.Add(time.Hour), ClosesAt: then.Add(24 * time.Hour)},
		consult.Questionnaire{Sections: []consult.Section{{Title: "Respite", Questions: []consult.Question{
			{Code: "Q1", Kind: consult.Text, Text: "What would help?"}}}}}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	for _, stage := range []string{"published", "analysed"} {
		if err := st.SetStage(ctx, c.ID, stage, audit.System); err != nil {
			t.Fatal(stage, err)
		}
	}
	page := fmt.Sprintf("%s/staff/partnerships/glenmorven/consultations/%d", base, c.ID)
	if code, _, body := cl.do("GET", page, nil); code != 200 || !strings.Contains(body, `name="report-link"`) {
		t.Fatalf("the consultation's page has no box for the report's link (status %d)", code)
	}
	code, _, text := builderPost(cl, page+"/stage", url.Values{"stage": {"reported"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(text, "Enter the link to the published analysis report") {
		t.Fatalf("reported with nothing behind it: status %d", code)
	}
	code, _, text = builderPost(cl, page+"/stage", url.Values{"stage": {"reported"}, "report-link": {"www.glenmorven.example/report"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(text, "starting with https://") || !strings.Contains(text, `value="www.glenmorven.example/report"`) {
		t.Fatalf("a link without https: status %d", code)
	}
	if code, _, _ := builderPost(cl, page+"/stage", url.Values{"stage": {"reported"}, "report-link": {"https://www.glenmorven.example/report"}}); code != http.StatusSeeOther {
		t.Fatalf("reported with a link: status %d", code)
	}
	public := fmt.Sprintf("%s/partnerships/glenmorven/consultations/%d", base, c.ID)
	code, _, body := newClient(t).do("GET", public, nil)
	if code != 200 || !strings.Contains(body, `<a href="https://www.glenmorven.example/report">Read the analysis report</a>`) {
		t.Errorf("the public page does not link to the report (status %d)", code)
	}
}

// The consultation's pages give a time as "closes on 23 December 2026 at
// 11:59pm", one format throughout (issue 10, item 17).
func TestConsultationDatesReadAsASentence(t *testing.T) {
	base, _, _, c, _ := respondSite(t)
	onAt := regexp.MustCompile(`closes on \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4} at \d{1,2}:\d{2}(am|pm)\.`)
	_, _, page := newClient(t).do("GET", base+"/partnerships/glenmorven/consultations/"+itoa(c.ID), nil)
	if !onAt.MatchString(page) || strings.Contains(page, "closes at") {
		t.Error(`the public page does not say "closes on <date> at <time>"`)
	}
	_, _, page = newClient(t).do("GET", base+"/partnerships/glenmorven/consultations", nil)
	if !regexp.MustCompile(`Closes on \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm)`).MatchString(page) {
		t.Error(`the list of consultations does not say "Closes on <date> at <time>"`)
	}
}
