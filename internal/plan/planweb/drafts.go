package planweb

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"coplan/internal/auth"
	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/statute"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// planDraftRoutes are the pages where a plan is written: its versions, each
// version's sections and arrangements, the difference between two versions,
// the coverage check (s.29) and the other plans it takes account of (s.30)
// or correlates with.
func (s *Handlers) draftRoutes() []kit.Route {
	const base = "/staff/partnerships/{slug}/plans/{plan}"
	return []kit.Route{
		{Pattern: "GET " + base + "/versions", Perm: auth.ReadPlanning, Handle: s.planVersions},
		{Pattern: "POST " + base + "/versions", Perm: auth.EditPlanning, Handle: s.startPlanVersion},
		{Pattern: "POST " + base + "/versions/{version}/publish", Perm: auth.EditPlanning, Handle: s.publishPlanCorrection},
		{Pattern: "GET " + base + "/versions/{version}", Perm: auth.ReadPlanning, Handle: s.planVersion},
		{Pattern: "POST " + base + "/versions/{version}/sections", Perm: auth.EditPlanning, Handle: s.addPlanSection},
		{Pattern: "POST " + base + "/versions/{version}/sections/{section}", Perm: auth.EditPlanning, Handle: s.savePlanSection},
		{Pattern: "GET " + base + "/versions/{version}/arrangements", Perm: auth.ReadPlanning, Handle: s.planArrangements},
		{Pattern: "GET " + base + "/versions/{version}/arrangements/new", Perm: auth.EditPlanning, Handle: s.newPlanArrangement},
		{Pattern: "POST " + base + "/versions/{version}/arrangements", Perm: auth.EditPlanning, Handle: s.addPlanArrangement},
		{Pattern: "GET " + base + "/versions/{version}/arrangements/{arrangement}", Perm: auth.EditPlanning, Handle: s.editPlanArrangement},
		{Pattern: "POST " + base + "/versions/{version}/arrangements/{arrangement}", Perm: auth.EditPlanning, Handle: s.updatePlanArrangement},
		{Pattern: "POST " + base + "/versions/{version}/arrangements/{arrangement}/remove", Perm: auth.EditPlanning, Handle: s.removePlanArrangement},
		{Pattern: "GET " + base + "/diff", Perm: auth.ReadPlanning, Handle: s.planDiff},
		{Pattern: "GET " + base + "/coverage", Perm: auth.ReadPlanning, Handle: s.planCoverage},
		{Pattern: "GET " + base + "/links", Perm: auth.ReadPlanning, Handle: s.planLinks},
		{Pattern: "POST " + base + "/links", Perm: auth.EditPlanning, Handle: s.addPlanLink},
		{Pattern: "POST " + base + "/links/{link}/remove", Perm: auth.EditPlanning, Handle: s.removePlanLink},
	}
}

// draftErr turns the plan store's errors into what a person should see.
func draftErr(err error) error {
	switch {
	case errors.Is(err, plan.ErrNotFound):
		return kit.ErrNotFound
	case errors.Is(err, plan.ErrFrozen), errors.Is(err, plan.ErrSuperseded):
		msg := err.Error()
		return kit.HTTPError{Status: http.StatusConflict, Message: strings.ToUpper(msg[:1]) + msg[1:] + "."}
	}
	return err
}

// draftPlan loads the {plan} of the current partnership.
func (s *Handlers) draftPlan(r *http.Request) (plan.Head, error) {
	id, err := kit.PathID(r, "plan")
	if err != nil {
		return plan.Head{}, err
	}
	h, err := plan.HeadOf(r.Context(), s.k.DB, kit.Current(r).Partnership.ID, id)
	return h, draftErr(err)
}

// draftVersion loads the {plan} and its {version} (by number).
func (s *Handlers) draftVersion(r *http.Request) (plan.Head, plan.Version, error) {
	h, err := s.draftPlan(r)
	if err != nil {
		return h, plan.Version{}, err
	}
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || n <= 0 {
		return h, plan.Version{}, kit.ErrNotFound
	}
	v, err := plan.VersionByNumber(r.Context(), s.k.DB, kit.Current(r).Partnership.ID, h.ID, n)
	return h, v, draftErr(err)
}

