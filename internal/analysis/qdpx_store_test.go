package analysis

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// qdpxConsultation makes a partnership (named after the title) and a consultation with two
// free-text questions and a closed one, and enters answers: one response
// for each text given (to Q1, and to Q2 when it has a " | " in it).
func qdpxConsultation(t *testing.T, d *db.DB, title string, texts ...string) (partnership.Partnership, consult.Consultation, []consult.Question, []int64) {
	t.Helper()
	ctx := context.Background()
	pp := partnership.Partnership{Slug: "glenmorven", Name: "Glenmorven", Model: "ijb", HealthBoard: "NHS Glenmorven",
		LocalAuthorities: []partnership.Named{{Name: "Glenmorven Council"}},
		Localities:       []partnership.Named{{Name: "Kilbrannan"}, {Name: "Strathard"}, {Name: "Inverlussa"}, {Name: "Morven Coast"}}}
	pp.Name, pp.Slug = pp.Name+" "+title, pp.Slug+"-"+strings.ToLower(strings.ReplaceAll(title, " ", "-"))
	p, err := partnership.Create(ctx, d, pp, audit.System, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cs := consult.StoreFor(d, p, nil)
	now := time.Now()
	c, err := cs.SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: title, Audience: consult.Public,
		OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour)}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	qn, err := cs.SaveQuestionnaire(ctx, c, consult.Questionnaire{Sections: []consult.Section{{Title: "Your views", Questions: []consult.Question{
		{Code: "Q1", Kind: consult.Text, Text: "What matters most to you?"},
		{Code: "Q2", Kind: consult.Single, Text: "Do you use day services?", Options: []consult.Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}},
		{Code: "Q3", Kind: consult.Text, Text: "What would you change?"},
	}}}}, "", audit.System)
	if err != nil {
		t.Fatal(err)
	}
	qs := qn.Questions()
	var ids []int64
	for _, text := range texts {
		q1, q3, _ := strings.Cut(text, " | ")
		answers := consult.Answers{qs[0].ID: {QuestionID: qs[0].ID, Text: q1}, qs[1].ID: {QuestionID: qs[1].ID, Choices: []string{"yes"}}}
		if q3 != "" {
			answers[qs[2].ID] = consult.Answer{QuestionID: qs[2].ID, Text: q3}
		}
		r, err := cs.EnterResponse(ctx, c, consult.Response{Channel: consult.Paper, Respondent: consult.Respondent{Type: consult.Individual,
			Name: "Ann", Publish: consult.DoNotPublish, ContactSet: true}, Answers: answers}, "GLE", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	return p, c, []consult.Question{qs[0], qs[2]}, ids
}

// qdpxCoder is an officer of the partnership who codes.
func qdpxCoder(t *testing.T, d *db.DB, p partnership.Partnership, name string) audit.Actor {
	t.Helper()
	u, err := auth.CreateUser(context.Background(), d, auth.User{PartnershipID: p.ID, Email: strings.ReplaceAll(strings.ToLower(name), " ", ".") + "@example.org",
		Name: name, Role: auth.Officer}, "a long enough password 1", audit.System, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return audit.Actor{UserID: u.ID, Name: u.Name}
}

// readQDE is project.qde read back: each source's selections with the
// names of the codes and coders of their codings.
type readQDE struct {
	Users []struct {
		GUID string `xml:"guid,attr"`
		Name string `xml:"name,attr"`
	} `xml:"Users>User"`
	Codes   []qdaCode `xml:"CodeBook>Codes>Code"`
	Sources []struct {
		GUID       string             `xml:"guid,attr"`
		Name       string             `xml:"name,attr"`
		Path       string             `xml:"plainTextPath,attr"`
		Selections []qdaSelection     `xml:"PlainTextSelection"`
		NoteRefs   []qdaRef           `xml:"NoteRef"`
		Values     []qdaVariableValue `xml:"VariableValue"`
	} `xml:"Sources>TextSource"`
	Variables []qdaVariable `xml:"Variables>Variable"`
	Notes     []qdaNote     `xml:"Notes>Note"`
}

// The export of a coded consultation: valid against the REFI-QDA schema;
// each answer a source whose text file holds the answer; each coding a
// selection whose positions, counted in characters, pick out the very
// extract coded (after Gaelic accents, which take two bytes each); memos as
// notes; the agreed coding as one more user, once two people have coded;
// the same bytes each time; and its codebook, imported into another
// consultation, gives the same codes.
func TestQDPXExport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, c, qs, ids := qdpxConsultation(t, d, "Care at home",
			"Tha am bus ro ainneamh: àite sam bith. The bus is too rare.",
			"Staff are kind but rushed. | More staff, fewer forms.",
			"Nothing to add.")
		s := StoreFor(d, p, nil)
		ann, bob := qdpxCoder(t, d, p, "Ann Coder"), qdpxCoder(t, d, p, "Bob Coder")
		access, err := s.AddCode(ctx, c.ID, 0, "Access", "Getting to services", ann)
		if err != nil {
			t.Fatal(err)
		}
		transport, err := s.AddCode(ctx, c.ID, access.ID, "Transport", "Buses, lifts & taxis", ann)
		if err != nil {
			t.Fatal(err)
		}
		staffing, err := s.AddCode(ctx, c.ID, 0, "Staffing", "", ann)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []struct {
			who audit.Actor
			app Application
		}{
			{ann, Application{ConsultationID: c.ID, QuestionID: qs[0].ID, ResponseID: ids[0], Codes: []int64{transport.ID}, Extract: "The bus is too rare."}},
			{bob, Application{ConsultationID: c.ID, QuestionID: qs[0].ID, ResponseID: ids[0], Codes: []int64{access.ID}}},
			{ann, Application{ConsultationID: c.ID, QuestionID: qs[0].ID, ResponseID: ids[1], Codes: []int64{staffing.ID, access.ID}}},
			{bob, Application{ConsultationID: c.ID, QuestionID: qs[1].ID, ResponseID: ids[1], Codes: []int64{staffing.ID}, Extract: "More staff"}},
		} {
			if _, err := s.Code(ctx, a.app, a.who); err != nil {
				t.Fatal(err)
			}
		}
		// The lead reconciles the first answer, which the two coded
		// differently: Access is agreed, Transport is not.
		if err := s.Decide(ctx, c.ID, qs[0].ID, ids[0], []int64{access.ID, transport.ID}, []int64{access.ID}, ann); err != nil {
			t.Fatal(err)
		}
		for _, m := range []struct{ code, response int64 }{{transport.ID, 0}, {0, ids[1]}, {0, 0}} {
			if _, err := s.AddMemo(ctx, c.ID, m.code, m.response, fmt.Sprintf("Memo %d/%d: rural <answers> & more", m.code, m.response), bob); err != nil {
				t.Fatal(err)
			}
		}

		e, err := s.QDPX(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := e.WriteTo(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		if e.Read() != 4 {
			t.Errorf("read %d answers, want 4 (three to Q1, one to Q3)", e.Read())
		}
		files := unzipQDPX(t, buf.Bytes())
		validateQDE(t, files["project.qde"])

		var got readQDE
		if err := xml.Unmarshal(files["project.qde"], &got); err != nil {
			t.Fatal(err)
		}
		user := map[string]string{}
		for _, u := range got.Users {
			user[u.GUID] = u.Name
		}
		if len(got.Users) != 3 || user[qdaGUID("user", ann.UserID)] != "Ann Coder" || user[qdaGUID("user", bob.UserID)] != "Bob Coder" ||
			user[qdaGUID("user", agreedUser)] != agreedUserName {
			t.Errorf("users %+v, want the two coders and the agreed coding", got.Users)
		}
		codeName := map[string]string{}
		var walk func([]qdaCode, string)
		walk = func(cs []qdaCode, parent string) {
			for _, c := range cs {
				codeName[c.GUID] = parent + c.Name
				walk(c.Codes, parent+c.Name+" > ")
			}
		}
		walk(got.Codes, "")
		if len(got.Sources) != 4 || len(files) != 5 {
			t.Fatalf("%d sources and %d files, want 4 sources, their 4 files and project.qde", len(got.Sources), len(files))
		}
		variable := map[string]string{}
		for _, v := range got.Variables {
			variable[v.GUID] = v.Name
		}
		var coded []string
		for _, src := range got.Sources {
			var values []string
			for _, v := range src.Values {
				values = append(values, variable[v.Variable.Target]+": "+v.Text)
			}
			if strings.Join(values, "; ") != "Respondent type: Individual; Channel: Paper form; Language: English" {
				t.Errorf("source %s: variables %q", src.Name, values)
			}
			text, ok := files["sources/"+strings.TrimPrefix(src.Path, "internal://")]
			if !ok || src.Path != "internal://"+src.GUID+".txt" {
				t.Errorf("source %s: no file for %s", src.Name, src.Path)
			}
			for _, sel := range src.Selections {
				for _, k := range sel.Codings {
					coded = append(coded, fmt.Sprintf("%s %s %s: %q", src.Name[strings.LastIndex(src.Name, " ")+1:], user[k.CreatingUser],
						codeName[k.CodeRef.Target], runeSlice(string(text), sel.Start, sel.End)))
				}
			}
			if strings.HasPrefix(string(text), "Staff") && (len(src.NoteRefs) != 1 || src.NoteRefs[0].Target != qdaGUID("memo", 2)) {
				t.Errorf("the memo on the second response is not referred to by its answer: %+v", src.NoteRefs)
			}
		}
		want := []string{
			`Q1 Bob Coder Access: "Tha am bus ro ainneamh: àite sam bith. The bus is too rare."`,
			`Q1 Ann Coder Access > Transport: "The bus is too rare."`,
			`Q1 Agreed coding (reconciled in coplan) Access: "Tha am bus ro ainneamh: àite sam bith. The bus is too rare."`,
			`Q1 Ann Coder Staffing: "Staff are kind but rushed."`,
			`Q1 Ann Coder Access: "Staff are kind but rushed."`,
			`Q1 Agreed coding (reconciled in coplan) Staffing: "Staff are kind but rushed."`,
			`Q1 Agreed coding (reconciled in coplan) Access: "Staff are kind but rushed."`,
			`Q3 Bob Coder Staffing: "More staff"`,
			`Q3 Agreed coding (reconciled in coplan) Staffing: "More staff"`,
		}
		if fmt.Sprint(coded) != fmt.Sprint(want) {
			t.Errorf("codings read back from the file:\n%s\nwant\n%s", strings.Join(coded, "\n"), strings.Join(want, "\n"))
		}
		if len(got.Notes) != 3 || !strings.Contains(got.Notes[0].Text, "rural <answers> & more") || got.Codes[0].Codes[0].NoteRefs[0].Target != got.Notes[0].GUID {
			t.Errorf("memos: %+v", got.Notes)
		}

		again, err := s.QDPX(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var buf2 bytes.Buffer
		if err := again.WriteTo(ctx, &buf2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
			t.Error("the same project exported twice differs")
		}

		// The round trip: the export's codebook, imported into another
		// consultation, gives the same codes; imported again, nothing.
		codes, err := ReadCodebook("file", "care.qdpx", buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		_, other, _, _ := qdpxConsultation(t, d, "Another")
		s2 := StoreFor(d, partnership.Partnership{ID: other.PartnershipID}, nil)
		for i, want := range []Imported{{Added: 3}, {Existing: 3}} {
			done, err := s2.ImportCodes(ctx, other.ID, codes, "care.qdpx", ann)
			if err != nil || done != want {
				t.Fatalf("import %d: %+v, %v; want %+v", i+1, done, err, want)
			}
		}
		before, _ := s.Codes(ctx, c.ID)
		after, _ := s2.Codes(ctx, other.ID)
		if describeCodes(before) != describeCodes(after) {
			t.Errorf("imported codes\n%s\nwant\n%s", describeCodes(after), describeCodes(before))
		}

		// Another partnership cannot export this consultation.
		if _, err := s2.QDPX(ctx, c.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("another partnership's export: %v", err)
		}
	})
}

// describeCodes is a codebook in words: each code's depth, name and
// description, in order.
func describeCodes(codes []Code) string {
	var b strings.Builder
	for _, c := range codes {
		fmt.Fprintf(&b, "%s%s (%s)\n", strings.Repeat("  ", c.Depth), c.Name, c.Description)
	}
	return b.String()
}

// An import lands whole or not at all: a code that would go too deep under
// an existing one stops it, and nothing is added.
func TestImportCodesAllOrNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, c, _, _ := qdpxConsultation(t, d, "Care at home")
		s := StoreFor(d, p, nil)
		var parent int64
		for i := range MaxDepth - 1 {
			code, err := s.AddCode(ctx, c.ID, parent, fmt.Sprintf("L%d", i+1), "", audit.System)
			if err != nil {
				t.Fatal(err)
			}
			parent = code.ID
		}
		// L1 > L2 > L3 > L4 exists; the file adds New at the top, and L5 >
		// L6 under L4, one level too many.
		deep := ImportedCode{Name: "L5", Codes: []ImportedCode{{Name: "L6"}}}
		tree := []ImportedCode{{Name: "New"}, {Name: "l1", Codes: []ImportedCode{{Name: "L2", Codes: []ImportedCode{{Name: "L3",
			Codes: []ImportedCode{{Name: "L4", Codes: []ImportedCode{deep}}}}}}}}}
		_, err := s.ImportCodes(ctx, c.ID, tree, "deep.qdc", audit.System)
		if errs, ok := valid.As(err); !ok || !strings.Contains(errs.Error(), `"L6" would be nested more than 5 deep`) {
			t.Fatalf("import: %v", err)
		}
		codes, _ := s.Codes(ctx, c.ID)
		if len(codes) != MaxDepth-1 {
			t.Errorf("%d codes after a refused import, want the %d there before:\n%s", len(codes), MaxDepth-1, describeCodes(codes))
		}
	})
}

