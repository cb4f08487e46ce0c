package demo

import (
	"context"
	"time"

	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/partnership"
)

// codeAnalysed codes the analysed consultation's answers by two coders
// into the generator's themes (filled in once the coding room is merged).
func codeAnalysed(ctx context.Context, d *db.DB, p partnership.Partnership, c consult.Consultation, q consult.Question,
	rs []consult.Response, themeOf []int, at time.Time) error {
	return nil
}
