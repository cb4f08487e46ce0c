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

// themeRoutes are the pages of the suggested themes: for each free-text
// question, suggest themes (a number chosen or estimated), then accept,
// merge, rename or reject each suggestion. Every form works without
// JavaScript (POST, then redirect).
func (h *Handlers) themeRoutes() []kit.Route {
	return []kit.Route{
		{Pattern: "GET " + base + "/themes", Perm: auth.ReadPlanning, Handle: h.themesIndex},
		{Pattern: "GET " + base + "/themes/{question}", Perm: auth.ReadPlanning, Handle: h.themesQuestion},
		{Pattern: "POST " + base + "/themes/{question}", Perm: auth.EditPlanning, Handle: h.suggestThemes},
		{Pattern: "POST " + base + "/themes/{question}/{suggestion}", Perm: auth.EditPlanning, Handle: h.decideTheme},
	}
}

// themeFuncs are the template functions of the pages of the suggested themes.
var themeFuncs = template.FuncMap{
	"suggestionField": func(name string, id int64) string { return name + "-" + strconv.FormatInt(id, 10) },
}

// themeNotices are the notices of the pages of the suggested themes.
var themeNotices = map[string]string{
	"themes-suggested": "Themes have been suggested. Nothing is coded until you accept a suggestion.",
	"theme-accepted":   "The suggested theme has been added to the codebook. No answers have been coded to it: code them on the coding page.",
	"theme-renamed":    "The suggested theme has been renamed.",
	"theme-merged":     "The suggested themes have been merged.",
	"theme-rejected":   "The suggested theme has been rejected.",
}

type themesIndexPage struct {
	Consultation consult.Consultation
	Questions    []themeQuestion
}

type themeQuestion struct {
	Question consult.Question
	Run      *analysis.ThemeRun
}

func (h *Handlers) themesIndex(w http.ResponseWriter, r *http.Request) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	st := h.store(r)
	qs, err := consult.TextQuestions(r.Context(), st.DB(), st.Partnership().ID, c.ID)
	if err != nil {
		return err
	}
	d := themesIndexPage{Consultation: c}
	for _, q := range qs {
		tq := themeQuestion{Question: q}
		run, err := st.LatestThemeRun(r.Context(), c.ID, q.ID)
		if err == nil {
			tq.Run = &run
		} else if !errors.Is(err, valid.ErrNotFound) {
			return err
		}
		d.Questions = append(d.Questions, tq)
	}
	h.pages.Render(w, r, http.StatusOK, "themes.html", kit.View{Title: "Suggested themes: " + c.Title, Caption: "Analysis", Nav: "staff", Data: d})
	return nil
}

type themesPage struct {
	Consultation consult.Consultation
	Question     consult.Question
	CanEdit      bool
	Run          *analysis.ThemeRun
	Themes       []shownTheme
	HowMany      []kit.Option
}

type shownTheme struct {
	analysis.StoredSuggestion
	Typical []consult.TextAnswer
	Others  []kit.Option // the other pending suggestions, to merge into
}

// question is the consultation's free-text question whose code {question}
// names (as consultweb's question pages name them).
func (h *Handlers) question(r *http.Request, c consult.Consultation) (consult.Question, error) {
	code := r.PathValue("question")
	st := h.store(r)
	qs, err := consult.TextQuestions(r.Context(), st.DB(), st.Partnership().ID, c.ID)
	if err != nil {
		return consult.Question{}, err
	}
	for _, q := range qs {
		if q.Code == code {
			return q, nil
		}
	}
	return consult.Question{}, kit.ErrNotFound
}

func (h *Handlers) themesQuestion(w http.ResponseWriter, r *http.Request) error {
	return h.renderThemes(w, r, http.StatusOK, nil, nil)
}

