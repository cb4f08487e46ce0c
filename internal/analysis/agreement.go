package analysis

import (
	"context"
	"fmt"
	"slices"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/valid"
)

// Kappa is Cohen's kappa for one code between two coders, over the
// answers both coded: the unit is an answer, and each coder either
// applied the code to it (anywhere in it) or did not.
//
//	observed  po = (both + neither) / n
//	expected  pe = pA·pB + (1−pA)(1−pB), where pA = (both + onlyA)/n, pB = (both + onlyB)/n
//	kappa     κ  = (po − pe) / (1 − pe)
//
// Kappa is undefined (Defined false, Value 0) when no answer was coded by
// both (n = 0) or when pe = 1: both coders applied the code to every
// answer, or neither applied it to any, so chance alone explains their
// agreement and the formula would divide by zero.
type Kappa struct {
	Both, OnlyA, OnlyB, Neither int // the 2×2 counts behind it
	Observed, Expected          float64
	Value                       float64
	Defined                     bool
}

// N is the number of answers both coded.
func (k Kappa) N() int { return k.Both + k.OnlyA + k.OnlyB + k.Neither }

// CohensKappa computes Kappa from the 2×2 counts.
func CohensKappa(both, onlyA, onlyB, neither int) Kappa {
	k := Kappa{Both: both, OnlyA: onlyA, OnlyB: onlyB, Neither: neither}
	n := float64(k.N())
	if n == 0 {
		return k
	}
	k.Observed = float64(both+neither) / n
	pa, pb := float64(both+onlyA)/n, float64(both+onlyB)/n
	k.Expected = pa*pb + (1-pa)*(1-pb)
	if k.Expected >= 1 {
		return k
	}
	k.Value, k.Defined = (k.Observed-k.Expected)/(1-k.Expected), true
	return k
}

// Strength is a plain-English reading of kappa, after Landis and Koch
// (1977), the bands most analysts quote; "" when undefined.
func (k Kappa) Strength() string {
	switch {
	case !k.Defined:
		return ""
	case k.Value < 0:
		return "worse than chance"
	case k.Value <= 0.20:
		return "slight"
	case k.Value <= 0.40:
		return "fair"
	case k.Value <= 0.60:
		return "moderate"
	case k.Value <= 0.80:
		return "substantial"
	}
	return "almost perfect"
}

// CodeAgreement is the agreement of two coders on one code.
type CodeAgreement struct {
	Code  Code
	Kappa Kappa
}

// answerKey names one answer: a response's answer to one question.
type answerKey struct{ Response, Question int64 }

// Agreement is Cohen's kappa per code of the consultation's codebook
// between coders a and b, over the answers to question (0 for every
// question) that both marked as coded.
func (s *Store) Agreement(ctx context.Context, consultationID, question, a, b int64) ([]CodeAgreement, int, error) {
	codes, err := s.Codes(ctx, consultationID)
	if err != nil {
		return nil, 0, err
	}
	done, err := s.codedAnswers(ctx, s.db, consultationID, question)
	if err != nil {
		return nil, 0, err
	}
	var shared []answerKey
	for k, coders := range done {
		if slices.Contains(coders, a) && slices.Contains(coders, b) {
			shared = append(shared, k)
		}
	}
	ks, err := s.codings(ctx, s.db, consultationID, CodingFilter{Question: question})
	if err != nil {
		return nil, 0, err
	}
	type applied struct {
		answerKey
		code, coder int64
	}
	has := map[applied]bool{}
	for _, k := range ks {
		has[applied{answerKey{k.ResponseID, k.QuestionID}, k.CodeID, k.CoderID}] = true
	}
	out := make([]CodeAgreement, 0, len(codes))
	for _, c := range codes {
		var both, onlyA, onlyB, neither int
		for _, ans := range shared {
			x, y := has[applied{ans, c.ID, a}], has[applied{ans, c.ID, b}]
			switch {
			case x && y:
				both++
			case x:
				onlyA++
			case y:
				onlyB++
			default:
				neither++
			}
		}
		out = append(out, CodeAgreement{Code: c, Kappa: CohensKappa(both, onlyA, onlyB, neither)})
	}
	return out, len(shared), nil
}

