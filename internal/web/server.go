// Package web serves coplan's pages and open data API over HTTP: public pages
// for anyone, staff pages behind sign-in, all rendered on the server with the
// Scottish Government Design System so they work without JavaScript.
//
// Every route is declared once, in routes.go, with the one permission it
// needs; authorise checks it with auth.Can before the handler runs.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/db/generation"
	"coplan/internal/mail"
	"coplan/internal/partnership"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

//go:embed static
var staticFiles embed.FS

// Config is what a Server needs.
type Config struct {
	DB  *db.DB
	Log *slog.Logger
	// Now returns the current time; tests may fix it. Defaults to the
	// system clock.
	Now func() time.Time
	// SecureCookies marks cookies Secure; set it when coplan is served over
	// HTTPS (it always should be, outside a laptop). A BaseURL starting
	// https:// sets it too.
	SecureCookies bool
	// BaseURL is the site's address as people reach it (for example
	// https://coplan.example.scot): links in emails are built from it.
	// Defaults to http://localhost:8080.
	BaseURL string
	// TrustedProxies are the load balancers and reverse proxies in front
	// of coplan. A request from one of them is counted against the client
	// address it forwarded in X-Forwarded-For; from anywhere else, that
	// header is ignored, since a client can write anything in it.
	TrustedProxies []netip.Prefix
	// Messages is a folder of message catalogues (en.txt, gd.txt, ...) that
	// correct or add to the response form's built-in text; "" for none.
	Messages string
	// Mail is the SMTP server mail goes through, if one is configured;
	// without one, mail waits in the outbox for staff to read.
	Mail mail.Server
	// ResponseLimit is how many responses one network address may start,
	// and how many it may submit, in an hour: 0 for
	// consult.DefaultHourlyLimit, negative for no limit.
	ResponseLimit int
	// SubmitUnbatched commits each online response in a transaction of its
	// own instead of together with those arriving at the same moment
	// (consult.Batcher): slower, kept for comparison in benchmarks.
	SubmitUnbatched bool

	// CacheClock is real time, for how long pages stay in memory and how
	// often the generations are read (package generation): the system
	// clock unless a test sets it. It is apart from Now, which tests fix.
	CacheClock civil.Clock
	// GenerationEvery is how often, at most, this instance reads the
	// generations of the partnerships to learn of changes made through
	// other instances: 0 for generation.DefaultEvery (a quarter of a
	// second), negative for on every request.
	GenerationEvery time.Duration
	// PageCacheBytes bounds the memory of the public page cache: 0 for
	// DefaultPageCacheBytes, negative for no page cache.
	PageCacheBytes int
	// PageCacheTTL is the longest a public page is served from memory:
	// 0 for DefaultPageCacheTTL.
	PageCacheTTL time.Duration
}

// Server is coplan's HTTP application.
type Server struct {
	kit     *kit.Kit
	db      *db.DB
	log     *slog.Logger
	now     func() time.Time
	secure  bool
	pages   *kit.Pages
	routes  []Route
	rooms   []room
	proxies []netip.Prefix
	handler http.Handler
	gens    *generation.Watcher
	cache   *pageCache // nil when off
}

