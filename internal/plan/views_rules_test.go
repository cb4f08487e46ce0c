package plan_test

import (
	"context"
	"testing"
	"time"

	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/plan"
	"coplan/internal/valid"
)

// issue 10, item 15: "you said, we did" refuses a view linked to a section
// the plan does not have, and a change "in" a version that is not later than
// the one the view was given on.
func TestValidateOutcomeSectionAndVersion(t *testing.T) {
	t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	versions := []plan.VersionChoice{
		{ID: 11, Number: 1, Stage: plan.Proposals, CreatedAt: t0},
		{ID: 12, Number: 2, Stage: plan.FirstDraft, CreatedAt: t0.Add(time.Hour)},
		{ID: 13, Number: 3, Stage: plan.FirstDraft, CreatedAt: t0.Add(3 * time.Hour)},
		{ID: 14, Number: 4, Stage: plan.SecondDraft, CreatedAt: t0.Add(4 * time.Hour)},
	}
	sections := []plan.SectionChoice{{Key: "vision", Title: "Our vision"}, {Key: "housing", Title: "Housing contribution statement"}}
	// A view on the first draft, recorded after version 2 and before version 3.
	onFirstDraft := plan.View{Stage: plan.FirstDraftViews, CreatedAt: t0.Add(2 * time.Hour)}
	if n := plan.GivenOn(onFirstDraft, versions); n != 2 {
		t.Errorf("GivenOn = %d, want 2", n)
	}
	// A view on the proposals recorded late, after every version: given on the proposals.
	if n := plan.GivenOn(plan.View{Stage: plan.ProposalsViews, CreatedAt: t0.Add(9 * time.Hour)}, versions); n != 1 {
		t.Errorf("GivenOn for a late view on the proposals = %d, want 1", n)
	}
	with := func(v plan.View, o plan.ViewOutcome, version int64, section string) plan.View {
		v.Outcome, v.ChangedInVersionID, v.SectionKey = o, version, section
		return v
	}
	tests := []struct {
		name  string
		v     plan.View
		field string // "" for none
	}{
		{"changed in a later version", with(onFirstDraft, plan.Changed, 13, "vision"), ""},
		{"changed in the second draft", with(onFirstDraft, plan.Changed, 14, ""), ""},
		{"changed in the version it was given on", with(onFirstDraft, plan.Changed, 12, ""), "version"},
		{"changed in an earlier version", with(onFirstDraft, plan.Changed, 11, ""), "version"},
		{"changed in no version", with(onFirstDraft, plan.Changed, 0, ""), "version"},
		{"changed in another plan's version", with(onFirstDraft, plan.Changed, 99, ""), "version"},
		{"a section the plan does not have", with(onFirstDraft, plan.AlreadyCovered, 0, "no-such-section"), "section_key"},
		{"a section the plan has", with(onFirstDraft, plan.AlreadyCovered, 0, "housing"), ""},
		{"a view given before any text: any version", with(plan.View{Stage: plan.Engagement, CreatedAt: t0.Add(-time.Hour)}, plan.Changed, 11, ""), ""},
	}
	for _, tt := range tests {
		errs := plan.ValidateOutcome(tt.v, versions, sections)
		switch {
		case tt.field == "" && len(errs) > 0:
			t.Errorf("%s: refused: %v", tt.name, errs)
		case tt.field != "" && errs.For(tt.field) == "":
			t.Errorf("%s: errors %v, want one for %q", tt.name, errs, tt.field)
		}
	}
	if errs := plan.ValidateView(plan.View{Stage: plan.Proposals, Source: plan.FromSPG, Summary: "More on carers", SectionKey: "carers"}, sections); errs.For("section_key") == "" {
		t.Errorf("a view recorded against a section the plan does not have: %v", errs)
	}
}

// steppingClock moves on a minute at every reading, so that what is
// recorded later is dated later.
func steppingClock() func() time.Time {
	t := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(time.Minute); return t }
}

// issue 10, item 15: the store refuses both, and nothing changes.
func TestSetViewOutcomeRefusesNonsense(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		st := plan.StoreFor(d, p, steppingClock())
		v1, err := st.AddVersion(ctx, pl.ID, plan.Proposals, "", officer)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.RecordView(ctx, plan.View{PlanID: pl.ID, Stage: plan.ProposalsViews, Source: plan.FromSPG,
			Summary: "More on carers", SectionKey: "carers"}, officer); fieldErrors(err).For("section_key") == "" {
			t.Fatalf("recorded a view on a section the plan does not have: %v", err)
		}
		v, err := st.RecordView(ctx, plan.View{PlanID: pl.ID, Stage: plan.ProposalsViews, Source: plan.FromSPG,
			Summary: "More on carers", SectionKey: plan.VisionKey}, officer)
		if err != nil {
			t.Fatal(err)
		}
		v.Outcome, v.ChangedInVersionID = plan.Changed, v1.ID
		if err := st.SetViewOutcome(ctx, v, officer); fieldErrors(err).For("version") == "" {
			t.Fatalf("changed in version 1 for a view given on version 1: %v", err)
		}
		v2, err := st.AddVersion(ctx, pl.ID, plan.FirstDraft, "", officer)
		if err != nil {
			t.Fatal(err)
		}
		v.ChangedInVersionID, v.SectionKey = v2.ID, "no-such-section"
		if err := st.SetViewOutcome(ctx, v, officer); fieldErrors(err).For("section_key") == "" {
			t.Fatalf("answered against a section the plan does not have: %v", err)
		}
		if got, _ := st.ViewByID(ctx, pl.ID, v.ID); got.Outcome != plan.NoOutcome || got.SectionKey != plan.VisionKey {
			t.Errorf("a refused answer changed the view: %+v", got)
		}
		v.SectionKey = plan.HousingKey
		if err := st.SetViewOutcome(ctx, v, officer); err != nil {
			t.Fatalf("changed in version 2: %v", err)
		}
		if got, _ := st.ViewByID(ctx, pl.ID, v.ID); got.ChangedInVersion != 2 || got.SectionKey != plan.HousingKey {
			t.Errorf("answer stored as %+v", got)
		}
	})
}

// fieldErrors is err's valid.Errors, or none.
func fieldErrors(err error) valid.Errors {
	errs, _ := valid.As(err)
	return errs
}
