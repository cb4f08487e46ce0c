package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"coplan/internal/demo"
	"coplan/internal/directions/planlink"
	"coplan/internal/meeting"
	"coplan/internal/partnership"
)

// A direction's form offers the plans' arrangements to tick; one ticked
// shows on the public register; an arrangement that is not the
// partnership's is refused at its field and nothing is issued (issue 14
// item 2).
func TestDirectionPicksArrangements(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	arrs, err := planlink.Arrangements(ctx, d, p.ID)
	if err != nil || len(arrs) == 0 {
		t.Fatalf("no arrangements to pick: %v", err)
	}
	decs, err := meeting.DecisionsIn(ctx, d, p.ID)
	if err != nil || len(decs) == 0 {
		t.Fatalf("no decisions: %v", err)
	}
	fns, err := partnership.FunctionsOf(ctx, d, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var fn partnership.Function
	for _, f := range fns {
		if f.Name == demo.UndirectedFunction {
			fn = f
		}
	}
	staff := base + "/staff/partnerships/glenmorven/directions"
	code, _, body := c.do("GET", staff, nil)
	if code != http.StatusOK || !strings.Contains(body, `value="`+itoa(arrs[0].ID)+`"`) || !strings.Contains(body, arrs[0].Title) {
		t.Fatalf("the form does not offer %q: %d", arrs[0].Title, code)
	}
	fid := itoa(fn.ID)
	form := url.Values{"reference": {"D2026-90"}, "year": {"2026"}, "addressee": {"health-board"}, "functions": {fid},
		"how-" + fid: {"Lend equipment within a week of assessment."}, "budget-" + fid: {"1,000,000"},
		"decision": {itoa(decs[0].ID)}, "issued_on": {"2026-05-01"}, "review_on": {"2027-03-31"},
		"arrangements": {"987654321"}}
	audits := auditCount(t, d)
	code, _, body = c.do("POST", staff, form)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Select arrangements of the partnership") {
		t.Fatalf("an arrangement not the partnership's: %d", code)
	}
	if n := auditCount(t, d); n != audits {
		t.Errorf("a refused direction wrote %d audit entries", n-audits)
	}
	form.Set("arrangements", itoa(arrs[0].ID))
	if code, _, body = c.do("POST", staff, form); code != http.StatusSeeOther {
		t.Fatalf("issuing: %d", code)
	}
	_, _, body = c.do("GET", base+"/partnerships/glenmorven/directions", nil)
	i := strings.Index(body, "D2026-90")
	if i < 0 || !strings.Contains(body[i:], "<li>"+arrs[0].Title) {
		t.Errorf("the public register does not show D2026-90's arrangement %q", arrs[0].Title)
	}
}
