package commissioning_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/commissioning"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/valid"
)

var officer = audit.Actor{Name: "Test officer"}

func clock() time.Time { return time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC) }

func mkPartnership(t *testing.T, d *db.DB, slug, name string) partnership.Partnership {
	t.Helper()
	p, err := partnership.Create(context.Background(), d, partnership.Partnership{Slug: slug, Name: name, Model: "ijb",
		HealthBoard: "NHS " + name, LocalAuthorities: []partnership.Named{{Name: name + " Council"}},
		Localities: []partnership.Named{{Name: name + " North"}, {Name: name + " South"}}}, audit.System, clock())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// withInvolvement makes a work item of p with a stage done and one
// involvement.
func withInvolvement(t *testing.T, d *db.DB, p partnership.Partnership) (commissioning.Item, commissioning.Involvement) {
	t.Helper()
	ctx := context.Background()
	st := commissioning.StoreFor(d, p, clock)
	it, err := st.CreateItem(ctx, commissioning.Item{Title: "Day services redesign", Kind: commissioning.ServiceRedesign,
		Localities: []int64{p.Localities[0].ID, p.Localities[1].ID}}, officer)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetStage(ctx, it.ID, commissioning.StageRecord{Code: "CS1", Status: commissioning.Done, Started: "2026-01-05", Finished: "2026-02-01"}, officer); err != nil {
		t.Fatal(err)
	}
	inv, err := st.SaveInvolvement(ctx, it.ID, commissioning.Involvement{Stage: "CS1", On: "2026-01-20", Activity: commissioning.Workshop,
		Depth: commissioning.Collaborate, Taking: map[commissioning.Group]int{commissioning.PeopleWhoUseServices: 12, commissioning.UnpaidCarers: 4},
		Localities: []int64{p.Localities[0].ID}, Asked: "What matters to you in a day service?", Outcome: "Opening hours changed",
		Changed: true, Named: "Isla Morrison"}, true, officer)
	if err != nil {
		t.Fatal(err)
	}
	return it, inv
}

func TestItemsReadWhatWasWritten(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := mkPartnership(t, d, "glenbeag", "Glenbeag")
		it, inv := withInvolvement(t, d, p)
		st := commissioning.StoreFor(d, p, clock)
		got, err := st.Item(ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Day services redesign" || got.Kind != commissioning.ServiceRedesign || len(got.Localities) != 2 {
			t.Errorf("item = %+v", got)
		}
		if s := got.Stage("CS1"); s.Status != commissioning.Done || s.Started != "2026-01-05" || s.Finished != "2026-02-01" {
			t.Errorf("stage CS1 = %+v", s)
		}
		if s := got.Stage("CS2"); s.Status != commissioning.NotStarted {
			t.Errorf("stage CS2 = %+v, want not started", s)
		}
		if len(got.Involvements) != 1 {
			t.Fatalf("involvements = %+v", got.Involvements)
		}
		g := got.Involvements[0]
		if g.ID != inv.ID || g.Taking[commissioning.UnpaidCarers] != 4 || g.Depth != commissioning.Collaborate || !g.Changed ||
			g.Named != "Isla Morrison" || g.Source.Kind != commissioning.Recorded || len(g.Localities) != 1 {
			t.Errorf("involvement = %+v", g)
		}
		if ps := got.Problems(func(int64) string { return "x" }); len(ps) != 1 || ps[0].Flag != commissioning.LocalityNeverInvolved {
			t.Errorf("problems = %+v, want the south never involved", ps)
		}
		its, err := st.Items(ctx)
		if err != nil || len(its) != 1 || its[0].ID != it.ID {
			t.Errorf("Items = %+v, %v", its, err)
		}
		if err := st.PublishItem(ctx, it.ID, officer); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.Item(ctx, it.ID); !got.Published() {
			t.Error("not published")
		}
		// A stage moved back to not started keeps no dates.
		if err := st.SetStage(ctx, it.ID, commissioning.StageRecord{Code: "CS1", Status: commissioning.NotStarted}, officer); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.Item(ctx, it.ID); got.Stage("CS1").Status != commissioning.NotStarted {
			t.Errorf("CS1 = %+v", got.Stage("CS1"))
		}
	})
}

