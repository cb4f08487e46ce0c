package consult_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// openConsultation makes a published consultation, open now, with the
// sample questions.
func openConsultation(t testing.TB, d *db.DB) (consult.Consultation, consult.Questionnaire) {
	t.Helper()
	ctx := context.Background()
	p, err := partnership.Create(ctx, d, demo.Partnership(), audit.System, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	c, err := consultStore(d, p.ID).SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: "Care at home",
		Audience: consult.Public, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour)}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	qn, err := consultStore(d, c.PartnershipID).SaveQuestionnaire(ctx, c, sample(), "", audit.System)
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

// filledDraft starts a draft and gives it answers (not yet saved: Submit
// stores the final answers) that say which respondent it is.
func filledDraft(t *testing.T, d *db.DB, c consult.Consultation, qn consult.Questionnaire, i int) consult.Response {
	t.Helper()
	r, _, err := consultStore(d, c.PartnershipID).StartDraft(context.Background(), c, "en")
	if err != nil {
		t.Fatal(err)
	}
	qs := qn.Questions()
	r.Answers = consult.Answers{qs[0].ID: {Choices: []string{"yes"}}, qs[1].ID: {Choices: []string{"mostly-agree"}},
		qs[3].ID: {Text: "respondent " + itoa(i)}}
	r.Respondent = consult.Respondent{Type: consult.Individual, Name: "Respondent " + itoa(i), Publish: consult.WithName, ContactSet: true}
	return r
}

func itoa(i int) string { return time.Duration(i).String() } // unique, short and dependency-free

// Submissions that arrive together are committed together, each caller
// gets its own reference number, and every response is stored whole.
func TestBatcherCommitsConcurrentSubmissionsTogether(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c, qn := openConsultation(t, d)
		const n = 40
		drafts := make([]consult.Response, n)
		for i := range drafts {
			drafts[i] = filledDraft(t, d, c, qn, i)
		}
		// A long wait and a batch size of n: the batch commits when the
		// last submission joins it, so all n share one transaction.
		b := consult.NewBatcher(d, consult.BatchOptions{MaxWait: time.Minute, MaxSize: n, Workers: 1})
		defer b.Close()
		refs := make([]string, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range drafts {
			wg.Go(func() { refs[i], errs[i] = b.Submit(ctx, c, drafts[i], "GLE", time.Now()) })
		}
		wg.Wait()
		seen := map[string]bool{}
		for i := range refs {
			if errs[i] != nil || refs[i] == "" || seen[refs[i]] {
				t.Fatalf("submission %d: reference %q, error %v", i, refs[i], errs[i])
			}
			seen[refs[i]] = true
		}
		if st := b.Stats(); st.Batches != 1 || st.Submitted != n {
			t.Errorf("%d submissions went in %d batches, want 1", st.Submitted, st.Batches)
		}
		rs, err := consult.Responses(ctx, d, c.PartnershipID, c.ID)
		if err != nil || len(rs) != n {
			t.Fatalf("stored %d responses (%v), want %d", len(rs), err, n)
		}
		q4 := qn.Questions()[3].ID
		for _, r := range rs {
			i := -1
			for j := range drafts {
				if drafts[j].ID == r.ID {
					i = j
				}
			}
			if i < 0 || r.Reference != refs[i] || r.Answers[q4].Text != "respondent "+itoa(i) || r.Respondent.Name != "Respondent "+itoa(i) {
				t.Errorf("response %d stored as %+v, want reference %s and its own answers", r.ID, r, refs[i])
			}
		}
	})
}

