// Package indicatorsweb is the core indicators' pages: a partnership's
// figures by indicator and year against Scotland's (staff and public),
// each indicator's definition and chart, the benchmark that ranks every
// partnership for one indicator and year, the imports (a partnership's
// officers for their own figures; the service's administrators for every
// partnership and Scotland), and the open data.
package indicatorsweb

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"coplan/internal/auth"
	"coplan/internal/files"
	"coplan/internal/indicators"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

//go:embed templates
var templateFiles embed.FS

// Handlers are the indicators' pages, sharing the kit.
type Handlers struct {
	k     *kit.Kit
	pages *kit.Pages
}

// New parses the templates and registers the notices.
func New(k *kit.Kit) (*Handlers, error) {
	pages, err := k.Pages(templateFiles, funcs)
	if err != nil {
		return nil, err
	}
	k.AddNotices(map[string]string{"indicators-imported": "The figures have been imported."})
	return &Handlers{k: k, pages: pages}, nil
}

const staffBase = "/staff/partnerships/{slug}/indicators"

// Routes are every address of the indicators, each with its permission.
func (h *Handlers) Routes() []kit.Route {
	return []kit.Route{
		{Pattern: "GET " + staffBase, Perm: auth.ReadPlanning, Handle: h.overview},
		{Pattern: "GET " + staffBase + "/benchmark", Perm: auth.ReadPlanning, Handle: h.benchmark},
		{Pattern: "GET " + staffBase + "/import", Perm: auth.EditPlanning, Handle: h.importForm},
		{Pattern: "POST " + staffBase + "/import", Perm: auth.EditPlanning, Handle: h.importFile},
		{Pattern: "GET " + staffBase + "/import/template.csv", Perm: auth.EditPlanning, Handle: h.template},
		{Pattern: "GET " + staffBase + "/{indicator}", Perm: auth.ReadPlanning, Handle: h.indicator},
		{Pattern: "GET /staff/indicators/import", Perm: auth.ManageInstance, Handle: h.importForm},
		{Pattern: "POST /staff/indicators/import", Perm: auth.ManageInstance, Handle: h.importFile},
		{Pattern: "GET /partnerships/{slug}/indicators", Perm: auth.Public, Handle: h.overview, Cache: true},
		{Pattern: "GET /partnerships/{slug}/indicators/{indicator}", Perm: auth.Public, Handle: h.indicator, Cache: true},
		{Pattern: "GET /api/v1/partnerships/{slug}/indicators", Perm: auth.Public, Handle: h.apiIndicators, Cache: true},
		{Pattern: "GET /api/v1/benchmark", Perm: auth.Public, Handle: h.apiBenchmark, Cache: true},
	}
}

func (h *Handlers) store(r *http.Request) *indicators.Store {
	p := kit.Current(r).Partnership
	if p == nil {
		return indicators.StoreFor(h.k.DB, partnership.Partnership{}, h.k.Now)
	}
	return indicators.StoreFor(h.k.DB, *p, h.k.Now)
}

