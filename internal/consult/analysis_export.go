package consult

import (
	"fmt"
	"io"
	"math"

	"github.com/xuri/excelize/v2"

	"coplan/internal/export"
)

// TallyHeader is the header row of the tallies' download: the question,
// the answer, all responses and their percentage, then each group of the
// dimension the tallies were crossed with, and its percentage.
func TallyHeader(tabs []Crosstab) []string {
	h := []string{"Code", "Question", "Answer", "All responses", "All responses %"}
	if len(tabs) > 0 {
		for _, c := range tabs[0].Columns {
			h = append(h, c.Label, c.Label+" %")
		}
	}
	return h
}

// TallyRows are the rows of the tallies' download, one per answer of each
// question (the blanks included), as numbers: counts, and percentages of
// the responses counted in their column to one decimal place.
func TallyRows(tabs []Crosstab) [][]any {
	var out [][]any
	for _, ct := range tabs {
		for _, row := range ct.Rows {
			r := []any{ct.Question.Code, ct.Question.Text, row.Label, row.N, percentage(row.N, ct.Responses)}
			for i, c := range ct.Columns {
				r = append(r, row.ByColumn[i], percentage(row.ByColumn[i], c.N))
			}
			out = append(out, r)
		}
	}
	return out
}

// ReachHeader and ReachRows are reach as a table: each group of each
// dimension with its responses, their share, and the population where
// entered.
var ReachHeader = []string{"Grouped by", "Group", "Responses", "Responses %", "Population", "Population %", "Flag"}

// ReachRows lays reach out as rows under ReachHeader.
func ReachRows(r Reach) [][]any {
	var out [][]any
	for _, b := range r.Breakdowns {
		for _, g := range b.Groups {
			row := []any{b.Name, g.Label, g.N, percentage(g.N, r.Responses), "", "", g.Flag.Name()}
			if g.Population > 0 && b.Population > 0 {
				row[4], row[5] = g.Population, math.Round(1000*float64(g.Population)/float64(b.Population))/10
			}
			out = append(out, row)
		}
	}
	return out
}

// percentage is n of total as a percentage to one decimal place, or ""
// where total is 0.
func percentage(n, total int) any {
	if total <= 0 {
		return ""
	}
	return math.Round(1000*Share(n, total)) / 10
}

// WriteTalliesCSV writes the tallies as CSV through the one CSV writer
// (export.CSV: formula-safe cells, a byte order mark for Excel).
func WriteTalliesCSV(w io.Writer, tabs []Crosstab) error {
	c := export.NewCSV(w)
	if err := c.Write(TallyHeader(tabs)); err != nil {
		return err
	}
	for _, row := range TallyRows(tabs) {
		cells := make([]string, len(row))
		for i, v := range row {
			cells[i] = fmt.Sprint(v)
		}
		if err := c.Write(cells); err != nil {
			return err
		}
	}
	return c.Flush()
}

// WriteAnalysisXLSX writes the tallies and the reach as an Excel workbook
// (XLSX, which LibreOffice and Google Sheets open too) with two sheets,
// "Tallies" and "Reach", through excelize's streaming writer: each row is
// written out as it is made, so memory holds a row, not the sheet. Counts
// and percentages are numbers; text is written as text, never as a
// formula.
func WriteAnalysisXLSX(w io.Writer, reach Reach, tabs []Crosstab) error {
	f := excelize.NewFile()
	defer f.Close()
	sheets := []struct {
		name   string
		header []string
		rows   [][]any
	}{
		{"Tallies", TallyHeader(tabs), TallyRows(tabs)},
		{"Reach", ReachHeader, ReachRows(reach)},
	}
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(sh.name)
		if err != nil {
			return err
		}
		header := make([]any, len(sh.header))
		for j, h := range sh.header {
			header[j] = h
		}
		if err := sw.SetRow("A1", header); err != nil {
			return err
		}
		for j, row := range sh.rows {
			cell, _ := excelize.CoordinatesToCellName(1, j+2)
			if err := sw.SetRow(cell, row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}
