package db_test

import (
	"context"
	"testing"
	"time"

	"coplan/internal/db"
	"coplan/internal/db/dbtest"
)

func TestMigrateIsIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n, err := d.Migrate(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("second Migrate applied %d migrations, want 0", n)
		}
	})
}

// Placeholders used out of order must bind by number on both databases.
func TestPlaceholdersBindByNumber(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var a, b string
		if err := d.QueryRowContext(ctx, "SELECT CAST($2 AS TEXT), CAST($1 AS TEXT)", "one", "two").Scan(&a, &b); err != nil {
			t.Fatal(err)
		}
		if a != "two" || b != "one" {
			t.Fatalf("got %q, %q; want two, one", a, b)
		}
	})
}

// Times go in as any zone and come back as the same instant.
func TestTimesRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		edinburgh, _ := time.LoadLocation("Europe/London")
		want := time.Date(2026, 7, 1, 9, 30, 0, 123456000, edinburgh)
		var id int64
		err := d.QueryRowContext(ctx, `INSERT INTO partnerships (slug, name, model, health_board, created_at, updated_at)
			VALUES ('t', 'T', 'ijb', 'NHS T', $1, $1) RETURNING id`, want).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		var got time.Time
		if err := d.QueryRowContext(ctx, "SELECT created_at FROM partnerships WHERE id = $1", id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(want) {
			t.Fatalf("got %v, want %v", got, want)
		}
		var n int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM partnerships WHERE created_at < $1", want.Add(time.Second)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("comparison found %d rows, want 1", n)
		}
	})
}

// Text that is not valid UTF-8, or holds a NUL, is stored cleaned on both
// databases rather than failing the write.
func TestBadTextIsStored(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var got string
		if err := d.QueryRowContext(ctx, "SELECT CAST($1 AS TEXT)", "caf\xe9 \x00ok").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != "caf\uFFFD ok" {
			t.Fatalf("got %q", got)
		}
	})
}
