package meeting

import (
	"strings"
	"testing"
	"time"

	"coplan/internal/governance"
	"coplan/internal/valid"
)

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, london)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Papers are due the notice period's number of calendar days in Scotland
// before the day of the meeting; issuing on the due day is in time.
func TestLateIssue(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		name     string
		meeting  time.Time
		issued   time.Time
		notice   int
		wantLate bool
		wantDays int
	}{
		{"a week before", at(t, "2026-03-12 10:00"), at(t, "2026-03-05 09:00"), 7, false, 0},
		{"on the due day, first thing", at(t, "2026-03-12 10:00"), at(t, "2026-03-05 00:00"), 7, false, 0},
		{"on the due day, last thing", at(t, "2026-03-12 10:00"), at(t, "2026-03-05 23:59"), 7, false, 0},
		{"the day after the due day", at(t, "2026-03-12 10:00"), at(t, "2026-03-06 00:01"), 7, true, 1},
		{"three days before", at(t, "2026-03-12 10:00"), at(t, "2026-03-09 16:30"), 7, true, 4},
		{"a fortnight before", at(t, "2026-03-12 10:00"), at(t, "2026-02-26 12:00"), 7, false, 0},
		{"after the meeting", at(t, "2026-03-12 10:00"), at(t, "2026-03-13 12:00"), 7, true, 8},
		{"no notice period, on the day", at(t, "2026-03-12 10:00"), at(t, "2026-03-12 09:00"), 0, false, 0},
		{"no notice period, the day after", at(t, "2026-03-12 10:00"), at(t, "2026-03-13 09:00"), 0, true, 1},
		{"ten-day period across the month", at(t, "2026-04-03 14:00"), at(t, "2026-03-24 17:00"), 10, false, 0},
		{"ten-day period, a day late", at(t, "2026-04-03 14:00"), at(t, "2026-03-25 08:00"), 10, true, 1},
		// The clocks go forward on 29 March 2026: days, not hours, count.
		{"across the change to summer time, in time", at(t, "2026-03-30 10:00"), at(t, "2026-03-23 23:30"), 7, false, 0},
		{"across the change to summer time, late", at(t, "2026-03-30 10:00"), at(t, "2026-03-24 00:30"), 7, true, 1},
		// Scotland's calendar, not UTC's: 23:30 UTC on 24 June is 00:30 on 25 June in Scotland.
		{"late in Scotland though not in UTC", at(t, "2026-07-01 09:00"), utc("2026-06-24T23:30:00Z"), 7, true, 1},
		{"in time in Scotland though not in UTC", at(t, "2026-07-01 00:30"), utc("2026-06-24T12:00:00Z"), 7, false, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			late, days := LateIssue(c.meeting, c.issued, c.notice)
			if late != c.wantLate || days != c.wantDays {
				t.Errorf("LateIssue(%v, %v, %d) = %v, %d; want %v, %d", c.meeting, c.issued, c.notice, late, days, c.wantLate, c.wantDays)
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	m := Meeting{Title: "Ordinary meeting", StartsAt: at(t, "2026-03-12 10:00"), NoticeDays: 7}
	inTime := Paper{Title: "Budget", IssuedAt: at(t, "2026-02-28 09:00")}
	late := Paper{Title: "Care at home review", IssuedAt: at(t, "2026-03-09 16:30")}
	late2 := Paper{Title: "Carers' strategy", IssuedAt: at(t, "2026-03-09 17:00")}
	draft := Paper{Title: "Draft minutes"}
	before := at(t, "2026-03-01 12:00") // before the due day
	after := at(t, "2026-03-10 12:00")  // after the due day, before the meeting
	past := at(t, "2026-03-20 12:00")   // after the meeting

	for _, c := range []struct {
		name   string
		papers []Paper
		now    time.Time
		want   []string // one part of each warning's message
	}{
		{"papers in time", []Paper{inTime}, after, nil},
		{"one paper late", []Paper{inTime, late}, after,
			[]string{"1 paper for this meeting was issued on 9 March 2026, 4 days later than the body's 7-day notice period allows: they were due by 5 March 2026."}},
		{"two late the same day", []Paper{late, late2}, past, []string{"2 papers for this meeting were issued on 9 March 2026, 4 days later"}},
		{"not issued, not yet due", []Paper{draft}, before, nil},
		{"not issued and overdue", []Paper{inTime, draft}, after, []string{"1 paper has not been issued yet. By the body's 7-day notice period papers for this meeting were due by 5 March 2026."}},
		{"no papers and overdue", nil, after, []string{"No papers have been issued for this meeting."}},
		{"no papers, not yet due", nil, before, nil},
		{"no papers, meeting over", nil, past, nil},
		{"late and not issued", []Paper{late, draft}, after, []string{"issued on 9 March 2026", "1 paper has not been issued yet"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ws := Warnings(m, c.papers, c.now)
			if len(ws) != len(c.want) {
				t.Fatalf("%d warnings %+v, want %d", len(ws), ws, len(c.want))
			}
			for i, w := range ws {
				if !strings.Contains(w.Message(), c.want[i]) {
					t.Errorf("warning %d says %q, want it to say %q", i, w.Message(), c.want[i])
				}
			}
		})
	}
}

func TestValidate(t *testing.T) {
	ok := Meeting{Title: "Ordinary meeting", StartsAt: at(t, "2026-03-12 10:00"), EndsAt: at(t, "2026-03-12 12:00"), Place: "Council chambers"}
	for _, c := range []struct {
		name  string
		edit  func(*Meeting)
		field string // "" for valid
	}{
		{"complete", func(*Meeting) {}, ""},
		{"in the past", func(m *Meeting) { m.StartsAt, m.EndsAt = at(t, "2019-01-10 10:00"), time.Time{} }, ""},
		{"online only", func(m *Meeting) { m.Place, m.OnlineLink = "", "https://meet.example/glenmorven" }, ""},
		{"no title", func(m *Meeting) { m.Title = "  " }, "title"},
		{"no date", func(m *Meeting) { m.StartsAt = time.Time{} }, "date"},
		{"ends before it starts", func(m *Meeting) { m.EndsAt = at(t, "2026-03-12 09:00") }, "ends"},
		{"nowhere", func(m *Meeting) { m.Place = "" }, "place"},
		{"a link that is not a web address", func(m *Meeting) { m.OnlineLink = "meet.example/glenmorven" }, "online_link"},
		{"a script link", func(m *Meeting) { m.OnlineLink = "javascript:alert(1)" }, "online_link"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := ok
			c.edit(&m)
			err := Validate(m)
			errs, _ := valid.As(err)
			switch {
			case c.field == "" && err != nil:
				t.Errorf("Validate: %v, want no error", err)
			case c.field != "" && errs.For(c.field) == "":
				t.Errorf("Validate: %v, want an error at %s", err, c.field)
			}
		})
	}
}

// Where non-voting members sat on the body on the day, the minutes must say
// how their views were recorded.
func TestValidateDecision(t *testing.T) {
	d := Decision{Text: "Approve the carers' strategy", VotingRecord: "Agreed unanimously"}
	if err := ValidateDecision(d, 0); err != nil {
		t.Errorf("without non-voting members: %v, want no error", err)
	}
	errs, _ := valid.As(ValidateDecision(d, 3))
	if msg := errs.For("non_voting_views"); !strings.Contains(msg, "3 non-voting members") {
		t.Errorf("with 3 non-voting members and no views: message %q", msg)
	}
	d.NonVotingViews = "The carers' representative supported the strategy and asked for respite places to be counted."
	if err := ValidateDecision(d, 3); err != nil {
		t.Errorf("with views recorded: %v", err)
	}
	errs, _ = valid.As(ValidateDecision(Decision{}, 0))
	if errs.For("text") == "" || errs.For("voting_record") == "" {
		t.Errorf("an empty decision: %v, want errors for the decision and the voting record", errs)
	}
}

func TestParseWhen(t *testing.T) {
	got, ok := ParseWhen("2026-07-01", "14:30")
	if !ok || got.UTC().Format(time.RFC3339) != "2026-07-01T13:30:00Z" {
		t.Errorf("ParseWhen in summer: %v, %v; want 13:30 UTC", got, ok)
	}
	for _, bad := range [][2]string{{"2026-02-30", "10:00"}, {"1/7/2026", "10:00"}, {"2026-07-01", ""}, {"2026-07-01", "25:00"}} {
		if _, ok := ParseWhen(bad[0], bad[1]); ok {
			t.Errorf("ParseWhen(%q, %q) accepted", bad[0], bad[1])
		}
	}
}

func TestMayRead(t *testing.T) {
	m := Meeting{BodyID: 1, StartsAt: time.Date(2026, 6, 10, 14, 0, 0, 0, time.UTC)}
	seat := func(body int64, from, to governance.Date) governance.Seat {
		return governance.Seat{BodyID: body, NominatedOn: from, AppointedOn: from, EndedOn: to}
	}
	for _, c := range []struct {
		name  string
		seats []governance.Seat
		want  bool
	}{
		{"no seats", nil, false},
		{"a seat on the body", []governance.Seat{seat(1, "2025-01-01", "")}, true},
		{"a seat on another body only", []governance.Seat{seat(2, "2025-01-01", "")}, false},
		{"a seat that ended before the meeting", []governance.Seat{seat(1, "2025-01-01", "2026-05-31")}, false},
		{"a seat that began after the meeting", []governance.Seat{seat(1, "2026-07-01", "")}, false},
		{"another body and this one", []governance.Seat{seat(2, "2025-01-01", ""), seat(1, "2025-01-01", "")}, true},
	} {
		if got := MayRead(c.seats, m); got != c.want {
			t.Errorf("%s: MayRead = %v, want %v", c.name, got, c.want)
		}
	}
}
