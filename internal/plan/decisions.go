package plan

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/valid"
)

// Decision is a significant decision outside the strategic plan (s.36):
// before it is taken the integration authority must seek and have regard
// to the Strategic Planning Group's views and involve and consult the
// people who use, or may use, the service.
type Decision struct {
	ID                   int64
	PartnershipID        int64
	Title                string
	Service              string
	Description          string
	SPGViews             string
	SPGViewsOn           string // YYYY-MM-DD
	ConsultationID       int64
	ConsultationTitle    string
	NoConsultationReason string // shown publicly
	TakenOn              string // YYYY-MM-DD, "" until taken
	CreatedAt            time.Time
}

// ValidateDecision checks a decision's details.
func ValidateDecision(d Decision) valid.Errors {
	var errs valid.Errors
	if strings.TrimSpace(d.Title) == "" {
		errs.Add("title", "Enter the decision, in a few words.")
	}
	if d.SPGViewsOn != "" && !isDate(d.SPGViewsOn) {
		errs.Add("spg_views_on", "Enter the date the Strategic Planning Group gave its views, like 2026-03-31.")
	}
	if (strings.TrimSpace(d.SPGViews) == "") != (d.SPGViewsOn == "") {
		errs.Add("spg_views", "Enter both the Strategic Planning Group's views and the date it gave them.")
	}
	return errs
}

// CanTakeDecision says whether a decision may be marked taken on date on:
// the SPG's views are recorded (text and date), and a consultation of
// people who use the service is linked or a reason is given for not
// consulting (s.36). The errors name what is missing.
func CanTakeDecision(d Decision, on string) valid.Errors {
	var errs valid.Errors
	if !isDate(on) {
		errs.Add("taken_on", "Enter the date the decision was taken, like 2026-03-31.")
	}
	if strings.TrimSpace(d.SPGViews) == "" || d.SPGViewsOn == "" {
		errs.Add("spg_views", "The decision cannot be taken until the Strategic Planning Group's views are recorded (s.36).")
	}
	if d.ConsultationID == 0 && strings.TrimSpace(d.NoConsultationReason) == "" {
		errs.Add("consultation", "Link the consultation of people who use the service, or give the reason there was none (s.36).")
	}
	if d.TakenOn != "" {
		errs.Add("taken_on", "The decision has already been recorded as taken.")
	}
	return errs
}

const selectDecision = `SELECT d.id, d.partnership_id, d.title, d.service, d.description, d.spg_views, d.spg_views_on,
	COALESCE(d.consultation_id, 0), COALESCE(c.title, ''), d.no_consultation_reason, d.taken_on, d.created_at
	FROM significant_decisions d LEFT JOIN consultations c ON c.id = d.consultation_id`

func scanDecision(r interface{ Scan(...any) error }) (Decision, error) {
	var d Decision
	err := r.Scan(&d.ID, &d.PartnershipID, &d.Title, &d.Service, &d.Description, &d.SPGViews, &d.SPGViewsOn,
		&d.ConsultationID, &d.ConsultationTitle, &d.NoConsultationReason, &d.TakenOn, &d.CreatedAt)
	return d, noRow(err)
}

