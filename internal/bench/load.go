package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"coplan/internal/civil"
)

// Figures are one measurement: requests answered in a time, and how long
// they took.
type Figures struct {
	Requests int     `json:"requests"`
	Seconds  float64 `json:"seconds"`
	RPS      float64 `json:"rps"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	Bytes    int     `json:"bytes"` // of the last answer
	// Refused counts answers Check judged ErrRefused (503 with
	// Retry-After: the server shedding load, as it should when its queue
	// is full); they are not in Requests or the latencies.
	Refused int `json:"refused,omitempty"`
}

// ErrRefused is what a Check returns for an answer that refuses the
// request politely under load: the run goes on.
var ErrRefused = errors.New("refused under load")

// Load is a closed-loop load: Concurrency clients, each with its
// connection kept alive, sending one request after another for Duration.
type Load struct {
	Client      *http.Client
	Concurrency int
	Duration    time.Duration
	Clock       civil.Clock
	// Next makes client w's next request, or nil when there is no more
	// work (the run then ends early for that client).
	Next func(w int) *http.Request
	// Check judges an answer; nil accepts 200 only. ErrRefused counts the
	// answer as refused and goes on; any other error ends the run.
	Check func(resp *http.Response, body []byte) error
}

// NewClient is an HTTP client for n concurrent clients on loopback, each
// keeping its connection open.
func NewClient(n int) *http.Client {
	return &http.Client{Timeout: time.Minute, Transport: &http.Transport{
		MaxIdleConns: n * 2, MaxIdleConnsPerHost: n * 2, DisableCompression: true, IdleConnTimeout: time.Minute},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Run runs the load and measures it. The first failed request ends the run
// with its error: a benchmark of failing requests measures nothing.
func (l Load) Run(ctx context.Context) (Figures, error) {
	ctx, cancel := context.WithTimeout(ctx, l.Duration)
	defer cancel()
	clock := l.Clock
	if clock == nil {
		clock = civil.SystemClock
	}
	var (
		mu      sync.Mutex
		all     []time.Duration
		bytes   int
		refused int
		first   error
		wg      sync.WaitGroup
	)
	began := clock()
	for w := range max(l.Concurrency, 1) {
		wg.Go(func() {
			var took []time.Duration
			defer func() {
				mu.Lock()
				all = append(all, took...)
				mu.Unlock()
			}()
			for ctx.Err() == nil {
				req := l.Next(w)
				if req == nil {
					return
				}
				t0 := clock()
				resp, err := l.Client.Do(req)
				if err != nil {
					if ctx.Err() != nil {
						return // the run ended while it was sent
					}
					fail(&mu, &first, cancel, err)
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err == nil {
					if l.Check != nil {
						err = l.Check(resp, body)
					} else if resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("%s %s: status %d:\n%.600s", req.Method, req.URL.Path, resp.StatusCode, body)
					}
				}
				if errors.Is(err, ErrRefused) {
					mu.Lock()
					refused++
					mu.Unlock()
					continue
				}
				if err != nil {
					if ctx.Err() != nil {
						return
					}
					fail(&mu, &first, cancel, err)
					return
				}
				took = append(took, clock().Sub(t0))
				if w == 0 {
					mu.Lock()
					bytes = len(body)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	elapsed := clock().Sub(began)
	if first != nil {
		return Figures{}, first
	}
	f := summarise(all, elapsed, bytes)
	f.Refused = refused
	return f, nil
}

func fail(mu *sync.Mutex, first *error, cancel func(), err error) {
	mu.Lock()
	defer mu.Unlock()
	if *first == nil {
		*first = err
	}
	cancel()
}

// summarise turns latencies into figures.
func summarise(took []time.Duration, elapsed time.Duration, bytes int) Figures {
	f := Figures{Requests: len(took), Seconds: round(elapsed.Seconds(), 3), Bytes: bytes}
	if len(took) == 0 || elapsed <= 0 {
		return f
	}
	slices.Sort(took)
	f.RPS = round(float64(len(took))/elapsed.Seconds(), 1)
	f.P50ms = ms(percentile(took, 50))
	f.P99ms = ms(percentile(took, 99))
	return f
}

// percentile of sorted durations, by the nearest rank.
func percentile(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100 // ceil(n*p/100)
	return sorted[min(max(i-1, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 2) }

// round x to n decimal places, for figures that read well in JSON.
func round(x float64, n int) float64 {
	p := 1.0
	for range n {
		p *= 10
	}
	if x < 0 {
		return -float64(int64(-x*p+0.5)) / p
	}
	return float64(int64(x*p+0.5)) / p
}

// ratio is a/b to two places, 0 when b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return round(a/b, 2)
}
