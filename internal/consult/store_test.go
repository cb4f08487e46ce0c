package consult_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/files"
	"coplan/internal/mail"
	"coplan/internal/valid"
)

// count is how many rows of table match where (a condition with $1 = arg).
func count(t *testing.T, d *db.DB, table, where string, arg any) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table+" WHERE "+where, arg).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStoreIsolation reaches partnership B's consultation, its questions,
// document and responses by their ids through a store bound to partnership
// A: every read and write is valid.ErrNotFound and changes nothing.
func TestStoreIsolation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a, b := newPartnership(t, d, "alpha"), newPartnership(t, d, "beta")
		now := time.Now()
		stA, stB := storeAt(d, a.ID, now), storeAt(d, b.ID, now)

		// B's open consultation, with questions, a document, a submitted
		// response entered by staff and a draft online.
		c, qn, err := stB.CreateConsultation(ctx, consult.Consultation{Title: "B's consultation", Audience: consult.Public,
			OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour)}, sample(), audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if err := stB.SetStage(ctx, c.ID, "published", audit.System); err != nil {
			t.Fatal(err)
		}
		if c, err = stB.Consultation(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		doc, err := stB.AddDocument(ctx, c, consult.Document{Kind: consult.DraftDocument, Language: "en"},
			files.Upload{Filename: "draft.txt", Content: []byte("B's draft")}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		q := qn.Questions()[0]
		resp, err := stB.EnterResponse(ctx, c, consult.Response{Channel: consult.Paper,
			Respondent: consult.Respondent{Type: consult.Individual, Name: "Bea", Publish: consult.WithName, ContactSet: true},
			Answers:    consult.Answers{q.ID: {QuestionID: q.ID, Choices: []string{"yes"}}}}, "BET", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		draft, token, err := stB.StartDraft(ctx, c, "en")
		if err != nil {
			t.Fatal(err)
		}
		audits := count(t, d, "audit_log", "partnership_id = $1", b.ID)

		notFound := func(what string, err error) {
			t.Helper()
			if !errors.Is(err, valid.ErrNotFound) {
				t.Errorf("%s through A's store: %v, want not found", what, err)
			}
		}
		// Reads.
		_, err = stA.Consultation(ctx, c.ID)
		notFound("the consultation", err)
		if cs, err := stA.Consultations(ctx); err != nil || len(cs) != 0 {
			t.Errorf("A's list holds %d consultations, %v", len(cs), err)
		}
		_, err = stA.CurrentQuestionnaire(ctx, c.ID)
		notFound("the questions", err)
		_, err = stA.QuestionnaireByID(ctx, c.ID, qn.ID)
		notFound("a version of the questions", err)
		if vs, err := stA.Versions(ctx, c.ID); err != nil || len(vs) != 0 {
			t.Errorf("A sees %d versions of B's questions, %v", len(vs), err)
		}
		if locked, err := stA.HasResponses(ctx, qn.ID); err != nil || locked {
			t.Errorf("A sees responses to B's questions: %v, %v", locked, err)
		}
		if docs, err := stA.Documents(ctx, c.ID); err != nil || len(docs) != 0 {
			t.Errorf("A sees %d of B's documents, %v", len(docs), err)
		}
		_, err = stA.Document(ctx, c.ID, doc.ID)
		notFound("the document", err)
		_, err = stA.DocumentContent(ctx, c.ID, doc.ID)
		notFound("the document's file", err)
		if rs, err := stA.Responses(ctx, c.ID); err != nil || len(rs) != 0 {
			t.Errorf("A sees %d of B's responses, %v", len(rs), err)
		}
		_, err = stA.Response(ctx, c.ID, resp.ID)
		notFound("the response", err)
		_, _, err = stA.OpenDraft(ctx, token)
		notFound("the draft", err)
		_, err = stA.LoadExport(ctx, c, nil)
		notFound("the export", err)
		if counts, err := stA.ResponseCounts(ctx); err != nil || len(counts) != 0 {
			t.Errorf("A counts B's responses: %v, %v", counts, err)
		}

		// Writes.
		changed := c
		changed.Title = "Taken over"
		_, err = stA.UpdateConsultation(ctx, changed, audit.System)
		notFound("changing the consultation", err)
		notFound("publishing it", stA.SetStage(ctx, c.ID, "analysed", audit.System))
		more := sample()
		more.Sections[0].Title = "Taken over"
		_, err = stA.SaveQuestionnaire(ctx, c, more, "taken over", audit.System)
		notFound("changing the questions", err)
		_, err = stA.AddDocument(ctx, c, consult.Document{Kind: consult.OtherDocument, Language: "en"},
			files.Upload{Filename: "more.txt", Content: []byte("more")}, audit.System)
		notFound("adding a document", err)
		notFound("removing the document", stA.RemoveDocument(ctx, c, doc.ID, audit.System))
		_, err = stA.EnterResponse(ctx, c, consult.Response{Channel: consult.Paper,
			Respondent: consult.Respondent{Type: consult.Individual, Publish: consult.WithoutName, ContactSet: true}}, "ALP", audit.System)
		notFound("entering a response", err)
		notFound("checking the response", stA.SetCheck(ctx, c, resp.ID, consult.Withheld, "taken over", nil, audit.System))
		_, err = stA.ImportResponses(ctx, c, strings.NewReader(""), "ALP", consult.Catalog{}, audit.System)
		notFound("importing responses", err)
		_, _, err = stA.StartDraft(ctx, c, "en")
		notFound("starting a response", err)
		draft.Respondent.Name = "Taken over"
		if err := stA.SaveDraft(ctx, c, draft); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("saving B's draft through A's store: %v, want not found", err)
		}
		_, err = stA.Submit(ctx, nil, c, draft, "ALP")
		notFound("submitting the draft", err)
		_, err = stA.AddFeedback(ctx, consult.Feedback{ConsultationID: c.ID, Text: "Taken over"},
			func(consult.Consultation, consult.Feedback) consult.Message {
				return consult.Message{To: "x@example.org"}
			})
		notFound("comments on it", err)

		// Nothing of B's changed.
		if got, err := stB.Consultation(ctx, c.ID); err != nil || got.Title != "B's consultation" || !got.AnalysedAt.IsZero() {
			t.Errorf("B's consultation after A's attempts: %+v, %v", got, err)
		}
		if cur, err := stB.CurrentQuestionnaire(ctx, c.ID); err != nil || cur.ID != qn.ID || cur.Sections[0].Title == "Taken over" {
			t.Errorf("B's questions after A's attempts: %+v, %v", cur, err)
		}
		if docs, _ := stB.Documents(ctx, c.ID); len(docs) != 1 {
			t.Errorf("B has %d documents after A's attempts, want 1", len(docs))
		}
		if got, err := stB.Response(ctx, c.ID, resp.ID); err != nil || got.Check != consult.Unchecked {
			t.Errorf("B's response after A's attempts: %+v, %v", got, err)
		}
		if got, _, err := stB.OpenDraft(ctx, token); err != nil || got.Respondent.Name != "" {
			t.Errorf("B's draft after A's attempts: %+v, %v", got.Respondent, err)
		}
		if n := count(t, d, "responses", "consultation_id = $1", c.ID); n != 2 {
			t.Errorf("B's consultation has %d responses after A's attempts, want 2", n)
		}
		if n := count(t, d, "consultation_feedback", "consultation_id = $1", c.ID); n != 0 {
			t.Errorf("A left %d comments on B's consultation", n)
		}
		if n := count(t, d, "audit_log", "partnership_id = $1", b.ID); n != audits {
			t.Errorf("B's audit log grew from %d to %d entries", audits, n)
		}
	})
}

