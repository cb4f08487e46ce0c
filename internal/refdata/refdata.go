// Package refdata holds Scotland's 31 integration authorities (health and
// social care partnerships) as reference data shipped inside the binary, and
// parses the same CSV format when a national instance imports its own list
// with "coplan import partnerships --file X.csv".
//
// The embedded file is partnerships.csv in this directory. It was generated
// once from the project's shared reference data; the program never reads
// that folder at run time. Sources:
//
//   - codes, partnership names and health boards: Public Health Scotland code
//     lookups (source-linkage-files, convert_hscp_to_hscpnames and
//     convert_hb_to_hbnames);
//   - localities: the distinct council/locality pairs in Public Health
//     Scotland's home care publication by locality, 2017/18 Q4 to 2020/21,
//     with "Outside Partnership" removed (129 localities).
//
// Partnerships revise their localities; this is a starting point a
// partnership can edit, not law. See SOURCE.md for the details and the
// naming decisions.
//
// # File format
//
// One row per partnership, with this header as the first line:
//
//	code,name,model,health_board,local_authorities,localities
//
// The columns are:
//
//   - code: the official integration authority code, S37 and six digits
//     (for example S37000001); required and unique in the file.
//   - name: the partnership's name as the public knows it (for example
//     "Aberdeen City"); required and unique.
//   - model: "ijb" (integration joint board) or "lead-agency".
//   - health_board: for example "NHS Grampian"; required.
//   - local_authorities: one or more council area names separated by ";";
//     a council belongs to only one partnership.
//   - localities: two or more locality names separated by ";", each listed
//     once within its partnership.
//
// Spaces around values are ignored, and so are blank lines.
package refdata

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"unicode"
)

//go:embed partnerships.csv
var builtinCSV string

// Header is the first line a partnerships file must have. Parse tolerates
// spaces around the column names, any letter case and the byte-order mark
// some spreadsheets add, but not other names or another column order.
const Header = "code,name,model,health_board,local_authorities,localities"

// Model values accepted in the model column.
const (
	// ModelIJB is an integration joint board (30 of the 31 partnerships).
	ModelIJB = "ijb"
	// ModelLeadAgency is the lead agency model (Highland).
	ModelLeadAgency = "lead-agency"
)

// Authority is one integration authority as reference data.
type Authority struct {
	// Code is the official S37 code, e.g. "S37000001".
	Code string
	// Name is the partnership name as the public knows it, e.g. "Edinburgh".
	Name string
	// Slug is Slugify(Name), used in URLs, e.g. "clackmannanshire-and-stirling".
	Slug string
	// Model is ModelIJB or ModelLeadAgency.
	Model string
	// HealthBoard is the NHS board, e.g. "NHS Lothian".
	HealthBoard string
	// LocalAuthorities lists the council area(s) the partnership covers.
	LocalAuthorities []string
	// Localities lists the partnership's localities (at least two).
	Localities []string
	// Line is the line number in the CSV the row came from (1 = header).
	Line int
}

// RowError says what is wrong with one row of an import file.
type RowError struct {
	// Line is the line number in the file (1 = header); 0 if not known.
	Line int
	// Field is the column at fault, e.g. "localities"; empty for the whole row.
	Field string
	// Message is a plain-English reason.
	Message string
}

// Error gives e.g. "line 7: localities: a partnership needs at least two
// localities (found 1)".
func (e RowError) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// ImportError collects every bad row; Parse returns it when any row is bad,
// and then nothing is imported.
type ImportError struct {
	Rows []RowError
}

// Error summarises how many problems were found and lists each one on its
// own line.
func (e *ImportError) Error() string {
	var b strings.Builder
	n := len(e.Rows)
	if n == 1 {
		b.WriteString("the partnerships file has 1 problem, so nothing was imported:")
	} else {
		fmt.Fprintf(&b, "the partnerships file has %d problems, so nothing was imported:", n)
	}
	for _, r := range e.Rows {
		b.WriteString("\n  ")
		b.WriteString(r.Error())
	}
	return b.String()
}

var builtin = sync.OnceValue(func() []Authority {
	as, err := Parse(strings.NewReader(builtinCSV))
	if err != nil {
		panic("refdata: embedded partnerships.csv is broken: " + err.Error())
	}
	return as
})

// Builtin returns the 31 integration authorities shipped in the binary, in
// code order. Each call returns a fresh copy the caller may modify. It panics
// only if the embedded file is broken, which a test rules out.
func Builtin() []Authority {
	src := builtin()
	out := make([]Authority, len(src))
	for i, a := range src {
		a.LocalAuthorities = append([]string(nil), a.LocalAuthorities...)
		a.Localities = append([]string(nil), a.Localities...)
		out[i] = a
	}
	return out
}