func staff(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/staff/") }

// base is the address of the partnership's indicators, staff or public as
// the request is.
func base(r *http.Request) string {
	slug := kit.Current(r).Partnership.Slug
	if staff(r) {
		return kit.StaffPath(slug, "indicators")
	}
	return kit.PublicPath(slug, "indicators")
}

var funcs = template.FuncMap{
	"num": kit.FormatNumber,
	"figure": func(f indicators.Figure) string {
		s := kit.FormatNumber(f.Rate)
		if b := basisOf(f.Indicator); b == "%" {
			s += "%"
		}
		return s
	},
	"interval": func(f indicators.Figure) string {
		if !f.HasInterval() {
			return ""
		}
		return kit.FormatNumber(*f.Lower) + " to " + kit.FormatNumber(*f.Upper)
	},
	"opt": func(v *float64) string {
		if v == nil {
			return "Not given"
		}
		return kit.FormatNumber(*v)
	},
	"columns": func() any { return indicators.Columns },
	"against": indicators.AgainstScotland,
}

func basisOf(code string) string {
	ind, _ := statute.CoreIndicatorByCode(code)
	return ind.Basis
}

// localityOptions are the choices of area: the whole partnership, then each
// locality.
func localityOptions(p *partnership.Partnership) []kit.Option {
	os := []kit.Option{{Value: "", Label: "The whole partnership"}}
	for _, l := range p.Localities {
		os = append(os, kit.Option{Value: l.Name, Label: l.Name})
	}
	return os
}

// chosenLocality reads ?locality=, which must be one of the partnership's.
func chosenLocality(r *http.Request) (string, error) {
	loc := r.URL.Query().Get("locality")
	if loc == "" {
		return "", nil
	}
	for _, l := range kit.Current(r).Partnership.Localities {
		if l.Name == loc {
			return loc, nil
		}
	}
	return "", kit.BadRequest("Choose one of the partnership's localities.")
}

type overviewPage struct {
	Base         string
	Staff        bool
	Locality     string
	Localities   []kit.Option
	Series       []indicators.Series
	Illustrative bool
	CanImport    bool
	CanInstance  bool
}

func (h *Handlers) overview(w http.ResponseWriter, r *http.Request) error {
	loc, err := chosenLocality(r)
	if err != nil {
		return err
	}
	ss, err := h.store(r).Overview(r.Context(), loc, 0)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	pg := overviewPage{Base: base(r), Staff: staff(r), Locality: loc, Localities: localityOptions(p), Series: ss,
		CanImport: staff(r) && kit.Can(r, auth.EditPlanning), CanInstance: staff(r) && kit.Can(r, auth.ManageInstance)}
	for _, s := range ss {
		pg.Illustrative = pg.Illustrative || s.Illustrative()
	}
	title := "How the partnership is doing: the national indicators"
	if staff(r) {
		title = "National indicators"
	}
	if loc != "" {
		title += ": " + loc
	}
	return h.pages.OK(w, r, "indicators.html", kit.View{Title: title, Caption: p.Name, Form: url.Values{"locality": {loc}}, Data: pg})
}

type indicatorPage struct {
	Base         string
	Staff        bool
	Locality     string
	Localities   []kit.Option
	Indicator    statute.CoreIndicator
	Series       *indicators.Series
	Chart        kit.Chart
	Illustrative bool
}

func (h *Handlers) indicator(w http.ResponseWriter, r *http.Request) error {
	ind, ok := statute.CoreIndicatorByCode(r.PathValue("indicator"))
	if !ok || !ind.Reported {
		return kit.ErrNotFound
	}
	loc, err := chosenLocality(r)
	if err != nil {
		return err
	}
	ss, err := h.store(r).Overview(r.Context(), loc, 0)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	area := p.Name
	if loc != "" {
		area = loc
	}
	pg := indicatorPage{Base: base(r), Staff: staff(r), Locality: loc, Localities: localityOptions(p), Indicator: ind}
	for i := range ss {
		if ss[i].Indicator.Code == ind.Code {
			pg.Series = &ss[i]
			pg.Illustrative = ss[i].Illustrative()
		}
	}
	if pg.Series != nil {
		pg.Chart = seriesChart(area, *pg.Series)
	}
	return h.pages.OK(w, r, "indicator.html", kit.View{Title: ind.Code + ": " + ind.Title + " (" + area + ")", Caption: p.Name,
		Form: url.Values{"locality": {loc}}, Data: pg})
}

// seriesChart is an indicator's figure by year for area, with Scotland's
// beside each when Scotland's is held for every year (a missing one would
// read as a zero); the table under the chart names any that is not held.
func seriesChart(area string, s indicators.Series) kit.Chart {
	c := kit.Chart{ID: "by-year", Title: fmt.Sprintf("%s by year: %s", s.Indicator.Code, area), Label: "Year", Unit: area}
	withScotland := !slices.ContainsFunc(s.Years, func(y indicators.SeriesYear) bool { return y.Scotland == nil })
	if withScotland {
		c.Title += " and Scotland"
		c.Series = []string{area, "Scotland"}
	}
	if s.Indicator.Percentage() {
		c.Suffix = "%"
	}
	for _, y := range s.Years {
		label := y.Year.String()
		if y.Provisional {
			label += " (provisional)"
		}
		if withScotland {
			c.Add(label, y.Rate, y.Scotland.Rate)
		} else {
			c.Add(label, y.Rate)
		}
	}
	l := s.Latest()
	c.Desc = fmt.Sprintf("%s for %s in each year from %s to %s (%s). In %s: %s %s", s.Indicator.Code, area,
		s.Years[0].Year, l.Year, s.Indicator.Better, l.Year, area, c.Number(l.Rate))
	if l.Scotland != nil {
		c.Desc += ", Scotland " + c.Number(l.Scotland.Rate)
	}
	c.Desc += ". The table that follows gives every figure."
	if s.Illustrative() {
		c.Desc += " The figures are illustrative, not real statistics."
	}
	return c
}

// BenchmarkPageSize is how many partnerships the benchmark page shows at
// once; the ranks are of every partnership.
const BenchmarkPageSize = 40

type benchmarkPage struct {
	Base       string
	Indicators []kit.Option
	Years      []kit.Option
	Benchmark  indicators.Benchmark
	Rows       []indicators.BenchmarkRow
	Chart      kit.Chart
	Page       int
	Pages      int
	Prev, Next string
	ChosenPage int
	ChosenHref string
	Found      bool
}

func (h *Handlers) benchmark(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := h.store(r)
	p := kit.Current(r).Partnership
	q := r.URL.Query()
	code := q.Get("indicator")
	if code == "" {
		code = "NI-12"
	}
	ind, ok := statute.CoreIndicatorByCode(code)
	if !ok || !ind.Reported {
		return kit.BadRequest("Choose one of the indicators the page offers.")
	}
	years, err := st.BenchmarkYears(ctx, ind.Code)
	if err != nil {
		return err
	}
	pg := benchmarkPage{Base: kit.StaffPath(p.Slug, "indicators"), Page: 1}
	for _, i := range statute.ReportedIndicators() {
		pg.Indicators = append(pg.Indicators, kit.Option{Value: i.Code, Label: i.Code + ": " + i.Title})
	}
	for _, y := range years {
		pg.Years = append(pg.Years, kit.Option{Value: strconv.Itoa(y.Start), Label: y.String()})
	}
	year := 0
	if s := q.Get("year"); s != "" {
		if year, err = strconv.Atoi(s); err != nil {
			return kit.BadRequest("Choose one of the years the page offers.")
		}
	} else if len(years) > 0 {
		year = years[0].Start
	}
	form := url.Values{"indicator": {ind.Code}, "year": {strconv.Itoa(year)}}
	title := "Benchmarking: " + ind.Code
	if year != 0 {
		b, err := st.Benchmark(ctx, ind.Code, year)
		if err != nil {
			return err
		}
		pg.Benchmark = b
		pg.Found = len(b.Rows) > 0 || b.Scotland != nil
		title += ", " + b.Year.String()
		pg.Pages = max(1, (len(b.Rows)+BenchmarkPageSize-1)/BenchmarkPageSize)
		if n, err := strconv.Atoi(q.Get("page")); err == nil && n >= 1 && n <= pg.Pages {
			pg.Page = n
		}
		href := func(n int) string {
			v := url.Values{"indicator": {ind.Code}, "year": {strconv.Itoa(year)}}
			if n > 1 {
				v.Set("page", strconv.Itoa(n))
			}
			return pg.Base + "/benchmark?" + v.Encode()
		}
		if pg.Page > 1 {
			pg.Prev = href(pg.Page - 1)
		}
		if pg.Page < pg.Pages {
			pg.Next = href(pg.Page + 1)
		}
		from := (pg.Page - 1) * BenchmarkPageSize
		pg.Rows = b.Rows[from:min(from+BenchmarkPageSize, len(b.Rows))]
		if b.Chosen >= 0 {
			pg.ChosenPage = b.Chosen/BenchmarkPageSize + 1
			pg.ChosenHref = href(pg.ChosenPage)
		}
		pg.Chart = benchmarkChart(b, pg.Rows)
		if pg.Pages > 1 {
			title += fmt.Sprintf(" (page %d of %d)", pg.Page, pg.Pages)
		}
	}
	return h.pages.OK(w, r, "benchmark.html", kit.View{Title: title, Caption: p.Name, Form: form, Data: pg})
}

// benchmarkChart draws a page of the ranking, Scotland last; the chosen
// partnership is named as such in its label, not marked by colour alone.
func benchmarkChart(b indicators.Benchmark, rows []indicators.BenchmarkRow) kit.Chart {
	c := kit.Chart{ID: "ranking", Title: fmt.Sprintf("%s, %s, by partnership", b.Indicator.Code, b.Year), Label: "Partnership",
		Unit: b.Indicator.Basis}
	if b.Indicator.Percentage() {
		c.Suffix, c.Unit = "%", "Per cent"
	}
	for _, r := range rows {
		c.Add(rowLabel(r), r.Rate)
	}
	if b.Scotland != nil {
		c.Add("Scotland (for comparison)", b.Scotland.Rate)
	}
	desc := fmt.Sprintf("%s for each partnership in %s, best first (%s).", b.Indicator.Code, b.Year, b.Indicator.Better)
	if b.Chosen >= 0 {
		r := b.Rows[b.Chosen]
		desc += fmt.Sprintf(" %s is ranked %d of %d with %s.", r.Name, r.Rank, len(b.Rows), c.Number(r.Rate))
	}
	if b.Illustrative() {
		desc += " The figures are illustrative, not real statistics."
	}
	c.Desc = desc
	return c
}

func rowLabel(r indicators.BenchmarkRow) string {
	s := r.Name
	if r.Rank > 0 {
		s = strconv.Itoa(r.Rank) + ". " + s
		if r.Tied {
			s += " (tied)"
		}
	}
	if r.Chosen {
		s += " — this partnership"
	}
	return s
}

type importPage struct {
	Action   string
	Template string
	Instance bool
	Problems []indicators.ImportProblem
	MaxSize  string
}

func (h *Handlers) importPage(r *http.Request) (importPage, string) {
	if p := kit.Current(r).Partnership; p != nil {
		b := kit.StaffPath(p.Slug, "indicators", "import")
		return importPage{Action: b, Template: b + "/template.csv"}, "Import indicator figures"
	}
	return importPage{Action: "/staff/indicators/import", Instance: true}, "Import indicator figures for every partnership and Scotland"
}

func (h *Handlers) renderImport(w http.ResponseWriter, r *http.Request, status int, f url.Values, errs valid.Errors, probs []indicators.ImportProblem) error {
	pg, title := h.importPage(r)
	pg.Problems = probs
	pg.MaxSize = fmt.Sprintf("%d MB", files.Tables.MaxMB())
	v := kit.View{Title: title, Errors: errs, Form: f, Data: pg}
	if p := kit.Current(r).Partnership; p != nil {
		v.Caption = p.Name
	}
	h.pages.Render(w, r, status, "import.html", v)
	return nil
}

func (h *Handlers) importForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderImport(w, r, http.StatusOK, url.Values{"source": {""}}, nil, nil)
}

