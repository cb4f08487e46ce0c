package planweb

import (
	"coplan/internal/auth"
	"coplan/internal/finance"
	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/web/kit"
	"net/http"
	"time"
)

// publicRoutes are the publication bundle (s.35), its PDF and documents,
// and its open data.
func (s *Handlers) publicRoutes() []kit.Route {
	return []kit.Route{
		// The public bundle and registers.
		{Pattern: "GET /partnerships/{slug}/plans", Perm: auth.Public, Handle: s.publicPlans, Cache: true},
		{Pattern: "GET /partnerships/{slug}/plans/{plan}", Perm: auth.Public, Handle: s.publicPlan, Cache: true},
		{Pattern: "GET /partnerships/{slug}/plans/{plan}/plan.pdf", Perm: auth.Public, Handle: s.publicPlanPDF},
		{Pattern: "GET /partnerships/{slug}/plans/{plan}/documents/{document}", Perm: auth.Public, Handle: s.publicPlanDocument},
		// Open data.
		{Pattern: "GET /api/v1/partnerships/{slug}/plans", Perm: auth.Public, Handle: s.apiPlans, Cache: true},
		{Pattern: "GET /api/v1/partnerships/{slug}/plans/{plan}/consultation-statement", Perm: auth.Public, Handle: s.apiStatement, Cache: true},
		{Pattern: "GET /api/v1/partnerships/{slug}/plans/{plan}/you-said-we-did", Perm: auth.Public, Handle: s.apiYouSaidWeDid, Cache: true},
	}
}

// publicPlan loads the {plan}, which must be published or out for
// consultation: anything else is "not found" to the public.
func (s *Handlers) publicOne(r *http.Request) (*plan.Store, plan.Plan, error) {
	id, err := kit.PathID(r, "plan")
	if err != nil {
		return nil, plan.Plan{}, err
	}
	st := s.store(r)
	pl, err := st.PublicPlan(r.Context(), id)
	return st, pl, err
}

// planBase is the address of plan h's staff page.
func planBase(p *partnership.Partnership, h plan.Plan) string { return onePlanPath(p, h) }

// --- the public bundle ---

func (s *Handlers) publicPlans(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	st := s.store(r)
	hs, err := st.Plans(r.Context())
	if err != nil {
		return err
	}
	var public []plan.Plan
	for _, h := range hs {
		if h.Public() {
			public = append(public, h)
		}
	}
	as, err := st.Appraisals(r.Context())
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
			Plans      []plan.Plan
			Appraisals []plan.Appraisal
		}{public, published}})
	return nil
}

// bundle is the publication bundle: the plan's text, the consultation
// statement, the documents and "you said, we did".
type bundle struct {
	Plan      plan.Plan
	Version   int
	Sections  []plan.BundleSection
	Statement plan.Statement
	// StatementVersion is the published version the statement was
	// published with, 0 while the plan is out for consultation.
	StatementVersion int
	YouSaid          []plan.YouSaid
	Documents        []plan.Document
	NextReview       time.Time
	Preview          bool
	DocumentsBase    string
	// FinancialYear is the year whose annual financial statement (s.39)
	// the plan was published with (0 until it is published), and
	// FinancialStatement whether that statement is published.
	FinancialYear      finance.Year
	FinancialStatement bool
}

func loadBundle(r *http.Request, st *plan.Store, h plan.Plan) (bundle, error) {
	b := bundle{Plan: h, NextReview: h.NextReviewDue()}
	var err error
	if b.FinancialYear, b.FinancialStatement, err = st.PublishedWithStatement(r.Context(), h); err != nil {
		return b, err
	}
	if b.Version, b.Sections, err = st.PublicText(r.Context(), h.ID); err != nil {
		return b, err
	}
	// The statement as published with the plan, never recomputed: a
	// response entered since changes nothing (issue 10, item 12).
	if b.Statement, b.StatementVersion, err = st.PublishedStatement(r.Context(), h.ID); err != nil {
		return b, err
	}
	vs, err := st.PublicViews(r.Context(), h.ID)
	if err != nil {
		return b, err
	}
	b.YouSaid = plan.YouSaidWeDid(vs)
	b.Documents, err = st.Documents(r.Context(), h.ID)
	return b, err
}

