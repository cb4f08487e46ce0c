package plan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/valid"
)

// Decision is a significant decision outside the strategic plan (s.36):
// before it is taken the integration authority must seek and have regard
// to the Strategic Planning Group's views and involve and consult the
// people who use, or may use, the service.
type Decision struct {
	ID                int64
	PartnershipID     int64
	Title             string
	Service           string
	Description       string
	SPGViews          string
	SPGViewsOn        string // YYYY-MM-DD
	ConsultationID    int64
	ConsultationTitle string
	// ConsultationOpensAt and ConsultationClosesAt are the linked
	// consultation's dates; ConsultationPublished is false while it is a
	// draft.
	ConsultationOpensAt   time.Time
	ConsultationClosesAt  time.Time
	ConsultationPublished bool
	// Involvement is how the people who use, or may use, the service were
	// otherwise involved and consulted: the "appropriate action" of s.36,
	// shown publicly.
	Involvement Involvement
	TakenOn     string // YYYY-MM-DD, "" until taken
	CreatedAt   time.Time
}

// Involvement is the appropriate action taken to involve and consult the
// people who use, or may use, a service (s.36) other than a consultation
// in coplan: what was done, when, and with whom.
type Involvement struct {
	What string // for example "Two listening events at the day centre"
	On   string // YYYY-MM-DD: when it was done (the last day, if over several)
	With string // for example "People who use the day centre and their carers"
}

// Recorded reports whether anything of the involvement is recorded.
func (v Involvement) Recorded() bool { return v.What != "" || v.On != "" || v.With != "" }

// OnText is the date of the involvement for people: "3 March 2026".
func (v Involvement) OnText() string { return civil.Date(v.On).String() }

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
	if v := d.Involvement; v.Recorded() {
		if strings.TrimSpace(v.What) == "" {
			errs.Add("involved_what", "Say what was done to involve and consult the people who use the service.")
		}
		if !isDate(v.On) {
			errs.Add("involved_on", "Enter the date it was done, like 2026-03-31.")
		}
		if strings.TrimSpace(v.With) == "" {
			errs.Add("involved_with", "Say who was involved: which people who use, or may use, the service.")
		}
	}
	return errs
}

// CanTakeDecision says whether a decision may be recorded as taken on date
// on (s.36): before that date the Strategic Planning Group gave its views
// (recorded with their date), and the people who use, or may use, the
// service were involved and consulted, by a linked consultation that had
// closed, or by an other appropriate action recorded with what was done,
// when and with whom. A linked consultation still open on the decision's
// date cannot count, even beside another action: the decision would come
// before the answers. The errors name what is missing or out of order.
func CanTakeDecision(d Decision, on string) valid.Errors {
	var errs valid.Errors
	if d.TakenOn != "" {
		errs.Add("taken_on", "The decision has already been recorded as taken.")
		return errs
	}
	if !isDate(on) {
		errs.Add("taken_on", "Enter the date the decision was taken, like 2026-03-31.")
		return errs
	}
	day := civil.Date(on)
	switch {
	case strings.TrimSpace(d.SPGViews) == "" || d.SPGViewsOn == "":
		errs.Add("spg_views", "The decision cannot be taken until the Strategic Planning Group's views are recorded (s.36).")
	case d.SPGViewsOn >= on:
		errs.Add("spg_views", "The Strategic Planning Group must give its views before the decision is taken: they are dated "+
			civil.Date(d.SPGViewsOn).String()+", the decision "+day.String()+" (s.36).")
	}
	v := d.Involvement
	involved := strings.TrimSpace(v.What) != "" && strings.TrimSpace(v.With) != "" && isDate(v.On)
	switch {
	case d.ConsultationID != 0 && !d.ConsultationPublished:
		errs.Add("consultation", "The consultation linked has not been published, so nobody has been consulted yet (s.36).")
	case d.ConsultationID != 0 && d.ConsultationClosesAt.After(day.Time()):
		errs.Add("consultation", "The consultation linked closes "+civil.Day(d.ConsultationClosesAt).String()+
			": the decision can only be taken after it has closed (s.36).")
	case d.ConsultationID == 0 && !involved:
		errs.Add("consultation", "Link the consultation of the people who use the service, or record how they were otherwise involved and consulted: what was done, when and with whom (s.36).")
	}
	if involved && v.On >= on {
		errs.Add("involved_on", "The people who use the service must be involved before the decision is taken: what was done is dated "+
			civil.Date(v.On).String()+", the decision "+day.String()+" (s.36).")
	}
	return errs
}

