package auth_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/auth"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

var admin = audit.Actor{Name: "Test administrator"}

const goodPassword = "a long enough passphrase"

// newPartnership stores a partnership for accounts to belong to.
func newPartnership(t *testing.T, d *db.DB, slug string) partnership.Partnership {
	t.Helper()
	p, err := partnership.Create(context.Background(), d, partnership.Partnership{
		Slug: slug, Name: "Partnership " + slug, Model: "ijb", HealthBoard: "NHS " + slug,
		LocalAuthorities: []partnership.Named{{Name: slug + " Council"}},
		Localities:       []partnership.Named{{Name: "North"}, {Name: "South"}},
	}, admin, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func createUser(t *testing.T, d *db.DB, u auth.User, password string) auth.User {
	t.Helper()
	saved, err := auth.CreateUser(context.Background(), d, u, password, admin, time.Now())
	if err != nil {
		t.Fatalf("CreateUser %s: %v", u.Email, err)
	}
	return saved
}

func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func errorFields(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	errs, ok := valid.As(err)
	if !ok {
		t.Fatalf("error %v (%T) is not valid.Errors", err, err)
	}
	var fs []string
	for _, e := range errs {
		fs = append(fs, e.Field)
	}
	slices.Sort(fs)
	return fs
}

func TestCreateUser(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "glen")
		u := createUser(t, d, auth.User{PartnershipID: p.ID, Email: "  Euan.Fraser@Glen.Example ", Name: " Euan Fraser ", Role: auth.Officer}, goodPassword)
		if u.ID == 0 || u.Email != "euan.fraser@glen.example" || u.Name != "Euan Fraser" {
			t.Errorf("CreateUser returned %+v; want an id, the email in lower case and the name trimmed", u)
		}
		got, err := auth.UserByEmail(ctx, d, "EUAN.FRASER@glen.example")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || got.PartnershipID != p.ID || got.Role != auth.Officer || got.Name != "Euan Fraser" {
			t.Errorf("UserByEmail = %+v, want %+v", got, u)
		}
		es, err := audit.ForPartnership(ctx, d, p.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if es[0].Action != "create" || es[0].Entity != "account" || es[0].EntityID != u.ID || es[0].Actor.Name != admin.Name {
			t.Errorf("latest audit entry %+v, want the account's creation", es[0])
		}
		if _, err := auth.UserByEmail(ctx, d, "nobody@glen.example"); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("UserByEmail of an unknown address: %v, want ErrNotFound", err)
		}

		// Accounts without a partnership: scrutiny and the instance administrator.
		createUser(t, d, auth.User{Email: "reid@inspectorate.example", Name: "Fiona Reid", Role: auth.Scrutiny}, goodPassword)
		createUser(t, d, auth.User{Email: "grant@coplan.example", Name: "Alex Grant", Role: auth.Administrator}, goodPassword)
		national, err := auth.Users(ctx, d, 0)
		if err != nil {
			t.Fatal(err)
		}
		mine, err := auth.Users(ctx, d, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(national) != 2 || national[0].Name != "Alex Grant" || national[1].Name != "Fiona Reid" || len(mine) != 1 || mine[0].ID != u.ID {
			t.Errorf("Users(0) = %+v, Users(%d) = %+v; want Alex Grant and Fiona Reid, then Euan Fraser", national, p.ID, mine)
		}
	})
}

