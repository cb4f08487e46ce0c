// Package commissioningweb is the pages of a partnership's commissioning
// work (issue 12): the officers' list of work items with their problems,
// each item's seven stages with who was involved at each, how deeply and
// what came of it, the forms to key involvement in and to link records the
// partnership already holds; the public record of published work; and its
// open data.
//
// ReadPlanning reads the staff pages; EditPlanning changes them. The public
// page and the API show published work only, as aggregates: no names.
package commissioningweb

import (
	"embed"
	"net/http"
	"slices"

	"coplan/internal/auth"
	"coplan/internal/commissioning"
	"coplan/internal/web/kit"
)

//go:embed templates
var templateFiles embed.FS

// Handlers are the commissioning pages, sharing the kit.
type Handlers struct {
	k     *kit.Kit
	pages *kit.Pages
}

// New parses the commissioning pages and registers their notices.
func New(k *kit.Kit) (*Handlers, error) {
	pages, err := k.Pages(templateFiles, funcs)
	if err != nil {
		return nil, err
	}
	k.AddNotices(notices)
	return &Handlers{k: k, pages: pages}, nil
}

// Routes are every address of the commissioning pages, each with its
// permission.
func (h *Handlers) Routes() []kit.Route {
	return slices.Concat(h.itemRoutes(), h.publicRoutes(), h.evaluationRoutes())
}

// store is the commissioning store for the request's partnership, on the
// kit's clock.
func (h *Handlers) store(r *http.Request) *commissioning.Store {
	return commissioning.StoreFor(h.k.DB, *kit.Current(r).Partnership, h.k.Now)
}

// canEdit says whether the request's account may change commissioning
// work (for showing forms).
func canEdit(r *http.Request) bool { return kit.Can(r, auth.EditPlanning) }

// notices are the room's success messages (see kit.Kit.AddNotices).
var notices = map[string]string{
	"work-item-created":   "The commissioning work has been added. Record where each stage has got to and who was involved.",
	"work-item-saved":     "The commissioning work has been saved.",
	"work-item-published": "The commissioning work is now on the partnership's public page. Changes you make will show there.",
	"work-stage-saved":    "The stage has been updated.",
	"involvement-saved":   "The involvement has been recorded.",
	"involvement-removed": "The involvement has been removed.",
	"work-link-added":     "The record has been linked. What it holds is now counted at its stage.",
	"work-link-removed":   "The record has been unlinked.",
}
