package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// nuMessage is one message of the Nu Html Checker's JSON output.
type nuMessage struct {
	Type        string `json:"type"` // "error", "info" or "non-document-error"
	SubType     string `json:"subType"`
	URL         string `json:"url"` // file:/path/of/the/page.html
	Message     string `json:"message"`
	Extract     string `json:"extract"`
	FirstLine   int    `json:"firstLine"`
	LastLine    int    `json:"lastLine"`
	FirstColumn int    `json:"firstColumn"`
	LastColumn  int    `json:"lastColumn"`
}

// nuPages collects the HTML of the pages to check in one run of the
// checker: Java takes seconds to start, so the pages are batched.
type nuPages struct {
	dir    string
	labels map[string]string // file path → the page's label
}

func newNuPages(t testing.TB) *nuPages {
	return &nuPages{dir: t.TempDir(), labels: map[string]string{}}
}

// add saves a page's HTML, exactly as the server sent it, under its label.
func (n *nuPages) add(label string, html []byte) error {
	name := fileName(label)
	path := filepath.Join(n.dir, name+".html")
	for i := 2; n.labels[path] != ""; i++ {
		path = filepath.Join(n.dir, fmt.Sprintf("%s-%d.html", name, i))
	}
	n.labels[path] = label
	return os.WriteFile(path, html, 0o644)
}

// requireNu skips or fails (in CI) when the checker or Java is missing.
func requireNu(t testing.TB) string {
	t.Helper()
	jar := filepath.Join(repoRoot(t), "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	requireFile(t, jar, "run npm ci at the repository root")
	if _, err := exec.LookPath("java"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("java is missing: apt-get install default-jre-headless")
		}
		t.Skip("java is missing (apt-get install default-jre-headless); skipping the HTML checks")
	}
	return jar
}

// check runs the Nu Html Checker once over every saved page and returns its
// errors, each labelled with the page it is on.
func (n *nuPages) check(t testing.TB) (map[string][]nuMessage, error) {
	t.Helper()
	jar := requireNu(t)
	if len(n.labels) == 0 {
		return nil, fmt.Errorf("no pages to check")
	}
	files := make([]string, 0, len(n.labels))
	for f := range n.labels {
		files = append(files, f)
	}
	sort.Strings(files)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append([]string{"-jar", jar, "--errors-only", "--format", "json"}, files...)
	cmd := exec.CommandContext(ctx, "java", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run() // exits 1 when it finds errors; the JSON says what
	var out struct {
		Messages []nuMessage `json:"messages"`
	}
	// The checker writes its report to standard error.
	if err := json.Unmarshal(stderr.Bytes(), &out); err != nil {
		return nil, fmt.Errorf("the Nu Html Checker's output is not its JSON report (%v, run: %v):\n%s%s", err, runErr, stderr.String(), stdout.String())
	}
	byPage := map[string][]nuMessage{}
	for _, m := range out.Messages {
		path := m.URL
		if u, err := url.Parse(m.URL); err == nil && u.Scheme == "file" {
			path = u.Path
		}
		label, ok := n.labels[path]
		if !ok {
			label = m.URL
		}
		if m.Type == "non-document-error" {
			return nil, fmt.Errorf("the Nu Html Checker could not check %s: %s", label, m.Message)
		}
		if m.Type == "error" {
			byPage[label] = append(byPage[label], m)
		}
	}
	return byPage, nil
}

// formatNu writes each message with its line and the HTML around it.
func formatNu(ms []nuMessage) string {
	var sb strings.Builder
	for _, m := range ms {
		line := m.LastLine
		if m.FirstLine != 0 {
			line = m.FirstLine
		}
		fmt.Fprintf(&sb, "  line %d, column %d: %s\n", line, m.FirstColumn, m.Message)
		if m.Extract != "" {
			fmt.Fprintf(&sb, "    %s\n", strings.ReplaceAll(m.Extract, "\n", "↵"))
		}
	}
	return sb.String()
}
