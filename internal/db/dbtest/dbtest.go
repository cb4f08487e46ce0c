// Package dbtest gives tests a fresh, migrated database of each kind, so the
// same store test runs against SQLite and PostgreSQL.
//
// The PostgreSQL run uses the server named by COPLAN_TEST_POSTGRES_URL (the
// README's test command starts a throwaway one). Without it the PostgreSQL
// run is skipped on a developer's machine and fails when CI is set.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"coplan/internal/db"
)

// Each runs fn once against a new SQLite database and once against a new
// PostgreSQL schema, as subtests named "sqlite" and "postgres".
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated database in a new file under t.TempDir.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	return open(t, URL(t, db.SQLite))
}

// Postgres returns a migrated database in a new schema of the test server.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	return open(t, URL(t, db.Postgres))
}

// URL makes a new, empty database of the given kind and returns its URL, for
// tests that start coplan itself (several instances can share it). The
// database is removed when the test ends.
func URL(t testing.TB, kind db.Dialect) string {
	t.Helper()
	if kind == db.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "coplan.db")
	}
	base := os.Getenv("COPLAN_TEST_POSTGRES_URL")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("COPLAN_TEST_POSTGRES_URL is not set: PostgreSQL tests must run in CI (use the README's test command)")
		}
		t.Skip("COPLAN_TEST_POSTGRES_URL not set; run the README's test command to include PostgreSQL")
	}
	ctx := context.Background()
	admin, err := db.Open(ctx, base)
	if err != nil {
		t.Fatalf("PostgreSQL test server: %v", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(t testing.TB, u string) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return d
}

// FailInserts makes every later insert into table fail, on either kind of
// database, so that a test can make the second write of a store method
// fail and check that nothing of the first was kept: each write that
// touches several rows must be one transaction.
func FailInserts(t testing.TB, d *db.DB, table string) {
	t.Helper()
	ctx := context.Background()
	stmts := []string{`CREATE TRIGGER coplan_test_fail_` + table + ` BEFORE INSERT ON ` + table +
		` BEGIN SELECT RAISE(ABORT, 'insert refused by the test'); END`}
	if d.Dialect() == db.Postgres {
		stmts = []string{
			`CREATE OR REPLACE FUNCTION coplan_test_fail() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RAISE EXCEPTION 'insert refused by the test'; END $f$`,
			`CREATE TRIGGER coplan_test_fail_` + table + ` BEFORE INSERT ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION coplan_test_fail()`,
		}
	}
	for _, s := range stmts {
		if _, err := d.ExecContext(ctx, s); err != nil {
			t.Fatalf("FailInserts(%s): %v", table, err)
		}
	}
}

// FailWrites makes every later insert into table and update of it fail,
// as a full disk would: for a write that may change rows without adding
// any (submitting a draft as it was saved only marks it submitted).
func FailWrites(t testing.TB, d *db.DB, table string) {
	t.Helper()
	FailInserts(t, d, table)
	stmt := `CREATE TRIGGER coplan_test_fail_update_` + table + ` BEFORE UPDATE ON ` + table +
		` BEGIN SELECT RAISE(ABORT, 'update refused by the test'); END`
	if d.Dialect() == db.Postgres {
		stmt = `CREATE TRIGGER coplan_test_fail_update_` + table + ` BEFORE UPDATE ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION coplan_test_fail()`
	}
	if _, err := d.ExecContext(context.Background(), stmt); err != nil {
		t.Fatalf("FailWrites(%s): %v", table, err)
	}
}
