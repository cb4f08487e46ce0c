package consult_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
)

// Questionnaires come from memory after the first read, yet each read is
// the questions as saved now: a change saved in place (before any response
// locks them) and a new version are both seen, and a caller changing its
// copy changes no one else's.
func TestQuestionnaireReadsFollowChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "cached")
		now := time.Now()
		st := storeAt(d, p.ID, now)
		c, qn, err := st.CreateConsultation(ctx, consult.Consultation{Title: "Cached", Audience: consult.Public,
			OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour)}, sample(), audit.System)
		if err != nil {
			t.Fatal(err)
		}
		first, err := st.QuestionnaireByID(ctx, c.ID, qn.ID)
		if err != nil {
			t.Fatal(err)
		}
		again, err := st.QuestionnaireByID(ctx, c.ID, qn.ID)
		if err != nil || !reflect.DeepEqual(first, again) {
			t.Fatalf("second read differs: %+v, %v", again, err)
		}
		again.Sections[0].Questions[0].Text = "Scribbled"
		again.Sections[0].Questions[0].Options[0].Label = "Scribbled"
		if third, _ := st.QuestionnaireByID(ctx, c.ID, qn.ID); !reflect.DeepEqual(first, third) {
			t.Fatal("a caller's change to its copy reached the next read")
		}

		// Saved in place: no response uses it yet.
		changed := first
		changed.Sections[0].Questions[0].Text = "Do you use the services?"
		if _, err := st.SaveQuestionnaire(ctx, c, changed, "", audit.System); err != nil {
			t.Fatal(err)
		}
		now2, err := st.QuestionnaireByID(ctx, c.ID, qn.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := now2.Sections[0].Questions[0].Text; got != "Do you use the services?" {
			t.Fatalf("after saving in place the questionnaire reads %q", got)
		}
		cur, err := st.CurrentQuestionnaire(ctx, c.ID)
		if err != nil || !reflect.DeepEqual(cur, now2) {
			t.Fatalf("current questionnaire %+v, %v; want the one just saved", cur, err)
		}

		// Another partnership's store cannot read it, from memory or not.
		other := storeAt(d, newPartnership(t, d, "other").ID, now)
		if _, err := other.QuestionnaireByID(ctx, c.ID, qn.ID); err == nil {
			t.Fatal("another partnership read the questionnaire")
		}
	})
}
