package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"coplan/internal/analysis"
	"coplan/internal/analysis/sample"
	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/partnership"
)

// AnalysedTitle is the title of the demo's analysed consultation.
const AnalysedTitle = "What matters to you about health and social care in Glenmorven?"

// AnalysedResponses is how many responses the analysed consultation has.
const AnalysedResponses = 2000

// analysedSeed seeds the generator of the analysed consultation's
// answers (internal/analysis/sample), so the demo is the same every time.
const analysedSeed = 20261203

// loadAnalysed loads the demo's analysed consultations: the large one
// with its published report (loadAnalysis), and seed 004's interviews
// coded into the study's themes (loadInterviews).
func loadAnalysed(ctx context.Context, d *db.DB, p partnership.Partnership, now civil.Clock) error {
	if _, err := loadAnalysis(ctx, d, p, now); err != nil {
		return err
	}
	if _, err := loadInterviews(ctx, d, p, now); err != nil {
		return fmt.Errorf("interviews: %w", err)
	}
	return nil
}

// loadAnalysis loads the demo's analysed consultation (issue 13, "Done
// when"): closed seven weeks ago with AnalysedResponses responses written
// by the seeded generator of internal/analysis/sample, from every channel
// and locality (Morven Coast, with a tenth of the people, gave few: the
// reach flags it), some checked, withheld or redacted, analysed, with its
// analysis report published.
func loadAnalysis(ctx context.Context, d *db.DB, p partnership.Partnership, now civil.Clock) (consult.Consultation, error) {
	by := audit.Actor{Name: "Euan Fraser (demo)"}
	today := civil.Day(now())
	closes := onDay(today.AddDays(-49), "23:59")
	opens := onDay(today.AddDays(-49-56), "09:00")
	before := consult.StoreFor(d, p, func() time.Time { return opens.Add(-24 * time.Hour) })
	c := consult.Consultation{PartnershipID: p.ID, Title: AnalysedTitle,
		Summary:  "We asked everyone in Glenmorven what matters most to them about health and social care, to shape the next strategic plan.",
		Body:     "The partnership is writing its next strategic plan. We asked what works, what does not, and what matters most to you, online, on paper, by email and at events in every locality.",
		Audience: consult.Public, OpensAt: opens, ClosesAt: closes, Contact: demoContact}
	qn := consult.Questionnaire{Sections: []consult.Section{{Title: "Your views", Questions: []consult.Question{
		{Code: "Q1", Kind: consult.Scale, Options: consult.AgreeScale, Text: "Do you agree that health and social care services in your area meet your needs?"},
		{Code: "Q2", Kind: consult.Single, Text: "Which service have you used most in the last year?",
			Options: []consult.Option{{Value: "gp", Label: "GP practice"}, {Value: "care-at-home", Label: "Care at home"},
				{Value: "mental-health", Label: "Mental health services"}, {Value: "hospital", Label: "Hospital"}, {Value: "none", Label: "None"}}},
		{Code: "Q3", Kind: consult.Text, MaxChars: 2000, Text: "What matters most to you about health and social care in your area?"},
	}}}}
	c, qn, err := createConsultation(ctx, before, c, qn, true, nil, by)
	if err != nil {
		return c, err
	}
	qs := qn.Questions()
	// Locality by postcode district: Kilbrannan (GM1) most, Morven Coast
	// (GM4) few, a share gave no postcode.
	districts := []struct {
		code   string
		weight int
	}{{"GM1", 55}, {"GM2", 17}, {"GM3", 17}, {"GM4", 3}, {"", 8}}
	channels := []struct {
		ch     consult.Channel
		weight int
	}{{consult.Paper, 45}, {consult.Email, 30}, {consult.Event, 25}}
	pick := func(r *rand.Rand, weights ...int) int {
		total := 0
		for _, w := range weights {
			total += w
		}
		n := r.IntN(total)
		for i, w := range weights {
			if n < w {
				return i
			}
			n -= w
		}
		return len(weights) - 1
	}
	gen := sample.New(analysedSeed, sample.Defaults)
	rnd := rand.New(rand.NewPCG(analysedSeed, 1))
	agree := consult.AgreeScale
	used := qs[1].Options
	rs := make([]consult.Response, 0, AnalysedResponses)
	themeOf := make([]int, 0, AnalysedResponses)
	for i := range AnalysedResponses {
		a := gen.Next()
		dw := make([]int, len(districts))
		for j, x := range districts {
			dw[j] = x.weight
		}
		dist := districts[pick(rnd, dw...)].code
		postcode := ""
		if dist != "" {
			postcode = fmt.Sprintf("%s %d%c%c", dist, 1+rnd.IntN(9), 'A'+rune(rnd.IntN(26)), 'A'+rune(rnd.IntN(26)))
		}
		cw := make([]int, len(channels))
		for j, x := range channels {
			cw[j] = x.weight
		}
		publish := []consult.Publish{consult.WithName, consult.WithoutName, consult.DoNotPublish}[pick(rnd, 25, 55, 20)]
		r := consult.Response{Channel: channels[pick(rnd, cw...)].ch, Language: a.Language,
			Respondent: consult.Respondent{Type: consult.Individual, Name: demoName(i), Postcode: postcode, Publish: publish, ContactSet: true},
			Answers: consult.Answers{
				qs[0].ID: {QuestionID: qs[0].ID, Choices: []string{agree[pick(rnd, 10, 25, 20, 28, 17)].Value}},
				qs[1].ID: {QuestionID: qs[1].ID, Choices: []string{used[pick(rnd, 40, 15, 10, 25, 10)].Value}},
				qs[2].ID: {QuestionID: qs[2].ID, Text: a.Text},
			}}
		r.Check = consult.Accepted // checked as it was keyed in (consult.EnterResponses)
		rs = append(rs, r)
		themeOf = append(themeOf, a.Theme)
	}
	received := consult.StoreFor(d, p, func() time.Time { return closes.Add(-10 * 24 * time.Hour) })
	rs, err = received.EnterResponses(ctx, c, rs, "GLE", by)
	if err != nil {
		return c, fmt.Errorf("responses: %w", err)
	}
	// Checking: every response was checked as it was keyed in and
	// accepted, but for a few of each theme withheld or redacted after a
	// second look.
	checker := consult.StoreFor(d, p, func() time.Time { return closes.Add(3 * 24 * time.Hour) })
	seen := map[int]int{}
	for i, r := range rs {
		seen[themeOf[i]]++
		var status consult.CheckStatus
		reason := ""
		var redactions consult.Answers
		switch seen[themeOf[i]] {
		case 5, 40:
			status, reason = consult.Withheld, "It names a member of staff."
		case 9, 60:
			status = consult.Redacted
			text := r.Answers[qs[2].ID].Text
			redactions = consult.Answers{qs[2].ID: {QuestionID: qs[2].ID, Text: strings.SplitN(text, ".", 2)[0] + ". [Redacted: a personal detail]"}}
		default:
			continue
		}
		if err := checker.SetCheck(ctx, c, r.ID, status, reason, redactions, by); err != nil {
			return c, fmt.Errorf("check response %s: %w", r.Reference, err)
		}
	}
	analysed := consult.StoreFor(d, p, func() time.Time { return closes.Add(21 * 24 * time.Hour) })
	if err := analysed.SetStage(ctx, c.ID, "analysed", by); err != nil {
		return c, err
	}
	if err := codeAnalysed(ctx, d, p, c, qs[2], rs, themeOf, closes.Add(14*24*time.Hour)); err != nil {
		return c, fmt.Errorf("coding: %w", err)
	}
	rep := analysis.ReportStoreFor(d, p, func() time.Time { return closes.Add(28 * 24 * time.Hour) })
	if _, err := rep.Publish(ctx, c.ID, "The Strategic Planning Group will discuss this report at its next meeting. "+
		"The themes will shape the first draft of the strategic plan, which we will publish for consultation in the spring, "+
		"saying what we changed because of what you told us.", by); err != nil {
		return c, fmt.Errorf("publish the analysis report: %w", err)
	}
	return c, nil
}

// demoName is a made-up name for the demo's i'th respondent.
func demoName(i int) string {
	first := []string{"Morag", "Calum", "Eilidh", "Ruaridh", "Catriona", "Iain", "Kirsty", "Duncan", "Fiona", "Alasdair", "Mairi", "Ewan", "Shona", "Lachlan", "Isla", "Hamish"}
	last := []string{"MacLeod", "Campbell", "MacDonald", "Stewart", "Fraser", "MacKenzie", "Ross", "Munro", "Grant", "Cameron", "MacLean", "Robertson", "Morrison", "Sinclair"}
	return first[i%len(first)] + " " + last[(i/len(first))%len(last)]
}
