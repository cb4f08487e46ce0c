// Package finance holds the partnership's money: the budgets each partner
// delegates per financial year with the dates they were agreed, the
// set-aside hospital budget, the link to the medium-term financial plan,
// reserves and the reserves policy, and the annual financial statement
// (s.39) generated from the budgets and the directions. Money is pence.
package finance

import (
	"fmt"
	"strconv"
	"strings"

	"coplan/internal/civil"
	"coplan/internal/directions"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// Year is a financial year, 1 April to 31 March, named by the calendar
// year it starts in: Year(2026) is 2026-27.
type Year int

// String is the year as "2026-27".
func (y Year) String() string { return fmt.Sprintf("%d-%02d", int(y), (int(y)+1)%100) }

// AgreeBy is the last day a budget for the year may be agreed: the end of
// March before the year starts (MSG proposal 2(ii)).
func (y Year) AgreeBy() civil.Date { return civil.Date(fmt.Sprintf("%04d-03-31", int(y))) }

// YearOf is the financial year day d falls in.
func YearOf(d civil.Date) Year {
	t := d.Time()
	if t.Month() < 4 {
		return Year(t.Year() - 1)
	}
	return Year(t.Year())
}

// Pounds shows pence as pounds with thousands separators: "£1,234,567"
// for whole pounds, "£12.50" otherwise; negative amounts lead with a minus.
func Pounds(pence int64) string {
	sign := ""
	if pence < 0 {
		sign, pence = "-", -pence
	}
	whole := strconv.FormatInt(pence/100, 10)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if p := pence % 100; p != 0 {
		return fmt.Sprintf("%s£%s.%02d", sign, b.String(), p)
	}
	return sign + "£" + b.String()
}

// ParsePounds reads an amount typed in pounds ("1,250,000", "£12.50",
// "-300") as pence.
func ParsePounds(s string) (int64, bool) {
	s = strings.NewReplacer(",", "", "£", "", " ", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0, false
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 || whole == "" {
		return 0, false
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > 1e13 {
		return 0, false
	}
	var f int64
	if frac != "" {
		for len(frac) < 2 {
			frac += "0"
		}
		if f, err = strconv.ParseInt(frac, 10, 64); err != nil {
			return 0, false
		}
	}
	n := w*100 + f
	if neg {
		n = -n
	}
	return n, true
}

// Budget is what one partner delegates for a year.
type Budget struct {
	ID      int64  `json:"-"`
	Year    Year   `json:"-"`
	Partner string `json:"partner"` // the health board or a council, by name
	Pence   int64  `json:"amount_pence"`
	// SetAsidePence is the part of the health board's budget set aside for
	// hospital services (MSG proposal 2(iii)); 0 for a council.
	SetAsidePence   int64      `json:"set_aside_pence"`
	PartnerAgreedOn civil.Date `json:"partner_agreed_on,omitempty"`
	BoardAgreedOn   civil.Date `json:"board_agreed_on,omitempty"`
}

// ValidateBudget checks a budget line against the partnership: a partner
// of its own, a year, amounts of £0 or more with the set-aside no more than
// the whole and only from the health board, and real dates where given.
func ValidateBudget(p partnership.Partnership, b Budget) error {
	var errs valid.Errors
	if b.Year < 2015 || b.Year > 2100 {
		errs.Add("year", "Enter the financial year, such as 2026 for 2026-27")
	}
	ok := false
	for _, n := range p.Partners() {
		ok = ok || n == b.Partner
	}
	if !ok {
		errs.Add("partner", "Select the partner that delegates this budget")
	}
	if b.Pence < 0 {
		errs.Add("amount", "Enter an amount of £0 or more")
	}
	switch {
	case b.SetAsidePence < 0:
		errs.Add("set_aside", "Enter a set-aside amount of £0 or more")
	case b.SetAsidePence > b.Pence:
		errs.Add("set_aside", "The set-aside hospital budget is part of the health board's budget: it cannot be more than the whole")
	case b.SetAsidePence > 0 && b.Partner != p.HealthBoard:
		errs.Add("set_aside", "Only the health board sets aside a hospital budget")
	}
	for field, d := range map[string]civil.Date{"partner_agreed_on": b.PartnerAgreedOn, "board_agreed_on": b.BoardAgreedOn} {
		if _, ok := civil.ParseDate(string(d)); d != "" && !ok {
			errs.Add(field, "Enter a real date, or leave it blank while the budget is not agreed")
		}
	}
	return errs.Err()
}

// Late is a budget not agreed in time, with why.
type Late struct {
	Budget Budget
	Why    string
}

// LateAgreements lists the year's budgets not agreed by the end of March
// before the year by the partner and, for an integration joint board, by
// the board (MSG proposal 2(ii): "all delegated budgets should be agreed
// by the Health Board, Local Authority and IJB by the end of March each
// year"). A partner of the partnership with no budget entered is late too.
func LateAgreements(p partnership.Partnership, y Year, bs []Budget) []Late {
	by := y.AgreeBy()
	var out []Late
	have := map[string]bool{}
	for _, b := range bs {
		if b.Year != y {
			continue
		}
		have[b.Partner] = true
		var why []string
		switch {
		case b.PartnerAgreedOn == "":
			why = append(why, b.Partner+" has not agreed it")
		case b.PartnerAgreedOn > by:
			why = append(why, b.Partner+" agreed it on "+b.PartnerAgreedOn.String())
		}
		if p.Model == "ijb" {
			switch {
			case b.BoardAgreedOn == "":
				why = append(why, "the integration joint board has not agreed it")
			case b.BoardAgreedOn > by:
				why = append(why, "the integration joint board agreed it on "+b.BoardAgreedOn.String())
			}
		}
		if len(why) > 0 {
			out = append(out, Late{b, strings.Join(why, "; ") + ", after the end of March (" + by.String() + ")"})
		}
	}
	for _, n := range p.Partners() {
		if !have[n] {
			out = append(out, Late{Budget{Year: y, Partner: n}, "no budget from " + n + " has been entered for " + y.String()})
		}
	}
	return out
}

// Reserve is one reserve: earmarked for a purpose by a date, or a general
// contingency; its movements by year.
type Reserve struct {
	ID        int64      `json:"-"`
	Kind      string     `json:"kind"` // a statute.ReserveKinds code
	Purpose   string     `json:"purpose"`
	UseBy     civil.Date `json:"use_by,omitempty"`
	Movements []Movement `json:"movements"`
}

// Movement is money put into (positive) or drawn from (negative) a reserve
// in a year.
type Movement struct {
	Year  Year   `json:"year"`
	Pence int64  `json:"amount_pence"`
	Note  string `json:"note,omitempty"`
}

// Balance is the reserve's balance: the sum of its movements.
func (r Reserve) Balance() int64 {
	var n int64
	for _, m := range r.Movements {
		n += m.Pence
	}
	return n
}

// KindName is the kind in words.
func (r Reserve) KindName() string {
	for _, k := range statute.ReserveKinds() {
		if k.Code == r.Kind {
			return k.Name
		}
	}
	return r.Kind
}

// ValidateReserve checks a reserve: a kind of MSG proposal 2(iv), a
// purpose, and for an earmarked reserve the date by which it will be used.
func ValidateReserve(r Reserve) error {
	var errs valid.Errors
	switch r.Kind {
	case "earmarked":
		if _, ok := civil.ParseDate(string(r.UseBy)); !ok {
			errs.Add("use_by", "Enter the date by which the earmarked reserve will be used")
		}
	case "general":
	default:
		errs.Add("kind", "Select earmarked or general contingency")
	}
	if strings.TrimSpace(r.Purpose) == "" {
		errs.Add("purpose", "Enter what the reserve is for")
	}
	return errs.Err()
}

// OverdueReserves lists the earmarked reserves past the date by which they
// were to be used that still hold money on day (MSG proposal 2(iv):
// reserves held with "timescales identified for their use", and "not built
// up unnecessarily").
func OverdueReserves(rs []Reserve, day civil.Date) []Reserve {
	var out []Reserve
	for _, r := range rs {
		if r.Kind == "earmarked" && r.UseBy != "" && r.UseBy < day && r.Balance() > 0 {
			out = append(out, r)
		}
	}
	return out
}

// Covers tells whether a direction d's budget counts in year y's statement:
// its year is y and it was in force (not superseded) at the time of the
// statement.
func covers(d directions.Direction, y Year, day civil.Date) bool {
	return Year(d.Year) == y && d.Current(day)
}

// Number is the year as a number, for addresses: 2026.
func (y Year) Number() int { return int(y) }
