package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"coplan/internal/bench"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// coplanBinary builds the coplan command once for the tests that run it as
// a process: the benchmarks start it again (os.Executable) to serve.
func coplanBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "coplan-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin, buildErr = bench.Build(dir)
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// TestBenchJSON runs each benchmark at a tiny size and checks its JSON
// carries the fields issue 11 names, on SQLite and, for the two that write
// most, on PostgreSQL (the crash run's own test covers both databases).
// About 35 s in all; the commands fail, and so the test, if a submission
// acknowledged is not stored or a crash loses one.
func TestBenchJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("runs coplan serve and the baselines as processes: not in -short")
	}
	bin := coplanBinary(t)
	pg := os.Getenv("COPLAN_TEST_POSTGRES_URL")
	for _, c := range []struct {
		name     string
		args     []string
		postgres bool
		fields   []string // at the top level
		list     string   // a list whose items must have itemFields
		items    int
		itemKeys []string
	}{
		{"page", []string{"page", "--seconds", "1", "--concurrency", "4"}, false,
			[]string{"database", "partnerships", "baseline_p99_ms", "baseline_rps"},
			"pages", 5, []string{"name", "p50_ms", "p99_ms", "rps", "bytes", "baseline_p99_ms", "baseline_rps", "p99_ratio"}},
		{"submit", []string{"submit", "--seconds", "1", "--concurrency", "8", "--drafts", "3000"}, true,
			[]string{"coplan_rps", "baseline_rps", "ratio", "p50_ms", "p99_ms", "acknowledged", "database"}, "", 0, nil},
		{"export", []string{"export", "--responses", "300"}, true,
			[]string{"responses", "operations", "database"},
			"operations", 10, []string{"name", "seconds", "peak_rss_growth_bytes"}},
		{"crash", []string{"crash", "--kills", "2", "--respondents", "8"}, false,
			[]string{"kills", "acknowledged", "lost", "database"}, "", 0, nil},
	} {
		kinds := []string{"sqlite"}
		if c.postgres {
			kinds = append(kinds, "postgres")
		}
		for _, kind := range kinds {
			t.Run(c.name+"/"+kind, func(t *testing.T) {
				dbURL := ""
				if kind == "postgres" {
					if pg == "" {
						if os.Getenv("CI") != "" {
							t.Fatal("COPLAN_TEST_POSTGRES_URL is not set: PostgreSQL tests must run in CI")
						}
						t.Skip("COPLAN_TEST_POSTGRES_URL not set; run the README's test command to include PostgreSQL")
					}
					dbURL = pg
				}
				args := append([]string{"bench"}, c.args...)
				args = append(args, "--json")
				if dbURL != "" {
					args = append(args, "--database-url", dbURL)
				}
				cmd := exec.Command(bin, args...)
				var stderr strings.Builder
				cmd.Stderr = &stderr
				out, err := cmd.Output()
				if err != nil {
					t.Fatalf("coplan %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
				}
				var got map[string]any
				if err := json.Unmarshal(out, &got); err != nil {
					t.Fatalf("not one JSON object: %v\n%s", err, out)
				}
				for _, f := range c.fields {
					if _, ok := got[f]; !ok {
						t.Errorf("no %q in %s", f, out)
					}
				}
				if got["database"] != kind {
					t.Errorf("database %v, want %s", got["database"], kind)
				}
				if c.list == "" {
					return
				}
				items, _ := got[c.list].([]any)
				if len(items) != c.items {
					t.Fatalf("%d %s, want %d: %s", len(items), c.list, c.items, out)
				}
				for _, it := range items {
					m, _ := it.(map[string]any)
					for _, k := range c.itemKeys {
						if _, ok := m[k]; !ok {
							t.Errorf("%s item without %q: %v", c.list, k, m)
						}
					}
					if c.name == "page" {
						for _, k := range []string{"p99_ms", "rps", "baseline_p99_ms", "p99_ratio"} {
							if v, _ := m[k].(float64); v <= 0 {
								t.Errorf("%v: %s is %v, want a positive figure", m["name"], k, m[k])
							}
						}
					}
				}
			})
		}
	}
}
