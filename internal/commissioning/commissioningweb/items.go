package commissioningweb

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/commissioning"
	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/statute"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// itemRoutes are the work items' staff pages.
func (h *Handlers) itemRoutes() []kit.Route {
	const base = "/staff/partnerships/{slug}/commissioning"
	return []kit.Route{
		{Pattern: "GET " + base, Perm: auth.ReadPlanning, Handle: h.items},
		{Pattern: "GET " + base + "/new", Perm: auth.EditPlanning, Handle: h.newItem},
		{Pattern: "POST " + base, Perm: auth.EditPlanning, Handle: h.createItem},
		{Pattern: "GET " + base + "/{item}", Perm: auth.ReadPlanning, Handle: h.item},
		{Pattern: "GET " + base + "/{item}/edit", Perm: auth.EditPlanning, Handle: h.editItem},
		{Pattern: "POST " + base + "/{item}/edit", Perm: auth.EditPlanning, Handle: h.updateItem},
		{Pattern: "POST " + base + "/{item}/publish", Perm: auth.EditPlanning, Handle: h.publishItem},
		{Pattern: "POST " + base + "/{item}/stages", Perm: auth.EditPlanning, Handle: h.setStage},
		{Pattern: "GET " + base + "/{item}/involvement/new", Perm: auth.EditPlanning, Handle: h.newInvolvement},
		{Pattern: "POST " + base + "/{item}/involvement", Perm: auth.EditPlanning, Handle: h.createInvolvement},
		{Pattern: "GET " + base + "/{item}/involvement/{involvement}", Perm: auth.EditPlanning, Handle: h.editInvolvement},
		{Pattern: "POST " + base + "/{item}/involvement/{involvement}", Perm: auth.EditPlanning, Handle: h.updateInvolvement},
		{Pattern: "POST " + base + "/{item}/involvement/{involvement}/remove", Perm: auth.EditPlanning, Handle: h.removeInvolvement},
		{Pattern: "GET " + base + "/{item}/links/new", Perm: auth.EditPlanning, Handle: h.newLink},
		{Pattern: "POST " + base + "/{item}/links", Perm: auth.EditPlanning, Handle: h.createLink},
		{Pattern: "POST " + base + "/{item}/links/{link}/remove", Perm: auth.EditPlanning, Handle: h.removeLink},
	}
}

// --- the list ---

// listed is a work item with its problems, for the list.
type listed struct {
	Item     commissioning.Item
	Problems []commissioning.Problem
}

func (h *Handlers) items(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	its, err := h.store(r).Items(r.Context())
	if err != nil {
		return err
	}
	var rows []listed
	for _, it := range its {
		rows = append(rows, listed{it, it.Problems(localityName(*p))})
	}
	return h.pages.OK(w, r, "commissioning-list.html", kit.View{Title: "Commissioning work", Caption: p.Name, Nav: "staff",
		Data: struct {
			Items   []listed
			CanEdit bool
		}{rows, canEdit(r)}})
}

// --- a work item's details ---

// itemForm is what the form to add or change a work item offers.
type itemForm struct {
	Item         commissioning.Item // the item changed; ID 0 for a new one
	Kinds        []kit.Option
	Localities   []kit.Option
	Functions    []kit.Option
	Arrangements []kit.Option
}

func (h *Handlers) renderItemForm(w http.ResponseWriter, r *http.Request, status int, it commissioning.Item, form url.Values, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	ctx := r.Context()
	f := itemForm{Item: it}
	for _, k := range commissioning.Kinds {
		f.Kinds = append(f.Kinds, kit.Option{Value: string(k), Label: k.Name()})
	}
	f.Localities = localityOptions(*p)
	fns, err := partnership.StoreFor(h.k.DB, *p, h.k.Now).Functions(ctx)
	if err != nil {
		return err
	}
	for _, fn := range fns {
		f.Functions = append(f.Functions, kit.Option{Value: strconv.FormatInt(fn.ID, 10), Label: fn.Name})
	}
	arrs, err := h.store(r).Arrangements(r.Context())
	if err != nil {
		return err
	}
	for _, a := range arrs {
		f.Arrangements = append(f.Arrangements, kit.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.PlanTitle + ": " + a.Title})
	}
	title := "Add commissioning work"
	if it.ID != 0 {
		title = "Change " + it.Title
	}
	h.pages.Render(w, r, status, "commissioning-form.html", kit.View{Title: title, Caption: p.Name, Nav: "staff", Errors: errs, Form: form, Data: f})
	return nil
}

