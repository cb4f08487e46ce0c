package meeting

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestWriteCalendar(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	long := "Review of care at home, respite, day services; and the carers' strategy, with the views of the people of Strathard and Glen Ure – ëàç"
	entries := []CalendarEntry{
		{Meeting: Meeting{ID: 7, BodyName: "Glenmorven Integration Joint Board", Title: long,
			StartsAt: at(t, "2026-07-01 10:00"), EndsAt: at(t, "2026-07-01 12:30"), Place: "Council chambers, Main Street, Kilbrannan",
			OnlineLink: "https://meet.example/glenmorven-ijb"},
			Issued:   []Paper{{Title: "Budget; revenue, capital", IssuedAt: at(t, "2026-06-20 09:00")}},
			Unissued: 1},
		{Meeting: Meeting{ID: 8, BodyName: "Glenmorven Strategic Planning Group", Title: "Ordinary meeting",
			StartsAt: at(t, "2026-01-15 14:00"), OnlineLink: "https://meet.example/spg"}},
	}
	var buf bytes.Buffer
	if err := WriteCalendar(&buf, `Isla Morrison's meetings, Glenmorven`, entries, now); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	if !strings.HasPrefix(raw, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(raw, "END:VCALENDAR\r\n") {
		t.Fatalf("the feed does not start and end as a calendar:\n%s", raw)
	}
	if strings.Contains(strings.ReplaceAll(raw, "\r\n", ""), "\n") {
		t.Error("a line ends in a bare LF, not CRLF")
	}
	for _, l := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("folding split a character: %q", l)
		}
	}
	// Unfolded, the properties read back whole.
	unfolded := strings.ReplaceAll(raw, "\r\n ", "")
	for _, want := range []string{
		"VERSION:2.0",
		"X-WR-CALNAME:Isla Morrison's meetings\\, Glenmorven",
		"UID:meeting-7@coplan",
		"DTSTAMP:20260301T120000Z",
		"DTSTART:20260701T090000Z", // 10:00 in British Summer Time
		"DTEND:20260701T113000Z",
		"SUMMARY:Glenmorven Integration Joint Board: Review of care at home\\, respite\\, day services\\; and the carers' strategy\\, with the views of the people of Strathard and Glen Ure – ëàç",
		"LOCATION:Council chambers\\, Main Street\\, Kilbrannan",
		"URL:https://meet.example/glenmorven-ijb",
		"\\n- Budget\\; revenue\\, capital (issued 20 June 2026)\\n1 more paper still to be issued.",
		"DTSTART:20260115T140000Z", // 14:00 in winter is 14:00 UTC
		"DTEND:20260115T160000Z",   // no end recorded: two hours
		"LOCATION:Online",
		"No papers yet.",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("the feed lacks %q:\n%s", want, unfolded)
		}
	}
	if n := strings.Count(raw, "BEGIN:VEVENT\r\n"); n != 2 {
		t.Errorf("%d events, want 2", n)
	}
}
