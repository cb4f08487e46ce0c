package indicatorsweb

import (
	"net/http"
	"strconv"

	"coplan/internal/indicators"
	"coplan/internal/statute"
	"coplan/internal/web/kit"
)

// illustrativeNotice is what every answer holding an illustrative figure
// says at its top.
const illustrativeNotice = "Some or all of these figures are illustrative: generated for a demonstration, not real statistics."

// The open data's shape (GET /api/v1/partnerships/{slug}/indicators and
// GET /api/v1/benchmark).
type (
	apiIndicators struct {
		Partnership  string         `json:"partnership"`
		Locality     string         `json:"locality,omitempty"`
		Illustrative bool           `json:"illustrative"`
		Notice       string         `json:"notice,omitempty"`
		Indicators   []apiIndicator `json:"indicators"`
	}
	apiDefinition struct {
		Code        string `json:"code"`
		Title       string `json:"title"`
		Kind        string `json:"kind"`
		Better      string `json:"better"`
		Numerator   string `json:"numerator"`
		Denominator string `json:"denominator"`
		Basis       string `json:"basis"`
		Period      string `json:"period"`
		Source      string `json:"source"`
		SourceURL   string `json:"source_url,omitempty"`
	}
	apiIndicator struct {
		apiDefinition
		Figures []apiYear `json:"figures"`
	}
	apiFigure struct {
		Year         string   `json:"year"`
		YearStart    int      `json:"year_start"`
		Rate         float64  `json:"rate"`
		LowerCI      *float64 `json:"lower_ci,omitempty"`
		UpperCI      *float64 `json:"upper_ci,omitempty"`
		Numerator    *float64 `json:"numerator,omitempty"`
		Denominator  *float64 `json:"denominator,omitempty"`
		Provisional  bool     `json:"provisional"`
		Illustrative bool     `json:"illustrative"`
		Source       string   `json:"source"`
	}
	apiYear struct {
		apiFigure
		Scotland *apiFigure `json:"scotland"`
	}
	apiBenchmark struct {
		Indicator    apiDefinition `json:"indicator"`
		Year         string        `json:"year"`
		Illustrative bool          `json:"illustrative"`
		Notice       string        `json:"notice,omitempty"`
		Partnerships []apiRanked   `json:"partnerships"`
		Scotland     *apiFigure    `json:"scotland"`
	}
	apiRanked struct {
		Partnership string `json:"partnership"`
		Name        string `json:"name"`
		Rank        int    `json:"rank"`
		Tied        bool   `json:"tied"`
		apiFigure
	}
)

func definition(ind statute.CoreIndicator) apiDefinition {
	return apiDefinition{Code: ind.Code, Title: ind.Title, Kind: ind.Kind(), Better: ind.Better.String(), Numerator: ind.Numerator,
		Denominator: ind.Denominator, Basis: ind.Basis, Period: ind.Period, Source: ind.Source.String(), SourceURL: ind.Source.URL}
}

func apiFigureOf(f indicators.Figure) apiFigure {
	return apiFigure{Year: f.Year.String(), YearStart: f.Year.Start, Rate: f.Rate, LowerCI: f.Lower, UpperCI: f.Upper, Numerator: f.Numerator,
		Denominator: f.Denominator, Provisional: f.Provisional, Illustrative: f.Illustrative, Source: f.Source}
}

func (h *Handlers) apiIndicators(w http.ResponseWriter, r *http.Request) error {
	loc, err := chosenLocality(r)
	if err != nil {
		return err
	}
	year := 0
	if s := r.URL.Query().Get("year"); s != "" {
		y, ok := indicators.ParseYear(s)
		if !ok {
			return kit.BadRequest("year must be a year such as 2024 or 2024/25.")
		}
		year = y.Start
	}
	ss, err := h.store(r).Overview(r.Context(), loc, 0)
	if err != nil {
		return err
	}
	out := apiIndicators{Partnership: kit.Current(r).Partnership.Slug, Locality: loc, Indicators: []apiIndicator{}}
	for _, s := range ss {
		ai := apiIndicator{apiDefinition: definition(s.Indicator), Figures: []apiYear{}}
		for _, y := range s.Years {
			if year != 0 && y.Year.Start != year {
				continue
			}
			ay := apiYear{apiFigure: apiFigureOf(y.Figure)}
			out.Illustrative = out.Illustrative || y.Illustrative
			if y.Scotland != nil {
				sc := apiFigureOf(*y.Scotland)
				ay.Scotland = &sc
				out.Illustrative = out.Illustrative || sc.Illustrative
			}
			ai.Figures = append(ai.Figures, ay)
		}
		if len(ai.Figures) > 0 {
			out.Indicators = append(out.Indicators, ai)
		}
	}
	if out.Illustrative {
		out.Notice = illustrativeNotice
	}
	return kit.JSON(w, out)
}

func (h *Handlers) apiBenchmark(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	code, ok := statute.IndicatorCode(q.Get("indicator"))
	ind, _ := statute.CoreIndicatorByCode(code)
	if !ok || !ind.Reported {
		return kit.BadRequest("indicator must be the code of a reported indicator, such as NI-12.")
	}
	year, err := strconv.Atoi(q.Get("year"))
	if y, ok := indicators.ParseYear(q.Get("year")); ok {
		year, err = y.Start, nil
	}
	if err != nil {
		return kit.BadRequest("year must be the year the period starts, such as 2025 for 2025/26.")
	}
	b, err := h.store(r).Benchmark(r.Context(), code, year)
	if err != nil {
		return err
	}
	out := apiBenchmark{Indicator: definition(ind), Year: b.Year.String(), Illustrative: b.Illustrative(), Partnerships: []apiRanked{}}
	if len(b.Rows) == 0 && b.Scotland == nil {
		out.Year = strconv.Itoa(year)
	}
	for _, row := range b.Rows {
		out.Partnerships = append(out.Partnerships, apiRanked{Partnership: row.Slug, Name: row.Name, Rank: row.Rank, Tied: row.Tied,
			apiFigure: apiFigureOf(row.Figure)})
	}
	if b.Scotland != nil {
		sc := apiFigureOf(*b.Scotland)
		out.Scotland = &sc
	}
	if out.Illustrative {
		out.Notice = illustrativeNotice
	}
	return kit.JSON(w, out)
}
