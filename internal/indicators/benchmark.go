package indicators

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"coplan/internal/statute"
)

// MaxBenchmark is the most partnerships a benchmark reads: a national
// service holds 31, an instance with test or historic partnerships a few
// more; the page shows them a page at a time.
const MaxBenchmark = 1000

// Benchmark is one indicator's annual figure for one year across every
// partnership of the instance that has it, ranked by the direction of
// good, with Scotland's beside them and the store's partnership marked.
type Benchmark struct {
	Indicator statute.CoreIndicator
	Year      Year
	Rows      []BenchmarkRow // best first; ties by name
	Scotland  *Figure
	// Chosen is the index in Rows of the store's partnership, or -1 when
	// it has no figure for the year.
	Chosen int
}

// BenchmarkRow is one partnership's place in a Benchmark.
type BenchmarkRow struct {
	Name, Slug string
	Figure
	Rank   int // 1 is the best; tied figures share a rank; 0 when the indicator has no direction of good
	Tied   bool
	Chosen bool
}

// Illustrative reports whether any figure of the benchmark is
// illustrative.
func (b Benchmark) Illustrative() bool {
	if b.Scotland != nil && b.Scotland.Illustrative {
		return true
	}
	return slices.ContainsFunc(b.Rows, func(r BenchmarkRow) bool { return r.Illustrative })
}

// Sources lists the distinct sources of the benchmark's figures.
func (b Benchmark) Sources() []string {
	var out []string
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, r := range b.Rows {
		add(r.Source)
	}
	if b.Scotland != nil {
		add(b.Scotland.Source)
	}
	return out
}

// Benchmark reads indicator's annual figure for year (the year it starts)
// for every partnership and Scotland in one query, and ranks them.
func (s *Store) Benchmark(ctx context.Context, indicator string, year int) (Benchmark, error) {
	ind, ok := statute.CoreIndicatorByCode(indicator)
	b := Benchmark{Indicator: ind, Year: Year{Start: year}, Chosen: -1}
	if !ok {
		return b, fmt.Errorf("benchmark: no indicator %q", indicator)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.name, p.slug, `+figureColumns+`
		FROM indicator_figures f JOIN partnerships p ON p.id = f.partnership_id JOIN indicator_sets s ON s.id = f.set_id
		WHERE f.indicator = $1 AND f.year = $2 AND f.period = $3 AND f.locality = ''
		UNION ALL
		SELECT 0, 'Scotland', '', `+figureColumns+`
		FROM scotland_indicator_figures f JOIN indicator_sets s ON s.id = f.set_id
		WHERE f.indicator = $1 AND f.year = $2 AND f.period = $3
		LIMIT $4`, indicator, year, Annual, MaxBenchmark+1)
	if err != nil {
		return b, fmt.Errorf("benchmark %s %d: %w", indicator, year, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r BenchmarkRow
		var id int64
		sc := &figureScan{f: &r.Figure}
		if err := rows.Scan(append([]any{&id, &r.Name, &r.Slug}, sc.targets()...)...); err != nil {
			return b, err
		}
		sc.finish()
		r.Partnership = id
		b.Year = r.Year
		if id == 0 {
			f := r.Figure
			b.Scotland = &f
			continue
		}
		r.Chosen = id == s.p.ID
		b.Rows = append(b.Rows, r)
	}
	if err := rows.Err(); err != nil {
		return b, err
	}
	values := make([]float64, len(b.Rows))
	for i, r := range b.Rows {
		values[i] = r.Rate
	}
	ranks := Rank(values, ind.Better)
	count := map[int]int{}
	for i := range b.Rows {
		b.Rows[i].Rank = ranks[i]
		count[ranks[i]]++
	}
	for i := range b.Rows {
		b.Rows[i].Tied = b.Rows[i].Rank != 0 && count[b.Rows[i].Rank] > 1
	}
	slices.SortStableFunc(b.Rows, func(x, y BenchmarkRow) int {
		if x.Rank != y.Rank {
			return x.Rank - y.Rank
		}
		return strings.Compare(x.Name, y.Name)
	})
	b.Chosen = slices.IndexFunc(b.Rows, func(r BenchmarkRow) bool { return r.Chosen })
	return b, nil
}

// BenchmarkYears lists the years any partnership or Scotland has a figure
// for indicator, newest first.
func (s *Store) BenchmarkYears(ctx context.Context, indicator string) ([]Year, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT year, year_label FROM indicator_figures WHERE indicator = $1 AND period = $2
		UNION SELECT year, year_label FROM scotland_indicator_figures WHERE indicator = $1 AND period = $2 ORDER BY 1 DESC`, indicator, Annual)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Year
	for rows.Next() {
		var y Year
		var label string
		if err := rows.Scan(&y.Start, &label); err != nil {
			return nil, err
		}
		y.Split = strings.Contains(label, "/")
		if len(out) == 0 || out[len(out)-1].Start != y.Start {
			out = append(out, y)
		}
	}
	return out, rows.Err()
}
