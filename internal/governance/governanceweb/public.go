package governanceweb

import (
	"errors"
	"net/http"
	"strings"

	"coplan/internal/governance"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

func (h *Handlers) publicBodies(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	bs, err := h.bodySummaries(r, h.k.Today())
	if err != nil {
		return err
	}
	return h.pages.OK(w, r, "public-bodies.html", kit.View{Title: "Who plans services in " + p.Name, Nav: "home", Data: bs})
}

func (h *Handlers) publicBody(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	id, err := kit.PathID(r, "body")
	if err != nil {
		return err
	}
	bs, err := h.bodySummaries(r, h.k.Today())
	if err != nil {
		return err
	}
	for _, x := range bs {
		if x.ID == id {
			return h.pages.OK(w, r, "public-body.html", kit.View{Title: x.Name, Caption: p.Name, Nav: "home", Data: x})
		}
	}
	return valid.ErrNotFound
}

// apiSeat is a seat as the open data API publishes it: the name only where
// the member agreed.
type apiSeat struct {
	Name            string   `json:"name,omitempty"`
	Capacity        string   `json:"capacity"`
	Description     string   `json:"description"`
	PrescribedGroup string   `json:"prescribed_group,omitempty"`
	Localities      []string `json:"localities,omitempty"`
	Voting          bool     `json:"voting"`
	AppointedOn     string   `json:"appointed_on"`
	TermEndsOn      string   `json:"term_ends_on,omitempty"`
}

func toAPISeats(vs []seatView) []apiSeat {
	out := make([]apiSeat, 0, len(vs))
	for _, v := range vs {
		a := apiSeat{Capacity: string(v.Seat.Capacity), Description: v.Capacity, PrescribedGroup: v.PrescribedGroup,
			Voting: v.Voting, AppointedOn: string(v.AppointedOn), TermEndsOn: string(v.TermEndsOn)}
		if v.PublishName {
			a.Name = v.MemberName
		}
		if v.Localities != "" {
			a.Localities = strings.Split(v.Localities, " and ")
		}
		out = append(out, a)
	}
	return out
}

func (h *Handlers) apiSPG(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	on, err := h.asOf(r)
	if err != nil {
		return err
	}
	st := h.store(r)
	b, err := st.SPG(r.Context())
	if errors.Is(err, valid.ErrNotFound) {
		return kit.HTTPError{Status: http.StatusNotFound, Message: "This partnership has not recorded its Strategic Planning Group on this service."}
	}
	if err != nil {
		return err
	}
	ss, err := st.Seats(r.Context(), b.ID)
	if err != nil {
		return err
	}
	g := governance.Composition(*p, ss, on)
	groups := make([]string, 0)
	for _, x := range g.MissingPrescribedGroups {
		groups = append(groups, x.Name)
	}
	locs := make([]string, 0)
	for _, x := range g.MissingLocalities {
		locs = append(locs, x.Name)
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{
		"partnership": p.Slug, "name": b.Name, "date": on,
		"members": toAPISeats(seatViews(*p, governance.HeldOn(ss, on))),
		"composition": map[string]any{
			"lawful": g.Lawful(), "missing_prescribed_groups": groups, "missing_localities": locs,
			"missing_nominating_bodies": append([]string{}, g.MissingNominatingBodies...),
		},
	})
	return nil
}

func (h *Handlers) apiBodies(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	on, err := h.asOf(r)
	if err != nil {
		return err
	}
	bs, err := h.bodySummaries(r, on)
	if err != nil {
		return err
	}
	out := make([]map[string]any, len(bs))
	for i, b := range bs {
		out[i] = map[string]any{"id": b.ID, "kind": b.Kind, "kind_name": b.Kind.Name(), "name": b.Name,
			"notice_days": b.NoticeDays, "members": toAPISeats(b.Members)}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"partnership": p.Slug, "date": on, "bodies": out})
	return nil
}
