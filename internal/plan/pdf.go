package plan

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"
)

// WritePDF writes the published text of a plan as a printable A4 PDF: the
// title, then each section with its Markdown laid out (headings, bullets,
// paragraphs; bold marks dropped). The accessible version is the HTML
// page; this is for printing and for boards that file papers as PDF.
func WritePDF(w io.Writer, partnershipName, title string, version int, sections []BundleSection) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(title, true)
	pdf.SetAuthor(partnershipName, true)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	tr := pdf.UnicodeTranslatorFromDescriptor("") // cp1252: covers Gaelic's accented vowels
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont("Helvetica", "", 8)
		pdf.CellFormat(0, 10, tr(fmt.Sprintf("%s – %s, version %d – page %d", partnershipName, title, version, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, 6, tr(partnershipName), "", "L", false)
	pdf.SetFont("Helvetica", "B", 20)
	pdf.MultiCell(0, 10, tr(title), "", "L", false)
	pdf.Ln(4)
	for _, s := range sections {
		pdf.SetFont("Helvetica", "B", 15)
		pdf.MultiCell(0, 8, tr(s.Title), "", "L", false)
		pdf.Ln(1)
		for _, para := range strings.Split(strings.ReplaceAll(s.Body, "\r\n", "\n"), "\n") {
			line := strings.ReplaceAll(strings.TrimSpace(para), "**", "")
			switch {
			case line == "":
				pdf.Ln(2)
			case strings.HasPrefix(line, "#"):
				pdf.SetFont("Helvetica", "B", 12)
				pdf.MultiCell(0, 6, tr(strings.TrimSpace(strings.TrimLeft(line, "#"))), "", "L", false)
			case strings.HasPrefix(line, "- "):
				pdf.SetFont("Helvetica", "", 11)
				pdf.SetX(25)
				pdf.MultiCell(0, 6, tr("• "+strings.TrimPrefix(line, "- ")), "", "L", false)
			default:
				pdf.SetFont("Helvetica", "", 11)
				pdf.MultiCell(0, 6, tr(line), "", "L", false)
			}
		}
		pdf.Ln(4)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("plan PDF: %w", err)
	}
	return pdf.Output(w)
}
