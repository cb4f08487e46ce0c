package partnershipweb

import (
	"net/http"

	"coplan/internal/audit"
	"coplan/internal/web/kit"
)

// auditLogLimit is how many of the newest entries the audit log shows.
const auditLogLimit = 500

// auditRow is an entry of the audit log with its before and after as
// fields.
type auditRow struct {
	audit.Entry
	Changes []audit.Change
}

// auditLog is the partnership's audit log, newest first, each change shown
// as the fields it changed, before and after.
func (h *Handlers) auditLog(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	es, err := audit.ForPartnership(r.Context(), h.k.DB, p.ID, auditLogLimit)
	if err != nil {
		return err
	}
	rows := make([]auditRow, len(es))
	for i, e := range es {
		rows[i] = auditRow{e, audit.Changes(e.Before, e.After)}
	}
	return h.pages.OK(w, r, "audit.html", kit.View{Title: "Audit log", Caption: p.Name, Nav: "staff", Data: rows})
}
