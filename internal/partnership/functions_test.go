package partnership_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

func functions(t *testing.T, d *db.DB, pid int64) []partnership.Function {
	t.Helper()
	fs, err := partnership.StoreFor(d, partnership.Partnership{ID: pid}, time.Now).Functions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func functionNames(fs []partnership.Function) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name+" ("+f.Partner+")")
	}
	return out
}

func TestFunctionsAddListRemove(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		in := glen()
		in.LocalAuthorities = named("East Council", "West Council")
		p := create(t, d, in)

		add := []partnership.Function{
			{Name: "Care at home", Partner: "West Council", Kind: "social-care"},
			{Name: "  District nursing  ", Partner: "NHS Glen Test", Kind: "health"},
			{Name: "Adult social work", Partner: "East Council", Kind: "social-care"},
			{Name: "Community mental health", Partner: "NHS Glen Test", Kind: "health"},
		}
		var added []partnership.Function
		for _, f := range add {
			got, err := partnership.StoreFor(d, p, time.Now).AddFunction(ctx, f, officer)
			if err != nil {
				t.Fatalf("AddFunction %q: %v", f.Name, err)
			}
			if got.ID == 0 || got.PartnershipID != p.ID {
				t.Fatalf("AddFunction returned %+v, want an id and partnership %d", got, p.ID)
			}
			added = append(added, got)
		}

		// Health first, then social care; by name within each.
		want := []string{
			"Community mental health (NHS Glen Test)",
			"District nursing (NHS Glen Test)",
			"Adult social work (East Council)",
			"Care at home (West Council)",
		}
		if got := functionNames(functions(t, d, p.ID)); !reflect.DeepEqual(got, want) {
			t.Fatalf("Functions = %v, want %v", got, want)
		}

		// Removing one leaves the others and records who removed what.
		nursing := added[1]
		if err := partnership.StoreFor(d, p, time.Now).RemoveFunction(ctx, nursing.ID, officer); err != nil {
			t.Fatal(err)
		}
		want = []string{"Community mental health (NHS Glen Test)", "Adult social work (East Council)", "Care at home (West Council)"}
		if got := functionNames(functions(t, d, p.ID)); !reflect.DeepEqual(got, want) {
			t.Fatalf("after removing District nursing, Functions = %v, want %v", got, want)
		}
		es := auditEntries(t, d, p.ID)
		if es[0].Action != "delete" || es[0].Entity != "delegated function" || es[0].EntityID != nursing.ID ||
			es[0].After != "" || snapshotOf(t, es[0].Before)["name"] != "District nursing" {
			t.Errorf("latest audit entry %+v, want the removal of District nursing with its details before", es[0])
		}
		if n := len(es); n != 1+len(add)+1 {
			t.Errorf("audit log has %d entries, want %d (create, %d adds, 1 removal)", n, 1+len(add)+1, len(add))
		}

		// Removing it again finds nothing.
		if err := partnership.StoreFor(d, p, time.Now).RemoveFunction(ctx, nursing.ID, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("removing an already removed function: %v, want ErrNotFound", err)
		}
	})
}

func TestAddFunctionRejectsBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := create(t, d, glen())
		if _, err := partnership.StoreFor(d, p, time.Now).AddFunction(ctx, partnership.Function{Name: "Care at home", Partner: "Glen Test Council", Kind: "social-care"}, officer); err != nil {
			t.Fatal(err)
		}
		rows := counts(t, d)
		tests := []struct {
			name  string
			f     partnership.Function
			field string
		}{
			{"partner is another board", partnership.Function{Name: "District nursing", Partner: "NHS Elsewhere", Kind: "health"}, "partner"},
			{"partner is another council", partnership.Function{Name: "Care homes", Partner: "Elsewhere Council", Kind: "social-care"}, "partner"},
			{"no name", partnership.Function{Name: "   ", Partner: "NHS Glen Test", Kind: "health"}, "name"},
			{"unknown kind", partnership.Function{Name: "Housing", Partner: "Glen Test Council", Kind: "housing"}, "kind"},
			{"already listed", partnership.Function{Name: "Care at home", Partner: "Glen Test Council", Kind: "social-care"}, "name"},
			{"already listed with spaces", partnership.Function{Name: " Care at home ", Partner: "NHS Glen Test", Kind: "health"}, "name"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := partnership.StoreFor(d, p, time.Now).AddFunction(ctx, tt.f, officer)
				wantFieldError(t, err, tt.field)
			})
		}
		if after := counts(t, d); !reflect.DeepEqual(rows, after) {
			t.Errorf("rows before %v, after %v; rejected functions must write nothing", rows, after)
		}
	})
}

func TestRemoveAnotherPartnershipsFunction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		mine := create(t, d, glen())
		in := glen()
		in.Slug, in.Name, in.HealthBoard = "strath", "Strath", "NHS Strath"
		theirs := create(t, d, in)
		f, err := partnership.StoreFor(d, theirs, time.Now).AddFunction(ctx, partnership.Function{Name: "District nursing", Partner: "NHS Strath", Kind: "health"}, officer)
		if err != nil {
			t.Fatal(err)
		}
		rows := counts(t, d)

		// An officer of mine tries to remove theirs by its id.
		if err := partnership.StoreFor(d, mine, time.Now).RemoveFunction(ctx, f.ID, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("RemoveFunction of another partnership's function: %v, want ErrNotFound", err)
		}
		if got := functions(t, d, theirs.ID); len(got) != 1 || got[0].ID != f.ID {
			t.Errorf("their functions after the attempt: %+v, want District nursing still there", got)
		}
		if after := counts(t, d); !reflect.DeepEqual(rows, after) {
			t.Errorf("rows before %v, after %v; a refused removal must write nothing", rows, after)
		}
		if got := functions(t, d, mine.ID); len(got) != 0 {
			t.Errorf("my functions: %+v, want none", got)
		}
	})
}

// A hospital service's budget is set aside by the health board (MSG
// proposal 2(iii), issue 14): the flag is kept with the function.
func TestSetAsideFunction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := create(t, d, glen())
		st := partnership.StoreFor(d, p, time.Now)
		for _, f := range []partnership.Function{
			{Name: "Unscheduled hospital care", Partner: p.HealthBoard, Kind: "health", SetAside: true},
			{Name: "District nursing", Partner: p.HealthBoard, Kind: "health"},
		} {
			if _, err := st.AddFunction(ctx, f, officer); err != nil {
				t.Fatal(err)
			}
		}
		got := map[string]bool{}
		for _, f := range functions(t, d, p.ID) {
			got[f.Name] = f.SetAside
		}
		if !got["Unscheduled hospital care"] || got["District nursing"] {
			t.Errorf("set-aside flags %v", got)
		}
		fs, err := partnership.FunctionsOf(ctx, d, p.ID)
		if err != nil || len(fs) != 2 {
			t.Errorf("FunctionsOf: %d, %v", len(fs), err)
		}
	})
}
