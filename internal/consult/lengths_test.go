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
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// issue 10, item 14: no answer or detail is longer than it may be.
func TestValidateLengths(t *testing.T) {
	qn := consult.Questionnaire{Sections: []consult.Section{{Title: "S", Questions: []consult.Question{
		{ID: 1, Code: "Q1", Kind: consult.Text, MaxChars: 100},
		{ID: 2, Code: "Q2", Kind: consult.Text},
		{ID: 3, Code: "Q3", Kind: consult.Multiple, HasOther: true, Options: []consult.Option{{Value: "a", Label: "A"}}},
	}}}}
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name   string
		r      consult.Response
		fields []string
	}{
		{"within every limit", consult.Response{Answers: consult.Answers{1: {Text: long(100)}, 2: {Text: long(consult.MaxAnswerChars)}},
			Respondent: consult.Respondent{Name: long(consult.MaxNameChars)}}, nil},
		{"over the question's limit", consult.Response{Answers: consult.Answers{1: {Text: long(101)}}}, []string{"q-Q1"}},
		{"over the default", consult.Response{Answers: consult.Answers{2: {Text: long(consult.MaxAnswerChars + 1)}}}, []string{"q-Q2"}},
		{"five million characters", consult.Response{Answers: consult.Answers{2: {Text: long(5_000_000)}}}, []string{"q-Q2"}},
		{"other's words", consult.Response{Answers: consult.Answers{3: {Choices: []string{consult.OtherValue}, OtherText: long(consult.MaxAnswerChars + 1)}}}, []string{"q-Q3-other"}},
		{"a long name and address", consult.Response{Respondent: consult.Respondent{Name: long(201), Address: long(501)}}, []string{"rif-name", "rif-address"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := consult.ValidateLengths(qn, tt.r, en)
			if len(errs) != len(tt.fields) {
				t.Fatalf("errors %v, want at %v", errs, tt.fields)
			}
			for i, f := range tt.fields {
				if errs[i].Field != f {
					t.Errorf("error %d at %s, want %s", i, errs[i].Field, f)
				}
			}
		})
	}
}

// issue 10, item 14: the store refuses an over-long answer whatever the
// page did, on both databases, and keeps nothing.
func TestStoreRefusesOverLongAnswers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
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
		qn, err := consultStore(d, p.ID).SaveQuestionnaire(ctx, c, sample(), "", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if err := consultStore(d, p.ID).SetStage(ctx, c.ID, "published", audit.System); err != nil {
			t.Fatal(err)
		}
		c, _ = consult.ConsultationByID(ctx, d, p.ID, c.ID)
		r, token, err := storeAt(d, p.ID, now).StartDraft(ctx, c, "en")
		if err != nil {
			t.Fatal(err)
		}
		q := qn.Questions()[2]
		r.Answers = consult.Answers{q.ID: {QuestionID: q.ID, Choices: []string{consult.OtherValue}, OtherText: strings.Repeat("a", 5_000_000)}}
		r.Respondent = consult.Respondent{Type: consult.Individual, Publish: consult.DoNotPublish}
		if err := storeAt(d, p.ID, now).SaveDraft(ctx, c, r); !isFieldError(err) {
			t.Errorf("SaveDraft of 5,000,000 characters: %v", err)
		}
		if _, err := storeAt(d, p.ID, now).Submit(ctx, nil, c, r, "GLE"); !isFieldError(err) {
			t.Errorf("Submit of 5,000,000 characters: %v", err)
		}
		back, _, err := consultStore(d, p.ID).OpenDraft(ctx, token)
		if err != nil || len(back.Answers) != 0 {
			t.Errorf("the draft holds %+v (%v), want nothing", back.Answers, err)
		}
	})
}

func isFieldError(err error) bool {
	_, ok := valid.As(err)
	return ok
}
