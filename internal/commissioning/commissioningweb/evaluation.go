package commissioningweb

// The evaluation's pages (issue 12, item 6): the partnership's profile of
// involvement in commissioning for a financial year, and year on year; one
// work item's; and for scrutiny, every partnership's headline figures side
// by side. Each chart is the kit's SVG, followed by its table.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"coplan/internal/auth"
	"coplan/internal/commissioning"
	"coplan/internal/partnership"
	"coplan/internal/web/kit"
)

// evaluationRoutes are the evaluation's pages.
func (h *Handlers) evaluationRoutes() []kit.Route {
	return []kit.Route{
		{Pattern: "GET /staff/partnerships/{slug}/commissioning/evaluation", Perm: auth.ReadPlanning, Handle: h.evaluation},
		{Pattern: "GET /staff/partnerships/{slug}/commissioning/{item}/evaluation", Perm: auth.ReadPlanning, Handle: h.itemEvaluation},
		// Every partnership the account may read; the handler leaves out
		// the others, so an officer sees their own.
		{Pattern: "GET /staff/commissioning/evaluation", Perm: auth.SignedIn, Handle: h.scrutinyEvaluation},
	}
}

// yearsShown is how many years "year on year" shows, the chosen one last.
const yearsShown = 5

// yearsOffered is how far back the year picker goes at most.
const yearsOffered = 10

// ScrutinyPageSize is how many partnerships the scrutiny page reads and
// shows a page, as the home page lists them: the work of a request is
// bounded however many partnerships the service holds.
const ScrutinyPageSize = 40

// figure is one headline figure of a profile, as tables, the year on year
// table and the scrutiny page show it.
type figure struct {
	Key  string // the ?figure= value
	Name string
	Unit string // what it counts, heading a chart's table
	// value is the figure of p, and false when p has none (no decision to
	// time).
	value func(p commissioning.Profile) (float64, bool)
	pct   bool
}

var figures = []figure{
	{"items", "Work items open in the year", "Work items", func(p commissioning.Profile) (float64, bool) { return float64(p.Items), true }, false},
	{"involvements", "Involvement recorded", "Involvements", func(p commissioning.Profile) (float64, bool) { return float64(p.Involvements), true }, false},
	{"people", "People taking part", "People", func(p commissioning.Profile) (float64, bool) { return float64(p.People), true }, false},
	{"changed", "Involvement that changed something", "Per cent", func(p commissioning.Profile) (float64, bool) {
		return float64(p.ChangedShare()), p.Involvements > 0
	}, true},
	{"no-outcome", "Involvement with no outcome recorded", "Per cent", func(p commissioning.Profile) (float64, bool) {
		return float64(p.NoOutcomeShare()), p.Involvements > 0
	}, true},
	{"median-days", "Median days from first involvement at a stage to its first decision", "Days", func(p commissioning.Profile) (float64, bool) {
		return p.Timing.Median()
	}, false},
	{"decided-first", "Decisions taken before anyone was involved at their stage", "Decisions", func(p commissioning.Profile) (float64, bool) {
		return float64(p.Timing.DecidedFirst), true
	}, false},
	{"flagged", "Work items with a problem", "Work items", func(p commissioning.Profile) (float64, bool) { return float64(p.Flagged), true }, false},
}

func figureByKey(key string) (figure, bool) {
	for _, f := range figures {
		if f.Key == key {
			return f, true
		}
	}
	return figure{}, false
}

// figureOptions are the figures for a select.
func figureOptions() []kit.Option {
	var out []kit.Option
	for _, f := range figures {
		out = append(out, kit.Option{Value: f.Key, Label: f.Name})
	}
	return out
}

// Cell is one figure as a table shows it.
type Cell struct {
	Name, Text string
}

// headline is every figure of p, in words: "none" where there is none.
func headline(p commissioning.Profile) []Cell {
	var out []Cell
	for _, f := range figures {
		out = append(out, Cell{f.Name, f.text(p)})
	}
	return out
}

// ofOneItem leaves out the figures that count work items, which say
// nothing of one item over all time.
func ofOneItem(cells []Cell) []Cell {
	var out []Cell
	for i, c := range cells {
		if k := figures[i].Key; k != "items" && k != "flagged" {
			out = append(out, c)
		}
	}
	return out
}

