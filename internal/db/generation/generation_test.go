package generation_test

import (
	"context"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/db/generation"
)

func TestBumpAndRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, err := generation.Read(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		all := s.Of(generation.All)
		if s.Of(42) != 0 {
			t.Fatalf("a partnership never changed is at %d, want 0", s.Of(42))
		}
		for range 2 {
			if err := generation.Bump(ctx, d, 42); err != nil {
				t.Fatal(err)
			}
		}
		// Raised inside a transaction that rolls back: unchanged.
		_ = d.InTx(ctx, func(tx *db.Tx) error {
			generation.Bump(ctx, tx, 42)
			return context.Canceled
		})
		if s, err = generation.Read(ctx, d); err != nil {
			t.Fatal(err)
		}
		if s.Of(42) != 2 || s.Of(generation.All) != all {
			t.Fatalf("after two raises: partnership at %d, list at %d (was %d)", s.Of(42), s.Of(generation.All), all)
		}
	})
}

// Every audited change raises its partnership's generation in its own
// transaction.
func TestAuditRaisesTheGeneration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var pid int64
		if err := d.QueryRowContext(ctx, `INSERT INTO partnerships (slug, name, model, health_board, created_at, updated_at)
			VALUES ('t', 'T', 'ijb', 'NHS T', $1, $1) RETURNING id`, time.Now()).Scan(&pid); err != nil {
			t.Fatal(err)
		}
		err := d.InTx(ctx, func(tx *db.Tx) error {
			return audit.Record(ctx, tx, audit.Entry{PartnershipID: pid, Actor: audit.System, At: time.Now(),
				Action: "update", Entity: "thing", Summary: "Changed a thing"}, nil, nil)
		})
		if err != nil {
			t.Fatal(err)
		}
		s, err := generation.Read(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if s.Of(pid) != 1 {
			t.Fatalf("generation %d after one audited change, want 1", s.Of(pid))
		}
	})
}

// A Watcher reads the database at most once an interval, unless told its
// snapshot is stale.
func TestWatcherReadsAtMostEveryInterval(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	clk := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	w := generation.NewWatcher(d, 250*time.Millisecond, func() time.Time { return clk })
	at := func() int64 {
		t.Helper()
		s, err := w.Current(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s.Of(7)
	}
	if g := at(); g != 0 {
		t.Fatalf("start: %d", g)
	}
	generation.Bump(ctx, d, 7)
	if g := at(); g != 0 {
		t.Fatalf("read again within the interval: %d", g)
	}
	clk = clk.Add(250 * time.Millisecond)
	if g := at(); g != 1 {
		t.Fatalf("not read again after the interval: %d", g)
	}
	generation.Bump(ctx, d, 7)
	w.Stale()
	if g := at(); g != 2 {
		t.Fatalf("not read again when stale: %d", g)
	}
	// Negative interval: read on every call.
	every := generation.NewWatcher(d, -1, func() time.Time { return clk })
	every.Current(ctx)
	generation.Bump(ctx, d, 7)
	if s, _ := every.Current(ctx); s.Of(7) != 3 {
		t.Fatalf("a watcher reading on every call saw %d", s.Of(7))
	}
}
