// Package performanceweb is the pages of the annual performance report
// (s.42, SSI 2014/326): for staff, the years with their due dates, and for
// a year one form per section, the regulations checklist naming each unmet
// item, a preview and publishing; for the public, the published report as
// accessible HTML with charts and tables and a print layout, the same
// content as a board paper (write once), and the open data.
package performanceweb

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"coplan/internal/auth"
	"coplan/internal/finance"
	"coplan/internal/partnership"
	"coplan/internal/performance"
	"coplan/internal/statute"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

//go:embed templates
var templateFiles embed.FS

// Handlers are the performance report's pages.
type Handlers struct {
	k     *kit.Kit
	pages *kit.Pages
}

// New parses the templates and registers the notices.
func New(k *kit.Kit) (*Handlers, error) {
	pages, err := k.Pages(templateFiles, template.FuncMap{"pounds": finance.Pounds, "sectionTitle": sectionTitle,
		"requirement": requirement, "chart": chart, "neg": func(n int64) int64 { return -n }})
	if err != nil {
		return nil, err
	}
	k.AddNotices(map[string]string{
		"performance-section-saved":    "The section has been saved.",
		"performance-entry-added":      "The entry has been added.",
		"performance-action-saved":     "The action taken has been recorded.",
		"performance-spend-saved":      "The spend has been saved.",
		"performance-report-published": "The report has been published. A later correction is published as a new version.",
	})
	return &Handlers{k: k, pages: pages}, nil
}

// Routes are the report's addresses, each with its permission.
func (h *Handlers) Routes() []kit.Route {
	return []kit.Route{
		{Pattern: "GET /staff/partnerships/{slug}/performance", Perm: auth.ReadPlanning, Handle: h.years},
		{Pattern: "GET /staff/partnerships/{slug}/performance/{year}", Perm: auth.ReadPlanning, Handle: h.staff},
		{Pattern: "POST /staff/partnerships/{slug}/performance/{year}/sections", Perm: auth.EditPlanning, Handle: h.saveSection},
		{Pattern: "POST /staff/partnerships/{slug}/performance/{year}/entries", Perm: auth.EditPlanning, Handle: h.addEntry},
		{Pattern: "POST /staff/partnerships/{slug}/performance/{year}/actions", Perm: auth.EditPlanning, Handle: h.setAction},
		{Pattern: "POST /staff/partnerships/{slug}/performance/{year}/spend", Perm: auth.EditPlanning, Handle: h.saveSpend},
		{Pattern: "POST /staff/partnerships/{slug}/performance/{year}/publish", Perm: auth.EditPlanning, Handle: h.publish},
		{Pattern: "GET /staff/partnerships/{slug}/performance/{year}/preview", Perm: auth.ReadPlanning, Handle: h.preview},
		{Pattern: "GET /partnerships/{slug}/performance-report", Perm: auth.Public, Handle: h.public, Cache: true},
		{Pattern: "GET /partnerships/{slug}/performance-report/board-paper", Perm: auth.Public, Handle: h.boardPaper, Cache: true},
		{Pattern: "GET /api/v1/partnerships/{slug}/performance-report", Perm: auth.Public, Handle: h.api, Cache: true},
	}
}

func (h *Handlers) store(r *http.Request) *performance.Store {
	return performance.StoreFor(h.k.DB, *kit.Current(r).Partnership, h.k.Now)
}

func sectionTitle(code string) string {
	if s, ok := statute.ReportSectionByCode(code); ok {
		return s.Title
	}
	return code
}

func requirement(code string) statute.ReportRequirement {
	r, _ := statute.ReportRequirementByCode(code)
	return r
}

// chart draws an indicator series with Scotland's beside it (when
// Scotland's figure is held for every year: a missing one is never drawn
// as nought).
func chart(id string, s performance.Series) kit.Chart {
	c := kit.Chart{ID: id, Title: s.Indicator + " " + s.Name + " by year", Label: "Year", Unit: "Figure"}
	scotland := len(s.Points) > 0
	for _, p := range s.Points {
		scotland = scotland && p.Scotland != nil
	}
	if scotland {
		c.Series = []string{"This partnership", "Scotland"}
	}
	for _, p := range s.Points {
		if scotland {
			c.Add(finance.Year(p.Year).String(), p.Value, *p.Scotland)
		} else {
			c.Add(finance.Year(p.Year).String(), p.Value)
		}
	}
	return c
}

