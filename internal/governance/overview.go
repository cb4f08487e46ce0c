package governance

import "context"

// BodySeats is a body with every seat it has ever had.
type BodySeats struct {
	Body
	Seats []Seat
}

// BodiesWithSeats lists the partnership's bodies in the order of Bodies,
// each with every seat it has had (held, ended, nominated).
func (s *Store) BodiesWithSeats(ctx context.Context) ([]BodySeats, error) {
	bs, err := s.Bodies(ctx)
	if err != nil {
		return nil, err
	}
	all, err := s.AllSeats(ctx)
	if err != nil {
		return nil, err
	}
	byBody := map[int64][]Seat{}
	for _, x := range all {
		byBody[x.BodyID] = append(byBody[x.BodyID], x)
	}
	out := make([]BodySeats, len(bs))
	for i, b := range bs {
		out[i] = BodySeats{Body: b, Seats: byBody[b.ID]}
	}
	return out, nil
}

// Overview is what the partnership's dashboard shows of its governance on
// a date: the Strategic Planning Group's composition, and every seat whose
// term ends within 90 days.
type Overview struct {
	SPG        *SPGStatus   // nil while the partnership has recorded no SPG
	EndingSoon []EndingSeat // by body, then soonest first
}

// SPGStatus is the Strategic Planning Group and what it lacks on a date.
type SPGStatus struct {
	Body
	Gaps *Gaps
}

// EndingSeat is a seat whose term ends soon, with its body's name.
type EndingSeat struct {
	Seat
	Body string
}

// Overview reads the partnership's governance as its dashboard shows it on
// date on.
func (s *Store) Overview(ctx context.Context, on Date) (Overview, error) {
	bs, err := s.BodiesWithSeats(ctx)
	if err != nil {
		return Overview{}, err
	}
	var o Overview
	for _, b := range bs {
		if b.Kind == SPG && o.SPG == nil {
			g := Composition(s.p, b.Seats, on)
			o.SPG = &SPGStatus{Body: b.Body, Gaps: &g}
		}
		for _, x := range EndingSoon(b.Seats, on, 90) {
			o.EndingSoon = append(o.EndingSoon, EndingSeat{x, b.Name})
		}
	}
	return o, nil
}
