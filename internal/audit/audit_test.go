package audit_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
)

// newPartnership inserts a bare partnership row for entries to belong to
// (the partnership package writes its own entries; this tests the log alone).
func newPartnership(t *testing.T, d *db.DB, slug string) int64 {
	t.Helper()
	var id int64
	err := d.QueryRowContext(context.Background(), `INSERT INTO partnerships (slug, name, model, health_board, created_at, updated_at)
		VALUES ($1, $1, 'ijb', 'NHS', $2, $2) RETURNING id`, slug, time.Now()).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func entries(t *testing.T, d *db.DB, pid int64, limit int) []audit.Entry {
	t.Helper()
	es, err := audit.ForPartnership(context.Background(), d, pid, limit)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestRecordAndRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		glen := newPartnership(t, d, "glen")
		strath := newPartnership(t, d, "strath")
		at := time.Date(2026, 4, 1, 14, 30, 0, 0, time.UTC)

		type fn struct {
			Name    string `json:"name"`
			Partner string `json:"delegated_by"`
		}
		steps := []struct {
			e             audit.Entry
			before, after any
		}{
			{audit.Entry{PartnershipID: glen, Actor: audit.System, At: at, Action: "create", Entity: "partnership", EntityID: glen,
				Summary: "Created partnership Glen"}, nil, map[string]any{"name": "Glen"}},
			{audit.Entry{PartnershipID: glen, Actor: audit.System, At: at.Add(time.Minute), Action: "create", Entity: "delegated function", EntityID: 7,
				Summary: "Added delegated function District nursing"}, nil, fn{"District nursing", "NHS Glen"}},
			{audit.Entry{PartnershipID: strath, Actor: audit.System, At: at, Action: "create", Entity: "partnership", EntityID: strath,
				Summary: "Created partnership Strath"}, nil, map[string]any{"name": "Strath"}},
			{audit.Entry{PartnershipID: glen, Actor: audit.Actor{Name: "Euan Fraser"}, At: at.Add(2 * time.Minute), Action: "delete",
				Entity: "delegated function", EntityID: 7, Summary: "Removed delegated function District nursing"},
				fn{"District nursing", "NHS Glen"}, nil},
		}
		for _, s := range steps {
			if err := audit.Record(ctx, d, s.e, s.before, s.after); err != nil {
				t.Fatal(err)
			}
		}

		es := entries(t, d, glen, 10)
		if len(es) != 3 {
			t.Fatalf("Glen has %d entries, want 3 (not Strath's)", len(es))
		}
		// Newest first.
		want := []struct{ summary, actor, before, after string }{
			{"Removed delegated function District nursing", "Euan Fraser", `{"name":"District nursing","delegated_by":"NHS Glen"}`, ""},
			{"Added delegated function District nursing", audit.System.Name, "", `{"name":"District nursing","delegated_by":"NHS Glen"}`},
			{"Created partnership Glen", audit.System.Name, "", `{"name":"Glen"}`},
		}
		for i, w := range want {
			e := es[i]
			if e.Summary != w.summary || e.Actor.Name != w.actor || e.Before != w.before || e.After != w.after || e.PartnershipID != glen {
				t.Errorf("entry %d = %+v, want %+v", i, e, w)
			}
		}
		if !es[2].At.Equal(at) || !es[0].At.Equal(at.Add(2*time.Minute)) {
			t.Errorf("times %v and %v, want %v and %v", es[2].At, es[0].At, at, at.Add(2*time.Minute))
		}
		if es[0].EntityID != 7 || es[0].Entity != "delegated function" || es[0].Action != "delete" {
			t.Errorf("newest entry %+v, want the delete of delegated function 7", es[0])
		}

		// The limit keeps the newest.
		if es := entries(t, d, glen, 1); len(es) != 1 || es[0].Summary != want[0].summary {
			t.Errorf("limit 1: %+v, want only the newest entry", es)
		}
		if es := entries(t, d, newPartnership(t, d, "empty"), 10); len(es) != 0 {
			t.Errorf("a partnership with no changes has entries: %+v", es)
		}
	})
}

// Every entry is dated by the clock of the store making the change; one
// without a time is refused, not dated by the machine's clock.
func TestRecordRefusesAnEntryWithoutATime(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		pid := newPartnership(t, d, "glen")
		at := time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC)
		if err := audit.Record(context.Background(), d, audit.Entry{PartnershipID: pid, Actor: audit.System, Action: "update",
			Entity: "partnership", Summary: "Changed"}, nil, nil); err == nil {
			t.Error("Record accepted an entry with no time")
		}
		if err := audit.Record(context.Background(), d, audit.Entry{PartnershipID: pid, Actor: audit.System, Action: "update",
			Entity: "partnership", Summary: "Changed", At: at}, nil, nil); err != nil {
			t.Fatal(err)
		}
		es := entries(t, d, pid, 10)
		if len(es) != 1 || !es[0].At.Equal(at) {
			t.Fatalf("entries %+v, want one at %v", es, at)
		}
	})
}

// The log never records a change that did not happen: an entry written in
// a transaction that is rolled back disappears with it.
func TestRecordInsideARolledBackTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pid := newPartnership(t, d, "glen")
		failed := errors.New("the change failed")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := audit.Record(ctx, tx, audit.Entry{PartnershipID: pid, Actor: audit.System, Action: "update",
				Entity: "partnership", EntityID: pid, Summary: "Changed", At: time.Now()}, nil, nil); err != nil {
				return err
			}
			return failed
		})
		if !errors.Is(err, failed) {
			t.Fatalf("InTx: %v, want the function's error", err)
		}
		if es := entries(t, d, pid, 10); len(es) != 0 {
			t.Errorf("entries after a rolled-back change: %+v, want none", es)
		}
	})
}

// Something that cannot be turned into JSON is refused rather than logged
// incompletely.
func TestRecordRefusesUnmarshalableValues(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		pid := newPartnership(t, d, "glen")
		err := audit.Record(context.Background(), d, audit.Entry{PartnershipID: pid, Actor: audit.System, Action: "update",
			Entity: "partnership", Summary: "Changed", At: time.Now()}, nil, map[string]any{"bad": make(chan int)})
		if err == nil {
			t.Fatal("Record accepted a value that cannot be JSON")
		}
		if es := entries(t, d, pid, 10); len(es) != 0 {
			t.Errorf("entries after a refused Record: %+v", es)
		}
	})
}

// Removing a partnership keeps its audit entries for the record.
func TestEntriesOutliveTheirPartnership(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pid := newPartnership(t, d, "glen")
		if err := audit.Record(ctx, d, audit.Entry{PartnershipID: pid, Actor: audit.System, Action: "create",
			Entity: "partnership", EntityID: pid, Summary: "Created partnership Glen", At: time.Now()}, nil, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, "DELETE FROM partnerships WHERE id = $1", pid); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_log WHERE summary = $1", "Created partnership Glen").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%d entries left after removing the partnership, want 1", n)
		}
	})
}