// pathYear reads {year} from the address.
func pathYear(r *http.Request) (finance.Year, error) {
	n, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || !performance.ValidYear(finance.Year(n)) {
		return 0, kit.ErrNotFound
	}
	return finance.Year(n), nil
}

// yearRow is one reporting year on the staff list.
type yearRow struct {
	Year      finance.Year
	Due       string
	State     string
	Published int
}

func (h *Handlers) years(w http.ResponseWriter, r *http.Request) error {
	st := h.store(r)
	today := st.Today()
	latest := performance.LatestYear(today)
	var rows []yearRow
	for y := latest; y > latest-3; y-- {
		v, ok, err := st.Published(r.Context(), y)
		if err != nil {
			return err
		}
		rows = append(rows, yearRow{Year: y, Due: performance.Due(y).String(), State: performance.DueState(y, ok, today), Published: v.Number})
	}
	p := *kit.Current(r).Partnership
	return h.pages.OK(w, r, "years.html", kit.View{Title: "Annual performance reports", Caption: p.Name, Nav: "staff",
		Data: struct {
			Years  []yearRow
			Source statute.Source
		}{rows, statute.PerformanceReportSource}})
}

// staffPage is a year's report for staff.
type staffPage struct {
	P         partnership.Partnership
	Year      finance.Year
	Report    performance.Report
	Gaps      []performance.Gap
	Sections  []statute.ReportSection
	Published performance.Version
	IsPub     bool
	Due       string
	State     string
	CanEdit   bool
}

// KindOptions are the kinds of entry.
func (staffPage) KindOptions() []kit.Option {
	return []kit.Option{{Value: performance.GoodPractice, Label: "A good-practice example"},
		{Value: performance.Lesson, Label: "A lesson from something that did not work"},
		{Value: performance.Inspection, Label: "An inspection finding"}}
}

// MatterOptions are the matters of regulation 4(2).
func (staffPage) MatterOptions() []kit.Option {
	var out []kit.Option
	for _, m := range statute.SpendMatters() {
		out = append(out, kit.Option{Value: m.Code, Label: m.Name})
	}
	return out
}

func (h *Handlers) staff(w http.ResponseWriter, r *http.Request) error {
	return h.renderStaff(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderStaff(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	y, err := pathYear(r)
	if err != nil {
		return err
	}
	st := h.store(r)
	rep, err := st.Build(r.Context(), y)
	if err != nil {
		return err
	}
	v, ok, err := st.Published(r.Context(), y)
	if err != nil {
		return err
	}
	p := *kit.Current(r).Partnership
	// Show the stored text in each section's form, but what was just
	// sent in the one that was.
	form := url.Values{}
	for code, body := range rep.Sections {
		form.Set("body-"+code, body)
	}
	for _, l := range rep.Localities {
		form.Set(fmt.Sprintf("body-locality-%d", l.ID), l.Text)
	}
	for k, vs := range r.PostForm {
		form[k] = vs
	}
	h.pages.Render(w, r, status, "staff.html", kit.View{Title: "Performance report " + y.String(), Caption: p.Name, Nav: "staff",
		Errors: errs, Form: form,
		Data: staffPage{P: p, Year: y, Report: rep, Gaps: performance.Check(rep), Sections: statute.ReportSections(), Published: v, IsPub: ok,
			Due: performance.Due(y).String(), State: performance.DueState(y, ok, st.Today()), CanEdit: kit.Can(r, auth.EditPlanning)}})
	return nil
}

func (h *Handlers) back(w http.ResponseWriter, r *http.Request, y finance.Year, done string) error {
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "performance", int(y)), done)
}

// form parses a POST, answering with the page and its errors when the
// form itself is wrong.
func (h *Handlers) form(w http.ResponseWriter, r *http.Request) (kit.Form, finance.Year, bool, error) {
	y, err := pathYear(r)
	if err != nil {
		return kit.Form{}, 0, false, err
	}
	form, err := kit.ParseForm(w, r)
	if e, ok := valid.As(err); ok {
		return form, y, false, h.renderStaff(w, r, http.StatusUnprocessableEntity, e)
	}
	return form, y, err == nil, err
}

