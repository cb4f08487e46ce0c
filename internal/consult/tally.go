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
	// At most channels × check statuses × preferences rows (6 × 4 × 4).
	rows, err := s.db.QueryContext(ctx, `SELECT r.channel, r.check_status, r.publish, COUNT(*),
		SUM(CASE WHEN r.submitted_at >= c.closes_at THEN 1 ELSE 0 END)
		FROM responses r JOIN consultations c ON c.id = r.consultation_id
		WHERE r.consultation_id = $1 AND r.status = 'submitted' AND c.partnership_id = $2
		GROUP BY r.channel, r.check_status, r.publish`, consultationID, s.p.ID)
	if err != nil {
		return Tally{}, fmt.Errorf("count responses: %w", err)
	}
	defer rows.Close()
	t := Tally{ByChannel: map[Channel]int{}}
	for rows.Next() {
		var ch Channel
		var check CheckStatus
		var publish Publish
		var n, late int
		if err := rows.Scan(&ch, &check, &publish, &n, &late); err != nil {
			return Tally{}, err
		}
		t.Total += n
		t.Late += late
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
