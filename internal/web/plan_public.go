package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/meeting"
	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/refdata"
	"coplan/internal/valid"
)

// planPublicRoutes are the pages of views and their influence, the Annex C
// checklist, the publication bundle (s.35) and its open data, option
// appraisals and the register of significant decisions (s.36).
func (s *Server) planPublicRoutes() []Route {
	return []Route{
		// The public bundle and registers.
		{Pattern: "GET /partnerships/{slug}/plans", Perm: auth.Public, Handle: s.publicPlans},
		{Pattern: "GET /partnerships/{slug}/plans/{plan}", Perm: auth.Public, Handle: s.publicPlan},
		{Pattern: "GET /partnerships/{slug}/plans/{plan}/plan.pdf", Perm: auth.Public, Handle: s.publicPlanPDF},
		{Pattern: "GET /partnerships/{slug}/plans/{plan}/documents/{document}", Perm: auth.Public, Handle: s.publicPlanDocument},
		{Pattern: "GET /partnerships/{slug}/appraisals/{appraisal}", Perm: auth.Public, Handle: s.publicAppraisal},
		{Pattern: "GET /partnerships/{slug}/decisions", Perm: auth.Public, Handle: s.publicDecisions},

		// Open data.
		{Pattern: "GET /api/v1/partnerships/{slug}/plans", Perm: auth.Public, Handle: s.apiPlans},
		{Pattern: "GET /api/v1/partnerships/{slug}/plans/{plan}/consultation-statement", Perm: auth.Public, Handle: s.apiStatement},
		{Pattern: "GET /api/v1/partnerships/{slug}/plans/{plan}/you-said-we-did", Perm: auth.Public, Handle: s.apiYouSaidWeDid},

		// Views and their influence.
		{Pattern: "GET /staff/partnerships/{slug}/plans/{plan}/views", Perm: auth.ReadPlanning, Handle: s.planViews},
		{Pattern: "POST /staff/partnerships/{slug}/plans/{plan}/views", Perm: auth.EditPlanning, Handle: s.recordPlanView},
		{Pattern: "POST /staff/partnerships/{slug}/plans/{plan}/views/import", Perm: auth.EditPlanning, Handle: s.importPlanViews},
		{Pattern: "GET /staff/partnerships/{slug}/plans/{plan}/views/{view}", Perm: auth.ReadPlanning, Handle: s.planView},
		{Pattern: "POST /staff/partnerships/{slug}/plans/{plan}/views/{view}", Perm: auth.EditPlanning, Handle: s.answerPlanView},

		// Annex C, the bundle's documents and a preview of the bundle.
		{Pattern: "GET /staff/partnerships/{slug}/plans/{plan}/annex-c", Perm: auth.ReadPlanning, Handle: s.annexC},
		{Pattern: "POST /staff/partnerships/{slug}/plans/{plan}/annex-c", Perm: auth.EditPlanning, Handle: s.tickAnnexC},
		{Pattern: "POST /staff/partnerships/{slug}/plans/{plan}/documents", Perm: auth.EditPlanning, Handle: s.addPlanDocument},
		{Pattern: "GET /staff/partnerships/{slug}/plans/{plan}/documents/{document}", Perm: auth.ReadPlanning, Handle: s.staffPlanDocument},
		{Pattern: "GET /staff/partnerships/{slug}/plans/{plan}/bundle", Perm: auth.ReadPlanning, Handle: s.previewBundle},

		// Option appraisals.
		{Pattern: "GET /staff/partnerships/{slug}/appraisals", Perm: auth.ReadPlanning, Handle: s.appraisals},
		{Pattern: "POST /staff/partnerships/{slug}/appraisals", Perm: auth.EditPlanning, Handle: s.createAppraisal},
		{Pattern: "GET /staff/partnerships/{slug}/appraisals/{appraisal}", Perm: auth.ReadPlanning, Handle: s.appraisal},
		{Pattern: "POST /staff/partnerships/{slug}/appraisals/{appraisal}/scores", Perm: auth.EditPlanning, Handle: s.scoreAppraisal},
		{Pattern: "POST /staff/partnerships/{slug}/appraisals/{appraisal}/publish", Perm: auth.EditPlanning, Handle: s.publishAppraisal},

		// Significant decisions outside the plan (s.36).
		{Pattern: "GET /staff/partnerships/{slug}/decisions", Perm: auth.ReadPlanning, Handle: s.decisions},
		{Pattern: "POST /staff/partnerships/{slug}/decisions", Perm: auth.EditPlanning, Handle: s.createDecision},
		{Pattern: "GET /staff/partnerships/{slug}/decisions/{decision}", Perm: auth.ReadPlanning, Handle: s.decision},
		{Pattern: "POST /staff/partnerships/{slug}/decisions/{decision}", Perm: auth.EditPlanning, Handle: s.updateDecision},
		{Pattern: "POST /staff/partnerships/{slug}/decisions/{decision}/take", Perm: auth.EditPlanning, Handle: s.takeDecision},
	}
}

