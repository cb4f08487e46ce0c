package analysis

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"coplan/internal/valid"
)

// validateQDE checks project.qde against the REFI-QDA Project schema with
// xmllint (Debian's libxml2-utils; scripts/test-deps.sh installs it). It
// skips, saying so, only where xmllint is missing outside CI: in CI a
// missing xmllint fails the test, so the check cannot quietly vanish.
func validateQDE(t *testing.T, qde []byte) {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("xmllint is missing, so project.qde cannot be checked against the REFI-QDA schema: install libxml2-utils (scripts/test-deps.sh does)")
		}
		t.Skip("xmllint is missing (Debian: apt-get install libxml2-utils, or run scripts/test-deps.sh): project.qde was not checked against the REFI-QDA schema")
	}
	schema, err := filepath.Abs("testdata/refi-qda/Project-mrt2019.xsd")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "project.qde")
	if err := os.WriteFile(path, qde, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", schema, path).CombinedOutput()
	if err != nil {
		t.Fatalf("project.qde does not validate against the REFI-QDA schema: %v\n%s", err, out)
	}
}

// unzipQDPX reads every entry of a .qdpx.
func unzipQDPX(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the export is not a zip: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = content
	}
	return out
}

// The GUIDs are RFC 9562's name-based UUIDs (version 5): the standard's
// example, and coplan's own deterministic and distinct.
func TestUUIDv5(t *testing.T) {
	dns := [16]byte{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	if got, want := uuidV5(dns, "www.example.com"), "2ed6657d-e927-568b-95e1-2665a8aea6a2"; got != want {
		t.Errorf("uuidV5(DNS, www.example.com) = %s, want %s (RFC 9562, appendix A.4)", got, want)
	}
	if qdaGUID("code", 1) != qdaGUID("code", 1) || qdaGUID("code", 1) == qdaGUID("code", 2) ||
		qdaGUID("code", 1) == qdaGUID("user", 1) || qdaGUID("selection", 1, 23) == qdaGUID("selection", 12, 3) {
		t.Error("GUIDs are not one per thing and id")
	}
}

// A small project with every element coplan writes validates against the
// schema, and its sources are in the zip where plainTextPath says.
func TestQDEValidates(t *testing.T) {
	at := time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)
	ann, bob := qdaUser{GUID: qdaGUID("user", 1), Name: "Ann Coder"}, qdaUser{GUID: qdaGUID("user", 2), Name: "Bob <Coder> & Co"}
	p := qdpxProject{
		Name: "Care at home consultation", Description: "Coded answers", Created: at,
		Users: []qdaUser{ann, bob},
		Codes: []qdaCode{
			{GUID: qdaGUID("code", 1), Name: "Access", IsCodable: true, Description: "Getting to services",
				NoteRefs: []qdaRef{{qdaGUID("memo", 1)}},
				Codes:    []qdaCode{{GUID: qdaGUID("code", 2), Name: "Transport", IsCodable: true}}},
			{GUID: qdaGUID("code", 3), Name: "Staffing", IsCodable: true},
		},
		Notes: []qdaNote{
			{GUID: qdaGUID("memo", 1), Name: "Memo on Access", CreatingUser: ann.GUID, Created: qdaTime(at), Text: "Rural answers\nmostly"},
			{GUID: qdaGUID("memo", 2), Name: "Memo", CreatingUser: bob.GUID, Text: "Overall"},
		},
		NoteRefs: []qdaRef{{qdaGUID("memo", 2)}},
	}
	texts := []string{"Tha am bus ro ainneamh. The bus is too rare.", "Staff are kind but rushed.\nMore staff please."}
	sources := func(fn func(qdpxSource) error) error {
		for i, text := range texts {
			s := qdpxSource{GUID: qdaGUID("answer", int64(i)), Name: "R-0001 Q1", Description: "What matters?", Text: text, Created: at}
			start, end := wholeSelection(text)
			s.Selections = []qdaSelection{{GUID: qdaGUID("selection", int64(i)), Start: start, End: end, CreatingUser: ann.GUID, Created: qdaTime(at),
				Codings: []qdaCoding{{GUID: qdaGUID("coding", int64(i)), CreatingUser: ann.GUID, CodeRef: qdaRef{qdaGUID("code", 2)}}}}}
			if i == 1 {
				s.NoteRefs = []qdaRef{{qdaGUID("memo", 1)}}
			}
			if err := fn(s); err != nil {
				return err
			}
		}
		return nil
	}
	var buf bytes.Buffer
	if err := writeQDPX(&buf, sources, func() qdpxProject { return p }); err != nil {
		t.Fatal(err)
	}
	files := unzipQDPX(t, buf.Bytes())
	qde := files["project.qde"]
	if !bytes.Contains(qde, []byte(`xmlns="urn:QDA-XML:project:1.0"`)) || !bytes.Contains(qde, []byte("Bob &lt;Coder&gt; &amp; Co")) {
		t.Errorf("project.qde lacks the namespace or escaping:\n%s", qde)
	}
	for i, text := range texts {
		name, path := qdpxPath(qdaGUID("answer", int64(i)))
		if string(files[name]) != text || !bytes.Contains(qde, []byte(`plainTextPath="`+path+`"`)) {
			t.Errorf("source %d: %q in %s, referred to as %s: %v", i, files[name], name, path, strings.Contains(string(qde), path))
		}
	}
	if !bytes.Contains(qde, []byte(`endPosition="44"`)) {
		t.Errorf("the whole of the first answer (44 characters) is not selected:\n%s", qde)
	}
	validateQDE(t, qde)

	var again bytes.Buffer
	if err := writeQDPX(&again, sources, func() qdpxProject { return p }); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("the same project zipped twice differs")
	}
}