// seeOtherAt is seeOther to a place on the page (fragment "#...").
func seeOtherAt(w http.ResponseWriter, r *http.Request, path, done, fragment string) error {
	if done != "" {
		path += "?done=" + url.QueryEscape(done)
	}
	http.Redirect(w, r, path+fragment, http.StatusSeeOther)
	return nil
}

func planPath(p *partnership.Partnership, h plan.Head, rest string) string {
	return "/staff/partnerships/" + p.Slug + "/plans/" + strconv.FormatInt(h.ID, 10) + rest
}

// versionEditable says why a version's forms cannot be shown: it is frozen
// or superseded.
func (s *Handlers) versionEditable(r *http.Request, h plan.Head, v plan.Version) error {
	if v.Frozen {
		return draftErr(plan.ErrFrozen)
	}
	latest, err := plan.LatestVersion(r.Context(), s.k.DB, h.ID)
	if err != nil {
		return draftErr(err)
	}
	if latest.Number != v.Number {
		return draftErr(plan.ErrSuperseded)
	}
	return nil
}

func canEditPlan(r *http.Request) bool {
	rq := kit.Current(r)
	return auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID)
}

// versionsPage is the list of a plan's versions.
type versionsPage struct {
	Plan     plan.Head
	Versions []plan.Version
	CanEdit  bool
	Base     string
}

func (s *Handlers) planVersions(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlanVersions(w, r, http.StatusOK, nil)
}

func (s *Handlers) renderPlanVersions(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	h, err := s.draftPlan(r)
	if err != nil {
		return err
	}
	vs, err := plan.Versions(r.Context(), s.k.DB, h.ID)
	if err != nil {
		return err
	}
	slices.Reverse(vs)
	r.ParseForm()
	s.pages.Render(w, r, status, "plan-versions.html", kit.View{Title: "Versions of " + h.Title, Caption: p.Name, Nav: "staff",
		Errors: errs, Form: r.PostForm, Data: versionsPage{h, vs, canEditPlan(r), planPath(p, h, "")}})
	return nil
}

