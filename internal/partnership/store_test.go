package partnership_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

var officer = audit.Actor{Name: "Test officer"}

// counts returns how many rows each table holds that a partnership change
// can write.
func counts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"partnerships", "local_authorities", "localities", "delegated_functions", "audit_log"} {
		var n int
		if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

func create(t *testing.T, d *db.DB, p partnership.Partnership) partnership.Partnership {
	t.Helper()
	saved, err := partnership.Create(context.Background(), d, p, officer, time.Now())
	if err != nil {
		t.Fatalf("Create %s: %v", p.Name, err)
	}
	return saved
}

func bySlug(t *testing.T, d *db.DB, slug string) partnership.Partnership {
	t.Helper()
	p, err := partnership.BySlug(context.Background(), d, slug)
	if err != nil {
		t.Fatalf("BySlug %s: %v", slug, err)
	}
	return p
}

// wantFieldError fails unless err is valid.Errors naming exactly field.
func wantFieldError(t *testing.T, err error, field string) {
	t.Helper()
	if got := fields(t, err); !slices.Equal(got, []string{field}) {
		t.Fatalf("error fields %v, want [%s] (error: %v)", got, field, err)
	}
}

// auditEntries returns the partnership's audit log, newest first.
func auditEntries(t *testing.T, d *db.DB, pid int64) []audit.Entry {
	t.Helper()
	es, err := audit.ForPartnership(context.Background(), d, pid, 100)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// snapshotOf decodes an audit entry's JSON (before or after).
func snapshotOf(t *testing.T, s string) map[string]any {
	t.Helper()
	if s == "" {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("audit JSON %q: %v", s, err)
	}
	return m
}

func jsonNames(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func TestCreateWithOneLocalityWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		create(t, d, glen()) // something already there, so "nothing" is not just an empty database
		before := counts(t, d)
		p := glen()
		p.Slug, p.Name = "second", "Second"
		p.Localities = named("Only One")
		_, err := partnership.Create(context.Background(), d, p, officer, time.Now())
		wantFieldError(t, err, "localities")
		if after := counts(t, d); !reflect.DeepEqual(before, after) {
			t.Fatalf("rows before %v, after %v; a rejected partnership must write nothing", before, after)
		}
		if _, err := partnership.BySlug(context.Background(), d, "second"); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("BySlug of the rejected partnership: %v, want ErrNotFound", err)
		}
	})
}

func TestCreateThenBySlug(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		in := glen()
		in.LocalAuthorities = named(" East Council ", "", "West Council")
		in.Localities = named("Strathard", " ", "Kilbrannan", "Morven Coast", "Abermor")
		created := create(t, d, in)
		if created.ID == 0 {
			t.Fatal("Create returned no id")
		}
		got := bySlug(t, d, "glen-test")
		if got.ID != created.ID || got.Name != "Glen Test" || got.Model != "ijb" || got.HealthBoard != "NHS Glen Test" || got.Demo {
			t.Errorf("BySlug = %+v, want what was created", got)
		}
		// Localities and councils come back in the order entered, not
		// alphabetically, with the form's blank rows dropped and names trimmed.
		if want := []string{"Strathard", "Kilbrannan", "Morven Coast", "Abermor"}; !slices.Equal(got.LocalityNames(), want) {
			t.Errorf("localities %v, want %v", got.LocalityNames(), want)
		}
		if want := []string{"East Council", "West Council"}; !slices.Equal(got.LocalAuthorityNames(), want) {
			t.Errorf("local authorities %v, want %v", got.LocalAuthorityNames(), want)
		}
		for i, l := range got.Localities {
			if l.ID == 0 || l.ID != created.Localities[i].ID {
				t.Errorf("locality %q: id %d, Create returned %d", l.Name, l.ID, created.Localities[i].ID)
			}
		}
		if got.CreatedAt.IsZero() || got.UpdatedAt.IsZero() {
			t.Errorf("times not stored: created %v, updated %v", got.CreatedAt, got.UpdatedAt)
		}

		es := auditEntries(t, d, created.ID)
		if len(es) != 1 {
			t.Fatalf("audit log has %d entries, want 1: %+v", len(es), es)
		}
		e := es[0]
		if e.Action != "create" || e.Entity != "partnership" || e.EntityID != created.ID || e.Actor.Name != officer.Name {
			t.Errorf("audit entry %+v, want create of partnership %d by %s", e, created.ID, officer.Name)
		}
		if e.Before != "" {
			t.Errorf("audit before = %q, want none for a new partnership", e.Before)
		}
		after := snapshotOf(t, e.After)
		if after["name"] != "Glen Test" || !slices.Equal(jsonNames(after["localities"]), got.LocalityNames()) {
			t.Errorf("audit after = %v, want the new partnership", after)
		}

		if _, err := partnership.BySlug(ctx, d, "no-such-place"); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("BySlug of an unknown slug: %v, want ErrNotFound", err)
		}
	})
}

