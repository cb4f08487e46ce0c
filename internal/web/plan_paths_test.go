package web_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/plan"
)

// planPathValues gives real ids of partnership p's plan records for the
// wildcards in plan routes ({plan}, {version}, {view}, {appraisal},
// {decision}, {document}), creating them if p has none.
func planPathValues(t *testing.T, d *db.DB, p partnership.Partnership) map[string]string {
	t.Helper()
	v := map[string]string{}
	planDraftPathValues(t, d, p, v)
	planStagePathValues(t, d, p, v)
	planPublicPathValues(t, d, p, v)
	return v
}

// planDraftPathValues adds {plan}, {version}, {section}, {arrangement} and
// {link}: p's first plan (created if p has none), its latest version and
// that version's first section, arrangement and link.
func planDraftPathValues(t *testing.T, d *db.DB, p partnership.Partnership, v map[string]string) {
	t.Helper()
	ctx := context.Background()
	var planID int64
	if s, ok := v["{plan}"]; ok {
		planID, _ = strconv.ParseInt(s, 10, 64)
	} else if err := d.QueryRowContext(ctx, `SELECT id FROM plans WHERE partnership_id = $1 ORDER BY id LIMIT 1`, p.ID).Scan(&planID); err != nil {
		now := time.Now()
		if err := d.QueryRowContext(ctx, `INSERT INTO plans (partnership_id, title, period_start, period_end, stage, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.ID, "Test strategic plan", "2026-04-01", "2029-03-31",
			string(plan.FirstDraft), now, now).Scan(&planID); err != nil {
			t.Fatal(err)
		}
	}
	v["{plan}"] = strconv.FormatInt(planID, 10)
	ver, err := plan.StoreFor(d, p, nil).LatestVersion(ctx, planID)
	if err != nil {
		if ver, err = plan.StoreFor(d, p, nil).NewVersion(ctx, planID, "", audit.System); err != nil {
			t.Fatal(err)
		}
	}
	v["{version}"] = strconv.Itoa(ver.Number)
	ss, err := plan.StoreFor(d, p, nil).Sections(ctx, ver.ID)
	if err != nil || len(ss) == 0 {
		t.Fatalf("no section in version %d of plan %d: %v", ver.Number, planID, err)
	}
	v["{section}"] = strconv.FormatInt(ss[0].ID, 10)
	as, err := plan.StoreFor(d, p, nil).Arrangements(ctx, ver.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(as) == 0 {
		// Written directly: the latest version may be frozen (published).
		if _, err := d.ExecContext(ctx, `INSERT INTO arrangements (version_id, title, outcomes, principles, measures)
			VALUES ($1, $2, $3, $4, $5)`, ver.ID, "Test arrangement", "O1", "P1", "NI-1"); err != nil {
			t.Fatal(err)
		}
		if as, err = plan.StoreFor(d, p, nil).Arrangements(ctx, ver.ID); err != nil {
			t.Fatal(err)
		}
	}
	v["{arrangement}"] = strconv.FormatInt(as[0].ID, 10)
	ls, err := plan.StoreFor(d, p, nil).Links(ctx, planID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) == 0 {
		l, err := plan.StoreFor(d, p, nil).AddLink(ctx, planID, plan.Link{Kind: plan.Correlate, RelatedPlan: "carer-strategy", Title: "Carers strategy", URL: "https://example.org/carers"}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
	}
	v["{link}"] = strconv.FormatInt(ls[0].ID, 10)
}

// planStagePathValues adds {plan}, if not set above: p's newest plan, or a
// new plan started for p if it has none.
func planStagePathValues(t *testing.T, d *db.DB, p partnership.Partnership, v map[string]string) {
	t.Helper()
	if _, ok := v["{plan}"]; ok {
		return
	}
	ctx := context.Background()
	ps, err := plan.StoreFor(d, p, nil).Plans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) == 0 {
		pl, err := plan.StoreFor(d, p, nil).SavePlan(ctx, plan.Plan{Title: "Test strategic plan", PeriodStart: "2026-04-01", PeriodEnd: "2029-03-31"}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, pl)
	}
	v["{plan}"] = strconv.FormatInt(ps[0].ID, 10)
}

// planPublicPathValues adds {view}, {document}, {appraisal} and {decision}:
// the first of each for {plan} or p, created if there is none. The
// appraisal is published, so its public page shows; the decision is not
// taken, so a form sent empty is refused and changes nothing.
func planPublicPathValues(t *testing.T, d *db.DB, p partnership.Partnership, v map[string]string) {
	t.Helper()
	ctx := context.Background()
	planID, _ := strconv.ParseInt(v["{plan}"], 10, 64)
	first := func(query string, arg int64, create func() int64) string {
		var id int64
		if err := d.QueryRowContext(ctx, query, arg).Scan(&id); err != nil {
			id = create()
		}
		return strconv.FormatInt(id, 10)
	}
	v["{view}"] = first(`SELECT id FROM plan_views WHERE plan_id = $1 ORDER BY id LIMIT 1`, planID, func() int64 {
		x, err := plan.StoreFor(d, p, nil).RecordView(ctx, plan.View{PlanID: planID, Stage: plan.Proposals, Source: plan.FromSPG, Summary: "Test view"}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		return x.ID
	})
	v["{document}"] = first(`SELECT id FROM plan_documents WHERE plan_id = $1 AND filename <> '' ORDER BY id LIMIT 1`, planID, func() int64 {
		x, err := plan.StoreFor(d, p, nil).AddDocument(ctx, plan.Document{PlanID: planID, Kind: "eia", Title: "Test EIA", Filename: "eia.pdf",
			ContentType: "application/pdf"}, []byte("%PDF-1.4 test"), audit.System)
		if err != nil {
			t.Fatal(err)
		}
		return x.ID
	})
	v["{appraisal}"] = first(`SELECT id FROM appraisals WHERE partnership_id = $1 AND published_at IS NOT NULL ORDER BY id LIMIT 1`, p.ID, func() int64 {
		a, err := plan.StoreFor(d, p, nil).CreateAppraisal(ctx, plan.Appraisal{PartnershipID: p.ID, Title: "Test appraisal", Kind: "investment",
			Participants: "Two carers and a service user", Options: []string{"A", "B"}, Criteria: []plan.Criterion{{Name: "Quality", Weight: 2}}}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if err := plan.StoreFor(d, p, nil).SaveScores(ctx, a.ID, []plan.Score{{Option: "A", Criterion: "Quality", Value: 5, Reason: "Fair"},
			{Option: "B", Criterion: "Quality", Value: 7, Reason: "Better"}}, audit.System); err != nil {
			t.Fatal(err)
		}
		if err := plan.StoreFor(d, p, nil).PublishAppraisal(ctx, a.ID, "Option B", audit.System); err != nil {
			t.Fatal(err)
		}
		return a.ID
	})
	v["{decision}"] = first(`SELECT id FROM significant_decisions WHERE partnership_id = $1 AND taken_on = '' ORDER BY id LIMIT 1`, p.ID, func() int64 {
		x, err := plan.StoreFor(d, p, nil).SaveDecision(ctx, plan.Decision{PartnershipID: p.ID, Title: "Test decision"}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		return x.ID
	})
}
