// Package directions holds the integration authority's directions (ss.26-28
// of the Act): the binding instructions to the health board, a council or
// both that put the plan into action, one for every delegated function,
// each saying how the function is to be carried out and its budget. A new
// direction supersedes an old one, which stays as issued.
package directions

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"coplan/internal/civil"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// Direction is one direction as issued.
type Direction struct {
	ID        int64  `json:"-"`
	Reference string `json:"reference"` // e.g. "D2026-01"
	Year      int    `json:"year"`      // the financial year its budget is for (2026 for 2026-27)
	Addressee string `json:"to"`        // a statute.Addressees code
	Council   string `json:"council,omitempty"`
	// Arrangements are the plan's arrangements the direction puts into
	// action, picked from the partnership's plans.
	Arrangements []Arrangement `json:"arrangements"`
	// ArrangementsText is what directions issued before arrangements could
	// be picked said of them, in words; still shown.
	ArrangementsText string     `json:"arrangements_text,omitempty"`
	Outcomes         []string   `json:"outcomes"`   // statute outcome codes served
	Localities       []int64    `json:"-"`          // locality ids served; none for every locality
	LocalityName     []string   `json:"localities"` // their names, filled on reading
	DecisionID       int64      `json:"-"`          // the board decision that approved it
	Decision         string     `json:"approved_by_decision,omitempty"`
	IssuedOn         civil.Date `json:"issued_on"`
	ReviewOn         civil.Date `json:"review_on"`
	SupersededBy     int64      `json:"-"`
	Superseder       string     `json:"superseded_by,omitempty"` // the reference of the direction that replaced it
	Functions        []Line     `json:"functions"`
	CreatedAt        time.Time  `json:"-"`
}

// Arrangement is one plan arrangement a direction serves: its id, and
// its title and plan's title as they were when the direction was issued.
type Arrangement struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Plan  string `json:"plan,omitempty"`
}

// Line is one delegated function a direction covers.
type Line struct {
	FunctionID  int64  `json:"-"`
	Function    string `json:"function"`
	How         string `json:"how"`
	BudgetPence int64  `json:"budget_pence"`
}

// Budget is the direction's whole budget: the sum of its functions'.
func (d Direction) Budget() int64 {
	var n int64
	for _, l := range d.Functions {
		n += l.BudgetPence
	}
	return n
}

// AddresseeName is whom the direction is given to, in words.
func (d Direction) AddresseeName(p partnership.Partnership) string {
	switch d.Addressee {
	case "health-board":
		return p.HealthBoard
	case "council":
		return d.Council
	case "both":
		return p.HealthBoard + " and " + d.Council
	case "itself":
		return "Carried out by the authority itself"
	}
	return d.Addressee
}

// Current says whether the direction is in force on day: issued by then
// and not superseded.
func (d Direction) Current(day civil.Date) bool {
	return d.SupersededBy == 0 && d.IssuedOn != "" && d.IssuedOn <= day
}

// Validate checks a direction before it is issued against the partnership
// and its delegated functions: the addressee is one the Act allows (and
// "itself" only under the lead agency model), a council is one of the
// partnership's, at least one function with how it is to be carried out
// and a budget of no less than nothing, outcomes from the national list,
// issue and review dates with the review after the issue.
func Validate(p partnership.Partnership, fns []partnership.Function, d Direction) error {
	var errs valid.Errors
	if strings.TrimSpace(d.Reference) == "" {
		errs.Add("reference", "Enter the direction's reference, for example D2026-01")
	}
	if d.Year < 2015 || d.Year > 2100 {
		errs.Add("year", "Enter the financial year the direction's budget is for, such as 2026 for 2026-27")
	}
	ok := false
	for _, a := range statute.Addressees() {
		if a.Code == d.Addressee && (!a.LeadAgencyOnly || p.Model == "lead-agency") {
			ok = true
		}
	}
	switch {
	case !ok && d.Addressee == "itself":
		errs.Add("addressee", "Only a lead agency carries out a function itself: an integration joint board directs the health board or a council")
	case !ok:
		errs.Add("addressee", "Select whom the direction is given to")
	case (d.Addressee == "council" || d.Addressee == "both") && !slices.Contains(p.LocalAuthorityNames(), d.Council):
		errs.Add("council", "Select the local authority the direction is given to")
	}
	if len(d.Functions) == 0 {
		errs.Add("functions", "Select at least one delegated function the direction covers")
	}
	known := map[int64]bool{}
	for _, f := range fns {
		known[f.ID] = true
	}
	for _, l := range d.Functions {
		field := fmt.Sprintf("how-%d", l.FunctionID)
		switch {
		case !known[l.FunctionID]:
			errs.Add("functions", "Select functions from the partnership's delegated functions")
		case strings.TrimSpace(l.How) == "":
			errs.Add(field, "Say how "+l.Function+" is to be carried out")
		case l.BudgetPence < 0:
			errs.Add(fmt.Sprintf("budget-%d", l.FunctionID), "Enter a budget of £0 or more for "+l.Function)
		}
	}
	for _, o := range d.Outcomes {
		if _, ok := statute.Outcome(o); !ok {
			errs.Add("outcomes", "Select outcomes from the national health and wellbeing outcomes")
			break
		}
	}
	localities := map[int64]bool{}
	for _, l := range p.Localities {
		localities[l.ID] = true
	}
	for _, l := range d.Localities {
		if !localities[l] {
			errs.Add("localities", "Select localities of the partnership")
			break
		}
	}
	if _, ok := civil.ParseDate(string(d.IssuedOn)); !ok {
		errs.Add("issued_on", "Enter the date the direction is issued")
	}
	if _, ok := civil.ParseDate(string(d.ReviewOn)); !ok {
		errs.Add("review_on", "Enter the date the direction will be reviewed")
	} else if d.ReviewOn <= d.IssuedOn {
		errs.Add("review_on", "The review date must be after the date the direction is issued")
	}
	return errs.Err()
}

// Uncovered lists the delegated functions without a current direction on
// day: ss.26-27 require a direction for every delegated function. Under the
// lead agency model a direction "carried out by the authority itself"
// covers its functions (seed 003 §3.6).
func Uncovered(fns []partnership.Function, ds []Direction, day civil.Date) []partnership.Function {
	covered := map[int64]bool{}
	for _, d := range ds {
		if !d.Current(day) {
			continue
		}
		for _, l := range d.Functions {
			covered[l.FunctionID] = true
		}
	}
	var out []partnership.Function
	for _, f := range fns {
		if !covered[f.ID] {
			out = append(out, f)
		}
	}
	return out
}

// DueForReview lists the current directions whose review date has come by
// day.
func DueForReview(ds []Direction, day civil.Date) []Direction {
	var out []Direction
	for _, d := range ds {
		if d.Current(day) && d.ReviewOn <= day {
			out = append(out, d)
		}
	}
	return out
}