func (f figure) text(p commissioning.Profile) string {
	v, ok := f.value(p)
	switch {
	case !ok && f.Key == "median-days":
		return "No decision yet"
	case !ok:
		return "No involvement"
	case f.pct:
		return kit.FormatNumber(v) + "%"
	}
	return kit.FormatNumber(v)
}

// profileView is a profile with its charts.
type profileView struct {
	commissioning.Profile
	ByStage  kit.Chart // people by stage and group
	ByDepth  kit.Chart // involvements by depth
	Outcomes kit.Chart // what came of involvement
	Timing   kit.Chart // median days to decision by stage
	Flags    kit.Chart // work items with each problem
	Headline []Cell
	// Whole is a profile of many work items, whose problems it counts;
	// one item's problems are on its own page.
	Whole bool
}

func viewOf(p commissioning.Profile, what string, whole bool) profileView {
	v := profileView{Profile: p, Headline: headline(p), Whole: whole}
	if !whole {
		v.Headline = ofOneItem(v.Headline)
	}
	var groups []string
	for _, g := range commissioning.Groups {
		groups = append(groups, g.Name())
	}
	v.ByStage = kit.Chart{ID: "by-stage", Title: "People taking part at each stage of commissioning, by group", Label: "Stage",
		Series: groups, Stacked: true}
	for _, s := range p.Stages {
		var vals []float64
		for _, g := range commissioning.Groups {
			vals = append(vals, float64(s.Group(g)))
		}
		v.ByStage.Add(fmt.Sprintf("%d. %s", s.Stage.Number, s.Stage.Title), vals...)
	}
	v.ByDepth = kit.Chart{ID: "by-depth", Title: "Involvement by how deeply people were involved", Label: "Depth", Unit: "Involvements"}
	for _, d := range p.Depths {
		v.ByDepth.Add(depthLabel(d.Depth), float64(d.Involvements))
	}
	v.Outcomes = kit.Chart{ID: "outcomes", Title: "What came of involvement", Label: "Outcome", Unit: "Involvements"}
	v.Outcomes.Add("Changed something", float64(p.Changed))
	v.Outcomes.Add("Outcome recorded, nothing changed", float64(p.Unchanged))
	v.Outcomes.Add("No outcome recorded", float64(p.NoOutcome))
	v.Timing = kit.Chart{ID: "timing", Title: "Median days from first involvement at a stage to its first decision", Label: "Stage", Unit: "Days",
		Desc: "Bar chart of the median days, at each stage where a decision followed involvement, from the first involvement to the first decision. The table that follows gives the figures, with the decisions taken before anyone was involved."}
	for _, s := range p.Stages {
		if m, ok := s.Timing.Median(); ok {
			v.Timing.Add(fmt.Sprintf("%d. %s", s.Stage.Number, s.Stage.Title), m)
		}
	}
	v.Flags = kit.Chart{ID: "flags", Title: "Work items with each problem " + what, Label: "Problem", Unit: "Work items"}
	for _, f := range p.Flags {
		v.Flags.Add(f.Flag.Describe(), float64(f.Items))
	}
	return v
}

// depthLabel names a level of the Spectrum in a chart, with what people
// did at it in plain words.
func depthLabel(d commissioning.Depth) string {
	plain := map[commissioning.Depth]string{
		commissioning.Inform:      "told",
		commissioning.Consult:     "asked for their views",
		commissioning.Involve:     "involved in shaping it",
		commissioning.Collaborate: "worked on it together",
		commissioning.Empower:     "decided",
	}[d]
	return d.Name() + ": people were " + plain
}

// yearRow is one year of "year on year".
type yearRow struct {
	Year     commissioning.Year
	Headline []Cell
}

// yearsView is year on year: the headline figures a year at a time, and
// charts of people by group and of what came of involvement.
type yearsView struct {
	Names  []string // the headline figures' names, the table's columns
	Rows   []yearRow
	People kit.Chart
	Shares kit.Chart
}

