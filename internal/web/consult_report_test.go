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

// "Reported" is no longer a button with a typed link: the staff page sends
// the officer to the analysis report's page, and a link recorded before
// (the interim rule of issue 10, item 6) still shows on the public page
// (issue 13, item 9).
func TestReportedComesFromTheAnalysisReport(t *testing.T) {
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
	code, _, body := cl.do("GET", page, nil)
	if code != 200 || strings.Contains(body, `name="report-link"`) || !strings.Contains(body, fmt.Sprintf(`/consultations/%d/analysis/report"`, c.ID)) {
		t.Fatalf("the consultation's page does not lead to the analysis report (status %d)", code)
	}
	if code, _, _ := builderPost(cl, page+"/stage", url.Values{"stage": {"reported"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("reported set by hand: status %d", code)
	}
	// A link recorded under the interim rule.
	if err := consult.ReportPublished(ctx, d, p.ID, c.ID, "https://www.glenmorven.example/report", time.Now()); err != nil {
		t.Fatal(err)
	}
	public := fmt.Sprintf("%s/partnerships/glenmorven/consultations/%d", base, c.ID)
	code, _, body = newClient(t).do("GET", public, nil)
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
