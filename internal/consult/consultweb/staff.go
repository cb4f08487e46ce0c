package consultweb

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/partnership"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// shownConsultation is a consultation with what pages say about it.
type shownConsultation struct {
	consult.Consultation
	Status     consult.Status
	Responses  int
	Localities []string
	Services   []string
}

// StatusColour is the Design System tag colour of the status.
func (c shownConsultation) StatusColour() string {
	switch c.Status {
	case consult.Draft:
		return "grey"
	case consult.Scheduled:
		return "blue"
	case consult.Open:
		return "green"
	case consult.Closed:
		return "orange"
	}
	return "purple"
}

// Required lists the respondent information the consultation requires, in
// words.
func (c shownConsultation) Required() []string {
	var out []string
	for _, f := range requireFields {
		if f.get(c.Require) {
			out = append(out, f.name)
		}
	}
	return out
}

// requireFields are the respondent information form's optional fields
// that a partnership may require.
var requireFields = []struct {
	code, name string
	get        func(consult.Required) bool
	set        func(*consult.Required)
}{
	{"name", "Full name or organisation's name", func(r consult.Required) bool { return r.Name }, func(r *consult.Required) { r.Name = true }},
	{"email", "Email address", func(r consult.Required) bool { return r.Email }, func(r *consult.Required) { r.Email = true }},
	{"phone", "Phone number", func(r consult.Required) bool { return r.Phone }, func(r *consult.Required) { r.Phone = true }},
	{"address", "Address", func(r consult.Required) bool { return r.Address }, func(r *consult.Required) { r.Address = true }},
	{"postcode", "Postcode", func(r consult.Required) bool { return r.Postcode }, func(r *consult.Required) { r.Postcode = true }},
}

func (s *Handlers) showConsultation(r *http.Request, c consult.Consultation, counts map[int64]int) (shownConsultation, error) {
	p := kit.Current(r).Partnership
	sc := shownConsultation{Consultation: c, Status: c.StatusAt(s.k.Now()), Responses: counts[c.ID]}
	for _, l := range p.Localities {
		if slices.Contains(c.LocalityIDs, l.ID) {
			sc.Localities = append(sc.Localities, l.Name)
		}
	}
	if len(c.FunctionIDs) > 0 {
		fs, err := partnership.StoreFor(s.k.DB, *p, s.k.Now).Functions(r.Context())
		if err != nil {
			return sc, err
		}
		for _, f := range fs {
			if slices.Contains(c.FunctionIDs, f.ID) {
				sc.Services = append(sc.Services, f.Name)
			}
		}
	}
	return sc, nil
}

func (s *Handlers) consultations(w http.ResponseWriter, r *http.Request) error {
	rq := kit.Current(r)
	cs, err := s.store(r).Consultations(r.Context())
	if err != nil {
		return err
	}
	counts, err := s.store(r).ResponseCounts(r.Context())
	if err != nil {
		return err
	}
	rows := make([]shownConsultation, 0, len(cs))
	for _, c := range cs {
		sc, err := s.showConsultation(r, c, counts)
		if err != nil {
			return err
		}
		rows = append(rows, sc)
	}
	s.pages.Render(w, r, http.StatusOK, "consultation-list.html", kit.View{Title: "Consultations", Caption: rq.Partnership.Name, Nav: "staff",
		Data: struct {
			Consultations []shownConsultation
			CanEdit       bool
		}{rows, auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID)}})
	return nil
}

// consultationFormData is the consultation details form.
type consultationFormData struct {
	Consultation consult.Consultation // ID 0 for a new one
	Audiences    []kit.Option
	Localities   []kit.Option
	Functions    []kit.Option
	Require      []kit.Option
}

func (s *Handlers) consultationFormData(r *http.Request, c consult.Consultation) (consultationFormData, error) {
	p := kit.Current(r).Partnership
	d := consultationFormData{Consultation: c}
	for _, a := range consult.Audiences {
		d.Audiences = append(d.Audiences, kit.Option{Value: string(a), Label: a.Name()})
	}
	for _, l := range p.Localities {
		d.Localities = append(d.Localities, kit.Option{Value: strconv.FormatInt(l.ID, 10), Label: l.Name})
	}
	fs, err := partnership.StoreFor(s.k.DB, *p, s.k.Now).Functions(r.Context())
	if err != nil {
		return d, err
	}
	for _, fn := range fs {
		d.Functions = append(d.Functions, kit.Option{Value: strconv.FormatInt(fn.ID, 10), Label: fn.Name})
	}
	for _, rf := range requireFields {
		d.Require = append(d.Require, kit.Option{Value: rf.code, Label: rf.name})
	}
	return d, nil
}

