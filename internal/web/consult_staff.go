package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// consultStaffRoutes are the planning officer's consultation builder: the
// list, the details, the questions (one change per form, so it works with
// JavaScript off), documents, the preview, publishing, and the question
// bank. Planners and scrutiny (ReadPlanning) read; officers
// (EditPlanning) change. A consultation's documents are public once it is
// published.
func (s *Server) consultStaffRoutes() []Route {
	const c = "/staff/partnerships/{slug}/consultations"
	const one = c + "/{consultation}"
	return []Route{
		{Pattern: "GET " + c, Perm: auth.ReadPlanning, Handle: s.consultations},
		{Pattern: "GET " + c + "/new", Perm: auth.EditPlanning, Handle: s.newConsultationForm},
		{Pattern: "POST " + c, Perm: auth.EditPlanning, Handle: s.createConsultation},
		{Pattern: "GET " + one, Perm: auth.ReadPlanning, Handle: s.consultationPage},
		{Pattern: "GET " + one + "/edit", Perm: auth.EditPlanning, Handle: s.editConsultationForm},
		{Pattern: "POST " + one + "/edit", Perm: auth.EditPlanning, Handle: s.updateConsultation},
		{Pattern: "GET " + one + "/questions", Perm: auth.ReadPlanning, Handle: s.questionsPage},
		{Pattern: "POST " + one + "/questions", Perm: auth.EditPlanning, Handle: s.addQuestion},
		{Pattern: "POST " + one + "/questions/from-bank", Perm: auth.EditPlanning, Handle: s.addQuestionFromBank},
		{Pattern: "GET " + one + "/questions/{question}", Perm: auth.EditPlanning, Handle: s.questionForm},
		{Pattern: "POST " + one + "/questions/{question}", Perm: auth.EditPlanning, Handle: s.updateQuestion},
		{Pattern: "POST " + one + "/questions/{question}/move", Perm: auth.EditPlanning, Handle: s.moveQuestion},
		{Pattern: "POST " + one + "/questions/{question}/delete", Perm: auth.EditPlanning, Handle: s.deleteQuestion},
		{Pattern: "POST " + one + "/sections", Perm: auth.EditPlanning, Handle: s.addSection},
		{Pattern: "GET " + one + "/sections/{section}", Perm: auth.EditPlanning, Handle: s.sectionForm},
		{Pattern: "POST " + one + "/sections/{section}", Perm: auth.EditPlanning, Handle: s.updateSection},
		{Pattern: "POST " + one + "/sections/{section}/delete", Perm: auth.EditPlanning, Handle: s.deleteSection},
		{Pattern: "GET " + one + "/preview", Perm: auth.ReadPlanning, Handle: s.previewConsultation},
		{Pattern: "POST " + one + "/publish", Perm: auth.EditPlanning, Handle: s.publishConsultation},
		{Pattern: "POST " + one + "/stage", Perm: auth.EditPlanning, Handle: s.setConsultationStage},
		{Pattern: "POST " + one + "/documents", Perm: auth.EditPlanning, Handle: s.uploadConsultationDocument},
		{Pattern: "GET " + one + "/documents/{document}", Perm: auth.ReadPlanning, Handle: s.staffConsultationDocument},
		{Pattern: "GET /partnerships/{slug}/consultations/{consultation}/documents/{document}", Perm: auth.Public, Handle: s.publicConsultationDocument},
		{Pattern: "POST " + one + "/documents/{document}/remove", Perm: auth.EditPlanning, Handle: s.removeConsultationDocument},
		{Pattern: "GET /staff/partnerships/{slug}/question-bank", Perm: auth.ReadPlanning, Handle: s.questionBank},
		{Pattern: "POST /staff/partnerships/{slug}/question-bank", Perm: auth.EditPlanning, Handle: s.addToQuestionBank},
	}
}

func consultationAddress(p *partnership.Partnership, id int64) string {
	return fmt.Sprintf("/staff/partnerships/%s/consultations/%d", p.Slug, id)
}

// consultationFromPath is the consultation named by {consultation}, of the
// partnership named by {slug}.
func (s *Server) consultationFromPath(r *http.Request) (consult.Consultation, error) {
	id, err := pathID(r, "consultation")
	if err != nil {
		return consult.Consultation{}, err
	}
	return consult.ConsultationByID(r.Context(), s.db, current(r).Partnership.ID, id)
}

// parseForm reads a urlencoded form; a body that cannot be read is a bad
// request.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	return nil
}

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