// importFile stores every figure of an uploaded CSV file, or none.
func (h *Handlers) importFile(w http.ResponseWriter, r *http.Request) error {
	f, u, err := kit.ReadUpload(w, r, "file", files.Tables)
	if errs, ok := valid.As(err); ok {
		return h.renderImport(w, r, http.StatusUnprocessableEntity, f.Values, errs, nil)
	}
	if err != nil {
		return err
	}
	var errs valid.Errors
	if _, err := files.Tables.Check("file", u); err != nil || len(bytes.TrimSpace(u.Content)) == 0 {
		errs.Add("file", "Choose a CSV file of figures to import")
	}
	set := indicators.Set{Source: f.Text("source"), Illustrative: f.Yes("illustrative")}
	if set.Illustrative && set.Source == "" {
		set.Source = indicators.IllustrativeSource
	}
	if set.Source == "" {
		errs.Add("source", "Enter where the figures come from, for example the Public Health Scotland release and its date")
	} else if len(set.Source) > 500 {
		errs.Add("source", "The source must be 500 characters or fewer")
	}
	if len(errs) > 0 {
		return h.renderImport(w, r, http.StatusUnprocessableEntity, f.Values, errs, nil)
	}
	var res indicators.Result
	p := kit.Current(r).Partnership
	if p != nil {
		res, err = h.store(r).Import(r.Context(), bytes.NewReader(u.Content), set, kit.Actor(r))
	} else {
		res, err = indicators.ImportAll(r.Context(), h.k.DB, bytes.NewReader(u.Content), set, kit.Actor(r), h.k.Now)
	}
	var ie *indicators.ImportError
	if errors.As(err, &ie) {
		rows := map[int]bool{}
		for _, pr := range ie.Problems {
			rows[pr.Line] = true
		}
		msg := "Nothing was imported: the file has problems. Correct them in the file and import it again."
		if !rows[0] && !rows[1] {
			msg = fmt.Sprintf("Nothing was imported: %d %s problems. Correct them in the file and import it again.", len(rows),
				map[bool]string{true: "row has", false: "rows have"}[len(rows) == 1])
		}
		return h.renderImport(w, r, http.StatusUnprocessableEntity, f.Values, valid.Errors{{Field: "file", Message: msg}}, ie.Problems)
	}
	if err != nil {
		return err
	}
	h.k.Log.Info("indicator figures imported", "figures", res.Figures, "replaced", res.Replaced)
	if p != nil {
		return kit.SeeOther(w, r, kit.StaffPath(p.Slug, "indicators"), "indicators-imported")
	}
	return kit.SeeOther(w, r, "/staff/indicators/import", "indicators-imported")
}

func (h *Handlers) template(w http.ResponseWriter, r *http.Request) error {
	return kit.SendStoredFile(w, r, "indicator-figures.csv", "text/csv; charset=utf-8", []byte(indicators.Template()))
}
