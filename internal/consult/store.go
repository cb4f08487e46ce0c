package consult

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// Store reads and writes one partnership's consultations, their questions,
// documents and responses, and its question bank and postcode districts.
// Every query is limited to the partnership, child records included (a
// question, document or response of another partnership's consultation is
// valid.ErrNotFound), times come from the store's clock, and each write is
// one transaction with its audit entry and any mail it queues.
type Store struct {
	db  *db.DB
	p   partnership.Partnership
	now civil.Clock
}

// StoreFor is the store of partnership p, with the clock now (nil for the
// system clock).
func StoreFor(d *db.DB, p partnership.Partnership, now civil.Clock) *Store {
	if now == nil {
		now = civil.SystemClock
	}
	return &Store{db: d, p: p, now: now}
}

// Partnership is the partnership the store is bound to.
func (s *Store) Partnership() partnership.Partnership { return s.p }

func notFound(err error) error { return valid.NotFound(err) }

// ofPartnership limits a query on a table with a consultation_id column to
// the consultations of the partnership given as parameter $n.
func ofPartnership(n int) string {
	return fmt.Sprintf(" AND consultation_id IN (SELECT id FROM consultations WHERE partnership_id = $%d)", n)
}

// MaxBodyChars is the most characters a consultation's page text may hold.
const MaxBodyChars = 50_000

// ValidateConsultation checks a consultation's details as staff enter them.
func ValidateConsultation(c Consultation) error {
	var errs valid.Errors
	if strings.TrimSpace(c.Title) == "" {
		errs.Add("title", "Enter the consultation's title")
	}
	if n := utf8.RuneCountInString(c.Body); n > MaxBodyChars {
		errs.Add("body", fmt.Sprintf("The page text must be %d characters or fewer; it has %d", MaxBodyChars, n))
	}
	if !slices.Contains(Audiences, c.Audience) {
		errs.Add("audience", "Select who the consultation is for")
	}
	if c.OpensAt.IsZero() {
		errs.Add("opens", "Enter when the consultation opens")
	}
	if c.ClosesAt.IsZero() {
		errs.Add("closes", "Enter when the consultation closes")
	} else if !c.OpensAt.IsZero() && !c.ClosesAt.After(c.OpensAt) {
		errs.Add("closes", "The closing date must be after the opening date")
	}
	return errs.Err()
}

const selectConsultation = `SELECT id, partnership_id, title, summary, body, audience, audience_note, opens_at, closes_at, contact,
	require_name, require_email, require_phone, require_address, require_postcode,
	published_at, analysed_at, reported_at, report_url, created_at, updated_at FROM consultations`

func scanConsultation(s interface{ Scan(...any) error }) (Consultation, error) {
	var c Consultation
	dest, finish := consultationDest(&c)
	err := s.Scan(dest...)
	finish()
	return c, notFound(err)
}

// consultationDest is where a row of selectConsultation's columns is
// scanned into c, and what to call after the scan.
func consultationDest(c *Consultation) (dest []any, finish func()) {
	var pub, an, rep sql.NullTime
	return []any{&c.ID, &c.PartnershipID, &c.Title, &c.Summary, &c.Body, &c.Audience, &c.AudienceNote, &c.OpensAt, &c.ClosesAt,
			&c.Contact, &c.Require.Name, &c.Require.Email, &c.Require.Phone, &c.Require.Address, &c.Require.Postcode,
			&pub, &an, &rep, &c.ReportURL, &c.CreatedAt, &c.UpdatedAt},
		func() { c.PublishedAt, c.AnalysedAt, c.ReportedAt = pub.Time, an.Time, rep.Time }
}

