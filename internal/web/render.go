package web

import (
	"embed"
	"net/http"

	"coplan/internal/web/kit"
)

// templateFiles are the server's own pages: signing in.
//
//go:embed templates
var templateFiles embed.FS

// render writes one of the server's own pages with the given status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v kit.View) {
	s.pages.Render(w, r, status, name, v)
}

// notices are the success messages the server itself and more than one
// room redirect to, keyed by the "done" parameter (see kit.SeeOther); each
// room registers its own.
var notices = map[string]string{
	"saved":      "Your changes have been saved.",
	"signed-out": "You have signed out.",
}
