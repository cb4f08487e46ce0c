package consult

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/export"
	"coplan/internal/valid"
)

// Responses gathered on paper, by email, at events, in focus groups and in
// interviews are entered by staff, one at a time on a form or many at once
// from a CSV file. Both are checked by ValidateEntered.
//
// A staff-entered response is checked less strictly than an online one in
// two ways, so that nobody's response is lost: no question is required (a
// paper form with a question left blank is still a response), and no
// contact detail is required (paper forms and notes of events often have
// no email address). Everything else is checked as online: the publishing
// preference and permission to contact must be recorded (staff enter "do
// not publish" and "no" when the respondent did not say), choices must be
// among the answers offered, "Other" must have its words, text must be
// within its limit, and a follow-up question may only be answered when
// the answers it follows make it apply.

// ValidateEntered checks a response that staff entered from another
// channel. Field ids are those of the staff form: "channel", "rif-..." and
// "q-CODE" (and "q-CODE-other").
func ValidateEntered(qn Questionnaire, r Response, m Catalog) valid.Errors {
	var errs valid.Errors
	if !slices.Contains(StaffChannels, r.Channel) {
		errs.Add("channel", "Select how the response was received")
	}
	// The respondent form's messages speak to the respondent; these speak
	// to the officer entering the response.
	for _, e := range ValidateRespondent(Required{}, r.Respondent, m) {
		if msg, ok := enteredMessages[e.Field]; ok {
			e.Message = msg
		}
		errs = append(errs, e)
	}
	for _, q := range qn.Questions() {
		a, ok := r.Answers[q.ID]
		if !ok || a.Empty() {
			continue
		}
		field := "q-" + q.Code
		if !qn.Visible(q, r.Answers) {
			errs.Add(field, fmt.Sprintf("Question %s is only asked %s: leave it empty, or correct the earlier answer", q.Code, AskedWhen(qn, q)))
			continue
		}
		if q.Kind != Text && strings.TrimSpace(a.OtherText) != "" && !slices.Contains(a.Choices, OtherValue) {
			errs.Add(field+"-other", fmt.Sprintf("Question %s: select Other as well as giving its words, or clear the words", q.Code))
		}
	}
	relaxed := Questionnaire{ID: qn.ID, Version: qn.Version, Sections: make([]Section, len(qn.Sections))}
	for i, s := range qn.Sections {
		s.Questions = slices.Clone(s.Questions)
		for j := range s.Questions {
			s.Questions[j].Required = false
		}
		relaxed.Sections[i] = s
	}
	for _, s := range relaxed.Sections {
		for _, e := range relaxed.ValidateSection(s, r.Answers, m) {
			if e.Message == m.Get("error.other-empty") {
				e.Message = "Enter the words the respondent gave for Other"
			}
			errs = append(errs, e)
		}
	}
	return errs
}

// enteredMessages are the respondent form's errors as staff read them.
var enteredMessages = map[string]string{
	"rif-type":         "Select whether the response is from an individual or an organisation",
	"rif-postcode":     "Enter a real postcode, like EH1 3DG, or leave it empty",
	"rif-email":        "Enter the email address in the correct format, like name@example.com, or leave it empty",
	"rif-publish":      "Select how the response may be published. If the respondent did not say, select “Do not publish response”",
	"rif-contact":      "Select whether the respondent may be contacted again. If they did not say, select No",
	"rif-relationship": "Select how the respondent is connected to health and social care from the list",
}

// AskedWhen says in words when a follow-up question is asked, e.g. "when
// the answer to Q3 is Mostly disagree or Strongly disagree". It is "" for
// a question that is always asked.
func AskedWhen(qn Questionnaire, q Question) string {
	if len(q.Conditions.Rules) == 0 {
		return ""
	}
	byCode := map[string]Question{}
	for _, x := range qn.Questions() {
		byCode[x.Code] = x
	}
	var parts []string
	for _, r := range q.Conditions.Rules {
		target := byCode[r.Question]
		var labels []string
		for _, v := range r.Values {
			labels = append(labels, optionLabel(target, v))
		}
		parts = append(parts, fmt.Sprintf("the answer to %s is %s", r.Question, strings.Join(labels, " or ")))
	}
	join := " and "
	if q.Conditions.Match == "any" {
		join = ", or "
	}
	return "when " + strings.Join(parts, join)
}

func optionLabel(q Question, value string) string {
	if value == OtherValue {
		return OtherLabel
	}
	if i := slices.IndexFunc(q.Options, func(o Option) bool { return o.Value == value }); i >= 0 {
		return q.Options[i].Label
	}
	return value
}

// ImportColumns are the first columns of an import file, before one column
// per question code of the current questions.
var ImportColumns = []string{"channel", "respondent_type", "name", "phone", "address", "postcode", "email", "publish",
	"contact_ok", "relationships"}