// consultationForm is a stored consultation as its form shows it.
func consultationForm(c consult.Consultation) url.Values {
	f := url.Values{"title": {c.Title}, "summary": {c.Summary}, "body": {c.Body}, "audience": {string(c.Audience)},
		"audience-note": {c.AudienceNote}, "contact": {c.Contact}}
	for _, pair := range []struct {
		field string
		t     time.Time
	}{{"opens", c.OpensAt}, {"closes", c.ClosesAt}} {
		if !pair.t.IsZero() {
			f.Set(pair.field, pair.t.In(civil.London).Format(time.DateOnly))
			f.Set(pair.field+"-time", pair.t.In(civil.London).Format("15:04"))
		}
	}
	for _, id := range c.LocalityIDs {
		f.Add("locality", strconv.FormatInt(id, 10))
	}
	for _, id := range c.FunctionIDs {
		f.Add("function", strconv.FormatInt(id, 10))
	}
	for _, rf := range requireFields {
		if rf.get(c.Require) {
			f.Add("require", rf.code)
		}
	}
	return f
}

// readWhen reads a date and a time of day typed on the form, in Scotland's
// time. A blank time is defaultClock.
func readWhen(f url.Values, field, defaultClock, what string, errs *valid.Errors) time.Time {
	date, clock := strings.TrimSpace(f.Get(field)), strings.TrimSpace(f.Get(field+"-time"))
	if date == "" {
		return time.Time{}
	}
	day, err := time.ParseInLocation(time.DateOnly, date, civil.London)
	if err != nil {
		errs.Add(field, fmt.Sprintf("Enter the %s date as a real date, like 2026-03-31", what))
		return time.Time{}
	}
	if clock == "" {
		clock = defaultClock
	}
	hm, err := time.Parse("15:04", clock)
	if err != nil {
		errs.Add(field+"-time", fmt.Sprintf("Enter the %s time as hours and minutes on the 24-hour clock, like %s", what, defaultClock))
		return time.Time{}
	}
	return time.Date(day.Year(), day.Month(), day.Day(), hm.Hour(), hm.Minute(), 0, 0, civil.London)
}

// readConsultationForm reads the details form over stored, with the errors
// of fields that could not be read or that do not belong to the
// partnership.
func (s *Handlers) readConsultationForm(r *http.Request, stored consult.Consultation) (consult.Consultation, valid.Errors, error) {
	p := kit.Current(r).Partnership
	f := r.PostForm
	c := stored
	c.PartnershipID = p.ID
	c.Title, c.Summary, c.Body = f.Get("title"), strings.TrimSpace(f.Get("summary")), strings.TrimSpace(f.Get("body"))
	c.Audience, c.AudienceNote = consult.Audience(f.Get("audience")), strings.TrimSpace(f.Get("audience-note"))
	c.Contact = strings.TrimSpace(f.Get("contact"))
	var errs valid.Errors
	c.OpensAt = readWhen(f, "opens", "09:00", "opening", &errs)
	c.ClosesAt = readWhen(f, "closes", "23:59", "closing", &errs)
	if (c.Audience == consult.Consultees || c.Audience == consult.Organisations) && c.AudienceNote == "" {
		errs.Add("audience-note", "Name the consultees or organisations the consultation is for")
	}
	c.LocalityIDs = nil
	for _, v := range f["locality"] {
		id, _ := strconv.ParseInt(v, 10, 64)
		if !slices.ContainsFunc(p.Localities, func(l partnership.Named) bool { return l.ID == id }) {
			errs.Add("localities", "Select localities from the list")
			break
		}
		c.LocalityIDs = append(c.LocalityIDs, id)
	}
	fs, err := partnership.StoreFor(s.k.DB, *p, s.k.Now).Functions(r.Context())
	if err != nil {
		return c, nil, err
	}
	c.FunctionIDs = nil
	for _, v := range f["function"] {
		id, _ := strconv.ParseInt(v, 10, 64)
		if !slices.ContainsFunc(fs, func(fn partnership.Function) bool { return fn.ID == id }) {
			errs.Add("functions", "Select services from the list of the partnership's delegated functions")
			break
		}
		c.FunctionIDs = append(c.FunctionIDs, id)
	}
	c.Require = consult.Required{}
	for _, rf := range requireFields {
		if slices.Contains(f["require"], rf.code) {
			rf.set(&c.Require)
		}
	}
	// The store's own checks, without repeating a field already in error.
	if verrs, ok := valid.As(consult.ValidateConsultation(c)); ok {
		for _, e := range verrs {
			if errs.For(e.Field) == "" && errs.For(e.Field+"-time") == "" {
				errs = append(errs, e)
			}
		}
	}
	// The error summary lists the problems in the order of the form.
	slices.SortStableFunc(errs, func(a, b valid.FieldError) int {
		return slices.Index(consultationFields, a.Field) - slices.Index(consultationFields, b.Field)
	})
	return c, errs, nil
}

