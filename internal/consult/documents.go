package consult

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/files"
	"coplan/internal/valid"
)

// DocumentKind is what a consultation's document is.
type DocumentKind string

// The kinds of document a consultation has.
const (
	DraftDocument   DocumentKind = "draft"           // what is being consulted on
	EasyRead        DocumentKind = "easy-read"       // an easy read version
	Translation     DocumentKind = "translation"     // the draft in another language
	SummaryDocument DocumentKind = "summary"         // a short summary
	OtherDocument   DocumentKind = "other"           // anything else: evidence, an impact assessment
	AnalysisReport  DocumentKind = "analysis-report" // the report of what people said, once analysed
)

// DocumentKinds lists the kinds in the order forms offer them.
var DocumentKinds = []DocumentKind{DraftDocument, EasyRead, Translation, SummaryDocument, OtherDocument, AnalysisReport}

// Name is the kind in words.
func (k DocumentKind) Name() string {
	switch k {
	case DraftDocument:
		return "The draft being consulted on"
	case EasyRead:
		return "Easy read version"
	case Translation:
		return "Translation"
	case SummaryDocument:
		return "Summary"
	case OtherDocument:
		return "Other document"
	case AnalysisReport:
		return "Analysis report"
	}
	return string(k)
}

// Language is a language a document may be in.
type Language struct {
	Code string // as in the lang attribute: "en", "gd", "pl"
	Name string // in English, then in the language itself
}

// DocumentLanguages are the languages a partnership most often publishes
// consultation documents in: English, Gaelic, Scots and the languages most
// spoken at home in Scotland after them. (British Sign Language versions
// are videos, linked from the consultation's text.)
var DocumentLanguages = []Language{
	{"en", "English"},
	{"gd", "Gaelic (Gàidhlig)"},
	{"sco", "Scots"},
	{"pl", "Polish (Polski)"},
	{"ur", "Urdu (اردو)"},
	{"pa", "Punjabi (ਪੰਜਾਬੀ)"},
	{"ar", "Arabic (العربية)"},
	{"zh-hans", "Chinese, simplified (简体中文)"},
	{"uk", "Ukrainian (Українська)"},
	{"ro", "Romanian (Română)"},
	{"bn", "Bengali (বাংলা)"},
}

// LanguageName is a language code in words, or the code when unknown.
func LanguageName(code string) string {
	for _, l := range DocumentLanguages {
		if l.Code == code {
			return l.Name
		}
	}
	return code
}

// MaxDocumentSize is the largest document coplan accepts: 20 MiB, as for
// meeting papers.
var MaxDocumentSize = files.Documents.Max

// Document is a file attached to a consultation.
type Document struct {
	ID             int64
	ConsultationID int64
	Kind           DocumentKind
	Language       string
	Title          string
	Filename       string
	ContentType    string
	Size           int64
	CreatedAt      time.Time
}

// FormatName is the document's format in words.
func (d Document) FormatName() string {
	switch strings.ToLower(filepath.Ext(d.Filename)) {
	case ".pdf":
		return "PDF"
	case ".doc", ".docx":
		return "Word"
	case ".odt":
		return "OpenDocument text"
	case ".txt":
		return "Plain text"
	}
	return "File"
}

// SizeText is the document's size in words, e.g. "1.2 MB" or "35 KB".
func (d Document) SizeText() string {
	switch {
	case d.Size >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(d.Size)/(1<<20))
	case d.Size >= 1<<10:
		return fmt.Sprintf("%d KB", d.Size>>10)
	}
	return fmt.Sprintf("%d bytes", d.Size)
}

// ValidateDocument checks a document's details (not its file).
func ValidateDocument(doc Document) valid.Errors {
	var errs valid.Errors
	if !slices.Contains(DocumentKinds, doc.Kind) {
		errs.Add("kind", "Select what the document is")
	}
	if !slices.ContainsFunc(DocumentLanguages, func(l Language) bool { return l.Code == doc.Language }) {
		errs.Add("language", "Select the language the document is in")
	}
	if doc.Kind == Translation && doc.Language == "en" {
		errs.Add("language", "Select the language of the translation")
	}
	if len(doc.Title) > 200 {
		errs.Add("title", "The title must be 200 characters or fewer")
	}
	return errs
}

