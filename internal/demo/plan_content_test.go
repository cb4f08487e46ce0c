package demo

import (
	"context"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
	"coplan/internal/plan"
)

// TestPlanContentCoverage checks the demo draft leaves out exactly outcome 6
// and Morven Coast, and that the complete text leaves out nothing.
func TestPlanContentCoverage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, err := partnership.Create(ctx, d, Partnership(), audit.System, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		now := time.Now()
		if err := d.QueryRowContext(ctx, `INSERT INTO plans (partnership_id, title, period_start, period_end, stage, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.ID, "Plan", "2026-04-01", "2029-03-31", "second-draft", now, now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		st := plan.StoreFor(d, p, func() time.Time { return now })
		// A draft with gaps, then the complete text twice, as the demo's
		// stages call it: each call is a new version copying the last.
		for i, complete := range []bool{false, true, true} {
			if err := loadPlanContent(ctx, st, id, "second-draft", complete); err != nil {
				t.Fatal(err)
			}
			v, err := st.LatestVersion(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if v.Number != i+1 {
				t.Fatalf("call %d made version %d", i+1, v.Number)
			}
			c, err := st.CheckVersion(ctx, v)
			if err != nil {
				t.Fatal(err)
			}
			if complete {
				if !c.Complete() {
					t.Errorf("the complete demo text has gaps: %+v", c)
				}
				if as, _ := st.Arrangements(ctx, v.ID); len(as) != len(demoArrangements) {
					t.Errorf("version %d has %d arrangements, want %d", v.Number, len(as), len(demoArrangements))
				}
				continue
			}
			if len(c.OutcomesWithoutArrangement) != 1 || c.OutcomesWithoutArrangement[0].Code != "O6" {
				t.Errorf("outcomes without arrangement = %+v, want only O6", c.OutcomesWithoutArrangement)
			}
			if len(c.LocalitiesWithoutSection) != 1 || c.LocalitiesWithoutSection[0] != "Morven Coast" {
				t.Errorf("localities without arrangements = %q, want only Morven Coast", c.LocalitiesWithoutSection)
			}
			if c.NoHousingStatement || len(c.ArrangementsWithoutMeasure) != 0 || len(c.PrinciplesNeverAddressed) != 0 {
				t.Errorf("the draft should leave out nothing else: %+v", c)
			}
		}
	})
}

// The demo measures its arrangements only by core indicators that are
// reported: NI-10 has no national data (issue 10, item 9).
func TestDemoMeasuresAreReported(t *testing.T) {
	p := Partnership()
	for _, a := range demoArrangements {
		for _, m := range a.Measures {
			if ni, ok := plan.CitedIndicator(m); ok && !ni.Reported {
				t.Errorf("%q is measured by %s, which has no national figures", a.Title, ni.Code)
			}
		}
		if err := plan.ValidateArrangement(p, plan.PlannedArrangement{Arrangement: plan.Arrangement{Title: a.Title, Outcomes: a.Outcomes,
			Principles: a.Principles, Measures: a.Measures}}); err != nil {
			t.Errorf("%q: %v", a.Title, err)
		}
	}
}
