package web

import (
	"context"
	"time"

	"coplan/internal/consult"
)

// submitResponse finishes an online response and returns its reference
// number only once it is committed. It is the hot path at a national
// consultation's closing peak.
func (s *Server) submitResponse(ctx context.Context, c consult.Consultation, r consult.Response, prefix string, now time.Time) (string, error) {
	return consult.Submit(ctx, s.db, c, r, prefix, now)
}
