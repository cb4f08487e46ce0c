package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/plan"
)

// waitingResponse enters an email response to the demo's open guidance
// consultation, which nobody has checked, and returns it.
func waitingResponse(t *testing.T, st *consult.Store, name string) consult.Response {
	t.Helper()
	ctx := context.Background()
	cs, err := st.Consultations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Title != demo.GuidanceTitle {
			continue
		}
		r, err := st.EnterResponse(ctx, c, consult.Response{Channel: consult.Email,
			Respondent: consult.Respondent{Type: consult.Individual, Name: name, Publish: consult.WithoutName, ContactSet: true}},
			"GLE", audit.Actor{Name: "Test"})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	t.Fatal("the demo has no guidance consultation")
	return consult.Response{}
}

// The officer's dashboard lists what needs doing: the plan in progress with
// the next thing the law requires, the open consultations with their
// responses, and the responses waiting to be checked across consultations.
// issue 10, item 16
func TestDashboardShowsWhatNeedsDoing(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.StoreFor(d, p, time.Now).SavePlan(ctx, plan.Plan{Title: "Glenmorven Test Plan", PeriodStart: "2030-04-01",
		PeriodEnd: "2033-03-31"}, audit.Actor{Name: "Test"}); err != nil {
		t.Fatal(err)
	}
	cst := consult.StoreFor(d, p, time.Now)
	waitingResponse(t, cst, "Ann Test")
	n, err := cst.ToCheck(ctx)
	if err != nil || n == 0 {
		t.Fatalf("%d responses to check (%v), want some", n, err)
	}
	code, _, body := c.do("GET", base+"/staff/partnerships/glenmorven", nil)
	if code != http.StatusOK {
		t.Fatalf("dashboard: status %d", code)
	}
	for _, want := range []string{
		"What needs doing",
		"Glenmorven Test Plan",
		"It cannot move to Proposals yet, as the law requires:",
		"<li>The communication and engagement plan has not been recorded</li>",
		"1 claim is waiting for a decision",
		"1 paper for this meeting was issued on",
		demo.GuidanceTitle,
		fmt.Sprintf(`href="/staff/partnerships/glenmorven/checking">%d responses are waiting to be checked</a>`, n),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the dashboard does not show %q", want)
		}
	}
}

// One checking queue lists every response waiting to be checked, across
// the partnership's consultations, a page at a time, each linking to the
// page where it is checked; a checked response leaves it.
// issue 10, item 16
func TestCheckingQueue(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	cst := consult.StoreFor(d, p, time.Now)
	first := waitingResponse(t, cst, "Queue Test")
	for i := range 60 { // more than one page
		waitingResponse(t, cst, fmt.Sprintf("Queue Test %d", i))
	}
	n, err := cst.ToCheck(ctx)
	if err != nil || n < 61 {
		t.Fatalf("%d responses to check (%v), want at least 61", n, err)
	}
	code, _, body := c.do("GET", base+"/staff/partnerships/glenmorven/checking", nil)
	if code != http.StatusOK {
		t.Fatalf("checking queue: status %d", code)
	}
	link := fmt.Sprintf(`href="/staff/partnerships/glenmorven/consultations/%d/responses/%d"`, first.ConsultationID, first.ID)
	for _, want := range []string{fmt.Sprintf("%d responses are waiting to be checked", n), "Page 1 of 2", link, first.Reference,
		demo.GuidanceTitle, `href="/staff/partnerships/glenmorven/checking?page=2"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the checking queue does not show %q", want)
		}
	}
	if rows := strings.Count(body, "<tr>") - 1; rows != 50 {
		t.Errorf("the first page lists %d responses, want 50", rows)
	}
	_, _, body = c.do("GET", base+"/staff/partnerships/glenmorven/checking?page=2", nil)
	if rows := strings.Count(body, "<tr>") - 1; rows != n-50 {
		t.Errorf("the second page lists %d responses, want %d", rows, n-50)
	}
	if !strings.Contains(body, `href="/staff/partnerships/glenmorven/checking?page=1"`) {
		t.Error("the second page has no link back to the first")
	}

	// Checked, the response leaves the queue.
	cs, _ := cst.Consultation(ctx, first.ConsultationID)
	if err := cst.SetCheck(ctx, cs, first.ID, consult.Accepted, "", nil, audit.Actor{Name: "Test"}); err != nil {
		t.Fatal(err)
	}
	_, _, body = c.do("GET", base+"/staff/partnerships/glenmorven/checking", nil)
	if strings.Contains(body, link) || !strings.Contains(body, fmt.Sprintf("%d responses are waiting", n-1)) {
		t.Error("a checked response is still in the checking queue")
	}
}

// The partnership's public page puts "have your say" first: the
// consultations open now, before anything about the partnership.
// issue 10, item 16
func TestPublicPartnershipPageStartsWithHaveYourSay(t *testing.T) {
	c, base, _ := signedIn(t, "officer@glenmorven.example")
	_, _, body := c.do("GET", base+"/partnerships/glenmorven", nil)
	say, open, about := strings.Index(body, "Have your say"), strings.Index(body, demo.GuidanceTitle), strings.Index(body, "Localities")
	if say < 0 || open < 0 || about < 0 || !(say < open && open < about) {
		t.Errorf("the public page does not start with the open consultations (have your say at %d, the open consultation at %d, localities at %d)",
			say, open, about)
	}
}

// The audit log shows a change as the fields it changed, before and after,
// in words, never as raw JSON. issue 10, item 17
func TestAuditLogShowsFieldsNotJSON(t *testing.T) {
	c, base, _ := signedIn(t, "admin@glenmorven.example")
	code, _, _ := c.do("POST", base+"/staff/partnerships/glenmorven/functions",
		map[string][]string{"name": {"Audit test function"}, "partner": {"NHS Glenmorven"}, "kind": {"health"}})
	if code != http.StatusSeeOther {
		t.Fatalf("add function: status %d", code)
	}
	code, _, body := c.do("GET", base+"/staff/partnerships/glenmorven/audit", nil)
	if code != http.StatusOK {
		t.Fatalf("audit log: status %d", code)
	}
	main := body[strings.Index(body, "<main"):]
	for _, raw := range []string{"{", "}", "&#34;:", `":`} {
		if strings.Contains(main, raw) {
			i := strings.Index(main, raw)
			t.Errorf("the audit log shows raw JSON (%q): …%s…", raw, main[max(0, i-80):min(len(main), i+80)])
		}
	}
	if !strings.Contains(main, "<dt>Name</dt><dd>Audit test function</dd>") {
		t.Error("the audit log does not show the new function's name as a field")
	}
}
