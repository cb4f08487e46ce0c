// Package export is how coplan writes the files people download and open
// in a spreadsheet: CSV that Excel, LibreOffice and Google Sheets read the
// same way, with every cell guarded against formula injection, written row
// by row so that an export of any size takes little memory.
package export

import (
	"encoding/csv"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SafeCell guards a cell against spreadsheet formula injection (CSV
// injection). Respondents and members type what they like, so every cell
// of every export goes through here. A cell whose first character other
// than spaces is one a spreadsheet takes as the start of a formula — =, +,
// -, @, their full-width forms ＝ ＋ － ＠, or a tab or carriage return — is
// prefixed with a single quote, so the spreadsheet shows it as text.
// Spreadsheets skip leading spaces before a formula, and some normalise
// full-width characters, hence both.
func SafeCell(s string) string {
	trimmed := strings.TrimLeftFunc(s, func(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u3000' })
	if trimmed == "" {
		if strings.ContainsAny(s, "\t\r\n") {
			return "'" + s
		}
		return s
	}
	r, _ := utf8.DecodeRuneInString(trimmed)
	switch r {
	case '=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫':
		return "'" + s
	}
	if unicode.IsControl(r) {
		return "'" + s
	}
	return s
}

// CSV writes a CSV file row by row: UTF-8 with a byte order mark (so
// Excel shows names such as Seònaid correctly), CRLF line ends (RFC 4180),
// every cell guarded by SafeCell.
type CSV struct {
	w       *csv.Writer
	started bool
	out     io.Writer
	err     error
}

// NewCSV starts a CSV file on w.
func NewCSV(w io.Writer) *CSV {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &CSV{w: cw, out: w}
}

// Write writes one row, guarding each cell. The row's slice is not kept.
func (c *CSV) Write(row []string) error {
	if c.err != nil {
		return c.err
	}
	if !c.started {
		c.started = true
		if _, c.err = io.WriteString(c.out, "\ufeff"); c.err != nil {
			return c.err
		}
	}
	safe := make([]string, len(row))
	for i, cell := range row {
		safe[i] = SafeCell(cell)
	}
	c.err = c.w.Write(safe)
	return c.err
}

// Flush writes what is buffered; call it at the end, and now and then in a
// long export so rows reach the client as they are made.
func (c *CSV) Flush() error {
	if !c.started && c.err == nil {
		c.started = true
		if _, c.err = io.WriteString(c.out, "\ufeff"); c.err != nil {
			return c.err
		}
	}
	c.w.Flush()
	if c.err == nil {
		c.err = c.w.Error()
	}
	return c.err
}
