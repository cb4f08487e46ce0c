package selfeval_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/governance"
	"coplan/internal/partnership"
	"coplan/internal/selfeval"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

var officer = audit.Actor{Name: "Test officer"}

// at is a clock stopped on 3 December 2026, in the financial year 2026-27.
func at() time.Time { return time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC) }

func newPartnership(t *testing.T, d *db.DB, slug string) partnership.Partnership {
	t.Helper()
	p := demo.Partnership()
	p.Slug, p.Name = slug, slug
	p, err := partnership.Create(context.Background(), d, p, audit.System, at())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func newBody(t *testing.T, d *db.DB, p partnership.Partnership, name string) governance.Body {
	t.Helper()
	b, err := governance.StoreFor(d, p, at).SaveBody(context.Background(), governance.Body{Kind: governance.IJB, Name: name, NoticeDays: 7}, officer)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fieldError(t *testing.T, err error, field string) {
	t.Helper()
	errs, ok := valid.As(err)
	if !ok || errs.For(field) == "" {
		t.Fatalf("got %v, want an error at %s", err, field)
	}
}

func TestSelfEvaluation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "glenmorven")
		other := newPartnership(t, d, "strathmore")
		board := newBody(t, d, p, "Glenmorven IJB")
		otherBoard := newBody(t, d, other, "Strathmore IJB")
		st := selfeval.StoreFor(d, p, at)
		if st.ThisYear() != 2026 {
			t.Fatalf("this year = %v, want 2026-27", st.ThisYear())
		}
		last, this := selfeval.Year(2025), selfeval.Year(2026)
		if err := st.SaveRatings(ctx, last, statute.FrameworkStandards, nil, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("rating a year not started: %v", err)
		}
		if _, err := st.Start(ctx, last, 0, officer); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Start(ctx, last, 0, officer); err == nil {
			t.Fatal("started the same year twice")
		}
		// Ratings: off the scale and unknown items are refused, whole.
		err := st.SaveRatings(ctx, last, statute.FrameworkStandards, []selfeval.Rating{{Item: "inclusion", Grade: 4}, {Item: "support", Grade: 9}}, officer)
		fieldError(t, err, "grade-support")
		err = st.SaveRatings(ctx, last, statute.FrameworkStandards, []selfeval.Rating{{Item: "d1", Grade: 4}}, officer)
		fieldError(t, err, "grade-d1")
		if e, _ := st.Evaluation(ctx, last); len(e.Draft.Ratings) != 0 {
			t.Fatalf("a refused save kept %v", e.Draft.Ratings)
		}
		if err := st.SaveRatings(ctx, last, statute.FrameworkStandards, []selfeval.Rating{
			{Item: "inclusion", Grade: 3, Commentary: "Carers were missing from most groups."}, {Item: "impact", Grade: 2}}, officer); err != nil {
			t.Fatal(err)
		}
		// Evidence: only this partnership's records.
		if _, err := st.AddEvidence(ctx, last, statute.FrameworkStandards, "inclusion", "body", otherBoard.ID, officer); err == nil {
			t.Fatal("linked another partnership's body")
		}
		if _, err := st.AddEvidence(ctx, last, statute.FrameworkStandards, "inclusion", "nonsense", board.ID, officer); err == nil {
			t.Fatal("linked an unknown kind")
		}
		ev, err := st.AddEvidence(ctx, last, statute.FrameworkStandards, "inclusion", "body", board.ID, officer)
		if err != nil || ev.Name != "Glenmorven IJB" {
			t.Fatalf("evidence %+v, %v", ev, err)
		}
		if _, err := st.AddEvidence(ctx, last, statute.FrameworkStandards, "inclusion", "body", board.ID, officer); err == nil {
			t.Fatal("linked the same record twice")
		}
		// Actions.
		_, err = st.AddAction(ctx, last, selfeval.Action{What: "", Owner: "", Due: "soon"}, officer)
		fieldError(t, err, "what")
		a, err := st.AddAction(ctx, last, selfeval.Action{Framework: statute.FrameworkStandards, Item: "inclusion",
			What: "Recruit two carers to the SPG", Owner: "Chief officer", Due: "2026-03-31"}, officer)
		if err != nil {
			t.Fatal(err)
		}
		// Publish, then change and publish again: both versions kept.
		v1, err := st.Publish(ctx, last, officer)
		if err != nil || v1.Number != 1 {
			t.Fatalf("publish: %+v, %v", v1, err)
		}
		if _, err := st.Publish(ctx, last, officer); !errors.Is(err, selfeval.ErrUnchanged) {
			fieldError(t, err, "publish")
		}
		if err := st.MarkDone(ctx, last, a.ID, "2026-02-20", officer); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveRatings(ctx, last, statute.FrameworkStandards, []selfeval.Rating{{Item: "inclusion", Grade: 4}}, officer); err != nil {
			t.Fatal(err)
		}
		if v2, err := st.Publish(ctx, last, officer); err != nil || v2.Number != 2 {
			t.Fatalf("publish again: %+v, %v", v2, err)
		}
		latest, versions, err := st.Published(ctx, last, 0)
		if err != nil || len(versions) != 2 || latest.Number != 2 || latest.Content.Rating(statute.FrameworkStandards, "inclusion").Grade != 4 {
			t.Fatalf("latest %+v, %v, %v", latest, versions, err)
		}
		first, _, err := st.Published(ctx, last, 1)
		if err != nil || first.Content.Rating(statute.FrameworkStandards, "inclusion").Grade != 3 || first.Content.Actions[0].Done != "" {
			t.Fatalf("version 1 changed after publishing: %+v, %v", first, err)
		}
		if got := first.Content.Rating(statute.FrameworkStandards, "inclusion").Evidence; len(got) != 1 || got[0].Name != "Glenmorven IJB" {
			t.Fatalf("version 1 evidence %+v", got)
		}
		// This year starts from last year's ratings, without its evidence.
		e, err := st.Start(ctx, this, last, officer)
		if err != nil {
			t.Fatal(err)
		}
		if r := e.Draft.Rating(statute.FrameworkStandards, "inclusion"); r.Grade != 4 || len(r.Evidence) != 0 || len(e.Draft.Actions) != 0 {
			t.Fatalf("copied %+v, actions %v", r, e.Draft.Actions)
		}
		if _, _, err := st.Published(ctx, this, 0); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("unpublished year: %v", err)
		}
		if ys, err := st.PublishedYears(ctx); err != nil || len(ys) != 1 || ys[0] != last {
			t.Fatalf("published years %v, %v", ys, err)
		}
		if ys, err := st.Years(ctx); err != nil || len(ys) != 2 || ys[1].Versions != 2 || ys[1].LastPublished.IsZero() {
			t.Fatalf("years %+v, %v", ys, err)
		}
		// Isolation: the other partnership sees none of it.
		ost := selfeval.StoreFor(d, other, at)
		if _, err := ost.Evaluation(ctx, last); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("other partnership read it: %v", err)
		}
		if err := ost.RemoveEvidence(ctx, last, ev.ID, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("other partnership removed evidence: %v", err)
		}
		if _, err := ost.Start(ctx, last, 0, officer); err != nil {
			t.Fatal(err)
		}
		if err := ost.RemoveEvidence(ctx, last, ev.ID, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("other partnership removed evidence: %v", err)
		}
		if err := ost.MarkDone(ctx, last, a.ID, "2026-02-20", officer); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("other partnership marked an action: %v", err)
		}
		if err := st.RemoveEvidence(ctx, last, ev.ID, officer); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSaveIsOneTransaction(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	p := newPartnership(t, d, "glenmorven")
	st := selfeval.StoreFor(d, p, at)
	if _, err := st.Start(ctx, 2026, 0, officer); err != nil {
		t.Fatal(err)
	}
	dbtest.FailWrites(t, d, "audit_log")
	if err := st.SaveRatings(ctx, 2026, statute.FrameworkStandards, []selfeval.Rating{{Item: "inclusion", Grade: 5}}, officer); err == nil {
		t.Fatal("saved without its audit entry")
	}
	if e, _ := st.Evaluation(ctx, 2026); len(e.Draft.Ratings) != 0 {
		t.Fatalf("ratings kept without their audit entry: %+v", e.Draft.Ratings)
	}
}
