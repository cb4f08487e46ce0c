package web_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/web"
)

// BenchmarkSubmit measures the last step of answering a consultation —
// "Submit your response" on the check-your-answers page — as a national
// consultation's closing peak brings it: many respondents at once, each a
// real HTTP POST on loopback through the public route, its response read,
// checked and committed to SQLite (a file in a temporary folder, WAL mode,
// synchronous=FULL: every commit reaches the disk) before the receipt with
// the reference number is sent. Each submission has a draft of its own with
// five answers and the respondent information form, as the pages before
// leave it.
//
// Beside it, in the same run: a bare net/http handler that reads a form of
// the same size and answers 200 (the ceiling this machine and net/http put
// on any handler), and the same submissions committed one transaction each
// (SubmitUnbatched: what group commit gains). BENCHMARKS.md records the
// figures and ratios.
func BenchmarkSubmit(b *testing.B) {
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<p>Your reference number is <strong>%s</strong></p>\n", consult.NewReference("GLE"))
	})
	b.Run("bare-net-http", func(b *testing.B) {
		srv := httptest.NewServer(bare)
		defer srv.Close()
		paths := make([]string, b.N)
		for i := range paths {
			paths[i] = "/partnerships/glenmorven/respond/" + newBenchToken() + "/submit"
		}
		runSubmissions(b, srv, paths, nil)
	})
	for _, unbatched := range []bool{false, true} {
		name := "coplan-submit"
		if unbatched {
			name = "coplan-submit-unbatched"
		}
		b.Run(name, func(b *testing.B) {
			// Every request comes from 127.0.0.1: a limit high enough
			// never to refuse one, so the count is still kept as in
			// production.
			site := newSubmitSite(b, web.Config{ResponseLimit: 1 << 30, SubmitUnbatched: unbatched})
			paths := site.drafts(b, b.N)
			runSubmissions(b, site.srv, paths, regexp.MustCompile(`class="coplan-reference">GLE-[0-9A-Z]{4}-[0-9A-Z]{4}<`))
			if st := site.server.SubmitStats(); st.Batches > 0 {
				b.ReportMetric(float64(st.Submitted)/float64(st.Batches), "subs/batch")
			}
			b.StopTimer()
			var n int
			if err := site.db.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM responses WHERE status = 'submitted'").Scan(&n); err != nil || n != b.N {
				b.Fatalf("%d responses submitted (%v), want %d", n, err, b.N)
			}
		})
	}
}