func (s *Handlers) startPlanVersion(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return kit.HTTPError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := kit.Current(r).Partnership
	h, err := s.draftPlan(r)
	if err != nil {
		return err
	}
	v, err := plan.NewVersion(r.Context(), s.k.DB, *p, h.ID, r.PostForm.Get("note"), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderPlanVersions(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return draftErr(err)
	}
	return kit.SeeOther(w, r, planPath(p, h, "/versions/"+strconv.Itoa(v.Number)), "plan-version-started")
}

// publishPlanCorrection publishes the latest version of a published plan
// as a correction.
func (s *Handlers) publishPlanCorrection(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	h, err := s.draftPlan(r)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil {
		return kit.ErrNotFound
	}
	err = plan.PublishCorrection(r.Context(), s.k.DB, *p, h.ID, n, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return kit.HTTPError{Status: http.StatusConflict, Message: errs.Error() + "."}
	}
	if err != nil {
		return draftErr(err)
	}
	return kit.SeeOther(w, r, planPath(p, h, "/versions/"+strconv.Itoa(n)), "plan-correction-published")
}

// sectionView is a section as the version page shows it.
type sectionView struct {
	plan.Section
	Locality string
	HTML     template.HTML // the text, rendered by plan.Markdown
	Errors   valid.Errors  // this section's form errors, with fields "title" and "body"
}

// versionPage is one version's text.
type versionPage struct {
	Plan       plan.Head
	Version    plan.Version
	Sections   []sectionView
	CanEdit    bool
	Base       string
	Localities []partnership.Named // localities with no section yet
	Latest     int
}

func (s *Handlers) planVersion(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlanVersion(w, r, http.StatusOK, 0, nil)
}

// renderPlanVersion shows a version; errs belong to the section with id
// errSection, or to the add-section form when errSection is 0.
func (s *Handlers) renderPlanVersion(w http.ResponseWriter, r *http.Request, status int, errSection int64, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	ss, err := plan.Sections(r.Context(), s.k.DB, v.ID)
	if err != nil {
		return err
	}
	latest, err := plan.LatestVersion(r.Context(), s.k.DB, h.ID)
	if err != nil {
		return draftErr(err)
	}
	page := versionPage{Plan: h, Version: v, CanEdit: canEditPlan(r) && !v.Frozen && v.Number == latest.Number, Base: planPath(p, h, ""),
		Latest: latest.Number}
	has := map[int64]bool{}
	var summary valid.Errors
	for _, sec := range ss {
		sv := sectionView{Section: sec, HTML: plan.Markdown(sec.Body)}
		for _, l := range p.Localities {
			if l.ID == sec.LocalityID {
				sv.Locality = l.Name
			}
		}
		has[sec.LocalityID] = true
		if errSection != 0 && sec.ID == errSection {
			sv.Errors = errs
			if r.PostForm != nil {
				sv.Title, sv.Body = r.PostForm.Get("title"), r.PostForm.Get("body")
			}
			for _, e := range errs {
				summary = append(summary, valid.FieldError{Field: fmt.Sprintf("%s-%d", e.Field, sec.ID), Message: e.Message})
			}
		}
		page.Sections = append(page.Sections, sv)
	}
	for _, l := range p.Localities {
		if !has[l.ID] {
			page.Localities = append(page.Localities, l)
		}
	}
	var form = r.PostForm
	if errSection == 0 {
		summary = errs
	} else {
		form = nil
	}
	s.pages.Render(w, r, status, "plan-version.html", kit.View{Title: fmt.Sprintf("Version %d of %s", v.Number, h.Title), Caption: p.Name,
		Nav: "staff", Errors: summary, Form: form, Data: page})
	return nil
}

func (s *Handlers) addPlanSection(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return kit.HTTPError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := kit.Current(r).Partnership
	h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	loc, _ := strconv.ParseInt(r.PostForm.Get("locality"), 10, 64)
	sec, err := plan.SaveSection(r.Context(), s.k.DB, *p, h.ID, v.Number,
		plan.Section{Title: r.PostForm.Get("title"), LocalityID: loc}, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderPlanVersion(w, r, http.StatusUnprocessableEntity, 0, errs)
	}
	if err != nil {
		return draftErr(err)
	}
	return seeOtherAt(w, r, planPath(p, h, fmt.Sprintf("/versions/%d", v.Number)), "plan-section-added", "#section-"+strconv.FormatInt(sec.ID, 10))
}

func (s *Handlers) savePlanSection(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return kit.HTTPError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := kit.Current(r).Partnership
	h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "section")
	if err != nil {
		return err
	}
	_, err = plan.SaveSection(r.Context(), s.k.DB, *p, h.ID, v.Number,
		plan.Section{ID: id, Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body")}, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderPlanVersion(w, r, http.StatusUnprocessableEntity, id, errs)
	}
	if err != nil {
		return draftErr(err)
	}
	return seeOtherAt(w, r, planPath(p, h, fmt.Sprintf("/versions/%d", v.Number)), "plan-section-saved", "#section-"+strconv.FormatInt(id, 10))
}

// arrangementView is an arrangement with its locality and statute names.
type arrangementView struct {
	plan.PlannedArrangement
	Where      string
	Outcomes   []statute.WellbeingOutcome
	Principles []statute.DeliveryPrinciple
}

func arrangementViews(p *partnership.Partnership, as []plan.PlannedArrangement) []arrangementView {
	out := make([]arrangementView, 0, len(as))
	for _, a := range as {
		v := arrangementView{PlannedArrangement: a, Where: "Whole area"}
		for _, l := range p.Localities {
			if l.ID == a.LocalityID {
				v.Where = l.Name
			}
		}
		for _, c := range a.Arrangement.Outcomes {
			if o, ok := statute.Outcome(c); ok {
				v.Outcomes = append(v.Outcomes, o)
			}
		}
		for _, c := range a.Arrangement.Principles {
			if pr, ok := statute.Principle(c); ok {
				v.Principles = append(v.Principles, pr)
			}
		}
		out = append(out, v)
	}
	return out
}

// arrangementsPage lists a version's arrangements.
type arrangementsPage struct {
	Plan         plan.Head
	Version      plan.Version
	Arrangements []arrangementView
	CanEdit      bool
	Base         string
	Latest       int // the latest version's number: only it can be changed
}

func (s *Handlers) planArrangements(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	as, err := plan.Arrangements(r.Context(), s.k.DB, v.ID)
	if err != nil {
		return err
	}
	latest, err := plan.LatestVersion(r.Context(), s.k.DB, h.ID)
	if err != nil {
		return draftErr(err)
	}
	s.pages.Render(w, r, http.StatusOK, "plan-version-arrangements.html", kit.View{Title: fmt.Sprintf("Arrangements in version %d of %s", v.Number, h.Title),
		Caption: p.Name, Nav: "staff", Data: arrangementsPage{h, v, arrangementViews(p, as), canEditPlan(r) && !v.Frozen && v.Number == latest.Number,
			planPath(p, h, ""), latest.Number}})
	return nil
}

// arrangementForm is the add/change arrangement form.
type arrangementForm struct {
	Plan        plan.Head
	Version     plan.Version
	Arrangement plan.PlannedArrangement
	Measures    string
	Localities  []partnership.Named
	Outcomes    []kit.Option
	Principles  []kit.Option
	Base        string
}

func newArrangementForm(p *partnership.Partnership, h plan.Head, v plan.Version, a plan.PlannedArrangement) arrangementForm {
	f := arrangementForm{Plan: h, Version: v, Arrangement: a, Measures: strings.Join(a.Measures, "\n"), Localities: p.Localities,
		Base: planPath(p, h, "")}
	for _, o := range statute.Outcomes() {
		f.Outcomes = append(f.Outcomes, kit.Option{Value: o.Code, Label: fmt.Sprintf("Outcome %d: %s", o.Number, o.Title), Hint: o.Text})
	}
	for _, pr := range statute.Principles() {
		f.Principles = append(f.Principles, kit.Option{Value: pr.Code, Label: fmt.Sprintf("Principle %d", pr.Number), Hint: pr.Text})
	}
	return f
}

func (s *Handlers) newPlanArrangement(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	if err := s.versionEditable(r, h, v); err != nil {
		return err
	}
	s.pages.Render(w, r, http.StatusOK, "plan-version-arrangement.html", kit.View{Title: "Add an arrangement", Caption: p.Name, Nav: "staff",
		Data: newArrangementForm(p, h, v, plan.PlannedArrangement{})})
	return nil
}

func (s *Handlers) editPlanArrangement(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "arrangement")
	if err != nil {
		return err
	}
	a, err := plan.ArrangementByID(r.Context(), s.k.DB, p.ID, h.ID, v.Number, id)
	if err != nil {
		return draftErr(err)
	}
	if err := s.versionEditable(r, h, v); err != nil {
		return err
	}
	s.pages.Render(w, r, http.StatusOK, "plan-version-arrangement.html", kit.View{Title: "Change the arrangement", Caption: p.Name, Nav: "staff",
		Data: newArrangementForm(p, h, v, a)})
	return nil
}

