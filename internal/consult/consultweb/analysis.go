package consultweb

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// The analysis page's choices, read from its address so that the page,
// its CSV and its workbook are links (GET, working with JavaScript off).
const (
	analysisByParam   = "by"   // a reach dimension's key, "" for none
	analysisLateParam = "late" // "include" counts the responses entered after closing
)

// analysisPage is the staff's analysis of a consultation (issue 13, items
// 1-3): who responded (reach, with groups flagged) and the tallies of
// every closed question, overall or by a reach dimension.
type analysisPage struct {
	Consultation consult.Consultation
	Base         string // the page's address
	Reach        reachView
	Tallies      []tallyView
	ByOptions    []kit.Option
	ByName       string // the chosen dimension's name as part of a sentence, "" for none
	Late         int
	IncludeLate  bool
	Query        string // the choices as a query string, for the download links ("" for none)
	Closed       bool   // the consultation has closed
	CanEdit      bool   // may enter the localities' populations
}

type reachView struct {
	Responses     int
	HasPopulation bool
	Flags         int
	Breakdowns    []breakdownView
}

type breakdownView struct {
	Key, Name         string
	Multiple, Flagged bool
	Population        bool // a population was entered for some group
	Groups            []groupView
}

type groupView struct {
	Label, Percent, Population, PopulationPercent, Flag string
	N                                                   int
	Blank                                               bool
}

type tallyView struct {
	Code, Text string
	Kind       string
	Multiple   bool
	Responses  int
	Columns    []columnView
	Rows       []tallyRowView
}

type columnView struct {
	Label string
	N     int
}

type tallyRowView struct {
	Label   string
	Blank   bool
	N       int
	Percent string
	Cells   []cellView
}

type cellView struct {
	N       int
	Percent string
}

// analysisOptions reads the page's choices. An unknown dimension is an
// error for the "by" field.
func (s *Handlers) analysisOptions(r *http.Request, c consult.Consultation) (consult.TallyOptions, []consult.Breakdown, valid.Errors, error) {
	q := r.URL.Query()
	opt := consult.TallyOptions{Dimension: q.Get(analysisByParam), IncludeLate: q.Get(analysisLateParam) == "include"}
	qn, err := s.store(r).CurrentQuestionnaire(r.Context(), c.ID)
	if err != nil && !errors.Is(err, valid.ErrNotFound) {
		return opt, nil, nil, err
	}
	dims := consult.Dimensions(*kit.Current(r).Partnership, qn)
	if opt.Dimension == "" {
		return opt, dims, nil, nil
	}
	for _, d := range dims {
		if d.Key == opt.Dimension {
			return opt, dims, nil, nil
		}
	}
	opt.Dimension = ""
	return opt, dims, valid.Errors{{Field: analysisByParam, Message: "Select one of the ways of grouping the responses in the list"}}, nil
}

func (s *Handlers) analysis(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	opt, dims, errs, err := s.analysisOptions(r, c)
	if err != nil {
		return err
	}
	st := s.store(r)
	reach, err := st.Reach(r.Context(), c.ID, opt.IncludeLate)
	if err != nil {
		return err
	}
	tabs, err := st.Tallies(r.Context(), c.ID, opt)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	d := analysisPage{Consultation: c, Base: kit.StaffPath(p.Slug, "consultations", c.ID, "analysis"), Late: reach.Late,
		IncludeLate: opt.IncludeLate, Closed: !s.k.Now().Before(c.ClosesAt),
		CanEdit: auth.Can(kit.Current(r).User, auth.EditPlanning, p.ID)}
	d.ByOptions = []kit.Option{{Value: "", Label: "Do not group: all responses"}}
	for _, b := range dims {
		d.ByOptions = append(d.ByOptions, kit.Option{Value: b.Key, Label: b.Name})
		if b.Key == opt.Dimension {
			// In a sentence: "the answers by prescribed groups".
			d.ByName = strings.ToLower(b.Name[:1]) + b.Name[1:]
		}
	}
	query := url.Values{}
	if opt.Dimension != "" {
		query.Set(analysisByParam, opt.Dimension)
	}
	if opt.IncludeLate {
		query.Set(analysisLateParam, "include")
	}
	if len(query) > 0 {
		d.Query = "?" + query.Encode()
	}
	d.Reach = showReach(reach)
	for _, ct := range tabs {
		d.Tallies = append(d.Tallies, showTally(ct))
	}
	form := url.Values{analysisByParam: {opt.Dimension}}
	if opt.IncludeLate {
		form.Set(analysisLateParam, "include")
	}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	s.pages.Render(w, r, status, "analysis.html", kit.View{Title: "Analysis: " + c.Title, Caption: "Consultation", Nav: "staff",
		Errors: errs, Form: form, Data: d})
	return nil
}

