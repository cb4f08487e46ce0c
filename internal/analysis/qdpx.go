package analysis

// REFI-QDA exchange (issue 13, item 8): a consultation's coded answers as a
// REFI-QDA project (.qdpx) that NVivo, ATLAS.ti, MAXQDA and QualCoder open,
// and a codebook read back from a project or a REFI-QDA codebook (.qdc).
//
// The format is QDA-XML 1.0 (the Rotterdam Exchange Format Initiative's
// Project schema of 18 March 2019, testdata/refi-qda/Project-mrt2019.xsd):
// a zip holding project.qde, whose root element is Project in the namespace
// urn:QDA-XML:project:1.0, and a folder "sources" holding the sources'
// plain text, each referred to as plainTextPath="internal://NAME.txt".
//
// What coplan chose where the schema is silent:
//   - One TextSource per answer (a response's answer to one free-text
//     question), named by the response's reference and the question's code
//     and described by the question, with the respondent's type, the
//     channel and the language as variables. coplan codes answers, so each
//     coding's positions are in its own source's text, and the export
//     streams one question's answers at a time (consult.EachTextAnswer).
//   - Each coder is a User and their codings are theirs (creatingUser);
//     once two people have coded, the agreed coding comes too, as one more
//     user (see QDPXExport).
//   - The zip holds the sources' text files first, each written as it is
//     read, and project.qde last (order in a zip does not matter to the
//     tools that read it).
//   - Positions: the schema types startPosition and endPosition as integers
//     and its annotations do not say what they count. coplan counts
//     characters as Unicode code points from 0, start inclusive and end
//     exclusive (the position after the last character), in the text of the
//     source file as written: UTF-8 without a byte order mark, lines ended
//     by "\n". This is how coplan stores extracts (Coding.Start and End) and
//     how QualCoder counts (Python string indexes).
//   - A coding of the whole answer is a selection from 0 to the answer's
//     length, since every tool reads selections and not all read codings of
//     a whole source.
//   - GUIDs are UUIDs of version 5 (RFC 9562) named by what they identify
//     and its id in coplan, so the same project exports the same GUIDs, and
//     a tool that imports a project twice recognises its codes.

import (
	"archive/zip"
	"bufio"
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"
)

// The namespaces of QDA-XML 1.0's project (.qde) and codebook (.qdc).
const (
	qdaProjectNS  = "urn:QDA-XML:project:1.0"
	qdaCodebookNS = "urn:QDA-XML:codebook:1.0"
)

// guidSpace is the namespace of coplan's REFI-QDA GUIDs (itself a random
// UUID, chosen once: changing it would change every export's GUIDs).
var guidSpace = [16]byte{0x6b, 0x2e, 0x47, 0x1c, 0x9d, 0x03, 0x4f, 0x5a, 0xb1, 0x6e, 0x2a, 0x8c, 0x51, 0xd7, 0x0e, 0x94}

