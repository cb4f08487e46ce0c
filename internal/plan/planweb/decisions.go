package planweb

import (
	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/plan"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
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
		{Pattern: "GET /partnerships/{slug}/decisions", Perm: auth.Public, Handle: s.publicDecisions},
	}
}

// --- significant decisions (s.36) ---

type decisionsPage struct {
	Decisions     []plan.Decision
	Decision      plan.Decision
	Consultations []consult.Consultation
	CanEdit       bool
}

func (s *Handlers) consultationChoices(r *http.Request) ([]consult.Consultation, error) {
	cs, err := consult.Consultations(r.Context(), s.k.DB, kit.Current(r).Partnership.ID)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(cs, func(c consult.Consultation) bool { return c.PublishedAt.IsZero() }), nil
}

func (s *Handlers) renderDecisions(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors, d plan.Decision) error {
	p := kit.Current(r).Partnership
	ds, err := plan.Decisions(r.Context(), s.k.DB, p.ID)
	if err != nil {
		return err
	}
	cs, err := s.consultationChoices(r)
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

// readDecision reads the decision form; a consultation must be one of the
// partnership's published ones.
func (s *Handlers) readDecision(r *http.Request, d plan.Decision) (plan.Decision, valid.Errors, error) {
	f := r.PostForm
	d.Title, d.Service, d.Description = f.Get("title"), f.Get("service"), f.Get("description")
	d.SPGViews, d.SPGViewsOn, d.NoConsultationReason = f.Get("spg_views"), strings.TrimSpace(f.Get("spg_views_on")), f.Get("no_consultation_reason")
	d.ConsultationID, _ = strconv.ParseInt(f.Get("consultation"), 10, 64)
	var errs valid.Errors
	if d.ConsultationID != 0 {
		c, err := consult.ConsultationByID(r.Context(), s.k.DB, d.PartnershipID, d.ConsultationID)
		switch {
		case errors.Is(err, consult.ErrNotFound):
			errs.Add("consultation", "Choose one of the partnership's consultations.")
		case err != nil:
			return d, nil, err
		default:
			d.ConsultationTitle = c.Title
		}
	}
	return d, errs, nil
}

func (s *Handlers) createDecision(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return kit.HTTPError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := kit.Current(r).Partnership
	d, errs, err := s.readDecision(r, plan.Decision{PartnershipID: p.ID})
	if err != nil {
		return err
	}
	if len(errs) == 0 {
		d, err = plan.SaveDecision(r.Context(), s.k.DB, d, kit.Actor(r))
		if e, ok := valid.As(err); ok {
			errs = e
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderDecisions(w, r, http.StatusUnprocessableEntity, errs, d)
	}
	return kit.SeeOther(w, r, "/staff/partnerships/"+p.Slug+"/decisions/"+strconv.FormatInt(d.ID, 10), "decision-registered")
}

func (s *Handlers) decisionFromPath(r *http.Request) (plan.Decision, error) {
	id, err := kit.PathID(r, "decision")
	if err != nil {
		return plan.Decision{}, err
	}
	d, err := plan.DecisionByID(r.Context(), s.k.DB, kit.Current(r).Partnership.ID, id)
	return d, planRecordNotFound(err)
}

func (s *Handlers) renderDecision(w http.ResponseWriter, r *http.Request, d plan.Decision, status int, errs valid.Errors) error {
	cs, err := s.consultationChoices(r)
	if err != nil {
		return err
	}
	s.pages.Render(w, r, status, "plan-decision.html", kit.View{Title: d.Title, Caption: "Significant decision outside the plan (s.36)", Nav: "staff",
		Errors: errs, Form: r.PostForm, Data: decisionsPage{Decision: d, Consultations: cs, CanEdit: canEdit(r)}})
	return nil
}

func (s *Handlers) decision(w http.ResponseWriter, r *http.Request) error {
	d, err := s.decisionFromPath(r)
	if err != nil {
		return err
	}
	return s.renderDecision(w, r, d, http.StatusOK, nil)
}

func (s *Handlers) updateDecision(w http.ResponseWriter, r *http.Request) error {
	stored, err := s.decisionFromPath(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return kit.HTTPError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	d, errs, err := s.readDecision(r, stored)
	if err != nil {
		return err
	}
	if len(errs) == 0 {
		_, err = plan.SaveDecision(r.Context(), s.k.DB, d, kit.Actor(r))
		if e, ok := valid.As(err); ok {
			errs = e
		} else if err != nil {
			return planRecordNotFound(err)
		}
	}
	if len(errs) > 0 {
		return s.renderDecision(w, r, d, http.StatusUnprocessableEntity, errs)
	}
	return kit.SeeOther(w, r, "/staff/partnerships/"+kit.Current(r).Partnership.Slug+"/decisions/"+strconv.FormatInt(d.ID, 10), "saved")
}

func (s *Handlers) takeDecision(w http.ResponseWriter, r *http.Request) error {
	d, err := s.decisionFromPath(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return kit.HTTPError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	err = plan.TakeDecision(r.Context(), s.k.DB, d.PartnershipID, d.ID, r.PostForm.Get("taken_on"), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderDecision(w, r, d, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return planRecordNotFound(err)
	}
	return kit.SeeOther(w, r, "/staff/partnerships/"+kit.Current(r).Partnership.Slug+"/decisions/"+strconv.FormatInt(d.ID, 10), "decision-taken")
}

func (s *Handlers) publicDecisions(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	ds, err := plan.Decisions(r.Context(), s.k.DB, p.ID)
	if err != nil {
		return err
	}
	s.pages.Render(w, r, http.StatusOK, "plan-decision-public.html", kit.View{Title: "Significant decisions outside the strategic plan", Caption: p.Name,
		Data: ds})
	return nil
}
