package expenses

import (
	"fmt"
	"net/http" // only for http.DetectContentType, the WHATWG sniffing algorithm
	"path"
	"strings"
	"unicode"
)

// Receipt is a ticket, receipt or invoice a member attached to a claim: a
// PDF, JPEG or PNG file, stored in the database so that every instance
// serves it.
type Receipt struct {
	ID          int64
	ClaimID     int64
	Filename    string
	ContentType string // as sniffed from the content: application/pdf, image/jpeg or image/png
	Size        int64
	Content     []byte // nil when listed with a claim; read with ReceiptByID
}

// SizeText is the file's size for people: "24 KB", "1.2 MB".
func (r Receipt) SizeText() string {
	switch {
	case r.Size < 1024:
		return fmt.Sprintf("%d bytes", r.Size)
	case r.Size < 1024*1024:
		return fmt.Sprintf("%d KB", (r.Size+512)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(r.Size)/(1024*1024))
}

// TypeName is the kind of file in words: "PDF", "JPEG image", "PNG image".
func (r Receipt) TypeName() string {
	switch r.ContentType {
	case "application/pdf":
		return "PDF"
	case "image/jpeg":
		return "JPEG image"
	case "image/png":
		return "PNG image"
	}
	return r.ContentType
}

// receiptTypes are the files a receipt may be, by extension: the formats a
// phone photo, a scan or an e-ticket comes in.
var receiptTypes = map[string]string{
	".pdf":  "application/pdf",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".png":  "image/png",
}

// CheckReceipt accepts an uploaded file as a receipt if it is a PDF, JPEG or
// PNG both by its name's extension and by its content (sniffed with
// http.DetectContentType, so a renamed file of another kind is refused),
// not empty and no larger than MaxReceiptBytes. The file name is cleaned of
// any folder path and control characters. The error's message names the
// file and says what to do.
func CheckReceipt(filename string, content []byte) (Receipt, error) {
	name := cleanFilename(filename)
	want, ok := receiptTypes[strings.ToLower(path.Ext(name))]
	switch {
	case !ok:
		return Receipt{}, fmt.Errorf("The file %s must be a PDF, JPEG or PNG", name)
	case len(content) == 0:
		return Receipt{}, fmt.Errorf("The file %s is empty: choose the file again", name)
	case len(content) > MaxReceiptBytes:
		return Receipt{}, TooLarge(name)
	}
	got, _, _ := strings.Cut(http.DetectContentType(content), ";")
	if got != want {
		return Receipt{}, fmt.Errorf("The file %s is not a real %s file: save it again as a PDF, JPEG or PNG", name, strings.ToUpper(strings.TrimPrefix(path.Ext(name), ".")))
	}
	return Receipt{Filename: name, ContentType: got, Size: int64(len(content)), Content: content}, nil
}

// TooLarge is the error for a file over MaxReceiptBytes, for callers that
// know the size before reading the file.
func TooLarge(filename string) error {
	return fmt.Errorf("The file %s is larger than 10 MB: choose a smaller photo or scan", cleanFilename(filename))
}

// cleanFilename keeps the last part of a path (browsers on Windows used to
// send the whole path), without control characters, at most 100 characters
// long but keeping its extension.
func cleanFilename(name string) string {
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
		name = "receipt"
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
