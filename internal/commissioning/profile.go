package commissioning

// This file is the evaluation of co-production (issue 12, item 6): plain
// functions over work items that count who was involved, at which stage,
// how deeply, what came of it, and how long before decisions were taken,
// for a period, for the whole partnership or one work item.

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"coplan/internal/civil"
	"coplan/internal/statute"
)

// Year is a financial year, 1 April to 31 March, named by the calendar
// year it starts in: Year(2026) runs from 1 April 2026 to 31 March 2027.
//
// Partnerships report by it: the Act's "reporting year" for the annual
// performance report (s.42(8)) runs a year at a time from the day
// functions were delegated, which the Scottish Ministers prescribed as 1
// April (2016 for most partnerships). Evaluating by the same year lets a
// partnership put these figures in that report. The choice is coplan's.
type Year int

// YearOf is the financial year d falls in.
func YearOf(d civil.Date) Year {
	t := d.Time()
	if t.Month() < time.April {
		return Year(t.Year() - 1)
	}
	return Year(t.Year())
}

// Start is the year's first day, 1 April.
func (y Year) Start() civil.Date { return civil.Date(fmt.Sprintf("%04d-04-01", int(y))) }

// End is the year's last day, 31 March of the next calendar year.
func (y Year) End() civil.Date { return civil.Date(fmt.Sprintf("%04d-03-31", int(y)+1)) }

// Period is the year as a period.
func (y Year) Period() Period { return Period{From: y.Start(), To: y.End()} }

// String names the year as people write it: "2026 to 2027".
func (y Year) String() string { return fmt.Sprintf("%d to %d", int(y), int(y)+1) }

// Short names the year in a table's narrow column: "2026-27".
func (y Year) Short() string { return fmt.Sprintf("%d-%02d", int(y), (int(y)+1)%100) }

// Param is the year as an address's ?year= value: "2026".
func (y Year) Param() string { return strconv.Itoa(int(y)) }

// Period is a span of days, both ends included; an empty end is open, so
// the zero Period is all time.
type Period struct {
	From, To civil.Date
}

// Contains says whether d falls in the period. An empty date falls only in
// a period open at its start.
func (p Period) Contains(d civil.Date) bool {
	return (p.From == "" || d >= p.From) && (p.To == "" || d <= p.To)
}

// Figures are the counts of involvement in one part of a profile: a stage,
// a depth.
type Figures struct {
	Involvements int
	People       int           // everyone counted as taking part, every group
	ByGroup      map[Group]int // people of each group
}

func (f *Figures) add(i Involvement) {
	f.Involvements++
	if f.ByGroup == nil {
		f.ByGroup = map[Group]int{}
	}
	for g, n := range i.Taking {
		if n > 0 {
			f.People += n
			f.ByGroup[g] += n
		}
	}
}

// Group is how many people of group g took part.
func (f Figures) Group(g Group) int { return f.ByGroup[g] }

// Timing is how long after people were first involved at a stage its first
// decision was taken.
type Timing struct {
	// Days is, for each work item and stage whose first decision falls in
	// the period and came on or after the first involvement at the stage,
	// the days between them, smallest first.
	Days []int
	// DecidedFirst is how many decisions in the period came before anyone
	// was involved at their stage: the "decision before involvement" flag's
	// rule, counted decision by decision.
	DecidedFirst int
}

// Median is the median of Days (the mean of the middle two when there is
// an even number), and false when there are none.
func (t Timing) Median() (float64, bool) {
	n := len(t.Days)
	if n == 0 {
		return 0, false
	}
	if n%2 == 1 {
		return float64(t.Days[n/2]), true
	}
	return float64(t.Days[n/2-1]+t.Days[n/2]) / 2, true
}

// MedianText is the median in words, "12 days" or "12.5 days", or "" when
// nothing was measured.
func (t Timing) MedianText() string {
	m, ok := t.Median()
	if !ok {
		return ""
	}
	s := strconv.FormatFloat(m, 'f', -1, 64)
	if m == 1 {
		return s + " day"
	}
	return s + " days"
}

// Decisions is how many decisions the timing counts: those measured and
// those taken first.
func (t Timing) Decisions() int { return len(t.Days) + t.DecidedFirst }

