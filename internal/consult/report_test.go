package consult_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/valid"
)

// The analysis report is published once the responses are analysed, and
// again as a correction (issue 13, item 9).
func TestCanPublishReport(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	analysed := consult.Consultation{PublishedAt: now.AddDate(0, -3, 0), OpensAt: now.AddDate(0, -3, 0), ClosesAt: now.AddDate(0, -1, 0),
		AnalysedAt: now.AddDate(0, 0, -7)}
	closed := analysed
	closed.AnalysedAt = time.Time{}
	reported := analysed
	reported.ReportedAt = now.AddDate(0, 0, -1)
	open := analysed
	open.ClosesAt, open.AnalysedAt = now.AddDate(0, 0, 1), time.Time{}
	for _, tt := range []struct {
		name  string
		c     consult.Consultation
		field string // "" when allowed
	}{
		{"analysed", analysed, ""},
		{"a correction", reported, ""},
		{"not analysed yet", closed, "stage"},
		{"still open", open, "stage"},
	} {
		err := consult.CanPublishReport(tt.c, now)
		if got := strings.Join(fieldsOf(err), ","); got != tt.field {
			t.Errorf("%s: refused fields %q, want %q (%v)", tt.name, got, tt.field, err)
		}
	}
}

// Publishing the report makes the consultation "reported" at the report's
// address; a correction keeps the first date. "reported" is no longer a
// stage set by hand.
func TestReportPublished(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "report")
		now := time.Now()
		st := storeAt(d, p.ID, now)
		c, err := storeAt(d, p.ID, now.Add(-48*time.Hour)).SaveConsultation(ctx, consult.Consultation{Title: "Care at home", Audience: consult.Public,
			OpensAt: now.Add(-47 * time.Hour), ClosesAt: now.Add(-time.Hour)}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := storeAt(d, p.ID, now.Add(-48*time.Hour)).SaveQuestionnaire(ctx, c, consult.Questionnaire{Sections: []consult.Section{{Title: "One",
			Questions: []consult.Question{{Code: "Q1", Kind: consult.Text, Text: "Anything else?"}}}}}, "", audit.System); err != nil {
			t.Fatal(err)
		}
		for _, stage := range []string{"published", "analysed"} {
			if err := storeAt(d, p.ID, now.Add(-48*time.Hour)).SetStage(ctx, c.ID, stage, audit.System); err != nil {
				t.Fatal(stage, err)
			}
		}
		if err := st.SetStage(ctx, c.ID, "reported", audit.System); err == nil {
			t.Error("reported was set by hand")
		}
		first := now.Add(-time.Minute).Truncate(time.Second)
		if err := consult.ReportPublished(ctx, d, p.ID, c.ID, "/partnerships/report/consultations/1/report", first); err != nil {
			t.Fatal(err)
		}
		if err := consult.ReportPublished(ctx, d, p.ID, c.ID, "/partnerships/report/consultations/1/report", now); err != nil {
			t.Fatal(err)
		}
		got, _ := st.Consultation(ctx, c.ID)
		if got.StatusAt(now) != consult.Reported || !got.ReportedAt.Equal(first) || got.ReportURL != "/partnerships/report/consultations/1/report" {
			t.Errorf("after publishing: %s %v %q", got.StatusAt(now), got.ReportedAt, got.ReportURL)
		}
		other := newPartnership(t, d, "other")
		if err := consult.ReportPublished(ctx, d, other.ID, c.ID, "/x", now); err == nil {
			t.Error("another partnership's consultation was reported")
		}
	})
}

