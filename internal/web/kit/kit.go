// Package kit is what every capability's pages share: the request's
// account and partnership, page rendering with the layout and the Design
// System components, the one place an error becomes a status and a page,
// form decoding, uploads, paths, notices and downloads.
//
// A capability's web package (governanceweb, planweb, ...) is handed a
// *Kit, lists its routes, and in each handler decodes the form with the
// kit, makes one store call and renders or redirects. It never imports
// internal/db: it hands Kit.DB to its store's constructor.
package kit

import (
	"context"
	"log/slog"
	"maps"
	"net/http"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/partnership"
)

// Kit is the shared equipment of every room's pages.
type Kit struct {
	// DB is the database; rooms pass it to their store's constructor
	// and do nothing else with it.
	DB  *db.DB
	Log *slog.Logger
	// Now is the clock every store and page is bound to.
	Now civil.Clock
	// BaseURL is the site's address as people reach it, such as
	// https://coplan.example.scot, with no slash at the end: every link
	// that leaves the site (in an email, or to copy) is built from it,
	// never from the request's Host header, which anyone can set.
	BaseURL string
	// Partnerships is every partnership, from memory where the server
	// keeps them there (see partnership.Directory): pages list them and
	// look them up through it rather than partnership.List and BySlug.
	Partnerships *partnership.Directory

	notices map[string]string
	errors  *Pages
}

// New makes a kit. now may be nil for the system clock.
func New(d *db.DB, log *slog.Logger, now civil.Clock) (*Kit, error) {
	if now == nil {
		now = civil.SystemClock
	}
	if log == nil {
		log = slog.Default()
	}
	k := &Kit{DB: d, Log: log, Now: now, notices: map[string]string{}, Partnerships: partnership.NewDirectory(d, nil)}
	var err error
	if k.errors, err = k.Pages(nil, nil); err != nil {
		return nil, err
	}
	return k, nil
}

// Today is the date in Scotland by the kit's clock.
func (k *Kit) Today() civil.Date { return civil.Day(k.Now()) }

// AddNotices registers success messages, keyed by the "done" parameter of
// the address a form redirects to (see SeeOther). Every room adds its own
// at start; a key used twice is a programming error.
func (k *Kit) AddNotices(m map[string]string) {
	for key := range m {
		if _, dup := k.notices[key]; dup {
			panic("kit: notice " + key + " registered twice")
		}
	}
	maps.Copy(k.notices, m)
}

// Route is one page or API address, the permission it needs, and its
// handler. The server checks Perm (against the partnership named by
// {slug}, if any) before Handle runs; an error Handle returns goes to
// Fail.
type Route struct {
	Pattern string          // a net/http pattern, e.g. "GET /partnerships/{slug}"
	Perm    auth.Permission // checked with auth.Can
	Handle  func(w http.ResponseWriter, r *http.Request) error
	// Cache marks a public page that is the same for every member of the
	// public and changes only with its partnership's records (an audited
	// change raises its generation) or, for at most a few seconds, with
	// the clock: the server then answers anonymous GET and HEAD requests
	// for it from memory. Never for a page that shows a respondent's own
	// answers, reads a cookie or changes without an audited write.
	Cache bool
}

// Req is what the server's middleware learnt about a request.
type Req struct {
	User        *auth.User               // nil for a member of the public
	Token       string                   // the session token, if signed in
	Partnership *partnership.Partnership // the partnership {slug} names, if any
	// Address is the client's network address, for limits: the peer's,
	// or behind trusted proxies the one they forwarded (see web.Config).
	Address string
}

type ctxKey struct{}

// WithReq returns r carrying rq, for the server's middleware.
func WithReq(r *http.Request, rq *Req) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), ctxKey{}, rq))
}

// Current is what the middleware learnt about r.
func Current(r *http.Request) *Req {
	if rq, ok := r.Context().Value(ctxKey{}).(*Req); ok {
		return rq
	}
	return &Req{}
}

// Can says whether the request's account has permission perm in the
// request's partnership: for showing or hiding an action on a page. The
// route's own permission is checked before the handler runs.
func Can(r *http.Request, perm auth.Permission) bool {
	rq := Current(r)
	var pid int64
	if rq.Partnership != nil {
		pid = rq.Partnership.ID
	}
	return auth.Can(rq.User, perm, pid)
}

// Actor is who is making a change, for the audit log.
func Actor(r *http.Request) audit.Actor {
	u := Current(r).User
	if u == nil {
		return audit.Actor{Name: "member of the public"}
	}
	return audit.Actor{UserID: u.ID, Name: u.Name}
}

// SiteURL is a path of this site as a full address, from BaseURL, for a
// link that is emailed or copied.
func (k *Kit) SiteURL(path string) string { return strings.TrimSuffix(k.BaseURL, "/") + path }

// Elapsed is how long has passed since start by the kit's clock.
func (k *Kit) Elapsed(start time.Time) time.Duration { return k.Now().Sub(start) }
