package consult

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"coplan/internal/db"
	"coplan/internal/valid"
)

// BatchOptions tune a Batcher. The zero value gives the defaults.
type BatchOptions struct {
	// MaxWait is how long the first submission of a batch waits for others
	// to join it before the batch is committed. Default 0: a batch is what
	// queued while the one before was committing, which grows with the
	// load by itself; a fixed wait adds its length to every submission
	// when the load is light and gained nothing measurable under load
	// (BENCHMARKS.md).
	MaxWait time.Duration
	// MaxSize is the most submissions committed in one transaction.
	// Default 256.
	MaxSize int
	// Workers is how many batches may be committed at the same time.
	// Default 1 on SQLite, which has one writer at a time anyway, and 4 on
	// PostgreSQL, where each statement is a round trip to the server and
	// concurrent commits share the server's own flushes to disk
	// (BenchmarkBatcher: one worker there was slower than none).
	Workers int
	// QueueSize is how many submissions may wait for their batch. Default
	// 4 × MaxSize (1,024): four batches' worth, about half a second of
	// work at the rates measured on SQLite (BENCHMARKS.md), and a few
	// megabytes of answers at most.
	QueueSize int
	// QueueWait is how long a submission waits for a place in a full
	// queue before Submit gives up with ErrBusy. Default 2 seconds: a
	// queue still full after that is minutes behind at a peak, and the
	// respondent is better told so at once, their answers safe in their
	// draft, than left watching a page that a proxy ends after 30 or 60
	// seconds with an error that says nothing.
	QueueWait time.Duration
}

// ErrBusy means the submission queue was full for BatchOptions.QueueWait:
// the response was not sent (it is still a draft, with every answer), and
// may be sent again in a minute.
var ErrBusy = errors.New("too many responses are being sent at once: this one was not sent")

// Batcher commits online submissions in groups ("group commit"): a
// goroutine per database (Workers of them) takes the submissions that have
// queued while the last batch was committing (up to MaxSize; waiting up to
// MaxWait for more if set) and commits them in one transaction. A database
// that syncs every commit to disk (SQLite in WAL mode with
// synchronous=FULL, PostgreSQL) then pays for one sync per batch instead of
// one per response, and SQLite's writers stop queueing for its one write
// lock: what a national consultation needs in the hours before it closes.
//
// Each submission has the semantics of Submit: the consultation must be
// open at its time, the response must still be a draft (so a draft is
// submitted once), and its caller gets the reference number only once the
// transaction holding it has committed. One that fails on its own terms
// (already submitted, not found) leaves the rest of its batch alone; one
// the database refuses makes the batch run again with each submission in a
// savepoint of its own, so that it fails alone; and if the batch's
// transaction fails as a whole, each submission is tried in a transaction
// of its own (see commit).
type Batcher struct {
	d       *db.DB
	opts    BatchOptions
	queue   chan *submission
	mu      sync.RWMutex // guards closed against sends on a closed queue
	closed  bool
	done    chan struct{}
	batches atomic.Int64
	total   atomic.Int64
	waiting atomic.Int64
}

// With is work done in the same transaction as a submission, once the
// response is stored: for example queueing the copy of the response by
// email, so that the copy is stored with the response or not at all, at
// no extra commit. ref is the response's new reference number. An error
// fails the submission.
type With func(ctx context.Context, tx *db.Tx, ref string) error

// submission is one Submit waiting for its batch.
type submission struct {
	c      Consultation
	r      Response
	prefix string
	now    time.Time
	with   With
	ref    string
	err    error
	done   chan struct{}
}

// NewBatcher starts a Batcher on d. Close it to commit what is waiting and
// stop it.
func NewBatcher(d *db.DB, opts BatchOptions) *Batcher {
	if opts.MaxSize <= 0 {
		opts.MaxSize = 256
	}
	if opts.Workers <= 0 {
		opts.Workers = 1
		if d.Dialect() == db.Postgres {
			opts.Workers = 4
		}
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = 4 * opts.MaxSize
	}
	if opts.QueueWait <= 0 {
		opts.QueueWait = 2 * time.Second
	}
	b := &Batcher{d: d, opts: opts, queue: make(chan *submission, opts.QueueSize), done: make(chan struct{})}
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Go(b.run)
	}
	go func() {
		wg.Wait()
		close(b.done)
	}()
	return b
}

// Submit finishes an online response as Submit does, in the next batch. It
// returns the reference number once the batch is committed. After Close it
// commits the response in a transaction of its own.
func (b *Batcher) Submit(ctx context.Context, c Consultation, r Response, prefix string, now time.Time) (string, error) {
	return b.SubmitWith(ctx, c, r, prefix, now, nil)
}