// planRecordNotFound turns a missing plan record into "not found".
func planRecordNotFound(err error) error {
	if errors.Is(err, plan.ErrNotFound) || errors.Is(err, valid.ErrNotFound) {
		return errNotFound
	}
	return err
}

// planHeader loads the {plan} of the current partnership.
func (s *Server) planHeader(r *http.Request) (plan.Header, error) {
	id, err := pathID(r, "plan")
	if err != nil {
		return plan.Header{}, err
	}
	h, err := plan.HeaderByID(r.Context(), s.db, current(r).Partnership.ID, id)
	return h, planRecordNotFound(err)
}

// publicHeader loads the {plan}, which must be published or out for
// consultation: anything else is "not found" to the public.
func (s *Server) publicHeader(r *http.Request) (plan.Header, error) {
	h, err := s.planHeader(r)
	if err == nil && !h.Public() {
		return h, errNotFound
	}
	return h, err
}

func localityNames(p partnership.Partnership) map[int64]string {
	out := map[int64]string{}
	for _, l := range p.Localities {
		out[l.ID] = l.Name
	}
	return out
}

func planBase(p *partnership.Partnership, h plan.Header) string {
	return "/staff/partnerships/" + p.Slug + "/plans/" + strconv.FormatInt(h.ID, 10)
}

func canEdit(r *http.Request) bool {
	rq := current(r)
	return auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID)
}

// --- the public bundle ---

func (s *Server) publicPlans(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	hs, err := plan.Headers(r.Context(), s.db, p.ID)
	if err != nil {
		return err
	}
	var public []plan.Header
	for _, h := range hs {
		if h.Public() {
			public = append(public, h)
		}
	}
	as, err := plan.Appraisals(r.Context(), s.db, p.ID)
	if err != nil {
		return err
	}
	var published []plan.Appraisal
	for _, a := range as {
		if !a.PublishedAt.IsZero() {
			published = append(published, a)
		}
	}
	s.render(w, r, http.StatusOK, "plan-public-list.html", view{Title: "Strategic plans", Caption: p.Name,
		Data: struct {
			Plans      []plan.Header
			Appraisals []plan.Appraisal
		}{public, published}})
	return nil
}

// bundle is the publication bundle: the plan's text, the consultation
// statement, the documents and "you said, we did".
type bundle struct {
	Plan          plan.Header
	Version       int
	Sections      []plan.BundleSection
	Statement     plan.Statement
	YouSaid       []plan.YouSaid
	Documents     []plan.Document
	NextReview    time.Time
	Preview       bool
	DocumentsBase string
}

func (s *Server) loadBundle(r *http.Request, h plan.Header) (bundle, error) {
	p := current(r).Partnership
	b := bundle{Plan: h, NextReview: h.NextReviewDue()}
	var err error
	if b.Version, b.Sections, err = plan.PublicText(r.Context(), s.db, h.ID); err != nil {
		return b, err
	}
	if b.Statement, _, err = plan.LoadStatement(r.Context(), s.db, p.ID, localityNames(*p), h.ID); err != nil {
		return b, err
	}
	vs, err := plan.PublicViews(r.Context(), s.db, h.ID)
	if err != nil {
		return b, err
	}
	b.YouSaid = plan.YouSaidWeDid(vs)
	b.Documents, err = plan.Documents(r.Context(), s.db, h.ID)
	return b, err
}