const selectDecision = `SELECT d.id, d.partnership_id, d.title, d.service, d.description, d.spg_views, d.spg_views_on,
	COALESCE(d.consultation_id, 0), COALESCE(c.title, ''), c.opens_at, c.closes_at, c.published_at,
	d.involved_what, d.involved_on, d.involved_with, d.taken_on, d.created_at
	FROM significant_decisions d LEFT JOIN consultations c ON c.id = d.consultation_id`

func scanDecision(r interface{ Scan(...any) error }) (Decision, error) {
	var d Decision
	var opens, closes, published sql.NullTime
	err := r.Scan(&d.ID, &d.PartnershipID, &d.Title, &d.Service, &d.Description, &d.SPGViews, &d.SPGViewsOn,
		&d.ConsultationID, &d.ConsultationTitle, &opens, &closes, &published,
		&d.Involvement.What, &d.Involvement.On, &d.Involvement.With, &d.TakenOn, &d.CreatedAt)
	d.ConsultationOpensAt, d.ConsultationClosesAt, d.ConsultationPublished = opens.Time, closes.Time, published.Valid
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
// details, SPG views, consultation or other involvement of the people who
// use the service. A taken decision is not
// changed. A consultation must be one of the partnership's.
func (s *Store) SaveDecision(ctx context.Context, x Decision, by audit.Actor) (Decision, error) {
	x.PartnershipID = s.p.ID
	x.Title, x.Service, x.Description = strings.TrimSpace(x.Title), strings.TrimSpace(x.Service), strings.TrimSpace(x.Description)
	x.SPGViews, x.SPGViewsOn = strings.TrimSpace(x.SPGViews), strings.TrimSpace(x.SPGViewsOn)
	x.Involvement = Involvement{What: strings.TrimSpace(x.Involvement.What), On: strings.TrimSpace(x.Involvement.On), With: strings.TrimSpace(x.Involvement.With)}
	var errs valid.Errors
	if x.ConsultationID != 0 {
		c, err := consult.ConsultationByID(ctx, s.db, s.p.ID, x.ConsultationID)
		switch {
		case errors.Is(err, valid.ErrNotFound):
			errs.Add("consultation", "Choose one of the partnership's consultations.")
		case err != nil:
			return x, err
		default:
			x.ConsultationTitle, x.ConsultationOpensAt, x.ConsultationClosesAt = c.Title, c.OpensAt, c.ClosesAt
			x.ConsultationPublished = !c.PublishedAt.IsZero()
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
				spg_views_on, consultation_id, involved_what, involved_on, involved_with, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
				x.PartnershipID, x.Title, x.Service, x.Description, x.SPGViews, x.SPGViewsOn, cid,
				x.Involvement.What, x.Involvement.On, x.Involvement.With, now).Scan(&x.ID); err != nil {
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
			spg_views_on = $5, consultation_id = $6, involved_what = $7, involved_on = $8, involved_with = $9
			WHERE id = $10 AND partnership_id = $11`,
			x.Title, x.Service, x.Description, x.SPGViews, x.SPGViewsOn, cid, x.Involvement.What, x.Involvement.On, x.Involvement.With,
			x.ID, x.PartnershipID); err != nil {
			return fmt.Errorf("update decision: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: x.PartnershipID, Actor: by, At: now, Action: "update",
			Entity: "significant decision", EntityID: x.ID, Summary: "Changed the record of a significant decision: " + x.Title}, before, x)
	})
	return x, err
}

// TakeDecision marks a decision taken on date on, if CanTakeDecision
// allows and the date has come, by the store's clock; otherwise it returns
// the missing requirements and changes nothing.
func (s *Store) TakeDecision(ctx context.Context, id int64, on string, by audit.Actor) error {
	pid := s.p.ID
	on = strings.TrimSpace(on)
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		x, err := s.decisionByID(ctx, tx, id)
		if err != nil {
			return err
		}
		errs := CanTakeDecision(x, on)
		if today := civil.Day(s.now()); isDate(on) && on > string(today) {
			errs.Add("taken_on", "A decision is recorded once it has been taken: "+civil.Date(on).String()+" is still to come.")
		}
		if len(errs) > 0 {
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
