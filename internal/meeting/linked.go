package meeting

import (
	"context"
	"fmt"

	"coplan/internal/db"
	"coplan/internal/governance"
	"coplan/internal/valid"
)

// DecisionAt is a decision with the meeting it was taken at and the kind
// of body that took it: how commissioning work reads a board or SPG
// decision linked to it.
type DecisionAt struct {
	Decision
	Meeting  Meeting
	BodyKind governance.Kind
}

const selectDecisionAt = `SELECT d.id, d.meeting_id, COALESCE(d.agenda_item_id, 0), d.text, d.voting_record, d.non_voting_views,
	d.created_at, b.kind FROM decisions d JOIN meetings m ON m.id = d.meeting_id JOIN bodies b ON b.id = m.body_id`

// DecisionIn returns one decision of partnership pid with its meeting, for
// another room reading inside its own query, or valid.ErrNotFound.
func DecisionIn(ctx context.Context, q db.Querier, pid, id int64) (DecisionAt, error) {
	var x DecisionAt
	if err := q.QueryRowContext(ctx, selectDecisionAt+` WHERE b.partnership_id = $1 AND d.id = $2`, pid, id).Scan(&x.ID, &x.MeetingID,
		&x.AgendaItemID, &x.Text, &x.VotingRecord, &x.NonVotingViews, &x.CreatedAt, &x.BodyKind); err != nil {
		return x, valid.NotFound(err)
	}
	m, err := byID(ctx, q, pid, x.MeetingID)
	x.Meeting = m
	return x, err
}

// DecisionsIn lists every decision of partnership pid's boards and groups
// with its meeting, latest meeting first, for choosing one to link.
func DecisionsIn(ctx context.Context, q db.Querier, pid int64) ([]DecisionAt, error) {
	rows, err := q.QueryContext(ctx, selectDecisionAt+` WHERE b.partnership_id = $1 ORDER BY m.starts_at DESC, d.id`, pid)
	if err != nil {
		return nil, fmt.Errorf("list decisions: %w", err)
	}
	var out []DecisionAt
	for rows.Next() {
		var x DecisionAt
		if err := rows.Scan(&x.ID, &x.MeetingID, &x.AgendaItemID, &x.Text, &x.VotingRecord, &x.NonVotingViews, &x.CreatedAt, &x.BodyKind); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Meeting, err = byID(ctx, q, pid, out[i].MeetingID); err != nil {
			return nil, err
		}
	}
	return out, nil
}
