package consult

import (
	"context"
	"net/netip"
	"sync"
	"time"

	"coplan/internal/civil"
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
// Counting must not cost the submit path a commit of its own (that would
// undo what the Batcher gains), so each instance counts in memory, adds its
// counts to the table at most once every ShareEvery, and reads an
// address's total (every instance's) again when its copy is older than
// that; Close adds the rest. An address can go over the limit by what the
// other instances let through in the last ShareEvery, which is harmless for
// a limit this high.
type Limiter struct {
	// ShareEvery is how often counts are shared with the other instances:
	// default one second. Set it before the Limiter is used.
	ShareEvery time.Duration
	// Clock times the sharing (not the hours counted, which come with
	// each Allow): the system clock unless a test sets another.
	Clock civil.Clock

	d       *db.DB
	limit   int
	flushMu sync.Mutex // held while sharing, so a read sees no count half-shared
	mu      sync.Mutex // guards the fields below
	counts  map[countKey]*count
	flushed time.Time
	pruned  string // the hour rows before which were last deleted
}

type countKey struct{ subject, hour string }

type count struct {
	shared  int       // the table's total when last read: every instance's
	sharing int       // counted here, being added to the table now
	local   int       // counted here since, not yet in the table
	read    time.Time // when shared was read
}

// NewLimiter makes a limiter allowing limit of each kind per address per
// hour (DefaultHourlyLimit if limit is 0; no limit if it is negative).
func NewLimiter(d *db.DB, limit int) *Limiter {
	if limit == 0 {
		limit = DefaultHourlyLimit
	}
	return &Limiter{ShareEvery: time.Second, Clock: civil.SystemClock, d: d, limit: limit, counts: map[countKey]*count{}}
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

// Allow counts one start or submission (kind is CountStart or
// CountSubmit) from address subject at time now, and reports false,
// counting nothing, when the address has reached the limit this hour.
func (l *Limiter) Allow(ctx context.Context, kind, subject string, now time.Time) (bool, error) {
	if l.limit < 0 {
		return true, nil
	}
	k := countKey{kind + " " + subject, now.UTC().Format("2006-01-02T15")}
	l.mu.Lock()
	c, ok := l.counts[k]
	stale := !ok || l.Clock().Sub(c.read) >= l.ShareEvery
	l.mu.Unlock()
	if stale {
		// Learn what the other instances (or this one, before a restart)
		// have counted. No sharing is under way meanwhile, so the table
		// holds exactly what this instance has shared.
		l.flushMu.Lock()
		var n int
		err := l.d.QueryRowContext(ctx, "SELECT COALESCE(SUM(n), 0) FROM submission_counts WHERE subject = $1 AND hour = $2",
			k.subject, k.hour).Scan(&n)
		if err == nil {
			l.mu.Lock()
			if c, ok = l.counts[k]; !ok {
				c = &count{}
				l.counts[k] = c
			}
			c.shared, c.read = n, l.Clock()
			l.mu.Unlock()
		}
		l.flushMu.Unlock()
		if err != nil {
			return false, err
		}
	}
	l.mu.Lock()
	allowed := c.shared+c.sharing+c.local < l.limit
	if allowed {
		c.local++
	}
	due := l.Clock().Sub(l.flushed) >= l.ShareEvery
	l.mu.Unlock()
	if due && l.flushMu.TryLock() {
		go func() {
			defer l.flushMu.Unlock()
			_ = l.flush(context.Background())
		}()
	}
	return allowed, nil
}

// Close adds what this instance has counted to the shared table.
func (l *Limiter) Close() error {
	return l.Flush(context.Background())
}

// Flush adds what this instance has counted to the shared table now.
func (l *Limiter) Flush(ctx context.Context) error {
	l.flushMu.Lock()
	defer l.flushMu.Unlock()
	return l.flush(ctx)
}

// flush shares the counts; the caller holds flushMu.
func (l *Limiter) flush(ctx context.Context) error {
	now := l.Clock()
	hour := now.UTC().Format("2006-01-02T15")
	l.mu.Lock()
	l.flushed = now
	deltas := map[countKey]int{}
	for k, c := range l.counts {
		if c.local > 0 {
			deltas[k] = c.local
			c.sharing, c.local = c.local, 0
		} else if k.hour < hour {
			delete(l.counts, k) // an hour that has passed
		}
	}
	prune := l.pruned != hour
	l.mu.Unlock()
	if len(deltas) == 0 && !prune {
		return nil
	}
	totals := map[countKey]int{}
	err := l.d.InTx(ctx, func(tx *db.Tx) error {
		for k, n := range deltas {
			var total int
			if err := tx.QueryRowContext(ctx, `INSERT INTO submission_counts (subject, hour, n) VALUES ($1, $2, $3)
				ON CONFLICT (subject, hour) DO UPDATE SET n = submission_counts.n + excluded.n RETURNING n`,
				k.subject, k.hour, n).Scan(&total); err != nil {
				return err
			}
			totals[k] = total
		}
		if prune {
			// Counts older than a day are of no more use.
			_, err := tx.ExecContext(ctx, "DELETE FROM submission_counts WHERE hour < $1", now.UTC().Add(-24*time.Hour).Format("2006-01-02T15"))
			return err
		}
		return nil
	})
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		for k, n := range deltas { // share them next time
			if c, ok := l.counts[k]; ok {
				c.sharing, c.local = 0, c.local+n
			}
		}
		return err
	}
	if prune {
		l.pruned = hour
	}
	for k, total := range totals {
		if c, ok := l.counts[k]; ok {
			c.shared, c.sharing, c.read = total, 0, now
		}
	}
	return nil
}