func (s *Server) publicPlan(w http.ResponseWriter, r *http.Request) error {
	h, err := s.publicHeader(r)
	if err != nil {
		return err
	}
	b, err := s.loadBundle(r, h)
	if err != nil {
		return err
	}
	p := current(r).Partnership
	b.DocumentsBase = "/partnerships/" + p.Slug + "/plans/" + strconv.FormatInt(h.ID, 10) + "/documents/"
	s.render(w, r, http.StatusOK, "plan-public.html", view{Title: h.Title, Caption: p.Name, Data: b})
	return nil
}

// publicPlanPDF is the published text as a printable PDF, beside the
// accessible HTML of the bundle.
func (s *Server) publicPlanPDF(w http.ResponseWriter, r *http.Request) error {
	h, err := s.publicHeader(r)
	if err != nil {
		return err
	}
	version, sections, err := plan.PublicText(r.Context(), s.db, h.ID)
	if err != nil {
		return err
	}
	if len(sections) == 0 {
		return httpError{Status: http.StatusNotFound, Message: "This plan's text has not been published yet."}
	}
	var buf bytes.Buffer
	if err := plan.WritePDF(&buf, current(r).Partnership.Name+" Health and Social Care Partnership", h.Title, version, sections); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": refdata.Slugify(h.Title) + ".pdf"}))
	w.Write(buf.Bytes())
	return nil
}

func (s *Server) previewBundle(w http.ResponseWriter, r *http.Request) error {
	h, err := s.planHeader(r)
	if err != nil {
		return err
	}
	b, err := s.loadBundle(r, h)
	if err != nil {
		return err
	}
	p := current(r).Partnership
	b.Preview = true
	b.DocumentsBase = planBase(p, h) + "/documents/"
	s.render(w, r, http.StatusOK, "plan-public.html", view{Title: "Publication bundle: " + h.Title, Caption: p.Name, Nav: "staff", Data: b})
	return nil
}

func (s *Server) sendPlanDocument(w http.ResponseWriter, r *http.Request, h plan.Header) error {
	id, err := pathID(r, "document")
	if err != nil {
		return err
	}
	doc, content, err := plan.DocumentFile(r.Context(), s.db, h.ID, id)
	if err != nil {
		return planRecordNotFound(err)
	}
	return sendStoredFile(w, r, doc.Filename, doc.ContentType, content)
}

func (s *Server) publicPlanDocument(w http.ResponseWriter, r *http.Request) error {
	h, err := s.publicHeader(r)
	if err != nil {
		return err
	}
	return s.sendPlanDocument(w, r, h)
}

func (s *Server) staffPlanDocument(w http.ResponseWriter, r *http.Request) error {
	h, err := s.planHeader(r)
	if err != nil {
		return err
	}
	return s.sendPlanDocument(w, r, h)
}

// --- open data ---

type apiDocument struct {
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	Language string `json:"language"`
	URL      string `json:"url"`
}

type apiPlan struct {
	ID                    int64            `json:"id"`
	Title                 string           `json:"title"`
	PeriodStart           string           `json:"period_start"`
	PeriodEnd             string           `json:"period_end"`
	EffectiveOn           string           `json:"effective_on,omitempty"`
	Stage                 plan.Stage       `json:"stage"`
	StageDates            []plan.StageDate `json:"stage_dates"`
	PublishedAt           *time.Time       `json:"published_at"`
	NextReviewDue         string           `json:"next_review_due,omitempty"`
	Page                  string           `json:"page"`
	ConsultationStatement string           `json:"consultation_statement"`
	YouSaidWeDid          string           `json:"you_said_we_did"`
	Documents             []apiDocument    `json:"documents"`
}