// Consultations lists a partnership's consultations, newest closing first,
// with the localities and services each concerns.
func Consultations(ctx context.Context, q db.Querier, pid int64) ([]Consultation, error) {
	rows, err := q.QueryContext(ctx, selectConsultation+" WHERE partnership_id = $1 ORDER BY closes_at DESC, id DESC", pid)
	if err != nil {
		return nil, fmt.Errorf("list consultations: %w", err)
	}
	var cs []Consultation
	for rows.Next() {
		c, err := scanConsultation(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		cs = append(cs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range cs {
		if err := loadLinks(ctx, q, &cs[i]); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

// ConsultationByID returns one of a partnership's consultations, or
// ErrNotFound (also for another partnership's).
func ConsultationByID(ctx context.Context, q db.Querier, pid, id int64) (Consultation, error) {
	c, err := scanConsultation(q.QueryRowContext(ctx, selectConsultation+" WHERE partnership_id = $1 AND id = $2", pid, id))
	if err != nil {
		return c, err
	}
	return c, loadLinks(ctx, q, &c)
}

// Consultations lists the partnership's consultations, newest closing
// first.
func (s *Store) Consultations(ctx context.Context) ([]Consultation, error) {
	return Consultations(ctx, s.db, s.p.ID)
}

// Consultation returns one of the partnership's consultations, or
// valid.ErrNotFound.
func (s *Store) Consultation(ctx context.Context, id int64) (Consultation, error) {
	return ConsultationByID(ctx, s.db, s.p.ID, id)
}

func loadLinks(ctx context.Context, q db.Querier, c *Consultation) error {
	for _, l := range []struct {
		query string
		into  *[]int64
	}{
		{"SELECT locality_id FROM consultation_localities WHERE consultation_id = $1 ORDER BY locality_id", &c.LocalityIDs},
		{"SELECT function_id FROM consultation_services WHERE consultation_id = $1 ORDER BY function_id", &c.FunctionIDs},
	} {
		rows, err := q.QueryContext(ctx, l.query, c.ID)
		if err != nil {
			return err
		}
		*l.into = nil
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			*l.into = append(*l.into, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// CreateConsultation validates and creates a draft consultation with its
// localities, services and first questionnaire: one page, "Questions", to
// add questions to (or qn's sections, if it has any). All of it, with its
// audit entry, is one transaction: there is never a consultation without
// questions to add to.
func (s *Store) CreateConsultation(ctx context.Context, c Consultation, qn Questionnaire, by audit.Actor) (Consultation, Questionnaire, error) {
	c.ID, c.PartnershipID = 0, s.p.ID
	c.Title = strings.TrimSpace(c.Title)
	if err := ValidateConsultation(c); err != nil {
		return c, qn, err
	}
	if len(qn.Sections) == 0 {
		qn = Questionnaire{Sections: []Section{{Title: "Questions"}}}
	}
	if errs := ValidateQuestionnaire(qn); len(errs) > 0 {
		return c, qn, errs
	}
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c.CreatedAt, c.UpdatedAt = now, now
		err := tx.QueryRowContext(ctx, `INSERT INTO consultations (partnership_id, title, summary, body, audience, audience_note,
			opens_at, closes_at, contact, require_name, require_email, require_phone, require_address, require_postcode,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
			c.PartnershipID, c.Title, c.Summary, c.Body, string(c.Audience), c.AudienceNote, c.OpensAt, c.ClosesAt, c.Contact,
			c.Require.Name, c.Require.Email, c.Require.Phone, c.Require.Address, c.Require.Postcode, now).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("create consultation: %w", err)
		}
		if err := writeLinks(ctx, tx, c); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: c.PartnershipID, Actor: by, Action: "create",
			Entity: "consultation", EntityID: c.ID, Summary: "Created consultation " + c.Title}, nil, c); err != nil {
			return err
		}
		qn.ConsultationID, qn.Version, qn.Reason = c.ID, 1, ""
		if err := tx.QueryRowContext(ctx, `INSERT INTO questionnaires (consultation_id, version, reason, created_by, created_at)
			VALUES ($1, 1, '', $2, $3) RETURNING id`, c.ID, by.Name, now).Scan(&qn.ID); err != nil {
			return fmt.Errorf("create questionnaire: %w", err)
		}
		return writeQuestions(ctx, tx, &qn)
	})
	if err != nil {
		return Consultation{}, Questionnaire{}, err
	}
	return c, qn, nil
}

// SaveConsultation creates a consultation (ID 0) with its first
// questionnaire, one empty page (see CreateConsultation), or updates one
// (see UpdateConsultation).
func (s *Store) SaveConsultation(ctx context.Context, c Consultation, by audit.Actor) (Consultation, error) {
	if c.ID == 0 {
		c, _, err := s.CreateConsultation(ctx, c, Questionnaire{}, by)
		return c, err
	}
	return s.UpdateConsultation(ctx, c, by)
}

// UpdateConsultation validates and saves a consultation's details,
// localities and services, with an audit entry.
func (s *Store) UpdateConsultation(ctx context.Context, c Consultation, by audit.Actor) (Consultation, error) {
	c.PartnershipID = s.p.ID
	c.Title = strings.TrimSpace(c.Title)
	if err := ValidateConsultation(c); err != nil {
		return c, err
	}
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := ConsultationByID(ctx, tx, s.p.ID, c.ID)
		if err != nil {
			return err
		}
		c.CreatedAt, c.UpdatedAt = old.CreatedAt, now
		if _, err := tx.ExecContext(ctx, `UPDATE consultations SET title = $1, summary = $2, body = $3, audience = $4,
			audience_note = $5, opens_at = $6, closes_at = $7, contact = $8, require_name = $9, require_email = $10,
			require_phone = $11, require_address = $12, require_postcode = $13, updated_at = $14
			WHERE id = $15 AND partnership_id = $16`, c.Title, c.Summary, c.Body, string(c.Audience), c.AudienceNote,
			c.OpensAt, c.ClosesAt, c.Contact, c.Require.Name, c.Require.Email, c.Require.Phone, c.Require.Address,
			c.Require.Postcode, now, c.ID, s.p.ID); err != nil {
			return err
		}
		if err := writeLinks(ctx, tx, c); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "update", Entity: "consultation",
			EntityID: c.ID, Summary: "Changed consultation " + c.Title}, old, c)
	})
	return c, err
}

// writeLinks replaces a consultation's localities and services, inside tx.
func writeLinks(ctx context.Context, tx *db.Tx, c Consultation) error {
	for _, l := range []struct {
		table, col string
		ids        []int64
	}{{"consultation_localities", "locality_id", c.LocalityIDs}, {"consultation_services", "function_id", c.FunctionIDs}} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+l.table+" WHERE consultation_id = $1", c.ID); err != nil {
			return err
		}
		for _, id := range l.ids {
			if _, err := tx.ExecContext(ctx, "INSERT INTO "+l.table+" (consultation_id, "+l.col+") VALUES ($1, $2)", c.ID, id); err != nil {
				return fmt.Errorf("link %s: %w", l.col, err)
			}
		}
	}
	return nil
}

// SetStage publishes a consultation (it opens at its opening time) or
// records that its responses have been analysed. stage is "published" or
// "analysed"; a consultation becomes "reported" only by publishing its
// analysis report (analysis.ReportStore.Publish, through ReportPublished).
func (s *Store) SetStage(ctx context.Context, id int64, stage string, by audit.Actor) error {
	pid, now := s.p.ID, s.now()
	col := map[string]string{"published": "published_at", "analysed": "analysed_at"}[stage]
	if col == "" {
		return fmt.Errorf("unknown stage %q", stage)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := ConsultationByID(ctx, tx, pid, id)
		if err != nil {
			return err
		}
		if stage == "published" {
			qn, err := currentQuestionnaire(ctx, tx, pid, c.ID)
			if err != nil {
				return err
			}
			if err := CanPublish(qn); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE consultations SET "+col+" = $1 WHERE id = $2 AND partnership_id = $3", now, id, pid); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: pid, Actor: by, Action: stage, Entity: "consultation", EntityID: id,
			Summary: fmt.Sprintf("Consultation %s: %s", c.Title, stage)}, nil, nil)
	})
}

// CurrentQuestionnaire returns the newest version of a consultation's
// questions, with its sections and questions in order.
func (s *Store) CurrentQuestionnaire(ctx context.Context, consultationID int64) (Questionnaire, error) {
	return s.cachedQuestionnaire(ctx, `SELECT `+questionnaireStamp+` FROM questionnaires
		WHERE consultation_id = $1`+ofPartnership(2)+` ORDER BY version DESC LIMIT 1`, consultationID, s.p.ID)
}

// QuestionnaireByID returns one version of a consultation's questions.
func (s *Store) QuestionnaireByID(ctx context.Context, consultationID, id int64) (Questionnaire, error) {
	return s.cachedQuestionnaire(ctx, `SELECT `+questionnaireStamp+` FROM questionnaires
		WHERE consultation_id = $1 AND id = $2`+ofPartnership(3), consultationID, id, s.p.ID)
}

// questionnaireStamp reads a questionnaire's heading with what tells its
// questions apart from any earlier content of the same version: saving
// questions in place (while no response uses them) deletes and inserts
// every section and question, whose new ids are always higher.
const questionnaireStamp = `id, consultation_id, version, reason,
	COALESCE((SELECT MAX(id) FROM sections WHERE questionnaire_id = questionnaires.id), 0),
	COALESCE((SELECT MAX(id) FROM questions WHERE questionnaire_id = questionnaires.id), 0)`

// cachedQuestionnaire reads the questionnaire heading query finds, with its
// sections and questions from memory when they are there and unchanged (one
// small query instead of three and decoding every question): every page of
// a response and every submission reads its questionnaire.
func (s *Store) cachedQuestionnaire(ctx context.Context, query string, args ...any) (Questionnaire, error) {
	var qn Questionnaire
	var k questionnaireKey
	err := s.db.QueryRowContext(ctx, query, args...).Scan(&qn.ID, &qn.ConsultationID, &qn.Version, &qn.Reason, &k.sections, &k.questions)
	if err != nil {
		return qn, notFound(err)
	}
	k.db, k.id = s.db, qn.ID
	if sections, ok := questionnaires.get(k); ok {
		qn.Sections = sections
		return qn, nil
	}
	if err := loadQuestionnaire(ctx, s.db, &qn); err != nil {
		return qn, err
	}
	questionnaires.put(k, cloneSections(qn.Sections))
	return qn, nil
}

// questionnaires keeps questionnaires' sections and questions in memory,
// shared by every Store of the process: a Store lives for one request.
var questionnaires = &questionnaireCache{m: map[questionnaireKey][]Section{}}

// maxCachedQuestionnaires bounds the cache: past it, it starts again empty.
const maxCachedQuestionnaires = 256

type questionnaireKey struct {
	db                  *db.DB
	id                  int64
	sections, questions int64 // the stamp: see questionnaireStamp
}

type questionnaireCache struct {
	mu sync.Mutex
	m  map[questionnaireKey][]Section
}

// get returns a copy of the kept sections, which the caller may change.
func (c *questionnaireCache) get(k questionnaireKey) ([]Section, bool) {
	c.mu.Lock()
	sections, ok := c.m[k]
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	return cloneSections(sections), true
}

func (c *questionnaireCache) put(k questionnaireKey, sections []Section) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for old := range c.m {
		if old.db == k.db && old.id == k.id {
			delete(c.m, old) // an earlier content of this version
		}
	}
	if len(c.m) >= maxCachedQuestionnaires {
		clear(c.m)
	}
	c.m[k] = sections
}

// cloneSections copies sections down to every slice they hold.
func cloneSections(in []Section) []Section {
	if in == nil {
		return nil
	}
	out := slices.Clone(in)
	for i := range out {
		out[i].Questions = slices.Clone(out[i].Questions)
		for j := range out[i].Questions {
			q := &out[i].Questions[j]
			q.Options = slices.Clone(q.Options)
			q.Conditions.Rules = slices.Clone(q.Conditions.Rules)
			for r := range q.Conditions.Rules {
				q.Conditions.Rules[r].Values = slices.Clone(q.Conditions.Rules[r].Values)
			}
		}
	}
	return out
}

func currentQuestionnaire(ctx context.Context, q db.Querier, pid, consultationID int64) (Questionnaire, error) {
	var qn Questionnaire
	err := q.QueryRowContext(ctx, `SELECT id, consultation_id, version, reason FROM questionnaires
		WHERE consultation_id = $1`+ofPartnership(2)+` ORDER BY version DESC LIMIT 1`, consultationID, pid).Scan(&qn.ID, &qn.ConsultationID, &qn.Version, &qn.Reason)
	if err != nil {
		return qn, notFound(err)
	}
	return qn, loadQuestionnaire(ctx, q, &qn)
}

func questionnaireByID(ctx context.Context, q db.Querier, pid, consultationID, id int64) (Questionnaire, error) {
	var qn Questionnaire
	err := q.QueryRowContext(ctx, `SELECT id, consultation_id, version, reason FROM questionnaires
		WHERE consultation_id = $1 AND id = $2`+ofPartnership(3), consultationID, id, pid).Scan(&qn.ID, &qn.ConsultationID, &qn.Version, &qn.Reason)
	if err != nil {
		return qn, notFound(err)
	}
	return qn, loadQuestionnaire(ctx, q, &qn)
}

func loadQuestionnaire(ctx context.Context, q db.Querier, qn *Questionnaire) error {
	rows, err := q.QueryContext(ctx, `SELECT id, position, title, title_gd, intro, intro_gd FROM sections
		WHERE questionnaire_id = $1 ORDER BY position, id`, qn.ID)
	if err != nil {
		return err
	}
	idx := map[int64]int{}
	for rows.Next() {
		var s Section
		if err := rows.Scan(&s.ID, &s.Position, &s.Title, &s.TitleGD, &s.Intro, &s.IntroGD); err != nil {
			rows.Close()
			return err
		}
		idx[s.ID] = len(qn.Sections)
		qn.Sections = append(qn.Sections, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT id, section_id, position, code, kind, text, text_gd, hint, hint_gd, required,
		options_json, has_other, max_chars, conditions_json, topic FROM questions WHERE questionnaire_id = $1 ORDER BY position, id`, qn.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var x Question
		var opts, conds string
		if err := rows.Scan(&x.ID, &x.SectionID, &x.Position, &x.Code, &x.Kind, &x.Text, &x.TextGD, &x.Hint, &x.HintGD,
			&x.Required, &opts, &x.HasOther, &x.MaxChars, &conds, &x.Topic); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(opts), &x.Options); err != nil {
			return fmt.Errorf("question %s options: %w", x.Code, err)
		}
		if conds != "" {
			if err := json.Unmarshal([]byte(conds), &x.Conditions); err != nil {
				return fmt.Errorf("question %s conditions: %w", x.Code, err)
			}
		}
		if i, ok := idx[x.SectionID]; ok {
			qn.Sections[i].Questions = append(qn.Sections[i].Questions, x)
		}
	}
	return rows.Err()
}

// ErrLocked means the questionnaire has responses, so changing it needs a
// new version and a reason.
var ErrLocked = errors.New("the questions are locked because responses have been received")

// HasResponses reports whether any response (draft or submitted) uses a
// version of a consultation's questions: once one does, the questions are
// locked.
func (s *Store) HasResponses(ctx context.Context, questionnaireID int64) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM responses WHERE questionnaire_id = $1"+ofPartnership(2),
		questionnaireID, s.p.ID).Scan(&n)
	return n > 0, err
}

// hasResponses reports whether any response (draft or submitted) uses a
// questionnaire version.
func hasResponses(ctx context.Context, q db.Querier, questionnaireID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM responses WHERE questionnaire_id = $1", questionnaireID).Scan(&n)
	return n > 0, err
}

// SaveQuestionnaire stores a consultation's sections and questions. While
// no response uses the current version, it is replaced in place; once one
// does, the questions are locked and the change becomes a new version,
// which needs a reason (otherwise ErrLocked, as a field error on
// "reason"). Responses keep the version they answered.
func (s *Store) SaveQuestionnaire(ctx context.Context, c Consultation, qn Questionnaire, reason string, by audit.Actor) (Questionnaire, error) {
	if errs := ValidateQuestionnaire(qn); len(errs) > 0 {
		return qn, errs
	}
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := ConsultationByID(ctx, tx, s.p.ID, c.ID)
		if err != nil {
			return err
		}
		cur, err := currentQuestionnaire(ctx, tx, s.p.ID, c.ID)
		if err != nil {
			return err
		}
		locked, err := hasResponses(ctx, tx, cur.ID)
		if err != nil {
			return err
		}
		qn.ConsultationID = c.ID
		if locked {
			if strings.TrimSpace(reason) == "" {
				return valid.Errors{{Field: "reason", Message: "Responses have been received, so the questions are locked. Say why they must change: the change will be a new version, and earlier responses keep the questions they answered"}}
			}
			qn.Version = cur.Version + 1
			qn.Reason = strings.TrimSpace(reason)
			if err := tx.QueryRowContext(ctx, `INSERT INTO questionnaires (consultation_id, version, reason, created_by, created_at)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`, c.ID, qn.Version, qn.Reason, by.Name, now).Scan(&qn.ID); err != nil {
				return err
			}
		} else {
			qn.ID, qn.Version, qn.Reason = cur.ID, cur.Version, cur.Reason
			if _, err := tx.ExecContext(ctx, "DELETE FROM questions WHERE questionnaire_id = $1", qn.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM sections WHERE questionnaire_id = $1", qn.ID); err != nil {
				return err
			}
		}
		if err := writeQuestions(ctx, tx, &qn); err != nil {
			return err
		}
		summary := fmt.Sprintf("Changed the questions of %s", c.Title)
		if locked {
			summary = fmt.Sprintf("New version %d of the questions of %s: %s", qn.Version, c.Title, qn.Reason)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: c.PartnershipID, Actor: by, Action: "update", Entity: "questionnaire",
			EntityID: qn.ID, Summary: summary}, nil, qn)
	})
	return qn, err
}

// writeQuestions inserts a questionnaire's sections and questions, in
// order, inside tx.
func writeQuestions(ctx context.Context, tx *db.Tx, qn *Questionnaire) error {
	for si := range qn.Sections {
		s := &qn.Sections[si]
		s.Position = si + 1
		if err := tx.QueryRowContext(ctx, `INSERT INTO sections (questionnaire_id, position, title, title_gd, intro, intro_gd)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, qn.ID, s.Position, s.Title, s.TitleGD, s.Intro, s.IntroGD).Scan(&s.ID); err != nil {
			return err
		}
		for qi := range s.Questions {
			x := &s.Questions[qi]
			x.SectionID, x.Position = s.ID, qi+1
			if x.Options == nil {
				x.Options = []Option{}
			}
			opts, _ := json.Marshal(x.Options)
			conds := ""
			if len(x.Conditions.Rules) > 0 {
				b, _ := json.Marshal(x.Conditions)
				conds = string(b)
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO questions (questionnaire_id, section_id, position, code, kind, text, text_gd,
				hint, hint_gd, required, options_json, has_other, max_chars, conditions_json, topic)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`, qn.ID, s.ID, x.Position, x.Code,
				string(x.Kind), x.Text, x.TextGD, x.Hint, x.HintGD, x.Required, string(opts), x.HasOther, x.MaxChars, conds, x.Topic).Scan(&x.ID); err != nil {
				return fmt.Errorf("save question %s: %w", x.Code, err)
			}
		}
	}
	return nil
}
