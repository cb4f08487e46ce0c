// Package meeting keeps the meetings of a partnership's governance bodies —
// the Strategic Planning Group, the integration joint board, its committees
// and locality planning groups — with their agendas, papers and decisions.
//
// Its central rule, LateIssue, says whether papers went out in time: each
// body sets a notice period (governance.Body.NoticeDays) and papers are due
// that many calendar days, in Scotland, before the day of the meeting.
// Members who represent carers, service users and the third sector need
// that time to consult the people they speak for (MSG review of progress
// with integration, proposal 6(iii)); coplan records when papers were
// issued and warns the officer when they went out late.
package meeting

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"coplan/internal/civil"
	"coplan/internal/files"
	"coplan/internal/governance"
	"coplan/internal/valid"
)

// Meeting is one meeting of a governance body.
type Meeting struct {
	ID         int64
	BodyID     int64
	Title      string // e.g. "Ordinary meeting"
	StartsAt   time.Time
	EndsAt     time.Time // zero if not recorded
	Place      string    // where people meet in person, "" for online only
	OnlineLink string    // the address to join online, "" for in person only
	Minutes    string    // the minutes, once written
	CreatedAt  time.Time

	// From the body, filled in when a meeting is read.
	BodyName   string
	NoticeDays int
}

// Day is the date of the meeting in Scotland.
func (m Meeting) Day() governance.Date { return governance.Day(m.StartsAt) }

// MayRead says whether a member may read a meeting's issued papers: they
// held a seat on the meeting's body on the day of the meeting. A board
// member does not read the SPG's papers, nor a locality group's, unless
// they sit on it too; staff read every paper on the staff pages.
func MayRead(seats []governance.Seat, m Meeting) bool {
	for _, s := range seats {
		if s.BodyID == m.BodyID && s.HeldOn(m.Day()) {
			return true
		}
	}
	return false
}

// DueBy is the last day on which the meeting's papers are in time.
func (m Meeting) DueBy() governance.Date { return DueBy(m.StartsAt, m.NoticeDays) }

// Name is how the meeting is named in lists and page titles: its title and
// date, e.g. "Ordinary meeting, 3 March 2026".
func (m Meeting) Name() string { return m.Title + ", " + m.Day().String() }

// AgendaItem is one item of a meeting's agenda.
type AgendaItem struct {
	ID          int64
	MeetingID   int64
	Position    int // 1, 2, 3... in the order the meeting takes them
	Title       string
	Description string
}

// Paper is a document for a meeting. Its content is stored with it and
// read separately (see Store.PaperFile), so lists of papers stay small.
type Paper struct {
	ID           int64
	MeetingID    int64
	AgendaItemID int64 // 0 if the paper is for the meeting as a whole
	Title        string
	Filename     string
	ContentType  string
	Size         int64
	IssuedAt     time.Time // zero until the papers are issued
	UploadedBy   string
	CreatedAt    time.Time
}

// Issued reports whether the paper has been issued to members.
func (p Paper) Issued() bool { return !p.IssuedAt.IsZero() }

// SizeText is the file's size for people: "12 KB", "1.4 MB".
func (p Paper) SizeText() string {
	switch {
	case p.Size < 1024:
		return fmt.Sprintf("%d bytes", p.Size)
	case p.Size < 1024*1024:
		return fmt.Sprintf("%d KB", (p.Size+1023)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(p.Size)/(1024*1024))
}

// FormatName is the kind of file in words: "PDF", "Word", "OpenDocument text".
func (p Paper) FormatName() string {
	for _, f := range files.Papers.Formats {
		if f.ContentType == p.ContentType {
			return f.Name
		}
	}
	return "File"
}

// Decision is a decision recorded in a meeting's minutes, with how the
// voting members decided and how the views of non-voting members (on an
// integration joint board, for example, the carers', service users' and
// third sector representatives) were recorded.
type Decision struct {
	ID             int64
	MeetingID      int64
	AgendaItemID   int64 // 0 if the decision belongs to no one item
	Text           string
	VotingRecord   string // how the voting members decided, e.g. "Agreed unanimously"
	NonVotingViews string // the views the non-voting members gave
	CreatedAt      time.Time
}

// LateIssue says whether papers issued at issued were late for a meeting
// starting at meetingStart, for a body with a notice period of noticeDays,
// and by how many days. Papers are due noticeDays calendar days before the
// day of the meeting, counted in Scotland's time: with a 7-day notice
// period, papers for a meeting on Thursday 12 March are due by Thursday 5
// March, and papers issued at any time on 5 March are in time.
func LateIssue(meetingStart, issued time.Time, noticeDays int) (late bool, daysShort int) {
	due := dayNumber(governance.Day(meetingStart)) - noticeDays
	got := dayNumber(governance.Day(issued))
	if got <= due {
		return false, 0
	}
	return true, got - due
}

// DueBy is the last day on which papers for a meeting starting at
// meetingStart are in time.
func DueBy(meetingStart time.Time, noticeDays int) governance.Date {
	return governance.Day(meetingStart).AddDays(-noticeDays)
}

// dayNumber counts days from 1 January 1970 to a calendar date, so that the
// difference of two is a number of days whatever the clocks did between.
func dayNumber(d governance.Date) int {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return 0
	}
	return int(t.Unix() / 86400)
}

// Warning is something an officer should know about when a meeting's
// papers went out, or have not.
type Warning struct {
	IssuedOn   governance.Date // the day late papers were issued; "" if the papers are not issued yet
	DaysLate   int             // how many days after the due date they were issued
	Papers     int             // how many papers this is about (0: no papers at all)
	DueBy      governance.Date
	NoticeDays int
}

