package indicators

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"
	"strings"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/db/generation"
	"coplan/internal/partnership"
	"coplan/internal/statute"
)

// Set says where an import's figures come from: Illustrative for
// generated figures (the demo's), otherwise a published source, named.
type Set struct {
	Illustrative bool
	Source       string
}

// IllustrativeSource is the source named on generated figures.
const IllustrativeSource = "Illustrative figures generated for the demonstration: not real statistics"

// Result counts what an import did.
type Result struct {
	Figures, Replaced int
}

// Store reads one partnership's figures (with Scotland's beside them) and
// imports figures for it, stamping times with its clock. Every query of
// figures is limited to the partnership, except the benchmark, which by
// its nature reads one indicator and year across every partnership: those
// are published statistics, not the partnership's records.
type Store struct {
	db  *db.DB
	p   partnership.Partnership
	now civil.Clock
}

// StoreFor is the store of partnership p's indicators on the clock now
// (nil for the system clock).
func StoreFor(d *db.DB, p partnership.Partnership, now civil.Clock) *Store {
	if now == nil {
		now = civil.SystemClock
	}
	return &Store{db: d, p: p, now: now}
}

// Import stores every figure of a CSV file for the store's partnership, or
// none: a file with any bad row, or a row for another partnership or for
// Scotland, is refused with an *ImportError. A figure already held for the
// same locality, indicator, year and period is replaced.
func (s *Store) Import(ctx context.Context, r io.Reader, set Set, by audit.Actor) (Result, error) {
	fs, err := Parse(r, Scope{Partnerships: []partnership.Partnership{s.p}})
	if err != nil {
		return Result{}, err
	}
	var res Result
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		res, err = store(ctx, tx, s.p.ID, fs, set, by, s.now)
		if err != nil {
			return err
		}
		// The benchmark, which belongs to no one partnership, changes too.
		if err := generation.Bump(ctx, tx, generation.All); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "import", Entity: "indicator figures",
			Summary: fmt.Sprintf("Imported %d indicator figures (%s)", res.Figures, set.Source)}, nil, map[string]any{"figures": res.Figures,
			"replaced": res.Replaced, "illustrative": set.Illustrative, "source": set.Source})
	})
	return res, err
}

// ImportAll stores every figure of a CSV file for any partnership of the
// instance and for Scotland, or none: the instance administrator's import.
func ImportAll(ctx context.Context, d *db.DB, r io.Reader, set Set, by audit.Actor, now civil.Clock) (Result, error) {
	ps, err := partnership.List(ctx, d)
	if err != nil {
		return Result{}, err
	}
	fs, err := Parse(r, Scope{Partnerships: ps, Scotland: true})
	if err != nil {
		return Result{}, err
	}
	var res Result
	err = d.InTx(ctx, func(tx *db.Tx) error {
		var err error
		res, err = store(ctx, tx, 0, fs, set, by, now)
		if err != nil {
			return err
		}
		if err := generation.Bump(ctx, tx, generation.All); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now(), Actor: by, Action: "import", Entity: "indicator figures",
			Summary: fmt.Sprintf("Imported %d indicator figures across the service (%s)", res.Figures, set.Source)}, nil,
			map[string]any{"figures": res.Figures, "replaced": res.Replaced, "illustrative": set.Illustrative, "source": set.Source})
	})
	return res, err
}

