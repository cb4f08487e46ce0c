package partnership_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
	"coplan/internal/refdata"
)

func importAll(t *testing.T, d *db.DB, ps []partnership.Partnership) partnership.ImportResult {
	t.Helper()
	res, err := partnership.Import(context.Background(), d, ps, audit.System, time.Now())
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return res
}

func list(t *testing.T, d *db.DB) []partnership.Partnership {
	t.Helper()
	ps, err := partnership.List(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestImportBuiltin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ref := refdata.Builtin()
		res := importAll(t, d, partnership.FromReference(ref))
		if want := (partnership.ImportResult{Created: len(ref)}); res != want || len(ref) != 31 {
			t.Fatalf("first import: %+v from %d, want %+v from 31", res, len(ref), want)
		}
		ps := list(t, d)
		if len(ps) != 31 {
			t.Fatalf("List has %d partnerships, want 31", len(ps))
		}
		byCode := map[string]refdata.Authority{}
		for _, a := range ref {
			byCode[a.Code] = a
		}
		for _, p := range ps {
			a, ok := byCode[p.Code]
			if !ok {
				t.Errorf("%s: code %q is not in the reference list", p.Name, p.Code)
				continue
			}
			if len(p.Localities) < partnership.MinLocalities {
				t.Errorf("%s has %d localities, want at least %d", p.Name, len(p.Localities), partnership.MinLocalities)
			}
			if p.Name != a.Name || p.Slug != a.Slug || p.Model != a.Model || p.HealthBoard != a.HealthBoard ||
				!reflect.DeepEqual(p.LocalityNames(), a.Localities) || !reflect.DeepEqual(p.LocalAuthorityNames(), a.LocalAuthorities) {
				t.Errorf("stored %+v, want the reference %+v", p, a)
			}
			if p.Demo {
				t.Errorf("%s is marked as the demo", p.Name)
			}
		}
		rows := counts(t, d)
		if rows["audit_log"] != 31 {
			t.Errorf("audit log has %d entries after importing 31, want 31", rows["audit_log"])
		}

		// Importing the same list again changes nothing.
		res = importAll(t, d, partnership.FromReference(refdata.Builtin()))
		if want := (partnership.ImportResult{Unchanged: 31}); res != want {
			t.Errorf("second import: %+v, want %+v", res, want)
		}
		if after := counts(t, d); !reflect.DeepEqual(rows, after) {
			t.Errorf("rows after the first import %v, after the second %v; want no change", rows, after)
		}
	})
}

func TestImportUpdatesChangedPartnerships(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		importAll(t, d, partnership.FromReference(refdata.Builtin()))
		ref := refdata.Builtin()
		first := bySlug(t, d, ref[0].Slug)
		ids := localityIDs(first)

		// The national list renames one locality of the first partnership
		// and adds one.
		old := ref[0].Localities[0]
		ref[0].Localities[0] = old + " and District"
		ref[0].Localities = append(ref[0].Localities, "Brand New Locality")
		res := importAll(t, d, partnership.FromReference(ref))
		if want := (partnership.ImportResult{Updated: 1, Unchanged: 30}); res != want {
			t.Fatalf("import with one change: %+v, want %+v", res, want)
		}
		got := bySlug(t, d, ref[0].Slug)
		if !reflect.DeepEqual(got.LocalityNames(), ref[0].Localities) {
			t.Errorf("localities %v, want %v", got.LocalityNames(), ref[0].Localities)
		}
		for _, l := range got.Localities[1 : len(got.Localities)-1] {
			if l.ID != ids[l.Name] {
				t.Errorf("unchanged locality %q: id %d, was %d", l.Name, l.ID, ids[l.Name])
			}
		}
		es := auditEntries(t, d, got.ID)
		if len(es) != 2 || es[0].Action != "import" || !strings.Contains(es[0].Before, old) || !strings.Contains(es[0].After, "Brand New Locality") {
			t.Errorf("audit log %+v, want the import's update with before and after", es)
		}
	})
}

func TestImportWithOneInvalidPartnershipWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ps := partnership.FromReference(refdata.Builtin())
		bad := ps[17]
		ps[17].Localities = ps[17].Localities[:1]
		_, err := partnership.Import(context.Background(), d, ps, audit.System, time.Now())
		if err == nil {
			t.Fatal("Import accepted a partnership with one locality")
		}
		if !strings.Contains(err.Error(), bad.Name) {
			t.Errorf("error %q does not name the bad partnership %s", err, bad.Name)
		}
		for table, n := range counts(t, d) {
			if n != 0 {
				t.Errorf("%s has %d rows after a rejected import, want none", table, n)
			}
		}
	})
}

func TestImportWithoutCodeWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ps := partnership.FromReference(refdata.Builtin())
		ps[30].Code = ""
		if _, err := partnership.Import(context.Background(), d, ps, audit.System, time.Now()); err == nil {
			t.Fatal("Import accepted a partnership without its official code")
		}
		if n := counts(t, d)["partnerships"]; n != 0 {
			t.Errorf("%d partnerships stored after a rejected import, want none", n)
		}
	})
}

// A partnership that passes validation but cannot be saved (here its name
// is already taken by an earlier one in the same file) must undo the whole
// import, not leave the partnerships before it.
func TestImportFailingPartWayWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		existing := create(t, d, glen())
		rows := counts(t, d)
		ps := partnership.FromReference(refdata.Builtin())
		ps[30].Name = ps[0].Name
		_, err := partnership.Import(context.Background(), d, ps, audit.System, time.Now())
		if err == nil {
			t.Fatal("Import of two partnerships with the same name succeeded")
		}
		if after := counts(t, d); !reflect.DeepEqual(rows, after) {
			t.Errorf("rows before %v, after a failed import %v; want no change", rows, after)
		}
		if got := list(t, d); len(got) != 1 || got[0].ID != existing.ID {
			t.Errorf("partnerships after a failed import: %d, want only the one there before", len(got))
		}
	})
}
