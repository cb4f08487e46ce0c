package partnership

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/valid"
)

// RetentionYears is how long the standard privacy notice says responses
// are kept after a consultation closes: long enough for the plan the
// consultation informed to be published and reviewed (s.37 reviews every
// three years), then deleted.
const RetentionYears = 5

// MaxNoticeChars is the most characters a privacy notice may hold.
const MaxNoticeChars = 50_000

// Notice is a partnership's privacy notice: the text its staff set, or the
// standard one (Custom false).
type Notice struct {
	Text      string // Markdown
	Custom    bool
	UpdatedAt time.Time // when staff last set it; zero for the standard one
}

// DefaultPrivacyNotice is the standard privacy notice of a partnership that
// has not written its own, in Markdown: the integration authority is the
// controller of what people tell it through coplan; the purposes (planning
// services, and analysing and, where the respondent agrees, publishing
// responses); how long responses are kept; and the rights the UK GDPR
// gives, with the complaint to the Information Commissioner's Office.
func DefaultPrivacyNotice(p Partnership) string {
	a := p.AuthorityName()
	return fmt.Sprintf(`# Who is responsible for your information

%[1]s is the data controller for the information you give us on this website: your answers to a consultation, the details you give about yourself, comments about how a consultation was run, and the details we hold about members of our groups. The partners who make up the partnership are %[2]s.

# Why we use it

We use your information to plan health and social care services in %[3]s, as the Public Bodies (Joint Working) (Scotland) Act 2014 requires us to: to prepare and review our strategic plan, and to consult the people who use services, their carers and the people who provide them. The law allows this because it is part of a task we carry out in the public interest.

We read and analyse every response. We publish a response only if you agree, and only in the way you choose on the "About you" page: with your name, without your name, or not at all. Before we publish anything we check it and remove anything that could identify someone else. Details about your health, a disability or caring role that you choose to tell us are used only to plan services and are never published with your name.

We use your postcode only to tell which locality you live in, and your email address only to send you a copy of your response or a link to finish it, and to contact you about the consultation if you agree.

# How long we keep it

We keep responses and the details you give with them for %[4]d years after the consultation closes, so that we can show how your views were taken into account when the plan is published and reviewed. Then we delete them. What we have published, such as the consultation statement, stays published.

# Your rights

Under the UK General Data Protection Regulation you have the right to:

- ask for a copy of the information we hold about you
- ask us to correct information that is wrong
- ask us to delete your information
- object to how we use it, or ask us to limit it
- complain to the Information Commissioner's Office (ico.org.uk, 0303 123 1113) if you are not happy with how we have used your information

To use any of these rights, or to ask about this notice, contact the %[3]s planning team or the data protection officer of any of the partners. You do not have to give a reason.
`, a, strings.Join(p.Partners(), " and "), p.Name, RetentionYears)
}

// ValidateNotice checks a privacy notice as staff set it.
func ValidateNotice(text string) error {
	if n := utf8.RuneCountInString(text); n > MaxNoticeChars {
		return valid.Errors{{Field: "notice", Message: fmt.Sprintf("Enter a notice of at most %d characters; this one has %d", MaxNoticeChars, n)}}
	}
	return nil
}

// PrivacyNotice is the partnership's privacy notice: its own, or the
// standard one.
func (s *Store) PrivacyNotice(ctx context.Context) (Notice, error) {
	var n Notice
	err := s.db.QueryRowContext(ctx, "SELECT body, updated_at FROM privacy_notices WHERE partnership_id = $1", s.p.ID).
		Scan(&n.Text, &n.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Notice{Text: DefaultPrivacyNotice(s.p)}, nil
	}
	if err != nil {
		return n, fmt.Errorf("read the privacy notice: %w", err)
	}
	n.Custom = true
	return n, nil
}

// SetPrivacyNotice stores the partnership's own privacy notice, with its
// audit entry, in one transaction. An empty text goes back to the standard
// notice.
func (s *Store) SetPrivacyNotice(ctx context.Context, text string, by audit.Actor) error {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if err := ValidateNotice(text); err != nil {
		return err
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.noticeIn(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM privacy_notices WHERE partnership_id = $1", s.p.ID); err != nil {
			return err
		}
		summary := "Went back to the standard privacy notice"
		if text != "" {
			summary = "Changed the privacy notice"
			if _, err := tx.ExecContext(ctx, "INSERT INTO privacy_notices (partnership_id, body, updated_at) VALUES ($1, $2, $3)",
				s.p.ID, text, now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "update",
			Entity: "privacy notice", EntityID: s.p.ID, Summary: summary}, map[string]any{"notice": before}, map[string]any{"notice": text})
	})
}

// noticeIn is the partnership's own notice within tx, or "".
func (s *Store) noticeIn(ctx context.Context, q db.Querier) (string, error) {
	var text string
	err := q.QueryRowContext(ctx, "SELECT body FROM privacy_notices WHERE partnership_id = $1", s.p.ID).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return text, err
}
