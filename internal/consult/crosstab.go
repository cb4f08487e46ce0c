package consult

import (
	"context"
	"errors"
	"fmt"

	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// Crosstab is a closed question's answers counted over a consultation's
// submitted responses: overall, and by the groups of a reach dimension
// when one was chosen. Blanks are a row of their own ("No answer"): a
// response that did not answer, was not shown the question, or answered
// a version of the questions that did not ask it.
type Crosstab struct {
	Question  Question
	Responses int  // the responses counted: every row's percentage is of these
	Multiple  bool // several answers each, so the rows add up to more than the responses
	// Dimension is the key of the dimension of the columns ("" for the
	// overall count alone), DimensionName its name, Columns its groups
	// with N the responses in each (whatever they answered).
	Dimension     string
	DimensionName string
	Columns       []Group
	Rows          []TallyRow
}

// TallyRow is one answer of a Crosstab: how many responses gave it,
// overall and in each column.
type TallyRow struct {
	Value    string
	Label    string
	Blank    bool // the "No answer" row
	N        int
	ByColumn []int // in the order of Crosstab.Columns
}

// Percent is n as a percentage of of, rounded to a whole number for a
// page ("–" where there is nothing to divide by).
func Percent(n, of int) string {
	if of <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", 100*Share(n, of))
}

// TallyOptions choose what Tallies counts.
type TallyOptions struct {
	// Dimension is the key of the reach dimension to cross every question
	// with (ByType, ByLocality, AnswerDimension("EQ1"), ...), "" for none.
	Dimension string
	// IncludeLate counts the responses entered after closing with the
	// rest.
	IncludeLate bool
}

// ErrNoDimension means a cross-tab was asked by a dimension the
// consultation does not have.
var ErrNoDimension = errors.New("no such way of grouping the responses")

// Dimensions lists the keys and names of the reach dimensions a
// consultation's responses can be grouped by, in order.
func Dimensions(p partnership.Partnership, qn Questionnaire) []Breakdown {
	var out []Breakdown
	for _, d := range reachDimensions(p, nil, qn) {
		out = append(out, Breakdown{Key: d.key, Name: d.name, Multiple: d.multiple, Flagged: d.flagged})
	}
	return out
}

// ClosedQuestions lists the questions of qn that have answers to choose
// from (every kind but free text), in order.
func ClosedQuestions(qn Questionnaire) []Question {
	var out []Question
	for _, q := range qn.Questions() {
		if q.Kind != Text {
			out = append(out, q)
		}
	}
	return out
}

// TalliesOf counts the answers to every closed question of partnership
// p's consultation (as its current questions ask them, matched by code in
// every version), overall and by opt.Dimension, for another room reading
// inside its own transaction. Each question is one grouped query: the
// database reads the responses and Go reads one row per combination of
// answers, so it costs the same at 10 responses or 100,000 and never
// loads a response. Every submitted response is counted, whatever its
// publishing preference: the preference limits what is published, not
// what is analysed.
func TalliesOf(ctx context.Context, q db.Querier, p partnership.Partnership, consultationID int64, opt TallyOptions) ([]Crosstab, error) {
	qn, err := currentQuestionnaire(ctx, q, p.ID, consultationID)
	if errors.Is(err, valid.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var dim *dimension
	if opt.Dimension != "" {
		var populations map[int64]int64
		if opt.Dimension == ByLocality {
			if populations, err = partnership.Populations(ctx, q, p.ID); err != nil {
				return nil, err
			}
		}
		for _, d := range reachDimensions(p, populations, qn) {
			if d.key == opt.Dimension {
				dim = &d
				break
			}
		}
		if dim == nil {
			return nil, fmt.Errorf("%w: %q", ErrNoDimension, opt.Dimension)
		}
	}
	var out []Crosstab
	for _, question := range ClosedQuestions(qn) {
		qd := answerDimension(question, false)
		dims := []*dimension{&qd}
		if dim != nil {
			dims = append(dims, dim)
		}
		rows, err := countResponses(ctx, q, p.ID, consultationID, opt.IncludeLate, dims...)
		if err != nil {
			return nil, err
		}
		out = append(out, crosstabOf(question, qd, dim, rows))
	}
	return out, nil
}

// crosstabOf lays out the grouped counts of question's answers (a) by
// dimension dim's values (b) as a Crosstab. A grouped row is a set of
// responses with the same answers and the same values of dim: each of its
// answers counts it once, overall and in each of its columns.
func crosstabOf(question Question, qd dimension, dim *dimension, rows []responseCount) Crosstab {
	ct := Crosstab{Question: question, Multiple: question.Kind == Multiple}
	overall := map[string]int{}
	columns := map[string]int{}
	cells := map[[2]string]int{}
	for _, r := range rows {
		ct.Responses += r.n
		answers := split(r.values[0], qd.sep)
		for _, a := range answers {
			overall[a] += r.n
		}
		if dim == nil {
			continue
		}
		for _, b := range split(r.values[1], dim.sep) {
			columns[b] += r.n
			for _, a := range answers {
				cells[[2]string{a, b}] += r.n
			}
		}
	}
	if dim != nil {
		ct.Dimension, ct.DimensionName = dim.key, dim.name
		ct.Columns = groupsOf(*dim, columns)
	}
	for _, g := range groupsOf(qd, overall) {
		row := TallyRow{Value: g.Value, Label: g.Label, Blank: g.Blank, N: g.N}
		for _, c := range ct.Columns {
			row.ByColumn = append(row.ByColumn, cells[[2]string{g.Value, c.Value}])
		}
		ct.Rows = append(ct.Rows, row)
	}
	return ct
}

// Tallies counts the answers to every closed question of a consultation
// (TalliesOf).
func (s *Store) Tallies(ctx context.Context, consultationID int64, opt TallyOptions) ([]Crosstab, error) {
	return TalliesOf(ctx, s.db, s.p, consultationID, opt)
}

// Reach counts who responded to a consultation (ReachOf).
func (s *Store) Reach(ctx context.Context, consultationID int64, includeLate bool) (Reach, error) {
	return ReachOf(ctx, s.db, s.p, consultationID, ReachOptions{IncludeLate: includeLate})
}
