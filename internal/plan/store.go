package plan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/finance"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// Store reads and writes one partnership's plans and every record of
// them (versions, sections, arrangements, links, views, documents,
// recipients, reviews, directions, appraisals and decisions), stamping
// times with its clock. Every query is limited to the partnership: a
// record of another partnership, looked up by its id, is
// valid.ErrNotFound. Each change is one method in one transaction, with
// its audit entry.
type Store struct {
	db  *db.DB
	p   partnership.Partnership
	now civil.Clock
}

// StoreFor is the store of partnership p's plans on the clock now (nil for
// the system clock).
func StoreFor(d *db.DB, p partnership.Partnership, now civil.Clock) *Store {
	if now == nil {
		now = civil.SystemClock
	}
	return &Store{db: d, p: p, now: now}
}

// Partnership is the partnership the store is bound to.
func (s *Store) Partnership() partnership.Partnership { return s.p }

// Clock is the clock the store stamps times with, for another room's
// store that must work on the same one.
func (s *Store) Clock() civil.Clock { return s.now }

// noRow turns "no row" into valid.ErrNotFound.
func noRow(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return valid.ErrNotFound
	}
	return err
}

// ownPlan limits a child table's plan_id to the store's partnership's
// plans; its one parameter is the partnership's id.
const ownPlan = ` plan_id IN (SELECT id FROM plans WHERE partnership_id = %s) `

// ownVersion limits a child table's version_id likewise.
const ownVersion = ` version_id IN (SELECT v.id FROM plan_versions v JOIN plans p ON p.id = v.plan_id WHERE p.partnership_id = %s) `

const selectPlan = `SELECT id, partnership_id, title, period_start, period_end, effective_on, stage, housing_statement,
	COALESCE(replaces_plan_id, 0), published_at, last_review_on, created_at, updated_at FROM plans`

func scanPlan(r interface{ Scan(...any) error }) (Plan, error) {
	var p Plan
	var pub sql.NullTime
	err := r.Scan(&p.ID, &p.PartnershipID, &p.Title, &p.PeriodStart, &p.PeriodEnd, &p.EffectiveOn, &p.Stage, &p.HousingStatement,
		&p.ReplacesPlanID, &pub, &p.LastReviewOn, &p.CreatedAt, &p.UpdatedAt)
	if pub.Valid {
		p.PublishedAt = pub.Time
	}
	return p, noRow(err)
}

func (s *Store) stageDates(ctx context.Context, q db.Querier, p *Plan) error {
	rows, err := q.QueryContext(ctx, `SELECT to_stage, on_date FROM plan_stage_events WHERE plan_id = $1 ORDER BY on_date, id`, p.ID)
	if err != nil {
		return fmt.Errorf("plan stage dates: %w", err)
	}
	defer rows.Close()
	p.StageDates = nil
	for rows.Next() {
		var sd StageDate
		if err := rows.Scan(&sd.Stage, &sd.On); err != nil {
			return err
		}
		p.StageDates = append(p.StageDates, sd)
	}
	return rows.Err()
}

