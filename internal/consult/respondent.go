package consult

import (
	"fmt"
	"maps"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"coplan/internal/valid"
)

// Publish is a respondent's publishing preference, as the Scottish
// Government's respondent information form offers it (seed 003).
type Publish string

// The publishing preferences.
const (
	WithName     Publish = "with-name"      // publish response with name
	WithoutName  Publish = "without-name"   // publish response only (without name): for individuals
	DoNotPublish Publish = "do-not-publish" // do not publish response
)

// Publishes lists the preferences in the form's order.
var Publishes = []Publish{WithName, WithoutName, DoNotPublish}

// RespondentType says whether a response is from an individual or an
// organisation.
type RespondentType string

// The respondent types.
const (
	Individual   RespondentType = "individual"
	Organisation RespondentType = "organisation"
)

// Relationships are how a respondent is connected to the partnership's
// prescribed groups, so reach can be measured.
var Relationships = []string{"uses-services", "unpaid-carer", "works-in-care", "provider", "third-sector", "other"}

// Respondent is the respondent information form.
type Respondent struct {
	Type          RespondentType
	Name          string // full name or organisation's name
	Phone         string
	Address       string
	Postcode      string
	Email         string
	LocalityID    int64 // derived from the postcode where the partnership maps it
	Publish       Publish
	ContactOK     bool
	ContactSet    bool // the contact question was answered
	Relationships []string
}

var postcodePattern = regexp.MustCompile(`^[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}$`)

// NormalisePostcode upper-cases a postcode and puts one space before the
// inward code ("eh13dg" → "EH1 3DG"). It returns "" for a blank one.
func NormalisePostcode(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) < 5 {
		return s
	}
	return s[:len(s)-3] + " " + s[len(s)-3:]
}

// District is a postcode's outward code: "EH1 3DG" → "EH1".
func District(postcode string) string {
	out, _, _ := strings.Cut(NormalisePostcode(postcode), " ")
	return out
}

// The most characters each of a respondent's details may hold, and an
// answer to a question without a limit of its own (issue 10, item 14).
const (
	MaxNameChars     = 200
	MaxPhoneChars    = 50
	MaxAddressChars  = 500
	MaxPostcodeChars = 20
	MaxEmailChars    = 254 // RFC 5321's longest address
	MaxAnswerChars   = 10_000
)

// respondentLimits pairs each of a respondent's details with its field and
// its limit.
func respondentLimits(r Respondent) []struct {
	field, value string
	max          int
} {
	return []struct {
		field, value string
		max          int
	}{{"rif-name", r.Name, MaxNameChars}, {"rif-phone", r.Phone, MaxPhoneChars}, {"rif-address", r.Address, MaxAddressChars},
		{"rif-postcode", r.Postcode, MaxPostcodeChars}, {"rif-email", r.Email, MaxEmailChars}}
}