func (s *Server) showConsultation(r *http.Request, c consult.Consultation, counts map[int64]int) (shownConsultation, error) {
	p := current(r).Partnership
	sc := shownConsultation{Consultation: c, Status: c.StatusAt(s.now()), Responses: counts[c.ID]}
	for _, l := range p.Localities {
		if slices.Contains(c.LocalityIDs, l.ID) {
			sc.Localities = append(sc.Localities, l.Name)
		}
	}
	if len(c.FunctionIDs) > 0 {
		fs, err := partnership.StoreFor(s.db, *p, s.now).Functions(r.Context())
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

func (s *Server) consultations(w http.ResponseWriter, r *http.Request) error {
	rq := current(r)
	cs, err := consult.Consultations(r.Context(), s.db, rq.Partnership.ID)
	if err != nil {
		return err
	}
	counts, err := consult.ResponseCounts(r.Context(), s.db, rq.Partnership.ID)
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
	s.render(w, r, http.StatusOK, "consultation-list.html", view{Title: "Consultations", Caption: rq.Partnership.Name, Nav: "staff",
		Data: struct {
			Consultations []shownConsultation
			CanEdit       bool
		}{rows, auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID)}})
	return nil
}

// checkOption is one checkbox of a list.
type checkOption struct {
	Value, Name string
	Checked     bool
}

// consultationFormData is the consultation details form.
type consultationFormData struct {
	Consultation consult.Consultation // ID 0 for a new one
	Audiences    []consult.Audience
	Localities   []checkOption
	Functions    []checkOption
	Require      []checkOption
}

func (s *Server) consultationFormData(r *http.Request, c consult.Consultation, f url.Values) (consultationFormData, error) {
	p := current(r).Partnership
	d := consultationFormData{Consultation: c, Audiences: consult.Audiences}
	for _, l := range p.Localities {
		v := strconv.FormatInt(l.ID, 10)
		d.Localities = append(d.Localities, checkOption{v, l.Name, slices.Contains(f["locality"], v)})
	}
	fs, err := partnership.StoreFor(s.db, *p, s.now).Functions(r.Context())
	if err != nil {
		return d, err
	}
	for _, fn := range fs {
		v := strconv.FormatInt(fn.ID, 10)
		d.Functions = append(d.Functions, checkOption{v, fn.Name, slices.Contains(f["function"], v)})
	}
	for _, rf := range requireFields {
		d.Require = append(d.Require, checkOption{rf.code, rf.name, slices.Contains(f["require"], rf.code)})
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
			f.Set(pair.field, pair.t.In(london).Format(time.DateOnly))
			f.Set(pair.field+"-time", pair.t.In(london).Format("15:04"))
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
	day, err := time.ParseInLocation(time.DateOnly, date, london)
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
	return time.Date(day.Year(), day.Month(), day.Day(), hm.Hour(), hm.Minute(), 0, 0, london)
}

// readConsultationForm reads the details form over stored, with the errors
// of fields that could not be read or that do not belong to the
// partnership.
func (s *Server) readConsultationForm(r *http.Request, stored consult.Consultation) (consult.Consultation, valid.Errors, error) {
	p := current(r).Partnership
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
	fs, err := partnership.StoreFor(s.db, *p, s.now).Functions(r.Context())
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

func (s *Server) renderConsultationForm(w http.ResponseWriter, r *http.Request, status int, stored consult.Consultation, f url.Values, errs valid.Errors) error {
	data, err := s.consultationFormData(r, stored, f)
	if err != nil {
		return err
	}
	title, caption := "Start a consultation", current(r).Partnership.Name
	if stored.ID != 0 {
		title, caption = "Change the consultation's details", stored.Title
	}
	s.render(w, r, status, "consultation-form.html", view{Title: title, Caption: caption, Nav: "staff", Errors: errs, Form: f, Data: data})
	return nil
}

func (s *Server) newConsultationForm(w http.ResponseWriter, r *http.Request) error {
	// A consultation usually runs for 12 weeks; it opens when published.
	today := s.now().In(london)
	f := url.Values{"audience": {string(consult.Public)}, "opens": {today.Format(time.DateOnly)}, "opens-time": {"09:00"},
		"closes": {today.AddDate(0, 0, 84).Format(time.DateOnly)}, "closes-time": {"23:59"}}
	return s.renderConsultationForm(w, r, http.StatusOK, consult.Consultation{}, f, nil)
}

func (s *Server) saveConsultation(w http.ResponseWriter, r *http.Request, stored consult.Consultation) error {
	if err := parseForm(r); err != nil {
		return err
	}
	c, errs, err := s.readConsultationForm(r, stored)
	if err != nil {
		return err
	}
	if len(errs) == 0 {
		isNew := stored.ID == 0
		c, err = consult.SaveConsultation(r.Context(), s.db, c, actor(r))
		if err == nil && isNew {
			// A new consultation starts with one page for its questions.
			_, err = consult.SaveQuestionnaire(r.Context(), s.db, c, consult.Questionnaire{
				Sections: []consult.Section{{Title: "Questions"}}}, "", actor(r))
		}
		if err == nil {
			done := "consultation-saved"
			if isNew {
				done = "consultation-created"
			}
			return seeOther(w, r, consultationAddress(current(r).Partnership, c.ID), done)
		}
		var ok bool
		if errs, ok = valid.As(err); !ok {
			return err
		}
	}
	return s.renderConsultationForm(w, r, http.StatusUnprocessableEntity, stored, r.PostForm, errs)
}

func (s *Server) createConsultation(w http.ResponseWriter, r *http.Request) error {
	return s.saveConsultation(w, r, consult.Consultation{})
}

func (s *Server) editConsultationForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	return s.renderConsultationForm(w, r, http.StatusOK, c, consultationForm(c), nil)
}

func (s *Server) updateConsultation(w http.ResponseWriter, r *http.Request) error {
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
	Kinds        []consult.DocumentKind
	Languages    []consult.Language
	CanEdit      bool
	MaxSize      string
}

// renderConsultation shows the consultation's overview; after a refused
// form (a document, publishing), with its errors and status 422.
func (s *Server) renderConsultation(w http.ResponseWriter, r *http.Request, c consult.Consultation, status int, errs valid.Errors) error {
	ctx := r.Context()
	rq := current(r)
	counts, err := consult.ResponseCounts(ctx, s.db, rq.Partnership.ID)
	if err != nil {
		return err
	}
	sc, err := s.showConsultation(r, c, counts)
	if err != nil {
		return err
	}
	qn, err := consult.CurrentQuestionnaire(ctx, s.db, c.ID)
	if err != nil {
		return err
	}
	docs, err := consult.Documents(ctx, s.db, c.ID)
	if err != nil {
		return err
	}
	form := r.PostForm
	if form == nil {
		form = url.Values{"document-language": {"en"}}
	}
	s.render(w, r, status, "consultation.html", view{Title: c.Title, Caption: "Consultation", Nav: "staff", Errors: errs, Form: form,
		Data: consultationPageData{Consultation: sc, Sections: showSections(qn), Questions: len(qn.Questions()), Version: qn.Version,
			Documents: docs, Kinds: consult.DocumentKinds, Languages: consult.DocumentLanguages,
			CanEdit: auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID), MaxSize: fmt.Sprintf("%d MB", consult.MaxDocumentSize>>20)}})
	return nil
}

func (s *Server) consultationPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	return s.renderConsultation(w, r, c, http.StatusOK, nil)
}

