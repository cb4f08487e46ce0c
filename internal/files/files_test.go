package files

import (
	"archive/zip"
	"bytes"
	"testing"

	"coplan/internal/valid"
)

// zipOf builds a ZIP archive of the named files, in order; the first is
// stored uncompressed, as OpenDocument's mimetype entry must be.
func zipOf(t *testing.T, files ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for i, f := range files {
		method := zip.Deflate
		if i == 0 {
			method = zip.Store
		}
		w, err := z.CreateHeader(&zip.FileHeader{Name: f[0], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(f[1]))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCheckFile(t *testing.T) {
	pdf := []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
	docx := zipOf(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"word/document.xml", "<w:document/>"})
	odt := zipOf(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.text"}, [2]string{"content.xml", "<office:document-content/>"})
	ott := zipOf(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.text-template"}, [2]string{"content.xml", "<x/>"})
	ods := zipOf(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, [2]string{"content.xml", "<x/>"})
	doc := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	tooBig := append([]byte("%PDF-1.7\n"), make([]byte, Papers.Max)...)
	justFits := append([]byte("%PDF-1.7\n"), make([]byte, Papers.Max-9)...)

	for _, c := range []struct {
		name, filename string
		content        []byte
		wantType       string // "" when refused
		wantMsg        string
	}{
		{"a PDF", "Budget 2026-27.pdf", pdf, "application/pdf", ""},
		{"a PDF with a capital extension", "BUDGET.PDF", pdf, "application/pdf", ""},
		{"a Word document", "Carers strategy.docx", docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ""},
		{"an old Word document", "Minutes.doc", doc, "application/msword", ""},
		{"an OpenDocument text", "Report.odt", odt, "application/vnd.oasis.opendocument.text", ""},
		{"exactly 20 MiB", "Big.pdf", justFits, "application/pdf", ""},
		{"a ZIP called .pdf", "Budget.pdf", docx, "", "The file must be a PDF, Word or OpenDocument text file"},
		{"an OpenDocument text called .docx", "Report.docx", odt, "", "The file must be a PDF, Word or OpenDocument text file"},
		{"a Word document called .odt", "Report.odt", docx, "", "The file must be a PDF, Word or OpenDocument text file"},
		{"an OpenDocument template", "Report.odt", ott, "", "The file must be a PDF, Word or OpenDocument text file"},
		{"an OpenDocument spreadsheet called .odt", "Report.odt", ods, "", "The file must be a PDF, Word or OpenDocument text file"},
		{"a PDF called .doc", "Minutes.doc", pdf, "", "The file must be a PDF, Word or OpenDocument text file"},
		{"a web page", "Budget.html", []byte("<!DOCTYPE html><p>Hello"), "", "The file must be a PDF, Word or OpenDocument text file"},
		{"a PDF with no extension", "Budget", pdf, "", "The file must be a PDF, Word or OpenDocument text file"},
		{"text called .pdf", "Budget.pdf", []byte("just some text"), "", "The file must be a PDF, Word or OpenDocument text file"},
		{"too big", "Huge.pdf", tooBig, "", "The file must be smaller than 20 MB"},
		{"empty", "Budget.pdf", nil, "", "The selected file is empty"},
		{"no file", "", nil, "", "Select a file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ct, err := Papers.Check("file", Upload{c.filename, c.content})
			if c.wantMsg == "" {
				if err != nil || ct != c.wantType {
					t.Errorf("Papers.Check = %q, %v; want %q", ct, err, c.wantType)
				}
				return
			}
			errs, ok := valid.As(err)
			if !ok || errs.For("file") != c.wantMsg {
				t.Errorf("Papers.Check = %q, %v; want the message %q at the field file", ct, err, c.wantMsg)
			}
			if ct != "" {
				t.Errorf("a refused file got the content type %q", ct)
			}
		})
	}
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		"Budget.pdf":                         "Budget.pdf",
		`C:\Users\euan\Documents\Budget.pdf`: "Budget.pdf",
		"../../etc/passwd.pdf":               "passwd.pdf",
		"..":                                 "..",
		"":                                   "file",
		"a\x00b\"c.pdf":                      "abc.pdf",
	} {
		if got := CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDocumentsTakePlainText(t *testing.T) {
	if ct, err := Documents.Check("file", Upload{"notes.txt", []byte("Plain notes")}); err != nil || ct != "text/plain; charset=utf-8" {
		t.Errorf("Documents.Check(notes.txt) = %q, %v", ct, err)
	}
	if _, err := Documents.Check("file", Upload{"notes.txt", []byte("bad\x00")}); err == nil {
		t.Error("a text file with a NUL byte was accepted")
	}
	if _, err := Papers.Check("file", Upload{"notes.txt", []byte("Plain notes")}); err == nil {
		t.Error("a paper may not be plain text, but was accepted")
	}
}

func TestReceiptsAreSniffed(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	if ct, err := Receipts.Check("receipts", Upload{"ticket.png", png}); err != nil || ct != "image/png" {
		t.Errorf("Receipts.Check(png) = %q, %v", ct, err)
	}
	if _, err := Receipts.Check("receipts", Upload{"ticket.jpg", png}); err == nil {
		t.Error("a PNG called .jpg was accepted")
	}
}

func TestTablesAreCSV(t *testing.T) {
	if ct, err := Tables.Check("file", Upload{"responses.csv", []byte("type,name\nindividual,Ann\n")}); err != nil || ct != "text/csv; charset=utf-8" {
		t.Errorf("a CSV file: %q, %v", ct, err)
	}
	xlsx := zipOf(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"xl/workbook.xml", "<workbook/>"})
	for name, content := range map[string][]byte{"responses.csv": xlsx, "responses.xlsx": xlsx, "responses.txt": []byte("a,b")} {
		if _, err := Tables.Check("file", Upload{name, content}); err == nil {
			t.Errorf("%s was taken as a CSV file", name)
		}
	}
}

// A codebook is a REFI-QDA project (a zip) or codebook (XML text); a
// project renamed from another file, or a binary called .qdc, is refused.
func TestCodebooksAreREFIQDA(t *testing.T) {
	project := zipOf(t, [2]string{"project.qde", "<Project/>"})
	for name, content := range map[string][]byte{"p.qdpx": project, "Codes.QDC": []byte(`<?xml version="1.0"?><CodeBook/>`)} {
		if _, err := Codebooks.Check("file", Upload{name, content}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, content := range map[string][]byte{"p.qdpx": []byte("<CodeBook/>"), "c.qdc": project, "c.xml": []byte("<CodeBook/>")} {
		if _, err := Codebooks.Check("file", Upload{name, content}); err == nil {
			t.Errorf("%s was taken as a REFI-QDA file", name)
		}
	}
}
