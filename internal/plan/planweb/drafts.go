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
	"coplan/internal/markdown"
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

// draftErr turns a change refused because the version is frozen or
// superseded into a 409 that says what to do.
func draftErr(err error) error {
	switch {
	case errors.Is(err, plan.ErrFrozen), errors.Is(err, plan.ErrSuperseded):
		msg := err.Error()
		return kit.HTTPError{Status: http.StatusConflict, Message: strings.ToUpper(msg[:1]) + msg[1:] + "."}
	}
	return err
}

// draftVersion loads the {plan} and its {version} (by number), with the
// store they were read through.
func (s *Handlers) draftVersion(r *http.Request) (*plan.Store, plan.Plan, plan.Version, error) {
	st, h, err := s.currentPlan(r)
	if err != nil {
		return st, h, plan.Version{}, err
	}
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || n <= 0 {
		return st, h, plan.Version{}, kit.ErrNotFound
	}
	v, err := st.VersionByNumber(r.Context(), h.ID, n)
	return st, h, v, err
}

// seeOtherAt is seeOther to a place on the page (fragment "#...").
func seeOtherAt(w http.ResponseWriter, r *http.Request, path, done, fragment string) error {
	if done != "" {
		path += "?done=" + url.QueryEscape(done)
	}
	http.Redirect(w, r, path+fragment, http.StatusSeeOther)
	return nil
}

// versionEditable says why a version's forms cannot be shown: it is frozen
// or superseded.
func versionEditable(r *http.Request, st *plan.Store, h plan.Plan, v plan.Version) error {
	if v.Frozen {
		return draftErr(plan.ErrFrozen)
	}
	latest, err := st.LatestVersion(r.Context(), h.ID)
	if err != nil {
		return err
	}
	if latest.Number != v.Number {
		return draftErr(plan.ErrSuperseded)
	}
	return nil
}

// versionsPage is the list of a plan's versions.
type versionsPage struct {
	Plan     plan.Plan
	Versions []plan.Version
	CanEdit  bool
	Base     string
}

func (s *Handlers) planVersions(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlanVersions(w, r, http.StatusOK, nil)
}

func (s *Handlers) renderPlanVersions(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	vs, err := st.Versions(r.Context(), h.ID)
	if err != nil {
		return err
	}
	slices.Reverse(vs)
	s.pages.Render(w, r, status, "plan-versions.html", kit.View{Title: "Versions of " + h.Title, Caption: p.Name, Nav: "staff",
		Errors: errs, Form: r.PostForm, Data: versionsPage{h, vs, canEdit(r), onePlanPath(p, h)}})
	return nil
}

