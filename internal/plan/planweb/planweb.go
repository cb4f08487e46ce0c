// Package planweb is the strategic plan's pages: the statutory sequence
// (s.33) and review (s.37, s.38); the drafts, their sections,
// arrangements and links; views and "you said, we did"; Annex C and the
// publication bundle (s.35) with its open data; option appraisals; and the
// register of significant decisions outside the plan (s.36).
package planweb

import (
	"embed"
	"net/http"

	"coplan/internal/auth"
	"coplan/internal/plan"
	"coplan/internal/web/kit"
)

//go:embed templates
var templateFiles embed.FS

// Handlers are the plan's pages, sharing the kit.
type Handlers struct {
	k     *kit.Kit
	pages *kit.Pages
}

// New parses the plan's templates and registers its notices.
func New(k *kit.Kit) (*Handlers, error) {
	pages, err := k.Pages(templateFiles, funcs)
	if err != nil {
		return nil, err
	}
	k.AddNotices(notices)
	return &Handlers{k: k, pages: pages}, nil
}

// Routes are every address of the plan's pages, each with its permission.
func (s *Handlers) Routes() []kit.Route {
	var rs []kit.Route
	for _, group := range [][]kit.Route{s.stageRoutes(), s.draftRoutes(), s.publicRoutes(), s.viewRoutes(),
		s.annexCRoutes(), s.appraisalRoutes(), s.decisionRoutes()} {
		rs = append(rs, group...)
	}
	return rs
}

// store is the plan's store for the request's partnership, on the kit's
// clock.
func (s *Handlers) store(r *http.Request) *plan.Store {
	return plan.StoreFor(s.k.DB, *kit.Current(r).Partnership, s.k.Now)
}

// currentPlan loads the {plan} of the request's partnership, with the
// store it was read through.
func (s *Handlers) currentPlan(r *http.Request) (*plan.Store, plan.Plan, error) {
	id, err := kit.PathID(r, "plan")
	if err != nil {
		return nil, plan.Plan{}, err
	}
	st := s.store(r)
	pl, err := st.Plan(r.Context(), id)
	return st, pl, err
}

// canEdit says whether the request's account may change the plan's
// records (for showing forms).
func canEdit(r *http.Request) bool { return kit.Can(r, auth.EditPlanning) }

// notices are the plan's success messages (see kit.Kit.AddNotices).
var notices = map[string]string{
	// Views on the plan, Annex C, the bundle, appraisals and s.36 decisions.
	"plan-view-recorded":  "The view has been recorded. Say what became of it once the plan has taken it into account.",
	"plan-views-imported": "The consultation is linked to the plan and every response not yet brought in has been added as views. Say what became of each one.",
	"plan-view-answered":  "What became of the view has been recorded. It now appears in \"you said, we did\".",
	"annex-c-ticked":      "The checklist item has been ticked with its evidence.",
	"plan-document-added": "The document has been added to the plan's publication bundle.",
	"appraisal-created":   "The option appraisal has been started. Score each option against each criterion below.",
	"appraisal-scored":    "The scores have been saved.",
	"appraisal-published": "The option appraisal has been published with its decision.",
	"decision-registered": "The decision has been added to the register. Record the Strategic Planning Group's views and the consultation before it is taken.",
	"decision-taken":      "The decision has been recorded as taken.",

	// Strategic plans: the statutory sequence, review and replacement.
	"plan-created":        "The plan has been started. Record its communication and engagement plan first.",
	"plan-advanced":       "The plan has moved to its next stage. The move has been dated and recorded.",
	"engagement-saved":    "The communication and engagement plan has been saved.",
	"recipient-added":     "The recipient has been recorded.",
	"review-recorded":     "The review has been recorded. The next review is due three years from it.",
	"replacement-started": "The replacement plan has been started. The current plan stays in force until this one is published.",
	"direction-recorded":  "The direction has been recorded and the replacement plan started. The current plan stays in force until the replacement is published.",

	// The plan's drafts: versions, sections, arrangements and links.
	"plan-version-started":      "The new version has been started with a copy of the previous version's text, which is kept as it was.",
	"plan-correction-published": "The correction has been published: it is now the plan's public text.",
	"plan-section-added":        "The section has been added.",
	"plan-section-saved":        "The section has been saved.",
	"plan-arrangement-added":    "The arrangement has been added.",
	"plan-arrangement-saved":    "The arrangement has been saved.",
	"plan-arrangement-removed":  "The arrangement has been removed.",
	"plan-link-added":           "The plan has been linked.",
	"plan-link-removed":         "The link has been removed.",
}
