package governance

import (
	"net/mail"
	"slices"
	"strings"
	"time"

	"coplan/internal/valid"
)

// Support is help a member needs to take part, as the guidance lists it
// (seed 003 s.3.3): accessible papers, interpreters, accessible venues.
type Support struct {
	Code, Name string
}

// SupportOptions are the kinds of support a member can ask for.
var SupportOptions = []Support{
	{"interpreter", "A spoken-language interpreter"},
	{"bsl", "A British Sign Language interpreter"},
	{"large-print", "Papers in large print"},
	{"easy-read", "Papers in easy read"},
	{"hearing-loop", "A hearing loop in the meeting room"},
	{"step-free", "Step-free access to the venue"},
	{"travel", "Help with travel to meetings"},
	{"care-cover", "Cover for my own caring role while I attend"},
	{"pre-meeting", "A briefing before each meeting"},
}

// PaperFormat is how a member wants to receive papers.
type PaperFormat struct {
	Code, Name string
}

// PaperFormats are the formats papers can be sent in.
var PaperFormats = []PaperFormat{
	{"standard", "Standard, by email"},
	{"printed", "Printed and posted"},
	{"large-print", "Large print"},
	{"easy-read", "Easy read"},
	{"audio", "Audio recording"},
	{"braille", "Braille"},
}

// Member is a person who sits on one or more of a partnership's bodies.
type Member struct {
	ID            int64
	PartnershipID int64
	UserID        int64 // the member's coplan account, 0 if they have none
	Name          string
	Email, Phone  string
	PublishName   bool     // agreed to their name being shown on public pages
	SupportNeeds  []string // SupportOptions codes
	SupportNotes  string   // anything else, in their words
	PaperFormat   string   // a PaperFormats code
	CalendarToken string   // secret in the address of their calendar feed
	CreatedAt     time.Time
}

// WithoutPersonal is the member without their personal details — contact
// details, support needs (which can reveal a disability or a caring role,
// special-category data) and paper format — for an account that may read
// the partnership's planning records but not personal details (scrutiny;
// see auth.ReadPersonal). The same rule hides respondents' details.
func (m Member) WithoutPersonal() Member {
	m.Email, m.Phone, m.SupportNeeds, m.SupportNotes, m.PaperFormat, m.CalendarToken = "", "", nil, "", "", ""
	return m
}

// PublicName is the name to show publicly: the member's name if they agreed,
// otherwise a neutral phrase.
func (m Member) PublicName() string {
	if m.PublishName {
		return m.Name
	}
	return "Name withheld at the member's request"
}

// Needs reports whether the member asked for a kind of support.
func (m Member) Needs(code string) bool { return slices.Contains(m.SupportNeeds, code) }

// SupportNames lists the support the member asked for, in words.
func (m Member) SupportNames() []string {
	var out []string
	for _, o := range SupportOptions {
		if m.Needs(o.Code) {
			out = append(out, o.Name)
		}
	}
	return out
}

// PaperFormatName is the member's paper format in words.
func (m Member) PaperFormatName() string {
	for _, f := range PaperFormats {
		if f.Code == m.PaperFormat {
			return f.Name
		}
	}
	return m.PaperFormat
}

// ValidateMember checks a member's details.
func ValidateMember(m Member) error {
	var errs valid.Errors
	if strings.TrimSpace(m.Name) == "" {
		errs.Add("name", "Enter the member's name")
	}
	if m.Email != "" {
		if a, err := mail.ParseAddress(m.Email); err != nil || a.Address != m.Email {
			errs.Add("email", "Enter an email address in the correct format, like name@example.org")
		}
	}
	for _, n := range m.SupportNeeds {
		if !slices.ContainsFunc(SupportOptions, func(o Support) bool { return o.Code == n }) {
			errs.Add("support", "Select support from the list")
			break
		}
	}
	if !slices.ContainsFunc(PaperFormats, func(f PaperFormat) bool { return f.Code == m.PaperFormat }) {
		errs.Add("paper_format", "Select how papers should be sent")
	}
	return errs.Err()
}
