package commissioning

import (
	"context"

	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/meeting"
	"coplan/internal/plan"
)

// Arrangements lists the arrangements of the latest version of each of the
// partnership's plans, for linking a work item to them.
func (s *Store) Arrangements(ctx context.Context) ([]plan.ArrangementChoice, error) {
	return plan.ArrangementsIn(ctx, s.db, s.p.ID)
}

// Candidate is one of the partnership's records that can be linked to a
// work item.
type Candidate struct {
	Kind   SourceKind
	ID     int64
	Title  string
	Detail string // its date or state, in words
}

// Candidates lists every record of the partnership that can be linked to
// a work item: its consultations, s.36 decisions, option appraisals and
// board and SPG decisions, each kind newest first, and representatives' rounds
// of views.
func (s *Store) Candidates(ctx context.Context) ([]Candidate, error) {
	var out []Candidate
	cs, err := consult.Consultations(ctx, s.db, s.p.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		detail := "closes " + civil.Day(c.ClosesAt).String()
		if !s.now().Before(c.ClosesAt) {
			detail = "closed " + civil.Day(c.ClosesAt).String()
		}
		if c.PublishedAt.IsZero() {
			detail = "not yet published"
		}
		out = append(out, Candidate{FromConsult, c.ID, c.Title, detail})
	}
	pl := plan.StoreFor(s.db, s.p, s.now)
	ds, err := pl.Decisions(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		detail := "not yet taken"
		if d.TakenOn != "" {
			detail = "taken " + civil.Date(d.TakenOn).String()
		}
		out = append(out, Candidate{FromS36, d.ID, d.Title, detail})
	}
	as, err := pl.Appraisals(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		detail := "not yet published"
		if !a.PublishedAt.IsZero() {
			detail = "published " + civil.Day(a.PublishedAt).String()
		}
		out = append(out, Candidate{FromAppraisal, a.ID, a.Title, detail})
	}
	ms, err := meeting.DecisionsIn(ctx, s.db, s.p.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		out = append(out, Candidate{FromMeeting, m.ID, m.Meeting.BodyName + ": " + m.Text, m.Meeting.Day().String()})
	}
	rs, err := meeting.RoundsIn(ctx, s.db, s.p.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		out = append(out, Candidate{FromRepresentor, r.ID, roundTitle(r), "gathered " + civil.Date(r.HeldOn).String()})
	}
	return out, nil
}