func localityOptions(p partnership.Partnership) []kit.Option {
	var out []kit.Option
	for _, l := range p.Localities {
		out = append(out, kit.Option{Value: strconv.FormatInt(l.ID, 10), Label: l.Name})
	}
	return out
}

func (h *Handlers) newItem(w http.ResponseWriter, r *http.Request) error {
	return h.renderItemForm(w, r, http.StatusOK, commissioning.Item{}, nil, nil)
}

func itemFromForm(f kit.Form) commissioning.Item {
	return commissioning.Item{Title: f.Text("title"), Description: f.Text("description"), Kind: commissioning.Kind(f.Get("kind")),
		Localities: f.IDs("localities"), Functions: f.IDs("functions"), Arrangements: f.IDs("arrangements")}
}

func (h *Handlers) createItem(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	it, err := h.store(r).CreateItem(r.Context(), itemFromForm(f), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderItemForm(w, r, http.StatusUnprocessableEntity, commissioning.Item{}, r.PostForm, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "commissioning", it.ID), "work-item-created")
}

// currentItem reads the {item} of the request's partnership.
func (h *Handlers) currentItem(r *http.Request) (commissioning.Item, error) {
	id, err := kit.PathID(r, "item")
	if err != nil {
		return commissioning.Item{}, err
	}
	return h.store(r).Item(r.Context(), id)
}

func ids(xs []int64) []string {
	var out []string
	for _, x := range xs {
		out = append(out, strconv.FormatInt(x, 10))
	}
	return out
}

func (h *Handlers) editItem(w http.ResponseWriter, r *http.Request) error {
	it, err := h.currentItem(r)
	if err != nil {
		return err
	}
	form := url.Values{"title": {it.Title}, "description": {it.Description}, "kind": {string(it.Kind)},
		"localities": ids(it.Localities), "functions": ids(it.Functions), "arrangements": ids(it.Arrangements)}
	return h.renderItemForm(w, r, http.StatusOK, it, form, nil)
}

func (h *Handlers) updateItem(w http.ResponseWriter, r *http.Request) error {
	it, err := h.currentItem(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	changed := itemFromForm(f)
	changed.ID = it.ID
	err = h.store(r).UpdateItem(r.Context(), changed, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderItemForm(w, r, http.StatusUnprocessableEntity, it, r.PostForm, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "commissioning", it.ID), "work-item-saved")
}

func (h *Handlers) publishItem(w http.ResponseWriter, r *http.Request) error {
	it, err := h.currentItem(r)
	if err != nil {
		return err
	}
	if _, err := kit.ParseForm(w, r); err != nil {
		return err
	}
	if err := h.store(r).PublishItem(r.Context(), it.ID, kit.Actor(r)); err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "commissioning", it.ID), "work-item-published")
}

// --- the item's page ---

// stageView is one stage of a work item as its page shows it.
type stageView struct {
	Stage        statute.Stage
	Record       commissioning.StageRecord
	Involvements []involvementView
	Decisions    []commissioning.Decision
	Links        []commissioning.Link
	Problems     []commissioning.Problem
}

// involvementView is an involvement with its source's address and who
// took part in words.
type involvementView struct {
	commissioning.Involvement
	Who        []groupCount
	Localities []string
	SourcePath string // the linked record's page, "" for one keyed in
}

type groupCount struct {
	Group commissioning.Group
	N     int
}

func who(inv commissioning.Involvement) []groupCount {
	var out []groupCount
	for _, g := range commissioning.Groups {
		if n := inv.Taking[g]; n > 0 {
			out = append(out, groupCount{g, n})
		}
	}
	return out
}

