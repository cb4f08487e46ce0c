package analysisweb

import (
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"time"

	"coplan/internal/analysis"
	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/files"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// qdpxRoutes are the exchange with other analysis software in the REFI-QDA
// formats: a page saying what can be exchanged, the coded project as a
// .qdpx, and codes imported from a REFI-QDA project or codebook.
//
// The .qdpx holds the words of every answer, those respondents asked not to
// be published among them and unredacted, in one file that leaves coplan:
// like the full exports of the responses (responses.csv and .json) it is
// for the partnership's officers (EditPlanning), not scrutiny, which reads
// the codebook, the agreement and the matrix on the pages.
func (h *Handlers) qdpxRoutes() []kit.Route {
	return []kit.Route{
		{Pattern: "GET " + base + "/exchange", Perm: auth.ReadPlanning, Handle: h.qdpxPage},
		{Pattern: "POST " + base + "/exchange/codebook", Perm: auth.EditPlanning, Handle: h.qdpxImport},
		{Pattern: "GET /staff/partnerships/{slug}/consultations/{consultation}/analysis.qdpx", Perm: auth.EditPlanning, Handle: h.qdpxDownload},
	}
}

// qdpxFuncs are the template functions of the exchange page.
var qdpxFuncs = template.FuncMap{
	"qdpxPath": func(slug string, consultationID int64) string {
		return kit.StaffPath(slug, "consultations", consultationID) + "/analysis.qdpx"
	},
}

// qdpxNotices are the notices after an import.
var qdpxNotices = map[string]string{
	"analysis-codes-imported": "The codes in the file have been added to the codebook.",
}

type qdpxPageData struct {
	Consultation consult.Consultation
	CanEdit      bool
	Codes        int
	MaxMB        int
	MaxCodes     int
}

func (h *Handlers) qdpxPage(w http.ResponseWriter, r *http.Request) error {
	return h.renderQDPX(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderQDPX(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	codes, err := h.store(r).Codes(r.Context(), c.ID)
	if err != nil {
		return err
	}
	d := qdpxPageData{Consultation: c, CanEdit: kit.Can(r, auth.EditPlanning), Codes: len(codes),
		MaxMB: files.Codebooks.MaxMB(), MaxCodes: analysis.MaxImportedCodes}
	h.pages.Render(w, r, status, "qdpx-exchange.html", kit.View{Title: "Exchange with other analysis software: " + c.Title,
		Caption: "Analysis", Nav: "staff", Errors: errs, Data: d})
	return nil
}

// qdpxImport adds the codes of an uploaded REFI-QDA project or codebook to
// the consultation's codebook, or shows every problem in the file and adds
// nothing.
func (h *Handlers) qdpxImport(w http.ResponseWriter, r *http.Request) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	refuse := func(err error) error {
		if errs, ok := valid.As(err); ok {
			return h.renderQDPX(w, r, http.StatusUnprocessableEntity, errs)
		}
		return err
	}
	_, u, err := kit.ReadUpload(w, r, "file", files.Codebooks)
	if err != nil {
		return refuse(err)
	}
	if _, err := files.Codebooks.Check("file", u); err != nil {
		if u.Empty() {
			err = valid.Errors{{Field: "file", Message: "Choose a REFI-QDA project (.qdpx) or codebook (.qdc) to import"}}
		}
		return refuse(err)
	}
	codes, err := analysis.ReadCodebook("file", u.Filename, u.Content)
	if err != nil {
		return refuse(err)
	}
	if _, err := h.store(r).ImportCodes(r.Context(), c.ID, codes, files.CleanName(u.Filename), kit.Actor(r)); err != nil {
		return refuse(err)
	}
	return kit.SeeOther(w, r, analysisPath(kit.Current(r).Partnership.Slug, c.ID, "codebook"), "analysis-codes-imported")
}

// qdpxDownload sends the consultation's coded answers as a REFI-QDA
// project, streamed: each answer is sent as it is read.
func (h *Handlers) qdpxDownload(w http.ResponseWriter, r *http.Request) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	e, err := h.store(r).QDPX(r.Context(), c.ID)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s-consultation-%d-analysis-%s.qdpx", kit.Current(r).Partnership.Slug, c.ID,
		h.k.Now().In(civil.London).Format(time.DateOnly))
	hd := w.Header()
	hd.Set("Content-Type", "application/zip")
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	hd.Set("Cache-Control", "no-store")
	// As the full exports: a signed-in officer's download of every answer
	// may take longer than the server's write timeout for a page.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
	sw := &qdpxStarted{w: w}
	err = e.WriteTo(r.Context(), sw)
	if err == nil || !sw.started {
		return err
	}
	// Failed part way: cut the connection, so that no one takes a
	// truncated file for a whole one.
	if r.Context().Err() == nil {
		h.k.Log.Error("a download failed part way: the connection is cut so it cannot pass for complete", "path", r.URL.Path, "err", err)
	}
	panic(http.ErrAbortHandler)
}

// qdpxStarted sends the status with the first bytes, and says whether it
// has.
type qdpxStarted struct {
	w       http.ResponseWriter
	started bool
}

func (s *qdpxStarted) Write(p []byte) (int, error) {
	if !s.started {
		s.started = true
		s.w.WriteHeader(http.StatusOK)
	}
	return s.w.Write(p)
}