// store writes a parsed file as one figure set of partnership owner (0 for
// an import across the instance), replacing figures with the same key.
func store(ctx context.Context, tx *db.Tx, owner int64, fs []Figure, set Set, by audit.Actor, now civil.Clock) (Result, error) {
	var res Result
	source := strings.TrimSpace(set.Source)
	if source == "" {
		source = "Imported file"
	}
	var ownerArg any
	if owner != 0 {
		ownerArg = owner
	}
	var setID int64
	err := tx.QueryRowContext(ctx, `INSERT INTO indicator_sets (partnership_id, illustrative, source, imported_at, imported_by)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, ownerArg, set.Illustrative, source, now(), by.Name).Scan(&setID)
	if err != nil {
		return res, fmt.Errorf("indicator set: %w", err)
	}
	for _, f := range fs {
		var r sql.Result
		if f.Partnership == 0 {
			r, err = tx.ExecContext(ctx, `DELETE FROM scotland_indicator_figures WHERE indicator = $1 AND year = $2 AND period = $3`,
				f.Indicator, f.Year.Start, f.Period)
		} else {
			r, err = tx.ExecContext(ctx, `DELETE FROM indicator_figures WHERE partnership_id = $1 AND locality = $2 AND indicator = $3
				AND year = $4 AND period = $5`, f.Partnership, f.Locality, f.Indicator, f.Year.Start, f.Period)
		}
		if err != nil {
			return res, err
		}
		if n, _ := r.RowsAffected(); n > 0 {
			res.Replaced++
		}
		args := []any{setID, f.Indicator, f.Year.Start, f.Year.String(), f.Period, f.Provisional, f.Numerator, f.Denominator, f.Rate, f.Lower, f.Upper}
		if f.Partnership == 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO scotland_indicator_figures (set_id, indicator, year, year_label, period, provisional,
				numerator, denominator, rate, lower_ci, upper_ci) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, args...)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO indicator_figures (set_id, indicator, year, year_label, period, provisional,
				numerator, denominator, rate, lower_ci, upper_ci, partnership_id, locality)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, append(args, f.Partnership, f.Locality)...)
		}
		if err != nil {
			return res, fmt.Errorf("%s %s: %w", f.Indicator, f.Year, err)
		}
		if f.Partnership != 0 && f.Partnership != owner {
			if err := generation.Bump(ctx, tx, f.Partnership); err != nil {
				return res, err
			}
		}
		res.Figures++
	}
	return res, nil
}

const figureColumns = `f.indicator, f.year, f.year_label, f.period, f.provisional, f.numerator, f.denominator, f.rate, f.lower_ci, f.upper_ci,
	s.illustrative, s.source`

// figureScan reads figureColumns into a Figure: Scan into targets, then
// finish.
type figureScan struct {
	f                *Figure
	label            string
	num, den, lo, hi sql.NullFloat64
}

func (sc *figureScan) targets() []any {
	f := sc.f
	return []any{&f.Indicator, &f.Year.Start, &sc.label, &f.Period, &f.Provisional, &sc.num, &sc.den, &f.Rate, &sc.lo, &sc.hi,
		&f.Illustrative, &f.Source}
}

func (sc *figureScan) finish() {
	ptr := func(n sql.NullFloat64) *float64 {
		if !n.Valid {
			return nil
		}
		return &n.Float64
	}
	sc.f.Year.Split = strings.Contains(sc.label, "/")
	sc.f.Numerator, sc.f.Denominator, sc.f.Lower, sc.f.Upper = ptr(sc.num), ptr(sc.den), ptr(sc.lo), ptr(sc.hi)
}

func scanFigure(row interface{ Scan(...any) error }, f *Figure) error {
	sc := &figureScan{f: f}
	if err := row.Scan(sc.targets()...); err != nil {
		return err
	}
	sc.finish()
	return nil
}

// Figures reads the partnership's annual figures for the whole partnership
// (locality "") or one locality, by indicator then year.
func (s *Store) Figures(ctx context.Context, locality string) ([]Figure, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+figureColumns+` FROM indicator_figures f JOIN indicator_sets s ON s.id = f.set_id
		WHERE f.partnership_id = $1 AND f.locality = $2 AND f.period = $3 ORDER BY f.indicator, f.year`, s.p.ID, locality, Annual)
	if err != nil {
		return nil, fmt.Errorf("indicator figures: %w", err)
	}
	defer rows.Close()
	var out []Figure
	for rows.Next() {
		f := Figure{Partnership: s.p.ID, Locality: locality}
		if err := scanFigure(rows, &f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Scotland reads Scotland's annual figures, by indicator then year.
func (s *Store) Scotland(ctx context.Context) ([]Figure, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+figureColumns+` FROM scotland_indicator_figures f JOIN indicator_sets s ON s.id = f.set_id
		WHERE f.period = $1 ORDER BY f.indicator, f.year`, Annual)
	if err != nil {
		return nil, fmt.Errorf("Scotland's indicator figures: %w", err)
	}
	defer rows.Close()
	var out []Figure
	for rows.Next() {
		var f Figure
		if err := scanFigure(rows, &f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Series is one indicator's figures for the partnership by year, each
// beside Scotland's for the same year.
type Series struct {
	Indicator statute.CoreIndicator
	Years     []SeriesYear
}

// SeriesYear is one year of a Series; Scotland is nil where Scotland's
// figure is not held.
type SeriesYear struct {
	Figure
	Scotland *Figure
}

// Illustrative reports whether any figure of the series is illustrative.
func (s Series) Illustrative() bool {
	for _, y := range s.Years {
		if y.Illustrative || y.Scotland != nil && y.Scotland.Illustrative {
			return true
		}
	}
	return false
}

// Latest is the series' latest year.
func (s Series) Latest() SeriesYear { return s.Years[len(s.Years)-1] }

// Overview reads every reported indicator's series for the whole
// partnership (locality "") or a locality, in the statute's order; an
// indicator with no figure is left out. year, when not 0, keeps only
// figures up to and including it.
func (s *Store) Overview(ctx context.Context, locality string, year int) ([]Series, error) {
	own, err := s.Figures(ctx, locality)
	if err != nil {
		return nil, err
	}
	sc, err := s.Scotland(ctx)
	if err != nil {
		return nil, err
	}
	return seriesOf(own, sc, year), nil
}

// seriesOf pairs a partnership's figures with Scotland's by indicator and
// year.
func seriesOf(own, scotland []Figure, upTo int) []Series {
	type k struct {
		ind  string
		year int
	}
	sc := map[k]*Figure{}
	for i := range scotland {
		sc[k{scotland[i].Indicator, scotland[i].Year.Start}] = &scotland[i]
	}
	byInd := map[string][]SeriesYear{}
	for _, f := range own {
		if upTo != 0 && f.Year.Start > upTo {
			continue
		}
		byInd[f.Indicator] = append(byInd[f.Indicator], SeriesYear{Figure: f, Scotland: sc[k{f.Indicator, f.Year.Start}]})
	}
	var out []Series
	for _, ind := range statute.ReportedIndicators() {
		if ys := byInd[ind.Code]; len(ys) > 0 {
			slices.SortFunc(ys, func(a, b SeriesYear) int { return a.Year.Start - b.Year.Start })
			out = append(out, Series{Indicator: ind, Years: ys})
		}
	}
	return out
}

// Years lists the years the partnership has any figure for, newest first.
func (s *Store) Years(ctx context.Context) ([]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT year FROM indicator_figures WHERE partnership_id = $1 ORDER BY year DESC`, s.p.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}