func TestCreateUserRejectsBadDetails(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "glen")
		createUser(t, d, auth.User{PartnershipID: p.ID, Email: "morag@glen.example", Name: "Morag Campbell", Role: auth.Administrator}, goodPassword)
		users, audits := count(t, d, "users"), count(t, d, "audit_log")

		ok := auth.User{PartnershipID: p.ID, Email: "euan@glen.example", Name: "Euan Fraser", Role: auth.Officer}
		tests := []struct {
			name     string
			change   func(u *auth.User)
			password string
			want     []string
		}{
			{"not an email address", func(u *auth.User) { u.Email = "euan at glen" }, goodPassword, []string{"email"}},
			{"no email address", func(u *auth.User) { u.Email = "" }, goodPassword, []string{"email"}},
			{"email with a display name", func(u *auth.User) { u.Email = "Euan <euan@glen.example>" }, goodPassword, []string{"email"}},
			{"password one character short", func(u *auth.User) {}, "elevenchars", []string{"password"}},
			{"no password", func(u *auth.User) {}, "", []string{"password"}},
			{"no name", func(u *auth.User) { u.Name = "  " }, goodPassword, []string{"name"}},
			{"unknown role", func(u *auth.User) { u.Role = "superuser" }, goodPassword, []string{"role"}},
			{"officer without a partnership", func(u *auth.User) { u.PartnershipID = 0 }, goodPassword, []string{"partnership"}},
			{"SPG member without a partnership", func(u *auth.User) { u.PartnershipID, u.Role = 0, auth.SPGMember }, goodPassword, []string{"partnership"}},
			{"email already used", func(u *auth.User) { u.Email = "morag@glen.example" }, goodPassword, []string{"email"}},
			{"email already used, in capitals", func(u *auth.User) { u.Email = "MORAG@glen.example" }, goodPassword, []string{"email"}},
			{"several things wrong", func(u *auth.User) { u.Email, u.Name = "x", "" }, "short", []string{"email", "name", "password"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u := ok
				tt.change(&u)
				_, err := auth.CreateUser(ctx, d, u, tt.password, admin, time.Now())
				if got := errorFields(t, err); !reflect.DeepEqual(got, tt.want) {
					t.Fatalf("fields %v, want %v (error: %v)", got, tt.want, err)
				}
			})
		}
		if u, a := count(t, d, "users"), count(t, d, "audit_log"); u != users || a != audits {
			t.Errorf("users %d → %d, audit entries %d → %d; rejected accounts must write nothing", users, u, audits, a)
		}
		// The message for a password says how long it must be.
		_, err := auth.CreateUser(ctx, d, ok, "short", admin, time.Now())
		errs, _ := valid.As(err)
		if want := fmt.Sprintf("at least %d characters", auth.MinPasswordLength); !strings.Contains(errs.For("password"), want) {
			t.Errorf("password message %q does not say %q", errs.For("password"), want)
		}
	})
}

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "glen")
		u := createUser(t, d, auth.User{PartnershipID: p.ID, Email: "euan@glen.example", Name: "Euan Fraser", Role: auth.Officer}, goodPassword)
		const home, elsewhere = "198.51.100.1", "203.0.113.9"
		signIn := func(email, password, addr string, now time.Time) error {
			t.Helper()
			got, err := auth.Authenticate(ctx, d, email, password, addr, now)
			if err == nil && got.ID != u.ID {
				t.Fatalf("Authenticate signed in as %+v, want %+v", got, u)
			}
			return err
		}
		want := func(what string, got, want error) {
			t.Helper()
			if !errors.Is(got, want) {
				t.Fatalf("%s: %v, want %v", what, got, want)
			}
		}

		want("right password", signIn("euan@glen.example", goodPassword, home, t0), nil)
		want("right password, email in capitals with spaces", signIn(" EUAN@glen.example ", goodPassword, home, t0), nil)
		want("wrong password", signIn("euan@glen.example", "not the password", home, t0), auth.ErrBadCredentials)
		want("unknown account", signIn("nobody@glen.example", goodPassword, home, t0), auth.ErrBadCredentials)
		want("right password after a failure", signIn("euan@glen.example", goodPassword, home, t0), nil)

		// Four failures do not lock the account, and signing in clears them.
		for i := 0; i < auth.MaxAccountFailures-1; i++ {
			want("wrong password", signIn("euan@glen.example", "guess", home, t0), auth.ErrBadCredentials)
		}
		want("right password after four failures", signIn("euan@glen.example", goodPassword, home, t0), nil)

		// Five failures in a row lock it, even for the right password and
		// from another address.
		for i := 0; i < auth.MaxAccountFailures; i++ {
			want(fmt.Sprintf("failure %d", i+1), signIn("euan@glen.example", "guess", home, t0.Add(time.Duration(i)*time.Minute)), auth.ErrBadCredentials)
		}
		later := t0.Add(10 * time.Minute)
		want("right password when locked", signIn("euan@glen.example", goodPassword, home, later), auth.ErrTooManyAttempts)
		want("right password when locked, another address", signIn("euan@glen.example", goodPassword, elsewhere, later), auth.ErrTooManyAttempts)
		want("wrong password when locked", signIn("euan@glen.example", "guess", elsewhere, later), auth.ErrTooManyAttempts)

		// The lock lifts once the failures are older than the window.
		afterWindow := t0.Add(4*time.Minute + auth.FailureWindow + time.Second)
		want("right password after the window", signIn("euan@glen.example", goodPassword, home, afterWindow), nil)
	})
}

