// Package directionsweb is the pages of directions (ss.26-28): the staff
// register with the check that every delegated function has a current
// direction and the form to issue one (which may supersede another); the
// public register with each direction's text; and the open data.
package directionsweb

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/directions"
	"coplan/internal/directions/planlink"
	"coplan/internal/finance"
	"coplan/internal/meeting"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

//go:embed templates
var templateFiles embed.FS

// Handlers are the directions' pages.
type Handlers struct {
	k     *kit.Kit
	pages *kit.Pages
}

// New parses the templates and registers the notices.
func New(k *kit.Kit) (*Handlers, error) {
	pages, err := k.Pages(templateFiles, template.FuncMap{"pounds": finance.Pounds, "outcomeName": outcomeName})
	if err != nil {
		return nil, err
	}
	k.AddNotices(map[string]string{"direction-issued": "The direction has been issued. It shows on the public register of directions."})
	return &Handlers{k: k, pages: pages}, nil
}

// Routes are the directions' addresses, each with its permission.
func (h *Handlers) Routes() []kit.Route {
	return []kit.Route{
		{Pattern: "GET /staff/partnerships/{slug}/directions", Perm: auth.ReadPlanning, Handle: h.staff},
		{Pattern: "POST /staff/partnerships/{slug}/directions", Perm: auth.EditPlanning, Handle: h.issue},
		{Pattern: "GET /partnerships/{slug}/directions", Perm: auth.Public, Handle: h.public, Cache: true},
		{Pattern: "GET /api/v1/partnerships/{slug}/directions", Perm: auth.Public, Handle: h.api, Cache: true},
	}
}

func (h *Handlers) store(r *http.Request) *directions.Store {
	return directions.StoreFor(h.k.DB, *kit.Current(r).Partnership, h.k.Now).WithArrangements(planlink.Arrangements)
}

func outcomeName(code string) string {
	if o, ok := statute.Outcome(code); ok {
		return fmt.Sprintf("Outcome %d: %s", o.Number, o.Title)
	}
	return code
}

// staffPage is the staff register.
type staffPage struct {
	P          partnership.Partnership
	Directions []directions.Direction
	Uncovered  []partnership.Function
	Due        []directions.Direction
	Functions  []partnership.Function
	Decisions  []meeting.DecisionAt
	Arrs       []directions.Arrangement
	Today      civil.Date
	CanEdit    bool
	Source     statute.Source
}

// AddresseeOptions are whom a direction may be given to under the
// partnership's model.
func (s staffPage) AddresseeOptions() []kit.Option {
	var out []kit.Option
	for _, a := range statute.Addressees() {
		if a.LeadAgencyOnly && s.P.Model != "lead-agency" {
			continue
		}
		out = append(out, kit.Option{Value: a.Code, Label: a.Name})
	}
	return out
}

// CouncilOptions are the partnership's councils.
func (s staffPage) CouncilOptions() []kit.Option {
	out := []kit.Option{{Value: "", Label: "Not given to a council"}}
	for _, n := range s.P.LocalAuthorityNames() {
		out = append(out, kit.Option{Value: n, Label: n})
	}
	return out
}

// OutcomeOptions are the nine national outcomes.
func (s staffPage) OutcomeOptions() []kit.Option {
	var out []kit.Option
	for _, o := range statute.Outcomes() {
		out = append(out, kit.Option{Value: o.Code, Label: outcomeName(o.Code)})
	}
	return out
}

// LocalityOptions are the partnership's localities.
func (s staffPage) LocalityOptions() []kit.Option {
	var out []kit.Option
	for _, l := range s.P.Localities {
		out = append(out, kit.Option{Value: strconv.FormatInt(l.ID, 10), Label: l.Name})
	}
	return out
}

// ArrangementOptions are the arrangements of the partnership's plans.
func (s staffPage) ArrangementOptions() []kit.Option {
	var out []kit.Option
	for _, a := range s.Arrs {
		out = append(out, kit.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Plan + ": " + a.Title})
	}
	return out
}

// DecisionOptions are the board decisions a direction may cite.
func (s staffPage) DecisionOptions() []kit.Option {
	out := []kit.Option{{Value: "", Label: "Choose the decision"}}
	for _, d := range s.Decisions {
		text := d.Text
		if len(text) > 90 {
			text = text[:87] + "..."
		}
		out = append(out, kit.Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Meeting.StartsAt.Format("2 January 2006") + ": " + text})
	}
	return out
}

// SupersedeOptions are the current directions a new one may replace.
func (s staffPage) SupersedeOptions() []kit.Option {
	out := []kit.Option{{Value: "", Label: "None: this is a new direction"}}
	for _, d := range s.Directions {
		if d.Current(s.Today) {
			out = append(out, kit.Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Reference})
		}
	}
	return out
}

// FunctionOptions are the delegated functions, for the boxes.
func (s staffPage) FunctionOptions() []kit.Option {
	var out []kit.Option
	for _, f := range s.Functions {
		out = append(out, kit.Option{Value: strconv.FormatInt(f.ID, 10), Label: f.Name})
	}
	return out
}