func (s *Server) publishConsultation(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	p := current(r).Partnership
	if !c.PublishedAt.IsZero() {
		return seeOther(w, r, consultationAddress(p, c.ID), "consultation-already-published")
	}
	if !c.ClosesAt.After(s.now()) {
		return s.renderConsultation(w, r, c, http.StatusUnprocessableEntity, valid.Errors{{Field: "publish",
			Message: "The closing date has passed: change the consultation's dates before publishing it"}})
	}
	err = consult.SetStage(r.Context(), s.db, p.ID, c.ID, "published", actor(r))
	if errs, ok := valid.As(err); ok {
		for i := range errs {
			errs[i].Field = "publish"
		}
		return s.renderConsultation(w, r, c, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, consultationAddress(p, c.ID), "consultation-published")
}

// setConsultationStage records that a closed consultation's responses
// have been analysed, or that the analysis report has been published.
func (s *Server) setConsultationStage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	p := current(r).Partnership
	stage := r.PostForm.Get("stage")
	status := c.StatusAt(s.now())
	var problem string
	switch {
	case stage == "analysed" && status != consult.Closed:
		problem = "Responses can be recorded as analysed once the consultation has closed"
	case stage == "reported" && status != consult.Analysed:
		problem = "Record that the responses have been analysed before recording the analysis report"
	case stage != "analysed" && stage != "reported":
		problem = "Choose whether the responses have been analysed or the analysis report has been published"
	}
	if problem != "" {
		return s.renderConsultation(w, r, c, http.StatusUnprocessableEntity, valid.Errors{{Field: "stage", Message: problem}})
	}
	if err := consult.SetStage(r.Context(), s.db, p.ID, c.ID, stage, actor(r)); err != nil {
		return err
	}
	return seeOther(w, r, consultationAddress(p, c.ID), "consultation-"+stage)
}

// uploadConsultationDocument stores an uploaded document. As for meeting
// papers, the body is capped a little above the largest file allowed, so an
// oversized upload is cut off rather than read.
func (s *Server) uploadConsultationDocument(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	refuse := func(errs valid.Errors) error {
		for i := range errs {
			errs[i].Field = "document-" + errs[i].Field
		}
		return s.renderConsultation(w, r, c, http.StatusUnprocessableEntity, errs)
	}
	r.Body = http.MaxBytesReader(w, r.Body, consult.MaxDocumentSize+1<<20)
	err = r.ParseMultipartForm(1 << 20)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		errs, _ := valid.As(consult.DocumentTooBig())
		return refuse(errs)
	case errors.Is(err, http.ErrNotMultipart):
		// No file: AddDocument asks for one.
	case err != nil:
		return httpError{Status: http.StatusBadRequest, Message: "The upload could not be read. Choose the file again and send it once more."}
	}
	var filename string
	var content []byte
	if f, h, err := r.FormFile("document-file"); err == nil {
		defer f.Close()
		filename = h.Filename
		if content, err = io.ReadAll(io.LimitReader(f, consult.MaxDocumentSize+1)); err != nil {
			return err
		}
	}
	_, err = consult.AddDocument(r.Context(), s.db, c, consult.Document{Kind: consult.DocumentKind(r.PostForm.Get("document-kind")),
		Language: r.PostForm.Get("document-language"), Title: r.PostForm.Get("document-title"), Filename: filename}, content, actor(r))
	if errs, ok := valid.As(err); ok {
		return refuse(errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, consultationAddress(current(r).Partnership, c.ID)+"?done=document-uploaded#documents", http.StatusSeeOther)
	return nil
}

// sendConsultationDocument sends a document as a download, with the type
// checked on upload and nosniff, as meeting papers are sent.
func (s *Server) sendConsultationDocument(w http.ResponseWriter, r *http.Request, c consult.Consultation) error {
	id, err := pathID(r, "document")
	if err != nil {
		return err
	}
	doc, err := consult.DocumentByID(r.Context(), s.db, c.ID, id)
	if err != nil {
		return err
	}
	content, err := consult.DocumentContent(r.Context(), s.db, c.ID, id)
	if err != nil {
		return err
	}
	return sendStoredFile(w, r, doc.Filename, doc.ContentType, content)
}

func (s *Server) staffConsultationDocument(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	return s.sendConsultationDocument(w, r, c)
}

// publicConsultationDocument sends a published consultation's document to
// anyone; a draft's documents do not exist for the public.
func (s *Server) publicConsultationDocument(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if c.PublishedAt.IsZero() {
		return errNotFound
	}
	return s.sendConsultationDocument(w, r, c)
}

func (s *Server) removeConsultationDocument(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "document")
	if err != nil {
		return err
	}
	if err := consult.RemoveDocument(r.Context(), s.db, c, id, actor(r)); err != nil {
		return err
	}
	http.Redirect(w, r, consultationAddress(current(r).Partnership, c.ID)+"?done=document-removed#documents", http.StatusSeeOther)
	return nil
}

// questionnaireState is the current questions of a consultation, whether
// responses have locked them, and their versions.
type questionnaireState struct {
	Questionnaire consult.Questionnaire
	Locked        bool
	Versions      []consult.Version
}

