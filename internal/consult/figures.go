package consult

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"coplan/internal/db"
)

// Figures are what a statement about a consultation counts of its
// submitted responses, counted by the database: the plan's consultation
// statement (s.35) costs the same at 10 responses or 100,000. Every count
// but Late is of the responses received in time (not Consultation.Late).
type Figures struct {
	Responses      int
	Late           int             // entered after closing, counted apart
	ByChannel      map[Channel]int // by how each was received
	ByRelationship map[string]int  // by relationship code (Relationships), "" for none given; a response may give several
	ByLocality     map[int64]int   // by locality id, 0 for none known
	Organisations  []string        // organisations that responded, as Respondent.ListedAsResponded names them, sorted
}

// FiguresOf counts the submitted responses of partnership pid's
// consultation, for another room reading inside its own transaction. A
// consultation of another partnership has none.
func FiguresOf(ctx context.Context, q db.Querier, pid, consultationID int64) (Figures, error) {
	f := Figures{ByChannel: map[Channel]int{}, ByRelationship: map[string]int{}, ByLocality: map[int64]int{}, Organisations: []string{}}
	const from = ` FROM responses r JOIN consultations c ON c.id = r.consultation_id
		WHERE r.consultation_id = $1 AND c.partnership_id = $2 AND r.status = 'submitted'`
	// In time: submitted before closing, as Consultation.Late judges (a
	// response without a time is in time).
	const inTime = ` AND (r.submitted_at IS NULL OR r.submitted_at < c.closes_at)`
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN r.submitted_at >= c.closes_at THEN 1 ELSE 0 END), 0)`+from,
		consultationID, pid).Scan(&f.Responses, &f.Late); err != nil {
		return f, fmt.Errorf("count responses: %w", err)
	}
	f.Responses -= f.Late
	group := func(col string, add func(key string, n int)) error {
		rows, err := q.QueryContext(ctx, `SELECT `+col+`, COUNT(*)`+from+inTime+` GROUP BY `+col, consultationID, pid)
		if err != nil {
			return fmt.Errorf("count responses by %s: %w", col, err)
		}
		defer rows.Close()
		for rows.Next() {
			var key string
			var n int
			if err := rows.Scan(&key, &n); err != nil {
				return err
			}
			add(key, n)
		}
		return rows.Err()
	}
	if err := group("r.channel", func(k string, n int) { f.ByChannel[Channel(k)] += n }); err != nil {
		return f, err
	}
	err := group("r.relationships", func(k string, n int) {
		if k == "" {
			f.ByRelationship[""] += n
			return
		}
		for _, x := range strings.Split(k, ",") {
			f.ByRelationship[x] += n
		}
	})
	if err != nil {
		return f, err
	}
	if err := group("CAST(COALESCE(r.locality_id, 0) AS TEXT)", func(k string, n int) {
		var id int64
		fmt.Sscan(k, &id)
		f.ByLocality[id] += n
	}); err != nil {
		return f, err
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT r.name`+from+inTime+` AND r.respondent_type = $3`, consultationID, pid, string(Organisation))
	if err != nil {
		return f, fmt.Errorf("organisations that responded: %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return f, err
		}
		// DISTINCT in SQL, and again after trimming.
		if n, ok := (Respondent{Type: Organisation, Name: name}).ListedAsResponded(); ok && !seen[n] {
			seen[n] = true
			f.Organisations = append(f.Organisations, n)
		}
	}
	slices.Sort(f.Organisations)
	return f, rows.Err()
}