// codedAnswers is who marked each answer to question (0 for all) as coded.
func (s *Store) codedAnswers(ctx context.Context, q db.Querier, consultationID, question int64) (map[answerKey][]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT response_id, question_id, coder_id FROM coded_answers
		WHERE partnership_id = $1 AND consultation_id = $2 AND (question_id = $3 OR $4)`, s.p.ID, consultationID, question, question == 0)
	if err != nil {
		return nil, fmt.Errorf("read coded answers: %w", err)
	}
	defer rows.Close()
	out := map[answerKey][]int64{}
	for rows.Next() {
		var k answerKey
		var coder int64
		if err := rows.Scan(&k.Response, &k.Question, &coder); err != nil {
			return nil, err
		}
		out[k] = append(out[k], coder)
	}
	return out, rows.Err()
}

// Disagreement is one answer the coders coded differently, with the codes
// in dispute (applied by some of its coders, not all) that a lead has not
// yet decided on.
type Disagreement struct {
	ResponseID, QuestionID int64
	Coders                 []int64           // who coded the answer
	ByCoder                map[int64][]int64 // each coder's codes among those in dispute
	Disputed               []int64           // the codes in dispute, in codebook order
}

// judged is the state of the consultation's coding: every coding, who
// coded each answer, and the lead's decisions.
type judged struct {
	codings   []Coding
	coders    map[answerKey][]int64
	decisions map[answerKey]map[int64]bool
}

func (s *Store) judge(ctx context.Context, q db.Querier, consultationID, question int64) (judged, error) {
	var j judged
	var err error
	if j.codings, err = s.codings(ctx, q, consultationID, CodingFilter{Question: question}); err != nil {
		return j, err
	}
	if j.coders, err = s.codedAnswers(ctx, q, consultationID, question); err != nil {
		return j, err
	}
	for _, k := range j.codings {
		key := answerKey{k.ResponseID, k.QuestionID}
		if !slices.Contains(j.coders[key], k.CoderID) {
			j.coders[key] = append(j.coders[key], k.CoderID)
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT response_id, question_id, code_id, accepted FROM coding_decisions
		WHERE partnership_id = $1 AND consultation_id = $2 AND (question_id = $3 OR $4)`, s.p.ID, consultationID, question, question == 0)
	if err != nil {
		return j, fmt.Errorf("read decisions: %w", err)
	}
	defer rows.Close()
	j.decisions = map[answerKey]map[int64]bool{}
	for rows.Next() {
		var k answerKey
		var code int64
		var ok bool
		if err := rows.Scan(&k.Response, &k.Question, &code, &ok); err != nil {
			return j, err
		}
		if j.decisions[k] == nil {
			j.decisions[k] = map[int64]bool{}
		}
		j.decisions[k][code] = ok
	}
	return j, rows.Err()
}

// status says of one code on one answer whether it is agreed, and whether
// it is still in dispute.
func (j judged) status(key answerKey, code int64, appliedBy []int64) (agreed, disputed bool) {
	if ok, decided := j.decisions[key][code]; decided {
		return ok, false
	}
	coders := j.coders[key]
	if len(coders) <= 1 || len(appliedBy) >= len(coders) {
		return true, false // one coder's coding stands; or every coder applied it
	}
	return false, true
}

