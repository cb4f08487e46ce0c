package demo

import (
	"context"

	"coplan/internal/db"
	"coplan/internal/partnership"
)

// loadMeetings creates the demo's meetings, papers and decisions.
func loadMeetings(ctx context.Context, d *db.DB, p partnership.Partnership, g Governance) error {
	return nil
}
