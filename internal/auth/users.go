package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/valid"
)

// User is a staff account.
type User struct {
	ID            int64
	PartnershipID int64 // 0 for scrutiny and instance administrators
	Email         string
	Name          string
	Role          Role
	CreatedAt     time.Time
}

// Validate checks an account's details (not its password).
func (u User) Validate() valid.Errors {
	var errs valid.Errors
	if strings.TrimSpace(u.Name) == "" {
		errs.Add("name", "Enter the person's name")
	}
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
		errs.Add("email", "Enter an email address in the correct format, like name@example.org")
	}
	if !u.Role.Valid() {
		errs.Add("role", "Select a role")
	}
	if u.PartnershipID == 0 && u.Role != Scrutiny && u.Role != Administrator {
		errs.Add("partnership", "A planning officer, SPG member or board member must belong to a partnership")
	}
	return errs
}

func checkPassword(errs *valid.Errors, password string) {
	if len([]rune(password)) < MinPasswordLength {
		errs.Add("password", fmt.Sprintf("Enter a password of at least %d characters", MinPasswordLength))
	}
}

const selectUser = `SELECT id, COALESCE(partnership_id, 0), email, name, role, created_at FROM users`

func scanUser(s interface{ Scan(...any) error }) (User, error) {
	var u User
	err := s.Scan(&u.ID, &u.PartnershipID, &u.Email, &u.Name, &u.Role, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return u, valid.ErrNotFound
	}
	return u, err
}

// CreateUser validates and stores a staff account with its password hash and
// an audit entry. An email already in use is a field error.
func CreateUser(ctx context.Context, d *db.DB, u User, password string, by audit.Actor, now time.Time) (User, error) {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.Name = strings.TrimSpace(u.Name)
	errs := u.Validate()
	checkPassword(&errs, password)
	if err := errs.Err(); err != nil {
		return u, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return u, err
	}
	u.CreatedAt = now
	err = d.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (partnership_id, email, name, role, password_hash, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, nullID(u.PartnershipID), u.Email, u.Name, string(u.Role), hash, u.CreatedAt).Scan(&u.ID)
		if db.IsUniqueViolation(err) {
			return valid.Errors{{Field: "email", Message: "An account with this email address already exists"}}
		}
		if err != nil {
			return fmt.Errorf("create account: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, PartnershipID: u.PartnershipID, Actor: by, Action: "create",
			Entity: "account", EntityID: u.ID, Summary: fmt.Sprintf("Created %s account for %s", u.Role.Name(), u.Name)},
			nil, map[string]any{"email": u.Email, "name": u.Name, "role": u.Role})
	})
	return u, err
}

// UserByEmail finds an account by email address.
func UserByEmail(ctx context.Context, q db.Querier, email string) (User, error) {
	return scanUser(q.QueryRowContext(ctx, selectUser+" WHERE email = $1", strings.ToLower(strings.TrimSpace(email))))
}

// Users lists a partnership's accounts (pid 0: accounts with no partnership).
func Users(ctx context.Context, q db.Querier, pid int64) ([]User, error) {
	query, args := selectUser+" WHERE partnership_id = $1 ORDER BY name", []any{pid}
	if pid == 0 {
		query, args = selectUser+" WHERE partnership_id IS NULL ORDER BY name", nil
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var us []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		us = append(us, u)
	}
	return us, rows.Err()
}

// SetRole changes an account's role, with an audit entry.
func SetRole(ctx context.Context, d *db.DB, email string, role Role, by audit.Actor, now time.Time) (User, error) {
	if !role.Valid() {
		return User{}, valid.Errors{{Field: "role", Message: "Select a role"}}
	}
	var u User
	err := d.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if u, err = UserByEmail(ctx, tx, email); err != nil {
			return err
		}
		before := u.Role
		u.Role = role
		if errs := u.Validate(); len(errs) > 0 {
			return errs
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET role = $1 WHERE id = $2", string(role), u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, PartnershipID: u.PartnershipID, Actor: by, Action: "update",
			Entity: "account", EntityID: u.ID, Summary: fmt.Sprintf("Changed %s's role to %s", u.Name, role.Name())},
			map[string]any{"role": before}, map[string]any{"role": role})
	})
	return u, err
}

// SetPassword replaces an account's password and signs it out everywhere.
func SetPassword(ctx context.Context, d *db.DB, email, password string, by audit.Actor, now time.Time) error {
	var errs valid.Errors
	checkPassword(&errs, password)
	if err := errs.Err(); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		u, err := UserByEmail(ctx, tx, email)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = $1 WHERE id = $2", hash, u.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, PartnershipID: u.PartnershipID, Actor: by, Action: "update",
			Entity: "account", EntityID: u.ID, Summary: "Reset the password of " + u.Name}, nil, nil)
	})
}

