package kit

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Chart is a horizontal bar chart drawn on the server as SVG, for any room's
// pages: no JavaScript, and always followed by a table of the same
// figures, which is what a screen reader, a phone and a print-out read.
// Templates draw it with {{template "chart" .}}.
//
// With no Series it is a plain bar chart, one bar a category, each bar
// labelled with its value. With Series it is a grouped chart (a bar for
// each series under each category) or, Stacked, one bar a category made
// of a segment for each series. Series are told apart by a pattern as
// well as a colour, shown again in the legend, so colour is never the only
// cue (WCAG 1.4.1); every colour has a contrast of at least 3:1 with the
// white page (1.4.11), and segments are parted by a white line.
//
// The SVG has role="img", a <title> and a <desc>, and a viewBox that
// scales it to the width of its column, 320 pixels included.
type Chart struct {
	// ID is unique on the page: the ids of the chart's title,
	// description, patterns and table begin with it.
	ID string
	// Title is the chart's <title> and its table's caption.
	Title string
	// Desc is a sentence or two saying what the chart shows and what
	// stands out; empty, one is written from the figures.
	Desc string
	// Label heads the table's column of categories: "Stage", "Year".
	Label string
	// Unit heads the column of values of a plain bar chart: "People".
	Unit string
	// Suffix is written after every number: "%" for percentages.
	Suffix string
	// Series names the series of a grouped or stacked chart.
	Series  []string
	Stacked bool

	Categories []string
	Values     [][]float64 // Values[category][series]; one value a category without Series
}

// Add appends a category with its values, one for each series (one for a
// plain bar chart).
func (c *Chart) Add(category string, values ...float64) {
	c.Categories = append(c.Categories, category)
	c.Values = append(c.Values, values)
}

// series is how many series the chart has: 1 for a plain bar chart.
func (c Chart) series() int { return max(len(c.Series), 1) }

func (c Chart) value(cat, s int) float64 {
	if cat < len(c.Values) && s < len(c.Values[cat]) {
		v := c.Values[cat][s]
		if v > 0 && !math.IsInf(v, 0) {
			return v
		}
	}
	return 0
}

func (c Chart) total(cat int) float64 {
	var t float64
	for s := range c.series() {
		t += c.value(cat, s)
	}
	return t
}

// Number formats a figure of the chart: whole numbers with commas
// ("1,234"), others to one decimal place, then the Suffix.
func (c Chart) Number(v float64) string { return FormatNumber(v) + c.Suffix }

// FormatNumber writes a figure for people: "1,234", "12.5", "0".
func FormatNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	v = math.Round(v*10) / 10
	neg := v < 0
	v = math.Abs(v)
	whole := math.Floor(v)
	s := strconv.FormatFloat(whole, 'f', 0, 64)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if frac := math.Round((v - whole) * 10); frac > 0 {
		s += "." + strconv.Itoa(int(frac))
	}
	if neg && s != "0" {
		s = "−" + s
	}
	return s
}

// Description is Desc, or when it is empty a sentence written from the
// figures: the largest category and its value.
func (c Chart) Description() string {
	if c.Desc != "" {
		return c.Desc
	}
	kind := "Bar chart"
	switch {
	case c.Stacked && len(c.Series) > 0:
		kind = "Stacked bar chart of " + strings.Join(c.Series, ", ")
	case len(c.Series) > 0:
		kind = "Grouped bar chart of " + strings.Join(c.Series, ", ")
	}
	best, bestV := -1, 0.0
	for i := range c.Categories {
		if t := c.total(i); t > bestV {
			best, bestV = i, t
		}
	}
	if best < 0 {
		return kind + ": every figure is nought. The table that follows gives the figures."
	}
	return fmt.Sprintf("%s. The largest is %s, %s. The table that follows gives every figure.", kind, c.Categories[best], c.Number(bestV))
}

// Palette is the charts' colours, one a series, in order: each has a
// contrast of at least 3:1 with white (the tests check it). The first is
// the Design System's blue.
var Palette = []string{"#0065bd", "#00703c", "#6b2c91", "#b3401d", "#333e48", "#8b0047", "#005e5d"}

// patternMarks are the white marks drawn over a series' colour, one a
// series, so series differ in more than colour: none, diagonal lines,
// dots, horizontal lines, cross-hatching, vertical lines, the other
// diagonal.
var patternMarks = []template.HTML{
	``,
	`<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6" stroke="#ffffff" stroke-width="2"/>`,
	`<circle cx="4" cy="4" r="1.6" fill="#ffffff"/>`,
	`<path d="M0,4 L8,4" stroke="#ffffff" stroke-width="2"/>`,
	`<path d="M0,0 L8,8 M8,0 L0,8" stroke="#ffffff" stroke-width="1.5"/>`,
	`<path d="M4,0 L4,8" stroke="#ffffff" stroke-width="2"/>`,
	`<path d="M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2" stroke="#ffffff" stroke-width="2"/>`,
}

// The chart's geometry, in the viewBox's units.
const (
	chartWidth   = 400 // at 320 px wide, less the page's margins, text is about 11 px
	chartFont    = 16  // the labels' size
	labelLine    = 19  // the height of a line of a category's label
	barHeight    = 18
	barGap       = 4
	categoryGap  = 12
	valueRoom    = 64 // room at the right for a bar's value
	legendColumn = chartWidth / 2
	legendLine   = 24
	wrapAt       = 44 // characters of a label's line
	legendWide   = 20 // characters of a series' name that fit a legend's half-width column
)

