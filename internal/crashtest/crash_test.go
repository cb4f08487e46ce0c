package crashtest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
)

// The test's shape: respondents answering at once, the kills, and how long
// the server runs before each. About twelve seconds a database, and bounded:
// every wait below has a deadline.
const (
	respondents = 32
	kills       = 4 // then a fifth to stop it
	// Long enough for a journey to finish while other packages' tests
	// load the machine (CI runs two at once on two cores).
	minUptime = 1500 * time.Millisecond
	maxUptime = 3000 * time.Millisecond
	limit     = 45 * time.Second // the whole test, whatever happens
)

// TestAcknowledgedResponsesSurviveSIGKILL answers a consultation through
// the public pages from many respondents at once while the server is
// killed with SIGKILL at random moments and restarted, and then finds every
// reference number a respondent was shown stored as a submitted response
// with the answers that respondent gave.
func TestAcknowledgedResponsesSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the coplan binary: not in -short")
	}
	bin := buildCoplan(t)
	for _, kind := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(kind), func(t *testing.T) {
			crashTest(t, bin, dbtest.URL(t, kind))
		})
	}
}

func crashTest(t *testing.T, bin, dbURL string) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	c, qn := openConsultation(t, dbURL)

	srv := startServer(t, ctx, bin, dbURL, "127.0.0.1:0")
	base := srv.url

	// Respondents answer, one journey after another, until told to stop.
	var (
		mu      sync.Mutex
		acked   []journey // shown a reference number
		cut     int       // journeys cut short by a kill
		stop    = make(chan struct{})
		workers sync.WaitGroup
	)
	for w := range respondents {
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
					cut++
				default:
					mu.Unlock()
					t.Errorf("%s: %v", j.name, err)
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
	for i := range kills + 1 {
		up := minUptime + rand.N(maxUptime-minUptime)
		select {
		case <-time.After(up):
		case <-ctx.Done():
			t.Fatal("the test ran out of time")
		}
		srv.kill(t)
		if i < kills {
			srv = startServer(t, ctx, bin, dbURL, addr)
		}
	}
	close(stop)
	workers.Wait()
	if t.Failed() {
		return
	}
	t.Logf("%d responses acknowledged, %d journeys cut short by %d kills", len(acked), cut, kills+1)
	if len(acked) < 20 {
		t.Fatalf("only %d responses were acknowledged: too few for the test to mean anything", len(acked))
	}

	// Every acknowledged reference is there, submitted, with its answers.
	d, err := db.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	qs := qn.Questions()
	for _, j := range acked {
		var id int64
		var status, name string
		err := d.QueryRowContext(context.Background(), "SELECT id, status, name FROM responses WHERE reference = $1", j.ref).Scan(&id, &status, &name)
		if err != nil {
			t.Errorf("%s was shown reference %s, which is not stored: %v", j.name, j.ref, err)
			continue
		}
		r, err := consultStore(d, c.PartnershipID).Response(context.Background(), c.ID, id)
		if err != nil {
			t.Errorf("%s: %v", j.ref, err)
			continue
		}
		want := j.answers(qs)
		if status != "submitted" || name != j.name || len(r.Answers) != len(want) {
			t.Errorf("%s: stored as %s by %q with %d answers; want submitted by %q with %d", j.ref, status, name, len(r.Answers), j.name, len(want))
			continue
		}
		for qid, a := range want {
			got := r.Answers[qid]
			if !slices.Equal(got.Choices, a.Choices) || got.Text != a.Text || got.OtherText != a.OtherText {
				t.Errorf("%s: answer to question %d stored as %+v, want %+v", j.ref, qid, got, a)
			}
		}
	}
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
// to stop, or the test's time runs out.
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

// openConsultation migrates the database and creates the partnership and
// an open consultation with two pages of questions, then closes it so the
// server has the database to itself.
func openConsultation(t *testing.T, dbURL string) (consult.Consultation, consult.Questionnaire) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	p, err := partnership.Create(ctx, d, demo.Partnership(), audit.System, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	c, err := consultStore(d, p.ID).SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: "Care at home for the next three years",
		Audience: consult.Public, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(24 * time.Hour)}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	qn, err := consultStore(d, c.PartnershipID).SaveQuestionnaire(ctx, c, consult.Questionnaire{Sections: []consult.Section{
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
		t.Fatal(err)
	}
	if err := consultStore(d, p.ID).SetStage(ctx, c.ID, "published", audit.System); err != nil {
		t.Fatal(err)
	}
	c, err = consult.ConsultationByID(ctx, d, p.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c, qn
}

// buildCoplan builds the coplan command into the test's temporary folder.
func buildCoplan(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "coplan")
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	cmd := exec.Command(goTool, "build", "-o", bin, "coplan/cmd/coplan")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// server is a running coplan process.
type server struct {
	cmd  *exec.Cmd
	url  string
	log  *syncBuffer
	done chan struct{}
}

// startServer starts coplan serve on addr ("127.0.0.1:0" for any free
// port) and waits until it listens.
func startServer(t *testing.T, ctx context.Context, bin, dbURL, addr string) *server {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--database-url", dbURL, "--addr", addr, "--response-limit", "-1", "--log-level", "info")
	cmd.Env = append(os.Environ(), "COPLAN_SMTP_ADDR=") // no mail leaves the machine
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, log: &syncBuffer{}, done: make(chan struct{})}
	t.Cleanup(func() { s.kill(t) })
	serving := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			s.log.WriteString(line + "\n")
			if strings.Contains(line, "coplan is serving") {
				if _, u, ok := strings.Cut(line, "url="); ok {
					serving <- strings.Fields(u)[0]
				}
			}
		}
		io.Copy(io.Discard, stderr)
		cmd.Wait()
		close(s.done)
	}()
	select {
	case s.url = <-serving:
		return s
	case <-s.done:
		t.Fatalf("coplan serve stopped before serving:\n%s", s.log.String())
	case <-ctx.Done():
		t.Fatalf("coplan serve did not start in time:\n%s", s.log.String())
	}
	return nil
}

// kill sends SIGKILL and waits for the process to end. It is safe to call
// twice.
func (s *server) kill(t *testing.T) {
	select {
	case <-s.done:
		return
	default:
	}
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("kill coplan: %v", err)
	}
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		t.Errorf("coplan did not end after SIGKILL")
	}
	if strings.Contains(s.log.String(), "level=ERROR") {
		t.Errorf("coplan logged errors:\n%s", s.log.String())
	}
}

// syncBuffer collects a process's log for reading from the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) WriteString(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.b.WriteString(s)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// consultStore is the consultation store of partnership pid.
func consultStore(d *db.DB, pid int64) *consult.Store {
	return consult.StoreFor(d, partnership.Partnership{ID: pid}, nil)
}
