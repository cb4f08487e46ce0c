package indicators

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"coplan/internal/partnership"
	"coplan/internal/statute"
)

// Figures are imported from a CSV file in the layout of Public Health
// Scotland's management-information workbook: one row a value, with the
// columns Year, Time period, Partnership, Indicator, Estimate, Numerator,
// Denominator and Rate, and for survey indicators Lower CI and Upper CI;
// an optional Locality column gives a locality's figure. Every row is
// checked before anything is stored: a file with any bad row is refused
// whole, and every problem is reported with its line and column.

// Columns are the file's columns in the order the template writes them;
// Required says which must be in the header.
var Columns = []struct {
	Name, What string
	Required   bool
}{
	{"Year", "The year: 2023/24 for a financial or survey year, 2023 for a calendar year", true},
	{"Time period", "Annual, or Q1 to Q4", true},
	{"Partnership", "The partnership's name or official code as Public Health Scotland writes it, or Scotland", true},
	{"Locality", "Optional: one of the partnership's localities; leave empty for the whole partnership", false},
	{"Indicator", "The indicator's code: NI12 or NI-12, MSG1 or MSG-1", true},
	{"Estimate", "Yes if the figure is provisional (may yet be revised), No if it is final", true},
	{"Numerator", "What was counted, as a number; may be empty", true},
	{"Denominator", "What it was counted out of, as a number; may be empty", true},
	{"Rate", "The indicator's value, as a number (a percentage without the % sign)", true},
	{"Lower CI", "Survey indicators (NI1 to NI9): the lower 95% confidence limit", false},
	{"Upper CI", "Survey indicators (NI1 to NI9): the upper 95% confidence limit", false},
}

// MaxRows is the most figures one file may hold: every partnership and
// locality of Scotland, every indicator, for several years.
const MaxRows = 200000

// ImportProblem is one problem with an import file: the line it is on (0
// for the file as a whole), the column, and what to do, in plain English.
type ImportProblem struct {
	Line    int
	Column  string
	Message string
}

// ImportError is every problem found with an import file. When a file has
// any, nothing is imported.
type ImportError struct{ Problems []ImportProblem }

func (e *ImportError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		if p.Line > 0 {
			fmt.Fprintf(&b, "line %d: ", p.Line)
		}
		if p.Column != "" {
			fmt.Fprintf(&b, "%s: ", p.Column)
		}
		b.WriteString(p.Message)
	}
	return b.String()
}

// Scope is what an import may carry figures for: these partnerships, and
// Scotland when Scotland is true. A partnership's officers import for
// their own partnership only; an instance administrator for every
// partnership and Scotland.
type Scope struct {
	Partnerships []partnership.Partnership
	Scotland     bool
}

// key is how a column is matched: lower case, without spaces, underscores
// or hyphens ("Time period", "time_period").
func key(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '_' || r == '-' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}

