package web

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	"coplan/internal/auth"
	"coplan/internal/valid"
)

func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) error {
	if current(r).User != nil {
		return seeOther(w, r, safeNext(r.URL.Query().Get("next")), "")
	}
	s.render(w, r, http.StatusOK, "signin.html", view{Title: "Sign in", Nav: "signin",
		Form: url.Values{"next": {r.URL.Query().Get("next")}}})
	return nil
}

func (s *Server) signin(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	email, password := strings.TrimSpace(r.PostForm.Get("email")), r.PostForm.Get("password")
	var errs valid.Errors
	if email == "" {
		errs.Add("email", "Enter your email address")
	}
	if password == "" {
		errs.Add("password", "Enter your password")
	}
	status := http.StatusUnprocessableEntity
	if len(errs) == 0 {
		u, err := auth.Authenticate(r.Context(), s.db, email, password, clientAddress(r), s.now())
		switch {
		case err == nil:
			token, err := auth.NewSession(r.Context(), s.db, u, s.now())
			if err != nil {
				return err
			}
			http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
				Secure: s.secure, SameSite: http.SameSiteLaxMode, MaxAge: int(auth.SessionLength.Seconds())})
			return seeOther(w, r, safeNext(r.PostForm.Get("next")), "")
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
	s.render(w, r, status, "signin.html", view{Title: "Sign in", Nav: "signin", Errors: errs, Form: r.PostForm})
	return nil
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) error {
	if err := auth.EndSession(r.Context(), s.db, current(r).Token); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.secure, MaxAge: -1})
	return seeOther(w, r, "/", "signed-out")
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

// clientAddress is the address sign-in limits count against. Behind a load
// balancer, coplan trusts nothing the client sends, so all users share the
// balancer's address; the per-account limit still applies.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