func (s *Handlers) publicPlan(w http.ResponseWriter, r *http.Request) error {
	st, h, err := s.publicOne(r)
	if err != nil {
		return err
	}
	b, err := loadBundle(r, st, h)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	b.DocumentsBase = kit.PublicPath(p.Slug, "plans", h.ID, "documents") + "/"
	s.pages.Render(w, r, http.StatusOK, "plan-public.html", kit.View{Title: h.Title, Caption: p.Name, Data: b})
	return nil
}

// publicPlanPDF is where the plan's PDF used to be. coplan's own PDF had
// no tags (headings, lists, reading order), which a public body's
// published documents need for screen readers; the page's print layout,
// saved as a PDF from the browser, keeps them. Links to the old address
// lead to the page's text.
func (s *Handlers) publicPlanPDF(w http.ResponseWriter, r *http.Request) error {
	_, h, err := s.publicOne(r)
	if err != nil {
		return err
	}
	http.Redirect(w, r, kit.PublicPath(kit.Current(r).Partnership.Slug, "plans", h.ID)+"#plan-text", http.StatusMovedPermanently)
	return nil
}

// sendPlanDocument sends document {document} of plan h.
func sendPlanDocument(w http.ResponseWriter, r *http.Request, st *plan.Store, h plan.Plan) error {
	id, err := kit.PathID(r, "document")
	if err != nil {
		return err
	}
	doc, content, err := st.DocumentFile(r.Context(), h.ID, id)
	if err != nil {
		return err
	}
	return kit.SendStoredFile(w, r, doc.Filename, doc.ContentType, content)
}

func (s *Handlers) publicPlanDocument(w http.ResponseWriter, r *http.Request) error {
	st, h, err := s.publicOne(r)
	if err != nil {
		return err
	}
	return sendPlanDocument(w, r, st, h)
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
	st := s.store(r)
	hs, err := st.Plans(r.Context())
	if err != nil {
		return err
	}
	out := []apiPlan{}
	for _, h := range hs {
		if !h.Public() {
			continue
		}
		a := apiPlan{ID: h.ID, Title: h.Title, PeriodStart: h.PeriodStart, PeriodEnd: h.PeriodEnd, EffectiveOn: h.EffectiveOn,
			Stage: h.Stage, StageDates: h.StageDates, Page: absolute(r, kit.PublicPath(p.Slug, "plans", h.ID)),
			ConsultationStatement: absolute(r, "/api/v1"+kit.PublicPath(p.Slug, "plans", h.ID, "consultation-statement")),
			YouSaidWeDid:          absolute(r, "/api/v1"+kit.PublicPath(p.Slug, "plans", h.ID, "you-said-we-did")),
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
		ds, err := st.Documents(r.Context(), h.ID)
		if err != nil {
			return err
		}
		for _, d := range ds {
			u := d.URL
			if u == "" {
				u = absolute(r, kit.PublicPath(p.Slug, "plans", h.ID, "documents", d.ID))
			}
			a.Documents = append(a.Documents, apiDocument{Kind: string(d.Kind), Title: d.Title, Language: d.Language, URL: u})
		}
		out = append(out, a)
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"plans": out})
	return nil
}

func (s *Handlers) apiStatement(w http.ResponseWriter, r *http.Request) error {
	st, h, err := s.publicOne(r)
	if err != nil {
		return err
	}
	statement, _, err := st.PublishedStatement(r.Context(), h.ID)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"plan": h.Title, "consultation_statement": statement})
	return nil
}

func (s *Handlers) apiYouSaidWeDid(w http.ResponseWriter, r *http.Request) error {
	st, h, err := s.publicOne(r)
	if err != nil {
		return err
	}
	vs, err := st.PublicViews(r.Context(), h.ID)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"plan": h.Title, "you_said_we_did": plan.YouSaidWeDid(vs)})
	return nil
}
