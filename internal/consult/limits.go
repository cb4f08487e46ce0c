package consult

import (
	"cmp"
	"context"
	"fmt"
	"net/netip"
	"slices"
	"sync"
	"time"

	"coplan/internal/db"
)

// DefaultHourlyLimit is how many responses one network address may start,
// and how many it may submit, in an hour. It is high on purpose: a
// community centre, library, care home or drop-in session where many people
// answer on shared computers, or a household or town behind one mobile
// network's address, must not be locked out; the limit only stops a machine
// flooding the consultation.
const DefaultHourlyLimit = 300

// What a Limiter counts.
const (
	CountStart  = "start"  // a response started
	CountSubmit = "submit" // a response submitted
)

// Limiter counts, per network address and hour, the responses started and
// submitted, in the submission_counts table so that every instance of a
// national service shares the counts.
//
// Each request reserves its place before the work it allows, in a
// transaction that locks the address's count (db.Tx.Lock), reads it and
// adds one only while under the limit: requests sent at once, to one
// instance or several, cannot all read the same count and all go through
// (issue 10, item 18). Reservations that arrive together share one
// transaction (as consult.Batcher does for submissions), so the count
// costs the closing peak one commit per group, not one per request; within
// a group the addresses are locked in order, so that groups on several
// instances cannot deadlock.
type Limiter struct {
	d     *db.DB
	limit int

	mu     sync.RWMutex // held to queue a reservation; Close holds it alone
	closed bool
	queue  chan *reservation
	done   chan struct{}

	pmu    sync.Mutex
	pruned string // the hour rows before which were last deleted
}

// reservation is one request's place, waiting for its group's transaction.
type reservation struct {
	subject, hour string
	now           time.Time
	ok            bool
	err           error
	done          chan struct{}
}

// NewLimiter makes a limiter allowing limit of each kind per address per
// hour (DefaultHourlyLimit if limit is 0; no limit if it is negative).
// Close it when done.
func NewLimiter(d *db.DB, limit int) *Limiter {
	if limit == 0 {
		limit = DefaultHourlyLimit
	}
	l := &Limiter{d: d, limit: limit, queue: make(chan *reservation, 256), done: make(chan struct{})}
	go l.run()
	return l
}

// Subject is the address a request is counted against: an IPv4 address,
// or the /64 network of an IPv6 one (a household or phone gets a whole
// /64, so counting single IPv6 addresses would count nothing).
func Subject(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// Allow reserves one start or submission (kind is CountStart or
// CountSubmit) from address subject at time now, and reports false,
// reserving nothing, when the address has reached the limit this hour.
// Call it before the work it allows.
func (l *Limiter) Allow(ctx context.Context, kind, subject string, now time.Time) (bool, error) {
	if l.limit < 0 {
		return true, nil
	}
	res := &reservation{subject: kind + " " + subject, hour: now.UTC().Format("2006-01-02T15"), now: now, done: make(chan struct{})}
	l.mu.RLock()
	if l.closed {
		l.mu.RUnlock()
		l.reserve([]*reservation{res})
		return res.ok, res.err
	}
	select {
	case l.queue <- res:
	case <-ctx.Done():
		l.mu.RUnlock()
		return false, ctx.Err()
	}
	l.mu.RUnlock()
	<-res.done // once queued, its group decides, even if the caller has gone
	return res.ok, res.err
}

// Close reserves what is queued and stops the limiter; an Allow after it
// reserves alone.
func (l *Limiter) Close() error {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.queue)
	}
	l.mu.Unlock()
	<-l.done
	return nil
}

func (l *Limiter) run() {
	defer close(l.done)
	for first := range l.queue {
		group := []*reservation{first}
	more:
		for len(group) < 256 {
			select {
			case r, ok := <-l.queue:
				if !ok {
					break more
				}
				group = append(group, r)
			default:
				break more
			}
		}
		l.reserve(group)
	}
}

// reserve decides a group of reservations in one transaction, in the
// order of their addresses (so that groups cannot deadlock) and, for one
// address, of their arrival.
func (l *Limiter) reserve(group []*reservation) {
	defer func() {
		for _, r := range group {
			close(r.done)
		}
	}()
	sorted := slices.Clone(group)
	slices.SortStableFunc(sorted, func(a, b *reservation) int {
		return cmp.Or(cmp.Compare(a.subject, b.subject), cmp.Compare(a.hour, b.hour))
	})
	latest := sorted[0].now
	for _, r := range sorted {
		if r.now.After(latest) {
			latest = r.now
		}
	}
	hour := latest.UTC().Format("2006-01-02T15")
	l.pmu.Lock()
	prune := l.pruned != hour
	l.pmu.Unlock()
	err := l.d.InTxNoSync(context.Background(), func(tx *db.Tx) error {
		for i := 0; i < len(sorted); {
			j := i
			for j < len(sorted) && sorted[j].subject == sorted[i].subject && sorted[j].hour == sorted[i].hour {
				j++
			}
			k := sorted[i]
			if err := tx.Lock(context.Background(), "submission_counts "+k.subject+" "+k.hour); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRowContext(context.Background(), "SELECT COALESCE(SUM(n), 0) FROM submission_counts WHERE subject = $1 AND hour = $2",
				k.subject, k.hour).Scan(&n); err != nil {
				return err
			}
			added := 0
			for _, r := range sorted[i:j] {
				r.ok = n+added < l.limit
				if r.ok {
					added++
				}
			}
			if added > 0 {
				if _, err := tx.ExecContext(context.Background(), `INSERT INTO submission_counts (subject, hour, n) VALUES ($1, $2, $3)
					ON CONFLICT (subject, hour) DO UPDATE SET n = submission_counts.n + excluded.n`, k.subject, k.hour, added); err != nil {
					return err
				}
			}
			i = j
		}
		if prune {
			// Counts older than a day are of no more use.
			_, err := tx.ExecContext(context.Background(), "DELETE FROM submission_counts WHERE hour < $1",
				latest.UTC().Add(-24*time.Hour).Format("2006-01-02T15"))
			return err
		}
		return nil
	})
	if err != nil {
		for _, r := range group {
			r.ok, r.err = false, fmt.Errorf("count a response from %s: %w", r.subject, err)
		}
		return
	}
	if prune {
		l.pmu.Lock()
		l.pruned = hour
		l.pmu.Unlock()
	}
}
