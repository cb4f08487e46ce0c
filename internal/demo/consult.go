package demo

import (
	"context"

	"coplan/internal/db"
	"coplan/internal/partnership"
)

// loadConsultations creates the demo's consultations.
func loadConsultations(ctx context.Context, d *db.DB, p partnership.Partnership, g Governance) error {
	return nil
}