func TestCreateDuplicateIsAFieldError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		create(t, d, glen())
		before := counts(t, d)

		sameSlug := glen()
		sameSlug.Name = "Another Name"
		_, err := partnership.Create(context.Background(), d, sameSlug, officer, time.Now())
		wantFieldError(t, err, "slug")

		sameName := glen()
		sameName.Slug = "another-slug"
		_, err = partnership.Create(context.Background(), d, sameName, officer, time.Now())
		wantFieldError(t, err, "name")

		if after := counts(t, d); !reflect.DeepEqual(before, after) {
			t.Fatalf("rows before %v, after %v; a rejected partnership must write nothing", before, after)
		}
	})
}

func TestList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := glen()
		b.Slug, b.Name, b.Localities = "bravo", "Bravo", named("B1", "B2")
		a := glen()
		a.Slug, a.Name, a.Localities = "alpha", "Alpha", named("A2", "A1", "A3")
		demo := glen()
		demo.Slug, demo.Name, demo.Demo = "zulu", "Zulu", true
		create(t, d, b)
		create(t, d, a)
		create(t, d, demo)
		ps, err := partnership.List(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range ps {
			names = append(names, p.Name)
		}
		// The demo partnership first, then by name.
		if want := []string{"Zulu", "Alpha", "Bravo"}; !slices.Equal(names, want) {
			t.Fatalf("List order %v, want %v", names, want)
		}
		if want := []string{"A2", "A1", "A3"}; !slices.Equal(ps[1].LocalityNames(), want) {
			t.Errorf("Alpha's localities %v, want %v", ps[1].LocalityNames(), want)
		}
		if want := []string{"B1", "B2"}; !slices.Equal(ps[2].LocalityNames(), want) {
			t.Errorf("Bravo's localities %v, want %v", ps[2].LocalityNames(), want)
		}
		if !ps[0].Demo || ps[1].Demo {
			t.Errorf("demo flags: %v, %v; want true, false", ps[0].Demo, ps[1].Demo)
		}
	})
}

func update(t *testing.T, d *db.DB, p partnership.Partnership) partnership.Partnership {
	t.Helper()
	saved, err := partnership.StoreFor(d, p, time.Now).Update(context.Background(), p, officer)
	if err != nil {
		t.Fatalf("Update %s: %v", p.Name, err)
	}
	return saved
}

func localityIDs(p partnership.Partnership) map[string]int64 {
	m := map[string]int64{}
	for _, l := range p.Localities {
		m[l.Name] = l.ID
	}
	return m
}

func TestUpdateRenamingALocalityKeepsItsID(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := create(t, d, glen())
		ids := localityIDs(p)
		p.Localities[1].Name = "Kilbrannan and Sound"
		update(t, d, p)
		got := bySlug(t, d, "glen-test")
		if want := []string{"Strathard", "Kilbrannan and Sound", "Morven Coast"}; !slices.Equal(got.LocalityNames(), want) {
			t.Fatalf("localities %v, want %v", got.LocalityNames(), want)
		}
		if got.Localities[1].ID != ids["Kilbrannan"] {
			t.Errorf("renamed locality has id %d, want its old id %d", got.Localities[1].ID, ids["Kilbrannan"])
		}
		if got.Localities[0].ID != ids["Strathard"] || got.Localities[2].ID != ids["Morven Coast"] {
			t.Errorf("untouched localities changed ids: %+v, were %v", got.Localities, ids)
		}

		es := auditEntries(t, d, p.ID)
		if len(es) != 2 || es[0].Action != "update" {
			t.Fatalf("audit log %+v, want an update entry after the create", es)
		}
		before, after := snapshotOf(t, es[0].Before), snapshotOf(t, es[0].After)
		if !slices.Contains(jsonNames(before["localities"]), "Kilbrannan") || !slices.Contains(jsonNames(after["localities"]), "Kilbrannan and Sound") {
			t.Errorf("audit before %v / after %v do not show the rename", before, after)
		}
	})
}

