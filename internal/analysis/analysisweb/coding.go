package analysisweb

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"coplan/internal/analysis"
	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// codingRoutes are the codebook, coding, agreement, reconciliation and
// framework matrix pages. Coding needs EditPlanning; reading ReadPlanning.
func (h *Handlers) codingRoutes() []kit.Route {
	return []kit.Route{
		{Pattern: "GET " + base + "/codebook", Perm: auth.ReadPlanning, Handle: h.codebook},
		{Pattern: "POST " + base + "/codebook", Perm: auth.EditPlanning, Handle: h.addCode},
		{Pattern: "POST " + base + "/codebook/reuse", Perm: auth.EditPlanning, Handle: h.reuseCodebook},
		{Pattern: "POST " + base + "/memos", Perm: auth.EditPlanning, Handle: h.addMemo},
		{Pattern: "GET " + base + "/codebook/{code}", Perm: auth.ReadPlanning, Handle: h.code},
		{Pattern: "POST " + base + "/codebook/{code}", Perm: auth.EditPlanning, Handle: h.changeCode},
		{Pattern: "GET " + base + "/coding", Perm: auth.ReadPlanning, Handle: h.codingQuestions},
		{Pattern: "GET " + base + "/coding/{question}", Perm: auth.ReadPlanning, Handle: h.codeAnswer},
		{Pattern: "POST " + base + "/coding/{question}", Perm: auth.EditPlanning, Handle: h.postAnswer},
		{Pattern: "GET " + base + "/agreement", Perm: auth.ReadPlanning, Handle: h.agreement},
		{Pattern: "GET " + base + "/reconcile", Perm: auth.ReadPlanning, Handle: h.reconcile},
		{Pattern: "POST " + base + "/reconcile", Perm: auth.EditPlanning, Handle: h.decide},
		{Pattern: "GET " + base + "/matrix", Perm: auth.ReadPlanning, Handle: h.matrix},
		{Pattern: "GET " + base + "/matrix.csv", Perm: auth.ReadPlanning, Handle: h.matrixCSV},
		{Pattern: "GET " + base + "/matrix.xlsx", Perm: auth.ReadPlanning, Handle: h.matrixXLSX},
	}
}

var codingFuncs = template.FuncMap{
	"analysisPath": analysisPath,
	"indent":       func(depth int) string { return strings.Repeat("— ", depth) },
	"sub":          func(a, b int) int { return a - b },
	"analysisNav":  func(slug string, id int64, here string) analysisNav { return analysisNav{slug, id, here} },
}

// analysisNav is what the links between the room's pages need: the
// partnership, the consultation and the page shown ("codebook", "coding",
// "agreement", "matrix").
type analysisNav struct {
	Slug string
	ID   int64
	Here string
}

var codingNotices = map[string]string{
	"analysis-code-added":   "The theme has been added to the codebook.",
	"analysis-code-changed": "The theme has been changed.",
	"analysis-code-moved":   "The theme has been moved.",
	"analysis-code-merged":  "The themes have been merged: the answers coded with the one are now coded with the other.",
	"analysis-reused":       "This consultation now uses that codebook.",
	"analysis-coded":        "The answer has been coded.",
	"analysis-uncoded":      "The coding has been removed.",
	"analysis-memo":         "The memo has been added.",
	"analysis-decided":      "The agreed coding has been saved.",
}

type codebookPage struct {
	Consultation consult.Consultation
	Codebook     analysis.Codebook
	HasCodebook  bool
	Codes        []analysis.Code
	CodeOptions  []kit.Option // every code, for choosing a parent or a merge
	Reusable     []kit.Option // other consultations' codebooks
	CanEdit      bool
	Memos        []analysis.Memo
}

func (h *Handlers) codebook(w http.ResponseWriter, r *http.Request) error {
	return h.renderCodebook(w, r, http.StatusOK, nil, nil)
}