func yearsOf(ps []commissioning.Profile) yearsView {
	var v yearsView
	for _, f := range figures {
		v.Names = append(v.Names, f.Name)
	}
	var groups []string
	for _, g := range commissioning.Groups {
		groups = append(groups, g.Name())
	}
	v.People = kit.Chart{ID: "years-people", Title: "People taking part, year on year, by group", Label: "Year", Series: groups, Stacked: true}
	v.Shares = kit.Chart{ID: "years-shares", Title: "What came of involvement, year on year", Label: "Year", Suffix: "%",
		Series: []string{"Changed something", "No outcome recorded"}}
	for _, p := range ps {
		y := commissioning.YearOf(p.Period.From)
		v.Rows = append(v.Rows, yearRow{y, headline(p)})
		var vals []float64
		for _, g := range commissioning.Groups {
			vals = append(vals, float64(p.Group(g)))
		}
		v.People.Add(y.String(), vals...)
		v.Shares.Add(y.String(), float64(p.ChangedShare()), float64(p.NoOutcomeShare()))
	}
	return v
}

// chosenYear reads ?year=: any of the last yearsOffered financial years,
// the current one when none is given.
func (h *Handlers) chosenYear(r *http.Request) (commissioning.Year, error) {
	now := commissioning.YearOf(h.k.Today())
	q := r.URL.Query().Get("year")
	if q == "" {
		return now, nil
	}
	n, err := strconv.Atoi(q)
	if y := commissioning.Year(n); err != nil || y <= now-yearsOffered || y > now {
		return 0, kit.BadRequest(fmt.Sprintf("Choose a year from %s to %s.", now-yearsOffered+1, now))
	}
	return commissioning.Year(n), nil
}

// yearOptions are the years the picker offers, latest first: the current
// one back to from, never further than yearsOffered, and always the one
// chosen.
func (h *Handlers) yearOptions(from, chosen commissioning.Year) []kit.Option {
	now := commissioning.YearOf(h.k.Today())
	from = max(min(from, chosen, now), now-yearsOffered+1)
	var opts []kit.Option
	for y := now; y >= from; y-- {
		opts = append(opts, kit.Option{Value: y.Param(), Label: y.String()})
	}
	return opts
}

// evaluation is the partnership's profile for a financial year, with its
// charts and tables, then year on year.
func (h *Handlers) evaluation(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	its, err := h.store(r).Items(r.Context())
	if err != nil {
		return err
	}
	y, err := h.chosenYear(r)
	if err != nil {
		return err
	}
	// The picker and year on year go back to the first year anything was
	// recorded in.
	first, ok := commissioning.FirstYear(its)
	if !ok {
		first = y
	}
	opts := h.yearOptions(first, y)
	// Problems are counted as items stood at the year's end: today, for
	// the year under way.
	when := "today"
	if y.End() < h.k.Today() {
		when = "at " + y.End().String()
	}
	return h.pages.OK(w, r, "evaluation.html", kit.View{Title: "Evaluation of involvement in commissioning, " + y.String(), Caption: p.Name,
		Nav: "staff", Form: url.Values{"year": {y.Param()}},
		Data: struct {
			Year    commissioning.Year
			Years   []kit.Option
			Profile profileView
			OnYear  yearsView
			Count   int // work items recorded, any year
		}{y, opts, viewOf(commissioning.ProfileOf(its, y.Period()), when, true),
			yearsOf(commissioning.YearOnYear(its, y, max(min(int(y-first)+1, yearsShown), 1))), len(its)}})
}

// itemEvaluation is one work item's profile: everything recorded on it, as
// it stands today, and year on year over the years it spans.
func (h *Handlers) itemEvaluation(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	id, err := kit.PathID(r, "item")
	if err != nil {
		return err
	}
	it, err := h.store(r).Item(r.Context(), id)
	if err != nil {
		return err
	}
	today := h.k.Today()
	items := []commissioning.Item{it}
	last := commissioning.YearOf(today)
	n := 1
	if first, ok := commissioning.FirstYear(items); ok {
		n = max(min(int(last-first)+1, yearsShown), 1)
	}
	return h.pages.OK(w, r, "evaluation-item.html", kit.View{Title: "Evaluation of " + it.Title, Caption: p.Name, Nav: "staff",
		Data: struct {
			Item    commissioning.Item
			Profile profileView
			OnYear  yearsView
		}{it, viewOf(commissioning.ProfileOf(items, commissioning.Period{To: today}), "today", false),
			yearsOf(commissioning.YearOnYear(items, last, n))}})
}

// scrutinyRow is one partnership's headline figures on the scrutiny page.
type scrutinyRow struct {
	Partnership partnership.Partnership
	Headline    []Cell
}

