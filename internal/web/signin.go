package web

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"coplan/internal/auth"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) error {
	if kit.Current(r).User != nil {
		return kit.SeeOther(w, r, safeNext(r.URL.Query().Get("next")), "")
	}
	s.render(w, r, http.StatusOK, "signin.html", kit.View{Title: "Sign in", Nav: "signin",
		Form: url.Values{"next": {r.URL.Query().Get("next")}}})
	return nil
}

func (s *Server) signin(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	email, password := f.Text("email"), f.Get("password")
	var errs valid.Errors
	if email == "" {
		errs.Add("email", "Enter your email address")
	}
	if password == "" {
		errs.Add("password", "Enter your password")
	}
	status := http.StatusUnprocessableEntity
	if len(errs) == 0 {
		u, err := auth.Authenticate(r.Context(), s.db, email, password, kit.Current(r).Address, s.now())
		switch {
		case err == nil:
			token, err := auth.NewSession(r.Context(), s.db, u, s.now())
			if err != nil {
				return err
			}
			http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
				Secure: s.secure, SameSite: http.SameSiteLaxMode, MaxAge: int(auth.SessionLength.Seconds())})
			return kit.SeeOther(w, r, safeNext(r.PostForm.Get("next")), "")
		case errors.Is(err, auth.ErrTooManyAttempts):
			errs.Add("email", "There have been too many failed attempts to sign in. Wait 15 minutes and try again, or ask your administrator to reset your password.")
			status = http.StatusTooManyRequests
		case errors.Is(err, auth.ErrBadCredentials):
			errs.Add("email", "The email address or password is not right")
		default:
			return err
		}
	}
	r.PostForm.Del("password")
	s.render(w, r, status, "signin.html", kit.View{Title: "Sign in", Nav: "signin", Errors: errs, Form: r.PostForm})
	return nil
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) error {
	if err := auth.EndSession(r.Context(), s.db, kit.Current(r).Token); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.secure, MaxAge: -1})
	return kit.SeeOther(w, r, "/", "signed-out")
}

// safeNext keeps redirects after sign-in on this site: a path starting
// with one slash, with no scheme or host, no backslash, and no space or
// control character (browsers drop tabs and line breaks, so "/\t/x.example"
// would reach "//x.example", another site). Anything else goes to /staff.
func safeNext(next string) string {
	bad := strings.IndexFunc(next, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '\\' }) >= 0
	if next == "" || bad || next[0] != '/' || strings.HasPrefix(next, "//") {
		return "/staff"
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return "/staff"
	}
	return next
}

// clientAddress is the address limits count against: the peer's, unless
// the peer is a trusted proxy, when it is the nearest address in
// X-Forwarded-For that is not itself a trusted proxy. (Each proxy appends
// the address it was reached from, so the entries to the left of the
// nearest untrusted one may be anything a client wrote.)
func clientAddress(r *http.Request, trusted []netip.Prefix) string {
	peer, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		peer = r.RemoteAddr
	}
	isTrusted := func(a string) bool {
		ip, err := netip.ParseAddr(strings.TrimSpace(a))
		if err != nil {
			return false
		}
		for _, p := range trusted {
			if p.Contains(ip.Unmap()) {
				return true
			}
		}
		return false
	}
	if !isTrusted(peer) {
		return peer
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if _, err := netip.ParseAddr(hop); err != nil {
			return peer // a malformed header: count the proxy itself
		}
		if !isTrusted(hop) {
			return hop
		}
	}
	return peer
}

// ParseProxies reads a comma-separated list of addresses and ranges
// ("10.0.0.0/8, 192.0.2.10") for Config.TrustedProxies.
func ParseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q is not an address or a range such as 10.0.0.0/8", f)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q is not an address or a range such as 10.0.0.0/8", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
