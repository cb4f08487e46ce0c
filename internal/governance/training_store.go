package governance

import (
	"context"
	"fmt"
	"strings"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/valid"
)

const selectTraining = `SELECT id, member_id, kind, what, provider, due_on, completed_on, recorded_by, created_at FROM member_training`

func queryTraining(ctx context.Context, q db.Querier, where string, args ...any) ([]Training, error) {
	rows, err := q.QueryContext(ctx, selectTraining+" WHERE "+where+" ORDER BY COALESCE(NULLIF(completed_on, ''), due_on), id", args...)
	if err != nil {
		return nil, fmt.Errorf("list training: %w", err)
	}
	defer rows.Close()
	var ts []Training
	for rows.Next() {
		var t Training
		if err := rows.Scan(&t.ID, &t.MemberID, &t.Kind, &t.What, &t.Provider, &t.DueOn, &t.CompletedOn, &t.RecordedBy, &t.CreatedAt); err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	return ts, rows.Err()
}

// Training lists one of the partnership's members' induction, training and
// mentoring records, by date. Another partnership's member has none.
func (s *Store) Training(ctx context.Context, memberID int64) ([]Training, error) {
	return queryTraining(ctx, s.db, "partnership_id = $1 AND member_id = $2", s.p.ID, memberID)
}

// AllTraining lists every training record of the partnership's members,
// by member id, for pages that summarise a body.
func (s *Store) AllTraining(ctx context.Context) (map[int64][]Training, error) {
	ts, err := queryTraining(ctx, s.db, "partnership_id = $1", s.p.ID)
	if err != nil {
		return nil, err
	}
	out := map[int64][]Training{}
	for _, t := range ts {
		out[t.MemberID] = append(out[t.MemberID], t)
	}
	return out, nil
}

// AddTraining validates and records induction, training or mentoring for
// one of the partnership's members, with an audit entry.
func (s *Store) AddTraining(ctx context.Context, memberID int64, t Training, by audit.Actor) (Training, error) {
	t.What, t.Provider = strings.TrimSpace(t.What), strings.TrimSpace(t.Provider)
	if err := ValidateTraining(t); err != nil {
		return t, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := memberByID(ctx, tx, s.p.ID, memberID)
		if err != nil {
			return err
		}
		t.MemberID, t.RecordedBy, t.CreatedAt = m.ID, by.Name, s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO member_training (partnership_id, member_id, kind, what, provider, due_on,
			completed_on, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, s.p.ID, m.ID,
			string(t.Kind), t.What, t.Provider, string(t.DueOn), string(t.CompletedOn), t.RecordedBy, t.CreatedAt).Scan(&t.ID); err != nil {
			return fmt.Errorf("save training: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "create", Entity: "training",
			EntityID: t.ID, Summary: fmt.Sprintf("Recorded %s for %s: %s", strings.ToLower(t.Kind.Name()), m.Name, t.What)}, nil, t)
	})
	return t, err
}

// CompleteTraining marks one of a member's due training records completed
// on date on, with an audit entry.
func (s *Store) CompleteTraining(ctx context.Context, memberID, trainingID int64, on Date, by audit.Actor) error {
	if _, ok := ParseDate(string(on)); !ok {
		return valid.Errors{{Field: "completed_on", Message: "Enter the date it was completed as a real date, like 2026-03-31"}}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		ts, err := queryTraining(ctx, tx, "partnership_id = $1 AND member_id = $2 AND id = $3", s.p.ID, memberID, trainingID)
		if err != nil {
			return err
		}
		if len(ts) == 0 {
			return valid.ErrNotFound
		}
		if ts[0].Completed() {
			return valid.Errors{{Field: "completed_on", Message: "This was already recorded as completed on " + string(ts[0].CompletedOn)}}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE member_training SET completed_on = $1 WHERE id = $2 AND partnership_id = $3",
			string(on), trainingID, s.p.ID); err != nil {
			return err
		}
		after := ts[0]
		after.CompletedOn = on
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "complete", Entity: "training",
			EntityID: trainingID, Summary: "Recorded as completed: " + after.What}, ts[0], after)
	})
}
