package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"coplan/internal/civil"
	"coplan/internal/db/dbtest"
	"coplan/internal/finance"
	"coplan/internal/partnership"
	"coplan/internal/performance"
)

// The demo's performance report for the latest year is published, every
// section written, and its checklist has exactly one item unmet and named:
// the inspection finding with no action recorded (issue 14, "Done when").
func TestDemoPerformanceReport(t *testing.T) {
	d := dbtest.SQLite(t)
	load(t, d)
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, Slug)
	if err != nil {
		t.Fatal(err)
	}
	st := performance.StoreFor(d, p, time.Now)
	y := performance.LatestYear(civil.Day(time.Now()))
	v, ok, err := st.Published(ctx, y)
	if err != nil || !ok {
		t.Fatalf("the %s report is not published: %v", y, err)
	}
	gaps := performance.Check(v.Report)
	if len(gaps) != 1 || gaps[0].Requirement != "R-inspections" || !strings.Contains(gaps[0].Message, UnmetInspection) {
		t.Fatalf("gaps %+v, want only the action on %q", gaps, UnmetInspection)
	}
	// The report's year has directions of its own, so the outcomes they
	// serve show the money behind them.
	served := map[string]bool{"O1": true, "O2": true, "O3": true, "O5": true, "O6": true, "O9": true}
	for _, o := range v.Report.Outcomes {
		if len(o.Indicators) == 0 {
			t.Errorf("%s has no indicator chart", o.Name)
		}
		if served[o.Code] != (o.BudgetPence > 0) {
			t.Errorf("%s has %d pence directed to it in %s", o.Name, o.BudgetPence, y)
		}
	}
}

// This year's report, built from the data, carries the published
// commissioning work people took part in this year, with its problems in
// plain words: none for the exemplary work, all five for the tokenistic
// (issue 14: what people said and what changed, from the co-production
// records).
func TestPerformanceReportCarriesCommissioning(t *testing.T) {
	d := dbtest.SQLite(t)
	load(t, d)
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, Slug)
	if err != nil {
		t.Fatal(err)
	}
	r, err := performance.StoreFor(d, p, time.Now).Build(ctx, finance.YearOf(civil.Day(time.Now())))
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]performance.Work{}
	for _, w := range r.Commissioning {
		byTitle[w.Title] = w
	}
	ex, tok := byTitle[ExemplaryWork], byTitle[TokenisticWork]
	if ex.People == 0 || len(ex.Problems) != 0 || ex.Changed == 0 {
		t.Errorf("exemplary work in the report: %+v", ex)
	}
	if tok.People == 0 || len(tok.Problems) != len(TokenisticFlags) {
		t.Errorf("tokenistic work in the report: %+v, want %d problems", tok, len(TokenisticFlags))
	}
}