// TestCreateConsultationIsOneTransaction: a consultation is created with
// its first questionnaire or not at all.
func TestCreateConsultationIsOneTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "onetx")
		now := time.Now()
		dbtest.FailInserts(t, d, "questionnaires")
		_, _, err := storeAt(d, p.ID, now).CreateConsultation(ctx, consult.Consultation{Title: "Half made", Audience: consult.Public,
			OpensAt: now, ClosesAt: now.Add(time.Hour)}, consult.Questionnaire{}, audit.System)
		if err == nil {
			t.Fatal("created a consultation although its questionnaire could not be stored")
		}
		if n := count(t, d, "consultations", "partnership_id = $1", p.ID); n != 0 {
			t.Errorf("%d consultations remain without a questionnaire", n)
		}
		if n := count(t, d, "audit_log", "partnership_id = $1 AND entity = 'consultation'", p.ID); n != 0 {
			t.Errorf("%d audit entries remain of a consultation never created", n)
		}
	})
}

// TestSubmitIsOneTransaction: a response is submitted with the
// respondent's copy in the outbox or not at all, alone or in a batch.
func TestSubmitIsOneTransaction(t *testing.T) {
	for _, batched := range []bool{false, true} {
		name := map[bool]string{false: "alone", true: "batched"}[batched]
		t.Run(name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				ctx := context.Background()
				c, qn := openConsultation(t, d)
				r := filledDraft(t, d, c, qn, 1)
				var b *consult.Batcher
				if batched {
					b = consult.NewBatcher(d, consult.BatchOptions{})
					defer b.Close()
				}
				st := consultStore(d, c.PartnershipID)
				copyOf := func(ref string) mail.Message {
					return mail.Message{PartnershipID: c.PartnershipID, To: "ann@example.org", Subject: "Your response " + ref, Body: "A copy"}
				}
				// Without a failure, the copy is queued with the response.
				ok := filledDraft(t, d, c, qn, 2)
				rec, err := st.Submit(ctx, b, c, ok, "GLE", copyOf)
				if err != nil {
					t.Fatal(err)
				}
				ref := rec.Reference
				if len(rec.Unmailed) != 0 {
					t.Errorf("the receipt says the copy to %v was not queued", rec.Unmailed)
				}
				if n := count(t, d, "outbox", "subject = $1", "Your response "+ref); n != 1 {
					t.Errorf("%d copies of response %s queued, want 1", n, ref)
				}
				dbtest.FailInserts(t, d, "outbox")
				if rec, err := st.Submit(ctx, b, c, r, "GLE", copyOf); err == nil {
					t.Fatalf("submitted as %s although its copy could not be queued", rec.Reference)
				}
				if n := count(t, d, "responses", "id = $1 AND status = 'submitted'", r.ID); n != 0 {
					t.Error("the response was submitted without its copy")
				}
				if n := count(t, d, "answers", "response_id = $1", r.ID); n != 0 {
					t.Errorf("%d answers were stored without the copy", n)
				}
			})
		})
	}
}

