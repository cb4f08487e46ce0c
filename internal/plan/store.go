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
	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// ErrNotFound is returned when no plan (or record of a plan) of the
// partnership matches.
var ErrNotFound = valid.ErrNotFound // TODO(rooms): use valid.ErrNotFound directly

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// Plan is a partnership's strategic plan as coplan stores it.
type Plan struct {
	ID             int64
	PartnershipID  int64
	Title          string
	PeriodStart    string // YYYY-MM-DD
	PeriodEnd      string // YYYY-MM-DD
	EffectiveOn    string // YYYY-MM-DD, "" until decided
	Stage          Stage
	ReplacesPlanID int64     // the plan this one replaces (s.37(3) or s.38), 0 for none
	PublishedAt    time.Time // zero until published (s.35)
	LastReviewOn   string    // YYYY-MM-DD of the last review (s.37), "" for none
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// NextReviewDue is the date the next review is due (s.37): three years after
// the last review or publication; zero for a plan not yet published.
func (p Plan) NextReviewDue() time.Time {
	if p.PublishedAt.IsZero() {
		return time.Time{}
	}
	last, _ := time.Parse(time.DateOnly, p.LastReviewOn)
	return NextReview(p.PublishedAt, last)
}

// InForce reports whether the plan is the partnership's published plan
// (published, or published and under review), not yet replaced.
func (p Plan) InForce() bool { return p.Stage == Published || p.Stage == UnderReview }

// Next is the stage that follows the plan's stage: the next in the
// statutory sequence; after publication, "under review" (s.37); after a
// review that changes nothing, back to published. A replaced plan has none.
func (p Plan) Next() Stage {
	switch p.Stage {
	case Published:
		return UnderReview
	case UnderReview:
		return Published
	}
	i := slices.Index(Sequence, p.Stage)
	if i < 0 || i+1 >= len(Sequence) {
		return ""
	}
	return Sequence[i+1]
}

const selectPlan = `SELECT id, partnership_id, title, period_start, period_end, effective_on, stage,
	COALESCE(replaces_plan_id, 0), published_at, last_review_on, created_at, updated_at FROM plans`

func scanPlan(s interface{ Scan(...any) error }) (Plan, error) {
	var p Plan
	var pub sql.NullTime
	err := s.Scan(&p.ID, &p.PartnershipID, &p.Title, &p.PeriodStart, &p.PeriodEnd, &p.EffectiveOn, &p.Stage,
		&p.ReplacesPlanID, &pub, &p.LastReviewOn, &p.CreatedAt, &p.UpdatedAt)
	if pub.Valid {
		p.PublishedAt = pub.Time
	}
	return p, notFound(err)
}

// Plans lists a partnership's plans, newest period first.
func Plans(ctx context.Context, q db.Querier, pid int64) ([]Plan, error) {
	rows, err := q.QueryContext(ctx, selectPlan+" WHERE partnership_id = $1 ORDER BY period_start DESC, id DESC", pid)
	if err != nil {
		return nil, fmt.Errorf("list plans: %w", err)
	}
	defer rows.Close()
	var ps []Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

// ByID returns one of a partnership's plans, or ErrNotFound (also for
// another partnership's plan).
func ByID(ctx context.Context, q db.Querier, pid, id int64) (Plan, error) {
	return scanPlan(q.QueryRowContext(ctx, selectPlan+" WHERE partnership_id = $1 AND id = $2", pid, id))
}

// ReplacementOf returns the plan started to replace plan id, if any.
func ReplacementOf(ctx context.Context, q db.Querier, pid, id int64) (Plan, bool, error) {
	p, err := scanPlan(q.QueryRowContext(ctx, selectPlan+" WHERE partnership_id = $1 AND replaces_plan_id = $2 ORDER BY id DESC LIMIT 1", pid, id))
	if errors.Is(err, ErrNotFound) {
		return p, false, nil
	}
	return p, err == nil, err
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// ValidatePlan checks a plan's title, period and effective date.
func ValidatePlan(p Plan) error {
	var errs valid.Errors
	if p.Title == "" {
		errs.Add("title", "Enter the plan's title")
	}
	startOK, endOK := isDate(p.PeriodStart), isDate(p.PeriodEnd)
	if !startOK {
		errs.Add("period_start", "Enter the date the plan's period starts, like 2025-04-01")
	}
	if !endOK {
		errs.Add("period_end", "Enter the date the plan's period ends, like 2028-03-31")
	}
	if startOK && endOK && p.PeriodEnd <= p.PeriodStart {
		errs.Add("period_end", "The period must end after it starts")
	}
	if p.EffectiveOn != "" && !isDate(p.EffectiveOn) {
		errs.Add("effective_on", "Enter the date the plan takes effect, like 2025-04-01, or leave it empty until it is decided")
	}
	return errs.Err()
}

func tidy(p Plan) Plan {
	p.Title = strings.TrimSpace(p.Title)
	p.PeriodStart = strings.TrimSpace(p.PeriodStart)
	p.PeriodEnd = strings.TrimSpace(p.PeriodEnd)
	p.EffectiveOn = strings.TrimSpace(p.EffectiveOn)
	return p
}

// SavePlan validates and creates (ID 0) or updates a plan's title, period
// and effective date, with an audit entry. A new plan starts at the
// communication and engagement plan; its stage only changes through Advance.
func SavePlan(ctx context.Context, d *db.DB, p partnership.Partnership, pl Plan, by audit.Actor) (Plan, error) {
	pl = tidy(pl)
	pl.PartnershipID = p.ID
	if err := ValidatePlan(pl); err != nil {
		return pl, err
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		now := time.Now()
		if pl.ID == 0 {
			return insertPlan(ctx, tx, p, &pl, now, by, "Started the strategic plan "+pl.Title)
		}
		old, err := ByID(ctx, tx, p.ID, pl.ID)
		if err != nil {
			return err
		}
		next := old
		next.Title, next.PeriodStart, next.PeriodEnd, next.EffectiveOn, next.UpdatedAt = pl.Title, pl.PeriodStart, pl.PeriodEnd, pl.EffectiveOn, now
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET title = $1, period_start = $2, period_end = $3, effective_on = $4, updated_at = $5
			WHERE id = $6 AND partnership_id = $7`, next.Title, next.PeriodStart, next.PeriodEnd, next.EffectiveOn, now, pl.ID, p.ID); err != nil {
			return fmt.Errorf("update plan: %w", err)
		}
		pl = next
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: p.ID, Actor: by, Action: "update", Entity: "strategic plan",
			EntityID: pl.ID, Summary: "Changed the details of the strategic plan " + pl.Title}, old, next)
	})
	return pl, err
}

func insertPlan(ctx context.Context, tx *db.Tx, p partnership.Partnership, pl *Plan, now time.Time, by audit.Actor, summary string) error {
	pl.Stage, pl.CreatedAt, pl.UpdatedAt = Engagement, now, now
	var replaces any
	if pl.ReplacesPlanID != 0 {
		replaces = pl.ReplacesPlanID
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO plans (partnership_id, title, period_start, period_end, effective_on, stage,
		replaces_plan_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		p.ID, pl.Title, pl.PeriodStart, pl.PeriodEnd, pl.EffectiveOn, string(pl.Stage), replaces, now, now).Scan(&pl.ID); err != nil {
		return fmt.Errorf("create plan: %w", err)
	}
	return audit.Record(ctx, tx, audit.Entry{PartnershipID: p.ID, Actor: by, Action: "create", Entity: "strategic plan",
		EntityID: pl.ID, Summary: summary}, nil, *pl)
}

// Engagement is the communication and engagement plan the guidance asks
// for "at an early stage": who will be engaged, how, when and with what
// support.
type EngagementPlan struct {
	Who, How, Timing, Support string
	UpdatedAt                 time.Time
}

// EngagementOf returns the plan's communication and engagement plan and
// whether one is recorded.
func EngagementOf(ctx context.Context, q db.Querier, planID int64) (EngagementPlan, bool, error) {
	var e EngagementPlan
	err := q.QueryRowContext(ctx, `SELECT who, how, timing, support, updated_at FROM engagement_plans WHERE plan_id = $1`, planID).
		Scan(&e.Who, &e.How, &e.Timing, &e.Support, &e.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	return e, err == nil, err
}

// SaveEngagement records or changes the communication and engagement plan,
// with an audit entry. Every part is required.
func SaveEngagement(ctx context.Context, d *db.DB, p partnership.Partnership, pl Plan, e EngagementPlan, by audit.Actor) error {
	e.Who, e.How, e.Timing, e.Support = strings.TrimSpace(e.Who), strings.TrimSpace(e.How), strings.TrimSpace(e.Timing), strings.TrimSpace(e.Support)
	var errs valid.Errors
	if e.Who == "" {
		errs.Add("who", "Say who will be engaged")
	}
	if e.How == "" {
		errs.Add("how", "Say how they will be engaged")
	}
	if e.Timing == "" {
		errs.Add("timing", "Say when they will be engaged")
	}
	if e.Support == "" {
		errs.Add("support", "Say what support will be offered so that people can take part")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		if _, err := ByID(ctx, tx, p.ID, pl.ID); err != nil {
			return err
		}
		old, had, err := EngagementOf(ctx, tx, pl.ID)
		if err != nil {
			return err
		}
		e.UpdatedAt = time.Now()
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
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: p.ID, Actor: by, Action: map[bool]string{true: "update", false: "create"}[had],
			Entity: "engagement plan", EntityID: pl.ID, Summary: "Recorded the communication and engagement plan for " + pl.Title}, before, e)
	})
}

// RecipientKind is who a stage's text was sent to.
type RecipientKind string

// The kinds of recipient (s.33).
const (
	ToSPG            RecipientKind = "spg"
	ToHealthBoard    RecipientKind = "health-board"
	ToLocalAuthority RecipientKind = "local-authority"
	ToGroup          RecipientKind = "prescribed-group"
	ToOther          RecipientKind = "other"
)

// RecipientKinds lists the kinds in the order the form offers them.
var RecipientKinds = []RecipientKind{ToSPG, ToHealthBoard, ToLocalAuthority, ToGroup, ToOther}

// Name is the kind in words.
func (k RecipientKind) Name() string {
	switch k {
	case ToSPG:
		return "The Strategic Planning Group"
	case ToHealthBoard:
		return "The health board"
	case ToLocalAuthority:
		return "A local authority"
	case ToGroup:
		return "Representatives of a prescribed group"
	case ToOther:
		return "Someone else the partnership chose"
	}
	return string(k)
}

// SentStages are the stages whose text is sent to someone: the proposals
// and first draft to the SPG, the second draft for comment (s.33).
var SentStages = []Stage{Proposals, FirstDraft, SecondDraft}

// Addressee records that a stage's text was sent to someone, and when.
type Addressee struct {
	ID        int64
	PlanID    int64
	Stage     Stage
	Kind      RecipientKind
	Name      string // the addressee: the SPG, the body, or the named person or organisation
	GroupCode string // the prescribed group, for ToGroup
	SentOn    string // YYYY-MM-DD
}

// GroupName is the prescribed group's name in the regulations' words.
func (r Addressee) GroupName() string {
	for _, g := range statute.PrescribedGroups() {
		if g.Code == r.GroupCode {
			return g.Name
		}
	}
	return r.GroupCode
}

// Addressees lists who each stage's text was sent to, in the order sent.
func Addressees(ctx context.Context, q db.Querier, planID int64) ([]Addressee, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, plan_id, stage, kind, name, group_code, sent_on FROM plan_recipients
		WHERE plan_id = $1 ORDER BY sent_on, id`, planID)
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

// ValidateAddressee checks an addressee against the Act: the proposals and
// first draft go to the SPG; the second draft to the health board, the
// partnership's local authorities, representatives of the prescribed groups
// (one named addressee for each) and others.
func ValidateAddressee(p partnership.Partnership, r Addressee) error {
	var errs valid.Errors
	if !slices.Contains(SentStages, r.Stage) {
		errs.Add("stage", "Choose which text was sent: the proposals, the first draft or the second draft")
	}
	if !slices.Contains(RecipientKinds, r.Kind) {
		errs.Add("kind", "Choose who it was sent to")
	} else if r.Stage != "" && slices.Contains(SentStages, r.Stage) {
		if r.Kind == ToSPG && r.Stage == SecondDraft {
			errs.Add("kind", "The second draft goes to the health board, the local authorities and the prescribed groups for comment: the SPG's views were sought on the proposals and first draft")
		}
		if r.Kind != ToSPG && r.Stage != SecondDraft {
			errs.Add("kind", "The proposals and the first draft are sent to the Strategic Planning Group for its views (s.33)")
		}
	}
	if r.Name == "" {
		errs.Add("name", "Enter the name of the person or organisation it was sent to")
	}
	switch r.Kind {
	case ToHealthBoard:
		if r.Name != "" && r.Name != p.HealthBoard {
			errs.Add("name", "The partnership's health board is "+p.HealthBoard)
		}
	case ToLocalAuthority:
		if r.Name != "" && !slices.Contains(p.LocalAuthorityNames(), r.Name) {
			errs.Add("name", "Enter the name of one of the partnership's local authorities: "+strings.Join(p.LocalAuthorityNames(), ", "))
		}
	case ToGroup:
		if !slices.ContainsFunc(statute.PrescribedGroups(), func(g statute.Group) bool { return g.Code == r.GroupCode }) {
			errs.Add("group", "Choose the prescribed group the addressee represents")
		}
	}
	if !isDate(r.SentOn) {
		errs.Add("sent_on", "Enter the date it was sent, like 2027-09-01")
	}
	return errs.Err()
}

// AddAddressee records that a stage's text was sent to someone, with an
// audit entry.
func AddAddressee(ctx context.Context, d *db.DB, p partnership.Partnership, pl Plan, r Addressee, by audit.Actor) (Addressee, error) {
	r.Name, r.SentOn, r.PlanID = strings.TrimSpace(r.Name), strings.TrimSpace(r.SentOn), pl.ID
	if r.Kind != ToGroup {
		r.GroupCode = ""
	}
	if err := ValidateAddressee(p, r); err != nil {
		return r, err
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if _, err := ByID(ctx, tx, p.ID, pl.ID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO plan_recipients (plan_id, stage, kind, name, group_code, sent_on)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, pl.ID, string(r.Stage), string(r.Kind), r.Name, r.GroupCode, r.SentOn).Scan(&r.ID); err != nil {
			return fmt.Errorf("add recipient: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: p.ID, Actor: by, Action: "create", Entity: "plan recipient", EntityID: r.ID,
			Summary: fmt.Sprintf("Recorded that the %s of %s was sent to %s on %s", strings.ToLower(r.Stage.Name()), pl.Title, r.Name, r.SentOn)}, nil, r)
	})
	return r, err
}

// EvidenceOf gathers what the plan's records show for CanAdvance:
//   - the text of each stage exists when a version of the plan is stored at
//     that stage (plan_versions.stage);
//   - the text was sent to the SPG, health board, councils and prescribed
//     groups when plan_recipients has a row for it (a group counts only
//     with a named addressee);
//   - the SPG's views are recorded when a view from the SPG (plan_views
//     source 'spg') is stored at the proposals or first-draft stage (or the
//     stage of seeking its views that follows);
//   - the consultation on the second draft has closed when at least one
//     published consultation is linked to the plan through a view at stage
//     'consultation' and every such consultation's closing time has passed;
//   - every view on the second draft (stage 'consultation') has a response;
//   - the consultation statement is generated from the stored
//     consultations (BuildStatement), so it counts as produced once a
//     consultation linked at the consultation stage has closed
//     (StatementReady).
func EvidenceOf(ctx context.Context, q db.Querier, pl Plan, now time.Time) (Evidence, error) {
	var ev Evidence
	stages := map[Stage]bool{}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT stage FROM plan_versions WHERE plan_id = $1`, pl.ID)
	if err != nil {
		return ev, fmt.Errorf("plan evidence: %w", err)
	}
	for rows.Next() {
		var s Stage
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return ev, err
		}
		stages[s] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ev, err
	}
	ev.ProposalsText, ev.FirstDraftText, ev.SecondDraftText = stages[Proposals], stages[FirstDraft], stages[SecondDraft]

	_, ev.EngagementPlan, err = EngagementOf(ctx, q, pl.ID)
	if err != nil {
		return ev, err
	}
	rs, err := Addressees(ctx, q, pl.ID)
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

	closed, err := count(`SELECT COUNT(DISTINCT c.id) FROM plan_views v JOIN consultations c ON c.id = v.consultation_id
		WHERE v.plan_id = $1 AND v.stage = 'consultation' AND c.published_at IS NOT NULL AND c.closes_at <= $2`, pl.ID, now)
	if err != nil {
		return ev, err
	}
	open, err := count(`SELECT COUNT(DISTINCT c.id) FROM plan_views v JOIN consultations c ON c.id = v.consultation_id
		WHERE v.plan_id = $1 AND v.stage = 'consultation' AND c.closes_at > $2`, pl.ID, now)
	if err != nil {
		return ev, err
	}
	ev.ConsultationClosed = closed > 0 && open == 0
	unanswered, err := count(`SELECT COUNT(*) FROM plan_views WHERE plan_id = $1 AND stage = 'consultation' AND outcome = ''`, pl.ID)
	if err != nil {
		return ev, err
	}
	ev.SecondDraftViewsAnswered = unanswered == 0
	linked, err := Linked(ctx, q, pl.PartnershipID, pl.ID)
	if err != nil {
		return ev, err
	}
	ev.ConsultationStatement = StatementReady(linked, now)
	return ev, nil
}

// PartnersOf is what CanAdvance needs of the partnership.
func PartnersOf(p partnership.Partnership) Partners {
	return Partners{HealthBoard: p.HealthBoard, LocalAuthorities: p.LocalAuthorityNames()}
}

// CheckAdvance says whether the plan may move to stage to now: nil, or the error
// CanAdvance gives, naming what the law still requires.
func CheckAdvance(ctx context.Context, q db.Querier, p partnership.Partnership, pl Plan, to Stage, now time.Time) error {
	ev, err := EvidenceOf(ctx, q, pl, now)
	if err != nil {
		return err
	}
	return CanAdvance(pl.Stage, to, ev, PartnersOf(p))
}

// StageEvent is one dated, attributed move of a plan between stages.
type StageEvent struct {
	ID         int64
	From, To   Stage
	On         string // YYYY-MM-DD
	Actor      string
	Note       string
	RecordedAt time.Time
}

// StageEvents lists the plan's moves in order.
func StageEvents(ctx context.Context, q db.Querier, planID int64) ([]StageEvent, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, from_stage, to_stage, on_date, actor, note, recorded_at FROM plan_stage_events
		WHERE plan_id = $1 ORDER BY on_date, id`, planID)
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

// Advance moves the plan to stage to on the date given, if CanAdvance
// allows it with the evidence in the plan's records; otherwise it returns
// valid.Errors for the field "stage" with CanAdvance's sentence, and
// nothing changes. The move, the plan's new stage (and publication date)
// and an audit entry are written in one transaction. Publishing a
// replacement plan marks the plan it replaces as replaced.
func Advance(ctx context.Context, d *db.DB, p partnership.Partnership, pl Plan, to Stage, on, note string, by audit.Actor) (Plan, error) {
	on, note = strings.TrimSpace(on), strings.TrimSpace(note)
	if !isDate(on) {
		return pl, valid.Errors{{Field: "on", Message: "Enter the date of this step, like 2027-10-01"}}
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		cur, err := ByID(ctx, tx, p.ID, pl.ID)
		if err != nil {
			return err
		}
		if err := CheckAdvance(ctx, tx, p, cur, to, time.Now()); err != nil {
			return valid.Errors{{Field: "stage", Message: sentence(err.Error())}}
		}
		next, err := move(ctx, tx, p, cur, to, on, note, by)
		if err != nil {
			return err
		}
		pl = next
		if to == Published {
			// The published text is kept as it was: corrections are new versions.
			v, err := LatestVersion(ctx, tx, cur.ID)
			switch {
			case err == nil:
				if err := FreezeVersion(ctx, tx, v.ID); err != nil {
					return err
				}
			case !errors.Is(err, ErrNotFound):
				return err
			}
		}
		if to == Published && cur.ReplacesPlanID != 0 {
			old, err := ByID(ctx, tx, p.ID, cur.ReplacesPlanID)
			if err != nil {
				return err
			}
			if old.Stage != Replaced {
				if _, err := move(ctx, tx, p, old, Replaced, on, "Replaced by "+cur.Title, by); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return pl, err
}

func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// move records a stage event and the new stage, with an audit entry.
func move(ctx context.Context, tx *db.Tx, p partnership.Partnership, cur Plan, to Stage, on, note string, by audit.Actor) (Plan, error) {
	now := time.Now()
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
		string(to), pub, now, cur.ID, p.ID); err != nil {
		return cur, fmt.Errorf("update plan stage: %w", err)
	}
	return next, audit.Record(ctx, tx, audit.Entry{PartnershipID: p.ID, Actor: by, Action: "update", Entity: "strategic plan", EntityID: cur.ID,
		Summary: fmt.Sprintf("Moved the strategic plan %s from %q to %q on %s", cur.Title, cur.Stage.Name(), to.Name(), on)}, cur, next)
}

// Review is a review of a published plan (s.37): its consideration of the
// national outcomes, the integration delivery principles and the Strategic
// Planning Group's views, and whether the plan stays or is replaced.
type Review struct {
	ID             int64
	PlanID         int64
	ReviewedOn     string
	OutcomesNote   string
	PrinciplesNote string
	SPGViewsNote   string
	Conclusion     string // "no-change" or "replace"
	RecordedBy     string
	CreatedAt      time.Time
}

// ConclusionName is the conclusion in words.
func (r Review) ConclusionName() string {
	switch r.Conclusion {
	case "no-change":
		return "The plan stays in force unchanged"
	case "replace":
		return "A replacement plan is to be prepared"
	}
	return r.Conclusion
}

// Reviews lists the plan's reviews, newest first.
func Reviews(ctx context.Context, q db.Querier, planID int64) ([]Review, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, plan_id, reviewed_on, outcomes_note, principles_note, spg_views_note, conclusion,
		recorded_by, created_at FROM plan_reviews WHERE plan_id = $1 ORDER BY reviewed_on DESC, id DESC`, planID)
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

// RecordReview records a review of a plan in force, moving its review clock
// on (the next review is due three years after this one), with an audit
// entry. The plan stays in force: a conclusion to replace it is carried out
// by starting a replacement plan, which takes over when it is published.
func RecordReview(ctx context.Context, d *db.DB, p partnership.Partnership, pl Plan, rv Review, by audit.Actor) (Review, error) {
	rv.ReviewedOn, rv.OutcomesNote, rv.PrinciplesNote, rv.SPGViewsNote = strings.TrimSpace(rv.ReviewedOn),
		strings.TrimSpace(rv.OutcomesNote), strings.TrimSpace(rv.PrinciplesNote), strings.TrimSpace(rv.SPGViewsNote)
	rv.PlanID, rv.RecordedBy = pl.ID, by.Name
	var errs valid.Errors
	if !pl.InForce() {
		errs.Add("reviewed_on", "Only a published plan in force is reviewed (s.37)")
	}
	if !isDate(rv.ReviewedOn) {
		errs.Add("reviewed_on", "Enter the date of the review, like 2027-03-31")
	} else if !pl.PublishedAt.IsZero() && rv.ReviewedOn < pl.PublishedAt.Format(time.DateOnly) {
		errs.Add("reviewed_on", "The review cannot be before the plan was published")
	}
	if rv.OutcomesNote == "" {
		errs.Add("outcomes_note", "Say how the review considered the national health and wellbeing outcomes")
	}
	if rv.PrinciplesNote == "" {
		errs.Add("principles_note", "Say how the review considered the integration delivery principles")
	}
	if rv.SPGViewsNote == "" {
		errs.Add("spg_views_note", "Say how the review considered the Strategic Planning Group's views")
	}
	if rv.Conclusion != "no-change" && rv.Conclusion != "replace" {
		errs.Add("conclusion", "Choose whether the plan stays in force or is to be replaced")
	}
	if err := errs.Err(); err != nil {
		return rv, err
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if _, err := ByID(ctx, tx, p.ID, pl.ID); err != nil {
			return err
		}
		rv.CreatedAt = time.Now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO plan_reviews (plan_id, reviewed_on, outcomes_note, principles_note, spg_views_note,
			conclusion, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, pl.ID, rv.ReviewedOn, rv.OutcomesNote,
			rv.PrinciplesNote, rv.SPGViewsNote, rv.Conclusion, rv.RecordedBy, rv.CreatedAt).Scan(&rv.ID); err != nil {
			return fmt.Errorf("record review: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET last_review_on = $1, updated_at = $2 WHERE id = $3 AND partnership_id = $4
			AND last_review_on < $1`, rv.ReviewedOn, rv.CreatedAt, pl.ID, p.ID); err != nil {
			return fmt.Errorf("record review: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: p.ID, Actor: by, Action: "create", Entity: "plan review", EntityID: rv.ID,
			Summary: fmt.Sprintf("Recorded the review of %s on %s: %s", pl.Title, rv.ReviewedOn, strings.ToLower(rv.ConclusionName()))}, nil, rv)
	})
	return rv, err
}

// StartReplacement starts a plan to replace a plan in force (s.37(3)): it
// begins the full sequence again at the communication and engagement plan.
// The old plan stays in force until the replacement is published. A plan
// has at most one replacement in progress.
func StartReplacement(ctx context.Context, d *db.DB, p partnership.Partnership, old Plan, next Plan, by audit.Actor) (Plan, error) {
	return next, d.InTx(ctx, func(tx *db.Tx) error {
		var err error
		next, err = startReplacement(ctx, tx, p, old, next, by)
		return err
	})
}

func startReplacement(ctx context.Context, tx *db.Tx, p partnership.Partnership, old Plan, next Plan, by audit.Actor) (Plan, error) {
	next = tidy(next)
	next.ID, next.PartnershipID, next.ReplacesPlanID = 0, p.ID, old.ID
	errs, _ := valid.As(ValidatePlan(next))
	if !old.InForce() {
		errs = append(errs, valid.FieldError{Field: "title", Message: "Only a published plan in force can be replaced"})
	}
	if next.EffectiveOn == "" {
		errs = append(errs, valid.FieldError{Field: "effective_on", Message: "Enter the date the replacement plan is to take effect, like 2027-04-01"})
	}
	if _, had, err := ReplacementOf(ctx, tx, p.ID, old.ID); err != nil {
		return next, err
	} else if had {
		errs = append(errs, valid.FieldError{Field: "title", Message: "A replacement for this plan has already been started"})
	}
	if err := errs.Err(); err != nil {
		return next, err
	}
	err := insertPlan(ctx, tx, p, &next, time.Now(), by, "Started "+next.Title+" to replace "+old.Title)
	return next, err
}

// Direction is a joint direction by the health board and the local
// authority to prepare a replacement plan (s.38).
type Direction struct {
	ID         int64
	PlanID     int64
	GivenOn    string
	Reason     string
	RecordedBy string
	CreatedAt  time.Time
}

// Directions lists the s.38 directions given about a plan.
func Directions(ctx context.Context, q db.Querier, planID int64) ([]Direction, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, plan_id, given_on, reason, recorded_by, created_at FROM replacement_directions
		WHERE plan_id = $1 ORDER BY given_on, id`, planID)
	if err != nil {
		return nil, fmt.Errorf("list directions: %w", err)
	}
	defer rows.Close()
	var ds []Direction
	for rows.Next() {
		var x Direction
		if err := rows.Scan(&x.ID, &x.PlanID, &x.GivenOn, &x.Reason, &x.RecordedBy, &x.CreatedAt); err != nil {
			return nil, err
		}
		ds = append(ds, x)
	}
	return ds, rows.Err()
}

// RecordDirection records a joint direction under s.38 and starts the
// replacement plan it requires, in one transaction. Section 38 applies only
// where the integration authority is an integration joint board.
func RecordDirection(ctx context.Context, d *db.DB, p partnership.Partnership, old Plan, x Direction, next Plan, by audit.Actor) (Plan, error) {
	x.GivenOn, x.Reason, x.PlanID, x.RecordedBy = strings.TrimSpace(x.GivenOn), strings.TrimSpace(x.Reason), old.ID, by.Name
	var errs valid.Errors
	if p.Model != statute.ModelIJB {
		errs.Add("given_on", "A direction to replace the plan under section 38 can only be given to an integration joint board; "+
			p.Name+" uses the lead agency model, so the plan is replaced after a review (s.37)")
		return next, errs
	}
	if !isDate(x.GivenOn) {
		errs.Add("given_on", "Enter the date the direction was given, like 2027-06-01")
	}
	if x.Reason == "" {
		errs.Add("reason", "Say why the health board and local authority directed a replacement plan")
	}
	// Check the replacement's own fields too, so every problem shows at once.
	if e, ok := valid.As(ValidatePlan(tidy(next))); ok {
		errs = append(errs, e...)
	}
	if err := errs.Err(); err != nil {
		return next, err
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if next, err = startReplacement(ctx, tx, p, old, next, by); err != nil {
			return err
		}
		x.CreatedAt = time.Now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO replacement_directions (plan_id, given_on, reason, recorded_by, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, old.ID, x.GivenOn, x.Reason, x.RecordedBy, x.CreatedAt).Scan(&x.ID); err != nil {
			return fmt.Errorf("record direction: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: p.ID, Actor: by, Action: "create", Entity: "replacement direction", EntityID: x.ID,
			Summary: fmt.Sprintf("Recorded the joint direction of %s to replace %s (s.38)", x.GivenOn, old.Title)}, nil, x)
	})
	return next, err
}