func (s *Server) questionnaireState(r *http.Request, c consult.Consultation) (questionnaireState, error) {
	ctx := r.Context()
	qn, err := consult.CurrentQuestionnaire(ctx, s.db, c.ID)
	if err != nil {
		return questionnaireState{}, err
	}
	locked, err := consult.HasResponses(ctx, s.db, qn.ID)
	if err != nil {
		return questionnaireState{}, err
	}
	vs, err := consult.Versions(ctx, s.db, c.ID)
	return questionnaireState{Questionnaire: qn, Locked: locked, Versions: vs}, err
}

// questionFormData is what the question form needs: the sections to put a
// question in and the earlier choice questions a follow-up can depend on.
// The questions page, a question's page and the question bank share it.
type questionFormData struct {
	Consultation consult.Consultation
	Sections     []shownSection
	Targets      []consult.Question // questions with choices that a follow-up can depend on
	Kinds        []consult.Kind
	Rules        []int // the numbers of the condition rows: 1, 2, 3
	Locked       bool
	Versions     []consult.Version
	Bank         []consult.BankQuestion
	ForBank      bool             // the form adds to the question bank: no section, code or condition
	Question     consult.Question // the question being changed, on its own page
	CanEdit      bool
}

// maxRules is how many conditions a follow-up may have on the form.
const maxRules = 3

func (s *Server) questionFormData(r *http.Request, c consult.Consultation, st questionnaireState) (questionFormData, error) {
	rq := current(r)
	d := questionFormData{Consultation: c, Sections: showSections(st.Questionnaire), Kinds: consult.Kinds, Rules: []int{1, 2, 3},
		Locked: st.Locked, Versions: st.Versions, CanEdit: auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID)}
	for _, q := range st.Questionnaire.Questions() {
		if q.Kind != consult.Text {
			d.Targets = append(d.Targets, q)
		}
	}
	if d.CanEdit {
		bank, err := consult.BankQuestions(r.Context(), s.db, rq.Partnership.ID)
		if err != nil {
			return d, err
		}
		d.Bank = bank
	}
	return d, nil
}

// questionForm is a question as its form shows it.
func questionForm(q consult.Question, section int) url.Values {
	f := url.Values{"section": {strconv.Itoa(section + 1)}, "code": {q.Code}, "kind": {string(q.Kind)}, "text": {q.Text},
		"hint": {q.Hint}, "text-gd": {q.TextGD}, "hint-gd": {q.HintGD}, "match": {"all"}}
	if q.Required {
		f.Set("required", "yes")
	}
	if consult.IsAgreeScale(q.Options) {
		f.Set("agree", "yes")
	} else {
		f.Set("options", consult.FormatOptions(q.Options))
	}
	if q.HasOther {
		f.Set("has-other", "yes")
	}
	if q.MaxChars > 0 {
		f.Set("max-chars", strconv.Itoa(q.MaxChars))
	}
	if q.Conditions.Match == "any" {
		f.Set("match", "any")
	}
	return f
}

// conditionForm adds a question's conditions to its form, as labels.
func conditionForm(f url.Values, qn consult.Questionnaire, q consult.Question) {
	for i, rule := range q.Conditions.Rules {
		if i >= maxRules {
			break
		}
		target, _ := qn.Question(rule.Question)
		f.Set(fmt.Sprintf("cond-%d-question", i+1), rule.Question)
		f.Set(fmt.Sprintf("cond-%d-values", i+1), strings.Join(target.OptionLabels(rule.Values), "\n"))
	}
}

// readQuestionForm reads the question form over old (its options keep
// their values where their labels are unchanged). section is the index
// of the section chosen.
func readQuestionForm(f url.Values, qn consult.Questionnaire, old consult.Question) (consult.Question, int, valid.Errors) {
	var errs valid.Errors
	q := consult.Question{Code: strings.TrimSpace(f.Get("code")), Kind: consult.Kind(f.Get("kind")),
		Text: strings.TrimSpace(f.Get("text")), Hint: strings.TrimSpace(f.Get("hint")),
		TextGD: strings.TrimSpace(f.Get("text-gd")), HintGD: strings.TrimSpace(f.Get("hint-gd")),
		Required: f.Get("required") == "yes", HasOther: f.Get("has-other") == "yes"}
	section, err := strconv.Atoi(f.Get("section"))
	if err != nil || section < 1 || section > max(len(qn.Sections), 1) {
		errs.Add("section", "Select the page the question goes on")
	}
	switch {
	case q.Code == "":
		errs.Add("code", "Enter a short code for the question, like Q1")
	case !consult.ValidCode(q.Code):
		errs.Add("code", "Enter a code of up to 20 letters and numbers, like Q1 or Q4a, without spaces")
	}
	readChoices(f, &q, old.Options, &errs)
	if q.Kind == consult.Text {
		if mc := strings.TrimSpace(f.Get("max-chars")); mc != "" {
			n, err := strconv.Atoi(mc)
			if err != nil || n < 0 {
				errs.Add("max-chars", "Enter the most characters an answer may have as a whole number, like 1000, or leave it blank")
			}
			q.MaxChars = max(n, 0)
		}
	}
	if f.Get("match") == "any" {
		q.Conditions.Match = "any"
	}
	for i := 1; i <= maxRules; i++ {
		target := strings.TrimSpace(f.Get(fmt.Sprintf("cond-%d-question", i)))
		var values []string
		for _, line := range strings.Split(f.Get(fmt.Sprintf("cond-%d-values", i)), "\n") {
			if v := strings.TrimSpace(line); v != "" {
				values = append(values, v)
			}
		}
		field := fmt.Sprintf("cond-%d-question", i)
		if i == 1 {
			field = "conditions"
		}
		switch {
		case target == "" && len(values) > 0:
			errs.Add(field, "Select the question whose answer shows this one")
			continue
		case target == "":
			continue
		case len(values) == 0:
			errs.Add(fmt.Sprintf("cond-%d-values", i), "Enter the answers to "+target+" that show this question, one a line")
			continue
		}
		t, _ := qn.Question(target)
		rule := consult.Rule{Question: target}
		for _, v := range values {
			rule.Values = append(rule.Values, optionValue(t, v))
		}
		q.Conditions.Rules = append(q.Conditions.Rules, rule)
	}
	if len(q.Conditions.Rules) == 0 {
		q.Conditions.Match = ""
	}
	return q, section - 1, errs
}

