package directions_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/directions"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

var officer = audit.Actor{Name: "Test officer"}

func at() time.Time { return time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC) }

// newPartnership makes a partnership with two delegated functions.
func newPartnership(t *testing.T, d *db.DB, slug string) (partnership.Partnership, []partnership.Function) {
	t.Helper()
	ctx := context.Background()
	p := demo.Partnership()
	p.Slug, p.Name = slug, slug
	p, err := partnership.Create(ctx, d, p, audit.System, at())
	if err != nil {
		t.Fatal(err)
	}
	st := partnership.StoreFor(d, p, at)
	for _, f := range []partnership.Function{{Name: "District nursing", Partner: p.HealthBoard, Kind: "health"},
		{Name: "Care at home", Partner: p.LocalAuthorityNames()[0], Kind: "social-care"}} {
		if _, err := st.AddFunction(ctx, f, audit.System); err != nil {
			t.Fatal(err)
		}
	}
	fns, err := st.Functions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return p, fns
}

func direction(ref string, fns ...partnership.Function) directions.Direction {
	d := directions.Direction{Reference: ref, Year: 2026, Addressee: "health-board", Outcomes: []string{"O1", "O9"},
		IssuedOn: "2026-04-01", ReviewOn: "2027-03-31"}
	for _, f := range fns {
		d.Functions = append(d.Functions, directions.Line{FunctionID: f.ID, How: "As the plan says", BudgetPence: 1000_00})
	}
	return d
}

func TestIssueAndSupersede(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, fns := newPartnership(t, d, "glenmorven")
		other, otherFns := newPartnership(t, d, "strathmore")
		st := directions.StoreFor(d, p, at)

		first, err := st.Issue(ctx, direction("D2026-01", fns[0]), 0, officer)
		if err != nil {
			t.Fatal(err)
		}
		list, _ := st.List(ctx)
		if un := directions.Uncovered(fns, list, "2026-12-03"); len(un) != 1 || un[0].ID != fns[1].ID {
			t.Fatalf("uncovered after one direction: %+v", un)
		}
		// A new direction supersedes the first, which stays as issued.
		second, err := st.Issue(ctx, direction("D2026-02", fns...), first.ID, officer)
		if err != nil {
			t.Fatal(err)
		}
		list, err = st.List(ctx)
		if err != nil || len(list) != 2 {
			t.Fatalf("list: %d, %v", len(list), err)
		}
		var old directions.Direction
		for _, x := range list {
			if x.ID == first.ID {
				old = x
			}
		}
		if old.SupersededBy != second.ID || old.Superseder != "D2026-02" || len(old.Functions) != 1 || old.Functions[0].How != "As the plan says" {
			t.Errorf("the superseded direction: %+v", old)
		}
		if un := directions.Uncovered(fns, list, "2026-12-03"); len(un) != 0 {
			t.Errorf("uncovered after the second: %+v", un)
		}
		// A superseded direction cannot be superseded again.
		if _, err := st.Issue(ctx, direction("D2026-03", fns[0]), first.ID, officer); err == nil {
			t.Error("superseded a direction twice")
		}
		if _, err := st.Issue(ctx, direction("D2026-02", fns[0]), 0, officer); !hasField(err, "reference") {
			t.Errorf("a reference used twice: %v", err)
		}

		// Isolation: another partnership's function, direction and
		// decision are refused, and its register stays empty.
		if _, err := st.Issue(ctx, direction("D2026-04", otherFns[0]), 0, officer); !hasField(err, "functions") {
			t.Errorf("another partnership's function: %v", err)
		}
		ost := directions.StoreFor(d, other, at)
		if _, err := ost.Issue(ctx, direction("X-1", otherFns[0]), second.ID, officer); !hasField(err, "supersedes") {
			t.Errorf("superseding another partnership's direction: %v", err)
		}
		bad := direction("D2026-05", fns[0])
		bad.DecisionID = 999999
		if _, err := st.Issue(ctx, bad, 0, officer); !hasField(err, "decision") {
			t.Errorf("a decision not the partnership's: %v", err)
		}
		if l, _ := ost.List(ctx); len(l) != 0 {
			t.Errorf("the other partnership sees %d directions", len(l))
		}
		if l, _ := directions.ListIn(ctx, d, other.ID); len(l) != 0 {
			t.Errorf("ListIn for the other partnership: %d", len(l))
		}
	})
}

func hasField(err error, field string) bool {
	errs, ok := valid.As(err)
	return ok && errs.For(field) != ""
}

