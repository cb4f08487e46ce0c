// Package db opens coplan's database — an embedded SQLite file or a PostgreSQL
// server — applies its migrations, and runs queries written once for both.
//
// SQL throughout coplan is written in PostgreSQL's style with numbered
// placeholders ($1, $2, ...). The few places where the two databases differ
// are named here and nowhere else:
//   - placeholders: $N becomes ?N for SQLite (see rebind);
//   - prepared statements: SQLite's are kept and reused (see stmtCache);
//     pgx already keeps a cache of prepared statements per connection, so
//     on PostgreSQL queries go straight to the driver;
//   - migration types: {{id}}, {{timestamp}} and {{blob}} in migration files
//     (see dialectTypes);
//   - migration locking: PostgreSQL takes an advisory lock so that several
//     instances starting at once apply each migration exactly once;
//   - counting under a lock (Tx.Lock): PostgreSQL takes a transaction-scoped
//     advisory lock on a key; SQLite needs none, since its transactions
//     begin IMMEDIATE and so run one at a time.
package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the database engine behind a DB.
type Dialect string

// The two databases coplan runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Querier is what store code needs to read and write: both *DB and *Tx
// satisfy it, so a store function can run alone or inside a caller's
// transaction (for example together with its audit log entry).
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Dialect
}

// DB is an open database with its dialect.
type DB struct {
	sql     *sql.DB
	dialect Dialect
	// writer queues this process's writers to SQLite, which takes one at a
	// time and makes the others poll with growing sleeps (busy_timeout):
	// with many writing at once, as at a consultation's closing peak,
	// polling wastes most of the time (BENCHMARKS.md). A one-slot channel
	// rather than a mutex, so that waiting can give up; nil for PostgreSQL.
	writer chan struct{}
	// stmts keeps SQLite's prepared statements for reuse; nil for
	// PostgreSQL, whose driver caches its own.
	stmts *stmtCache
}

// Open connects to the database named by url: "sqlite:PATH" (the file is
// created if missing; WAL mode, foreign keys on, full sync) or
// "postgres://..." / "postgresql://...". It does not apply migrations; call
// Migrate for that.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	var (
		d   *DB
		err error
	)
	switch {
	case strings.HasPrefix(rawURL, "sqlite:"):
		d, err = openSQLite(strings.TrimPrefix(rawURL, "sqlite:"))
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		var s *sql.DB
		s, err = sql.Open("pgx", rawURL)
		if err == nil {
			s.SetMaxOpenConns(20)
			s.SetMaxIdleConns(20)
			s.SetConnMaxIdleTime(5 * time.Minute)
			d = &DB{sql: s, dialect: Postgres}
		}
	default:
		return nil, fmt.Errorf("database URL %q: use sqlite:PATH or postgres://...", rawURL)
	}
	if err != nil {
		return nil, err
	}
	if err := d.Ping(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return d, nil
}

func openSQLite(path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("database URL sqlite: needs a file path, for example sqlite:coplan.db")
	}
	q := url.Values{}
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(10000)"} {
		q.Add("_pragma", p)
	}
	// Writes begin IMMEDIATE so that two writers queue on the busy timeout
	// instead of failing when one upgrades a read lock.
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	s, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	// Keep connections for reuse: opening one means opening the file and
	// setting the pragmas again, and with database/sql's default of two
	// idle connections a busy server opens and closes one per request
	// (a fifth of the CPU time of BenchmarkSubmit). Idle ones close after
	// a while, so a peak's connections do not stay.
	s.SetMaxIdleConns(64)
	s.SetConnMaxIdleTime(5 * time.Minute)
	return &DB{sql: s, dialect: SQLite, writer: make(chan struct{}, 1), stmts: newStmtCache(s, maxStmts)}, nil
}

// Dialect says which database this is.
func (d *DB) Dialect() Dialect { return d.dialect }

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.sql.PingContext(ctx) }

