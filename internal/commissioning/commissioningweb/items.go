package commissioningweb

import (
	"net/http"

	"coplan/internal/auth"
	"coplan/internal/commissioning"
	"coplan/internal/web/kit"
)

// itemRoutes are the work items' pages, staff and public, and their API.
func (h *Handlers) itemRoutes() []kit.Route {
	return []kit.Route{
		{Pattern: "GET /staff/partnerships/{slug}/commissioning", Perm: auth.ReadPlanning, Handle: h.items},
	}
}

// listed is a work item with its problems, for the list.
type listed struct {
	Item     commissioning.Item
	Problems []commissioning.Problem
}

func (h *Handlers) items(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	its, err := h.store(r).Items(r.Context())
	if err != nil {
		return err
	}
	var rows []listed
	for _, it := range its {
		rows = append(rows, listed{it, it.Problems(localityName(*p))})
	}
	return h.pages.OK(w, r, "commissioning-list.html", kit.View{Title: "Commissioning work", Caption: p.Name, Nav: "staff",
		Data: struct {
			Items   []listed
			CanEdit bool
		}{rows, canEdit(r)}})
}
