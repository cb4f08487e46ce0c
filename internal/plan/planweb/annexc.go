package planweb

import (
	"coplan/internal/auth"
	"coplan/internal/meeting"
	"coplan/internal/plan"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
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
	Plan      plan.Header
	Lines     []plan.AnnexCLine
	Documents []plan.Document
	Kinds     []plan.DocumentKind
	CanEdit   bool
	Base      string
	MaxSize   string
}

func (s *Handlers) renderAnnexC(w http.ResponseWriter, r *http.Request, h plan.Header, status int, errs valid.Errors, form url.Values) error {
	p := kit.Current(r).Partnership
	linked, err := plan.Linked(r.Context(), s.k.DB, p.ID, h.ID)
	if err != nil {
		return err
	}
	lines, err := plan.LoadAnnexC(r.Context(), s.k.DB, h, linked, s.k.Now())
	if err != nil {
		return err
	}
	ds, err := plan.Documents(r.Context(), s.k.DB, h.ID)
	if err != nil {
		return err
	}
	s.pages.Render(w, r, status, "plan-annexc.html", kit.View{Title: "Annex C checklist and documents", Caption: h.Title, Nav: "staff", Errors: errs, Form: form,
		Data: annexCPage{Plan: h, Lines: lines, Documents: ds, Kinds: plan.DocumentKinds, CanEdit: canEdit(r), Base: planBase(p, h),
			MaxSize: fmt.Sprintf("%d MB", meeting.MaxPaperSize>>20)}})
	return nil
}

func (s *Handlers) annexC(w http.ResponseWriter, r *http.Request) error {
	h, err := s.planHeader(r)
	if err != nil {
		return err
	}
	return s.renderAnnexC(w, r, h, http.StatusOK, nil, nil)
}

func (s *Handlers) tickAnnexC(w http.ResponseWriter, r *http.Request) error {
	h, err := s.planHeader(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return kit.HTTPError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	err = plan.TickAnnexC(r.Context(), s.k.DB, h.PartnershipID, h.ID, r.PostForm.Get("item"), r.PostForm.Get("evidence"), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderAnnexC(w, r, h, http.StatusUnprocessableEntity, errs, r.PostForm)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, planBase(kit.Current(r).Partnership, h)+"/annex-c", "annex-c-ticked")
}

func (s *Handlers) addPlanDocument(w http.ResponseWriter, r *http.Request) error {
	h, err := s.planHeader(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, meeting.MaxPaperSize+1<<20)
	err = r.ParseMultipartForm(1 << 20)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		errs, _ := valid.As(meeting.TooBig())
		return s.renderAnnexC(w, r, h, http.StatusUnprocessableEntity, errs, nil)
	case errors.Is(err, http.ErrNotMultipart):
		_ = r.ParseForm()
	case err != nil:
		return kit.HTTPError{Status: http.StatusBadRequest, Message: "The upload could not be read. Choose the file again and send it once more."}
	}
	f := r.PostForm
	doc := plan.Document{PlanID: h.ID, Kind: plan.DocumentKind(f.Get("kind")), Title: f.Get("title"), Language: strings.TrimSpace(f.Get("language")),
		URL: strings.TrimSpace(f.Get("url"))}
	var content []byte
	if file, hd, err := r.FormFile("file"); err == nil {
		defer file.Close()
		if content, err = io.ReadAll(io.LimitReader(file, meeting.MaxPaperSize+1)); err != nil {
			return err
		}
		doc.Filename = hd.Filename
		ct, err := meeting.CheckFile(hd.Filename, content)
		if errs, ok := valid.As(err); ok {
			return s.renderAnnexC(w, r, h, http.StatusUnprocessableEntity, errs, f)
		}
		doc.ContentType = ct
	}
	_, err = plan.AddDocument(r.Context(), s.k.DB, h.PartnershipID, doc, content, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderAnnexC(w, r, h, http.StatusUnprocessableEntity, errs, f)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, planBase(kit.Current(r).Partnership, h)+"/annex-c", "plan-document-added")
}
