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
	"coplan/internal/db"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/plan"
)

// newDraftPlan adds a plan at the first-draft stage to the demo
// partnership, with its first version.
func newDraftPlan(t *testing.T, d *db.DB) (partnership.Partnership, int64, string) {
	t.Helper()
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	now := time.Now()
	if err := d.QueryRowContext(ctx, `INSERT INTO plans (partnership_id, title, period_start, period_end, stage, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.ID, "Draft plan for the test", "2026-04-01", "2029-03-31",
		string(plan.FirstDraft), now, now).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := plan.StoreFor(d, p, nil).NewVersion(ctx, id, "", audit.System); err != nil {
		t.Fatal(err)
	}
	return p, id, fmt.Sprintf("/staff/partnerships/%s/plans/%d", p.Slug, id)
}

func TestCoveragePageNamesMissingOutcomeAndLocality(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	p, _, path := newDraftPlan(t, d)
	// One arrangement for every locality but Morven Coast, serving every
	// outcome but outcome 6 (carers supported).
	for _, l := range p.Localities {
		if l.Name == "Morven Coast" {
			continue
		}
		code, _, body := c.do("POST", base+path+"/versions/1/arrangements", url.Values{
			"title": {"Arrangement in " + l.Name}, "locality": {itoa(l.ID)},
			"outcomes": {"O1", "O2", "O3", "O4", "O5", "O7", "O8", "O9"}, "principles": {"P1"}, "measures": {"NI-2\nNI-18"}})
		if code != http.StatusSeeOther {
			t.Fatalf("add arrangement: status %d\n%s", code, body)
		}
	}
	code, _, body := c.do("GET", base+path+"/coverage", nil)
	if code != http.StatusOK {
		t.Fatalf("coverage: status %d", code)
	}
	missing := body[strings.Index(body, "What is missing"):]
	if !strings.Contains(missing, "Outcome 6: People who provide unpaid care") {
		t.Error("the coverage check does not name outcome 6")
	}
	places := missing[strings.Index(missing, "Localities with no arrangements"):]
	places = places[:strings.Index(places, "</ul>")]
	if !strings.Contains(places, "<li>Morven Coast</li>") {
		t.Error("the coverage check does not name Morven Coast")
	}
	for _, l := range []string{"Kilbrannan", "Strathard", "Inverlussa"} {
		if strings.Contains(places, l) {
			t.Errorf("the coverage check names %s, which has an arrangement", l)
		}
	}
	if strings.Contains(missing, "Outcome 2:") {
		t.Error("the coverage check names outcome 2, which has arrangements")
	}
}

func TestArrangementWithoutOutcomeIsRefused(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	_, id, path := newDraftPlan(t, d)
	before := auditCount(t, d)
	code, _, body := c.do("POST", base+path+"/versions/1/arrangements", url.Values{"title": {"Something"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "There is a problem") || !strings.Contains(body, `href="#outcomes"`) {
		t.Fatalf("status %d, want 422 with the error summary", code)
	}
	v, _ := planStore(t, d).LatestVersion(context.Background(), id)
	if as, _ := planStore(t, d).Arrangements(context.Background(), v.ID); len(as) != 0 || auditCount(t, d) != before {
		t.Error("a refused arrangement changed something")
	}
}

func TestSectionsVersionsAndDiff(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	_, id, path := newDraftPlan(t, d)
	v1, _ := planStore(t, d).LatestVersion(ctx, id)
	ss, _ := planStore(t, d).Sections(ctx, v1.ID)
	save := func(n int, sec plan.Section, text string) int {
		code, _, _ := c.do("POST", fmt.Sprintf("%s%s/versions/%d/sections/%d", base, path, n, sec.ID),
			url.Values{"title": {sec.Title}, "body": {text}})
		return code
	}
	if code := save(1, ss[0], "Live well at home.\n\nOld line"); code != http.StatusSeeOther {
		t.Fatalf("save section: status %d", code)
	}
	code, loc, _ := c.do("POST", base+path+"/versions", url.Values{"note": {"after the SPG's views"}})
	if code != http.StatusSeeOther || !strings.HasSuffix(strings.SplitN(loc, "?", 2)[0], "/versions/2") {
		t.Fatalf("new version: status %d, location %q", code, loc)
	}
	// Version 1 is superseded: a change is refused and nothing changes.
	if code := save(1, ss[0], "Rewritten"); code != http.StatusConflict {
		t.Errorf("saving a frozen version: status %d, want 409", code)
	}
	v2, _ := planStore(t, d).LatestVersion(ctx, id)
	ss2, _ := planStore(t, d).Sections(ctx, v2.ID)
	if code := save(2, ss2[0], "Live well at home.\n\nNew line"); code != http.StatusSeeOther {
		t.Fatalf("save section in version 2: status %d", code)
	}
	before := auditCount(t, d)
	code, _, body := c.do("POST", fmt.Sprintf("%s%s/versions/2/sections/%d", base, path, ss2[0].ID), url.Values{"title": {""}, "body": {"Lost?"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, fmt.Sprintf(`href="#title-%d"`, ss2[0].ID)) ||
		!strings.Contains(body, "Lost?</textarea>") || auditCount(t, d) != before {
		t.Errorf("a section with no title: status %d; want 422, the error summary, the text kept and nothing changed", code)
	}
	code, _, body = c.do("GET", base+path+"/diff?from=1&to=2", nil)
	if code != http.StatusOK {
		t.Fatalf("diff: status %d", code)
	}
	if !strings.Contains(body, `<ins><span class="visually-hidden">added: </span>New line</ins>`) ||
		!strings.Contains(body, `<del><span class="visually-hidden">removed: </span>Old line</del>`) {
		t.Errorf("the diff does not mark the changed lines:\n%s", body)
	}
	code, _, body = c.do("GET", base+path+"/versions/1", nil)
	if code != http.StatusOK || !strings.Contains(body, "<p>Old line</p>") || strings.Contains(body, "<textarea") {
		t.Errorf("version 1 should be shown read-only: status %d", code)
	}
}

func TestLinkToAnotherPartnershipsPlan(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	_, id, path := newDraftPlan(t, d)
	other, err := partnership.BySlug(ctx, d, "highland")
	if err != nil {
		t.Fatal(err)
	}
	var otherID int64
	now := time.Now()
	if err := d.QueryRowContext(ctx, `INSERT INTO plans (partnership_id, title, period_start, period_end, stage, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, other.ID, "Highland strategic plan", "2025-04-01", "2028-03-31",
		string(plan.Published), now, now).Scan(&otherID); err != nil {
		t.Fatal(err)
	}
	code, _, body := c.do("GET", base+path+"/links", nil)
	if code != http.StatusOK || !strings.Contains(body, "Highland strategic plan") {
		t.Fatalf("links page: status %d, or the other plan is not offered", code)
	}
	code, _, _ = c.do("POST", base+path+"/links", url.Values{"kind": {"take-account"}, "other_plan": {itoa(otherID)},
		"note": {"Both use Raigmore Hospital"}})
	if code != http.StatusSeeOther {
		t.Fatalf("link: status %d", code)
	}
	ls, _ := planStore(t, d).Links(ctx, id)
	if len(ls) != 1 || ls[0].OtherPlanID != otherID || !strings.Contains(ls[0].Title, "Highland strategic plan") {
		t.Errorf("links = %+v", ls)
	}
}

// planStore is the plan store of the demo partnership.
func planStore(t *testing.T, d *db.DB) *plan.Store {
	t.Helper()
	p, err := partnership.BySlug(context.Background(), d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	return plan.StoreFor(d, p, nil)
}
