package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
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
