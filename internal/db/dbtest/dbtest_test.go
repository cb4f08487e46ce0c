package dbtest_test

import (
	"context"
	"strings"
	"testing"

	"coplan/internal/db"
	"coplan/internal/db/dbtest"
)

func TestFailInserts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		dbtest.FailInserts(t, d, "audit_log")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (actor, at, action, entity, summary) VALUES ('x', $1, 'x', 'x', 'x')`, "2026-01-01T00:00:00Z")
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "insert refused by the test") {
			t.Fatalf("an insert into audit_log: %v; want it refused by the test", err)
		}
	})
}