// New builds the server and its routes.
func New(c Config) (*Server, error) {
	if c.Now == nil {
		c.Now = civil.SystemClock
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://localhost:8080"
	}
	c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	if strings.HasPrefix(c.BaseURL, "https://") {
		c.SecureCookies = true
	}
	k, err := kit.New(c.DB, c.Log, c.Now)
	if err != nil {
		return nil, err
	}
	k.BaseURL = c.BaseURL
	if c.CacheClock == nil {
		c.CacheClock = civil.SystemClock
	}
	gens := generation.NewWatcher(c.DB, c.GenerationEvery, c.CacheClock)
	k.Partnerships = partnership.NewDirectory(c.DB, func(ctx context.Context) (int64, error) {
		snap, err := gens.Current(ctx)
		return snap.Of(generation.All), err
	})
	k.AddNotices(notices)
	p, err := k.Pages(templateFiles, nil)
	if err != nil {
		return nil, err
	}
	s := &Server{kit: k, proxies: c.TrustedProxies, db: c.DB, log: c.Log, now: c.Now, secure: c.SecureCookies, pages: p, gens: gens}
	if c.PageCacheBytes >= 0 {
		if c.PageCacheBytes == 0 {
			c.PageCacheBytes = DefaultPageCacheBytes
		}
		if c.PageCacheTTL <= 0 {
			c.PageCacheTTL = DefaultPageCacheTTL
		}
		s.cache = newPageCache(c.CacheClock, c.Now, c.PageCacheTTL, c.PageCacheBytes, MaxCachedPage)
	}
	if s.rooms, err = openRooms(k, c); err != nil {
		return nil, err
	}
	s.routes = s.routeTable()
	for _, rm := range s.rooms {
		s.routes = append(s.routes, rm.Routes()...)
	}
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		mux.Handle(rt.Pattern, s.authorise(rt))
	}
	static, _ := fs.Sub(staticFiles, "static")
	mux.Handle("GET /static/", cacheForever(http.StripPrefix("/static/", http.FileServerFS(static))))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, kit.ErrNotFound)
	})
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, kit.HTTPError{Status: http.StatusForbidden, Message: "This form was sent from another website, so coplan did not accept it. Go back to the page and try again."})
	}))
	s.handler = s.recover(s.logRequests(securityHeaders(csrf.Handler(s.staleAfterWrites(s.loadSession(mux))))))
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Close finishes the work the server does in the background: submissions
// waiting to be committed are committed. Call it after the HTTP server has
// stopped taking requests (http.Server.Shutdown), before closing the
// database.
func (s *Server) Close() error {
	return closeRooms(s.rooms)
}

// Routes lists every route with its permission, for the authorisation test.
func (s *Server) Routes() []Route { return s.routes }

// Route is one page or API address, the permission it needs, and its
// handler.
type Route = kit.Route

const sessionCookie = "coplan_session"

// loadSession finds the signed-in account, if any, from the session cookie.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := &kit.Req{Address: clientAddress(r, s.proxies)}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			u, err := auth.UserBySession(r.Context(), s.db, c.Value, s.now())
			switch {
			case err == nil:
				rq.User, rq.Token = &u, c.Value
			case !errors.Is(err, valid.ErrNotFound):
				s.fail(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, kit.WithReq(r, rq))
	})
}

// staleAfterWrites makes this instance read the generations again after
// any request that may have changed something, so that its own next page
// shows the change at once (other instances see it within a second).
func (s *Server) staleAfterWrites(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			s.gens.Stale()
		}
	})
}

// authorise resolves the partnership a route names and checks the route's
// permission with auth.Can before running its handler. A page marked Cache
// is answered from the page cache for a member of the public.
func (s *Server) authorise(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := kit.Current(r)
		var pid int64
		if slug := r.PathValue("slug"); slug != "" {
			p, err := s.kit.Partnerships.BySlug(r.Context(), slug)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			rq.Partnership, pid = &p, p.ID
		}
		if !auth.Can(rq.User, rt.Perm, pid) {
			if rq.User == nil && r.Method == http.MethodGet {
				http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			if rq.User == nil {
				s.fail(w, r, kit.HTTPError{Status: http.StatusUnauthorized, Message: "Sign in to do this."})
				return
			}
			s.fail(w, r, kit.ErrForbidden)
			return
		}
		if rt.Cache && s.cache != nil && rq.User == nil && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			snap, err := s.gens.Current(r.Context())
			if err != nil {
				s.fail(w, r, err)
				return
			}
			s.cache.serve(w, r, pageGen{pid: pid, all: snap.Of(generation.All), own: snap.Of(pid)}, rt.Handle, s.fail)
			return
		}
		if err := rt.Handle(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// fail turns an error into the page (or JSON) a person sees; see kit.Fail.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) { s.kit.Fail(w, r, err) }

func (s *Server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.fail(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection: a staff
// download lifts the server's write timeout through it, so an export
// longer than the timeout is not cut short.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "duration", s.kit.Elapsed(start))
	})
}

// securityHeaders forbids framing and third-party content: coplan's pages
// load nothing from anywhere else.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

func cacheForever(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		next.ServeHTTP(w, r)
	})
}
