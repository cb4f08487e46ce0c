package consult

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// TextAnswer is one submitted answer to a free-text question, with what
// deciding whether it may be quoted needs (the respondent's publishing
// preference, the checking state and any redaction): the analysis room
// counts every one, and quotes only through consult.Publishable.
type TextAnswer struct {
	ResponseID int64
	QuestionID int64
	Reference  string
	Text       string // as the respondent wrote it, never redacted
	Language   string // the response's language, "en" or "gd"
	Channel    Channel
	Respondent Respondent // Type, Name and Publish only
	Check      CheckStatus
	Redacted   bool   // a redaction was made for this answer
	Redaction  string // the redacted text, when Redacted
}

// Response is the answer as a response holding only it, for
// consult.Publishable to judge.
func (a TextAnswer) Response() Response {
	r := Response{ID: a.ResponseID, Reference: a.Reference, Channel: a.Channel, Language: a.Language, Submitted: true,
		Respondent: a.Respondent, Check: a.Check,
		Answers: Answers{a.QuestionID: {QuestionID: a.QuestionID, Text: a.Text}}}
	if a.Redacted {
		r.Redactions = Answers{a.QuestionID: {QuestionID: a.QuestionID, Text: a.Redaction}}
	}
	return r
}

// TextQuestions lists the free-text questions of partnership pid's
// consultation, over every version of its questionnaire (oldest version
// first, then in the form's order): responses to an earlier version answer
// that version's questions.
func TextQuestions(ctx context.Context, q db.Querier, pid, consultationID int64) ([]Question, error) {
	rows, err := q.QueryContext(ctx, `SELECT qs.id, qs.section_id, qs.position, qs.code, qs.text, qs.text_gd, qs.hint, qs.max_chars
		FROM questions qs JOIN questionnaires qn ON qn.id = qs.questionnaire_id
		JOIN consultations c ON c.id = qn.consultation_id
		WHERE c.partnership_id = $1 AND c.id = $2 AND qs.kind = 'text'
		ORDER BY qn.version, qs.position, qs.id`, pid, consultationID)
	if err != nil {
		return nil, fmt.Errorf("list text questions: %w", err)
	}
	defer rows.Close()
	var out []Question
	for rows.Next() {
		x := Question{Kind: Text}
		if err := rows.Scan(&x.ID, &x.SectionID, &x.Position, &x.Code, &x.Text, &x.TextGD, &x.Hint, &x.MaxChars); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

const selectTextAnswers = `SELECT r.id, a.question_id, COALESCE(r.reference, ''), a.text, r.language, r.channel,
	r.respondent_type, r.name, r.publish, r.check_status, x.response_id IS NOT NULL, COALESCE(x.text, '')
	FROM answers a JOIN responses r ON r.id = a.response_id
	JOIN consultations c ON c.id = r.consultation_id
	LEFT JOIN redactions x ON x.response_id = a.response_id AND x.question_id = a.question_id
	WHERE c.partnership_id = $1 AND r.consultation_id = $2 AND a.question_id = $3
	AND r.status = 'submitted' AND a.text <> ''`

func scanTextAnswer(sc interface{ Scan(...any) error }) (TextAnswer, error) {
	var a TextAnswer
	var typ, pub, check, ch string
	err := sc.Scan(&a.ResponseID, &a.QuestionID, &a.Reference, &a.Text, &a.Language, &ch, &typ, &a.Respondent.Name, &pub,
		&check, &a.Redacted, &a.Redaction)
	a.Respondent.Type, a.Respondent.Publish, a.Check, a.Channel = RespondentType(typ), Publish(pub), CheckStatus(check), Channel(ch)
	return a, err
}

// EachTextAnswer streams every submitted, non-blank answer to free-text
// question questionID of partnership pid's consultation to fn, in
// response id order, holding one at a time. fn must not use q (on SQLite
// a transaction has one connection, busy with the rows). An error from fn
// stops the stream and is returned.
func EachTextAnswer(ctx context.Context, q db.Querier, pid, consultationID, questionID int64, fn func(TextAnswer) error) error {
	rows, err := q.QueryContext(ctx, selectTextAnswers+` ORDER BY r.id`, pid, consultationID, questionID)
	if err != nil {
		return fmt.Errorf("read text answers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanTextAnswer(rows)
		if err != nil {
			return err
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return rows.Err()
}

// TextAnswersPage is one page of EachTextAnswer's answers (at most limit,
// after skipping offset) and how many there are in all, for paging
// through them one or a few at a time.
func TextAnswersPage(ctx context.Context, q db.Querier, pid, consultationID, questionID int64, offset, limit int) ([]TextAnswer, int, error) {
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+selectTextAnswers+`) t`, pid, consultationID, questionID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count text answers: %w", err)
	}
	rows, err := q.QueryContext(ctx, selectTextAnswers+fmt.Sprintf(` ORDER BY r.id LIMIT %d OFFSET %d`, max(limit, 0), max(offset, 0)),
		pid, consultationID, questionID)
	if err != nil {
		return nil, 0, fmt.Errorf("read text answers: %w", err)
	}
	defer rows.Close()
	var out []TextAnswer
	for rows.Next() {
		a, err := scanTextAnswer(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

// TextAnswerOf is one response's submitted answer to free-text question
// questionID, or valid.ErrNotFound.
func TextAnswerOf(ctx context.Context, q db.Querier, pid, consultationID, questionID, responseID int64) (TextAnswer, error) {
	a, err := scanTextAnswer(q.QueryRowContext(ctx, selectTextAnswers+` AND r.id = $4`, pid, consultationID, questionID, responseID))
	return a, notFound(err)
}

// TextAnswersOf reads the submitted answers of the given responses to
// question questionID (those not found are left out), by response id.
func TextAnswersOf(ctx context.Context, q db.Querier, pid, consultationID, questionID int64, responseIDs []int64) (map[int64]TextAnswer, error) {
	out := map[int64]TextAnswer{}
	for len(responseIDs) > 0 {
		n := min(len(responseIDs), 500)
		ids := make([]string, n)
		for i, id := range responseIDs[:n] {
			ids[i] = fmt.Sprint(id)
		}
		responseIDs = responseIDs[n:]
		rows, err := q.QueryContext(ctx, selectTextAnswers+` AND r.id IN (`+strings.Join(ids, ",")+`)`, pid, consultationID, questionID)
		if err != nil {
			return nil, fmt.Errorf("read text answers: %w", err)
		}
		for rows.Next() {
			a, err := scanTextAnswer(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[a.ResponseID] = a
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// GroupDimensions are the ways partnership p's consultation's respondents
// can be grouped, as ReachOf counts them (type, connection, locality,
// channel, language, then each closed question asked from the question
// bank), without counts: for the analysis room's framework matrix.
func GroupDimensions(ctx context.Context, q db.Querier, p partnership.Partnership, consultationID int64) ([]Breakdown, error) {
	qn, err := currentQuestionnaire(ctx, q, p.ID, consultationID)
	if err != nil && !errors.Is(err, valid.ErrNotFound) {
		return nil, err
	}
	return Dimensions(p, qn), nil
}

// ResponseGroups says which groups of one of ReachOf's dimensions (its
// key, as GroupDimensions lists them) each submitted response of partnership
// p's consultation is in, counted as ReachOf counts (late responses
// included): the dimension with its groups and their counts, and by
// response id the values of the groups the response is in ("" for the
// blank group). valid.ErrNotFound for an unknown key.
func ResponseGroups(ctx context.Context, q db.Querier, p partnership.Partnership, consultationID int64, key string) (Breakdown, map[int64][]string, error) {
	qn, err := currentQuestionnaire(ctx, q, p.ID, consultationID)
	if err != nil && !errors.Is(err, valid.ErrNotFound) {
		return Breakdown{}, nil, err
	}
	dims := reachDimensions(p, nil, qn)
	i := slices.IndexFunc(dims, func(d dimension) bool { return d.key == key })
	if i < 0 {
		return Breakdown{}, nil, valid.ErrNotFound
	}
	d := dims[i]
	args := []any{consultationID, p.ID}
	expr, join := d.expr, ""
	if d.code != "" {
		args = append(args, d.code)
		join = ` LEFT JOIN answers d ON d.response_id = r.id AND d.question_id IN (SELECT q.id FROM questions q
			JOIN questionnaires qn ON qn.id = q.questionnaire_id WHERE qn.consultation_id = $1 AND q.code = $3)`
	}
	rows, err := q.QueryContext(ctx, `SELECT r.id, `+expr+` FROM responses r JOIN consultations c ON c.id = r.consultation_id`+join+`
		WHERE r.consultation_id = $1 AND c.partnership_id = $2 AND r.status = 'submitted'`, args...)
	if err != nil {
		return Breakdown{}, nil, fmt.Errorf("group responses by %s: %w", key, err)
	}
	defer rows.Close()
	out, counts := map[int64][]string{}, map[string]int{}
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return Breakdown{}, nil, err
		}
		out[id] = split(v, d.sep)
		for _, x := range out[id] {
			counts[x]++
		}
	}
	b := Breakdown{Key: d.key, Name: d.name, Multiple: d.multiple, Flagged: d.flagged, Groups: groupsOf(d, counts)}
	return b, out, rows.Err()
}
