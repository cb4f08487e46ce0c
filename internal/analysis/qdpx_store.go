package analysis

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/valid"
)

// QDPXExport is a consultation's coded answers ready to write as a
// REFI-QDA project (WriteTo). It holds the codebook and the memos; the
// answers are read as they are written, one question at a time.
type QDPXExport struct {
	Consultation consult.Consultation
	s            *Store
	codebook     Codebook // zero when the consultation has none
	codes        []Code
	memos        []Memo
	questions    []consult.Question
	agreed       bool // more than one person coded: export the agreed coding too
	read         int
}

// agreedUser is the "user" of the agreed coding in the export, which no
// account's id is.
const (
	agreedUser     = -1
	agreedUserName = "Agreed coding (reconciled in coplan)"
)

// QDPX prepares the REFI-QDA export of a consultation of the partnership:
// every submitted answer to its free-text questions (whatever the
// respondent's publishing preference: the export is for the partnership's
// analysts, as the full export of responses is), every coder's codings,
// the codebook and the memos. Where more than one person coded, the agreed
// coding (Agreed: what the matrix and the report use) comes too, as the
// codings of one more user, "Agreed coding (reconciled in coplan)", so the
// tool receiving it can compare the coders and keep to the agreed set.
func (s *Store) QDPX(ctx context.Context, consultationID int64) (*QDPXExport, error) {
	c, err := s.consultation(ctx, s.db, consultationID)
	if err != nil {
		return nil, err
	}
	e := &QDPXExport{Consultation: c, s: s}
	if e.codebook, err = s.codebook(ctx, s.db, c.ID); err != nil && !errors.Is(err, valid.ErrNotFound) {
		return nil, err
	}
	if e.codes, err = s.codes(ctx, s.db, c.ID); err != nil {
		return nil, err
	}
	if e.memos, err = s.Memos(ctx, c.ID); err != nil {
		return nil, err
	}
	if e.questions, err = consult.TextQuestions(ctx, s.db, s.p.ID, c.ID); err != nil {
		return nil, err
	}
	coders, err := s.Coders(ctx, c.ID, 0)
	if err != nil {
		return nil, err
	}
	e.agreed = len(coders) > 1
	return e, nil
}

// Read is how many answers the export has read so far: a download shows
// that it sends them before it has read them all.
func (e *QDPXExport) Read() int { return e.read }

