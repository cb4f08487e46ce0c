package consult

import (
	"context"
	"fmt"
)

// Tally is what the staff's list of a consultation's responses says of
// all of them, counted by the database, so that the page costs the same
// at 10 responses or 100,000.
type Tally struct {
	Total       int
	ToCheck     int // not checked yet
	Publishable int // as Publishable allows: checked, accepted or redacted, and the respondent agreed
	Withheld    int
	Late        int // entered after closing (Consultation.Late)
	ByChannel   map[Channel]int
}

// Tally counts a consultation's submitted responses.
func (s *Store) Tally(ctx context.Context, consultationID int64) (Tally, error) {
	// Two queries that each read one index in its order: the counts by
	// check, preference and channel (at most 4 × 4 × 6 rows), grouped in
	// the order of responses_tally; and those entered after closing, a
	// range of responses_submitted.
	t := Tally{ByChannel: map[Channel]int{}}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM responses r JOIN consultations c ON c.id = r.consultation_id
		WHERE r.consultation_id = $1 AND r.status = 'submitted' AND r.submitted_at >= c.closes_at AND c.partnership_id = $2`,
		consultationID, s.p.ID).Scan(&t.Late); err != nil {
		return Tally{}, fmt.Errorf("count late responses: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT check_status, publish, channel, COUNT(*) FROM responses
		WHERE consultation_id = $1 AND status = 'submitted'`+ofPartnership(2)+`
		GROUP BY check_status, publish, channel`, consultationID, s.p.ID)
	if err != nil {
		return Tally{}, fmt.Errorf("count responses: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ch Channel
		var check CheckStatus
		var publish Publish
		var n int
		if err := rows.Scan(&check, &publish, &ch, &n); err != nil {
			return Tally{}, err
		}
		t.Total += n
		t.ByChannel[ch] += n
		switch check {
		case Unchecked:
			t.ToCheck += n
		case Withheld:
			t.Withheld += n
		}
		// Publishable, in counts: every response here is submitted.
		if ok, _ := (Respondent{Publish: publish}).Published(); ok && (check == Accepted || check == Redacted) {
			t.Publishable += n
		}
	}
	return t, rows.Err()
}

// ListResponses lists limit of a consultation's submitted responses from
// offset, oldest first: those not checked yet, or those checked when
// checked is true. They come without their answers, for a list.
func (s *Store) ListResponses(ctx context.Context, consultationID int64, checked bool, offset, limit int) ([]Response, error) {
	op := "="
	if checked {
		op = "<>"
	}
	rows, err := s.db.QueryContext(ctx, selectResponse+" WHERE consultation_id = $1 AND status = 'submitted' AND check_status "+op+
		" 'unchecked'"+ofPartnership(2)+" ORDER BY submitted_at, id LIMIT $3 OFFSET $4", consultationID, s.p.ID, limit, max(offset, 0))
	if err != nil {
		return nil, fmt.Errorf("list responses: %w", err)
	}
	defer rows.Close()
	var out []Response
	for rows.Next() {
		r, err := scanResponse(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