// The export streams: its first bytes leave before every answer has been
// read, and it reads each answer once.
func TestQDPXExportStreams(t *testing.T) {
	const n = 1200
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, c, qs, _ := qdpxConsultation(t, d, "Many answers")
		var qn int64
		if err := d.QueryRowContext(ctx, "SELECT questionnaire_id FROM questions WHERE id = $1", qs[0].ID).Scan(&qn); err != nil {
			t.Fatal(err)
		}
		at := time.Now()
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for i := range n {
				var id int64
				if err := tx.QueryRowContext(ctx, `INSERT INTO responses (consultation_id, questionnaire_id, reference, channel, status,
					respondent_type, name, publish, check_status, created_at, updated_at, submitted_at, expires_at, relationships)
					VALUES ($1, $2, $3, 'paper', 'submitted', 'individual', 'A', 'do-not-publish', 'unchecked', $4, $4, $4, $4, '') RETURNING id`,
					c.ID, qn, fmt.Sprintf("MANY-%05d", i), at).Scan(&id); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, "INSERT INTO answers (response_id, question_id, choices, text, other_text) VALUES ($1, $2, '', $3, '')",
					id, qs[0].ID, fmt.Sprintf("Answer %d: the bus comes %d times a day, and the day centre is %d miles away.", i, i%7, i%13)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		e, err := StoreFor(d, p, nil).QDPX(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		w := &firstBytes{e: e, readAt: -1}
		if err := e.WriteTo(ctx, w); err != nil {
			t.Fatal(err)
		}
		if e.Read() != n {
			t.Fatalf("read %d answers, want each of the %d once", e.Read(), n)
		}
		t.Logf("the first bytes left after %d of %d answers were read", w.readAt, n)
		if w.readAt < 0 || w.readAt > n/2 {
			t.Errorf("the first bytes left after %d of %d answers were read; they should leave before the rest are read", w.readAt, n)
		}
		files := unzipQDPX(t, w.buf.Bytes())
		if len(files) != n+1 || !bytes.Contains(files["project.qde"], []byte("MANY-01199 Q1")) {
			t.Errorf("%d files in the zip, want %d sources and project.qde", len(files), n)
		}
	})
}

// firstBytes records how many answers the export had read when its first
// bytes arrived.
type firstBytes struct {
	buf    bytes.Buffer
	e      *QDPXExport
	readAt int
}

func (w *firstBytes) Write(p []byte) (int, error) {
	if w.readAt < 0 && len(p) > 0 {
		w.readAt = w.e.Read()
	}
	return w.buf.Write(p)
}