// consultationFields are the details form's fields in the order it shows
// them.
var consultationFields = []string{"title", "audience", "audience-note", "opens", "opens-time", "closes", "closes-time",
	"localities", "functions"}

func (s *Handlers) renderConsultationForm(w http.ResponseWriter, r *http.Request, status int, stored consult.Consultation, f url.Values, errs valid.Errors) error {
	data, err := s.consultationFormData(r, stored)
	if err != nil {
		return err
	}
	title, caption := "Start a consultation", kit.Current(r).Partnership.Name
	if stored.ID != 0 {
		title, caption = "Change the consultation's details", stored.Title
	}
	s.pages.Render(w, r, status, "consultation-form.html", kit.View{Title: title, Caption: caption, Nav: "staff", Errors: errs, Form: f, Data: data})
	return nil
}

func (s *Handlers) newConsultationForm(w http.ResponseWriter, r *http.Request) error {
	// A consultation usually runs for 12 weeks; it opens when published.
	today := s.k.Now().In(civil.London)
	f := url.Values{"audience": {string(consult.Public)}, "opens": {today.Format(time.DateOnly)}, "opens-time": {"09:00"},
		"closes": {today.AddDate(0, 0, 84).Format(time.DateOnly)}, "closes-time": {"23:59"}}
	return s.renderConsultationForm(w, r, http.StatusOK, consult.Consultation{}, f, nil)
}

func (s *Handlers) saveConsultation(w http.ResponseWriter, r *http.Request, stored consult.Consultation) error {
	_, ferr := kit.ParseForm(w, r, kit.Allow("body", consult.MaxBodyChars))
	bad, _ := valid.As(ferr)
	if ferr != nil && bad == nil {
		return ferr
	}
	c, errs, err := s.readConsultationForm(r, stored)
	if err != nil {
		return err
	}
	errs = firstPerField(append(bad, errs...))
	if len(errs) == 0 {
		isNew := stored.ID == 0
		if isNew {
			// A new consultation starts with one page for its questions.
			c, _, err = s.store(r).CreateConsultation(r.Context(), c, consult.Questionnaire{}, kit.Actor(r))
		} else {
			c, err = s.store(r).UpdateConsultation(r.Context(), c, kit.Actor(r))
		}
		if err == nil {
			done := "consultation-saved"
			if isNew {
				done = "consultation-created"
			}
			return kit.SeeOther(w, r, consultationAddress(kit.Current(r).Partnership, c.ID), done)
		}
		var ok bool
		if errs, ok = valid.As(err); !ok {
			return err
		}
	}
	return s.renderConsultationForm(w, r, http.StatusUnprocessableEntity, stored, r.PostForm, errs)
}

func (s *Handlers) createConsultation(w http.ResponseWriter, r *http.Request) error {
	return s.saveConsultation(w, r, consult.Consultation{})
}

func (s *Handlers) editConsultationForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	return s.renderConsultationForm(w, r, http.StatusOK, c, consultationForm(c), nil)
}

func (s *Handlers) updateConsultation(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	return s.saveConsultation(w, r, c)
}

// shownQuestion is a question as staff pages show it: with its condition
// in words.
type shownQuestion struct {
	consult.Question
	Page      int    // its section's number, from 1
	Condition string // when it is shown, in words; "" when always
	First     bool   // the first question of the questionnaire
	Last      bool   // the last
}

// KindName is the kind in words, naming the agree scale.
func (q shownQuestion) KindName() string {
	if q.Kind == consult.Scale && consult.IsAgreeScale(q.Options) {
		return "Agree scale"
	}
	return q.Kind.Name()
}

// shownSection is a section with its questions as staff see them.
type shownSection struct {
	consult.Section
	Number    int
	Questions []shownQuestion
}

