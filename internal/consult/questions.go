package consult

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"coplan/internal/valid"
)

// Kind is the kind of a question.
type Kind string

// The kinds of question.
const (
	Scale    Kind = "scale"    // a closed scale, such as the five-point agree scale
	Single   Kind = "single"   // choose one
	Multiple Kind = "multiple" // choose any
	Text     Kind = "text"     // free text
)

// Kinds lists the kinds in the order forms offer them.
var Kinds = []Kind{Scale, Single, Multiple, Text}

// Name is the kind in words.
func (k Kind) Name() string {
	switch k {
	case Scale:
		return "Scale"
	case Single:
		return "Choose one"
	case Multiple:
		return "Choose any that apply"
	case Text:
		return "Free text"
	}
	return string(k)
}

// Option is one answer a respondent can choose.
type Option struct {
	Value   string `json:"value"`
	Label   string `json:"label"`
	LabelGD string `json:"label_gd,omitempty"`
}

// OtherValue is the value of the "Other, please specify" option.
const OtherValue = "other"

// AgreeScale is the five-point scale of the Scottish Government's
// consultations, as seed 003's questionnaire gives it (Questions 1 and 3).
var AgreeScale = []Option{
	{"strongly-agree", "Strongly agree", "Aontaich gu làidir"},
	{"mostly-agree", "Mostly agree", "Aontaich sa mhòr-chuid"},
	{"neither", "Neither agree nor disagree", "Na aontaich is na eas-aontaich"},
	{"mostly-disagree", "Mostly disagree", "Eas-aontaich sa mhòr-chuid"},
	{"strongly-disagree", "Strongly disagree", "Eas-aontaich gu làidir"},
}

// Rule is one display condition: the question with Code has one of Values
// among its answers.
type Rule struct {
	Question string   `json:"question"`
	Values   []string `json:"values"`
}

// Conditions decide whether a follow-up question is shown: all of the rules
// must hold (Match "all", the default) or any of them ("any"). A question
// with no rules is always shown.
type Conditions struct {
	Match string `json:"match,omitempty"`
	Rules []Rule `json:"rules"`
}

// Question is one question of a questionnaire.
type Question struct {
	ID         int64
	SectionID  int64
	Position   int
	Code       string // "Q1": stable within a questionnaire; conditions refer to it
	Kind       Kind
	Text       string
	TextGD     string
	Hint       string
	HintGD     string
	Required   bool
	Options    []Option
	HasOther   bool // adds "Other, please specify"
	MaxChars   int  // for free text; 0 for no limit
	Conditions Conditions
	// Topic is the bank's topic when the question was added from the
	// question bank ("Equality monitoring: age"), "" for a partnership's
	// own: the analysis counts reach by the answers to monitoring
	// questions and to the prescribed groups question (ReachOf).
	Topic string
}

// Localised returns the question's text and hint in lang ("en" or "gd"),
// falling back to English where no translation was given.
func (q Question) Localised(lang string) (text, hint string) {
	text, hint = q.Text, q.Hint
	if lang == "gd" {
		if q.TextGD != "" {
			text = q.TextGD
		}
		if q.HintGD != "" {
			hint = q.HintGD
		}
	}
	return text, hint
}

// OptionLabel is an option's label in lang.
func (o Option) OptionLabel(lang string) string {
	if lang == "gd" && o.LabelGD != "" {
		return o.LabelGD
	}
	return o.Label
}

// Section is one page of a questionnaire.
type Section struct {
	ID        int64
	Position  int
	Title     string
	TitleGD   string
	Intro     string
	IntroGD   string
	Questions []Question
}

// Questionnaire is one version of a consultation's questions.
type Questionnaire struct {
	ID             int64
	ConsultationID int64
	Version        int
	Reason         string // why this version replaced the last
	Sections       []Section
}

// Questions lists every question in order.
func (qn Questionnaire) Questions() []Question {
	var out []Question
	for _, s := range qn.Sections {
		out = append(out, s.Questions...)
	}
	return out
}

// Answer is a respondent's answer to one question.
type Answer struct {
	QuestionID int64
	Choices    []string // option values chosen (scale, single, multiple)
	Text       string   // free text
	OtherText  string   // the words behind "Other, please specify"
}

// Empty reports whether nothing was answered.
func (a Answer) Empty() bool {
	return len(a.Choices) == 0 && strings.TrimSpace(a.Text) == "" && strings.TrimSpace(a.OtherText) == ""
}

// Answers are a response's answers by question id.
type Answers map[int64]Answer

// Visible reports whether question q is shown, given the answers so far.
// A rule about a question that is itself hidden does not hold, so a chain
// of follow-ups collapses together.
func (qn Questionnaire) Visible(q Question, as Answers) bool {
	return qn.visible(q, as, 0)
}