// runSubmissions POSTs the check page's form to each path, many at once,
// and reports requests a second.
func runSubmissions(b *testing.B, srv *httptest.Server, paths []string, receipt *regexp.Regexp) {
	b.Helper()
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 256
	body := url.Values{"lang": {"en"}, "leave_empty": {""}}.Encode()
	var next atomic.Int64
	b.SetParallelism(32) // 64 requests in flight on two cores: a closing peak
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("POST", srv.URL+paths[next.Add(1)-1], strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || receipt != nil && !receipt.Match(page) {
				b.Errorf("status %d, no reference number in the page:\n%.600s", resp.StatusCode, page)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// submitSite is coplan serving one open consultation from a fresh SQLite
// file.
type submitSite struct {
	db     *db.DB
	server *web.Server
	srv    *httptest.Server
	c      consult.Consultation
	qn     consult.Questionnaire
}

// newSubmitSite serves the consultation with cfg (its DB and Log are
// filled in).
func newSubmitSite(b testing.TB, cfg web.Config) *submitSite {
	b.Helper()
	ctx := context.Background()
	d := dbtest.SQLite(b)
	p, err := partnership.Create(ctx, d, demo.Partnership(), audit.System, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	c, err := consultStore(d, p.ID).SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: "Care at home for the next three years",
		Audience: consult.Public, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(24 * time.Hour)}, audit.System)
	if err != nil {
		b.Fatal(err)
	}
	qn, err := consultStore(d, c.PartnershipID).SaveQuestionnaire(ctx, c, benchQuestions(), "", audit.System)
	if err != nil {
		b.Fatal(err)
	}
	if err := consultStore(d, p.ID).SetStage(ctx, c.ID, "published", audit.System); err != nil {
		b.Fatal(err)
	}
	if c, err = consult.ConsultationByID(ctx, d, p.ID, c.ID); err != nil {
		b.Fatal(err)
	}
	cfg.DB, cfg.Log = d, slog.New(slog.DiscardHandler)
	s, err := web.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s)
	b.Cleanup(func() {
		srv.Close()
		s.Close()
	})
	return &submitSite{db: d, server: s, srv: srv, c: c, qn: qn}
}

// benchQuestions is a short questionnaire of the usual kinds: two pages, a
// scale, a yes/no, a choose-any with "other", two free-text questions.
func benchQuestions() consult.Questionnaire {
	return consult.Questionnaire{Sections: []consult.Section{
		{Title: "Care at home", Questions: []consult.Question{
			{Code: "Q1", Kind: consult.Scale, Text: "Care at home should be a priority", Options: consult.AgreeScale, Required: true},
			{Code: "Q2", Kind: consult.Single, Text: "Do you use care at home?", Required: true,
				Options: []consult.Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}},
			{Code: "Q3", Kind: consult.Text, Text: "What would make it better?", MaxChars: 2000},
		}},
		{Title: "Services", Questions: []consult.Question{
			{Code: "Q4", Kind: consult.Multiple, Text: "Which services matter most to you?", HasOther: true,
				Options: []consult.Option{{Value: "respite", Label: "Respite care"}, {Value: "meals", Label: "Meals"}}},
			{Code: "Q5", Kind: consult.Text, Text: "Is there anything else you want to tell us?", MaxChars: 2000},
		}},
	}}
}

// drafts makes n responses ready to submit — answered and with the
// respondent information form filled in, as the pages before the check page
// leave them — and returns the address each is submitted to. They are
// written straight to the database in one transaction, since making them
// through the pages would take longer than the benchmark. The stored token
// is the SHA-256 of the token in the address, as consult.StartDraft stores
// it; if that ever changes, every submission here fails with "not found".
func (s *submitSite) drafts(b testing.TB, n int) []string {
	b.Helper()
	ctx := context.Background()
	qs := s.qn.Questions()
	text := strings.Repeat("Carers need a break they can count on, booked ahead and near home. ", 5)
	paths := make([]string, n)
	now := time.Now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		for i := range paths {
			token := newBenchToken()
			h := sha256.Sum256([]byte(token))
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO responses (consultation_id, questionnaire_id, token_hash, channel, language,
				status, respondent_type, name, postcode, publish, contact_ok, created_at, updated_at, expires_at)
				VALUES ($1, $2, $3, 'online', 'en', 'draft', 'individual', $4, 'GM1 2AB', 'without-name', TRUE, $5, $5, $6) RETURNING id`,
				s.c.ID, s.qn.ID, hex.EncodeToString(h[:]), fmt.Sprintf("Respondent %d", i), now, s.c.ClosesAt).Scan(&id); err != nil {
				return err
			}
			for _, a := range []struct {
				q                    consult.Question
				choices, text, other string
			}{{qs[0], "mostly-agree", "", ""}, {qs[1], "yes", "", ""}, {qs[2], "", text, ""},
				{qs[3], "respite\nother", "", "Day centres"}, {qs[4], "", text, ""}} {
				if _, err := tx.ExecContext(ctx, "INSERT INTO answers (response_id, question_id, choices, text, other_text) VALUES ($1, $2, $3, $4, $5)",
					id, a.q.ID, a.choices, a.text, a.other); err != nil {
					return err
				}
			}
			paths[i] = "/partnerships/" + demo.Slug + "/respond/" + token + "/submit"
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return paths
}

func newBenchToken() string {
	t := make([]byte, 24)
	rand.Read(t)
	return base64.RawURLEncoding.EncodeToString(t)
}