func (h *Handlers) renderCodebook(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors, f *kit.Form) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	st := h.store(r)
	d := codebookPage{Consultation: c, CanEdit: kit.Can(r, auth.EditPlanning)}
	d.Codebook, err = st.Codebook(r.Context(), c.ID)
	switch {
	case err == nil:
		d.HasCodebook = true
	case !errors.Is(err, valid.ErrNotFound):
		return err
	}
	if d.Codes, err = st.Codes(r.Context(), c.ID); err != nil {
		return err
	}
	d.CodeOptions = codeOptions(d.Codes, "Top level (no parent theme)")
	books, err := st.Codebooks(r.Context())
	if err != nil {
		return err
	}
	for _, b := range books {
		if b.ID == d.Codebook.ID || len(b.UsedBy) == 0 {
			continue
		}
		var titles []string
		for _, u := range b.UsedBy {
			titles = append(titles, u.Title)
		}
		d.Reusable = append(d.Reusable, kit.Option{Value: strconv.FormatInt(b.UsedBy[0].ID, 10),
			Label: b.Name + " (" + strconv.Itoa(b.Codes) + " themes; used by " + strings.Join(titles, ", ") + ")"})
	}
	if d.Memos, err = st.Memos(r.Context(), c.ID); err != nil {
		return err
	}
	v := kit.View{Title: "Codebook: " + c.Title, Caption: "Analysis", Nav: "staff", Errors: errs, Data: d}
	if f != nil {
		v.Form = f.Values
	}
	h.pages.Render(w, r, status, "analysis-codebook.html", v)
	return nil
}

// codeOptions are the codes as choices, indented by depth, after a first
// choice with value "0" (top level) when first is not "".
func codeOptions(codes []analysis.Code, first string) []kit.Option {
	var os []kit.Option
	if first != "" {
		os = append(os, kit.Option{Value: "0", Label: first})
	}
	for _, c := range codes {
		os = append(os, kit.Option{Value: strconv.FormatInt(c.ID, 10), Label: strings.Repeat("— ", c.Depth) + c.Name})
	}
	return os
}

func formID(f kit.Form, name string) int64 {
	id, _ := strconv.ParseInt(strings.TrimSpace(f.Get(name)), 10, 64)
	return id
}

func (h *Handlers) addCode(w http.ResponseWriter, r *http.Request) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if errs, ok := valid.As(err); ok {
		return h.renderCodebook(w, r, http.StatusUnprocessableEntity, errs, &f)
	} else if err != nil {
		return err
	}
	_, err = h.store(r).AddCode(r.Context(), c.ID, formID(f, "parent"), f.Get("name"), f.Get("description"), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderCodebook(w, r, http.StatusUnprocessableEntity, errs, &f)
	} else if err != nil {
		return err
	}
	return kit.SeeOther(w, r, analysisPath(kit.Current(r).Partnership.Slug, c.ID, "codebook"), "analysis-code-added")
}

func (h *Handlers) reuseCodebook(w http.ResponseWriter, r *http.Request) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	err = h.store(r).UseCodebook(r.Context(), c.ID, formID(f, "from"), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderCodebook(w, r, http.StatusUnprocessableEntity, errs, &f)
	} else if err != nil {
		return err
	}
	return kit.SeeOther(w, r, analysisPath(kit.Current(r).Partnership.Slug, c.ID, "codebook"), "analysis-reused")
}

// addMemo adds a memo on the consultation's analysis as a whole.
func (h *Handlers) addMemo(w http.ResponseWriter, r *http.Request) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if errs, ok := valid.As(err); ok {
		return h.renderCodebook(w, r, http.StatusUnprocessableEntity, errs, &f)
	} else if err != nil {
		return err
	}
	_, err = h.store(r).AddMemo(r.Context(), c.ID, 0, 0, f.Get("memo"), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderCodebook(w, r, http.StatusUnprocessableEntity, errs, &f)
	} else if err != nil {
		return err
	}
	return kit.SeeOther(w, r, analysisPath(kit.Current(r).Partnership.Slug, c.ID, "codebook")+"#memos", "analysis-memo")
}

