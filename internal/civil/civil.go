// Package civil holds the plain values of the calendar that every
// capability shares: a date as Scotland reads it (Date), and the clock
// (Clock), so that "today" and "now" mean the same thing in every room.
package civil

import (
	"strings"
	"time"
)

// London is Scotland's time zone: dates and times are shown and compared in it.
var London = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return l
}()

// Date is a calendar date, YYYY-MM-DD, as records store it.
type Date string

// Day returns the date of t in Scotland.
func Day(t time.Time) Date {
	return Date(t.In(London).Format(time.DateOnly))
}

// ParseDate checks a date typed as YYYY-MM-DD.
func ParseDate(s string) (Date, bool) {
	s = strings.TrimSpace(s)
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", false
	}
	return Date(s), true
}

// Time is the date at midnight in Scotland.
func (d Date) Time() time.Time {
	t, _ := time.ParseInLocation(time.DateOnly, string(d), London)
	return t
}

// String formats the date for people: "3 March 2026".
func (d Date) String() string {
	if d == "" {
		return ""
	}
	return d.Time().Format("2 January 2006")
}

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return Day(d.Time().AddDate(0, 0, n).Add(12 * time.Hour)) }