// Close closes the prepared statements and the connection pool.
func (d *DB) Close() error {
	err := d.stmts.close()
	return errors.Join(err, d.sql.Close())
}

// ExecContext runs a statement that returns no rows.
func (d *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	defer d.lockWriter(ctx)()
	query = rebind(d.dialect, query)
	if st := d.stmts.get(ctx, query); st != nil {
		return st.ExecContext(ctx, normalise(args)...)
	}
	return d.sql.ExecContext(ctx, query, normalise(args)...)
}

// lockWriter waits for this process's turn to write to SQLite and returns
// the function that ends it. If the turn does not come within the busy
// timeout (or ctx ends), it goes on without, and SQLite's own waiting
// decides, as it would with no queue: so a write nested in another's
// transaction fails as before rather than waiting for ever.
func (d *DB) lockWriter(ctx context.Context) (unlock func()) {
	if d.writer == nil {
		return func() {}
	}
	select {
	case d.writer <- struct{}{}:
		return func() { <-d.writer }
	default:
	}
	t := time.NewTimer(10 * time.Second)
	defer t.Stop()
	select {
	case d.writer <- struct{}{}:
		return func() { <-d.writer }
	case <-t.C:
	case <-ctx.Done():
	}
	return func() {}
}

// QueryContext runs a query that returns rows.
func (d *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query = rebind(d.dialect, query)
	if st := d.stmts.get(ctx, query); st != nil {
		return st.QueryContext(ctx, normalise(args)...)
	}
	return d.sql.QueryContext(ctx, query, normalise(args)...)
}

// QueryRowContext runs a query that returns at most one row.
func (d *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	query = rebind(d.dialect, query)
	if st := d.stmts.get(ctx, query); st != nil {
		return st.QueryRowContext(ctx, normalise(args)...)
	}
	return d.sql.QueryRowContext(ctx, query, normalise(args)...)
}

// Tx is a transaction; it satisfies Querier.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
	stmts   *stmtCache
	// beforeCommit is the work BeforeCommit registered, by key.
	beforeCommit map[string]func(ctx context.Context, tx *Tx) error
}

// BeforeCommit registers fn to run in the transaction just before it
// commits, once however often the same key is registered, in the order of
// the keys. For writes that every transaction of a kind makes to one row
// (raising a generation, see package generation): made last, the row is
// locked only for the moment before commit, and made in key order, two
// transactions cannot each hold one such row while waiting for the other's.
func (t *Tx) BeforeCommit(key string, fn func(ctx context.Context, tx *Tx) error) {
	if t.beforeCommit == nil {
		t.beforeCommit = map[string]func(context.Context, *Tx) error{}
	}
	if _, ok := t.beforeCommit[key]; !ok {
		t.beforeCommit[key] = fn
	}
}

func (t *Tx) runBeforeCommit(ctx context.Context) error {
	keys := slices.Sorted(maps.Keys(t.beforeCommit))
	for _, k := range keys {
		if err := t.beforeCommit[k](ctx, t); err != nil {
			return err
		}
	}
	return nil
}

// Dialect says which database this is.
func (t *Tx) Dialect() Dialect { return t.dialect }

// stmt is the kept prepared statement for query on the transaction's
// connection (database/sql reuses the one already prepared there), or nil
// to run query unprepared.
func (t *Tx) stmt(ctx context.Context, query string) *sql.Stmt {
	if st := t.stmts.get(ctx, query); st != nil {
		return t.tx.StmtContext(ctx, st)
	}
	return nil
}

// ExecContext runs a statement that returns no rows.
func (t *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	query = rebind(t.dialect, query)
	if st := t.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, normalise(args)...)
	}
	return t.tx.ExecContext(ctx, query, normalise(args)...)
}

// QueryContext runs a query that returns rows.
func (t *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query = rebind(t.dialect, query)
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, normalise(args)...)
	}
	return t.tx.QueryContext(ctx, query, normalise(args)...)
}

