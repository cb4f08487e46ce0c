package commissioningweb

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"coplan/internal/commissioning"
	"coplan/internal/statute"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// involvementForm is what the form to key in involvement offers.
type involvementForm struct {
	Item       commissioning.Item
	ID         int64 // the involvement changed; 0 for a new one
	Action     string
	Stages     []kit.Option
	Activities []kit.Option
	Depths     []kit.Option
	Groups     []commissioning.Group
	Localities []kit.Option
}

func stageOptions() []kit.Option {
	var out []kit.Option
	for _, st := range statute.CommissioningStages() {
		out = append(out, kit.Option{Value: st.Code, Label: "Stage " + strconv.Itoa(st.Number) + ": " + st.Title})
	}
	return out
}

func depthOptions() []kit.Option {
	var out []kit.Option
	for _, d := range commissioning.Depths {
		out = append(out, kit.Option{Value: strconv.Itoa(int(d)), Label: d.Name(), Hint: "IAP2's promise: " + d.Promise()})
	}
	return out
}

func (h *Handlers) renderInvolvementForm(w http.ResponseWriter, r *http.Request, status int, it commissioning.Item, id int64, form url.Values, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	f := involvementForm{Item: it, ID: id, Stages: stageOptions(), Depths: depthOptions(), Groups: commissioning.Groups,
		Localities: localityOptions(*p), Action: kit.StaffPath(p.Slug, "commissioning", it.ID, "involvement")}
	if id != 0 {
		f.Action = kit.StaffPath(p.Slug, "commissioning", it.ID, "involvement", id)
	}
	for _, a := range commissioning.Activities {
		f.Activities = append(f.Activities, kit.Option{Value: string(a), Label: a.Name()})
	}
	title := "Record involvement"
	if id != 0 {
		title = "Change involvement"
	}
	h.pages.Render(w, r, status, "commissioning-involvement.html", kit.View{Title: title, Caption: it.Title, Nav: "staff",
		Errors: errs, Form: form, Data: f})
	return nil
}

func (h *Handlers) newInvolvement(w http.ResponseWriter, r *http.Request) error {
	it, err := h.currentItem(r)
	if err != nil {
		return err
	}
	form := url.Values{"stage": {r.URL.Query().Get("stage")}}
	return h.renderInvolvementForm(w, r, http.StatusOK, it, 0, form, nil)
}

func involvementFromForm(f kit.Form) (commissioning.Involvement, bool, valid.Errors) {
	var errs valid.Errors
	depth, _ := f.Int("depth")
	inv := commissioning.Involvement{Stage: f.Get("stage"), On: dateOf(f, "on"), Activity: commissioning.Activity(f.Get("activity")),
		Depth: commissioning.Depth(depth), Taking: map[commissioning.Group]int{}, Localities: f.IDs("localities"),
		Asked: f.Text("asked"), Outcome: f.Text("outcome"), Changed: f.Yes("changed"), Named: f.Text("named")}
	for _, g := range commissioning.Groups {
		if f.Text("taking-"+string(g)) == "" {
			continue
		}
		n, ok := f.Int("taking-" + string(g))
		if !ok || n < 0 {
			errs.Add("taking-"+string(g), "Enter how many "+strings.ToLower(g.Name())+" took part as a whole number, like 12.")
			continue
		}
		inv.Taking[g] = n
	}
	return inv, f.Yes("consent"), errs
}