func TestUpdateRemovesAndAddsLocalities(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := create(t, d, glen())
		ids := localityIDs(p)
		// Drop Kilbrannan, add Abermor at the front.
		p.Localities = []partnership.Named{{Name: "Abermor"}, p.Localities[0], p.Localities[2]}
		update(t, d, p)
		got := bySlug(t, d, "glen-test")
		if want := []string{"Abermor", "Strathard", "Morven Coast"}; !slices.Equal(got.LocalityNames(), want) {
			t.Fatalf("localities %v, want %v", got.LocalityNames(), want)
		}
		if got.Localities[1].ID != ids["Strathard"] || got.Localities[2].ID != ids["Morven Coast"] {
			t.Errorf("kept localities changed ids: %+v, were %v", got.Localities, ids)
		}
		var n int
		if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM localities WHERE id = $1", ids["Kilbrannan"]).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("the removed locality is still stored")
		}
	})
}

func TestUpdateSwappingTwoLocalityNames(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := create(t, d, glen())
		ids := localityIDs(p)
		p.Localities[0].Name, p.Localities[1].Name = p.Localities[1].Name, p.Localities[0].Name
		update(t, d, p)
		got := bySlug(t, d, "glen-test")
		if want := []string{"Kilbrannan", "Strathard", "Morven Coast"}; !slices.Equal(got.LocalityNames(), want) {
			t.Fatalf("localities %v, want %v", got.LocalityNames(), want)
		}
		// The rows kept their ids and swapped names.
		if got.Localities[0].ID != ids["Strathard"] || got.Localities[1].ID != ids["Kilbrannan"] {
			t.Errorf("ids after swap %+v; want the first row (was Strathard, id %d) now named Kilbrannan", got.Localities, ids["Strathard"])
		}
	})
}

func TestUpdateReorderingLocalities(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := create(t, d, glen())
		ids := localityIDs(p)
		slices.Reverse(p.Localities)
		update(t, d, p)
		got := bySlug(t, d, "glen-test")
		if want := []string{"Morven Coast", "Kilbrannan", "Strathard"}; !slices.Equal(got.LocalityNames(), want) {
			t.Fatalf("localities %v, want %v", got.LocalityNames(), want)
		}
		if !reflect.DeepEqual(localityIDs(got), ids) {
			t.Errorf("reordering changed ids: %v, were %v", localityIDs(got), ids)
		}
	})
}

func TestUpdateWithOneLocalityChangesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := create(t, d, glen())
		before := bySlug(t, d, "glen-test")
		rows := counts(t, d)

		p.Name = "Renamed"
		p.HealthBoard = "NHS Renamed"
		p.Localities = p.Localities[:1]
		_, err := partnership.StoreFor(d, p, time.Now).Update(context.Background(), p, officer)
		wantFieldError(t, err, "localities")
		errs, _ := valid.As(err)
		if msg := errs.For("localities"); !strings.Contains(msg, "at least two") {
			t.Errorf("message %q does not say at least two localities are needed", msg)
		}

		if after := bySlug(t, d, "glen-test"); !sameStored(before, after) {
			t.Errorf("partnership changed by a rejected update:\nbefore %+v\nafter  %+v", before, after)
		}
		if after := counts(t, d); !reflect.DeepEqual(rows, after) {
			t.Errorf("rows before %v, after %v; a rejected update must write nothing (audit included)", rows, after)
		}
	})
}

func TestUpdateToAnotherPartnershipsName(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		create(t, d, glen())
		other := glen()
		other.Slug, other.Name = "strath", "Strath"
		other = create(t, d, other)
		before := bySlug(t, d, "strath")
		rows := counts(t, d)

		other.Name = "Glen Test"
		other.Localities[0].Name = "Renamed in the same update"
		_, err := partnership.StoreFor(d, other, time.Now).Update(context.Background(), other, officer)
		wantFieldError(t, err, "name")

		other.Name, other.Slug = "Strath", "glen-test"
		_, err = partnership.StoreFor(d, other, time.Now).Update(context.Background(), other, officer)
		wantFieldError(t, err, "slug")

		if after := bySlug(t, d, "strath"); !sameStored(before, after) {
			t.Errorf("partnership changed by a rejected update:\nbefore %+v\nafter  %+v", before, after)
		}
		if after := counts(t, d); !reflect.DeepEqual(rows, after) {
			t.Errorf("rows before %v, after %v", rows, after)
		}
	})
}

