package analysis

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"coplan/internal/valid"
)

// ImportedCode is a code read from a REFI-QDA codebook, with its
// sub-codes, to add to a consultation's codebook (Store.ImportCodes).
type ImportedCode struct {
	Name        string
	Description string
	Codes       []ImportedCode
}

// MaxImportedCodes is the most codes one codebook may bring: more than any
// codebook a person reads through, few enough to check in one request.
const MaxImportedCodes = 2000

// maxQDE is the most of a project.qde read to find its codebook, which
// comes before its sources.
const maxQDE = 64 << 20

// ReadCodebook reads the codes of a REFI-QDA project (.qdpx: a zip holding
// a .qde file) or codebook (.qdc: a CodeBook element in the namespace
// urn:QDA-XML:codebook:1.0), and checks them: every code named, within
// coplan's limits of length and nesting, no two codes of the same name
// side by side. Every problem is reported at once, as valid.Errors for
// field, each a sentence naming the code; a file that is not REFI-QDA at
// all is one error.
func ReadCodebook(field, filename string, content []byte) ([]ImportedCode, error) {
	fail := func(msg string) ([]ImportedCode, error) { return nil, valid.Errors{{Field: field, Message: msg}} }
	var (
		codes []qdaCode
		err   error
	)
	switch strings.ToLower(path.Ext(strings.ReplaceAll(filename, `\`, "/"))) {
	case ".qdpx":
		codes, err = qdpxCodes(content)
	case ".qdc":
		codes, err = qdcCodes(bytes.NewReader(content))
	default:
		return fail("The file must be a REFI-QDA project (.qdpx) or codebook (.qdc)")
	}
	if err != nil {
		return fail(err.Error())
	}
	var errs valid.Errors
	out, n := checkImported(codes, "", 1, field, &errs)
	switch {
	case n == 0:
		errs.Add(field, "The file has no themes to add")
	case n > MaxImportedCodes:
		errs.Add(field, fmt.Sprintf("The file has %d themes: coplan adds at most %d at a time", n, MaxImportedCodes))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// checkImported turns the codes under parent (its path in words, "" at the
// top) into ImportedCodes, adding a problem for each code that breaks a
// rule, and counts them.
func checkImported(codes []qdaCode, parent string, depth int, field string, errs *valid.Errors) ([]ImportedCode, int) {
	where := func(name string) string {
		if parent == "" {
			return fmt.Sprintf("The theme %q", name)
		}
		return fmt.Sprintf("The theme %q under %q", name, parent)
	}
	var out []ImportedCode
	n := 0
	seen := map[string]bool{}
	for i, c := range codes {
		name := strings.Join(strings.Fields(c.Name), " ")
		desc := strings.TrimSpace(c.Description)
		label := name
		switch {
		case name == "" && parent == "":
			errs.Add(field, fmt.Sprintf("Theme %d at the top of the codebook has no name", i+1))
			label = fmt.Sprintf("code %d", i+1)
		case name == "":
			errs.Add(field, fmt.Sprintf("Theme %d under %q has no name", i+1, parent))
			label = fmt.Sprintf("code %d", i+1)
		case runeLen(name) > MaxName:
			errs.Add(field, fmt.Sprintf("%s has a name longer than %d characters", where(string([]rune(name)[:40])+"…"), MaxName))
		case seen[strings.ToLower(name)]:
			errs.Add(field, fmt.Sprintf("%s is there twice: give each code a different name", where(name)))
		}
		seen[strings.ToLower(name)] = true
		if runeLen(desc) > MaxText {
			errs.Add(field, fmt.Sprintf("%s has a description longer than %d characters", where(label), MaxText))
		}
		if depth > MaxDepth {
			errs.Add(field, fmt.Sprintf("%s is nested %d levels deep: coplan nests themes at most %d deep", where(label), depth, MaxDepth))
		}
		path := label
		if parent != "" {
			path = parent + " > " + label
		}
		var sub []ImportedCode
		var m int
		if depth <= MaxDepth {
			sub, m = checkImported(c.Codes, path, depth+1, field, errs)
		}
		out = append(out, ImportedCode{Name: name, Description: desc, Codes: sub})
		n += 1 + m
	}
	return out, n
}

// errNotREFI is the error for a file that is not REFI-QDA.
var errNotREFI = errors.New("The file is not a REFI-QDA project or codebook: export it again from your analysis software as a REFI-QDA project (.qdpx) or codebook (.qdc)")

// qdpxCodes reads the codebook of a .qdpx: its project.qde (or, as some
// tools name it, another .qde file at the top of the zip), read only as
// far as its CodeBook.
func qdpxCodes(content []byte) ([]qdaCode, error) {
	z, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return nil, errNotREFI
	}
	var qde *zip.File
	for _, f := range z.File {
		if f.Name == "project.qde" {
			qde = f
			break
		}
		if qde == nil && !strings.Contains(f.Name, "/") && strings.EqualFold(path.Ext(f.Name), ".qde") {
			qde = f
		}
	}
	if qde == nil {
		return nil, errors.New("The file has no project.qde in it, so it is not a REFI-QDA project: export it again from your analysis software")
	}
	r, err := qde.Open()
	if err != nil {
		return nil, errNotREFI
	}
	defer r.Close()
	d := xml.NewDecoder(io.LimitReader(r, maxQDE))
	root, err := rootElement(d)
	if err != nil {
		return nil, err
	}
	if root.Name.Local != "Project" || root.Name.Space != qdaProjectNS {
		return nil, errNotREFI
	}
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil, nil // a project without a codebook: no codes
		}
		if err != nil {
			return nil, xmlProblem(d, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 && t.Name.Local == "CodeBook" {
				var cb qdaCodebook
				if err := d.DecodeElement(&cb, &t); err != nil {
					return nil, xmlProblem(d, err)
				}
				return cb.Codes, nil
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
}

// qdcCodes reads a REFI-QDA codebook (.qdc).
func qdcCodes(r io.Reader) ([]qdaCode, error) {
	d := xml.NewDecoder(io.LimitReader(r, maxQDE))
	root, err := rootElement(d)
	if err != nil {
		return nil, err
	}
	if root.Name.Local != "CodeBook" || root.Name.Space != qdaCodebookNS && root.Name.Space != qdaProjectNS {
		return nil, errNotREFI
	}
	var cb qdaCodebook
	if err := d.DecodeElement(&cb, &root); err != nil {
		return nil, xmlProblem(d, err)
	}
	return cb.Codes, nil
}

// qdaCodebook is the CodeBook element, as read.
type qdaCodebook struct {
	Codes []qdaCode `xml:"Codes>Code"`
}

// rootElement reads up to the document's root element.
func rootElement(d *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err != nil {
			return xml.StartElement{}, errNotREFI
		}
		if s, ok := tok.(xml.StartElement); ok {
			return s, nil
		}
	}
}

// xmlProblem is the error for XML that breaks off or is malformed.
func xmlProblem(d *xml.Decoder, err error) error {
	line, _ := d.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
	}
	return fmt.Errorf("The file's XML is broken near line %d, so its codes cannot be read: export it again from your analysis software", line)
}
