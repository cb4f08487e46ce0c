// Package files is the one check of an uploaded file: that there is one,
// that it is not too big, and that both its name and its content say it is
// a kind of file the upload takes. Meeting papers, consultation and plan
// documents and expense receipts all go through it, so a file renamed to
// look like another kind is refused everywhere alike.
package files

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http" // only for http.DetectContentType, the WHATWG sniffing algorithm
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"coplan/internal/valid"
)

// Upload is a file as a person sent it: its name as their browser gave it
// and its content.
type Upload struct {
	Filename string
	Content  []byte
}

// Empty says whether no file was chosen.
func (u Upload) Empty() bool { return strings.TrimSpace(u.Filename) == "" && len(u.Content) == 0 }

// Format is a kind of file, known by its name's extension and its content.
type Format struct {
	Name        string // in words
	Extension   string // with the dot
	ContentType string // stored and sent, never the one the browser claimed
	matches     func(content []byte) bool
}

// The formats coplan takes.
var (
	PDF  = Format{"PDF", ".pdf", "application/pdf", isPDF}
	DOCX = Format{"Word", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", isDOCX}
	DOC  = Format{"Word", ".doc", "application/msword", isDOC}
	ODT  = Format{"OpenDocument text", ".odt", "application/vnd.oasis.opendocument.text", isODT}
	Text = Format{"plain text", ".txt", "text/plain; charset=utf-8", isText}
	JPEG = Format{"JPEG", ".jpg", "image/jpeg", sniffed("image/jpeg")}
	JPG  = Format{"JPEG", ".jpeg", "image/jpeg", sniffed("image/jpeg")}
	PNG  = Format{"PNG", ".png", "image/png", sniffed("image/png")}
	// CSV is a table saved from a spreadsheet. Its cells are checked by
	// whoever reads it; here only that it is text, not a workbook or
	// another binary file renamed.
	CSV = Format{"CSV", ".csv", "text/csv; charset=utf-8", noNUL}
	// QDPX is a REFI-QDA project: a ZIP archive (what is inside is checked
	// by whoever reads it). QDC is a REFI-QDA codebook: XML, so UTF-8 text.
	QDPX = Format{"REFI-QDA project", ".qdpx", "application/zip", func(b []byte) bool { return bytes.HasPrefix(b, zipMagic) }}
	QDC  = Format{"REFI-QDA codebook", ".qdc", "application/xml", isText}
)

// Rule is what one kind of upload takes.
type Rule struct {
	Formats []Format
	Max     int    // the largest file, in bytes
	Kinds   string // the formats in words, for messages: "a PDF, Word or OpenDocument text file"
}

// The uploads coplan takes.
var (
	// Papers are meeting papers: PDF, Word (both formats) and OpenDocument
	// text, up to 20 MiB, enough for a long report with pictures, small
	// enough for members on slow connections.
	Papers = Rule{[]Format{PDF, DOCX, DOC, ODT}, 20 << 20, "a PDF, Word or OpenDocument text file"}
	// Documents are a consultation's or a plan's documents: as papers, and
	// plain text (UTF-8).
	Documents = Rule{[]Format{PDF, DOCX, DOC, ODT, Text}, 20 << 20, "a PDF, Word, OpenDocument text or plain text file"}
	// Receipts are tickets, receipts and invoices: the formats a phone
	// photo, a scan or an e-ticket comes in, up to 10 MiB.
	Receipts = Rule{[]Format{PDF, JPEG, JPG, PNG}, 10 << 20, "a PDF, JPEG or PNG"}
	// Tables are CSV files of records to import (a consultation's
	// responses keyed in from paper), up to 5 MiB.
	Tables = Rule{[]Format{CSV}, 5 << 20, "a CSV file: save the spreadsheet as \"CSV UTF-8\""}
	// Codebooks are codebooks from other analysis software, in the REFI-QDA
	// exchange formats: a project or a codebook alone (for a project whose
	// sources make it larger than the limit).
	Codebooks = Rule{[]Format{QDPX, QDC}, 20 << 20, "a REFI-QDA project (.qdpx) or codebook (.qdc)"}
)

// MaxMB is the rule's largest file in whole megabytes, for messages.
func (r Rule) MaxMB() int { return r.Max >> 20 }

// Check checks an upload against the rule and returns the content type to
// store, or valid.Errors for field: "Select a file", "The selected file is
// empty", "The file must be smaller than 20 MB" or "The file must be a PDF,
// Word or OpenDocument text file".
func (r Rule) Check(field string, u Upload) (contentType string, err error) {
	fail := func(msg string) (string, error) { return "", valid.Errors{{Field: field, Message: msg}} }
	switch {
	case u.Empty():
		return fail("Select a file")
	case len(u.Content) == 0:
		return fail("The selected file is empty")
	case len(u.Content) > r.Max:
		return "", r.TooBig(field)
	}
	if f, ok := r.Format(u); ok {
		return f.ContentType, nil
	}
	return fail("The file must be " + r.Kinds)
}

// Format finds the format whose extension the file's name has and whose
// content the file has.
func (r Rule) Format(u Upload) (Format, bool) {
	ext := strings.ToLower(path.Ext(strings.ReplaceAll(u.Filename, `\`, "/")))
	for _, f := range r.Formats {
		if f.Extension == ext {
			return f, f.matches(u.Content)
		}
	}
	return Format{}, false
}

// TooBig is the error for a file larger than the rule allows, for a caller
// that stopped reading it.
func (r Rule) TooBig(field string) error {
	return valid.Errors{{Field: field, Message: fmt.Sprintf("The file must be smaller than %d MB", r.MaxMB())}}
}

// CleanName keeps the last part of a path (browsers on Windows used to
// send the whole path), without control characters or quotes, at most 100
// characters long but keeping its extension; "file" if nothing is left.
func CleanName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(name)
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == "/" {
		name = "file"
	}
	if r := []rune(name); len(r) > 100 {
		ext := []rune(path.Ext(name))
		if len(ext) > 10 {
			ext = nil
		}
		name = string(r[:100-len(ext)]) + string(ext)
	}
	return name
}

// SizeText is a size in words: "350 bytes", "24 KB", "1.2 MB".
func SizeText(size int64) string {
	switch {
	case size >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(size)/(1<<20))
	case size >= 1<<10:
		return fmt.Sprintf("%d KB", size>>10)
	}
	return fmt.Sprintf("%d bytes", size)
}

func isPDF(b []byte) bool { return bytes.HasPrefix(b, []byte("%PDF-")) }

// noNUL accepts any content without NUL bytes, which text never has and
// spreadsheets' own formats always do.
func noNUL(b []byte) bool { return bytes.IndexByte(b, 0) < 0 }

// isText accepts UTF-8 without NUL bytes.
func isText(b []byte) bool { return utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 }

// sniffed accepts content that the WHATWG sniffing algorithm takes for the
// given type.
func sniffed(contentType string) func([]byte) bool {
	return func(b []byte) bool {
		got, _, _ := strings.Cut(http.DetectContentType(b), ";")
		return got == contentType
	}
}

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