// QueryRowContext runs a query that returns at most one row.
func (t *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	query = rebind(t.dialect, query)
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, normalise(args)...)
	}
	return t.tx.QueryRowContext(ctx, query, normalise(args)...)
}

// Lock makes transactions that lock the same key run one after another
// until this one ends, across every instance on the database: so that
// counting rows and then adding one (a sign-in attempt, a response from an
// address) cannot be raced. On SQLite every transaction already holds the
// database's write lock.
func (t *Tx) Lock(ctx context.Context, key string) error {
	if t.dialect != Postgres {
		return nil
	}
	_, err := t.tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtext($1))", key)
	return err
}

// InTx runs fn in a transaction, committing if fn returns nil and rolling
// back otherwise. fn's error is returned unchanged so callers can test it
// with errors.Is and errors.As.
func (d *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	defer d.lockWriter(ctx)() // on SQLite every transaction is a write (BEGIN IMMEDIATE)
	stx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	return d.run(ctx, stx, fn)
}

// run runs fn in the begun transaction stx and commits it, or rolls it
// back if fn or the work registered with BeforeCommit fails.
func (d *DB) run(ctx context.Context, stx *sql.Tx, fn func(tx *Tx) error) error {
	tx := &Tx{tx: stx, dialect: d.dialect, stmts: d.stmts}
	if err := fn(tx); err != nil {
		_ = stx.Rollback()
		return err
	}
	if err := tx.runBeforeCommit(ctx); err != nil {
		_ = stx.Rollback()
		return err
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// InTxNoSync is InTx for records whose loss in a crash does no harm,
// committed on SQLite without waiting for the disk: the per-address counts
// of responses started and sent, say, which a crash could only make lower.
// Everything else coplan stores waits for the disk (InTx).
//
// The commit is still atomic and in order: it is written to the
// write-ahead log like any other (with synchronous=NORMAL for that one
// transaction, on a connection of its own), and the next transaction that
// waits for the disk makes it durable too. On PostgreSQL it is InTx:
// synchronous_commit=off for these transactions made no difference that
// the benchmark's noise could show (BENCHMARKS.md, "Submitting").
func (d *DB) InTxNoSync(ctx context.Context, fn func(tx *Tx) error) error {
	if d.dialect != SQLite {
		return d.InTx(ctx, fn)
	}
	defer d.lockWriter(ctx)()
	conn, err := d.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous=NORMAL"); err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	// The connection goes back to the pool waiting for the disk again, or
	// not at all.
	defer func() {
		if _, err := conn.ExecContext(context.Background(), "PRAGMA synchronous=FULL"); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	stx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	return d.run(ctx, stx, fn)
}

// normalise stores every time in UTC so that timestamps compare correctly
// in SQLite, where they are text.
func normalise(args []any) []any {
	for i, a := range args {
		switch v := a.(type) {
		case time.Time:
			args[i] = v.UTC()
		case *time.Time:
			if v != nil {
				args[i] = v.UTC()
			}
		case string:
			// PostgreSQL refuses text that is not UTF-8 or holds NUL; a
			// respondent's pasted text must not fail a submission.
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				args[i] = strings.ReplaceAll(strings.ToValidUTF8(v, "\uFFFD"), "\x00", "")
			}
		}
	}
	return args
}

// IsUniqueViolation reports whether err is a unique-constraint failure on
// either database, so callers can turn it into a message about the field.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// IsForeignKeyViolation reports whether err is a foreign-key failure on
// either database: a row is still referred to by another.
func IsForeignKeyViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "FOREIGN KEY constraint failed") || strings.Contains(s, "SQLSTATE 23503")
}

// CheckWrites proves the database takes writes now: it records the time in
// health_checks and commits. A full disk or a read-only database fails it
// though reads still work.
func (d *DB) CheckWrites(ctx context.Context, now time.Time) error {
	return d.InTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO health_checks (id, checked_at) VALUES (1, $1)
			ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`, now)
		return err
	})
}
