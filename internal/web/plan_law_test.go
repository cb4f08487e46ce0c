package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/finance"
	"coplan/internal/plan"
	"coplan/internal/statute"
)

// The stage page of a final plan says the annual financial statement for
// the plan's year must be published before publication, naming s.39, and
// stops saying so once the finance room has published it (issue 10, item
// 5; issue 14, item 3: an uploaded document no longer counts).
func TestStagePageNamesMissingFinancialStatement(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p, id, path := newDraftPlan(t, d)
	// A plan for a year no statement has been published for.
	if _, err := d.ExecContext(ctx, `UPDATE plans SET stage = $1, period_start = '2030-04-01', period_end = '2033-03-31' WHERE id = $2`,
		string(plan.Final), id); err != nil {
		t.Fatal(err)
	}
	const missing = "no annual financial statement for 2030-31 has been published"
	code, _, body := c.do("GET", base+path, nil)
	if code != http.StatusOK || !strings.Contains(body, missing) || !strings.Contains(body, "section 39") {
		t.Fatalf("stage page: status %d, or it does not say the financial statement is missing", code)
	}
	if _, err := plan.StoreFor(d, p, nil).AddDocument(ctx, plan.Document{PlanID: id, Kind: plan.FinancialStatement,
		Title: "Annual financial statement", Filename: "afs.pdf", ContentType: "application/pdf"}, []byte("%PDF-1.4\n"), audit.System); err != nil {
		t.Fatal(err)
	}
	if _, _, body = c.do("GET", base+path, nil); !strings.Contains(body, missing) {
		t.Error("an uploaded document stands for the generated financial statement")
	}
	st := finance.StoreFor(d, p, civil.SystemClock)
	if _, err := st.SaveBudget(ctx, finance.Budget{Year: 2030, Partner: p.HealthBoard, Pence: 1_000_000_00}, audit.System); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Publish(ctx, 2030, audit.System); err != nil {
		t.Fatal(err)
	}
	if _, _, body = c.do("GET", base+path, nil); strings.Contains(body, missing) {
		t.Error("the stage page still says the financial statement is missing after it was published")
	}
}

// A s.38 direction is recorded only with its ground and with the health
// board and every council joined; the review page shows both (issue 10,
// item 8).
func TestDirectionNeedsGroundAndEveryPartner(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p, id, path := newDraftPlan(t, d)
	if _, err := d.ExecContext(ctx, `UPDATE plans SET stage = $1, published_at = $2 WHERE id = $3`, string(plan.Published),
		time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), id); err != nil {
		t.Fatal(err)
	}
	code, _, body := c.do("GET", base+path+"/review", nil)
	if code != http.StatusOK || !strings.Contains(body, `name="joined_by"`) || !strings.Contains(body, `name="ground"`) {
		t.Fatalf("review page: status %d, or the direction form lacks who joined and the ground", code)
	}
	form := url.Values{"given_on": {"2026-06-01"}, "ground": {plan.GroundLikelyToPrevent}, "joined_by": {p.HealthBoard},
		"reason":  {"The plan moves the budget for hospital beds the health board must keep open."},
		"d_title": {"Replacement plan"}, "d_period_start": {"2026-10-01"}, "d_period_end": {"2029-09-30"}, "d_effective_on": {"2026-10-01"}}
	code, _, body = c.do("POST", base+path+"/direction", form)
	council := p.LocalAuthorityNames()[0]
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, council+" did not join") {
		t.Fatalf("a direction without the council: status %d", code)
	}
	form["joined_by"] = p.Partners()
	if code, _, _ = c.do("POST", base+path+"/direction", form); code != http.StatusSeeOther {
		t.Fatalf("a joint direction: status %d", code)
	}
	_, _, body = c.do("GET", base+path+"/review", nil)
	for _, want := range []string{"is likely to prevent them carrying out their functions appropriately", strings.Join(p.Partners(), ", ")} {
		if !strings.Contains(body, want) {
			t.Errorf("the review page does not show %q", want)
		}
	}
}

// The links page offers and checks the guidance's whole list of plans to
// correlate with, by code (issue 10, item 7).
func TestLinksPageOffersTheGuidancesPlans(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	_, _, path := newDraftPlan(t, d)
	code, _, body := c.do("GET", base+path+"/links", nil)
	if code != http.StatusOK {
		t.Fatalf("links page: status %d", code)
	}
	for _, rp := range statute.RelatedPlans() {
		if !strings.Contains(body, `value="`+rp.Code+`"`) {
			t.Errorf("the form does not offer %q", rp.Text)
		}
	}
	for _, want := range []string{"NHS clinical strategies", "Community plans", "Other local corporate plans", "NHS health board and integration authority workforce plans"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page does not list %q", want)
		}
	}
	if code, _, body := c.do("POST", base+path+"/links", url.Values{"kind": {"correlate"}, "title": {"Glenmorven clinical strategy"},
		"url": {"https://glenmorven.example/clinical"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "which of the plans the guidance names") {
		t.Fatalf("a plan to correlate with, not one of the guidance's: status %d", code)
	}
	if code, _, _ := c.do("POST", base+path+"/links", url.Values{"kind": {"correlate"}, "related_plan": {"clinical"},
		"title": {"Glenmorven clinical strategy"}, "url": {"https://glenmorven.example/clinical"}}); code != http.StatusSeeOther {
		t.Fatalf("link: status %d", code)
	}
	_, _, body = c.do("GET", base+path+"/links", nil)
	row := regexp.MustCompile(`(?s)<td>NHS clinical strategies</td>.*?</tr>`).FindString(body)
	if !strings.Contains(row, "Glenmorven clinical strategy") {
		t.Errorf("the clinical strategy is not shown against the guidance's line: %q", row)
	}
}
