package consult_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
)

// Two instances share the count of one address: what one lets through
// counts on the other, other addresses and the next hour are not affected.
func TestLimiterIsSharedByInstances(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a, b := consult.NewLimiter(d, 5), consult.NewLimiter(d, 5)
		now := time.Now().UTC().Truncate(time.Hour) // counts older than a day are deleted as they are counted
		allow := func(l *consult.Limiter, kind, addr string, at time.Time) bool {
			t.Helper()
			ok, err := l.Allow(ctx, kind, consult.Subject(addr), at)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		for i := range 3 {
			if !allow(a, consult.CountSubmit, "192.0.2.7", now) {
				t.Fatalf("submission %d on instance A refused under the limit", i+1)
			}
		}
		for i := range 2 {
			if !allow(b, consult.CountSubmit, "192.0.2.7", now) {
				t.Fatalf("submission %d on instance B refused under the limit", i+4)
			}
		}
		if allow(b, consult.CountSubmit, "192.0.2.7", now) {
			t.Error("instance B let a sixth submission through: it did not count A's")
		}
		if allow(a, consult.CountSubmit, "192.0.2.7", now) {
			t.Error("instance A let a sixth submission through after B's")
		}
		if !allow(a, consult.CountSubmit, "192.0.2.8", now) || !allow(a, consult.CountStart, "192.0.2.7", now) {
			t.Error("another address, or starting a response, was refused because of 192.0.2.7's submissions")
		}
		if !allow(b, consult.CountSubmit, "192.0.2.7", now.Add(time.Hour)) {
			t.Error("the limit still applied in the next hour")
		}
		// A restarted instance starts from the shared count.
		c := consult.NewLimiter(d, 5)
		if allow(c, consult.CountSubmit, "192.0.2.7", now) {
			t.Error("a new instance let a sixth submission through")
		}
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}
	})
}

// IPv6 addresses count by /64 network, the block one household or phone
// gets; IPv4 addresses one by one.
func TestLimiterSubject(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"192.0.2.7", "192.0.2.7"},
		{"::ffff:192.0.2.7", "192.0.2.7"},
		{"2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"},
		{"not an address", "not an address"},
	} {
		if got := consult.Subject(tt.in); got != tt.want {
			t.Errorf("Subject(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLimiterRace: forty submissions from one address sent at once to two
// instances, with a limit of five, let exactly five through: each request
// reserves its place under a lock before the work (issue 10, item 18).
func TestLimiterRace(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		instances := []*consult.Limiter{consult.NewLimiter(d, 5), consult.NewLimiter(d, 5)}
		now := time.Now()
		const n = 40
		results := make(chan error, n)
		var allowed sync.WaitGroup
		var mu sync.Mutex
		through := 0
		start := make(chan struct{})
		for i := range n {
			allowed.Add(1)
			go func() {
				defer allowed.Done()
				<-start
				ok, err := instances[i%2].Allow(ctx, consult.CountSubmit, consult.Subject("203.0.113.9"), now)
				if ok {
					mu.Lock()
					through++
					mu.Unlock()
				}
				results <- err
			}()
		}
		close(start)
		allowed.Wait()
		close(results)
		for err := range results {
			if err != nil {
				t.Fatal(err)
			}
		}
		if through != 5 {
			t.Errorf("%d of %d submissions sent at once went through, want the limit of 5", through, n)
		}
		var stored int
		if err := d.QueryRowContext(ctx, "SELECT n FROM submission_counts WHERE subject = $1",
			fmt.Sprint(consult.CountSubmit, " ", consult.Subject("203.0.113.9"))).Scan(&stored); err != nil || stored != 5 {
			t.Errorf("stored count %d, %v; want 5", stored, err)
		}
	})
}
