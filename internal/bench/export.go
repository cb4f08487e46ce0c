package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/progress"
)

// ExportOptions shape an export run.
type ExportOptions struct {
	Bin         string
	DatabaseURL string
	Responses   int // loaded into the closed consultation
	Clock       civil.Clock
	Progress    io.Writer
}

// Operation is one timed request (or walk of pages) with the server's
// memory during it.
type Operation struct {
	Name             string  `json:"name"`
	Path             string  `json:"path"`
	Seconds          float64 `json:"seconds"`
	FirstByteSeconds float64 `json:"first_byte_seconds"` // until the answer began (its headers arrived): early when it streams
	Bytes            int64   `json:"bytes"`
	Requests         int     `json:"requests"` // more than 1 when it walks pages
	// PeakRSSGrowth is how far the server's resident memory rose above
	// what it held just before the operation, at its highest (see
	// ExportResult.Memory for how it is read).
	PeakRSSGrowth int64 `json:"peak_rss_growth_bytes"`
}

// ExportResult is one export run.
type ExportResult struct {
	Bench       string      `json:"bench"` // "export"
	Database    string      `json:"database"`
	Responses   int         `json:"responses"`
	LoadSeconds float64     `json:"load_seconds"`
	Operations  []Operation `json:"operations"`
	// Memory says how the peak was read: "VmHWM" (reset before each
	// operation through /proc/PID/clear_refs, then read after it) or
	// "VmRSS sampled every 5 ms" where the reset is not allowed.
	Memory string `json:"memory"`
}

// Export loads o.Responses responses into the demo's closed consultation
// on its published plan, then times the exports, the public responses API,
// the first page of the staff list and of the checking queue, and the
// published plan's page, each as one request to a fresh coplan serve
// running as a process of its own, and reads that process's memory.
func Export(ctx context.Context, o ExportOptions) (ExportResult, error) {
	if o.Clock == nil {
		o.Clock = civil.SystemClock
	}
	res := ExportResult{Bench: "export", Responses: o.Responses}
	dbase, err := Fresh(ctx, o.DatabaseURL)
	if err != nil {
		return res, err
	}
	defer dbase.Drop()
	res.Database = string(dbase.Dialect)
	d, err := openMigrated(ctx, dbase.URL)
	if err != nil {
		return res, err
	}
	defer d.Close()
	if err := demo.Load(ctx, d, o.Clock); err != nil {
		return res, fmt.Errorf("load the demo: %w", err)
	}
	target, err := findExportTarget(ctx, d)
	if err != nil {
		return res, err
	}
	slug := "/partnerships/" + demo.Slug
	planPath := slug + "/plans/" + strconv.FormatInt(target.plan, 10)

	// The published plan's page before the load, for comparison.
	srv, err := Start(ctx, o.Bin, "serve", "--database-url", dbase.URL, "--addr", "127.0.0.1:0", "--log-level", "info")
	if err != nil {
		return res, err
	}
	m := &meter{p: srv}
	client := NewClient(1)
	if _, _, err := fetch(ctx, client, nil, srv.URL+"/", o.Clock, nil); err != nil {
		srv.Stop()
		return res, err
	}
	before, err := m.time(ctx, client, nil, "published-plan-before-load", planPath, o.Clock)
	srv.Stop()
	if err != nil {
		return res, err
	}
	before.Name = fmt.Sprintf("published-plan (%d responses, before the load)", target.existing)

	began := o.Clock()
	if err := loadResponses(ctx, d, target, o.Responses, o.Clock, o.Progress); err != nil {
		return res, err
	}
	res.LoadSeconds = round(o.Clock().Sub(began).Seconds(), 2)
	if d.Dialect() == db.Postgres {
		// What autovacuum does within a minute or so of a load this size,
		// as on a service that has been running: the planner learns the
		// tables' sizes (without it, each chunk of an export scanned the
		// consultation's responses: 14.6 s for 40,000 against 0.9 s), and
		// counts can read the indexes alone.
		if _, err := d.ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			return res, err
		}
	}

	staff := "/staff" + slug + "/consultations/" + strconv.FormatInt(target.consultation, 10) + "/responses"
	api := "/api/v1" + slug + "/consultations/" + strconv.FormatInt(target.consultation, 10) + "/responses"
	ops := []struct {
		name, path string
		signedIn   bool
	}{
		{"full-csv", staff + ".csv", true},
		{"full-json", staff + ".json", true},
		{"publishable-csv", staff + "/publishable.csv", true},
		{"publishable-json", staff + "/publishable.json", true},
		{"api-responses-first-page", api, false},
		{"api-responses-all-pages", api, false},
		{"staff-responses-first-page", staff, true},
		{"checking-queue-first-page", "/staff" + slug + "/checking", true},
		{"published-plan", planPath, false},
	}
	// Each operation has a server of its own, started after the load (so
	// nothing it holds predates it) and warmed with the home page: memory
	// a Go process once took it keeps, so on a shared server an operation
	// after a greedy one would seem to cost nothing.
	for _, op := range ops {
		srv, err := Start(ctx, o.Bin, "serve", "--database-url", dbase.URL, "--addr", "127.0.0.1:0", "--log-level", "info")
		if err != nil {
			return res, err
		}
		got, err := func() (Operation, error) {
			defer srv.Stop()
			m := &meter{p: srv}
			res.Memory = m.method()
			var cookie *http.Cookie
			if op.signedIn {
				if cookie, err = signIn(ctx, client, srv.URL); err != nil {
					return Operation{}, err
				}
			}
			if _, _, err := fetch(ctx, client, cookie, srv.URL+"/", o.Clock, nil); err != nil {
				return Operation{}, err
			}
			if op.name == "api-responses-all-pages" {
				return m.walk(ctx, client, op.name, op.path, o.Clock)
			}
			return m.time(ctx, client, cookie, op.name, op.path, o.Clock)
		}()
		if err != nil {
			return res, err
		}
		res.Operations = append(res.Operations, got)
	}
	res.Operations = append(res.Operations, before)
	return res, nil
}