func TestUpdateUnknownPartnership(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := glen()
		p.ID = 999
		if _, err := partnership.StoreFor(d, p, time.Now).Update(context.Background(), p, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("Update of a partnership that does not exist: %v, want ErrNotFound", err)
		}
	})
}

func TestUpdateKeepsCodeAndDemo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		in := glen()
		in.Code, in.Demo = "S37000099", true
		p := create(t, d, in)
		// A form does not send the code or the demo flag.
		p.Code, p.Demo = "", false
		p.HealthBoard = "NHS Changed"
		update(t, d, p)
		got := bySlug(t, d, "glen-test")
		if got.Code != "S37000099" || !got.Demo || got.HealthBoard != "NHS Changed" {
			t.Errorf("after update: code %q, demo %v, health board %q; want S37000099, true, NHS Changed", got.Code, got.Demo, got.HealthBoard)
		}
	})
}

// sameStored reports whether two reads of a partnership are the same, times
// compared as instants (a driver may give each read its own time zone value).
func sameStored(a, b partnership.Partnership) bool {
	if !a.CreatedAt.Equal(b.CreatedAt) || !a.UpdatedAt.Equal(b.UpdatedAt) {
		return false
	}
	a.CreatedAt, a.UpdatedAt, b.CreatedAt, b.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

// A form read before someone else removed a locality, or a tampered one,
// can carry a locality id the partnership no longer has (or never had).
// The name must still be saved, as a new locality, and another
// partnership's locality must not be touched.
func TestUpdateWithAForeignLocalityID(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		mine := create(t, d, glen())
		in := glen()
		in.Slug, in.Name = "strath", "Strath"
		theirs := create(t, d, in)

		mine.Localities = []partnership.Named{
			{ID: theirs.Localities[0].ID, Name: "North"},
			{ID: theirs.Localities[1].ID, Name: "South"},
		}
		update(t, d, mine)
		got := bySlug(t, d, "glen-test")
		if want := []string{"North", "South"}; !slices.Equal(got.LocalityNames(), want) {
			t.Errorf("my localities %v, want %v", got.LocalityNames(), want)
		}
		for _, l := range got.Localities {
			if l.ID == theirs.Localities[0].ID || l.ID == theirs.Localities[1].ID {
				t.Errorf("my locality %q has the id of one of theirs", l.Name)
			}
		}
		if after := bySlug(t, d, "strath"); !reflect.DeepEqual(after.Localities, theirs.Localities) {
			t.Errorf("their localities changed to %+v, were %+v", after.Localities, theirs.Localities)
		}
	})
}

// A locality that other records use (here a locality planning group) cannot
// be removed: the officer gets a message at the field, and nothing changes.
func TestUpdateRemovingALocalityInUse(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := create(t, d, glen())
		if _, err := d.ExecContext(context.Background(), `INSERT INTO bodies (partnership_id, kind, name, locality_id, created_at)
			VALUES ($1, 'locality-group', 'Kilbrannan locality planning group', $2, $3)`, p.ID, p.Localities[1].ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		before := bySlug(t, d, "glen-test")
		rows := counts(t, d)

		p.Localities = []partnership.Named{p.Localities[0], p.Localities[2]}
		_, err := partnership.StoreFor(d, p, time.Now).Update(context.Background(), p, officer)
		wantFieldError(t, err, "localities")
		errs, _ := valid.As(err)
		if msg := errs.For("localities"); !strings.Contains(msg, "Kilbrannan") {
			t.Errorf("message %q does not name the locality", msg)
		}
		if after := bySlug(t, d, "glen-test"); !sameStored(before, after) {
			t.Errorf("partnership changed by a refused update:\nbefore %+v\nafter  %+v", before, after)
		}
		if after := counts(t, d); !reflect.DeepEqual(rows, after) {
			t.Errorf("rows before %v, after %v", rows, after)
		}
	})
}

// twoPartnerships makes mine (Glen Test) and theirs (Strath), each with a
// delegated function.
func twoPartnerships(t *testing.T, d *db.DB) (mine, theirs partnership.Partnership, myFn, theirFn partnership.Function) {
	t.Helper()
	ctx := context.Background()
	mine = create(t, d, glen())
	in := glen()
	in.Slug, in.Name, in.HealthBoard = "strath", "Strath", "NHS Strath"
	in.LocalAuthorities = named("Strath Council")
	in.Localities = named("North", "South")
	theirs = create(t, d, in)
	var err error
	if myFn, err = partnership.StoreFor(d, mine, time.Now).AddFunction(ctx,
		partnership.Function{Name: "Care at home", Partner: "Glen Test Council", Kind: "social-care"}, officer); err != nil {
		t.Fatal(err)
	}
	if theirFn, err = partnership.StoreFor(d, theirs, time.Now).AddFunction(ctx,
		partnership.Function{Name: "District nursing", Partner: "NHS Strath", Kind: "health"}, officer); err != nil {
		t.Fatal(err)
	}
	return mine, theirs, myFn, theirFn
}

