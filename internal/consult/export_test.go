package consult_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
)

// exportVersions are two versions of a consultation's questions: Q3 follows
// up Q1 only when Q1 is "yes"; Q2 offers "Other"; version 2 adds Q2b after
// Q2 and rewords Q1.
func exportVersions() (v1, v2 consult.Questionnaire) {
	yesno := []consult.Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}
	travel := []consult.Option{{Value: "bus", Label: "Bus"}, {Value: "car", Label: "Car"}}
	follow := consult.Conditions{Rules: []consult.Rule{{Question: "Q1", Values: []string{"yes"}}}}
	v1 = consult.Questionnaire{ID: 10, Version: 1, Sections: []consult.Section{{Title: "One", Questions: []consult.Question{
		{ID: 101, Code: "Q1", Kind: consult.Single, Text: "Do you use day services?", Options: yesno},
		{ID: 102, Code: "Q2", Kind: consult.Multiple, Text: "How do you travel?", Options: travel, HasOther: true},
		{ID: 103, Code: "Q3", Kind: consult.Text, Text: "What would you change?", Conditions: follow},
	}}}}
	v2 = consult.Questionnaire{ID: 20, Version: 2, Sections: []consult.Section{{Title: "One", Questions: []consult.Question{
		{ID: 201, Code: "Q1", Kind: consult.Single, Text: "Do you use a day centre?", Options: yesno},
		{ID: 202, Code: "Q2", Kind: consult.Multiple, Text: "How do you travel?", Options: travel, HasOther: true},
		{ID: 204, Code: "Q2b", Kind: consult.Scale, Text: "Is travel easy?", Options: consult.AgreeScale},
		{ID: 203, Code: "Q3", Kind: consult.Text, Text: "What would you change?", Conditions: follow},
	}}}}
	return v1, v2
}