// Plans lists the partnership's plans, newest period first.
func (s *Store) Plans(ctx context.Context) ([]Plan, error) {
	rows, err := s.db.QueryContext(ctx, selectPlan+" WHERE partnership_id = $1 ORDER BY period_start DESC, id DESC", s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list plans: %w", err)
	}
	var ps []Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range ps {
		if err := s.stageDates(ctx, s.db, &ps[i]); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

// Plan returns one of the partnership's plans, or valid.ErrNotFound (also
// for another partnership's plan).
func (s *Store) Plan(ctx context.Context, id int64) (Plan, error) { return s.plan(ctx, s.db, id) }

func (s *Store) plan(ctx context.Context, q db.Querier, id int64) (Plan, error) {
	p, err := scanPlan(q.QueryRowContext(ctx, selectPlan+" WHERE partnership_id = $1 AND id = $2", s.p.ID, id))
	if err != nil {
		return p, err
	}
	return p, s.stageDates(ctx, q, &p)
}

// PublicPlan returns one of the partnership's plans that the public may
// see (Plan.Public), or valid.ErrNotFound.
func (s *Store) PublicPlan(ctx context.Context, id int64) (Plan, error) {
	p, err := s.Plan(ctx, id)
	if err == nil && !p.Public() {
		return p, valid.ErrNotFound
	}
	return p, err
}

// ReplacementOf returns the plan started to replace plan id, if any.
func (s *Store) ReplacementOf(ctx context.Context, id int64) (Plan, bool, error) {
	return s.replacementOf(ctx, s.db, id)
}

func (s *Store) replacementOf(ctx context.Context, q db.Querier, id int64) (Plan, bool, error) {
	p, err := scanPlan(q.QueryRowContext(ctx, selectPlan+" WHERE partnership_id = $1 AND replaces_plan_id = $2 ORDER BY id DESC LIMIT 1", s.p.ID, id))
	if errors.Is(err, valid.ErrNotFound) {
		return p, false, nil
	}
	return p, err == nil, err
}

// SavePlan validates and creates (ID 0) or updates a plan's title, period
// and effective date, with an audit entry. A new plan starts at the
// communication and engagement plan; its stage only changes through Advance.
func (s *Store) SavePlan(ctx context.Context, pl Plan, by audit.Actor) (Plan, error) {
	pl = tidy(pl)
	pl.PartnershipID = s.p.ID
	if err := ValidatePlan(pl); err != nil {
		return pl, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		if pl.ID == 0 {
			return s.insertPlan(ctx, tx, &pl, by, "Started the strategic plan "+pl.Title)
		}
		old, err := s.plan(ctx, tx, pl.ID)
		if err != nil {
			return err
		}
		next := old
		next.Title, next.PeriodStart, next.PeriodEnd, next.EffectiveOn, next.UpdatedAt = pl.Title, pl.PeriodStart, pl.PeriodEnd, pl.EffectiveOn, now
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET title = $1, period_start = $2, period_end = $3, effective_on = $4, updated_at = $5
			WHERE id = $6 AND partnership_id = $7`, next.Title, next.PeriodStart, next.PeriodEnd, next.EffectiveOn, now, pl.ID, s.p.ID); err != nil {
			return fmt.Errorf("update plan: %w", err)
		}
		pl = next
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "update", Entity: "strategic plan",
			EntityID: pl.ID, Summary: "Changed the details of the strategic plan " + pl.Title}, old, next)
	})
	return pl, err
}

func (s *Store) insertPlan(ctx context.Context, tx *db.Tx, pl *Plan, by audit.Actor, summary string) error {
	now := s.now()
	pl.Stage, pl.CreatedAt, pl.UpdatedAt = Engagement, now, now
	var replaces any
	if pl.ReplacesPlanID != 0 {
		replaces = pl.ReplacesPlanID
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO plans (partnership_id, title, period_start, period_end, effective_on, stage,
		replaces_plan_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		s.p.ID, pl.Title, pl.PeriodStart, pl.PeriodEnd, pl.EffectiveOn, string(pl.Stage), replaces, now, now).Scan(&pl.ID); err != nil {
		return fmt.Errorf("create plan: %w", err)
	}
	return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "create", Entity: "strategic plan",
		EntityID: pl.ID, Summary: summary}, nil, *pl)
}

// EngagementOf returns the plan's communication and engagement plan and
// whether one is recorded.
func (s *Store) EngagementOf(ctx context.Context, planID int64) (EngagementPlan, bool, error) {
	return s.engagementOf(ctx, s.db, planID)
}

func (s *Store) engagementOf(ctx context.Context, q db.Querier, planID int64) (EngagementPlan, bool, error) {
	var e EngagementPlan
	err := q.QueryRowContext(ctx, `SELECT who, how, timing, support, updated_at FROM engagement_plans WHERE plan_id = $1 AND`+
		fmt.Sprintf(ownPlan, "$2"), planID, s.p.ID).Scan(&e.Who, &e.How, &e.Timing, &e.Support, &e.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	return e, err == nil, err
}

// SaveEngagement records or changes the communication and engagement plan,
// with an audit entry. Every part is required.
func (s *Store) SaveEngagement(ctx context.Context, planID int64, e EngagementPlan, by audit.Actor) error {
	e = tidyEngagement(e)
	if err := ValidateEngagement(e); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		pl, err := s.plan(ctx, tx, planID)
		if err != nil {
			return err
		}
		old, had, err := s.engagementOf(ctx, tx, pl.ID)
		if err != nil {
			return err
		}
		e.UpdatedAt = s.now()
		var before any
		if had {
			before = old
			_, err = tx.ExecContext(ctx, `UPDATE engagement_plans SET who = $1, how = $2, timing = $3, support = $4, updated_at = $5 WHERE plan_id = $6`,
				e.Who, e.How, e.Timing, e.Support, e.UpdatedAt, pl.ID)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO engagement_plans (plan_id, who, how, timing, support, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				pl.ID, e.Who, e.How, e.Timing, e.Support, e.UpdatedAt)
		}
		if err != nil {
			return fmt.Errorf("save engagement plan: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: map[bool]string{true: "update", false: "create"}[had],
			Entity: "engagement plan", EntityID: pl.ID, Summary: "Recorded the communication and engagement plan for " + pl.Title}, before, e)
	})
}

// Addressees lists who each stage's text was sent to, in the order sent.
func (s *Store) Addressees(ctx context.Context, planID int64) ([]Addressee, error) {
	return s.addressees(ctx, s.db, planID)
}

func (s *Store) addressees(ctx context.Context, q db.Querier, planID int64) ([]Addressee, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, plan_id, stage, kind, name, group_code, sent_on FROM plan_recipients
		WHERE plan_id = $1 AND`+fmt.Sprintf(ownPlan, "$2")+`ORDER BY sent_on, id`, planID, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list recipients: %w", err)
	}
	defer rows.Close()
	var rs []Addressee
	for rows.Next() {
		var r Addressee
		if err := rows.Scan(&r.ID, &r.PlanID, &r.Stage, &r.Kind, &r.Name, &r.GroupCode, &r.SentOn); err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return rs, rows.Err()
}

// AddAddressee records that a stage's text of plan planID was sent to
// someone, with an audit entry.
func (s *Store) AddAddressee(ctx context.Context, planID int64, r Addressee, by audit.Actor) (Addressee, error) {
	r.Name, r.SentOn, r.PlanID = strings.TrimSpace(r.Name), strings.TrimSpace(r.SentOn), planID
	if r.Kind != ToGroup {
		r.GroupCode = ""
	}
	if err := ValidateAddressee(s.p, r); err != nil {
		return r, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		pl, err := s.plan(ctx, tx, planID)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO plan_recipients (plan_id, stage, kind, name, group_code, sent_on)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, pl.ID, string(r.Stage), string(r.Kind), r.Name, r.GroupCode, r.SentOn).Scan(&r.ID); err != nil {
			return fmt.Errorf("add recipient: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "create", Entity: "plan recipient", EntityID: r.ID,
			Summary: fmt.Sprintf("Recorded that the %s of %s was sent to %s on %s", strings.ToLower(r.Stage.Name()), pl.Title, r.Name, civil.Date(r.SentOn))}, nil, r)
	})
	return r, err
}

// evidenceOf gathers what the plan's records show for CanAdvance, by the
// store's clock:
//   - the text of each stage exists when a version of the plan is stored at
//     that stage (plan_versions.stage);
//   - the text was sent to the SPG, health board, councils and prescribed
//     groups when plan_recipients has a row for it (a group counts only
//     with a named addressee);
//   - the SPG's views are recorded when a view from the SPG (plan_views
//     source 'spg') is stored at the proposals or first-draft stage (or the
//     stage of seeking its views that follows);
//   - the consultation on the second draft has closed when at least one
//     published consultation is linked to the plan (plan_consultations) at
//     stage 'consultation' and every such consultation's closing time has
//     passed;
//   - every submitted response to such a consultation, from any channel and
//     whatever its publishing preference, has been brought in as views;
//   - every view on the proposals, the first draft and the second draft
//     (stages 'second-draft' and 'consultation') has a response;
//   - the consultation statement is generated from the stored
//     consultations (BuildStatement), so it counts as produced once a
//     consultation linked at the consultation stage has closed
//     (StatementReady);
//   - the annual financial statement (s.39) is the one the finance room
//     generates from the budgets and directions and publishes
//     (finance.LatestIn) for the financial year the plan takes effect in:
//     the year of its period's start, or of today when that has passed
//     (coplan's rule). An uploaded document of kind FinancialStatement no
//     longer counts (issue 14, item 3).
//
// pl must be a plan of the store's partnership (read through the store).
func (s *Store) evidenceOf(ctx context.Context, q db.Querier, pl Plan) (Evidence, error) {
	now := s.now()
	var ev Evidence
	stages := map[Stage]bool{}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT stage FROM plan_versions WHERE plan_id = $1`, pl.ID)
	if err != nil {
		return ev, fmt.Errorf("plan evidence: %w", err)
	}
	for rows.Next() {
		var st Stage
		if err := rows.Scan(&st); err != nil {
			rows.Close()
			return ev, err
		}
		stages[st] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ev, err
	}
	ev.ProposalsText, ev.FirstDraftText, ev.SecondDraftText = stages[Proposals], stages[FirstDraft], stages[SecondDraft]

	_, ev.EngagementPlan, err = s.engagementOf(ctx, q, pl.ID)
	if err != nil {
		return ev, err
	}
	rs, err := s.addressees(ctx, q, pl.ID)
	if err != nil {
		return ev, err
	}
	for _, r := range rs {
		switch {
		case r.Kind == ToSPG && r.Stage == Proposals:
			ev.ProposalsSentToSPG = true
		case r.Kind == ToSPG && r.Stage == FirstDraft:
			ev.FirstDraftSentToSPG = true
		case r.Stage != SecondDraft:
		case r.Kind == ToHealthBoard:
			ev.SentToHealthBoard = true
		case r.Kind == ToLocalAuthority:
			ev.SentToLocalAuthorities = append(ev.SentToLocalAuthorities, r.Name)
		case r.Kind == ToGroup && r.Name != "":
			ev.SentToGroups = append(ev.SentToGroups, r.GroupCode)
		}
	}

	count := func(query string, args ...any) (int, error) {
		var n int
		err := q.QueryRowContext(ctx, query, args...).Scan(&n)
		return n, err
	}
	n, err := count(`SELECT COUNT(*) FROM plan_views WHERE plan_id = $1 AND source = 'spg' AND stage IN ('proposals', 'proposals-views')`, pl.ID)
	if err != nil {
		return ev, err
	}
	ev.ProposalsViewsRecorded = n > 0
	if n, err = count(`SELECT COUNT(*) FROM plan_views WHERE plan_id = $1 AND source = 'spg' AND stage IN ('first-draft', 'first-draft-views')`, pl.ID); err != nil {
		return ev, err
	}
	ev.FirstDraftViewsRecorded = n > 0
	if n, err = count(`SELECT COUNT(*) FROM plan_views WHERE plan_id = $1 AND outcome = '' AND stage IN ('proposals', 'proposals-views')`, pl.ID); err != nil {
		return ev, err
	}
	ev.ProposalsViewsAnswered = n == 0
	if n, err = count(`SELECT COUNT(*) FROM plan_views WHERE plan_id = $1 AND outcome = '' AND stage IN ('first-draft', 'first-draft-views')`, pl.ID); err != nil {
		return ev, err
	}
	ev.FirstDraftViewsAnswered = n == 0

	closed, err := count(`SELECT COUNT(*) FROM plan_consultations l JOIN consultations c ON c.id = l.consultation_id
		WHERE l.plan_id = $1 AND l.stage = 'consultation' AND c.published_at IS NOT NULL AND c.closes_at <= $2`, pl.ID, now)
	if err != nil {
		return ev, err
	}
	open, err := count(`SELECT COUNT(*) FROM plan_consultations l JOIN consultations c ON c.id = l.consultation_id
		WHERE l.plan_id = $1 AND l.stage = 'consultation' AND c.closes_at > $2`, pl.ID, now)
	if err != nil {
		return ev, err
	}
	ev.ConsultationClosed = closed > 0 && open == 0
	if ev.SecondDraftResponsesWaiting, err = count(`SELECT COUNT(*) FROM responses r
		JOIN plan_consultations l ON l.consultation_id = r.consultation_id AND l.plan_id = $1 AND l.stage = 'consultation'
		WHERE r.status = 'submitted' AND NOT EXISTS (SELECT 1 FROM plan_views v WHERE v.plan_id = $1 AND v.response_id = r.id)`, pl.ID); err != nil {
		return ev, err
	}
	unanswered, err := count(`SELECT COUNT(*) FROM plan_views WHERE plan_id = $1 AND stage IN ('second-draft', 'consultation') AND outcome = ''`, pl.ID)
	if err != nil {
		return ev, err
	}
	ev.SecondDraftViewsAnswered = unanswered == 0
	linked, err := s.linked(ctx, q, pl.ID, false)
	if err != nil {
		return ev, err
	}
	ev.ConsultationStatement = StatementReady(linked, now)
	year := StatementYear(pl, civil.Day(now))
	ev.FinancialYear = year.String()
	_, ev.FinancialStatement, err = finance.LatestIn(ctx, q, s.p.ID, year)
	return ev, err
}

// PublishedWithStatement is the financial year whose annual financial
// statement (s.39) published plan pl was published with, and whether that
// year's statement is published: a plan published before coplan required
// one may have none. Zero for a plan not yet published.
func (s *Store) PublishedWithStatement(ctx context.Context, pl Plan) (finance.Year, bool, error) {
	if pl.PublishedAt.IsZero() {
		return 0, false, nil
	}
	y := StatementYear(pl, civil.Day(pl.PublishedAt))
	_, found, err := finance.LatestIn(ctx, s.db, s.p.ID, y)
	return y, found, err
}

// StatementYear is the financial year whose statement (s.39) must be
// published with plan pl on day: the year its period starts in, or the year
// of day when the period has already started.
func StatementYear(pl Plan, day civil.Date) finance.Year {
	if d, ok := civil.ParseDate(pl.PeriodStart); ok && d > day {
		return finance.YearOf(d)
	}
	return finance.YearOf(day)
}

// PartnersOf is what CanAdvance needs of the partnership.
func PartnersOf(p partnership.Partnership) Partners {
	return Partners{HealthBoard: p.HealthBoard, LocalAuthorities: p.LocalAuthorityNames()}
}

// CheckAdvance says whether plan planID may move to stage to now, by the
// store's clock: nil, or the error CanAdvance gives (a *MissingError naming
// what the law still requires). The advance page and Advance judge by the
// same clock.
func (s *Store) CheckAdvance(ctx context.Context, planID int64, to Stage) error {
	pl, err := s.plan(ctx, s.db, planID)
	if err != nil {
		return err
	}
	return s.checkAdvance(ctx, s.db, pl, to)
}

func (s *Store) checkAdvance(ctx context.Context, q db.Querier, pl Plan, to Stage) error {
	ev, err := s.evidenceOf(ctx, q, pl)
	if err != nil {
		return err
	}
	return CanAdvance(pl.Stage, to, ev, PartnersOf(s.p))
}

// StageEvents lists the plan's moves in order.
func (s *Store) StageEvents(ctx context.Context, planID int64) ([]StageEvent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, from_stage, to_stage, on_date, actor, note, recorded_at FROM plan_stage_events
		WHERE plan_id = $1 AND`+fmt.Sprintf(ownPlan, "$2")+`ORDER BY on_date, id`, planID, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list stage events: %w", err)
	}
	defer rows.Close()
	var es []StageEvent
	for rows.Next() {
		var e StageEvent
		if err := rows.Scan(&e.ID, &e.From, &e.To, &e.On, &e.Actor, &e.Note, &e.RecordedAt); err != nil {
			return nil, err
		}
		es = append(es, e)
	}
	return es, rows.Err()
}