// MaxImportRows is the most responses one file may hold.
const MaxImportRows = 5000

// ImportProblem is one problem with an import file: the line it is on (0
// for the file as a whole), the column, and what to do, in plain English.
type ImportProblem struct {
	Line    int
	Column  string
	Message string
}

// ImportError is every problem found with an import file. When a file has
// any, nothing is imported.
type ImportError struct {
	Problems []ImportProblem
}

func (e *ImportError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		if p.Line > 0 {
			fmt.Fprintf(&b, "line %d: ", p.Line)
		}
		if p.Column != "" {
			b.WriteString(p.Column + ": ")
		}
		b.WriteString(p.Message)
	}
	return b.String()
}

// WriteImportTemplate writes an empty import file for the questions: the
// header line only, so that importing it unchanged adds nothing.
func WriteImportTemplate(w io.Writer, qn Questionnaire) error {
	cw := export.NewCSV(w)
	header := slices.Clone(ImportColumns)
	for _, q := range qn.Questions() {
		header = append(header, q.Code)
	}
	cw.Write(header)
	return cw.Flush()
}

// ParseImport reads an import file against the current questions and
// checks every row. If any row is bad it returns nil and an *ImportError
// naming every bad row with its line number and the reason; otherwise the
// responses, in file order, ready for ImportResponses.
func ParseImport(r io.Reader, qn Questionnaire, m Catalog) ([]Response, error) {
	br := bufio.NewReader(r)
	if ch, _, err := br.ReadRune(); err == nil && ch != '\ufeff' {
		br.UnreadRune() // keep the first character unless it is the byte order mark spreadsheets add
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	var probs []ImportProblem
	add := func(line int, column, format string, args ...any) {
		probs = append(probs, ImportProblem{Line: line, Column: column, Message: fmt.Sprintf(format, args...)})
	}
	fail := func() ([]Response, error) { return nil, &ImportError{Problems: probs} }

	header, line, err := importRow(cr)
	if errors.Is(err, io.EOF) {
		add(1, "", "The file is empty. Its first line must be the header: download the template to get it.")
		return fail()
	}
	if err != nil {
		probs = append(probs, importReadProblem(err, line))
		return fail()
	}
	if len(header) == 1 && strings.Count(header[0], ";") >= len(ImportColumns)-1 {
		add(line, "", "The values in the file are separated by semicolons (;). Save it from the spreadsheet as “CSV UTF-8 (comma delimited)” and import it again.")
		return fail()
	}
	questions := qn.Questions()
	cols := make([]string, len(header)) // the column each position holds: a fixed column or a question code
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		name := strings.ToLower(h)
		if qi := slices.IndexFunc(questions, func(q Question) bool { return strings.EqualFold(q.Code, h) }); qi >= 0 {
			name = questions[qi].Code
		} else if !slices.Contains(ImportColumns, name) {
			switch {
			case h == "":
				add(line, "", "Column %d of the header has no name. Remove the empty column, or name it.", i+1)
			default:
				add(line, "", "The header has a column %q, which is neither one of %s nor a question of this consultation (%s).",
					h, strings.Join(ImportColumns, ", "), strings.Join(questionCodes(questions), ", "))
			}
			continue
		}
		if seen[name] {
			add(line, "", "The header has the column %q twice. Keep one.", name)
		}
		seen[name] = true
		cols[i] = name
	}
	for _, c := range ImportColumns {
		if !seen[c] {
			add(line, "", "The header has no column %q. Every file needs the columns %s, then one column for each question's code.",
				c, strings.Join(ImportColumns, ", "))
		}
	}
	if len(probs) > 0 {
		return fail()
	}

	var out []Response
	for {
		rec, line, err := importRow(cr)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			probs = append(probs, importReadProblem(err, line))
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				break
			}
			continue
		}
		if len(out)+1 > MaxImportRows {
			add(line, "", "The file has more than %d responses. Split it into smaller files and import each.", MaxImportRows)
			break
		}
		if len(rec) != len(cols) {
			add(line, "", "This line has %d values but the header has %d columns. A value with a comma in it must be in double quotes.",
				len(rec), len(cols))
			out = append(out, Response{}) // counted, never stored: the file has problems
			continue
		}
		resp, rowProbs := parseImportRow(qn, cols, rec, m)
		for _, p := range rowProbs {
			p.Line = line
			probs = append(probs, p)
		}
		out = append(out, resp)
	}
	if len(probs) == 0 && len(out) == 0 {
		add(0, "", "The file has a header but no responses. Add one line for each response under the header.")
	}
	if len(probs) > 0 {
		return fail()
	}
	return out, nil
}

func questionCodes(qs []Question) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.Code
	}
	return out
}

