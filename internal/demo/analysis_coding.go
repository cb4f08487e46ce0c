package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"coplan/internal/analysis"
	"coplan/internal/analysis/sample"
	"coplan/internal/audit"
	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/partnership"
)

// doubleCoded is how many of the analysed consultation's answers both
// coders coded, for their agreement; the first coder codes them all.
const doubleCoded = 400

// codeAnalysed codes the analysed consultation's answers to question q into
// a codebook of the generator's themes (the codebook accepted), by two of
// the demo's staff independently: Euan Fraser codes every answer, Morag
// Campbell the first doubleCoded, each now and then choosing another
// theme than the one the answer was written from (Euan one in twenty,
// Morag one in ten), so their agreement is high but not perfect, and a
// few answers stay in dispute for the reconciliation page.
func codeAnalysed(ctx context.Context, d *db.DB, p partnership.Partnership, c consult.Consultation, q consult.Question,
	rs []consult.Response, themeOf []int, at time.Time) error {
	st := analysis.StoreFor(d, p, func() time.Time { return at })
	var coders []audit.Actor
	for _, email := range []string{"officer@glenmorven.example", "admin@glenmorven.example"} {
		u, err := auth.UserByEmail(ctx, d, email)
		if err != nil {
			return fmt.Errorf("coder %s: %w", email, err)
		}
		coders = append(coders, audit.Actor{UserID: u.ID, Name: u.Name})
	}
	var codes []int64
	for _, th := range sample.Themes() {
		code, err := st.AddCode(ctx, c.ID, 0, th.Label, th.Description, coders[0])
		if err != nil {
			return fmt.Errorf("theme %q: %w", th.Label, err)
		}
		codes = append(codes, code.ID)
	}
	rnd := rand.New(rand.NewPCG(analysedSeed, 2))
	code := func(i int, slip int) []int64 {
		t := themeOf[i]
		if rnd.IntN(slip) == 0 {
			t = rnd.IntN(len(codes))
		}
		return []int64{codes[t]}
	}
	first, second := map[int64][]int64{}, map[int64][]int64{}
	for i, r := range rs {
		first[r.ID] = code(i, 20)
		if i < doubleCoded {
			second[r.ID] = code(i, 10)
		}
	}
	for i, m := range []map[int64][]int64{first, second} {
		if _, err := st.CodeWholeAnswers(ctx, c.ID, q.ID, m, coders[i]); err != nil {
			return fmt.Errorf("%s's coding: %w", coders[i].Name, err)
		}
	}
	return nil
}

// InterviewsTitle is the title of the demo's consultation that holds seed
// 004's interview quotes as responses.
const InterviewsTitle = "What does working together mean to you?"

// interviewThemes are the study's own three themes (seed 004's findings),
// the codebook its quotes are coded into.
var interviewThemes = []struct{ name, description string }{
	{"The meanings of co-production", "What co-production means to the people leading integration: involving people in their own care, co-design, partnership working."},
	{"How co-production can be operationalised", "Putting co-production into practice: local and national pressures, resources, leadership, and the expectation gap."},
	{"How co-production can be sustained", "Keeping co-production going: sustainable resources, culture, trust and the relations between national and local bodies."},
}

// loadInterviews enters seed 004's interview quotes as responses to a
// consultation, as a partnership would enter the notes of interviews,
// and codes them into the study's three themes by two staff, so the
// framework matrix shows them (issue 13, "Done when"). The interviewees
// are named only by the study's codes and are not published by name.
func loadInterviews(ctx context.Context, d *db.DB, p partnership.Partnership, now func() time.Time) (consult.Consultation, error) {
	by := audit.Actor{Name: "Euan Fraser (demo)"}
	today := civil.Day(now())
	closes := onDay(today.AddDays(-70), "23:59")
	before := consult.StoreFor(d, p, func() time.Time { return closes.Add(-60 * 24 * time.Hour) })
	c := consult.Consultation{PartnershipID: p.ID, Title: InterviewsTitle,
		Summary:  "Interviews with people who lead health and social care integration about working together with the people who use services.",
		Body:     "We interviewed leaders of health and social care integration about what working together (co-production) means, how it can be done and how it can be kept going. The answers are the interview extracts of a published study.",
		Audience: consult.Organisations, AudienceNote: "Leaders of health and social care integration", OpensAt: onDay(today.AddDays(-70-56), "09:00"), ClosesAt: closes, Contact: demoContact}
	qn := consult.Questionnaire{Sections: []consult.Section{{Title: "Working together", Questions: []consult.Question{
		{Code: "Q1", Kind: consult.Text, MaxChars: 5000, Text: "What does working together with the people who use services mean to you?"},
	}}}}
	c, qn, err := createConsultation(ctx, before, c, qn, true, nil, by)
	if err != nil {
		return c, err
	}
	q := qn.Questions()[0]
	rs := make([]consult.Response, 0, len(interviewQuotes))
	for _, iq := range interviewQuotes {
		rs = append(rs, consult.Response{Channel: consult.Interview,
			Respondent: consult.Respondent{Type: consult.Individual, Name: "Interviewee " + iq.who, Publish: consult.WithoutName, ContactSet: true},
			Answers:    consult.Answers{q.ID: {QuestionID: q.ID, Text: iq.text}}, Check: consult.Accepted})
	}
	received := consult.StoreFor(d, p, func() time.Time { return closes.Add(-7 * 24 * time.Hour) })
	if rs, err = received.EnterResponses(ctx, c, rs, "GLE", by); err != nil {
		return c, err
	}
	coded := closes.Add(14 * 24 * time.Hour)
	st := analysis.StoreFor(d, p, func() time.Time { return coded })
	var coders []audit.Actor
	for _, email := range []string{"officer@glenmorven.example", "admin@glenmorven.example"} {
		u, err := auth.UserByEmail(ctx, d, email)
		if err != nil {
			return c, err
		}
		coders = append(coders, audit.Actor{UserID: u.ID, Name: u.Name})
	}
	var codes []int64
	for _, th := range interviewThemes {
		code, err := st.AddCode(ctx, c.ID, 0, th.name, th.description, coders[0])
		if err != nil {
			return c, err
		}
		codes = append(codes, code.ID)
	}
	// Both code every quote as the study reported it, except that the
	// second reads the fourth quote (on co-design in localities) as about
	// practice too.
	first, second := map[int64][]int64{}, map[int64][]int64{}
	for i, r := range rs {
		first[r.ID] = []int64{codes[interviewQuotes[i].theme]}
		second[r.ID] = []int64{codes[interviewQuotes[i].theme]}
		if i == 3 {
			second[r.ID] = append(second[r.ID], codes[1])
		}
	}
	for i, m := range []map[int64][]int64{first, second} {
		if _, err := st.CodeWholeAnswers(ctx, c.ID, q.ID, m, coders[i]); err != nil {
			return c, err
		}
	}
	if err := consult.StoreFor(d, p, func() time.Time { return coded }).SetStage(ctx, c.ID, "analysed", by); err != nil {
		return c, err
	}
	return c, nil
}
