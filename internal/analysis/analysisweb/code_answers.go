package analysisweb

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"coplan/internal/analysis"
	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// The coding pages: the consultation's free-text questions, then one
// answer at a time.

type questionsPage struct {
	Consultation consult.Consultation
	Questions    []questionView
	HasCodes     bool
}

type questionView struct {
	Question consult.Question
	Answers  int
	Mine     int // answers the reader has coded
}

func (h *Handlers) codingQuestions(w http.ResponseWriter, r *http.Request) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	st := h.store(r)
	qs, err := st.TextQuestions(r.Context(), c.ID)
	if err != nil {
		return err
	}
	d := questionsPage{Consultation: c}
	codes, err := st.Codes(r.Context(), c.ID)
	if err != nil {
		return err
	}
	d.HasCodes = len(codes) > 0
	me := kit.Actor(r).UserID
	for _, q := range qs {
		_, n, err := st.TextAnswersPage(r.Context(), c.ID, q.ID, 0, 0)
		if err != nil {
			return err
		}
		mine, err := st.CodedBy(r.Context(), c.ID, q.ID, me)
		if err != nil {
			return err
		}
		d.Questions = append(d.Questions, questionView{Question: q, Answers: n, Mine: len(mine)})
	}
	return h.pages.OK(w, r, "analysis-coding.html", kit.View{Title: "Code answers: " + c.Title, Caption: "Analysis", Nav: "staff", Data: d})
}

type answerPage struct {
	Consultation consult.Consultation
	Question     consult.Question
	Answer       consult.TextAnswer
	N, Total     int // the answer's place, from 1
	Codes        []analysis.Code
	CodeOptions  []kit.Option
	Mine         []codingView
	Others       []codingView // other coders' codings, when shown
	ShowOthers   bool
	Done         bool // the reader marked it coded
	CanEdit      bool
	Memos        []analysis.Memo
	Path         string // the page's address, without a query
}

type codingView struct {
	analysis.Coding
	CodeName string
}

func (h *Handlers) codingQuestion(r *http.Request) (consult.Consultation, consult.Question, error) {
	c, err := h.consultation(r)
	if err != nil {
		return c, consult.Question{}, err
	}
	id, err := kit.PathID(r, "question")
	if err != nil {
		return c, consult.Question{}, err
	}
	qs, err := h.store(r).TextQuestions(r.Context(), c.ID)
	if err != nil {
		return c, consult.Question{}, err
	}
	for _, q := range qs {
		if q.ID == id {
			return c, q, nil
		}
	}
	return c, consult.Question{}, kit.ErrNotFound
}

