package bench

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/progress"
)

// SubmitOptions shape a submit run.
type SubmitOptions struct {
	Bin         string
	DatabaseURL string // "" or sqlite: temporary files; postgres://...: new schemas there
	Concurrency int
	Duration    time.Duration
	// Drafts made ready for coplan beforehand; its run ends early if they
	// run out (drafts_exhausted). Default 8,000 a second of Duration.
	Drafts   int
	Clock    civil.Clock
	Progress io.Writer
}

// SubmitResult is one submit run: coplan's route against the bare durable
// handler.
type SubmitResult struct {
	Bench         string  `json:"bench"` // "submit"
	Database      string  `json:"database"`
	Durability    string  `json:"durability"` // as the database reports it, e.g. fsync=on
	Concurrency   int     `json:"concurrency"`
	Seconds       float64 `json:"seconds"`
	CoplanRPS     float64 `json:"coplan_rps"`
	BaselineRPS   float64 `json:"baseline_rps"`
	Ratio         float64 `json:"ratio"` // coplan_rps / baseline_rps: the goal is at least 0.5
	P50ms         float64 `json:"p50_ms"`
	P99ms         float64 `json:"p99_ms"`
	BaselineP50ms float64 `json:"baseline_p50_ms"`
	BaselineP99ms float64 `json:"baseline_p99_ms"`
	// Acknowledged is how many receipts with a reference number coplan
	// sent; Stored how many submitted responses its database holds after
	// the run (they must match).
	Acknowledged         int `json:"acknowledged"`
	Stored               int `json:"stored"`
	BaselineAcknowledged int `json:"baseline_acknowledged"`
	Addresses            int `json:"client_addresses"` // distinct X-Forwarded-For addresses the clients came from
	// Refused is how many submissions coplan turned away with 503 and
	// Retry-After because its queue was full (the respondent's answers
	// stay in their draft); they are not acknowledged.
	Refused         int  `json:"refused"`
	DraftsExhausted bool `json:"drafts_exhausted,omitempty"`
}

// draftText is a free-text answer of 340 characters, as the drafts hold.
var draftText = strings.Repeat("Carers need a break they can count on, booked ahead and near home. ", 5)

// addresses is how many client addresses the submissions come from: each
// submits a few times, well within the default hourly limit per address
// (consult.DefaultHourlyLimit), as a national consultation's respondents
// at home and in community centres would.
const addresses = 4096

// clientAddress is the address draft i is submitted from.
func clientAddress(i int) string {
	a := i % addresses
	return fmt.Sprintf("10.%d.%d.%d", 1+a>>16, a>>8&255, a&255)
}

var receipt = regexp.MustCompile(`class="coplan-reference">GLE-[2-9A-Z]{4}-[2-9A-Z]{4}<`)

// Submit measures durable submissions through coplan's real route against
// the bare durable handler (ServeSubmissions). coplan is served with
// --trusted-proxies 127.0.0.1 and the default per-address limit, and each
// request says in X-Forwarded-For which of many client addresses it comes
// from, so the limit is counted as in production behind a load balancer.
func Submit(ctx context.Context, o SubmitOptions) (SubmitResult, error) {
	if o.Clock == nil {
		o.Clock = civil.SystemClock
	}
	if o.Drafts <= 0 {
		o.Drafts = int(8000 * max(o.Duration.Seconds(), 1))
	}
	res := SubmitResult{Bench: "submit", Concurrency: o.Concurrency, Seconds: o.Duration.Seconds(), Addresses: min(addresses, o.Drafts)}
	form := url.Values{"lang": {"en"}, "leave_empty": {""}}.Encode()
	client := NewClient(o.Concurrency)
	// run submits to paths, or to new made-up drafts if paths is nil (the
	// baseline stores whatever it is sent).
	run := func(base string, paths []string) (Figures, bool, error) {
		var next atomic.Int64
		l := Load{Client: client, Concurrency: o.Concurrency, Duration: o.Duration, Clock: o.Clock,
			Next: func(int) *http.Request {
				i := int(next.Add(1) - 1)
				path := "/partnerships/" + demo.Slug + "/respond/" + newToken() + "/submit"
				if paths != nil {
					if i >= len(paths) {
						return nil
					}
					path = paths[i]
				}
				req, _ := http.NewRequestWithContext(ctx, "POST", base+path, strings.NewReader(form))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Forwarded-For", clientAddress(i))
				return req
			},
			Check: func(resp *http.Response, body []byte) error {
				if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" {
					return ErrRefused
				}
				if resp.StatusCode != http.StatusOK || !receipt.Match(body) {
					return fmt.Errorf("status %d, no reference number in the page:\n%.600s", resp.StatusCode, body)
				}
				return nil
			}}
		f, err := l.Run(ctx)
		return f, paths != nil && next.Load() >= int64(len(paths)), err
	}

	// coplan.
	dbase, err := Fresh(ctx, o.DatabaseURL)
	if err != nil {
		return res, err
	}
	defer dbase.Drop()
	res.Database = string(dbase.Dialect)
	res.Durability = dbase.Durability
	paths, err := prepareDrafts(ctx, dbase.URL, o)
	if err != nil {
		return res, err
	}
	srv, err := Start(ctx, o.Bin, "serve", "--database-url", dbase.URL, "--addr", "127.0.0.1:0", "--log-level", "info",
		"--trusted-proxies", "127.0.0.1")
	if err != nil {
		return res, err
	}
	got, out, err := run(srv.URL, paths)
	srv.Stop()
	if err != nil {
		return res, fmt.Errorf("coplan: %w", err)
	}
	res.CoplanRPS, res.P50ms, res.P99ms, res.Acknowledged = got.RPS, got.P50ms, got.P99ms, got.Requests
	res.DraftsExhausted, res.Refused = out, got.Refused
	if res.Stored, err = countRows(ctx, dbase.URL, "SELECT COUNT(*) FROM responses WHERE status = 'submitted'"); err != nil {
		return res, err
	}

	// The bare durable handler, on a database of its own of the same kind.
	bdb, err := Fresh(ctx, o.DatabaseURL)
	if err != nil {
		return res, err
	}
	defer bdb.Drop()
	base, err := Start(ctx, o.Bin, "bench", "baseline-submit", "--database-url", bdb.URL, "--addr", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	bl, _, err := run(base.URL, nil)
	base.Stop()
	if err != nil {
		return res, fmt.Errorf("baseline: %w", err)
	}
	res.BaselineRPS, res.BaselineP50ms, res.BaselineP99ms, res.BaselineAcknowledged = bl.RPS, bl.P50ms, bl.P99ms, bl.Requests
	res.Ratio = ratio(res.CoplanRPS, res.BaselineRPS)
	return res, nil
}