// done answers a store's result: the page with errors, or a redirect.
func (h *Handlers) done(w http.ResponseWriter, r *http.Request, y finance.Year, err error, notice string, field string) error {
	if e, ok := valid.As(err); ok {
		// Point the errors at the form's own field.
		for i := range e {
			if field != "" && (e[i].Field == "body" || e[i].Field == "section" || e[i].Field == "locality") {
				e[i].Field = field
			}
		}
		return h.renderStaff(w, r, http.StatusUnprocessableEntity, e)
	} else if err != nil {
		return err
	}
	return h.back(w, r, y, notice)
}

func (h *Handlers) saveSection(w http.ResponseWriter, r *http.Request) error {
	form, y, ok, err := h.form(w, r)
	if !ok {
		return err
	}
	section := form.Text("section")
	loc := form.ID("locality")
	field := "body-" + section
	if section == "locality" {
		field = fmt.Sprintf("body-locality-%d", loc)
	}
	err = h.store(r).SaveNarrative(r.Context(), y, section, loc, form.Get(field), kit.Actor(r))
	return h.done(w, r, y, err, "performance-section-saved", field)
}

func (h *Handlers) addEntry(w http.ResponseWriter, r *http.Request) error {
	form, y, ok, err := h.form(w, r)
	if !ok {
		return err
	}
	_, err = h.store(r).AddEntry(r.Context(), y, performance.Entry{Kind: form.Text("kind"), Title: form.Text("title"),
		Body: form.Text("body"), Action: form.Text("action")}, kit.Actor(r))
	return h.done(w, r, y, err, "performance-entry-added", "")
}

func (h *Handlers) setAction(w http.ResponseWriter, r *http.Request) error {
	form, y, ok, err := h.form(w, r)
	if !ok {
		return err
	}
	id := form.ID("entry")
	err = h.store(r).SetAction(r.Context(), id, form.Text(fmt.Sprintf("action-%d", id)), kit.Actor(r))
	if e, ok := valid.As(err); ok {
		for i := range e {
			e[i].Field = fmt.Sprintf("action-%d", id)
		}
		err = e
	}
	return h.done(w, r, y, err, "performance-action-saved", "")
}

func (h *Handlers) saveSpend(w http.ResponseWriter, r *http.Request) error {
	form, y, ok, err := h.form(w, r)
	if !ok {
		return err
	}
	var errs valid.Errors
	planned, pok := finance.ParsePounds(form.Get("planned"))
	if !pok {
		errs.Add("planned", "Enter the planned spend in pounds, such as 1,250,000")
	}
	actual, aok := finance.ParsePounds(form.Get("actual"))
	if !aok {
		errs.Add("actual", "Enter the actual spend in pounds, such as 1,250,000")
	}
	if len(errs) > 0 {
		return h.renderStaff(w, r, http.StatusUnprocessableEntity, errs)
	}
	err = h.store(r).SaveSpend(r.Context(), y, performance.Spend{Matter: form.Text("matter"), PlannedPence: planned, ActualPence: actual,
		Reason: form.Text("reason")}, kit.Actor(r))
	return h.done(w, r, y, err, "performance-spend-saved", "")
}

func (h *Handlers) publish(w http.ResponseWriter, r *http.Request) error {
	form, y, ok, err := h.form(w, r)
	if !ok {
		return err
	}
	_, err = h.store(r).Publish(r.Context(), y, form.Yes("anyway"), kit.Actor(r))
	if e, ok := valid.As(err); ok {
		for i := range e {
			e[i].Field = "anyway"
		}
		err = e
	}
	return h.done(w, r, y, err, "performance-report-published", "")
}

// reportPage is the report in either template.
type reportPage struct {
	P        partnership.Partnership
	Report   performance.Report
	Gaps     []performance.Gap
	Sections []statute.ReportSection
	Version  int
	Draft    bool
	Source   statute.Source
	// Other is the address of the same content in the other template.
	Other string
}

// Illustrative reports whether any indicator figure is generated.
func (p reportPage) Illustrative() bool {
	for _, o := range p.Report.Outcomes {
		for _, s := range o.Indicators {
			if s.Illustrative {
				return true
			}
		}
	}
	return false
}

