package performance

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/commissioning"
	"coplan/internal/db"
	"coplan/internal/db/generation"
	"coplan/internal/directions"
	"coplan/internal/finance"
	"coplan/internal/indicators"
	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// Store is one partnership's performance reports, bound to that
// partnership (whose id limits every query) and to a clock.
type Store struct {
	db  *db.DB
	p   partnership.Partnership
	now civil.Clock
}

// StoreFor binds a store to partnership p and the clock now.
func StoreFor(d *db.DB, p partnership.Partnership, now civil.Clock) *Store {
	if now == nil {
		now = civil.SystemClock
	}
	return &Store{db: d, p: p, now: now}
}

// Today is the store's day.
func (s *Store) Today() civil.Date { return civil.Day(s.now()) }

// ValidYear reports whether y is a reporting year coplan accepts.
func ValidYear(y finance.Year) bool { return y >= 2015 && y <= 2100 }

// SaveNarrative sets the text of section (a statute.ReportSections code,
// or "locality" with the locality's id) for year y, with its audit entry.
func (s *Store) SaveNarrative(ctx context.Context, y finance.Year, section string, locality int64, body string, by audit.Actor) error {
	body = strings.TrimSpace(body)
	var errs valid.Errors
	if !ValidYear(y) {
		errs.Add("year", "Choose a reporting year")
	}
	if section == "locality" {
		if !slices.ContainsFunc(s.p.Localities, func(l partnership.Named) bool { return l.ID == locality }) {
			errs.Add("locality", "Choose one of the partnership's localities")
		}
	} else if _, ok := statute.ReportSectionByCode(section); !ok {
		errs.Add("section", "Choose a section of the report")
	} else {
		locality = 0
	}
	if len(body) > 20000 {
		errs.Add("body", "Text must be 20,000 characters or fewer")
	}
	if len(errs) > 0 {
		return errs
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE performance_narratives SET body = $1, updated_at = $2
			WHERE partnership_id = $3 AND year = $4 AND section = $5 AND locality_id = $6`, body, now, s.p.ID, int(y), section, locality)
		if err != nil {
			return fmt.Errorf("save narrative: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO performance_narratives (partnership_id, year, section, locality_id, body, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6)`, s.p.ID, int(y), section, locality, body, now); err != nil {
				return fmt.Errorf("save narrative: %w", err)
			}
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "update",
			Entity: "performance_narrative", Summary: fmt.Sprintf("Wrote the %s section of the %s performance report", section, y)}, nil, body)
	})
}

// ValidateEntry checks an entry before it is stored.
func ValidateEntry(e Entry) valid.Errors {
	var errs valid.Errors
	if !slices.Contains([]string{GoodPractice, Lesson, Inspection}, e.Kind) {
		errs.Add("kind", "Choose what kind of entry this is")
	}
	if strings.TrimSpace(e.Title) == "" {
		errs.Add("title", "Enter a title")
	}
	if strings.TrimSpace(e.Body) == "" {
		if e.Kind == Inspection {
			errs.Add("body", "Enter what the inspection found")
		} else {
			errs.Add("body", "Enter what happened")
		}
	}
	return errs
}

// AddEntry stores a good-practice example, lesson or inspection finding
// for year y, with its audit entry.
func (s *Store) AddEntry(ctx context.Context, y finance.Year, e Entry, by audit.Actor) (Entry, error) {
	e.Title, e.Body, e.Action = strings.TrimSpace(e.Title), strings.TrimSpace(e.Body), strings.TrimSpace(e.Action)
	errs := ValidateEntry(e)
	if !ValidYear(y) {
		errs.Add("year", "Choose a reporting year")
	}
	if len(errs) > 0 {
		return e, errs
	}
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO performance_entries (partnership_id, year, kind, title, body, action, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, s.p.ID, int(y), e.Kind, e.Title, e.Body, e.Action, now).Scan(&e.ID); err != nil {
			return fmt.Errorf("add entry: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "create",
			Entity: "performance_entry", EntityID: e.ID, Summary: "Added " + e.Kind + " to the " + y.String() + " performance report"}, nil, e)
	})
	return e, err
}

