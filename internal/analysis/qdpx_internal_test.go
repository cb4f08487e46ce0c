package analysis

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	if err := writeQDPX(&buf, p, sources); err != nil {
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
	if err := writeQDPX(&again, p, sources); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("the same project zipped twice differs")
	}
}
