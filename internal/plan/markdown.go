package plan

import (
	"html/template"
	"strings"
)

// Markdown renders the small part of Markdown that plan sections use:
// paragraphs (lines separated by a blank line), headings "#", "##" and
// "###" (shown one level below the page's own headings, from h3), bullet
// lists "- " and bold "**text**". Everything else is escaped, so the
// result holds no markup but these elements: a section's text cannot add
// links, scripts or styles to the page.
func Markdown(src string) template.HTML {
	var b strings.Builder
	var para []string
	inList := false
	flush := func() {
		if len(para) > 0 {
			b.WriteString("<p>")
			b.WriteString(inline(strings.Join(para, " ")))
			b.WriteString("</p>\n")
			para = nil
		}
	}
	closeList := func() {
		if inList {
			b.WriteString("</ul>\n")
			inList = false
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		line = strings.TrimRight(line, " \t")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			flush()
			closeList()
		case strings.HasPrefix(trimmed, "- ") || strings.HasPrefix(trimmed, "* "):
			flush()
			if !inList {
				b.WriteString("<ul class=\"ds_list ds_list--bulleted\">\n")
				inList = true
			}
			b.WriteString("<li>" + inline(strings.TrimSpace(trimmed[2:])) + "</li>\n")
		case heading(trimmed) > 0:
			flush()
			closeList()
			n := heading(trimmed)
			tag := []string{"", "h3", "h4", "h5"}[n]
			b.WriteString("<" + tag + ">" + inline(strings.TrimSpace(trimmed[n+1:])) + "</" + tag + ">\n")
		default:
			closeList()
			para = append(para, trimmed)
		}
	}
	flush()
	closeList()
	return template.HTML(b.String()) // built only from escaped text and the fixed tags above
}

// heading returns 1, 2 or 3 for a "#", "##" or "###" heading line, else 0.
func heading(line string) int {
	for n := 3; n >= 1; n-- {
		if strings.HasPrefix(line, strings.Repeat("#", n)+" ") {
			return n
		}
	}
	return 0
}

// inline escapes text and turns **bold** pairs into <strong>.
func inline(s string) string {
	parts := strings.Split(s, "**")
	var b strings.Builder
	for i, part := range parts {
		bold := i%2 == 1 && i < len(parts)-1 // an unpaired ** stays as written
		switch {
		case bold:
			b.WriteString("<strong>" + template.HTMLEscapeString(part) + "</strong>")
		case i%2 == 1:
			b.WriteString("**" + template.HTMLEscapeString(part))
		default:
			b.WriteString(template.HTMLEscapeString(part))
		}
	}
	return b.String()
}