// Parse reads and checks a whole file. If any row is bad it returns nil
// and an *ImportError naming every bad row with its line and column;
// otherwise the figures in file order (Partnership 0 for Scotland).
func Parse(r io.Reader, sc Scope) ([]Figure, error) {
	br := bufio.NewReader(r)
	if ch, _, err := br.ReadRune(); err == nil && ch != '\ufeff' {
		br.UnreadRune()
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	var probs []ImportProblem
	add := func(line int, column, format string, args ...any) {
		probs = append(probs, ImportProblem{Line: line, Column: column, Message: fmt.Sprintf(format, args...)})
	}
	fail := func() ([]Figure, error) { return nil, &ImportError{Problems: probs} }

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		add(1, "", "The file is empty. Its first line must be the header: download the template to get it.")
		return fail()
	}
	if err != nil {
		add(1, "", "The file could not be read as CSV: save the spreadsheet as “CSV UTF-8” and try again.")
		return fail()
	}
	col := map[string]int{}
	names := map[string]string{}
	for _, c := range Columns {
		names[key(c.Name)] = c.Name
	}
	for i, h := range header {
		k := key(h)
		if _, known := names[k]; !known {
			add(1, h, "This column is not one the import knows: remove it, or correct its name (see the list of columns).")
			continue
		}
		if _, dup := col[k]; dup {
			add(1, h, "This column appears twice: keep one.")
			continue
		}
		col[k] = i
	}
	for _, c := range Columns {
		if _, ok := col[key(c.Name)]; c.Required && !ok {
			add(1, c.Name, "The header has no %s column: add it.", c.Name)
		}
	}
	if len(probs) > 0 {
		return fail()
	}

	byName := map[string]partnership.Partnership{}
	for _, p := range sc.Partnerships {
		for _, n := range []string{p.Name, p.Code, p.Slug} {
			if n != "" {
				byName[strings.ToLower(n)] = p
			}
		}
	}
	type figureKey struct {
		p                int64
		loc, ind, period string
		year             int
	}
	seen := map[figureKey]int{}
	var out []Figure
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			add(line, "", "This line could not be read as CSV: check its quotation marks.")
			if len(probs) > 100 {
				break
			}
			continue
		}
		if slices.IndexFunc(rec, func(s string) bool { return strings.TrimSpace(s) != "" }) < 0 {
			continue // a blank line, as spreadsheets leave at the end
		}
		if len(out) >= MaxRows {
			add(line, "", "The file has more than %d figures: split it into smaller files and import each.", MaxRows)
			break
		}
		cell := func(name string) string {
			i, ok := col[key(name)]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		before := len(probs)
		var f Figure
		var ind statute.CoreIndicator
		if code, ok := statute.IndicatorCode(cell("Indicator")); !ok {
			add(line, "Indicator", "%q is not an indicator code: write NI1 to NI23, or MSG1 to MSG6.", cell("Indicator"))
		} else if ind, _ = statute.CoreIndicatorByCode(code); !ind.Reported {
			add(line, "Indicator", "%s is not reported nationally (no national data or no agreed definition), so it has no figures to import.", code)
		} else {
			f.Indicator = code
		}
		if y, ok := ParseYear(cell("Year")); ok {
			f.Year = y
		} else {
			add(line, "Year", "%q is not a year: write 2023/24 for a financial or survey year, or 2023 for a calendar year.", cell("Year"))
		}
		if i := slices.IndexFunc(Periods, func(p string) bool { return strings.EqualFold(p, cell("Time period")) }); i >= 0 {
			f.Period = Periods[i]
		} else {
			add(line, "Time period", "%q is not a time period: write Annual, or Q1 to Q4.", cell("Time period"))
		}
		switch name := cell("Partnership"); {
		case strings.EqualFold(name, "Scotland"):
			if !sc.Scotland {
				add(line, "Partnership", "Scotland's figures are imported by an administrator of the whole service, not by a partnership.")
			}
		case byName[strings.ToLower(name)].ID != 0:
			p := byName[strings.ToLower(name)]
			f.Partnership = p.ID
			if loc := cell("Locality"); loc != "" {
				i := slices.IndexFunc(p.Localities, func(l partnership.Named) bool { return strings.EqualFold(l.Name, loc) })
				if i < 0 {
					add(line, "Locality", "%q is not one of %s's localities (%s).", loc, p.Name, strings.Join(p.LocalityNames(), ", "))
				} else {
					f.Locality = p.Localities[i].Name
				}
			}
		case name == "":
			add(line, "Partnership", "Enter the partnership, or Scotland.")
		case len(sc.Partnerships) == 1 && !sc.Scotland:
			add(line, "Partnership", "%q is not %s: you may import figures for your own partnership only.", name, sc.Partnerships[0].Name)
		default:
			add(line, "Partnership", "%q is not a partnership on this service: write its name or official code, or Scotland.", name)
		}
		if f.Partnership == 0 && cell("Locality") != "" && strings.EqualFold(cell("Partnership"), "Scotland") {
			add(line, "Locality", "Scotland's figures have no locality: leave it empty.")
		}
		switch strings.ToLower(cell("Estimate")) {
		case "yes", "y", "true", "provisional":
			f.Provisional = true
		case "no", "n", "false", "final", "":
		default:
			add(line, "Estimate", "%q is not Yes or No.", cell("Estimate"))
		}
		number := func(column string, required bool) *float64 {
			s := strings.ReplaceAll(strings.TrimSuffix(cell(column), "%"), ",", "")
			if s == "" {
				if required {
					add(line, column, "Enter the %s as a number.", strings.ToLower(column))
				}
				return nil
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || v < 0 || v != v {
				add(line, column, "%q is not a number of zero or more.", cell(column))
				return nil
			}
			return &v
		}
		f.Numerator, f.Denominator = number("Numerator", false), number("Denominator", false)
		if rate := number("Rate", true); rate != nil {
			f.Rate = *rate
			if ind.Percentage() && f.Rate > 100 {
				add(line, "Rate", "%s is a percentage: %s is more than 100.", f.Indicator, cell("Rate"))
			}
		}
		f.Lower, f.Upper = number("Lower CI", false), number("Upper CI", false)
		switch {
		case (f.Lower == nil) != (f.Upper == nil):
			add(line, "Lower CI", "Enter both confidence limits, or neither.")
		case ind.Survey && f.Lower == nil && cell("Rate") != "":
			add(line, "Lower CI", "%s comes from the Health and Care Experience Survey: enter its lower and upper 95%% confidence limits.", f.Indicator)
		case f.Lower != nil && !ind.Survey && f.Indicator != "":
			add(line, "Lower CI", "%s is not a survey indicator: leave its confidence limits empty.", f.Indicator)
		case f.Lower != nil && (*f.Lower > f.Rate || *f.Upper < f.Rate):
			add(line, "Lower CI", "The confidence limits must lie either side of the rate: lower ≤ rate ≤ upper.")
		}
		if len(probs) > before {
			if len(probs) > 1000 {
				add(0, "", "There are more problems than are listed here: correct these and import the file again.")
				break
			}
			continue
		}
		k := figureKey{f.Partnership, strings.ToLower(f.Locality), f.Indicator, f.Period, f.Year.Start}
		if first, dup := seen[k]; dup {
			add(line, "", "This figure is in the file twice (also on line %d): keep one.", first)
			continue
		}
		seen[k] = line
		out = append(out, f)
	}
	if len(probs) > 0 {
		return fail()
	}
	if len(out) == 0 {
		add(0, "", "The file has a header but no figures.")
		return fail()
	}
	return out, nil
}

// Template is the header line of an import file, for the template
// download.
func Template() string {
	var names []string
	for _, c := range Columns {
		names = append(names, c.Name)
	}
	return strings.Join(names, ",") + "\r\n"
}