func (s *Handlers) addPlanArrangement(w http.ResponseWriter, r *http.Request) error {
	return s.savePlanArrangement(w, r, 0)
}

func (s *Handlers) updatePlanArrangement(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "arrangement")
	if err != nil {
		return err
	}
	return s.savePlanArrangement(w, r, id)
}

func (s *Handlers) savePlanArrangement(w http.ResponseWriter, r *http.Request, id int64) error {
	if err := r.ParseForm(); err != nil {
		return kit.HTTPError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := kit.Current(r).Partnership
	h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	if id != 0 {
		if _, err := plan.ArrangementByID(r.Context(), s.k.DB, p.ID, h.ID, v.Number, id); err != nil {
			return draftErr(err)
		}
	}
	loc, _ := strconv.ParseInt(r.PostForm.Get("locality"), 10, 64)
	a := plan.PlannedArrangement{ID: id, Description: r.PostForm.Get("description"), Arrangement: plan.Arrangement{
		LocalityID: loc, Title: r.PostForm.Get("title"), Outcomes: r.PostForm["outcomes"], Principles: r.PostForm["principles"],
		Measures: []string{r.PostForm.Get("measures")}}}
	saved, err := plan.SaveArrangement(r.Context(), s.k.DB, *p, h.ID, v.Number, a, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		title := "Add an arrangement"
		if id != 0 {
			title = "Change the arrangement"
		}
		f := newArrangementForm(p, h, v, a)
		f.Measures = r.PostForm.Get("measures")
		s.pages.Render(w, r, http.StatusUnprocessableEntity, "plan-version-arrangement.html", kit.View{Title: title, Caption: p.Name, Nav: "staff",
			Errors: errs, Form: r.PostForm, Data: f})
		return nil
	}
	if err != nil {
		return draftErr(err)
	}
	done := "plan-arrangement-added"
	if id != 0 {
		done = "plan-arrangement-saved"
	}
	return seeOtherAt(w, r, planPath(p, h, fmt.Sprintf("/versions/%d/arrangements", v.Number)), done, "#arrangement-"+strconv.FormatInt(saved.ID, 10))
}

func (s *Handlers) removePlanArrangement(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "arrangement")
	if err != nil {
		return err
	}
	if err := plan.RemoveArrangement(r.Context(), s.k.DB, *p, h.ID, v.Number, id, kit.Actor(r)); err != nil {
		return draftErr(err)
	}
	return kit.SeeOther(w, r, planPath(p, h, fmt.Sprintf("/versions/%d/arrangements", v.Number)), "plan-arrangement-removed")
}

