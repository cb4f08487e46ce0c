package consult_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/files"
	"coplan/internal/valid"
)

func docx(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, _ := z.Create("word/document.xml")
	w.Write([]byte("<w:document/>"))
	z.Close()
	return buf.Bytes()
}

func TestCheckDocument(t *testing.T) {
	tests := []struct {
		name     string
		filename string
		content  []byte
		wantType string // "" for refused
		wantMsg  string
	}{
		{"PDF", "draft.pdf", []byte("%PDF-1.7\n"), "application/pdf", ""},
		{"Word", "Easy read.DOCX", docx(t), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ""},
		{"plain text", "summary.txt", []byte("Dè do bheachd?\n"), "text/plain; charset=utf-8", ""},
		{"no file", "", nil, "", "Select a file"},
		{"empty file", "draft.pdf", nil, "", "empty"},
		{"program renamed to PDF", "draft.pdf", []byte("MZ\x90\x00"), "", "PDF, Word, OpenDocument text or plain text"},
		{"binary renamed to text", "notes.txt", []byte("ab\x00cd"), "", "plain text"},
		{"spreadsheet", "budget.xlsx", docx(t), "", "PDF, Word"},
		{"too big", "draft.pdf", append([]byte("%PDF-"), make([]byte, consult.MaxDocumentSize)...), "", "smaller than 20 MB"},
	}
	for _, tt := range tests {
		ct, err := files.Documents.Check("file", files.Upload{Filename: tt.filename, Content: tt.content})
		if tt.wantType != "" {
			if err != nil || ct != tt.wantType {
				t.Errorf("%s: %q, %v; want %q", tt.name, ct, err, tt.wantType)
			}
			continue
		}
		if errs := fieldsOf(err); len(errs) != 1 || errs[0] != "file" || !strings.Contains(err.Error(), tt.wantMsg) {
			t.Errorf("%s: %v; want an error at the file saying %q", tt.name, err, tt.wantMsg)
		}
	}
}

func TestDocumentStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "documents")
		now := time.Now()
		mk := func(title string) consult.Consultation {
			c, err := consultStore(d, p.ID).SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: title, Audience: consult.Public,
				OpensAt: now, ClosesAt: now.Add(time.Hour)}, audit.System)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		c, other := mk("Care at home"), mk("Day services")
		st := consultStore(d, p.ID)
		// Bad details and a bad file are reported together; nothing is stored.
		_, err := st.AddDocument(ctx, c, consult.Document{Kind: "poster", Language: "xx"}, files.Upload{Filename: "a.exe", Content: []byte("MZ")}, audit.System)
		if got := strings.Join(fieldsOf(err), ","); got != "kind,language,file" {
			t.Errorf("refused document fields = %q", got)
		}
		if docs, _ := consultStore(d, c.PartnershipID).Documents(ctx, c.ID); len(docs) != 0 {
			t.Fatal("a refused document was stored")
		}
		if _, err := st.AddDocument(ctx, c, consult.Document{Kind: consult.Translation, Language: "en"},
			files.Upload{Filename: "gd.txt", Content: []byte("x")}, audit.System); err == nil {
			t.Error("an English translation was accepted")
		}
		easy, err := st.AddDocument(ctx, c, consult.Document{Kind: consult.EasyRead, Language: "en"},
			files.Upload{Filename: `C:\Users\me\Easy read.txt`, Content: []byte("Easy read")}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		draft, err := st.AddDocument(ctx, c, consult.Document{Kind: consult.DraftDocument, Language: "en", Title: "The draft"},
			files.Upload{Filename: "draft.pdf", Content: []byte("%PDF-1.4\n")}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if easy.Filename != "Easy read.txt" || easy.Title != "Easy read" || easy.Size != 9 {
			t.Errorf("stored document: %+v", easy)
		}
		docs, _ := consultStore(d, c.PartnershipID).Documents(ctx, c.ID)
		if len(docs) != 2 || docs[0].ID != draft.ID || docs[1].ID != easy.ID {
			t.Errorf("documents are not listed draft first: %+v", docs)
		}
		if b, err := st.DocumentContent(ctx, c.ID, draft.ID); err != nil || string(b) != "%PDF-1.4\n" {
			t.Errorf("content = %q, %v", b, err)
		}
		// A document belongs to its consultation only.
		if _, err := st.Document(ctx, other.ID, draft.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("read through another consultation: %v", err)
		}
		if err := consultStore(d, other.PartnershipID).RemoveDocument(ctx, other, draft.ID, audit.System); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("removed through another consultation: %v", err)
		}
		if err := consultStore(d, c.PartnershipID).RemoveDocument(ctx, c, draft.ID, audit.System); err != nil {
			t.Fatal(err)
		}
		if docs, _ := consultStore(d, c.PartnershipID).Documents(ctx, c.ID); len(docs) != 1 {
			t.Errorf("after removing one of two, %d documents", len(docs))
		}
	})
}
