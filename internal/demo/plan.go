package demo

import (
	"context"

	"coplan/internal/db"
	"coplan/internal/partnership"
)

// loadPlans creates the demo's strategic plans.
func loadPlans(ctx context.Context, d *db.DB, p partnership.Partnership, g Governance) error {
	return nil
}
