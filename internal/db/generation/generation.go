// Package generation keeps the numbers that tell each coplan instance when
// what it holds in memory (the list of partnerships, public pages) is out
// of date: one per partnership, raised in the same transaction as every
// change that can alter that partnership's public pages, and one (All) for
// the list of partnerships itself. Several instances on one PostgreSQL
// database each read the numbers cheaply and often (Watcher), so a change
// made through one shows on the others within a second.
package generation

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"coplan/internal/civil"
	"coplan/internal/db"
)

// All is the key of the generation of the list of partnerships: raised when
// one is created, changed or imported.
const All int64 = 0

// Bump raises partnership pid's generation (All for the list of
// partnerships) with q, normally the transaction making the change, so the
// change and the new number commit together. In a transaction the number
// is raised once, just before commit (db.Tx.BeforeCommit), and the
// numbers of several partnerships in the order of their ids: on
// PostgreSQL the row is locked only for that moment, and two transactions
// never wait for each other's generations.
func Bump(ctx context.Context, q db.Querier, pid int64) error {
	if tx, ok := q.(*db.Tx); ok {
		tx.BeforeCommit(fmt.Sprintf("generation %020d", pid), func(ctx context.Context, tx *db.Tx) error {
			return bump(ctx, tx, pid)
		})
		return nil
	}
	return bump(ctx, q, pid)
}

func bump(ctx context.Context, q db.Querier, pid int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO generations (partnership_id, generation) VALUES ($1, 1)
		ON CONFLICT (partnership_id) DO UPDATE SET generation = generations.generation + 1`, pid)
	if err != nil {
		return fmt.Errorf("raise generation: %w", err)
	}
	return nil
}

// Snapshot is every generation as read at one moment. A partnership with
// no row is at generation 0.
type Snapshot map[int64]int64

// Of is partnership pid's generation (All for the list).
func (s Snapshot) Of(pid int64) int64 { return s[pid] }

// Read reads every generation.
func Read(ctx context.Context, q db.Querier) (Snapshot, error) {
	rows, err := q.QueryContext(ctx, "SELECT partnership_id, generation FROM generations")
	if err != nil {
		return nil, fmt.Errorf("read generations: %w", err)
	}
	defer rows.Close()
	s := Snapshot{}
	for rows.Next() {
		var pid, g int64
		if err := rows.Scan(&pid, &g); err != nil {
			return nil, err
		}
		s[pid] = g
	}
	return s, rows.Err()
}

// DefaultEvery is how often a Watcher reads the generations again while
// requests come in: well within the second in which a change must show on
// every instance, and one small query in four per second at most.
const DefaultEvery = 250 * time.Millisecond

// Watcher holds the generations last read, reading them again, lazily, when
// a request asks and they are older than its interval. One request at a
// time reads them; the others meanwhile go on with the last snapshot, so a
// slow database never queues every request behind the read.
type Watcher struct {
	q     db.Querier
	every time.Duration // <= 0: read on every request
	clock civil.Clock   // real time, for the interval

	mu      sync.Mutex // held by the one request reading
	current atomic.Pointer[state]
}

type state struct {
	snap Snapshot
	read time.Time // by clock; zero when stale
}

// NewWatcher watches q's generations, reading them again at most every
// interval (DefaultEvery if 0; on every call if negative) by clock, which
// must be real time even where the pages' own clock is fixed (in tests).
func NewWatcher(q db.Querier, every time.Duration, clock civil.Clock) *Watcher {
	if every == 0 {
		every = DefaultEvery
	}
	if clock == nil {
		clock = civil.SystemClock
	}
	return &Watcher{q: q, every: every, clock: clock}
}

// Current is the generations as last read, reading them first if they are
// older than the interval (or stale, see Stale). If another request is
// reading them and a snapshot exists, it returns that one without waiting.
func (w *Watcher) Current(ctx context.Context) (Snapshot, error) {
	st := w.current.Load()
	if st != nil && !st.read.IsZero() && w.every > 0 && w.clock().Sub(st.read) < w.every {
		return st.snap, nil
	}
	if st != nil {
		if !w.mu.TryLock() {
			return st.snap, nil
		}
	} else {
		w.mu.Lock()
	}
	defer w.mu.Unlock()
	if now := w.current.Load(); now != st && now != nil && !now.read.IsZero() && w.every > 0 {
		return now.snap, nil // read meanwhile
	}
	start := w.clock()
	snap, err := Read(ctx, w.q)
	if err != nil {
		if st != nil {
			return st.snap, nil // keep serving what was known; the next request tries again
		}
		return nil, err
	}
	w.current.Store(&state{snap: snap, read: start})
	return snap, nil
}

// Stale makes the next Current read the generations again: after this
// instance has made a change, so that its own next page shows it at once.
func (w *Watcher) Stale() {
	if st := w.current.Load(); st != nil {
		w.current.CompareAndSwap(st, &state{snap: st.snap})
	}
}