// readChoices reads the kind-dependent part of the question form (shared
// with the question bank's form): the answers to choose from, the agree
// scale, "other".
func readChoices(f url.Values, q *consult.Question, old []consult.Option, errs *valid.Errors) {
	agree := f.Get("agree") == "yes"
	typed := strings.TrimSpace(f.Get("options")) != ""
	switch {
	case !slices.Contains(consult.Kinds, q.Kind):
		errs.Add("kind", "Select what kind of question it is")
	case q.Kind == consult.Text:
		q.Options, q.HasOther = nil, false
		if agree || typed {
			errs.Add("options", "A free text question has no answers to choose from: choose another kind, or clear the answers")
		}
	case agree && typed:
		errs.Add("options", "Either use the five-point agree scale or type your own answers, not both")
	case agree && q.Kind == consult.Multiple:
		errs.Add("options", "The agree scale takes one answer: make the question a scale, or type your own answers")
	case agree:
		q.Options = slices.Clone(consult.AgreeScale)
	default:
		opts, err := consult.ParseOptions(f.Get("options"), q.HasOther, old)
		if verrs, ok := valid.As(err); ok {
			*errs = append(*errs, verrs...)
		}
		q.Options = opts
		if len(opts) == 0 && !q.HasOther {
			errs.Add("options", "Enter the answers to choose from, one a line, or use the agree scale")
		}
	}
}

// optionValue finds the option of q that a person typed, by its label or
// value (ignoring case), and returns its value. Anything else is returned
// as typed, for ValidateQuestionnaire to refuse with the question's code.
func optionValue(q consult.Question, typed string) string {
	for _, o := range q.Options {
		if strings.EqualFold(o.Label, typed) || strings.EqualFold(o.Value, typed) {
			return o.Value
		}
	}
	if q.HasOther && (strings.EqualFold(typed, "other") || strings.EqualFold(typed, "Other, please specify")) {
		return consult.OtherValue
	}
	return typed
}

// saveQuestions stores a changed questionnaire through the one store
// operation that locks and versions it. The reason is read from field.
func (s *Server) saveQuestions(r *http.Request, c consult.Consultation, qn consult.Questionnaire, reasonField string) error {
	_, err := consult.SaveQuestionnaire(r.Context(), s.db, c, qn, r.PostForm.Get(reasonField), actor(r))
	return err
}

// questionsAddress is the questions page, at the part of it to show.
func questionsAddress(p *partnership.Partnership, c consult.Consultation, done, fragment string) string {
	u := consultationAddress(p, c.ID) + "/questions"
	if done != "" {
		u += "?done=" + url.QueryEscape(done)
	}
	if fragment != "" {
		u += "#" + fragment
	}
	return u
}

// renameFields gives errors the ids of one form on a page that holds
// several: the fields named in rename get the new id, any other the
// fallback (a field of that form), when it is not "".
func renameFields(errs valid.Errors, rename map[string]string, fallback string) valid.Errors {
	out := make(valid.Errors, len(errs))
	for i, e := range errs {
		switch to, ok := rename[e.Field]; {
		case ok:
			e.Field = to
		case fallback != "":
			e.Field = fallback
		}
		out[i] = e
	}
	return out
}

func (s *Server) renderQuestions(w http.ResponseWriter, r *http.Request, c consult.Consultation, st questionnaireState, status int, errs valid.Errors) error {
	data, err := s.questionFormData(r, c, st)
	if err != nil {
		return err
	}
	form := r.PostForm
	if status == http.StatusOK || form == nil {
		code := st.Questionnaire.NextCode()
		last := strconv.Itoa(max(len(st.Questionnaire.Sections), 1))
		form = url.Values{"code": {code}, "bank-code": {code}, "section": {last}, "bank-section": {last}, "match": {"all"}}
	}
	s.render(w, r, status, "consultation-questions.html", view{Title: "Questions", Caption: c.Title, Nav: "staff",
		Errors: errs, Form: form, Data: data})
	return nil
}

func (s *Server) questionsPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	st, err := s.questionnaireState(r, c)
	if err != nil {
		return err
	}
	return s.renderQuestions(w, r, c, st, http.StatusOK, nil)
}

// withFirstSection gives a questionnaire with no sections its first page,
// so a question always has somewhere to go.
func withFirstSection(qn consult.Questionnaire) consult.Questionnaire {
	if len(qn.Sections) == 0 {
		qn.Sections = []consult.Section{{Title: "Questions"}}
	}
	return qn
}

func (s *Server) addQuestion(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	st, err := s.questionnaireState(r, c)
	if err != nil {
		return err
	}
	qn := withFirstSection(st.Questionnaire)
	q, section, errs := readQuestionForm(r.PostForm, qn, consult.Question{})
	if len(errs) == 0 {
		var changed consult.Questionnaire
		if changed, err = qn.AddQuestion(section, q); err == nil {
			err = s.saveQuestions(r, c, changed, "reason")
		}
		if err == nil {
			return seeOther(w, r, questionsAddress(current(r).Partnership, c, "", ""), "question-added")
		}
		var ok bool
		if errs, ok = valid.As(err); !ok {
			return err
		}
		if st, err = s.questionnaireState(r, c); err != nil {
			return err
		}
	}
	return s.renderQuestions(w, r, c, st, http.StatusUnprocessableEntity, errs)
}