// Issuing writes the direction, its functions, the supersession and the
// audit entry together, or nothing.
func TestIssueIsOneTransaction(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	p, fns := newPartnership(t, d, "glenmorven")
	st := directions.StoreFor(d, p, at)
	first, err := st.Issue(ctx, direction("D2026-01", fns[0]), 0, officer)
	if err != nil {
		t.Fatal(err)
	}
	dbtest.FailWrites(t, d, "audit_log")
	if _, err := st.Issue(ctx, direction("D2026-02", fns...), first.ID, officer); err == nil {
		t.Fatal("issued without its audit entry")
	}
	list, _ := st.List(ctx)
	if len(list) != 1 || list[0].SupersededBy != 0 {
		t.Fatalf("kept without its audit entry: %+v", list)
	}
	var n int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM direction_functions`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d direction functions, %v", n, err)
	}
	if errors.Is(err, valid.ErrNotFound) {
		t.Fatal(err)
	}
}

// A direction picks the plan arrangements it serves from those the lister
// offers for its own partnership: kept with their titles as issued, shown
// to that partnership only; an arrangement not offered, or any without a
// lister, is refused and nothing is stored. LinkArrangements replaces a
// direction's links, and only the partnership's own direction's.
func TestArrangements(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, fns := newPartnership(t, d, "glenmorven")
		other, otherFns := newPartnership(t, d, "strathmore")
		offered := map[int64][]directions.Arrangement{
			p.ID:     {{ID: 11, Title: "Community rehabilitation team", Plan: "Plan A"}, {ID: 12, Title: "Support for unpaid carers", Plan: "Plan A"}},
			other.ID: {{ID: 21, Title: "Strathmore hub", Plan: "Plan B"}},
		}
		lister := func(_ context.Context, _ db.Querier, pid int64) ([]directions.Arrangement, error) {
			return offered[pid], nil
		}
		st := directions.StoreFor(d, p, at).WithArrangements(lister)

		x := direction("D2026-01", fns[0])
		x.Arrangements = []directions.Arrangement{{ID: 21}}
		var ve valid.Errors
		if _, err := st.Issue(ctx, x, 0, officer); !errors.As(err, &ve) || ve[0].Field != "arrangements" {
			t.Fatalf("another partnership's arrangement: %v", err)
		}
		if _, err := directions.StoreFor(d, p, at).Issue(ctx, direction("D2026-01", fns[0]), 0, officer); err != nil {
			t.Fatalf("no arrangements and no lister: %v", err)
		}
		y := direction("D2026-02", fns[1])
		y.Arrangements = []directions.Arrangement{{ID: 12}}
		if _, err := directions.StoreFor(d, p, at).Issue(ctx, y, 0, officer); !errors.As(err, &ve) {
			t.Fatalf("arrangements without a lister: %v", err)
		}
		y.Arrangements = []directions.Arrangement{{ID: 12}, {ID: 11}, {ID: 12}}
		got, err := st.Issue(ctx, y, 0, officer)
		if err != nil {
			t.Fatal(err)
		}
		list, err := st.List(ctx)
		if err != nil || len(list) != 2 {
			t.Fatalf("%d directions, %v", len(list), err)
		}
		if a := list[0].Arrangements; list[0].ID != got.ID || len(a) != 2 || a[0].ID != 12 || a[0].Title != "Support for unpaid carers" || a[0].Plan != "Plan A" || a[1].ID != 11 {
			t.Errorf("arrangements as listed: %+v", list[0].Arrangements)
		}
		if len(list[1].Arrangements) != 0 {
			t.Errorf("direction without arrangements lists %+v", list[1].Arrangements)
		}
		// The title stays as issued when the plan renames the arrangement.
		offered[p.ID][1].Title = "Carers' support"
		if err := st.LinkArrangements(ctx, list[1].ID, []directions.Arrangement{{ID: 11}}, officer); err != nil {
			t.Fatal(err)
		}
		if err := st.LinkArrangements(ctx, list[1].ID, []directions.Arrangement{{ID: 21}}, officer); !errors.As(err, &ve) {
			t.Errorf("linking another partnership's arrangement: %v", err)
		}
		list, _ = st.List(ctx)
		if a := list[1].Arrangements; len(a) != 1 || a[0].ID != 11 {
			t.Errorf("linked arrangements %+v", a)
		}
		if a := list[0].Arrangements; a[0].Title != "Support for unpaid carers" {
			t.Errorf("title not as issued: %+v", a)
		}
		ost := directions.StoreFor(d, other, at).WithArrangements(lister)
		if err := ost.LinkArrangements(ctx, list[1].ID, []directions.Arrangement{{ID: 21}}, officer); !errors.As(err, &ve) {
			t.Errorf("linking another partnership's direction: %v", err)
		}
		oy := direction("S2026-01", otherFns[0])
		oy.Arrangements = []directions.Arrangement{{ID: 21}}
		if _, err := ost.Issue(ctx, oy, 0, officer); err != nil {
			t.Fatal(err)
		}
		ol, _ := ost.List(ctx)
		if len(ol) != 1 || len(ol[0].Arrangements) != 1 || ol[0].Arrangements[0].ID != 21 {
			t.Errorf("the other partnership's directions %+v", ol)
		}
		list, _ = st.List(ctx)
		for _, x := range list {
			for _, a := range x.Arrangements {
				if a.ID == 21 {
					t.Errorf("another partnership's link shows in %s", x.Reference)
				}
			}
		}
	})
}
