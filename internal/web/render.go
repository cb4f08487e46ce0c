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
