package e2e

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeTags are the rule sets every page must pass: WCAG 2.0, 2.1 and 2.2 at
// levels A and AA, as design.md requires.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

var axeSource readOnce

// axeResult is what axe found on one page.
type axeResult struct {
	Violations []axeRule `json:"violations"`
	Incomplete []axeRule `json:"incomplete"` // "needs review": axe could not decide
	Passes     int       `json:"passes"`
}

// axeRule is one rule that failed (or could not be decided), with the
// elements concerned.
type axeRule struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  []string `json:"target"`
	HTML    string   `json:"html"`
	Summary string   `json:"summary"`
}

// axeRun is the script that runs axe on the page and returns what the
// report needs. The tag list is filled in by checkAxe.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations', 'incomplete']})
  .then(r => {
    const rules = list => list.map(v => ({id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({target: n.target.map(s => Array.isArray(s) ? s.join(' >>> ') : String(s)),
        html: n.html, summary: n.failureSummary || ''}))}));
    return {violations: rules(r.violations), incomplete: rules(r.incomplete), passes: r.passes.length};
  })`

// checkAxe injects axe-core into the page the tab shows and runs it with
// the WCAG 2.2 AA rules.
func (b *tab) checkAxe() (axeResult, error) {
	src, err := axeSource.read(filepath.Join(repoRoot(b.t), "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		return axeResult{}, err
	}
	// Runtime.evaluate runs outside the page's Content-Security-Policy, so
	// coplan's strict policy does not have to allow the test's script.
	if err := b.do(chromedp.Evaluate[chromedp.Void]("if (typeof axe === 'undefined') {" + string(src) + "\n}")); err != nil {
		return axeResult{}, fmt.Errorf("inject axe-core: %w", err)
	}
	tags, _ := json.Marshal(axeTags)
	res, err := run(b, chromedp.Evaluate[axeResult](fmt.Sprintf(axeRun, tags), chromedp.EvalAwaitPromise))
	if err != nil {
		return axeResult{}, fmt.Errorf("run axe-core: %w", err)
	}
	if res.Passes == 0 {
		// axe always passes some rule on a real page; none means it did
		// not look at the page at all.
		return res, fmt.Errorf("axe-core checked nothing (no rule passed)")
	}
	return res, nil
}

// requireAxe skips or fails (in CI) when axe-core is not installed.
func requireAxe(t testing.TB) {
	t.Helper()
	requireFile(t, filepath.Join(repoRoot(t), "node_modules", "axe-core", "axe.min.js"), "run npm ci at the repository root")
}

// formatViolations writes each violation on its own lines: the rule, its
// impact, what to do and every element concerned.
func formatViolations(vs []axeRule) string {
	var sb strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&sb, "  %s (%s): %s\n    %s\n", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&sb, "    - %s\n      %s\n", strings.Join(n.Target, ", "), n.HTML)
			if n.Summary != "" {
				fmt.Fprintf(&sb, "      %s\n", strings.ReplaceAll(n.Summary, "\n", "\n      "))
			}
		}
	}
	return sb.String()
}
