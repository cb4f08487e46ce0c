package consultweb

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/mail"
	"coplan/internal/partnership"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// respondDraft is an online response in progress with everything its pages need.
type respondDraft struct {
	p     *partnership.Partnership
	c     consult.Consultation
	qn    consult.Questionnaire // the version the response answers
	r     consult.Response
	token string
	lang  string          // the language the pages are shown in
	m     consult.Catalog // the form's text in that language
}

// base is the address of the response's pages.
func (d *respondDraft) base() string { return kit.PublicPath(d.p.Slug, "respond", d.token) }

// q carries the page's language in a link when it is not the response's
// stored one (the respondent switched language and has not saved since).
func (d *respondDraft) q() string {
	if d.lang == d.r.Language {
		return ""
	}
	return "?lang=" + url.QueryEscape(d.lang)
}

func (d *respondDraft) pageURL(n int) string { return d.base() + "/page/" + strconv.Itoa(n) + d.q() }
func (d *respondDraft) aboutURL() string     { return d.base() + "/about-you" + d.q() }
func (d *respondDraft) checkURL() string     { return d.base() + "/check" + d.q() }
func (d *respondDraft) consultationURL() string {
	return kit.PublicPath(d.p.Slug, "consultations", d.c.ID)
}

// openRespondDraft loads the response behind the address's {draft} token. When
// the link no longer works it shows the page that says why — the response
// was submitted, or the consultation is not open — and returns nil.
//
// The link expires when the consultation closes. That is judged against
// the consultation's closing time now, which staff may have moved since the
// response began, so the consultation read with the draft decides.
func (s *Handlers) openRespondDraft(w http.ResponseWriter, r *http.Request) (*respondDraft, error) {
	return s.openRespondDraftOr(w, r, nil)
}

