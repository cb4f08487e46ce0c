package consult

import (
	"context"
	cmail "coplan/internal/mail"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"coplan/internal/db"
	"coplan/internal/valid"
)

// Feedback is a comment or complaint about how a consultation was run (not
// a response to it): seed 003's consultations give respondents this route.
type Feedback struct {
	ID             int64
	ConsultationID int64
	Name           string // optional
	Email          string // optional, for a reply
	Text           string
	CreatedAt      time.Time
}

// The longest feedback and name the form accepts.
const (
	MaxFeedbackChars = 5000
	MaxFeedbackName  = 200
)

// ValidateFeedback checks the comments form: some text within its limit, a
// name within its limit, an email address (if any) in the right form.
// Field ids are "feedback-text", "feedback-name" and "feedback-email".
func ValidateFeedback(f Feedback, m Catalog) valid.Errors {
	var errs valid.Errors
	switch text := strings.TrimSpace(f.Text); {
	case text == "":
		errs.Add("feedback-text", m.Get("error.feedback-empty"))
	case utf8.RuneCountInString(text) > MaxFeedbackChars:
		errs.Add("feedback-text", m.Get("error.feedback-too-long", fmt.Sprint(MaxFeedbackChars)))
	}
	if utf8.RuneCountInString(strings.TrimSpace(f.Name)) > MaxFeedbackName {
		errs.Add("feedback-name", m.Get("error.feedback-name", fmt.Sprint(MaxFeedbackName)))
	}
	if e := strings.TrimSpace(f.Email); e != "" {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			errs.Add("feedback-email", m.Get("error.email"))
		}
	}
	return errs
}

// AddFeedback stores comments about how a consultation was run and, in
// the same transaction, queues the mail that tell(f) makes of them for the
// consultation's contact. Comments are taken at any time after
// publication (a complaint often comes after closing); a consultation not
// published is valid.ErrNotFound.
func (s *Store) AddFeedback(ctx context.Context, f Feedback, tell func(c Consultation, f Feedback) Message) (Feedback, error) {
	now := s.now()
	f.Name, f.Email, f.Text, f.CreatedAt = strings.TrimSpace(f.Name), strings.TrimSpace(f.Email), strings.TrimSpace(f.Text), now
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := ConsultationByID(ctx, tx, s.p.ID, f.ConsultationID)
		if err != nil {
			return err
		}
		if c.PublishedAt.IsZero() {
			return valid.ErrNotFound
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO consultation_feedback (consultation_id, name, email, text, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, f.ConsultationID, f.Name, f.Email, f.Text, now).Scan(&f.ID); err != nil {
			return fmt.Errorf("store feedback: %w", err)
		}
		m := tell(c, f)
		if m.PartnershipID == 0 {
			m.PartnershipID = s.p.ID
		}
		_, err = cmail.Queue(ctx, tx, m, now)
		return err
	})
	return f, err
}
