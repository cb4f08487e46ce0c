package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/progress"
)

// CrashOptions shape a crash run.
type CrashOptions struct {
	Bin         string // the coplan binary to serve with
	DatabaseURL string // an empty database, migrated here
	Kills       int    // SIGKILLs; the server is restarted after each but the last
	Respondents int    // answering at once; default 32
	// The server runs for a random time between these before each kill.
	// Defaults 1.5 s and 3 s: long enough for journeys to finish while the
	// machine is loaded.
	MinUptime, MaxUptime time.Duration
	Clock                civil.Clock // default civil.SystemClock
	Progress             io.Writer   // where the kills are counted (quiet unless a terminal)
}

// CrashResult is what a crash run found. Lost must be 0.
type CrashResult struct {
	Database     string   `json:"database"`
	Kills        int      `json:"kills"`
	Acknowledged int      `json:"acknowledged"` // respondents shown a reference number
	CutShort     int      `json:"cut_short"`    // journeys a kill interrupted (not acknowledged)
	Lost         int      `json:"lost"`         // acknowledged, but missing or not whole
	Problems     []string `json:"problems,omitempty"`
}

// Crash answers a consultation through the public pages from many
// respondents at once while the server is killed with SIGKILL at random
// moments and restarted on the same address and database, then finds every
// reference number a respondent was shown stored as a submitted response
// with the answers that respondent gave. An error means the run itself
// went wrong (a page answered unexpectedly, the server logged an error);
// lost responses are counted in the result.
func Crash(ctx context.Context, o CrashOptions) (CrashResult, error) {
	if o.Respondents <= 0 {
		o.Respondents = 32
	}
	if o.MinUptime <= 0 {
		o.MinUptime = 1500 * time.Millisecond
	}
	if o.MaxUptime <= o.MinUptime {
		o.MaxUptime = 2 * o.MinUptime
	}
	if o.Clock == nil {
		o.Clock = civil.SystemClock
	}
	res := CrashResult{Kills: o.Kills}
	c, qn, dialect, err := crashConsultation(ctx, o.DatabaseURL, o.Clock)
	if err != nil {
		return res, err
	}
	res.Database = string(dialect)
	serve := func(addr string) (*Process, error) {
		return Start(ctx, o.Bin, "serve", "--database-url", o.DatabaseURL, "--addr", addr, "--response-limit", "-1", "--log-level", "info")
	}
	srv, err := serve("127.0.0.1:0")
	if err != nil {
		return res, err
	}
	defer func() { srv.Kill() }()
	base := srv.URL

	// Respondents answer, one journey after another, until told to stop.
	var (
		mu      sync.Mutex
		acked   []journey
		failed  error
		stop    = make(chan struct{})
		workers sync.WaitGroup
	)
	for w := range o.Respondents {
		workers.Go(func() {
			client := &http.Client{Timeout: 10 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				j := journey{name: fmt.Sprintf("Respondent %d-%d", w, n)}
				err := j.run(client, base, c, qn)
				mu.Lock()
				switch {
				case err == nil:
					acked = append(acked, j)
				case errors.Is(err, errDown):
					res.CutShort++
				default:
					if failed == nil {
						failed = fmt.Errorf("%s: %w", j.name, err)
					}
					mu.Unlock()
					return
				}
				mu.Unlock()
				if errors.Is(err, errDown) {
					waitUp(ctx, stop, client, base)
				}
			}
		})
	}

	// Kill the server at random moments and start it again on the same
	// address and database.
	addr := strings.TrimPrefix(base, "http://")
	var logs []string
	bar := progress.Start(o.Progress, "Killing the server", int64(o.Kills))
	defer bar.Finish()
	for i := range o.Kills {
		up := o.MinUptime + rand.N(o.MaxUptime-o.MinUptime)
		select {
		case <-time.After(up):
		case <-ctx.Done():
			close(stop)
			workers.Wait()
			return res, errors.New("the crash run ran out of time")
		}
		if err := srv.Kill(); err != nil {
			failed = errors.Join(failed, err)
		}
		logs = append(logs, srv.Log())
		bar.Add(1)
		if i < o.Kills-1 {
			if srv, err = serve(addr); err != nil {
				close(stop)
				workers.Wait()
				return res, err
			}
		}
	}
	close(stop)
	workers.Wait()
	if failed != nil {
		return res, failed
	}
	for _, l := range logs {
		if strings.Contains(l, "level=ERROR") {
			return res, fmt.Errorf("coplan logged errors:\n%s", l)
		}
	}
	res.Acknowledged = len(acked)

	// Every acknowledged reference is there, submitted, with its answers.
	d, err := db.Open(ctx, o.DatabaseURL)
	if err != nil {
		return res, err
	}
	defer d.Close()
	qs := qn.Questions()
	st := consult.StoreFor(d, partnership.Partnership{ID: c.PartnershipID}, nil)
	lost := func(format string, args ...any) {
		res.Lost++
		if len(res.Problems) < 20 {
			res.Problems = append(res.Problems, fmt.Sprintf(format, args...))
		}
	}
	for _, j := range acked {
		var id int64
		var status, name string
		err := d.QueryRowContext(ctx, "SELECT id, status, name FROM responses WHERE reference = $1", j.ref).Scan(&id, &status, &name)
		if err != nil {
			lost("%s was shown reference %s, which is not stored: %v", j.name, j.ref, err)
			continue
		}
		r, err := st.Response(ctx, c.ID, id)
		if err != nil {
			lost("%s: %v", j.ref, err)
			continue
		}
		want := j.answers(qs)
		if status != "submitted" || name != j.name || len(r.Answers) != len(want) {
			lost("%s: stored as %s by %q with %d answers; want submitted by %q with %d", j.ref, status, name, len(r.Answers), j.name, len(want))
			continue
		}
		for qid, a := range want {
			got := r.Answers[qid]
			if !slices.Equal(got.Choices, a.Choices) || got.Text != a.Text || got.OtherText != a.OtherText {
				lost("%s: answer to question %d stored as %+v, want %+v", j.ref, qid, got, a)
				break
			}
		}
	}
	return res, nil
}

