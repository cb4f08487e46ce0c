package consultweb

import (
	"net/http"
	"time"

	"coplan/internal/civil"
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

// dateAt writes a time in Scotland as the consultation pages and their
// respondents' messages do, "23 December 2026 at 11:59pm" (the date as in
// kit.Date), or "" for the zero time.
func dateAt(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return kit.Date(t) + " at " + t.In(civil.London).Format("3:04pm")
}