// Advance moves plan planID to stage to on the date given, if CanAdvance
// allows it with the evidence in the plan's records (judged by the store's
// clock); otherwise it returns valid.Errors for the field "stage" with
// CanAdvance's sentence, and nothing changes. The move, the plan's new
// stage (and publication date) and an audit entry are written in one
// transaction. Publishing freezes the latest version and keeps the
// consultation statement with it, as published; publishing a
// replacement plan marks the plan it replaces as replaced.
func (s *Store) Advance(ctx context.Context, planID int64, to Stage, on, note string, by audit.Actor) (Plan, error) {
	on, note = strings.TrimSpace(on), strings.TrimSpace(note)
	var pl Plan
	if !isDate(on) {
		return pl, valid.Errors{{Field: "on", Message: "Enter the date of this step, like 2027-10-01"}}
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		cur, err := s.plan(ctx, tx, planID)
		if err != nil {
			return err
		}
		if err := s.checkAdvance(ctx, tx, cur, to); err != nil {
			return valid.Errors{{Field: "stage", Message: sentence(err.Error())}}
		}
		next, err := s.move(ctx, tx, cur, to, on, note, by)
		if err != nil {
			return err
		}
		pl = next
		if to == Published {
			// The published text is kept as it was: corrections are new versions.
			v, err := s.latestVersion(ctx, tx, cur.ID)
			switch {
			case err == nil:
				if err := s.publishVersion(ctx, tx, cur.ID, v.ID); err != nil {
					return err
				}
			case !errors.Is(err, valid.ErrNotFound):
				return err
			}
		}
		if to == Published && cur.ReplacesPlanID != 0 {
			old, err := s.plan(ctx, tx, cur.ReplacesPlanID)
			if err != nil {
				return err
			}
			if old.Stage != Replaced {
				if _, err := s.move(ctx, tx, old, Replaced, on, "Replaced by "+cur.Title, by); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return pl, err
}

// move records a stage event and the new stage, with an audit entry.
func (s *Store) move(ctx context.Context, tx *db.Tx, cur Plan, to Stage, on, note string, by audit.Actor) (Plan, error) {
	now := s.now()
	next := cur
	next.Stage, next.UpdatedAt = to, now
	if to == Published && cur.PublishedAt.IsZero() {
		t, _ := time.Parse(time.DateOnly, on)
		next.PublishedAt = t
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO plan_stage_events (plan_id, from_stage, to_stage, on_date, actor, note, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, cur.ID, string(cur.Stage), string(to), on, by.Name, note, now); err != nil {
		return cur, fmt.Errorf("record stage event: %w", err)
	}
	var pub any
	if !next.PublishedAt.IsZero() {
		pub = next.PublishedAt
	}
	if _, err := tx.ExecContext(ctx, `UPDATE plans SET stage = $1, published_at = $2, updated_at = $3 WHERE id = $4 AND partnership_id = $5`,
		string(to), pub, now, cur.ID, s.p.ID); err != nil {
		return cur, fmt.Errorf("update plan stage: %w", err)
	}
	next.StageDates = append(append([]StageDate(nil), cur.StageDates...), StageDate{Stage: to, On: on})
	return next, audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "update", Entity: "strategic plan", EntityID: cur.ID,
		Summary: fmt.Sprintf("Moved the strategic plan %s from %q to %q on %s", cur.Title, cur.Stage.Name(), to.Name(), civil.Date(on))}, cur, next)
}

// Reviews lists the plan's reviews, newest first.
func (s *Store) Reviews(ctx context.Context, planID int64) ([]Review, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, plan_id, reviewed_on, outcomes_note, principles_note, spg_views_note, conclusion,
		recorded_by, created_at FROM plan_reviews WHERE plan_id = $1 AND`+fmt.Sprintf(ownPlan, "$2")+`ORDER BY reviewed_on DESC, id DESC`, planID, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list reviews: %w", err)
	}
	defer rows.Close()
	var rs []Review
	for rows.Next() {
		var r Review
		if err := rows.Scan(&r.ID, &r.PlanID, &r.ReviewedOn, &r.OutcomesNote, &r.PrinciplesNote, &r.SPGViewsNote, &r.Conclusion,
			&r.RecordedBy, &r.CreatedAt); err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return rs, rows.Err()
}

// RecordReview records a review of plan planID, which must be in force,
// moving its review clock on (the next review is due three years after
// this one), with an audit entry. The plan stays in force: a conclusion to
// replace it is carried out by starting a replacement plan, which takes
// over when it is published.
func (s *Store) RecordReview(ctx context.Context, planID int64, rv Review, by audit.Actor) (Review, error) {
	rv.ReviewedOn, rv.OutcomesNote, rv.PrinciplesNote, rv.SPGViewsNote = strings.TrimSpace(rv.ReviewedOn),
		strings.TrimSpace(rv.OutcomesNote), strings.TrimSpace(rv.PrinciplesNote), strings.TrimSpace(rv.SPGViewsNote)
	rv.PlanID, rv.RecordedBy = planID, by.Name
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		pl, err := s.plan(ctx, tx, planID)
		if err != nil {
			return err
		}
		if err := ValidateReview(pl, rv); err != nil {
			return err
		}
		rv.CreatedAt = s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO plan_reviews (plan_id, reviewed_on, outcomes_note, principles_note, spg_views_note,
			conclusion, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, pl.ID, rv.ReviewedOn, rv.OutcomesNote,
			rv.PrinciplesNote, rv.SPGViewsNote, rv.Conclusion, rv.RecordedBy, rv.CreatedAt).Scan(&rv.ID); err != nil {
			return fmt.Errorf("record review: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET last_review_on = $1, updated_at = $2 WHERE id = $3 AND partnership_id = $4
			AND last_review_on < $1`, rv.ReviewedOn, rv.CreatedAt, pl.ID, s.p.ID); err != nil {
			return fmt.Errorf("record review: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "create", Entity: "plan review", EntityID: rv.ID,
			Summary: fmt.Sprintf("Recorded the review of %s on %s: %s", pl.Title, civil.Date(rv.ReviewedOn), strings.ToLower(rv.ConclusionName()))}, nil, rv)
	})
	return rv, err
}

