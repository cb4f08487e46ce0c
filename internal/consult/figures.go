package consult

import (
	"context"
	"strconv"

	"coplan/internal/db"
	"coplan/internal/partnership"
)

// Figures are what a statement about a consultation counts of its
// submitted responses, counted by the database: the plan's consultation
// statement (s.35) costs the same at 10 responses or 100,000. Every count
// but Late is of the responses received in time (not Consultation.Late).
// It is a view of ReachOf, which counts these and more.
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
// consultation of another partnership has none. Groups without responses
// are left out.
func FiguresOf(ctx context.Context, q db.Querier, pid, consultationID int64) (Figures, error) {
	f := Figures{ByChannel: map[Channel]int{}, ByRelationship: map[string]int{}, ByLocality: map[int64]int{}, Organisations: []string{}}
	r, err := ReachOf(ctx, q, partnership.Partnership{ID: pid}, consultationID,
		ReachOptions{Only: []string{ByChannel, ByConnection, ByLocality}})
	if err != nil {
		return f, err
	}
	f.Responses, f.Late, f.Organisations = r.Responses, r.Late, r.Organisations
	each := func(key string, add func(value string, n int)) {
		b, _ := r.By(key)
		for _, g := range b.Groups {
			if g.N > 0 {
				add(g.Value, g.N)
			}
		}
	}
	each(ByChannel, func(v string, n int) { f.ByChannel[Channel(v)] += n })
	each(ByConnection, func(v string, n int) { f.ByRelationship[v] += n })
	each(ByLocality, func(v string, n int) {
		id, _ := strconv.ParseInt(v, 10, 64)
		f.ByLocality[id] += n
	})
	return f, nil
}