func countRows(ctx context.Context, dbURL, query string) (int, error) {
	d, err := db.Open(ctx, dbURL)
	if err != nil {
		return 0, err
	}
	defer d.Close()
	var n int
	err = d.QueryRowContext(ctx, query).Scan(&n)
	return n, err
}

// prepareDrafts makes the partnership and an open consultation, and
// o.Drafts responses ready to submit — answered, with the respondent
// information form filled in, as the pages before the check page leave
// them — and returns the address each is submitted to. They are written
// straight to the database in large transactions, since making them
// through the pages would take longer than the run. The stored token is
// the SHA-256 of the token in the address, as consult.StartDraft stores it.
func prepareDrafts(ctx context.Context, dbURL string, o SubmitOptions) ([]string, error) {
	d, err := openMigrated(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	p, err := partnership.Create(ctx, d, demo.Partnership(), audit.System, o.Clock())
	if err != nil {
		return nil, err
	}
	now := o.Clock()
	st := consult.StoreFor(d, p, o.Clock)
	c, err := st.SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: "Care at home for the next three years",
		Audience: consult.Public, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(7 * 24 * time.Hour)}, audit.System)
	if err != nil {
		return nil, err
	}
	qn, err := st.SaveQuestionnaire(ctx, c, submitQuestions(), "", audit.System)
	if err != nil {
		return nil, err
	}
	if err := st.SetStage(ctx, c.ID, "published", audit.System); err != nil {
		return nil, err
	}
	qs := qn.Questions()
	paths := make([]string, o.Drafts)
	bar := progress.Start(o.Progress, "Preparing drafts", int64(o.Drafts))
	defer bar.Finish()
	const chunk = 2000
	for from := 0; from < len(paths); from += chunk {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for i := from; i < min(from+chunk, len(paths)); i++ {
				token := newToken()
				h := sha256.Sum256([]byte(token))
				var id int64
				if err := tx.QueryRowContext(ctx, `INSERT INTO responses (consultation_id, questionnaire_id, token_hash, channel, language,
					status, respondent_type, name, postcode, publish, contact_ok, created_at, updated_at, expires_at)
					VALUES ($1, $2, $3, 'online', 'en', 'draft', 'individual', $4, 'GM1 2AB', 'without-name', TRUE, $5, $5, $6) RETURNING id`,
					c.ID, qn.ID, hex.EncodeToString(h[:]), fmt.Sprintf("Respondent %d", i), now, now.Add(7*24*time.Hour)).Scan(&id); err != nil {
					return err
				}
				for _, a := range []struct {
					q                    consult.Question
					choices, text, other string
				}{{qs[0], "mostly-agree", "", ""}, {qs[1], "yes", "", ""}, {qs[2], "", draftText, ""},
					{qs[3], "respite\nother", "", "Day centres"}, {qs[4], "", draftText, ""}} {
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
			return nil, fmt.Errorf("prepare drafts: %w", err)
		}
		bar.Set(int64(min(from+chunk, len(paths))))
	}
	if d.Dialect() == db.Postgres {
		// As autovacuum would on a running service (see the same in
		// export.go): without statistics on tens of thousands of new
		// drafts, PostgreSQL's planner may look a draft up through the
		// consultation's responses rather than its token.
		if _, err := d.ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			return nil, err
		}
	}
	return paths, nil
}

// submitQuestions is a short questionnaire of the usual kinds: two pages,
// a scale, a yes/no, a choose-any with "other", two free-text questions.
func submitQuestions() consult.Questionnaire {
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

func newToken() string {
	t := make([]byte, 24)
	rand.Read(t)
	return base64.RawURLEncoding.EncodeToString(t)
}
