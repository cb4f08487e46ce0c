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
