package analysisweb

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"coplan/internal/analysis"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// The framework matrix (issue 13, item 6): rows of respondents or groups,
// a column per theme, each cell the agreed coded extracts; its choices are
// in the address (GET), so the page and its downloads are links.

const matrixPageSize = 50

type matrixPage struct {
	Consultation    consult.Consultation
	Matrix          analysis.Matrix
	QuestionOptions []kit.Option
	ByOptions       []kit.Option
	ThemeOptions    []kit.Option
	GroupOptions    []kit.Option
	Page, Pages     int
	Query           string // the choices, for the downloads and paging ("" or "a=b&…")
}

// matrixOptions reads the page's choices from its address.
func matrixOptions(r *http.Request) analysis.MatrixOptions {
	q := r.URL.Query()
	opt := analysis.MatrixOptions{Question: queryID(r, "question"), By: q.Get("by"), Theme: queryID(r, "theme"),
		ByCount: q.Get("sort") == "count"}
	if g := q.Get("group"); g != "" && g != everyGroup {
		opt.Group, opt.OnlyGroup = groupValue(g), true
	}
	return opt
}

// everyGroup is the group choice for no filter; a group's value is
// prefixed with "g:" in the address, since the blank group's value is "".
const everyGroup = "*"

func groupParam(value string) string { return "g:" + value }

func groupValue(param string) string { return strings.TrimPrefix(param, "g:") }

func matrixQuery(opt analysis.MatrixOptions) url.Values {
	v := url.Values{}
	if opt.Question != 0 {
		v.Set("question", strconv.FormatInt(opt.Question, 10))
	}
	if opt.By != "" {
		v.Set("by", opt.By)
	}
	if opt.Theme != 0 {
		v.Set("theme", strconv.FormatInt(opt.Theme, 10))
	}
	if opt.OnlyGroup {
		v.Set("group", groupParam(opt.Group))
	}
	if opt.ByCount {
		v.Set("sort", "count")
	}
	return v
}

func (h *Handlers) matrix(w http.ResponseWriter, r *http.Request) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	st := h.store(r)
	opt := matrixOptions(r)
	d := matrixPage{Consultation: c, Page: max(1, int(queryID(r, "page")))}
	opt.Offset, opt.Limit = (d.Page-1)*matrixPageSize, matrixPageSize
	var errs valid.Errors
	d.Matrix, err = st.FrameworkMatrix(r.Context(), c.ID, opt)
	if e, ok := valid.As(err); ok {
		errs = e
		opt.By, opt.Theme, opt.Group, opt.OnlyGroup = "", 0, "", false
		d.Matrix, err = st.FrameworkMatrix(r.Context(), c.ID, opt)
	}
	if err != nil {
		return err
	}
	d.Pages = max(1, (d.Matrix.Total+matrixPageSize-1)/matrixPageSize)
	if d.QuestionOptions, err = h.questionOptions(r, c); err != nil {
		return err
	}
	dims, err := st.GroupDimensions(r.Context(), c.ID)
	if err != nil {
		return err
	}
	d.ByOptions = []kit.Option{{Value: "", Label: "Each respondent"}}
	for _, b := range dims {
		d.ByOptions = append(d.ByOptions, kit.Option{Value: b.Key, Label: b.Name})
	}
	codes, err := st.Codes(r.Context(), c.ID)
	if err != nil {
		return err
	}
	d.ThemeOptions = append([]kit.Option{{Value: "0", Label: "Every theme"}}, codeOptions(codes, "")...)
	if d.Matrix.Grouped {
		d.GroupOptions = []kit.Option{{Value: everyGroup, Label: "Every group"}}
		for _, g := range d.Matrix.Group.Groups {
			d.GroupOptions = append(d.GroupOptions, kit.Option{Value: groupParam(g.Value), Label: g.Label})
		}
	}
	q := matrixQuery(opt)
	d.Query = q.Encode()
	form := url.Values{"question": {strconv.FormatInt(opt.Question, 10)}, "by": {opt.By}, "theme": {strconv.FormatInt(opt.Theme, 10)},
		"group": {everyGroup}}
	if opt.OnlyGroup {
		form.Set("group", groupParam(opt.Group))
	}
	if opt.ByCount {
		form.Set("sort", "count")
	}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	h.pages.Render(w, r, status, "analysis-matrix.html", kit.View{Title: "Framework matrix: " + c.Title, Caption: "Analysis", Nav: "staff",
		Errors: errs, Form: form, Data: d})
	return nil
}

func (h *Handlers) matrixDownload(w http.ResponseWriter, r *http.Request, ext string) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	m, err := h.store(r).FrameworkMatrix(r.Context(), c.ID, matrixOptions(r))
	if _, ok := valid.As(err); ok {
		return kit.ErrNotFound
	} else if err != nil {
		return err
	}
	ctype := "text/csv; charset=utf-8"
	write := func(w io.Writer) error { return analysis.WriteMatrixCSV(w, m) }
	if ext == "xlsx" {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		write = func(w io.Writer) error { return analysis.WriteMatrixXLSX(w, m) }
	}
	name := fmt.Sprintf("%s-consultation-%d-framework-matrix-%s.%s", kit.Current(r).Partnership.Slug, c.ID,
		h.k.Now().In(civil.London).Format(time.DateOnly), ext)
	hd := w.Header()
	hd.Set("Content-Type", ctype)
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	hd.Set("Cache-Control", "no-store")
	return write(w)
}

func (h *Handlers) matrixCSV(w http.ResponseWriter, r *http.Request) error {
	return h.matrixDownload(w, r, "csv")
}

func (h *Handlers) matrixXLSX(w http.ResponseWriter, r *http.Request) error {
	return h.matrixDownload(w, r, "xlsx")
}