// journey is one respondent's way through the consultation: start, two
// pages of questions, about you, check, submit.
type journey struct {
	name string
	ref  string // the reference number shown at the end
}

// errDown means the server could not be reached or went away mid-request:
// it was killed.
var errDown = errors.New("server down")

var reference = regexp.MustCompile(`class="coplan-reference">(GLE-[2-9A-Z]{4}-[2-9A-Z]{4})<`)

// answers are what the journey gives, by question id.
func (j *journey) answers(qs []consult.Question) consult.Answers {
	return consult.Answers{
		qs[0].ID: {QuestionID: qs[0].ID, Choices: []string{"mostly-agree"}},
		qs[1].ID: {QuestionID: qs[1].ID, Text: "More visits at weekends, says " + j.name},
		qs[2].ID: {QuestionID: qs[2].ID, Choices: []string{"respite", consult.OtherValue}, OtherText: "Day centre for " + j.name},
		qs[3].ID: {QuestionID: qs[3].ID, Text: "Please keep the lunch club.\nFrom " + j.name},
	}
}

func (j *journey) run(client *http.Client, base string, c consult.Consultation, qn consult.Questionnaire) error {
	qs := qn.Questions()
	as := j.answers(qs)
	start := "/partnerships/" + demo.Slug + "/consultations/" + strconv.FormatInt(c.ID, 10) + "/start"
	at, err := post(client, base+start, url.Values{"lang": {"en"}, "leave_empty": {""}}, http.StatusSeeOther)
	if err != nil {
		return err
	}
	at = strings.TrimSuffix(at, "/page/1")
	steps := []struct {
		path string
		form url.Values
	}{
		{"/page/1", url.Values{"q-Q1": as[qs[0].ID].Choices, "q-Q2": {as[qs[1].ID].Text}}},
		{"/page/2", url.Values{"q-Q3": as[qs[2].ID].Choices, "q-Q3-other": {as[qs[2].ID].OtherText}, "q-Q4": {as[qs[3].ID].Text}}},
		{"/about-you", url.Values{"rif-type": {"individual"}, "rif-name": {j.name}, "rif-publish": {"with-name"}, "rif-contact": {"no"}}},
	}
	for i, step := range steps {
		step.form.Set("action", "continue")
		step.form.Set("lang", "en")
		if i < len(qn.Sections) {
			var shown []string
			for _, q := range qn.Sections[i].Questions {
				shown = append(shown, strconv.FormatInt(q.ID, 10))
			}
			step.form.Set("shown", strings.Join(shown, " "))
		}
		if _, err := post(client, base+at+step.path, step.form, http.StatusSeeOther); err != nil {
			return err
		}
	}
	page, err := post(client, base+at+"/submit", url.Values{"lang": {"en"}, "leave_empty": {""}}, http.StatusOK)
	if err != nil {
		return err
	}
	m := reference.FindStringSubmatch(page)
	if m == nil {
		return fmt.Errorf("the receipt shows no reference number:\n%.800s", page)
	}
	j.ref = m[1]
	return nil
}

