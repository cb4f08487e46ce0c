package planweb

import (
	"coplan/internal/auth"
	"coplan/internal/files"
	"coplan/internal/plan"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
	"fmt"
	"net/http"
	"net/url"
)

// annexCRoutes are the Annex C checklist, the bundle's documents and a
// preview of the bundle.
func (s *Handlers) annexCRoutes() []kit.Route {
	return []kit.Route{
		// Annex C, the bundle's documents and a preview of the bundle.
		{Pattern: "GET /staff/partnerships/{slug}/plans/{plan}/annex-c", Perm: auth.ReadPlanning, Handle: s.annexC},
		{Pattern: "POST /staff/partnerships/{slug}/plans/{plan}/annex-c", Perm: auth.EditPlanning, Handle: s.tickAnnexC},
		{Pattern: "POST /staff/partnerships/{slug}/plans/{plan}/documents", Perm: auth.EditPlanning, Handle: s.addPlanDocument},
		{Pattern: "GET /staff/partnerships/{slug}/plans/{plan}/documents/{document}", Perm: auth.ReadPlanning, Handle: s.staffPlanDocument},
		{Pattern: "GET /staff/partnerships/{slug}/plans/{plan}/bundle", Perm: auth.ReadPlanning, Handle: s.previewBundle},
	}
}

// --- Annex C and documents ---

type annexCPage struct {
	Plan      plan.Plan
	Lines     []plan.AnnexCLine
	Documents []plan.Document
	Kinds     []plan.DocumentKind
	CanEdit   bool
	Base      string
	MaxSize   string
}

func (s *Handlers) renderAnnexC(w http.ResponseWriter, r *http.Request, st *plan.Store, h plan.Plan, status int, errs valid.Errors, form url.Values) error {
	p := kit.Current(r).Partnership
	lines, err := st.LoadAnnexC(r.Context(), h.ID)
	if err != nil {
		return err
	}
	ds, err := st.Documents(r.Context(), h.ID)
	if err != nil {
		return err
	}
	s.pages.Render(w, r, status, "plan-annexc.html", kit.View{Title: "Annex C checklist and documents", Caption: h.Title, Nav: "staff", Errors: errs, Form: form,
		Data: annexCPage{Plan: h, Lines: lines, Documents: ds, Kinds: plan.DocumentKinds, CanEdit: canEdit(r), Base: planBase(p, h),
			MaxSize: fmt.Sprintf("%d MB", files.Papers.MaxMB())}})
	return nil
}

func (s *Handlers) annexC(w http.ResponseWriter, r *http.Request) error {
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	return s.renderAnnexC(w, r, st, h, http.StatusOK, nil, nil)
}

func (s *Handlers) tickAnnexC(w http.ResponseWriter, r *http.Request) error {
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	err = st.TickAnnexC(r.Context(), h.ID, f.Get("item"), f.Get("evidence"), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderAnnexC(w, r, st, h, http.StatusUnprocessableEntity, errs, f.Values)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, onePlanPath(kit.Current(r).Partnership, h, "annex-c"), "annex-c-ticked")
}

// addPlanDocument adds a document to the bundle: an uploaded file (the
// formats and size of a meeting paper) or a link.
func (s *Handlers) addPlanDocument(w http.ResponseWriter, r *http.Request) error {
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	f, u, err := kit.ReadUpload(w, r, "file", files.Papers)
	if errs, ok := valid.As(err); ok {
		return s.renderAnnexC(w, r, st, h, http.StatusUnprocessableEntity, errs, nil)
	}
	if err != nil {
		return err
	}
	doc := plan.Document{PlanID: h.ID, Kind: plan.DocumentKind(f.Get("kind")), Title: f.Get("title"), Language: f.Text("language"),
		URL: f.Text("url")}
	var content []byte
	if !u.Empty() {
		ct, err := files.Papers.Check("file", u)
		if errs, ok := valid.As(err); ok {
			return s.renderAnnexC(w, r, st, h, http.StatusUnprocessableEntity, errs, f.Values)
		}
		doc.Filename, doc.ContentType, content = u.Filename, ct, u.Content
	}
	_, err = st.AddDocument(r.Context(), doc, content, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderAnnexC(w, r, st, h, http.StatusUnprocessableEntity, errs, f.Values)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, onePlanPath(kit.Current(r).Partnership, h, "annex-c"), "plan-document-added")
}

func (s *Handlers) previewBundle(w http.ResponseWriter, r *http.Request) error {
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	b, err := loadBundle(r, st, h)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	b.Preview = true
	b.DocumentsBase = onePlanPath(p, h, "documents") + "/"
	s.pages.Render(w, r, http.StatusOK, "plan-public.html", kit.View{Title: "Publication bundle: " + h.Title, Caption: p.Name, Nav: "staff", Data: b})
	return nil
}

func (s *Handlers) staffPlanDocument(w http.ResponseWriter, r *http.Request) error {
	st, h, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	return sendPlanDocument(w, r, st, h)
}