// StartReplacement starts a plan to replace plan oldID, which must be in
// force (s.37(3)): it begins the full sequence again at the communication
// and engagement plan. The old plan stays in force until the replacement
// is published. A plan has at most one replacement in progress.
func (s *Store) StartReplacement(ctx context.Context, oldID int64, next Plan, by audit.Actor) (Plan, error) {
	return next, s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := s.plan(ctx, tx, oldID)
		if err != nil {
			return err
		}
		next, err = s.startReplacement(ctx, tx, old, next, by)
		return err
	})
}

func (s *Store) startReplacement(ctx context.Context, tx *db.Tx, old Plan, next Plan, by audit.Actor) (Plan, error) {
	next = tidy(next)
	next.ID, next.PartnershipID, next.ReplacesPlanID = 0, s.p.ID, old.ID
	errs, _ := valid.As(ValidatePlan(next))
	if !old.InForce() {
		errs = append(errs, valid.FieldError{Field: "title", Message: "Only a published plan in force can be replaced"})
	}
	if next.EffectiveOn == "" {
		errs = append(errs, valid.FieldError{Field: "effective_on", Message: "Enter the date the replacement plan is to take effect, like 2027-04-01"})
	}
	if _, had, err := s.replacementOf(ctx, tx, old.ID); err != nil {
		return next, err
	} else if had {
		errs = append(errs, valid.FieldError{Field: "title", Message: "A replacement for this plan has already been started"})
	}
	if err := errs.Err(); err != nil {
		return next, err
	}
	err := s.insertPlan(ctx, tx, &next, by, "Started "+next.Title+" to replace "+old.Title)
	return next, err
}

