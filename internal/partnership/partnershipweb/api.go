package partnershipweb

import (
	"net/http"

	"coplan/internal/partnership"
	"coplan/internal/web/kit"
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

func (h *Handlers) apiPartnerships(w http.ResponseWriter, r *http.Request) error {
	ps, err := partnership.List(r.Context(), h.k.DB)
	if err != nil {
		return err
	}
	out := make([]apiPartnership, len(ps))
	for i, p := range ps {
		out[i] = toAPI(p)
	}
	return kit.JSON(w, map[string]any{"partnerships": out})
}

func (h *Handlers) apiPartnership(w http.ResponseWriter, r *http.Request) error {
	fs, err := h.store(r).Functions(r.Context())
	if err != nil {
		return err
	}
	out := toAPI(*kit.Current(r).Partnership)
	out.Functions = fs
	return kit.JSON(w, out)
}
