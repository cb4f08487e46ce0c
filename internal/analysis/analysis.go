// Package analysis is the analysis room: qualitative coding of a
// consultation's free-text answers (issue 13, items 4, 6 and 7). A
// codebook of nested codes (themes); codings of a whole answer or an
// extract by each coder, independently; agreement between two coders
// (Cohen's kappa per code) and the lead's reconciliation into the agreed
// coding that the framework matrix, the report and the exports use; memos;
// and the one rule for quoting an answer on a public surface (Quotable).
//
// Counting includes every submitted response (the publishing preference
// limits publication, not analysis); quoting goes through Quotable.
package analysis

import (
	"time"
	"unicode/utf8"
)

// Codebook is a set of codes a consultation is coded with. It was made for
// one consultation (ConsultationID) and may be used by others of the same
// partnership (UseCodebook).
type Codebook struct {
	ID             int64
	ConsultationID int64 // the consultation it was made for; 0 for the partnership's own
	Name           string
	Description    string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Code is one theme of a codebook, nested under its parent (0 for a
// top-level code).
type Code struct {
	ID          int64
	CodebookID  int64
	ParentID    int64
	Name        string
	Description string
	Position    int // among its siblings, from 1
	Depth       int // 0 for a top-level code, as Codes lists them
}

// Coding is one code applied by one coder to an answer (a response's
// answer to one free-text question): the whole answer, or an extract.
type Coding struct {
	ID             int64
	ConsultationID int64
	ResponseID     int64
	QuestionID     int64
	CodeID         int64
	CoderID        int64 // the coder's account (auth user id)
	CoderName      string
	// Whole is true when the code applies to the whole answer; otherwise
	// Start and End are the extract's offsets in characters (Unicode code
	// points, not bytes) of the answer's text, End exclusive.
	Whole      bool
	Start, End int
	Extract    string // the extract's text ("" for the whole answer)
	CreatedAt  time.Time
}

// Application is one act of coding: one or more codes applied to a whole
// answer or to one extract of it.
type Application struct {
	ConsultationID int64
	QuestionID     int64
	ResponseID     int64
	Codes          []int64
	// Extract is the words coded, "" for the whole answer. It must occur in
	// the answer; Start and End (characters) say where when the page knows
	// (the script sends them), otherwise its first occurrence is taken.
	Extract    string
	Start, End int
}

// CodingFilter narrows Codings. Zero fields do not filter.
type CodingFilter struct {
	Coder    int64 // only this coder's codings
	Question int64
	Response int64
	Code     int64
}

// Coder is someone who has coded answers of a consultation.
type Coder struct {
	ID      int64
	Name    string
	Answers int // answers they marked as coded
	Codings int
}

// Memo is a note on a code, on a response, or (both 0) on the analysis of
// the consultation as a whole.
type Memo struct {
	ID             int64
	ConsultationID int64
	CodeID         int64
	ResponseID     int64
	Text           string
	AuthorID       int64
	AuthorName     string
	CreatedAt      time.Time
}

// Limits on what is stored.
const (
	MaxName  = 200
	MaxText  = 10000
	MaxDepth = 5 // levels of nesting of codes
)

// runeLen is the length of s in characters (code points).
func runeLen(s string) int { return utf8.RuneCountInString(s) }
