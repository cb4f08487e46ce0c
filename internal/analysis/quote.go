package analysis

import (
	"strings"

	"coplan/internal/consult"
)

// Quotable is an answer's text as it may be quoted on a public surface
// (the analysis report, its PDF, the open data), and false when it may not
// be: every quote goes through here. It applies consult.Publishable: the
// response must be submitted and checked (accepted or redacted, never
// unchecked or withheld) and its respondent must have allowed publication;
// a redacted answer is quoted as redacted. Since it reads the state the
// answer is in now, a response later withheld or redacted leaves every
// output built again from it. Counting is not limited by this: every
// submitted answer is counted.
func Quotable(a consult.TextAnswer) (text string, ok bool) {
	pr, ok := consult.Publishable(a.Response())
	if !ok {
		return "", false
	}
	text = strings.TrimSpace(pr.Answers[a.QuestionID].Text)
	return text, text != ""
}

// Quote is a quotable passage with how it may be attributed.
type Quote struct {
	Text      string
	Name      string // the respondent's name where they allowed it (or an organisation's), "" for anonymous
	Reference string // the response's reference
}

// QuoteOf is the quote a coding gives: the whole answer, or its extract.
// An extract is quotable only when the answer is (Quotable) and the extract
// still stands in the text that may be published: an extract that a
// redaction cut into is not quoted.
func QuoteOf(a consult.TextAnswer, k Coding) (Quote, bool) {
	text, ok := Quotable(a)
	if !ok {
		return Quote{}, false
	}
	pr, _ := consult.Publishable(a.Response())
	q := Quote{Text: text, Name: pr.Name, Reference: pr.Reference}
	if k.Whole {
		return q, true
	}
	ex := strings.TrimSpace(k.Extract)
	if ex == "" {
		return Quote{}, false
	}
	if _, _, found, ok := Locate(text, ex, -1, -1); ok {
		q.Text = found
		return q, true
	}
	return Quote{}, false
}