// conditionText says when a follow-up question is shown: "Shown only when
// the answer to Q2 is Mostly disagree or Strongly disagree".
func conditionText(qn consult.Questionnaire, q consult.Question) string {
	if len(q.Conditions.Rules) == 0 {
		return ""
	}
	var parts []string
	for _, rule := range q.Conditions.Rules {
		target, _ := qn.Question(rule.Question)
		parts = append(parts, fmt.Sprintf("the answer to %s is %s", rule.Question, strings.Join(target.OptionLabels(rule.Values), " or ")))
	}
	join := " and "
	if q.Conditions.Match == "any" {
		join = " or "
	}
	return "Shown only when " + strings.Join(parts, join)
}

func showSections(qn consult.Questionnaire) []shownSection {
	var out []shownSection
	total := len(qn.Questions())
	n := 0
	for i, s := range qn.Sections {
		ss := shownSection{Section: s, Number: i + 1}
		for _, q := range s.Questions {
			n++
			ss.Questions = append(ss.Questions, shownQuestion{Question: q, Page: i + 1, Condition: conditionText(qn, q),
				First: n == 1, Last: n == total})
		}
		out = append(out, ss)
	}
	return out
}

type consultationPageData struct {
	Consultation shownConsultation
	Sections     []shownSection
	Questions    int
	Version      int
	Documents    []consult.Document
	Kinds        []kit.Option
	Languages    []kit.Option
	CanEdit      bool
	MaxSize      string
}

// renderConsultation shows the consultation's overview; after a refused
// form (a document, publishing), with its errors and status 422.
func (s *Handlers) renderConsultation(w http.ResponseWriter, r *http.Request, c consult.Consultation, status int, errs valid.Errors) error {
	ctx := r.Context()
	rq := kit.Current(r)
	counts, err := s.store(r).ResponseCounts(ctx)
	if err != nil {
		return err
	}
	sc, err := s.showConsultation(r, c, counts)
	if err != nil {
		return err
	}
	qn, err := s.store(r).CurrentQuestionnaire(ctx, c.ID)
	if err != nil {
		return err
	}
	docs, err := s.store(r).Documents(ctx, c.ID)
	if err != nil {
		return err
	}
	form := r.PostForm
	if form == nil {
		form = url.Values{"document-language": {"en"}}
	}
	s.pages.Render(w, r, status, "consultation.html", kit.View{Title: c.Title, Caption: "Consultation", Nav: "staff", Errors: errs, Form: form,
		Data: consultationPageData{Consultation: sc, Sections: showSections(qn), Questions: len(qn.Questions()), Version: qn.Version,
			Documents: docs, Kinds: documentKinds(), Languages: documentLanguages(),
			CanEdit: auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID), MaxSize: fmt.Sprintf("%d MB", consult.MaxDocumentSize>>20)}})
	return nil
}

func (s *Handlers) consultationPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	return s.renderConsultation(w, r, c, http.StatusOK, nil)
}

func (s *Handlers) publishConsultation(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	if !c.PublishedAt.IsZero() {
		return kit.SeeOther(w, r, consultationAddress(p, c.ID), "consultation-already-published")
	}
	if !c.ClosesAt.After(s.k.Now()) {
		return s.renderConsultation(w, r, c, http.StatusUnprocessableEntity, valid.Errors{{Field: "publish",
			Message: "The closing date has passed: change the consultation's dates before publishing it"}})
	}
	err = s.store(r).SetStage(r.Context(), c.ID, "published", kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		for i := range errs {
			errs[i].Field = "publish"
		}
		return s.renderConsultation(w, r, c, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, consultationAddress(p, c.ID), "consultation-published")
}

// setConsultationStage records that a closed consultation's responses
// have been analysed. The consultation becomes "reported" by publishing
// its analysis report, on the analysis report's page.
func (s *Handlers) setConsultationStage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if _, err := kit.ParseForm(w, r); err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	stage := r.PostForm.Get("stage")
	var problem string
	switch stage {
	case "analysed":
		if c.StatusAt(s.k.Now()) != consult.Closed {
			problem = "Responses can be recorded as analysed once the consultation has closed"
		}
	default:
		problem = "Choose to record that the responses have been analysed. The analysis report is published from its own page"
	}
	if problem != "" {
		return s.renderConsultation(w, r, c, http.StatusUnprocessableEntity, valid.Errors{{Field: "stage", Message: problem}})
	}
	if err := s.store(r).SetStage(r.Context(), c.ID, stage, kit.Actor(r)); err != nil {
		return err
	}
	return kit.SeeOther(w, r, consultationAddress(p, c.ID), "consultation-"+stage)
}