var codeRE = regexp.MustCompile(`^S37\d{6}$`)

var columns = strings.Split(Header, ",")

// Parse reads a partnerships file (see the package documentation for the
// format) and checks every row. If any row is bad it returns nil and an
// *ImportError naming every bad row, with its line number, the column and a
// plain-English reason; otherwise it returns the partnerships in file order.
func Parse(r io.Reader) ([]Authority, error) {
	cr := csvReader(r)
	var probs []RowError
	add := func(line int, field, format string, args ...any) {
		probs = append(probs, RowError{Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
	}

	// Header.
	header, line, err := readRow(cr)
	if errors.Is(err, io.EOF) {
		add(1, "", "the file is empty; it needs the header line %q and then one row per partnership", Header)
		return nil, &ImportError{Rows: probs}
	}
	if err != nil {
		return nil, &ImportError{Rows: []RowError{csvProblem(err, line)}}
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // byte-order mark added by spreadsheets
	}
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(header[i]))
	}
	if strings.Join(header, ",") != Header {
		add(line, "", "the first line must be the header %q, but it is %q", Header, strings.Join(header, ","))
		return nil, &ImportError{Rows: probs}
	}

	var (
		out      []Authority
		codes    = map[string]int{} // code -> line
		names    = map[string]int{} // lower-case name -> line
		slugs    = map[string]int{} // slug -> line
		councils = map[string]int{} // lower-case council -> line
	)
	for {
		rec, line, err := readRow(cr)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				probs = append(probs, RowError{Message: "the file could not be read: " + err.Error()})
				break
			}
			probs = append(probs, csvProblem(err, line))
			continue
		}
		if len(rec) != len(columns) {
			add(line, "", "expected %d columns (%s) but found %d; a value containing a comma must be in double quotes",
				len(columns), strings.Join(columns, ", "), len(rec))
			continue
		}
		a := Authority{
			Code:        rec[0],
			Name:        rec[1],
			Model:       strings.ToLower(rec[2]),
			HealthBoard: rec[3],
			Line:        line,
		}
		bad := false
		fail := func(field, format string, args ...any) {
			bad = true
			add(line, field, format, args...)
		}

		switch {
		case a.Code == "":
			fail("code", "the code is missing; every partnership needs its official code, like S37000001")
		case !codeRE.MatchString(a.Code):
			fail("code", "%q is not an integration authority code; codes are S37 followed by six digits, like S37000001", a.Code)
		case codes[a.Code] != 0:
			fail("code", "code %s is already used on line %d; each partnership must have its own code", a.Code, codes[a.Code])
		default:
			codes[a.Code] = line
		}

		for i, v := range rec {
			if strings.ContainsAny(v, "\r\n") {
				fail(columns[i], "the value runs over more than one line; keep each value on one line")
			}
		}

		if a.Name == "" {
			fail("name", "the partnership name is missing")
		} else {
			a.Slug = Slugify(a.Name)
			key := strings.ToLower(a.Name)
			switch {
			case names[key] != 0:
				fail("name", "the name %q is already used on line %d; each partnership must have its own name", a.Name, names[key])
			case a.Slug == "":
				fail("name", "the name %q needs at least one letter or digit", a.Name)
			case slugs[a.Slug] != 0:
				fail("name", "the name %q is too similar to the name on line %d (both become %q in web addresses); please make them differ", a.Name, slugs[a.Slug], a.Slug)
			default:
				names[key] = line
				slugs[a.Slug] = line
			}
		}

		switch a.Model {
		case ModelIJB, ModelLeadAgency:
		case "":
			fail("model", "the model is missing; use %q for an integration joint board or %q for a lead agency", ModelIJB, ModelLeadAgency)
		default:
			fail("model", "%q is not a known model; use %q for an integration joint board or %q for a lead agency", rec[2], ModelIJB, ModelLeadAgency)
		}

		if a.HealthBoard == "" {
			fail("health_board", "the health board is missing, e.g. \"NHS Grampian\"")
		}

		a.LocalAuthorities = splitList(rec[4])
		if len(a.LocalAuthorities) == 0 {
			fail("local_authorities", "no council is listed; give the council area(s) the partnership covers, separated by \";\"")
		}
		seen := map[string]bool{}
		for _, c := range a.LocalAuthorities {
			key := strings.ToLower(c)
			switch {
			case seen[key]:
				fail("local_authorities", "the council %q is listed twice", c)
			case councils[key] != 0:
				fail("local_authorities", "the council %q is already listed for the partnership on line %d; a council belongs to only one partnership", c, councils[key])
			default:
				councils[key] = line
			}
			seen[key] = true
		}

		a.Localities = splitList(rec[5])
		if n := len(a.Localities); n < 2 {
			fail("localities", "a partnership needs at least two localities (found %d); separate them with \";\"", n)
		}
		seen = map[string]bool{}
		for _, l := range a.Localities {
			key := strings.ToLower(l)
			if seen[key] {
				fail("localities", "the locality %q is listed more than once", l)
			}
			seen[key] = true
		}

		if !bad {
			out = append(out, a)
		}
	}

	if len(probs) == 0 && len(out) == 0 {
		add(0, "", "the file has a header but no partnerships; add one row per partnership under the header")
	}
	if len(probs) > 0 {
		return nil, &ImportError{Rows: probs}
	}
	return out, nil
}

