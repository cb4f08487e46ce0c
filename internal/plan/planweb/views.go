package planweb

import (
	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/plan"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
	"errors"
	"net/http"
	"strconv"
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
	Plan          plan.Header
	Views         []plan.View
	YouSaid       []plan.YouSaid
	Consultations []consult.Consultation
	Stages        []plan.Stage
	Sources       []plan.ViewSource
	CanEdit       bool
	Base          string
}

func (s *Handlers) renderPlanViews(w http.ResponseWriter, r *http.Request, h plan.Header, status int, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	vs, err := plan.Views(r.Context(), s.k.DB, h.ID)
	if err != nil {
		return err
	}
	cs, err := consult.Consultations(r.Context(), s.k.DB, p.ID)
	if err != nil {
		return err
	}
	var published []consult.Consultation
	for _, c := range cs {
		if !c.PublishedAt.IsZero() {
			published = append(published, c)
		}
	}
	s.pages.Render(w, r, status, "plan-views.html", kit.View{Title: "Views on the plan", Caption: h.Title, Nav: "staff", Errors: errs, Form: r.PostForm,
		Data: planViewsPage{Plan: h, Views: vs, YouSaid: plan.YouSaidWeDid(vs), Consultations: published, Stages: plan.Sequence,
			Sources: plan.RecordedSources, CanEdit: canEdit(r), Base: planBase(p, h)}})
	return nil
}

func (s *Handlers) planViews(w http.ResponseWriter, r *http.Request) error {
	h, err := s.planHeader(r)
	if err != nil {
		return err
	}
	return s.renderPlanViews(w, r, h, http.StatusOK, nil)
}

func (s *Handlers) recordPlanView(w http.ResponseWriter, r *http.Request) error {
	h, err := s.planHeader(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return kit.HTTPError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	f := r.PostForm
	_, err = plan.RecordView(r.Context(), s.k.DB, h.PartnershipID, plan.View{PlanID: h.ID, Stage: plan.Stage(f.Get("stage")),
		Source: plan.ViewSource(f.Get("source")), FromWhom: f.Get("from_whom"), Summary: f.Get("summary"), SectionKey: f.Get("section_key")}, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderPlanViews(w, r, h, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, planBase(kit.Current(r).Partnership, h)+"/views", "plan-view-recorded")
}

func (s *Handlers) importPlanViews(w http.ResponseWriter, r *http.Request) error {
	h, err := s.planHeader(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return kit.HTTPError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := kit.Current(r).Partnership
	var errs valid.Errors
	cid, _ := strconv.ParseInt(r.PostForm.Get("consultation"), 10, 64)
	c, err := consult.ConsultationByID(r.Context(), s.k.DB, p.ID, cid)
	switch {
	case cid == 0 || errors.Is(err, consult.ErrNotFound):
		errs.Add("consultation", "Choose the consultation whose responses to import.")
	case err != nil:
		return err
	case c.PublishedAt.IsZero():
		errs.Add("consultation", "Choose a consultation that has been published.")
	}
	if len(errs) == 0 {
		_, err = plan.ImportViews(r.Context(), s.k.DB, p.ID, h.ID, plan.Stage(r.PostForm.Get("import_stage")), c, kit.Actor(r))
		if e, ok := valid.As(err); ok {
			errs = e
			for i := range errs {
				if errs[i].Field == "stage" {
					errs[i].Field = "import_stage"
				}
			}
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderPlanViews(w, r, h, http.StatusUnprocessableEntity, errs)
	}
	return kit.SeeOther(w, r, planBase(p, h)+"/views", "plan-views-imported")
}

type planViewPage struct {
	Plan     plan.Header
	View     plan.View
	Versions []plan.VersionChoice
	Outcomes []plan.ViewOutcome
	CanEdit  bool
	Base     string
}

func (s *Handlers) planViewFromPath(r *http.Request) (plan.Header, plan.View, error) {
	h, err := s.planHeader(r)
	if err != nil {
		return h, plan.View{}, err
	}
	id, err := kit.PathID(r, "view")
	if err != nil {
		return h, plan.View{}, err
	}
	v, err := plan.ViewByID(r.Context(), s.k.DB, h.ID, id)
	return h, v, planRecordNotFound(err)
}

func (s *Handlers) renderPlanView(w http.ResponseWriter, r *http.Request, h plan.Header, v plan.View, status int, errs valid.Errors) error {
	vs, err := plan.VersionChoices(r.Context(), s.k.DB, h.ID)
	if err != nil {
		return err
	}
	s.pages.Render(w, r, status, "plan-views-outcome.html", kit.View{Title: "What became of this view", Caption: h.Title, Nav: "staff", Errors: errs,
		Data: planViewPage{Plan: h, View: v, Versions: vs, Outcomes: plan.ViewOutcomes, CanEdit: canEdit(r), Base: planBase(kit.Current(r).Partnership, h)}})
	return nil
}

func (s *Handlers) planView(w http.ResponseWriter, r *http.Request) error {
	h, v, err := s.planViewFromPath(r)
	if err != nil {
		return err
	}
	return s.renderPlanView(w, r, h, v, http.StatusOK, nil)
}

func (s *Handlers) answerPlanView(w http.ResponseWriter, r *http.Request) error {
	h, v, err := s.planViewFromPath(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return kit.HTTPError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	vcs, err := plan.VersionChoices(r.Context(), s.k.DB, h.ID)
	if err != nil {
		return err
	}
	var ids []int64
	for _, x := range vcs {
		ids = append(ids, x.ID)
	}
	f := r.PostForm
	v.Outcome, v.OutcomeNote, v.SectionKey = plan.ViewOutcome(f.Get("outcome")), f.Get("note"), f.Get("section_key")
	v.ChangedInVersionID, _ = strconv.ParseInt(f.Get("version"), 10, 64)
	err = plan.SetViewOutcome(r.Context(), s.k.DB, h.PartnershipID, v, ids, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderPlanView(w, r, h, v, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return planRecordNotFound(err)
	}
	return kit.SeeOther(w, r, planBase(kit.Current(r).Partnership, h)+"/views", "plan-view-answered")
}