// importColumnOf is the import column of a staff form field.
func importColumnOf(field string) string {
	switch field {
	case "rif-type":
		return "respondent_type"
	case "rif-contact":
		return "contact_ok"
	case "rif-relationship":
		return "relationships"
	}
	if c, ok := strings.CutPrefix(field, "rif-"); ok {
		return c
	}
	if c, ok := strings.CutPrefix(field, "q-"); ok {
		return strings.TrimSuffix(c, "-other")
	}
	return field
}

// parseImportRow reads one row into a response, with the problems of its
// cells.
func parseImportRow(qn Questionnaire, cols, rec []string, m Catalog) (Response, []ImportProblem) {
	var probs []ImportProblem
	add := func(column, format string, args ...any) {
		probs = append(probs, ImportProblem{Column: column, Message: fmt.Sprintf(format, args...)})
	}
	cell := map[string]string{}
	for i, c := range cols {
		cell[c] = strings.TrimSpace(rec[i])
		// Refused, not cleaned: the words must be stored as given (issue 10, item 22).
		if !utf8.ValidString(rec[i]) || strings.ContainsRune(rec[i], 0) {
			add(c, "This cell has characters that cannot be stored: a hidden zero character, or text that is not UTF-8. Save the file again as \"CSV UTF-8\" and import it again.")
		}
	}
	r := Response{Language: "en", Answers: Answers{}}
	rr := &r.Respondent

	switch v := cell["channel"]; {
	case v == "":
		add("channel", "Say how the response was received: one of %s.", staffChannelList())
	case strings.EqualFold(v, string(Online)) || strings.EqualFold(v, Online.Name()):
		add("channel", "Online responses are made on the website and cannot be imported. Use one of %s.", staffChannelList())
	default:
		for _, c := range StaffChannels {
			if strings.EqualFold(v, string(c)) || strings.EqualFold(v, c.Name()) || strings.EqualFold(strings.ReplaceAll(v, " ", "-"), string(c)) {
				r.Channel = c
			}
		}
		if r.Channel == "" {
			add("channel", "%q is not a channel. Use one of %s.", v, staffChannelList())
		}
	}

	switch v := strings.ToLower(cell["respondent_type"]); v {
	case "individual":
		rr.Type = Individual
	case "organisation", "organization":
		rr.Type = Organisation
	case "":
		add("respondent_type", "Say whether the response is from an individual or an organisation: enter individual or organisation.")
	default:
		add("respondent_type", "%q is not a type of respondent. Enter individual or organisation.", cell["respondent_type"])
	}

	rr.Name, rr.Phone, rr.Address, rr.Postcode, rr.Email = cell["name"], cell["phone"], cell["address"], cell["postcode"], cell["email"]

	switch v := strings.ToLower(strings.Join(strings.Fields(cell["publish"]), "-")); {
	case v == "":
		add("publish", "The publishing preference is missing. Enter with-name, without-name or do-not-publish; if the respondent did not say, enter do-not-publish.")
	default:
		for _, p := range Publishes {
			if v == string(p) || strings.EqualFold(cell["publish"], m.Get("rif.publish."+string(p))) {
				rr.Publish = p
			}
		}
		if rr.Publish == "" {
			add("publish", "%q is not a publishing preference. Enter with-name, without-name or do-not-publish.", cell["publish"])
		}
	}

	switch strings.ToLower(cell["contact_ok"]) {
	case "yes", "y", "true":
		rr.ContactOK, rr.ContactSet = true, true
	case "no", "n", "false":
		rr.ContactSet = true
	case "":
		add("contact_ok", "Say whether the respondent may be contacted again: enter yes or no; if they did not say, enter no.")
	default:
		add("contact_ok", "%q is not yes or no. Enter yes or no.", cell["contact_ok"])
	}

	for _, part := range strings.Split(cell["relationships"], ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		code := ""
		for _, x := range Relationships {
			if strings.EqualFold(part, x) || strings.EqualFold(part, m.Get("rif.relationship."+x)) {
				code = x
			}
		}
		if code == "" {
			add("relationships", "%q is not one of the relationships. Use any of %s, separated by ;.", part, strings.Join(Relationships, ", "))
			continue
		}
		if !slices.Contains(rr.Relationships, code) {
			rr.Relationships = append(rr.Relationships, code)
		}
	}

	for _, q := range qn.Questions() {
		v, ok := cell[q.Code]
		if !ok || v == "" {
			continue
		}
		if q.Kind == Text {
			r.Answers[q.ID] = Answer{QuestionID: q.ID, Text: v}
			continue
		}
		a, msg := parseImportChoices(q, v)
		if msg != "" {
			add(q.Code, "%s", msg)
			continue
		}
		r.Answers[q.ID] = a
	}

	// The rules the staff form uses, for what the cells above did not
	// already explain.
	reported := map[string]bool{}
	for _, p := range probs {
		reported[p.Column] = true
	}
	for _, e := range ValidateEntered(qn, r, m) {
		col := importColumnOf(e.Field)
		if reported[col] {
			continue
		}
		reported[col] = true
		add(col, "%s", e.Message)
	}
	return r, probs
}

