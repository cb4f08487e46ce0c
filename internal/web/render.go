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
