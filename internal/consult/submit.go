package consult

import (
	"context"
	"errors"
	"fmt"

	"coplan/internal/db"
	"coplan/internal/mail"
	"coplan/internal/valid"
)

// Submit finishes an online response: it saves the final answers, gives
// the response its reference number and marks it submitted, and queues in
// the outbox the mail about it that each of mails makes from the new
// reference number (the respondent's copy), all in one transaction. It
// returns the reference only after the commit, so a reference a
// respondent has seen is never lost, and the mail is stored with the
// response or not at all.
//
// With a Batcher (b not nil), submissions that arrive together are
// committed together in one transaction: the hot path at a national
// consultation's closing peak. Without one, the response has a
// transaction of its own. A draft is submitted at most once; a second
// attempt gets ErrTokenExpired. After the closing time it returns
// ErrClosed and stores nothing.
func (s *Store) Submit(ctx context.Context, b *Batcher, c Consultation, r Response, prefix string,
	mails ...func(ref string) Message) (string, error) {
	if c.PartnershipID != s.p.ID {
		return "", valid.ErrNotFound
	}
	if errs := ValidateLengths(Questionnaire{}, r, english()); len(errs) > 0 {
		return "", errs
	}
	now := s.now()
	var with With
	if len(mails) > 0 {
		with = func(ctx context.Context, tx *db.Tx, ref string) error {
			for _, m := range mails {
				// An address that has had its hour's mail gets no copy: the
				// response is kept all the same.
				if _, err := mail.QueueToPublic(ctx, tx, m(ref), now); err != nil && !errors.Is(err, mail.ErrRecipientLimit) {
					return fmt.Errorf("queue mail about response %s: %w", ref, err)
				}
			}
			return nil
		}
	}
	if b == nil {
		return SubmitWith(ctx, s.db, c, r, prefix, now, with)
	}
	return b.SubmitWith(ctx, c, r, prefix, now, with)
}

// Message is a mail to queue in the outbox with a change (mail.Message).
type Message = mail.Message
