package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"coplan/internal/civil"
	"coplan/internal/demo"
	"coplan/internal/finance"
	"coplan/internal/partnership"
	"coplan/internal/performance"
	"coplan/internal/statute"
)

// The demo's performance report (issue 14 item 6): the dashboard shows its
// due date and links it; the staff page names the one unmet item; a
// section saved with the form comes back; an entry without a title is
// refused at its field and changes nothing; the public report prints
// every section with charts and tables, a print stylesheet and a link to
// the board paper, which has the same content; the open data gives the
// published report and a 404 in JSON for a year not published.
func TestPerformanceReportPages(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	y := performance.LatestYear(civil.Day(time.Now()))
	ys := itoa(int64(y))
	staff := base + "/staff/partnerships/glenmorven"
	_, _, body := c.do("GET", staff, nil)
	if !strings.Contains(body, `/staff/partnerships/glenmorven/performance/`+ys+`"`) || !strings.Contains(body, performance.Due(y).String()) {
		t.Error("the dashboard does not show the report's due date and link")
	}
	if !strings.Contains(body, `/staff/partnerships/glenmorven/performance"`) {
		t.Error("the dashboard does not link the reports")
	}
	code, _, body := c.do("GET", staff+"/performance", nil)
	if code != http.StatusOK || !strings.Contains(body, "Published (version 1)") {
		t.Fatalf("years page %d", code)
	}
	code, _, body = c.do("GET", staff+"/performance/"+ys, nil)
	if code != http.StatusOK || !strings.Contains(body, "1 requirement is not met") || !strings.Contains(body, demo.UnmetInspection) {
		t.Fatalf("staff page %d, or the unmet item is not named", code)
	}
	code, _, _ = c.do("POST", staff+"/performance/"+ys+"/sections", url.Values{"section": {"best-value"}, "body-best-value": {"Better value this year."}})
	if code != http.StatusSeeOther {
		t.Fatalf("save section: %d", code)
	}
	_, _, body = c.do("GET", staff+"/performance/"+ys+"/preview", nil)
	if !strings.Contains(body, "Better value this year.") || !strings.Contains(body, "Preview") {
		t.Error("the preview does not show the saved section")
	}
	// This year's preview carries the commissioning work people took part
	// in this year, with its problems in plain words.
	this := itoa(int64(finance.YearOf(civil.Day(time.Now()))))
	_, _, body = c.do("GET", staff+"/performance/"+this+"/preview", nil)
	if !strings.Contains(body, demo.TokenisticWork) || !strings.Contains(body, "A decision was recorded before anyone was asked") {
		t.Error("this year's preview does not show the commissioning work and its problems")
	}
	audits := auditCount(t, d)
	code, _, body = c.do("POST", staff+"/performance/"+ys+"/entries", url.Values{"kind": {"lesson"}, "body": {"Went wrong"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter a title") || auditCount(t, d) != audits {
		t.Errorf("an entry without a title: %d", code)
	}

	code, _, public := c.do("GET", base+"/partnerships/glenmorven/performance-report", nil)
	if code != http.StatusOK {
		t.Fatalf("public report %d", code)
	}
	_, _, paper := c.do("GET", base+"/partnerships/glenmorven/performance-report/board-paper?year="+ys, nil)
	for _, s := range statute.ReportSections() {
		if !strings.Contains(public, ">"+s.Title+"</h2>") || !strings.Contains(paper, s.Title+"</h2>") {
			t.Errorf("section %q missing from a template", s.Title)
		}
	}
	for _, want := range []string{"<svg", "<table", `href="/static/plan-print.css" media="print"`, "performance-report/board-paper?year=" + ys,
		demo.UnmetInspection, "Home from hospital the same day", "Illustrative"} {
		if !strings.Contains(public, want) {
			t.Errorf("the public report lacks %q", want)
		}
	}
	if !strings.Contains(paper, "Recommendation") || !strings.Contains(paper, "Home from hospital the same day") || !strings.Contains(paper, "<svg") {
		t.Error("the board paper lacks the same content")
	}
	// Unpublished text is not public until a new version is published.
	if strings.Contains(public, "Better value this year.") {
		t.Error("an unpublished change is public")
	}

	code, _, body = c.do("GET", base+"/api/v1/partnerships/glenmorven/performance-report?year="+ys, nil)
	var got struct {
		Version int               `json:"version"`
		Unmet   []performance.Gap `json:"unmet_requirements"`
		Report  performance.Report
	}
	if err := json.Unmarshal([]byte(body), &got); code != http.StatusOK || err != nil || got.Version != 1 || len(got.Unmet) != 1 || len(got.Report.Outcomes) != 9 {
		t.Fatalf("api %d %v %+v", code, err, got.Unmet)
	}
	code, _, body = c.do("GET", base+"/api/v1/partnerships/glenmorven/performance-report?year=2016", nil)
	if code != http.StatusNotFound || !strings.HasPrefix(strings.TrimSpace(body), "{") {
		t.Errorf("api for an unpublished year: %d %s", code, body)
	}

	// A partnership with no report: a page saying so, not an error.
	ps, err := partnership.List(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Slug != demo.Slug {
			code, _, body = c.do("GET", base+"/partnerships/"+p.Slug+"/performance-report", nil)
			if code != http.StatusOK || !strings.Contains(body, "has not published a performance report yet") {
				t.Errorf("%s with no report: %d", p.Slug, code)
			}
			break
		}
	}

	// Publishing again is a correction: version 2 with the new text.
	code, _, _ = c.do("POST", staff+"/performance/"+ys+"/publish", url.Values{"anyway": {"yes"}})
	if code != http.StatusSeeOther {
		t.Fatalf("publish: %d", code)
	}
	_, _, public = c.do("GET", base+"/partnerships/glenmorven/performance-report?year="+ys, nil)
	if !strings.Contains(public, "Version 2") || !strings.Contains(public, "Better value this year.") {
		t.Error("the correction is not published as version 2")
	}
}
