package meeting

import (
	"archive/zip"
	"bytes"
	"path/filepath"
	"strings"

	"coplan/internal/valid"
)

// MaxPaperSize is the largest paper coplan accepts: 20 MiB, enough for a
// long report with pictures, small enough for members on slow connections.
const MaxPaperSize = 20 << 20

// Format is a kind of file a paper may be.
type Format struct {
	Name        string // in words
	Extension   string // with the dot
	ContentType string
	matches     func(content []byte) bool
}

// Formats are the kinds of file papers may be: PDF, Word (both the old and
// the current format) and OpenDocument text. Each is checked by its name's
// extension and by its content, so a file renamed to look like another is
// refused.
var Formats = []Format{
	{"PDF", ".pdf", "application/pdf", isPDF},
	{"Word", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", isDOCX},
	{"Word", ".doc", "application/msword", isDOC},
	{"OpenDocument text", ".odt", "application/vnd.oasis.opendocument.text", isODT},
}

// The messages a person sees about a file; the field is the file input's id.
const (
	msgSelectFile = "Select a file"
	msgEmptyFile  = "The selected file is empty"
	msgWrongType  = "The file must be a PDF, Word or OpenDocument text file"
	msgTooBig     = "The file must be smaller than 20 MB"
)

// CheckFile checks an uploaded paper: that there is one, that it is not
// too big, and that both its name and its content say it is a PDF, Word or
// OpenDocument text file. It returns the content type to store (never the
// one the browser claimed) or valid.Errors for the field "file".
func CheckFile(filename string, content []byte) (contentType string, err error) {
	fail := func(msg string) (string, error) {
		return "", valid.Errors{{Field: "file", Message: msg}}
	}
	switch {
	case strings.TrimSpace(filename) == "" && len(content) == 0:
		return fail(msgSelectFile)
	case len(content) == 0:
		return fail(msgEmptyFile)
	case len(content) > MaxPaperSize:
		return fail(msgTooBig)
	}
	ext := strings.ToLower(filepath.Ext(filename))
	for _, f := range Formats {
		if f.Extension == ext {
			if !f.matches(content) {
				return fail(msgWrongType)
			}
			return f.ContentType, nil
		}
	}
	return fail(msgWrongType)
}

// TooBig is the error for a file larger than MaxPaperSize, for a caller
// that stopped reading it.
func TooBig() error { return valid.Errors{{Field: "file", Message: msgTooBig}} }

func isPDF(b []byte) bool { return bytes.HasPrefix(b, []byte("%PDF-")) }

// isDOC checks for the Compound File header that Word 97–2003 files have.
func isDOC(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
}

var zipMagic = []byte("PK\x03\x04")

// isDOCX checks for a ZIP archive holding a Word document's main part.
func isDOCX(b []byte) bool {
	if !bytes.HasPrefix(b, zipMagic) {
		return false
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return false
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			return true
		}
	}
	return false
}

// isODT checks for a ZIP archive whose first entry, stored uncompressed as
// the OpenDocument standard requires, names the text document type.
func isODT(b []byte) bool {
	const mime = "mimetypeapplication/vnd.oasis.opendocument.text"
	if !bytes.HasPrefix(b, zipMagic) {
		return false
	}
	head := b[:min(len(b), 128)]
	i := bytes.Index(head, []byte(mime))
	// "...text-template" and "...text-master" are other kinds of document.
	return i >= 0 && (i+len(mime) == len(head) || head[i+len(mime)] != '-')
}