// WriteTo writes the project as a .qdpx zip (see qdpx.go for the choices
// the format leaves open).
func (e *QDPXExport) WriteTo(ctx context.Context, w io.Writer) error {
	users := map[int64]string{} // the coders and memo writers met, by account
	meet := func(id int64, name string) string {
		if _, ok := users[id]; !ok || users[id] == "" {
			users[id] = name
		}
		return qdaGUID("user", id)
	}
	codeGUID := map[int64]string{}
	for _, c := range e.codes {
		codeGUID[c.ID] = qdaGUID("code", c.ID)
	}
	byResponse := map[int64][]qdaRef{}
	for _, m := range e.memos {
		if m.ResponseID != 0 && m.CodeID == 0 {
			byResponse[m.ResponseID] = append(byResponse[m.ResponseID], qdaRef{qdaGUID("memo", m.ID)})
		}
	}
	sources := func(fn func(qdpxSource) error) error {
		for _, q := range e.questions {
			codings, err := e.s.codings(ctx, e.s.db, e.Consultation.ID, CodingFilter{Question: q.ID})
			if err != nil {
				return err
			}
			if e.agreed {
				agreed, err := e.s.Agreed(ctx, e.Consultation.ID, q.ID)
				if err != nil {
					return err
				}
				for _, k := range agreed {
					k.CoderID, k.CoderName = agreedUser, agreedUserName
					codings = append(codings, k)
				}
			}
			of := map[int64][]Coding{}
			for _, k := range codings {
				if codeGUID[k.CodeID] != "" {
					of[k.ResponseID] = append(of[k.ResponseID], k)
				}
			}
			err = consult.EachTextAnswer(ctx, e.s.db, e.s.p.ID, e.Consultation.ID, q.ID, func(a consult.TextAnswer) error {
				e.read++
				name := strings.TrimSpace(a.Reference)
				if name == "" {
					name = fmt.Sprintf("Response %d", a.ResponseID)
				}
				return fn(qdpxSource{
					GUID:        qdaGUID("answer", a.ResponseID, q.ID),
					Name:        name + " " + q.Code,
					Description: q.Code + ". " + q.Text,
					Text:        a.Text,
					Selections:  qdaSelections(a.ResponseID, a.Text, of[a.ResponseID], codeGUID, meet),
					NoteRefs:    byResponse[a.ResponseID],
					Values:      qdpxValues(a),
				})
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
	return writeQDPX(w, sources, func() qdpxProject { return e.project(meet, users) })
}

// qdpxVariables are what coplan says of each answer's respondent, as
// variables of its source (attributes in NVivo and MAXQDA): nothing that
// names them.
var qdpxVariables = []qdaVariable{
	{GUID: qdaGUID("variable", 1), Name: "Respondent type", Type: "Text", Description: "Whether the response came from an individual or an organisation"},
	{GUID: qdaGUID("variable", 2), Name: "Channel", Type: "Text", Description: "How the response reached the partnership"},
	{GUID: qdaGUID("variable", 3), Name: "Language", Type: "Text", Description: "The language the respondent answered in"},
}

// qdpxValues are an answer's values of qdpxVariables.
func qdpxValues(a consult.TextAnswer) []qdaVariableValue {
	lang := map[string]string{"en": "English", "gd": "Gaelic"}[a.Language]
	if lang == "" {
		lang = a.Language
	}
	typ := map[consult.RespondentType]string{consult.Individual: "Individual", consult.Organisation: "Organisation"}[a.Respondent.Type]
	var out []qdaVariableValue
	for i, v := range []string{typ, a.Channel.Name(), lang} {
		if v != "" {
			out = append(out, qdaVariableValue{Variable: qdaRef{qdpxVariables[i].GUID}, Text: v})
		}
	}
	return out
}

// qdaSelections are an answer's codings as selections of its text: one
// for each coder and extract, holding the codes that coder gave it.
// Positions are characters (code points) of the answer's text; a whole
// answer's coding selects all of it.
func qdaSelections(responseID int64, text string, codings []Coding, codeGUID map[int64]string, meet func(int64, string) string) []qdaSelection {
	var out []qdaSelection
	index := map[string]int{}
	_, length := wholeSelection(text)
	for _, k := range codings {
		start, end := 0, length
		if !k.Whole {
			start, end = min(max(k.Start, 0), length), min(max(k.End, 0), length)
		}
		user := meet(k.CoderID, k.CoderName)
		key := fmt.Sprint(k.CoderID, start, end)
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, qdaSelection{GUID: qdaGUID("selection", responseID, k.QuestionID, k.CoderID, int64(start), int64(end)),
				Start: start, End: end, CreatingUser: user, Created: qdaTime(k.CreatedAt)})
		}
		guid := qdaGUID("coding", k.ID)
		if k.CoderID == agreedUser {
			guid = qdaGUID("agreed coding", k.ID)
		}
		out[i].Codings = append(out[i].Codings, qdaCoding{GUID: guid, CreatingUser: user,
			Created: qdaTime(k.CreatedAt), CodeRef: qdaRef{codeGUID[k.CodeID]}})
	}
	return out
}

// project is everything of the project but its sources, once they have
// been read and their coders met.
func (e *QDPXExport) project(meet func(int64, string) string, users map[int64]string) qdpxProject {
	p := qdpxProject{
		Name: e.Consultation.Title,
		Description: fmt.Sprintf("The answers to the free-text questions of the consultation %q, one source an answer, "+
			"coded in coplan. Positions count characters (Unicode code points) from 0, the end position being the one after "+
			"the selection's last character.", e.Consultation.Title),
		Created:   e.codebook.CreatedAt,
		Variables: qdpxVariables,
	}
	codeName := map[int64]string{}
	for _, c := range e.codes {
		codeName[c.ID] = c.Name
	}
	codeNotes := map[int64][]qdaRef{}
	for _, m := range e.memos {
		ref := qdaRef{qdaGUID("memo", m.ID)}
		note := qdaNote{GUID: ref.Target, CreatingUser: meet(m.AuthorID, m.AuthorName), Created: qdaTime(m.CreatedAt), Text: m.Text}
		switch {
		case m.CodeID != 0:
			note.Name = "Memo on the code " + codeName[m.CodeID]
			codeNotes[m.CodeID] = append(codeNotes[m.CodeID], ref)
		case m.ResponseID != 0:
			note.Name = fmt.Sprintf("Memo on response %d", m.ResponseID)
		default:
			note.Name = "Memo on the analysis"
			p.NoteRefs = append(p.NoteRefs, ref)
		}
		p.Notes = append(p.Notes, note)
	}
	p.Codes = qdaCodes(e.codes, 0, codeNotes)
	ids := make([]int64, 0, len(users))
	for id := range users {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		p.Users = append(p.Users, qdaUser{GUID: qdaGUID("user", id), Name: users[id]})
	}
	return p
}

// qdaCodes is the tree of codes under parent (0 for the top), every code
// codable.
func qdaCodes(codes []Code, parent int64, notes map[int64][]qdaRef) []qdaCode {
	var out []qdaCode
	for _, c := range codes {
		if c.ParentID == parent {
			out = append(out, qdaCode{GUID: qdaGUID("code", c.ID), Name: c.Name, IsCodable: true, Description: c.Description,
				NoteRefs: notes[c.ID], Codes: qdaCodes(codes, c.ID, notes)})
		}
	}
	return out
}

// Imported says what ImportCodes did.
type Imported struct {
	Added    int // codes added
	Existing int // codes already in the codebook, matched by name and place
}

// ImportCodes adds codes read from a REFI-QDA codebook (ReadCodebook) to
// the consultation's codebook (made when it has none), in one transaction
// with its audit entry: all or nothing. A code whose name (ignoring case)
// is already taken by a code in the same place is that code, not a second
// one: its description is left alone and the imported code's sub-codes go
// under it, so importing the same codebook twice adds nothing.
func (s *Store) ImportCodes(ctx context.Context, consultationID int64, codes []ImportedCode, source string, who audit.Actor) (Imported, error) {
	var done Imported
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		b, err := s.ensureCodebook(ctx, tx, consultationID, who)
		if err != nil {
			return err
		}
		existing, err := s.codes(ctx, tx, consultationID)
		if err != nil {
			return err
		}
		var add func(parent int64, depth int, codes []ImportedCode) error
		add = func(parent int64, depth int, codes []ImportedCode) error {
			position := 0
			here := map[string]int64{}
			for _, c := range existing {
				if c.ParentID == parent {
					here[strings.ToLower(c.Name)] = c.ID
					position = max(position, c.Position)
				}
			}
			for _, c := range codes {
				if depth >= MaxDepth {
					return valid.Errors{{Field: "file", Message: fmt.Sprintf("The theme %q would be nested more than %d deep in the codebook", c.Name, MaxDepth)}}
				}
				id, ok := here[strings.ToLower(c.Name)]
				if ok {
					done.Existing++
				} else {
					if errs := checkCode(c.Name, c.Description); len(errs) > 0 {
						return valid.Errors{{Field: "file", Message: fmt.Sprintf("The theme %q: %s", c.Name, errs.Error())}}
					}
					position++
					if err := tx.QueryRowContext(ctx, `INSERT INTO codes (partnership_id, codebook_id, parent_id, name, description, position, created_at)
						VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, s.p.ID, b.ID, nullID(parent), c.Name, c.Description, position, s.now()).Scan(&id); err != nil {
						return fmt.Errorf("import code: %w", err)
					}
					here[strings.ToLower(c.Name)] = id
					done.Added++
				}
				if err := add(id, depth+1, c.Codes); err != nil {
					return err
				}
			}
			return nil
		}
		if err := add(0, 0, codes); err != nil {
			return err
		}
		return s.touchCodebook(ctx, tx, b.ID, who, "import codes", b.ID,
			fmt.Sprintf("%d codes imported from %s (%d already there)", done.Added, source, done.Existing), nil, codes)
	})
	return done, err
}
