package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// uploadFigures posts an indicator file with its source to an import form.
func uploadFigures(t *testing.T, c *client, u, source, content string) (int, string, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("source", source)
	fw, _ := mw.CreateFormFile("file", "figures.csv")
	io.WriteString(fw, content)
	mw.Close()
	req, _ := http.NewRequest("POST", u, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

type benchmarkAnswer struct {
	Year         string `json:"year"`
	Illustrative bool   `json:"illustrative"`
	Notice       string `json:"notice"`
	Partnerships []struct {
		Partnership string  `json:"partnership"`
		Rank        int     `json:"rank"`
		Rate        float64 `json:"rate"`
	} `json:"partnerships"`
	Scotland *struct {
		Rate float64 `json:"rate"`
	} `json:"scotland"`
}

func rankOf(b benchmarkAnswer, slug string) int {
	for _, p := range b.Partnerships {
		if p.Partnership == slug {
			return p.Rank
		}
	}
	return 0
}

// The demo's indicators show on the staff and public pages labelled
// illustrative, with definitions, charts and tables; the benchmark ranks
// the partnerships and moves Glenmorven when an import changes its
// figure; a file with one bad row lands nothing and names the row; the
// open data carries the label.
func TestIndicatorPages(t *testing.T) {
	c, base, _ := signedIn(t, "officer@glenmorven.example")
	staff := base + "/staff/partnerships/glenmorven/indicators"
	if _, _, body := c.do("GET", base+"/staff/partnerships/glenmorven", nil); !strings.Contains(body, `/staff/partnerships/glenmorven/indicators"`) {
		t.Fatal("the dashboard does not link the indicators")
	}
	for _, u := range []string{staff, staff + "/NI-2", staff + "/NI-12?locality=Strathard", staff + "/benchmark", base + "/partnerships/glenmorven/indicators",
		base + "/partnerships/glenmorven/indicators/NI-15"} {
		code, _, body := c.do("GET", u, nil)
		if code != 200 || !strings.Contains(body, "These figures are illustrative") || strings.Count(body, "<h1") != 1 {
			t.Errorf("%s: status %d, or no illustrative label", u, code)
		}
		if strings.Contains(u, "NI-") && (!strings.Contains(body, "<svg") || !strings.Contains(body, `class="ds_table"`) || !strings.Contains(body, "Which way is better")) {
			t.Errorf("%s: no chart, table or definition", u)
		}
	}
	if _, _, body := c.do("GET", staff+"/NI-2", nil); !strings.Contains(body, "95% confidence interval") {
		t.Error("a survey indicator's page shows no confidence interval")
	}
	if code, _, _ := c.do("GET", staff+"/NI-10", nil); code != http.StatusNotFound {
		t.Errorf("an unreported indicator: %d", code)
	}

	// The benchmark for NI-12 in the demo's latest year.
	var b benchmarkAnswer
	_, _, body := c.do("GET", staff+"/benchmark?indicator=NI-12", nil)
	if !strings.Contains(body, "Glenmorven (this partnership)") || !strings.Contains(body, "Scotland (for comparison)") {
		t.Fatal("the benchmark does not mark the partnership or show Scotland")
	}
	get := func(q string) benchmarkAnswer {
		t.Helper()
		code, _, body := c.do("GET", base+"/api/v1/benchmark?"+q, nil)
		var a benchmarkAnswer
		if code != 200 || json.Unmarshal([]byte(body), &a) != nil {
			t.Fatalf("benchmark API %s: %d %s", q, code, body)
		}
		return a
	}
	b = get("indicator=NI-12&year=2000")
	if len(b.Partnerships) != 0 {
		t.Fatalf("a year with no figures: %+v", b)
	}
	years := regexpYear.FindStringSubmatch(body)
	if years == nil {
		t.Fatal("the benchmark offers no year")
	}
	b = get("indicator=NI12&year=" + years[1])
	if len(b.Partnerships) != 6 || b.Scotland == nil || !b.Illustrative || b.Notice == "" {
		t.Fatalf("benchmark API: %+v", b)
	}
	before := rankOf(b, "glenmorven")
	if before == 1 {
		t.Fatalf("the demo's Glenmorven is already first on NI-12")
	}
	y, _ := strconv.Atoi(years[1])
	label := strconv.Itoa(y) + "/" + strconv.Itoa((y+1)%100)
	header := "Year,Time period,Partnership,Indicator,Estimate,Numerator,Denominator,Rate\n"

	// One bad row: nothing lands, and the row is named.
	code, _, body := uploadFigures(t, c, staff+"/import", "PHS test release",
		header+label+",Annual,Glenmorven,NI12,No,,,100\n"+label+",Annual,Glenmorven,NI13,No,,,lots\n")
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Line 3") || !strings.Contains(body, "not a number") ||
		!strings.Contains(body, "Nothing was imported: 1 row has problems") {
		t.Fatalf("a bad row: status %d", code)
	}
	if rankOf(get("indicator=NI-12&year="+years[1]), "glenmorven") != before {
		t.Fatal("a refused file changed the ranking")
	}
	// Another partnership's figure is refused in a partnership's import.
	if code, _, body := uploadFigures(t, c, staff+"/import", "PHS", header+label+",Annual,Scotland,NI12,No,,,100\n"); code != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "administrator of the whole service") {
		t.Fatalf("Scotland's figure from a partnership: %d", code)
	}
	// A good file: Glenmorven's emergency admissions fall, and it rises to first.
	code, loc, _ := uploadFigures(t, c, staff+"/import", "PHS test release", header+label+",Annual,Glenmorven,NI12,No,,,100\n")
	if code != http.StatusSeeOther {
		t.Fatalf("good file: %d", code)
	}
	if _, _, body := c.do("GET", base+loc, nil); !strings.Contains(body, "The figures have been imported") {
		t.Error("no notice after the import")
	}
	if r := rankOf(get("indicator=NI-12&year="+years[1]), "glenmorven"); r != 1 {
		t.Fatalf("after the import Glenmorven is ranked %d, want 1 (was %d)", r, before)
	}

	// The partnership's open data.
	code, _, body = c.do("GET", base+"/api/v1/partnerships/glenmorven/indicators?year="+url.QueryEscape(label), nil)
	var a struct {
		Illustrative bool `json:"illustrative"`
		Indicators   []struct {
			Code    string `json:"code"`
			Figures []struct {
				Rate         float64 `json:"rate"`
				Illustrative bool    `json:"illustrative"`
				Source       string  `json:"source"`
				Scotland     *struct {
					Rate float64 `json:"rate"`
				} `json:"scotland"`
			} `json:"figures"`
		} `json:"indicators"`
	}
	if code != 200 || json.Unmarshal([]byte(body), &a) != nil || len(a.Indicators) == 0 || !a.Illustrative {
		t.Fatalf("indicators API: %d %s", code, body)
	}
	for _, ind := range a.Indicators {
		if ind.Code == "NI-12" && (len(ind.Figures) != 1 || ind.Figures[0].Rate != 100 || ind.Figures[0].Illustrative || ind.Figures[0].Source != "PHS test release" ||
			ind.Figures[0].Scotland == nil) {
			t.Errorf("NI-12 in the open data: %+v", ind.Figures)
		}
	}
	if code, _, _ := c.do("GET", base+"/api/v1/benchmark?indicator=NI-99&year=2024", nil); code != http.StatusBadRequest {
		t.Errorf("an unknown indicator: %d", code)
	}
}

// The service's administrator imports Scotland's figures; a partnership's
// officer may not reach that import.
func TestInstanceIndicatorImport(t *testing.T) {
	c, base, _ := signedIn(t, "service-admin@coplan.example")
	code, _, body := uploadFigures(t, c, base+"/staff/indicators/import", "PHS July 2026",
		"Year,Time period,Partnership,Indicator,Estimate,Numerator,Denominator,Rate,Lower CI,Upper CI\n2001/02,Annual,Scotland,NI2,No,,,80.1,79.8,80.4\n")
	if code != http.StatusSeeOther {
		t.Fatalf("instance import: %d %s", code, body)
	}
	_, _, body = c.do("GET", base+"/api/v1/benchmark?indicator=NI-2&year=2001", nil)
	if !strings.Contains(body, `"rate": 80.1`) || strings.Contains(body, `"illustrative": true`) {
		t.Errorf("Scotland's imported figure: %s", body)
	}
}

var regexpYear = regexp.MustCompile(`<option value="(\d{4})" selected`)

// An arrangement names its indicators by ticking them; the list of
// arrangements links each to the partnership's figures, and an older
// measure that cites one in words is ticked when the form opens.
func TestArrangementIndicators(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	_, _, path := newDraftPlan(t, d)
	code, _, body := c.do("GET", base+path+"/versions/1/arrangements/new", nil)
	if code != http.StatusOK || !strings.Contains(body, `name="indicators" value="NI-12"`) || strings.Contains(body, `value="NI-10"`) {
		t.Fatalf("the form offers no reported indicators (%d)", code)
	}
	code, _, body = c.do("POST", base+path+"/versions/1/arrangements", url.Values{"title": {"Falls prevention"}, "locality": {""},
		"outcomes": {"O2"}, "indicators": {"NI-16", "MSG-1"}, "measures": {"NI-12: emergency admissions\nClasses held"}})
	if code != http.StatusSeeOther {
		t.Fatalf("add arrangement: %d\n%s", code, body)
	}
	_, _, body = c.do("GET", base+path+"/versions/1/arrangements", nil)
	for _, want := range []string{`/staff/partnerships/glenmorven/indicators/NI-16"`, `/staff/partnerships/glenmorven/indicators/NI-12"`, "MSG-1", "Classes held"} {
		if !strings.Contains(body, want) {
			t.Errorf("the arrangements page lacks %q", want)
		}
	}
	m := regexp.MustCompile(`/versions/1/arrangements/(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no link to change the arrangement")
	}
	_, _, body = c.do("GET", base+path+"/versions/1/arrangements/"+m[1], nil)
	if !regexp.MustCompile(`value="NI-12" id="[^"]*" checked`).MatchString(body) || strings.Contains(body, "NI-12: emergency admissions") {
		t.Error("the cited NI-12 is not ticked on the form")
	}
}
