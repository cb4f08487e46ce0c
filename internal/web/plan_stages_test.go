package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"coplan/internal/db"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/plan"
)

// demoPlanByTitle finds one of the demo partnership's plans.
func demoPlanByTitle(t *testing.T, d *db.DB, title string) (partnership.Partnership, plan.Plan) {
	t.Helper()
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := plan.StoreFor(d, p, nil).Plans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, pl := range ps {
		if pl.Title == title {
			return p, pl
		}
	}
	t.Fatalf("the demo has no plan %q", title)
	return p, plan.Plan{}
}

// The demo's replacement plan cannot go out to consultation while a
// prescribed group has no addressee: the page says which, with 422, and
// nothing changes. Once the group is reached, the move is made.
func TestAdvanceRefusedNamesMissingGroup(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	_, pl := demoPlanByTitle(t, d, demo.ReplacementPlanTitle)
	if pl.Stage != plan.SecondDraft {
		t.Fatalf("the demo replacement plan is at %q, want the second draft", pl.Stage)
	}
	path := base + "/staff/partnerships/" + demo.Slug + "/plans/" + itoa(pl.ID)
	code, _, page := c.do("GET", path, nil)
	if code != http.StatusOK || !strings.Contains(page, "What the law still requires") ||
		!strings.Contains(page, "representatives of: carers of users of social care") {
		t.Fatalf("overview: status %d; the page does not say what the law still requires", code)
	}
	// issue 10, item 17: a move that would be refused says why before the
	// click, and offers no button that would fail.
	if strings.Contains(page, `action="/staff/partnerships/glenmorven/plans/`+itoa(pl.ID)+`/advance"`) ||
		strings.Contains(page, "Move to the next stage") {
		t.Error("the page offers a button to a move the law refuses")
	}
	events, _ := planStore(t, d).StageEvents(ctx, pl.ID)
	audits := auditCount(t, d)

	code, _, page = c.do("POST", path+"/advance", url.Values{"to": {string(plan.Consultation)}, "on": {"2026-11-01"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("advance: status %d, want 422", code)
	}
	for _, want := range []string{"There is a problem", `href="#stage"`, `id="stage"`,
		"the second draft has not been sent to representatives of: carers of users of social care (s.33(4))"} {
		if !strings.Contains(page, want) {
			t.Errorf("the refusal page does not show %q", want)
		}
	}
	after, _ := planStore(t, d).Plan(ctx, pl.ID)
	if after.Stage != plan.SecondDraft {
		t.Errorf("a refused move changed the stage to %q", after.Stage)
	}
	if es, _ := planStore(t, d).StageEvents(ctx, pl.ID); len(es) != len(events) {
		t.Error("a refused move recorded a stage event")
	}
	if auditCount(t, d) != audits {
		t.Error("a refused move was audited")
	}

	// Record the group's addressee through the recipients form, then move.
	code, loc, _ := c.do("POST", path+"/recipients", url.Values{"stage": {"second-draft"}, "kind": {"prescribed-group"},
		"group": {"carers-social-care"}, "name": {"Glenmorven Carers Centre"}, "sent_on": {"2026-10-30"}})
	if code != http.StatusSeeOther {
		t.Fatalf("recipient: status %d", code)
	}
	if _, _, page = c.do("GET", base+loc, nil); !strings.Contains(page, "The recipient has been recorded") {
		t.Error("no notice after recording a recipient")
	}
	if _, _, page = c.do("GET", path, nil); !strings.Contains(page, "Move to the next stage") {
		t.Error("once the law allows the move, the page offers no button for it")
	}
	code, loc, _ = c.do("POST", path+"/advance", url.Values{"to": {string(plan.Consultation)}, "on": {"2026-11-01"}})
	if code != http.StatusSeeOther {
		t.Fatalf("advance after reaching every group: status %d", code)
	}
	if _, _, page = c.do("GET", base+loc, nil); !strings.Contains(page, "1 November 2026, by") {
		t.Error("the timeline does not show the dated move")
	}
	if after, _ = planStore(t, d).Plan(ctx, pl.ID); after.Stage != plan.Consultation {
		t.Errorf("stage %q after the move", after.Stage)
	}
}

// The plans list shows the plan in force and its review clock; the plan in
// force shows it is being replaced.
func TestPlansListAndReviewClock(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	_, old := demoPlanByTitle(t, d, demo.PublishedPlanTitle)
	code, _, page := c.do("GET", base+"/staff/partnerships/"+demo.Slug+"/plans", nil)
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	for _, want := range []string{demo.PublishedPlanTitle, demo.ReplacementPlanTitle, "Its next review is due by", "20 March 2029"} {
		if !strings.Contains(page, want) {
			t.Errorf("the plans list does not show %q", want)
		}
	}
	_, _, page = c.do("GET", base+"/staff/partnerships/"+demo.Slug+"/plans/"+itoa(old.ID), nil)
	if !strings.Contains(page, "Being replaced by") {
		t.Error("the plan in force does not say it is being replaced")
	}
	// The s.38 direction and a second replacement are refused while one is in progress.
	code, _, page = c.do("POST", base+"/staff/partnerships/"+demo.Slug+"/plans/"+itoa(old.ID)+"/replacement",
		url.Values{"title": {"Another"}, "period_start": {"2027-04-01"}, "period_end": {"2030-03-31"}, "effective_on": {"2027-04-01"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "already been started") {
		t.Errorf("a second replacement: status %d", code)
	}
}

// The partnership dashboard shows the plan in force and when its review is
// due (s.37).
func TestDashboardShowsReviewClock(t *testing.T) {
	c, base, _ := signedIn(t, "officer@glenmorven.example")
	code, _, body := c.do("GET", base+"/staff/partnerships/glenmorven", nil)
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	for _, want := range []string{"Strategic plan", "Its next review is due by", "20 March 2029", "Review not yet due"} {
		if !strings.Contains(body, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
}
