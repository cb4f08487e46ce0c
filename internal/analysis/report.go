package analysis

import (
	"cmp"
	"slices"
	"time"

	"coplan/internal/consult"
)

// The analysis report (issue 13, item 9) is the public account of a
// consultation's analysis: how the answers were coded, who responded,
// the tallies of the closed questions, the themes with their counts and a
// few publishable quotes, and what happens next. Its figures count every
// submitted response, whatever its publishing preference (item 7); its
// quotes come only from responses that may be published, as they may be
// published, and are checked again each time the report is shown.

// QuotesPerTheme is how many quotes a theme of the report shows at most.
const QuotesPerTheme = 3

// ReportFigures are the numbers of an analysis report: what publishing
// stores, and what stays as published.
type ReportFigures struct {
	Responses int           `json:"responses"`      // every submitted response counted (late ones apart)
	Late      int           `json:"late_responses"` // entered after closing, not counted in the figures
	Method    Method        `json:"method"`
	Reach     consult.Reach `json:"reach"`
	Tallies   []Tally       `json:"tallies"`
	Themes    []ReportTheme `json:"themes"`
}

// Method is how the written answers were analysed, for the report's
// "How we analysed the responses".
type Method struct {
	Codebook     string     `json:"codebook"`      // the codebook's name, "" when none was accepted
	Codes        int        `json:"codes"`         // themes in it
	Answers      int        `json:"answers_coded"` // written answers coded at least once
	Coders       int        `json:"coders"`        // analysts who coded independently
	DoubleCoded  int        `json:"double_coded"`  // answers coded by two analysts
	Agreement    []CodeStat `json:"agreement,omitempty"`
	MeanKappa    float64    `json:"mean_kappa"`    // the mean of the codes' kappas, 0 when none
	HasAgreement bool       `json:"has_agreement"` // two analysts coded the same answers
}

// CodeStat is one code's agreement between the two analysts: Cohen's
// kappa with the counts behind it.
type CodeStat struct {
	Code     string  `json:"code"`
	Kappa    float64 `json:"kappa"`
	Both     int     `json:"both"`    // both analysts applied it
	OnlyA    int     `json:"only_a"`  // the first analyst alone
	OnlyB    int     `json:"only_b"`  // the second analyst alone
	Neither  int     `json:"neither"` // neither
	Answered int     `json:"answers"` // answers both coded
}

// Tally is a closed question's answers counted over every submitted
// response, as the report shows them.
type Tally struct {
	Code      string      `json:"code"`
	Question  string      `json:"question"`
	Responses int         `json:"responses"`
	Multiple  bool        `json:"multiple"` // several answers each: rows add up to more than the responses
	Rows      []TallyLine `json:"answers"`
}

// TallyLine is one answer of a Tally.
type TallyLine struct {
	Label string `json:"label"`
	N     int    `json:"responses"`
	Blank bool   `json:"no_answer,omitempty"`
}

// ReportTheme is a theme of the accepted codebook with how many responses
// were coded to it and, as published, the references of its quotes (never
// their words: those are read and checked each time the report is shown).
type ReportTheme struct {
	Name        string     `json:"name"`
	Description string     `json:"description,omitempty"`
	Depth       int        `json:"depth,omitempty"` // 0 for a theme, 1 for a theme within it, ...
	Responses   int        `json:"responses"`
	QuoteRefs   []QuoteRef `json:"-"`
}

// QuoteRef points to a coded extract: the answer of a response to a
// question, the whole answer or the extract at Start and End (characters,
// as Coding has them). The words are not kept: they are read from the
// answer, and checked, each time the report is shown.
type QuoteRef struct {
	ResponseID int64 `json:"response_id"`
	QuestionID int64 `json:"question_id"`
	Whole      bool  `json:"whole"`
	Start      int   `json:"start"`
	End        int   `json:"end"`
}

// ThemeCount is what the report is built from for one theme: the theme,
// the responses coded to it, and its coded extracts in the order they
// would be quoted.
type ThemeCount struct {
	Name, Description string
	Depth             int
	Responses         int
	Extracts          []QuoteRef
}

// TalliesForReport turns the consultation room's cross-tabs (overall) into
// the report's tallies.
func TalliesForReport(tabs []consult.Crosstab) []Tally {
	out := make([]Tally, 0, len(tabs))
	for _, t := range tabs {
		x := Tally{Code: t.Question.Code, Question: t.Question.Text, Responses: t.Responses, Multiple: t.Multiple}
		for _, r := range t.Rows {
			x.Rows = append(x.Rows, TallyLine{Label: r.Label, N: r.N, Blank: r.Blank})
		}
		out = append(out, x)
	}
	return out
}

// ChooseQuotes picks at most QuotesPerTheme of a theme's extracts for
// publication: only those quotable now (quotable says, as the room's one
// quoting rule decides), one per response, the longer first so that a
// quote says something, then by response for a stable order. Their words
// are not kept: only the references.
func ChooseQuotes(extracts []QuoteRef, quotable func(QuoteRef) (Quote, bool)) []QuoteRef {
	type cand struct {
		ref QuoteRef
		n   int
	}
	var cs []cand
	seen := map[int64]bool{}
	for _, e := range extracts {
		if seen[e.ResponseID] {
			continue
		}
		q, ok := quotable(e)
		if !ok {
			continue
		}
		seen[e.ResponseID] = true
		n := len(q.Text)
		if n > 400 { // a long answer is not better for being longer
			n = 400
		}
		cs = append(cs, cand{e, n})
	}
	slices.SortStableFunc(cs, func(a, b cand) int {
		return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.ref.ResponseID, b.ref.ResponseID))
	})
	var out []QuoteRef
	for _, c := range cs[:min(len(cs), QuotesPerTheme)] {
		out = append(out, c.ref)
	}
	return out
}