func (qn Questionnaire) visible(q Question, as Answers, depth int) bool {
	if len(q.Conditions.Rules) == 0 {
		return true
	}
	if depth > 20 {
		return false // a cycle; ValidateQuestionnaire refuses these
	}
	byCode := map[string]Question{}
	for _, x := range qn.Questions() {
		byCode[x.Code] = x
	}
	holds := func(r Rule) bool {
		target, ok := byCode[r.Question]
		if !ok || !qn.visible(target, as, depth+1) {
			return false
		}
		for _, c := range as[target.ID].Choices {
			if slices.Contains(r.Values, c) {
				return true
			}
		}
		return false
	}
	if q.Conditions.Match == "any" {
		return slices.ContainsFunc(q.Conditions.Rules, holds)
	}
	for _, r := range q.Conditions.Rules {
		if !holds(r) {
			return false
		}
	}
	return true
}

// Prune drops answers to questions that are hidden by the other answers
// (a respondent who changed their mind), so nothing hidden is kept or
// exported, and nothing shown is lost.
func (qn Questionnaire) Prune(as Answers) Answers {
	out := Answers{}
	for _, q := range qn.Questions() {
		if a, ok := as[q.ID]; ok && !a.Empty() && qn.Visible(q, as) {
			out[q.ID] = a
		}
	}
	return out
}

// ValidateSection checks the answers to one page: required visible
// questions answered, choices among the options, "other" explained, text
// within its limit. Field ids are "q-CODE" (and "q-CODE-other").
func (qn Questionnaire) ValidateSection(s Section, as Answers, m Catalog) valid.Errors {
	var errs valid.Errors
	lang := m.Lang
	for _, q := range s.Questions {
		if !qn.Visible(q, as) {
			continue
		}
		field := "q-" + q.Code
		a := as[q.ID]
		text, _ := q.Localised(lang)
		if q.Required && a.Empty() {
			if q.Kind == Text {
				errs.Add(field, m.Get("error.required-text", text))
			} else {
				errs.Add(field, m.Get("error.required-choice", text))
			}
			continue
		}
		if q.Kind != Text {
			if (q.Kind == Scale || q.Kind == Single) && len(a.Choices) > 1 {
				errs.Add(field, m.Get("error.one-choice", text))
			}
			for _, c := range a.Choices {
				if !slices.ContainsFunc(q.Options, func(o Option) bool { return o.Value == c }) && !(q.HasOther && c == OtherValue) {
					errs.Add(field, m.Get("error.bad-choice", text))
					break
				}
			}
			if q.HasOther && slices.Contains(a.Choices, OtherValue) && strings.TrimSpace(a.OtherText) == "" {
				errs.Add(field+"-other", m.Get("error.other-empty"))
			}
		}
		if n := q.AnswerLimit(); utf8.RuneCountInString(a.Text) > n {
			errs.Add(field, m.Get("error.too-long", fmt.Sprint(n)))
		}
		if utf8.RuneCountInString(a.OtherText) > MaxAnswerChars {
			errs.Add(field+"-other", m.Get("error.too-long", fmt.Sprint(MaxAnswerChars)))
		}
	}
	return errs
}

// AnswerLimit is the most characters an answer to q may hold: its own
// limit, or MaxAnswerChars when it has none (or a larger one).
func (q Question) AnswerLimit() int {
	if q.MaxChars > 0 && q.MaxChars < MaxAnswerChars {
		return q.MaxChars
	}
	return MaxAnswerChars
}

// ValidateQuestionnaire checks a questionnaire as staff build it: codes
// unique, every choice question has options, conditions refer to earlier
// choice questions and to their options.
func ValidateQuestionnaire(qn Questionnaire) valid.Errors {
	var errs valid.Errors
	seen := map[string]Question{}
	for _, s := range qn.Sections {
		if strings.TrimSpace(s.Title) == "" {
			errs.Add("section", "Give every section a title")
		}
		for _, q := range s.Questions {
			if strings.TrimSpace(q.Code) == "" {
				errs.Add("code", "Give every question a short code, like Q1")
			} else if _, dup := seen[q.Code]; dup {
				errs.Add("code", fmt.Sprintf("Two questions have the code %s: codes must be different", q.Code))
			}
			if strings.TrimSpace(q.Text) == "" {
				errs.Add("text", "Enter the wording of question "+q.Code)
			}
			if !slices.Contains(Kinds, q.Kind) {
				errs.Add("kind", "Choose what kind of question "+q.Code+" is")
			}
			if q.Kind != Text && len(q.Options) == 0 && !q.HasOther {
				errs.Add("options", "Give question "+q.Code+" at least one answer to choose")
			}
			for _, r := range q.Conditions.Rules {
				target, ok := seen[r.Question]
				switch {
				case !ok:
					errs.Add("conditions", fmt.Sprintf("Question %s can only depend on a question before it (not %s)", q.Code, r.Question))
				case target.Kind == Text:
					errs.Add("conditions", fmt.Sprintf("Question %s depends on %s, which is free text: depend on a question with choices", q.Code, r.Question))
				default:
					for _, v := range r.Values {
						if !slices.ContainsFunc(target.Options, func(o Option) bool { return o.Value == v }) && v != OtherValue {
							errs.Add("conditions", fmt.Sprintf("Question %s depends on an answer %q that %s does not offer", q.Code, v, r.Question))
						}
					}
				}
			}
			seen[q.Code] = q
		}
	}
	return errs
}
