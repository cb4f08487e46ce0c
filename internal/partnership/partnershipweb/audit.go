package partnershipweb

import (
	"net/http"

	"coplan/internal/audit"
	"coplan/internal/web/kit"
)

// auditLogLimit is how many of the newest entries the audit log shows.
const auditLogLimit = 500

// auditLog is the partnership's audit log, newest first.
func (h *Handlers) auditLog(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	es, err := audit.ForPartnership(r.Context(), h.k.DB, p.ID, auditLogLimit)
	if err != nil {
		return err
	}
	return h.pages.OK(w, r, "audit.html", kit.View{Title: "Audit log", Caption: p.Name, Nav: "staff", Data: es})
}
