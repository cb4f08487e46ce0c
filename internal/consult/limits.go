package consult

import (
	"context"
	"fmt"
	"net/netip"
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
// Each request reserves its place before the work it allows, in a small
// transaction of its own that locks the address's count (db.Tx.Lock), reads
// it and adds one only while under the limit: requests sent at once, to one
// instance or several, cannot all read the same count and all go through
// (issue 10, item 18). The price is one short transaction a request, which
// the limit's purpose — stopping a machine flooding a consultation — is
// worth.
type Limiter struct {
	d     *db.DB
	limit int

	mu     sync.Mutex
	pruned string // the hour rows before which were last deleted
}

// NewLimiter makes a limiter allowing limit of each kind per address per
// hour (DefaultHourlyLimit if limit is 0; no limit if it is negative).
func NewLimiter(d *db.DB, limit int) *Limiter {
	if limit == 0 {
		limit = DefaultHourlyLimit
	}
	return &Limiter{d: d, limit: limit}
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
	key, hour := kind+" "+subject, now.UTC().Format("2006-01-02T15")
	l.mu.Lock()
	prune := l.pruned != hour
	l.mu.Unlock()
	allowed := false
	err := l.d.InTx(ctx, func(tx *db.Tx) error {
		allowed = false
		if err := tx.Lock(ctx, "submission_counts "+key+" "+hour); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(SUM(n), 0) FROM submission_counts WHERE subject = $1 AND hour = $2",
			key, hour).Scan(&n); err != nil {
			return err
		}
		if n < l.limit {
			allowed = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO submission_counts (subject, hour, n) VALUES ($1, $2, 1)
				ON CONFLICT (subject, hour) DO UPDATE SET n = submission_counts.n + 1`, key, hour); err != nil {
				return err
			}
		}
		if prune {
			// Counts older than a day are of no more use.
			_, err := tx.ExecContext(ctx, "DELETE FROM submission_counts WHERE hour < $1", now.UTC().Add(-24*time.Hour).Format("2006-01-02T15"))
			return err
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("count a response from %s: %w", subject, err)
	}
	if prune {
		l.mu.Lock()
		l.pruned = hour
		l.mu.Unlock()
	}
	return allowed, nil
}

// Close is kept for the submit path's shutdown: every count is already
// in the shared table.
func (l *Limiter) Close() error { return nil }
