// Package mail is coplan's outgoing mail: a respondent's copy of their
// consultation response, a save-and-return link, comments about how a
// consultation was run. Every message goes into the outbox first (Queue),
// in the same transaction as the thing it reports where the caller has one;
// a Sender then delivers the outbox through the configured SMTP server.
// Without a server, mail stays in the outbox, where staff read it (Outbox),
// so nothing is silently dropped.
package mail

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"coplan/internal/db"
)

// Message is a plain-text message to one address.
type Message struct {
	PartnershipID int64 // whose mail it is: staff of this partnership read it in the outbox
	To            string
	Subject       string
	Body          string
}

// MaxAttempts is how many times a message is tried before it is given up
// and left in the outbox for staff to send by hand.
const MaxAttempts = 5

// Mail is a message in the outbox with what happened to it.
type Mail struct {
	ID            int64
	PartnershipID int64
	To            string
	Subject       string
	Body          string
	CreatedAt     time.Time
	SentAt        time.Time // zero until sent
	Attempts      int
	NextTryAt     time.Time // zero for "as soon as possible"
	Error         string    // the last failure, "" if none
}

// Status is where a message is.
type Status string

// The statuses of a message.
const (
	Waiting  Status = "waiting"  // not tried yet (or no mail server is configured)
	Retrying Status = "retrying" // tried, failed, will be tried again
	Sent     Status = "sent"
	Failed   Status = "failed" // given up: the server refused it, or it failed MaxAttempts times
)

// Status says where the message is.
func (m Mail) Status() Status {
	switch {
	case !m.SentAt.IsZero():
		return Sent
	case m.Attempts >= MaxAttempts:
		return Failed
	case m.Error != "":
		return Retrying
	}
	return Waiting
}

// oneLine keeps a header value on one line, so nothing a member of the
// public types can add headers or recipients to a message.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// MaxPerRecipientHour is how many messages coplan queues for one address
// in an hour. A respondent gets a copy of their response and perhaps a
// save-and-return link or two; anyone can type someone else's address into
// a public form, so more than this would be coplan flooding an inbox.
const MaxPerRecipientHour = 5

// ErrRecipientLimit means the address has had MaxPerRecipientHour messages
// in the last hour, so this one was not queued. The caller carries on
// without it and must not say it was sent.
var ErrRecipientLimit = errors.New("this address has been sent enough mail for now")

// Queue puts a message in the outbox. Pass the transaction of the change
// the message reports, so the two are stored together or not at all. For
// an address a member of the public typed, use QueueToPublic.
func Queue(ctx context.Context, q db.Querier, m Message, now time.Time) (int64, error) {
	return queue(ctx, q, m, now, false)
}

// QueueToPublic queues a message to an address a member of the public
// typed into a form (their copy of a response, a save-and-return link).
// Anyone can type someone else's address, so an address that has had
// MaxPerRecipientHour messages in the last hour gets no more:
// ErrRecipientLimit, and nothing is queued.
func QueueToPublic(ctx context.Context, q db.Querier, m Message, now time.Time) (int64, error) {
	return queue(ctx, q, m, now, true)
}

func queue(ctx context.Context, q db.Querier, m Message, now time.Time, limited bool) (int64, error) {
	to := oneLine(m.To)
	if limited {
		if err := checkRecipient(ctx, q, to, now); err != nil {
			return 0, err
		}
	}
	var pid any
	if m.PartnershipID != 0 {
		pid = m.PartnershipID
	}
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO outbox (partnership_id, to_address, subject, body, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, pid, to, oneLine(m.Subject), m.Body, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("queue mail: %w", err)
	}
	return id, nil
}

// checkRecipient refuses a message to an address that has had
// MaxPerRecipientHour messages in the last hour, counting under a lock on
// the address (in a transaction) so that messages queued at once cannot
// race past it.
func checkRecipient(ctx context.Context, q db.Querier, to string, now time.Time) error {
	if l, ok := q.(interface {
		Lock(ctx context.Context, key string) error
	}); ok {
		if err := l.Lock(ctx, "mail to "+strings.ToLower(to)); err != nil {
			return err
		}
	}
	var recent int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE LOWER(to_address) = LOWER($1) AND created_at > $2`,
		to, now.Add(-time.Hour)).Scan(&recent); err != nil {
		return fmt.Errorf("count mail to the address: %w", err)
	}
	if recent >= MaxPerRecipientHour {
		return ErrRecipientLimit
	}
	return nil
}

const selectMail = `SELECT id, COALESCE(partnership_id, 0), to_address, subject, body, created_at, sent_at, attempts, next_try_at, error
	FROM outbox`

func scanMail(s interface{ Scan(...any) error }) (Mail, error) {
	var m Mail
	var sent, next sql.NullTime
	err := s.Scan(&m.ID, &m.PartnershipID, &m.To, &m.Subject, &m.Body, &m.CreatedAt, &sent, &m.Attempts, &next, &m.Error)
	m.SentAt, m.NextTryAt = sent.Time, next.Time
	return m, err
}

func list(ctx context.Context, q db.Querier, query string, args ...any) ([]Mail, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read the outbox: %w", err)
	}
	defer rows.Close()
	var out []Mail
	for rows.Next() {
		m, err := scanMail(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Outbox lists a partnership's mail, newest first, at most limit messages.
func Outbox(ctx context.Context, q db.Querier, partnershipID int64, limit int) ([]Mail, error) {
	return list(ctx, q, selectMail+" WHERE partnership_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2", partnershipID, limit)
}

// due lists messages a sender may try now, oldest first.
func due(ctx context.Context, q db.Querier, now time.Time, limit int) ([]Mail, error) {
	return list(ctx, q, selectMail+` WHERE sent_at IS NULL AND attempts < $1 AND (next_try_at IS NULL OR next_try_at <= $2)
		ORDER BY id LIMIT $3`, MaxAttempts, now, limit)
}
