package consultweb

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/partnership"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// questionnaireState is the current questions of a consultation, whether
// responses have locked them, and their versions.
type questionnaireState struct {
	Questionnaire consult.Questionnaire
	Locked        bool
	Versions      []consult.Version
}

func (s *Handlers) questionnaireState(r *http.Request, c consult.Consultation) (questionnaireState, error) {
	ctx := r.Context()
	qn, err := s.store(r).CurrentQuestionnaire(ctx, c.ID)
	if err != nil {
		return questionnaireState{}, err
	}
	locked, err := s.store(r).HasResponses(ctx, qn.ID)
	if err != nil {
		return questionnaireState{}, err
	}
	vs, err := s.store(r).Versions(ctx, c.ID)
	return questionnaireState{Questionnaire: qn, Locked: locked, Versions: vs}, err
}

// questionFormData is what the question form needs: the sections to put a
// question in and the earlier choice questions a follow-up can depend on.
// The questions page, a question's page and the question bank share it.
type questionFormData struct {
	Consultation consult.Consultation
	Sections     []shownSection
	Targets      []consult.Question // questions with choices that a follow-up can depend on
	// The choices of the form's page, kind and condition fields.
	SectionOptions, KindOptions, TargetOptions []kit.Option
	BankOptions                                []kit.Option // the bank's questions, to add one
	Rules                                      []int        // the numbers of the condition rows: 1, 2, 3
	Locked                                     bool
	Versions                                   []consult.Version
	Bank                                       []consult.BankQuestion
	ForBank                                    bool             // the form adds to the question bank: no section, code or condition
	Question                                   consult.Question // the question being changed, on its own page
	CanEdit                                    bool
}

// maxRules is how many conditions a follow-up may have on the form.
const maxRules = 3