func (s *Server) addQuestionFromBank(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	st, err := s.questionnaireState(r, c)
	if err != nil {
		return err
	}
	f := r.PostForm
	var errs valid.Errors
	id, _ := strconv.ParseInt(f.Get("bank-id"), 10, 64)
	b, err := consult.BankQuestionByID(r.Context(), s.db, current(r).Partnership.ID, id)
	if errors.Is(err, consult.ErrNotFound) {
		errs.Add("bank-id", "Select a question from the bank")
	} else if err != nil {
		return err
	}
	qn := withFirstSection(st.Questionnaire)
	code := strings.TrimSpace(f.Get("bank-code"))
	if !consult.ValidCode(code) {
		errs.Add("bank-code", "Enter a code of up to 20 letters and numbers, like Q1 or EQ1, without spaces")
	}
	section, err := strconv.Atoi(f.Get("bank-section"))
	if err != nil || section < 1 || section > len(qn.Sections) {
		errs.Add("bank-section", "Select the page the question goes on")
	}
	if len(errs) == 0 {
		var changed consult.Questionnaire
		if changed, err = qn.AddQuestion(section-1, b.Question(code)); err == nil {
			err = s.saveQuestions(r, c, changed, "bank-reason")
		}
		if err == nil {
			return seeOther(w, r, questionsAddress(current(r).Partnership, c, "", ""), "question-added")
		}
		verrs, ok := valid.As(err)
		if !ok {
			return err
		}
		errs = renameFields(verrs, map[string]string{"reason": "bank-reason", "code": "bank-code", "section": "bank-section"}, "bank-id")
		if st, err = s.questionnaireState(r, c); err != nil {
			return err
		}
	}
	return s.renderQuestions(w, r, c, st, http.StatusUnprocessableEntity, errs)
}

func (s *Server) addSection(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	st, err := s.questionnaireState(r, c)
	if err != nil {
		return err
	}
	f := r.PostForm
	var errs valid.Errors
	sec := consult.Section{Title: f.Get("section-title"), TitleGD: f.Get("section-title-gd"), Intro: f.Get("section-intro"),
		IntroGD: f.Get("section-intro-gd")}
	if strings.TrimSpace(sec.Title) == "" {
		errs.Add("section-title", "Enter the title of the page, for example About you")
	} else {
		qn := st.Questionnaire
		var changed consult.Questionnaire
		if changed, err = qn.ReplaceSection(len(qn.Sections), sec); err == nil {
			err = s.saveQuestions(r, c, changed, "section-reason")
		}
		if err == nil {
			return seeOther(w, r, questionsAddress(current(r).Partnership, c, "", ""), "section-added")
		}
		verrs, ok := valid.As(err)
		if !ok {
			return err
		}
		errs = renameFields(verrs, map[string]string{"reason": "section-reason"}, "section-title")
		if st, err = s.questionnaireState(r, c); err != nil {
			return err
		}
	}
	return s.renderQuestions(w, r, c, st, http.StatusUnprocessableEntity, errs)
}

// questionFromPath is the question named by {question} (its code) in the
// consultation's current questions.
func questionFromPath(r *http.Request, qn consult.Questionnaire) (consult.Question, int, error) {
	si, qi, ok := qn.Find(r.PathValue("question"))
	if !ok {
		return consult.Question{}, 0, errNotFound
	}
	return qn.Sections[si].Questions[qi], si, nil
}

func (s *Server) renderQuestion(w http.ResponseWriter, r *http.Request, c consult.Consultation, st questionnaireState, q consult.Question,
	form url.Values, status int, errs valid.Errors) error {
	data, err := s.questionFormData(r, c, st)
	if err != nil {
		return err
	}
	data.Question = q
	// A follow-up may depend only on questions before it.
	var before []consult.Question
	for _, t := range data.Targets {
		if t.Code == q.Code {
			break
		}
		before = append(before, t)
	}
	data.Targets = before
	s.render(w, r, status, "consultation-question.html", view{Title: "Question " + q.Code, Caption: c.Title, Nav: "staff",
		Errors: errs, Form: form, Data: data})
	return nil
}

func (s *Server) questionForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	st, err := s.questionnaireState(r, c)
	if err != nil {
		return err
	}
	q, si, err := questionFromPath(r, st.Questionnaire)
	if err != nil {
		return err
	}
	f := questionForm(q, si)
	conditionForm(f, st.Questionnaire, q)
	return s.renderQuestion(w, r, c, st, q, f, http.StatusOK, nil)
}

func (s *Server) updateQuestion(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	st, err := s.questionnaireState(r, c)
	if err != nil {
		return err
	}
	old, _, err := questionFromPath(r, st.Questionnaire)
	if err != nil {
		return err
	}
	q, section, errs := readQuestionForm(r.PostForm, st.Questionnaire, old)
	if len(errs) == 0 {
		var changed consult.Questionnaire
		if changed, err = st.Questionnaire.ReplaceQuestion(old.Code, section, q); err == nil {
			err = s.saveQuestions(r, c, changed, "reason")
		}
		if err == nil {
			return seeOther(w, r, questionsAddress(current(r).Partnership, c, "", "question-"+q.Code), "question-saved")
		}
		var ok bool
		if errs, ok = valid.As(err); !ok {
			return err
		}
		if st, err = s.questionnaireState(r, c); err != nil {
			return err
		}
	}
	return s.renderQuestion(w, r, c, st, old, r.PostForm, http.StatusUnprocessableEntity, errs)
}

