package consultweb

import (
	"net/http"

	"coplan/internal/consult"
	"coplan/internal/partnership"
	"coplan/internal/web/kit"
)

// consultationAddress is a consultation's staff page.
func consultationAddress(p *partnership.Partnership, id int64) string {
	return kit.StaffPath(p.Slug, "consultations", id)
}

// consultationFromPath is the consultation named by {consultation}, of the
// partnership named by {slug}.
func (s *Handlers) consultationFromPath(r *http.Request) (consult.Consultation, error) {
	id, err := kit.PathID(r, "consultation")
	if err != nil {
		return consult.Consultation{}, err
	}
	return s.store(r).Consultation(r.Context(), id)
}

// store is the consultation store of the partnership {slug} names, with
// the kit's clock.
func (s *Handlers) store(r *http.Request) *consult.Store {
	return consult.StoreFor(s.k.DB, *kit.Current(r).Partnership, s.k.Now)
}