// Decisions lists a partnership's register of significant decisions,
// newest first.
func (s *Store) Decisions(ctx context.Context) ([]Decision, error) {
	rows, err := s.db.QueryContext(ctx, selectDecision+" WHERE d.partnership_id = $1 ORDER BY d.id DESC", s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list decisions: %w", err)
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		d, err := scanDecision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DecisionByID returns one of the partnership's decisions, or
// valid.ErrNotFound.
func (s *Store) DecisionByID(ctx context.Context, id int64) (Decision, error) {
	return s.decisionByID(ctx, s.db, id)
}

func (s *Store) decisionByID(ctx context.Context, q db.Querier, id int64) (Decision, error) {
	return scanDecision(q.QueryRowContext(ctx, selectDecision+" WHERE d.partnership_id = $1 AND d.id = $2", s.p.ID, id))
}

// SaveDecision adds a decision to the register (ID 0) or changes its
// details, SPG views, consultation or reason. A taken decision is not
// changed. A consultation must be one of the partnership's.
func (s *Store) SaveDecision(ctx context.Context, x Decision, by audit.Actor) (Decision, error) {
	x.PartnershipID = s.p.ID
	x.Title, x.Service, x.Description = strings.TrimSpace(x.Title), strings.TrimSpace(x.Service), strings.TrimSpace(x.Description)
	x.SPGViews, x.SPGViewsOn, x.NoConsultationReason = strings.TrimSpace(x.SPGViews), strings.TrimSpace(x.SPGViewsOn), strings.TrimSpace(x.NoConsultationReason)
	var errs valid.Errors
	if x.ConsultationID != 0 {
		c, err := consult.ConsultationByID(ctx, s.db, s.p.ID, x.ConsultationID)
		switch {
		case errors.Is(err, valid.ErrNotFound):
			errs.Add("consultation", "Choose one of the partnership's consultations.")
		case err != nil:
			return x, err
		default:
			x.ConsultationTitle = c.Title
		}
	}
	if len(errs) == 0 {
		errs = ValidateDecision(x)
	}
	if len(errs) > 0 {
		return x, errs
	}
	var cid any
	if x.ConsultationID != 0 {
		cid = x.ConsultationID
	}
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if x.ID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO significant_decisions (partnership_id, title, service, description, spg_views,
				spg_views_on, consultation_id, no_consultation_reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
				x.PartnershipID, x.Title, x.Service, x.Description, x.SPGViews, x.SPGViewsOn, cid, x.NoConsultationReason, now).Scan(&x.ID); err != nil {
				return fmt.Errorf("add decision: %w", err)
			}
			x.CreatedAt = now
			return audit.Record(ctx, tx, audit.Entry{PartnershipID: x.PartnershipID, Actor: by, At: now, Action: "create",
				Entity: "significant decision", EntityID: x.ID, Summary: "Added a significant decision to the s.36 register: " + x.Title}, nil, x)
		}
		before, err := s.decisionByID(ctx, tx, x.ID)
		if err != nil {
			return err
		}
		if before.TakenOn != "" {
			return valid.Errors{{Field: "title", Message: "The decision has been taken: its record can no longer be changed."}}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE significant_decisions SET title = $1, service = $2, description = $3, spg_views = $4,
			spg_views_on = $5, consultation_id = $6, no_consultation_reason = $7 WHERE id = $8 AND partnership_id = $9`,
			x.Title, x.Service, x.Description, x.SPGViews, x.SPGViewsOn, cid, x.NoConsultationReason, x.ID, x.PartnershipID); err != nil {
			return fmt.Errorf("update decision: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: x.PartnershipID, Actor: by, At: now, Action: "update",
			Entity: "significant decision", EntityID: x.ID, Summary: "Changed the record of a significant decision: " + x.Title}, before, x)
	})
	return x, err
}

// TakeDecision marks a decision taken on date on, if CanTakeDecision
// allows; otherwise it returns the missing requirements and changes
// nothing.
func (s *Store) TakeDecision(ctx context.Context, id int64, on string, by audit.Actor) error {
	pid := s.p.ID
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		x, err := s.decisionByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if errs := CanTakeDecision(x, strings.TrimSpace(on)); len(errs) > 0 {
			return errs
		}
		if _, err := tx.ExecContext(ctx, `UPDATE significant_decisions SET taken_on = $1 WHERE id = $2 AND partnership_id = $3`, strings.TrimSpace(on), id, pid); err != nil {
			return fmt.Errorf("take decision: %w", err)
		}
		after := x
		after.TakenOn = strings.TrimSpace(on)
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: pid, Actor: by, Action: "update", Entity: "significant decision",
			EntityID: id, Summary: "Recorded the significant decision as taken: " + x.Title}, x, after)
	})
}