// StageProfile is one commissioning stage's part of a profile.
type StageProfile struct {
	Stage statute.Stage
	Figures
	Timing Timing
}

// DepthProfile is one level of the Spectrum's part of a profile.
type DepthProfile struct {
	Depth Depth
	Figures
}

// Profile is the evaluation of involvement in a period: who was involved
// at each stage and how deeply, what came of it, how long decisions
// followed involvement, and how many work items have each problem.
type Profile struct {
	Period Period
	// Items is how many work items the profile counts: those open at some
	// time in the period (see Open).
	Items int
	// Involvements counted, all stages: those dated in the period.
	Figures
	Stages []StageProfile // one per commissioning stage, in order
	Depths []DepthProfile // one per level, shallowest first
	// Changed is how many involvements' outcomes say something changed
	// because of them, Unchanged how many have an outcome that changed
	// nothing, and NoOutcome how many have no outcome recorded (marked
	// changed or not: with no outcome nobody was told): every involvement
	// is one of the three.
	Changed, Unchanged, NoOutcome int
	// Timing is every stage's together.
	Timing Timing
	// Flags is, for each problem the rules name (every one of Flags, in
	// order, nought included), how many of the items had it as they stood
	// at the period's end; Flagged is how many had any.
	Flags   []FlagCount
	Flagged int
}

// ChangedShare is the percentage of involvements whose outcome says
// something changed, rounded; 0 with no involvement.
func (p Profile) ChangedShare() int { return Percent(p.Changed, p.Involvements) }

// NoOutcomeShare is the percentage of involvements with no outcome
// recorded, rounded; 0 with no involvement.
func (p Profile) NoOutcomeShare() int { return Percent(p.NoOutcome, p.Involvements) }

// Percent is n as a whole percentage of of, rounded half up; 0 when of is
// 0.
func Percent(n, of int) int {
	if of <= 0 {
		return 0
	}
	return (200*n + of) / (2 * of)
}

// Open says whether the work item was open at some time in the period:
// begun by its end, and not finished, every stage done, before its start.
// It began on the earliest of the day it was recorded, a stage's start,
// and an involvement or decision, since work is often recorded after it
// began; an item with no dates at all always was.
func (it Item) Open(p Period) bool {
	if p.To != "" {
		if begun := it.begun(); begun != "" && begun > p.To {
			return false
		}
	}
	if p.From == "" {
		return true
	}
	var last civil.Date
	for _, st := range statute.CommissioningStages() {
		s := it.Stages[st.Code]
		if s.Status != Done {
			return true
		}
		last = max(last, s.Finished)
	}
	return last == "" || last >= p.From
}

// begun is the earliest date recorded on the item, or "".
func (it Item) begun() civil.Date {
	var first civil.Date
	earlier := func(d civil.Date) {
		if d != "" && (first == "" || d < first) {
			first = d
		}
	}
	if !it.CreatedAt.IsZero() {
		earlier(civil.Day(it.CreatedAt))
	}
	for _, s := range it.Stages {
		earlier(s.Started)
		earlier(s.Finished)
	}
	for _, i := range it.Involvements {
		earlier(i.On)
	}
	for _, d := range it.Decisions {
		earlier(d.On)
	}
	return first
}

// AsAt is the item as it stood at the end of day d: without the
// involvements and decisions recorded after it, and with each stage where
// it had got to then. A stage's dates that were not recorded are taken to
// be before d. An empty d is the item as it is.
func (it Item) AsAt(d civil.Date) Item {
	if d == "" {
		return it
	}
	out := it
	out.Involvements = slices.DeleteFunc(slices.Clone(it.Involvements), func(i Involvement) bool { return i.On > d })
	out.Decisions = slices.DeleteFunc(slices.Clone(it.Decisions), func(x Decision) bool { return x.On > d })
	out.Stages = make(map[string]StageRecord, len(it.Stages))
	for code, s := range it.Stages {
		if s.Finished > d {
			s.Status, s.Finished = UnderWay, ""
		}
		if s.Started > d {
			s.Status, s.Started = NotStarted, ""
		}
		out.Stages[code] = s
	}
	return out
}

