package partnershipweb

import (
	"net/http"

	"coplan/internal/auth"
	"coplan/internal/partnership"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

type functionsPage struct {
	Functions []partnership.Function
	CanEdit   bool
	Partners  []string
}

// PartnerOptions are the partners a function may be delegated by.
func (f functionsPage) PartnerOptions() []kit.Option {
	out := make([]kit.Option, len(f.Partners))
	for i, p := range f.Partners {
		out[i] = kit.Option{Value: p, Label: p}
	}
	return out
}

// functions lists the partnership's delegated functions, with the form to
// add one.
func (h *Handlers) functions(w http.ResponseWriter, r *http.Request) error {
	return h.renderFunctions(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderFunctions(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	fs, err := h.store(r).Functions(r.Context())
	if err != nil {
		return err
	}
	h.pages.Render(w, r, status, "functions.html", kit.View{Title: "Delegated functions", Caption: p.Name, Nav: "staff",
		Errors: errs, Form: r.PostForm, Data: functionsPage{fs, kit.Can(r, auth.EditPlanning), p.Partners()}})
	return nil
}

func (h *Handlers) addFunction(w http.ResponseWriter, r *http.Request) error {
	form, err := kit.ParseForm(w, r)
	if err == nil {
		_, err = h.store(r).AddFunction(r.Context(),
			partnership.Function{Name: form.Get("name"), Partner: form.Get("partner"), Kind: form.Get("kind"),
				SetAside: form.Get("set_aside") == "yes"}, kit.Actor(r))
	}
	if errs, ok := valid.As(err); ok {
		return h.renderFunctions(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "functions"), "function-added")
}

func (h *Handlers) removeFunction(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	err = h.store(r).RemoveFunction(r.Context(), id, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderFunctions(w, r, http.StatusConflict, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "functions"), "function-removed")
}
