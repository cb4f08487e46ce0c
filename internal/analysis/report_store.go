package analysis

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// ReportStore reads and publishes one partnership's analysis reports.
// Every query is limited to the partnership, times come from its clock,
// and publishing is one transaction with its audit entry.
type ReportStore struct {
	db  *db.DB
	p   partnership.Partnership
	now civil.Clock
}

// ReportStoreFor is the report store of partnership p, with the clock now
// (nil for the system clock).
func ReportStoreFor(d *db.DB, p partnership.Partnership, now civil.Clock) *ReportStore {
	if now == nil {
		now = civil.SystemClock
	}
	return &ReportStore{db: d, p: p, now: now}
}

// ReportAddress is the public address of consultation id's analysis
// report in partnership slug: what a consultation records as its report's
// address when the report is published.
func ReportAddress(slug string, consultationID int64) string {
	return fmt.Sprintf("/partnerships/%s/consultations/%d/report", slug, consultationID)
}

// MaxNextSteps is the most characters "What happens next" may hold.
const MaxNextSteps = 10_000

// candidateExtracts is how many of a theme's coded extracts publishing
// reads to choose its quotes: enough to find QuotesPerTheme that may be
// published, without reading every response of a large consultation.
const candidateExtracts = 60

// figures counts a consultation's analysis as the report shows it, and
// chooses each theme's quotes among the extracts quotable now. It reads
// outside any transaction: the coding room's store reads on its own.
func (s *ReportStore) figures(ctx context.Context, cid int64) (ReportFigures, error) {
	q := s.db
	reach, err := consult.ReachOf(ctx, q, s.p, cid, consult.ReachOptions{})
	if err != nil {
		return ReportFigures{}, fmt.Errorf("reach: %w", err)
	}
	tabs, err := consult.TalliesOf(ctx, q, s.p, cid, consult.TallyOptions{})
	if err != nil {
		return ReportFigures{}, fmt.Errorf("tallies: %w", err)
	}
	themes, method, err := themesForReport(ctx, StoreFor(s.db, s.p, s.now), cid)
	if err != nil {
		return ReportFigures{}, fmt.Errorf("themes: %w", err)
	}
	f := ReportFigures{Responses: reach.Responses, Late: reach.Late, Method: method, Reach: reach, Tallies: TalliesForReport(tabs)}
	var refs []QuoteRef
	for _, t := range themes {
		refs = append(refs, t.Extracts[:min(len(t.Extracts), candidateExtracts)]...)
	}
	quotable, err := quoter(ctx, q, s.p.ID, refs)
	if err != nil {
		return ReportFigures{}, err
	}
	for _, t := range themes {
		f.Themes = append(f.Themes, ReportTheme{Name: t.Name, Description: t.Description, Depth: t.Depth, Responses: t.Responses,
			QuoteRefs: ChooseQuotes(t.Extracts[:min(len(t.Extracts), candidateExtracts)], quotable)})
	}
	return f, nil
}

// quoter reads the responses refs cite and returns the quoting rule over
// them: an extract is quotable only as PublishableQuote allows now.
func quoter(ctx context.Context, q db.Querier, pid int64, refs []QuoteRef) (func(QuoteRef) (Quote, bool), error) {
	var ids []int64
	seen := map[int64]bool{}
	for _, r := range refs {
		if !seen[r.ResponseID] {
			seen[r.ResponseID] = true
			ids = append(ids, r.ResponseID)
		}
	}
	rs, err := consult.ResponsesByID(ctx, q, pid, ids)
	if err != nil {
		return nil, fmt.Errorf("read the quoted responses: %w", err)
	}
	byID := make(map[int64]consult.Response, len(rs))
	for _, r := range rs {
		byID[r.ID] = r
	}
	return func(ref QuoteRef) (Quote, bool) {
		r, ok := byID[ref.ResponseID]
		if !ok {
			return Quote{}, false
		}
		return PublishableQuote(r, ref)
	}, nil
}

// withQuotes fills r.Quotes from its themes' references, as each may be
// published now: a quote whose response has since been withheld, redacted
// or had its preference changed is left out.
func (s *ReportStore) withQuotes(ctx context.Context, q db.Querier, r *Report) error {
	var refs []QuoteRef
	for _, t := range r.Figures.Themes {
		refs = append(refs, t.QuoteRefs...)
	}
	quotable, err := quoter(ctx, q, s.p.ID, refs)
	if err != nil {
		return err
	}
	r.Quotes = make([][]Quote, len(r.Figures.Themes))
	for i, t := range r.Figures.Themes {
		for _, ref := range t.QuoteRefs {
			if qt, ok := quotable(ref); ok {
				r.Quotes[i] = append(r.Quotes[i], qt)
			}
		}
	}
	return nil
}

// Preview is the report as it would be published now: the figures
// counted now, each theme's quotes chosen now.
func (s *ReportStore) Preview(ctx context.Context, cid int64) (Report, error) {
	c, err := consult.ConsultationByID(ctx, s.db, s.p.ID, cid)
	if err != nil {
		return Report{}, err
	}
	r := Report{Consultation: c}
	if r.Figures, err = s.figures(ctx, cid); err != nil {
		return Report{}, err
	}
	if last, err := s.Published(ctx, cid); err == nil {
		r.NextSteps = last.NextSteps
	} else if !errors.Is(err, valid.ErrNotFound) {
		return Report{}, err
	}
	return r, s.withQuotes(ctx, s.db, &r)
}

// storedFigures is ReportFigures as stored: the themes with their quotes'
// references, which the public JSON of the figures leaves out.
type storedFigures struct {
	ReportFigures
	QuoteRefs [][]QuoteRef `json:"quote_refs"`
}