func (h *Handlers) renderThemes(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors, f *kit.Form) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	q, err := h.question(r, c)
	if err != nil {
		return err
	}
	st := h.store(r)
	d := themesPage{Consultation: c, Question: q, CanEdit: kit.Can(r, auth.EditPlanning),
		HowMany: []kit.Option{{Value: "estimate", Label: "Estimate how many themes there are"}, {Value: "choose", Label: "Choose how many"}}}
	run, err := st.LatestThemeRun(r.Context(), c.ID, q.ID)
	switch {
	case err == nil:
		d.Run = &run
	case !errors.Is(err, valid.ErrNotFound):
		return err
	}
	if d.Run != nil {
		var ids []int64
		for _, s := range run.Suggestions {
			if s.Status != analysis.SuggestionMerged {
				ids = append(ids, s.Typical...)
			}
		}
		texts, err := consult.TextAnswersOf(r.Context(), st.DB(), st.Partnership().ID, c.ID, q.ID, ids)
		if err != nil {
			return err
		}
		for _, s := range run.Suggestions {
			if s.Status == analysis.SuggestionMerged {
				continue
			}
			t := shownTheme{StoredSuggestion: s}
			for _, id := range s.Typical {
				if a, ok := texts[id]; ok {
					t.Typical = append(t.Typical, a)
				}
			}
			for _, o := range run.Suggestions {
				if o.ID != s.ID && o.Pending() {
					t.Others = append(t.Others, kit.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Label})
				}
			}
			d.Themes = append(d.Themes, t)
		}
	}
	v := kit.View{Title: "Suggested themes: " + q.Code + " " + c.Title, Caption: "Analysis", Nav: "staff", Errors: errs, Data: d}
	if f != nil {
		v.Form = f.Values
	} else {
		v.Form = map[string][]string{"how": {"estimate"}}
		for _, t := range d.Themes {
			v.Form["name-"+strconv.FormatInt(t.ID, 10)] = []string{t.Label}
		}
	}
	h.pages.Render(w, r, status, "themes-question.html", v)
	return nil
}

func (h *Handlers) themesPath(r *http.Request, c consult.Consultation, q consult.Question) string {
	return analysisPath(kit.Current(r).Partnership.Slug, c.ID, "themes", q.Code)
}

func (h *Handlers) suggestThemes(w http.ResponseWriter, r *http.Request) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	q, err := h.question(r, c)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if errs, ok := valid.As(err); ok {
		return h.renderThemes(w, r, http.StatusUnprocessableEntity, errs, &f)
	} else if err != nil {
		return err
	}
	k := 0
	switch f.Get("how") {
	case "estimate":
	case "choose":
		n, err := strconv.Atoi(strings.TrimSpace(f.Get("k")))
		if err != nil || n < 2 || n > analysis.MaxThemes {
			return h.renderThemes(w, r, http.StatusUnprocessableEntity,
				valid.Errors{{Field: "k", Message: "Enter a number of themes from 2 to " + strconv.Itoa(analysis.MaxThemes)}}, &f)
		}
		k = n
	default:
		return h.renderThemes(w, r, http.StatusUnprocessableEntity,
			valid.Errors{{Field: "how", Message: "Choose whether to estimate how many themes there are or to choose how many"}}, &f)
	}
	_, err = h.store(r).SuggestThemes(r.Context(), c.ID, q.ID, k, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderThemes(w, r, http.StatusUnprocessableEntity, errs, &f)
	} else if err != nil {
		return err
	}
	return kit.SeeOther(w, r, h.themesPath(r, c, q), "themes-suggested")
}

// decideTheme accepts, renames, merges or rejects one suggestion, as the
// form's "action" button says.
func (h *Handlers) decideTheme(w http.ResponseWriter, r *http.Request) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	q, err := h.question(r, c)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "suggestion")
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if errs, ok := valid.As(err); ok {
		return h.renderThemes(w, r, http.StatusUnprocessableEntity, errs, &f)
	} else if err != nil {
		return err
	}
	st := h.store(r)
	sid := strconv.FormatInt(id, 10)
	var notice string
	switch f.Get("action") {
	case "accept":
		notice = "theme-accepted"
		_, err = st.AcceptSuggestion(r.Context(), c.ID, id, f.Get("name-"+sid), kit.Actor(r))
	case "rename":
		err, notice = st.RenameSuggestion(r.Context(), c.ID, id, f.Get("name-"+sid), kit.Actor(r)), "theme-renamed"
	case "merge":
		into, _ := strconv.ParseInt(f.Get("into-"+sid), 10, 64)
		err, notice = st.MergeSuggestions(r.Context(), c.ID, into, id, kit.Actor(r)), "theme-merged"
	case "reject":
		err, notice = st.RejectSuggestion(r.Context(), c.ID, id, kit.Actor(r)), "theme-rejected"
	default:
		return kit.ErrNotFound
	}
	if errs, ok := valid.As(err); ok {
		// the messages belong to this suggestion's fields
		for i := range errs {
			errs[i].Field += "-" + sid
		}
		return h.renderThemes(w, r, http.StatusUnprocessableEntity, errs, &f)
	}
	if errors.Is(err, analysis.ErrDecided) {
		return h.renderThemes(w, r, http.StatusConflict, valid.Errors{{Field: "name-" + sid, Message: "This suggested theme has already been decided"}}, &f)
	}
	if errors.Is(err, valid.ErrNotFound) {
		return kit.ErrNotFound
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, h.themesPath(r, c, q), notice)
}
