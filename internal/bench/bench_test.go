package bench

import (
	"net/netip"
	"regexp"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 200; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		n, p int
		want time.Duration
	}{
		{200, 50, 100 * time.Millisecond},
		{200, 99, 198 * time.Millisecond},
		{100, 99, 99 * time.Millisecond},
		{1, 99, time.Millisecond},
		{3, 50, 2 * time.Millisecond},
	} {
		if got := percentile(ds[:c.n], c.p); got != c.want {
			t.Errorf("p%d of 1..%d ms = %v, want %v", c.p, c.n, got, c.want)
		}
	}
}

func TestSummarise(t *testing.T) {
	f := summarise([]time.Duration{3 * time.Millisecond, time.Millisecond, 2 * time.Millisecond, 4 * time.Millisecond}, 2*time.Second, 10)
	want := Figures{Requests: 4, Seconds: 2, RPS: 2, P50ms: 2, P99ms: 4, Bytes: 10}
	if f != want {
		t.Errorf("summarise = %+v, want %+v", f, want)
	}
	if f := summarise(nil, time.Second, 0); f.RPS != 0 || f.Requests != 0 {
		t.Errorf("no requests: %+v", f)
	}
}

// The page baseline serves exactly as many bytes as the page it stands
// beside.
func TestFillerSize(t *testing.T) {
	for _, n := range []int{0, 10, 66, 67, 6480, 10892, 110545} {
		if got := len(filler(n)); got != n {
			t.Errorf("filler(%d) is %d bytes", n, got)
		}
	}
}

// Loaded responses have references of coplan's form, all different.
func TestBenchReference(t *testing.T) {
	form := regexp.MustCompile(`^GLE-[2-9A-Z]{4}-[2-9A-Z]{4}$`)
	seen := map[string]bool{}
	for i := range 200000 {
		r := benchReference(i)
		if seen[r] || !form.MatchString(r) {
			t.Fatalf("reference %d: %q repeated or malformed", i, r)
		}
		seen[r] = true
	}
}

// Submissions come from many valid addresses, none used more often than
// the default hourly limit allows in a long run.
func TestClientAddresses(t *testing.T) {
	seen := map[string]int{}
	for i := range 100000 {
		a := clientAddress(i)
		if _, err := netip.ParseAddr(a); err != nil {
			t.Fatalf("%d: %q: %v", i, a, err)
		}
		seen[a]++
	}
	if len(seen) != addresses {
		t.Errorf("%d addresses, want %d", len(seen), addresses)
	}
	for a, n := range seen {
		if n > 25 {
			t.Errorf("%s used %d times", a, n)
		}
	}
}

func TestRatioAndRound(t *testing.T) {
	for _, c := range []struct{ a, b, want float64 }{{3, 1, 3}, {1, 3, 0.33}, {2, 0, 0}, {447, 9, 49.67}} {
		if got := ratio(c.a, c.b); got != c.want {
			t.Errorf("ratio(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
