package consult

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"coplan/internal/db"
	"coplan/internal/export"
)

// An export is a consultation's responses as a table: one row per response,
// one column per question. It avoids the failures of other tools' exports:
//   - exactly one column per question code across every version of the
//     questions (the union by code, in order), even for follow-up
//     questions, whose cell is empty where the question was not asked;
//   - the option behind an "Other, please specify" answer is kept: the
//     question's column says "Other" among the choices, and a separate
//     column "CODE other" holds the words the respondent gave;
//   - several choices are joined with "; " in the one column, and scale
//     and choice answers are shown as their labels, not their codes.
//
// There are two kinds. The full export (WriteCSV, FullJSON) has every
// submitted response with the respondent's personal details, for officers
// only. The publishable export (WritePublishableCSV, PublishableJSON) has
// only what Publishable allows: checked responses whose respondents agreed
// to publication, with redactions applied, a name only where the
// respondent's preference allows it, and no other personal details.

// ExportQuestion is one question column of an export: the questions of
// every version with the same code.
type ExportQuestion struct {
	Code     string `json:"code"`
	Kind     Kind   `json:"kind"`
	Text     string `json:"text"`                // the wording of the newest version that asks it
	HasOther bool   `json:"has_other,omitempty"` // the export has a "CODE other" column
}

// Export is a consultation's submitted responses, ready to write out. One
// read from the store (LoadExport) reads its responses a chunk at a time
// while it is written, so an export of any size takes little memory.
type Export struct {
	Consultation Consultation
	Questions    []ExportQuestion
	versions     map[int64]Questionnaire // by questionnaire id
	// each calls fn with each response to write, in order.
	each       func(fn func(Response) error) error
	stamped    bool // the responses carry the time they were submitted
	localities map[int64]string
	read       *int // responses read so far
}

// Read is how many responses the export has read so far: a download shows
// that it sends rows before it has read them all.
func (e Export) Read() int { return *e.read }

// LoadExport reads every version of a consultation's questions, and
// prepares to read its submitted responses as the export is written.
// localities names the partnership's localities by id.
func (s *Store) LoadExport(ctx context.Context, c Consultation, localities map[int64]string) (Export, error) {
	return s.loadExport(ctx, c, localities, func() ([]int64, error) {
		return responseIDs(ctx, s.db, "SELECT id FROM responses WHERE consultation_id = $1 AND status = 'submitted'"+ofPartnership(2)+
			" ORDER BY submitted_at, id", c.ID, s.p.ID)
	})
}

// publishableWhere is, in SQL, what Publishable allows: checked, accepted
// or redacted, and a preference that allows publication. Publishable is
// still applied to every response read; this only spares reading the
// others.
const publishableWhere = ` AND status = 'submitted' AND check_status IN ('accepted', 'redacted') AND publish IN ('with-name', 'without-name')`

// LoadPublishableExport is LoadExport for the publishable export only: it
// reads only the responses that Publishable may allow.
func (s *Store) LoadPublishableExport(ctx context.Context, c Consultation) (Export, error) {
	return s.loadExport(ctx, c, nil, func() ([]int64, error) {
		return responseIDs(ctx, s.db, "SELECT id FROM responses WHERE consultation_id = $1"+publishableWhere+ofPartnership(2)+
			" ORDER BY submitted_at, id", c.ID, s.p.ID)
	})
}

// MaxPageSize is the most responses one page of PublishablePage may hold.
const MaxPageSize = 1000

// PublishablePage is the publishable export of at most limit responses
// that Publishable may allow, by their number (id), after the response
// numbered after (0 for the first page), for the open data API; next is
// the number to ask for the page after, or 0 on the last page. The order
// by number is stable while responses are added, so a cursor never skips
// or repeats one.
func (s *Store) PublishablePage(ctx context.Context, c Consultation, after int64, limit int) (e Export, next int64, err error) {
	if limit < 1 || limit > MaxPageSize {
		return Export{}, 0, fmt.Errorf("page of %d responses: from 1 to %d", limit, MaxPageSize)
	}
	c, err = ConsultationByID(ctx, s.db, s.p.ID, c.ID)
	if err != nil {
		return Export{}, 0, err
	}
	ids, err := responseIDs(ctx, s.db, "SELECT id FROM responses WHERE consultation_id = $1 AND id > $2"+publishableWhere+ofPartnership(3)+
		" ORDER BY id LIMIT $4", c.ID, after, s.p.ID, limit+1)
	if err != nil {
		return Export{}, 0, err
	}
	if len(ids) > limit {
		ids, next = ids[:limit], ids[limit-1]
	}
	e, err = s.loadExport(ctx, c, nil, func() ([]int64, error) { return ids, nil })
	return e, next, err
}