func TestNamesNeedConsent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := mkPartnership(t, d, "glenbeag", "Glenbeag")
		it, inv := withInvolvement(t, d, p)
		inv.Named = "Someone Else"
		_, err := commissioning.StoreFor(d, p, clock).SaveInvolvement(ctx, it.ID, inv, false, officer)
		if errs, ok := valid.As(err); !ok || errs.For("consent") == "" {
			t.Errorf("saving names without consent: %v, want a consent error", err)
		}
	})
}

// TestIsolation: another partnership's work item, involvement and link
// are not found, read or changed.
func TestIsolation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		mine, theirs := mkPartnership(t, d, "glenbeag", "Glenbeag"), mkPartnership(t, d, "strathmor", "Strathmor")
		it, inv := withInvolvement(t, d, theirs)
		st := commissioning.StoreFor(d, mine, clock)
		inv.Localities = nil // theirs, which my store refuses anyway
		if _, err := st.Item(ctx, it.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("Item of another partnership: %v", err)
		}
		if its, _ := st.Items(ctx); len(its) != 0 {
			t.Errorf("Items lists another partnership's: %+v", its)
		}
		if err := st.UpdateItem(ctx, commissioning.Item{ID: it.ID, Title: "Mine now", Kind: commissioning.OtherWork}, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("UpdateItem of another partnership: %v", err)
		}
		if err := st.PublishItem(ctx, it.ID, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("PublishItem of another partnership: %v", err)
		}
		if err := st.SetStage(ctx, it.ID, commissioning.StageRecord{Code: "CS2", Status: commissioning.UnderWay, Started: "2026-03-01"}, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("SetStage of another partnership: %v", err)
		}
		if _, err := st.SaveInvolvement(ctx, it.ID, inv, true, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("SaveInvolvement on another partnership's item: %v", err)
		}
		if err := st.RemoveInvolvement(ctx, it.ID, inv.ID, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("RemoveInvolvement of another partnership: %v", err)
		}
		// Their involvement moved onto my item is not found either.
		mineIt, _ := withInvolvement(t, d, mine)
		if _, err := st.SaveInvolvement(ctx, mineIt.ID, inv, true, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("SaveInvolvement of another partnership's involvement: %v", err)
		}
		if err := st.RemoveInvolvement(ctx, mineIt.ID, inv.ID, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("RemoveInvolvement of another partnership's involvement via my item: %v", err)
		}
		if err := st.RemoveLink(ctx, it.ID, 1, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("RemoveLink of another partnership: %v", err)
		}
		// Their localities are not mine.
		if _, err := st.CreateItem(ctx, commissioning.Item{Title: "x", Kind: commissioning.OtherWork, Localities: []int64{theirs.Localities[0].ID}}, officer); err == nil {
			t.Error("created an item for another partnership's locality")
		}
		// And theirs is unchanged.
		got, err := commissioning.StoreFor(d, theirs, clock).Item(ctx, it.ID)
		if err != nil || got.Title != "Day services redesign" || len(got.Involvements) != 1 || got.Published() || got.Stage("CS2").Status != commissioning.NotStarted {
			t.Errorf("their item changed: %+v, %v", got, err)
		}
	})
}

