package mail_test

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	coplanmail "coplan/internal/mail"
	"coplan/internal/partnership"
)

// fakeSMTP is a mail server that keeps what it receives. It offers AUTH
// PLAIN and refuses recipients at refuse.example with 550.
type fakeSMTP struct {
	ln   net.Listener
	mu   sync.Mutex
	got  []*mail.Message
	rcpt []string
	auth []string
}

func startSMTP(t *testing.T) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeSMTP{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.handle(c)
		}
	}()
	return f
}

func (f *fakeSMTP) handle(c net.Conn) {
	defer c.Close()
	tp := textproto.NewConn(c)
	tp.PrintfLine("220 fake ESMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		cmd := strings.ToUpper(line)
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			tp.PrintfLine("250-fake")
			tp.PrintfLine("250 AUTH PLAIN")
		case strings.HasPrefix(cmd, "AUTH PLAIN"):
			b, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(line[len("AUTH PLAIN"):]))
			f.mu.Lock()
			f.auth = append(f.auth, string(b))
			f.mu.Unlock()
			tp.PrintfLine("235 OK")
		case strings.HasPrefix(cmd, "MAIL FROM"):
			tp.PrintfLine("250 OK")
		case strings.HasPrefix(cmd, "RCPT TO"):
			if strings.Contains(cmd, "REFUSE.EXAMPLE") {
				tp.PrintfLine("550 No such mailbox")
				continue
			}
			f.mu.Lock()
			f.rcpt = append(f.rcpt, line)
			f.mu.Unlock()
			tp.PrintfLine("250 OK")
		case cmd == "DATA":
			tp.PrintfLine("354 Go ahead")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			m, err := mail.ReadMessage(strings.NewReader(string(data)))
			if err != nil {
				tp.PrintfLine("554 Bad message")
				continue
			}
			f.mu.Lock()
			f.got = append(f.got, m)
			f.mu.Unlock()
			tp.PrintfLine("250 OK")
		case cmd == "QUIT":
			tp.PrintfLine("221 Bye")
			return
		default:
			tp.PrintfLine("250 OK")
		}
	}
}

func (f *fakeSMTP) messages() []*mail.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*mail.Message(nil), f.got...)
}

func newPartnership(t *testing.T, d *db.DB) int64 {
	t.Helper()
	p, err := partnership.Create(context.Background(), d, demo.Partnership(), audit.System, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// Mail waits in the outbox, newest first, for the partnership it belongs
// to; what a member of the public typed cannot add headers.
func TestOutboxKeepsMailWithoutAServer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pid := newPartnership(t, d)
		now := time.Now()
		for i, subj := range []string{"First", "Second\r\nBcc: victim@example.org"} {
			if _, err := coplanmail.Queue(ctx, d, coplanmail.Message{PartnershipID: pid, To: "ann@example.org",
				Subject: subj, Body: "Hello"}, now.Add(time.Duration(i)*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
		// Without a server, the sender sends nothing and the mail stays.
		s := &coplanmail.Sender{DB: d}
		if n, err := s.SendDue(ctx); n != 0 || err != nil {
			t.Fatalf("SendDue without a server = %d, %v", n, err)
		}
		ms, err := coplanmail.Outbox(ctx, d, pid, 10)
		if err != nil || len(ms) != 2 {
			t.Fatalf("outbox = %+v, %v", ms, err)
		}
		if ms[0].Subject != "Second Bcc: victim@example.org" || ms[1].Subject != "First" {
			t.Errorf("subjects %q, %q: want newest first, on one line", ms[0].Subject, ms[1].Subject)
		}
		if ms[0].Status() != coplanmail.Waiting {
			t.Errorf("status %s, want waiting", ms[0].Status())
		}
		if other, _ := coplanmail.Outbox(ctx, d, pid+1, 10); len(other) != 0 {
			t.Error("another partnership's outbox shows this mail")
		}
	})
}

// With a server, the sender delivers each message once, in UTF-8 with the
// Gaelic accents intact, and records it as sent; a refused address is given
// up with the server's reason, for staff to see.
func TestSenderDeliversOnceAndRecordsFailures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pid := newPartnership(t, d)
		smtpd := startSMTP(t)
		now := time.Now()
		queue := func(to, subject, body string) {
			t.Helper()
			if _, err := coplanmail.Queue(ctx, d, coplanmail.Message{PartnershipID: pid, To: to, Subject: subject, Body: body}, now); err != nil {
				t.Fatal(err)
			}
		}
		queue("ann@example.org", "Do fhreagairt: Cùram aig an taigh", "Tapadh leat.\nÀireamh iomraidh: GLE-7K3M-9QX2\n")
		queue("nobody@refuse.example", "Your response", "Thank you")
		queue("not an address", "Your response", "Thank you")

		server := coplanmail.Server{Addr: smtpd.ln.Addr().String(), From: "Glenmorven HSCP <planning@glenmorven.example>",
			User: "coplan", Password: "secret"}
		if err := server.Check(); err != nil {
			t.Fatal(err)
		}
		// Two instances send at once: each message still goes once.
		var wg sync.WaitGroup
		var sent [2]int
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := &coplanmail.Sender{DB: d, Server: server, Timeout: 10 * time.Second}
				n, err := s.SendDue(ctx)
				if err != nil {
					t.Error(err)
				}
				sent[i] = n
			}()
		}
		wg.Wait()
		if sent[0]+sent[1] != 1 {
			t.Errorf("sent %d messages, want 1", sent[0]+sent[1])
		}
		got := smtpd.messages()
		if len(got) != 1 {
			t.Fatalf("the server received %d messages, want 1", len(got))
		}
		subject, _ := new(mime.WordDecoder).DecodeHeader(got[0].Header.Get("Subject"))
		body, _ := io.ReadAll(quotedprintable.NewReader(got[0].Body))
		if subject != "Do fhreagairt: Cùram aig an taigh" || !strings.Contains(string(body), "Àireamh iomraidh: GLE-7K3M-9QX2") {
			t.Errorf("received subject %q, body %q", subject, body)
		}
		if got[0].Header.Get("To") != "<ann@example.org>" || !strings.Contains(got[0].Header.Get("From"), "planning@glenmorven.example") {
			t.Errorf("headers To %q From %q", got[0].Header.Get("To"), got[0].Header.Get("From"))
		}
		if len(smtpd.auth) == 0 || smtpd.auth[0] != "\x00coplan\x00secret" {
			t.Errorf("the sender did not sign in to the server: %q", smtpd.auth)
		}

		ms, _ := coplanmail.Outbox(ctx, d, pid, 10)
		status := map[string]coplanmail.Mail{}
		for _, m := range ms {
			status[m.To] = m
		}
		if m := status["ann@example.org"]; m.Status() != coplanmail.Sent || m.SentAt.IsZero() {
			t.Errorf("delivered mail: status %s", m.Status())
		}
		if m := status["nobody@refuse.example"]; m.Status() != coplanmail.Failed || !strings.Contains(m.Error, "No such mailbox") {
			t.Errorf("refused mail: status %s, error %q", m.Status(), m.Error)
		}
		if m := status["not an address"]; m.Status() != coplanmail.Failed || !strings.Contains(m.Error, "not an email address") {
			t.Errorf("mail to a bad address: status %s, error %q", m.Status(), m.Error)
		}

		// Nothing more is due: no message goes twice.
		s := &coplanmail.Sender{DB: d, Server: server}
		if n, err := s.SendDue(ctx); n != 0 || err != nil || len(smtpd.messages()) != 1 {
			t.Errorf("second run sent %d (%v); the server has %d messages", n, err, len(smtpd.messages()))
		}
	})
}