func absolute(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

func (s *Server) apiPlans(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	hs, err := plan.Headers(r.Context(), s.db, p.ID)
	if err != nil {
		return err
	}
	out := []apiPlan{}
	for _, h := range hs {
		if !h.Public() {
			continue
		}
		id := strconv.FormatInt(h.ID, 10)
		a := apiPlan{ID: h.ID, Title: h.Title, PeriodStart: h.PeriodStart, PeriodEnd: h.PeriodEnd, EffectiveOn: h.EffectiveOn,
			Stage: h.Stage, StageDates: h.StageDates, Page: absolute(r, "/partnerships/"+p.Slug+"/plans/"+id),
			ConsultationStatement: absolute(r, "/api/v1/partnerships/"+p.Slug+"/plans/"+id+"/consultation-statement"),
			YouSaidWeDid:          absolute(r, "/api/v1/partnerships/"+p.Slug+"/plans/"+id+"/you-said-we-did"),
			Documents:             []apiDocument{}}
		if a.StageDates == nil {
			a.StageDates = []plan.StageDate{}
		}
		if !h.PublishedAt.IsZero() {
			t := h.PublishedAt
			a.PublishedAt = &t
		}
		if due := h.NextReviewDue(); !due.IsZero() {
			a.NextReviewDue = due.Format("2006-01-02")
		}
		ds, err := plan.Documents(r.Context(), s.db, h.ID)
		if err != nil {
			return err
		}
		for _, d := range ds {
			u := d.URL
			if u == "" {
				u = absolute(r, "/partnerships/"+p.Slug+"/plans/"+id+"/documents/"+strconv.FormatInt(d.ID, 10))
			}
			a.Documents = append(a.Documents, apiDocument{Kind: string(d.Kind), Title: d.Title, Language: d.Language, URL: u})
		}
		out = append(out, a)
	}
	writeJSON(w, http.StatusOK, map[string]any{"plans": out})
	return nil
}

func (s *Server) apiStatement(w http.ResponseWriter, r *http.Request) error {
	h, err := s.publicHeader(r)
	if err != nil {
		return err
	}
	p := current(r).Partnership
	st, _, err := plan.LoadStatement(r.Context(), s.db, p.ID, localityNames(*p), h.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"plan": h.Title, "consultation_statement": st})
	return nil
}

func (s *Server) apiYouSaidWeDid(w http.ResponseWriter, r *http.Request) error {
	h, err := s.publicHeader(r)
	if err != nil {
		return err
	}
	vs, err := plan.PublicViews(r.Context(), s.db, h.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"plan": h.Title, "you_said_we_did": plan.YouSaidWeDid(vs)})
	return nil
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

func (s *Server) renderPlanViews(w http.ResponseWriter, r *http.Request, h plan.Header, status int, errs valid.Errors) error {
	p := current(r).Partnership
	vs, err := plan.Views(r.Context(), s.db, h.ID)
	if err != nil {
		return err
	}
	cs, err := consult.Consultations(r.Context(), s.db, p.ID)
	if err != nil {
		return err
	}
	var published []consult.Consultation
	for _, c := range cs {
		if !c.PublishedAt.IsZero() {
			published = append(published, c)
		}
	}
	s.render(w, r, status, "plan-views.html", view{Title: "Views on the plan", Caption: h.Title, Nav: "staff", Errors: errs, Form: r.PostForm,
		Data: planViewsPage{Plan: h, Views: vs, YouSaid: plan.YouSaidWeDid(vs), Consultations: published, Stages: plan.Sequence,
			Sources: plan.RecordedSources, CanEdit: canEdit(r), Base: planBase(p, h)}})
	return nil
}

func (s *Server) planViews(w http.ResponseWriter, r *http.Request) error {
	h, err := s.planHeader(r)
	if err != nil {
		return err
	}
	return s.renderPlanViews(w, r, h, http.StatusOK, nil)
}