// exportTarget is the consultation the responses are loaded into.
type exportTarget struct {
	partnership, consultation, questionnaire, question, plan int64
	localities                                               []int64
	existing                                                 int
}

// findExportTarget finds the demo's closed consultation on the second
// draft of its published plan: the responses loaded there are the ones
// the plan's consultation statement is about.
func findExportTarget(ctx context.Context, d *db.DB) (exportTarget, error) {
	var t exportTarget
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		return t, err
	}
	t.partnership = p.ID
	for _, l := range p.Localities {
		t.localities = append(t.localities, l.ID)
	}
	if len(t.localities) == 0 {
		rows, err := d.QueryContext(ctx, "SELECT id FROM localities WHERE partnership_id = $1", p.ID)
		if err != nil {
			return t, err
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			t.localities = append(t.localities, id)
		}
		rows.Close()
	}
	if err := d.QueryRowContext(ctx, "SELECT id FROM plans WHERE partnership_id = $1 AND title = $2", p.ID, demo.PublishedPlanTitle).Scan(&t.plan); err != nil {
		return t, fmt.Errorf("the demo's published plan: %w", err)
	}
	if err := d.QueryRowContext(ctx, "SELECT id FROM consultations WHERE partnership_id = $1 AND title = $2", p.ID, demo.PlanConsultationTitle).Scan(&t.consultation); err != nil {
		return t, fmt.Errorf("the demo's consultation on its plan: %w", err)
	}
	if err := d.QueryRowContext(ctx, `SELECT q.questionnaire_id, q.id FROM questions q JOIN questionnaires qn ON qn.id = q.questionnaire_id
		WHERE qn.consultation_id = $1 ORDER BY q.id`, t.consultation).Scan(&t.questionnaire, &t.question); err != nil {
		return t, fmt.Errorf("the consultation's question: %w", err)
	}
	err = d.QueryRowContext(ctx, "SELECT COUNT(*) FROM responses WHERE consultation_id = $1", t.consultation).Scan(&t.existing)
	return t, err
}

// Realistic variety: the channels, respondents, publishing preferences
// and checks of a national consultation's responses, chosen by i.
var (
	benchChannels = []string{"online", "online", "online", "online", "online", "paper", "email", "event", "focus-group", "interview"}
	benchPublish  = []string{"with-name", "without-name", "without-name", "do-not-publish"}
	benchChecks   = []string{"accepted", "accepted", "accepted", "accepted", "accepted", "accepted", "redacted", "withheld", "unchecked", "unchecked"}
	benchPhrases  = []string{
		"As a carer I want a carer support plan within weeks, not months. ",
		"The islands need their own section: video calls are no substitute for a district nurse who knows you. ",
		"The wellbeing hub should be run with community groups, not only by statutory services. ",
		"Transport to appointments is the first thing that fails when the bus timetable changes. ",
		"Please keep the lunch club in the village hall; it is where people notice who is unwell. ",
		"Care at home should start on the day someone leaves hospital, not a fortnight later. ",
		"=HYPERLINK(\"x\") and other text that looks like a formula must stay text in a spreadsheet. ",
		"Gàidhlig speakers should be able to answer in Gàidhlig and be answered in it. ",
	}
)