// Many people share one address in a library or community centre: others'
// failures there must not lock out an account until the address's own,
// higher limit is reached.
func TestAuthenticatePerAddressLimit(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "glen")
		createUser(t, d, auth.User{PartnershipID: p.ID, Email: "isla@glen.example", Name: "Isla Morrison", Role: auth.SPGMember}, goodPassword)
		const library, home = "192.0.2.7", "198.51.100.1"
		fail := func(email string, now time.Time) {
			t.Helper()
			if _, err := auth.Authenticate(ctx, d, email, "wrong password", library, now); !errors.Is(err, auth.ErrBadCredentials) {
				t.Fatalf("failed sign-in for %s: %v, want ErrBadCredentials", email, err)
			}
		}
		signIn := func(addr string) error {
			_, err := auth.Authenticate(ctx, d, "isla@glen.example", goodPassword, addr, t0.Add(time.Minute))
			return err
		}

		// Five other accounts each fail five times at the library.
		failures := 0
		for a := 1; a <= 5; a++ {
			for i := 0; i < auth.MaxAccountFailures; i++ {
				fail(fmt.Sprintf("person%d@glen.example", a), t0)
				failures++
			}
		}
		if err := signIn(library); err != nil {
			t.Fatalf("after %d failures by other accounts at the library: %v, want a sign-in", failures, err)
		}

		// More accounts fail until the library reaches its limit.
		for a := 6; failures < auth.MaxAddressFailures; a++ {
			for i := 0; i < auth.MaxAccountFailures && failures < auth.MaxAddressFailures; i++ {
				fail(fmt.Sprintf("person%d@glen.example", a), t0)
				failures++
			}
		}
		if err := signIn(library); !errors.Is(err, auth.ErrTooManyAttempts) {
			t.Fatalf("after %d failures at the library: %v, want ErrTooManyAttempts", failures, err)
		}
		// The account itself is not locked: it signs in from home.
		if err := signIn(home); err != nil {
			t.Fatalf("from another address: %v, want a sign-in", err)
		}
	})
}

func TestSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "glen")
		u := createUser(t, d, auth.User{PartnershipID: p.ID, Email: "euan@glen.example", Name: "Euan Fraser", Role: auth.Officer}, goodPassword)
		other := createUser(t, d, auth.User{PartnershipID: p.ID, Email: "ravi@glen.example", Name: "Ravi Menon", Role: auth.BoardMember}, goodPassword)

		newSession := func(u auth.User, now time.Time) string {
			t.Helper()
			tok, err := auth.NewSession(ctx, d, u, now)
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
		who := func(tok string, now time.Time) (auth.User, error) {
			t.Helper()
			return auth.UserBySession(ctx, d, tok, now)
		}

		tok := newSession(u, t0)
		if got, err := who(tok, t0.Add(time.Minute)); err != nil || got.ID != u.ID || got.Role != auth.Officer {
			t.Fatalf("UserBySession = %+v, %v; want %s", got, err, u.Email)
		}
		if got, err := who(tok, t0.Add(auth.SessionLength-time.Second)); err != nil || got.ID != u.ID {
			t.Fatalf("a second before the session ends: %+v, %v; want %s", got, err, u.Email)
		}
		if _, err := who(tok, t0.Add(auth.SessionLength+time.Second)); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("after SessionLength: %v, want ErrNotFound", err)
		}
		if _, err := who("made-up-token", t0); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("unknown token: %v, want ErrNotFound", err)
		}
		if _, err := who("", t0); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("empty token: %v, want ErrNotFound", err)
		}

		// Signing out ends that session only.
		a, b := newSession(u, t0), newSession(u, t0)
		if a == b {
			t.Fatal("two sessions got the same token")
		}
		if err := auth.EndSession(ctx, d, a); err != nil {
			t.Fatal(err)
		}
		if _, err := who(a, t0); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("after EndSession: %v, want ErrNotFound", err)
		}
		if _, err := who(b, t0); err != nil {
			t.Fatalf("the account's other session ended too: %v", err)
		}

		// A new password signs the account out everywhere, and only that account.
		c := newSession(u, t0)
		theirs := newSession(other, t0)
		if err := auth.SetPassword(ctx, d, "euan@glen.example", "a brand new passphrase", admin, time.Now()); err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{b, c} {
			if _, err := who(tok, t0); !errors.Is(err, valid.ErrNotFound) {
				t.Errorf("session after SetPassword: %v, want ErrNotFound", err)
			}
		}
		if got, err := who(theirs, t0); err != nil || got.ID != other.ID {
			t.Errorf("another account's session after SetPassword: %+v, %v; want it still signed in", got, err)
		}
		if _, err := auth.Authenticate(ctx, d, "euan@glen.example", goodPassword, "198.51.100.1", t0); !errors.Is(err, auth.ErrBadCredentials) {
			t.Errorf("old password after SetPassword: %v, want ErrBadCredentials", err)
		}
		if _, err := auth.Authenticate(ctx, d, "euan@glen.example", "a brand new passphrase", "198.51.100.1", t0); err != nil {
			t.Errorf("new password after SetPassword: %v", err)
		}
	})
}

func TestSetPasswordRejects(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "glen")
		createUser(t, d, auth.User{PartnershipID: p.ID, Email: "euan@glen.example", Name: "Euan Fraser", Role: auth.Officer}, goodPassword)
		audits := count(t, d, "audit_log")
		if got := errorFields(t, auth.SetPassword(ctx, d, "euan@glen.example", "too short", admin, time.Now())); !reflect.DeepEqual(got, []string{"password"}) {
			t.Errorf("short password: fields %v, want [password]", got)
		}
		if err := auth.SetPassword(ctx, d, "nobody@glen.example", goodPassword, admin, time.Now()); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("unknown account: %v, want ErrNotFound", err)
		}
		if n := count(t, d, "audit_log"); n != audits {
			t.Errorf("audit entries %d → %d after rejected password changes", audits, n)
		}
		if _, err := auth.Authenticate(ctx, d, "euan@glen.example", goodPassword, "198.51.100.1", t0); err != nil {
			t.Errorf("password changed by a rejected SetPassword: %v", err)
		}
	})
}

