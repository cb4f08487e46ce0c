package db

import (
	"context"
	"errors"
	"testing"
)

// InTxNoSync commits or rolls back as InTx does, and hands its connection
// back waiting for the disk again: a submission that reuses the connection
// must be as durable as ever.
func TestInTxNoSyncLeavesConnectionsDurable(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	if err := d.InTxNoSync(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO t (v) VALUES ($1)", "kept")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	failed := errors.New("roll back")
	if err := d.InTxNoSync(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO t (v) VALUES ($1)", "gone"); err != nil {
			return err
		}
		return failed
	}); !errors.Is(err, failed) {
		t.Fatalf("error %v, want fn's own", err)
	}
	var vs []string
	rows, err := d.QueryContext(ctx, "SELECT v FROM t ORDER BY v")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	rows.Close()
	if len(vs) != 1 || vs[0] != "kept" {
		t.Fatalf("rows %q, want only the committed one", vs)
	}
	// Every connection in the pool waits for the disk.
	n := d.sql.Stats().Idle
	if n == 0 {
		t.Fatal("no idle connections to look at")
	}
	for range n {
		c, err := d.sql.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close() // held until the end, so each Conn is another
		var sync int
		if err := c.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
			t.Fatal(err)
		}
		if sync != 2 { // FULL
			t.Fatalf("a connection after InTxNoSync has synchronous=%d, want 2 (FULL)", sync)
		}
	}
}
