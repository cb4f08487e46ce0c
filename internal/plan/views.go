package plan

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/valid"
)

// ViewSource is where a view on the plan came from.
type ViewSource string

// The sources of views: a response to a consultation linked to the plan
// (every submitted response, whatever its publishing preference: see
// ViewsFromResponses), the Strategic Planning Group (s.33(2)-(3)), or a
// meeting, event, letter or other contact recorded by staff.
const (
	FromConsultation ViewSource = "consultation"
	FromSPG          ViewSource = "spg"
	FromMeeting      ViewSource = "meeting"
	FromEvent        ViewSource = "event"
	FromOther        ViewSource = "other"
)

// RecordedSources are the sources staff record by hand; consultation views
// are brought in from the responses to a linked consultation.
var RecordedSources = []ViewSource{FromSPG, FromMeeting, FromEvent, FromOther}

// Name is the source in words.
func (s ViewSource) Name() string {
	switch s {
	case FromConsultation:
		return "Consultation response"
	case FromSPG:
		return "Strategic Planning Group"
	case FromMeeting:
		return "Meeting"
	case FromEvent:
		return "Event"
	case FromOther:
		return "Letter, email or other contact"
	}
	return string(s)
}

// ViewOutcome is what became of a view: the plan changed, it did not
// change for a stated reason, or the plan already covered it.
type ViewOutcome string

// The outcomes; NoOutcome means the view has not been answered yet.
const (
	NoOutcome      ViewOutcome = ""
	Changed        ViewOutcome = "changed"
	NotChanged     ViewOutcome = "not-changed"
	AlreadyCovered ViewOutcome = "already-covered"
)

// ViewOutcomes lists the answers a view can be given.
var ViewOutcomes = []ViewOutcome{Changed, NotChanged, AlreadyCovered}

// Name is the outcome in words, as "we did" in "you said, we did".
func (o ViewOutcome) Name() string {
	switch o {
	case Changed:
		return "We changed the plan"
	case NotChanged:
		return "We did not change the plan"
	case AlreadyCovered:
		return "The plan already covered this"
	case NoOutcome:
		return "Not answered yet"
	}
	return string(o)
}

// View is one view received on the plan at a stage, linked to the section
// it concerns, with what became of it.
type View struct {
	ID                 int64
	PlanID             int64
	Stage              Stage
	Source             ViewSource
	ConsultationID     int64
	ResponseID         int64  // the consultation response it was brought in from, 0 for one recorded by hand
	QuestionID         int64  // the question whose answer it is, 0 for a response with no written answer (or brought in before issue 10)
	FromWhom           string // who gave the view; for a response, its reference (public outputs show the name it may be published under)
	Summary            string
	SectionKey         string
	Outcome            ViewOutcome
	OutcomeNote        string
	ChangedInVersionID int64
	ChangedInVersion   int // the version's number, when ChangedInVersionID is set
	CreatedAt          time.Time
}

// SectionChoice is a section of the plan a view can concern: its key and
// its title in the latest version that has it.
type SectionChoice struct {
	Key, Title string
}

// knownSection reports whether key is empty (the view concerns no one
// section) or the key of one of the plan's sections.
func knownSection(key string, sections []SectionChoice) bool {
	return key == "" || slices.ContainsFunc(sections, func(c SectionChoice) bool { return c.Key == key })
}

// stageOrder is a stage's place in the sequence; a stage after publication
// (under review, replaced) comes after every other.
func stageOrder(s Stage) int {
	if i := slices.Index(Sequence, s); i >= 0 {
		return i
	}
	return len(Sequence)
}

// GivenOn is the number of the version of the plan that view v was given
// on: the latest version at a stage no later than the view's, started
// before the view was recorded; 0 when there was none (a view recorded
// before any text, or at the same moment as every version).
func GivenOn(v View, versions []VersionChoice) int {
	n := 0
	for _, x := range versions {
		if stageOrder(x.Stage) <= stageOrder(v.Stage) && x.CreatedAt.Before(v.CreatedAt) && x.Number > n {
			n = x.Number
		}
	}
	return n
}

