package web

import (
	"embed"
	"html/template"
	"net/http"
	"net/url"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/web/kit"
)

//go:embed templates
var templateFiles embed.FS

var london = civil.London

var funcs = template.FuncMap{}

// view is what every page template receives.
type view = kit.View

// render writes a page with the given status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	s.pages.Render(w, r, status, name, v)
}

// notices are the success messages shown after a change, keyed by the
// "done" parameter of the address a form redirects to.
var notices = map[string]string{
	"saved":      "Your changes have been saved.", // shared by several rooms' forms
	"signed-out": "You have signed out.",

	// Consultations: the builder.
	"consultation-created":           "The consultation has been started as a draft. Add its questions and documents, preview it, then publish it.",
	"consultation-saved":             "The consultation's details have been saved.",
	"consultation-published":         "The consultation has been published. It takes responses from its opening time until it closes.",
	"consultation-already-published": "The consultation was already published.",
	"consultation-analysed":          "The responses have been recorded as analysed.",
	"consultation-reported":          "The analysis report has been recorded as published.",
	"document-uploaded":              "The document has been added.",
	"document-removed":               "The document has been removed.",
	"question-added":                 "The question has been added.",
	"question-saved":                 "The question has been saved.",
	"question-moved":                 "The question has been moved.",
	"question-deleted":               "The question has been deleted.",
	"section-added":                  "The page has been added. Add questions to it below.",
	"section-saved":                  "The page has been saved.",
	"section-deleted":                "The page has been deleted.",
	"bank-question-added":            "The question has been added to the bank.",

	// Consultation responses.
	"response-entered":   "The response has been entered. It will not be published until it has been checked.",
	"response-imported":  "The response in the file has been imported. It will not be published until it has been checked.",
	"responses-imported": "The responses in the file have been imported. None will be published until it has been checked.",
	"response-checked":   "The check has been recorded.",

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

// actor is who is making a change, for the audit log.
// TODO(rooms): each room calls kit.Actor; remove once no page here uses it.
func actor(r *http.Request) audit.Actor { return kit.Actor(r) }

// current is what the middleware learnt about r.
func current(r *http.Request) *kit.Req { return kit.Current(r) }
