package consult

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Waiting is a submitted response no officer has checked yet, as the
// partnership's one checking queue lists it.
type Waiting struct {
	ResponseID, ConsultationID int64
	Reference                  string
	Consultation               string // its consultation's title
	Channel                    Channel
	SubmittedAt                time.Time
}

// Queue is one page of the checking queue, and how many responses wait in
// all.
type Queue struct {
	Waiting []Waiting // oldest first
	Total   int
}

const waitingWhere = ` FROM responses r JOIN consultations c ON c.id = r.consultation_id
	WHERE c.partnership_id = $1 AND r.status = 'submitted' AND r.check_status = 'unchecked'`

// CheckingQueue lists limit of the responses waiting to be checked across
// all the partnership's consultations, oldest first, from offset, with the
// number waiting in all (counted by the database).
func (s *Store) CheckingQueue(ctx context.Context, offset, limit int) (Queue, error) {
	var q Queue
	var err error
	if q.Total, err = s.ToCheck(ctx); err != nil {
		return q, err
	}
	if offset < 0 {
		offset = 0
	}
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.consultation_id, COALESCE(r.reference, ''), c.title, r.channel, r.submitted_at`+
		waitingWhere+` ORDER BY r.submitted_at, r.id LIMIT $2 OFFSET $3`, s.p.ID, limit, offset)
	if err != nil {
		return q, fmt.Errorf("list responses to check: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var w Waiting
		var at sql.NullTime
		if err := rows.Scan(&w.ResponseID, &w.ConsultationID, &w.Reference, &w.Consultation, &w.Channel, &at); err != nil {
			return q, err
		}
		w.SubmittedAt = at.Time
		q.Waiting = append(q.Waiting, w)
	}
	return q, rows.Err()
}

// ToCheck counts the responses waiting to be checked across all the
// partnership's consultations.
func (s *Store) ToCheck(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*)"+waitingWhere, s.p.ID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count responses to check: %w", err)
	}
	return n, nil
}

// OpenCount is a consultation open now, with how many responses it has had
// and how many of them wait to be checked.
type OpenCount struct {
	ID       int64
	Title    string
	ClosesAt time.Time
	Received int
	ToCheck  int
}

// OpenConsultations lists the partnership's consultations open for
// responses now (by the store's clock; as StatusAt judges Open), closing
// soonest first, with their counts from the database.
func (s *Store) OpenConsultations(ctx context.Context) ([]OpenCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.title, c.closes_at,
		(SELECT COUNT(*) FROM responses r WHERE r.consultation_id = c.id AND r.status = 'submitted'),
		(SELECT COUNT(*) FROM responses r WHERE r.consultation_id = c.id AND r.status = 'submitted' AND r.check_status = 'unchecked')
		FROM consultations c WHERE c.partnership_id = $1 AND c.published_at IS NOT NULL AND c.analysed_at IS NULL
		AND c.reported_at IS NULL AND c.opens_at <= $2 AND c.closes_at > $2 ORDER BY c.closes_at, c.id`, s.p.ID, s.now())
	if err != nil {
		return nil, fmt.Errorf("list open consultations: %w", err)
	}
	defer rows.Close()
	var out []OpenCount
	for rows.Next() {
		var o OpenCount
		if err := rows.Scan(&o.ID, &o.Title, &o.ClosesAt, &o.Received, &o.ToCheck); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