// TextAnswerOf is response r's answer to a question as the quoting rule
// reads it (consult.TextAnswer), with its redaction if any.
func TextAnswerOf(r consult.Response, questionID int64) consult.TextAnswer {
	a := consult.TextAnswer{ResponseID: r.ID, QuestionID: questionID, Reference: r.Reference, Text: r.Answers[questionID].Text,
		Language: r.Language, Channel: r.Channel, Respondent: r.Respondent, Check: r.Check}
	if red, ok := r.Redactions[questionID]; ok {
		a.Redacted, a.Redaction = true, red.Text
	}
	return a
}

// PublishableQuote is the quote ref gives from response r, or false: it
// goes through the room's one quoting rule (QuoteOf, over Quotable), so a
// response that may not be published gives none, a redacted one only
// what stands in its redacted text, and a name only where allowed.
func PublishableQuote(r consult.Response, ref QuoteRef) (Quote, bool) {
	if r.ID != ref.ResponseID {
		return Quote{}, false
	}
	a := TextAnswerOf(r, ref.QuestionID)
	k := Coding{ResponseID: r.ID, QuestionID: ref.QuestionID, Whole: ref.Whole, Start: ref.Start, End: ref.End}
	if !ref.Whole {
		if ref.Start < 0 || ref.End > runeLen(a.Text) || ref.Start >= ref.End {
			return Quote{}, false
		}
		k.Extract = runeSlice(a.Text, ref.Start, ref.End)
	}
	return QuoteOf(a, k)
}

// Report is an analysis report: a published version, or a preview of the
// next one.
type Report struct {
	Consultation consult.Consultation
	Version      int // 0 for a preview
	PublishedAt  time.Time
	PublishedBy  string
	NextSteps    string
	Figures      ReportFigures
	// Quotes are each theme's quotes as they may be published now, by
	// the index of the theme in Figures.Themes.
	Quotes [][]Quote
}

// Published says whether r is a published version.
func (r Report) Published() bool { return r.Version > 0 }

// ReportVersion is one published version of a report, for the list of
// corrections.
type ReportVersion struct {
	Version     int
	PublishedAt time.Time
}

// FlaggedGroups lists the reach's flagged groups, "dimension: group".
func (f ReportFigures) FlaggedGroups() []string { return f.Reach.Flags() }

// ReportData is the open data of a published report (GET
// /api/v1/partnerships/{slug}/consultations/{id}/analysis).
type ReportData struct {
	Partnership  string        `json:"partnership"`
	Consultation int64         `json:"consultation"`
	Title        string        `json:"title"`
	Version      int           `json:"version"`
	PublishedAt  time.Time     `json:"published_at"`
	Report       string        `json:"report"` // the report's public address
	Responses    int           `json:"responses"`
	Late         int           `json:"late_responses"`
	Method       Method        `json:"method"`
	Reach        consult.Reach `json:"reach"`
	Tallies      []Tally       `json:"tallies"`
	Themes       []ThemeData   `json:"themes"`
	NextSteps    string        `json:"next_steps"`
}

// ThemeData is a theme of the open data, with its quotes as they may be
// published now.
type ThemeData struct {
	Name        string      `json:"name"`
	Description string      `json:"description,omitempty"`
	Depth       int         `json:"depth"`
	Responses   int         `json:"responses"`
	Quotes      []QuoteData `json:"quotes"`
}

// QuoteData is a quote of the open data.
type QuoteData struct {
	Text      string `json:"text"`
	Name      string `json:"name,omitempty"` // only where the respondent allowed it
	Reference string `json:"reference"`
}

// ReportJSON is r as open data.
func ReportJSON(slug string, r Report) ReportData {
	d := ReportData{Partnership: slug, Consultation: r.Consultation.ID, Title: r.Consultation.Title, Version: r.Version,
		PublishedAt: r.PublishedAt, Report: ReportAddress(slug, r.Consultation.ID), Responses: r.Figures.Responses, Late: r.Figures.Late,
		Method: r.Figures.Method, Reach: r.Figures.Reach, Tallies: r.Figures.Tallies, Themes: []ThemeData{}, NextSteps: r.NextSteps}
	if d.Tallies == nil {
		d.Tallies = []Tally{}
	}
	for i, t := range r.Figures.Themes {
		td := ThemeData{Name: t.Name, Description: t.Description, Depth: t.Depth, Responses: t.Responses, Quotes: []QuoteData{}}
		if i < len(r.Quotes) {
			for _, q := range r.Quotes[i] {
				td.Quotes = append(td.Quotes, QuoteData{Text: q.Text, Name: q.Name, Reference: q.Reference})
			}
		}
		d.Themes = append(d.Themes, td)
	}
	return d
}
