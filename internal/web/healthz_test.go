package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/web"
)

// TestHealthzReportsADatabaseThatCannotWrite: a load balancer must take an
// instance out when its database can be read but not written, as with a
// full disk (issue 10, item 24).
func TestHealthzReportsADatabaseThatCannotWrite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, err := web.New(web.Config{DB: d})
		if err != nil {
			t.Fatal(err)
		}
		get := func() (int, string) {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
			b, _ := io.ReadAll(rec.Body)
			return rec.Code, string(b)
		}
		if code, body := get(); code != http.StatusOK {
			t.Fatalf("healthy database: %d %s", code, body)
		}
		if _, err := d.ExecContext(context.Background(), "DELETE FROM health_checks"); err != nil {
			t.Fatal(err)
		}
		dbtest.FailInserts(t, d, "health_checks")
		if code, body := get(); code != http.StatusServiceUnavailable || !strings.Contains(body, "writes") {
			t.Errorf("a database that takes no writes: %d %q, want 503 saying so", code, body)
		}
	})
}