// Responses never sent by closing are deleted, as the closed page says
// ("Nothing you entered has been stored"), when a response is next
// started or the link is used; submitted ones, and drafts of consultations
// still open, are kept (issue 10, item 17).
func TestAbandonedDraftsAreDeletedAfterClosing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c, qn := openConsultation(t, d)
		sent := filledDraft(t, d, c, qn, 1)
		if _, err := consultStore(d, c.PartnershipID).Submit(ctx, nil, c, sent, "GLE"); err != nil {
			t.Fatal(err)
		}
		left := filledDraft(t, d, c, qn, 2)
		if err := consultStore(d, c.PartnershipID).SaveDraft(ctx, c, left); err != nil {
			t.Fatal(err)
		}
		// Another consultation of the partnership, open for a week more.
		later, err := consultStore(d, c.PartnershipID).SaveConsultation(ctx, consult.Consultation{Title: "Day services", Audience: consult.Public,
			OpensAt: c.OpensAt, ClosesAt: c.ClosesAt.Add(7 * 24 * time.Hour)}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := consultStore(d, c.PartnershipID).SaveQuestionnaire(ctx, later, sample(), "", audit.System); err != nil {
			t.Fatal(err)
		}
		if err := consultStore(d, c.PartnershipID).SetStage(ctx, later.ID, "published", audit.System); err != nil {
			t.Fatal(err)
		}
		later, _ = consultStore(d, c.PartnershipID).Consultation(ctx, later.ID)
		kept, _, err := consultStore(d, c.PartnershipID).StartDraft(ctx, later, "en")
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, "responses", "id = $1", left.ID); n != 1 {
			t.Fatal("a draft was deleted before its consultation closed")
		}
		// After closing, the next start sweeps the first consultation's draft.
		afterClosing := storeAt(d, c.PartnershipID, c.ClosesAt.Add(time.Minute))
		if _, _, err := afterClosing.StartDraft(ctx, later, "en"); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, "responses", "id = $1", left.ID); n != 0 {
			t.Error("the draft not sent by closing was kept")
		}
		if n := count(t, d, "answers", "response_id = $1", left.ID); n != 0 {
			t.Errorf("%d answers of the deleted draft remain", n)
		}
		if n := count(t, d, "responses", "id = $1 AND status = 'submitted'", sent.ID); n != 1 {
			t.Error("a submitted response was deleted")
		}
		if n := count(t, d, "responses", "id = $1", kept.ID); n != 1 {
			t.Error("a draft of a consultation still open was deleted")
		}
		if n := count(t, d, "audit_log", "entity = 'consultation' AND action = 'delete' AND entity_id = $1", c.ID); n != 1 {
			t.Errorf("%d audit entries for the deletion, want 1", n)
		}
		// Nothing left to delete: no more entries.
		if err := afterClosing.DeleteAbandonedDrafts(ctx); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, "audit_log", "entity = 'consultation' AND action = 'delete' AND entity_id = $1", c.ID); n != 1 {
			t.Errorf("%d audit entries after a second sweep, want 1", n)
		}
	})
}

// A consultation is published only with questions on every page (issue
// 10, item 17).
func TestCanPublish(t *testing.T) {
	q := func(code string) consult.Question {
		return consult.Question{Code: code, Kind: consult.Text, Text: "Anything?"}
	}
	for _, tt := range []struct {
		name string
		qn   consult.Questionnaire
		want int // errors
	}{
		{"one page with a question", consult.Questionnaire{Sections: []consult.Section{{Title: "One", Questions: []consult.Question{q("Q1")}}}}, 0},
		{"no questions", consult.Questionnaire{Sections: []consult.Section{{Title: "Questions"}}}, 1},
		{"no pages", consult.Questionnaire{}, 1},
		{"an empty page among others", consult.Questionnaire{Sections: []consult.Section{{Title: "One", Questions: []consult.Question{q("Q1")}},
			{Title: "Two"}, {Title: "Three", Questions: []consult.Question{q("Q2")}}}}, 1},
		{"two empty pages", consult.Questionnaire{Sections: []consult.Section{{Title: "One"}, {Title: "Two", Questions: []consult.Question{q("Q1")}},
			{Title: "Three"}}}, 2},
	} {
		err := consult.CanPublish(tt.qn)
		errs, _ := valid.As(err)
		if len(errs) != tt.want || err != nil && errs.For("questions") == "" {
			t.Errorf("%s: %v, want %d errors on questions", tt.name, err, tt.want)
		}
	}
	errs, _ := valid.As(consult.CanPublish(consult.Questionnaire{Sections: []consult.Section{{Title: "One", Questions: []consult.Question{q("Q1")}}, {Title: "Two"}}}))
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "Page 2, ‘Two’, has no questions") {
		t.Errorf("the message does not name the empty page: %v", errs)
	}
}