// ValidateLengths checks that no answer or detail of a response is longer
// than it may be: an answer within its question's limit (or MaxAnswerChars
// when the question has none), each detail within its own. Every store
// method that writes a response checks it, whatever the page did.
func ValidateLengths(qn Questionnaire, r Response, m Catalog) valid.Errors {
	var errs valid.Errors
	for _, l := range respondentLimits(r.Respondent) {
		if utf8.RuneCountInString(l.value) > l.max {
			errs.Add(l.field, m.Get("error.field-too-long", fmt.Sprint(l.max)))
		}
	}
	byID := map[int64]Question{}
	for _, q := range qn.Questions() {
		byID[q.ID] = q
	}
	for _, id := range slices.Sorted(maps.Keys(r.Answers)) {
		a, q := r.Answers[id], byID[id]
		field := "q-" + q.Code
		if q.Code == "" {
			field = fmt.Sprint("q-", id)
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

// ValidateRespondent checks the respondent information form against the
// fields the consultation requires. The publishing preference is always
// required. Field ids are "rif-type", "rif-name" and so on.
func ValidateRespondent(req Required, r Respondent, m Catalog) valid.Errors {
	var errs valid.Errors
	if r.Type != Individual && r.Type != Organisation {
		errs.Add("rif-type", m.Get("error.respondent-type"))
	}
	if req.Name && strings.TrimSpace(r.Name) == "" {
		errs.Add("rif-name", m.Get("error.name"))
	}
	if req.Phone && strings.TrimSpace(r.Phone) == "" {
		errs.Add("rif-phone", m.Get("error.phone"))
	}
	if req.Address && strings.TrimSpace(r.Address) == "" {
		errs.Add("rif-address", m.Get("error.address"))
	}
	switch pc := NormalisePostcode(r.Postcode); {
	case pc == "" && req.Postcode:
		errs.Add("rif-postcode", m.Get("error.postcode-required"))
	case pc != "" && !postcodePattern.MatchString(pc):
		errs.Add("rif-postcode", m.Get("error.postcode"))
	}
	switch e := strings.TrimSpace(r.Email); {
	case e == "" && req.Email:
		errs.Add("rif-email", m.Get("error.email-required"))
	case e != "":
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			errs.Add("rif-email", m.Get("error.email"))
		}
	}
	if !slices.Contains(Publishes, r.Publish) {
		errs.Add("rif-publish", m.Get("error.publish"))
	}
	for _, l := range respondentLimits(r) {
		if utf8.RuneCountInString(l.value) > l.max && errs.For(l.field) == "" {
			errs.Add(l.field, m.Get("error.field-too-long", fmt.Sprint(l.max)))
		}
	}
	if !r.ContactSet {
		errs.Add("rif-contact", m.Get("error.contact"))
	}
	for _, x := range r.Relationships {
		if !slices.Contains(Relationships, x) {
			errs.Add("rif-relationship", m.Get("error.relationship"))
			break
		}
	}
	return errs
}

// Published says how a response may appear in anything published: whether
// its answers appear at all, and the name shown with them ("" for none).
// The rules are the respondent information form's:
//   - "publish with name": answers and name;
//   - "publish without name": answers, no name for an individual; an
//     organisation's name is still published;
//   - "do not publish": nothing.
func (r Respondent) Published() (answers bool, name string) {
	switch r.Publish {
	case WithName:
		return true, strings.TrimSpace(r.Name)
	case WithoutName:
		if r.Type == Organisation {
			return true, strings.TrimSpace(r.Name)
		}
		return true, ""
	}
	return false, ""
}

// ListedAsResponded says whether the respondent's name may appear in a list
// of those who responded (for example in the analysis report): an
// organisation may be listed even when it asked for its response not to be
// published; an individual only when they agreed to their name being used.
func (r Respondent) ListedAsResponded() (string, bool) {
	if r.Type == Organisation && strings.TrimSpace(r.Name) != "" {
		return strings.TrimSpace(r.Name), true
	}
	if r.Publish == WithName && strings.TrimSpace(r.Name) != "" {
		return strings.TrimSpace(r.Name), true
	}
	return "", false
}

// CheckStatus is where a response is in checking before publication.
type CheckStatus string

// The check statuses.
const (
	Unchecked CheckStatus = "unchecked"
	Accepted  CheckStatus = "accepted"
	Redacted  CheckStatus = "redacted" // published with the redactions applied
	Withheld  CheckStatus = "withheld" // never published, with a reason
)

// Response is one response with its respondent and answers.
type Response struct {
	ID              int64
	ConsultationID  int64
	QuestionnaireID int64
	Reference       string
	Channel         Channel
	Language        string
	Submitted       bool
	Respondent      Respondent
	Answers         Answers
	EnteredBy       string
	Check           CheckStatus
	CheckedBy       string
	WithholdReason  string
	Redactions      Answers   // replacement text per question, kept apart from the original
	SubmittedAt     time.Time // when it was submitted, or entered by staff; zero for a draft

	// saved is the draft's stored state when the store read it (see
	// savedState): a submission whose respondent fields, language and
	// answers still match it need not write them again.
	saved string
}

// PublishedResponse is a response as every public output shows it.
type PublishedResponse struct {
	Reference string
	Name      string // "" when no name may be shown
	Type      RespondentType
	Channel   Channel
	Answers   Answers
}

// Publishable returns the response as it may be published, and false when
// it may not be: only submitted responses that staff have checked (accepted
// or redacted, never unchecked or withheld) and whose respondent did not
// refuse publication. Redacted answers replace the originals. Every public
// output goes through this function.
func Publishable(r Response) (PublishedResponse, bool) {
	if !r.Submitted || (r.Check != Accepted && r.Check != Redacted) {
		return PublishedResponse{}, false
	}
	ok, name := r.Respondent.Published()
	if !ok {
		return PublishedResponse{}, false
	}
	as := Answers{}
	for id, a := range r.Answers {
		if r.Check == Redacted {
			if red, ok := r.Redactions[id]; ok {
				a.Text, a.OtherText = red.Text, red.OtherText
			}
		}
		as[id] = a
	}
	return PublishedResponse{Reference: r.Reference, Name: name, Type: r.Respondent.Type, Channel: r.Channel, Answers: as}, true
}

// ValidateStatedLocality checks the locality a respondent said they live
// in, or that their answer concerns, against the partnership's localities
// (ids): none (0) is an answer, as is one of the partnership's; anything
// else, such as another partnership's locality or a malformed value
// (negative), is refused at the field "rif-locality". The stated locality
// counts only where no mapped postcode places the respondent (the store's
// placeRespondent).
func ValidateStatedLocality(localities []int64, id int64, m Catalog) valid.Errors {
	var errs valid.Errors
	if id != 0 && !slices.Contains(localities, id) {
		errs.Add("rif-locality", m.Get("error.locality"))
	}
	return errs
}
