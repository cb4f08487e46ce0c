package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"coplan/internal/analysis"
	"coplan/internal/consult"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
)

// The demo's analysed consultation (issue 13, "Done when"): closed, at
// least 2,000 varied responses, reach with a flagged group, tallies, an
// accepted codebook coded by two people with their agreement, and a
// published report with themes, counts and quotes.
func TestAnalysedConsultation(t *testing.T) {
	d := dbtest.SQLite(t)
	load(t, d)
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, Slug)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := consult.Consultations(ctx, d, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var c consult.Consultation
	for _, x := range cs {
		if x.Title == AnalysedTitle {
			c = x
		}
	}
	now := time.Now()
	if c.ID == 0 || c.StatusAt(now) != consult.Reported {
		t.Fatalf("the analysed consultation is missing or not reported: %+v", c)
	}
	rep, err := analysis.ReportStoreFor(d, p, nil).Published(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	f := rep.Figures
	if f.Responses < 2000 {
		t.Errorf("%d responses, want at least 2,000", f.Responses)
	}
	if flags := f.FlaggedGroups(); !strings.Contains(strings.Join(flags, "; "), "Morven Coast") {
		t.Errorf("reach flags %v, not Morven Coast", flags)
	}
	if len(f.Tallies) != 2 {
		t.Errorf("%d tallies, want 2", len(f.Tallies))
	}
	m := f.Method
	if m.Codes != 8 || m.Coders != 2 || m.DoubleCoded != doubleCoded || !m.HasAgreement || m.MeanKappa < 0.6 || m.MeanKappa > 0.95 {
		t.Errorf("method: %+v", m)
	}
	if len(f.Themes) != 8 {
		t.Fatalf("%d themes, want 8", len(f.Themes))
	}
	total, quoted := 0, 0
	for i, th := range f.Themes {
		total += th.Responses
		quoted += len(rep.Quotes[i])
	}
	if total < 1800 || quoted < 8 {
		t.Errorf("themes count %d responses and quote %d", total, quoted)
	}
	// Varied answers, not copies of one sentence.
	rs, err := consult.Responses(ctx, d, p.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]bool{}
	for _, r := range rs {
		for _, a := range r.Answers {
			if a.Text != "" {
				texts[a.Text] = true
			}
		}
	}
	if len(texts) < 1500 {
		t.Errorf("only %d different answers among %d responses", len(texts), len(rs))
	}
}

// Seed 004's interview quotes are responses coded into the study's three
// themes by two people, in the agreed coding the framework matrix shows.
func TestInterviewsCodedIntoTheStudysThemes(t *testing.T) {
	d := dbtest.SQLite(t)
	load(t, d)
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, Slug)
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := consult.Consultations(ctx, d, p.ID)
	var c consult.Consultation
	for _, x := range cs {
		if x.Title == InterviewsTitle {
			c = x
		}
	}
	if c.ID == 0 {
		t.Fatal("no consultation of interviews")
	}
	st := analysis.StoreFor(d, p, nil)
	codes, err := st.Codes(ctx, c.ID)
	if err != nil || len(codes) != 3 {
		t.Fatalf("codes %v, %v", codes, err)
	}
	agreed, err := st.Agreed(ctx, c.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	per := map[int64]int{}
	for _, k := range agreed {
		per[k.CodeID]++
	}
	for i, code := range codes {
		if per[code.ID] == 0 {
			t.Errorf("theme %d, %q, has no agreed coding", i, code.Name)
		}
	}
	if len(agreed) != len(interviewQuotes) {
		t.Errorf("%d agreed codings of %d quotes (one stays in dispute? it should be left out)", len(agreed), len(interviewQuotes))
	}
}