// parseImportChoices reads a choice question's cell: option values or
// labels separated by ";", and "other:WORDS" for "Other, please specify"
// (the words may hold ";": everything after "other:" is the words).
func parseImportChoices(q Question, v string) (Answer, string) {
	a := Answer{QuestionID: q.ID}
	parts := strings.Split(v, ";")
	for i, part := range parts {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if oi := slices.IndexFunc(q.Options, func(o Option) bool {
			return strings.EqualFold(part, o.Value) || strings.EqualFold(part, o.Label) || o.LabelGD != "" && strings.EqualFold(part, o.LabelGD)
		}); oi >= 0 {
			if !slices.Contains(a.Choices, q.Options[oi].Value) {
				a.Choices = append(a.Choices, q.Options[oi].Value)
			}
			continue
		}
		lower := strings.ToLower(part)
		if lower == OtherValue || strings.HasPrefix(lower, OtherValue+":") {
			if !q.HasOther {
				return a, fmt.Sprintf("Question %s has no Other answer. Use one of: %s.", q.Code, optionList(q))
			}
			rest := strings.Join(append([]string{part}, parts[i+1:]...), ";")
			_, words, _ := strings.Cut(rest, ":")
			a.Choices = append(a.Choices, OtherValue)
			a.OtherText = strings.TrimSpace(words)
			return a, ""
		}
		hint := ""
		if q.HasOther {
			hint = `, or "other:" followed by the respondent's words`
		}
		return a, fmt.Sprintf("%q is not one of the answers to question %s. Use one of: %s%s.", part, q.Code, optionList(q), hint)
	}
	return a, ""
}

func optionList(q Question) string {
	var out []string
	for _, o := range q.Options {
		out = append(out, o.Label)
	}
	return strings.Join(out, "; ")
}

func staffChannelList() string {
	var out []string
	for _, c := range StaffChannels {
		out = append(out, string(c))
	}
	return strings.Join(out, ", ")
}

// importRow returns the next row that is not blank, and the line it starts
// on.
func importRow(cr *csv.Reader) ([]string, int, error) {
	for {
		rec, err := cr.Read()
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return nil, line, err
		}
		line, _ := cr.FieldPos(0)
		if slices.ContainsFunc(rec, func(s string) bool { return strings.TrimSpace(s) != "" }) {
			return rec, line, nil
		}
	}
}

// importReadProblem explains an encoding/csv error in plain words.
func importReadProblem(err error, line int) ImportProblem {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return ImportProblem{Line: line, Message: "The file could not be read: " + err.Error()}
	}
	msg := "This line could not be read: " + pe.Err.Error()
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		msg = `A double quote (") appears inside a value that does not start with one. Put the whole value in double quotes and write the inner quote twice ("").`
	case errors.Is(pe.Err, csv.ErrQuote):
		msg = `A value in double quotes is not closed. A double quote inside a quoted value must be written twice ("").`
	}
	return ImportProblem{Line: line, Message: msg}
}

// ImportResponses reads an import file and stores every response in it,
// marked with its channel, or none of them: the file is checked row by
// row first (an *ImportError names each bad row), and the responses are
// stored in one transaction. It returns how many were imported.
func (s *Store) ImportResponses(ctx context.Context, c Consultation, file io.Reader, prefix string, m Catalog, by audit.Actor) (int, error) {
	qn, err := s.CurrentQuestionnaire(ctx, c.ID)
	if err != nil {
		return 0, err
	}
	rs, err := ParseImport(file, qn, m)
	if err != nil {
		return 0, err
	}
	now := s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := ConsultationByID(ctx, tx, s.p.ID, c.ID)
		if err != nil {
			return err
		}
		cur, err := currentQuestionnaire(ctx, tx, s.p.ID, c.ID)
		if err != nil {
			return err
		}
		if cur.ID != qn.ID {
			return &ImportError{Problems: []ImportProblem{{Message: "The questions changed while the file was being imported. Download the template again, check the file against it, and import it again."}}}
		}
		for _, r := range rs {
			if _, err := insertEntered(ctx, tx, c, r, prefix, by, now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: c.PartnershipID, Actor: by, Action: "import", Entity: "consultation",
			EntityID: c.ID, Summary: fmt.Sprintf("Imported %d responses to %s from a file", len(rs), c.Title)}, nil, nil)
	})
	if err != nil {
		return 0, err
	}
	return len(rs), nil
}