// Publish publishes consultation cid's analysis report as it stands now,
// with nextSteps ("What happens next"), as a new version: the first, or a
// correction of the last, which stays as it was published. The
// consultation becomes "reported" at the report's public address
// (consult.ReportPublished). Problems are valid.Errors for "stage" or
// "next-steps".
func (s *ReportStore) Publish(ctx context.Context, cid int64, nextSteps string, by audit.Actor) (Report, error) {
	nextSteps = strings.TrimSpace(nextSteps)
	now := s.now()
	// The figures are counted first, then stored with the check that the
	// report may be published, in one transaction.
	f, err := s.figures(ctx, cid)
	if err != nil {
		return Report{}, err
	}
	var out Report
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := consult.ConsultationByID(ctx, tx, s.p.ID, cid)
		if err != nil {
			return err
		}
		var errs valid.Errors
		if err := consult.CanPublishReport(c, now); err != nil {
			e, _ := valid.As(err)
			errs = append(errs, e...)
		}
		switch {
		case nextSteps == "":
			errs.Add("next-steps", "Enter what happens next: what the partnership will do with what people said, and when")
		case len([]rune(nextSteps)) > MaxNextSteps:
			errs.Add("next-steps", fmt.Sprintf("What happens next must be %d characters or fewer", MaxNextSteps))
		}
		if len(errs) > 0 {
			return errs
		}
		stored := storedFigures{ReportFigures: f}
		for _, t := range f.Themes {
			stored.QuoteRefs = append(stored.QuoteRefs, t.QuoteRefs)
		}
		body, err := json.Marshal(stored)
		if err != nil {
			return err
		}
		var version int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM analysis_reports WHERE consultation_id = $1 AND partnership_id = $2`,
			cid, s.p.ID).Scan(&version); err != nil {
			return fmt.Errorf("number the report: %w", err)
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO analysis_reports (partnership_id, consultation_id, version, next_steps, figures, published_by, published_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, s.p.ID, cid, version, nextSteps, string(body), by.Name, now).Scan(&id); err != nil {
			return fmt.Errorf("store the report: %w", err)
		}
		if err := consult.ReportPublished(ctx, tx, s.p.ID, cid, ReportAddress(s.p.Slug, cid), now); err != nil {
			return err
		}
		summary := fmt.Sprintf("Published the analysis report of the consultation %q", c.Title)
		if version > 1 {
			summary = fmt.Sprintf("Published version %d of the analysis report of the consultation %q, correcting version %d", version, c.Title, version-1)
		}
		out = Report{Consultation: c, Version: version, PublishedAt: now, PublishedBy: by.Name, NextSteps: nextSteps, Figures: f}
		return audit.Record(ctx, tx, audit.Entry{At: now, PartnershipID: s.p.ID, Actor: by, Action: "publish", Entity: "analysis report",
			EntityID: id, Summary: summary}, nil, map[string]any{"consultation_id": cid, "version": version, "responses": f.Responses})
	})
	if err != nil {
		return Report{}, err
	}
	return out, s.withQuotes(ctx, s.db, &out)
}

// Published is the latest published version of consultation cid's report,
// with its quotes as they may be published now; valid.ErrNotFound before
// the first, or for a consultation that is not published.
func (s *ReportStore) Published(ctx context.Context, cid int64) (Report, error) {
	return s.version(ctx, cid, 0)
}

// Version is published version n of consultation cid's report, as
// Published.
func (s *ReportStore) Version(ctx context.Context, cid int64, n int) (Report, error) {
	if n <= 0 {
		return Report{}, valid.ErrNotFound
	}
	return s.version(ctx, cid, n)
}

func (s *ReportStore) version(ctx context.Context, cid int64, n int) (Report, error) {
	c, err := consult.ConsultationByID(ctx, s.db, s.p.ID, cid)
	if err != nil {
		return Report{}, err
	}
	if c.PublishedAt.IsZero() {
		return Report{}, valid.ErrNotFound
	}
	query := `SELECT version, next_steps, figures, published_by, published_at FROM analysis_reports
		WHERE consultation_id = $1 AND partnership_id = $2`
	args := []any{cid, s.p.ID}
	if n > 0 {
		query += " AND version = $3"
		args = append(args, n)
	}
	var body string
	r := Report{Consultation: c}
	err = s.db.QueryRowContext(ctx, query+" ORDER BY version DESC LIMIT 1", args...).Scan(&r.Version, &r.NextSteps, &body, &r.PublishedBy, &r.PublishedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Report{}, valid.ErrNotFound
	}
	if err != nil {
		return Report{}, fmt.Errorf("read the report: %w", err)
	}
	var stored storedFigures
	if err := json.Unmarshal([]byte(body), &stored); err != nil {
		return Report{}, fmt.Errorf("read the report's figures: %w", err)
	}
	r.Figures = stored.ReportFigures
	for i := range r.Figures.Themes {
		if i < len(stored.QuoteRefs) {
			r.Figures.Themes[i].QuoteRefs = stored.QuoteRefs[i]
		}
	}
	return r, s.withQuotes(ctx, s.db, &r)
}

// Versions lists the published versions of consultation cid's report,
// the first first.
func (s *ReportStore) Versions(ctx context.Context, cid int64) ([]ReportVersion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT version, published_at FROM analysis_reports WHERE consultation_id = $1 AND partnership_id = $2
		ORDER BY version`, cid, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list the report's versions: %w", err)
	}
	defer rows.Close()
	var out []ReportVersion
	for rows.Next() {
		var v ReportVersion
		if err := rows.Scan(&v.Version, &v.PublishedAt); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
