package web

import (
	"embed"
	"html/template"
	"net/http"
	"net/url"

	"coplan/internal/civil"
	"coplan/internal/governance"
	"coplan/internal/statute"
	"coplan/internal/web/kit"
)

//go:embed templates
var templateFiles embed.FS

var london = civil.London

var funcs = template.FuncMap{
	"models":         statute.Models,
	"supportOptions": func() []governance.Support { return governance.SupportOptions },
	"paperFormats":   func() []governance.PaperFormat { return governance.PaperFormats },
	"newMember":      func() governance.Member { return governance.Member{PaperFormat: "standard"} },
}

// view is what every page template receives.
type view = kit.View

// render writes a page with the given status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	s.pages.Render(w, r, status, name, v)
}

// notices are the success messages shown after a change, keyed by the
// "done" parameter of the address a form redirects to.
var notices = map[string]string{
	"saved":            "Your changes have been saved.",
	"created":          "The partnership has been created.",
	"function-added":   "The delegated function has been added.",
	"function-removed": "The delegated function has been removed.",
	"account-created":  "The account has been created.",
	"signed-out":       "You have signed out.",
	"policy-saved":     "The expenses policy has been published. This is what members and the public now read.",
	"claim-submitted":  "Your claim has been sent to the planning team. You will see their decision on this page.",
	"claim-approved":   "The claim has been approved. It is now in the export of approved claims for finance.",
	"claim-rejected":   "The claim has been rejected. The member can read your reason.",
	"seat-added":       "The member has been added to the body.",
	"seat-changed":     "The change has been recorded.",
	"seat-replaced":    "The replacement has been recorded.",
	"member-added":     "The member has been added.",

	// Meetings and papers.
	"meeting-created":    "The meeting has been added. Add its agenda and papers below.",
	"meeting-saved":      "The meeting's details have been saved.",
	"agenda-item-added":  "The agenda item has been added.",
	"paper-uploaded":     "The paper has been uploaded. Members will see it once you issue the papers.",
	"papers-issued":      "The papers have been issued: members can now see and download them.",
	"no-papers-to-issue": "There were no papers waiting to be issued.",
	"decision-added":     "The decision has been recorded.",

	// Views on the plan, Annex C, the bundle, appraisals and s.36 decisions.
	"plan-view-recorded":  "The view has been recorded. Say what became of it once the plan has taken it into account.",
	"plan-views-imported": "The consultation's publishable written answers have been added as views. Say what became of each one.",
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

func writeJSON(w http.ResponseWriter, status int, v any) { kit.WriteJSON(w, status, v) }

func isAPI(r *http.Request) bool { return kit.IsAPI(r) }

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// seeOther redirects after a successful form (POST-redirect-GET).
func seeOther(w http.ResponseWriter, r *http.Request, path, done string) error {
	return kit.SeeOther(w, r, path, done)
}

// sendStoredFile sends an uploaded file as a download; see kit.SendStoredFile.
func sendStoredFile(w http.ResponseWriter, r *http.Request, filename, contentType string, content []byte) error {
	return kit.SendStoredFile(w, r, filename, contentType, content)
}

// httpError is an error with the status and message a person should see.
type httpError = kit.HTTPError

var (
	errNotFound  = kit.ErrNotFound
	errForbidden = kit.ErrForbidden
)

// current is what the middleware learnt about r.
func current(r *http.Request) *kit.Req { return kit.Current(r) }
