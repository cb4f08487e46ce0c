package partnershipweb

import (
	"net/http"

	"coplan/internal/consult"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/web/kit"
)

// home lists every partnership on the service.
func (h *Handlers) home(w http.ResponseWriter, r *http.Request) error {
	ps, err := partnership.List(r.Context(), h.k.DB)
	if err != nil {
		return err
	}
	return h.pages.OK(w, r, "home.html", kit.View{Title: "Health and social care partnerships", Nav: "home", Data: ps})
}

// publicPartnership is a partnership's page for the public: first the
// consultations open now ("have your say"), then its partners, localities
// and delegated functions, and where to find its planning.
func (h *Handlers) publicPartnership(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	fs, err := h.store(r).Functions(r.Context())
	if err != nil {
		return err
	}
	open, err := consult.StoreFor(h.k.DB, *p, h.k.Now).OpenConsultations(r.Context())
	if err != nil {
		return err
	}
	return h.pages.OK(w, r, "partnership.html", kit.View{Title: p.Name + " Health and Social Care Partnership", Nav: "home",
		Data: struct {
			Functions []partnership.Function
			Open      []consult.OpenCount
		}{fs, open}})
}

// law shows the statutory lists coplan works from.
func (h *Handlers) law(w http.ResponseWriter, r *http.Request) error {
	return h.pages.OK(w, r, "law.html", kit.View{Title: "The law this follows", Nav: "law", Data: statute.Lists()})
}

func (h *Handlers) accessibility(w http.ResponseWriter, r *http.Request) error {
	return h.pages.OK(w, r, "accessibility.html", kit.View{Title: "Accessibility statement"})
}
