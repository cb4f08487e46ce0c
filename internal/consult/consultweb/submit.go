package consultweb

import (
	"net/http"

	"coplan/internal/consult"
	"coplan/internal/web/kit"
)

// The submit path: durable, fast at a national consultation's closing
// peak, and guarded against floods without locking out a community centre.

// startSubmitPath sets up group commit of submissions and the per-address
// limits.
func (s *Handlers) startSubmitPath(c Config) {
	if !c.SubmitUnbatched {
		s.submits = consult.NewBatcher(s.k.DB, c.Submit)
	}
	s.limits = consult.NewLimiter(s.k.DB, c.ResponseLimit)
}

// closeSubmitPath commits the submissions waiting for their batch. The
// HTTP server must have stopped taking requests first.
func (s *Handlers) closeSubmitPath() error {
	if s.submits != nil {
		s.submits.Close()
	}
	return s.limits.Close()
}

// honeypotField is the name of a text input that people never see (the
// "honeypot" partial, hidden with CSS and from screen readers, labelled
// "Leave this empty"): programs that fill in every field fill it in.
const honeypotField = "leave_empty"

var (
	// errHoneypot answers a form whose hidden field was filled in: an
	// ordinary-looking page, with nothing stored, so the program learns
	// nothing. (A person never sees the field; in case a browser's
	// autofill ever fills it, the page says how to carry on.)
	errHoneypot = kit.HTTPError{Status: http.StatusOK, Message: "Thank you. If you meant to answer the consultation, go back to its page and try again."}

	errTooManyStarts = kit.HTTPError{Status: http.StatusTooManyRequests, Message: "A great many responses have been started from your internet connection in the last hour, " +
		"so we cannot start another one from it just now. Please try again in an hour. You can also respond on a paper form or by email: " +
		"the consultation's page says how to contact the planning team."}
	errTooManySubmits = kit.HTTPError{Status: http.StatusTooManyRequests, Message: "A great many responses have been sent from your internet connection in the last hour, " +
		"so we cannot take another one from it just now. Nothing you entered has been lost: please try again in an hour, using your " +
		"link to come back to your response if you saved it. You can also respond on a paper form or by email: the consultation's " +
		"page says how to contact the planning team."}
)

// allowDraftStart decides whether a form that starts a response may go on.
// Call it first in the handler and return its error if there is one: a
// 429 page in plain English when the network address has started
// DefaultHourlyLimit responses this hour (the limit is high so that a
// community centre or library sharing one address is not locked out), or
// errHoneypot, which shows an ordinary page and stores nothing, when the
// hidden field was filled in.
func (s *Handlers) allowDraftStart(r *http.Request) error {
	return s.allow(r, consult.CountStart, errTooManyStarts)
}

// allowSubmission decides whether a form that submits a response may go
// on, as allowDraftStart does for starting one; submissions are counted
// apart from starts.
func (s *Handlers) allowSubmission(r *http.Request) error {
	return s.allow(r, consult.CountSubmit, errTooManySubmits)
}

func (s *Handlers) allow(r *http.Request, kind string, limited error) error {
	if r.PostFormValue(honeypotField) != "" {
		s.k.Log.Debug("hidden form field filled in: request ignored", "path", r.URL.Path, "address", kit.Current(r).Address)
		return errHoneypot
	}
	ok, err := s.limits.Allow(r.Context(), kind, consult.Subject(kit.Current(r).Address), s.k.Now())
	if err != nil {
		return err
	}
	if !ok {
		s.k.Log.Warn("response limit reached", "kind", kind, "address", kit.Current(r).Address)
		return limited
	}
	return nil
}

// SubmitStats reports the group commit of submissions so far (all zero
// when unbatched), for benchmarks and monitoring.
func (s *Handlers) SubmitStats() consult.BatchStats {
	if s.submits == nil {
		return consult.BatchStats{}
	}
	return s.submits.Stats()
}