// AddDocument checks and stores a document of a consultation, from the
// uploaded file u (files.Documents), with an audit entry. Bad details and
// a bad file are reported together, the file's at the field "file". A
// blank title becomes the file's name.
func (s *Store) AddDocument(ctx context.Context, c Consultation, doc Document, u files.Upload, by audit.Actor) (Document, error) {
	doc.Title = strings.TrimSpace(doc.Title)
	doc.Filename = ""
	if strings.TrimSpace(u.Filename) != "" {
		doc.Filename = files.CleanName(u.Filename)
	}
	errs := ValidateDocument(doc)
	ct, err := files.Documents.Check("file", u)
	if ferrs, ok := valid.As(err); ok {
		errs = append(errs, ferrs...)
	} else if err != nil {
		return doc, err
	}
	if len(errs) > 0 {
		return doc, errs
	}
	if doc.Title == "" {
		doc.Title = strings.TrimSuffix(doc.Filename, filepath.Ext(doc.Filename))
	}
	doc.ConsultationID, doc.ContentType, doc.Size, doc.CreatedAt = c.ID, ct, int64(len(u.Content)), s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := ConsultationByID(ctx, tx, s.p.ID, c.ID)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO consultation_documents (consultation_id, kind, language, title, filename,
			content_type, size, content, created_at, analysis_report) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			c.ID, storedKind(doc.Kind), doc.Language, doc.Title, doc.Filename, doc.ContentType, doc.Size, u.Content, doc.CreatedAt, doc.Kind == AnalysisReport).Scan(&doc.ID); err != nil {
			return fmt.Errorf("store document: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: c.PartnershipID, Actor: by, Action: "create", Entity: "consultation document",
			EntityID: doc.ID, Summary: fmt.Sprintf("Added %s (%s) to %s", doc.Title, doc.Kind.Name(), c.Title)}, nil, doc)
	})
	return doc, err
}

const selectDocument = `SELECT id, consultation_id, kind, language, title, filename, content_type, size, created_at,
	analysis_report FROM consultation_documents`

// storedKind is a kind as the kind column holds it: an analysis report is
// 'other' with analysis_report set (see migration 0020).
func storedKind(k DocumentKind) string {
	if k == AnalysisReport {
		return string(OtherDocument)
	}
	return string(k)
}

func scanDocument(s interface{ Scan(...any) error }) (Document, error) {
	var doc Document
	var report bool
	err := s.Scan(&doc.ID, &doc.ConsultationID, &doc.Kind, &doc.Language, &doc.Title, &doc.Filename, &doc.ContentType,
		&doc.Size, &doc.CreatedAt, &report)
	if report {
		doc.Kind = AnalysisReport
	}
	return doc, notFound(err)
}

// Documents lists a consultation's documents in the order of DocumentKinds,
// then as they were added.
func (s *Store) Documents(ctx context.Context, consultationID int64) ([]Document, error) {
	return documents(ctx, s.db, s.p.ID, consultationID)
}

func documents(ctx context.Context, q db.Querier, pid, consultationID int64) ([]Document, error) {
	rows, err := q.QueryContext(ctx, selectDocument+" WHERE consultation_id = $1"+ofPartnership(2)+" ORDER BY id", consultationID, pid)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		doc, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, doc)
	}
	slices.SortStableFunc(out, func(a, b Document) int {
		return slices.Index(DocumentKinds, a.Kind) - slices.Index(DocumentKinds, b.Kind)
	})
	return out, rows.Err()
}

// Document returns one of a consultation's documents, or
// valid.ErrNotFound.
func (s *Store) Document(ctx context.Context, consultationID, id int64) (Document, error) {
	return documentByID(ctx, s.db, s.p.ID, consultationID, id)
}

func documentByID(ctx context.Context, q db.Querier, pid, consultationID, id int64) (Document, error) {
	return scanDocument(q.QueryRowContext(ctx, selectDocument+" WHERE consultation_id = $1 AND id = $2"+ofPartnership(3), consultationID, id, pid))
}

// DocumentContent returns a document's file.
func (s *Store) DocumentContent(ctx context.Context, consultationID, id int64) ([]byte, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, "SELECT content FROM consultation_documents WHERE consultation_id = $1 AND id = $2"+ofPartnership(3),
		consultationID, id, s.p.ID).Scan(&b)
	return b, notFound(err)
}

// RemoveDocument deletes one of a consultation's documents, with an audit
// entry.
func (s *Store) RemoveDocument(ctx context.Context, c Consultation, id int64, by audit.Actor) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := ConsultationByID(ctx, tx, s.p.ID, c.ID)
		if err != nil {
			return err
		}
		doc, err := documentByID(ctx, tx, s.p.ID, c.ID, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM consultation_documents WHERE id = $1", id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: c.PartnershipID, Actor: by, Action: "delete", Entity: "consultation document",
			EntityID: id, Summary: fmt.Sprintf("Removed %s from %s", doc.Title, c.Title)}, doc, nil)
	})
}

// LanguageName is the document's language in words.
func (d Document) LanguageName() string { return LanguageName(d.Language) }