// ProfileOf is the profile of the work items open in period p (see Open):
// their involvements and decisions dated in it, and their problems as they
// stood at its end.
func ProfileOf(items []Item, p Period) Profile {
	prof := Profile{Period: p, Figures: Figures{ByGroup: map[Group]int{}}}
	stages := statute.CommissioningStages()
	stageAt := map[string]int{}
	for i, st := range stages {
		prof.Stages = append(prof.Stages, StageProfile{Stage: st, Figures: Figures{ByGroup: map[Group]int{}}})
		stageAt[st.Code] = i
	}
	for _, d := range Depths {
		prof.Depths = append(prof.Depths, DepthProfile{Depth: d, Figures: Figures{ByGroup: map[Group]int{}}})
	}
	flags := map[Flag]int{}
	for _, it := range items {
		if !it.Open(p) {
			continue
		}
		prof.Items++
		for _, inv := range it.Involvements {
			if !p.Contains(inv.On) {
				continue
			}
			prof.add(inv)
			if s, ok := stageAt[inv.Stage]; ok {
				prof.Stages[s].add(inv)
			}
			if inv.Depth >= Inform && inv.Depth <= Empower {
				prof.Depths[inv.Depth-Inform].add(inv)
			}
			switch {
			case inv.Outcome == "":
				prof.NoOutcome++
			case inv.Changed:
				prof.Changed++
			default:
				prof.Unchanged++
			}
		}
		for s, st := range stages {
			t := timing(it, st.Code, p)
			prof.Stages[s].Timing.Days = append(prof.Stages[s].Timing.Days, t.Days...)
			prof.Stages[s].Timing.DecidedFirst += t.DecidedFirst
			prof.Timing.Days = append(prof.Timing.Days, t.Days...)
			prof.Timing.DecidedFirst += t.DecidedFirst
		}
		seen := map[Flag]bool{}
		for _, pr := range it.AsAt(p.To).Problems(func(int64) string { return "" }) {
			seen[pr.Flag] = true
		}
		for f := range seen {
			flags[f]++
		}
		if len(seen) > 0 {
			prof.Flagged++
		}
	}
	slices.Sort(prof.Timing.Days)
	for s := range prof.Stages {
		slices.Sort(prof.Stages[s].Timing.Days)
	}
	for _, f := range Flags {
		prof.Flags = append(prof.Flags, FlagCount{Flag: f, Items: flags[f]})
	}
	return prof
}

// timing is one item's timing at one stage in period p: the days from the
// first involvement at the stage to its first decision, if that decision
// falls in p and came on or after it, and how many of the stage's
// decisions in p came before anyone was involved (as Check decides it: one
// on the day of the first involvement is not before it).
func timing(it Item, stage string, p Period) Timing {
	var first, decided civil.Date
	for _, i := range it.Involvements {
		if i.Stage == stage && (first == "" || i.On < first) {
			first = i.On
		}
	}
	var t Timing
	for _, d := range it.Decisions {
		if d.Stage != stage {
			continue
		}
		if decided == "" || d.On < decided {
			decided = d.On
		}
		if p.Contains(d.On) && (first == "" || d.On < first) {
			t.DecidedFirst++
		}
	}
	if decided != "" && first != "" && decided >= first && p.Contains(decided) {
		t.Days = append(t.Days, daysBetween(first, decided))
	}
	return t
}

// daysBetween is how many days after a b is.
func daysBetween(a, b civil.Date) int {
	// Rounded, as a day is 23 or 25 hours long when the clocks change.
	return int(math.Round(b.Time().Sub(a.Time()).Hours() / 24))
}

// YearOnYear is the profile of each of the n financial years up to and
// including last, oldest first, so a table reads left to right as time
// goes.
func YearOnYear(items []Item, last Year, n int) []Profile {
	var out []Profile
	for y := last - Year(n) + 1; y <= last; y++ {
		out = append(out, ProfileOf(items, y.Period()))
	}
	return out
}

// FirstYear is the earliest financial year any of the items has an
// involvement or a decision in, or false when none has any.
func FirstYear(items []Item) (Year, bool) {
	var first civil.Date
	for _, it := range items {
		for _, i := range it.Involvements {
			if i.On != "" && (first == "" || i.On < first) {
				first = i.On
			}
		}
		for _, d := range it.Decisions {
			if d.On != "" && (first == "" || d.On < first) {
				first = d.On
			}
		}
	}
	if first == "" {
		return 0, false
	}
	return YearOf(first), true
}