// scrutinyEvaluation is every partnership the account may read, a page of
// ScrutinyPageSize at a time, with its headline figures for a year and a
// bar chart of one of them.
func (h *Handlers) scrutinyEvaluation(w http.ResponseWriter, r *http.Request) error {
	u := kit.Current(r).User
	ctx := r.Context()
	y, err := h.chosenYear(r)
	if err != nil {
		return err
	}
	// Every year the page can show, whatever one partnership has recorded.
	opts := h.yearOptions(0, y)
	fkey := r.URL.Query().Get("figure")
	if fkey == "" {
		fkey = "changed"
	}
	fig, ok := figureByKey(fkey)
	if !ok {
		return kit.BadRequest("Choose one of the figures the page offers.")
	}
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pg, err := h.readable(ctx, u, n)
	if err != nil {
		return err
	}
	var rows []scrutinyRow
	chart := kit.Chart{ID: "figure", Title: fig.Name + ", " + y.String(), Label: "Partnership", Unit: fig.Unit}
	if fig.pct {
		chart.Suffix = "%"
	}
	left := 0
	for _, p := range pg.Partnerships {
		its, err := commissioning.StoreFor(h.k.DB, p, h.k.Now).Items(ctx)
		if err != nil {
			return err
		}
		prof := commissioning.ProfileOf(its, y.Period())
		rows = append(rows, scrutinyRow{p, headline(prof)})
		if v, ok := fig.value(prof); ok {
			chart.Add(p.Name, v)
		} else {
			left++
		}
	}
	if left > 0 {
		chart.Desc = fmt.Sprintf("%s. %d partnerships on this page have no figure and are left out of the chart; the table that follows lists every partnership.",
			chart.Description(), left)
	}
	title := "Involvement in commissioning across partnerships, " + y.String()
	if pg.Pages > 1 {
		title += fmt.Sprintf(" (page %d of %d)", pg.Number, pg.Pages)
	}
	var names []string
	for _, f := range figures {
		names = append(names, f.Name)
	}
	return h.pages.OK(w, r, "evaluation-scrutiny.html", kit.View{Title: title, Nav: "staff",
		Form: url.Values{"year": {y.Param()}, "figure": {fig.Key}},
		Data: struct {
			Year    commissioning.Year
			Years   []kit.Option
			Figures []kit.Option
			Figure  figure
			Names   []string
			Rows    []scrutinyRow
			Chart   kit.Chart
			Pages   pageLinks
		}{y, opts, figureOptions(), fig, names, rows, chart, linksOf(pg, y, fig.Key)}})
}

// readable is page n of the partnerships u may read: every partnership
// for scrutiny and the service's administrators, paged as the home page
// pages them; the account's own otherwise, if it may read its planning.
func (h *Handlers) readable(ctx context.Context, u *auth.User, n int) (partnership.Page, error) {
	if u.Role == auth.Scrutiny || auth.Can(u, auth.ManageInstance, 0) {
		return h.k.Partnerships.PageNumber(ctx, n, ScrutinyPageSize)
	}
	all, err := h.k.Partnerships.List(ctx)
	if err != nil {
		return partnership.Page{}, err
	}
	pg := partnership.Page{Number: 1, Pages: 1}
	for _, p := range all {
		if auth.Can(u, auth.ReadPlanning, p.ID) {
			pg.Partnerships = append(pg.Partnerships, p)
		}
	}
	return pg, nil
}

// pageLink is one link of the pagination component.
type pageLink struct {
	Number  int
	Href    string
	Current bool
}

// pageLinks are the links to the pages of the scrutiny page.
type pageLinks struct {
	Prev, Next string
	Links      []pageLink // none when there is one page
}

func linksOf(pg partnership.Page, y commissioning.Year, fig string) pageLinks {
	href := func(n int) string {
		q := url.Values{"year": {y.Param()}, "figure": {fig}}
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		return "/staff/commissioning/evaluation?" + q.Encode()
	}
	var out pageLinks
	if pg.Pages <= 1 {
		return out
	}
	for i := 1; i <= pg.Pages; i++ {
		out.Links = append(out.Links, pageLink{i, href(i), i == pg.Number})
	}
	if pg.Number > 1 {
		out.Prev = href(pg.Number - 1)
	}
	if pg.Number < pg.Pages {
		out.Next = href(pg.Number + 1)
	}
	return out
}