// Message is the warning in words for the officer.
func (w Warning) Message() string {
	period := fmt.Sprintf("the body's %d-day notice period", w.NoticeDays)
	switch {
	case w.IssuedOn != "":
		what := "Papers for this meeting were"
		if w.Papers == 1 {
			what = "1 paper for this meeting was"
		} else if w.Papers > 1 {
			what = fmt.Sprintf("%d papers for this meeting were", w.Papers)
		}
		return fmt.Sprintf("%s issued on %s, %s later than %s allows: they were due by %s.",
			what, w.IssuedOn, plural(w.DaysLate, "day"), period, w.DueBy)
	case w.Papers == 0:
		return fmt.Sprintf("No papers have been issued for this meeting. By %s they were due by %s.", period, w.DueBy)
	case w.Papers == 1:
		return fmt.Sprintf("1 paper has not been issued yet. By %s papers for this meeting were due by %s.", period, w.DueBy)
	}
	return fmt.Sprintf("%d papers have not been issued yet. By %s papers for this meeting were due by %s.", w.Papers, period, w.DueBy)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Warnings checks a meeting's papers at time now against its body's notice
// period (m.NoticeDays): one warning for each day on which papers were
// issued late, and one if the due date has passed with papers still not
// issued — or, before the meeting, with no papers at all.
func Warnings(m Meeting, papers []Paper, now time.Time) []Warning {
	base := Warning{DueBy: m.DueBy(), NoticeDays: m.NoticeDays}
	var out []Warning
	byDay := map[governance.Date]int{}
	unissued := 0
	for _, p := range papers {
		if !p.Issued() {
			unissued++
			continue
		}
		if late, days := LateIssue(m.StartsAt, p.IssuedAt, m.NoticeDays); late {
			day := governance.Day(p.IssuedAt)
			if i, ok := byDay[day]; ok {
				out[i].Papers++
				continue
			}
			w := base
			w.IssuedOn, w.DaysLate, w.Papers = day, days, 1
			byDay[day] = len(out)
			out = append(out, w)
		}
	}
	overdue, _ := LateIssue(m.StartsAt, now, m.NoticeDays)
	switch {
	case overdue && unissued > 0:
		w := base
		w.Papers = unissued
		out = append(out, w)
	case overdue && len(papers) == 0 && now.Before(m.StartsAt):
		out = append(out, base)
	}
	return out
}

// PaperLate reports whether one paper was issued late for its meeting, and
// by how many days.
func PaperLate(m Meeting, p Paper) (bool, int) {
	if !p.Issued() {
		return false, 0
	}
	return LateIssue(m.StartsAt, p.IssuedAt, m.NoticeDays)
}

// ParseWhen reads a meeting's date (YYYY-MM-DD) and a time of day (HH:MM,
// 24-hour clock) as typed on a form, in Scotland's time.
func ParseWhen(date, clock string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(date)+" "+strings.TrimSpace(clock), london)
	return t, err == nil
}

var london = civil.London

// MaxMinutesChars is the most characters a meeting's minutes may hold.
const MaxMinutesChars = 50_000

// Validate checks a meeting's details. Meetings in the past may be
// recorded too, so that a partnership can add the meetings it held before
// it used coplan. Fields are the ids of the meeting form.
func Validate(m Meeting) error {
	var errs valid.Errors
	if n := utf8.RuneCountInString(m.Minutes); n > MaxMinutesChars {
		errs.Add("minutes", fmt.Sprintf("The minutes must be %d characters or fewer; they have %d", MaxMinutesChars, n))
	}
	if strings.TrimSpace(m.Title) == "" {
		errs.Add("title", "Enter the meeting's title, for example Ordinary meeting")
	}
	if m.StartsAt.IsZero() {
		errs.Add("date", "Enter the date and start time of the meeting, like 2026-03-31 and 10:00")
	}
	if !m.EndsAt.IsZero() && !m.StartsAt.IsZero() && !m.EndsAt.After(m.StartsAt) {
		errs.Add("ends", "The meeting must end after it starts")
	}
	if strings.TrimSpace(m.Place) == "" && strings.TrimSpace(m.OnlineLink) == "" {
		errs.Add("place", "Enter where the meeting is held, or a link to join it online, or both")
	}
	if link := strings.TrimSpace(m.OnlineLink); link != "" {
		u, err := url.Parse(link)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs.Add("online_link", "Enter the link to join online as a full web address, starting with https://")
		}
	}
	return errs.Err()
}

// ValidateAgendaItem checks an agenda item.
func ValidateAgendaItem(a AgendaItem) error {
	if strings.TrimSpace(a.Title) == "" {
		return valid.Errors{{Field: "title", Message: "Enter the title of the agenda item"}}
	}
	return nil
}

// ValidateDecision checks a decision for a meeting at which
// nonVotingMembers members without a vote held seats. When there were
// any, the minutes must say how their views were recorded: the 2014 Act's
// integration joint boards include non-voting members precisely so that
// carers, service users and the third sector are heard.
func ValidateDecision(d Decision, nonVotingMembers int) error {
	var errs valid.Errors
	if strings.TrimSpace(d.Text) == "" {
		errs.Add("text", "Enter what was decided")
	}
	if strings.TrimSpace(d.VotingRecord) == "" {
		errs.Add("voting_record", "Enter how the voting members decided, for example Agreed unanimously, or the votes for and against")
	}
	if nonVotingMembers > 0 && strings.TrimSpace(d.NonVotingViews) == "" {
		errs.Add("non_voting_views", fmt.Sprintf("Enter the views of the non-voting members: %s sat on the body on the day of the meeting. If they gave none, say so",
			plural(nonVotingMembers, "non-voting member")))
	}
	return errs.Err()
}