func (s *Handlers) startPlanVersion(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	v, err := st.NewVersion(r.Context(), h.ID, f.Get("note"), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderPlanVersions(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return draftErr(err)
	}
	return kit.SeeOther(w, r, onePlanPath(p, h, "versions", v.Number), "plan-version-started")
}

// publishPlanCorrection publishes the latest version of a published plan
// as a correction.
func (s *Handlers) publishPlanCorrection(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil {
		return kit.ErrNotFound
	}
	err = st.PublishCorrection(r.Context(), h.ID, n, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return kit.HTTPError{Status: http.StatusConflict, Message: errs.Error() + "."}
	}
	if err != nil {
		return draftErr(err)
	}
	return kit.SeeOther(w, r, onePlanPath(p, h, "versions", n), "plan-correction-published")
}

// sectionView is a section as the version page shows it.
type sectionView struct {
	plan.Section
	Locality string
	HTML     template.HTML // the text, rendered by markdown.HTML under the section's h2
	Errors   valid.Errors  // this section's form errors, with fields "title" and "body"
}

// versionPage is one version's text.
type versionPage struct {
	Plan       plan.Plan
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
	st, h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	ss, err := st.Sections(r.Context(), v.ID)
	if err != nil {
		return err
	}
	latest, err := st.LatestVersion(r.Context(), h.ID)
	if err != nil {
		return err
	}
	page := versionPage{Plan: h, Version: v, CanEdit: canEdit(r) && !v.Frozen && v.Number == latest.Number, Base: onePlanPath(p, h),
		Latest: latest.Number}
	has := map[int64]bool{}
	var summary valid.Errors
	for _, sec := range ss {
		sv := sectionView{Section: sec, HTML: markdown.HTML(sec.Body, 2)}
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
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	st, h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	sec, err := st.SaveSection(r.Context(), h.ID, v.Number, plan.Section{Title: f.Get("title"), LocalityID: f.ID("locality")}, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderPlanVersion(w, r, http.StatusUnprocessableEntity, 0, errs)
	}
	if err != nil {
		return draftErr(err)
	}
	return seeOtherAt(w, r, onePlanPath(p, h, "versions", v.Number), "plan-section-added", "#section-"+strconv.FormatInt(sec.ID, 10))
}

func (s *Handlers) savePlanSection(w http.ResponseWriter, r *http.Request) error {
	// A section of a plan may be far longer than an ordinary box.
	f, ferr := kit.ParseForm(w, r, kit.Allow("body", plan.MaxSectionChars))
	if _, ok := valid.As(ferr); ferr != nil && !ok {
		return ferr
	}
	p := kit.Current(r).Partnership
	st, h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "section")
	if err != nil {
		return err
	}
	if err = ferr; err == nil {
		_, err = st.SaveSection(r.Context(), h.ID, v.Number, plan.Section{ID: id, Title: f.Get("title"), Body: f.Get("body")}, kit.Actor(r))
	}
	if errs, ok := valid.As(err); ok {
		return s.renderPlanVersion(w, r, http.StatusUnprocessableEntity, id, errs)
	}
	if err != nil {
		return draftErr(err)
	}
	return seeOtherAt(w, r, onePlanPath(p, h, "versions", v.Number), "plan-section-saved", "#section-"+strconv.FormatInt(id, 10))
}

// arrangementView is an arrangement with its locality and statute names.
type arrangementView struct {
	plan.PlannedArrangement
	Where      string
	Outcomes   []statute.WellbeingOutcome
	Principles []statute.DeliveryPrinciple
	// Indicators are the national indicators it is judged by, chosen or
	// cited in its older free-text measures.
	Indicators []statute.CoreIndicator
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
		for _, c := range a.IndicatorCodes() {
			if ind, ok := statute.CoreIndicatorByCode(c); ok {
				v.Indicators = append(v.Indicators, ind)
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
	Plan         plan.Plan
	Version      plan.Version
	Arrangements []arrangementView
	CanEdit      bool
	Base         string
	Latest       int // the latest version's number: only it can be changed
}

func (s *Handlers) planArrangements(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	st, h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	as, err := st.Arrangements(r.Context(), v.ID)
	if err != nil {
		return err
	}
	latest, err := st.LatestVersion(r.Context(), h.ID)
	if err != nil {
		return err
	}
	s.pages.Render(w, r, http.StatusOK, "plan-version-arrangements.html", kit.View{Title: fmt.Sprintf("Arrangements in version %d of %s", v.Number, h.Title),
		Caption: p.Name, Nav: "staff", Data: arrangementsPage{h, v, arrangementViews(p, as), canEdit(r) && !v.Frozen && v.Number == latest.Number,
			onePlanPath(p, h), latest.Number}})
	return nil
}

// arrangementForm is the add/change arrangement form.
type arrangementForm struct {
	Plan        plan.Plan
	Version     plan.Version
	Arrangement plan.PlannedArrangement
	Measures    string
	Indicators  []string
	Localities  []partnership.Named
	Outcomes    []kit.Option
	Principles  []kit.Option
	// IndicatorOptions are the reported national indicators.
	IndicatorOptions []kit.Option
	Base             string
}

func newArrangementForm(p *partnership.Partnership, h plan.Plan, v plan.Version, a plan.PlannedArrangement) arrangementForm {
	// An older arrangement's measures that cite an indicator ("NI-2: ...")
	// are shown ticked among the indicators; the others stay as words.
	f := arrangementForm{Plan: h, Version: v, Arrangement: a, Measures: strings.Join(a.LocalMeasures(), "\n"), Indicators: a.IndicatorCodes(),
		Localities: p.Localities, Base: onePlanPath(p, h)}
	for _, ind := range statute.ReportedIndicators() {
		f.IndicatorOptions = append(f.IndicatorOptions, kit.Option{Value: ind.Code, Label: ind.Code + ": " + ind.Title})
	}
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
	st, h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	if err := versionEditable(r, st, h, v); err != nil {
		return err
	}
	s.pages.Render(w, r, http.StatusOK, "plan-version-arrangement.html", kit.View{Title: "Add an arrangement", Caption: p.Name, Nav: "staff",
		Data: newArrangementForm(p, h, v, plan.PlannedArrangement{})})
	return nil
}

func (s *Handlers) editPlanArrangement(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	st, h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "arrangement")
	if err != nil {
		return err
	}
	a, err := st.ArrangementByID(r.Context(), h.ID, v.Number, id)
	if err != nil {
		return err
	}
	if err := versionEditable(r, st, h, v); err != nil {
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
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	st, h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	if id != 0 {
		if _, err := st.ArrangementByID(r.Context(), h.ID, v.Number, id); err != nil {
			return err
		}
	}
	a := plan.PlannedArrangement{ID: id, Description: f.Get("description"), Arrangement: plan.Arrangement{
		LocalityID: f.ID("locality"), Title: f.Get("title"), Outcomes: f.Values["outcomes"], Principles: f.Values["principles"],
		Measures: []string{f.Get("measures")}, Indicators: f.Values["indicators"]}}
	saved, err := st.SaveArrangement(r.Context(), h.ID, v.Number, a, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		title := "Add an arrangement"
		if id != 0 {
			title = "Change the arrangement"
		}
		af := newArrangementForm(p, h, v, a)
		af.Measures = f.Get("measures")
		af.Indicators = f.Values["indicators"]
		s.pages.Render(w, r, http.StatusUnprocessableEntity, "plan-version-arrangement.html", kit.View{Title: title, Caption: p.Name, Nav: "staff",
			Errors: errs, Form: f.Values, Data: af})
		return nil
	}
	if err != nil {
		return draftErr(err)
	}
	done := "plan-arrangement-added"
	if id != 0 {
		done = "plan-arrangement-saved"
	}
	return seeOtherAt(w, r, onePlanPath(p, h, "versions", v.Number, "arrangements"), done, "#arrangement-"+strconv.FormatInt(saved.ID, 10))
}

func (s *Handlers) removePlanArrangement(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	st, h, v, err := s.draftVersion(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "arrangement")
	if err != nil {
		return err
	}
	if err := st.RemoveArrangement(r.Context(), h.ID, v.Number, id, kit.Actor(r)); err != nil {
		return draftErr(err)
	}
	return kit.SeeOther(w, r, onePlanPath(p, h, "versions", v.Number, "arrangements"), "plan-arrangement-removed")
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
	Plan     plan.Plan
	Versions []plan.Version
	From, To plan.Version
	Sections []sectionDiff
	Base     string
}

func (s *Handlers) planDiff(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := kit.Current(r).Partnership
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	vs, err := st.Versions(ctx, h.ID)
	if err != nil {
		return err
	}
	page := diffPage{Plan: h, Versions: vs, Base: onePlanPath(p, h)}
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
	from, err := st.Sections(ctx, page.From.ID)
	if err != nil {
		return err
	}
	to, err := st.Sections(ctx, page.To.ID)
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
	fa, err := st.Arrangements(ctx, page.From.ID)
	if err != nil {
		return err
	}
	ta, err := st.Arrangements(ctx, page.To.ID)
	if err != nil {
		return err
	}
	add("Arrangements, outcomes, principles and measures", plan.ArrangementsText(*p, fa), plan.ArrangementsText(*p, ta), true, true)
	s.pages.Render(w, r, http.StatusOK, "plan-diff.html", kit.View{Title: "Compare versions of " + h.Title, Caption: p.Name, Nav: "staff", Data: page})
	return nil
}

// coveragePage is the coverage check of the plan's latest version.
type coveragePage struct {
	Plan  plan.Plan
	Check plan.CoverageCheck
	None  bool // the plan has no version yet
	Base  string
}

func (s *Handlers) planCoverage(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	page := coveragePage{Plan: h, Base: onePlanPath(p, h)}
	v, err := st.LatestVersion(r.Context(), h.ID)
	switch {
	case errors.Is(err, valid.ErrNotFound):
		page.None = true
	case err != nil:
		return err
	default:
		if page.Check, err = st.CheckVersion(r.Context(), v); err != nil {
			return err
		}
	}
	s.pages.Render(w, r, http.StatusOK, "plan-coverage.html", kit.View{Title: "What the Act requires: " + h.Title, Caption: p.Name, Nav: "staff", Data: page})
	return nil
}

// linksPage lists the other plans a plan takes account of or correlates
// with.
type linksPage struct {
	Plan         plan.Plan
	Links        []plan.Link
	Others       []plan.OtherPlan
	Correlations []plan.Correlation // the guidance's plans to correlate with, and the links to each
	Related      []kit.Option       // the same plans, offered by code
	Source       statute.Source
	CanEdit      bool
	Base         string
}

func (s *Handlers) planLinks(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlanLinks(w, r, http.StatusOK, nil)
}

func (s *Handlers) renderPlanLinks(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	ls, err := st.Links(r.Context(), h.ID)
	if err != nil {
		return err
	}
	others, err := st.LinkablePlans(r.Context())
	if err != nil {
		return err
	}
	s.pages.Render(w, r, status, "plan-links.html", kit.View{Title: "Other plans: " + h.Title, Caption: p.Name, Nav: "staff",
		Errors: errs, Form: r.PostForm, Data: linksPage{Plan: h, Links: ls, Others: others, Correlations: plan.Correlations(ls),
			Related: relatedPlanOptions(), Source: statute.RelatedPlansSource(), CanEdit: canEdit(r), Base: onePlanPath(p, h)}})
	return nil
}

func (s *Handlers) addPlanLink(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	_, err = st.AddLink(r.Context(), h.ID, plan.Link{Kind: f.Get("kind"), RelatedPlan: f.Get("related_plan"), Title: f.Get("title"),
		URL: f.Get("url"), OtherPlanID: f.ID("other_plan"), Note: f.Get("note")}, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderPlanLinks(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, onePlanPath(p, h, "links"), "plan-link-added")
}

func (s *Handlers) removePlanLink(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "link")
	if err != nil {
		return err
	}
	if err := st.RemoveLink(r.Context(), h.ID, id, kit.Actor(r)); err != nil {
		return err
	}
	return kit.SeeOther(w, r, onePlanPath(p, h, "links"), "plan-link-removed")
}

// relatedPlanOptions offers the plans the guidance says a strategic plan
// should correlate with, by code, in the guidance's words.
func relatedPlanOptions() []kit.Option {
	var out []kit.Option
	for _, rp := range statute.RelatedPlans() {
		out = append(out, kit.Option{Value: rp.Code, Label: sentenceCase(rp.Text)})
	}
	return out
}
