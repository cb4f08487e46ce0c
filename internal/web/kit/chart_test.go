package kit

import (
	"bytes"
	"encoding/xml"
	"flag"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// drawn renders c with the kit's "chart" template.
func drawn(t *testing.T, c Chart) string {
	t.Helper()
	tpl, err := template.New("").Funcs(Funcs()).ParseFS(kitFiles, "templates/charts.html")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tpl.ExecuteTemplate(&b, "chart", c); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// svgOf is the <svg> element of a drawn chart, parsed as XML: its
// elements, in order, with their attributes and text.
type node struct {
	name  string
	attrs map[string]string
	text  string
}

func svgOf(t *testing.T, page string) []node {
	t.Helper()
	start, end := strings.Index(page, "<svg"), strings.Index(page, "</svg>")
	if start < 0 || end < 0 {
		t.Fatalf("no svg in %s", page)
	}
	dec := xml.NewDecoder(strings.NewReader(page[start : end+len("</svg>")]))
	var nodes []node
	var open []int // the elements the decoder is inside
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v\n%s", err, page[start:end+6])
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := node{name: tk.Name.Local, attrs: map[string]string{}}
			for _, a := range tk.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			nodes = append(nodes, n)
			open = append(open, len(nodes)-1)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) > 0 {
				nodes[open[len(open)-1]].text += string(tk)
			}
		}
	}
	return nodes
}

func named(nodes []node, name string) []node {
	var out []node
	for _, n := range nodes {
		if n.name == name {
			out = append(out, n)
		}
	}
	return out
}

