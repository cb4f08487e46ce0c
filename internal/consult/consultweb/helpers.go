package consultweb

import (
	"net/http"

	"coplan/internal/consult"
	"coplan/internal/partnership"
	"coplan/internal/web/kit"
)

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

// parseForm reads a urlencoded form; a body that cannot be read is a bad
// request.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return kit.HTTPError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	return nil
}

// store is the consultation store of the partnership {slug} names, with
// the kit's clock.
func (s *Handlers) store(r *http.Request) *consult.Store {
	return consult.StoreFor(s.k.DB, *kit.Current(r).Partnership, s.k.Now)
}
