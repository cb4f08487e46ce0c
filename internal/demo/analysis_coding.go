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
