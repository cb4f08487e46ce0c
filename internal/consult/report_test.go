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
	"coplan/internal/files"
)

// "Analysis report published" needs the report's address: a link or an
// uploaded analysis report (issue 10, item 6).
func TestCanRecordReport(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	analysed := consult.Consultation{PublishedAt: now.AddDate(0, -3, 0), OpensAt: now.AddDate(0, -3, 0), ClosesAt: now.AddDate(0, -1, 0),
		AnalysedAt: now.AddDate(0, 0, -7)}
	closed := analysed
	closed.AnalysedAt = time.Time{}
	reported := analysed
	reported.ReportedAt = now.AddDate(0, 0, -1)
	report := []consult.Document{{Kind: consult.DraftDocument}, {Kind: consult.AnalysisReport}}
	draftOnly := []consult.Document{{Kind: consult.DraftDocument}, {Kind: consult.OtherDocument}}
	for _, tt := range []struct {
		name  string
		c     consult.Consultation
		docs  []consult.Document
		link  string
		field string // "" when allowed
	}{
		{"a link", analysed, nil, "https://www.glenmorven.example/report", ""},
		{"an uploaded report", analysed, report, "", ""},
		{"nothing behind it", analysed, draftOnly, "", "report-link"},
		{"blank link", analysed, nil, "   ", "report-link"},
		{"not https", analysed, nil, "http://www.glenmorven.example/report", "report-link"},
		{"not a link", analysed, nil, "the report is on our website", "report-link"},
		{"a script", analysed, nil, "javascript:alert(1)", "report-link"},
		{"not analysed yet", closed, report, "https://www.glenmorven.example/report", "stage"},
		{"already reported", reported, report, "", "stage"},
	} {
		err := consult.CanRecordReport(tt.c, now, tt.docs, tt.link)
		if got := strings.Join(fieldsOf(err), ","); got != tt.field {
			t.Errorf("%s: refused fields %q, want %q (%v)", tt.name, got, tt.field, err)
		}
	}
}

// The store refuses "reported" without the report and keeps the link;
// SetStage("reported") needs an uploaded report (issue 10, item 6).
func TestRecordReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "report")
		now := time.Now()
		st := storeAt(d, p.ID, now)
		mk := func(title string) consult.Consultation {
			c, err := storeAt(d, p.ID, now.Add(-48*time.Hour)).SaveConsultation(ctx, consult.Consultation{Title: title, Audience: consult.Public,
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
			return c
		}
		linked, uploaded := mk("Care at home"), mk("Day services")
		if err := st.RecordReport(ctx, linked.ID, "", audit.System); strings.Join(fieldsOf(err), ",") != "report-link" {
			t.Errorf("reported with nothing behind it: %v", err)
		}
		if err := st.SetStage(ctx, uploaded.ID, "reported", audit.System); strings.Join(fieldsOf(err), ",") != "report-link" {
			t.Errorf("SetStage reported with nothing behind it: %v", err)
		}
		if c, _ := st.Consultation(ctx, linked.ID); !c.ReportedAt.IsZero() {
			t.Fatal("a refused report was recorded")
		}
		if err := st.RecordReport(ctx, linked.ID, " https://www.glenmorven.example/report ", audit.System); err != nil {
			t.Fatal(err)
		}
		if c, _ := st.Consultation(ctx, linked.ID); c.ReportedAt.IsZero() || c.ReportURL != "https://www.glenmorven.example/report" {
			t.Errorf("recorded report: %v %q", c.ReportedAt, c.ReportURL)
		}
		doc, err := st.AddDocument(ctx, uploaded, consult.Document{Kind: consult.AnalysisReport, Language: "en", Title: "What you told us"},
			files.Upload{Filename: "report.pdf", Content: []byte("%PDF-1.4\n")}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if docs, _ := st.Documents(ctx, uploaded.ID); len(docs) != 1 || docs[0].Kind != consult.AnalysisReport || docs[0].ID != doc.ID {
			t.Errorf("the analysis report reads back as %+v", docs)
		}
		if err := st.SetStage(ctx, uploaded.ID, "reported", audit.System); err != nil {
			t.Fatal(err)
		}
		if c, _ := st.Consultation(ctx, uploaded.ID); c.StatusAt(now) != consult.Reported {
			t.Errorf("status after the report = %s", c.StatusAt(now))
		}
	})
}