// TestSubmitReportsTheCopyNotQueued: a copy to an address that has had its
// hour's mail is not queued, the response is kept, and the receipt says
// which address got no copy, alone or in a batch (issue 10, item 11).
func TestSubmitReportsTheCopyNotQueued(t *testing.T) {
	for _, batched := range []bool{false, true} {
		name := map[bool]string{false: "alone", true: "batched"}[batched]
		t.Run(name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				ctx := context.Background()
				c, qn := openConsultation(t, d)
				var b *consult.Batcher
				if batched {
					b = consult.NewBatcher(d, consult.BatchOptions{})
					defer b.Close()
				}
				now := time.Now()
				for i := range mail.MaxPerRecipientHour {
					if _, err := mail.QueueToPublic(ctx, d, mail.Message{To: "flooded@example.org", Subject: fmt.Sprint("Mail ", i), Body: "x"}, now); err != nil {
						t.Fatal(err)
					}
				}
				copyOf := func(ref string) mail.Message {
					return mail.Message{PartnershipID: c.PartnershipID, To: "flooded@example.org", Subject: "Your response " + ref, Body: "A copy"}
				}
				r := filledDraft(t, d, c, qn, 1)
				rec, err := storeAt(d, c.PartnershipID, now).Submit(ctx, b, c, r, "GLE", copyOf)
				if err != nil {
					t.Fatal(err)
				}
				if len(rec.Unmailed) != 1 || rec.Unmailed[0] != "flooded@example.org" {
					t.Errorf("receipt's addresses without a copy = %v, want the flooded one", rec.Unmailed)
				}
				if n := count(t, d, "responses", "status = 'submitted' AND reference = $1", rec.Reference); n != 1 {
					t.Error("the response was not kept")
				}
				if n := count(t, d, "outbox", "subject = $1", "Your response "+rec.Reference); n != 0 {
					t.Errorf("%d copies queued past the limit", n)
				}
			})
		})
	}
}

// TestFeedbackIsOneTransaction: comments on how a consultation was run
// are stored with their mail to its contact or not at all.
func TestFeedbackIsOneTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c, _ := openConsultation(t, d)
		tell := func(c consult.Consultation, f consult.Feedback) consult.Message {
			return consult.Message{To: "planning@example.org", Subject: "Comments about " + c.Title, Body: f.Text}
		}
		dbtest.FailInserts(t, d, "outbox")
		if _, err := consultStore(d, c.PartnershipID).AddFeedback(ctx, consult.Feedback{ConsultationID: c.ID, Text: "Too short"}, tell); err == nil {
			t.Fatal("comments were stored although their mail could not be queued")
		}
		if n := count(t, d, "consultation_feedback", "consultation_id = $1", c.ID); n != 0 {
			t.Errorf("%d comments remain without their mail", n)
		}
	})
}
