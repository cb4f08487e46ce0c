package analysisweb

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"coplan/internal/analysis"
	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/plan"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// reportRoutes are the pages of the analysis report (issue 13, items 9 and
// 11): the staff's preview, publishing it and bringing its themes into a
// plan as views; the public report (its print layout is the same page
// printed); and the open data behind it.
func (h *Handlers) reportRoutes() []kit.Route {
	const public = "/partnerships/{slug}/consultations/{consultation}"
	return []kit.Route{
		{Pattern: "GET " + base + "/report", Perm: auth.ReadPlanning, Handle: h.reportPreview},
		{Pattern: "POST " + base + "/report", Perm: auth.EditPlanning, Handle: h.reportPublish},
		{Pattern: "POST " + base + "/report/plan", Perm: auth.EditPlanning, Handle: h.reportToPlan},
		{Pattern: "GET " + public + "/report", Perm: auth.Public, Handle: h.reportPublic, Cache: true},
		{Pattern: "GET /api/v1/partnerships/{slug}/consultations/{consultation}/analysis", Perm: auth.Public, Handle: h.reportAPI, Cache: true},
	}
}

// reportFuncs are the template functions of the pages of the analysis report.
var reportFuncs = template.FuncMap{
	"reportCharts": reportCharts,
	"percentOf":    consult.Percent,
	"kappa":        func(k float64) string { return strconv.FormatFloat(k, 'f', 2, 64) },
}

// reportNotices are the notices of the pages of the analysis report.
var reportNotices = map[string]string{
	"report-published": "The analysis report has been published. The consultation’s public page links to it.",
	"report-to-plan":   "The themes have been brought into the plan as views.",
}

// reportPage is the analysis report, for the staff's preview and the
// public page alike.
type reportPage struct {
	Report   analysis.Report
	Versions []analysis.ReportVersion
	Latest   int    // the latest published version, 0 for none
	Public   string // the report's public address
	Preview  bool
	CanEdit  bool
	Plans    []kit.Option // the plans its themes can be brought into
	Staff    string       // the staff page's address
}

// reportChart is a tally as a chart with its table.
func reportCharts(t analysis.Tally, i int) kit.Chart {
	c := kit.Chart{ID: fmt.Sprintf("tally-%d", i), Title: t.Question, Label: "Answer", Unit: "Responses"}
	for _, r := range t.Rows {
		c.Add(r.Label, float64(r.N))
	}
	return c
}

func (h *Handlers) reportStore(r *http.Request) *analysis.ReportStore {
	return analysis.ReportStoreFor(h.k.DB, *kit.Current(r).Partnership, h.k.Now)
}

