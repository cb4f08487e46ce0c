package planweb

import (
	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/plan"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
	"net/http"
)

// decisionRoutes are the register of significant decisions outside the
// plan (s.36), staff and public.
func (s *Handlers) decisionRoutes() []kit.Route {
	return []kit.Route{
		// Significant decisions outside the plan (s.36).
		{Pattern: "GET /staff/partnerships/{slug}/decisions", Perm: auth.ReadPlanning, Handle: s.decisions},
		{Pattern: "POST /staff/partnerships/{slug}/decisions", Perm: auth.EditPlanning, Handle: s.createDecision},
		{Pattern: "GET /staff/partnerships/{slug}/decisions/{decision}", Perm: auth.ReadPlanning, Handle: s.decision},
		{Pattern: "POST /staff/partnerships/{slug}/decisions/{decision}", Perm: auth.EditPlanning, Handle: s.updateDecision},
		{Pattern: "POST /staff/partnerships/{slug}/decisions/{decision}/take", Perm: auth.EditPlanning, Handle: s.takeDecision},
		{Pattern: "GET /partnerships/{slug}/decisions", Perm: auth.Public, Handle: s.publicDecisions, Cache: true},
	}
}

// --- significant decisions (s.36) ---

type decisionsPage struct {
	Decisions     []plan.Decision
	Decision      plan.Decision
	Consultations []consult.Consultation
	CanEdit       bool
}

func (s *Handlers) renderDecisions(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors, d plan.Decision) error {
	p := kit.Current(r).Partnership
	st := s.store(r)
	ds, err := st.Decisions(r.Context())
	if err != nil {
		return err
	}
	cs, err := st.PublishedConsultations(r.Context())
	if err != nil {
		return err
	}
	s.pages.Render(w, r, status, "plan-decisions.html", kit.View{Title: "Significant decisions outside the plan", Caption: p.Name, Nav: "staff", Errors: errs,
		Data: decisionsPage{Decisions: ds, Decision: d, Consultations: cs, CanEdit: canEdit(r)}})
	return nil
}

func (s *Handlers) decisions(w http.ResponseWriter, r *http.Request) error {
	return s.renderDecisions(w, r, http.StatusOK, nil, plan.Decision{})
}

// readDecision reads the decision form over d.
func readDecision(f kit.Form, d plan.Decision) plan.Decision {
	d.Title, d.Service, d.Description = f.Get("title"), f.Get("service"), f.Get("description")
	d.SPGViews, d.SPGViewsOn = f.Get("spg_views"), f.Text("spg_views_on")
	d.Involvement = plan.Involvement{What: f.Get("involved_what"), On: f.Text("involved_on"), With: f.Get("involved_with")}
	d.ConsultationID = f.ID("consultation")
	return d
}

func (s *Handlers) createDecision(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	d, err := s.store(r).SaveDecision(r.Context(), readDecision(f, plan.Decision{}), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderDecisions(w, r, http.StatusUnprocessableEntity, errs, d)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(p.Slug, "decisions", d.ID), "decision-registered")
}

func (s *Handlers) decisionFromPath(r *http.Request) (*plan.Store, plan.Decision, error) {
	id, err := kit.PathID(r, "decision")
	if err != nil {
		return nil, plan.Decision{}, err
	}
	st := s.store(r)
	d, err := st.DecisionByID(r.Context(), id)
	return st, d, err
}

func (s *Handlers) renderDecision(w http.ResponseWriter, r *http.Request, st *plan.Store, d plan.Decision, status int, errs valid.Errors) error {
	cs, err := st.PublishedConsultations(r.Context())
	if err != nil {
		return err
	}
	s.pages.Render(w, r, status, "plan-decision.html", kit.View{Title: d.Title, Caption: "Significant decision outside the plan (s.36)", Nav: "staff",
		Errors: errs, Form: r.PostForm, Data: decisionsPage{Decision: d, Consultations: cs, CanEdit: canEdit(r)}})
	return nil
}

func (s *Handlers) decision(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.decisionFromPath(r)
	if err != nil {
		return err
	}
	return s.renderDecision(w, r, st, d, http.StatusOK, nil)
}

func (s *Handlers) updateDecision(w http.ResponseWriter, r *http.Request) error {
	st, stored, err := s.decisionFromPath(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	d, err := st.SaveDecision(r.Context(), readDecision(f, stored), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderDecision(w, r, st, d, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "decisions", d.ID), "saved")
}

func (s *Handlers) takeDecision(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.decisionFromPath(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	err = st.TakeDecision(r.Context(), d.ID, f.Get("taken_on"), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderDecision(w, r, st, d, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "decisions", d.ID), "decision-taken")
}

func (s *Handlers) publicDecisions(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	ds, err := s.store(r).Decisions(r.Context())
	if err != nil {
		return err
	}
	s.pages.Render(w, r, http.StatusOK, "plan-decision-public.html", kit.View{Title: "Significant decisions outside the strategic plan", Caption: p.Name,
		Data: ds})
	return nil
}
