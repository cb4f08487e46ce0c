package db

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"testing"
)

func TestRewritePlaceholders(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT $1", "SELECT ?1"},
		{"SELECT $2, $1, $10", "SELECT ?2, ?1, ?10"},
		{"SELECT '$', $3", "SELECT '$', ?3"},
		{"x$", "x$"},
		{"$$1", "$?1"},
	} {
		if got := rewritePlaceholders(c.in); got != c.want {
			t.Errorf("rewritePlaceholders(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestReusable(t *testing.T) {
	for q, want := range map[string]bool{
		"SELECT 1":                             true,
		"  insert into t VALUES (1)":           true,
		"(SELECT 1) UNION (SELECT 2)":          true,
		"WITH x AS (SELECT 1) SELECT * FROM x": true,
		"CREATE TABLE t (id INTEGER)":          false,
		"PRAGMA foreign_keys":                  false,
		"":                                     false,
	} {
		if got := reusable(q); got != want {
			t.Errorf("reusable(%q) = %v, want %v", q, got, want)
		}
	}
}

func openTemp(t testing.TB) *DB {
	t.Helper()
	d, err := Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.ExecContext(context.Background(), "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"); err != nil {
		t.Fatal(err)
	}
	return d
}

// The cache keeps at most its bound: a query built with ever new text runs
// unprepared past it, and still runs.
func TestStmtCacheIsBounded(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	d.stmts.max = 5
	// Run once, a query is not kept.
	for i := range 20 {
		var n int
		if err := d.QueryRowContext(ctx, fmt.Sprintf("SELECT %d + $1 + 1000", i), 1).Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	if got := d.stmts.size(); got != 0 {
		t.Fatalf("kept %d statements run once", got)
	}
	for i := range 20 {
		for range 2 {
			var n int
			if err := d.QueryRowContext(ctx, fmt.Sprintf("SELECT %d + $1", i), 1).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != i+1 {
				t.Fatalf("query %d gave %d", i, n)
			}
		}
	}
	if got := d.stmts.size(); got != 5 {
		t.Fatalf("kept %d statements, want the bound, 5", got)
	}
	// Schema changes are never kept.
	if _, err := d.ExecContext(ctx, "CREATE TABLE u (id INTEGER)"); err != nil {
		t.Fatal(err)
	}
	if got := d.stmts.size(); got != 5 {
		t.Fatalf("kept %d statements after DDL, want 5", got)
	}
}

// A kept statement works inside transactions, on the transaction's
// connection, and after Close queries fail as a closed database's do.
func TestStmtCacheInTx(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	for i := range 3 {
		err := d.InTx(ctx, func(tx *Tx) error {
			if _, err := tx.ExecContext(ctx, "INSERT INTO t (v) VALUES ($1)", fmt.Sprint(i)); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n); err != nil {
				return err
			}
			if n != i+1 {
				t.Errorf("inside transaction %d: %d rows, want %d", i, n, i+1)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// A rolled-back transaction leaves nothing.
	_ = d.InTx(ctx, func(tx *Tx) error {
		tx.ExecContext(ctx, "INSERT INTO t (v) VALUES ($1)", "gone")
		return fmt.Errorf("roll back")
	})
	var n int
	if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n); err != nil || n != 3 {
		t.Fatalf("count %d, %v; want 3", n, err)
	}
	if d.stmts.size() == 0 {
		t.Fatal("no statement was kept")
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if d.stmts.size() != 0 {
		t.Fatal("Close left statements open")
	}
	if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n); err == nil {
		t.Fatal("a query after Close succeeded")
	}
}

// BenchmarkQuery compares a typical page query (a partnership by its slug)
// with the statement kept prepared and parsed afresh each time.
func BenchmarkQuery(b *testing.B) {
	for _, prepared := range []bool{true, false} {
		b.Run(map[bool]string{true: "prepared", false: "unprepared"}[prepared], func(b *testing.B) {
			d := openTemp(b)
			ctx := context.Background()
			if _, err := d.ExecContext(ctx, "INSERT INTO t (v) VALUES ('glenmorven')"); err != nil {
				b.Fatal(err)
			}
			if !prepared {
				d.stmts.close()
			}
			const q = `SELECT id, v FROM t WHERE v = $1 AND id > $2 ORDER BY id`
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				var id int64
				var v string
				if err := d.QueryRowContext(ctx, q, "glenmorven", 0).Scan(&id, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Work registered with BeforeCommit runs once a key, in key order, at the
// end of the transaction; if it fails, nothing of the transaction stays.
func TestBeforeCommit(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	var order []string
	add := func(tx *Tx, key string) {
		tx.BeforeCommit(key, func(ctx context.Context, tx *Tx) error {
			order = append(order, key)
			_, err := tx.ExecContext(ctx, "INSERT INTO t (v) VALUES ($1)", key)
			return err
		})
	}
	err := d.InTx(ctx, func(tx *Tx) error {
		add(tx, "b")
		add(tx, "a")
		add(tx, "b")
		if _, err := tx.ExecContext(ctx, "INSERT INTO t (v) VALUES ('body')"); err != nil {
			return err
		}
		if len(order) != 0 {
			t.Error("BeforeCommit work ran before the transaction's own")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(order) != "[a b]" {
		t.Fatalf("ran %v, want [a b]", order)
	}
	err = d.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO t (v) VALUES ('kept?')"); err != nil {
			return err
		}
		tx.BeforeCommit("x", func(context.Context, *Tx) error { return fmt.Errorf("refused") })
		return nil
	})
	if err == nil {
		t.Fatal("failing BeforeCommit work did not fail the transaction")
	}
	var n int
	if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n); err != nil || n != 3 {
		t.Fatalf("%d rows, %v; want 3 (body, a, b)", n, err)
	}
}

// BenchmarkRebind compares the placeholder rewrite as it was (a regular
// expression on every query) with the kept rewrite.
func BenchmarkRebind(b *testing.B) {
	const q = `SELECT id, slug, COALESCE(code, ''), name, model, health_board, demo, created_at, updated_at
		FROM partnerships WHERE slug = $1 AND id IN (SELECT partnership_id FROM localities WHERE name = $2)`
	old := regexp.MustCompile(`\$(\d+)`)
	b.Run("regexp-each-time", func(b *testing.B) {
		for b.Loop() {
			_ = old.ReplaceAllString(q, "?$1")
		}
	})
	b.Run("kept", func(b *testing.B) {
		for b.Loop() {
			_ = rebind(SQLite, q)
		}
	})
}
