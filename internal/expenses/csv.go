package expenses

import (
	"coplan/internal/export"
	"io"
	"strings"
	"time"
)

// CSVHeader is the first row of the export for finance.
var CSVHeader = []string{"Claim reference", "Member", "Decided on", "Approved by", "Date", "Type",
	"Description", "Quantity (miles or hours)", "Amount (£)", "Claim total (£)"}

// WriteCSV writes approved claims for finance, one row per line of a claim:
// the claim's reference, the member's name, the date it was approved
// (YYYY-MM-DD, in Scotland) and by whom, then the line's date, type,
// description, quantity and amount, and the claim's total. Amounts are
// plain numbers with 2 decimals (12.50) so that spreadsheets add them up.
//
// The file is UTF-8 with a byte order mark, so that Excel shows names such
// as Seònaid correctly, with CRLF line ends (RFC 4180). Every cell a member
// typed could start a spreadsheet formula, so every cell is guarded (see
// export.SafeCell).
func WriteCSV(w io.Writer, claims []Claim) error {
	cw := export.NewCSV(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, c := range claims {
		for _, l := range c.Lines {
			row := []string{c.Reference(), c.MemberName, scotDate(c.DecidedAt), c.DecidedBy, l.OnDate, l.Kind.Name(),
				l.Description, l.Quantity, PlainPounds(l.AmountPence), PlainPounds(c.TotalPence)}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	return cw.Flush()
}

var scotland = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return l
}()

func scotDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(scotland).Format(time.DateOnly)
}

// Today is the date in Scotland at t, YYYY-MM-DD, as NewClaim wants it.
func Today(t time.Time) string { return scotDate(t) }

// StartOfDay is midnight in Scotland at the start of date d (YYYY-MM-DD).
func StartOfDay(d string) (time.Time, bool) {
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(d), scotland)
	return t, err == nil
}