// questionAction moves or deletes a question; on a refusal it shows the
// question's page, where the action's form (and its reason, once the
// questions are locked) is.
func (s *Server) questionAction(w http.ResponseWriter, r *http.Request, action string,
	change func(qn consult.Questionnaire, q consult.Question) (consult.Questionnaire, error)) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	st, err := s.questionnaireState(r, c)
	if err != nil {
		return err
	}
	q, si, err := questionFromPath(r, st.Questionnaire)
	if err != nil {
		return err
	}
	changed, err := change(st.Questionnaire, q)
	if err == nil {
		err = s.saveQuestions(r, c, changed, action+"-reason")
	}
	if err == nil {
		fragment := "question-" + q.Code
		if action == "delete" {
			fragment = ""
		}
		return seeOther(w, r, questionsAddress(current(r).Partnership, c, "", fragment), "question-"+action+"d")
	}
	errs, ok := valid.As(err)
	if !ok {
		return err
	}
	button := action
	if action == "move" {
		button = "move-up"
	}
	errs = renameFields(errs, map[string]string{"reason": action + "-reason"}, button)
	if st, err = s.questionnaireState(r, c); err != nil {
		return err
	}
	f := questionForm(q, si)
	conditionForm(f, st.Questionnaire, q)
	for _, k := range []string{"move-reason", "delete-reason"} {
		f.Set(k, r.PostForm.Get(k))
	}
	return s.renderQuestion(w, r, c, st, q, f, http.StatusUnprocessableEntity, errs)
}

func (s *Server) moveQuestion(w http.ResponseWriter, r *http.Request) error {
	return s.questionAction(w, r, "move", func(qn consult.Questionnaire, q consult.Question) (consult.Questionnaire, error) {
		switch r.PostForm.Get("direction") {
		case "up":
			return qn.MoveQuestion(q.Code, true)
		case "down":
			return qn.MoveQuestion(q.Code, false)
		}
		return qn, valid.Errors{{Field: "move", Message: "Choose whether to move the question up or down"}}
	})
}

func (s *Server) deleteQuestion(w http.ResponseWriter, r *http.Request) error {
	return s.questionAction(w, r, "delete", func(qn consult.Questionnaire, q consult.Question) (consult.Questionnaire, error) {
		return qn.RemoveQuestion(q.Code)
	})
}

// sectionFromPath is the section named by {section}: its number, from 1.
func sectionFromPath(r *http.Request, qn consult.Questionnaire) (int, error) {
	n, err := strconv.Atoi(r.PathValue("section"))
	if err != nil || n < 1 || n > len(qn.Sections) {
		return 0, errNotFound
	}
	return n - 1, nil
}

func (s *Server) renderSection(w http.ResponseWriter, r *http.Request, c consult.Consultation, st questionnaireState, i int,
	form url.Values, status int, errs valid.Errors) error {
	s.render(w, r, status, "consultation-section.html", view{Title: fmt.Sprintf("Page %d of the questions", i+1), Caption: c.Title,
		Nav: "staff", Errors: errs, Form: form, Data: struct {
			Consultation consult.Consultation
			Section      shownSection
			Locked       bool
		}{c, showSections(st.Questionnaire)[i], st.Locked}})
	return nil
}

func (s *Server) sectionForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	st, err := s.questionnaireState(r, c)
	if err != nil {
		return err
	}
	i, err := sectionFromPath(r, st.Questionnaire)
	if err != nil {
		return err
	}
	sec := st.Questionnaire.Sections[i]
	f := url.Values{"section-title": {sec.Title}, "section-title-gd": {sec.TitleGD}, "section-intro": {sec.Intro},
		"section-intro-gd": {sec.IntroGD}}
	return s.renderSection(w, r, c, st, i, f, http.StatusOK, nil)
}

// sectionChange changes the section named by {section} and saves the
// questions, or shows the section's page with the errors.
func (s *Server) sectionChange(w http.ResponseWriter, r *http.Request, reasonField, done string,
	change func(qn consult.Questionnaire, i int) (consult.Questionnaire, error)) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	st, err := s.questionnaireState(r, c)
	if err != nil {
		return err
	}
	i, err := sectionFromPath(r, st.Questionnaire)
	if err != nil {
		return err
	}
	changed, err := change(st.Questionnaire, i)
	if err == nil {
		err = s.saveQuestions(r, c, changed, reasonField)
	}
	if err == nil {
		return seeOther(w, r, questionsAddress(current(r).Partnership, c, "", ""), done)
	}
	errs, ok := valid.As(err)
	if !ok {
		return err
	}
	fallback := "section-title"
	if done == "section-deleted" {
		fallback = "delete-section"
	}
	errs = renameFields(errs, map[string]string{"reason": reasonField}, fallback)
	if st, err = s.questionnaireState(r, c); err != nil {
		return err
	}
	if i >= len(st.Questionnaire.Sections) {
		return errNotFound
	}
	return s.renderSection(w, r, c, st, i, r.PostForm, http.StatusUnprocessableEntity, errs)
}

func (s *Server) updateSection(w http.ResponseWriter, r *http.Request) error {
	return s.sectionChange(w, r, "section-reason", "section-saved", func(qn consult.Questionnaire, i int) (consult.Questionnaire, error) {
		f := r.PostForm
		sec := consult.Section{Title: f.Get("section-title"), TitleGD: f.Get("section-title-gd"), Intro: f.Get("section-intro"),
			IntroGD: f.Get("section-intro-gd")}
		if strings.TrimSpace(sec.Title) == "" {
			return qn, valid.Errors{{Field: "section-title", Message: "Enter the title of the page, for example About you"}}
		}
		return qn.ReplaceSection(i, sec)
	})
}

func (s *Server) deleteSection(w http.ResponseWriter, r *http.Request) error {
	return s.sectionChange(w, r, "delete-section-reason", "section-deleted", func(qn consult.Questionnaire, i int) (consult.Questionnaire, error) {
		return qn.RemoveSection(i)
	})
}

// previewOption is an answer as the preview shows it, in its language.
type previewOption struct {
	ID, Value, Label string
}