func TestSetRole(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "glen")
		u := createUser(t, d, auth.User{PartnershipID: p.ID, Email: "euan@glen.example", Name: "Euan Fraser", Role: auth.Officer}, goodPassword)
		createUser(t, d, auth.User{Email: "reid@inspectorate.example", Name: "Fiona Reid", Role: auth.Scrutiny}, goodPassword)

		got, err := auth.SetRole(ctx, d, "Euan@Glen.example", auth.Administrator, admin, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || got.Role != auth.Administrator {
			t.Errorf("SetRole returned %+v, want Euan as administrator", got)
		}
		if stored, _ := auth.UserByEmail(ctx, d, "euan@glen.example"); stored.Role != auth.Administrator {
			t.Errorf("stored role %q, want administrator", stored.Role)
		}
		es, err := audit.ForPartnership(ctx, d, p.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		e := es[0]
		if e.Action != "update" || e.Entity != "account" || e.EntityID != u.ID || e.Actor.Name != admin.Name ||
			e.Before != `{"role":"officer"}` || e.After != `{"role":"administrator"}` {
			t.Errorf("audit entry %+v, want the change from officer to administrator", e)
		}
		if !strings.Contains(e.Summary, "Euan Fraser") || !strings.Contains(e.Summary, "Administrator") {
			t.Errorf("audit summary %q, want it to name the person and the new role", e.Summary)
		}

		audits := count(t, d, "audit_log")
		if _, err := auth.SetRole(ctx, d, "euan@glen.example", "superuser", admin, time.Now()); !reflect.DeepEqual(errorFields(t, err), []string{"role"}) {
			t.Errorf("unknown role: %v, want a field error on role", err)
		}
		// A scrutiny account has no partnership, so it cannot become an officer.
		if _, err := auth.SetRole(ctx, d, "reid@inspectorate.example", auth.Officer, admin, time.Now()); !reflect.DeepEqual(errorFields(t, err), []string{"partnership"}) {
			t.Errorf("scrutiny to officer: %v, want a field error on partnership", err)
		}
		if _, err := auth.SetRole(ctx, d, "nobody@glen.example", auth.Officer, admin, time.Now()); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("unknown account: %v, want ErrNotFound", err)
		}
		if n := count(t, d, "audit_log"); n != audits {
			t.Errorf("audit entries %d → %d after rejected role changes", audits, n)
		}
		if stored, _ := auth.UserByEmail(ctx, d, "reid@inspectorate.example"); stored.Role != auth.Scrutiny {
			t.Errorf("Fiona's role is %q after a rejected change, want scrutiny", stored.Role)
		}
	})
}

// TestAuthenticateRace: forty guesses sent at once, the right password
// among them, lead to at most MaxAccountFailures password checks; the rest
// are refused before any check, and the right password is refused too
// until the pause ends (issue 10, item 18).
func TestAuthenticateRace(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "glen")
		createUser(t, d, auth.User{PartnershipID: p.ID, Email: "euan@glen.example", Name: "Euan Fraser", Role: auth.Officer}, goodPassword)
		const n = 40
		results := make(chan error, n)
		start := make(chan struct{})
		for i := 0; i < n; i++ {
			password := fmt.Sprintf("guess number %d", i)
			go func() {
				<-start
				_, err := auth.Authenticate(ctx, d, "euan@glen.example", password, fmt.Sprintf("203.0.113.%d", i), t0)
				results <- err
			}()
		}
		close(start)
		checked, paused := 0, 0
		for i := 0; i < n; i++ {
			switch err := <-results; {
			case errors.Is(err, auth.ErrBadCredentials):
				checked++
			case errors.Is(err, auth.ErrTooManyAttempts):
				paused++
			default:
				t.Fatalf("guess: %v", err)
			}
		}
		if checked > auth.MaxAccountFailures || checked+paused != n {
			t.Errorf("%d guesses were checked and %d paused; want at most %d checked", checked, paused, auth.MaxAccountFailures)
		}
		if _, err := auth.Authenticate(ctx, d, "euan@glen.example", goodPassword, "198.51.100.1", t0.Add(time.Minute)); !errors.Is(err, auth.ErrTooManyAttempts) {
			t.Errorf("the right password after the guesses: %v, want ErrTooManyAttempts", err)
		}
	})
}
