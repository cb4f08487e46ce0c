package consult

import (
	"context"
	"fmt"
	"strings"

	"coplan/internal/audit"
	"coplan/internal/db"
)

// EnterResponses stores many responses staff entered from other channels
// at once, as one import: one transaction, one audit entry for them all.
// It is for a caller that already holds the responses as values (the
// demo's consultation of thousands of responses) and is written for
// speed: the questions and the postcode districts are read once, each
// response is one INSERT, and the answers of a hundred responses are one
// more. Each response is checked by ValidateEntered first; the first bad
// one stops the lot. A respondent who gave a postcode is placed in its
// locality, as EnterResponse does. A response given with Check Accepted
// is stored as checked and accepted by the one entering it (staff who key
// in paper responses and check them as they go); any other Check is
// entered unchecked, to be checked with SetCheck.
func (s *Store) EnterResponses(ctx context.Context, c Consultation, rs []Response, prefix string, by audit.Actor) ([]Response, error) {
	qn, err := s.CurrentQuestionnaire(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for i, r := range rs {
		if errs := ValidateEntered(qn, r, english()); len(errs) > 0 {
			return nil, fmt.Errorf("response %d: %w", i+1, errs)
		}
	}
	now := s.now()
	out := make([]Response, len(rs))
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := ConsultationByID(ctx, tx, s.p.ID, c.ID)
		if err != nil {
			return err
		}
		cur, err := currentQuestionnaire(ctx, tx, s.p.ID, c.ID)
		if err != nil {
			return err
		}
		if cur.ID != qn.ID {
			return fmt.Errorf("the questions changed while the responses were being entered")
		}
		districts := map[string]int64{}
		rows, err := tx.QueryContext(ctx, "SELECT district, locality_id FROM postcode_districts WHERE partnership_id = $1", s.p.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var d string
			var id int64
			if err := rows.Scan(&d, &id); err != nil {
				rows.Close()
				return err
			}
			districts[d] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var sb strings.Builder
		var args []any
		flush := func() error {
			if len(args) == 0 {
				return nil
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO answers (response_id, question_id, choices, text, other_text) VALUES "+sb.String(), args...)
			sb.Reset()
			args = args[:0]
			return err
		}
		for i, r := range rs {
			rr := &r.Respondent
			if id := districts[District(rr.Postcode)]; strings.TrimSpace(rr.Postcode) != "" && id != 0 {
				rr.LocalityID = id
			}
			r.ConsultationID, r.QuestionnaireID, r.Reference, r.Submitted, r.EnteredBy, r.SubmittedAt = c.ID, qn.ID, NewReference(prefix), true, by.Name, now
			if r.Language == "" {
				r.Language = "en"
			}
			check, checkedBy, checkedAt := Unchecked, "", any(nil)
			if r.Check == Accepted {
				check, checkedBy, checkedAt = Accepted, by.Name, now
			}
			r.Check, r.CheckedBy = check, checkedBy
			if err := tx.QueryRowContext(ctx, `INSERT INTO responses (consultation_id, questionnaire_id, reference, channel, language, status,
				entered_by, created_at, updated_at, submitted_at, expires_at, respondent_type, name, phone, address, postcode, email, locality_id,
				publish, contact_ok, relationships, check_status, checked_by, checked_at) VALUES ($1, $2, $3, $4, $5, 'submitted', $6, $7, $7, $7, $8,
				$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id`, c.ID, qn.ID, r.Reference, string(r.Channel), r.Language, by.Name, now, c.ClosesAt,
				string(rr.Type), strings.TrimSpace(rr.Name), strings.TrimSpace(rr.Phone), strings.TrimSpace(rr.Address), NormalisePostcode(rr.Postcode),
				strings.TrimSpace(rr.Email), nullID(rr.LocalityID), string(rr.Publish), rr.ContactOK, strings.Join(rr.Relationships, ","),
				string(check), checkedBy, checkedAt).Scan(&r.ID); err != nil {
				return fmt.Errorf("enter response: %w", err)
			}
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
			if i%100 == 99 {
				if err := flush(); err != nil {
					return fmt.Errorf("save answers: %w", err)
				}
			}
			out[i] = r
		}
		if err := flush(); err != nil {
			return fmt.Errorf("save answers: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, PartnershipID: c.PartnershipID, Actor: by, Action: "import", Entity: "consultation",
			EntityID: c.ID, Summary: fmt.Sprintf("Entered %d responses to %s", len(rs), c.Title)}, nil, map[string]any{"responses": len(rs)})
	})
	return out, err
}