// A store bound to one partnership reaches none of another's records by
// their ids: not its delegated functions (reading or removing), not its
// localities or local authorities (renaming or removing), and not the
// partnership itself. Nothing of theirs changes.
func TestStoreIsolation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		mine, theirs, myFn, theirFn := twoPartnerships(t, d)
		st := partnership.StoreFor(d, mine, time.Now)
		theirsBefore := bySlug(t, d, "strath")

		// Reading: my store lists my function only.
		fs, err := st.Functions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 1 || fs[0].ID != myFn.ID {
			t.Errorf("my store's functions %+v, want only %q", fs, myFn.Name)
		}

		// Removing their function by its id.
		rows := counts(t, d)
		if err := st.RemoveFunction(ctx, theirFn.ID, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("RemoveFunction(their function): %v, want valid.ErrNotFound", err)
		}
		if after := counts(t, d); !reflect.DeepEqual(rows, after) {
			t.Errorf("rows before %v, after %v; a refused removal must write nothing", rows, after)
		}

		// Renaming and dropping their localities and council by their ids:
		// my update names their ids, and leaves out my own.
		changed := mine
		changed.LocalAuthorities = []partnership.Named{{ID: theirs.LocalAuthorities[0].ID, Name: "Renamed Council"}}
		changed.Localities = []partnership.Named{
			{ID: theirs.Localities[0].ID, Name: "Renamed North"},
			{ID: theirs.Localities[1].ID, Name: "Renamed South"},
		}
		// And an update aimed at their partnership by its id.
		changed.ID = theirs.ID
		saved, err := st.Update(ctx, changed, officer)
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		if saved.ID != mine.ID {
			t.Errorf("Update saved partnership %d, want mine (%d)", saved.ID, mine.ID)
		}
		got := bySlug(t, d, "glen-test")
		if want := []string{"Renamed North", "Renamed South"}; !slices.Equal(got.LocalityNames(), want) {
			t.Errorf("my localities %v, want %v", got.LocalityNames(), want)
		}
		for _, l := range append(got.Localities, got.LocalAuthorities...) {
			for _, x := range append(theirs.Localities, theirs.LocalAuthorities...) {
				if l.ID == x.ID {
					t.Errorf("my %q took the id of their %q", l.Name, x.Name)
				}
			}
		}

		// Theirs is as it was, functions included.
		if after := bySlug(t, d, "strath"); !sameStored(theirsBefore, after) {
			t.Errorf("their partnership changed:\nbefore %+v\nafter  %+v", theirsBefore, after)
		}
		if got := functions(t, d, theirs.ID); len(got) != 1 || got[0].ID != theirFn.ID {
			t.Errorf("their functions %+v, want %q still there", got, theirFn.Name)
		}
		if es := auditEntries(t, d, theirs.ID); len(es) != 2 {
			t.Errorf("their audit log has %d entries, want their create and their function's (2)", len(es))
		}
	})
}

// The store stamps a change with its own clock: the partnership's
// UpdatedAt and the audit entry's time.
func TestStoreUsesItsClock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		at := time.Date(2027, 4, 1, 9, 30, 0, 0, time.UTC)
		created := create(t, d, glen())
		created.Name = "Glen Test Renamed"
		saved, err := partnership.StoreFor(d, created, func() time.Time { return at }).Update(ctx, created, officer)
		if err != nil {
			t.Fatal(err)
		}
		if !saved.UpdatedAt.Equal(at) {
			t.Errorf("Update returned UpdatedAt %v, want the store's %v", saved.UpdatedAt, at)
		}
		if got := bySlug(t, d, "glen-test"); !got.UpdatedAt.Equal(at) {
			t.Errorf("stored UpdatedAt %v, want the store's %v", got.UpdatedAt, at)
		}
		if es := auditEntries(t, d, created.ID); len(es) == 0 || !es[0].At.Equal(at) {
			t.Errorf("audit entry at %v, want the store's %v", es[0].At, at)
		}

		created2 := glen()
		created2.Slug, created2.Name = "strath", "Strath"
		p, err := partnership.Create(ctx, d, created2, officer, at)
		if err != nil {
			t.Fatal(err)
		}
		if got := bySlug(t, d, "strath"); !got.CreatedAt.Equal(at) || !got.UpdatedAt.Equal(at) {
			t.Errorf("Create stamped %v / %v, want %v", got.CreatedAt, got.UpdatedAt, at)
		}
		if es := auditEntries(t, d, p.ID); len(es) != 1 || !es[0].At.Equal(at) {
			t.Errorf("Create's audit entries %+v, want one at %v", es, at)
		}
	})
}

