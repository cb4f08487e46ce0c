package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
)

// The baselines are what the same machine does with no application in the
// way: each is served by coplan bench's own process (coplan bench
// baseline-pages, coplan bench baseline-submit) on loopback, as coplan
// serve is, so the server's CPU is never the client's.

// ServePages serves the page baseline on addr until ctx ends: a bare
// net/http handler answering GET /bytes/N with an HTML page of exactly N
// bytes, made once and then written from memory.
func ServePages(ctx context.Context, addr string, log io.Writer) error {
	var mu sync.Mutex
	pages := map[int][]byte{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /bytes/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.PathValue("n"))
		if err != nil || n < 0 || n > 64<<20 {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		page, ok := pages[n]
		if !ok {
			page = filler(n)
			pages[n] = page
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	return serveUntil(ctx, addr, mux, log)
}

// filler is an HTML page of n bytes.
func filler(n int) []byte {
	const head, tail = "<!DOCTYPE html><html lang=en><title>baseline</title><p>", "</p></html>\n"
	if n < len(head)+len(tail) {
		return []byte(strings.Repeat(".", n))
	}
	body := strings.Repeat("Health and social care, planned with the people it serves. ", n/58+1)
	return []byte(head + body[:n-len(head)-len(tail)] + tail)
}

// SubmitTable holds the submit baseline's rows: one row for each
// submission, with the form it was sent and answers of the size a
// response's are.
const SubmitTable = "bench_submissions"

// ServeSubmissions serves the durable submit baseline on addr until ctx
// ends: a bare net/http handler for POST
// /partnerships/{slug}/respond/{draft}/submit that parses the form and
// commits it as one row to the database at dbURL, opened as coplan opens
// it (SQLite in WAL mode with synchronous=FULL; PostgreSQL with its
// fsync), through a group commit like consult.Batcher's (batches of what
// queued while the last committed, up to 256; one committer on SQLite,
// four on PostgreSQL), and answers with the reference number only once its
// row is committed.
func ServeSubmissions(ctx context.Context, addr, dbURL string, clock civil.Clock, log io.Writer) error {
	d, err := db.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer d.Close()
	if _, err := d.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+SubmitTable+
		" (reference TEXT PRIMARY KEY, draft TEXT NOT NULL, form TEXT NOT NULL, answers TEXT NOT NULL, submitted_at TEXT NOT NULL)"); err != nil {
		return err
	}
	g := newGroupCommit(d, clock)
	defer g.close()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /partnerships/{slug}/respond/{draft}/submit", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ref := consult.NewReference("GLE")
		if err := g.commit(r.Context(), ref, r.PathValue("draft"), r.PostForm.Encode()); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<p>Your reference number is <strong class=\"coplan-reference\">%s</strong></p>\n", ref)
	})
	return serveUntil(ctx, addr, mux, log)
}

// draftAnswers stands for a response's answers in the baseline's row: the
// same size as the answers the submit bench's drafts hold.
var draftAnswers = "mostly-agree\nyes\n" + strings.Repeat(draftText, 2) + "respite\nother\nDay centres\n"

// groupCommit commits rows in batches of what queued while the last batch
// was committing.
type groupCommit struct {
	d     *db.DB
	clock civil.Clock
	queue chan *row
	wg    sync.WaitGroup
}

type row struct {
	ref, draft, form string
	err              error
	done             chan struct{}
}

const maxBatch = 256

func newGroupCommit(d *db.DB, clock civil.Clock) *groupCommit {
	g := &groupCommit{d: d, clock: clock, queue: make(chan *row, maxBatch)}
	workers := 1
	if d.Dialect() == db.Postgres {
		workers = 4
	}
	for range workers {
		g.wg.Go(g.run)
	}
	return g
}

func (g *groupCommit) commit(ctx context.Context, ref, draft, form string) error {
	r := &row{ref: ref, draft: draft, form: form, done: make(chan struct{})}
	select {
	case g.queue <- r:
	case <-ctx.Done():
		return ctx.Err()
	}
	<-r.done
	return r.err
}

func (g *groupCommit) run() {
	for first := range g.queue {
		batch := []*row{first}
	more:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-g.queue:
				if !ok {
					break more
				}
				batch = append(batch, r)
			default:
				break more
			}
		}
		now := g.clock().UTC().Format(time.RFC3339Nano)
		err := g.d.InTx(context.Background(), func(tx *db.Tx) error {
			for _, r := range batch {
				if _, err := tx.ExecContext(context.Background(), "INSERT INTO "+SubmitTable+
					" (reference, draft, form, answers, submitted_at) VALUES ($1, $2, $3, $4, $5)",
					r.ref, r.draft, r.form, draftAnswers, now); err != nil {
					return err
				}
			}
			return nil
		})
		for _, r := range batch {
			r.err = err
			close(r.done)
		}
	}
}

func (g *groupCommit) close() {
	close(g.queue)
	g.wg.Wait()
}

// serveUntil serves h on addr, logging Ready with its address, until ctx
// ends.
func serveUntil(ctx context.Context, addr string, h http.Handler, log io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(log, "level=INFO msg=%q url=http://%s\n", Ready, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}
