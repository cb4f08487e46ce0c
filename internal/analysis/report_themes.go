package analysis

import (
	"context"

	"coplan/internal/consult"
)

// themesForReport reads consultation cid's codebook with, for each code,
// the responses the agreed coding (Agreed) puts under it and their coded
// extracts, in codebook order; and how the coding was done (Method): the
// codebook, the answers coded, and the agreement of the first two coders
// of each free-text question.
func themesForReport(ctx context.Context, st *Store, cid int64) ([]ThemeCount, Method, error) {
	var m Method
	codes, err := st.Codes(ctx, cid)
	if err != nil || len(codes) == 0 {
		return nil, m, err
	}
	book, err := st.Codebook(ctx, cid)
	if err != nil {
		return nil, m, err
	}
	m.Codebook, m.Codes = book.Name, len(codes)
	agreed, err := st.Agreed(ctx, cid, 0)
	if err != nil {
		return nil, m, err
	}
	type answer struct{ r, q int64 }
	answers := map[answer]bool{}
	byCode := map[int64][]Coding{}
	for _, k := range agreed {
		answers[answer{k.ResponseID, k.QuestionID}] = true
		byCode[k.CodeID] = append(byCode[k.CodeID], k)
	}
	m.Answers = len(answers)
	var out []ThemeCount
	for _, c := range Tree(codes) {
		t := ThemeCount{Name: c.Name, Description: c.Description, Depth: c.Depth}
		seen := map[int64]bool{}
		for _, k := range byCode[c.ID] {
			if !seen[k.ResponseID] {
				seen[k.ResponseID] = true
				t.Responses++
			}
			t.Extracts = append(t.Extracts, QuoteRef{ResponseID: k.ResponseID, QuestionID: k.QuestionID, Whole: k.Whole, Start: k.Start, End: k.End})
		}
		out = append(out, t)
	}
	// Agreement: the first two coders of each free-text question, over
	// the answers both coded, summed per code across the questions.
	qs, err := consult.TextQuestions(ctx, st.db, st.p.ID, cid)
	if err != nil {
		return nil, m, err
	}
	sum := map[int64]*CodeStat{}
	var order []int64
	for _, q := range qs {
		coders, err := st.Coders(ctx, cid, q.ID)
		if err != nil {
			return nil, m, err
		}
		m.Coders = max(m.Coders, len(coders))
		if len(coders) < 2 {
			continue
		}
		ags, shared, err := st.Agreement(ctx, cid, q.ID, coders[0].ID, coders[1].ID)
		if err != nil {
			return nil, m, err
		}
		m.DoubleCoded += shared
		for _, a := range ags {
			cs, ok := sum[a.Code.ID]
			if !ok {
				cs = &CodeStat{Code: a.Code.Name}
				sum[a.Code.ID] = cs
				order = append(order, a.Code.ID)
			}
			cs.Both += a.Kappa.Both
			cs.OnlyA += a.Kappa.OnlyA
			cs.OnlyB += a.Kappa.OnlyB
			cs.Neither += a.Kappa.Neither
		}
	}
	var total float64
	for _, id := range order {
		cs := sum[id]
		k := CohensKappa(cs.Both, cs.OnlyA, cs.OnlyB, cs.Neither)
		if !k.Defined {
			continue
		}
		cs.Kappa, cs.Answered = k.Value, k.N()
		m.Agreement = append(m.Agreement, *cs)
		total += k.Value
	}
	if len(m.Agreement) > 0 {
		m.HasAgreement, m.MeanKappa = true, total/float64(len(m.Agreement))
	}
	return out, m, nil
}
