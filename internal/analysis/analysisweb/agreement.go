package analysisweb

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"coplan/internal/analysis"
	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// The agreement between two coders (Cohen's kappa per code) and the
// reconciliation of their disagreements into the agreed coding.

type agreementPage struct {
	Consultation    consult.Consultation
	QuestionOptions []kit.Option
	CoderOptions    []kit.Option
	Coders          []analysis.Coder
	A, B            string // the two coders' names
	Rows            []agreementRow
	Shared          int // answers both coded
	Disagreements   int
	Query           string
}

type agreementRow struct {
	Code                        analysis.Code
	Both, OnlyA, OnlyB, Neither int
	Observed, Expected, Kappa   string
	Defined                     bool
	Strength                    string
}

func queryID(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	return id
}

func (h *Handlers) questionOptions(r *http.Request, c consult.Consultation) ([]kit.Option, error) {
	qs, err := h.store(r).TextQuestions(r.Context(), c.ID)
	if err != nil {
		return nil, err
	}
	os := []kit.Option{{Value: "0", Label: "Every open question"}}
	for _, q := range qs {
		os = append(os, kit.Option{Value: strconv.FormatInt(q.ID, 10), Label: q.Code + ". " + q.Text})
	}
	return os, nil
}

func (h *Handlers) agreement(w http.ResponseWriter, r *http.Request) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	st := h.store(r)
	d := agreementPage{Consultation: c}
	if d.QuestionOptions, err = h.questionOptions(r, c); err != nil {
		return err
	}
	question := queryID(r, "question")
	if d.Coders, err = st.Coders(r.Context(), c.ID, question); err != nil {
		return err
	}
	for _, k := range d.Coders {
		d.CoderOptions = append(d.CoderOptions, kit.Option{Value: strconv.FormatInt(k.ID, 10), Label: k.Name})
	}
	a, b := queryID(r, "a"), queryID(r, "b")
	if a == 0 && len(d.Coders) > 0 {
		a = d.Coders[0].ID
	}
	if b == 0 && len(d.Coders) > 1 {
		b = d.Coders[1].ID
	}
	for _, k := range d.Coders {
		if k.ID == a {
			d.A = k.Name
		}
		if k.ID == b {
			d.B = k.Name
		}
	}
	var errs valid.Errors
	if a != 0 && a == b {
		errs.Add("b", "Choose two different coders")
	}
	if d.A != "" && d.B != "" && a != b {
		rows, shared, err := st.Agreement(r.Context(), c.ID, question, a, b)
		if err != nil {
			return err
		}
		d.Shared = shared
		for _, x := range rows {
			k := x.Kappa
			row := agreementRow{Code: x.Code, Both: k.Both, OnlyA: k.OnlyA, OnlyB: k.OnlyB, Neither: k.Neither, Defined: k.Defined,
				Strength: k.Strength()}
			if k.N() > 0 {
				row.Observed, row.Expected = percent(k.Observed), percent(k.Expected)
			}
			if k.Defined {
				row.Kappa = strings.Replace(fmt.Sprintf("%.2f", k.Value), "-", "−", 1)
			}
			d.Rows = append(d.Rows, row)
		}
	}
	dis, err := st.Disagreements(r.Context(), c.ID, question)
	if err != nil {
		return err
	}
	d.Disagreements = len(dis)
	if question != 0 {
		d.Query = "?" + url.Values{"question": {strconv.FormatInt(question, 10)}}.Encode()
	}
	form := url.Values{"question": {strconv.FormatInt(question, 10)}, "a": {strconv.FormatInt(a, 10)}, "b": {strconv.FormatInt(b, 10)}}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	h.pages.Render(w, r, status, "analysis-agreement.html", kit.View{Title: "Agreement between coders: " + c.Title, Caption: "Analysis",
		Nav: "staff", Errors: errs, Form: form, Data: d})
	return nil
}

func percent(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }

type reconcilePage struct {
	Consultation consult.Consultation
	Items        []reconcileItem
	CanEdit      bool
	Question     int64
	Total        int
	Page, Pages  int // from 1
	Query        string
}

type reconcileItem struct {
	Disagreement analysis.Disagreement
	Answer       consult.TextAnswer
	Question     string
	ByCoder      []coderCodes
	Options      []kit.Option // with two coders: one's, the other's, both, neither
	Codes        []kit.Option // otherwise: each disputed code
	ID           string       // the form's field id
}

type coderCodes struct {
	Name  string
	Codes []string
}

const reconcilePageSize = 20

func (h *Handlers) reconcile(w http.ResponseWriter, r *http.Request) error {
	return h.renderReconcile(w, r, http.StatusOK, nil, nil)
}