// openRespondDraftOr is openRespondDraft, with submitted to answer instead
// when the response has been submitted (nil for the page that says so);
// submitted reports whether it answered.
func (s *Handlers) openRespondDraftOr(w http.ResponseWriter, r *http.Request, submitted func() (bool, error)) (*respondDraft, error) {
	w.Header().Set("Cache-Control", "no-store") // answers and personal details, perhaps on a library's computer
	p := kit.Current(r).Partnership
	lang := r.FormValue("lang")
	resp, c, err := s.store(r).OpenDraft(r.Context(), r.PathValue("draft"))
	if errors.Is(err, consult.ErrTokenExpired) && submitted != nil {
		if done, err := submitted(); done || err != nil {
			return nil, err
		}
	}
	if errors.Is(err, consult.ErrTokenExpired) {
		m := s.messages.For(lang)
		s.renderRespondNotice(w, r, http.StatusGone, m, "", m.Get("submitted.title"), m.Get("submitted.body"), "")
		return nil, nil
	}
	if errors.Is(err, valid.ErrNotFound) {
		// No such link, or a response not sent by closing and deleted
		// since (consult.Store.DeleteAbandonedDrafts): say which may be so.
		m := s.messages.For(lang)
		s.renderRespondNotice(w, r, http.StatusNotFound, m, "", m.Get("expired.title"), m.Get("expired.body"), "")
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if lang == "" {
		lang = resp.Language
	}
	m := s.messages.For(lang)
	if st := c.StatusAt(s.k.Now()); st != consult.Open {
		if st != consult.Scheduled {
			// The page says nothing entered has been stored: make it so.
			if err := s.store(r).DeleteAbandonedDrafts(r.Context()); err != nil {
				return nil, err
			}
		}
		s.renderRespondClosed(w, r, c, m)
		return nil, nil
	}
	qn, err := s.store(r).QuestionnaireByID(r.Context(), c.ID, resp.QuestionnaireID)
	if err != nil {
		return nil, err
	}
	return &respondDraft{p: p, c: c, qn: qn, r: resp, token: r.PathValue("draft"), lang: m.Lang, m: m}, nil
}

// renderRespondClosed shows that a consultation is closed (410 Gone: the link
// will not work again) or not open yet (409), having stored nothing.
func (s *Handlers) renderRespondClosed(w http.ResponseWriter, r *http.Request, c consult.Consultation, m consult.Catalog) {
	w.Header().Set("Cache-Control", "no-store")
	back := kit.PublicPath(kit.Current(r).Partnership.Slug, "consultations", c.ID)
	if c.StatusAt(s.k.Now()) == consult.Scheduled {
		s.renderRespondNotice(w, r, http.StatusConflict, m, c.Title, m.Get("notopen.title"), m.Get("notopen.body", respondDateTime(c.OpensAt, m)), back)
		return
	}
	s.renderRespondNotice(w, r, http.StatusGone, m, c.Title, m.Get("closed.title"), m.Get("closed.body", respondDateTime(c.ClosesAt, m)), back)
}

// renderRespondNotice shows a page that only says something: the
// consultation has closed, the response was already sent.
func (s *Handlers) renderRespondNotice(w http.ResponseWriter, r *http.Request, status int, m consult.Catalog, caption, title, body, back string) {
	s.pages.Render(w, r, status, "respond-notice.html", kit.View{Title: title, Caption: caption, Nav: "home",
		Data: respondView{Lang: m.Lang, M: m, Body: body, BackHref: back}})
}

// renderNotSaved answers a write of the respondent's that the database
// could not take (a full disk, a lost connection): not a generic error
// page, but one that says plainly, in their language, that what they sent
// was not saved (key "notsaved") or their response not sent ("notsent"),
// and to try again, with a link back to the page (issue 10, item 24).
// Nothing was stored: each write is one transaction.
func (s *Handlers) renderNotSaved(w http.ResponseWriter, r *http.Request, m consult.Catalog, caption, key, back string, err error) {
	s.k.Log.Error("a respondent's write failed: they have been told it was not saved", "path", r.URL.Path, "err", err)
	w.Header().Set("Retry-After", "60")
	s.pages.Render(w, r, http.StatusServiceUnavailable, "respond-notice.html", kit.View{Title: m.Get(key + ".title"), Caption: caption, Nav: "home",
		Data: respondView{Lang: m.Lang, M: m, Body: m.Get(key + ".body"), BackHref: back, BackText: m.Get("notsaved.back")}})
}

// busyRetryAfter is how long the busy page asks a respondent (and
// Retry-After, a client) to wait before sending again: long enough for a
// full queue (consult.BatchOptions.QueueSize) to have drained many times
// over, short enough to be worth waiting for.
const busyRetryAfter = 60

// renderBusy answers a submission turned away because too many are being
// sent at once (consult.ErrBusy): 503 with Retry-After, and a page in the
// respondent's language that says their response was not sent yet and
// that nothing is lost. That is true: every answer was saved in the draft
// by the pages before (the check page sends no answers, only the
// decision to send), the draft is untouched, and its link, the address of
// the check page, still works until the consultation closes.
func (s *Handlers) renderBusy(w http.ResponseWriter, r *http.Request, d *respondDraft) {
	s.k.Log.Warn("submission queue full: a respondent was asked to send again in a minute", "path", r.URL.Path)
	w.Header().Set("Retry-After", strconv.Itoa(busyRetryAfter))
	w.Header().Set("Cache-Control", "no-store")
	s.pages.Render(w, r, http.StatusServiceUnavailable, "respond-notice.html", kit.View{Title: d.m.Get("busy.title"), Caption: d.c.Title, Nav: "home",
		Data: respondView{Lang: d.m.Lang, M: d.m, Body: d.m.Get("busy.body"), BackHref: d.checkURL(), BackText: d.m.Get("busy.back")}})
}

// respondView is what every page of the journey shows.
type respondView struct {
	Lang     string
	M        consult.Catalog
	Switch   []respondLangLink // the same page in the other languages
	Problems []respondProblem  // the error summary's entries
	Action   string            // where the form posts
	Here     string            // the page's own address, when it answers a form sent elsewhere
	BackHref string
	BackText string // the back link's text on a notice page, if not "See the consultation"
	Body     string // a notice page's text

	// A page of questions.
	Page, Pages int
	Intro       string
	Questions   []respondQuestion
	Shown       string // the ids of the questions shown, so new follow-ups can be noticed
	Return      string // "check" when changing an answer from the check page

	About    respondAbout
	Sections []respondCheckSection // check your answers, and the receipt
	AboutYou []respondCheckRow

	Link       string // the save-and-return link
	MailNotice string // what will become of the mail with the link or the copy
	Reference  string
	ClosesAt   string
	Feedback   string // the comments and complaints page
}

// respondLangLink links to the same page in another language.
type respondLangLink struct {
	Lang, Text, Href string
}

// respondProblem is one entry in the error summary: a message and the field it
// is about, which may be on another page.
type respondProblem struct {
	Href, Message string
}

var respondNotIDChar = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// respondFieldID makes a valid HTML id from a field name (question codes
// are typed by staff).
func respondFieldID(field string) string { return respondNotIDChar.ReplaceAllString(field, "-") }

// respondProblems lists the errors for the error summary, linking to
// their fields on page ("" for this page).
func respondProblems(errs valid.Errors, page string) []respondProblem {
	out := make([]respondProblem, 0, len(errs))
	for _, e := range errs {
		out = append(out, respondProblem{page + "#" + respondFieldID(e.Field), e.Message})
	}
	return out
}

// respondPageView builds the view of a journey page, with the links to the
// page in the other languages.
func (s *Handlers) respondPageView(r *http.Request, d *respondDraft, title string, v respondView, errs valid.Errors) kit.View {
	v.Lang, v.M = d.lang, d.m
	v.Switch = s.respondLangLinks(d.m, r, v.Here)
	if v.Problems == nil && len(errs) > 0 {
		v.Problems = respondProblems(errs, "")
	}
	return kit.View{Title: title, Caption: d.c.Title, Nav: "home", Errors: errs, Data: v}
}

// respondLangLinks links to the page in each other language. With two languages
// the link reads as the catalogue's "lang.switch" ("Leugh seo sa
// Ghàidhlig"); with more, each language's own name.
func (s *Handlers) respondLangLinks(m consult.Catalog, r *http.Request, here string) []respondLangLink {
	if here == "" {
		here = r.URL.Path
	}
	langs := s.messages.Languages()
	var out []respondLangLink
	for _, l := range langs {
		if l.Lang == m.Lang {
			continue
		}
		text := l.Name
		if len(langs) == 2 {
			text = m.Get("lang.switch")
		}
		q := r.URL.Query()
		q.Set("lang", l.Lang)
		q.Del("more")
		out = append(out, respondLangLink{l.Lang, text, here + "?" + q.Encode()})
	}
	return out
}

// respondWithQuery adds key=value to an address that may already have a query.
func respondWithQuery(u, key, value string) string {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + url.QueryEscape(key) + "=" + url.QueryEscape(value)
}

// respondDate writes a date in the catalogue's language: "2 March 2026",
// "2 Am Màrt 2026".
func respondDate(t time.Time, m consult.Catalog) string {
	t = t.In(civil.London)
	return fmt.Sprintf("%d %s %d", t.Day(), m.Get("month."+strconv.Itoa(int(t.Month()))), t.Year())
}

// respondDateTime writes a date and time in the catalogue's language.
func respondDateTime(t time.Time, m consult.Catalog) string {
	return m.Get("date.at", respondDate(t, m), t.In(civil.London).Format(m.Get("time.format")))
}

// respondSectionText is a section's title and introduction in lang.
func respondSectionText(s consult.Section, lang string) (title, intro string) {
	title, intro = s.Title, s.Intro
	if lang == "gd" {
		if s.TitleGD != "" {
			title = s.TitleGD
		}
		if s.IntroGD != "" {
			intro = s.IntroGD
		}
	}
	return title, intro
}

// A page of questions.

// respondQuestion is a question as its page shows it.
type respondQuestion struct {
	Name        string // the form field, q-CODE, and the id of its first input, which the error summary links to
	Kind        string // "text", "radios" or "checkboxes"
	Label       string // the question, with "(optional)" where it is
	Hint        string // its hint and, for free text, the limit
	Text        string // a free-text answer
	Options     []kit.Option
	Chosen      []string
	Other       *respondOther // "Other, please specify"'s box, after the choices so it works without JavaScript
	ErrorPrefix string        // "Error", read before a message by a screen reader, in the page's language
	Disabled    bool          // in the staff's preview
}

// respondOther is the box for the respondent's own answer.
type respondOther struct{ Name, Label, Value string }

// questionView is a question as the respondent's page (or the preview)
// shows it in language lang, with the answer a.
func questionView(q consult.Question, lang string, m consult.Catalog, a consult.Answer) respondQuestion {
	text, hint := q.Localised(lang)
	v := respondQuestion{Name: "q-" + q.Code, Kind: "radios", Label: text, ErrorPrefix: m.Get("form.error-prefix"), Chosen: a.Choices}
	if !q.Required {
		v.Label += " (" + m.Get("form.optional") + ")"
	}
	hints := []string{}
	if hint != "" {
		hints = append(hints, hint)
	}
	switch q.Kind {
	case consult.Text:
		v.Kind, v.Text = "text", a.Text
		if q.MaxChars > 0 {
			hints = append(hints, m.Get("form.characters-left", strconv.Itoa(q.MaxChars)))
		}
	case consult.Multiple:
		v.Kind = "checkboxes"
	}
	v.Hint = strings.Join(hints, " ")
	for _, o := range q.Options {
		v.Options = append(v.Options, kit.Option{Value: o.Value, Label: o.OptionLabel(lang)})
	}
	if q.HasOther && q.Kind != consult.Text {
		v.Options = append(v.Options, kit.Option{Value: consult.OtherValue, Label: m.Get("form.other")})
		v.Other = &respondOther{Name: v.Name + "-other", Label: m.Get("form.other-label"), Value: a.OtherText}
	}
	return v
}

func (d *respondDraft) pageNumber(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > len(d.qn.Sections) {
		return 0, kit.ErrNotFound
	}
	return n, nil
}

// hasVisible says whether section i (from 0) shows any question.
func (d *respondDraft) hasVisible(i int, as consult.Answers) bool {
	return slices.ContainsFunc(d.qn.Sections[i].Questions, func(q consult.Question) bool { return d.qn.Visible(q, as) })
}

// nextURL is where the respondent goes after page n: the next page with a
// question to show, or about you.
func (d *respondDraft) nextURL(n int, as consult.Answers) string {
	for i := n; i < len(d.qn.Sections); i++ {
		if d.hasVisible(i, as) {
			return d.pageURL(i + 1)
		}
	}
	return d.aboutURL()
}

// lastPage is the page before page n with a question to show, or 0.
func (d *respondDraft) lastPage(before int, as consult.Answers) int {
	for i := before - 2; i >= 0; i-- {
		if d.hasVisible(i, as) {
			return i + 1
		}
	}
	return 0
}

func (d *respondDraft) questionViews(sec consult.Section, as consult.Answers, errs valid.Errors) ([]respondQuestion, string) {
	var out []respondQuestion
	var shown []string
	for _, q := range sec.Questions {
		if !d.qn.Visible(q, as) {
			continue
		}
		shown = append(shown, strconv.FormatInt(q.ID, 10))
		out = append(out, d.question(q, as[q.ID]))
	}
	return out, strings.Join(shown, " ")
}

func (d *respondDraft) question(q consult.Question, a consult.Answer) respondQuestion {
	return questionView(q, d.lang, d.m, a)
}

// readRespondAnswer reads one question's answer from a posted page.
func readRespondAnswer(f url.Values, q consult.Question) consult.Answer {
	name := "q-" + q.Code
	a := consult.Answer{QuestionID: q.ID}
	if q.Kind == consult.Text {
		a.Text = strings.TrimSpace(strings.ReplaceAll(f.Get(name), "\r\n", "\n"))
		return a
	}
	for _, v := range f[name] {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(a.Choices, v) {
			a.Choices = append(a.Choices, v)
		}
	}
	if q.HasOther {
		a.OtherText = strings.TrimSpace(strings.ReplaceAll(f.Get(name+"-other"), "\r\n", "\n"))
		// Words in the box with nothing else chosen (or where any number
		// may be chosen) mean "other": the box is always there without
		// JavaScript, and a respondent may not tick the option first.
		if a.OtherText != "" && !slices.Contains(a.Choices, consult.OtherValue) && (q.Kind == consult.Multiple || len(a.Choices) == 0) {
			a.Choices = append(a.Choices, consult.OtherValue)
		}
	}
	return a
}

// pageErrors checks a posted page. Saving to come back later keeps
// unanswered questions (required or not) and an "other" without its words,
// and refuses only what cannot be stored as it is. Questions in newly — the
// follow-ups the page's answers have just brought up — are not held
// against the respondent, who has not seen them yet.
func (d *respondDraft) pageErrors(sec consult.Section, as consult.Answers, saving bool, newly map[int64]bool) valid.Errors {
	check := sec
	if saving {
		check.Questions = slices.Clone(sec.Questions)
		for i := range check.Questions {
			check.Questions[i].Required = false
		}
	}
	found := d.qn.ValidateSection(check, as, d.m)
	var errs valid.Errors
	for _, q := range sec.Questions { // in the page's order, for the error summary
		if newly[q.ID] || !d.qn.Visible(q, as) {
			continue
		}
		field := "q-" + q.Code
		for _, e := range found {
			if e.Field == field || e.Field == field+"-other" && !saving {
				errs = append(errs, e)
			}
		}
		if a := as[q.ID]; q.HasOther && a.OtherText != "" && !slices.Contains(a.Choices, consult.OtherValue) {
			errs.Add(field+"-other", d.m.Get("error.other-not-chosen"))
		}
	}
	return errs
}

func (s *Handlers) respondPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.openRespondDraft(w, r)
	if d == nil {
		return err
	}
	n, err := d.pageNumber(r)
	if err != nil {
		return err
	}
	notice := ""
	if r.URL.Query().Get("more") == "1" {
		notice = d.m.Get("followup.notice")
	}
	return s.renderRespondPage(w, r, d, n, d.r.Answers, nil, http.StatusOK, notice)
}