// uuidV5 is the name-based UUID of name in namespace ns (RFC 9562 §5.5):
// the first 16 bytes of SHA-1(ns || name), with the version and variant
// bits set.
func uuidV5(ns [16]byte, name string) string {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	b := h.Sum(nil)[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// qdaGUID is the GUID of a thing of a kind ("code", "user", ...) known by
// ids in coplan.
func qdaGUID(kind string, ids ...int64) string {
	var b strings.Builder
	b.WriteString("coplan:" + kind)
	for _, id := range ids {
		fmt.Fprintf(&b, ":%d", id)
	}
	return uuidV5(guidSpace, b.String())
}

// The elements of QDA-XML that coplan writes and reads, in the order the
// schema's sequences require.

type qdaUser struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
}

type qdaRef struct {
	Target string `xml:"targetGUID,attr"`
}

type qdaCode struct {
	GUID        string    `xml:"guid,attr"`
	Name        string    `xml:"name,attr"`
	IsCodable   bool      `xml:"isCodable,attr"`
	Description string    `xml:"Description,omitempty"`
	NoteRefs    []qdaRef  `xml:"NoteRef"`
	Codes       []qdaCode `xml:"Code"`
}

type qdaCoding struct {
	GUID         string `xml:"guid,attr"`
	CreatingUser string `xml:"creatingUser,attr,omitempty"`
	Created      string `xml:"creationDateTime,attr,omitempty"`
	CodeRef      qdaRef `xml:"CodeRef"`
}

type qdaSelection struct {
	GUID         string      `xml:"guid,attr"`
	Name         string      `xml:"name,attr,omitempty"`
	Start        int         `xml:"startPosition,attr"`
	End          int         `xml:"endPosition,attr"`
	CreatingUser string      `xml:"creatingUser,attr,omitempty"`
	Created      string      `xml:"creationDateTime,attr,omitempty"`
	Codings      []qdaCoding `xml:"Coding"`
}

type qdaTextSource struct {
	XMLName       xml.Name           `xml:"TextSource"`
	GUID          string             `xml:"guid,attr"`
	Name          string             `xml:"name,attr,omitempty"`
	PlainTextPath string             `xml:"plainTextPath,attr"`
	Created       string             `xml:"creationDateTime,attr,omitempty"`
	Description   string             `xml:"Description,omitempty"`
	Selections    []qdaSelection     `xml:"PlainTextSelection"`
	NoteRefs      []qdaRef           `xml:"NoteRef"`
	Values        []qdaVariableValue `xml:"VariableValue"`
}

// qdaVariable is a variable of the sources (an attribute, a
// classification): coplan's are text.
type qdaVariable struct {
	GUID        string `xml:"guid,attr"`
	Name        string `xml:"name,attr"`
	Type        string `xml:"typeOfVariable,attr"`
	Description string `xml:"Description,omitempty"`
}

// qdaVariableValue is a source's value of a variable.
type qdaVariableValue struct {
	Variable qdaRef `xml:"VariableRef"`
	Text     string `xml:"TextValue"`
}

// qdaNote is a memo: a Note (of the schema's TextSourceType) with its text
// inside it.
type qdaNote struct {
	XMLName      xml.Name `xml:"Note"`
	GUID         string   `xml:"guid,attr"`
	Name         string   `xml:"name,attr,omitempty"`
	CreatingUser string   `xml:"creatingUser,attr,omitempty"`
	Created      string   `xml:"creationDateTime,attr,omitempty"`
	Text         string   `xml:"PlainTextContent"`
}

// qdaTime is a time as xsd:dateTime, in UTC to the second; "" for none.
func qdaTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// qdpxProject is everything of a project but its sources: the coders, the
// codebook, the memos.
type qdpxProject struct {
	Name        string
	Description string
	Created     time.Time // of the project (its codebook's), or zero
	Users       []qdaUser
	Codes       []qdaCode
	Variables   []qdaVariable
	Notes       []qdaNote
	NoteRefs    []qdaRef // memos on the project as a whole
}

// qdpxSource is one answer as a TextSource: its text and its selections.
type qdpxSource struct {
	GUID        string
	Name        string
	Description string
	Text        string
	Created     time.Time
	Selections  []qdaSelection
	NoteRefs    []qdaRef
	Values      []qdaVariableValue
}

// eachSource calls fn with every source in a fixed order, once.
type eachSource func(fn func(qdpxSource) error) error

// qdpxPath is a source's text file inside the zip, and the plainTextPath
// that refers to it.
func qdpxPath(guid string) (zipName, plainTextPath string) {
	return "sources/" + guid + ".txt", "internal://" + guid + ".txt"
}

// writeQDPX writes a project as a .qdpx zip to w, reading its sources
// once: each source's text goes into the zip as it is read, and its
// description (its selections and codings) to a temporary file, so that
// nothing but the source being written is held in memory. project.qde
// comes last, made of the project (asked for once every source has been
// read, so that the sources may add to it: the coders they meet), the
// sources' descriptions and the memos.
func writeQDPX(w io.Writer, sources eachSource, project func() qdpxProject) error {
	tmp, err := os.CreateTemp("", "coplan-qdpx-*.xml")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	buf := bufio.NewWriter(tmp)
	described := xml.NewEncoder(buf)
	described.Indent(" ", " ")

	z := zip.NewWriter(w)
	n := 0
	err = sources(func(s qdpxSource) error {
		n++
		name, path := qdpxPath(s.GUID)
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, s.Text); err != nil {
			return err
		}
		return described.Encode(qdaTextSource{GUID: s.GUID, Name: s.Name, PlainTextPath: path, Created: qdaTime(s.Created),
			Description: s.Description, Selections: s.Selections, NoteRefs: s.NoteRefs, Values: s.Values})
	})
	if err != nil {
		return err
	}
	if err := described.Close(); err != nil {
		return err
	}
	if err := buf.Flush(); err != nil {
		return err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	f, err := z.CreateHeader(&zip.FileHeader{Name: "project.qde", Method: zip.Deflate, Modified: zipTime})
	if err != nil {
		return err
	}
	var fragment io.Reader
	if n > 0 {
		fragment = tmp
	}
	if err := writeQDE(f, project(), fragment); err != nil {
		return err
	}
	return z.Close()
}

// zipTime is the time of every entry of the zip: a fixed one (the
// schema's release), so that the same project zips the same.
var zipTime = time.Date(2019, 3, 18, 0, 0, 0, 0, time.UTC)

// writeQDE writes project.qde: the project, with the sources described in
// sources (the TextSource elements, or nil for none) as its Sources.
func writeQDE(w io.Writer, p qdpxProject, sources io.Reader) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	e := xml.NewEncoder(w)
	e.Indent("", " ")
	start := func(name string, attrs ...xml.Attr) error {
		return e.EncodeToken(xml.StartElement{Name: xml.Name{Local: name}, Attr: attrs})
	}
	end := func(name string) error { return e.EncodeToken(xml.EndElement{Name: xml.Name{Local: name}}) }
	attr := func(name, value string) xml.Attr { return xml.Attr{Name: xml.Name{Local: name}, Value: value} }

	root := []xml.Attr{attr("xmlns", qdaProjectNS), attr("name", p.Name), attr("origin", "coplan")}
	if c := qdaTime(p.Created); c != "" {
		root = append(root, attr("creationDateTime", c))
	}
	if err := start("Project", root...); err != nil {
		return err
	}
	if len(p.Users) > 0 {
		if err := e.EncodeElement(struct {
			Users []qdaUser `xml:"User"`
		}{p.Users}, xml.StartElement{Name: xml.Name{Local: "Users"}}); err != nil {
			return err
		}
	}
	if len(p.Codes) > 0 {
		type codes struct {
			Codes []qdaCode `xml:"Code"`
		}
		if err := e.EncodeElement(struct {
			Codes codes `xml:"Codes"`
		}{codes{p.Codes}}, xml.StartElement{Name: xml.Name{Local: "CodeBook"}}); err != nil {
			return err
		}
	}
	if len(p.Variables) > 0 {
		if err := e.EncodeElement(struct {
			Variables []qdaVariable `xml:"Variable"`
		}{p.Variables}, xml.StartElement{Name: xml.Name{Local: "Variables"}}); err != nil {
			return err
		}
	}
	if sources != nil {
		if err := start("Sources"); err != nil {
			return err
		}
		if err := e.Flush(); err != nil {
			return err
		}
		if _, err := io.Copy(w, sources); err != nil {
			return err
		}
		if err := end("Sources"); err != nil {
			return err
		}
	}
	if len(p.Notes) > 0 {
		if err := e.EncodeElement(struct {
			Notes []qdaNote `xml:"Note"`
		}{p.Notes}, xml.StartElement{Name: xml.Name{Local: "Notes"}}); err != nil {
			return err
		}
	}
	if p.Description != "" {
		if err := e.EncodeElement(p.Description, xml.StartElement{Name: xml.Name{Local: "Description"}}); err != nil {
			return err
		}
	}
	for _, r := range p.NoteRefs {
		if err := e.EncodeElement(r, xml.StartElement{Name: xml.Name{Local: "NoteRef"}}); err != nil {
			return err
		}
	}
	if err := end("Project"); err != nil {
		return err
	}
	return e.Close()
}

// wholeSelection is the selection of the whole of text.
func wholeSelection(text string) (start, end int) { return 0, utf8.RuneCountInString(text) }
