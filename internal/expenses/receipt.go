package expenses

import (
	"fmt"
	"path"
	"strings"

	"coplan/internal/files"
	"coplan/internal/valid"
)

// Receipt is a ticket, receipt or invoice a member attached to a claim: a
// PDF, JPEG or PNG file (files.Receipts), stored in the database so that
// every instance serves it.
type Receipt struct {
	ID          int64
	ClaimID     int64
	Filename    string
	ContentType string // as sniffed from the content: application/pdf, image/jpeg or image/png
	Size        int64
	Content     []byte // nil when listed with a claim; read with Store.ReceiptByID
}

// SizeText is the file's size for people: "24 KB", "1.2 MB".
func (r Receipt) SizeText() string { return files.SizeText(r.Size) }

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

// ReceiptField is the claim form's field for receipts.
const ReceiptField = "receipts"

// CheckReceipt accepts an uploaded file as a receipt if files.Receipts
// takes it: a PDF, JPEG or PNG both by its name's extension and by its
// content (so a renamed file of another kind is refused), not empty and no
// larger than MaxReceiptBytes. The file name is cleaned of any folder path
// and control characters (files.CleanName). The error, for the field
// "receipts", names the file and says what to do, because a claim carries
// several files.
func CheckReceipt(u files.Upload) (Receipt, error) {
	name := files.CleanName(u.Filename)
	rule := files.Receipts
	f, ok := rule.Format(u)
	switch {
	case f.Extension == "":
		return Receipt{}, receiptError("The file %s must be %s", name, rule.Kinds)
	case len(u.Content) == 0:
		return Receipt{}, receiptError("The file %s is empty: choose the file again", name)
	case len(u.Content) > rule.Max:
		return Receipt{}, TooLarge(u.Filename)
	case !ok:
		return Receipt{}, receiptError("The file %s is not a real %s file: save it again as %s", name,
			strings.ToUpper(strings.TrimPrefix(path.Ext(name), ".")), rule.Kinds)
	}
	return Receipt{Filename: name, ContentType: f.ContentType, Size: int64(len(u.Content)), Content: u.Content}, nil
}

// TooLarge is the error for a receipt over MaxReceiptBytes.
func TooLarge(filename string) error {
	return receiptError("The file %s is larger than %d MB: choose a smaller photo or scan", files.CleanName(filename), files.Receipts.MaxMB())
}

// TooManyReceipts is the error for a claim with more than MaxReceipts
// receipts.
func TooManyReceipts() error {
	return receiptError("Attach %d receipts or fewer; a photo or scan can show several tickets at once", MaxReceipts)
}

func receiptError(format string, args ...any) error {
	return valid.Errors{{Field: ReceiptField, Message: fmt.Sprintf(format, args...)}}
}
