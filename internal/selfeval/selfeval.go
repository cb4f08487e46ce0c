// Package selfeval is the partnership's self-evaluation of how it involves
// people (issue 12, item 5): each financial year, every item of the
// frameworks in statute.SelfEvaluationFrameworks rated on the Care
// Inspectorate's six-point scale, with a commentary, evidence (links to
// coplan's own records, see Kinds) and improvement actions. It is saved as
// a draft as the officer goes; publishing copies it, as it stands, into a
// numbered version that never changes, and a later change is published as
// the next version. Years are kept side by side so that one can be compared
// with another (Compare).
package selfeval

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"coplan/internal/civil"
	"coplan/internal/statute"
)

// Year is a financial year, 1 April to 31 March, named by the calendar
// year it starts in: Year(2026) is 2026-27. Partnerships plan, budget and
// report by financial year, so the self-evaluation does too.
type Year int

// String is the year as people write it: "2026-27".
func (y Year) String() string { return fmt.Sprintf("%d-%02d", int(y), (int(y)+1)%100) }

// Period is the year's days in words: "1 April 2026 to 31 March 2027".
func (y Year) Period() string { return fmt.Sprintf("1 April %d to 31 March %d", int(y), int(y)+1) }

// Number is the year as a number, 2026 for 2026-27, as addresses write it.
func (y Year) Number() int { return int(y) }

// FinancialYear is the financial year that day d falls in.
func FinancialYear(d civil.Date) Year {
	t := d.Time()
	if t.Month() >= time.April {
		return Year(t.Year())
	}
	return Year(t.Year() - 1)
}

// ParseYear reads a year as "2026" or "2026-27"; ok is false for anything
// else, or a year before 2000 or after 2100.
func ParseYear(s string) (Year, bool) {
	s = strings.TrimSpace(s)
	start, end, dashed := strings.Cut(s, "-")
	n, err := strconv.Atoi(start)
	if err != nil || n < 2000 || n > 2100 {
		return 0, false
	}
	y := Year(n)
	if dashed && y.String() != s {
		_ = end
		return 0, false
	}
	return y, true
}

// Rating is one framework item's rating in a year: its grade on the
// six-point scale (0 while not rated), the commentary that justifies it and
// the evidence for it.
type Rating struct {
	Framework  string // statute.Framework code
	Item       string // statute.Item code within it
	Grade      int    // 1 to 6, 0 for not rated yet
	Commentary string
	Evidence   []Evidence
}

// GradeLabel is the grade in words ("Very good", "Not rated").
func (r Rating) GradeLabel() string { return statute.GradeLabel(r.Grade) }

// Evidence is a link from a rating to one of the partnership's records.
type Evidence struct {
	ID       int64
	Kind     string // a Kind's code
	RecordID int64
	Name     string // the record's name when it was linked
}

// Action is an improvement action: what will be done, who owns it, by
// when, and the day it was done ("" until then). It may name the framework
// item it answers.
type Action struct {
	ID        int64
	Framework string
	Item      string
	What      string
	Owner     string
	Due       civil.Date
	Done      civil.Date
}

// Content is a self-evaluation as it stands: every rating (only those
// saved at least once) and every action. A published version holds one,
// frozen.
type Content struct {
	Year    Year
	Ratings []Rating
	Actions []Action
}

// Rating returns the rating of one item, or a not-rated one.
func (c Content) Rating(framework, item string) Rating {
	for _, r := range c.Ratings {
		if r.Framework == framework && r.Item == item {
			return r
		}
	}
	return Rating{Framework: framework, Item: item}
}

// Rated counts the framework's items that have a grade.
func (c Content) Rated(framework string) int {
	n := 0
	for _, r := range c.Ratings {
		if r.Framework == framework && r.Grade > 0 {
			n++
		}
	}
	return n
}

// ActionsFor are the actions that name one item.
func (c Content) ActionsFor(framework, item string) []Action {
	var out []Action
	for _, a := range c.Actions {
		if a.Framework == framework && a.Item == item {
			out = append(out, a)
		}
	}
	return out
}

// Evaluation is one year's self-evaluation: its draft (what the officer is
// working on) and the versions published so far.
type Evaluation struct {
	ID        int64
	Year      Year
	Draft     Content
	Versions  []VersionInfo // oldest first
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Published reports whether any version of the year has been published.
func (e Evaluation) Published() bool { return len(e.Versions) > 0 }

// VersionInfo names a published version.
type VersionInfo struct {
	Number      int
	PublishedAt time.Time
	PublishedBy string
}

// Version is a published version with what it published.
type Version struct {
	VersionInfo
	Content Content
}

// Summary is a year in the list of self-evaluations.
type Summary struct {
	Year          Year
	Versions      int
	LastPublished time.Time // zero if never published
	UpdatedAt     time.Time
}

// Change is one item's grade in two years.
type Change struct {
	Framework string
	Item      string
	From, To  int // grades, 0 for not rated
}

// Direction is "better", "worse", "same" or "" when either year has no
// grade.
func (c Change) Direction() string {
	switch {
	case c.From == 0 || c.To == 0:
		return ""
	case c.To > c.From:
		return "better"
	case c.To < c.From:
		return "worse"
	}
	return "same"
}

// Compare lists every item of every framework with its grade in from and
// in to, in the frameworks' order: the rating change per item.
func Compare(from, to Content) []Change {
	var out []Change
	for _, f := range statute.SelfEvaluationFrameworks() {
		for _, it := range f.Items {
			out = append(out, Change{Framework: f.Code, Item: it.Code,
				From: from.Rating(f.Code, it.Code).Grade, To: to.Rating(f.Code, it.Code).Grade})
		}
	}
	return out
}
