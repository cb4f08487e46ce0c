package governance_test

import (
	"context"
	"testing"

	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/governance"
	"coplan/internal/valid"
)

func TestNeedsInduction(t *testing.T) {
	done := governance.Training{Kind: governance.Induction, What: "Induction", CompletedOn: "2026-01-10"}
	planned := governance.Training{Kind: governance.Induction, What: "Induction", DueOn: "2026-05-01"}
	course := governance.Training{Kind: governance.Course, What: "Chairing", CompletedOn: "2026-01-10"}
	for _, c := range []struct {
		name      string
		appointed governance.Date
		records   []governance.Training
		today     governance.Date
		want      bool
	}{
		{"not appointed yet", "", nil, "2026-06-01", false},
		{"appointed today", "2026-06-01", nil, "2026-06-01", false},
		{"exactly 90 days ago", "2026-03-03", nil, "2026-06-01", false},
		{"91 days ago, no record", "2026-03-02", nil, "2026-06-01", true},
		{"a year ago, induction done", "2025-06-01", []governance.Training{done}, "2026-06-01", false},
		{"a year ago, induction only planned", "2025-06-01", []governance.Training{planned}, "2026-06-01", true},
		{"a year ago, a course but no induction", "2025-06-01", []governance.Training{course}, "2026-06-01", true},
	} {
		if got := governance.NeedsInduction(c.appointed, c.records, c.today); got != c.want {
			t.Errorf("%s: NeedsInduction = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestFirstAppointed(t *testing.T) {
	ss := []governance.Seat{
		{AppointedOn: "2025-04-01", EndedOn: "2025-10-01"}, // ended: not counted
		{AppointedOn: "2026-01-15"},
		{AppointedOn: "2025-12-01"},
		{NominatedOn: "2025-01-01"}, // only nominated
	}
	if got := governance.FirstAppointed(ss, "2026-03-01"); got != "2025-12-01" {
		t.Errorf("FirstAppointed = %q, want 2025-12-01", got)
	}
	if got := governance.FirstAppointed(nil, "2026-03-01"); got != "" {
		t.Errorf("FirstAppointed of no seats = %q", got)
	}
}

func TestValidateTraining(t *testing.T) {
	for _, c := range []struct {
		name  string
		t     governance.Training
		field string
	}{
		{"fine", governance.Training{Kind: governance.Induction, What: "Induction", DueOn: "2026-04-01"}, ""},
		{"no kind", governance.Training{What: "Induction", DueOn: "2026-04-01"}, "training_kind"},
		{"no what", governance.Training{Kind: governance.Mentoring, DueOn: "2026-04-01"}, "training_what"},
		{"no date", governance.Training{Kind: governance.Mentoring, What: "Peer mentor"}, "training_due_on"},
		{"bad date", governance.Training{Kind: governance.Mentoring, What: "Peer mentor", CompletedOn: "2026-02-30"}, "training_completed_on"},
	} {
		err := governance.ValidateTraining(c.t)
		errs, _ := valid.As(err)
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.field != "" && (len(errs) == 0 || errs[0].Field != c.field):
			t.Errorf("%s: errors %v, want one for %s", c.name, errs, c.field)
		}
	}
}

// Training records are kept per partnership: A's store neither reads nor
// adds to nor completes B's member's records.
func TestTrainingStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newSide(t, d, "alba", "Alba")
		b := newSide(t, d, "breac", "Breac")
		rec, err := a.st.AddTraining(ctx, a.member.ID, governance.Training{Kind: governance.Induction, What: " Induction to the SPG ",
			Provider: "Alba TSI", DueOn: "2026-04-01"}, officer)
		if err != nil {
			t.Fatal(err)
		}
		if rec.What != "Induction to the SPG" || rec.RecordedBy != officer.Name {
			t.Errorf("saved %+v", rec)
		}
		if _, err := a.st.AddTraining(ctx, a.member.ID, governance.Training{Kind: "nap", What: "x", DueOn: "2026-04-01"}, officer); err == nil {
			t.Error("a record of no kind was saved")
		}
		_, err = a.st.AddTraining(ctx, b.member.ID, governance.Training{Kind: governance.Induction, What: "x", DueOn: "2026-04-01"}, officer)
		notFound(t, "AddTraining for B's member", err)
		notFound(t, "CompleteTraining of A's record as B", b.st.CompleteTraining(ctx, a.member.ID, rec.ID, "2026-04-02", officer))
		notFound(t, "CompleteTraining of A's record under B's member", b.st.CompleteTraining(ctx, b.member.ID, rec.ID, "2026-04-02", officer))
		if ts, err := b.st.Training(ctx, a.member.ID); err != nil || len(ts) != 0 {
			t.Errorf("B reads A's member's training: %v, %v", ts, err)
		}
		if all, err := b.st.AllTraining(ctx); err != nil || len(all) != 0 {
			t.Errorf("B's AllTraining = %v, %v", all, err)
		}

		ts, _ := a.st.Training(ctx, a.member.ID)
		if governance.HadInduction(ts) {
			t.Error("a planned induction counts as had")
		}
		if err := a.st.CompleteTraining(ctx, a.member.ID, rec.ID, "2026-04-02", officer); err != nil {
			t.Fatal(err)
		}
		if err := a.st.CompleteTraining(ctx, a.member.ID, rec.ID, "2026-04-03", officer); err == nil {
			t.Error("a record was completed twice")
		}
		ts, _ = a.st.Training(ctx, a.member.ID)
		if len(ts) != 1 || ts[0].CompletedOn != "2026-04-02" || !governance.HadInduction(ts) {
			t.Errorf("after completing: %+v", ts)
		}
		var audited int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_log WHERE entity = 'training' AND partnership_id = $1", a.p.ID).Scan(&audited); err != nil {
			t.Fatal(err)
		}
		if audited != 2 {
			t.Errorf("audit entries for training = %d, want 2 (added, completed)", audited)
		}
	})
}

// A body remembers whether it meets in public.
func TestBodyMeetsInPublic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newSide(t, d, "alba", "Alba")
		if a.body.MeetsInPublic {
			t.Fatal("a new body meets in public by default")
		}
		a.body.MeetsInPublic = true
		if _, err := a.st.SaveBody(ctx, a.body, officer); err != nil {
			t.Fatal(err)
		}
		got, err := a.st.BodyByID(ctx, a.body.ID)
		if err != nil || !got.MeetsInPublic {
			t.Errorf("after saving: %+v, %v", got, err)
		}
	})
}