func (h *Handlers) saveInvolvement(w http.ResponseWriter, r *http.Request, id int64) error {
	it, err := h.currentItem(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	inv, consent, errs := involvementFromForm(f)
	inv.ID = id
	if len(errs) == 0 {
		_, err = h.store(r).SaveInvolvement(r.Context(), it.ID, inv, consent, kit.Actor(r))
		errs, _ = valid.As(err)
	}
	if len(errs) > 0 {
		for i := range errs {
			if errs[i].Field == "taking" {
				errs[i].Field = "taking-" + string(commissioning.PeopleWhoUseServices)
			}
		}
		return h.renderInvolvementForm(w, r, http.StatusUnprocessableEntity, it, id, r.PostForm, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "commissioning", it.ID)+"#"+inv.Stage, "involvement-saved")
}

func (h *Handlers) createInvolvement(w http.ResponseWriter, r *http.Request) error {
	return h.saveInvolvement(w, r, 0)
}

// currentInvolvement is the keyed-in {involvement} of the work item.
func currentInvolvement(r *http.Request, it commissioning.Item) (commissioning.Involvement, error) {
	id, err := kit.PathID(r, "involvement")
	if err != nil {
		return commissioning.Involvement{}, err
	}
	for _, inv := range it.Involvements {
		if inv.ID == id && inv.Source.Kind == commissioning.Recorded {
			return inv, nil
		}
	}
	return commissioning.Involvement{}, valid.ErrNotFound
}

func (h *Handlers) editInvolvement(w http.ResponseWriter, r *http.Request) error {
	it, err := h.currentItem(r)
	if err != nil {
		return err
	}
	inv, err := currentInvolvement(r, it)
	if err != nil {
		return err
	}
	form := url.Values{"stage": {inv.Stage}, "on": {string(inv.On)}, "activity": {string(inv.Activity)},
		"depth": {strconv.Itoa(int(inv.Depth))}, "localities": ids(inv.Localities), "asked": {inv.Asked}, "outcome": {inv.Outcome},
		"named": {inv.Named}}
	if inv.Changed {
		form.Set("changed", "yes")
	}
	if inv.Named != "" {
		form.Set("consent", "yes")
	}
	for g, n := range inv.Taking {
		form.Set("taking-"+string(g), strconv.Itoa(n))
	}
	return h.renderInvolvementForm(w, r, http.StatusOK, it, inv.ID, form, nil)
}

func (h *Handlers) updateInvolvement(w http.ResponseWriter, r *http.Request) error {
	it, err := h.currentItem(r)
	if err != nil {
		return err
	}
	inv, err := currentInvolvement(r, it)
	if err != nil {
		return err
	}
	return h.saveInvolvement(w, r, inv.ID)
}

func (h *Handlers) removeInvolvement(w http.ResponseWriter, r *http.Request) error {
	it, err := h.currentItem(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "involvement")
	if err != nil {
		return err
	}
	if _, err := kit.ParseForm(w, r); err != nil {
		return err
	}
	if err := h.store(r).RemoveInvolvement(r.Context(), it.ID, id, kit.Actor(r)); err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "commissioning", it.ID), "involvement-removed")
}

// --- links ---

// linkForm is what the form to link a record offers.
type linkForm struct {
	Item    commissioning.Item
	Records []kit.Option
	Stages  []kit.Option
	Depths  []kit.Option
}

func (h *Handlers) renderLinkForm(w http.ResponseWriter, r *http.Request, status int, it commissioning.Item, form url.Values, errs valid.Errors) error {
	cs, err := h.store(r).Candidates(r.Context())
	if err != nil {
		return err
	}
	f := linkForm{Item: it, Stages: stageOptions(), Depths: []kit.Option{{Value: "", Label: "coplan's default for the kind of record",
		Hint: "Consultations and views: Consult. An option appraisal's participants: Involve. These defaults are coplan's own choice."}}}
	f.Depths = append(f.Depths, depthOptions()...)
	for _, c := range cs {
		f.Records = append(f.Records, kit.Option{Value: string(c.Kind) + ":" + strconv.FormatInt(c.ID, 10),
			Label: c.Kind.Name() + ": " + c.Title + " (" + c.Detail + ")"})
	}
	h.pages.Render(w, r, status, "commissioning-link.html", kit.View{Title: "Link a record", Caption: it.Title, Nav: "staff",
		Errors: errs, Form: form, Data: f})
	return nil
}

func (h *Handlers) newLink(w http.ResponseWriter, r *http.Request) error {
	it, err := h.currentItem(r)
	if err != nil {
		return err
	}
	return h.renderLinkForm(w, r, http.StatusOK, it, url.Values{"stage": {r.URL.Query().Get("stage")}}, nil)
}

func (h *Handlers) createLink(w http.ResponseWriter, r *http.Request) error {
	it, err := h.currentItem(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	kind, rec, _ := strings.Cut(f.Get("record"), ":")
	id, _ := strconv.ParseInt(rec, 10, 64)
	depth, _ := f.Int("depth")
	l := commissioning.Link{Kind: commissioning.SourceKind(kind), RecordID: id, Stage: f.Get("stage"), Depth: commissioning.Depth(depth)}
	_, err = h.store(r).AddLink(r.Context(), it.ID, l, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		for i := range errs {
			if errs[i].Field == "kind" {
				errs[i].Field = "record"
			}
		}
		return h.renderLinkForm(w, r, http.StatusUnprocessableEntity, it, r.PostForm, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "commissioning", it.ID)+"#"+l.Stage, "work-link-added")
}

func (h *Handlers) removeLink(w http.ResponseWriter, r *http.Request) error {
	it, err := h.currentItem(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "link")
	if err != nil {
		return err
	}
	if _, err := kit.ParseForm(w, r); err != nil {
		return err
	}
	if err := h.store(r).RemoveLink(r.Context(), it.ID, id, kit.Actor(r)); err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "commissioning", it.ID), "work-link-removed")
}
