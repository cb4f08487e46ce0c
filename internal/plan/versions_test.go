package plan_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// draftPlan creates the demo partnership and a plan at the first-draft
// stage.
func draftPlan(t *testing.T, d *db.DB) (partnership.Partnership, int64) {
	t.Helper()
	ctx := context.Background()
	p, err := partnership.Create(ctx, d, demo.Partnership(), audit.System, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	now := time.Now()
	if err := d.QueryRowContext(ctx, `INSERT INTO plans (partnership_id, title, period_start, period_end, stage, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.ID, "Strategic plan 2026 to 2029", "2026-04-01", "2029-03-31",
		string(plan.FirstDraft), now, now).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return p, id
}

func TestNewVersionCopiesAndFreezes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, id := draftPlan(t, d)
		v1, err := plan.StoreFor(d, p, nil).NewVersion(ctx, id, "", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if v1.Number != 1 || v1.Stage != plan.FirstDraft {
			t.Fatalf("first version = %+v", v1)
		}
		ss, err := plan.StoreFor(d, p, nil).Sections(ctx, v1.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The vision, one section per locality, housing, finance.
		if want := 3 + len(p.Localities); len(ss) != want {
			t.Fatalf("first version has %d sections, want %d", len(ss), want)
		}
		vision := ss[0]
		vision.Body = "We want people to live well at home.\n\n- Fewer delayed discharges"
		if _, err := plan.StoreFor(d, p, nil).SaveSection(ctx, id, 1, vision, audit.System); err != nil {
			t.Fatal(err)
		}
		a, err := plan.StoreFor(d, p, nil).SaveArrangement(ctx, id, 1, plan.PlannedArrangement{Arrangement: plan.Arrangement{
			LocalityID: p.Localities[0].ID, Title: "Community rehabilitation team",
			Outcomes: []string{"O2"}, Principles: []string{"P1"}, Measures: []string{"NI-2\nNI-18"}}}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Measures) != 2 {
			t.Errorf("measures = %q, want one per line", a.Measures)
		}

		v2, err := plan.StoreFor(d, p, nil).NewVersion(ctx, id, "after the SPG's views", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if v2.Number != 2 || v2.Note != "after the SPG's views" {
			t.Fatalf("second version = %+v", v2)
		}
		ss2, _ := plan.StoreFor(d, p, nil).Sections(ctx, v2.ID)
		if len(ss2) != len(ss) || ss2[0].Body != vision.Body || ss2[0].ID == vision.ID {
			t.Errorf("sections were not copied: %+v", ss2[0])
		}
		as2, _ := plan.StoreFor(d, p, nil).Arrangements(ctx, v2.ID)
		if len(as2) != 1 || as2[0].Title != a.Title || strings.Join(as2[0].Measures, "|") != "NI-2|NI-18" {
			t.Errorf("arrangements were not copied: %+v", as2)
		}

		// Version 1 is superseded now: every change is refused and nothing
		// changes. It is not frozen: only publication freezes a version.
		old, _ := plan.StoreFor(d, p, nil).VersionByNumber(ctx, id, 1)
		if old.Frozen {
			t.Fatal("version 1 should not be frozen (published) by starting version 2")
		}
		vision.Body = "Changed after the fact"
		if _, err := plan.StoreFor(d, p, nil).SaveSection(ctx, id, 1, vision, audit.System); !errors.Is(err, plan.ErrSuperseded) {
			t.Errorf("editing a superseded section: err = %v, want ErrSuperseded", err)
		}
		if _, err := plan.StoreFor(d, p, nil).SaveArrangement(ctx, id, 1, a, audit.System); !errors.Is(err, plan.ErrSuperseded) {
			t.Errorf("editing a superseded arrangement: err = %v, want ErrSuperseded", err)
		}
		if err := plan.StoreFor(d, p, nil).RemoveArrangement(ctx, id, 1, a.ID, audit.System); !errors.Is(err, plan.ErrSuperseded) {
			t.Errorf("removing a superseded arrangement: err = %v, want ErrSuperseded", err)
		}
		ss1, _ := plan.StoreFor(d, p, nil).Sections(ctx, v1.ID)
		if ss1[0].Body == "Changed after the fact" {
			t.Error("a frozen section changed")
		}

		// A correction goes into version 2; the diff shows it.
		ss2[0].Body = "We want people to live well at home.\n\n- Fewer delayed discharges\n- More care at home"
		if _, err := plan.StoreFor(d, p, nil).SaveSection(ctx, id, 2, ss2[0], audit.System); err != nil {
			t.Fatal(err)
		}
		after, _ := plan.StoreFor(d, p, nil).Sections(ctx, v2.ID)
		ops := plan.Diff(ss1[0].Body, after[0].Body)
		var added []string
		for _, op := range ops {
			if op.Kind == "added" {
				added = append(added, op.Text)
			}
		}
		if strings.Join(added, "|") != "- More care at home" {
			t.Errorf("diff added %q", added)
		}

		// Another partnership's plan, version or section is not found.
		if _, err := plan.StoreFor(d, partnership.Partnership{ID: p.ID + 1000}, nil).VersionByNumber(ctx, id, 2); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("another partnership's version: err = %v", err)
		}
	})
}

func TestArrangementValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, id := draftPlan(t, d)
		if _, err := plan.StoreFor(d, p, nil).NewVersion(ctx, id, "", audit.System); err != nil {
			t.Fatal(err)
		}
		_, err := plan.StoreFor(d, p, nil).SaveArrangement(ctx, id, 1, plan.PlannedArrangement{Arrangement: plan.Arrangement{
			LocalityID: 99999, Outcomes: []string{"O42"}, Principles: []string{"P99"}}}, audit.System)
		errs, ok := valid.As(err)
		if !ok {
			t.Fatalf("err = %v, want validation errors", err)
		}
		for _, f := range []string{"title", "locality", "outcomes", "principles"} {
			if errs.For(f) == "" {
				t.Errorf("no error for %s in %v", f, errs)
			}
		}
		v, _ := plan.StoreFor(d, p, nil).LatestVersion(ctx, id)
		if as, _ := plan.StoreFor(d, p, nil).Arrangements(ctx, v.ID); len(as) != 0 {
			t.Errorf("a refused arrangement was stored: %+v", as)
		}
	})
}

func TestCheckVersionNamesWhatIsMissing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, id := draftPlan(t, d)
		v, err := plan.StoreFor(d, p, nil).NewVersion(ctx, id, "", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		c, err := plan.StoreFor(d, p, nil).CheckVersion(ctx, v)
		if err != nil {
			t.Fatal(err)
		}
		if !c.NoHousingStatement || len(c.OutcomesWithoutArrangement) != 9 || len(c.LocalitiesWithoutSection) != len(p.Localities) {
			t.Errorf("empty version: %+v", c.Gaps)
		}
		ss, _ := plan.StoreFor(d, p, nil).Sections(ctx, v.ID)
		for _, s := range ss {
			if s.Key == plan.HousingKey {
				s.Body = "The housing contribution statement."
				if _, err := plan.StoreFor(d, p, nil).SaveSection(ctx, id, 1, s, audit.System); err != nil {
					t.Fatal(err)
				}
			}
		}
		c, _ = plan.StoreFor(d, p, nil).CheckVersion(ctx, v)
		if c.NoHousingStatement {
			t.Error("the housing statement is written but still reported missing")
		}
	})
}

func TestLinks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, id := draftPlan(t, d)
		if _, err := plan.StoreFor(d, p, nil).AddLink(ctx, id, plan.Link{Kind: plan.Correlate, RelatedPlan: "carer-strategy", Title: "Carers strategy"}, audit.System); err == nil {
			t.Error("a link with no address or plan was accepted")
		}
		// A plan to correlate with is one the guidance names, by its code
		// in statute.RelatedPlans (issue 10, item 7).
		for _, code := range []string{"", "carers"} {
			_, err := plan.StoreFor(d, p, nil).AddLink(ctx, id, plan.Link{Kind: plan.Correlate, RelatedPlan: code, Title: "Carers strategy",
				URL: "https://example.org/carers"}, audit.System)
			if errs, _ := valid.As(err); errs.For("related_plan") == "" {
				t.Errorf("a plan to correlate with, coded %q, was accepted: %v", code, err)
			}
		}
		cj, err := plan.StoreFor(d, p, nil).AddLink(ctx, id, plan.Link{Kind: plan.Correlate, RelatedPlan: "community-justice",
			URL: "https://example.org/justice"}, audit.System)
		if err != nil || cj.Title != "Community Justice Outcomes Improvement Plans" {
			t.Fatalf("a correlate link without a title takes the guidance's words: %+v, %v", cj, err)
		}
		if err := plan.StoreFor(d, p, nil).RemoveLink(ctx, id, cj.ID, audit.System); err != nil {
			t.Fatal(err)
		}
		l, err := plan.StoreFor(d, p, nil).AddLink(ctx, id, plan.Link{Kind: plan.Correlate, RelatedPlan: "carer-strategy", Title: "Carers strategy", URL: "https://example.org/carers"}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if ls, _ := plan.StoreFor(d, p, nil).Links(ctx, id); len(ls) != 1 {
			t.Fatalf("links = %+v", ls)
		}
		if err := plan.StoreFor(d, p, nil).RemoveLink(ctx, id, l.ID, audit.System); err != nil {
			t.Fatal(err)
		}
		if ls, _ := plan.StoreFor(d, p, nil).Links(ctx, id); len(ls) != 0 {
			t.Fatalf("links after removal = %+v", ls)
		}
	})
}

func TestCorrectionOfAPublishedPlanNeedsANote(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, id := draftPlan(t, d)
		v1, err := plan.StoreFor(d, p, nil).NewVersion(ctx, id, "", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `UPDATE plans SET stage = $1 WHERE id = $2`, string(plan.Published), id); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `UPDATE plan_versions SET frozen = $1 WHERE id = $2`, true, v1.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := plan.StoreFor(d, p, nil).NewVersion(ctx, id, " ", audit.System); err == nil {
			t.Error("a correction with no note was accepted")
		} else if errs, ok := valid.As(err); !ok || errs.For("note") == "" {
			t.Errorf("err = %v, want an error at the note", err)
		}
		if vs, _ := plan.StoreFor(d, p, nil).Versions(ctx, id); len(vs) != 1 {
			t.Errorf("a refused correction made a version: %+v", vs)
		}
		v2, err := plan.StoreFor(d, p, nil).NewVersion(ctx, id, "Corrects the Morven Coast budget figure", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if v2.Stage != plan.Published || v2.Frozen {
			t.Errorf("correction = %+v", v2)
		}
		// The published version stays frozen.
		ss, _ := plan.StoreFor(d, p, nil).Sections(ctx, v1.ID)
		ss[0].Body = "Changed after publication"
		if _, err := plan.StoreFor(d, p, nil).SaveSection(ctx, id, 1, ss[0], audit.System); !errors.Is(err, plan.ErrFrozen) {
			t.Errorf("editing a published version: err = %v, want ErrFrozen", err)
		}
	})
}

// A correction to a published plan is a new version with a note; publishing
// it freezes it and makes it the public text.
func TestPublishCorrection(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, id := draftPlan(t, d)
		v1, err := plan.StoreFor(d, p, nil).NewVersion(ctx, id, "", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if err := plan.StoreFor(d, p, nil).PublishCorrection(ctx, id, v1.Number, audit.System); err == nil {
			t.Error("a plan in preparation was published as a correction")
		}
		if _, err := d.ExecContext(ctx, `UPDATE plans SET stage = $1 WHERE id = $2`, string(plan.Published), id); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `UPDATE plan_versions SET frozen = $1 WHERE id = $2`, true, v1.ID); err != nil {
			t.Fatal(err)
		}
		pl := struct{ ID int64 }{id}
		v, err := plan.StoreFor(d, p, nil).NewVersion(ctx, pl.ID, "Corrected the Kilbrannan figures", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		before, _, _ := plan.StoreFor(d, p, nil).PublicText(ctx, pl.ID)
		if err := plan.StoreFor(d, p, nil).PublishCorrection(ctx, pl.ID, v.Number, audit.System); err != nil {
			t.Fatal(err)
		}
		after, _, _ := plan.StoreFor(d, p, nil).PublicText(ctx, pl.ID)
		if after != v.Number || after == before {
			t.Errorf("public version %d → %d, want %d", before, after, v.Number)
		}
		if err := plan.StoreFor(d, p, nil).PublishCorrection(ctx, pl.ID, v.Number, audit.System); !errors.Is(err, plan.ErrFrozen) {
			t.Errorf("publishing twice: %v", err)
		}
	})
}

// Correlations checks a plan's links against the guidance's whole list,
// by code: NHS clinical strategies, community plans, other local corporate
// plans and the rest each appear, linked or not (issue 10, item 7).
func TestCorrelations(t *testing.T) {
	links := []plan.Link{
		{Kind: plan.Correlate, RelatedPlan: "carer-strategy", Title: "Glenmorven carers strategy"},
		{Kind: plan.Correlate, RelatedPlan: "workforce", Title: "NHS Glenmorven workforce plan"},
		{Kind: plan.Correlate, RelatedPlan: "workforce", Title: "Glenmorven IJB workforce plan"},
		{Kind: plan.TakeAccount, RelatedPlan: "clinical", Title: "Neighbouring strategic plan"},
	}
	cs := plan.Correlations(links)
	if len(cs) != len(statute.RelatedPlans()) {
		t.Fatalf("%d plans to correlate with, want the guidance's %d", len(cs), len(statute.RelatedPlans()))
	}
	linked := map[string]int{}
	for i, c := range cs {
		if c.Plan != statute.RelatedPlans()[i] {
			t.Errorf("plan %d is %q, want the guidance's order", i, c.Plan.Code)
		}
		linked[c.Plan.Code] = len(c.Links)
	}
	for _, tc := range []struct {
		code string
		want int
	}{
		{"carer-strategy", 1},
		{"workforce", 2}, // the health board's and the integration authority's
		{"clinical", 0},  // a take-account link does not count
		{"community", 0}, // listed, though nothing links to it
		{"corporate", 0}, // other local corporate plans
		{"hb-medium-term", 0},
	} {
		if n, ok := linked[tc.code]; !ok || n != tc.want {
			t.Errorf("%s: %d links (listed %v), want %d", tc.code, n, ok, tc.want)
		}
	}
}
