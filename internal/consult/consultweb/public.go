package consultweb

import (
	"errors"
	"fmt"
	"net/http"
	netmail "net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"coplan/internal/consult"
	"coplan/internal/partnership"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// publicRecentlyClosed is how long a closed consultation stays on the list.
const publicRecentlyClosed = 365 * 24 * time.Hour

// publicConsultationFor loads the {consultation} of the current
// partnership; one not yet published is not found.
func (s *Handlers) publicConsultationFor(r *http.Request) (consult.Consultation, error) {
	id, err := kit.PathID(r, "consultation")
	if err != nil {
		return consult.Consultation{}, err
	}
	c, err := s.store(r).Consultation(r.Context(), id)
	if err != nil {
		return c, err
	}
	if c.PublishedAt.IsZero() {
		return c, kit.ErrNotFound
	}
	return c, nil
}

// publicConsultationItem is a consultation in a list, with its status now.
type publicConsultationItem struct {
	consult.Consultation
	Status consult.Status
}

func (s *Handlers) publicConsultationList(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	cs, err := s.store(r).Consultations(r.Context())
	if err != nil {
		return err
	}
	now := s.k.Now()
	var open, soon, closed []publicConsultationItem
	for _, c := range cs { // newest closing first
		switch st := c.StatusAt(now); {
		case st == consult.Draft:
		case st == consult.Open:
			open = append([]publicConsultationItem{{c, st}}, open...) // closing soonest first
		case st == consult.Scheduled:
			soon = append([]publicConsultationItem{{c, st}}, soon...)
		case now.Sub(c.ClosesAt) < publicRecentlyClosed:
			closed = append(closed, publicConsultationItem{c, st})
		}
	}
	s.pages.Render(w, r, http.StatusOK, "consultation-public-list.html", kit.View{Title: "Consultations: have your say", Caption: p.Name, Nav: "home",
		Data: struct{ Open, Soon, Closed []publicConsultationItem }{open, soon, closed}})
	return nil
}

// respondStartButton is a button that starts a response in one language.
type respondStartButton struct {
	Lang, Label string
}

func (s *Handlers) publicConsultationPage(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	c, err := s.publicConsultationFor(r)
	if err != nil {
		return err
	}
	docs, err := s.store(r).Documents(r.Context(), c.ID)
	if err != nil {
		return err
	}
	fs, err := partnership.StoreFor(s.k.DB, *p, s.k.Now).Functions(r.Context())
	if err != nil {
		return err
	}
	var localities, services []string
	for _, l := range p.Localities {
		if slices.Contains(c.LocalityIDs, l.ID) {
			localities = append(localities, l.Name)
		}
	}
	for _, f := range fs {
		if slices.Contains(c.FunctionIDs, f.ID) {
			services = append(services, f.Name)
		}
	}
	var starts []respondStartButton
	for _, m := range s.messages.Languages() {
		if m.Lang != "en" {
			starts = append(starts, respondStartButton{m.Lang, m.Get("respond.start-in")})
		}
	}
	s.pages.Render(w, r, http.StatusOK, "consultation-public.html", kit.View{Title: c.Title, Caption: p.Name, Nav: "home",
		Data: struct {
			C          consult.Consultation
			Status     consult.Status
			Body       []textBlock
			Localities []string
			Services   []string
			Documents  []consult.Document
			Starts     []respondStartButton
		}{c, c.StatusAt(s.k.Now()), textBlocks(c.Body), localities, services, docs, starts}})
	return nil
}

// textBlock is a paragraph, or a list of the bullets ("- ") that follow
// one another in a text staff typed.
type textBlock struct {
	Text  string
	Items []string
}

// textBlocks splits a text staff typed into paragraphs (one a line) and
// lists.
func textBlocks(text string) []textBlock {
	var out []textBlock
	for _, p := range kit.Paragraphs(text) {
		switch {
		case !p.Bullet:
			out = append(out, textBlock{Text: p.Text})
		case len(out) > 0 && out[len(out)-1].Items != nil:
			out[len(out)-1].Items = append(out[len(out)-1].Items, p.Text)
		default:
			out = append(out, textBlock{Items: []string{p.Text}})
		}
	}
	return out
}

// respondStart begins an online response and takes the respondent to its
// first page, at the address that holds the save-and-return token.
func (s *Handlers) respondStart(w http.ResponseWriter, r *http.Request) error {
	if _, err := kit.ParseForm(w, r); err != nil {
		return err
	}
	if err := s.allowDraftStart(r); err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	c, err := s.publicConsultationFor(r)
	if err != nil {
		return err
	}
	m := s.messages.For(r.PostFormValue("lang"))
	resp, token, err := s.store(r).StartDraft(r.Context(), c, m.Lang)
	if errors.Is(err, consult.ErrClosed) {
		s.renderRespondClosed(w, r, c, m)
		return nil
	}
	if errors.Is(err, valid.ErrNotFound) {
		return err
	}
	if err != nil {
		s.renderNotSaved(w, r, m, c.Title, "notstarted", kit.PublicPath(p.Slug, "consultations", c.ID), err)
		return nil
	}
	d := &respondDraft{p: p, c: c, r: resp, token: token, lang: m.Lang, m: m}
	http.Redirect(w, r, d.pageURL(1), http.StatusSeeOther)
	return nil
}

// Comments and complaints about how a consultation was run.

func (s *Handlers) consultationFeedbackForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.publicConsultationFor(r)
	if err != nil {
		return err
	}
	m := s.messages.For(r.URL.Query().Get("lang"))
	return s.renderConsultationFeedback(w, r, c, m, consult.Feedback{}, nil, http.StatusOK, r.URL.Query().Get("sent") == "1")
}

