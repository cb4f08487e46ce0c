package consult

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/valid"
)

// ErrClosed means the consultation is not open for responses at this time.
var ErrClosed = errors.New("the consultation is not open for responses")

// ErrTokenExpired means a save-and-return link no longer works: the
// response was submitted, or the consultation has closed.
var ErrTokenExpired = errors.New("this link no longer works")

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// NewToken makes the opaque secret in a save-and-return link.
func NewToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// StartDraft creates an online response in progress for the consultation's
// current questions and returns it with its save-and-return token. Only
// the token's hash is stored. The link expires when the consultation
// closes.
func (s *Store) StartDraft(ctx context.Context, c Consultation, lang string) (Response, string, error) {
	now := s.now()
	c, err := s.Consultation(ctx, c.ID)
	if err != nil {
		return Response{}, "", err
	}
	if c.StatusAt(now) != Open {
		return Response{}, "", ErrClosed
	}
	qn, err := s.CurrentQuestionnaire(ctx, c.ID)
	if err != nil {
		return Response{}, "", err
	}
	token := NewToken()
	r := Response{ConsultationID: c.ID, QuestionnaireID: qn.ID, Channel: Online, Language: lang, Answers: Answers{}}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		// Starting a response sweeps away those never sent to the
		// partnership's consultations that have closed since.
		if err := deleteAbandonedDrafts(ctx, tx, s.p.ID, now); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO responses (consultation_id, questionnaire_id, token_hash, channel, language, status,
			created_at, updated_at, expires_at) VALUES ($1, $2, $3, 'online', $4, 'draft', $5, $5, $6) RETURNING id`,
			c.ID, qn.ID, hashToken(token), lang, now, c.ClosesAt).Scan(&r.ID)
	})
	if err != nil {
		return Response{}, "", fmt.Errorf("start response: %w", err)
	}
	return r, token, nil
}

// DeleteAbandonedDrafts deletes the responses never submitted to the
// partnership's consultations that have closed, with their answers and an
// audit entry for each consultation. After closing, a respondent's link
// says "Nothing you entered has been stored" (closed.body): this makes it
// true. It runs when such a link is used, and whenever a response is
// started (StartDraft), so drafts do not outlive their consultation for
// long (issue 10, item 17).
func (s *Store) DeleteAbandonedDrafts(ctx context.Context) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error { return deleteAbandonedDrafts(ctx, tx, s.p.ID, s.now()) })
}

// abandonedBy is the actor of the audit entry for drafts deleted at closing.
var abandonedBy = audit.Actor{Name: "coplan (responses not sent by closing)"}

func deleteAbandonedDrafts(ctx context.Context, tx *db.Tx, pid int64, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.title, COUNT(*) FROM responses r JOIN consultations c ON c.id = r.consultation_id
		WHERE c.partnership_id = $1 AND c.closes_at <= $2 AND r.status = 'draft' GROUP BY c.id, c.title ORDER BY c.id`, pid, now)
	if err != nil {
		return fmt.Errorf("find responses not sent by closing: %w", err)
	}
	type closed struct {
		id    int64
		title string
		n     int
	}
	var cs []closed
	for rows.Next() {
		var c closed
		if err := rows.Scan(&c.id, &c.title, &c.n); err != nil {
			rows.Close()
			return err
		}
		cs = append(cs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range cs {
		if _, err := tx.ExecContext(ctx, "DELETE FROM responses WHERE consultation_id = $1 AND status = 'draft'", c.id); err != nil {
			return fmt.Errorf("delete responses not sent by closing: %w", err)
		}
		if err := audit.Record(ctx, tx, audit.Entry{At: now, PartnershipID: pid, Actor: abandonedBy, Action: "delete", Entity: "consultation",
			EntityID: c.id, Summary: fmt.Sprintf("Deleted %d responses to %s not sent by its closing time", c.n, c.title)}, nil, nil); err != nil {
			return err
		}
	}
	return nil
}

const selectResponse = `SELECT id, consultation_id, questionnaire_id, COALESCE(reference, ''), channel, language, status,
	respondent_type, name, phone, address, postcode, email, COALESCE(locality_id, 0), publish, contact_ok, relationships,
	entered_by, check_status, checked_by, withhold_reason, submitted_at FROM responses`

func scanResponse(s interface{ Scan(...any) error }) (Response, error) {
	return scanResponseWith(s)
}

// scanResponseWith scans a row of selectResponse followed by the columns
// named in more.
func scanResponseWith(s interface{ Scan(...any) error }, more ...any) (Response, error) {
	var r Response
	var status, rels string
	var submitted sql.NullTime
	err := s.Scan(append([]any{&r.ID, &r.ConsultationID, &r.QuestionnaireID, &r.Reference, &r.Channel, &r.Language, &status,
		&r.Respondent.Type, &r.Respondent.Name, &r.Respondent.Phone, &r.Respondent.Address, &r.Respondent.Postcode,
		&r.Respondent.Email, &r.Respondent.LocalityID, &r.Respondent.Publish, &r.Respondent.ContactOK, &rels,
		&r.EnteredBy, &r.Check, &r.CheckedBy, &r.WithholdReason, &submitted}, more...)...)
	r.Submitted = status == "submitted"
	if submitted.Valid {
		r.SubmittedAt = submitted.Time
	}
	r.Respondent.ContactSet = r.Respondent.Publish != "" // the form asks both together
	if rels != "" {
		r.Respondent.Relationships = strings.Split(rels, ",")
	}
	return r, notFound(err)
}

// OpenDraft returns the response in progress behind a save-and-return
// token, with its answers and the consultation it answers, in one query
// (with a second for the answers): ErrTokenExpired once it has been
// submitted, valid.ErrNotFound for no such token (or another
// partnership's). Whether the link still works is for the consultation to
// say: it expires when the consultation closes, judged against the closing
// time now, which staff may have moved since the response began.
//
// The consultation comes without the localities and services it concerns
// (LocalityIDs and FunctionIDs are empty), which the respondent's pages do
// not show; use Consultation for them.
func (s *Store) OpenDraft(ctx context.Context, token string) (Response, Consultation, error) {
	if token == "" {
		return Response{}, Consultation{}, valid.ErrNotFound
	}
	var (
		c       Consultation
		expires time.Time
	)
	dest, finish := consultationDest(&c)
	r, err := scanResponseWith(s.db.QueryRowContext(ctx, selectDraftAndConsultation, hashToken(token), s.p.ID), append([]any{&expires}, dest...)...)
	finish()
	if err != nil {
		return Response{}, Consultation{}, err
	}
	if r.Submitted {
		return Response{}, Consultation{}, ErrTokenExpired
	}
	if r.Answers, err = answersOf(ctx, s.db, "answers", r.ID); err != nil {
		return r, c, err
	}
	r.saved = savedState(r)
	return r, c, nil
}

// selectDraftAndConsultation is selectResponse's columns, the expiry and
// selectConsultation's columns, of a response by its token and the
// partnership's consultation it answers.
const selectDraftAndConsultation = `SELECT r.id, r.consultation_id, r.questionnaire_id, COALESCE(r.reference, ''), r.channel,
	r.language, r.status, r.respondent_type, r.name, r.phone, r.address, r.postcode, r.email, COALESCE(r.locality_id, 0),
	r.publish, r.contact_ok, r.relationships, r.entered_by, r.check_status, r.checked_by, r.withhold_reason, r.submitted_at,
	r.expires_at,
	c.id, c.partnership_id, c.title, c.summary, c.body, c.audience, c.audience_note, c.opens_at, c.closes_at, c.contact,
	c.require_name, c.require_email, c.require_phone, c.require_address, c.require_postcode,
	c.published_at, c.analysed_at, c.reported_at, c.report_url, c.created_at, c.updated_at
	FROM responses r JOIN consultations c ON c.id = r.consultation_id
	WHERE r.token_hash = $1 AND c.partnership_id = $2`

// savedState is a digest of what writeResponse stores of r: the
// respondent's fields, the language and the answers. Equal digests mean
// writing r again would change nothing.
func savedState(r Response) string {
	h := sha256.New()
	rr := r.Respondent
	fmt.Fprintf(h, "%q %q %q %q %q %q %d %q %t %q %q\n", rr.Type, strings.TrimSpace(rr.Name), strings.TrimSpace(rr.Phone),
		strings.TrimSpace(rr.Address), NormalisePostcode(rr.Postcode), strings.TrimSpace(rr.Email), rr.LocalityID, rr.Publish,
		rr.ContactOK, strings.Join(rr.Relationships, ","), r.Language)
	qids := make([]int64, 0, len(r.Answers))
	for qid, a := range r.Answers {
		if !a.Empty() {
			qids = append(qids, qid)
		}
	}
	slices.Sort(qids)
	for _, qid := range qids {
		a := r.Answers[qid]
		fmt.Fprintf(h, "%d %q %q %q\n", qid, strings.Join(a.Choices, "\n"), a.Text, a.OtherText)
	}
	return string(h.Sum(nil))
}

// ReceiptFor is how long after submitting a response its receipt can be
// shown again at its address (a refresh, or the back button): long enough
// to print or save it, short enough that a shared computer's history does
// not show the next person someone else's answers for ever.
const ReceiptFor = time.Hour

// SubmittedByToken returns the response submitted through a
// save-and-return token, with its answers, and what became of the
// respondent's copy, to show its receipt again (a refresh): valid.ErrNotFound
// while it is a draft (or for no such token), and ErrTokenExpired once
// ReceiptFor has passed since it was submitted. The token, a secret only the
// respondent's browser and mail hold, is what keeps the receipt theirs.
func (s *Store) SubmittedByToken(ctx context.Context, token string) (Response, Receipt, error) {
	if token == "" {
		return Response{}, Receipt{}, valid.ErrNotFound
	}
	var status string
	var submitted sql.NullTime
	err := s.db.QueryRowContext(ctx, "SELECT status, submitted_at FROM responses WHERE token_hash = $1"+ofPartnership(2),
		hashToken(token), s.p.ID).Scan(&status, &submitted)
	if err != nil {
		return Response{}, Receipt{}, notFound(err)
	}
	if status != "submitted" {
		return Response{}, Receipt{}, valid.ErrNotFound
	}
	if !submitted.Valid || s.now().Sub(submitted.Time) >= ReceiptFor {
		return Response{}, Receipt{}, ErrTokenExpired
	}
	r, err := scanResponse(s.db.QueryRowContext(ctx, selectResponse+" WHERE token_hash = $1"+ofPartnership(2), hashToken(token), s.p.ID))
	if err != nil {
		return r, Receipt{}, err
	}
	if r.Answers, err = answersOf(ctx, s.db, "answers", r.ID); err != nil {
		return r, Receipt{}, err
	}
	rec := Receipt{Reference: r.Reference}
	if e := r.Respondent.Email; e != "" {
		// The copy carries the reference number (mail.copy.body); without
		// one in the outbox, the address had had its hour's mail.
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE partnership_id = $1 AND LOWER(to_address) = LOWER($2)
			AND body LIKE $3`, s.p.ID, e, "%"+r.Reference+"%").Scan(&n); err != nil {
			return r, rec, err
		}
		if n == 0 {
			rec.Unmailed = []string{e}
		}
	}
	return r, rec, nil
}

func answersOf(ctx context.Context, q db.Querier, table string, responseID int64) (Answers, error) {
	cols := "question_id, choices, text, other_text"
	if table == "redactions" {
		cols = "question_id, '', text, other_text"
	}
	rows, err := q.QueryContext(ctx, "SELECT "+cols+" FROM "+table+" WHERE response_id = $1", responseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	as := Answers{}
	for rows.Next() {
		var a Answer
		var choices string
		if err := rows.Scan(&a.QuestionID, &choices, &a.Text, &a.OtherText); err != nil {
			return nil, err
		}
		if choices != "" {
			a.Choices = strings.Split(choices, "\n")
		}
		as[a.QuestionID] = a
	}
	return as, rows.Err()
}

// writeResponse stores a response's respondent information and replaces its
// answers, inside tx.
func writeResponse(ctx context.Context, tx *db.Tx, r Response, now time.Time) error {
	rr := r.Respondent
	if _, err := tx.ExecContext(ctx, `UPDATE responses SET respondent_type = $1, name = $2, phone = $3, address = $4,
		postcode = $5, email = $6, locality_id = $7, publish = $8, contact_ok = $9, relationships = $10, language = $11,
		updated_at = $12 WHERE id = $13`, string(rr.Type), strings.TrimSpace(rr.Name), strings.TrimSpace(rr.Phone),
		strings.TrimSpace(rr.Address), NormalisePostcode(rr.Postcode), strings.TrimSpace(rr.Email), nullID(rr.LocalityID),
		string(rr.Publish), rr.ContactOK, strings.Join(rr.Relationships, ","), r.Language, now, r.ID); err != nil {
		return fmt.Errorf("save response: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM answers WHERE response_id = $1", r.ID); err != nil {
		return err
	}
	// One statement for all the answers: on the submit path at a closing
	// peak every round trip to the database counts.
	var sb strings.Builder
	var args []any
	for qid, a := range r.Answers {
		if a.Empty() {
			continue
		}
		if len(args) > 0 {
			sb.WriteString(", ")
		}
		n := len(args)
		fmt.Fprintf(&sb, "($%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5)
		args = append(args, r.ID, qid, strings.Join(a.Choices, "\n"), a.Text, a.OtherText)
	}
	if len(args) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO answers (response_id, question_id, choices, text, other_text) VALUES "+sb.String(), args...); err != nil {
		return fmt.Errorf("save answers: %w", err)
	}
	return nil
}

// SaveDraft stores a response in progress (its answers so far and its
// respondent information, placed in the locality of the postcode given),
// as long as the consultation is open.
func (s *Store) SaveDraft(ctx context.Context, c Consultation, r Response) error {
	now := s.now()
	if c.StatusAt(now) != Open {
		return ErrClosed
	}
	if errs := ValidateLengths(Questionnaire{}, r, english()); len(errs) > 0 {
		return errs
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var status string
		if err := tx.QueryRowContext(ctx, "SELECT status FROM responses WHERE id = $1 AND consultation_id = $2"+ofPartnership(3),
			r.ID, c.ID, s.p.ID).Scan(&status); err != nil {
			return notFound(err)
		}
		if status != "draft" {
			return ErrTokenExpired
		}
		if err := placeRespondent(ctx, tx, s.p.ID, &r.Respondent); err != nil {
			return err
		}
		return writeResponse(ctx, tx, r, now)
	})
}

// LocalityFor derives a locality from a postcode through the partnership's
// postcode districts, or 0.
func (s *Store) LocalityFor(ctx context.Context, postcode string) (int64, error) {
	return localityFor(ctx, s.db, s.p.ID, postcode)
}

// placeRespondent puts a respondent who gave a postcode in the locality
// it is in (LocalityFor); one who gave none, or one the partnership does
// not map, keeps the locality they stated (or none).
func placeRespondent(ctx context.Context, q db.Querier, pid int64, rr *Respondent) error {
	if strings.TrimSpace(rr.Postcode) == "" {
		return nil
	}
	id, err := localityFor(ctx, q, pid, rr.Postcode)
	if id != 0 {
		rr.LocalityID = id
	}
	return err
}

func localityFor(ctx context.Context, q db.Querier, pid int64, postcode string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, "SELECT locality_id FROM postcode_districts WHERE partnership_id = $1 AND district = $2",
		pid, District(postcode)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// EnterResponse stores a response that staff entered from another channel
// (paper, email, event, focus group, interview), submitted at once, with an
// audit entry; a respondent who gave a postcode is placed in its
// locality. Staff may enter responses after closing: they were received
// in time on paper or at an event. One entered after closing is late
// (Consultation.Late): considered like the rest, counted apart.
func (s *Store) EnterResponse(ctx context.Context, c Consultation, r Response, prefix string, by audit.Actor) (Response, error) {
	if r.Channel == Online || r.Channel == "" {
		return r, valid.Errors{{Field: "channel", Message: "Select how the response was received"}}
	}
	if errs := ValidateLengths(Questionnaire{}, r, english()); len(errs) > 0 {
		return r, errs
	}
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := ConsultationByID(ctx, tx, s.p.ID, c.ID)
		if err != nil {
			return err
		}
		r, err = insertEntered(ctx, tx, c, r, prefix, by, now)
		return err
	})
	return r, err
}

// insertEntered stores a response staff entered, inside tx; c must be of
// the store's partnership (read in tx).
func insertEntered(ctx context.Context, tx *db.Tx, c Consultation, r Response, prefix string, by audit.Actor, now time.Time) (Response, error) {
	qn, err := currentQuestionnaire(ctx, tx, c.PartnershipID, c.ID)
	if err != nil {
		return r, err
	}
	if err := placeRespondent(ctx, tx, c.PartnershipID, &r.Respondent); err != nil {
		return r, err
	}
	r.ConsultationID, r.QuestionnaireID, r.Reference, r.Submitted, r.EnteredBy, r.SubmittedAt = c.ID, qn.ID, NewReference(prefix), true, by.Name, now
	if r.Language == "" {
		r.Language = "en"
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO responses (consultation_id, questionnaire_id, reference, channel, language, status,
		entered_by, created_at, updated_at, submitted_at, expires_at) VALUES ($1, $2, $3, $4, $5, 'submitted', $6, $7, $7, $7, $8)
		RETURNING id`, c.ID, qn.ID, r.Reference, string(r.Channel), r.Language, by.Name, now, c.ClosesAt).Scan(&r.ID); err != nil {
		return r, fmt.Errorf("enter response: %w", err)
	}
	if err := writeResponse(ctx, tx, r, now); err != nil {
		return r, err
	}
	return r, audit.Record(ctx, tx, audit.Entry{At: now, PartnershipID: c.PartnershipID, Actor: by, Action: "create", Entity: "response",
		EntityID: r.ID, Summary: fmt.Sprintf("Entered a %s response to %s (%s)", strings.ToLower(r.Channel.Name()), c.Title, r.Reference)}, nil, nil)
}

// Responses returns a consultation's submitted responses with their
// answers and redactions, oldest first, all in memory: for tests and
// checks of a few responses. No page or download uses it: they read a
// page (ListResponses), counts (Tally, FiguresOf) or a chunk at a time
// (EachResponse, LoadExport), so that their memory does not grow with the
// consultation.
func (s *Store) Responses(ctx context.Context, consultationID int64) ([]Response, error) {
	return Responses(ctx, s.db, s.p.ID, consultationID)
}

// Responses returns the submitted responses of partnership pid's
// consultation, with their answers and redactions, oldest first, all in
// memory, as Store.Responses: for tests. Another room reading inside its
// own transaction uses EachResponse, ResponsesByID or FiguresOf. A
// consultation of another partnership has none.
func Responses(ctx context.Context, q db.Querier, pid, consultationID int64) ([]Response, error) {
	var rs []Response
	err := EachResponse(ctx, q, pid, consultationID, func(r Response) error {
		rs = append(rs, r)
		return nil
	})
	return rs, err
}

// EachResponse calls fn with each submitted response of partnership pid's
// consultation, with its answers and redactions, oldest first, reading
// them a chunk at a time: memory holds one chunk, not the consultation.
// An error from fn stops it and is returned.
func EachResponse(ctx context.Context, q db.Querier, pid, consultationID int64, fn func(Response) error) error {
	ids, err := responseIDs(ctx, q, "SELECT id FROM responses WHERE consultation_id = $1 AND status = 'submitted'"+ofPartnership(2)+
		" ORDER BY submitted_at, id", consultationID, pid)
	if err != nil {
		return err
	}
	return eachResponse(ctx, q, pid, ids, fn)
}

// ResponsesByID returns the submitted responses of partnership pid with
// the given ids (in that order, those not found left out), with their
// answers and redactions: for another room that cites some responses (the
// plan's views), at a cost that follows how many it cites, not how many
// the consultation had.
func ResponsesByID(ctx context.Context, q db.Querier, pid int64, ids []int64) ([]Response, error) {
	var rs []Response
	err := eachResponse(ctx, q, pid, ids, func(r Response) error {
		rs = append(rs, r)
		return nil
	})
	return rs, err
}

// responseChunk is how many responses eachResponse reads at once: few
// enough that a chunk with its answers takes a few megabytes, many enough
// that the round trips do not count.
const responseChunk = 500

// responseIDs runs a query of response ids, in its order. Only the ids of
// a consultation's responses are held (8 bytes each: under a megabyte for
// 100,000), not the responses.
func responseIDs(ctx context.Context, q db.Querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list responses: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// eachResponse reads the responses ids of partnership pid, responseChunk
// at a time, each with its answers and redactions, and calls fn with each
// in the order of ids. Every query ends before the next begins, so it
// also works inside a transaction; a response deleted meanwhile is
// skipped.
func eachResponse(ctx context.Context, q db.Querier, pid int64, ids []int64, fn func(Response) error) error {
	for len(ids) > 0 {
		chunk := ids[:min(responseChunk, len(ids))]
		ids = ids[len(chunk):]
		rs, err := responseChunkOf(ctx, q, pid, chunk)
		if err != nil {
			return err
		}
		for _, id := range chunk {
			r, ok := rs[id]
			if !ok {
				continue
			}
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// inList is the placeholders of an IN list of ids, numbered from $start,
// and their arguments.
func inList(start int, ids []int64) (string, []any) {
	var sb strings.Builder
	args := make([]any, len(ids))
	for i, id := range ids {
		if i > 0 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "$%d", start+i)
		args[i] = id
	}
	return sb.String(), args
}

// responseChunkOf reads the responses ids of partnership pid with their
// answers and redactions.
func responseChunkOf(ctx context.Context, q db.Querier, pid int64, ids []int64) (map[int64]Response, error) {
	in, args := inList(2, ids)
	args = append([]any{pid}, args...)
	rows, err := q.QueryContext(ctx, selectResponse+" WHERE id IN ("+in+") AND status = 'submitted'"+ofPartnership(1), args...)
	if err != nil {
		return nil, fmt.Errorf("read responses: %w", err)
	}
	rs := make(map[int64]Response, len(ids))
	for rows.Next() {
		r, err := scanResponse(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		r.Answers, r.Redactions = Answers{}, Answers{}
		rs[r.ID] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The ids were read for this partnership, and the responses above
	// again with its check: answers are kept only for those found.
	in, args = inList(1, ids)
	for _, t := range []string{"answers", "redactions"} {
		choices := "choices"
		if t == "redactions" {
			choices = "''"
		}
		rows, err := q.QueryContext(ctx, "SELECT response_id, question_id, "+choices+", text, other_text FROM "+t+
			" WHERE response_id IN ("+in+")", args...)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", t, err)
		}
		for rows.Next() {
			var rid int64
			var a Answer
			var ch string
			if err := rows.Scan(&rid, &a.QuestionID, &ch, &a.Text, &a.OtherText); err != nil {
				rows.Close()
				return nil, err
			}
			if ch != "" {
				a.Choices = strings.Split(ch, "\n")
			}
			r, ok := rs[rid]
			if !ok {
				continue
			}
			if t == "answers" {
				r.Answers[a.QuestionID] = a
			} else {
				r.Redactions[a.QuestionID] = a
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return rs, nil
}

// Response returns one submitted response of a consultation, with its
// answers and redactions.
func (s *Store) Response(ctx context.Context, consultationID, id int64) (Response, error) {
	return responseByID(ctx, s.db, s.p.ID, consultationID, id)
}

func responseByID(ctx context.Context, q db.Querier, pid, consultationID, id int64) (Response, error) {
	r, err := scanResponse(q.QueryRowContext(ctx, selectResponse+" WHERE consultation_id = $1 AND id = $2 AND status = 'submitted'"+
		ofPartnership(3), consultationID, id, pid))
	if err != nil {
		return r, err
	}
	if r.Answers, err = answersOf(ctx, q, "answers", r.ID); err != nil {
		return r, err
	}
	r.Redactions, err = answersOf(ctx, q, "redactions", r.ID)
	return r, err
}

// SetCheck records staff's check of a response before publication: accept
// it, redact it (redactions hold the replacement text per question; the
// original answers are never altered) or withhold it with a reason.
func (s *Store) SetCheck(ctx context.Context, c Consultation, responseID int64, status CheckStatus, reason string, redactions Answers, by audit.Actor) error {
	switch {
	case status == Withheld && strings.TrimSpace(reason) == "":
		return valid.Errors{{Field: "reason", Message: "Say why the response is withheld"}}
	case status == Redacted && len(redactions) == 0:
		return valid.Errors{{Field: "redactions", Message: "Change at least one answer to redact it, or accept the response as it is"}}
	case status != Accepted && status != Redacted && status != Withheld && status != Unchecked:
		return valid.Errors{{Field: "status", Message: "Select accept, redact or withhold"}}
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := ConsultationByID(ctx, tx, s.p.ID, c.ID)
		if err != nil {
			return err
		}
		r, err := responseByID(ctx, tx, s.p.ID, c.ID, responseID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM redactions WHERE response_id = $1", r.ID); err != nil {
			return err
		}
		if status == Redacted {
			for qid, a := range redactions {
				if _, ok := r.Answers[qid]; !ok {
					return valid.Errors{{Field: "redactions", Message: "A redaction must replace an answer the respondent gave"}}
				}
				if _, err := tx.ExecContext(ctx, "INSERT INTO redactions (response_id, question_id, text, other_text) VALUES ($1, $2, $3, $4)",
					r.ID, qid, a.Text, a.OtherText); err != nil {
					return err
				}
			}
		}
		if status != Withheld {
			reason = ""
		}
		if _, err := tx.ExecContext(ctx, `UPDATE responses SET check_status = $1, checked_by = $2, checked_at = $3, withhold_reason = $4
			WHERE id = $5`, string(status), by.Name, now, reason, r.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: c.PartnershipID, Actor: by, Action: "check", Entity: "response",
			EntityID: r.ID, Summary: fmt.Sprintf("Checked response %s to %s: %s", r.Reference, c.Title, status)},
			map[string]any{"check": r.Check}, map[string]any{"check": status, "reason": reason})
	})
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