// sourcePath is the staff page of the record an involvement or decision
// comes from.
func sourcePath(slug string, s commissioning.Source) string {
	switch s.Kind {
	case commissioning.FromConsult:
		return kit.StaffPath(slug, "consultations", s.ID)
	case commissioning.FromPlanViews:
		return kit.StaffPath(slug, "plans", s.ID, "views")
	case commissioning.FromS36:
		return kit.StaffPath(slug, "decisions", s.ID)
	case commissioning.FromAppraisal:
		return kit.StaffPath(slug, "appraisals", s.ID)
	case commissioning.FromMeeting, commissioning.FromRepresentor:
		return kit.StaffPath(slug, "meetings", s.Parent)
	}
	return ""
}

// stagesOf lays an item out stage by stage.
func stagesOf(p partnership.Partnership, it commissioning.Item, problems []commissioning.Problem) []stageView {
	names := localityName(p)
	var out []stageView
	for _, st := range statute.CommissioningStages() {
		sv := stageView{Stage: st, Record: it.Stage(st.Code)}
		for _, inv := range it.Involvements {
			if inv.Stage != st.Code {
				continue
			}
			iv := involvementView{Involvement: inv, Who: who(inv), SourcePath: sourcePath(p.Slug, inv.Source)}
			for _, l := range inv.Localities {
				iv.Localities = append(iv.Localities, names(l))
			}
			sv.Involvements = append(sv.Involvements, iv)
		}
		for _, d := range it.Decisions {
			if d.Stage == st.Code {
				sv.Decisions = append(sv.Decisions, d)
			}
		}
		for _, l := range it.Links {
			if l.Stage == st.Code {
				sv.Links = append(sv.Links, l)
			}
		}
		for _, pr := range problems {
			if pr.Stage == st.Code {
				sv.Problems = append(sv.Problems, pr)
			}
		}
		out = append(out, sv)
	}
	return out
}

// itemPage is what a work item's page shows.
type itemPage struct {
	Item         commissioning.Item
	Problems     []commissioning.Problem
	Stages       []stageView
	Localities   []string
	Arrangements []plan.ArrangementChoice
	Statuses     []kit.Option
	Depths       []commissioning.Depth
	CanEdit      bool
}

func (h *Handlers) item(w http.ResponseWriter, r *http.Request) error {
	it, err := h.currentItem(r)
	if err != nil {
		return err
	}
	return h.renderItem(w, r, http.StatusOK, it, nil)
}

func (h *Handlers) renderItem(w http.ResponseWriter, r *http.Request, status int, it commissioning.Item, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	problems := it.Problems(localityName(*p))
	pg := itemPage{Item: it, Problems: problems, Stages: stagesOf(*p, it, problems), Depths: commissioning.Depths, CanEdit: canEdit(r)}
	for _, l := range it.Localities {
		pg.Localities = append(pg.Localities, localityName(*p)(l))
	}
	arrs, err := h.store(r).Arrangements(r.Context())
	if err != nil {
		return err
	}
	for _, a := range arrs {
		for _, id := range it.Arrangements {
			if a.ID == id {
				pg.Arrangements = append(pg.Arrangements, a)
			}
		}
	}
	for _, s := range commissioning.Statuses {
		pg.Statuses = append(pg.Statuses, kit.Option{Value: string(s), Label: strings.ToUpper(s.Name()[:1]) + s.Name()[1:]})
	}
	h.pages.Render(w, r, status, "commissioning-item.html", kit.View{Title: it.Title, Caption: "Commissioning work", Nav: "staff",
		Errors: errs, Form: r.PostForm, Data: pg})
	return nil
}

func (h *Handlers) setStage(w http.ResponseWriter, r *http.Request) error {
	it, err := h.currentItem(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	code := f.Get("stage")
	sr := commissioning.StageRecord{Code: code, Status: commissioning.Status(f.Get("status")),
		Started: dateOf(f, "started-"+code), Finished: dateOf(f, "finished-"+code)}
	err = h.store(r).SetStage(r.Context(), it.ID, sr, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		// The stage's own fields carry its code, so the error lands on
		// the form that was sent.
		for i := range errs {
			errs[i].Field += "-" + code
		}
		return h.renderItem(w, r, http.StatusUnprocessableEntity, it, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "commissioning", it.ID)+"#"+code, "work-stage-saved")
}

// dateOf reads a date field, keeping what was typed when it is not a date
// so validation says so.
func dateOf(f kit.Form, name string) civil.Date {
	if d, ok := f.Date(name); ok {
		return d
	}
	return civil.Date(f.Text(name))
}