// Sign-in limits. Failures are counted per account and per network address
// over a window. The per-address limit is high so that a community centre or
// library where many people share one address is not locked out.
const (
	FailureWindow      = 15 * time.Minute
	MaxAccountFailures = 5
	MaxAddressFailures = 50
)

// ErrTooManyAttempts means sign-in is paused for this account or address.
var ErrTooManyAttempts = errors.New("too many failed sign-in attempts")

// ErrBadCredentials means the email or password is wrong (deliberately not
// saying which).
var ErrBadCredentials = errors.New("email address or password is not right")

// Authenticate checks an email and password, respecting and recording the
// sign-in limits, which live in the database so every instance sees them.
//
// The attempt is reserved before the slow password check: in one
// transaction, locked on the account and the address, the failures are
// counted and, if under the limits, a failure is recorded for both. Only
// then is the password checked; if it is right, the account's failures and
// this attempt's address entry are removed. So guesses sent at once, on
// one instance or several, get at most MaxAccountFailures checks.
func Authenticate(ctx context.Context, d *db.DB, email, password, addr string, now time.Time) (User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	subjects := []string{"account:" + email, "address:" + addr}
	limits := []int{MaxAccountFailures, MaxAddressFailures}
	var addressEntry int64
	err := d.InTx(ctx, func(tx *db.Tx) error {
		for i, s := range subjects {
			if err := tx.Lock(ctx, "signin "+s); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM signin_failures WHERE subject = $1 AND at > $2",
				s, now.Add(-FailureWindow)).Scan(&n); err != nil {
				return err
			}
			if n >= limits[i] {
				return ErrTooManyAttempts
			}
		}
		for _, s := range subjects {
			if err := tx.QueryRowContext(ctx, "INSERT INTO signin_failures (subject, at) VALUES ($1, $2) RETURNING id", s, now).Scan(&addressEntry); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM signin_failures WHERE at < $1", now.Add(-24*time.Hour))
		return err
	})
	if err != nil {
		return User{}, err
	}
	var hash string
	u, err := scanUserWithHash(d.QueryRowContext(ctx, `SELECT id, COALESCE(partnership_id, 0), email, name, role, created_at, password_hash
		FROM users WHERE email = $1`, email), &hash)
	ok := false
	if err == nil {
		ok, err = CheckPassword(hash, password)
		if err != nil {
			return User{}, err
		}
	} else if errors.Is(err, valid.ErrNotFound) {
		// Spend the same time as a real check so timing does not reveal
		// which addresses have accounts.
		CheckPassword(dummyHash, password)
	} else {
		return User{}, err
	}
	if !ok {
		return User{}, ErrBadCredentials
	}
	err = d.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM signin_failures WHERE subject = $1", subjects[0]); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM signin_failures WHERE id = $1", addressEntry)
		return err
	})
	return u, err
}

var dummyHash, _ = HashPassword("not a real password")

func scanUserWithHash(s interface{ Scan(...any) error }, hash *string) (User, error) {
	var u User
	err := s.Scan(&u.ID, &u.PartnershipID, &u.Email, &u.Name, &u.Role, &u.CreatedAt, hash)
	if errors.Is(err, sql.ErrNoRows) {
		return u, valid.ErrNotFound
	}
	return u, err
}

// SessionLength is how long a sign-in lasts.
const SessionLength = 12 * time.Hour

// NewSession starts a session for u and returns its token for the cookie.
// Only the token's SHA-256 is stored, so a copy of the database cannot be
// used to sign in.
func NewSession(ctx context.Context, d *db.DB, u User, now time.Time) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	_, err := d.ExecContext(ctx, "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
		hashToken(token), u.ID, now, now.Add(SessionLength))
	if err != nil {
		return "", fmt.Errorf("start session: %w", err)
	}
	// Clear out expired sessions now and then (about one sign-in in fifty).
	if b[0] < 5 {
		d.ExecContext(ctx, "DELETE FROM sessions WHERE expires_at < $1", now)
	}
	return token, nil
}

// UserBySession returns the account signed in with token, or valid.ErrNotFound if
// the session does not exist or has expired.
func UserBySession(ctx context.Context, q db.Querier, token string, now time.Time) (User, error) {
	return scanUser(q.QueryRowContext(ctx, `SELECT u.id, COALESCE(u.partnership_id, 0), u.email, u.name, u.role, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2`, hashToken(token), now))
}

// EndSession signs a session out.
func EndSession(ctx context.Context, d *db.DB, token string) error {
	_, err := d.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", hashToken(token))
	return err
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