// previewOption is an answer as the preview shows it, in its language.
// previewQuestion is a question as the preview shows it: as respondents
// see it, switched off, with a note for staff of when it is shown.
type previewQuestion struct {
	Field     respondQuestion
	Condition string
}

type previewSection struct {
	Title, Intro string
	Number       int
	PageLabel    string // "Page 1 of 3"
	Questions    []previewQuestion
}

// previewField is a text field of the respondent information form.
type previewField struct {
	ID, Label, Hint    string
	Optional, Textarea bool
	Narrow             bool
}

type previewPage struct {
	Consultation consult.Consultation
	Lang         string
	Messages     consult.Catalog
	Sections     []previewSection
	RIFPageLabel string
	Fields       []previewField
	Types        []kit.Option
	Relations    []kit.Option
	Publishes    []kit.Option
	Contact      []kit.Option
	Published    bool
}

// previewConsultation shows the questions, page by page, and the
// respondent information form, as a respondent will see them, with every
// field disabled: for staff to check before opening. ?lang=gd shows the
// Gaelic. The form's own words come from the response form's message
// catalogues, with the partnership translator's corrections.
func (s *Handlers) previewConsultation(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	qn, err := s.store(r).CurrentQuestionnaire(r.Context(), c.ID)
	if err != nil {
		return err
	}
	lang := "en"
	if r.URL.Query().Get("lang") == "gd" {
		lang = "gd"
	}
	m := s.messages.For(lang)
	pages := strconv.Itoa(len(qn.Sections) + 1)
	page := previewPage{Consultation: c, Lang: lang, Messages: m, Published: !c.PublishedAt.IsZero(),
		RIFPageLabel: m.Get("form.page", pages, pages)}
	for i, sec := range qn.Sections {
		ps := previewSection{Title: sec.Title, Intro: sec.Intro, Number: i + 1, PageLabel: m.Get("form.page", strconv.Itoa(i+1), pages)}
		if lang == "gd" {
			if sec.TitleGD != "" {
				ps.Title = sec.TitleGD
			}
			if sec.IntroGD != "" {
				ps.Intro = sec.IntroGD
			}
		}
		for _, q := range sec.Questions {
			pq := previewQuestion{Field: questionView(q, lang, m, consult.Answer{}), Condition: conditionText(qn, q)}
			pq.Field.Disabled = true
			ps.Questions = append(ps.Questions, pq)
		}
		page.Sections = append(page.Sections, ps)
	}
	page.Types = []kit.Option{{Value: "individual", Label: m.Get("rif.type.individual")}, {Value: "organisation", Label: m.Get("rif.type.organisation")}}
	page.Contact = []kit.Option{{Value: "yes", Label: m.Get("rif.yes")}, {Value: "no", Label: m.Get("rif.no")}}
	req := c.Require
	page.Fields = []previewField{
		{ID: "rif-name", Label: m.Get("rif.name"), Optional: !req.Name},
		{ID: "rif-phone", Label: m.Get("rif.phone"), Optional: !req.Phone},
		{ID: "rif-address", Label: m.Get("rif.address"), Optional: !req.Address, Textarea: true},
		{ID: "rif-postcode", Label: m.Get("rif.postcode"), Hint: m.Get("rif.postcode-hint"), Optional: !req.Postcode, Narrow: true},
		{ID: "rif-email", Label: m.Get("rif.email"), Hint: m.Get("rif.email-hint"), Optional: !req.Email},
	}
	for _, rel := range consult.Relationships {
		page.Relations = append(page.Relations, kit.Option{Value: rel, Label: m.Get("rif.relationship." + rel)})
	}
	for _, pub := range consult.Publishes {
		page.Publishes = append(page.Publishes, kit.Option{Value: string(pub), Label: m.Get("rif.publish." + string(pub))})
	}
	s.pages.Render(w, r, http.StatusOK, "consultation-preview.html", kit.View{Title: "Preview", Caption: c.Title, Nav: "staff", Data: page})
	return nil
}

// documentKinds are the kinds of document, for the upload form.
func documentKinds() []kit.Option {
	var out []kit.Option
	for _, k := range consult.DocumentKinds {
		out = append(out, kit.Option{Value: string(k), Label: k.Name()})
	}
	return out
}

// documentLanguages are the languages a document may be in, for the
// upload form.
func documentLanguages() []kit.Option {
	var out []kit.Option
	for _, l := range consult.DocumentLanguages {
		out = append(out, kit.Option{Value: l.Code, Label: l.Name})
	}
	return out
}
