package consultweb

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/web/kit"
)

// When the submission queue is full, sending a response answers 503 with
// Retry-After and a page in the respondent's language saying it was not
// sent and nothing is lost; the draft is untouched, and sending it again
// once there is room gives the receipt. The queue (one place) is filled
// with its one worker held inside its transaction, so it cannot drain
// while the page is asked for.
func TestSubmitToAFullQueueIsABusyPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, err := partnership.Create(ctx, d, demo.Partnership(), audit.System, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		st := consult.StoreFor(d, p, time.Now)
		now := time.Now()
		c, err := st.SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: "Care at home", Audience: consult.Public,
			OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour)}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		qn, err := st.SaveQuestionnaire(ctx, c, consult.Questionnaire{Sections: []consult.Section{{Title: "Your views", Questions: []consult.Question{
			{Code: "Q1", Kind: consult.Text, Text: "What matters to you?"}}}}}, "", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetStage(ctx, c.ID, "published", audit.System); err != nil {
			t.Fatal(err)
		}
		if c, err = st.Consultation(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		// Three drafts, their answers saved as the journey's pages save them.
		tokens := make([]string, 3)
		drafts := make([]consult.Response, 3)
		for i, lang := range []string{"en", "en", "gd"} {
			r, token, err := st.StartDraft(ctx, c, lang)
			if err != nil {
				t.Fatal(err)
			}
			r.Answers = consult.Answers{qn.Questions()[0].ID: {Text: "Being at home"}}
			r.Respondent = consult.Respondent{Type: consult.Individual, Name: "Mòrag", Publish: consult.WithName, ContactSet: true}
			if err := st.SaveDraft(ctx, c, r); err != nil {
				t.Fatal(err)
			}
			tokens[i], drafts[i] = token, r
		}

		k, err := kit.New(d, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		// No per-address limit: counting writes to the database, which the
		// held transaction has locked (on SQLite).
		h, err := New(k, Config{ResponseLimit: -1, Submit: consult.BatchOptions{MaxSize: 1, Workers: 1, QueueSize: 1, QueueWait: time.Millisecond}})
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		mux := http.NewServeMux()
		for _, rt := range h.Routes() {
			if strings.HasSuffix(rt.Pattern, "/submit") {
				mux.HandleFunc(rt.Pattern, func(w http.ResponseWriter, r *http.Request) {
					r = kit.WithReq(r, &kit.Req{Partnership: &p, Address: "192.0.2.1"})
					if err := rt.Handle(w, r); err != nil {
						t.Log(err)
						k.Fail(w, r, err)
					}
				})
			}
		}
		submit := func(token string) (*http.Response, string) {
			t.Helper()
			w := httptest.NewRecorder()
			req := httptest.NewRequest("POST", "/partnerships/"+p.Slug+"/respond/"+token+"/submit", strings.NewReader(""))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			mux.ServeHTTP(w, req)
			res := w.Result()
			b, _ := io.ReadAll(res.Body)
			return res, string(b)
		}

		started, release := make(chan struct{}), make(chan struct{})
		hold := func(ctx context.Context, tx *db.Tx, ref string) error {
			select {
			case started <- struct{}{}:
			default:
			}
			<-release
			return nil
		}
		var wg sync.WaitGroup
		var errs [2]error
		wg.Go(func() { _, errs[0] = h.submits.SubmitWith(ctx, c, drafts[0], p.Slug, time.Now(), hold) })
		<-started
		wg.Go(func() { _, errs[1] = h.submits.Submit(ctx, c, drafts[1], p.Slug, time.Now()) })
		for deadline := time.Now().Add(10 * time.Second); h.submits.Stats().Waiting < 2; {
			if time.Now().After(deadline) {
				t.Fatalf("the queue did not fill: %+v", h.submits.Stats())
			}
			time.Sleep(time.Millisecond)
		}

		res, body := submit(tokens[2])
		gd := h.messages.For("gd")
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "60" {
			t.Errorf("a submission to a full queue: status %d, Retry-After %q; want 503 and 60", res.StatusCode, res.Header.Get("Retry-After"))
		}
		for _, want := range []string{gd.Get("busy.title"), "/respond/" + tokens[2] + "/check", `lang="gd"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the busy page does not show %q:\n%s", want, body)
			}
		}
		if _, _, err := st.OpenDraft(ctx, tokens[2]); err != nil {
			t.Errorf("the response turned away is no longer a draft: %v", err)
		}

		close(release)
		wg.Wait()
		if err := errors.Join(errs[:]...); err != nil {
			t.Fatal(err)
		}
		if res, body := submit(tokens[2]); res.StatusCode != http.StatusOK || !strings.Contains(body, p.Slug) {
			t.Errorf("sent again once there is room: status %d", res.StatusCode)
		}
		if _, _, err := st.OpenDraft(ctx, tokens[2]); !errors.Is(err, consult.ErrTokenExpired) {
			t.Errorf("after sending again the draft is %v, want sent", err)
		}
	})
}
