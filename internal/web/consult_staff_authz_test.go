package web_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/files"
	"coplan/internal/partnership"
)

// consultStaffAccess says who may use each consultation route (staff):
// planners and scrutiny read, officers change, and anyone may download a
// published consultation's documents.
var consultStaffAccess = map[string]access{
	"GET /staff/partnerships/{slug}/consultations":                                             planners,
	"GET /staff/partnerships/{slug}/consultations/new":                                         editors,
	"POST /staff/partnerships/{slug}/consultations":                                            editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}":                              planners,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/edit":                         editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/edit":                        editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/questions":                    planners,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/questions":                   editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/questions/from-bank":         editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/questions/{question}":         editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/questions/{question}":        editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/questions/{question}/move":   editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/questions/{question}/delete": editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/sections":                    editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/sections/{section}":           editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/sections/{section}":          editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/sections/{section}/delete":   editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/preview":                      planners,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/publish":                     editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/stage":                       editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/documents":                   editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/documents/{document}":         planners,
	"GET /partnerships/{slug}/consultations/{consultation}/documents/{document}":               anyone,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/documents/{document}/remove": editors,
	"GET /staff/partnerships/{slug}/question-bank":                                             planners,
	"POST /staff/partnerships/{slug}/question-bank":                                            editors,
}

// consultationPathValues gives {consultation}, {question}, {section} and
// {document} for partnership p: a published consultation whose questions
// are locked by a response (so an empty form changes nothing), with a
// document. It uses the demo's consultation with responses, or creates
// one.
func consultationPathValues(t *testing.T, d *db.DB, p partnership.Partnership) map[string]string {
	t.Helper()
	ctx := context.Background()
	cs, err := consult.Consultations(ctx, d, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	counts, err := consultStore(d, p.ID).ResponseCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var c consult.Consultation
	for _, x := range cs {
		if counts[x.ID] > 0 && !x.PublishedAt.IsZero() {
			c = x
			break
		}
	}
	if c.ID == 0 {
		now := time.Now()
		c, err = consultStore(d, p.ID).SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: "Authorisation test consultation",
			Audience: consult.Public, OpensAt: now.Add(-time.Hour), ClosesAt: now.AddDate(0, 0, 30)}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		qn, err := consultStore(d, c.PartnershipID).SaveQuestionnaire(ctx, c, consult.Questionnaire{Sections: []consult.Section{{Title: "Questions",
			Questions: []consult.Question{{Code: "Q1", Kind: consult.Scale, Text: "Do you agree?", Options: consult.AgreeScale},
				{Code: "Q2", Kind: consult.Text, Text: "Why?"}}}}}, "", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if err := consultStore(d, p.ID).SetStage(ctx, c.ID, "published", audit.System); err != nil {
			t.Fatal(err)
		}
		if _, err := consultStore(d, c.PartnershipID).EnterResponse(ctx, c, consult.Response{Channel: consult.Paper,
			Respondent: consult.Respondent{Type: consult.Individual, Publish: consult.DoNotPublish, ContactSet: true},
			Answers:    consult.Answers{qn.Questions()[1].ID: {Text: "Because."}}}, "TST", audit.System); err != nil {
			t.Fatal(err)
		}
	}
	docs, err := consultStore(d, c.PartnershipID).Documents(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var doc consult.Document
	if len(docs) > 0 {
		doc = docs[0]
	} else if doc, err = consultStore(d, c.PartnershipID).AddDocument(ctx, c, consult.Document{Kind: consult.DraftDocument, Language: "en"},
		files.Upload{Filename: "draft.txt", Content: []byte("The draft.\n")}, audit.System); err != nil {
		t.Fatal(err)
	}
	qn, err := consultStore(d, c.PartnershipID).CurrentQuestionnaire(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{"{consultation}": strconv.FormatInt(c.ID, 10), "{question}": qn.Questions()[0].Code,
		"{section}": "1", "{document}": strconv.FormatInt(doc.ID, 10)}
}
