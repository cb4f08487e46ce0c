package demo

import (
	"context"

	"coplan/internal/auth"
	"coplan/internal/db"
	"coplan/internal/governance"
	"coplan/internal/partnership"
)

// Governance is what the demo's bodies are, for the meetings and expenses
// that build on them.
type Governance struct {
	SPG, IJB      governance.Body
	LocalityGroup governance.Body
	Members       map[string]governance.Member // by name
}

// loadGovernance creates the demo's bodies, members and seats.
func loadGovernance(ctx context.Context, d *db.DB, p partnership.Partnership, users map[string]auth.User) (Governance, error) {
	return Governance{Members: map[string]governance.Member{}}, nil
}