func showReach(r consult.Reach) reachView {
	v := reachView{Responses: r.Responses}
	for _, b := range r.Breakdowns {
		bv := breakdownView{Key: b.Key, Name: b.Name, Multiple: b.Multiple, Flagged: b.Flagged, Population: b.Population > 0}
		v.HasPopulation = v.HasPopulation || bv.Population
		for _, g := range b.Groups {
			gv := groupView{Label: g.Label, N: g.N, Percent: consult.Percent(g.N, r.Responses), Flag: g.Flag.Name(), Blank: g.Blank}
			if g.Population > 0 && b.Population > 0 {
				gv.Population = kit.Thousands(int(g.Population))
				gv.PopulationPercent = fmt.Sprintf("%.0f%%", 100*float64(g.Population)/float64(b.Population))
			}
			if g.Flag != "" {
				v.Flags++
			}
			bv.Groups = append(bv.Groups, gv)
		}
		v.Breakdowns = append(v.Breakdowns, bv)
	}
	return v
}

func showTally(ct consult.Crosstab) tallyView {
	v := tallyView{Code: ct.Question.Code, Text: ct.Question.Text, Kind: ct.Question.Kind.Name(), Multiple: ct.Multiple, Responses: ct.Responses}
	for _, c := range ct.Columns {
		v.Columns = append(v.Columns, columnView{Label: c.Label, N: c.N})
	}
	for _, row := range ct.Rows {
		rv := tallyRowView{Label: row.Label, Blank: row.Blank, N: row.N, Percent: consult.Percent(row.N, ct.Responses)}
		for i, c := range ct.Columns {
			rv.Cells = append(rv.Cells, cellView{N: row.ByColumn[i], Percent: consult.Percent(row.ByColumn[i], c.N)})
		}
		v.Rows = append(v.Rows, rv)
	}
	return v
}

// analysisDownload sends the tallies (and, in the workbook, the reach) as
// a file named for the partnership, the consultation and the day.
func (s *Handlers) analysisDownload(w http.ResponseWriter, r *http.Request, ext string) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	opt, _, errs, err := s.analysisOptions(r, c)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return kit.ErrNotFound
	}
	st := s.store(r)
	tabs, err := st.Tallies(r.Context(), c.ID, opt)
	if err != nil {
		return err
	}
	var reach consult.Reach
	ctype := "text/csv; charset=utf-8"
	write := func(w io.Writer) error { return consult.WriteTalliesCSV(w, tabs) }
	if ext == "xlsx" {
		if reach, err = st.Reach(r.Context(), c.ID, opt.IncludeLate); err != nil {
			return err
		}
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		write = func(w io.Writer) error { return consult.WriteAnalysisXLSX(w, reach, tabs) }
	}
	name := fmt.Sprintf("%s-consultation-%d-analysis-%s.%s", kit.Current(r).Partnership.Slug, c.ID,
		s.k.Now().In(civil.London).Format(time.DateOnly), ext)
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "no-store")
	return s.respStream(w, r, write)
}

func (s *Handlers) analysisCSV(w http.ResponseWriter, r *http.Request) error {
	return s.analysisDownload(w, r, "csv")
}

func (s *Handlers) analysisXLSX(w http.ResponseWriter, r *http.Request) error {
	return s.analysisDownload(w, r, "xlsx")
}