// SetAction records the action taken on inspection finding id.
func (s *Store) SetAction(ctx context.Context, id int64, action string, by audit.Actor) error {
	action = strings.TrimSpace(action)
	if action == "" {
		return valid.Errors{{Field: "action", Message: "Enter the action taken"}}
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE performance_entries SET action = $1 WHERE id = $2 AND partnership_id = $3 AND kind = $4`,
			action, id, s.p.ID, Inspection)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return valid.ErrNotFound
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "update",
			Entity: "performance_entry", EntityID: id, Summary: "Recorded the action taken on an inspection finding"}, nil, action)
	})
}

// SaveSpend sets the planned and actual spend on one matter of
// regulation 4(2) for year y, with its audit entry.
func (s *Store) SaveSpend(ctx context.Context, y finance.Year, sp Spend, by audit.Actor) error {
	sp.Reason = strings.TrimSpace(sp.Reason)
	var errs valid.Errors
	if _, ok := statute.SpendMatterByCode(sp.Matter); !ok {
		errs.Add("matter", "Choose a matter of regulation 4(2)")
	}
	if sp.PlannedPence < 0 || sp.ActualPence < 0 {
		errs.Add("actual", "Enter amounts of £0 or more")
	}
	if !ValidYear(y) {
		errs.Add("year", "Choose a reporting year")
	}
	if len(errs) > 0 {
		return errs
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE performance_spend SET planned_pence = $1, actual_pence = $2, reason = $3
			WHERE partnership_id = $4 AND year = $5 AND matter = $6`, sp.PlannedPence, sp.ActualPence, sp.Reason, s.p.ID, int(y), sp.Matter)
		if err != nil {
			return fmt.Errorf("save spend: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO performance_spend (partnership_id, year, matter, planned_pence, actual_pence, reason)
				VALUES ($1, $2, $3, $4, $5, $6)`, s.p.ID, int(y), sp.Matter, sp.PlannedPence, sp.ActualPence, sp.Reason); err != nil {
				return fmt.Errorf("save spend: %w", err)
			}
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "update",
			Entity: "performance_spend", Summary: "Entered spend on matter " + sp.Matter + " for " + y.String()}, nil, sp)
	})
}

// Build assembles year y's report from what staff wrote and from the
// other rooms (the in-force plan's arrangements, the directions' budgets,
// indicator figures with Scotland's, s.36 decisions taken in the year,
// reviews, "you said, we did", the financial statement).
func (s *Store) Build(ctx context.Context, y finance.Year) (Report, error) {
	r := Report{Partnership: s.p.Name, Year: y, Sections: map[string]string{}}
	start, end := civil.Date(fmt.Sprintf("%04d-04-01", int(y))), civil.Date(fmt.Sprintf("%04d-03-31", int(y)+1))
	in := func(d string) bool { return d != "" && civil.Date(d) >= start && civil.Date(d) <= end }

	locText := map[int64]string{}
	rows, err := s.db.QueryContext(ctx, `SELECT section, locality_id, body FROM performance_narratives WHERE partnership_id = $1 AND year = $2`, s.p.ID, int(y))
	if err != nil {
		return r, fmt.Errorf("narratives: %w", err)
	}
	for rows.Next() {
		var sec, body string
		var loc int64
		if err := rows.Scan(&sec, &loc, &body); err != nil {
			rows.Close()
			return r, err
		}
		if sec == "locality" {
			locText[loc] = body
		} else {
			r.Sections[sec] = body
		}
	}
	rows.Close()
	for _, l := range s.p.Localities {
		r.Localities = append(r.Localities, Locality{ID: l.ID, Name: l.Name, Text: locText[l.ID]})
	}

	rows, err = s.db.QueryContext(ctx, `SELECT id, kind, title, body, action FROM performance_entries WHERE partnership_id = $1 AND year = $2 ORDER BY id`, s.p.ID, int(y))
	if err != nil {
		return r, fmt.Errorf("entries: %w", err)
	}
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.Kind, &e.Title, &e.Body, &e.Action); err != nil {
			rows.Close()
			return r, err
		}
		switch e.Kind {
		case GoodPractice:
			r.GoodPractice = append(r.GoodPractice, e)
		case Lesson:
			r.Lessons = append(r.Lessons, e)
		case Inspection:
			r.Inspections = append(r.Inspections, e)
		}
	}
	rows.Close()

	spent := map[string]Spend{}
	rows, err = s.db.QueryContext(ctx, `SELECT matter, planned_pence, actual_pence, reason FROM performance_spend WHERE partnership_id = $1 AND year = $2`, s.p.ID, int(y))
	if err != nil {
		return r, fmt.Errorf("spend: %w", err)
	}
	for rows.Next() {
		var sp Spend
		if err := rows.Scan(&sp.Matter, &sp.PlannedPence, &sp.ActualPence, &sp.Reason); err != nil {
			rows.Close()
			return r, err
		}
		spent[sp.Matter] = sp
	}
	rows.Close()
	for _, m := range statute.SpendMatters() {
		if sp, ok := spent[m.Code]; ok {
			sp.MatterName = m.Name
			r.Spend = append(r.Spend, sp)
		}
	}

	if pub, ok, err := finance.LatestIn(ctx, s.db, s.p.ID, y); err != nil {
		return r, err
	} else if ok {
		r.StatementPence = pub.Statement.Total
	}

	// The plan: the in-force plan's latest version, its decisions,
	// reviews and views.
	ps := plan.StoreFor(s.db, s.p, s.now)
	plans, err := ps.Plans(ctx)
	if err != nil {
		return r, err
	}
	var arrangements []plan.PlannedArrangement
	for _, p := range plans {
		if !p.InForce() {
			continue
		}
		v, err := ps.LatestVersion(ctx, p.ID)
		if err != nil {
			return r, err
		}
		as, err := ps.Arrangements(ctx, v.ID)
		if err != nil {
			return r, err
		}
		arrangements = append(arrangements, as...)
		revs, err := ps.Reviews(ctx, p.ID)
		if err != nil {
			return r, err
		}
		for _, rv := range revs {
			if in(rv.ReviewedOn) {
				r.Reviews = append(r.Reviews, fmt.Sprintf("%s reviewed on %s: %s", p.Title, civil.Date(rv.ReviewedOn), rv.ConclusionName()))
			}
		}
		views, err := ps.Views(ctx, p.ID)
		if err != nil {
			return r, err
		}
		for _, ys := range plan.YouSaidWeDid(views) {
			r.YouSaid = append(r.YouSaid, Said{YouSaid: ys.YouSaid, WeDid: ys.WeDid})
		}
	}
	if r.Commissioning, err = s.commissioningIn(ctx, start, end); err != nil {
		return r, err
	}
	decs, err := ps.Decisions(ctx)
	if err != nil {
		return r, err
	}
	for _, d := range decs {
		if in(d.TakenOn) {
			r.Decisions = append(r.Decisions, Decision{Title: d.Title, TakenOn: civil.Date(d.TakenOn).String(), Reason: d.Description})
		}
	}

	ds, err := directions.ListIn(ctx, s.db, s.p.ID)
	if err != nil {
		return r, err
	}
	figs, err := indicators.StoreFor(s.db, s.p, s.now).Figures(ctx, "")
	if err != nil {
		return r, err
	}
	scot, err := indicators.StoreFor(s.db, s.p, s.now).Scotland(ctx)
	if err != nil {
		return r, err
	}
	scotAt := map[string]float64{}
	for _, f := range scot {
		scotAt[fmt.Sprintf("%s/%d", f.Indicator, f.Year.Start)] = f.Rate
	}
	series := func(code string) (Series, bool) {
		se := Series{Indicator: code, Name: code}
		if ci, ok := statute.CoreIndicatorByCode(code); ok {
			se.Name = ci.Title
		}
		for _, f := range figs {
			if f.Indicator != code || f.Year.Start > int(y) || f.Year.Start < int(y)-5 {
				continue
			}
			pt := Point{Year: f.Year.Start, Value: f.Rate}
			if v, ok := scotAt[fmt.Sprintf("%s/%d", code, f.Year.Start)]; ok {
				pt.Scotland = &v
			}
			se.Points = append(se.Points, pt)
			se.Illustrative = se.Illustrative || f.Illustrative
		}
		return se, len(se.Points) > 0
	}
	for _, o := range statute.Outcomes() {
		of := OutcomeFacts{Code: o.Code, Name: fmt.Sprintf("Outcome %d: %s", o.Number, o.Title)}
		var codes []string
		for _, a := range arrangements {
			if slices.Contains(a.Outcomes, o.Code) {
				of.Arrangements = append(of.Arrangements, a.Title)
				for _, c := range plan.ArrangementIndicators(a.Arrangement) {
					if !slices.Contains(codes, c) {
						codes = append(codes, c)
					}
				}
			}
		}
		for _, d := range ds {
			if d.Year == int(y) && slices.Contains(d.Outcomes, o.Code) {
				of.BudgetPence += d.Budget()
			}
		}
		slices.Sort(codes)
		for _, c := range codes {
			if se, ok := series(c); ok {
				of.Indicators = append(of.Indicators, se)
			}
		}
		r.Outcomes = append(r.Outcomes, of)
	}
	return r, nil
}

// Version is one published version of a year's report.
type Version struct {
	Number      int       `json:"version"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy string    `json:"-"`
	Report      Report    `json:"report"`
}

// ErrNotReady is returned when a report with gaps would be published.
var ErrNotReady = valid.Errors{{Field: "publish", Message: "Meet every requirement on the checklist before publishing the report"}}

// Publish builds year y's report and stores it as the next published
// version, with the audit entry, in one transaction. A report with gaps
// on its checklist is refused unless anyway is true (the board may
// publish with an item named as unmet: the checklist is published with
// it).
func (s *Store) Publish(ctx context.Context, y finance.Year, anyway bool, by audit.Actor) (Version, error) {
	r, err := s.Build(ctx, y)
	if err != nil {
		return Version{}, err
	}
	if len(Check(r)) > 0 && !anyway {
		return Version{}, ErrNotReady
	}
	content, err := json.Marshal(r)
	if err != nil {
		return Version{}, err
	}
	now := s.now()
	v := Version{PublishedAt: now, PublishedBy: by.Name, Report: r}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := generation.Bump(ctx, tx, s.p.ID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM performance_reports WHERE partnership_id = $1 AND year = $2`,
			s.p.ID, int(y)).Scan(&v.Number); err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO performance_reports (partnership_id, year, version, content, published_at, published_by)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, s.p.ID, int(y), v.Number, string(content), now, by.Name).Scan(&id); err != nil {
			return fmt.Errorf("publish report: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "publish",
			Entity: "performance_report", EntityID: id, Summary: fmt.Sprintf("Published version %d of the %s performance report", v.Number, y)}, nil, nil)
	})
	return v, err
}

// Published returns the latest published version of year y's report, and
// false when none is published.
func (s *Store) Published(ctx context.Context, y finance.Year) (Version, bool, error) {
	return PublishedIn(ctx, s.db, s.p.ID, y)
}

// PublishedIn is Published for another room (the dashboard) inside its
// own transaction.
func PublishedIn(ctx context.Context, q db.Querier, pid int64, y finance.Year) (Version, bool, error) {
	var v Version
	var content string
	err := q.QueryRowContext(ctx, `SELECT version, content, published_at, published_by FROM performance_reports
		WHERE partnership_id = $1 AND year = $2 ORDER BY version DESC LIMIT 1`, pid, int(y)).Scan(&v.Number, &content, &v.PublishedAt, &v.PublishedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return v, false, nil
	}
	if err != nil {
		return v, false, fmt.Errorf("published report: %w", err)
	}
	if err := json.Unmarshal([]byte(content), &v.Report); err != nil {
		return v, false, err
	}
	return v, true, nil
}

// ClockIn is the clock of partnership pid's latest reporting year on day
// today: how the dashboard reads it.
func ClockIn(ctx context.Context, q db.Querier, pid int64, today civil.Date) (Clock, error) {
	y := LatestYear(today)
	v, ok, err := PublishedIn(ctx, q, pid, y)
	if err != nil {
		return Clock{}, err
	}
	if !ok {
		v.Number = 0
	}
	return ClockOf(y, v.Number, today), nil
}

// commissioningIn is the partnership's published commissioning work with
// involvement dated in the year from start to end: the people who took
// part that year and what changed, and its problems as the work stood at
// the year's end (Item.AsAt), as the public commissioning page names them.
func (s *Store) commissioningIn(ctx context.Context, start, end civil.Date) ([]Work, error) {
	cs := commissioning.StoreFor(s.db, s.p, s.now)
	items, err := cs.Items(ctx)
	if err != nil {
		return nil, err
	}
	var out []Work
	for _, it := range items {
		if !it.Published() {
			continue
		}
		w := Work{Title: it.Title}
		for _, inv := range it.Involvements {
			if inv.On < start || inv.On > end {
				continue
			}
			w.Involvements++
			w.People += inv.Total()
			if inv.Changed && inv.Outcome != "" {
				w.Changed++
			}
		}
		if w.Involvements == 0 {
			continue
		}
		for _, f := range commissioning.FlagsOf(it.AsAt(end).Problems(cs.LocalityName)) {
			w.Problems = append(w.Problems, f.Describe())
		}
		out = append(out, w)
	}
	return out, nil
}