// Agreed is the agreed coding of the consultation's answers to question (0
// for every question): what the framework matrix, the report and the
// exports use. A code is agreed on an answer when every coder of the answer
// applied it, when only one person coded the answer, or when a lead
// accepted it in reconciling; codes in dispute are left out until then.
// Each agreed code's extracts are all its coders' (the same span once),
// ordered by response, question and where they start.
func (s *Store) Agreed(ctx context.Context, consultationID, question int64) ([]Coding, error) {
	j, err := s.judge(ctx, s.db, consultationID, question)
	if err != nil {
		return nil, err
	}
	type applied struct {
		answerKey
		code int64
	}
	by := map[applied][]int64{}
	for _, k := range j.codings {
		a := applied{answerKey{k.ResponseID, k.QuestionID}, k.CodeID}
		if !slices.Contains(by[a], k.CoderID) {
			by[a] = append(by[a], k.CoderID)
		}
	}
	type span struct {
		applied
		whole      bool
		start, end int
	}
	seen := map[span]bool{}
	var out []Coding
	for _, k := range j.codings {
		a := applied{answerKey{k.ResponseID, k.QuestionID}, k.CodeID}
		if ok, _ := j.status(a.answerKey, a.code, by[a]); !ok {
			continue
		}
		sp := span{a, k.Whole, k.Start, k.End}
		if seen[sp] {
			continue
		}
		seen[sp] = true
		out = append(out, k)
	}
	return out, nil
}

// Disagreements lists the answers to question (0 for all) with codes in
// dispute, by response.
func (s *Store) Disagreements(ctx context.Context, consultationID, question int64) ([]Disagreement, error) {
	codes, err := s.Codes(ctx, consultationID)
	if err != nil {
		return nil, err
	}
	j, err := s.judge(ctx, s.db, consultationID, question)
	if err != nil {
		return nil, err
	}
	return j.disagreements(codes), nil
}

func (j judged) disagreements(codes []Code) []Disagreement {
	applied := map[answerKey]map[int64][]int64{} // answer → code → coders
	for _, k := range j.codings {
		key := answerKey{k.ResponseID, k.QuestionID}
		if applied[key] == nil {
			applied[key] = map[int64][]int64{}
		}
		if !slices.Contains(applied[key][k.CodeID], k.CoderID) {
			applied[key][k.CodeID] = append(applied[key][k.CodeID], k.CoderID)
		}
	}
	var out []Disagreement
	for key, byCode := range applied {
		d := Disagreement{ResponseID: key.Response, QuestionID: key.Question, Coders: slices.Sorted(slices.Values(j.coders[key])),
			ByCoder: map[int64][]int64{}}
		for _, c := range codes {
			coders, ok := byCode[c.ID]
			if !ok {
				continue
			}
			if _, disputed := j.status(key, c.ID, coders); !disputed {
				continue
			}
			d.Disputed = append(d.Disputed, c.ID)
			for _, who := range coders {
				d.ByCoder[who] = append(d.ByCoder[who], c.ID)
			}
		}
		if len(d.Disputed) > 0 {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b Disagreement) int {
		if a.ResponseID != b.ResponseID {
			return int(a.ResponseID - b.ResponseID)
		}
		return int(a.QuestionID - b.QuestionID)
	})
	return out
}

// Decide records a lead's reconciliation of one answer: of the codes in
// dispute, those in accepted go into the agreed coding and the rest stay
// out. A decision can be changed by deciding again.
func (s *Store) Decide(ctx context.Context, consultationID, question, response int64, disputed, accepted []int64, who audit.Actor) error {
	if len(disputed) == 0 {
		return valid.Errors{{Field: "keep", Message: "There is nothing to decide for this answer"}}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		b, err := s.codebook(ctx, tx, consultationID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM codings WHERE partnership_id = $1 AND consultation_id = $2
			AND question_id = $3 AND response_id = $4`, s.p.ID, consultationID, question, response).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return valid.ErrNotFound
		}
		for _, code := range disputed {
			c, err := s.code(ctx, tx, code)
			if err != nil || c.CodebookID != b.ID {
				return valid.ErrNotFound
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM coding_decisions WHERE partnership_id = $1 AND response_id = $2
				AND question_id = $3 AND code_id = $4`, s.p.ID, response, question, code); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO coding_decisions (partnership_id, consultation_id, response_id, question_id,
				code_id, accepted, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				s.p.ID, consultationID, response, question, code, slices.Contains(accepted, code), who.Name, s.now()); err != nil {
				return fmt.Errorf("record decision: %w", err)
			}
		}
		return s.record(ctx, tx, who, "reconcile", response, fmt.Sprintf("Reconciled the coding of response %d, question %d", response, question),
			map[string]any{"disputed": disputed}, map[string]any{"accepted": accepted})
	})
}