// qdc is a REFI-QDA codebook holding codes.
func qdc(codes string) []byte {
	return []byte(`<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="elsewhere"><Codes>` + codes + `</Codes></CodeBook>`)
}

// A codebook is read from a .qdc or a .qdpx with its nesting and
// descriptions, or refused with every problem in it, each naming the code.
func TestReadCodebook(t *testing.T) {
	g := func(i int64) string { return qdaGUID("t", i) }
	good := qdc(`<Code guid="` + g(1) + `" name=" Access  to care " isCodable="true"><Description>Getting there</Description>
		<Code guid="` + g(2) + `" name="Transport" isCodable="1"/></Code>
		<Code guid="` + g(3) + `" name="Cùram aig an taigh" isCodable="false"/>`)
	codes, err := ReadCodebook("file", "book.QDC", good)
	if err != nil {
		t.Fatal(err)
	}
	want := []ImportedCode{{Name: "Access to care", Description: "Getting there", Codes: []ImportedCode{{Name: "Transport"}}}, {Name: "Cùram aig an taigh"}}
	if fmt.Sprint(codes) != fmt.Sprint(want) {
		t.Errorf("read %v\nwant %v", codes, want)
	}

	deep := `<Code guid="` + g(9) + `" name="L6" isCodable="true"/>`
	for i := 5; i >= 1; i-- {
		deep = fmt.Sprintf(`<Code guid="%s" name="L%d" isCodable="true">%s</Code>`, g(int64(10+i)), i, deep)
	}
	var zipped bytes.Buffer
	z := zip.NewWriter(&zipped)
	f, _ := z.Create("notes.txt")
	io.WriteString(f, "not a project")
	z.Close()
	for _, tt := range []struct {
		name, filename string
		content        []byte
		want           []string
	}{
		{"another kind of file", "codes.csv", []byte("a,b"), []string{"must be a REFI-QDA project (.qdpx) or codebook (.qdc)"}},
		{"not a zip", "p.qdpx", []byte("PK not really"), []string{"not a REFI-QDA project or codebook"}},
		{"a zip without a project", "p.qdpx", zipped.Bytes(), []string{"no project.qde"}},
		{"broken XML", "b.qdc", []byte(`<?xml version="1.0"?>` + "\n" + `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code name="a">` + "\n</Codes>"),
			[]string{"broken near line 3"}},
		{"another XML", "b.qdc", []byte(`<html><body/></html>`), []string{"not a REFI-QDA project or codebook"}},
		{"no codes", "b.qdc", qdc(""), []string{"no themes"}},
		{"every problem at once", "b.qdc", qdc(`<Code guid="` + g(1) + `" name=" " isCodable="true"/>
			<Code guid="` + g(2) + `" name="Staff" isCodable="true"><Code guid="` + g(3) + `" name="" isCodable="true"/></Code>
			<Code guid="` + g(4) + `" name="staff" isCodable="true"><Description>` + strings.Repeat("x", MaxText+1) + `</Description></Code>
			<Code guid="` + g(5) + `" name="` + strings.Repeat("Long ", 50) + `" isCodable="true"/>` + deep),
			[]string{
				"Theme 1 at the top of the codebook has no name",
				`Theme 1 under "Staff" has no name`,
				`The theme "staff" is there twice`,
				`The theme "staff" has a description longer than 10000 characters`,
				"has a name longer than 200 characters",
				`The theme "L6" under "L1 > L2 > L3 > L4 > L5" is nested 6 levels deep`,
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			codes, err := ReadCodebook("file", tt.filename, tt.content)
			errs, ok := valid.As(err)
			if !ok || codes != nil {
				t.Fatalf("read %v, %v; want valid.Errors", codes, err)
			}
			if len(errs) != len(tt.want) {
				t.Errorf("%d problems, want %d: %v", len(errs), len(tt.want), errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs.Error(), w) {
					t.Errorf("no problem saying %q in %v", w, errs)
				}
			}
			for _, e := range errs {
				if e.Field != "file" {
					t.Errorf("a problem for field %q", e.Field)
				}
			}
		})
	}
}