// Directions lists the s.38 directions given about a plan.
func (s *Store) Directions(ctx context.Context, planID int64) ([]Direction, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, plan_id, given_on, ground, joined_by, reason, recorded_by, created_at FROM replacement_directions
		WHERE plan_id = $1 AND`+fmt.Sprintf(ownPlan, "$2")+`ORDER BY given_on, id`, planID, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list directions: %w", err)
	}
	defer rows.Close()
	var ds []Direction
	for rows.Next() {
		var x Direction
		var joined string
		if err := rows.Scan(&x.ID, &x.PlanID, &x.GivenOn, &x.Ground, &joined, &x.Reason, &x.RecordedBy, &x.CreatedAt); err != nil {
			return nil, err
		}
		if joined != "" {
			x.JoinedBy = strings.Split(joined, "\n")
		}
		ds = append(ds, x)
	}
	return ds, rows.Err()
}

// RecordDirection records a joint direction under s.38 about plan oldID
// and starts the replacement plan it requires, in one transaction. Section
// 38 applies only where the integration authority is an integration joint
// board.
func (s *Store) RecordDirection(ctx context.Context, oldID int64, x Direction, next Plan, by audit.Actor) (Plan, error) {
	x.GivenOn, x.Reason, x.PlanID, x.RecordedBy = strings.TrimSpace(x.GivenOn), strings.TrimSpace(x.Reason), oldID, by.Name
	var joined []string
	for _, name := range x.JoinedBy {
		if name = strings.TrimSpace(name); name != "" && !slices.Contains(joined, name) {
			joined = append(joined, name)
		}
	}
	x.JoinedBy = joined
	if err := ValidateDirection(s.p, x, next); err != nil {
		return next, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := s.plan(ctx, tx, oldID)
		if err != nil {
			return err
		}
		if next, err = s.startReplacement(ctx, tx, old, next, by); err != nil {
			return err
		}
		x.CreatedAt = s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO replacement_directions (plan_id, given_on, ground, joined_by, reason, recorded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, old.ID, x.GivenOn, x.Ground, strings.Join(x.JoinedBy, "\n"), x.Reason, x.RecordedBy,
			x.CreatedAt).Scan(&x.ID); err != nil {
			return fmt.Errorf("record direction: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "create", Entity: "replacement direction", EntityID: x.ID,
			Summary: fmt.Sprintf("Recorded the joint direction of %s to replace %s (s.38)", civil.Date(x.GivenOn), old.Title)}, nil, x)
	})
	return next, err
}

// Progress is a plan on its way to publication, with the stage it moves to
// next and what the law still requires before it may (none when it may
// move on now).
type Progress struct {
	Plan    Plan
	Next    Stage
	Missing []string // CanAdvance's missing requirements, each a sentence
}

// InProgress lists the partnership's plans not yet published (nor
// replaced), newest period first, each with the next thing the law
// requires, judged as Advance would judge it now.
func (s *Store) InProgress(ctx context.Context) ([]Progress, error) {
	ps, err := s.Plans(ctx)
	if err != nil {
		return nil, err
	}
	var out []Progress
	for _, pl := range ps {
		if pl.InForce() || pl.Stage == Replaced || pl.Next() == "" {
			continue
		}
		pr := Progress{Plan: pl, Next: pl.Next()}
		if err := s.checkAdvance(ctx, s.db, pl, pr.Next); err != nil {
			var me *MissingError
			if !errors.As(err, &me) {
				return nil, err
			}
			for _, m := range me.Missing {
				pr.Missing = append(pr.Missing, sentence(m))
			}
		}
		out = append(out, pr)
	}
	return out, nil
}