// SubmitWith is Submit with more work in the same transaction (nil for
// none).
func (b *Batcher) SubmitWith(ctx context.Context, c Consultation, r Response, prefix string, now time.Time, with With) (string, error) {
	if c.StatusAt(now) != Open {
		return "", ErrClosed
	}
	s := &submission{c: c, r: r, prefix: prefix, now: now, with: with, done: make(chan struct{})}
	b.mu.RLock()
	if b.closed {
		b.mu.RUnlock()
		return submitAlone(ctx, b.d, s)
	}
	b.waiting.Add(1)
	select {
	case b.queue <- s:
	default:
		// The queue is full: wait a little for a place, then give up
		// with the response still a draft.
		wait := time.NewTimer(b.opts.QueueWait)
		defer wait.Stop()
		select {
		case b.queue <- s:
		case <-wait.C:
			b.waiting.Add(-1)
			b.mu.RUnlock()
			return "", ErrBusy
		case <-ctx.Done():
			b.waiting.Add(-1)
			b.mu.RUnlock()
			return "", ctx.Err()
		}
	}
	b.mu.RUnlock()
	// Once queued, the submission will be committed (or fail) within one
	// batch, so wait for the outcome even if the caller has gone: the
	// response is then either stored with a reference or not at all.
	<-s.done
	return s.ref, s.err
}

// Close commits every submission already waiting, then stops the batcher.
// Submissions after Close are committed one by one.
func (b *Batcher) Close() error {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.queue)
	}
	b.mu.Unlock()
	<-b.done
	return nil
}

// BatchStats say what a Batcher has done.
type BatchStats struct {
	Batches   int64 // transactions committed (or tried)
	Submitted int64 // submissions those held
	Waiting   int64 // submissions queued or being collected now
}

// Stats reports the batches so far, so a benchmark can show the batch size
// reached and monitoring the queue.
func (b *Batcher) Stats() BatchStats {
	return BatchStats{Batches: b.batches.Load(), Submitted: b.total.Load(), Waiting: b.waiting.Load()}
}

func (b *Batcher) run() {
	batch := make([]*submission, 0, b.opts.MaxSize)
	var timer *time.Timer
	for first := range b.queue {
		batch = append(batch[:0], first)
		if b.opts.MaxWait <= 0 {
			batch = b.drain(batch)
		} else {
			if timer == nil {
				timer = time.NewTimer(b.opts.MaxWait)
			} else {
				timer.Reset(b.opts.MaxWait)
			}
			batch = b.collect(batch, timer)
			timer.Stop()
		}
		b.commit(batch)
	}
}

// collect adds submissions to batch until it is full, MaxWait has passed
// or the queue is closed.
func (b *Batcher) collect(batch []*submission, timer *time.Timer) []*submission {
	for len(batch) < b.opts.MaxSize {
		select {
		case s, ok := <-b.queue:
			if !ok {
				return batch
			}
			batch = append(batch, s)
		case <-timer.C:
			return batch
		}
	}
	return batch
}

// drain adds the submissions already waiting, without waiting for more.
func (b *Batcher) drain(batch []*submission) []*submission {
	for len(batch) < b.opts.MaxSize {
		select {
		case s, ok := <-b.queue:
			if !ok {
				return batch
			}
			batch = append(batch, s)
		default:
			return batch
		}
	}
	return batch
}

// errBatch marks a failure of a batch's transaction itself (not of one
// submission), after which every submission is retried alone.
type errBatch struct{ err error }

func (e errBatch) Error() string { return "batch: " + e.err.Error() }

// commit stores a batch, in up to three tries, each only when the one
// before failed:
//  1. all in one transaction, four statements a submission: the usual case;
//  2. all in one transaction, each in a savepoint of its own, so that a
//     submission the database refuses fails alone (on PostgreSQL an error
//     spoils the rest of a transaction unless a savepoint contains it);
//  3. each in a transaction of its own, if the batch's transaction failed
//     as a whole (a lost connection, a failed commit).
//
// A submission that fails on its own terms (already submitted, not found)
// is no error to the batch: nothing was written for it.
func (b *Batcher) commit(batch []*submission) {
	defer func() {
		b.batches.Add(1)
		b.total.Add(int64(len(batch)))
		b.waiting.Add(-int64(len(batch)))
		for _, s := range batch {
			close(s.done)
		}
	}()
	// Rows are locked in the order of their ids, so that batches committed
	// at the same time (by other workers or instances) cannot deadlock.
	slices.SortFunc(batch, func(x, y *submission) int { return cmp.Compare(x.r.ID, y.r.ID) })
	refs := make([]string, len(batch))
	errs := make([]error, len(batch))
	// The batch's own context: a caller that goes away must not abort the
	// others' commit.
	ctx := context.Background()
	for _, isolate := range []bool{false, true} {
		err := b.d.InTx(ctx, func(tx *db.Tx) error {
			for i, s := range batch {
				var err error
				if isolate {
					refs[i], err = submitSavepoint(ctx, tx, s)
					if be := (errBatch{}); errors.As(err, &be) {
						return err
					}
					errs[i] = err
					continue
				}
				refs[i], err = submitTx(ctx, tx, s)
				if u := (unclaimed{}); err != nil && !errors.As(err, &u) {
					return err // something was written for it: try again isolated
				}
				errs[i] = err
			}
			return nil
		})
		if err == nil {
			for i, s := range batch {
				s.ref, s.err = refs[i], errs[i]
			}
			return
		}
		if len(batch) == 1 {
			break // nothing to isolate it from
		}
	}
	for _, s := range batch {
		s.ref, s.err = submitAlone(ctx, b.d, s)
	}
}

