package selfevalweb

import (
	"net/http"
	"strconv"
	"time"

	"coplan/internal/selfeval"
	"coplan/internal/statute"
	"coplan/internal/web/kit"
)

// published finds the version a public request asks for: ?year= (the
// latest published year when absent) and ?version= (the latest when
// absent). ok is false when the partnership has published none.
func (h *Handlers) published(r *http.Request) (v selfeval.Version, versions []selfeval.VersionInfo, years []selfeval.Year, ok bool, err error) {
	st := h.store(r)
	years, err = st.PublishedYears(r.Context())
	if err != nil {
		return
	}
	q := r.URL.Query()
	var y selfeval.Year
	if s := q.Get("year"); s != "" {
		var good bool
		if y, good = selfeval.ParseYear(s); !good {
			err = kit.ErrNotFound
			return
		}
	} else if len(years) > 0 {
		y = years[0]
	} else {
		return
	}
	n := 0
	if s := q.Get("version"); s != "" {
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			err = kit.ErrNotFound
			return
		}
	}
	v, versions, err = st.Published(r.Context(), y, n)
	return v, versions, years, err == nil, err
}

type publicFramework struct {
	Framework statute.Framework
	Ratings   []selfeval.Rating
}

type publicPage struct {
	Version    selfeval.Version
	Versions   []selfeval.VersionInfo
	Years      []selfeval.Year
	Latest     bool
	Frameworks []publicFramework
	Found      bool
}

func (h *Handlers) public(w http.ResponseWriter, r *http.Request) error {
	v, versions, years, found, err := h.published(r)
	if err != nil {
		return err // a year or version asked for and not published
	}
	pg := publicPage{Version: v, Versions: versions, Years: years, Found: found}
	title := "How well we involve people: our self-evaluation"
	if found {
		pg.Latest = v.Number == versions[len(versions)-1].Number
		for _, f := range statute.SelfEvaluationFrameworks() {
			pf := publicFramework{Framework: f}
			for _, it := range f.Items {
				pf.Ratings = append(pf.Ratings, v.Content.Rating(f.Code, it.Code))
			}
			pg.Frameworks = append(pg.Frameworks, pf)
		}
		title += " " + v.Content.Year.String()
		if !pg.Latest {
			title += ", version " + strconv.Itoa(v.Number)
		}
	}
	return h.pages.OK(w, r, "selfeval-public.html", kit.View{Title: title, Caption: kit.Current(r).Partnership.Name, Data: pg})
}

// The open data's shape (GET /api/v1/partnerships/{slug}/self-evaluation).
type (
	apiEvaluation struct {
		Partnership string         `json:"partnership"`
		Year        string         `json:"year"`
		Version     int            `json:"version"`
		PublishedAt time.Time      `json:"published_at"`
		Versions    []apiVersion   `json:"versions"`
		Scale       apiScale       `json:"scale"`
		Frameworks  []apiFramework `json:"frameworks"`
		Actions     []apiAction    `json:"actions"`
	}
	apiVersion struct {
		Version     int       `json:"version"`
		PublishedAt time.Time `json:"published_at"`
	}
	apiScale struct {
		Source string     `json:"source"`
		Grades []apiGrade `json:"grades"`
	}
	apiGrade struct {
		Value int    `json:"value"`
		Label string `json:"label"`
	}
	apiFramework struct {
		Code   string    `json:"code"`
		Name   string    `json:"name"`
		Source string    `json:"source"`
		Items  []apiItem `json:"items"`
	}
	apiItem struct {
		Code       string        `json:"code"`
		Title      string        `json:"title"`
		Grade      int           `json:"grade"`
		GradeLabel string        `json:"grade_label"`
		Commentary string        `json:"commentary"`
		Evidence   []apiEvidence `json:"evidence"`
	}
	apiEvidence struct {
		Kind string `json:"kind"`
		Name string `json:"name"`
	}
	apiAction struct {
		What      string `json:"what"`
		Owner     string `json:"owner"`
		Due       string `json:"due"`
		Done      string `json:"done"`
		Framework string `json:"framework,omitempty"`
		Item      string `json:"item,omitempty"`
	}
)

func (h *Handlers) api(w http.ResponseWriter, r *http.Request) error {
	v, versions, _, found, err := h.published(r)
	if err != nil {
		return err
	}
	if !found {
		return kit.HTTPError{Status: http.StatusNotFound, Message: "This partnership has not published a self-evaluation."}
	}
	out := apiEvaluation{Partnership: kit.Current(r).Partnership.Slug, Year: v.Content.Year.String(), Version: v.Number, PublishedAt: v.PublishedAt,
		Scale: apiScale{Source: statute.GradingScaleSource().String()}, Frameworks: []apiFramework{}, Actions: []apiAction{}}
	for _, vi := range versions {
		out.Versions = append(out.Versions, apiVersion{vi.Number, vi.PublishedAt})
	}
	for _, g := range statute.GradingScale() {
		out.Scale.Grades = append(out.Scale.Grades, apiGrade{g.Value, g.Label})
	}
	for _, f := range statute.SelfEvaluationFrameworks() {
		af := apiFramework{Code: f.Code, Name: f.Name, Source: f.Source.String(), Items: []apiItem{}}
		for _, it := range f.Items {
			rt := v.Content.Rating(f.Code, it.Code)
			ai := apiItem{Code: it.Code, Title: itemName(f.Code, it.Code), Grade: rt.Grade, GradeLabel: rt.GradeLabel(), Commentary: rt.Commentary, Evidence: []apiEvidence{}}
			for _, e := range rt.Evidence {
				ai.Evidence = append(ai.Evidence, apiEvidence{e.Kind, e.Name})
			}
			af.Items = append(af.Items, ai)
		}
		out.Frameworks = append(out.Frameworks, af)
	}
	for _, a := range v.Content.Actions {
		out.Actions = append(out.Actions, apiAction{a.What, a.Owner, string(a.Due), string(a.Done), a.Framework, a.Item})
	}
	return kit.JSON(w, out)
}
