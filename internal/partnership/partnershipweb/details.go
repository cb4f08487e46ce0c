package partnershipweb

import (
	"fmt"
	"net/http"
	"strings"

	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// partnershipForm is the create/edit form's content: either a stored
// partnership or what was just submitted.
type partnershipForm struct {
	New                    bool
	Name, Slug, Model      string
	HealthBoard            string
	LocalAuthorities, Locs []kit.Box
}

// ModelOptions are the integration models (statute.Models).
func (partnershipForm) ModelOptions() []kit.Option {
	var out []kit.Option
	for _, m := range statute.Models() {
		out = append(out, kit.Option{Value: m.Code, Label: m.Name})
	}
	return out
}

// ModelChosen is the model to show chosen.
func (f partnershipForm) ModelChosen() []string { return []string{f.Model} }

// spareRows is how many empty boxes the form offers for new local
// authorities and localities.
const spareRows = 3

// Each box's name: la-12 for a saved local authority, la-new-1 for a
// spare; loc-... for localities. A box's label numbers it in the list.
func boxName(prefix string, id int64) string { return fmt.Sprintf("%s-%d", prefix, id) }
func spareName(prefix string, i int) string  { return fmt.Sprintf("%s-new-%d", prefix, i) }

func boxLabel(prefix string, i int) string {
	if prefix == "la" {
		return fmt.Sprintf("Local authority %d", i+1)
	}
	return fmt.Sprintf("Locality %d", i+1)
}

func formFromPartnership(p partnership.Partnership, isNew bool) partnershipForm {
	f := partnershipForm{New: isNew, Name: p.Name, Slug: p.Slug, Model: p.Model, HealthBoard: p.HealthBoard}
	f.LocalAuthorities = boxes("la", p.LocalAuthorities)
	f.Locs = boxes("loc", p.Localities)
	return f
}

func boxes(prefix string, ns []partnership.Named) []kit.Box {
	var out []kit.Box
	for _, n := range ns {
		out = append(out, kit.Box{Name: boxName(prefix, n.ID), Label: boxLabel(prefix, len(out)), Value: n.Name})
	}
	for i := 1; i <= spareRows; i++ {
		out = append(out, kit.Box{Name: spareName(prefix, i), Label: boxLabel(prefix, len(out))})
	}
	return out
}

// readPartnershipForm reads a submitted form over the stored partnership
// (zero for a new one): saved rows keep their ids, spare rows become new.
func readPartnershipForm(form kit.Form, stored partnership.Partnership) (partnership.Partnership, partnershipForm) {
	p := stored
	p.Name = form.Get("name")
	p.Model = form.Get("model")
	p.HealthBoard = form.Get("health_board")
	if stored.ID == 0 {
		p.Slug = strings.ToLower(form.Text("slug"))
	}
	read := func(prefix string, have []partnership.Named) ([]partnership.Named, []kit.Box) {
		var ns []partnership.Named
		var bs []kit.Box
		add := func(id int64, name string) {
			v := form.Get(name)
			ns = append(ns, partnership.Named{ID: id, Name: v})
			bs = append(bs, kit.Box{Name: name, Label: boxLabel(prefix, len(bs)), Value: v})
		}
		for _, h := range have {
			add(h.ID, boxName(prefix, h.ID))
		}
		for i := 1; i <= spareRows; i++ {
			add(0, spareName(prefix, i))
		}
		return ns, bs
	}
	f := partnershipForm{New: stored.ID == 0, Name: p.Name, Slug: p.Slug, Model: p.Model, HealthBoard: p.HealthBoard}
	p.LocalAuthorities, f.LocalAuthorities = read("la", stored.LocalAuthorities)
	p.Localities, f.Locs = read("loc", stored.Localities)
	return p, f
}

func (h *Handlers) newPartnershipForm(w http.ResponseWriter, r *http.Request) error {
	return h.pages.OK(w, r, "partnership-form.html", kit.View{Title: "Add a partnership", Nav: "staff",
		Data: formFromPartnership(partnership.Partnership{Model: "ijb"}, true)})
}

func (h *Handlers) createPartnership(w http.ResponseWriter, r *http.Request) error {
	form, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p, f := readPartnershipForm(form, partnership.Partnership{})
	saved, err := partnership.Create(r.Context(), h.k.DB, p, kit.Actor(r), h.k.Now())
	if errs, ok := valid.As(err); ok {
		h.pages.Render(w, r, http.StatusUnprocessableEntity, "partnership-form.html", kit.View{Title: "Add a partnership", Nav: "staff",
			Errors: errs, Data: f})
		return nil
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(saved.Slug), "created")
}

func (h *Handlers) editPartnershipForm(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	return h.pages.OK(w, r, "partnership-form.html", kit.View{Title: "Change partnership details", Caption: p.Name, Nav: "staff",
		Data: formFromPartnership(*p, false)})
}

func (h *Handlers) updatePartnership(w http.ResponseWriter, r *http.Request) error {
	form, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	stored := *kit.Current(r).Partnership
	p, f := readPartnershipForm(form, stored)
	saved, err := h.store(r).Update(r.Context(), p, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		h.pages.Render(w, r, http.StatusUnprocessableEntity, "partnership-form.html", kit.View{Title: "Change partnership details",
			Caption: stored.Name, Nav: "staff", Errors: errs, Data: f})
		return nil
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(saved.Slug), "saved")
}