// A submission that fails inside a batch (a draft already submitted, one
// that does not exist, an answer the database refuses) fails alone: the
// others in its batch are stored, and the failed ones change nothing.
func TestBatcherFailsOneSubmissionNotTheBatch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c, qn := openConsultation(t, d)
		good1, good2 := filledDraft(t, d, c, qn, 1), filledDraft(t, d, c, qn, 2)
		twice := filledDraft(t, d, c, qn, 3)
		bad := filledDraft(t, d, c, qn, 4)
		bad.Answers[999999] = consult.Answer{Text: "an answer to no question"}
		missing := good1
		missing.ID = 999999

		b := consult.NewBatcher(d, consult.BatchOptions{MaxWait: time.Minute, MaxSize: 6, Workers: 1})
		defer b.Close()
		in := []consult.Response{good1, twice, bad, missing, good2, twice}
		refs := make([]string, len(in))
		errs := make([]error, len(in))
		var wg sync.WaitGroup
		for i := range in {
			wg.Go(func() { refs[i], errs[i] = b.Submit(ctx, c, in[i], "GLE", time.Now()) })
		}
		wg.Wait()
		if st := b.Stats(); st.Batches != 1 {
			t.Fatalf("%d batches, want the six submissions in one", st.Batches)
		}
		if errs[0] != nil || errs[4] != nil || refs[0] == "" || refs[4] == "" {
			t.Errorf("good submissions failed beside bad ones: %v, %v", errs[0], errs[4])
		}
		// The same draft twice: one is stored, the other is told the link
		// no longer works.
		if (errs[1] == nil) == (errs[5] == nil) {
			t.Errorf("a draft submitted twice in one batch: errors %v and %v, want exactly one to succeed", errs[1], errs[5])
		}
		for _, err := range []error{errs[1], errs[5]} {
			if err != nil && !errors.Is(err, consult.ErrTokenExpired) {
				t.Errorf("second submission of a draft: %v, want ErrTokenExpired", err)
			}
		}
		if !errors.Is(errs[3], valid.ErrNotFound) {
			t.Errorf("submitting a response that does not exist: %v, want ErrNotFound", errs[3])
		}
		if errs[2] == nil {
			t.Error("an answer to a question that does not exist was accepted")
		}
		rs, _ := consult.Responses(ctx, d, c.PartnershipID, c.ID)
		if len(rs) != 3 {
			t.Fatalf("%d responses stored, want 3 (two good ones and one of the pair)", len(rs))
		}
		for _, r := range rs {
			if r.ID == bad.ID {
				t.Error("the refused submission was stored")
			}
		}
		// The refused one is still a draft, with its earlier state: it can
		// be corrected and submitted.
		delete(bad.Answers, 999999)
		b.Close() // so the next submission need not wait a minute for company
		if ref, err := b.Submit(ctx, c, bad, "GLE", time.Now()); err != nil || ref == "" {
			t.Errorf("submitting the corrected draft: %q, %v", ref, err)
		}
	})
}

// After the closing time nothing is stored; Close commits what is waiting,
// and submissions after Close still work, one by one.
func TestBatcherClosingTimeAndClose(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c, qn := openConsultation(t, d)
		late, waiting, after := filledDraft(t, d, c, qn, 1), filledDraft(t, d, c, qn, 2), filledDraft(t, d, c, qn, 3)
		b := consult.NewBatcher(d, consult.BatchOptions{MaxWait: time.Minute, MaxSize: 100})
		if _, err := b.Submit(ctx, c, late, "GLE", c.ClosesAt); !errors.Is(err, consult.ErrClosed) {
			t.Errorf("submitting at the closing time: %v, want ErrClosed", err)
		}
		// This one waits a minute for others to join; Close must commit it
		// at once.
		result := make(chan error, 1)
		go func() {
			_, err := b.Submit(ctx, c, waiting, "GLE", time.Now())
			result <- err
		}()
		deadline := time.Now().Add(5 * time.Second)
		for b.Stats().Waiting == 0 {
			if time.Now().After(deadline) {
				t.Fatal("the submission never reached the queue")
			}
			time.Sleep(time.Millisecond)
		}
		start := time.Now()
		b.Close()
		if err := <-result; err != nil {
			t.Errorf("submission waiting at Close: %v", err)
		}
		if time.Since(start) > 10*time.Second {
			t.Error("Close did not commit the waiting batch at once")
		}
		if ref, err := b.Submit(ctx, c, after, "GLE", time.Now()); err != nil || ref == "" {
			t.Errorf("submission after Close: %q, %v", ref, err)
		}
		rs, _ := consult.Responses(ctx, d, c.PartnershipID, c.ID)
		if len(rs) != 2 {
			t.Errorf("%d responses stored, want 2 (not the late one)", len(rs))
		}
		for _, r := range rs {
			if r.ID == late.ID {
				t.Error("a submission after the closing time was stored")
			}
		}
	})
}