// benchReference is a unique reference number for loaded response i, in
// the form coplan gives (GLE-XXXX-XXXX), counting down from the top of
// the range so that it never meets one coplan makes at random in the run.
func benchReference(i int) string {
	const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
	n := i
	b := make([]byte, 8)
	for k := 7; k >= 0; k-- {
		b[k] = alphabet[len(alphabet)-1-n%len(alphabet)]
		n /= len(alphabet)
	}
	return "GLE-" + string(b[:4]) + "-" + string(b[4:])
}

// benchText is response i's answer: one to six phrases.
func benchText(i int) string {
	var b strings.Builder
	for k := range 1 + i%6 {
		b.WriteString(benchPhrases[(i+k*3)%len(benchPhrases)])
	}
	return strings.TrimSpace(b.String())
}

// loadResponses writes n submitted responses to the target consultation
// in transactions of 5,000, many rows to a statement, with explicit ids
// (the identity sequence is moved past them on PostgreSQL afterwards).
func loadResponses(ctx context.Context, d *db.DB, t exportTarget, n int, clock civil.Clock, w io.Writer) error {
	var top int64
	if err := d.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM responses").Scan(&top); err != nil {
		return err
	}
	bar := progress.Start(w, "Loading responses", int64(n))
	defer bar.Finish()
	received := time.Date(2025, 1, 20, 10, 0, 0, 0, time.UTC) // while it was open
	const perTx, perStmt = 5000, 100
	for from := 0; from < n; from += perTx {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for s := from; s < min(from+perTx, n); s += perStmt {
				e := min(s+perStmt, n)
				var resp, ans, red strings.Builder
				var rargs, aargs, xargs []any
				for i := s; i < e; i++ {
					id := top + 1 + int64(i)
					check := benchChecks[i%len(benchChecks)]
					channel := benchChannels[i%len(benchChannels)]
					typ := "individual"
					if i%13 == 0 {
						typ = "organisation"
					}
					entered := ""
					if channel != "online" {
						entered = "Euan Fraser"
					}
					checkedBy, reason := "", ""
					var checkedAt any
					if check != "unchecked" {
						checkedBy, checkedAt = "Euan Fraser", received.Add(time.Hour)
					}
					if check == "withheld" {
						reason = "It names a member of staff."
					}
					at := received.Add(-time.Duration(i) * time.Second)
					rargs = append(rargs, id, t.consultation, t.questionnaire, benchReference(i), channel, typ,
						fmt.Sprintf("Respondent %d", i), fmt.Sprintf("GM%d %dAB", 1+i%12, i%10), t.localities[i%len(t.localities)],
						benchPublish[i%len(benchPublish)], i%3 == 0, entered, check, checkedBy, checkedAt, reason, at, at, at, at.Add(5*365*24*time.Hour))
					k := len(rargs) - 20
					if i > s {
						resp.WriteString(", ")
					}
					fmt.Fprintf(&resp, "($%d, $%d, $%d, $%d, $%d, 'en', 'submitted', $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)",
						k+1, k+2, k+3, k+4, k+5, k+6, k+7, k+8, k+9, k+10, k+11, k+12, k+13, k+14, k+15, k+16, k+17, k+18, k+19, k+20)
					text := benchText(i)
					aargs = append(aargs, id, t.question, text)
					if i > s {
						ans.WriteString(", ")
					}
					fmt.Fprintf(&ans, "($%d, $%d, $%d)", len(aargs)-2, len(aargs)-1, len(aargs))
					if check == "redacted" {
						xargs = append(xargs, id, t.question, strings.Replace(text, "district nurse", "[redacted]", 1))
						if red.Len() > 0 {
							red.WriteString(", ")
						}
						fmt.Fprintf(&red, "($%d, $%d, $%d)", len(xargs)-2, len(xargs)-1, len(xargs))
					}
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO responses (id, consultation_id, questionnaire_id, reference, channel, language, status,
					respondent_type, name, postcode, locality_id, publish, contact_ok, entered_by, check_status, checked_by, checked_at,
					withhold_reason, created_at, updated_at, submitted_at, expires_at) VALUES `+resp.String(), rargs...); err != nil {
					return fmt.Errorf("insert responses: %w", err)
				}
				if _, err := tx.ExecContext(ctx, "INSERT INTO answers (response_id, question_id, text) VALUES "+ans.String(), aargs...); err != nil {
					return fmt.Errorf("insert answers: %w", err)
				}
				if len(xargs) > 0 {
					if _, err := tx.ExecContext(ctx, "INSERT INTO redactions (response_id, question_id, text) VALUES "+red.String(), xargs...); err != nil {
						return fmt.Errorf("insert redactions: %w", err)
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		bar.Set(int64(min(from+perTx, n)))
	}
	if d.Dialect() == db.Postgres {
		if _, err := d.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence('responses', 'id'), (SELECT MAX(id) FROM responses))"); err != nil {
			return err
		}
	}
	return nil
}

// signIn signs in as the demo's planning officer and returns the session
// cookie.
func signIn(ctx context.Context, client *http.Client, base string) (*http.Cookie, error) {
	form := url.Values{"email": {"officer@glenmorven.example"}, "password": {demo.Password}}
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Value != "" && resp.StatusCode == http.StatusSeeOther {
			return &http.Cookie{Name: c.Name, Value: c.Value}, nil
		}
	}
	return nil, fmt.Errorf("sign in as the demo's officer: status %d", resp.StatusCode)
}

// meter times requests to a server and reads its memory meanwhile.
type meter struct {
	p *Process
}

// method says how the peak is read on this machine.
func (m *meter) method() string {
	if m.p.ResetPeak() == nil {
		return "VmHWM after clear_refs"
	}
	return "VmRSS sampled every 5 ms"
}

// watch starts watching the server's memory and returns a function that
// stops and returns the peak growth.
func (m *meter) watch() (func() int64, error) {
	rss, _, err := m.p.Memory()
	if err != nil {
		return nil, err
	}
	if m.p.ResetPeak() == nil {
		return func() int64 {
			_, peak, _ := m.p.Memory()
			return max(peak-rss, 0)
		}, nil
	}
	var mu sync.Mutex
	highest := rss
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if now, _, err := m.p.Memory(); err == nil {
					mu.Lock()
					highest = max(highest, now)
					mu.Unlock()
				}
			}
		}
	}()
	return func() int64 {
		close(stop)
		<-done
		return highest - rss
	}, nil
}

// time fetches path once, reading the answer as it arrives.
func (m *meter) time(ctx context.Context, client *http.Client, cookie *http.Cookie, name, path string, clock civil.Clock) (Operation, error) {
	op := Operation{Name: name, Path: path, Requests: 1}
	peak, err := m.watch()
	if err != nil {
		return op, err
	}
	t0 := clock()
	n, first, err := fetch(ctx, client, cookie, m.p.URL+path, clock, nil)
	op.Seconds = round(clock().Sub(t0).Seconds(), 3)
	op.FirstByteSeconds = round(first.Sub(t0).Seconds(), 3)
	op.PeakRSSGrowth = peak()
	op.Bytes = n
	if err != nil {
		return op, fmt.Errorf("%s: %w", name, err)
	}
	return op, nil
}

// walk fetches every page of a paged API, following each page's "next"
// (an address, or a cursor for ?after=) until there is none.
func (m *meter) walk(ctx context.Context, client *http.Client, name, path string, clock civil.Clock) (Operation, error) {
	op := Operation{Name: name, Path: path}
	peak, err := m.watch()
	if err != nil {
		return op, err
	}
	t0 := clock()
	next := path
	for next != "" && op.Requests < 100000 {
		var page struct {
			Next any `json:"next"`
		}
		n, first, err := fetch(ctx, client, nil, m.p.URL+next, clock, &page)
		if op.Requests == 0 {
			op.FirstByteSeconds = round(first.Sub(t0).Seconds(), 3)
		}
		op.Requests++
		op.Bytes += n
		if err != nil {
			return op, fmt.Errorf("%s: %w", name, err)
		}
		next = ""
		switch v := page.Next.(type) {
		case string:
			switch {
			case v == "":
			case strings.HasPrefix(v, "/"):
				next = v
			case strings.HasPrefix(v, "?"):
				next = path + v
			case strings.HasPrefix(v, "http"):
				if u, err := url.Parse(v); err == nil {
					next = u.RequestURI()
				}
			default:
				next = path + "?after=" + url.QueryEscape(v)
			}
		case float64:
			next = path + "?after=" + strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	op.Seconds = round(clock().Sub(t0).Seconds(), 3)
	op.PeakRSSGrowth = peak()
	return op, nil
}

// fetch GETs u, reading the body as it comes (decoding it into into if
// given), and returns its length and when its first byte came.
func fetch(ctx context.Context, client *http.Client, cookie *http.Cookie, u string, clock civil.Clock, into any) (int64, time.Time, error) {
	req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
	if cookie != nil {
		req.AddCookie(cookie)
	}
	resp, err := client.Do(req)
	first := clock()
	if err != nil {
		return 0, first, err
	}
	defer resp.Body.Close()
	cr := &countReader{r: resp.Body}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(cr, 600))
		return cr.n, first, fmt.Errorf("GET %s: status %d:\n%s", u, resp.StatusCode, b)
	}
	if into != nil {
		if err := json.NewDecoder(cr).Decode(into); err != nil {
			return cr.n, first, fmt.Errorf("GET %s: %w", u, err)
		}
	}
	_, err = io.Copy(io.Discard, cr)
	if errors.Is(err, io.EOF) {
		err = nil
	}
	return cr.n, first, err
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