// sectionDiff is one section's changes between two versions.
type sectionDiff struct {
	Title   string
	Status  string // "changed", "unchanged", "added" or "removed"
	Ops     []plan.Op
	Changes int
}

// diffPage compares two versions.
type diffPage struct {
	Plan     plan.Head
	Versions []plan.Version
	From, To plan.Version
	Sections []sectionDiff
	Base     string
}

func (s *Handlers) planDiff(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := kit.Current(r).Partnership
	h, err := s.draftPlan(r)
	if err != nil {
		return err
	}
	vs, err := plan.Versions(ctx, s.k.DB, h.ID)
	if err != nil {
		return err
	}
	page := diffPage{Plan: h, Versions: vs, Base: planPath(p, h, "")}
	if len(vs) == 0 {
		s.pages.Render(w, r, http.StatusOK, "plan-diff.html", kit.View{Title: "Compare versions of " + h.Title, Caption: p.Name, Nav: "staff", Data: page})
		return nil
	}
	number := func(name string, def int) (plan.Version, error) {
		n := def
		if q := r.URL.Query().Get(name); q != "" {
			var err error
			if n, err = strconv.Atoi(q); err != nil {
				return plan.Version{}, kit.HTTPError{Status: http.StatusBadRequest, Message: "Choose the versions to compare from the lists."}
			}
		}
		i := slices.IndexFunc(vs, func(v plan.Version) bool { return v.Number == n })
		if i < 0 {
			return plan.Version{}, kit.HTTPError{Status: http.StatusNotFound, Message: fmt.Sprintf("The plan has no version %d.", n)}
		}
		return vs[i], nil
	}
	last := vs[len(vs)-1].Number
	if page.From, err = number("from", max(1, last-1)); err != nil {
		return err
	}
	if page.To, err = number("to", last); err != nil {
		return err
	}
	from, err := plan.Sections(ctx, s.k.DB, page.From.ID)
	if err != nil {
		return err
	}
	to, err := plan.Sections(ctx, s.k.DB, page.To.ID)
	if err != nil {
		return err
	}
	add := func(title, before, after string, inBefore, inAfter bool) {
		d := sectionDiff{Title: title, Ops: plan.Diff(before, after)}
		for _, op := range d.Ops {
			if op.Kind != "same" {
				d.Changes++
			}
		}
		switch {
		case !inBefore:
			d.Status = "added"
		case !inAfter:
			d.Status = "removed"
		case d.Changes == 0:
			d.Status = "unchanged"
		default:
			d.Status = "changed"
		}
		page.Sections = append(page.Sections, d)
	}
	for _, a := range to {
		i := slices.IndexFunc(from, func(b plan.Section) bool { return b.Key == a.Key })
		if i < 0 {
			add(a.Title, "", a.Body, false, true)
			continue
		}
		title := a.Title
		if from[i].Title != a.Title {
			title = from[i].Title + " (now " + a.Title + ")"
		}
		add(title, from[i].Body, a.Body, true, true)
	}
	for _, b := range from {
		if !slices.ContainsFunc(to, func(a plan.Section) bool { return a.Key == b.Key }) {
			add(b.Title, b.Body, "", true, false)
		}
	}
	fa, err := plan.Arrangements(ctx, s.k.DB, page.From.ID)
	if err != nil {
		return err
	}
	ta, err := plan.Arrangements(ctx, s.k.DB, page.To.ID)
	if err != nil {
		return err
	}
	add("Arrangements, outcomes, principles and measures", plan.ArrangementsText(*p, fa), plan.ArrangementsText(*p, ta), true, true)
	s.pages.Render(w, r, http.StatusOK, "plan-diff.html", kit.View{Title: "Compare versions of " + h.Title, Caption: p.Name, Nav: "staff", Data: page})
	return nil
}

