package analysis_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"coplan/internal/analysis"
	"coplan/internal/analysis/sample"
	"coplan/internal/consult"
)

// No words of a response that may not be published, and no words a
// redaction removed, ever reach the report's quotes or its open data
// (issue 13, "Done when"): generated answers with random publishing
// preferences, checks, redactions and withholdings, coded to themes, each
// carrying a marker that would show where it leaked; the report's quotes
// are chosen at publishing, and then responses are withheld or redacted
// after publishing, as happens in life, and the quotes read again.
func TestNoUnpublishableWordsInTheReport(t *testing.T) {
	const qid = 7
	for seed := uint64(1); seed <= 40; seed++ {
		rnd := rand.New(rand.NewPCG(seed, 99))
		gen := sample.New(seed, sample.Defaults)
		byID := map[int64]consult.Response{}
		var extracts []analysis.QuoteRef
		for id := int64(1); id <= 60; id++ {
			secret := fmt.Sprintf("SECRET%dx%dz", seed, id)
			text := gen.Next().Text + " " + secret + " " + gen.Next().Text
			r := consult.Response{ID: id, Submitted: true, Reference: fmt.Sprintf("R%d", id),
				Respondent: consult.Respondent{Type: consult.Individual, Name: fmt.Sprintf("NAME%dy%dz", seed, id),
					Publish: []consult.Publish{consult.WithName, consult.WithoutName, consult.DoNotPublish}[rnd.IntN(3)]},
				Check:   []consult.CheckStatus{consult.Unchecked, consult.Accepted, consult.Redacted, consult.Withheld}[rnd.IntN(4)],
				Answers: consult.Answers{qid: {QuestionID: qid, Text: text}}}
			if r.Check == consult.Redacted {
				r.Redactions = consult.Answers{qid: {QuestionID: qid, Text: strings.ReplaceAll(text, secret, "[redacted]")}}
			}
			byID[id] = r
			// Whole answers and extracts, some around the secret.
			runes := []rune(text)
			at := len([]rune(text[:strings.Index(text, secret)])) // where the secret starts, in characters
			switch rnd.IntN(3) {
			case 0:
				extracts = append(extracts, analysis.QuoteRef{ResponseID: id, QuestionID: qid, Whole: true})
			case 1:
				extracts = append(extracts, analysis.QuoteRef{ResponseID: id, QuestionID: qid, Start: max(0, at-10), End: min(len(runes), at+len(secret)+5)})
			default:
				extracts = append(extracts, analysis.QuoteRef{ResponseID: id, QuestionID: qid, Start: 0, End: at})
			}
		}
		quotable := func(ref analysis.QuoteRef) (analysis.Quote, bool) {
			return analysis.PublishableQuote(byID[ref.ResponseID], ref)
		}
		// Every extract in one theme and in thirds, as a report would
		// have, so that many quotes are chosen.
		rep := analysis.Report{Consultation: consult.Consultation{ID: 1, Title: "Care at home"}, Version: 1}
		for k := 0; k < 20; k++ {
			part := extracts[k*3 : k*3+3]
			rep.Figures.Themes = append(rep.Figures.Themes, analysis.ReportTheme{Name: fmt.Sprintf("Theme %d", k), Responses: len(part),
				QuoteRefs: analysis.ChooseQuotes(part, quotable)})
		}
		check := func(when string) {
			t.Helper()
			rep.Quotes = make([][]analysis.Quote, len(rep.Figures.Themes))
			for i, th := range rep.Figures.Themes {
				for _, ref := range th.QuoteRefs {
					if q, ok := quotable(ref); ok {
						rep.Quotes[i] = append(rep.Quotes[i], q)
					}
				}
			}
			out, err := json.Marshal(analysis.ReportJSON("glenmorven", rep))
			if err != nil {
				t.Fatal(err)
			}
			page := string(out)
			quoted := 0
			for id, r := range byID {
				secret := fmt.Sprintf("SECRET%dx%dz", seed, id)
				_, ok := consult.Publishable(r)
				if (!ok || r.Check == consult.Redacted) && strings.Contains(page, secret) {
					t.Errorf("seed %d, %s: the words of response %d (%s, %s) are in the report", seed, when, id, r.Check, r.Respondent.Publish)
				}
				named := ok && r.Respondent.Publish == consult.WithName
				if !named && strings.Contains(page, r.Respondent.Name) {
					t.Errorf("seed %d, %s: the name of response %d (%s, %s) is in the report", seed, when, id, r.Check, r.Respondent.Publish)
				}
				if ok && strings.Contains(page, r.Answers[qid].Text[:20]) {
					quoted++
				}
			}
			if when == "at publishing" && quoted == 0 {
				t.Errorf("seed %d: nothing was quoted, so the test shows nothing", seed)
			}
		}
		check("at publishing")
		// After publishing: some responses withheld, some redacted, some
		// change their minds.
		for id, r := range byID {
			switch rnd.IntN(4) {
			case 0:
				r.Check = consult.Withheld
			case 1:
				r.Check = consult.Redacted
				r.Redactions = consult.Answers{qid: {QuestionID: qid, Text: "[redacted]"}}
			case 2:
				r.Respondent.Publish = consult.DoNotPublish
			}
			byID[id] = r
		}
		check("after withholding and redacting")
	}
}
