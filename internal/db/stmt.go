package db

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
)

// maxStmts is how many distinct statements a DB keeps prepared: the first
// ones used, which on a running server are the hot path's. A query built
// with a varying number of placeholders would add one per shape, so past
// the bound queries run unprepared, as before, rather than grow the cache
// without limit. SQLite holds a prepared statement in about 7.5 KB on each
// connection it has run on, so this bounds that memory to about 2 MB a
// connection.
const maxStmts = 256

// stmtCache keeps one *sql.Stmt per query text. database/sql prepares a
// Stmt lazily on each connection it runs on and keeps it there, so after
// the first use on a connection SQLite no longer parses the statement.
// (modernc's driver does not cache statements itself; pgx does, which is
// why PostgreSQL has no stmtCache.)
type stmtCache struct {
	db  *sql.DB
	max int

	mu     sync.RWMutex
	stmts  map[string]*sql.Stmt
	full   bool // max reached: new queries run unprepared
	closed bool
	// seen is the queries run once so far: a query is prepared on its
	// second run, so that one-off statements (loading the demo, an
	// import) do not take the places of the pages' own.
	seenMu sync.Mutex
	seen   map[string]bool
}

// maxSeen bounds the queries remembered as run once; past it the memory
// starts again empty.
const maxSeen = 4096

func newStmtCache(d *sql.DB, max int) *stmtCache {
	return &stmtCache{db: d, max: max, stmts: map[string]*sql.Stmt{}, seen: map[string]bool{}}
}

// again records that query has run, and says whether it had run before.
func (c *stmtCache) again(query string) bool {
	c.seenMu.Lock()
	defer c.seenMu.Unlock()
	if c.seen[query] {
		delete(c.seen, query)
		return true
	}
	if len(c.seen) >= maxSeen {
		clear(c.seen)
	}
	c.seen[query] = true
	return false
}

// get returns the kept statement for query (already rebound), preparing it
// on its second use, or nil when query should run unprepared: on
// PostgreSQL (c nil), on its first use, for statements other than SELECT,
// INSERT, UPDATE, DELETE and WITH (migrations' DDL runs once), once the
// cache is full, or if preparing fails (running the query unprepared then
// reports the error as before).
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	st, full, closed := c.stmts[query], c.full, c.closed
	c.mu.RUnlock()
	if st != nil || full || closed || !reusable(query) || !c.again(query) {
		return st
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if have := c.stmts[query]; have != nil || c.closed || len(c.stmts) >= c.max {
		// Another request prepared it first, or there is no room.
		c.full = c.full || len(c.stmts) >= c.max
		st.Close()
		return have
	}
	c.stmts[query] = st
	return st
}

// close closes every kept statement; later queries run unprepared.
func (c *stmtCache) close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	var errs []error
	for q, st := range c.stmts {
		errs = append(errs, st.Close())
		delete(c.stmts, q)
	}
	return errors.Join(errs...)
}

// size is how many statements are kept, for tests.
func (c *stmtCache) size() int {
	if c == nil {
		return 0
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.stmts)
}

// reusable says whether query is worth keeping prepared: a statement on
// data, not a schema change or a pragma.
func reusable(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	for _, kw := range []string{"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"} {
		if len(q) >= len(kw) && strings.EqualFold(q[:len(kw)], kw) {
			return true
		}
	}
	return false
}

// maxRebound bounds the cache of rewritten query texts, for the same
// reason as maxStmts.
const maxRebound = 4096

var (
	rebound      sync.Map // PostgreSQL-style query -> SQLite-style query
	reboundCount atomic.Int64
)

// rebind turns PostgreSQL's $N placeholders into SQLite's numbered ?N form,
// which binds by the same numbers. (SQLite would read "$1" as a named
// parameter and number it by first appearance, which breaks queries that
// use $2 before $1.) Each distinct query is rewritten once and the result
// kept, so a page's queries cost a map lookup, not a scan each.
func rebind(d Dialect, query string) string {
	if d != SQLite {
		return query
	}
	if v, ok := rebound.Load(query); ok {
		return v.(string)
	}
	out := rewritePlaceholders(query)
	if reboundCount.Load() < maxRebound {
		if _, loaded := rebound.LoadOrStore(query, out); !loaded {
			reboundCount.Add(1)
		}
	}
	return out
}

// rewritePlaceholders replaces every $ followed by digits with ? and the
// same digits.
func rewritePlaceholders(query string) string {
	i := strings.IndexByte(query, '$')
	if i < 0 {
		return query
	}
	var b strings.Builder
	b.Grow(len(query))
	for ; i >= 0; i = strings.IndexByte(query, '$') {
		b.WriteString(query[:i])
		if i+1 < len(query) && query[i+1] >= '0' && query[i+1] <= '9' {
			b.WriteByte('?')
		} else {
			b.WriteByte('$')
		}
		query = query[i+1:]
	}
	b.WriteString(query)
	return b.String()
}
