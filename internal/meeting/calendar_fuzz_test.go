package meeting

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzWriteFolded: folding any text ends, gives lines of at most 75 octets
// of valid UTF-8, and unfolds to the text (mended where it was not UTF-8).
// It found the loop on a run of stray continuation bytes (issue 10, item 25).
func FuzzWriteFolded(f *testing.F) {
	f.Add("SUMMARY:Strategic Planning Group")
	f.Add("DESCRIPTION:" + strings.Repeat("Gàidhlig ", 30))
	f.Add("X:" + strings.Repeat("\x80", 200))
	f.Add("X:" + strings.Repeat("€", 40) + "\xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		writeFolded(w, s)
		w.Flush()
		out := buf.String()
		if !strings.HasSuffix(out, "\r\n") {
			t.Fatalf("no line ending: %q", out)
		}
		for _, line := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(line) > 75 {
				t.Errorf("a line of %d octets: %q", len(line), line)
			}
			if !utf8.ValidString(line) {
				t.Errorf("a line that is not UTF-8: %q", line)
			}
		}
		unfolded := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", "")
		if want := strings.ToValidUTF8(s, "\uFFFD"); unfolded != want {
			t.Errorf("unfolds to %q, want %q", unfolded, want)
		}
	})
}