// ValidateView checks a view recorded by hand: its stage, its source, the
// view itself, and the section it concerns, which must be one of the
// plan's sections (or none).
func ValidateView(v View, sections []SectionChoice) valid.Errors {
	var errs valid.Errors
	if !slices.Contains(Sequence, v.Stage) {
		errs.Add("stage", "Choose the stage the view was given at.")
	}
	if !slices.Contains(RecordedSources, v.Source) {
		errs.Add("source", "Choose where the view came from.")
	}
	if strings.TrimSpace(v.Summary) == "" {
		errs.Add("summary", "Enter the view, in a sentence or two.")
	}
	if !knownSection(v.SectionKey, sections) {
		errs.Add("section_key", "Choose one of the plan's sections, or none.")
	}
	return errs
}

// ValidateOutcome checks the answer given to a view: a change names the
// version it was made in, one of the plan's versions later than the one
// the view was given on (GivenOn); "not changed" says why; the section,
// if any, is one of the plan's.
func ValidateOutcome(v View, versions []VersionChoice, sections []SectionChoice) valid.Errors {
	var errs valid.Errors
	switch v.Outcome {
	case Changed:
		i := slices.IndexFunc(versions, func(x VersionChoice) bool { return x.ID == v.ChangedInVersionID })
		switch given := GivenOn(v, versions); {
		case v.ChangedInVersionID == 0 || i < 0:
			errs.Add("version", "Choose the version of the plan the change was made in.")
		case versions[i].Number <= given:
			errs.Add("version", fmt.Sprintf("The view was given on version %d: choose a later version, the one the change was made in.", given))
		}
	case NotChanged:
		if strings.TrimSpace(v.OutcomeNote) == "" {
			errs.Add("note", "Say why the plan was not changed: people who gave the view will read this.")
		}
	case AlreadyCovered:
	default:
		errs.Add("outcome", "Choose what became of the view.")
	}
	if !knownSection(v.SectionKey, sections) {
		errs.Add("section_key", "Choose one of the plan's sections, or none.")
	}
	return errs
}

const selectView = `SELECT v.id, v.plan_id, v.stage, v.source, COALESCE(v.consultation_id, 0), COALESCE(v.response_id, 0),
	COALESCE(v.question_id, 0), v.from_whom, v.summary,
	v.section_key, v.outcome, v.outcome_note, COALESCE(v.changed_in_version_id, 0), COALESCE(pv.number, 0), v.created_at
	FROM plan_views v LEFT JOIN plan_versions pv ON pv.id = v.changed_in_version_id`

func scanView(s interface{ Scan(...any) error }) (View, error) {
	var v View
	err := s.Scan(&v.ID, &v.PlanID, &v.Stage, &v.Source, &v.ConsultationID, &v.ResponseID, &v.QuestionID, &v.FromWhom, &v.Summary,
		&v.SectionKey, &v.Outcome, &v.OutcomeNote, &v.ChangedInVersionID, &v.ChangedInVersion, &v.CreatedAt)
	return v, err
}

// Views returns every view on a plan, in the order of the stages and then
// as received.
func (s *Store) Views(ctx context.Context, planID int64) ([]View, error) {
	return s.views(ctx, s.db, planID)
}

