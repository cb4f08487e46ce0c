package consult_test

import (
	"context"
	"testing"

	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
)

// A draft submitted as it was saved is not written again (the check page
// sends no answers), and one changed after it was read is: the answers a
// question no longer asks are dropped, a changed field is stored, with a
// batch and without.
func TestSubmitWritesWhatChangedSinceTheDraftWasRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c, qn := openConsultation(t, d)
		qs := qn.Questions()
		b := consult.NewBatcher(d, consult.BatchOptions{})
		defer b.Close()
		for _, tc := range []struct {
			name   string
			batch  *consult.Batcher
			change func(r *consult.Response)
			want   func(t *testing.T, r consult.Response)
		}{
			{"an answer pruned", b, func(r *consult.Response) { delete(r.Answers, qs[1].ID) }, func(t *testing.T, r consult.Response) {
				if len(r.Answers) != 2 || r.Answers[qs[1].ID].Choices != nil {
					t.Errorf("stored answers %+v, want the pruned one gone", r.Answers)
				}
			}},
			{"a field and the language changed", nil, func(r *consult.Response) { r.Respondent.Name = "Ann Other"; r.Language = "gd" },
				func(t *testing.T, r consult.Response) {
					if r.Respondent.Name != "Ann Other" || r.Language != "gd" {
						t.Errorf("stored %q in %q, want the change", r.Respondent.Name, r.Language)
					}
				}},
			// Last: with inserts into answers failing from here on, the
			// submission succeeds only if it writes no answers.
			{"unchanged, and not written again", nil, func(*consult.Response) { dbtest.FailInserts(t, d, "answers") }, func(t *testing.T, r consult.Response) {
				if len(r.Answers) != 3 || r.Answers[qs[3].ID].Text != "saved words" || r.Respondent.Name != "Ann" {
					t.Errorf("stored %+v, %+v", r.Answers, r.Respondent)
				}
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				st := consultStore(d, c.PartnershipID)
				r, token, err := st.StartDraft(ctx, c, "en")
				if err != nil {
					t.Fatal(err)
				}
				r.Answers = consult.Answers{qs[0].ID: {Choices: []string{"yes"}}, qs[1].ID: {Choices: []string{"mostly-agree"}},
					qs[3].ID: {Text: "saved words"}}
				r.Respondent = consult.Respondent{Type: consult.Individual, Name: "Ann", Publish: consult.WithName, ContactSet: true}
				if err := st.SaveDraft(ctx, c, r); err != nil {
					t.Fatal(err)
				}
				back, _, err := st.OpenDraft(ctx, token)
				if err != nil {
					t.Fatal(err)
				}
				tc.change(&back)
				if _, err := st.Submit(ctx, tc.batch, c, back, "GLE"); err != nil {
					t.Fatal(err)
				}
				stored, err := st.Response(ctx, c.ID, back.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !stored.Submitted {
					t.Fatal("not submitted")
				}
				tc.want(t, stored)
			})
		}
	})
}
