package consultweb

import (
	"net/http"

	"coplan/internal/consult"
	"coplan/internal/files"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// uploadConsultationDocument stores an uploaded document. As for meeting
// papers, the body is capped a little above the largest file allowed, so an
// oversized upload is cut off rather than read.
func (s *Handlers) uploadConsultationDocument(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	refuse := func(errs valid.Errors) error {
		for i := range errs {
			errs[i].Field = "document-" + errs[i].Field
		}
		return s.renderConsultation(w, r, c, http.StatusUnprocessableEntity, errs)
	}
	f, u, err := kit.ReadUpload(w, r, "document-file", files.Documents)
	if errs, ok := valid.As(err); ok {
		return s.renderConsultation(w, r, c, http.StatusUnprocessableEntity, errs) // too big: the field is named already
	}
	if err != nil {
		return err
	}
	_, err = s.store(r).AddDocument(r.Context(), c, consult.Document{Kind: consult.DocumentKind(f.Get("document-kind")),
		Language: f.Get("document-language"), Title: f.Get("document-title")}, u, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return refuse(errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, consultationAddress(kit.Current(r).Partnership, c.ID)+"?done=document-uploaded#documents", http.StatusSeeOther)
	return nil
}

// sendConsultationDocument sends a document as a download, with the type
// checked on upload and nosniff, as meeting papers are sent.
func (s *Handlers) sendConsultationDocument(w http.ResponseWriter, r *http.Request, c consult.Consultation) error {
	id, err := kit.PathID(r, "document")
	if err != nil {
		return err
	}
	doc, err := s.store(r).Document(r.Context(), c.ID, id)
	if err != nil {
		return err
	}
	content, err := s.store(r).DocumentContent(r.Context(), c.ID, id)
	if err != nil {
		return err
	}
	return kit.SendStoredFile(w, r, doc.Filename, doc.ContentType, content)
}

func (s *Handlers) staffConsultationDocument(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	return s.sendConsultationDocument(w, r, c)
}

// publicConsultationDocument sends a published consultation's document to
// anyone; a draft's documents do not exist for the public.
func (s *Handlers) publicConsultationDocument(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if c.PublishedAt.IsZero() {
		return kit.ErrNotFound
	}
	return s.sendConsultationDocument(w, r, c)
}

func (s *Handlers) removeConsultationDocument(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "document")
	if err != nil {
		return err
	}
	if err := s.store(r).RemoveDocument(r.Context(), c, id, kit.Actor(r)); err != nil {
		return err
	}
	http.Redirect(w, r, consultationAddress(kit.Current(r).Partnership, c.ID)+"?done=document-removed#documents", http.StatusSeeOther)
	return nil
}
