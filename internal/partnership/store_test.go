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