// TestWritesAreOneTransaction: when the audit entry cannot be written,
// nothing of the change is kept.
func TestWritesAreOneTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := mkPartnership(t, d, "glenbeag", "Glenbeag")
		it, _ := withInvolvement(t, d, p)
		dbtest.FailInserts(t, d, "audit_log")
		st := commissioning.StoreFor(d, p, clock)
		if _, err := st.CreateItem(ctx, commissioning.Item{Title: "Lost", Kind: commissioning.OtherWork}, officer); err == nil {
			t.Fatal("CreateItem succeeded with the audit log refusing inserts")
		}
		if _, err := st.SaveInvolvement(ctx, it.ID, commissioning.Involvement{Stage: "CS2", On: civil.Date("2026-03-01"),
			Activity: commissioning.Survey, Depth: commissioning.Consult, Taking: map[commissioning.Group]int{commissioning.Staff: 3},
			Asked: "Lost"}, false, officer); err == nil {
			t.Fatal("SaveInvolvement succeeded with the audit log refusing inserts")
		}
		if err := st.SetStage(ctx, it.ID, commissioning.StageRecord{Code: "CS2", Status: commissioning.UnderWay, Started: "2026-03-01"}, officer); err == nil {
			t.Fatal("SetStage succeeded with the audit log refusing inserts")
		}
		its, err := st.Items(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(its) != 1 || len(its[0].Involvements) != 1 || its[0].Stage("CS2").Status != commissioning.NotStarted {
			t.Errorf("a failed write left something behind: %+v", its)
		}
	})
}

// TestLinksStayInThePartnership: a record of another partnership cannot be
// linked, and a link reads only the partnership's own record.
func TestLinksStayInThePartnership(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		mine, theirs := mkPartnership(t, d, "glenbeag", "Glenbeag"), mkPartnership(t, d, "strathmor", "Strathmor")
		appraisal := func(p partnership.Partnership) plan.Appraisal {
			a, err := plan.StoreFor(d, p, clock).CreateAppraisal(ctx, plan.Appraisal{Title: "Care at home provider", Kind: "investment",
				Participants: "Carers and officers", ParticipantCounts: map[string]int{"unpaid-carers": 4},
				Options: []string{"One", "Two"}, Criteria: []plan.Criterion{{Name: "Quality", Weight: 1}}}, officer)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		theirA := appraisal(theirs)
		it, _ := withInvolvement(t, d, mine)
		st := commissioning.StoreFor(d, mine, clock)
		if _, err := st.AddLink(ctx, it.ID, commissioning.Link{Kind: commissioning.FromAppraisal, RecordID: theirA.ID, Stage: "CS2"}, officer); err == nil {
			t.Error("linked another partnership's appraisal")
		}
		myA := appraisal(mine)
		l, err := st.AddLink(ctx, it.ID, commissioning.Link{Kind: commissioning.FromAppraisal, RecordID: myA.ID, Stage: "CS2"}, officer)
		if err != nil {
			t.Fatal(err)
		}
		if l.Depth != commissioning.Involve {
			t.Errorf("an appraisal's default depth = %v, want Involve", l.Depth)
		}
		if _, err := st.AddLink(ctx, it.ID, commissioning.Link{Kind: commissioning.FromAppraisal, RecordID: myA.ID, Stage: "CS2"}, officer); err == nil {
			t.Error("linked the same record twice at a stage")
		}
		got, err := st.Item(ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		var linked *commissioning.Involvement
		for i := range got.Involvements {
			if got.Involvements[i].Source.Kind == commissioning.FromAppraisal {
				linked = &got.Involvements[i]
			}
		}
		if linked == nil || linked.Taking[commissioning.UnpaidCarers] != 4 || linked.Stage != "CS2" || linked.Outcome != "" {
			t.Errorf("the linked appraisal's involvement = %+v", linked)
		}
		if len(got.Decisions) != 0 {
			t.Errorf("an unpublished appraisal gave decisions: %+v", got.Decisions)
		}
		// Their store cannot remove my link.
		if err := commissioning.StoreFor(d, theirs, clock).RemoveLink(ctx, it.ID, l.ID, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("RemoveLink from another partnership: %v", err)
		}
		if err := st.RemoveLink(ctx, it.ID, l.ID, officer); err != nil {
			t.Errorf("RemoveLink: %v", err)
		}
	})
}