func (s *Handlers) questionFormData(r *http.Request, c consult.Consultation, st questionnaireState) (questionFormData, error) {
	rq := kit.Current(r)
	d := questionFormData{Consultation: c, Sections: showSections(st.Questionnaire), KindOptions: kindOptions(), Rules: []int{1, 2, 3},
		Locked: st.Locked, Versions: st.Versions, CanEdit: auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID)}
	for _, s := range d.Sections {
		d.SectionOptions = append(d.SectionOptions, kit.Option{Value: strconv.Itoa(s.Number), Label: fmt.Sprintf("Page %d: %s", s.Number, s.Title)})
	}
	if len(d.SectionOptions) == 0 {
		d.SectionOptions = []kit.Option{{Value: "1", Label: "Page 1: Questions"}}
	}
	d.TargetOptions = []kit.Option{{Value: "", Label: "No condition"}}
	for _, q := range st.Questionnaire.Questions() {
		if q.Kind != consult.Text {
			d.Targets = append(d.Targets, q)
			d.TargetOptions = append(d.TargetOptions, kit.Option{Value: q.Code, Label: q.Code + ": " + q.Text})
		}
	}
	if d.CanEdit {
		bank, err := s.store(r).BankQuestions(r.Context())
		if err != nil {
			return d, err
		}
		d.Bank = bank
		d.BankOptions = []kit.Option{{Value: "", Label: "Select a question"}}
		for _, b := range bank {
			d.BankOptions = append(d.BankOptions, kit.Option{Value: strconv.FormatInt(b.ID, 10), Label: b.Topic + ": " + b.Text})
		}
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
func (s *Handlers) saveQuestions(r *http.Request, c consult.Consultation, qn consult.Questionnaire, reasonField string) error {
	_, err := s.store(r).SaveQuestionnaire(r.Context(), c, qn, r.PostForm.Get(reasonField), kit.Actor(r))
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

func (s *Handlers) renderQuestions(w http.ResponseWriter, r *http.Request, c consult.Consultation, st questionnaireState, status int, errs valid.Errors) error {
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
	s.pages.Render(w, r, status, "consultation-questions.html", kit.View{Title: "Questions", Caption: c.Title, Nav: "staff",
		Errors: errs, Form: form, Data: data})
	return nil
}

func (s *Handlers) questionsPage(w http.ResponseWriter, r *http.Request) error {
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

func (s *Handlers) addQuestion(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if _, err := kit.ParseForm(w, r); err != nil {
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
			return kit.SeeOther(w, r, questionsAddress(kit.Current(r).Partnership, c, "", ""), "question-added")
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

func (s *Handlers) addQuestionFromBank(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if _, err := kit.ParseForm(w, r); err != nil {
		return err
	}
	st, err := s.questionnaireState(r, c)
	if err != nil {
		return err
	}
	f := r.PostForm
	var errs valid.Errors
	id, _ := strconv.ParseInt(f.Get("bank-id"), 10, 64)
	b, err := s.store(r).BankQuestion(r.Context(), id)
	if errors.Is(err, valid.ErrNotFound) {
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
			return kit.SeeOther(w, r, questionsAddress(kit.Current(r).Partnership, c, "", ""), "question-added")
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

func (s *Handlers) addSection(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if _, err := kit.ParseForm(w, r); err != nil {
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
			return kit.SeeOther(w, r, questionsAddress(kit.Current(r).Partnership, c, "", ""), "section-added")
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
		return consult.Question{}, 0, kit.ErrNotFound
	}
	return qn.Sections[si].Questions[qi], si, nil
}

func (s *Handlers) renderQuestion(w http.ResponseWriter, r *http.Request, c consult.Consultation, st questionnaireState, q consult.Question,
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
	s.pages.Render(w, r, status, "consultation-question.html", kit.View{Title: "Question " + q.Code, Caption: c.Title, Nav: "staff",
		Errors: errs, Form: form, Data: data})
	return nil
}

func (s *Handlers) questionForm(w http.ResponseWriter, r *http.Request) error {
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

func (s *Handlers) updateQuestion(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if _, err := kit.ParseForm(w, r); err != nil {
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
			return kit.SeeOther(w, r, questionsAddress(kit.Current(r).Partnership, c, "", "question-"+q.Code), "question-saved")
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
func (s *Handlers) questionAction(w http.ResponseWriter, r *http.Request, action string,
	change func(qn consult.Questionnaire, q consult.Question) (consult.Questionnaire, error)) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if _, err := kit.ParseForm(w, r); err != nil {
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
		return kit.SeeOther(w, r, questionsAddress(kit.Current(r).Partnership, c, "", fragment), "question-"+action+"d")
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

func (s *Handlers) moveQuestion(w http.ResponseWriter, r *http.Request) error {
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

func (s *Handlers) deleteQuestion(w http.ResponseWriter, r *http.Request) error {
	return s.questionAction(w, r, "delete", func(qn consult.Questionnaire, q consult.Question) (consult.Questionnaire, error) {
		return qn.RemoveQuestion(q.Code)
	})
}

// sectionFromPath is the section named by {section}: its number, from 1.
func sectionFromPath(r *http.Request, qn consult.Questionnaire) (int, error) {
	n, err := strconv.Atoi(r.PathValue("section"))
	if err != nil || n < 1 || n > len(qn.Sections) {
		return 0, kit.ErrNotFound
	}
	return n - 1, nil
}

func (s *Handlers) renderSection(w http.ResponseWriter, r *http.Request, c consult.Consultation, st questionnaireState, i int,
	form url.Values, status int, errs valid.Errors) error {
	s.pages.Render(w, r, status, "consultation-section.html", kit.View{Title: fmt.Sprintf("Page %d of the questions", i+1), Caption: c.Title,
		Nav: "staff", Errors: errs, Form: form, Data: struct {
			Consultation consult.Consultation
			Section      shownSection
			Locked       bool
		}{c, showSections(st.Questionnaire)[i], st.Locked}})
	return nil
}

func (s *Handlers) sectionForm(w http.ResponseWriter, r *http.Request) error {
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
func (s *Handlers) sectionChange(w http.ResponseWriter, r *http.Request, reasonField, done string,
	change func(qn consult.Questionnaire, i int) (consult.Questionnaire, error)) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if _, err := kit.ParseForm(w, r); err != nil {
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
		return kit.SeeOther(w, r, questionsAddress(kit.Current(r).Partnership, c, "", ""), done)
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
		return kit.ErrNotFound
	}
	return s.renderSection(w, r, c, st, i, r.PostForm, http.StatusUnprocessableEntity, errs)
}

func (s *Handlers) updateSection(w http.ResponseWriter, r *http.Request) error {
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

func (s *Handlers) deleteSection(w http.ResponseWriter, r *http.Request) error {
	return s.sectionChange(w, r, "delete-section-reason", "section-deleted", func(qn consult.Questionnaire, i int) (consult.Questionnaire, error) {
		return qn.RemoveSection(i)
	})
}

// bankPage is the question bank: the national questions and the
// partnership's own, grouped by topic.
type bankPage struct {
	National, Own []consult.BankQuestion
	KindOptions   []kit.Option
	CanEdit       bool
	ForBank       bool
}

func (s *Handlers) renderBank(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	rq := kit.Current(r)
	bank, err := s.store(r).BankQuestions(r.Context())
	if err != nil {
		return err
	}
	page := bankPage{KindOptions: kindOptions(), CanEdit: auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID), ForBank: true}
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
	s.pages.Render(w, r, status, "consultation-bank.html", kit.View{Title: "Question bank", Caption: rq.Partnership.Name, Nav: "staff",
		Errors: errs, Form: form, Data: page})
	return nil
}

func (s *Handlers) questionBank(w http.ResponseWriter, r *http.Request) error {
	return s.renderBank(w, r, http.StatusOK, nil)
}

func (s *Handlers) addToQuestionBank(w http.ResponseWriter, r *http.Request) error {
	if _, err := kit.ParseForm(w, r); err != nil {
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
		_, err := s.store(r).AddBankQuestion(r.Context(), b, kit.Actor(r))
		if err == nil {
			return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "question-bank"), "bank-question-added")
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

// kindOptions are the kinds of question, for the question forms.
func kindOptions() []kit.Option {
	var out []kit.Option
	for _, k := range consult.Kinds {
		out = append(out, kit.Option{Value: string(k), Label: k.Name()})
	}
	return out
}