// ChartPattern is one series' fill: a colour with its marks.
type ChartPattern struct {
	ID    string
	Color string
	Marks template.HTML // SVG from patternMarks: coplan's own, never data
}

// ChartText is one line of text at a place.
type ChartText struct {
	X, Y int
	Text string
}

// ChartSegment is one rectangle of a bar.
type ChartSegment struct {
	X, Y, W, H int
	Fill       string // a colour, or url(#pattern)
}

// ChartBar is one bar: its segments and its value written after it.
type ChartBar struct {
	Segments []ChartSegment
	Value    ChartText
}

// ChartRow is one category: its label's lines and its bars.
type ChartRow struct {
	Label []ChartText
	Bars  []ChartBar
}

// ChartLegendEntry is one series in the legend: a swatch and its name.
type ChartLegendEntry struct {
	Swatch ChartSegment
	Name   ChartText
}

// ChartLayout is where everything of a chart is drawn.
type ChartLayout struct {
	Width, Height int
	Font          int
	Patterns      []ChartPattern
	Legend        []ChartLegendEntry
	Rows          []ChartRow
	AxisX         int // the bars' common left edge
}

// fill is series s's fill.
func (c Chart) fill(s int) string {
	if len(c.Series) == 0 {
		return Palette[0]
	}
	return "url(#" + c.ID + "-p" + strconv.Itoa(s) + ")"
}

// Layout places the chart's legend, labels and bars.
func (c Chart) Layout() ChartLayout {
	l := ChartLayout{Width: chartWidth, Font: chartFont}
	y := 0
	if len(c.Series) > 0 {
		// Two columns when every name fits half the width, else one.
		cols := 2
		for _, name := range c.Series {
			if len([]rune(name)) > legendWide {
				cols = 1
			}
		}
		for s, name := range c.Series {
			l.Patterns = append(l.Patterns, ChartPattern{ID: c.ID + "-p" + strconv.Itoa(s), Color: Palette[s%len(Palette)],
				Marks: patternMarks[s%len(patternMarks)]})
			x, top := (s%cols)*legendColumn, y+(s/cols)*legendLine
			l.Legend = append(l.Legend, ChartLegendEntry{
				Swatch: ChartSegment{X: x, Y: top, W: 18, H: 18, Fill: c.fill(s)},
				Name:   ChartText{X: x + 24, Y: top + 14, Text: name},
			})
		}
		y += (len(c.Series)+cols-1)/cols*legendLine + categoryGap
	}
	var most float64
	for i := range c.Categories {
		if c.Stacked {
			most = max(most, c.total(i))
			continue
		}
		for s := range c.series() {
			most = max(most, c.value(i, s))
		}
	}
	scale := 0.0
	if most > 0 {
		scale = float64(chartWidth-valueRoom) / most
	}
	for i, cat := range c.Categories {
		var row ChartRow
		for _, line := range wrap(cat, wrapAt) {
			y += labelLine
			row.Label = append(row.Label, ChartText{X: 0, Y: y - 5, Text: line})
		}
		bars := c.series()
		if c.Stacked {
			bars = 1
		}
		for b := range bars {
			y += barGap
			bar := ChartBar{}
			x := 0.0
			segs := []int{b}
			if c.Stacked {
				segs = segs[:0]
				for s := range c.series() {
					segs = append(segs, s)
				}
			}
			for _, s := range segs {
				w := c.value(i, s) * scale
				if w > 0 {
					bar.Segments = append(bar.Segments, ChartSegment{X: int(math.Round(x)), Y: y,
						W: max(int(math.Round(x+w))-int(math.Round(x)), 1), H: barHeight, Fill: c.fill(s)})
				}
				x += w
			}
			v := c.value(i, b)
			if c.Stacked {
				v = c.total(i)
			}
			bar.Value = ChartText{X: int(math.Round(x)) + 6, Y: y + barHeight - 4, Text: c.Number(v)}
			row.Bars = append(row.Bars, bar)
			y += barHeight
		}
		y += categoryGap
		l.Rows = append(l.Rows, row)
	}
	l.Height = max(y, 1)
	return l
}

// wrap breaks a label into lines of at most n characters, at spaces where
// it can.
func wrap(s string, n int) []string {
	var lines []string
	var line []rune
	for _, word := range strings.Fields(s) {
		w := []rune(word)
		switch {
		case len(line) == 0:
			line = w
		case len(line)+1+len(w) <= n:
			line = append(append(line, ' '), w...)
		default:
			lines = append(lines, string(line))
			line = w
		}
		for len(line) > n {
			lines = append(lines, string(line[:n]))
			line = line[n:]
		}
	}
	if len(line) > 0 || len(lines) == 0 {
		lines = append(lines, string(line))
	}
	return lines
}

// ChartTableRow is a category's row of the chart's table.
type ChartTableRow struct {
	Label string
	Cells []string // a value for each series, then the total of a stacked chart
}

// Headers are the headings of the table's columns after the categories'.
func (c Chart) Headers() []string {
	if len(c.Series) == 0 {
		return []string{c.Unit}
	}
	h := append([]string(nil), c.Series...)
	if c.Stacked {
		h = append(h, "Total")
	}
	return h
}

// Rows are the table's rows, the same figures the bars show.
func (c Chart) Rows() []ChartTableRow {
	var out []ChartTableRow
	for i, cat := range c.Categories {
		row := ChartTableRow{Label: cat}
		for s := range c.series() {
			row.Cells = append(row.Cells, c.Number(c.value(i, s)))
		}
		if c.Stacked && len(c.Series) > 0 {
			row.Cells = append(row.Cells, c.Number(c.total(i)))
		}
		out = append(out, row)
	}
	return out
}