// changeCode renames, moves or merges one code, as the form's "action"
// says (one form per action on the page).
func (h *Handlers) changeCode(w http.ResponseWriter, r *http.Request) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "code")
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if errs, ok := valid.As(err); ok {
		return h.renderCode(w, r, http.StatusUnprocessableEntity, errs, &f)
	} else if err != nil {
		return err
	}
	st, who := h.store(r), kit.Actor(r)
	if k, err := st.CodeByID(r.Context(), id); err != nil {
		return err
	} else if b, err := st.Codebook(r.Context(), c.ID); err != nil || b.ID != k.CodebookID {
		return kit.ErrNotFound
	}
	var done string
	switch f.Get("action") {
	case "rename":
		err, done = st.RenameCode(r.Context(), id, f.Get("name"), f.Get("description"), who), "analysis-code-changed"
	case "move":
		err, done = st.MoveCode(r.Context(), id, formID(f, "parent"), who), "analysis-code-moved"
	case "merge":
		err, done = st.MergeCodes(r.Context(), formID(f, "into"), id, who), "analysis-code-merged"
	case "memo":
		_, err = st.AddMemo(r.Context(), c.ID, id, 0, f.Get("memo"), who)
		done = "analysis-memo"
	default:
		return kit.BadRequest("The form could not be read. Go back to the page and try again.")
	}
	if errs, ok := valid.As(err); ok {
		return h.renderCode(w, r, http.StatusUnprocessableEntity, errs, &f)
	} else if err != nil {
		return err
	}
	return kit.SeeOther(w, r, analysisPath(kit.Current(r).Partnership.Slug, c.ID, "codebook"), done)
}

type codePage struct {
	Consultation consult.Consultation
	Code         analysis.Code
	Parents      []kit.Option // codes it may go under
	Others       []kit.Option // codes it may merge into
	Memos        []analysis.Memo
	Codings      int
	CanEdit      bool
}

func (h *Handlers) code(w http.ResponseWriter, r *http.Request) error {
	return h.renderCode(w, r, http.StatusOK, nil, nil)
}

func (h *Handlers) renderCode(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors, f *kit.Form) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "code")
	if err != nil {
		return err
	}
	st := h.store(r)
	codes, err := st.Codes(r.Context(), c.ID)
	if err != nil {
		return err
	}
	d := codePage{Consultation: c, CanEdit: kit.Can(r, auth.EditPlanning)}
	found := false
	for _, k := range codes {
		if k.ID == id {
			d.Code, found = k, true
		}
	}
	if !found {
		return kit.ErrNotFound
	}
	// Its own sub-themes follow it, deeper: neither a parent nor a merge target.
	var others []analysis.Code
	inside := false
	for _, k := range codes {
		switch {
		case k.ID == id:
			inside = true
			continue
		case inside && k.Depth > d.Code.Depth:
			continue
		}
		inside = false
		others = append(others, k)
	}
	d.Parents = codeOptions(others, "Top level (no parent theme)")
	d.Others = codeOptions(others, "")
	memos, err := st.Memos(r.Context(), c.ID)
	if err != nil {
		return err
	}
	for _, m := range memos {
		if m.CodeID == id {
			d.Memos = append(d.Memos, m)
		}
	}
	ks, err := st.Codings(r.Context(), c.ID, analysis.CodingFilter{Code: id})
	if err != nil {
		return err
	}
	d.Codings = len(ks)
	v := kit.View{Title: "Theme: " + d.Code.Name, Caption: c.Title, Nav: "staff", Errors: errs, Data: d}
	if f != nil {
		v.Form = f.Values
	} else {
		v.Form = map[string][]string{"name": {d.Code.Name}, "description": {d.Code.Description},
			"parent": {strconv.FormatInt(d.Code.ParentID, 10)}}
	}
	h.pages.Render(w, r, status, "analysis-code.html", v)
	return nil
}
