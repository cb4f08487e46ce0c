package analysis_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"coplan/internal/analysis"
	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// reportFixture is a closed consultation with a closed and an open
// question and responses entered by staff; analysed when analysed is true.
func reportFixture(t *testing.T, d *db.DB, slug string, analysed bool) (partnership.Partnership, consult.Consultation, time.Time) {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	p, err := partnership.Create(ctx, d, partnership.Partnership{Slug: slug, Name: "Test " + slug, Model: "ijb", HealthBoard: "NHS " + slug,
		LocalAuthorities: []partnership.Named{{Name: slug + " Council"}}, Localities: []partnership.Named{{Name: "North"}, {Name: "South"}}},
		audit.System, now)
	if err != nil {
		t.Fatal(err)
	}
	then := now.Add(-72 * time.Hour)
	st := consult.StoreFor(d, p, func() time.Time { return then })
	c, _, err := st.CreateConsultation(ctx, consult.Consultation{Title: "Care at home", Audience: consult.Public,
		OpensAt: then.Add(time.Hour), ClosesAt: then.Add(24 * time.Hour)},
		consult.Questionnaire{Sections: []consult.Section{{Title: "Care", Questions: []consult.Question{
			{Code: "Q1", Kind: consult.Single, Text: "Do you agree?", Options: []consult.Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}},
			{Code: "Q2", Kind: consult.Text, Text: "Why?"}}}}}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetStage(ctx, c.ID, "published", audit.System); err != nil {
		t.Fatal(err)
	}
	during := consult.StoreFor(d, p, func() time.Time { return then.Add(2 * time.Hour) })
	qn, err := during.CurrentQuestionnaire(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	q1, q2 := qn.Questions()[0], qn.Questions()[1]
	for i, choice := range []string{"yes", "yes", "no"} {
		if _, err := during.EnterResponse(ctx, c, consult.Response{Channel: consult.Paper,
			Respondent: consult.Respondent{Type: consult.Individual, Publish: consult.WithoutName, ContactSet: true},
			Answers:    consult.Answers{q1.ID: {QuestionID: q1.ID, Choices: []string{choice}}, q2.ID: {QuestionID: q2.ID, Text: "Because of reason " + string(rune('A'+i))}}},
			"TST", audit.System); err != nil {
			t.Fatal(err)
		}
	}
	if analysed {
		if err := consult.StoreFor(d, p, func() time.Time { return then.Add(30 * time.Hour) }).SetStage(ctx, c.ID, "analysed", audit.System); err != nil {
			t.Fatal(err)
		}
	}
	c, _ = consult.StoreFor(d, p, nil).Consultation(ctx, c.ID)
	return p, c, now
}

// Publishing stores the report as a version, makes the consultation
// "reported" at the report's address, and a correction is a new version
// that leaves the first as it was published (issue 13, item 9).
func TestPublishReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, c, now := reportFixture(t, d, "report", true)
		st := analysis.ReportStoreFor(d, p, func() time.Time { return now })
		if _, err := st.Published(ctx, c.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("a report before publishing: %v", err)
		}
		if _, err := st.Publish(ctx, c.ID, "  ", audit.System); len(fields(err)) != 1 || fields(err)[0] != "next-steps" {
			t.Fatalf("published without what happens next: %v", err)
		}
		pre, err := st.Preview(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pre.Figures.Responses != 3 || len(pre.Figures.Tallies) != 1 || pre.Figures.Tallies[0].Rows[0].N != 2 {
			t.Fatalf("preview figures: %+v", pre.Figures)
		}
		first, err := st.Publish(ctx, c.ID, "The board decides in March.", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if first.Version != 1 {
			t.Errorf("first version = %d", first.Version)
		}
		got, _ := consult.StoreFor(d, p, nil).Consultation(ctx, c.ID)
		if got.StatusAt(now) != consult.Reported || got.ReportURL != analysis.ReportAddress("report", c.ID) {
			t.Errorf("the consultation after publishing: %s at %q", got.StatusAt(now), got.ReportURL)
		}
		later := analysis.ReportStoreFor(d, p, func() time.Time { return now.Add(time.Hour) })
		if _, err := later.Publish(ctx, c.ID, "The board decides in April.", audit.System); err != nil {
			t.Fatal(err)
		}
		latest, err := later.Published(ctx, c.ID)
		if err != nil || latest.Version != 2 || latest.NextSteps != "The board decides in April." {
			t.Errorf("latest: %d %q %v", latest.Version, latest.NextSteps, err)
		}
		v1, err := later.Version(ctx, c.ID, 1)
		if err != nil || v1.NextSteps != "The board decides in March." || v1.Figures.Responses != 3 {
			t.Errorf("version 1 changed: %q %v", v1.NextSteps, err)
		}
		if vs, _ := later.Versions(ctx, c.ID); len(vs) != 2 {
			t.Errorf("versions: %v", vs)
		}
		// Another partnership sees none of it.
		other, oc, _ := reportFixture(t, d, "other", true)
		if _, err := analysis.ReportStoreFor(d, other, nil).Published(ctx, c.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("another partnership read the report: %v", err)
		}
		if _, err := analysis.ReportStoreFor(d, p, nil).Published(ctx, oc.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("read another partnership's consultation's report: %v", err)
		}
	})
}

// The report is published only once the responses are analysed.
func TestPublishReportNeedsAnalysis(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p, c, now := reportFixture(t, d, "early", false)
		_, err := analysis.ReportStoreFor(d, p, func() time.Time { return now }).Publish(context.Background(), c.ID, "Next.", audit.System)
		if f := fields(err); len(f) != 1 || f[0] != "stage" {
			t.Errorf("published before analysis: %v", err)
		}
	})
}

func fields(err error) []string {
	errs, _ := valid.As(err)
	var out []string
	for _, e := range errs {
		out = append(out, e.Field)
	}
	return out
}
