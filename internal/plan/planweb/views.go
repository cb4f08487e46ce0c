package planweb

import (
	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/plan"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
	"net/http"
)

// viewRoutes are the views on the plan and what became of them.
func (s *Handlers) viewRoutes() []kit.Route {
	return []kit.Route{
		// Views and their influence.
		{Pattern: "GET /staff/partnerships/{slug}/plans/{plan}/views", Perm: auth.ReadPlanning, Handle: s.planViews},
		{Pattern: "POST /staff/partnerships/{slug}/plans/{plan}/views", Perm: auth.EditPlanning, Handle: s.recordPlanView},
		{Pattern: "POST /staff/partnerships/{slug}/plans/{plan}/views/import", Perm: auth.EditPlanning, Handle: s.importPlanViews},
		{Pattern: "GET /staff/partnerships/{slug}/plans/{plan}/views/{view}", Perm: auth.ReadPlanning, Handle: s.planView},
		{Pattern: "POST /staff/partnerships/{slug}/plans/{plan}/views/{view}", Perm: auth.EditPlanning, Handle: s.answerPlanView},
	}
}

// --- views and their influence ---

type planViewsPage struct {
	Plan          plan.Plan
	Views         []plan.View
	YouSaid       []plan.YouSaid
	Consultations []consult.Consultation
	Links         []plan.ConsultationLink
	Public        map[int64]bool // views shown in public (plan.Store.PublicViews), by id
	Stages        []plan.Stage
	Sources       []plan.ViewSource
	Sections      []plan.SectionChoice
	CanEdit       bool
	Base          string
}

func (s *Handlers) renderPlanViews(w http.ResponseWriter, r *http.Request, st *plan.Store, h plan.Plan, status int, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	vs, err := st.Views(r.Context(), h.ID)
	if err != nil {
		return err
	}
	published, err := st.PublishedConsultations(r.Context())
	if err != nil {
		return err
	}
	sections, err := st.SectionChoices(r.Context(), h.ID)
	if err != nil {
		return err
	}
	links, err := st.ConsultationLinks(r.Context(), h.ID)
	if err != nil {
		return err
	}
	public, err := st.PublicViews(r.Context(), h.ID)
	if err != nil {
		return err
	}
	shown := map[int64]bool{}
	for _, v := range public {
		shown[v.ID] = true
	}
	s.pages.Render(w, r, status, "plan-views.html", kit.View{Title: "Views on the plan", Caption: h.Title, Nav: "staff", Errors: errs, Form: r.PostForm,
		Data: planViewsPage{Plan: h, Views: vs, YouSaid: plan.YouSaidWeDid(vs), Consultations: published, Links: links, Public: shown, Stages: plan.Sequence,
			Sources: plan.RecordedSources, Sections: sections, CanEdit: canEdit(r), Base: planBase(p, h)}})
	return nil
}

func (s *Handlers) planViews(w http.ResponseWriter, r *http.Request) error {
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	return s.renderPlanViews(w, r, st, h, http.StatusOK, nil)
}

func (s *Handlers) recordPlanView(w http.ResponseWriter, r *http.Request) error {
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	_, err = st.RecordView(r.Context(), plan.View{PlanID: h.ID, Stage: plan.Stage(f.Get("stage")),
		Source: plan.ViewSource(f.Get("source")), FromWhom: f.Get("from_whom"), Summary: f.Get("summary"), SectionKey: f.Get("section_key")}, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderPlanViews(w, r, st, h, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, onePlanPath(kit.Current(r).Partnership, h, "views"), "plan-view-recorded")
}

func (s *Handlers) importPlanViews(w http.ResponseWriter, r *http.Request) error {
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	_, err = st.LinkConsultation(r.Context(), h.ID, plan.Stage(f.Get("import_stage")), f.ID("consultation"), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		for i := range errs {
			if errs[i].Field == "stage" {
				errs[i].Field = "import_stage"
			}
		}
		return s.renderPlanViews(w, r, st, h, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, onePlanPath(kit.Current(r).Partnership, h, "views"), "plan-views-imported")
}

type planViewPage struct {
	Plan     plan.Plan
	View     plan.View
	Versions []plan.VersionChoice
	Outcomes []plan.ViewOutcome
	Sections []plan.SectionChoice
	CanEdit  bool
	Base     string
}

func (s *Handlers) planViewFromPath(r *http.Request) (*plan.Store, plan.Plan, plan.View, error) {
	st, h, err := s.currentPlan(r)
	if err != nil {
		return st, h, plan.View{}, err
	}
	id, err := kit.PathID(r, "view")
	if err != nil {
		return st, h, plan.View{}, err
	}
	v, err := st.ViewByID(r.Context(), h.ID, id)
	return st, h, v, err
}

func (s *Handlers) renderPlanView(w http.ResponseWriter, r *http.Request, st *plan.Store, h plan.Plan, v plan.View, status int, errs valid.Errors) error {
	vs, err := st.VersionChoices(r.Context(), h.ID)
	if err != nil {
		return err
	}
	sections, err := st.SectionChoices(r.Context(), h.ID)
	if err != nil {
		return err
	}
	s.pages.Render(w, r, status, "plan-views-outcome.html", kit.View{Title: "What became of this view", Caption: h.Title, Nav: "staff", Errors: errs,
		Data: planViewPage{Plan: h, View: v, Versions: vs, Outcomes: plan.ViewOutcomes, Sections: sections, CanEdit: canEdit(r), Base: planBase(kit.Current(r).Partnership, h)}})
	return nil
}

func (s *Handlers) planView(w http.ResponseWriter, r *http.Request) error {
	st, h, v, err := s.planViewFromPath(r)
	if err != nil {
		return err
	}
	return s.renderPlanView(w, r, st, h, v, http.StatusOK, nil)
}

func (s *Handlers) answerPlanView(w http.ResponseWriter, r *http.Request) error {
	st, h, v, err := s.planViewFromPath(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	v.Outcome, v.OutcomeNote, v.SectionKey = plan.ViewOutcome(f.Get("outcome")), f.Get("note"), f.Get("section_key")
	v.ChangedInVersionID = f.ID("version")
	err = st.SetViewOutcome(r.Context(), v, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderPlanView(w, r, st, h, v, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, onePlanPath(kit.Current(r).Partnership, h, "views"), "plan-view-answered")
}
