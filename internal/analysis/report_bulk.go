package analysis

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/valid"
)

// CodeWholeAnswers records one coder's coding of many answers to question
// questionID at once: for each response in codes, the codes applied to
// its whole answer (none is an answer read and found to fit no theme),
// and every one marked as coded by who. It is one transaction with one
// audit entry, for loading a coded project quickly (the demo's 2,000
// answers by two coders); a person codes answer by answer with Code. The
// codes must be of the consultation's codebook; answers already coded by
// who are left as they are.
func (s *Store) CodeWholeAnswers(ctx context.Context, consultationID, questionID int64, codes map[int64][]int64, who audit.Actor) (int, error) {
	responses := make([]int64, 0, len(codes))
	for id := range codes {
		responses = append(responses, id)
	}
	slices.Sort(responses)
	n := 0
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		n = 0
		if _, err := s.consultation(ctx, tx, consultationID); err != nil {
			return err
		}
		b, err := s.codebook(ctx, tx, consultationID)
		if err != nil {
			return err
		}
		book, err := s.codes(ctx, tx, consultationID)
		if err != nil {
			return err
		}
		known := map[int64]bool{}
		for _, c := range book {
			known[c.ID] = c.CodebookID == b.ID
		}
		done := map[int64]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT response_id FROM coded_answers WHERE partnership_id = $1 AND consultation_id = $2
			AND question_id = $3 AND coder_id = $4`, s.p.ID, consultationID, questionID, who.UserID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			done[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// The answers must be submitted answers to the question, of this
		// partnership's consultation.
		answered := map[int64]bool{}
		rows, err = tx.QueryContext(ctx, `SELECT a.response_id FROM answers a JOIN responses r ON r.id = a.response_id
			JOIN consultations c ON c.id = r.consultation_id
			WHERE c.partnership_id = $1 AND r.consultation_id = $2 AND a.question_id = $3 AND r.status = 'submitted' AND a.text <> ''`,
			s.p.ID, consultationID, questionID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			answered[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		now := s.now()
		var kb, mb strings.Builder
		var kargs, margs []any
		flush := func() error {
			if len(kargs) > 0 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO codings (partnership_id, consultation_id, response_id, question_id, code_id,
					coder_id, coder_name, extract, created_at) VALUES `+kb.String(), kargs...); err != nil {
					return fmt.Errorf("add codings: %w", err)
				}
			}
			if len(margs) > 0 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO coded_answers (partnership_id, consultation_id, response_id, question_id, coder_id,
					coder_name, coded_at) VALUES `+mb.String(), margs...); err != nil {
					return fmt.Errorf("mark coded: %w", err)
				}
			}
			kb.Reset()
			mb.Reset()
			kargs, margs = kargs[:0], margs[:0]
			return nil
		}
		for i, rid := range responses {
			if done[rid] {
				continue
			}
			if !answered[rid] {
				return valid.Errors{{Field: "responses", Message: fmt.Sprintf("Response %d has no answer to this question", rid)}}
			}
			for _, code := range codes[rid] {
				if !known[code] {
					return valid.Errors{{Field: "codes", Message: "Select themes from this consultation's codebook"}}
				}
				if len(kargs) > 0 {
					kb.WriteString(", ")
				}
				k := len(kargs)
				fmt.Fprintf(&kb, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, '', $%d)", k+1, k+2, k+3, k+4, k+5, k+6, k+7, k+8)
				kargs = append(kargs, s.p.ID, consultationID, rid, questionID, code, who.UserID, who.Name, now)
				n++
			}
			if len(margs) > 0 {
				mb.WriteString(", ")
			}
			m := len(margs)
			fmt.Fprintf(&mb, "($%d, $%d, $%d, $%d, $%d, $%d, $%d)", m+1, m+2, m+3, m+4, m+5, m+6, m+7)
			margs = append(margs, s.p.ID, consultationID, rid, questionID, who.UserID, who.Name, now)
			if i%100 == 99 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		return s.record(ctx, tx, who, "code", consultationID, fmt.Sprintf("Coded %d answers to question %d with %d codings", len(responses), questionID, n),
			nil, map[string]any{"answers": len(responses), "codings": n})
	})
	return n, err
}