// A server that cannot be reached is a temporary failure: the message is
// tried again later, not at once, and is sent once the server is back.
func TestSenderRetriesLater(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pid := newPartnership(t, d)
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := ln.Addr().String()
		ln.Close() // nothing listens here now
		now := time.Now()
		clock := now
		s := &coplanmail.Sender{DB: d, Server: coplanmail.Server{Addr: addr, From: "planning@glenmorven.example"},
			Now: func() time.Time { return clock }, Timeout: 5 * time.Second}
		if _, err := coplanmail.Queue(ctx, d, coplanmail.Message{PartnershipID: pid, To: "ann@example.org", Subject: "Hi", Body: "Hi"}, now); err != nil {
			t.Fatal(err)
		}
		if n, err := s.SendDue(ctx); n != 0 || err != nil {
			t.Fatalf("SendDue to a dead server = %d, %v", n, err)
		}
		ms, _ := coplanmail.Outbox(ctx, d, pid, 10)
		if ms[0].Status() != coplanmail.Retrying || ms[0].Attempts != 1 || !ms[0].NextTryAt.After(now) {
			t.Fatalf("after a failed attempt: %+v", ms[0])
		}
		// The server comes back; the message waits for its next try.
		smtpd := startSMTP(t)
		s.Server.Addr = smtpd.ln.Addr().String()
		if n, _ := s.SendDue(ctx); n != 0 {
			t.Error("the message was tried again before its time")
		}
		clock = now.Add(2 * time.Minute)
		if n, err := s.SendDue(ctx); n != 1 || err != nil {
			t.Fatalf("retry: sent %d, %v", n, err)
		}
		if ms, _ := coplanmail.Outbox(ctx, d, pid, 10); ms[0].Status() != coplanmail.Sent || ms[0].Error != "" {
			t.Errorf("after the retry: %+v", ms[0])
		}
	})
}

// Anyone can type someone else's address into a public form: one address
// gets at most MaxPerRecipientHour messages in an hour, whatever the case
// it is typed in, and more again an hour later (issue 10, item 20).
func TestQueueLimitsMailToOneAddress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pid := newPartnership(t, d)
		t0 := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
		queue := func(to string, at time.Time) error {
			return d.InTx(ctx, func(tx *db.Tx) error {
				_, err := coplanmail.QueueToPublic(ctx, tx, coplanmail.Message{PartnershipID: pid, To: to, Subject: "Your link", Body: "..."}, at)
				return err
			})
		}
		for i := 0; i < coplanmail.MaxPerRecipientHour; i++ {
			if err := queue("victim@example.org", t0.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Fatalf("message %d: %v", i+1, err)
			}
		}
		if err := queue("VICTIM@example.org", t0.Add(10*time.Minute)); !errors.Is(err, coplanmail.ErrRecipientLimit) {
			t.Errorf("one more in the hour: %v, want ErrRecipientLimit", err)
		}
		if err := queue("someone.else@example.org", t0.Add(10*time.Minute)); err != nil {
			t.Errorf("another address: %v", err)
		}
		if err := queue("victim@example.org", t0.Add(61*time.Minute)); err != nil {
			t.Errorf("an hour after the first: %v", err)
		}
	})
}
