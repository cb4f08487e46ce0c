package partnershipweb

import (
	"net/http"
	"net/url"
	"strconv"

	"coplan/internal/partnership"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// populationsForm is where staff enter each locality's population, so a
// consultation's analysis can compare who responded with who lives there
// (issue 13, item 1).
func (h *Handlers) populationsForm(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	pops, err := partnership.Populations(r.Context(), h.k.DB, p.ID)
	if err != nil {
		return err
	}
	form := url.Values{}
	for _, l := range p.Localities {
		if n := pops[l.ID]; n > 0 {
			form.Set(partnership.PopulationField(l.ID), strconv.FormatInt(n, 10))
		}
	}
	return h.renderPopulations(w, r, http.StatusOK, form, nil)
}

func (h *Handlers) renderPopulations(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	var fields []kit.Option
	for _, l := range p.Localities {
		fields = append(fields, kit.Option{Value: partnership.PopulationField(l.ID), Label: l.Name})
	}
	h.pages.Render(w, r, status, "populations-form.html", kit.View{Title: "Localities' populations", Caption: p.Name, Nav: "staff",
		Errors: errs, Form: form, Data: fields})
	return nil
}

func (h *Handlers) setPopulations(w http.ResponseWriter, r *http.Request) error {
	form, err := kit.ParseForm(w, r)
	if err == nil {
		typed := map[int64]string{}
		for _, l := range kit.Current(r).Partnership.Localities {
			typed[l.ID] = form.Get(partnership.PopulationField(l.ID))
		}
		err = h.store(r).SetPopulations(r.Context(), typed, kit.Actor(r))
	}
	if errs, ok := valid.As(err); ok {
		return h.renderPopulations(w, r, http.StatusUnprocessableEntity, form.Values, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug), "populations-saved")
}
