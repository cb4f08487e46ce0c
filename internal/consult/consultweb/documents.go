package consultweb

import (
	"errors"
	"io"
	"net/http"

	"coplan/internal/consult"
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
	r.Body = http.MaxBytesReader(w, r.Body, consult.MaxDocumentSize+1<<20)
	err = r.ParseMultipartForm(1 << 20)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		errs, _ := valid.As(consult.DocumentTooBig())
		return refuse(errs)
	case errors.Is(err, http.ErrNotMultipart):
		// No file: AddDocument asks for one.
	case err != nil:
		return kit.HTTPError{Status: http.StatusBadRequest, Message: "The upload could not be read. Choose the file again and send it once more."}
	}
	var filename string
	var content []byte
	if f, h, err := r.FormFile("document-file"); err == nil {
		defer f.Close()
		filename = h.Filename
		if content, err = io.ReadAll(io.LimitReader(f, consult.MaxDocumentSize+1)); err != nil {
			return err
		}
	}
	_, err = consult.AddDocument(r.Context(), s.k.DB, c, consult.Document{Kind: consult.DocumentKind(r.PostForm.Get("document-kind")),
		Language: r.PostForm.Get("document-language"), Title: r.PostForm.Get("document-title"), Filename: filename}, content, kit.Actor(r))
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
	doc, err := consult.DocumentByID(r.Context(), s.k.DB, c.ID, id)
	if err != nil {
		return err
	}
	content, err := consult.DocumentContent(r.Context(), s.k.DB, c.ID, id)
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
	if err := consult.RemoveDocument(r.Context(), s.k.DB, c, id, kit.Actor(r)); err != nil {
		return err
	}
	http.Redirect(w, r, consultationAddress(kit.Current(r).Partnership, c.ID)+"?done=document-removed#documents", http.StatusSeeOther)
	return nil
}