// reconcileChoices are the choices for one disagreement. With two coders
// the lead keeps one's codes, the other's, both or neither; with more, any
// of the disputed codes.
func reconcileChoices(d analysis.Disagreement, names map[int64]string, coders map[int64]string) ([]coderCodes, []kit.Option, []kit.Option) {
	var by []coderCodes
	for _, who := range d.Coders {
		var cs []string
		for _, id := range d.ByCoder[who] {
			cs = append(cs, names[id])
		}
		by = append(by, coderCodes{Name: coders[who], Codes: cs})
	}
	var codes []kit.Option
	for _, id := range d.Disputed {
		codes = append(codes, kit.Option{Value: strconv.FormatInt(id, 10), Label: names[id]})
	}
	if len(d.Coders) != 2 {
		return by, nil, codes
	}
	list := func(cs []string) string {
		if len(cs) == 0 {
			return "no theme"
		}
		return strings.Join(cs, ", ")
	}
	return by, []kit.Option{
		{Value: "first", Label: "Keep " + by[0].Name + "’s: " + list(by[0].Codes)},
		{Value: "second", Label: "Keep " + by[1].Name + "’s: " + list(by[1].Codes)},
		{Value: "both", Label: "Keep both"},
		{Value: "neither", Label: "Keep neither"},
	}, nil
}

func (h *Handlers) renderReconcile(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors, f *kit.Form) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	st := h.store(r)
	question := queryID(r, "question")
	dis, err := st.Disagreements(r.Context(), c.ID, question)
	if err != nil {
		return err
	}
	codes, err := st.Codes(r.Context(), c.ID)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, k := range codes {
		names[k.ID] = k.Name
	}
	coders, err := st.Coders(r.Context(), c.ID, 0)
	if err != nil {
		return err
	}
	coderNames := map[int64]string{}
	for _, k := range coders {
		coderNames[k.ID] = k.Name
	}
	qs, err := st.TextQuestions(r.Context(), c.ID)
	if err != nil {
		return err
	}
	qtext := map[int64]string{}
	for _, q := range qs {
		qtext[q.ID] = q.Code + ". " + q.Text
	}
	d := reconcilePage{Consultation: c, CanEdit: kit.Can(r, auth.EditPlanning), Question: question, Total: len(dis)}
	d.Pages = max(1, (len(dis)+reconcilePageSize-1)/reconcilePageSize)
	d.Page = min(max(1, int(queryID(r, "page"))), d.Pages)
	if question != 0 {
		d.Query = "question=" + strconv.FormatInt(question, 10) + "&"
	}
	from := min((d.Page-1)*reconcilePageSize, len(dis))
	for _, x := range dis[from:min(from+reconcilePageSize, len(dis))] {
		a, err := st.TextAnswer(r.Context(), c.ID, x.QuestionID, x.ResponseID)
		if err != nil {
			return err
		}
		it := reconcileItem{Disagreement: x, Answer: a, Question: qtext[x.QuestionID], ID: fmt.Sprintf("keep-%d-%d", x.ResponseID, x.QuestionID)}
		it.ByCoder, it.Options, it.Codes = reconcileChoices(x, names, coderNames)
		d.Items = append(d.Items, it)
	}
	v := kit.View{Title: "Reconcile the coding: " + c.Title, Caption: "Analysis", Nav: "staff", Errors: errs, Data: d}
	if f != nil {
		v.Form = f.Values
	}
	h.pages.Render(w, r, status, "analysis-reconcile.html", v)
	return nil
}

func (h *Handlers) decide(w http.ResponseWriter, r *http.Request) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if errs, ok := valid.As(err); ok {
		return h.renderReconcile(w, r, http.StatusUnprocessableEntity, errs, &f)
	} else if err != nil {
		return err
	}
	st := h.store(r)
	question, response := formID(f, "question"), formID(f, "response")
	dis, err := st.Disagreements(r.Context(), c.ID, question)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(dis, func(d analysis.Disagreement) bool { return d.ResponseID == response && d.QuestionID == question })
	if i < 0 {
		return kit.ErrNotFound
	}
	x := dis[i]
	field := fmt.Sprintf("keep-%d-%d", x.ResponseID, x.QuestionID)
	var accepted []int64
	if len(x.Coders) == 2 {
		switch f.Get(field) {
		case "first":
			accepted = x.ByCoder[x.Coders[0]]
		case "second":
			accepted = x.ByCoder[x.Coders[1]]
		case "both":
			accepted = x.Disputed
		case "neither":
		default:
			return h.renderReconcile(w, r, http.StatusUnprocessableEntity, valid.Errors{{Field: field, Message: "Choose which coding to keep"}}, &f)
		}
	} else {
		for _, v := range f.Values[field] {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil && slices.Contains(x.Disputed, id) {
				accepted = append(accepted, id)
			}
		}
	}
	err = st.Decide(r.Context(), c.ID, question, response, x.Disputed, accepted, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderReconcile(w, r, http.StatusUnprocessableEntity, errs, &f)
	} else if err != nil {
		return err
	}
	return kit.SeeOther(w, r, analysisPath(kit.Current(r).Partnership.Slug, c.ID, "reconcile"), "analysis-decided")
}