// coveragePage is the coverage check of the plan's latest version.
type coveragePage struct {
	Plan  plan.Head
	Check plan.CoverageCheck
	None  bool // the plan has no version yet
	Base  string
}

func (s *Handlers) planCoverage(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	h, err := s.draftPlan(r)
	if err != nil {
		return err
	}
	page := coveragePage{Plan: h, Base: planPath(p, h, "")}
	v, err := plan.LatestVersion(r.Context(), s.k.DB, h.ID)
	switch {
	case errors.Is(err, plan.ErrNotFound):
		page.None = true
	case err != nil:
		return err
	default:
		if page.Check, err = plan.CheckVersion(r.Context(), s.k.DB, *p, v); err != nil {
			return err
		}
	}
	s.pages.Render(w, r, http.StatusOK, "plan-coverage.html", kit.View{Title: "What the Act requires: " + h.Title, Caption: p.Name, Nav: "staff", Data: page})
	return nil
}

// linksPage lists the other plans a plan takes account of or correlates
// with.
type linksPage struct {
	Plan      plan.Head
	Links     []plan.Link
	Others    []plan.OtherPlan
	Correlate []string
	CanEdit   bool
	Base      string
}

func (s *Handlers) planLinks(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlanLinks(w, r, http.StatusOK, nil)
}

func (s *Handlers) renderPlanLinks(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	h, err := s.draftPlan(r)
	if err != nil {
		return err
	}
	ls, err := plan.Links(r.Context(), s.k.DB, h.ID)
	if err != nil {
		return err
	}
	others, err := plan.LinkablePlans(r.Context(), s.k.DB, p.ID)
	if err != nil {
		return err
	}
	s.pages.Render(w, r, status, "plan-links.html", kit.View{Title: "Other plans: " + h.Title, Caption: p.Name, Nav: "staff",
		Errors: errs, Form: r.PostForm, Data: linksPage{h, ls, others, plan.CorrelatePlans, canEditPlan(r), planPath(p, h, "")}})
	return nil
}

func (s *Handlers) addPlanLink(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return kit.HTTPError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := kit.Current(r).Partnership
	h, err := s.draftPlan(r)
	if err != nil {
		return err
	}
	other, _ := strconv.ParseInt(r.PostForm.Get("other_plan"), 10, 64)
	_, err = plan.AddLink(r.Context(), s.k.DB, *p, h.ID, plan.Link{Kind: r.PostForm.Get("kind"), Title: r.PostForm.Get("title"),
		URL: r.PostForm.Get("url"), OtherPlanID: other, Note: r.PostForm.Get("note")}, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderPlanLinks(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return draftErr(err)
	}
	return kit.SeeOther(w, r, planPath(p, h, "/links"), "plan-link-added")
}

func (s *Handlers) removePlanLink(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	h, err := s.draftPlan(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "link")
	if err != nil {
		return err
	}
	if err := plan.RemoveLink(r.Context(), s.k.DB, *p, h.ID, id, kit.Actor(r)); err != nil {
		return draftErr(err)
	}
	return kit.SeeOther(w, r, planPath(p, h, "/links"), "plan-link-removed")
}