func exportResponses() []consult.Response {
	return []consult.Response{
		{ID: 1, QuestionnaireID: 10, Reference: "GLE-AAAA-AAAA", Channel: consult.Paper, Language: "en", Submitted: true,
			Check: consult.Accepted, Respondent: consult.Respondent{Type: consult.Individual, Name: "=HYPERLINK(\"http://evil\")",
				Publish: consult.WithName, ContactSet: true, Relationships: []string{"unpaid-carer", "uses-services"}},
			Answers: consult.Answers{
				101: {QuestionID: 101, Choices: []string{"no"}},
				102: {QuestionID: 102, Choices: []string{"bus", consult.OtherValue}, OtherText: "my neighbour drives me"},
				// An answer to Q3, which Q1 = "no" hides: never exported.
				103: {QuestionID: 103, Text: "left over from changing my mind"},
			}},
		{ID: 2, QuestionnaireID: 20, Reference: "GLE-BBBB-BBBB", Channel: consult.Online, Language: "gd", Submitted: true,
			Check: consult.Redacted, Respondent: consult.Respondent{Type: consult.Individual, Name: "Iain Secret",
				Email: "iain@example.org", Publish: consult.WithoutName, ContactOK: true, ContactSet: true},
			Answers: consult.Answers{
				201: {QuestionID: 201, Choices: []string{"yes"}},
				204: {QuestionID: 204, Choices: []string{"mostly-disagree"}},
				203: {QuestionID: 203, Text: "Dr Smith at the centre is rude"},
			},
			Redactions: consult.Answers{203: {QuestionID: 203, Text: "[name removed] at the centre is rude"}}},
		{ID: 3, QuestionnaireID: 20, Reference: "GLE-CCCC-CCCC", Channel: consult.Event, Submitted: true,
			Check: consult.Withheld, WithholdReason: "defamatory",
			Respondent: consult.Respondent{Type: consult.Organisation, Name: "Glen Carers", Publish: consult.WithName, ContactSet: true},
			Answers:    consult.Answers{201: {QuestionID: 201, Choices: []string{"yes"}}}},
	}
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Error("the CSV file does not start with a byte order mark, so Excel would garble accents")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func column(t *testing.T, rows [][]string, name string) int {
	t.Helper()
	i := slices.Index(rows[0], name)
	if i < 0 {
		t.Fatalf("no column %q in %v", name, rows[0])
	}
	return i
}

// One column per question across versions, follow-ups empty where not
// asked, "Other" kept with its words in its own column, choices as labels
// joined with "; ", and every cell safe from formula injection.
func TestFullExport(t *testing.T) {
	v1, v2 := exportVersions()
	e := consult.NewExport(consult.Consultation{ID: 1, Title: "Day services"}, []consult.Questionnaire{v1, v2}, exportResponses(), nil)
	var buf bytes.Buffer
	if err := e.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	wantHeader := append(slices.Clone(consult.FullHeader), "Q1", "Q2", "Q2 other", "Q2b", "Q3")
	if !slices.Equal(rows[0], wantHeader) {
		t.Fatalf("header %q\nwant   %q", rows[0], wantHeader)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want the header and 3 responses", len(rows))
	}
	for i, r := range rows {
		if len(r) != len(wantHeader) {
			t.Errorf("row %d has %d cells, want %d", i, len(r), len(wantHeader))
		}
	}
	paper, online := rows[1], rows[2]
	cell := func(row []string, col string) string { return row[column(t, rows, col)] }
	if got := cell(paper, "Q2"); got != "Bus; Other" {
		t.Errorf("Q2 = %q, want the labels joined with \"; \", with Other kept", got)
	}
	if got := cell(paper, "Q2 other"); got != "my neighbour drives me" {
		t.Errorf("Q2 other = %q", got)
	}
	if got := cell(paper, "Q3"); got != "" {
		t.Errorf("Q3 was not asked (Q1 is No), but its column holds %q", got)
	}
	if got := cell(paper, "Q2b"); got != "" {
		t.Errorf("version 1 did not ask Q2b, but its column holds %q", got)
	}
	if got := cell(paper, "name"); got != `'=HYPERLINK("http://evil")` {
		t.Errorf("name = %q, want a single quote before the formula", got)
	}
	if got := cell(paper, "relationships"); got != "I am an unpaid carer; I use services" {
		t.Errorf("relationships = %q", got)
	}
	if cell(paper, "questionnaire version") != "1" || cell(online, "questionnaire version") != "2" {
		t.Error("the version each response answered is not in the export")
	}
	if got := cell(online, "Q2b"); got != "Mostly disagree" {
		t.Errorf("a scale answer is %q, want its label", got)
	}
	if got := cell(online, "Q3"); got != "Dr Smith at the centre is rude" {
		t.Errorf("the full export shows %q; it should keep the original words", got)
	}
	if cell(online, "email") != "iain@example.org" || cell(online, "publishing preference") != "Publish response only (without name)" ||
		cell(online, "contact ok") != "Yes" || cell(online, "check status") != "Redacted" || cell(online, "channel") != "Online" {
		t.Errorf("respondent columns: %q", online)
	}

	doc, err := e.FullJSON()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(doc)
	var back struct {
		Questions []struct{ Code string }
		Responses []struct {
			Answers map[string]*struct {
				Choices []string
				Labels  []string
				Other   string
				Text    string
			}
		}
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Questions) != 4 || len(back.Responses) != 3 {
		t.Fatalf("JSON has %d questions and %d responses", len(back.Questions), len(back.Responses))
	}
	a := back.Responses[0].Answers
	if len(a) != 4 {
		t.Errorf("each JSON response should name every question, answered or not: %v", a)
	}
	if a["Q3"] != nil || a["Q2"] == nil || a["Q2"].Other != "my neighbour drives me" || !slices.Equal(a["Q2"].Choices, []string{"bus", "other"}) {
		t.Errorf("JSON answers: Q2 %+v, Q3 %+v", a["Q2"], a["Q3"])
	}
}

// The publishable export has only checked responses whose respondents
// agreed, redacted, with a name only where the preference allows, and no
// personal details.
func TestPublishableExport(t *testing.T) {
	v1, v2 := exportVersions()
	e := consult.NewExport(consult.Consultation{ID: 1}, []consult.Questionnaire{v1, v2}, exportResponses(), nil)
	var buf bytes.Buffer
	if err := e.WritePublishableCSV(&buf); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	rows := readCSV(t, buf.Bytes())
	if want := append(slices.Clone(consult.PublishableHeader), "Q1", "Q2", "Q2 other", "Q2b", "Q3"); !slices.Equal(rows[0], want) {
		t.Errorf("header %q, want %q", rows[0], want)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want the header and the 2 checked responses", len(rows))
	}
	for _, leak := range []string{"Iain Secret", "iain@example.org", "Dr Smith", "GLE-CCCC-CCCC", "Glen Carers", "defamatory"} {
		if strings.Contains(text, leak) {
			t.Errorf("the publishable export shows %q", leak)
		}
	}
	if !strings.Contains(text, "[name removed] at the centre is rude") {
		t.Error("the redacted words are missing")
	}
	if rows[2][1] != "" || rows[1][1] != `'=HYPERLINK("http://evil")` {
		t.Errorf("names: %q, %q", rows[1][1], rows[2][1])
	}
	doc, err := e.PublishableJSON()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(doc)
	for _, leak := range []string{"Iain Secret", "iain@example.org", "Dr Smith", "GLE-CCCC-CCCC", "Glen Carers", "phone", "email"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("the publishable JSON shows %q", leak)
		}
	}
	if len(doc.Responses) != 2 || doc.Responses[1].Answers["Q3"].Text != "[name removed] at the centre is rude" {
		t.Errorf("publishable JSON responses: %+v", doc.Responses)
	}
}

