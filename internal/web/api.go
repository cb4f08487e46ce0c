package web

import (
	"net/http"

	"coplan/internal/partnership"
)

// apiPartnership is a partnership as the open data API publishes it.
type apiPartnership struct {
	Slug             string                 `json:"slug"`
	Code             string                 `json:"code,omitempty"`
	Name             string                 `json:"name"`
	Model            string                 `json:"model"`
	HealthBoard      string                 `json:"health_board"`
	LocalAuthorities []string               `json:"local_authorities"`
	Localities       []string               `json:"localities"`
	Functions        []partnership.Function `json:"delegated_functions,omitempty"`
	Demo             bool                   `json:"demo,omitempty"`
}

func toAPI(p partnership.Partnership) apiPartnership {
	return apiPartnership{Slug: p.Slug, Code: p.Code, Name: p.Name, Model: p.Model, HealthBoard: p.HealthBoard,
		LocalAuthorities: p.LocalAuthorityNames(), Localities: p.LocalityNames(), Demo: p.Demo}
}

func (s *Server) apiPartnerships(w http.ResponseWriter, r *http.Request) error {
	ps, err := partnership.List(r.Context(), s.db)
	if err != nil {
		return err
	}
	out := make([]apiPartnership, len(ps))
	for i, p := range ps {
		out[i] = toAPI(p)
	}
	writeJSON(w, http.StatusOK, map[string]any{"partnerships": out})
	return nil
}

func (s *Server) apiPartnership(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	fs, err := partnership.Functions(r.Context(), s.db, p.ID)
	if err != nil {
		return err
	}
	out := toAPI(*p)
	out.Functions = fs
	writeJSON(w, http.StatusOK, out)
	return nil
}
