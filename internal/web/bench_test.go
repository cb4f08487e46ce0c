package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/web"
)

// BenchmarkHomePage measures the public home page (32 partnerships with
// their localities, read from SQLite and rendered) over real HTTP on
// loopback, against a bare net/http handler served the same way in the same
// run: BENCHMARKS.md records the ratio, since absolute figures depend on the
// machine.
func BenchmarkHomePage(b *testing.B) {
	d := dbtest.SQLite(b)
	if err := demo.Load(context.Background(), d, time.Now); err != nil {
		b.Fatal(err)
	}
	s, err := web.New(web.Config{DB: d})
	if err != nil {
		b.Fatal(err)
	}
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	for _, c := range []struct {
		name string
		h    http.Handler
	}{{"bare-net-http", bare}, {"coplan-home", s}} {
		b.Run(c.name, func(b *testing.B) {
			srv := httptest.NewServer(c.h)
			defer srv.Close()
			client := srv.Client()
			client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
			b.SetParallelism(4)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					resp, err := client.Get(srv.URL + "/")
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						b.Errorf("status %d", resp.StatusCode)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}

// BenchmarkPublicPages measures the home page, a partnership's page and the
// API list with the page cache on (the default) and off, so each layer's
// part is visible: off, the pages still use the partnerships in memory and
// SQLite's kept prepared statements. COPLAN_BENCH_PARTNERSHIPS adds that
// many more partnerships (for the 31 against 300 comparison).
func BenchmarkPublicPages(b *testing.B) {
	d := dbtest.SQLite(b)
	ctx := context.Background()
	if err := demo.Load(ctx, d, time.Now); err != nil {
		b.Fatal(err)
	}
	if n, _ := strconv.Atoi(os.Getenv("COPLAN_BENCH_PARTNERSHIPS")); n > 0 {
		for i := range n {
			p := partnership.Partnership{Slug: fmt.Sprintf("extra-%03d", i), Name: fmt.Sprintf("Extra %03d", i), Model: "ijb",
				HealthBoard: "NHS Extra", LocalAuthorities: []partnership.Named{{Name: "Extra Council"}},
				Localities: []partnership.Named{{Name: "North"}, {Name: "South"}}}
			if _, err := partnership.Create(ctx, d, p, audit.System, time.Now()); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, cached := range []bool{true, false} {
		cfg := web.Config{DB: d}
		if !cached {
			cfg.PageCacheBytes = -1
		}
		s, err := web.New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		srv := httptest.NewServer(s)
		client := srv.Client()
		client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
		for _, path := range []string{"/", "/partnerships/glenmorven", "/api/v1/partnerships"} {
			b.Run(fmt.Sprintf("cache=%v%s", cached, path), func(b *testing.B) {
				b.SetParallelism(4)
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						resp, err := client.Get(srv.URL + path)
						if err != nil {
							b.Error(err)
							return
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != http.StatusOK {
							b.Errorf("status %d", resp.StatusCode)
							return
						}
					}
				})
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
			})
		}
		srv.Close()
	}
}
