package performance_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/performance"
	"coplan/internal/valid"
)

var officer = audit.Actor{Name: "Test officer"}

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

func TestStoreBuildPublish(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "glenmorven")
		other := newPartnership(t, d, "strathmore")
		st := performance.StoreFor(d, p, at)
		if err := st.SaveNarrative(ctx, 2025, "nonsense", 0, "x", officer); !hasField(err, "section") {
			t.Errorf("unknown section: %v", err)
		}
		if err := st.SaveNarrative(ctx, 2025, "locality", other.Localities[0].ID, "x", officer); !hasField(err, "locality") {
			t.Errorf("another partnership's locality: %v", err)
		}
		if err := st.SaveNarrative(ctx, 2025, "principles", 0, "First", officer); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveNarrative(ctx, 2025, "principles", 0, "Second", officer); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveNarrative(ctx, 2025, "locality", p.Localities[0].ID, "North news", officer); err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddEntry(ctx, 2025, performance.Entry{Kind: performance.Inspection, Title: "Care home"}, officer); !hasField(err, "body") {
			t.Errorf("finding without text: %v", err)
		}
		e, err := st.AddEntry(ctx, 2025, performance.Entry{Kind: performance.Inspection, Title: "Care home", Body: "Staffing short"}, officer)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SaveSpend(ctx, 2025, performance.Spend{Matter: "a", PlannedPence: 100, ActualPence: 120}, officer); err != nil {
			t.Fatal(err)
		}
		r, err := st.Build(ctx, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if r.Section("principles") != "Second" || r.Localities[0].Text != "North news" || len(r.Inspections) != 1 || len(r.Spend) != 1 || len(r.Outcomes) != 9 {
			t.Fatalf("report %+v", r)
		}
		gaps := performance.Check(r)
		if !hasGap(gaps, "R-inspections") || !hasGap(gaps, "R4-1c") {
			t.Errorf("gaps %+v", gaps)
		}
		if err := st.SetAction(ctx, e.ID, "Staff recruited", officer); err != nil {
			t.Fatal(err)
		}
		if err := performance.StoreFor(d, other, at).SetAction(ctx, e.ID, "x", officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("another partnership's finding: %v", err)
		}
		// Another partnership sees none of it.
		or, err := performance.StoreFor(d, other, at).Build(ctx, 2025)
		if err != nil || or.Section("principles") != "" || len(or.Inspections) != 0 || len(or.Spend) != 0 {
			t.Fatalf("other report %+v, %v", or, err)
		}

		if _, err := st.Publish(ctx, 2025, false, officer); !errors.Is(err, performance.ErrNotReady) && !hasField(err, "publish") {
			t.Errorf("published with gaps: %v", err)
		}
		if _, ok, err := st.Published(ctx, 2025); ok || err != nil {
			t.Fatalf("published before publishing: %v %v", ok, err)
		}
		v1, err := st.Publish(ctx, 2025, true, officer)
		if err != nil || v1.Number != 1 {
			t.Fatalf("publish %+v %v", v1, err)
		}
		// A correction is a new version; the published one keeps its words.
		if err := st.SaveNarrative(ctx, 2025, "principles", 0, "Corrected", officer); err != nil {
			t.Fatal(err)
		}
		v2, err := st.Publish(ctx, 2025, true, officer)
		if err != nil || v2.Number != 2 {
			t.Fatalf("correction %+v %v", v2, err)
		}
		got, ok, err := st.Published(ctx, 2025)
		if err != nil || !ok || got.Number != 2 || got.Report.Section("principles") != "Corrected" || got.Report.Inspections[0].Action != "Staff recruited" {
			t.Fatalf("published %+v %v %v", got, ok, err)
		}
		if _, ok, _ := performance.StoreFor(d, other, at).Published(ctx, 2025); ok {
			t.Error("another partnership's report is published")
		}
	})
}

func hasGap(gs []performance.Gap, code string) bool {
	for _, g := range gs {
		if g.Requirement == code {
			return true
		}
	}
	return false
}

func hasField(err error, field string) bool {
	e, ok := valid.As(err)
	if !ok {
		return false
	}
	for _, x := range e {
		if x.Field == field {
			return true
		}
	}
	return false
}
