package consultweb

import (
	"net/http"
	"time"

	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/partnership"
	"coplan/internal/valid"
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

// parseRespondForm reads a form a respondent posts with the kit's checks
// (ParseForm), its errors worded in the page's language (the form's "lang"
// field). Text too long or with characters that cannot be stored is
// returned as errs to show at the fields; anything else wrong is err.
func (s *Handlers) parseRespondForm(w http.ResponseWriter, r *http.Request) (errs valid.Errors, err error) {
	_, err = kit.ParseForm(w, r, kit.SayBy(func(f kit.Form) (func(int) string, string) {
		m := s.messages.For(f.Get("lang"))
		return func(n int) string { return m.Get("error.field-too-long", kit.Thousands(n)) }, m.Get("error.bad-characters")
	}))
	if errs, ok := valid.As(err); ok {
		return errs, nil
	}
	return nil, err
}

// firstPerField keeps the first error for each field, so a box the kit
// refused is not also refused again by the consultation's own rules.
func firstPerField(errs valid.Errors) valid.Errors {
	var out valid.Errors
	for _, e := range errs {
		if out.For(e.Field) == "" {
			out = append(out, e)
		}
	}
	return out
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
