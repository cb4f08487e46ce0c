package consultweb

import (
	"net/http"

	"coplan/internal/mail"
	"coplan/internal/web/kit"
)

// outboxMail is a message as the outbox shows it.
type outboxMail struct {
	mail.Mail
	TagText    string // the status in a word or two
	Tag        string // the status tag's colour
	StatusText string // when it was sent, or why not
}

func (s *Handlers) staffOutbox(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	ms, err := mail.Outbox(r.Context(), s.k.DB, p.ID, 200)
	if err != nil {
		return err
	}
	vs := make([]outboxMail, 0, len(ms))
	for _, m := range ms {
		v := outboxMail{Mail: m}
		switch m.Status() {
		case mail.Sent:
			v.Tag, v.TagText, v.StatusText = "green", "Sent", dateAt(m.SentAt)
		case mail.Failed:
			v.Tag, v.TagText, v.StatusText = "red", "Not sent", m.Error
		case mail.Retrying:
			v.Tag, v.TagText, v.StatusText = "orange", "Trying again", m.Error
		default:
			v.Tag, v.TagText = "grey", "Waiting"
			if !s.mail.Configured() {
				v.TagText, v.StatusText = "Not sent", "no mail server is set up"
			}
		}
		vs = append(vs, v)
	}
	s.pages.Render(w, r, http.StatusOK, "outbox.html", kit.View{Title: "Outbox", Caption: p.Name, Nav: "staff",
		Data: struct {
			Mail       []outboxMail
			Configured bool
		}{vs, s.mail.Configured()}})
	return nil
}
