// Package analysisweb is the analysis room's pages, under a consultation's
// staff analysis page (/staff/partnerships/{slug}/consultations/{consultation}/analysis/…):
// the codebook, coding answers one at a time, agreement between two coders
// and reconciliation, the framework matrix; and (in their own files) the
// suggested themes, the analysis report and the REFI-QDA exchange.
package analysisweb

import (
	"embed"
	"html/template"
	"maps"
	"net/http"
	"slices"

	"coplan/internal/analysis"
	"coplan/internal/consult"
	"coplan/internal/web/kit"
)

//go:embed templates
var templateFiles embed.FS

// Handlers are the analysis room's pages, sharing the kit.
type Handlers struct {
	k     *kit.Kit
	pages *kit.Pages
}

// New parses the templates (each part's functions merged: codingFuncs,
// themeFuncs, reportFuncs, qdpxFuncs) and registers the notices.
func New(k *kit.Kit) (*Handlers, error) {
	fm := template.FuncMap{}
	for _, m := range []template.FuncMap{codingFuncs, themeFuncs, reportFuncs, qdpxFuncs} {
		maps.Copy(fm, m)
	}
	pages, err := k.Pages(templateFiles, fm)
	if err != nil {
		return nil, err
	}
	for _, n := range []map[string]string{codingNotices, themeNotices, reportNotices, qdpxNotices} {
		k.AddNotices(n)
	}
	return &Handlers{k: k, pages: pages}, nil
}

// Routes are every address of the analysis room, each with its permission.
func (h *Handlers) Routes() []kit.Route {
	return slices.Concat(h.codingRoutes(), h.themeRoutes(), h.reportRoutes(), h.qdpxRoutes())
}

// base is the pattern every staff page of the room starts with.
const base = "/staff/partnerships/{slug}/consultations/{consultation}/analysis"

// store is the analysis store of the partnership {slug} names, with the
// kit's clock.
func (h *Handlers) store(r *http.Request) *analysis.Store {
	return analysis.StoreFor(h.k.DB, *kit.Current(r).Partnership, h.k.Now)
}

// consultation is the partnership's consultation {consultation} names, or
// kit.ErrNotFound.
func (h *Handlers) consultation(r *http.Request) (consult.Consultation, error) {
	id, err := kit.PathID(r, "consultation")
	if err != nil {
		return consult.Consultation{}, err
	}
	return h.store(r).Consultation(r.Context(), id)
}

// analysisPath is the address of a page of consultation c's analysis:
// analysisPath(slug, c, "codebook") is
// /staff/partnerships/{slug}/consultations/{c}/analysis/codebook; with no
// parts, the consultation's analysis page (consultweb's reach and tallies).
func analysisPath(slug string, consultationID int64, parts ...any) string {
	return kit.StaffPath(slug, append([]any{"consultations", consultationID, "analysis"}, parts...)...)
}