// consultationFeedbackView is the comments form's content.
type consultationFeedbackView struct {
	respondView
	F         consult.Feedback
	Sent      bool
	CountHint string
	Back      string
}

func (s *Handlers) renderConsultationFeedback(w http.ResponseWriter, r *http.Request, c consult.Consultation, m consult.Catalog, f consult.Feedback, errs valid.Errors, status int, sent bool) error {
	back := kit.PublicPath(kit.Current(r).Partnership.Slug, "consultations", c.ID)
	v := consultationFeedbackView{respondView: respondView{Lang: m.Lang, M: m, Switch: s.respondLangLinks(m, r, ""), Problems: respondProblems(errs, ""),
		Action: back + "/feedback"}, F: f, Sent: sent, CountHint: m.Get("form.characters-left", strconv.Itoa(consult.MaxFeedbackChars)), Back: back}
	pv := kit.View{Title: m.Get("feedback.title"), Caption: c.Title, Nav: "home", Errors: errs, Data: v}
	if sent {
		pv.Notice = m.Get("feedback.thanks")
	}
	s.pages.Render(w, r, status, "consultation-public-feedback.html", pv)
	return nil
}

// consultationFeedbackSend stores comments about how a consultation was run and, in
// the same transaction, mails them to the consultation's contact through
// the outbox. Comments are taken at any time after publication: a
// complaint often comes after closing.
func (s *Handlers) consultationFeedbackSend(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	c, err := s.publicConsultationFor(r)
	if err != nil {
		return err
	}
	bad, err := s.parseRespondForm(w, r)
	if err != nil {
		return err
	}
	m := s.messages.For(r.PostFormValue("lang"))
	f := consult.Feedback{ConsultationID: c.ID, Name: r.PostFormValue("feedback-name"), Email: r.PostFormValue("feedback-email"),
		Text: strings.ReplaceAll(r.PostFormValue("feedback-text"), "\r\n", "\n")}
	if errs := firstPerField(append(bad, consult.ValidateFeedback(f, m)...)); len(errs) > 0 {
		return s.renderConsultationFeedback(w, r, c, m, f, errs, http.StatusUnprocessableEntity, false)
	}
	page := s.k.SiteURL(kit.PublicPath(p.Slug, "consultations", c.ID))
	_, err = s.store(r).AddFeedback(r.Context(), f, func(c consult.Consultation, f consult.Feedback) consult.Message {
		name, email := f.Name, f.Email
		if name == "" {
			name = "not given"
		}
		if email == "" {
			email = "not given"
		}
		body := fmt.Sprintf("Someone has sent comments about how the consultation %q has been run.\n\n"+
			"Name: %s\nEmail address: %s\nSent: %s\n\nTheir comments:\n\n%s\n\nThe consultation: %s\n",
			c.Title, name, email, kit.DateTime(f.CreatedAt), f.Text, page)
		return consult.Message{PartnershipID: p.ID, To: contactAddress(c.Contact),
			Subject: "Comments about how a consultation was run: " + c.Title, Body: body}
	})
	if err != nil {
		return err
	}
	next := kit.PublicPath(p.Slug, "consultations", c.ID, "feedback") + "?sent=1"
	if m.Lang != "en" {
		next += "&lang=" + url.QueryEscape(m.Lang)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// anEmailAddress finds an email address in a text.
var anEmailAddress = regexp.MustCompile(`[^\s,;:<>()"']+@[^\s,;:<>()"']+\.[A-Za-z]{2,}`)

// contactAddress is the email address in a consultation's contact, which
// staff write in words ("The planning team, ... or planning@example.org"),
// or "" when it has none: the mail then stays in the outbox, which says so.
func contactAddress(contact string) string {
	if a, err := netmail.ParseAddress(strings.TrimSpace(contact)); err == nil {
		return a.Address
	}
	return strings.TrimRight(anEmailAddress.FindString(contact), ".")
}

// The staff outbox.
