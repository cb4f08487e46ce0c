// Package progress tells a person at a terminal how far long work has got
// ("Loading responses: 42,000 of 100,000"), redrawing one line at most a
// few times a second, and says nothing at all when its output is not a
// terminal (a log file, a pipe, a test), so scripts and logs stay clean.
package progress

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"time"

	"golang.org/x/term"

	"coplan/internal/civil"
)

// Every is the least time between two redraws of the line.
const Every = 250 * time.Millisecond

// Counter reports the progress of one piece of work. Its methods are safe
// for concurrent use; a nil *Counter does nothing, so callers need not
// check whether one is wanted.
type Counter struct {
	w     io.Writer
	label string
	total int64
	clock func() time.Time

	mu    sync.Mutex
	done  int64
	drawn time.Time
	width int // of the last line drawn, to blank what a shorter one leaves
}

// Terminal reports whether w is a terminal, the only place progress is
// shown.
func Terminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Start begins reporting work called label, total steps long (0 when the
// total is not known), on w when w is a terminal. It returns nil, a
// Counter that does nothing, when w is not one.
func Start(w io.Writer, label string, total int64) *Counter {
	if !Terminal(w) {
		return nil
	}
	return New(w, label, total, civil.SystemClock)
}

// New is Start for any writer, with the clock that spaces the redraws: for
// tests, and for callers that have decided for themselves to show progress.
func New(w io.Writer, label string, total int64, clock func() time.Time) *Counter {
	c := &Counter{w: w, label: label, total: total, clock: clock}
	c.draw(true)
	return c
}

// Add records n more steps done.
func (c *Counter) Add(n int64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done += n
	c.draw(false)
}

// Set records that done steps are done in all.
func (c *Counter) Set(done int64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done = done
	c.draw(false)
}

// Finish draws the final count and ends the line.
func (c *Counter) Finish() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.draw(true)
	fmt.Fprintln(c.w)
}

// draw redraws the line if it was last drawn long enough ago (or force).
// The caller holds c.mu, or c is not yet shared.
func (c *Counter) draw(force bool) {
	now := c.clock()
	if !force && now.Sub(c.drawn) < Every {
		return
	}
	c.drawn = now
	line := Line(c.label, c.done, c.total)
	pad := ""
	if n := c.width - len(line); n > 0 {
		pad = fmt.Sprintf("%*s", n, "")
	}
	c.width = len(line)
	fmt.Fprint(c.w, "\r"+line+pad)
}

// Line is the text shown for label with done of total steps done:
// "Loading responses: 42,000 of 100,000 (42%)", or without a total
// "Loading responses: 42,000".
func Line(label string, done, total int64) string {
	if total <= 0 {
		return label + ": " + Thousands(done)
	}
	pct := done * 100 / total
	return fmt.Sprintf("%s: %s of %s (%d%%)", label, Thousands(done), Thousands(total), pct)
}

// Thousands writes n with commas between the thousands: 100000 is
// "100,000".
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// Reader counts the bytes read through it on a Counter: progress through a
// large file.
type Reader struct {
	R io.Reader
	C *Counter
}

func (r Reader) Read(p []byte) (int, error) {
	n, err := r.R.Read(p)
	r.C.Add(int64(n))
	return n, err
}