// cells are the texts of a drawn chart's table's th and td cells, row by
// row.
func cells(page string) [][]string {
	var rows [][]string
	for _, tr := range regexp.MustCompile(`(?s)<tr>(.*?)</tr>`).FindAllStringSubmatch(page, -1) {
		var row []string
		for _, c := range regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`).FindAllStringSubmatch(tr[1], -1) {
			row = append(row, c[1])
		}
		rows = append(rows, row)
	}
	return rows
}

func TestBarChart(t *testing.T) {
	c := Chart{ID: "depth", Title: "Involvement by depth", Label: "Depth", Unit: "Involvements"}
	c.Add("Inform", 3)
	c.Add("Consult", 12)
	c.Add("Empower", 0)
	page := drawn(t, c)
	nodes := svgOf(t, page)
	svg := nodes[0]
	if svg.name != "svg" || svg.attrs["role"] != "img" || svg.attrs["aria-labelledby"] != "depth-title depth-desc" ||
		svg.attrs["width"] != "100%" || !strings.HasPrefix(svg.attrs["viewBox"], "0 0 400 ") {
		t.Errorf("svg element: %v", svg.attrs)
	}
	if ti := named(nodes, "title"); len(ti) != 1 || ti[0].attrs["id"] != "depth-title" || ti[0].text != "Involvement by depth" {
		t.Errorf("title: %+v", ti)
	}
	if d := named(nodes, "desc"); len(d) != 1 || d[0].attrs["id"] != "depth-desc" || !strings.Contains(d[0].text, "The largest is Consult, 12") {
		t.Errorf("desc: %+v", d)
	}
	var texts []string
	for _, n := range named(nodes, "text") {
		texts = append(texts, n.text)
	}
	if want := []string{"Inform", "3", "Consult", "12", "Empower", "0"}; !slices.Equal(texts, want) {
		t.Errorf("the chart's words %q, want %q", texts, want)
	}
	// A bar for each non-zero value, the largest as wide as the chart
	// allows, the others in proportion.
	rects := named(nodes, "rect")
	if len(rects) != 2 {
		t.Fatalf("%d bars, want 2", len(rects))
	}
	w0, _ := strconv.Atoi(rects[0].attrs["width"])
	w1, _ := strconv.Atoi(rects[1].attrs["width"])
	if w1 != chartWidth-valueRoom || w0 != int(math.Round(float64(w1)*3/12)) || rects[0].attrs["fill"] != Palette[0] {
		t.Errorf("bar widths %d and %d, fill %s", w0, w1, rects[0].attrs["fill"])
	}
	// The table that always follows it holds the same figures.
	if !strings.Contains(page, `<caption id="depth-caption">Involvement by depth</caption>`) ||
		!strings.Contains(page, `aria-labelledby="depth-caption"`) || !strings.Contains(page, `class="ds_table"`) {
		t.Error("no table with its caption follows the chart")
	}
	want := [][]string{{"Depth", "Involvements"}, {"Inform", "3"}, {"Consult", "12"}, {"Empower", "0"}}
	if got := cells(page); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("table %q, want %q", got, want)
	}
	if strings.Index(page, "</svg>") > strings.Index(page, "<table") {
		t.Error("the table comes before the chart")
	}
}

func TestStackedAndGroupedCharts(t *testing.T) {
	for _, stacked := range []bool{true, false} {
		c := Chart{ID: "stage-group", Title: "People by stage", Label: "Stage", Series: []string{"Users", "Carers", "Staff"}, Stacked: stacked}
		c.Add("Needs and aims", 4, 2, 6)
		c.Add("Procurement", 0, 0, 3)
		page := drawn(t, c)
		nodes := svgOf(t, page)
		patterns := named(nodes, "pattern")
		if len(patterns) != 3 || patterns[1].attrs["id"] != "stage-group-p1" {
			t.Fatalf("patterns: %+v", patterns)
		}
		// The legend: a swatch with each series' pattern, and its name.
		var legend []string
		for _, n := range named(nodes, "text")[:3] {
			legend = append(legend, n.text)
		}
		if !slices.Equal(legend, c.Series) {
			t.Errorf("legend %q", legend)
		}
		var bars []node
		for _, r := range named(nodes, "rect") {
			if strings.HasPrefix(r.attrs["fill"], "url(#stage-group-p") && r.attrs["stroke"] == "#ffffff" {
				bars = append(bars, r)
			}
		}
		if len(bars) != 4 {
			t.Errorf("stacked %v: %d segments or bars drawn, want 4 (no rectangle for nought)", stacked, len(bars))
		}
		rows := cells(page)
		if stacked {
			want := [][]string{{"Stage", "Users", "Carers", "Staff", "Total"}, {"Needs and aims", "4", "2", "6", "12"}, {"Procurement", "0", "0", "3", "3"}}
			if !slices.EqualFunc(rows, want, slices.Equal) {
				t.Errorf("stacked table %q", rows)
			}
			// One bar a category: its segments run on from each other.
			x1, _ := strconv.Atoi(bars[1].attrs["x"])
			x0, _ := strconv.Atoi(bars[0].attrs["x"])
			w0, _ := strconv.Atoi(bars[0].attrs["width"])
			if bars[0].attrs["y"] != bars[1].attrs["y"] || x1 != x0+w0 {
				t.Errorf("segments %v then %v", bars[0].attrs, bars[1].attrs)
			}
			if !strings.Contains(page, ">12</text>") {
				t.Error("the stacked bar is not labelled with its total")
			}
		} else {
			want := [][]string{{"Stage", "Users", "Carers", "Staff"}, {"Needs and aims", "4", "2", "6"}, {"Procurement", "0", "0", "3"}}
			if !slices.EqualFunc(rows, want, slices.Equal) {
				t.Errorf("grouped table %q", rows)
			}
			if bars[0].attrs["y"] == bars[1].attrs["y"] {
				t.Error("grouped bars are drawn on one line")
			}
		}
	}
}

// Whatever a label or title holds is text, never markup, in the SVG and
// the table alike.
func TestChartEscapes(t *testing.T) {
	c := Chart{ID: "x", Title: `Tom & Jerry's <b>"chart"</b>`, Label: "<i>", Unit: "A&B", Suffix: "%", Series: []string{"<script>alert(1)</script>"}}
	c.Add(`O'Neill & Sons <svg onload="x">`, 12.25)
	page := drawn(t, c)
	nodes := svgOf(t, page)
	if ti := named(nodes, "title"); ti[0].text != c.Title {
		t.Errorf("title read back as %q", ti[0].text)
	}
	if len(named(nodes, "script")) != 0 || len(named(nodes, "b")) != 0 || len(named(nodes, "svg")) != 1 {
		t.Error("a label became markup")
	}
	if strings.Contains(page, "<script>") || strings.Contains(page, "<b>") || strings.Contains(page, "<i>") {
		t.Error("markup from the data reached the page")
	}
	if !strings.Contains(page, "12.3%") {
		t.Errorf("the value is not written 12.3%%")
	}
}

func TestEmptyChartIsStillWellFormed(t *testing.T) {
	page := drawn(t, Chart{ID: "none", Title: "Nothing yet", Label: "Year", Unit: "People"})
	nodes := svgOf(t, page)
	if len(named(nodes, "rect")) != 0 || !strings.Contains(named(nodes, "desc")[0].text, "nought") {
		t.Errorf("empty chart: %s", page)
	}
}

func TestFormatNumber(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {7, "7"}, {12.5, "12.5"}, {12.25, "12.3"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"},
		{0.04, "0"}, {-3, "−3"}, {math.NaN(), "–"}, {2.96, "3"},
	} {
		if got := FormatNumber(c.v); got != c.want {
			t.Errorf("FormatNumber(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want []string
	}{
		{"Needs and aims", 52, []string{"Needs and aims"}},
		{"A stage done without people who use services or unpaid carers", 30,
			[]string{"A stage done without people", "who use services or unpaid", "carers"}},
		{"Supercalifragilistic", 8, []string{"Supercal", "ifragili", "stic"}},
		{"", 10, []string{""}},
	} {
		if got := wrap(c.s, c.n); !slices.Equal(got, c.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}

// WCAG 1.4.11: every colour a bar can take has a contrast of at least 3:1
// with the white page.
func TestPaletteContrast(t *testing.T) {
	for _, hex := range Palette {
		if r := contrast(hex, "#ffffff"); r < 3 {
			t.Errorf("%s has a contrast of %.2f:1 with white", hex, r)
		}
	}
	if len(Palette) < len(patternMarks) {
		t.Error("fewer colours than patterns")
	}
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// luminance is WCAG 2's relative luminance of a colour #rrggbb.
func luminance(hex string) float64 {
	var l float64
	for i, weight := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += weight * c
	}
	return l
}

var updateGolden = flag.Bool("update", false, "rewrite the charts' golden files in testdata")

// The markup of a small stacked chart, as a whole: a change to it shows
// here for review (go test ./internal/web/kit -run Golden -update rewrites
// it).
func TestChartGolden(t *testing.T) {
	c := Chart{ID: "g", Title: "People by stage", Label: "Stage", Series: []string{"Users", "Carers"}, Stacked: true}
	c.Add("Needs and aims", 12, 3)
	c.Add("Procurement", 0, 1)
	got := drawn(t, c)
	path := filepath.Join("testdata", "stacked-chart.golden")
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("the chart's markup differs from %s:\n%s", path, got)
	}
}