// place reads ?n= (from 1).
func place(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

func (h *Handlers) codeAnswer(w http.ResponseWriter, r *http.Request) error {
	return h.renderAnswer(w, r, http.StatusOK, place(r), nil, nil)
}

func (h *Handlers) renderAnswer(w http.ResponseWriter, r *http.Request, status, n int, errs valid.Errors, f *kit.Form) error {
	c, q, err := h.codingQuestion(r)
	if err != nil {
		return err
	}
	st := h.store(r)
	as, total, err := st.TextAnswersPage(r.Context(), c.ID, q.ID, n-1, 1)
	if err != nil {
		return err
	}
	slug := kit.Current(r).Partnership.Slug
	d := answerPage{Consultation: c, Question: q, N: n, Total: total, CanEdit: kit.Can(r, auth.EditPlanning),
		ShowOthers: r.URL.Query().Get("others") == "show", Path: analysisPath(slug, c.ID, "coding", q.ID)}
	if len(as) == 0 {
		if total > 0 && n > total {
			return kit.SeeOther(w, r, d.Path+"?n="+strconv.Itoa(total), "")
		}
		return h.pages.OK(w, r, "analysis-answer.html", kit.View{Title: "Code answers: " + q.Code, Caption: c.Title, Nav: "staff", Data: d})
	}
	d.Answer = as[0]
	if d.Codes, err = st.Codes(r.Context(), c.ID); err != nil {
		return err
	}
	d.CodeOptions = codeOptions(d.Codes, "")
	names := map[int64]string{}
	for _, k := range d.Codes {
		names[k.ID] = k.Name
	}
	ks, err := st.Codings(r.Context(), c.ID, analysis.CodingFilter{Question: q.ID, Response: d.Answer.ResponseID})
	if err != nil {
		return err
	}
	me := kit.Actor(r).UserID
	for _, k := range ks {
		v := codingView{Coding: k, CodeName: names[k.CodeID]}
		if k.CoderID == me {
			d.Mine = append(d.Mine, v)
		} else if d.ShowOthers {
			d.Others = append(d.Others, v)
		}
	}
	mine, err := st.CodedBy(r.Context(), c.ID, q.ID, me)
	if err != nil {
		return err
	}
	for _, id := range mine {
		d.Done = d.Done || id == d.Answer.ResponseID
	}
	memos, err := st.Memos(r.Context(), c.ID)
	if err != nil {
		return err
	}
	for _, m := range memos {
		if m.ResponseID == d.Answer.ResponseID {
			d.Memos = append(d.Memos, m)
		}
	}
	v := kit.View{Title: "Code answer " + strconv.Itoa(n) + " of " + strconv.Itoa(total) + ": " + q.Code, Caption: c.Title, Nav: "staff",
		Errors: errs, Data: d}
	if f != nil {
		v.Form = f.Values
	}
	h.pages.Render(w, r, status, "analysis-answer.html", v)
	return nil
}

// postAnswer codes the answer shown, marks it coded, removes one of the
// reader's codings, or adds a memo on the response, as "action" says.
func (h *Handlers) postAnswer(w http.ResponseWriter, r *http.Request) error {
	c, q, err := h.codingQuestion(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	n := formInt(f, "n")
	if errs, ok := valid.As(err); ok {
		return h.renderAnswer(w, r, http.StatusUnprocessableEntity, n, errs, &f)
	} else if err != nil {
		return err
	}
	st, who, resp := h.store(r), kit.Actor(r), formID(f, "response")
	next, done := n, ""
	switch f.Get("action") {
	case "code":
		var codes []int64
		for _, v := range f.Values["codes"] {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil {
				codes = append(codes, id)
			}
		}
		start, end := -1, -1
		if s, err := strconv.Atoi(f.Get("start")); err == nil {
			start = s
		}
		if e, err := strconv.Atoi(f.Get("end")); err == nil {
			end = e
		}
		_, err = st.Code(r.Context(), analysis.Application{ConsultationID: c.ID, QuestionID: q.ID, ResponseID: resp, Codes: codes,
			Extract: f.Get("extract"), Start: start, End: end}, who)
		done = "analysis-coded"
	case "done":
		err, next = st.MarkCoded(r.Context(), c.ID, q.ID, resp, who), n+1
	case "uncode":
		err, done = st.Uncode(r.Context(), formID(f, "coding"), who), "analysis-uncoded"
	case "memo":
		_, err = st.AddMemo(r.Context(), c.ID, 0, resp, f.Get("memo"), who)
		done = "analysis-memo"
	default:
		return kit.BadRequest("The form could not be read. Go back to the page and try again.")
	}
	if errs, ok := valid.As(err); ok {
		return h.renderAnswer(w, r, http.StatusUnprocessableEntity, n, errs, &f)
	} else if errors.Is(err, valid.ErrNotFound) {
		return kit.ErrNotFound
	} else if err != nil {
		return err
	}
	path := analysisPath(kit.Current(r).Partnership.Slug, c.ID, "coding", q.ID) + "?" + url.Values{"n": {strconv.Itoa(next)}}.Encode()
	if done != "" {
		path += "&done=" + done
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
	return nil
}

func formInt(f kit.Form, name string) int {
	n, err := strconv.Atoi(f.Get(name))
	if err != nil || n < 1 {
		return 1
	}
	return n
}