func (s *Server) recordPlanView(w http.ResponseWriter, r *http.Request) error {
	h, err := s.planHeader(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	f := r.PostForm
	_, err = plan.RecordView(r.Context(), s.db, h.PartnershipID, plan.View{PlanID: h.ID, Stage: plan.Stage(f.Get("stage")),
		Source: plan.ViewSource(f.Get("source")), FromWhom: f.Get("from_whom"), Summary: f.Get("summary"), SectionKey: f.Get("section_key")}, actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderPlanViews(w, r, h, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, planBase(current(r).Partnership, h)+"/views", "plan-view-recorded")
}

func (s *Server) importPlanViews(w http.ResponseWriter, r *http.Request) error {
	h, err := s.planHeader(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := current(r).Partnership
	var errs valid.Errors
	cid, _ := strconv.ParseInt(r.PostForm.Get("consultation"), 10, 64)
	c, err := consult.ConsultationByID(r.Context(), s.db, p.ID, cid)
	switch {
	case cid == 0 || errors.Is(err, valid.ErrNotFound):
		errs.Add("consultation", "Choose the consultation whose responses to import.")
	case err != nil:
		return err
	case c.PublishedAt.IsZero():
		errs.Add("consultation", "Choose a consultation that has been published.")
	}
	if len(errs) == 0 {
		_, err = plan.ImportViews(r.Context(), s.db, p.ID, h.ID, plan.Stage(r.PostForm.Get("import_stage")), c, actor(r))
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
	return seeOther(w, r, planBase(p, h)+"/views", "plan-views-imported")
}

type planViewPage struct {
	Plan     plan.Header
	View     plan.View
	Versions []plan.VersionChoice
	Outcomes []plan.ViewOutcome
	CanEdit  bool
	Base     string
}

func (s *Server) planViewFromPath(r *http.Request) (plan.Header, plan.View, error) {
	h, err := s.planHeader(r)
	if err != nil {
		return h, plan.View{}, err
	}
	id, err := pathID(r, "view")
	if err != nil {
		return h, plan.View{}, err
	}
	v, err := plan.ViewByID(r.Context(), s.db, h.ID, id)
	return h, v, planRecordNotFound(err)
}

func (s *Server) renderPlanView(w http.ResponseWriter, r *http.Request, h plan.Header, v plan.View, status int, errs valid.Errors) error {
	vs, err := plan.VersionChoices(r.Context(), s.db, h.ID)
	if err != nil {
		return err
	}
	s.render(w, r, status, "plan-views-outcome.html", view{Title: "What became of this view", Caption: h.Title, Nav: "staff", Errors: errs,
		Data: planViewPage{Plan: h, View: v, Versions: vs, Outcomes: plan.ViewOutcomes, CanEdit: canEdit(r), Base: planBase(current(r).Partnership, h)}})
	return nil
}

func (s *Server) planView(w http.ResponseWriter, r *http.Request) error {
	h, v, err := s.planViewFromPath(r)
	if err != nil {
		return err
	}
	return s.renderPlanView(w, r, h, v, http.StatusOK, nil)
}

func (s *Server) answerPlanView(w http.ResponseWriter, r *http.Request) error {
	h, v, err := s.planViewFromPath(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	vcs, err := plan.VersionChoices(r.Context(), s.db, h.ID)
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
	err = plan.SetViewOutcome(r.Context(), s.db, h.PartnershipID, v, ids, actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderPlanView(w, r, h, v, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return planRecordNotFound(err)
	}
	return seeOther(w, r, planBase(current(r).Partnership, h)+"/views", "plan-view-answered")
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

func (s *Server) renderAnnexC(w http.ResponseWriter, r *http.Request, h plan.Header, status int, errs valid.Errors, form url.Values) error {
	p := current(r).Partnership
	linked, err := plan.Linked(r.Context(), s.db, p.ID, h.ID)
	if err != nil {
		return err
	}
	lines, err := plan.LoadAnnexC(r.Context(), s.db, h, linked, s.now())
	if err != nil {
		return err
	}
	ds, err := plan.Documents(r.Context(), s.db, h.ID)
	if err != nil {
		return err
	}
	s.render(w, r, status, "plan-annexc.html", view{Title: "Annex C checklist and documents", Caption: h.Title, Nav: "staff", Errors: errs, Form: form,
		Data: annexCPage{Plan: h, Lines: lines, Documents: ds, Kinds: plan.DocumentKinds, CanEdit: canEdit(r), Base: planBase(p, h),
			MaxSize: fmt.Sprintf("%d MB", meeting.MaxPaperSize>>20)}})
	return nil
}

func (s *Server) annexC(w http.ResponseWriter, r *http.Request) error {
	h, err := s.planHeader(r)
	if err != nil {
		return err
	}
	return s.renderAnnexC(w, r, h, http.StatusOK, nil, nil)
}

func (s *Server) tickAnnexC(w http.ResponseWriter, r *http.Request) error {
	h, err := s.planHeader(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	err = plan.TickAnnexC(r.Context(), s.db, h.PartnershipID, h.ID, r.PostForm.Get("item"), r.PostForm.Get("evidence"), actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderAnnexC(w, r, h, http.StatusUnprocessableEntity, errs, r.PostForm)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, planBase(current(r).Partnership, h)+"/annex-c", "annex-c-ticked")
}

func (s *Server) addPlanDocument(w http.ResponseWriter, r *http.Request) error {
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
		return httpError{Status: http.StatusBadRequest, Message: "The upload could not be read. Choose the file again and send it once more."}
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
	_, err = plan.AddDocument(r.Context(), s.db, h.PartnershipID, doc, content, actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderAnnexC(w, r, h, http.StatusUnprocessableEntity, errs, f)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, planBase(current(r).Partnership, h)+"/annex-c", "plan-document-added")
}

// --- option appraisals ---

// parseOptions reads options one per line.
func parseLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// parseCriteria reads criteria one per line, each "name: weight".
func parseCriteria(s string) []plan.Criterion {
	var out []plan.Criterion
	for _, l := range parseLines(s) {
		name, weight := l, "0"
		if i := strings.LastIndex(l, ":"); i >= 0 {
			name, weight = strings.TrimSpace(l[:i]), strings.TrimSpace(l[i+1:])
		}
		n, err := strconv.Atoi(weight)
		if err != nil {
			n = 0
		}
		out = append(out, plan.Criterion{Name: name, Weight: n})
	}
	return out
}

func (s *Server) renderAppraisals(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	p := current(r).Partnership
	as, err := plan.Appraisals(r.Context(), s.db, p.ID)
	if err != nil {
		return err
	}
	s.render(w, r, status, "plan-appraisals.html", view{Title: "Option appraisals", Caption: p.Name, Nav: "staff", Errors: errs, Form: r.PostForm,
		Data: struct {
			Appraisals []plan.Appraisal
			Kinds      []string
			CanEdit    bool
		}{as, plan.AppraisalKinds, canEdit(r)}})
	return nil
}

func (s *Server) appraisals(w http.ResponseWriter, r *http.Request) error {
	return s.renderAppraisals(w, r, http.StatusOK, nil)
}

func (s *Server) createAppraisal(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := current(r).Partnership
	f := r.PostForm
	a, err := plan.CreateAppraisal(r.Context(), s.db, plan.Appraisal{PartnershipID: p.ID, Title: f.Get("title"), Kind: f.Get("kind"),
		Participants: f.Get("participants"), Views: f.Get("views"), Options: parseLines(f.Get("options")), Criteria: parseCriteria(f.Get("criteria"))}, actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderAppraisals(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, "/staff/partnerships/"+p.Slug+"/appraisals/"+strconv.FormatInt(a.ID, 10), "appraisal-created")
}

// appraisalCell is one option × criterion of the scoring grid.
type appraisalCell struct {
	Field     string // "s-OPTION-CRITERION" index pair
	Criterion plan.Criterion
	Score     plan.Score
	Scored    bool
}

type appraisalRow struct {
	Option string
	Cells  []appraisalCell
}

type appraisalPage struct {
	Appraisal plan.Appraisal
	Rows      []appraisalRow
	Totals    []plan.Ranked
	Missing   []string
	CanEdit   bool
}

func appraisalGrid(a plan.Appraisal) []appraisalRow {
	var rows []appraisalRow
	for i, o := range a.Options {
		row := appraisalRow{Option: o}
		for j, c := range a.Criteria {
			sc, ok := a.ScoreFor(o, c.Name)
			row.Cells = append(row.Cells, appraisalCell{Field: fmt.Sprintf("s-%d-%d", i, j), Criterion: c, Score: sc, Scored: ok})
		}
		rows = append(rows, row)
	}
	return rows
}

func (s *Server) appraisalFromPath(r *http.Request) (plan.Appraisal, error) {
	id, err := pathID(r, "appraisal")
	if err != nil {
		return plan.Appraisal{}, err
	}
	a, err := plan.AppraisalByID(r.Context(), s.db, current(r).Partnership.ID, id)
	return a, planRecordNotFound(err)
}

func (s *Server) renderAppraisal(w http.ResponseWriter, r *http.Request, a plan.Appraisal, status int, errs valid.Errors) error {
	totals, missing := a.Totals()
	s.render(w, r, status, "plan-appraisal.html", view{Title: a.Title, Caption: "Option appraisal", Nav: "staff", Errors: errs, Form: r.PostForm,
		Data: appraisalPage{Appraisal: a, Rows: appraisalGrid(a), Totals: totals, Missing: missing, CanEdit: canEdit(r)}})
	return nil
}

func (s *Server) appraisal(w http.ResponseWriter, r *http.Request) error {
	a, err := s.appraisalFromPath(r)
	if err != nil {
		return err
	}
	return s.renderAppraisal(w, r, a, http.StatusOK, nil)
}

func (s *Server) scoreAppraisal(w http.ResponseWriter, r *http.Request) error {
	a, err := s.appraisalFromPath(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	var scores []plan.Score
	var errs valid.Errors
	for i, o := range a.Options {
		for j, c := range a.Criteria {
			field := fmt.Sprintf("s-%d-%d", i, j)
			v, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get(field)))
			if err != nil {
				if len(errs) == 0 {
					errs.Add(field, "Score each option against each criterion with a whole number from 0 to 10.")
				}
				continue
			}
			scores = append(scores, plan.Score{Option: o, Criterion: c.Name, Value: v, Reason: strings.TrimSpace(r.PostForm.Get(field + "-reason"))})
		}
	}
	if len(errs) == 0 {
		err = plan.SaveScores(r.Context(), s.db, a.PartnershipID, a.ID, scores, actor(r))
		if e, ok := valid.As(err); ok {
			errs = e
			for i := range errs {
				errs[i].Field = "s-0-0"
			}
		} else if err != nil {
			return planRecordNotFound(err)
		}
	}
	if len(errs) > 0 {
		return s.renderAppraisal(w, r, a, http.StatusUnprocessableEntity, errs)
	}
	return seeOther(w, r, "/staff/partnerships/"+current(r).Partnership.Slug+"/appraisals/"+strconv.FormatInt(a.ID, 10), "appraisal-scored")
}

func (s *Server) publishAppraisal(w http.ResponseWriter, r *http.Request) error {
	a, err := s.appraisalFromPath(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	err = plan.PublishAppraisal(r.Context(), s.db, a.PartnershipID, a.ID, r.PostForm.Get("decision"), s.now(), actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderAppraisal(w, r, a, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return planRecordNotFound(err)
	}
	return seeOther(w, r, "/staff/partnerships/"+current(r).Partnership.Slug+"/appraisals/"+strconv.FormatInt(a.ID, 10), "appraisal-published")
}

func (s *Server) publicAppraisal(w http.ResponseWriter, r *http.Request) error {
	a, err := s.appraisalFromPath(r)
	if err != nil {
		return err
	}
	if a.PublishedAt.IsZero() {
		return errNotFound
	}
	totals, missing := a.Totals()
	s.render(w, r, http.StatusOK, "plan-appraisal-public.html", view{Title: a.Title, Caption: "Option appraisal",
		Data: appraisalPage{Appraisal: a, Rows: appraisalGrid(a), Totals: totals, Missing: missing}})
	return nil
}

// --- significant decisions (s.36) ---

type decisionsPage struct {
	Decisions     []plan.Decision
	Decision      plan.Decision
	Consultations []consult.Consultation
	CanEdit       bool
}

func (s *Server) consultationChoices(r *http.Request) ([]consult.Consultation, error) {
	cs, err := consult.Consultations(r.Context(), s.db, current(r).Partnership.ID)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(cs, func(c consult.Consultation) bool { return c.PublishedAt.IsZero() }), nil
}

func (s *Server) renderDecisions(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors, d plan.Decision) error {
	p := current(r).Partnership
	ds, err := plan.Decisions(r.Context(), s.db, p.ID)
	if err != nil {
		return err
	}
	cs, err := s.consultationChoices(r)
	if err != nil {
		return err
	}
	s.render(w, r, status, "plan-decisions.html", view{Title: "Significant decisions outside the plan", Caption: p.Name, Nav: "staff", Errors: errs,
		Data: decisionsPage{Decisions: ds, Decision: d, Consultations: cs, CanEdit: canEdit(r)}})
	return nil
}

func (s *Server) decisions(w http.ResponseWriter, r *http.Request) error {
	return s.renderDecisions(w, r, http.StatusOK, nil, plan.Decision{})
}

// readDecision reads the decision form; a consultation must be one of the
// partnership's published ones.
func (s *Server) readDecision(r *http.Request, d plan.Decision) (plan.Decision, valid.Errors, error) {
	f := r.PostForm
	d.Title, d.Service, d.Description = f.Get("title"), f.Get("service"), f.Get("description")
	d.SPGViews, d.SPGViewsOn, d.NoConsultationReason = f.Get("spg_views"), strings.TrimSpace(f.Get("spg_views_on")), f.Get("no_consultation_reason")
	d.ConsultationID, _ = strconv.ParseInt(f.Get("consultation"), 10, 64)
	var errs valid.Errors
	if d.ConsultationID != 0 {
		c, err := consult.ConsultationByID(r.Context(), s.db, d.PartnershipID, d.ConsultationID)
		switch {
		case errors.Is(err, valid.ErrNotFound):
			errs.Add("consultation", "Choose one of the partnership's consultations.")
		case err != nil:
			return d, nil, err
		default:
			d.ConsultationTitle = c.Title
		}
	}
	return d, errs, nil
}

func (s *Server) createDecision(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := current(r).Partnership
	d, errs, err := s.readDecision(r, plan.Decision{PartnershipID: p.ID})
	if err != nil {
		return err
	}
	if len(errs) == 0 {
		d, err = plan.SaveDecision(r.Context(), s.db, d, actor(r))
		if e, ok := valid.As(err); ok {
			errs = e
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderDecisions(w, r, http.StatusUnprocessableEntity, errs, d)
	}
	return seeOther(w, r, "/staff/partnerships/"+p.Slug+"/decisions/"+strconv.FormatInt(d.ID, 10), "decision-registered")
}

func (s *Server) decisionFromPath(r *http.Request) (plan.Decision, error) {
	id, err := pathID(r, "decision")
	if err != nil {
		return plan.Decision{}, err
	}
	d, err := plan.DecisionByID(r.Context(), s.db, current(r).Partnership.ID, id)
	return d, planRecordNotFound(err)
}

func (s *Server) renderDecision(w http.ResponseWriter, r *http.Request, d plan.Decision, status int, errs valid.Errors) error {
	cs, err := s.consultationChoices(r)
	if err != nil {
		return err
	}
	s.render(w, r, status, "plan-decision.html", view{Title: d.Title, Caption: "Significant decision outside the plan (s.36)", Nav: "staff",
		Errors: errs, Form: r.PostForm, Data: decisionsPage{Decision: d, Consultations: cs, CanEdit: canEdit(r)}})
	return nil
}

func (s *Server) decision(w http.ResponseWriter, r *http.Request) error {
	d, err := s.decisionFromPath(r)
	if err != nil {
		return err
	}
	return s.renderDecision(w, r, d, http.StatusOK, nil)
}

func (s *Server) updateDecision(w http.ResponseWriter, r *http.Request) error {
	stored, err := s.decisionFromPath(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	d, errs, err := s.readDecision(r, stored)
	if err != nil {
		return err
	}
	if len(errs) == 0 {
		_, err = plan.SaveDecision(r.Context(), s.db, d, actor(r))
		if e, ok := valid.As(err); ok {
			errs = e
		} else if err != nil {
			return planRecordNotFound(err)
		}
	}
	if len(errs) > 0 {
		return s.renderDecision(w, r, d, http.StatusUnprocessableEntity, errs)
	}
	return seeOther(w, r, "/staff/partnerships/"+current(r).Partnership.Slug+"/decisions/"+strconv.FormatInt(d.ID, 10), "saved")
}

func (s *Server) takeDecision(w http.ResponseWriter, r *http.Request) error {
	d, err := s.decisionFromPath(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	err = plan.TakeDecision(r.Context(), s.db, d.PartnershipID, d.ID, r.PostForm.Get("taken_on"), actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderDecision(w, r, d, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return planRecordNotFound(err)
	}
	return seeOther(w, r, "/staff/partnerships/"+current(r).Partnership.Slug+"/decisions/"+strconv.FormatInt(d.ID, 10), "decision-taken")
}

func (s *Server) publicDecisions(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	ds, err := plan.Decisions(r.Context(), s.db, p.ID)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "plan-decision-public.html", view{Title: "Significant decisions outside the strategic plan", Caption: p.Name,
		Data: ds})
	return nil
}
