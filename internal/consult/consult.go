// Package consult runs consultations: a partnership's questionnaire, the
// respondent information form with each respondent's publishing preference,
// responses from every channel, checking before publication, and the
// publishable view of responses that every public output must use.
//
// The Scottish Government's practice (seed 003, "Responding to this
// Consultation" and the Respondent Information Form) is the model: save and
// return before closing, a copy of the response by email, a route for
// comments and complaints, responses published only with permission and
// after checking for potentially defamatory material.
package consult

import (
	"crypto/rand"
	"strings"
	"time"
)

// Audience is who a consultation is for.
type Audience string

// The audiences a consultation can have.
const (
	Public        Audience = "public"        // anyone
	SPGAudience   Audience = "spg"           // the Strategic Planning Group
	Consultees    Audience = "consultees"    // named consultees (e.g. the second draft's, s.33)
	Organisations Audience = "organisations" // a list of organisations
)

// Audiences lists the audiences in the order forms offer them.
var Audiences = []Audience{Public, SPGAudience, Consultees, Organisations}

// Name is the audience in words.
func (a Audience) Name() string {
	switch a {
	case Public:
		return "The public"
	case SPGAudience:
		return "The Strategic Planning Group"
	case Consultees:
		return "Named consultees"
	case Organisations:
		return "A list of organisations"
	}
	return string(a)
}

// Consultation is one consultation of a partnership.
type Consultation struct {
	ID            int64
	PartnershipID int64
	Title         string
	Summary       string
	Body          string
	Audience      Audience
	AudienceNote  string // the organisations or consultees, in words
	OpensAt       time.Time
	ClosesAt      time.Time
	Contact       string // where comments and complaints about how it was run go
	Require       Required
	LocalityIDs   []int64
	FunctionIDs   []int64
	PublishedAt   time.Time // zero while a draft
	AnalysedAt    time.Time
	ReportedAt    time.Time
	ReportURL     string // where the analysis report is published, if not an uploaded document
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Required says which fields of the respondent information form a
// partnership's form requires. The publishing preference is always asked
// and always required.
type Required struct {
	Name, Email, Phone, Address, Postcode bool
}

// Status is where a consultation is in its life.
type Status string

// The statuses, in order.
const (
	Draft     Status = "draft"     // being prepared; only staff see it
	Scheduled Status = "scheduled" // published, not yet open
	Open      Status = "open"      // taking responses
	Closed    Status = "closed"    // closing time has passed
	Analysed  Status = "analysed"  // responses analysed
	Reported  Status = "reported"  // analysis report published
)

// StatusAt is the consultation's status at time now.
func (c Consultation) StatusAt(now time.Time) Status {
	switch {
	case c.PublishedAt.IsZero():
		return Draft
	case !c.ReportedAt.IsZero():
		return Reported
	case !c.AnalysedAt.IsZero():
		return Analysed
	case now.Before(c.OpensAt):
		return Scheduled
	case now.Before(c.ClosesAt):
		return Open
	}
	return Closed
}

// Late reports whether response r reached coplan after consultation c
// closed: a paper or email response keyed in after the closing time. It is
// put before the planning team like every other response, but counted
// apart, and never changes a statement already published (issue 10,
// item 12).
func (c Consultation) Late(r Response) bool {
	return r.Submitted && !r.SubmittedAt.IsZero() && !r.SubmittedAt.Before(c.ClosesAt)
}

// Name is the status in words.
func (s Status) Name() string {
	switch s {
	case Draft:
		return "Draft"
	case Scheduled:
		return "Not yet open"
	case Open:
		return "Open"
	case Closed:
		return "Closed"
	case Analysed:
		return "Analysed"
	case Reported:
		return "Reported"
	}
	return string(s)
}

// Channel is how a response reached the partnership.
type Channel string

// The channels.
const (
	Online     Channel = "online"
	Paper      Channel = "paper"
	Email      Channel = "email"
	Event      Channel = "event"
	FocusGroup Channel = "focus-group"
	Interview  Channel = "interview"
)

// Channels lists every channel; StaffChannels those staff enter.
var (
	Channels      = []Channel{Online, Paper, Email, Event, FocusGroup, Interview}
	StaffChannels = []Channel{Paper, Email, Event, FocusGroup, Interview}
)

// Name is the channel in words.
func (c Channel) Name() string {
	switch c {
	case Online:
		return "Online"
	case Paper:
		return "Paper form"
	case Email:
		return "Email"
	case Event:
		return "Event"
	case FocusGroup:
		return "Focus group"
	case Interview:
		return "Interview"
	}
	return string(c)
}

// NewReference makes a response's reference number: a prefix from the
// partnership, then eight characters from an alphabet without look-alikes
// (no 0/O, 1/I/L), e.g. "GLE-7K3M-9QX2".
func NewReference(prefix string) string {
	const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
	b := make([]byte, 8)
	rand.Read(b)
	var sb strings.Builder
	p := strings.ToUpper(prefix)
	if len(p) > 3 {
		p = p[:3]
	}
	if p == "" {
		p = "CON"
	}
	sb.WriteString(p)
	for i, x := range b {
		if i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(alphabet[int(x)%len(alphabet)])
	}
	return sb.String()
}