func (s *Store) views(ctx context.Context, q db.Querier, planID int64) ([]View, error) {
	rows, err := q.QueryContext(ctx, selectView+" WHERE v.plan_id = $1 AND v."+fmt.Sprintf(strings.TrimSpace(ownPlan), "$2")+" ORDER BY v.id", planID, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list plan views: %w", err)
	}
	defer rows.Close()
	var vs []View
	for rows.Next() {
		v, err := scanView(rows)
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(vs, func(a, b View) int { return slices.Index(Sequence, a.Stage) - slices.Index(Sequence, b.Stage) })
	return vs, nil
}

// ViewByID returns one view of a plan, or valid.ErrNotFound.
func (s *Store) ViewByID(ctx context.Context, planID, id int64) (View, error) {
	return s.viewByID(ctx, s.db, planID, id)
}

func (s *Store) viewByID(ctx context.Context, q db.Querier, planID, id int64) (View, error) {
	v, err := scanView(q.QueryRowContext(ctx, selectView+" WHERE v.plan_id = $1 AND v.id = $2 AND v."+fmt.Sprintf(strings.TrimSpace(ownPlan), "$3"), planID, id, s.p.ID))
	return v, noRow(err)
}

func insertView(ctx context.Context, tx *db.Tx, v View, now time.Time) (int64, error) {
	orNull := func(id int64) any {
		if id == 0 {
			return nil
		}
		return id
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO plan_views (plan_id, stage, source, consultation_id, response_id, question_id, from_whom, summary,
		section_key, outcome, outcome_note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', '', $10) RETURNING id`,
		v.PlanID, string(v.Stage), string(v.Source), orNull(v.ConsultationID), orNull(v.ResponseID), orNull(v.QuestionID),
		v.FromWhom, v.Summary, v.SectionKey, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record plan view: %w", err)
	}
	return id, nil
}

// RecordView records a view given at a meeting, an event, by the Strategic
// Planning Group or otherwise, on plan v.PlanID.
func (s *Store) RecordView(ctx context.Context, v View, by audit.Actor) (View, error) {
	v.Summary, v.FromWhom, v.SectionKey = strings.TrimSpace(v.Summary), strings.TrimSpace(v.FromWhom), strings.TrimSpace(v.SectionKey)
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.plan(ctx, tx, v.PlanID); err != nil {
			return err
		}
		sections, err := s.sectionChoices(ctx, tx, v.PlanID)
		if err != nil {
			return err
		}
		if errs := ValidateView(v, sections); len(errs) > 0 {
			return errs
		}
		id, err := insertView(ctx, tx, v, now)
		if err != nil {
			return err
		}
		v.ID, v.CreatedAt = id, now
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "create", Entity: "plan view",
			EntityID: id, Summary: "Recorded a view on the plan from " + v.Source.Name()}, nil, v)
	})
	return v, err
}

