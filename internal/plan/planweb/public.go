package planweb

import (
	"bytes"
	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/refdata"
	"coplan/internal/web/kit"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"time"
)

// publicRoutes are the publication bundle (s.35), its PDF and documents,
// and its open data.
func (s *Handlers) publicRoutes() []kit.Route {
	return []kit.Route{
		// The public bundle and registers.
		{Pattern: "GET /partnerships/{slug}/plans", Perm: auth.Public, Handle: s.publicPlans},
		{Pattern: "GET /partnerships/{slug}/plans/{plan}", Perm: auth.Public, Handle: s.publicPlan},
		{Pattern: "GET /partnerships/{slug}/plans/{plan}/plan.pdf", Perm: auth.Public, Handle: s.publicPlanPDF},
		{Pattern: "GET /partnerships/{slug}/plans/{plan}/documents/{document}", Perm: auth.Public, Handle: s.publicPlanDocument},
		// Open data.
		{Pattern: "GET /api/v1/partnerships/{slug}/plans", Perm: auth.Public, Handle: s.apiPlans},
		{Pattern: "GET /api/v1/partnerships/{slug}/plans/{plan}/consultation-statement", Perm: auth.Public, Handle: s.apiStatement},
		{Pattern: "GET /api/v1/partnerships/{slug}/plans/{plan}/you-said-we-did", Perm: auth.Public, Handle: s.apiYouSaidWeDid},
	}
}

// planRecordNotFound turns a missing plan record into "not found".
func planRecordNotFound(err error) error {
	if errors.Is(err, plan.ErrNotFound) || errors.Is(err, consult.ErrNotFound) {
		return kit.ErrNotFound
	}
	return err
}

// planHeader loads the {plan} of the current partnership.
func (s *Handlers) planHeader(r *http.Request) (plan.Header, error) {
	id, err := kit.PathID(r, "plan")
	if err != nil {
		return plan.Header{}, err
	}
	h, err := plan.HeaderByID(r.Context(), s.k.DB, kit.Current(r).Partnership.ID, id)
	return h, planRecordNotFound(err)
}

// publicHeader loads the {plan}, which must be published or out for
// consultation: anything else is "not found" to the public.
func (s *Handlers) publicHeader(r *http.Request) (plan.Header, error) {
	h, err := s.planHeader(r)
	if err == nil && !h.Public() {
		return h, kit.ErrNotFound
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
	rq := kit.Current(r)
	return auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID)
}

// --- the public bundle ---

func (s *Handlers) publicPlans(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	hs, err := plan.Headers(r.Context(), s.k.DB, p.ID)
	if err != nil {
		return err
	}
	var public []plan.Header
	for _, h := range hs {
		if h.Public() {
			public = append(public, h)
		}
	}
	as, err := plan.Appraisals(r.Context(), s.k.DB, p.ID)
	if err != nil {
		return err
	}
	var published []plan.Appraisal
	for _, a := range as {
		if !a.PublishedAt.IsZero() {
			published = append(published, a)
		}
	}
	s.pages.Render(w, r, http.StatusOK, "plan-public-list.html", kit.View{Title: "Strategic plans", Caption: p.Name,
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

func (s *Handlers) loadBundle(r *http.Request, h plan.Header) (bundle, error) {
	p := kit.Current(r).Partnership
	b := bundle{Plan: h, NextReview: h.NextReviewDue()}
	var err error
	if b.Version, b.Sections, err = plan.PublicText(r.Context(), s.k.DB, h.ID); err != nil {
		return b, err
	}
	if b.Statement, _, err = plan.LoadStatement(r.Context(), s.k.DB, p.ID, localityNames(*p), h.ID); err != nil {
		return b, err
	}
	vs, err := plan.PublicViews(r.Context(), s.k.DB, h.ID)
	if err != nil {
		return b, err
	}
	b.YouSaid = plan.YouSaidWeDid(vs)
	b.Documents, err = plan.Documents(r.Context(), s.k.DB, h.ID)
	return b, err
}

func (s *Handlers) publicPlan(w http.ResponseWriter, r *http.Request) error {
	h, err := s.publicHeader(r)
	if err != nil {
		return err
	}
	b, err := s.loadBundle(r, h)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	b.DocumentsBase = "/partnerships/" + p.Slug + "/plans/" + strconv.FormatInt(h.ID, 10) + "/documents/"
	s.pages.Render(w, r, http.StatusOK, "plan-public.html", kit.View{Title: h.Title, Caption: p.Name, Data: b})
	return nil
}

// publicPlanPDF is the published text as a printable PDF, beside the
// accessible HTML of the bundle.
func (s *Handlers) publicPlanPDF(w http.ResponseWriter, r *http.Request) error {
	h, err := s.publicHeader(r)
	if err != nil {
		return err
	}
	version, sections, err := plan.PublicText(r.Context(), s.k.DB, h.ID)
	if err != nil {
		return err
	}
	if len(sections) == 0 {
		return kit.HTTPError{Status: http.StatusNotFound, Message: "This plan's text has not been published yet."}
	}
	var buf bytes.Buffer
	if err := plan.WritePDF(&buf, kit.Current(r).Partnership.Name+" Health and Social Care Partnership", h.Title, version, sections); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": refdata.Slugify(h.Title) + ".pdf"}))
	w.Write(buf.Bytes())
	return nil
}

func (s *Handlers) previewBundle(w http.ResponseWriter, r *http.Request) error {
	h, err := s.planHeader(r)
	if err != nil {
		return err
	}
	b, err := s.loadBundle(r, h)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	b.Preview = true
	b.DocumentsBase = planBase(p, h) + "/documents/"
	s.pages.Render(w, r, http.StatusOK, "plan-public.html", kit.View{Title: "Publication bundle: " + h.Title, Caption: p.Name, Nav: "staff", Data: b})
	return nil
}

func (s *Handlers) sendPlanDocument(w http.ResponseWriter, r *http.Request, h plan.Header) error {
	id, err := kit.PathID(r, "document")
	if err != nil {
		return err
	}
	doc, content, err := plan.DocumentFile(r.Context(), s.k.DB, h.ID, id)
	if err != nil {
		return planRecordNotFound(err)
	}
	return kit.SendStoredFile(w, r, doc.Filename, doc.ContentType, content)
}

func (s *Handlers) publicPlanDocument(w http.ResponseWriter, r *http.Request) error {
	h, err := s.publicHeader(r)
	if err != nil {
		return err
	}
	return s.sendPlanDocument(w, r, h)
}

func (s *Handlers) staffPlanDocument(w http.ResponseWriter, r *http.Request) error {
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

func (s *Handlers) apiPlans(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	hs, err := plan.Headers(r.Context(), s.k.DB, p.ID)
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
		ds, err := plan.Documents(r.Context(), s.k.DB, h.ID)
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
	kit.WriteJSON(w, http.StatusOK, map[string]any{"plans": out})
	return nil
}

func (s *Handlers) apiStatement(w http.ResponseWriter, r *http.Request) error {
	h, err := s.publicHeader(r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	st, _, err := plan.LoadStatement(r.Context(), s.k.DB, p.ID, localityNames(*p), h.ID)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"plan": h.Title, "consultation_statement": st})
	return nil
}

func (s *Handlers) apiYouSaidWeDid(w http.ResponseWriter, r *http.Request) error {
	h, err := s.publicHeader(r)
	if err != nil {
		return err
	}
	vs, err := plan.PublicViews(r.Context(), s.k.DB, h.ID)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"plan": h.Title, "you_said_we_did": plan.YouSaidWeDid(vs)})
	return nil
}
