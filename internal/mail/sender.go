package mail

import (
	"bytes"
	"context"
	"coplan/internal/civil"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"coplan/internal/db"
)

// Server is the SMTP server mail goes through. coplan serve takes it from
// --smtp-addr, --smtp-from, --smtp-user and --smtp-password (env
// COPLAN_SMTP_ADDR and so on).
type Server struct {
	Addr     string // host:port; port 465 is TLS from the start, others upgrade with STARTTLS when the server offers it
	From     string // the sender's address, e.g. "Glenmorven HSCP <planning@glenmorven.example>"
	User     string // for AUTH PLAIN; "" for a server that needs none
	Password string
}

// Configured reports whether there is a server to send through.
func (s Server) Configured() bool { return s.Addr != "" }

// Check says what is wrong with the server's settings, or nil.
func (s Server) Check() error {
	if !s.Configured() {
		return nil
	}
	if _, _, err := net.SplitHostPort(s.Addr); err != nil {
		return fmt.Errorf("--smtp-addr %q: give the host and port, for example smtp.example.org:587", s.Addr)
	}
	if _, err := mail.ParseAddress(s.From); err != nil {
		return fmt.Errorf("--smtp-from %q: give the address mail comes from, for example planning@example.org", s.From)
	}
	return nil
}

// Sender delivers the outbox through an SMTP server. Several instances may
// run one each against the same database: each message is claimed before
// it is sent, so it goes once.
type Sender struct {
	DB     *db.DB
	Server Server
	Log    *slog.Logger
	Now    func() time.Time // defaults to time.Now
	// Timeout bounds one message's conversation with the server (default a
	// minute), so a server that stops answering cannot stall the outbox.
	Timeout time.Duration
}

// lease is how long a claimed message is left to its sender before another
// may try it (the first has died, or is stuck past its timeout).
const lease = 10 * time.Minute

// retryAfter is the wait after a message's nth failed attempt.
func retryAfter(attempts int) time.Duration {
	switch attempts {
	case 1:
		return time.Minute
	case 2:
		return 5 * time.Minute
	case 3:
		return 30 * time.Minute
	}
	return 2 * time.Hour
}

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return civil.SystemClock()
}