// SetViewOutcome records what became of view v.ID of plan v.PlanID: its
// outcome, note, section and, for a change, the version of the plan the
// change was made in (one of the plan's versions).
func (s *Store) SetViewOutcome(ctx context.Context, v View, by audit.Actor) error {
	v.OutcomeNote, v.SectionKey = strings.TrimSpace(v.OutcomeNote), strings.TrimSpace(v.SectionKey)
	if v.Outcome != Changed {
		v.ChangedInVersionID = 0
	}
	var version any
	if v.ChangedInVersionID != 0 {
		version = v.ChangedInVersionID
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.viewByID(ctx, tx, v.PlanID, v.ID)
		if err != nil {
			return err
		}
		// The view as given (its stage and when it was recorded) is the
		// stored one, whatever the caller passed.
		v.Stage, v.CreatedAt = before.Stage, before.CreatedAt
		versions, err := s.versionChoices(ctx, tx, v.PlanID)
		if err != nil {
			return err
		}
		sections, err := s.sectionChoices(ctx, tx, v.PlanID)
		if err != nil {
			return err
		}
		if errs := ValidateOutcome(v, versions, sections); len(errs) > 0 {
			return errs
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plan_views SET section_key = $1, outcome = $2, outcome_note = $3,
			changed_in_version_id = $4 WHERE id = $5 AND plan_id = $6`,
			v.SectionKey, string(v.Outcome), v.OutcomeNote, version, v.ID, v.PlanID); err != nil {
			return fmt.Errorf("answer plan view: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "update", Entity: "plan view",
			EntityID: v.ID, Summary: "Recorded what became of a view on the plan: " + v.Outcome.Name()}, before, v)
	})
}

// ViewsFromResponses turns a consultation's submitted responses into views
// for the planning team to consider (s.33(5)): every response, from every
// channel, whatever its publishing preference and whether or not it has
// been checked. Each written answer is one view, in question order; a
// response with no written answer is one view saying what it chose. The
// preference, checking and redaction apply when a view is shown in public
// (PublicViews), never to whether the planning team sees it.
func ViewsFromResponses(planID int64, stage Stage, c consult.Consultation, rs []consult.Response) []View {
	var out []View
	for _, r := range rs {
		if !r.Submitted {
			continue
		}
		from := "Response " + r.Reference
		ids := make([]int64, 0, len(r.Answers))
		for id := range r.Answers {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		var chose []string
		n := len(out)
		for _, id := range ids {
			a := r.Answers[id]
			chose = append(chose, a.Choices...)
			if t := writtenAnswer(a); t != "" {
				out = append(out, View{PlanID: planID, Stage: stage, Source: FromConsultation, ConsultationID: c.ID,
					ResponseID: r.ID, QuestionID: id, FromWhom: from, Summary: t})
			}
		}
		if len(out) == n {
			summary := "No written comment and no answer chosen."
			if len(chose) > 0 {
				summary = "No written comment. Chose: " + strings.Join(chose, "; ") + "."
			}
			out = append(out, View{PlanID: planID, Stage: stage, Source: FromConsultation, ConsultationID: c.ID,
				ResponseID: r.ID, FromWhom: from, Summary: summary})
		}
	}
	return out
}

// LinkConsultation links consultation consultationID, one of the
// partnership's published consultations, to plan planID at a stage (for
// the second draft's, the stage Consultation), and brings in every
// submitted response not yet brought in as views (ViewsFromResponses). A
// consultation already linked is linked again only at the same stage;
// linking it again brings in the responses entered since. It returns how
// many views were added. Problems are valid.Errors for "consultation" or
// "stage".
func (s *Store) LinkConsultation(ctx context.Context, planID int64, stage Stage, consultationID int64, by audit.Actor) (int, error) {
	var errs valid.Errors
	c, err := consult.ConsultationByID(ctx, s.db, s.p.ID, consultationID)
	switch {
	case consultationID == 0 || errors.Is(err, valid.ErrNotFound):
		errs.Add("consultation", "Choose the consultation to link.")
	case err != nil:
		return 0, err
	case c.PublishedAt.IsZero():
		errs.Add("consultation", "Choose a consultation that has been published.")
	}
	if !slices.Contains(Sequence, stage) {
		errs.Add("stage", "Choose the stage the consultation gathered views for.")
	}
	if len(errs) > 0 {
		return 0, errs
	}
	n := 0
	now := s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		n = 0
		if _, err := s.plan(ctx, tx, planID); err != nil {
			return err
		}
		links, err := s.linkedConsultations(ctx, tx, planID)
		if err != nil {
			return err
		}
		linked, had := links[c.ID]
		switch {
		case had && linked != stage:
			return valid.Errors{{Field: "stage", Message: fmt.Sprintf("This consultation is linked to the plan at the stage %q: choose that stage to bring in its new responses.", linked.Name())}}
		case !had:
			if _, err := tx.ExecContext(ctx, `INSERT INTO plan_consultations (plan_id, consultation_id, stage, linked_by, linked_at)
				VALUES ($1, $2, $3, $4, $5)`, planID, c.ID, string(stage), by.Name, now); err != nil {
				return fmt.Errorf("link consultation: %w", err)
			}
		}
		seen := map[int64]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT response_id FROM plan_views WHERE plan_id = $1 AND response_id IS NOT NULL`, planID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			seen[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// The responses are read a chunk at a time (consult.EachResponse),
		// each chunk's views stored before the next is read: memory holds
		// one chunk however many responses the consultation had.
		fresh := 0
		err = consult.EachResponse(ctx, tx, s.p.ID, c.ID, func(r consult.Response) error {
			if seen[r.ID] {
				return nil
			}
			fresh++
			for _, v := range ViewsFromResponses(planID, stage, c, []consult.Response{r}) {
				if _, err := insertView(ctx, tx, v, now); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			return err
		}
		summary := fmt.Sprintf("Brought in %d views on the plan from %d new responses to the consultation %q", n, fresh, c.Title)
		if !had {
			summary = fmt.Sprintf("Linked the consultation %q to the plan (%s) and brought in %d views from its %d responses", c.Title, stage.Name(), n, fresh)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "create", Entity: "plan consultation",
			EntityID: planID, Summary: summary}, nil, map[string]any{"consultation_id": c.ID, "stage": stage, "views": n, "responses": fresh})
	})
	return n, err
}

// ConsultationLink is a consultation linked to the plan as the views page
// shows it: its stage, how many responses it has, and how many of them are
// still to be brought in as views.
type ConsultationLink struct {
	Consultation consult.Consultation
	Stage        Stage
	Responses    int
	Late         int // of them, entered after the consultation closed (consult.Consultation.Late)
	Waiting      int
}

// ConsultationLinks lists the consultations linked to the plan, earliest
// closing first, with their responses and those waiting to be brought in.
func (s *Store) ConsultationLinks(ctx context.Context, planID int64) ([]ConsultationLink, error) {
	linked, err := s.linked(ctx, s.db, planID, true)
	if err != nil {
		return nil, err
	}
	var out []ConsultationLink
	for _, lc := range linked {
		l := ConsultationLink{Consultation: lc.Consultation, Stage: lc.Stage, Responses: lc.Reach.Responses + lc.Reach.Late, Late: lc.Reach.Late}
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM responses r WHERE r.consultation_id = $1 AND r.status = 'submitted'
			AND NOT EXISTS (SELECT 1 FROM plan_views v WHERE v.plan_id = $2 AND v.response_id = r.id)`, lc.Consultation.ID, planID).Scan(&l.Waiting); err != nil {
			return nil, fmt.Errorf("count responses to bring in: %w", err)
		}
		out = append(out, l)
	}
	return out, nil
}

// LinkedConsultations returns the ids of the consultations linked to the
// plan, with the stage of each.
func (s *Store) LinkedConsultations(ctx context.Context, planID int64) (map[int64]Stage, error) {
	return s.linkedConsultations(ctx, s.db, planID)
}

func (s *Store) linkedConsultations(ctx context.Context, q db.Querier, planID int64) (map[int64]Stage, error) {
	rows, err := q.QueryContext(ctx, `SELECT consultation_id, stage FROM plan_consultations WHERE plan_id = $1 AND`+
		fmt.Sprintf(ownPlan, "$2"), planID, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("linked consultations: %w", err)
	}
	defer rows.Close()
	out := map[int64]Stage{}
	for rows.Next() {
		var id int64
		var st Stage
		if err := rows.Scan(&id, &st); err != nil {
			return nil, err
		}
		out[id] = st
	}
	return out, rows.Err()
}

// YouSaid is one line of the "you said, we did" table.
type YouSaid struct {
	Stage     Stage       `json:"stage"`
	StageName string      `json:"stage_name"`
	Source    string      `json:"source"`
	From      string      `json:"from,omitempty"`
	YouSaid   string      `json:"you_said"`
	Section   string      `json:"section,omitempty"`
	Outcome   ViewOutcome `json:"outcome"`
	WeDid     string      `json:"we_did"`
	Reason    string      `json:"reason,omitempty"`
	InVersion int         `json:"changed_in_version,omitempty"`
}

// YouSaidWeDid is the "you said, we did" table: every view that has been
// answered, with what became of it. Unanswered views are left out until
// the planning team answers them.
func YouSaidWeDid(vs []View) []YouSaid {
	out := []YouSaid{}
	for _, v := range vs {
		if v.Outcome == NoOutcome {
			continue
		}
		y := YouSaid{Stage: v.Stage, StageName: v.Stage.Name(), Source: v.Source.Name(), From: v.FromWhom, YouSaid: v.Summary,
			Section: v.SectionKey, Outcome: v.Outcome, WeDid: v.Outcome.Name(), Reason: v.OutcomeNote}
		if v.Outcome == Changed {
			y.InVersion = v.ChangedInVersion
			y.WeDid = fmt.Sprintf("We changed the plan (version %d)", v.ChangedInVersion)
		}
		out = append(out, y)
	}
	return out
}

// PublicViews returns the views on a plan as they may appear in public:
// every view recorded by hand, and each view brought in from a consultation
// response only as that response may be published now (consult.Publishable:
// the respondent agreed, staff checked it, redactions applied, the name only
// if the respondent agreed). A view from a response that may not be
// published, or whose answer is empty once redacted, is left out. Every
// public output of views — the bundle, the consultation statement, "you
// said, we did" — uses this.
func (s *Store) PublicViews(ctx context.Context, planID int64) ([]View, error) {
	return s.publicViews(ctx, s.db, planID)
}

func (s *Store) publicViews(ctx context.Context, q db.Querier, planID int64) ([]View, error) {
	vs, err := s.views(ctx, q, planID)
	if err != nil {
		return nil, err
	}
	// Only the responses the views cite are read: the page costs what its
	// views cost, whatever the number of responses to the consultation.
	var ids []int64
	cited := map[int64]bool{}
	for _, v := range vs {
		if v.ResponseID != 0 && !cited[v.ResponseID] {
			cited[v.ResponseID] = true
			ids = append(ids, v.ResponseID)
		}
	}
	rs, err := consult.ResponsesByID(ctx, q, s.p.ID, ids)
	if err != nil {
		return nil, err
	}
	published := map[int64]consult.PublishedResponse{} // response id → as it may be published
	for _, r := range rs {
		if pub, ok := consult.Publishable(r); ok {
			published[r.ID] = pub
		}
	}
	var out []View
	for _, v := range vs {
		if v.ResponseID == 0 {
			out = append(out, v)
			continue
		}
		pub, ok := published[v.ResponseID]
		if !ok {
			continue
		}
		if v.QuestionID == 0 {
			// Brought in before views remembered their question (the
			// published text itself), or a response with no written
			// answer: shown only while it is still published as it stands.
			if !slices.ContainsFunc(publishedTexts(pub), func(t string) bool { return t == v.Summary }) {
				continue
			}
			out = append(out, v)
			continue
		}
		text := writtenAnswer(pub.Answers[v.QuestionID])
		if text == "" {
			continue
		}
		v.Summary, v.FromWhom = text, pub.Name
		out = append(out, v)
	}
	return out, nil
}

// publishedTexts are the written answers of a response as published, as
// views were brought in before they remembered their question.
func publishedTexts(pub consult.PublishedResponse) []string {
	var out []string
	for _, a := range pub.Answers {
		if t := strings.TrimSpace(a.Text); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// writtenAnswer is what a respondent wrote in answer to one question: the
// free text and the words behind "Other", one after the other.
func writtenAnswer(a consult.Answer) string {
	var parts []string
	for _, t := range []string{a.Text, a.OtherText} {
		if t = strings.TrimSpace(t); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

// PublishedConsultations lists the partnership's published consultations:
// those whose responses can be imported as views, or that a significant
// decision can name.
func (s *Store) PublishedConsultations(ctx context.Context) ([]consult.Consultation, error) {
	cs, err := consult.Consultations(ctx, s.db, s.p.ID)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(cs, func(c consult.Consultation) bool { return c.PublishedAt.IsZero() }), nil
}
