// Package indicators holds the core integration indicators' figures (and
// the Ministerial Strategic Group's) per partnership, locality and year,
// with Scotland's for comparison: their import from Public Health
// Scotland's workbook layout, all or nothing; the rule that ranks the
// partnerships for one indicator and year; and the store.
//
// The indicators themselves (definition, survey or administrative,
// direction of good, numerator, denominator, basis, source) are data in
// package statute.
package indicators

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"coplan/internal/statute"
)

// Annual is the time period of a year's figure; Public Health Scotland's
// workbook also has quarters ("Q1" to "Q4").
const Annual = "Annual"

// Periods are the time periods an import may carry.
var Periods = []string{Annual, "Q1", "Q2", "Q3", "Q4"}

// Figure is one value of one indicator for one area, year and period.
type Figure struct {
	// Partnership is the partnership's id; 0 for Scotland.
	Partnership int64
	// Locality is the locality's name, "" for the whole partnership.
	Locality  string
	Indicator string // statute code, "NI-12"
	Year      Year
	Period    string // Annual, Q1 ...
	// Provisional is the workbook's Estimate column: the figure may yet
	// be revised.
	Provisional bool
	// Numerator and Denominator are nil where the source leaves them out.
	Numerator, Denominator *float64
	Rate                   float64
	// Lower and Upper are the 95% confidence limits of a survey figure.
	Lower, Upper *float64
	// Illustrative is true for generated figures (the demo's): every page
	// and answer that shows one says so. Source names where it came from.
	Illustrative bool
	Source       string
}

// HasInterval reports whether the figure has its confidence interval.
func (f Figure) HasInterval() bool { return f.Lower != nil && f.Upper != nil }

// Year is the year a figure covers: Start is the year it starts (2023 for
// 2023/24 and for calendar 2023); Split is true for a financial or survey
// year written "2023/24".
type Year struct {
	Start int
	Split bool
}

// String writes the year as the workbook does: "2023/24" or "2023".
func (y Year) String() string {
	if y.Split {
		return fmt.Sprintf("%d/%02d", y.Start, (y.Start+1)%100)
	}
	return strconv.Itoa(y.Start)
}

// ParseYear reads "2023/24", "2023-24", "2023/2024" or "2023".
func ParseYear(s string) (Year, bool) {
	s = strings.TrimSpace(s)
	first, second, split := strings.Cut(s, "/")
	if !split {
		first, second, split = strings.Cut(s, "-")
	}
	start, err := strconv.Atoi(first)
	if err != nil || len(first) != 4 || start < 1990 || start > 2100 {
		return Year{}, false
	}
	if !split {
		return Year{Start: start}, true
	}
	end, err := strconv.Atoi(second)
	switch {
	case err != nil:
		return Year{}, false
	case len(second) == 2 && end == (start+1)%100, len(second) == 4 && end == start+1:
		return Year{Start: start, Split: true}, true
	}
	return Year{}, false
}

// Tied reports whether two figures count as equal for ranking: the same to
// one decimal place, the precision pages show and Public Health Scotland
// publishes rates to.
func Tied(a, b float64) bool { return math.Round(a*10) == math.Round(b*10) }

// Rank ranks values by the direction of good: 1 is the best (highest when
// higher is better, lowest when lower is better). Tied values share the
// best rank of their group and the next value skips the ranks they took
// ("1, 2, 2, 4"), as league tables do. With no direction agreed nothing is
// ranked: every rank is 0.
func Rank(values []float64, better statute.Better) []int {
	ranks := make([]int, len(values))
	if better == statute.NoDirection {
		return ranks
	}
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	key := func(i int) float64 { return math.Round(values[i] * 10) }
	slices.SortStableFunc(order, func(a, b int) int {
		ka, kb := key(a), key(b)
		if better == statute.LowerIsBetter {
			ka, kb = -ka, -kb
		}
		switch {
		case ka > kb:
			return -1
		case ka < kb:
			return 1
		}
		return 0
	})
	for pos, i := range order {
		if pos > 0 && Tied(values[i], values[order[pos-1]]) {
			ranks[i] = ranks[order[pos-1]]
			continue
		}
		ranks[i] = pos + 1
	}
	return ranks
}

// AgainstScotland says how a survey figure stands beside Scotland's: its
// 95% confidence interval lies wholly above or below Scotland's figure, or
// includes it (no clear difference). "" when either is missing or the
// figure has no interval.
func AgainstScotland(f Figure, scotland *Figure) string {
	switch {
	case scotland == nil || !f.HasInterval():
		return ""
	case *f.Lower > scotland.Rate:
		return "Higher than Scotland"
	case *f.Upper < scotland.Rate:
		return "Lower than Scotland"
	}
	return "No clear difference from Scotland"
}
