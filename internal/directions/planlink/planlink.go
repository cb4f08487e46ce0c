// Package planlink offers a direction the arrangements of the
// partnership's plans. It sits apart from package directions because the
// plan room reaches that package through the financial statement (plan ->
// finance -> directions), so directions cannot import plan itself.
package planlink

import (
	"context"

	"coplan/internal/db"
	"coplan/internal/directions"
	"coplan/internal/plan"
)

// Arrangements lists the arrangements of the latest version of each of
// partnership pid's plans as a direction picks them: a
// directions.ArrangementLister over plan.ArrangementsIn.
func Arrangements(ctx context.Context, q db.Querier, pid int64) ([]directions.Arrangement, error) {
	cs, err := plan.ArrangementsIn(ctx, q, pid)
	if err != nil {
		return nil, err
	}
	out := make([]directions.Arrangement, 0, len(cs))
	for _, c := range cs {
		out = append(out, directions.Arrangement{ID: c.ID, Title: c.Title, Plan: c.PlanTitle})
	}
	return out, nil
}