// submitSavepoint submits s inside tx, within a savepoint that is rolled
// back if s fails, leaving the rest of the batch intact. A reference number
// that happens to be taken already is replaced and tried again. Errors
// from the savepoint statements themselves are errBatch.
func submitSavepoint(ctx context.Context, tx *db.Tx, s *submission) (string, error) {
	var (
		ref string
		err error
	)
	for range 3 {
		if _, e := tx.ExecContext(ctx, "SAVEPOINT submission"); e != nil {
			return "", errBatch{e}
		}
		ref, err = submitTx(ctx, tx, s)
		if err != nil {
			if _, e := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT submission"); e != nil {
				return "", errBatch{e}
			}
		}
		if _, e := tx.ExecContext(ctx, "RELEASE SAVEPOINT submission"); e != nil {
			return "", errBatch{e}
		}
		if !db.IsUniqueViolation(err) {
			break
		}
	}
	return ref, err
}

// SubmitWith finishes an online response as Submit does, in a transaction
// of its own, with more work in that transaction (nil for none): see With.
// A Batcher does the same for many submissions at once.
func SubmitWith(ctx context.Context, d *db.DB, c Consultation, r Response, prefix string, now time.Time, with With) (string, error) {
	if c.StatusAt(now) != Open {
		return "", ErrClosed
	}
	return submitAlone(ctx, d, &submission{c: c, r: r, prefix: prefix, now: now, with: with})
}

// submitAlone submits s in a transaction of its own.
func submitAlone(ctx context.Context, d *db.DB, s *submission) (string, error) {
	var ref string
	err := d.InTx(ctx, func(tx *db.Tx) error {
		var err error
		ref, err = submitTx(ctx, tx, s)
		return err
	})
	if err != nil {
		return "", err
	}
	return ref, nil
}

// unclaimed is the failure of a submission whose response could not be
// claimed (already submitted, not found), for which nothing was written:
// the rest of its batch can go on.
type unclaimed struct{ error }

func (u unclaimed) Unwrap() error { return u.error }

// submitTx marks the response submitted with a new reference number and
// stores its final answers, inside tx. The response is claimed first, with
// a condition on its status, so that a draft is submitted at most once
// even when two requests for it race on different instances: the second
// finds it no longer a draft (ErrTokenExpired).
func submitTx(ctx context.Context, tx *db.Tx, s *submission) (string, error) {
	c, r, now := s.c, s.r, s.now
	ref := NewReference(s.prefix)
	res, err := tx.ExecContext(ctx, `UPDATE responses SET status = 'submitted', reference = $1, submitted_at = $2, updated_at = $2
		WHERE id = $3 AND consultation_id = $4 AND status = 'draft'`+ofPartnership(5), ref, now, r.ID, c.ID, c.PartnershipID)
	if err != nil {
		return "", fmt.Errorf("submit response: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return "", err
	} else if n == 0 {
		var status string
		err := tx.QueryRowContext(ctx, "SELECT status FROM responses WHERE id = $1 AND consultation_id = $2"+ofPartnership(3),
			r.ID, c.ID, c.PartnershipID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return "", unclaimed{valid.ErrNotFound}
		} else if err != nil {
			return "", err
		}
		return "", unclaimed{ErrTokenExpired}
	}
	// A draft read by the store and submitted as it was saved (the check
	// page sends no answers) is stored already: the three statements of
	// writing it again were a third of a batch's work (BENCHMARKS.md).
	if r.saved == "" || savedState(r) != r.saved {
		if err := writeResponse(ctx, tx, r, now); err != nil {
			return "", err
		}
	}
	if s.with != nil {
		if err := s.with(ctx, tx, ref); err != nil {
			return "", err
		}
	}
	return ref, nil
}