// reportPreview is the report as it would be published now, with the form
// that publishes it and, once published, the form that brings its themes
// into a plan.
func (h *Handlers) reportPreview(w http.ResponseWriter, r *http.Request) error {
	return h.renderReportPreview(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderReportPreview(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := kit.Current(r).Partnership
	rep, err := h.reportStore(r).Preview(ctx, c.ID)
	if err != nil {
		return err
	}
	vs, err := h.reportStore(r).Versions(ctx, c.ID)
	if err != nil {
		return err
	}
	page := reportPage{Report: rep, Versions: vs, Preview: true, Public: analysis.ReportAddress(p.Slug, c.ID),
		CanEdit: auth.Can(kit.Current(r).User, auth.EditPlanning, p.ID), Staff: analysisPath(p.Slug, c.ID, "report")}
	if len(vs) > 0 {
		page.Latest = vs[len(vs)-1].Version
		plans, err := plan.StoreFor(h.k.DB, *p, h.k.Now).Plans(ctx)
		if err != nil {
			return err
		}
		for _, pl := range plans {
			page.Plans = append(page.Plans, kit.Option{Value: strconv.FormatInt(pl.ID, 10), Label: pl.Title})
		}
	}
	form := r.PostForm
	if form == nil {
		form = url.Values{"next-steps": {rep.NextSteps}}
	}
	v := kit.View{Title: "Analysis report: " + c.Title, Data: page, Errors: errs, Form: form}
	h.pages.Render(w, r, status, "report-staff.html", v)
	return nil
}

// reportPublish publishes the report as it stands: the first version, or a
// correction.
func (h *Handlers) reportPublish(w http.ResponseWriter, r *http.Request) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	if _, err := kit.ParseForm(w, r); err != nil {
		return err
	}
	_, err = h.reportStore(r).Publish(r.Context(), c.ID, r.PostForm.Get("next-steps"), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderReportPreview(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, analysisPath(kit.Current(r).Partnership.Slug, c.ID, "report"), "report-published")
}

// reportToPlan brings the published report's themes into a plan as views,
// one a theme with its count.
func (h *Handlers) reportToPlan(w http.ResponseWriter, r *http.Request) error {
	c, err := h.consultation(r)
	if err != nil {
		return err
	}
	if _, err := kit.ParseForm(w, r); err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	rep, err := h.reportStore(r).Published(r.Context(), c.ID)
	if errors.Is(err, valid.ErrNotFound) {
		return h.renderReportPreview(w, r, http.StatusUnprocessableEntity, valid.Errors{{Field: "plan", Message: "Publish the analysis report before bringing its themes into a plan"}})
	}
	if err != nil {
		return err
	}
	planID, _ := strconv.ParseInt(r.PostForm.Get("plan"), 10, 64)
	var themes []plan.Theme
	for _, t := range rep.Figures.Themes {
		themes = append(themes, plan.Theme{Name: t.Name, Description: t.Description, Responses: t.Responses})
	}
	_, err = plan.StoreFor(h.k.DB, *p, h.k.Now).BringInThemes(r.Context(), planID, c.ID, rep.Figures.Responses, themes, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderReportPreview(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, analysisPath(p.Slug, c.ID, "report"), "report-to-plan")
}

// publishedReport is the latest published report of the consultation the
// address names, or kit.ErrNotFound (a draft consultation, or no report
// yet); ?version=n asks for an earlier version.
func (h *Handlers) publishedReport(r *http.Request) (analysis.Report, []analysis.ReportVersion, error) {
	id, err := kit.PathID(r, "consultation")
	if err != nil {
		return analysis.Report{}, nil, err
	}
	st := h.reportStore(r)
	var rep analysis.Report
	if v := r.URL.Query().Get("version"); v != "" {
		n, _ := strconv.Atoi(v)
		rep, err = st.Version(r.Context(), id, n)
	} else {
		rep, err = st.Published(r.Context(), id)
	}
	if errors.Is(err, valid.ErrNotFound) {
		return analysis.Report{}, nil, kit.ErrNotFound
	}
	if err != nil {
		return analysis.Report{}, nil, err
	}
	vs, err := st.Versions(r.Context(), id)
	return rep, vs, err
}

// reportPublic is the published analysis report.
func (h *Handlers) reportPublic(w http.ResponseWriter, r *http.Request) error {
	rep, vs, err := h.publishedReport(r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	page := reportPage{Report: rep, Versions: vs, Latest: vs[len(vs)-1].Version, Public: analysis.ReportAddress(p.Slug, rep.Consultation.ID)}
	title := "What people told us: " + rep.Consultation.Title
	if rep.Version != page.Latest {
		title += fmt.Sprintf(" (version %d)", rep.Version)
	}
	return h.pages.OK(w, r, "report-public.html", kit.View{Title: title, Caption: p.Name, Data: page})
}

// reportAPI is the open data behind the published report: reach, tallies
// and themes with their counts and the quotes that may be published now.
// Before the report is published: 404, as JSON.
func (h *Handlers) reportAPI(w http.ResponseWriter, r *http.Request) error {
	rep, _, err := h.publishedReport(r)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, analysis.ReportJSON(kit.Current(r).Partnership.Slug, rep))
	return nil
}
