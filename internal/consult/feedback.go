package consult

import (
	"context"
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

// AddFeedback stores comments about how a consultation was run. Pass the
// transaction that also queues the mail to the consultation's contact.
func AddFeedback(ctx context.Context, q db.Querier, f Feedback, now time.Time) (Feedback, error) {
	f.Name, f.Email, f.Text, f.CreatedAt = strings.TrimSpace(f.Name), strings.TrimSpace(f.Email), strings.TrimSpace(f.Text), now
	err := q.QueryRowContext(ctx, `INSERT INTO consultation_feedback (consultation_id, name, email, text, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, f.ConsultationID, f.Name, f.Email, f.Text, now).Scan(&f.ID)
	if err != nil {
		return f, fmt.Errorf("store feedback: %w", err)
	}
	return f, nil
}