func TestUnionQuestions(t *testing.T) {
	v := func(codes ...string) consult.Questionnaire {
		var qs []consult.Question
		for _, c := range codes {
			qs = append(qs, consult.Question{Code: c, Kind: consult.Text, Text: c})
		}
		return consult.Questionnaire{Sections: []consult.Section{{Questions: qs}}}
	}
	tests := []struct {
		versions []consult.Questionnaire
		want     string
	}{
		{[]consult.Questionnaire{v("Q1", "Q2", "Q3")}, "Q1 Q2 Q3"},
		{[]consult.Questionnaire{v("Q1", "Q2", "Q3"), v("Q1", "Q2", "Q2b", "Q3")}, "Q1 Q2 Q2b Q3"},
		{[]consult.Questionnaire{v("Q1", "Q2", "Q3"), v("Q0", "Q1", "Q3")}, "Q0 Q1 Q2 Q3"},
		{[]consult.Questionnaire{v("Q1", "Q2"), v("Q1"), v("Q1", "Q4")}, "Q1 Q4 Q2"},
	}
	for _, tt := range tests {
		var got []string
		for _, q := range consult.UnionQuestions(tt.versions) {
			got = append(got, q.Code)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("union = %v, want %s", got, tt.want)
		}
	}
}

// testConsultation creates the demo partnership and a published
// consultation with exportVersions' first version of questions.
func testConsultation(t *testing.T, d *db.DB) (partnership.Partnership, consult.Consultation, consult.Questionnaire) {
	t.Helper()
	ctx := context.Background()
	p, err := partnership.Create(ctx, d, demo.Partnership(), audit.System, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	c, err := consultStore(d, p.ID).SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: "Day services",
		Audience: consult.Public, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour)}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	v1, _ := exportVersions()
	qn, err := consultStore(d, c.PartnershipID).SaveQuestionnaire(ctx, c, v1, "", audit.System)
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
	return p, c, qn
}