func (s *Handlers) renderRespondPage(w http.ResponseWriter, r *http.Request, d *respondDraft, n int, as consult.Answers, errs valid.Errors, status int, notice string) error {
	sec := d.qn.Sections[n-1]
	title, intro := respondSectionText(sec, d.lang)
	qs, shown := d.questionViews(sec, as, errs)
	v := respondView{Action: d.base() + "/page/" + strconv.Itoa(n), Page: n, Pages: len(d.qn.Sections) + 1, Intro: intro,
		Questions: qs, Shown: shown, BackHref: d.consultationURL()}
	if p := d.lastPage(n, as); p > 0 {
		v.BackHref = d.pageURL(p)
	}
	if r.FormValue("return") == "check" {
		v.Return, v.BackHref = "check", d.checkURL()
	}
	pv := s.respondPageView(r, d, title, v, errs)
	pv.Notice = notice
	s.pages.Render(w, r, status, "respond-page.html", pv)
	return nil
}

// respondSavePage stores a page's answers and moves on: to the next page, to
// the check page when the respondent came from it, to the saved page when
// they chose to come back later, or back to this page when their answers
// have brought up a follow-up question on it. Without JavaScript a page
// cannot show a follow-up the moment it applies, so the page is shown again
// with the follow-up and a notice saying why, rather than moving on past it.
func (s *Handlers) respondSavePage(w http.ResponseWriter, r *http.Request) error {
	bad, err := s.parseRespondForm(w, r)
	if err != nil {
		return err
	}
	d, err := s.openRespondDraft(w, r)
	if d == nil {
		return err
	}
	n, err := d.pageNumber(r)
	if err != nil {
		return err
	}
	sec := d.qn.Sections[n-1]
	as := consult.Answers{}
	for id, a := range d.r.Answers {
		as[id] = a
	}
	for _, q := range sec.Questions {
		if a := readRespondAnswer(r.PostForm, q); a.Empty() {
			delete(as, q.ID)
		} else {
			as[q.ID] = a
		}
	}
	shown := map[int64]bool{}
	for _, f := range strings.Fields(r.PostFormValue("shown")) {
		id, _ := strconv.ParseInt(f, 10, 64)
		shown[id] = true
	}
	newly := map[int64]bool{}
	for _, q := range sec.Questions {
		if !shown[q.ID] && d.qn.Visible(q, as) && as[q.ID].Empty() {
			newly[q.ID] = true
		}
	}
	saving := r.PostFormValue("action") == "save"
	if errs := firstPerField(append(bad, d.pageErrors(sec, as, saving, newly)...)); len(errs) > 0 {
		return s.renderRespondPage(w, r, d, n, as, errs, http.StatusUnprocessableEntity, "")
	}
	d.r.Answers, d.r.Language = d.qn.Prune(as), d.lang
	if done, err := s.respondSaveDraft(w, r, d); done {
		return err
	}
	switch {
	case saving:
		return s.respondSavedForLater(w, r, d)
	case len(newly) > 0:
		next := respondWithQuery(d.pageURL(n), "more", "1")
		if r.PostFormValue("return") == "check" {
			next = respondWithQuery(next, "return", "check")
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
	case r.PostFormValue("return") == "check":
		http.Redirect(w, r, d.checkURL(), http.StatusSeeOther)
	default:
		http.Redirect(w, r, d.nextURL(n, d.r.Answers), http.StatusSeeOther)
	}
	return nil
}

// respondSaveDraft stores the response in progress. When the consultation closed
// or the response was submitted in the meantime it shows the page that
// says so and reports done.
func (s *Handlers) respondSaveDraft(w http.ResponseWriter, r *http.Request, d *respondDraft) (done bool, err error) {
	err = s.store(r).SaveDraft(r.Context(), d.c, d.r)
	switch {
	case errors.Is(err, consult.ErrClosed):
		s.renderRespondClosed(w, r, d.c, d.m)
		return true, nil
	case errors.Is(err, consult.ErrTokenExpired):
		s.renderRespondNotice(w, r, http.StatusGone, d.m, d.c.Title, d.m.Get("submitted.title"), d.m.Get("submitted.body"), d.consultationURL())
		return true, nil
	case errors.Is(err, valid.ErrNotFound):
		return true, err
	case err != nil:
		if _, ok := valid.As(err); ok {
			return true, err
		}
		back := r.URL.Path
		if r.URL.RawQuery != "" {
			back += "?" + r.URL.RawQuery
		}
		s.renderNotSaved(w, r, d.m, d.c.Title, "notsaved", back, err)
		return true, nil
	}
	return false, nil
}

// respondSavedForLater emails the save-and-return link, when the respondent has
// given an address, and shows the link.
func (s *Handlers) respondSavedForLater(w http.ResponseWriter, r *http.Request, d *respondDraft) error {
	to := d.base() + "/saved"
	if e := d.r.Respondent.Email; e != "" {
		link := s.k.SiteURL(d.base())
		msg := mail.Message{PartnershipID: d.p.ID, To: e, Subject: d.m.Get("mail.link.subject", d.c.Title),
			Body: d.m.Get("mail.link.body", d.c.Title, respondDateTime(d.c.ClosesAt, d.m)) + "\n\n" + link + "\n"}
		_, err := mail.QueueToPublic(r.Context(), s.k.DB, msg, s.k.Now())
		switch {
		case errors.Is(err, mail.ErrRecipientLimit):
			s.k.Log.Info("save-and-return link not emailed: the address has had its hour's mail")
			to += "?emailed=limit" // the page says so, and not that it was sent
		case err != nil:
			s.k.Log.Error("queue the save-and-return link", "err", err) // the answers are saved; the page still shows the link
		default:
			to += "?emailed=1"
		}
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (s *Handlers) respondSavedPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.openRespondDraft(w, r)
	if d == nil {
		return err
	}
	return s.renderRespondSaved(w, r, d, r.URL.Query().Get("emailed"), nil, http.StatusOK)
}

// renderRespondSaved shows the save-and-return link, what became of the
// mail with it (emailed is "1" when it was queued, "limit" when the
// address had had its hour's mail), and a box to email it.
func (s *Handlers) renderRespondSaved(w http.ResponseWriter, r *http.Request, d *respondDraft, emailed string, errs valid.Errors, status int) error {
	v := respondView{Link: s.k.SiteURL(d.base()), ClosesAt: respondDateTime(d.c.ClosesAt, d.m), BackHref: d.base() + d.q(),
		Action: d.base() + "/saved", Here: d.base() + "/saved"}
	if e := d.r.Respondent.Email; e != "" {
		switch emailed {
		case "1":
			v.MailNotice = s.mailNotice(d.m, "saved.email", e, false)
		case "limit":
			v.MailNotice = s.mailNotice(d.m, "saved.email", e, true)
		}
	}
	pv := s.respondPageView(r, d, d.m.Get("saved.title"), v, errs)
	pv.Form = url.Values{"rif-email": {d.r.Respondent.Email}}
	if errs != nil {
		pv.Form = r.PostForm
	}
	s.pages.Render(w, r, status, "respond-saved.html", pv)
	return nil
}

// respondEmailLink is the saved page's box: it keeps the address given as
// the respondent's (their copy goes there too; "About you" can change it)
// and emails the save-and-return link to it.
func (s *Handlers) respondEmailLink(w http.ResponseWriter, r *http.Request) error {
	d, err := s.openRespondDraft(w, r)
	if d == nil {
		return err
	}
	rr := d.r.Respondent
	rr.Email = strings.TrimSpace(r.PostFormValue("rif-email"))
	var errs valid.Errors
	for _, e := range consult.ValidateRespondent(consult.Required{Email: true}, rr, d.m) {
		if e.Field == "rif-email" {
			errs = append(errs, e)
		}
	}
	if len(errs) > 0 {
		return s.renderRespondSaved(w, r, d, "", errs, http.StatusUnprocessableEntity)
	}
	d.r.Respondent = rr
	if done, err := s.respondSaveDraft(w, r, d); done {
		return err
	}
	return s.respondSavedForLater(w, r, d)
}

// mailNotice says truthfully what will become of a mail to address to
// (key is "done.email" or "saved.email"): it was not queued because the
// address had had its hour's mail (limited); it waits in the outbox for
// staff because no mail server is configured; or it will be sent.
func (s *Handlers) mailNotice(m consult.Catalog, key, to string, limited bool) string {
	switch {
	case limited:
		return m.Get(key+"-limit", to)
	case !s.mail.Configured():
		return m.Get(key+"-outbox", to)
	}
	return m.Get(key, to)
}

// respondResume is the save-and-return link: it takes the respondent to
// the first page they have not finished (one with a problem, or with
// nothing answered yet), then about you, then the check page.
func (s *Handlers) respondResume(w http.ResponseWriter, r *http.Request) error {
	d, err := s.openRespondDraft(w, r)
	if d == nil {
		return err
	}
	as := d.r.Answers
	for i, sec := range d.qn.Sections {
		if !d.hasVisible(i, as) {
			continue
		}
		untouched := !slices.ContainsFunc(sec.Questions, func(q consult.Question) bool { return !as[q.ID].Empty() })
		if untouched || len(d.qn.ValidateSection(sec, as, d.m)) > 0 {
			http.Redirect(w, r, d.pageURL(i+1), http.StatusSeeOther)
			return nil
		}
	}
	if len(consult.ValidateRespondent(d.c.Require, d.r.Respondent, d.m)) > 0 {
		http.Redirect(w, r, d.aboutURL(), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, d.checkURL(), http.StatusSeeOther)
	return nil
}

// About you: the respondent information form.

// respondAbout is the respondent information form's choices; what was
// entered is the view's form (aboutValues).
type respondAbout struct {
	Require                                consult.Required
	Types, Publish, Contact, Relationships []kit.Option
	Localities                             []kit.Option // the partnership's, then "Not sure"; none when it has none
}

func (d *respondDraft) aboutForm() respondAbout {
	opts := func(key string, values ...string) []kit.Option {
		out := make([]kit.Option, len(values))
		for i, v := range values {
			out[i] = kit.Option{Value: v, Label: d.m.Get(key + v)}
		}
		return out
	}
	var pubs []string
	for _, p := range consult.Publishes {
		pubs = append(pubs, string(p))
	}
	return respondAbout{Require: d.c.Require,
		Types:         opts("rif.type.", string(consult.Individual), string(consult.Organisation)),
		Publish:       opts("rif.publish.", pubs...),
		Contact:       opts("rif.", "yes", "no"),
		Relationships: opts("rif.relationship.", consult.Relationships...),
		Localities:    d.localityOptions(),
	}
}

// localityOptions offers the partnership's localities by name, then "Not
// sure" (stated as none), or nothing when the partnership has entered no
// localities: then the question is not asked.
func (d *respondDraft) localityOptions() []kit.Option {
	if len(d.p.Localities) == 0 {
		return nil
	}
	out := make([]kit.Option, 0, len(d.p.Localities)+1)
	for _, l := range d.p.Localities {
		out = append(out, kit.Option{Value: strconv.FormatInt(l.ID, 10), Label: l.Name})
	}
	return append(out, kit.Option{Value: respondNoLocality, Label: d.m.Get("rif.locality.not-sure")})
}

// respondNoLocality is the value of "Not sure": no locality stated.
const respondNoLocality = "none"

// localityIDs are the ids of the partnership's localities, which a stated
// locality must be one of.
func (d *respondDraft) localityIDs() []int64 {
	ids := make([]int64, len(d.p.Localities))
	for i, l := range d.p.Localities {
		ids[i] = l.ID
	}
	return ids
}

// localityName is a locality's name, or "" for none (or one no longer the
// partnership's).
func (d *respondDraft) localityName(id int64) string {
	for _, l := range d.p.Localities {
		if l.ID == id {
			return l.Name
		}
	}
	return ""
}

// aboutValues is a respondent's information as the form's fields hold it.
func aboutValues(rr consult.Respondent) url.Values {
	contact := ""
	if rr.ContactSet {
		contact = map[bool]string{true: "yes", false: "no"}[rr.ContactOK]
	}
	v := url.Values{"rif-type": {string(rr.Type)}, "rif-name": {rr.Name}, "rif-phone": {rr.Phone}, "rif-address": {rr.Address},
		"rif-postcode": {rr.Postcode}, "rif-email": {rr.Email}, "rif-publish": {string(rr.Publish)}, "rif-contact": {contact},
		"rif-relationship": rr.Relationships}
	switch {
	case rr.LocalityID > 0:
		v.Set("rif-locality", strconv.FormatInt(rr.LocalityID, 10))
	case rr.LocalityID < 0:
		v.Set("rif-locality", "") // a malformed value sent back: nothing chosen
	}
	return v
}

// readStatedLocality reads the locality chosen on the form: 0 for none
// or "Not sure", -1 for a value that is no id (refused by
// consult.ValidateStatedLocality like another partnership's locality).
func readStatedLocality(v string) int64 {
	switch v = strings.TrimSpace(v); v {
	case "", respondNoLocality:
		return 0
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return -1
	}
	return id
}

func readRespondForm(f url.Values) consult.Respondent {
	rr := consult.Respondent{Type: consult.RespondentType(f.Get("rif-type")), Name: strings.TrimSpace(f.Get("rif-name")),
		Phone: strings.TrimSpace(f.Get("rif-phone")), Address: strings.TrimSpace(strings.ReplaceAll(f.Get("rif-address"), "\r\n", "\n")),
		Postcode: strings.TrimSpace(f.Get("rif-postcode")), Email: strings.TrimSpace(f.Get("rif-email")),
		Publish: consult.Publish(f.Get("rif-publish")), LocalityID: readStatedLocality(f.Get("rif-locality"))}
	switch f.Get("rif-contact") {
	case "yes":
		rr.ContactOK, rr.ContactSet = true, true
	case "no":
		rr.ContactSet = true
	}
	for _, x := range f["rif-relationship"] {
		if !slices.Contains(rr.Relationships, x) {
			rr.Relationships = append(rr.Relationships, x)
		}
	}
	return rr
}

func (s *Handlers) respondAboutPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.openRespondDraft(w, r)
	if d == nil {
		return err
	}
	return s.renderRespondAbout(w, r, d, d.r.Respondent, nil, http.StatusOK)
}

func (s *Handlers) renderRespondAbout(w http.ResponseWriter, r *http.Request, d *respondDraft, rr consult.Respondent, errs valid.Errors, status int) error {
	v := respondView{Action: d.base() + "/about-you", About: d.aboutForm(), Page: len(d.qn.Sections) + 1, Pages: len(d.qn.Sections) + 1,
		BackHref: d.consultationURL()}
	if p := d.lastPage(len(d.qn.Sections)+1, d.r.Answers); p > 0 {
		v.BackHref = d.pageURL(p)
	}
	pv := s.respondPageView(r, d, d.m.Get("rif.title"), v, errs)
	pv.Form = aboutValues(rr)
	s.pages.Render(w, r, status, "respond-about.html", pv)
	return nil
}

// respondSaveAbout stores the respondent information form, with the locality
// derived from the postcode where the partnership maps it, otherwise the one
// the respondent chose (a locality not the partnership's is refused at the
// field, nothing saved), and goes on to the check page (or the saved
// page, to come back later, which keeps a form half filled in).
func (s *Handlers) respondSaveAbout(w http.ResponseWriter, r *http.Request) error {
	bad, err := s.parseRespondForm(w, r)
	if err != nil {
		return err
	}
	d, err := s.openRespondDraft(w, r)
	if d == nil {
		return err
	}
	rr := readRespondForm(r.PostForm)
	saving := r.PostFormValue("action") == "save"
	var errs valid.Errors
	switch {
	case len(bad) > 0:
		errs = bad
	case saving:
		for _, e := range consult.ValidateRespondent(consult.Required{}, rr, d.m) {
			if e.Field == "rif-email" || e.Field == "rif-postcode" || e.Field == "rif-relationship" {
				errs = append(errs, e)
			}
		}
		if rr.Type != consult.Individual && rr.Type != consult.Organisation {
			rr.Type = ""
		}
		if !slices.Contains(consult.Publishes, rr.Publish) {
			rr.Publish = ""
		}
	default:
		errs = consult.ValidateRespondent(d.c.Require, rr, d.m)
	}
	if len(bad) == 0 {
		errs = append(errs, consult.ValidateStatedLocality(d.localityIDs(), rr.LocalityID, d.m)...)
	}
	if len(errs) > 0 {
		return s.renderRespondAbout(w, r, d, rr, errs, http.StatusUnprocessableEntity)
	}
	rr.Postcode = consult.NormalisePostcode(rr.Postcode)
	d.r.Respondent, d.r.Answers, d.r.Language = rr, d.qn.Prune(d.r.Answers), d.lang
	if done, err := s.respondSaveDraft(w, r, d); done {
		return err
	}
	if saving {
		return s.respondSavedForLater(w, r, d)
	}
	http.Redirect(w, r, d.checkURL(), http.StatusSeeOther)
	return nil
}

// Check your answers, submit, and the receipt.

// respondCheckSection is a page of answers on the check page or the receipt.
type respondCheckSection struct {
	Title string
	Rows  []respondCheckRow
}

// respondCheckRow is one answer: the question, the answer's lines, and where to
// change it ("" on the receipt).
type respondCheckRow struct {
	Key    string
	Lines  []string
	Href   string
	Change string // the link's text, "Change"
	Hidden string // read after "Change" by a screen reader
}

func (d *respondDraft) answerLines(q consult.Question, a consult.Answer) []string {
	if a.Empty() {
		return []string{d.m.Get("check.not-answered")}
	}
	if q.Kind == consult.Text {
		return []string{a.Text}
	}
	var lines []string
	for _, c := range a.Choices {
		if c == consult.OtherValue {
			lines = append(lines, d.m.Get("form.other")+": "+a.OtherText)
			continue
		}
		label := c
		for _, o := range q.Options {
			if o.Value == c {
				label = o.OptionLabel(d.lang)
			}
		}
		lines = append(lines, label)
	}
	return lines
}

// checkSections lists the questions shown and their answers, page by page,
// with links to change them when change is set.
func (d *respondDraft) checkSections(as consult.Answers, change bool) []respondCheckSection {
	var out []respondCheckSection
	for i, sec := range d.qn.Sections {
		var rows []respondCheckRow
		for _, q := range sec.Questions {
			if !d.qn.Visible(q, as) {
				continue
			}
			text, _ := q.Localised(d.lang)
			row := respondCheckRow{Key: text, Lines: d.answerLines(q, as[q.ID])}
			if change {
				row.Href = respondWithQuery(d.pageURL(i+1), "return", "check") + "#" + respondFieldID("q-"+q.Code)
				row.Change, row.Hidden = d.m.Get("form.change"), text
			}
			rows = append(rows, row)
		}
		if len(rows) > 0 {
			title, _ := respondSectionText(sec, d.lang)
			out = append(out, respondCheckSection{title, rows})
		}
	}
	return out
}

// aboutRows is the respondent information form as the check page shows it.
func (d *respondDraft) aboutRows(change bool) []respondCheckRow {
	rr := d.r.Respondent
	or := func(s string) []string {
		if strings.TrimSpace(s) == "" {
			return []string{d.m.Get("check.not-answered")}
		}
		return []string{s}
	}
	label := func(prefix, v string) []string {
		if v == "" {
			return or("")
		}
		return []string{d.m.Get(prefix + v)}
	}
	contact := or("")
	if rr.ContactSet {
		contact = []string{d.m.Get(map[bool]string{true: "rif.yes", false: "rif.no"}[rr.ContactOK])}
	}
	var rels []string
	for _, x := range rr.Relationships {
		rels = append(rels, d.m.Get("rif.relationship."+x))
	}
	if len(rels) == 0 {
		rels = or("")
	}
	rows := []respondCheckRow{
		{Key: d.m.Get("check.type"), Lines: label("rif.type.", string(rr.Type)), Href: "rif-type"},
		{Key: d.m.Get("rif.name"), Lines: or(rr.Name), Href: "rif-name"},
		{Key: d.m.Get("rif.phone"), Lines: or(rr.Phone), Href: "rif-phone"},
		{Key: d.m.Get("rif.address"), Lines: or(rr.Address), Href: "rif-address"},
		{Key: d.m.Get("rif.postcode"), Lines: or(rr.Postcode), Href: "rif-postcode"},
		{Key: d.m.Get("rif.email"), Lines: or(rr.Email), Href: "rif-email"},
		{Key: d.m.Get("check.publish"), Lines: label("rif.publish.", string(rr.Publish)), Href: "rif-publish"},
		{Key: d.m.Get("check.contact"), Lines: contact, Href: "rif-contact"},
		{Key: d.m.Get("check.relationship"), Lines: rels, Href: "rif-relationship"},
	}
	if len(d.p.Localities) > 0 {
		// The locality stored: the postcode's where the partnership maps
		// it, otherwise the one stated. It follows the postcode.
		loc := respondCheckRow{Key: d.m.Get("check.locality"), Lines: or(d.localityName(rr.LocalityID)), Href: "rif-locality"}
		rows = slices.Insert(rows, 5, loc)
	}
	for i := range rows {
		if change {
			rows[i].Href, rows[i].Change, rows[i].Hidden = d.aboutURL()+"#"+rows[i].Href, d.m.Get("form.change"), rows[i].Key
		} else {
			rows[i].Href = ""
		}
	}
	return rows
}

func (s *Handlers) respondCheckPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.openRespondDraft(w, r)
	if d == nil {
		return err
	}
	return s.renderRespondCheck(w, r, d, nil, http.StatusOK)
}

func (s *Handlers) renderRespondCheck(w http.ResponseWriter, r *http.Request, d *respondDraft, probs []respondProblem, status int) error {
	as := d.qn.Prune(d.r.Answers)
	v := respondView{Action: d.base() + "/submit", Here: d.base() + "/check", BackHref: d.aboutURL(), Problems: probs,
		Sections: d.checkSections(as, true), AboutYou: d.aboutRows(true)}
	var errs valid.Errors
	for _, p := range probs {
		errs.Add(p.Href, p.Message)
	}
	s.pages.Render(w, r, status, "respond-check.html", s.respondPageView(r, d, d.m.Get("check.title"), v, errs))
	return nil
}

// respondSubmit checks the whole response, submits it and shows the
// receipt: the reference number, what becomes of the copy by email, and
// the answers. The receipt is the answer to the POST itself, shown only
// once the response is stored. Sending the form again — a refresh — shows
// the receipt again for consult.ReceiptFor after submitting (the secret
// token in the address proves it is the respondent's browser), then says
// the response was already sent.
func (s *Handlers) respondSubmit(w http.ResponseWriter, r *http.Request) error {
	if _, err := kit.ParseForm(w, r); err != nil {
		return err // the check page has no box to type in: only a forged form gets here
	}
	if err := s.allowSubmission(r); err != nil {
		return err
	}
	d, err := s.openRespondDraftOr(w, r, func() (bool, error) { return s.respondReceiptAgain(w, r) })
	if d == nil {
		return err
	}
	as := d.qn.Prune(d.r.Answers)
	var probs []respondProblem
	for i, sec := range d.qn.Sections {
		probs = append(probs, respondProblems(d.qn.ValidateSection(sec, as, d.m), respondWithQuery(d.pageURL(i+1), "return", "check"))...)
	}
	probs = append(probs, respondProblems(consult.ValidateRespondent(d.c.Require, d.r.Respondent, d.m), d.aboutURL())...)
	if len(probs) > 0 {
		return s.renderRespondCheck(w, r, d, probs, http.StatusUnprocessableEntity)
	}
	d.r.Answers, d.r.Language = as, d.lang
	sections, about := d.checkSections(as, false), d.aboutRows(false)
	// The copy for the respondent is queued in the same transaction as the
	// response, so an acknowledged response always gets its copy.
	var copies []func(string) consult.Message
	if d.r.Respondent.Email != "" {
		copies = append(copies, func(ref string) consult.Message { return d.copyMail(ref, sections, about) })
	}
	rec, err := s.store(r).Submit(r.Context(), s.submits, d.c, d.r, d.p.Slug, copies...)
	switch {
	case errors.Is(err, consult.ErrClosed):
		s.renderRespondClosed(w, r, d.c, d.m)
		return nil
	case errors.Is(err, consult.ErrTokenExpired):
		s.renderRespondNotice(w, r, http.StatusGone, d.m, d.c.Title, d.m.Get("submitted.title"), d.m.Get("submitted.body"), d.consultationURL())
		return nil
	case errors.Is(err, valid.ErrNotFound):
		return err
	case errors.Is(err, consult.ErrBusy):
		s.renderBusy(w, r, d)
		return nil
	case err != nil:
		s.renderNotSaved(w, r, d.m, d.c.Title, "notsent", d.checkURL(), err)
		return nil
	}
	return s.renderReceipt(w, r, d, rec, sections, about)
}

// respondReceiptAgain shows the receipt of a response submitted within
// consult.ReceiptFor, and reports false when there is none to show.
func (s *Handlers) respondReceiptAgain(w http.ResponseWriter, r *http.Request) (bool, error) {
	resp, rec, err := s.store(r).SubmittedByToken(r.Context(), r.PathValue("draft"))
	if errors.Is(err, consult.ErrTokenExpired) || errors.Is(err, valid.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	c, err := s.store(r).Consultation(r.Context(), resp.ConsultationID)
	if err != nil {
		return true, err
	}
	qn, err := s.store(r).QuestionnaireByID(r.Context(), c.ID, resp.QuestionnaireID)
	if err != nil {
		return true, err
	}
	m := s.messages.For(resp.Language)
	d := &respondDraft{p: kit.Current(r).Partnership, c: c, qn: qn, r: resp, token: r.PathValue("draft"), lang: m.Lang, m: m}
	return true, s.renderReceipt(w, r, d, rec, d.checkSections(resp.Answers, false), d.aboutRows(false))
}

// renderReceipt shows the receipt of the response d, submitted as rec.
func (s *Handlers) renderReceipt(w http.ResponseWriter, r *http.Request, d *respondDraft, rec consult.Receipt,
	sections []respondCheckSection, about []respondCheckRow) error {
	v := respondView{Reference: rec.Reference, Sections: sections, AboutYou: about, MailNotice: d.m.Get("done.no-email"),
		Feedback: d.consultationURL() + "/feedback" + d.langParam(), BackHref: d.consultationURL()}
	if e := d.r.Respondent.Email; e != "" {
		v.MailNotice = s.mailNotice(d.m, "done.email", e, slices.Contains(rec.Unmailed, e))
	}
	// No links to other languages: the receipt is in the language the
	// response was given in.
	v.Lang, v.M = d.lang, d.m
	return s.pages.OK(w, r, "respond-done.html", kit.View{Title: d.m.Get("done.title"), Caption: d.c.Title, Nav: "home", Data: v})
}

// langParam carries the page's language to a page outside the journey.
func (d *respondDraft) langParam() string {
	if d.lang == "en" {
		return ""
	}
	return "?lang=" + url.QueryEscape(d.lang)
}

// copyMail is the respondent's copy of their response.
func (d *respondDraft) copyMail(ref string, sections []respondCheckSection, about []respondCheckRow) mail.Message {
	var b strings.Builder
	b.WriteString(d.m.Get("mail.copy.body", d.c.Title, ref))
	b.WriteString("\n")
	write := func(title string, rows []respondCheckRow) {
		fmt.Fprintf(&b, "\n%s\n%s\n", title, strings.Repeat("=", len([]rune(title))))
		for _, row := range rows {
			fmt.Fprintf(&b, "\n%s\n%s\n", row.Key, strings.Join(row.Lines, "\n"))
		}
	}
	for _, sec := range sections {
		write(sec.Title, sec.Rows)
	}
	write(d.m.Get("rif.title"), about)
	return mail.Message{PartnershipID: d.p.ID, To: d.r.Respondent.Email, Subject: d.m.Get("mail.copy.subject", d.c.Title), Body: b.String()}
}
