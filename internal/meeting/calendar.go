package meeting

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// CalendarEntry is one meeting in a member's calendar feed, with the
// papers the member may see (the issued ones) and how many are still to
// come.
type CalendarEntry struct {
	Meeting  Meeting
	Issued   []Paper
	Unissued int
}

// WriteCalendar writes an iCalendar feed (RFC 5545) named name with one
// event per entry, stamped now, for calendar programs to subscribe to.
// Times are in UTC, so no time zone definitions are needed.
func WriteCalendar(w io.Writer, name string, entries []CalendarEntry, now time.Time) error {
	bw := bufio.NewWriter(w)
	line := func(prop, value string) { writeFolded(bw, prop+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//coplan//Meetings and papers//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", escapeText(name))
	for _, e := range entries {
		m := e.Meeting
		end := m.EndsAt
		if end.IsZero() {
			end = m.StartsAt.Add(2 * time.Hour) // a typical meeting, when its end was not recorded
		}
		line("BEGIN", "VEVENT")
		line("UID", fmt.Sprintf("meeting-%d@coplan", m.ID))
		line("DTSTAMP", utc(now))
		line("DTSTART", utc(m.StartsAt))
		line("DTEND", utc(end))
		line("SUMMARY", escapeText(m.BodyName+": "+m.Title))
		location := m.Place
		if location == "" {
			location = "Online"
		}
		line("LOCATION", escapeText(location))
		if m.OnlineLink != "" {
			line("URL", m.OnlineLink)
		}
		line("DESCRIPTION", escapeText(describe(e)))
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return bw.Flush()
}

// describe is an event's description: where to join, and the papers.
func describe(e CalendarEntry) string {
	var b strings.Builder
	b.WriteString(e.Meeting.BodyName + ".")
	if e.Meeting.OnlineLink != "" {
		b.WriteString("\nJoin online: " + e.Meeting.OnlineLink)
	}
	switch {
	case len(e.Issued) == 0 && e.Unissued == 0:
		b.WriteString("\nNo papers yet.")
	case len(e.Issued) == 0:
		b.WriteString("\nPapers: not issued yet.")
	default:
		b.WriteString("\nPapers:")
		for _, p := range e.Issued {
			b.WriteString("\n- " + p.Title + " (issued " + dayOf(p.IssuedAt) + ")")
		}
		if e.Unissued > 0 {
			b.WriteString(fmt.Sprintf("\n%s still to be issued.", plural(e.Unissued, "more paper")))
		}
	}
	b.WriteString("\nSee your meetings and papers in coplan.")
	return b.String()
}

func dayOf(t time.Time) string { return t.In(london).Format("2 January 2006") }

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// escapeText escapes a TEXT value (RFC 5545, 3.3.11).
var textEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

func escapeText(s string) string { return textEscaper.Replace(s) }

// writeFolded writes a content line ending in CRLF, folded so that no line
// is longer than 75 octets (RFC 5545, 3.1): each continuation starts with
// a space. It never splits a UTF-8 character.
func writeFolded(w *bufio.Writer, s string) {
	// Text that is not UTF-8 (which iCalendar requires) is mended first;
	// a run of stray continuation bytes once left no place to cut and
	// looped for ever.
	s = strings.ToValidUTF8(s, "\uFFFD")
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if cut == 0 {
			cut = limit
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
