package consult

import (
	"context"
	"errors"
	"fmt"

	"coplan/internal/db"
	"coplan/internal/mail"
	"coplan/internal/valid"
)

// Receipt is what Submit did: the response's reference, and the mail it
// did not queue.
type Receipt struct {
	Reference string
	// Unmailed lists the addresses that got no mail about the response
	// because each had already had its hour's mail (mail.ErrRecipientLimit):
	// the response is kept all the same, and the receipt must say so
	// rather than promise a copy (issue 10, item 11).
	Unmailed []string
}

// Submit finishes an online response: it saves the final answers, gives
// the response its reference number and marks it submitted, and queues in
// the outbox the mail about it that each of mails makes from the new
// reference number (the respondent's copy), all in one transaction. It
// returns the reference only after the commit, so a reference a
// respondent has seen is never lost, and the mail is stored with the
// response or not at all. A mail to an address that has had its hour's
// mail is not queued, and the receipt lists that address.
//
// With a Batcher (b not nil), submissions that arrive together are
// committed together in one transaction: the hot path at a national
// consultation's closing peak. Without one, the response has a
// transaction of its own. A draft is submitted at most once; a second
// attempt gets ErrTokenExpired. After the closing time it returns
// ErrClosed and stores nothing.
func (s *Store) Submit(ctx context.Context, b *Batcher, c Consultation, r Response, prefix string,
	mails ...func(ref string) Message) (Receipt, error) {
	if c.PartnershipID != s.p.ID {
		return Receipt{}, valid.ErrNotFound
	}
	if errs := ValidateLengths(Questionnaire{}, r, english()); len(errs) > 0 {
		return Receipt{}, errs
	}
	now := s.now()
	var with With
	// The work in the transaction may run more than once (a batch that
	// failed is tried again), each run from the start: what the last run
	// found is what was committed. The caller reads it once Submit has
	// returned.
	var unmailed []string
	if len(mails) > 0 {
		with = func(ctx context.Context, tx *db.Tx, ref string) error {
			unmailed = nil
			for _, m := range mails {
				msg := m(ref)
				_, err := mail.QueueToPublic(ctx, tx, msg, now)
				switch {
				case errors.Is(err, mail.ErrRecipientLimit):
					unmailed = append(unmailed, msg.To)
				case err != nil:
					return fmt.Errorf("queue mail about response %s: %w", ref, err)
				}
			}
			return nil
		}
	}
	var ref string
	var err error
	if b == nil {
		ref, err = SubmitWith(ctx, s.db, c, r, prefix, now, with)
	} else {
		ref, err = b.SubmitWith(ctx, c, r, prefix, now, with)
	}
	if err != nil {
		return Receipt{}, err
	}
	return Receipt{Reference: ref, Unmailed: unmailed}, nil
}

// Message is a mail to queue in the outbox with a change (mail.Message).
type Message = mail.Message
