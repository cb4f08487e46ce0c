package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestLine(t *testing.T) {
	for _, c := range []struct {
		done, total int64
		want        string
	}{
		{0, 100000, "Loading responses: 0 of 100,000 (0%)"},
		{42000, 100000, "Loading responses: 42,000 of 100,000 (42%)"},
		{100000, 100000, "Loading responses: 100,000 of 100,000 (100%)"},
		{1234567, 0, "Loading responses: 1,234,567"},
		{999, 0, "Loading responses: 999"},
	} {
		if got := Line("Loading responses", c.done, c.total); got != c.want {
			t.Errorf("Line(%d, %d) = %q, want %q", c.done, c.total, got, c.want)
		}
	}
}

// The line is redrawn at most once every Every, and the last count is drawn
// when the work finishes.
func TestRedrawsAtMostEvery(t *testing.T) {
	var b bytes.Buffer
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	c := New(&b, "Loading", 10, func() time.Time { return now })
	for range 5 {
		c.Add(1) // no time passes: no redraw
	}
	now = now.Add(Every)
	c.Add(1)
	c.Add(4)
	c.Finish()
	got := b.String()
	want := "\rLoading: 0 of 10 (0%)\rLoading: 6 of 10 (60%)\rLoading: 10 of 10 (100%)\n"
	if got != want {
		t.Errorf("drew %q, want %q", got, want)
	}
}

// Not on a terminal, nothing is written, and the nil Counter is safe to use.
func TestQuietWhenNotATerminal(t *testing.T) {
	var b bytes.Buffer
	c := Start(&b, "Loading", 10)
	if c != nil {
		t.Fatal("Start on a buffer returned a Counter")
	}
	c.Add(3)
	c.Set(5)
	c.Finish()
	n, _ := Reader{R: strings.NewReader("abc"), C: c}.Read(make([]byte, 8))
	if b.Len() != 0 || n != 3 {
		t.Errorf("wrote %q, read %d", b.String(), n)
	}
}