func (s *Sender) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// Run sends due mail every interval until ctx ends. Without a configured
// server it does nothing: the mail waits in the outbox for staff.
func (s *Sender) Run(ctx context.Context, interval time.Duration) {
	if !s.Server.Configured() {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.SendDue(ctx); err != nil && ctx.Err() == nil {
			s.log().Error("sending mail", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SendDue sends every message that is due, recording for each the time it
// was sent or the error, and returns how many were sent. An error is
// returned only when the outbox itself cannot be read or written.
func (s *Sender) SendDue(ctx context.Context) (int, error) {
	if !s.Server.Configured() {
		return 0, nil
	}
	sent := 0
	for {
		ms, err := due(ctx, s.DB, s.now(), 20)
		if err != nil {
			return sent, err
		}
		if len(ms) == 0 {
			return sent, nil
		}
		claimed := 0
		for _, m := range ms {
			ok, err := s.claim(ctx, m)
			if err != nil {
				return sent, err
			}
			if !ok {
				continue // another instance has it
			}
			claimed++
			if err := s.deliver(ctx, m); err != nil {
				if err := s.failed(ctx, m, err); err != nil {
					return sent, err
				}
				continue
			}
			if _, err := s.DB.ExecContext(ctx, "UPDATE outbox SET sent_at = $1, error = '', next_try_at = NULL WHERE id = $2",
				s.now(), m.ID); err != nil {
				return sent, fmt.Errorf("record mail %d as sent: %w", m.ID, err)
			}
			sent++
		}
		if claimed == 0 || ctx.Err() != nil {
			return sent, ctx.Err()
		}
	}
}

// claim counts an attempt at m and leases it to this sender, unless another
// sender got there first (the attempts no longer match).
func (s *Sender) claim(ctx context.Context, m Mail) (bool, error) {
	now := s.now()
	res, err := s.DB.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, next_try_at = $1
		WHERE id = $2 AND sent_at IS NULL AND attempts = $3 AND (next_try_at IS NULL OR next_try_at <= $4)`,
		now.Add(lease), m.ID, m.Attempts, now)
	if err != nil {
		return false, fmt.Errorf("claim mail %d: %w", m.ID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// failed records why m was not sent, and when to try again: never, when
// the server refused it outright or it has had its attempts.
func (s *Sender) failed(ctx context.Context, m Mail, cause error) error {
	attempts := m.Attempts + 1
	if permanent(cause) {
		attempts = MaxAttempts
	}
	s.log().Warn("mail not sent", "id", m.ID, "attempt", m.Attempts+1, "err", cause)
	msg := cause.Error()
	if len(msg) > 500 {
		msg = msg[:500]
	}
	_, err := s.DB.ExecContext(ctx, "UPDATE outbox SET error = $1, attempts = $2, next_try_at = $3 WHERE id = $4",
		msg, attempts, s.now().Add(retryAfter(attempts)), m.ID)
	if err != nil {
		return fmt.Errorf("record mail %d as not sent: %w", m.ID, err)
	}
	return nil
}

// errBadAddress is a message whose recipient is not an email address.
var errBadAddress = errors.New("not an email address")

// permanent reports whether trying again cannot help: the address is
// malformed, or the server answered with a 5xx code.
func permanent(err error) bool {
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code >= 500
	}
	return errors.Is(err, errBadAddress)
}

// deliver sends one message through the server.
func (s *Sender) deliver(ctx context.Context, m Mail) error {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return fmt.Errorf("%q is %w", m.To, errBadAddress)
	}
	from, err := mail.ParseAddress(s.Server.From)
	if err != nil {
		return fmt.Errorf("the sender %q is %w (check --smtp-from)", s.Server.From, errBadAddress)
	}
	msg := s.compose(m, from, to)
	timeout := s.Timeout
	if timeout == 0 {
		timeout = time.Minute
	}
	host, port, _ := net.SplitHostPort(s.Server.Addr)
	dialer := &net.Dialer{Timeout: timeout}
	var conn net.Conn
	if port == "465" {
		conn, err = tls.DialWithDialer(dialer, "tcp", s.Server.Addr, &tls.Config{ServerName: host})
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", s.Server.Addr)
	}
	if err != nil {
		return fmt.Errorf("connect to the mail server: %w", err)
	}
	// A network deadline is real time, whatever clock the sender is on.
	conn.SetDeadline(civil.SystemClock().Add(timeout))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail server: %w", err)
	}
	defer c.Close()
	if err := c.Hello(helloName(from.Address)); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok && port != "465" {
		if err := c.StartTLS(&tls.Config{ServerName: host}); err != nil {
			return fmt.Errorf("STARTTLS: %w", err)
		}
	}
	if s.Server.User != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Server.User, s.Server.Password, host)); err != nil {
			return fmt.Errorf("sign in to the mail server: %w", err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return err
	}
	if err := c.Rcpt(to.Address); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// helloName is the name coplan gives in EHLO: the sender's mail domain.
func helloName(from string) string {
	if _, domain, ok := strings.Cut(from, "@"); ok && domain != "" {
		return domain
	}
	return "localhost"
}

// compose writes the message in RFC 5322 form: UTF-8 plain text, quoted-
// printable, with the subject encoded so Gaelic accents survive.
func (s *Sender) compose(m Mail, from, to *mail.Address) []byte {
	var b bytes.Buffer
	id := make([]byte, 8)
	rand.Read(id)
	h := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	h("From", from.String())
	h("To", to.String())
	h("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	h("Date", s.now().Format(time.RFC1123Z))
	h("Message-ID", fmt.Sprintf("<outbox-%d-%s@%s>", m.ID, hex.EncodeToString(id), helloName(from.Address)))
	h("Auto-Submitted", "auto-generated")
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(strings.ReplaceAll(m.Body, "\r\n", "\n")))
	qp.Close()
	return b.Bytes()
}
