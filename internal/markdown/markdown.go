// Package markdown turns the Markdown that officers write (a plan's
// sections, a consultation's introduction) into HTML for pages and their
// print layout, with goldmark in its safe mode: raw HTML is left out and
// links that could run script are dropped, so what an officer types cannot
// add scripts or styles to a page.
package markdown

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// shift moves every heading down by levels and gives lists the Design
// System's classes, so a section's "# Our vision" sits under the page's
// own h1 and h2 as an h3.
type shift struct{ levels int }

func (s shift) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+s.levels, 6)
		case *ast.List:
			if n.IsOrdered() {
				n.SetAttributeString("class", []byte("ds_list ds_list--ordered"))
			} else {
				n.SetAttributeString("class", []byte("ds_list ds_list--bulleted"))
			}
		}
		return ast.WalkContinue, nil
	})
}

func renderer(levels int) goldmark.Markdown {
	return goldmark.New(goldmark.WithParserOptions(
		parser.WithASTTransformers(util.Prioritized(shift{levels}, 100)),
	))
}

// renderers[n] puts "#" at h(n+1).
var renderers = func() (rs [6]goldmark.Markdown) {
	for i := range rs {
		rs[i] = renderer(i)
	}
	return rs
}()

// HTML renders src for a place under a heading of level under: its "#"
// headings become h(under+1), "##" h(under+2), and so on (at most h6), so
// that a plan section's "# Our vision" under the section's own h3 is an
// h4 and the page's outline stays whole.
func HTML(src string, under int) template.HTML {
	under = max(0, min(under, 5))
	var b bytes.Buffer
	if err := renderers[under].Convert([]byte(src), &b); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(b.String()) // goldmark's safe mode: no raw HTML, no unsafe links
}
