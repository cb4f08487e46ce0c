package meeting

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"coplan/internal/civil"
	"coplan/internal/governance"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// Apology is a member's apologies for a meeting: recorded for the clerk
// (nobody is emailed), and withdrawn before the meeting if they can come.
type Apology struct {
	ID         int64
	MeetingID  int64
	MemberID   int64
	MemberName string
	Note       string // anything the member wants the clerk to know
	SentAt     time.Time
}

// MaxApologyNote is the most characters an apology's note may hold.
const MaxApologyNote = 1000

// CanChangeApologies says whether a member may send or withdraw apologies
// for meeting m at now: only before it starts.
func CanChangeApologies(m Meeting, now time.Time) error {
	if !now.Before(m.StartsAt) {
		return valid.Errors{{Field: "note", Message: "This meeting has already started, so apologies can no longer be sent or withdrawn here. Tell the clerk directly."}}
	}
	return nil
}

// Version is a paper in another format — large print, easy read, audio,
// braille — for the members who asked for papers in that format
// (governance.Member.PaperFormat).
type Version struct {
	ID          int64
	PaperID     int64
	Format      string // a governance.PaperFormats code
	Filename    string
	ContentType string
	Size        int64
	UploadedBy  string
	CreatedAt   time.Time
}

// OwnVersion reports whether papers in format need a file of their own:
// large print, easy read, audio and braille do; standard papers by email,
// and the same papers printed and posted, do not.
func OwnVersion(format string) bool {
	switch format {
	case "large-print", "easy-read", "audio", "braille":
		return true
	}
	return false
}

// FormatName is a paper format's name in words, e.g. "Large print".
func FormatName(format string) string {
	for _, f := range governance.PaperFormats {
		if f.Code == format {
			return f.Name
		}
	}
	return format
}

// Owed reports whether a paper is still owed in format to a member who
// asked for it: the format needs its own file (OwnVersion) and none of the
// paper's versions, whose formats are have, is in it.
func Owed(format string, have []string) bool {
	return OwnVersion(format) && !slices.Contains(have, format)
}

// OwedFormats lists the formats a paper is still owed in, for members whose
// paper formats are wanted, each once, in the order of governance.PaperFormats.
func OwedFormats(wanted []string, have []string) []string {
	var out []string
	for _, f := range governance.PaperFormats {
		if slices.Contains(wanted, f.Code) && Owed(f.Code, have) {
			out = append(out, f.Code)
		}
	}
	return out
}

// OwedMessage is the flag shown for a paper owed in format, e.g. "Large
// print version still owed".
func OwedMessage(format string) string {
	return FormatName(format) + " version still owed"
}

// RoundMethod is how a representative gathered views.
type RoundMethod struct{ Code, Name string }

// RoundMethods are the ways a representative may gather views.
var RoundMethods = []RoundMethod{
	{"meeting", "A meeting or group discussion"},
	{"survey", "A survey or questionnaire"},
	{"conversations", "One-to-one conversations"},
	{"online", "Online, by email or social media"},
	{"other", "Another way"},
}

// RoundMethodName is a method's name in words.
func RoundMethodName(code string) string {
	for _, m := range RoundMethods {
		if m.Code == code {
			return m.Name
		}
	}
	return code
}

// Round is a representative's round (MSG review of progress with
// integration, proposal 6(iii)): before a meeting, a member who represents
// a prescribed group or a locality gathered the views of the people they
// speak for on an agenda item. It is read by the commissioning room
// through RoundsOf and RoundOf as involvement; every field is a plain value.
type Round struct {
	ID              int64
	MeetingID       int64
	MeetingTitle    string
	MeetingDay      civil.Date // the day of the meeting
	BodyName        string
	AgendaItemID    int64
	AgendaItemTitle string
	MemberID        int64
	MemberName      string // personal: show publicly only if PublishName
	PublishName     bool
	SeatID          int64
	Capacity        string // the seat's capacity in words, with its prescribed group
	HeldOn          civil.Date
	Method          string // a RoundMethods code
	Summary         string // the views, in the representative's words
	// Counts is how many people took part, by group; groups with none are
	// absent.
	Counts      map[statute.ParticipantGroup]int
	LocalityIDs []int64 // the localities the people came from
	RecordedBy  string
	CreatedAt   time.Time
}

// People is how many people took part in all.
func (r Round) People() int {
	n := 0
	for _, c := range r.Counts {
		n += c
	}
	return n
}

// PublicName is the representative's name if they agreed to its being
// public, otherwise their capacity.
func (r Round) PublicName() string {
	if r.PublishName {
		return r.MemberName
	}
	return r.Capacity
}

// MethodName is how the views were gathered, in words.
func (r Round) MethodName() string { return RoundMethodName(r.Method) }

// Represents reports whether a seat speaks for people outside the body: a
// prescribed group's or a locality's representative, whose round of views
// can be recorded.
func Represents(s governance.Seat) bool {
	return s.PrescribedGroup != "" || len(s.LocalityIDs) > 0 || s.Capacity == governance.LocalityRep
}

// SeatCapacity is a seat's capacity in words, with its prescribed group.
func SeatCapacity(s governance.Seat) string {
	if g := s.GroupName(); g != "" {
		return s.Capacity.Name() + ": " + strings.ToLower(g[:1]) + g[1:]
	}
	return s.Capacity.Name()
}

// MaxRoundSummary is the most characters a round's summary may hold.
const MaxRoundSummary = 10_000

// ValidateRound checks a round for a meeting on meetingDay in a partnership
// whose localities are localities. Fields are the ids of the round form.
func ValidateRound(r Round, meetingDay civil.Date, localities []int64) error {
	var errs valid.Errors
	if r.AgendaItemID == 0 {
		errs.Add("agenda_item", "Select the agenda item the views are about")
	}
	if _, ok := civil.ParseDate(string(r.HeldOn)); !ok {
		errs.Add("held_on", "Enter the date you gathered the views as a real date, like 2026-03-31")
	} else if r.HeldOn > meetingDay {
		errs.Add("held_on", fmt.Sprintf("The date must be on or before the day of the meeting, %s", meetingDay))
	}
	if !slices.ContainsFunc(RoundMethods, func(m RoundMethod) bool { return m.Code == r.Method }) {
		errs.Add("method", "Select how you gathered the views")
	}
	for _, g := range statute.ParticipantGroups() {
		if r.Counts[g] < 0 {
			errs.Add("count-"+string(g), "Enter a number of people of 0 or more")
		}
	}
	for g := range r.Counts {
		if !slices.Contains(statute.ParticipantGroups(), g) {
			errs.Add("counts", "Count people by the groups listed")
			break
		}
	}
	if r.People() <= 0 {
		errs.Add("count-"+string(statute.ParticipantGroups()[0]), "Enter how many people gave their views, in at least one group")
	}
	for _, l := range r.LocalityIDs {
		if !slices.Contains(localities, l) {
			errs.Add("localities", "Select localities of this partnership")
			break
		}
	}
	if strings.TrimSpace(r.Summary) == "" {
		errs.Add("summary", "Enter a summary of the views people gave")
	} else if n := utf8.RuneCountInString(r.Summary); n > MaxRoundSummary {
		errs.Add("summary", fmt.Sprintf("The summary must be %d characters or fewer; it has %d", MaxRoundSummary, n))
	}
	return errs.Err()
}
