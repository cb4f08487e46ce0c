package plan

import (
	"context"
	"fmt"

	"coplan/internal/db"
	"coplan/internal/partnership"
)

// These read the plan's records for another room reading inside its own
// query: commissioning work counts what is already recorded here (s.36
// decisions, option appraisals, views on the plan) without keying it in
// again. Each is limited to partnership pid: another partnership's record
// is valid.ErrNotFound, or absent from a list.

// DecisionIn returns one of partnership pid's significant decisions.
func DecisionIn(ctx context.Context, q db.Querier, pid, id int64) (Decision, error) {
	return scanDecision(q.QueryRowContext(ctx, selectDecision+" WHERE d.partnership_id = $1 AND d.id = $2", pid, id))
}

// AppraisalIn returns one of partnership pid's option appraisals.
func AppraisalIn(ctx context.Context, q db.Querier, pid, id int64) (Appraisal, error) {
	return scanAppraisal(q.QueryRowContext(ctx, selectAppraisal+" WHERE partnership_id = $1 AND id = $2", pid, id))
}

// PlanViews are the views on one plan.
type PlanViews struct {
	PlanID    int64
	PlanTitle string
	Views     []View // in the order of the stages, then as received
}

// ViewsOfArrangements returns the views on each of partnership pid's plans
// that one of the arrangements belongs to (any version), each plan once.
func ViewsOfArrangements(ctx context.Context, q db.Querier, pid int64, arrangementIDs []int64) ([]PlanViews, error) {
	var out []PlanViews
	seen := map[int64]bool{}
	for _, a := range arrangementIDs {
		var pv PlanViews
		err := q.QueryRowContext(ctx, `SELECT p.id, p.title FROM arrangements a JOIN plan_versions v ON v.id = a.version_id
			JOIN plans p ON p.id = v.plan_id WHERE p.partnership_id = $1 AND a.id = $2`, pid, a).Scan(&pv.PlanID, &pv.PlanTitle)
		if err != nil {
			if noRow(err) != err {
				continue // not the partnership's, or gone
			}
			return nil, fmt.Errorf("plan of arrangement %d: %w", a, err)
		}
		if seen[pv.PlanID] {
			continue
		}
		seen[pv.PlanID] = true
		st := &Store{p: partnership.Partnership{ID: pid}}
		if pv.Views, err = st.views(ctx, q, pv.PlanID); err != nil {
			return nil, err
		}
		out = append(out, pv)
	}
	return out, nil
}

// ArrangementChoice is an arrangement of the latest version of one of the
// partnership's plans, for linking commissioning work to it.
type ArrangementChoice struct {
	ID        int64
	PlanTitle string
	Title     string
}

// ArrangementsIn lists the arrangements of the latest version of each of
// partnership pid's plans, plan by plan.
func ArrangementsIn(ctx context.Context, q db.Querier, pid int64) ([]ArrangementChoice, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, p.title, a.title FROM arrangements a JOIN plan_versions v ON v.id = a.version_id
		JOIN plans p ON p.id = v.plan_id WHERE p.partnership_id = $1
		AND v.number = (SELECT MAX(v2.number) FROM plan_versions v2 WHERE v2.plan_id = p.id) ORDER BY p.id, a.id`, pid)
	if err != nil {
		return nil, fmt.Errorf("list arrangements: %w", err)
	}
	defer rows.Close()
	var out []ArrangementChoice
	for rows.Next() {
		var c ArrangementChoice
		if err := rows.Scan(&c.ID, &c.PlanTitle, &c.Title); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