// Each write that touches several rows is one transaction: when its last
// insert (the audit entry, or the localities of a new partnership) fails,
// nothing of it remains.
func TestWritesAreOneTransaction(t *testing.T) {
	type write struct {
		name  string
		table string // the table whose inserts fail
		do    func(ctx context.Context, d *db.DB, mine partnership.Partnership, myFn partnership.Function) error
	}
	writes := []write{
		{"update with localities", "audit_log", func(ctx context.Context, d *db.DB, mine partnership.Partnership, _ partnership.Function) error {
			mine.Name = "Renamed"
			mine.Localities[0].Name = "Renamed locality"
			mine.Localities = append(mine.Localities[1:], partnership.Named{Name: "New locality"})
			mine.LocalAuthorities = append(mine.LocalAuthorities, partnership.Named{Name: "Second Council"})
			_, err := partnership.StoreFor(d, mine, time.Now).Update(ctx, mine, officer)
			return err
		}},
		{"update adding a locality", "localities", func(ctx context.Context, d *db.DB, mine partnership.Partnership, _ partnership.Function) error {
			mine.Name = "Renamed"
			mine.Localities = append(mine.Localities, partnership.Named{Name: "New locality"})
			_, err := partnership.StoreFor(d, mine, time.Now).Update(ctx, mine, officer)
			return err
		}},
		{"add function", "audit_log", func(ctx context.Context, d *db.DB, mine partnership.Partnership, _ partnership.Function) error {
			_, err := partnership.StoreFor(d, mine, time.Now).AddFunction(ctx,
				partnership.Function{Name: "District nursing", Partner: "NHS Glen Test", Kind: "health"}, officer)
			return err
		}},
		{"remove function", "audit_log", func(ctx context.Context, d *db.DB, mine partnership.Partnership, myFn partnership.Function) error {
			return partnership.StoreFor(d, mine, time.Now).RemoveFunction(ctx, myFn.ID, officer)
		}},
		{"create", "audit_log", func(ctx context.Context, d *db.DB, _ partnership.Partnership, _ partnership.Function) error {
			p := glen()
			p.Slug, p.Name = "third", "Third"
			_, err := partnership.Create(ctx, d, p, officer, time.Now())
			return err
		}},
		{"create with localities", "localities", func(ctx context.Context, d *db.DB, _ partnership.Partnership, _ partnership.Function) error {
			p := glen()
			p.Slug, p.Name = "third", "Third"
			_, err := partnership.Create(ctx, d, p, officer, time.Now())
			return err
		}},
	}
	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				ctx := context.Background()
				mine, _, myFn, _ := twoPartnerships(t, d)
				before := bySlug(t, d, "glen-test")
				fnsBefore := functions(t, d, mine.ID)
				rows := counts(t, d)
				dbtest.FailInserts(t, d, w.table)

				if err := w.do(ctx, d, mine, myFn); err == nil {
					t.Fatalf("%s succeeded with inserts into %s refused", w.name, w.table)
				}
				if after := counts(t, d); !reflect.DeepEqual(rows, after) {
					t.Errorf("rows before %v, after %v; nothing of a failed write may remain", rows, after)
				}
				if after := bySlug(t, d, "glen-test"); !sameStored(before, after) {
					t.Errorf("partnership changed by a failed write:\nbefore %+v\nafter  %+v", before, after)
				}
				if after := functions(t, d, mine.ID); !reflect.DeepEqual(fnsBefore, after) {
					t.Errorf("functions before %+v, after %+v", fnsBefore, after)
				}
				if _, err := partnership.BySlug(ctx, d, "third"); !errors.Is(err, valid.ErrNotFound) {
					t.Errorf("BySlug(third) after a failed create: %v, want valid.ErrNotFound", err)
				}
			})
		})
	}
}
