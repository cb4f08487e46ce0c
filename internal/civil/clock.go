package civil

import "time"

// Clock tells the time. Every store is bound to one, and so is the web
// server, so that a page and the form it sends judge a deadline by the same
// clock, and tests can fix the time.
type Clock func() time.Time

// SystemClock is the machine's clock: the one place outside cmd/coplan
// that reads it. Everything else is handed a Clock.
func SystemClock() time.Time { return time.Now() }