func (h *Handlers) preview(w http.ResponseWriter, r *http.Request) error {
	y, err := pathYear(r)
	if err != nil {
		return err
	}
	rep, err := h.store(r).Build(r.Context(), y)
	if err != nil {
		return err
	}
	p := *kit.Current(r).Partnership
	return h.pages.OK(w, r, "report.html", kit.View{Title: "Preview: annual performance report " + y.String(), Caption: p.Name, Nav: "staff",
		Data: reportPage{P: p, Report: rep, Gaps: performance.Check(rep), Sections: statute.ReportSections(), Draft: true, Source: statute.PerformanceReportSource}})
}

// published finds the published report of ?year= (or the latest year
// with one).
func (h *Handlers) published(r *http.Request) (performance.Version, error) {
	st := h.store(r)
	years := []finance.Year{}
	if n, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil {
		years = append(years, finance.Year(n))
	} else if r.URL.Query().Get("year") != "" {
		return performance.Version{}, kit.ErrNotFound
	} else {
		l := performance.LatestYear(st.Today())
		years = append(years, l, l-1, l-2)
	}
	for _, y := range years {
		if !performance.ValidYear(y) {
			continue
		}
		v, ok, err := st.Published(r.Context(), y)
		if err != nil {
			return v, err
		}
		if ok {
			return v, nil
		}
	}
	return performance.Version{}, kit.ErrNotFound
}

func (h *Handlers) public(w http.ResponseWriter, r *http.Request) error {
	v, err := h.published(r)
	p := *kit.Current(r).Partnership
	if errors.Is(err, kit.ErrNotFound) && r.URL.Query().Get("year") == "" {
		// The partnership's page links here whether or not a report is out.
		return h.pages.OK(w, r, "none.html", kit.View{Title: "Annual performance report", Caption: p.Name,
			Data: statute.PerformanceReportSource})
	}
	if err != nil {
		return err
	}
	return h.pages.OK(w, r, "report.html", kit.View{Title: "Annual performance report " + v.Report.Year.String(), Caption: p.Name,
		Data: reportPage{P: p, Report: v.Report, Gaps: performance.Check(v.Report), Sections: statute.ReportSections(), Version: v.Number,
			Source: statute.PerformanceReportSource,
			Other:  kit.PublicPath(p.Slug, "performance-report", "board-paper") + "?year=" + strconv.Itoa(int(v.Report.Year))}})
}

func (h *Handlers) boardPaper(w http.ResponseWriter, r *http.Request) error {
	v, err := h.published(r)
	if err != nil {
		return err
	}
	p := *kit.Current(r).Partnership
	return h.pages.OK(w, r, "board-paper.html", kit.View{Title: "Board paper: annual performance report " + v.Report.Year.String(), Caption: p.Name,
		Data: reportPage{P: p, Report: v.Report, Gaps: performance.Check(v.Report), Sections: statute.ReportSections(), Version: v.Number,
			Source: statute.PerformanceReportSource,
			Other:  kit.PublicPath(p.Slug, "performance-report") + "?year=" + strconv.Itoa(int(v.Report.Year))}})
}

// apiReport is the published report in the open data.
type apiReport struct {
	Partnership string             `json:"partnership"`
	Source      string             `json:"source"`
	Year        string             `json:"year"`
	Version     int                `json:"version"`
	PublishedAt string             `json:"published_at"`
	Report      performance.Report `json:"report"`
	Unmet       []performance.Gap  `json:"unmet_requirements"`
}

func (h *Handlers) api(w http.ResponseWriter, r *http.Request) error {
	v, err := h.published(r)
	if err != nil {
		return err
	}
	gaps := performance.Check(v.Report)
	if gaps == nil {
		gaps = []performance.Gap{}
	}
	return kit.JSON(w, apiReport{Partnership: kit.Current(r).Partnership.Slug, Source: statute.PerformanceReportSource.String(),
		Year: v.Report.Year.String(), Version: v.Number, PublishedAt: v.PublishedAt.UTC().Format("2006-01-02T15:04:05Z"), Report: v.Report, Unmet: gaps})
}

// sectionView is one section of a report, for the shared partial both
// templates print it with.
type sectionView struct {
	Page reportPage
	Code string
	N    int // the section's number (board paper), 0 for none
}

// For is section code of the report, for the partial "section-body".
func (p reportPage) For(code string, n int) sectionView {
	return sectionView{Page: p, Code: code, N: n}
}

// Entries are the good-practice examples or lessons, for section code.
func (s staffPage) Entries(code string) []performance.Entry {
	if code == "lessons" {
		return s.Report.Lessons
	}
	return s.Report.GoodPractice
}
