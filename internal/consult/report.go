package consult

import (
	"context"
	"fmt"
	"time"

	"coplan/internal/db"
	"coplan/internal/valid"
)

// CanPublishReport says whether partnership's analysis report of
// consultation c can be published at time now (issue 13, item 9): its
// responses must have been recorded as analysed. A report already
// published can be published again, as a correction (a new version).
func CanPublishReport(c Consultation, now time.Time) error {
	switch c.StatusAt(now) {
	case Analysed, Reported:
		return nil
	}
	return valid.Errors{{Field: "stage", Message: "Record that the responses have been analysed before publishing the analysis report"}}
}

// ReportPublished records, inside the analysis room's transaction that
// publishes the report, that consultation id of partnership pid is
// reported at address (the report's public page) from at: the first
// publication sets the date, a correction keeps it and the address. The
// caller checks CanPublishReport and writes the audit entry. This is how
// a consultation becomes "reported" now: the interim rule (RecordReport,
// a typed link or an uploaded report) is gone, and the links it recorded
// stay as they were.
func ReportPublished(ctx context.Context, q db.Querier, pid, id int64, address string, at time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE consultations SET reported_at = COALESCE(reported_at, $1), report_url = $2
		WHERE id = $3 AND partnership_id = $4`, at, address, id, pid)
	if err != nil {
		return fmt.Errorf("record the analysis report: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return valid.ErrNotFound
	}
	return nil
}
