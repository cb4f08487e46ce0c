package analysis

import (
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"coplan/internal/export"
)

// MatrixHeader is the first row of a framework matrix's download: the row,
// its extracts, then for each theme its count and its extracts.
func MatrixHeader(m Matrix) []string {
	first := "Response"
	if m.Grouped {
		first = m.Group.Name
	}
	h := []string{first, "Extracts"}
	for _, t := range m.Themes {
		name := strings.Repeat("> ", t.Depth) + t.Name
		h = append(h, name+": extracts coded", name+": what was said")
	}
	return h
}

// matrixCells is one row of the download: counts and the extracts, each
// on its own line after the response's reference.
func matrixCells(r MatrixRow) []any {
	out := []any{r.Label, r.Extracts}
	for _, c := range r.Cells {
		var lines []string
		for _, e := range c.Extracts {
			lines = append(lines, e.Reference+": "+e.Text)
		}
		out = append(out, len(c.Extracts), strings.Join(lines, "\n"))
	}
	return out
}

// WriteMatrixCSV writes the matrix as CSV (export.CSV: cells guarded
// against formulas), row by row.
func WriteMatrixCSV(w io.Writer, m Matrix) error {
	c := export.NewCSV(w)
	if err := c.Write(MatrixHeader(m)); err != nil {
		return err
	}
	for i, r := range m.Rows {
		cells := matrixCells(r)
		row := make([]string, len(cells))
		for j, x := range cells {
			switch v := x.(type) {
			case int:
				row[j] = strconv.Itoa(v)
			case string:
				row[j] = v
			}
		}
		if err := c.Write(row); err != nil {
			return err
		}
		if i%500 == 499 {
			if err := c.Flush(); err != nil {
				return err
			}
		}
	}
	return c.Flush()
}

// WriteMatrixXLSX writes the matrix as a workbook through excelize's
// streaming writer; counts are numbers, text is text (never a formula).
func WriteMatrixXLSX(w io.Writer, m Matrix) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Framework matrix"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	h := MatrixHeader(m)
	header := make([]any, len(h))
	for i, x := range h {
		header[i] = x
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i, r := range m.Rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, matrixCells(r)); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