// Work done with a submission (the copy by email) is stored with it in the
// same transaction, or not at all when it fails, and a failure fails only
// that submission.
func TestBatcherSubmitWith(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c, qn := openConsultation(t, d)
		ok, failing := filledDraft(t, d, c, qn, 1), filledDraft(t, d, c, qn, 2)
		queueCopy := func(ctx context.Context, tx *db.Tx, ref string) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO outbox (partnership_id, to_address, subject, body, created_at)
				VALUES ($1, 'ann@example.org', 'Your response', $2, $3)`, c.PartnershipID, "Your reference is "+ref, time.Now())
			return err
		}
		b := consult.NewBatcher(d, consult.BatchOptions{MaxWait: time.Minute, MaxSize: 2, Workers: 1})
		defer b.Close()
		var (
			wg            sync.WaitGroup
			ref           string
			okErr, badErr error
		)
		wg.Go(func() { ref, okErr = b.SubmitWith(ctx, c, ok, "GLE", time.Now(), queueCopy) })
		wg.Go(func() {
			_, badErr = b.SubmitWith(ctx, c, failing, "GLE", time.Now(), func(ctx context.Context, tx *db.Tx, ref string) error {
				if err := queueCopy(ctx, tx, ref); err != nil {
					return err
				}
				return errors.New("the copy could not be made")
			})
		})
		wg.Wait()
		if okErr != nil || badErr == nil {
			t.Fatalf("submissions: %v and %v; want the first to succeed and the second to fail", okErr, badErr)
		}
		var bodies []string
		rows, err := d.QueryContext(ctx, "SELECT body FROM outbox")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			rows.Scan(&s)
			bodies = append(bodies, s)
		}
		rows.Close()
		if len(bodies) != 1 || bodies[0] != "Your reference is "+ref {
			t.Errorf("outbox holds %q; want only the copy for %s", bodies, ref)
		}
		rs, _ := consult.Responses(ctx, d, c.PartnershipID, c.ID)
		if len(rs) != 1 || rs[0].ID != ok.ID {
			t.Errorf("%d responses stored; want only the one whose copy was made", len(rs))
		}
	})
}

// BenchmarkBatcher measures submissions committed straight to the
// database, without HTTP, 64 at a time: each in a transaction of its own
// (SubmitWith, as without a Batcher) and in groups (Batcher, default
// options), on SQLite and, with COPLAN_TEST_POSTGRES_URL set, PostgreSQL.
// Note that the README's throwaway PostgreSQL runs with fsync=off, which
// flatters transactions of their own; BENCHMARKS.md has figures with fsync
// on.
func BenchmarkBatcher(b *testing.B) {
	for _, kind := range []db.Dialect{db.SQLite, db.Postgres} {
		for _, batched := range []bool{false, true} {
			name := string(kind) + "/one-transaction-each"
			if batched {
				name = string(kind) + "/batched"
			}
			b.Run(name, func(b *testing.B) {
				var d *db.DB
				if kind == db.SQLite {
					d = dbtest.SQLite(b)
				} else {
					d = dbtest.Postgres(b)
				}
				ctx := context.Background()
				c, qn := openConsultation(b, d)
				drafts := make(chan consult.Response, b.N)
				qs := qn.Questions()
				now := time.Now()
				err := d.InTx(ctx, func(tx *db.Tx) error {
					for i := range b.N {
						r := consult.Response{Answers: consult.Answers{qs[0].ID: {Choices: []string{"yes"}},
							qs[1].ID: {Choices: []string{"mostly-agree"}}, qs[3].ID: {Text: "respondent " + itoa(i)}},
							Respondent: consult.Respondent{Type: consult.Individual, Name: "Ann", Publish: consult.WithName, ContactSet: true}}
						if err := tx.QueryRowContext(ctx, `INSERT INTO responses (consultation_id, questionnaire_id, channel, language, status,
							created_at, updated_at, expires_at) VALUES ($1, $2, 'online', 'en', 'draft', $3, $3, $4) RETURNING id`,
							c.ID, qn.ID, now, c.ClosesAt).Scan(&r.ID); err != nil {
							return err
						}
						drafts <- r
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				close(drafts)
				var bt *consult.Batcher
				if batched {
					bt = consult.NewBatcher(d, consult.BatchOptions{})
					defer bt.Close()
				}
				b.SetParallelism(32)
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						r := <-drafts
						var err error
						if bt != nil {
							_, err = bt.Submit(ctx, c, r, "GLE", time.Now())
						} else {
							_, err = consult.SubmitWith(ctx, d, c, r, "GLE", time.Now(), nil)
						}
						if err != nil {
							b.Error(err)
							return
						}
					}
				})
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "subs/s")
				if bt != nil {
					st := bt.Stats()
					b.ReportMetric(float64(st.Submitted)/float64(st.Batches), "subs/batch")
				}
			})
		}
	}
}

// A full queue turns a submission away with ErrBusy after QueueWait,
// rather than piling it up: the response stays a draft, and sends once
// there is room. The one worker is held inside its transaction, so the
// queue (two places) cannot drain while the test fills it.
func TestBatcherFullQueueIsBusy(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c, qn := openConsultation(t, d)
		drafts := make([]consult.Response, 4)
		for i := range drafts {
			drafts[i] = filledDraft(t, d, c, qn, i)
		}
		b := consult.NewBatcher(d, consult.BatchOptions{MaxSize: 1, Workers: 1, QueueSize: 2, QueueWait: time.Millisecond})
		defer b.Close()
		started, release := make(chan struct{}), make(chan struct{})
		hold := func(ctx context.Context, tx *db.Tx, ref string) error {
			select {
			case started <- struct{}{}:
			default: // a retry of the batch: already held once
			}
			<-release
			return nil
		}
		refs := make([]string, 3)
		errs := make([]error, 3)
		var wg sync.WaitGroup
		wg.Go(func() { refs[0], errs[0] = b.SubmitWith(ctx, c, drafts[0], "GLE", time.Now(), hold) })
		<-started
		for i := 1; i <= 2; i++ {
			wg.Go(func() { refs[i], errs[i] = b.Submit(ctx, c, drafts[i], "GLE", time.Now()) })
		}
		for deadline := time.Now().Add(10 * time.Second); b.Stats().Waiting < 3; {
			if time.Now().After(deadline) {
				t.Fatalf("the queue did not fill: %+v", b.Stats())
			}
			time.Sleep(time.Millisecond)
		}
		if _, err := b.Submit(ctx, c, drafts[3], "GLE", time.Now()); !errors.Is(err, consult.ErrBusy) {
			t.Fatalf("a submission to a full queue: %v, want ErrBusy", err)
		}
		var status string
		if err := d.QueryRowContext(ctx, "SELECT status FROM responses WHERE id = $1", drafts[3].ID).Scan(&status); err != nil || status != "draft" {
			t.Fatalf("the response turned away is %q (%v), want still a draft", status, err)
		}
		close(release)
		wg.Wait()
		for i := range refs {
			if errs[i] != nil || refs[i] == "" {
				t.Errorf("queued submission %d: %q, %v", i, refs[i], errs[i])
			}
		}
		if ref, err := b.Submit(ctx, c, drafts[3], "GLE", time.Now()); err != nil || ref == "" {
			t.Errorf("sent again once there is room: %q, %v", ref, err)
		}
	})
}