// The export read from the store covers every version and the time each
// response was submitted.
func TestLoadExport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, c, qn := testConsultation(t, d)
		qs := qn.Questions()
		r := consult.Response{Channel: consult.Paper, Respondent: consult.Respondent{Type: consult.Individual, Name: "Ann",
			Publish: consult.WithName, ContactSet: true, LocalityID: p.Localities[1].ID},
			Answers: consult.Answers{qs[1].ID: {Choices: []string{"car", consult.OtherValue}, OtherText: "taxi"}}}
		if _, err := consultStore(d, c.PartnershipID).EnterResponse(ctx, c, r, "GLE", audit.System); err != nil {
			t.Fatal(err)
		}
		_, v2 := exportVersions()
		v2q, err := consultStore(d, c.PartnershipID).SaveQuestionnaire(ctx, c, v2, "Added a question about ease of travel", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		r2 := consult.Response{Channel: consult.Interview, Respondent: consult.Respondent{Type: consult.Organisation, Name: "Carers",
			Publish: consult.DoNotPublish, ContactSet: true}, Answers: consult.Answers{v2q.Questions()[2].ID: {Choices: []string{"neither"}}}}
		if _, err := consultStore(d, c.PartnershipID).EnterResponse(ctx, c, r2, "GLE", audit.System); err != nil {
			t.Fatal(err)
		}
		locs := map[int64]string{}
		for _, l := range p.Localities {
			locs[l.ID] = l.Name
		}
		e, err := consultStore(d, c.PartnershipID).LoadExport(ctx, c, locs)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := e.WriteCSV(&buf); err != nil {
			t.Fatal(err)
		}
		rows := readCSV(t, buf.Bytes())
		if len(rows) != 3 {
			t.Fatalf("%d rows", len(rows))
		}
		cell := func(row int, col string) string { return rows[row][column(t, rows, col)] }
		if cell(1, "Q2") != "Car; Other" || cell(1, "Q2 other") != "taxi" || cell(1, "locality") != p.Localities[1].Name {
			t.Errorf("first response: %q", rows[1])
		}
		if cell(1, "questionnaire version") != "1" || cell(2, "questionnaire version") != "2" || cell(2, "Q2b") != "Neither agree nor disagree" {
			t.Errorf("second response: %q", rows[2])
		}
		if _, err := time.Parse("2006-01-02 15:04", cell(1, "submitted at")); err != nil {
			t.Errorf("submitted at = %q: %v", cell(1, "submitted at"), err)
		}
		if cell(2, "channel") != "Interview" || cell(2, "check status") != "Not checked yet" {
			t.Errorf("second response: %q", rows[2])
		}
	})
}

// The JSON downloads, written one response at a time, are byte for byte
// the documents encoding/json writes whole: with responses, and with none.
func TestStreamedJSONIsTheDocument(t *testing.T) {
	v1, v2 := exportVersions()
	for _, rs := range [][]consult.Response{exportResponses(), nil} {
		e := consult.NewExport(consult.Consultation{ID: 1, Title: "Day <services> & more"}, []consult.Questionnaire{v1, v2}, rs, nil)
		for name, x := range map[string]struct {
			doc    func() (any, error)
			stream func(*bytes.Buffer) error
		}{
			"full": {func() (any, error) { return e.FullJSON() }, func(b *bytes.Buffer) error { return e.WriteFullJSON(b) }},
			"publishable": {func() (any, error) { return e.PublishableJSON() },
				func(b *bytes.Buffer) error { return e.WritePublishableJSON(b) }},
		} {
			doc, err := x.doc()
			if err != nil {
				t.Fatal(err)
			}
			var whole, streamed bytes.Buffer
			if err := consult.WriteJSON(&whole, doc); err != nil {
				t.Fatal(err)
			}
			if err := x.stream(&streamed); err != nil {
				t.Fatal(err)
			}
			if whole.String() != streamed.String() {
				t.Errorf("%s export of %d responses, streamed:\n%s\nwant:\n%s", name, len(rs), streamed.String(), whole.String())
			}
		}
	}
}
