// Package performance is the annual performance report of section 42 of
// the Act, with the content SSI 2014/326 prescribes: per partnership and
// reporting year, what only a person can write (narratives, good practice,
// lessons, inspections, spend), the facts read from the other rooms (the
// plan's arrangements, indicator figures, s.36 decisions, reviews, "you
// said, we did"), a check of the whole against the requirements in
// statute, and published versions.
package performance

import (
	"fmt"
	"slices"
	"strings"

	"coplan/internal/civil"
	"coplan/internal/finance"
	"coplan/internal/statute"
)

// Entry kinds.
const (
	GoodPractice = "good-practice"
	Lesson       = "lesson"
	Inspection   = "inspection"
)

// Entry is a good-practice example, a lesson from what did not work, or
// an inspection finding (Body) with the action taken (Action).
type Entry struct {
	ID     int64  `json:"id"`
	Kind   string `json:"kind"`
	Title  string `json:"title"`
	Body   string `json:"body"`
	Action string `json:"action,omitempty"`
}

// Spend is the spend on one matter of regulation 4(2).
type Spend struct {
	Matter       string `json:"matter"`
	MatterName   string `json:"matter_name"`
	PlannedPence int64  `json:"planned_pence"`
	ActualPence  int64  `json:"actual_pence"`
	Reason       string `json:"reason,omitempty"`
}

// Variance is actual less planned: positive is an overspend.
func (s Spend) Variance() int64 { return s.ActualPence - s.PlannedPence }

// Point is one year's figure of an indicator, with Scotland's.
type Point struct {
	Year     int      `json:"year"`
	Value    float64  `json:"value"`
	Scotland *float64 `json:"scotland,omitempty"`
}

// Series is one key indicator over the reporting year and the years
// before it.
type Series struct {
	Indicator    string  `json:"indicator"`
	Name         string  `json:"name"`
	Points       []Point `json:"points"`
	Illustrative bool    `json:"illustrative"`
}

// Has reports whether the series has a figure for year y.
func (s Series) Has(y int) bool {
	return slices.ContainsFunc(s.Points, func(p Point) bool { return p.Year == y })
}

// OutcomeFacts is one national outcome: the plan's arrangements that
// serve it, the spending directed to it and its key indicators.
type OutcomeFacts struct {
	Code         string   `json:"code"`
	Name         string   `json:"name"`
	Arrangements []string `json:"arrangements"`
	BudgetPence  int64    `json:"budget_pence"`
	Indicators   []Series `json:"indicators"`
}

// Decision is a significant decision taken outside the plan (s.36) in the
// reporting year, with its reason.
type Decision struct {
	Title   string `json:"title"`
	TakenOn string `json:"taken_on"`
	Reason  string `json:"reason"`
}

// Locality is one locality's section.
type Locality struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Text string `json:"text"`
}

// Said is one "you said, we did".
type Said struct {
	YouSaid string `json:"you_said"`
	WeDid   string `json:"we_did"`
}

// Work is one piece of the partnership's published commissioning work in
// the reporting year: how many people took part in it that year, how many
// of their involvements changed something, and its problems as they stood
// at the year's end, in plain words.
type Work struct {
	Title        string   `json:"title"`
	People       int      `json:"people"`
	Involvements int      `json:"involvements"`
	Changed      int      `json:"involvements_that_changed_something"`
	Problems     []string `json:"problems"`
}

// Report is a partnership's performance report for a reporting year: the
// same content for every template (write once).
type Report struct {
	Partnership string       `json:"partnership"`
	Year        finance.Year `json:"year"`
	// Sections holds the narrative of each statute.ReportSections code.
	Sections     map[string]string `json:"sections"`
	Outcomes     []OutcomeFacts    `json:"outcomes"`
	Decisions    []Decision        `json:"significant_decisions"`
	Spend        []Spend           `json:"spend"`
	Localities   []Locality        `json:"localities"`
	GoodPractice []Entry           `json:"good_practice"`
	Lessons      []Entry           `json:"lessons"`
	Inspections  []Entry           `json:"inspections"`
	YouSaid      []Said            `json:"you_said_we_did"`
	// Commissioning is the published commissioning work people were
	// involved in during the year (issue 14: "where it exists, the
	// co-production records").
	Commissioning []Work `json:"commissioning"`
	// Reviews are the plan's reviews recorded in the year (s.37).
	Reviews []string `json:"plan_reviews"`
	// StatementPence is the total of the year's published financial
	// statement (s.39), 0 when none is published.
	StatementPence int64 `json:"financial_statement_pence"`
}

// Section returns the narrative of section code.
func (r Report) Section(code string) string { return r.Sections[code] }

// SpendTotal is the total actual spend.
func (r Report) SpendTotal() int64 {
	var t int64
	for _, s := range r.Spend {
		t += s.ActualPence
	}
	return t
}

// Share is the proportion spent on s of the total paid to or set aside
// for the integration authority (regulation 4(1)(b)), as a percentage to
// one decimal place: the total of the year's financial statement where
// one is published, otherwise the total spent.
func (r Report) Share(s Spend) string {
	t := r.StatementPence
	if t == 0 {
		t = r.SpendTotal()
	}
	if t == 0 {
		return "0.0%"
	}
	return fmt.Sprintf("%.1f%%", float64(s.ActualPence)*100/float64(t))
}

// Gap is one requirement the report does not meet, named.
type Gap struct {
	Requirement string `json:"requirement"`
	Section     string `json:"section"`
	Message     string `json:"message"`
}