// previewQuestion is a question as the preview shows it.
type previewQuestion struct {
	ID             string // the input's id, as the response form's field ids: q-CODE
	Code           string
	Kind           consult.Kind
	Text           string
	Hint           string
	CharactersHint string // the limit on a free text answer, in words
	Required       bool
	Options        []previewOption
	HasOther       bool
	Condition      string // for staff: when it is shown
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
	Relations    []previewOption
	Publishes    []previewOption
	Published    bool
}

// previewConsultation shows the questions, page by page, and the
// respondent information form, as a respondent will see them, with every
// field disabled: for staff to check before opening. ?lang=gd shows the
// Gaelic. The form's own words come from the response form's message
// catalogues, with the partnership translator's corrections.
func (s *Server) previewConsultation(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	qn, err := consult.CurrentQuestionnaire(r.Context(), s.db, c.ID)
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
			text, hint := q.Localised(lang)
			pq := previewQuestion{ID: "q-" + q.Code, Code: q.Code, Kind: q.Kind, Text: text, Hint: hint, Required: q.Required,
				HasOther: q.HasOther, Condition: conditionText(qn, q)}
			if q.Kind == consult.Text && q.MaxChars > 0 {
				pq.CharactersHint = m.Get("form.characters-left", strconv.Itoa(q.MaxChars))
			}
			for j, o := range q.Options {
				id := pq.ID
				if j > 0 {
					id = fmt.Sprintf("%s-%d", pq.ID, j+1)
				}
				pq.Options = append(pq.Options, previewOption{ID: id, Value: o.Value, Label: o.OptionLabel(lang)})
			}
			ps.Questions = append(ps.Questions, pq)
		}
		page.Sections = append(page.Sections, ps)
	}
	req := c.Require
	page.Fields = []previewField{
		{ID: "rif-name", Label: m.Get("rif.name"), Optional: !req.Name},
		{ID: "rif-phone", Label: m.Get("rif.phone"), Optional: !req.Phone},
		{ID: "rif-address", Label: m.Get("rif.address"), Optional: !req.Address, Textarea: true},
		{ID: "rif-postcode", Label: m.Get("rif.postcode"), Hint: m.Get("rif.postcode-hint"), Optional: !req.Postcode, Narrow: true},
		{ID: "rif-email", Label: m.Get("rif.email"), Hint: m.Get("rif.email-hint"), Optional: !req.Email},
	}
	for _, rel := range consult.Relationships {
		page.Relations = append(page.Relations, previewOption{ID: "rif-relationship-" + rel, Value: rel, Label: m.Get("rif.relationship." + rel)})
	}
	for _, pub := range consult.Publishes {
		page.Publishes = append(page.Publishes, previewOption{ID: "rif-publish-" + string(pub), Value: string(pub),
			Label: m.Get("rif.publish." + string(pub))})
	}
	s.render(w, r, http.StatusOK, "consultation-preview.html", view{Title: "Preview", Caption: c.Title, Nav: "staff", Data: page})
	return nil
}

// bankPage is the question bank: the national questions and the
// partnership's own, grouped by topic.
type bankPage struct {
	National, Own []consult.BankQuestion
	Kinds         []consult.Kind
	CanEdit       bool
	ForBank       bool
}

func (s *Server) renderBank(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	rq := current(r)
	bank, err := consult.BankQuestions(r.Context(), s.db, rq.Partnership.ID)
	if err != nil {
		return err
	}
	page := bankPage{Kinds: consult.Kinds, CanEdit: auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID), ForBank: true}
	for _, b := range bank {
		if b.National() {
			page.National = append(page.National, b)
		} else {
			page.Own = append(page.Own, b)
		}
	}
	form := r.PostForm
	if form == nil {
		form = url.Values{}
	}
	s.render(w, r, status, "consultation-bank.html", view{Title: "Question bank", Caption: rq.Partnership.Name, Nav: "staff",
		Errors: errs, Form: form, Data: page})
	return nil
}

func (s *Server) questionBank(w http.ResponseWriter, r *http.Request) error {
	return s.renderBank(w, r, http.StatusOK, nil)
}

func (s *Server) addToQuestionBank(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	q := consult.Question{Kind: consult.Kind(f.Get("kind")), Text: strings.TrimSpace(f.Get("text")), Hint: strings.TrimSpace(f.Get("hint")),
		TextGD: strings.TrimSpace(f.Get("text-gd")), HintGD: strings.TrimSpace(f.Get("hint-gd")), HasOther: f.Get("has-other") == "yes"}
	var errs valid.Errors
	readChoices(f, &q, nil, &errs)
	if q.Kind == consult.Text {
		if mc := strings.TrimSpace(f.Get("max-chars")); mc != "" {
			n, err := strconv.Atoi(mc)
			if err != nil || n < 0 {
				errs.Add("max-chars", "Enter the most characters an answer may have as a whole number, like 1000, or leave it blank")
			}
			q.MaxChars = max(n, 0)
		}
	}
	b := consult.BankQuestion{Topic: f.Get("topic"), Kind: q.Kind, Text: q.Text, TextGD: q.TextGD, Hint: q.Hint, HintGD: q.HintGD,
		Options: q.Options, HasOther: q.HasOther, MaxChars: q.MaxChars}
	if len(errs) == 0 {
		_, err := consult.AddBankQuestion(r.Context(), s.db, current(r).Partnership.ID, b, actor(r))
		if err == nil {
			return seeOther(w, r, "/staff/partnerships/"+current(r).Partnership.Slug+"/question-bank", "bank-question-added")
		}
		var ok bool
		if errs, ok = valid.As(err); !ok {
			return err
		}
	} else {
		// Show the bank's own checks too, without repeating a field.
		for _, e := range consult.ValidateBankQuestion(b) {
			if errs.For(e.Field) == "" {
				errs = append(errs, e)
			}
		}
	}
	return s.renderBank(w, r, http.StatusUnprocessableEntity, errs)
}