func (s *Store) loadExport(ctx context.Context, c Consultation, localities map[int64]string, ids func() ([]int64, error)) (Export, error) {
	q, pid := s.db, s.p.ID
	c, err := ConsultationByID(ctx, q, pid, c.ID)
	if err != nil {
		return Export{}, err
	}
	versions, err := exportVersions(ctx, q, pid, c.ID)
	if err != nil {
		return Export{}, err
	}
	e := NewExport(c, versions, nil, localities)
	e.stamped = true
	e.each = func(fn func(Response) error) error {
		ids, err := ids()
		if err != nil {
			return err
		}
		return eachResponse(ctx, q, pid, ids, func(r Response) error {
			*e.read++
			return fn(r)
		})
	}
	return e, nil
}

// exportVersions returns every version of a consultation's questions,
// oldest first.
func exportVersions(ctx context.Context, q db.Querier, pid, consultationID int64) ([]Questionnaire, error) {
	rows, err := q.QueryContext(ctx, "SELECT id FROM questionnaires WHERE consultation_id = $1"+ofPartnership(2)+" ORDER BY version",
		consultationID, pid)
	if err != nil {
		return nil, fmt.Errorf("export versions: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Questionnaire, 0, len(ids))
	for _, id := range ids {
		qn, err := questionnaireByID(ctx, q, pid, consultationID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, qn)
	}
	return out, nil
}

// NewExport builds an export from the versions of the questions (oldest
// first) and the submitted responses, which it shows without the time
// they were submitted.
func NewExport(c Consultation, versions []Questionnaire, rs []Response, localities map[int64]string) Export {
	e := Export{Consultation: c, versions: map[int64]Questionnaire{}, localities: localities, read: new(int)}
	e.each = func(fn func(Response) error) error {
		for _, r := range rs {
			*e.read++
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	for _, qn := range versions {
		e.versions[qn.ID] = qn
	}
	e.Questions = UnionQuestions(versions)
	return e
}

// UnionQuestions merges the questions of every version by code, keeping
// their order: a code a later version adds goes after the code it follows
// in that version. The wording is the newest version's.
func UnionQuestions(versions []Questionnaire) []ExportQuestion {
	var out []ExportQuestion
	index := func(code string) int {
		return slices.IndexFunc(out, func(q ExportQuestion) bool { return q.Code == code })
	}
	for _, qn := range versions {
		last := -1
		for _, q := range qn.Questions() {
			i := index(q.Code)
			if i < 0 {
				i = last + 1
				out = slices.Insert(out, i, ExportQuestion{Code: q.Code})
			}
			out[i].Kind, out[i].Text = q.Kind, q.Text
			out[i].HasOther = out[i].HasOther || q.HasOther
			last = i
		}
	}
	return out
}

// exportCatalog is the built-in English text, for the labels of
// preferences and relationships in the CSV files.
var exportCatalog = sync.OnceValue(func() Catalog {
	cs, err := LoadCatalogs("")
	if err != nil {
		return Catalog{} // Get then returns the key: still readable
	}
	return cs.For("en")
})

// CheckName is a check status in words.
func CheckName(s CheckStatus) string {
	switch s {
	case Unchecked:
		return "Not checked yet"
	case Accepted:
		return "Accepted"
	case Redacted:
		return "Redacted"
	case Withheld:
		return "Withheld"
	}
	return string(s)
}

// TypeName is a respondent type in words.
func TypeName(t RespondentType) string {
	switch t {
	case Individual:
		return "Individual"
	case Organisation:
		return "Organisation"
	}
	return string(t)
}

// PublishName is a publishing preference as the respondent information
// form words it.
func PublishName(p Publish) string {
	if p == "" {
		return ""
	}
	return exportCatalog().Get("rif.publish." + string(p))
}

// RelationshipName is one of Relationships in words.
func RelationshipName(code string) string {
	return exportCatalog().Get("rif.relationship." + code)
}

// ExportAnswer is an answer in the JSON exports; null where the question
// was not asked or not answered.
type ExportAnswer struct {
	Choices []string `json:"choices,omitempty"` // option values, "other" for "Other, please specify"
	Labels  []string `json:"labels,omitempty"`  // the same choices in words
	Other   string   `json:"other,omitempty"`   // the words behind "Other"
	Text    string   `json:"text,omitempty"`    // a free-text answer
}

// OtherLabel is how exports show the "Other, please specify" choice.
const OtherLabel = "Other"

// answerFor is the answer to the question with code in response r's
// version, or nil when that version does not ask it, the respondent was
// not shown it, or left it blank.
func (e Export) answerFor(qid int64, as Answers, q Question) *ExportAnswer {
	a, ok := as[qid]
	if !ok || a.Empty() {
		return nil
	}
	out := &ExportAnswer{Text: a.Text}
	for _, c := range a.Choices {
		label := c
		if c == OtherValue {
			label = OtherLabel
		} else if i := slices.IndexFunc(q.Options, func(o Option) bool { return o.Value == c }); i >= 0 {
			label = q.Options[i].Label
		}
		out.Choices = append(out.Choices, c)
		out.Labels = append(out.Labels, label)
	}
	out.Other = a.OtherText
	return out
}

// answers gives each export question's answer in a response (nil where
// none), after dropping answers to questions the respondent was not shown.
func (e Export) answers(r Response, as Answers) map[string]*ExportAnswer {
	out := make(map[string]*ExportAnswer, len(e.Questions))
	for _, eq := range e.Questions {
		out[eq.Code] = nil
	}
	qn, ok := e.versions[r.QuestionnaireID]
	if !ok {
		return out
	}
	// Prune on the original choices: a redaction changes words, never choices.
	shown := qn.Prune(r.Answers)
	for _, q := range qn.Questions() {
		if _, ok := shown[q.ID]; ok {
			out[q.Code] = e.answerFor(q.ID, as, q)
		}
	}
	return out
}

// answerCells are the question columns of one row.
func (e Export) answerCells(answers map[string]*ExportAnswer) []string {
	var cells []string
	for _, eq := range e.Questions {
		a := answers[eq.Code]
		main, other := "", ""
		if a != nil {
			if eq.Kind == Text || len(a.Labels) == 0 {
				main = a.Text
			} else {
				main = strings.Join(a.Labels, "; ")
			}
			other = a.Other
		}
		cells = append(cells, main)
		if eq.HasOther {
			cells = append(cells, other)
		}
	}
	return cells
}

// questionHeader are the question columns' headings.
func (e Export) questionHeader() []string {
	var h []string
	for _, eq := range e.Questions {
		h = append(h, eq.Code)
		if eq.HasOther {
			h = append(h, eq.Code+" other")
		}
	}
	return h
}

// FullHeader is the first row of the full export.
var FullHeader = []string{"reference", "channel", "submitted at", "language", "questionnaire version", "respondent type",
	"name", "phone", "address", "postcode", "email", "locality", "publishing preference", "contact ok", "relationships",
	"check status"}

// PublishableHeader is the first row of the publishable export, before the
// questions: nothing personal but the name Publishable allows.
var PublishableHeader = []string{"reference", "name", "respondent type", "channel"}

func (e Export) version(r Response) int {
	return e.versions[r.QuestionnaireID].Version
}

var exportZone = sync.OnceValue(func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return l
})

// scotTime is a time in Scotland as spreadsheets read it: 2026-03-31 14:05.
func scotTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(exportZone()).Format("2006-01-02 15:04")
}

func (e Export) submittedAt(r Response) time.Time {
	if !e.stamped {
		return time.Time{}
	}
	return r.SubmittedAt
}

// fullRow is one response's row of the full export.
func (e Export) fullRow(r Response) []string {
	rr := r.Respondent
	contact := "No"
	if rr.ContactOK {
		contact = "Yes"
	}
	var rels []string
	for _, x := range rr.Relationships {
		rels = append(rels, RelationshipName(x))
	}
	row := []string{r.Reference, r.Channel.Name(), scotTime(e.submittedAt(r)), r.Language, fmt.Sprint(e.version(r)),
		TypeName(rr.Type), rr.Name, rr.Phone, rr.Address, rr.Postcode, rr.Email, e.localities[rr.LocalityID],
		PublishName(rr.Publish), contact, strings.Join(rels, "; "), CheckName(r.Check)}
	return append(row, e.answerCells(e.answers(r, r.Answers))...)
}

// publishableRow is one publishable response's row of the publishable
// export.
func (e Export) publishableRow(r Response, p PublishedResponse) []string {
	row := []string{p.Reference, p.Name, TypeName(p.Type), p.Channel.Name()}
	return append(row, e.answerCells(e.answers(r, p.Answers))...)
}

// eachPublishable calls fn with each publishable response and the response
// it came from, whose version and original choices the export needs.
func (e Export) eachPublishable(fn func(r Response, p PublishedResponse) error) error {
	return e.each(func(r Response) error {
		if p, ok := Publishable(r); ok {
			return fn(r, p)
		}
		return nil
	})
}

func (e Export) fullHeader() []string { return append(slices.Clone(FullHeader), e.questionHeader()...) }

func (e Export) publishableHeader() []string {
	return append(slices.Clone(PublishableHeader), e.questionHeader()...)
}

// WriteCSV writes the full export, each row as its response is read.
func (e Export) WriteCSV(w io.Writer) error {
	cw := export.NewCSV(w)
	if err := cw.Write(e.fullHeader()); err != nil {
		return err
	}
	if err := e.each(func(r Response) error { return cw.Write(e.fullRow(r)) }); err != nil {
		return err
	}
	return cw.Flush()
}

// WritePublishableCSV writes the publishable export, each row as its
// response is read.
func (e Export) WritePublishableCSV(w io.Writer) error {
	cw := export.NewCSV(w)
	if err := cw.Write(e.publishableHeader()); err != nil {
		return err
	}
	if err := e.eachPublishable(func(r Response, p PublishedResponse) error { return cw.Write(e.publishableRow(r, p)) }); err != nil {
		return err
	}
	return cw.Flush()
}

// ExportConsultation is the consultation an export is of.
type ExportConsultation struct {
	ID       int64     `json:"id"`
	Title    string    `json:"title"`
	OpensAt  time.Time `json:"opens_at"`
	ClosesAt time.Time `json:"closes_at"`
}

// FullResponse is one response in the full JSON export.
type FullResponse struct {
	Reference            string                   `json:"reference"`
	Channel              Channel                  `json:"channel"`
	SubmittedAt          time.Time                `json:"submitted_at"`
	Language             string                   `json:"language"`
	QuestionnaireVersion int                      `json:"questionnaire_version"`
	RespondentType       RespondentType           `json:"respondent_type"`
	Name                 string                   `json:"name"`
	Phone                string                   `json:"phone"`
	Address              string                   `json:"address"`
	Postcode             string                   `json:"postcode"`
	Email                string                   `json:"email"`
	Locality             string                   `json:"locality"`
	Publish              Publish                  `json:"publishing_preference"`
	ContactOK            bool                     `json:"contact_ok"`
	Relationships        []string                 `json:"relationships"`
	Check                CheckStatus              `json:"check_status"`
	WithholdReason       string                   `json:"withhold_reason,omitempty"`
	Answers              map[string]*ExportAnswer `json:"answers"`
}

// PublicResponse is one response in the publishable JSON export and the
// open data API: nothing personal but the name Publishable allows ("" for
// none).
type PublicResponse struct {
	Reference      string                   `json:"reference"`
	Name           string                   `json:"name"`
	RespondentType RespondentType           `json:"respondent_type"`
	Channel        Channel                  `json:"channel"`
	Answers        map[string]*ExportAnswer `json:"answers"`
}

// FullDocument is the full JSON export.
type FullDocument struct {
	Consultation ExportConsultation `json:"consultation"`
	Questions    []ExportQuestion   `json:"questions"`
	Responses    []FullResponse     `json:"responses"`
}

// PublicDocument is the publishable JSON export.
type PublicDocument struct {
	Consultation ExportConsultation `json:"consultation"`
	Questions    []ExportQuestion   `json:"questions"`
	Responses    []PublicResponse   `json:"responses"`
}

func (e Export) exportConsultation() ExportConsultation {
	return ExportConsultation{ID: e.Consultation.ID, Title: e.Consultation.Title, OpensAt: e.Consultation.OpensAt, ClosesAt: e.Consultation.ClosesAt}
}

func (e Export) fullResponse(r Response) FullResponse {
	rr := r.Respondent
	return FullResponse{Reference: r.Reference, Channel: r.Channel, SubmittedAt: e.submittedAt(r),
		Language: r.Language, QuestionnaireVersion: e.version(r), RespondentType: rr.Type, Name: rr.Name, Phone: rr.Phone,
		Address: rr.Address, Postcode: rr.Postcode, Email: rr.Email, Locality: e.localities[rr.LocalityID], Publish: rr.Publish,
		ContactOK: rr.ContactOK, Relationships: nonNil(rr.Relationships), Check: r.Check, WithholdReason: r.WithholdReason,
		Answers: e.answers(r, r.Answers)}
}

func (e Export) publicResponse(r Response, p PublishedResponse) PublicResponse {
	return PublicResponse{Reference: p.Reference, Name: p.Name, RespondentType: p.Type, Channel: p.Channel, Answers: e.answers(r, p.Answers)}
}

// FullJSON is the full export as a document for encoding/json, all in
// memory: for tests and small exports (a download uses WriteFullJSON).
func (e Export) FullJSON() (FullDocument, error) {
	doc := FullDocument{Consultation: e.exportConsultation(), Questions: nonNil(e.Questions), Responses: []FullResponse{}}
	err := e.each(func(r Response) error {
		doc.Responses = append(doc.Responses, e.fullResponse(r))
		return nil
	})
	return doc, err
}

// PublishableJSON is the publishable export as a document for
// encoding/json, all in memory: for tests and small exports (a download
// uses WritePublishableJSON).
func (e Export) PublishableJSON() (PublicDocument, error) {
	doc := PublicDocument{Consultation: e.exportConsultation(), Questions: nonNil(e.Questions), Responses: []PublicResponse{}}
	err := e.eachPublishable(func(r Response, p PublishedResponse) error {
		doc.Responses = append(doc.Responses, e.publicResponse(r, p))
		return nil
	})
	return doc, err
}

// WriteFullJSON writes the full export as WriteJSON writes FullJSON, byte
// for byte, each response as it is read.
func (e Export) WriteFullJSON(w io.Writer) error {
	return e.writeJSON(w, nil, func(item func(any) error) error {
		return e.each(func(r Response) error { return item(e.fullResponse(r)) })
	})
}

// WritePublishableJSON writes the publishable export as WriteJSON writes
// PublishableJSON, byte for byte, each response as it is read. fields, if
// any, go between the questions and the responses (the API's "next").
func (e Export) WritePublishableJSON(w io.Writer, fields ...JSONField) error {
	return e.writeJSON(w, fields, func(item func(any) error) error {
		return e.eachPublishable(func(r Response, p PublishedResponse) error { return item(e.publicResponse(r, p)) })
	})
}

// JSONField is a named value in a streamed JSON document.
type JSONField struct {
	Name  string
	Value any
}

// writeJSON writes {"consultation": …, "questions": …, fields…,
// "responses": [ … ]} indented as WriteJSON indents, encoding one response
// at a time as items yields them.
func (e Export) writeJSON(w io.Writer, fields []JSONField, items func(item func(any) error) error) error {
	head := append([]JSONField{{"consultation", e.exportConsultation()}, {"questions", nonNil(e.Questions)}}, fields...)
	if _, err := io.WriteString(w, "{\n"); err != nil {
		return err
	}
	for _, f := range head {
		if err := writeJSONValue(w, "  "+jsonString(f.Name)+": ", "  ", f.Value, ",\n"); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(w, `  "responses": [`); err != nil {
		return err
	}
	n := 0
	err := items(func(v any) error {
		sep := ",\n    "
		if n == 0 {
			sep = "\n    "
		}
		n++
		return writeJSONValue(w, sep, "    ", v, "")
	})
	if err != nil {
		return err
	}
	end := "]\n}\n"
	if n > 0 {
		end = "\n  ]\n}\n"
	}
	_, err = io.WriteString(w, end)
	return err
}

// writeJSONValue writes before, v indented at prefix, then after.
func writeJSONValue(w io.Writer, before, prefix string, v any, after string) error {
	b, err := json.MarshalIndent(v, prefix, "  ")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, before); err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return err
	}
	_, err = io.WriteString(w, after)
	return err
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// WriteJSON writes a document as indented JSON.
func WriteJSON(w io.Writer, doc any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