// Check checks report r against statute.ReportRequirements from the
// data, as plan.EvaluateAnnexC does for Annex C: each gap names the
// requirement it fails and what is missing. An empty answer means every
// requirement is met.
func Check(r Report) []Gap {
	var out []Gap
	add := func(code, msg string) {
		req, _ := statute.ReportRequirementByCode(code)
		out = append(out, Gap{Requirement: code, Section: req.Section, Message: msg})
	}
	blank := func(code string) bool { return strings.TrimSpace(r.Sections[code]) == "" }
	if blank("outcomes") {
		add("R3a-i", "Write the assessment of performance against the national outcomes")
	}
	for _, o := range r.Outcomes {
		if len(o.Arrangements) == 0 {
			add("R3a-i", o.Name+": no arrangement in the plan serves this outcome")
		}
		if len(o.Indicators) == 0 {
			add("R3a-ii", o.Name+": no key indicator has figures")
		}
		for _, s := range o.Indicators {
			// Survey indicators are published every two years: the
			// year before stands for the reporting year.
			if !s.Has(int(r.Year)) && !s.Has(int(r.Year)-1) {
				add("R3a-iii", fmt.Sprintf("%s: %s has no recent figure for %s to compare with the years before", o.Name, s.Indicator, r.Year))
			} else if len(s.Points) < 2 {
				add("R3a-iii", fmt.Sprintf("%s: %s has no earlier year to compare %s with", o.Name, s.Indicator, r.Year))
			}
		}
	}
	if blank("principles") {
		add("R3b", "Write the assessment of performance against the integration delivery principles")
	}
	if blank("planning") {
		add("R3c", "Write the assessment of performance in strategic planning")
	}
	for _, d := range r.Decisions {
		if strings.TrimSpace(d.Reason) == "" {
			add("R3c", "Significant decision \""+d.Title+"\" has no reason given")
		}
	}
	have := map[string]bool{}
	for _, s := range r.Spend {
		have[s.Matter] = true
		if s.Variance() != 0 && strings.TrimSpace(s.Reason) == "" {
			word := "overspend"
			if s.Variance() < 0 {
				word = "underspend"
			}
			add("R4-1c", fmt.Sprintf("%s: give the reason for the %s of %s", s.MatterName, word, finance.Pounds(abs(s.Variance()))))
		}
	}
	for _, m := range statute.SpendMatters() {
		// (f) applies only where the area has identified a key care group.
		if m.Code != "f" && !have[m.Code] {
			add("R4-1a", m.Name+": enter the amount spent")
		}
	}
	if blank("finance") {
		add("R4-1b", "Write the assessment of financial performance")
	}
	if blank("best-value") {
		add("R-best-value", "Write the assessment of best value")
	}
	for _, l := range r.Localities {
		if strings.TrimSpace(l.Text) == "" {
			add("R-localities", "Locality "+l.Name+": write its section")
		}
	}
	if len(r.Inspections) == 0 && blank("inspections") {
		add("R-inspections", "Record the year's inspections, or say there were none")
	}
	for _, e := range r.Inspections {
		if strings.TrimSpace(e.Action) == "" {
			add("R-inspections", "Inspection \""+e.Title+"\": record the action taken")
		}
	}
	if len(r.Reviews) == 0 && blank("review") {
		add("R-review", "Say whether the strategic plan was reviewed in the year")
	}
	if len(r.GoodPractice) == 0 {
		add("X-good-practice", "Add at least one good-practice example for the year")
	}
	if len(r.Lessons) == 0 {
		add("X-lessons", "Add at least one lesson from what did not work")
	}
	if len(r.YouSaid) == 0 && blank("people") {
		add("X-people", "Say what people told us and what changed")
	}
	return out
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// Due is the last day to publish the report for year y: four months
// after the reporting year ends on 31 March, so 31 July (s.42(4)(a)).
func Due(y finance.Year) civil.Date {
	return civil.Date(fmt.Sprintf("%04d-07-31", int(y)+1))
}

// Clock states, like the plan's review clock.
const (
	NotDue   = ""
	DueSoon  = "due-soon"
	Overdue  = "overdue"
	Complete = "published"
)

// DueState says where year y's report stands on day today: published,
// overdue (past its due date unpublished), due soon (within two months of
// it) or not yet due.
func DueState(y finance.Year, published bool, today civil.Date) string {
	due := Due(y)
	switch {
	case published:
		return Complete
	case today > due:
		return Overdue
	case today >= civil.Day(due.Time().AddDate(0, -2, 0)):
		return DueSoon
	}
	return NotDue
}

// LatestYear is the latest reporting year that has ended by today.
func LatestYear(today civil.Date) finance.Year { return finance.YearOf(today) - 1 }

// Clock is the s.42 clock of the latest reporting year, as the
// partnership's dashboard shows it beside the plan's review clock.
type Clock struct {
	Year    finance.Year
	Due     civil.Date
	State   string // DueState
	Version int    // the published version, 0 for none
	Tag     string // the Design System tag colour
	Text    string
}

// ClockOf is the clock of year y on day today, given its published
// version (0 for none).
func ClockOf(y finance.Year, version int, today civil.Date) Clock {
	c := Clock{Year: y, Due: Due(y), State: DueState(y, version > 0, today), Version: version}
	switch c.State {
	case Complete:
		c.Tag, c.Text = "green", fmt.Sprintf("Published (version %d)", version)
	case NotDue:
		c.Tag, c.Text = "grey", "Not yet due"
	case DueSoon:
		c.Tag, c.Text = "orange", "Due within 2 months"
	case Overdue:
		c.Tag, c.Text = "red", "Overdue"
	}
	return c
}