// post sends a form and returns the redirect's address (for 303) or the
// page (for 200). A failure to reach the server, or an answer cut off, is
// errDown; any other status is an error of its own.
func post(client *http.Client, u string, form url.Values, want int) (string, error) {
	resp, err := client.PostForm(u, form)
	if err != nil {
		return "", errDown
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return "", errDown
	}
	if resp.StatusCode != want {
		return "", fmt.Errorf("POST %s: status %d, want %d:\n%.800s", u, resp.StatusCode, want, body)
	}
	if want == http.StatusSeeOther {
		return resp.Header.Get("Location"), nil
	}
	return string(body), nil
}

// waitUp polls until the server answers again, the respondents are told
// to stop, or the run's time runs out.
func waitUp(ctx context.Context, stop <-chan struct{}, client *http.Client, base string) {
	for ctx.Err() == nil {
		select {
		case <-stop:
			return
		default:
		}
		if resp, err := client.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// crashConsultation migrates the database and creates the partnership and
// an open consultation with two pages of questions, then closes the
// database so the server has it to itself.
func crashConsultation(ctx context.Context, dbURL string, clock civil.Clock) (consult.Consultation, consult.Questionnaire, db.Dialect, error) {
	var c consult.Consultation
	var qn consult.Questionnaire
	d, err := db.Open(ctx, dbURL)
	if err != nil {
		return c, qn, "", err
	}
	defer d.Close()
	if _, err := d.Migrate(ctx, nil); err != nil {
		return c, qn, "", err
	}
	p, err := partnership.Create(ctx, d, demo.Partnership(), audit.System, clock())
	if err != nil {
		return c, qn, "", err
	}
	now := clock()
	st := consult.StoreFor(d, p, nil)
	c, err = st.SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: "Care at home for the next three years",
		Audience: consult.Public, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(24 * time.Hour)}, audit.System)
	if err != nil {
		return c, qn, "", err
	}
	qn, err = st.SaveQuestionnaire(ctx, c, consult.Questionnaire{Sections: []consult.Section{
		{Title: "Care at home", Questions: []consult.Question{
			{Code: "Q1", Kind: consult.Scale, Text: "Care at home should be a priority", Options: consult.AgreeScale, Required: true},
			{Code: "Q2", Kind: consult.Text, Text: "What would make it better?", Required: true},
		}},
		{Title: "Services", Questions: []consult.Question{
			{Code: "Q3", Kind: consult.Multiple, Text: "Which services matter most to you?", HasOther: true,
				Options: []consult.Option{{Value: "respite", Label: "Respite care"}, {Value: "meals", Label: "Meals"}}},
			{Code: "Q4", Kind: consult.Text, Text: "Is there anything else you want to tell us?"},
		}},
	}}, "", audit.System)
	if err != nil {
		return c, qn, "", err
	}
	if err := st.SetStage(ctx, c.ID, "published", audit.System); err != nil {
		return c, qn, "", err
	}
	c, err = consult.ConsultationByID(ctx, d, p.ID, c.ID)
	return c, qn, d.Dialect(), err
}