func (h *Handlers) staff(w http.ResponseWriter, r *http.Request) error {
	return h.renderStaff(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderStaff(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	st := h.store(r)
	ctx := r.Context()
	ds, err := st.List(ctx)
	if err != nil {
		return err
	}
	fns, err := st.Functions(ctx)
	if err != nil {
		return err
	}
	decs, err := st.Decisions(ctx)
	if err != nil {
		return err
	}
	arrs, err := st.Arrangements(ctx)
	if err != nil {
		return err
	}
	today := st.Today()
	p := *kit.Current(r).Partnership
	h.pages.Render(w, r, status, "directions.html", kit.View{Title: "Directions", Caption: p.Name, Nav: "staff", Errors: errs, Form: r.PostForm,
		Data: staffPage{P: p, Directions: ds, Uncovered: directions.Uncovered(fns, ds, today), Due: directions.DueForReview(ds, today),
			Functions: fns, Decisions: decs, Arrs: arrs, Today: today, CanEdit: kit.Can(r, auth.EditPlanning), Source: statute.DirectionsSource}})
	return nil
}

func (h *Handlers) issue(w http.ResponseWriter, r *http.Request) error {
	form, err := kit.ParseForm(w, r)
	if e, ok := valid.As(err); ok {
		return h.renderStaff(w, r, http.StatusUnprocessableEntity, e)
	} else if err != nil {
		return err
	}
	var errs valid.Errors
	year, _ := strconv.Atoi(form.Get("year"))
	d := directions.Direction{Reference: form.Get("reference"), Year: year, Addressee: form.Get("addressee"), Council: form.Get("council"),
		Outcomes: form.Values["outcomes"],
		IssuedOn: civil.Date(form.Get("issued_on")), ReviewOn: civil.Date(form.Get("review_on"))}
	if d.Addressee == "health-board" || d.Addressee == "itself" {
		d.Council = ""
	}
	for _, l := range form.Values["localities"] {
		if id, err := strconv.ParseInt(l, 10, 64); err == nil {
			d.Localities = append(d.Localities, id)
		}
	}
	for _, a := range form.Values["arrangements"] {
		if id, err := strconv.ParseInt(a, 10, 64); err == nil {
			d.Arrangements = append(d.Arrangements, directions.Arrangement{ID: id})
		} else {
			errs.Add("arrangements", "Select arrangements of the partnership's strategic plans")
		}
	}
	if v := form.Get("decision"); v != "" {
		d.DecisionID, _ = strconv.ParseInt(v, 10, 64)
	} else {
		// MSG 4(iv): directions come at the end of a decision process.
		errs.Add("decision", "Select the board decision that approved the direction")
	}
	for _, f := range form.Values["functions"] {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			continue
		}
		pence, ok := finance.ParsePounds(form.Get(fmt.Sprintf("budget-%d", id)))
		if !ok {
			errs.Add(fmt.Sprintf("budget-%d", id), "Enter the budget for each function chosen, in pounds, such as 1,250,000")
		}
		d.Functions = append(d.Functions, directions.Line{FunctionID: id, How: form.Get(fmt.Sprintf("how-%d", id)), BudgetPence: pence})
	}
	supersedes, _ := strconv.ParseInt(form.Get("supersedes"), 10, 64)
	if len(errs) == 0 {
		_, err = h.store(r).Issue(r.Context(), d, supersedes, kit.Actor(r))
	}
	if e, ok := valid.As(err); ok {
		errs = append(errs, e...)
	} else if err != nil {
		return err
	}
	if len(errs) > 0 {
		return h.renderStaff(w, r, http.StatusUnprocessableEntity, errs)
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "directions"), "direction-issued")
}

// publicPage is the public register.
type publicPage struct {
	P          partnership.Partnership
	Directions []directions.Direction
	Today      civil.Date
	Source     statute.Source
}

func (h *Handlers) public(w http.ResponseWriter, r *http.Request) error {
	st := h.store(r)
	ds, err := st.List(r.Context())
	if err != nil {
		return err
	}
	p := *kit.Current(r).Partnership
	return h.pages.OK(w, r, "directions-public.html", kit.View{Title: "Directions from " + p.AuthorityName(), Caption: p.Name,
		Data: publicPage{P: p, Directions: ds, Today: st.Today(), Source: statute.DirectionsSource}})
}

// apiDirection is a direction in the open data.
type apiDirection struct {
	directions.Direction
	To          string `json:"to_name"`
	BudgetPence int64  `json:"budget_pence"`
	Current     bool   `json:"current"`
}

type apiList struct {
	Partnership string         `json:"partnership"`
	Source      string         `json:"source"`
	Directions  []apiDirection `json:"directions"`
	Generated   string         `json:"as_of"`
}

func (h *Handlers) api(w http.ResponseWriter, r *http.Request) error {
	st := h.store(r)
	ds, err := st.List(r.Context())
	if err != nil {
		return err
	}
	p := *kit.Current(r).Partnership
	out := apiList{Partnership: p.Slug, Source: statute.DirectionsSource.String(), Directions: []apiDirection{},
		Generated: st.Today().Time().Format(time.DateOnly)}
	for _, d := range ds {
		if d.Functions == nil {
			d.Functions = []directions.Line{}
		}
		if d.Arrangements == nil {
			d.Arrangements = []directions.Arrangement{}
		}
		if d.Outcomes == nil {
			d.Outcomes = []string{}
		}
		out.Directions = append(out.Directions, apiDirection{d, d.AddresseeName(p), d.Budget(), d.Current(st.Today())})
	}
	return kit.JSON(w, out)
}