// csvReader returns an encoding/csv reader that lets rows have any number of
// fields (Parse checks the count itself, with a clearer message). Quotes are
// strict: a lenient reader would silently swallow the rest of the file after
// a stray quote, hiding rows from the checks.
func csvReader(r io.Reader) *csv.Reader {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	return cr
}

// readRow returns the next non-blank row with every field trimmed, and the
// line it starts on.
func readRow(cr *csv.Reader) ([]string, int, error) {
	for {
		rec, err := cr.Read()
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return nil, line, err
		}
		line, _ := cr.FieldPos(0)
		blank := true
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
			if rec[i] != "" {
				blank = false
			}
		}
		if !blank {
			return rec, line, nil
		}
	}
}

// csvProblem explains an encoding/csv error in plain words.
func csvProblem(err error, line int) RowError {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return RowError{Line: line, Message: "this line could not be read: " + err.Error()}
	}
	var msg string
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		msg = `a double quote (") appears inside a value that does not start with one; ` +
			`put the whole value in double quotes and write the inner quote twice ("")`
	case errors.Is(pe.Err, csv.ErrQuote):
		msg = `a value in double quotes is not closed properly; ` +
			`a double quote inside a quoted value must be written twice ("")`
	default:
		msg = "this line could not be read: " + pe.Err.Error()
	}
	if pe.Line != pe.StartLine {
		msg += fmt.Sprintf(" (the row starts on line %d and the problem is on line %d)", pe.StartLine, pe.Line)
	}
	return RowError{Line: line, Message: msg}
}

// splitList splits a ";"-separated cell, trimming each item and dropping
// empty ones.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Slugify turns a name into a lower-case ASCII slug for web addresses:
// letters and digits are kept, accents are removed ("à" becomes "a"), "&"
// becomes "and", apostrophes are dropped, and every other run of characters
// becomes a single hyphen, with no hyphen at either end. For example
// "Clackmannanshire and Stirling" gives "clackmannanshire-and-stirling" and
// "Na h-Eileanan Siar" gives "na-h-eileanan-siar".
func Slugify(name string) string {
	var b strings.Builder
	hyphen := false // a separator is pending
	emit := func(s string) {
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteString(s)
	}
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			emit(string(r))
		case r == '\'' || r == '’' || r == '‘' || unicode.Is(unicode.Mn, r):
			// Apostrophes (St Andrew's -> st-andrews) and combining
			// accents (decomposed "a" + U+0300 -> a) are dropped.
		case r == '&':
			hyphen = true
			emit("and")
			hyphen = true
		default:
			if s, ok := fold[r]; ok {
				emit(s)
			} else {
				hyphen = true
			}
		}
	}
	return b.String()
}

// fold maps accented and special Latin letters (lower case) to ASCII.
var fold = func() map[rune]string {
	m := map[rune]string{
		'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ð': "d", 'þ': "th",
		'ł': "l", 'đ': "d", 'ħ': "h", 'ı': "i", 'ŀ': "l", 'ŋ': "n", 'ĸ': "k",
	}
	groups := map[string]string{
		"a": "àáâãäåāăą",
		"c": "çćĉċč",
		"d": "ď",
		"e": "èéêëēĕėęě",
		"g": "ĝğġģ",
		"h": "ĥ",
		"i": "ìíîïĩīĭįİ",
		"j": "ĵ",
		"k": "ķ",
		"l": "ĺļľ",
		"n": "ñńņňŉ",
		"o": "òóôõöōŏő",
		"r": "ŕŗř",
		"s": "śŝşšș",
		"t": "ţťŧț",
		"u": "ùúûüũūŭůűų",
		"w": "ŵẁẃẅ",
		"y": "ýÿŷỳ",
		"z": "źżž",
	}
	for ascii, letters := range groups {
		for _, r := range letters {
			m[r] = ascii
		}
	}
	return m
}()
