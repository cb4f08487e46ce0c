package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/commissioning"
	"coplan/internal/db"
	"coplan/internal/demo"
	"coplan/internal/partnership"
)

// evaluationFixture is a partnership of its own, so no demo content moves
// its figures, with one work item: this financial year, 10 people who use
// services and carers collaborating at stage 1 with a change made, and 4
// staff told at stage 2 with no outcome recorded; last year, 11 people who
// use services consulted at stage 1, heard, nothing changed.
func evaluationFixture(t *testing.T, d *db.DB) (partnership.Partnership, commissioning.Item, commissioning.Year) {
	t.Helper()
	ctx := context.Background()
	p, err := partnership.Create(ctx, d, partnership.Partnership{Slug: "strathbeag", Name: "Strathbeag", Model: "ijb",
		HealthBoard: "NHS Strathbeag", LocalAuthorities: []partnership.Named{{Name: "Strathbeag Council"}},
		Localities: []partnership.Named{{Name: "Strathbeag North"}, {Name: "Strathbeag South"}}}, audit.System, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	st := commissioning.StoreFor(d, p, time.Now)
	it, err := st.CreateItem(ctx, commissioning.Item{Title: "Day services <redesign> & review", Kind: commissioning.ServiceRedesign,
		Localities: []int64{p.Localities[0].ID, p.Localities[1].ID}}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	this := commissioning.YearOf(civil.Day(time.Now()))
	for _, inv := range []commissioning.Involvement{
		{Stage: "CS1", On: this.Start(), Activity: commissioning.Workshop, Depth: commissioning.Collaborate,
			Taking:     map[commissioning.Group]int{commissioning.PeopleWhoUseServices: 7, commissioning.UnpaidCarers: 3},
			Localities: []int64{p.Localities[0].ID}, Asked: "What should a day service do?", Outcome: "Opening hours changed", Changed: true},
		{Stage: "CS2", On: this.Start(), Activity: commissioning.Survey, Depth: commissioning.Inform,
			Taking: map[commissioning.Group]int{commissioning.Staff: 4}, Localities: []int64{p.Localities[0].ID}, Asked: "Told of the plans"},
		{Stage: "CS1", On: (this - 1).Start(), Activity: commissioning.Survey, Depth: commissioning.Consult,
			Taking: map[commissioning.Group]int{commissioning.PeopleWhoUseServices: 11}, Localities: []int64{p.Localities[1].ID},
			Asked: "What is missing?", Outcome: "Heard; kept as it was"},
	} {
		if _, err := st.SaveInvolvement(ctx, it.ID, inv, false, audit.System); err != nil {
			t.Fatal(err)
		}
	}
	return p, it, this
}

// rowOf is the cells of the table row whose header is label, as text.
func rowOf(page, label string) []string {
	re := regexp.MustCompile(`(?s)<tr><th scope="row">(?:<a [^>]*>)?` + regexp.QuoteMeta(label) + `(?:</a>)?</th>(.*?)</tr>`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		return nil
	}
	var out []string
	for _, c := range regexp.MustCompile(`<td>(.*?)</td>`).FindAllStringSubmatch(m[1], -1) {
		out = append(out, c[1])
	}
	return out
}

func signInAs(t *testing.T, base, email string) *client {
	t.Helper()
	c := newClient(t)
	if code, _, _ := c.do("POST", base+"/signin", url.Values{"email": {email}, "password": {demo.Password}}); code != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d", email, code)
	}
	return c
}

// issue 12, item 6: the partnership's evaluation counts what was recorded
// in the chosen year, in charts each followed by its table, and year on
// year; the year picker works without JavaScript.
func TestEvaluationOfAPartnership(t *testing.T) {
	c, base, d := signedIn(t, "service-admin@coplan.example")
	p, _, this := evaluationFixture(t, d)
	path := base + "/staff/partnerships/" + p.Slug + "/commissioning/evaluation"
	code, _, page := c.do("GET", path, nil)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, page)
	}
	if !strings.Contains(page, "<title>Evaluation of involvement in commissioning, "+this.String()) {
		t.Error("the page is not titled with this year")
	}
	for label, want := range map[string]string{
		"Work items open in the year":          "1",
		"Involvement recorded":                 "2",
		"People taking part":                   "14",
		"Involvement that changed something":   "50%",
		"Involvement with no outcome recorded": "50%",
		"Work items with a problem":            "1",
	} {
		if got := rowOf(page, label); len(got) != 1 || got[0] != want {
			t.Errorf("%s: %q, want %q", label, got, want)
		}
	}
	// People by stage and group: users, carers, third sector, providers,
	// staff, communities, then the total.
	if got := rowOf(page, "1. Needs and aims"); strings.Join(got, " ") != "7 3 0 0 0 0 10" {
		t.Errorf("stage 1 by group: %q", got)
	}
	if got := rowOf(page, "Inform: people were told"); strings.Join(got, " ") != "1" {
		t.Errorf("inform: %q", got)
	}
	if got := rowOf(page, "No outcome recorded"); len(got) != 1 || got[0] != "1" {
		t.Errorf("no outcome: %q", got)
	}
	// Every chart is an image with a title and a description, and is
	// followed by its table.
	charts := strings.Count(page, `<svg xmlns="http://www.w3.org/2000/svg" role="img"`)
	if charts < 6 || strings.Count(page, "<desc id=") != charts {
		t.Errorf("%d charts, %d descriptions", charts, strings.Count(page, "<desc id="))
	}
	// Year on year: last year's 11 people.
	if got := rowOf(page, (this - 1).String()); len(got) < 3 || got[2] != "11" {
		t.Errorf("last year's row: %q", got)
	}
	if !strings.Contains(page, `<form method="get"`) || !strings.Contains(page, `<option value="`+(this-1).Param()+`">`) {
		t.Error("no year picker offering last year")
	}

	_, _, last := c.do("GET", path+"?year="+(this-1).Param(), nil)
	if got := rowOf(last, "People taking part"); len(got) != 1 || got[0] != "11" {
		t.Errorf("last year's people: %q", got)
	}
	if got := rowOf(last, "Involvement that changed something"); len(got) != 1 || got[0] != "0%" {
		t.Errorf("last year's changes: %q", got)
	}
	if !strings.Contains(last, `<option value="`+(this-1).Param()+`" selected>`) {
		t.Error("the picker does not show the year chosen")
	}
	for _, bad := range []string{"soon", "1990", (this + 1).Param()} {
		if code, _, page := c.do("GET", path+"?year="+bad, nil); code != http.StatusBadRequest || !strings.Contains(page, "Choose a year from") {
			t.Errorf("year %q: status %d", bad, code)
		}
	}
}

// A work item's own profile: everything recorded on it so far.
func TestEvaluationOfAWorkItem(t *testing.T) {
	c, base, d := signedIn(t, "service-admin@coplan.example")
	p, it, _ := evaluationFixture(t, d)
	code, _, page := c.do("GET", base+"/staff/partnerships/"+p.Slug+"/commissioning/"+itoa(it.ID)+"/evaluation", nil)
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if !strings.Contains(page, "<title>Evaluation of Day services &lt;redesign&gt; &amp; review") {
		t.Error("the page is not titled with the item, escaped")
	}
	if got := rowOf(page, "People taking part"); len(got) != 1 || got[0] != "25" {
		t.Errorf("people, all time: %q", got)
	}
	if strings.Contains(page, `id="problems"`) || strings.Contains(page, "Work items open in the year</th><td>") {
		t.Error("one item's page counts work items")
	}
	if code, _, _ := c.do("GET", base+"/staff/partnerships/"+p.Slug+"/commissioning/999999/evaluation", nil); code != http.StatusNotFound {
		t.Errorf("an item that does not exist: status %d", code)
	}
	// Another partnership's item is not found through this one's address.
	if code, _, _ := c.do("GET", base+"/staff/partnerships/"+demo.Slug+"/commissioning/"+itoa(it.ID)+"/evaluation", nil); code != http.StatusNotFound {
		t.Errorf("another partnership's item: status %d", code)
	}
}

// For scrutiny: every partnership the account may read, one row each,
// with a chart of the chosen figure; an officer sees their own only, a
// member none; /staff links to it for those who read every partnership.
func TestEvaluationAcrossPartnerships(t *testing.T) {
	c, base, d := signedIn(t, "scrutiny@inspectorate.example")
	p, _, this := evaluationFixture(t, d)
	// Forty partnerships a page: with more, a second page, each page
	// linking to the other with the year and figure kept. They are added
	// before the first request, which reads the list into memory.
	all, err := partnership.List(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(all); i <= evaluationPageSize; i++ {
		if _, err := partnership.Create(context.Background(), d, partnership.Partnership{Slug: "zz-" + itoa(int64(i)), Name: "Zz test " + itoa(int64(i)),
			Model: "ijb", HealthBoard: "NHS Zz", LocalAuthorities: []partnership.Named{{Name: "Zz Council"}},
			Localities: []partnership.Named{{Name: "Zz North"}, {Name: "Zz South"}}}, audit.System, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	path := base + "/staff/commissioning/evaluation"
	_, _, home := c.do("GET", base+"/staff", nil)
	if !strings.Contains(home, `href="/staff/commissioning/evaluation"`) {
		t.Error("/staff does not link scrutiny to the evaluation across partnerships")
	}
	code, _, page := c.do("GET", path+"?figure=people&year="+this.Param(), nil)
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	table := page[strings.Index(page, `id="partnerships"`):]
	if got := rowOf(table, p.Name); len(got) != 8 || got[2] != "14" || got[3] != "50%" {
		t.Errorf("Strathbeag's row: %q", got)
	}
	if rowOf(table, demoName(t, d)) == nil {
		t.Error("the demo partnership is not listed")
	}
	if !strings.Contains(page, `<title id="figure-title">People taking part, `+this.String()+`</title>`) {
		t.Error("no chart of the chosen figure")
	}
	if !strings.Contains(page, `href="/staff/partnerships/strathbeag/commissioning/evaluation?year=`+this.Param()+`"`) {
		t.Error("the row does not link to the partnership's evaluation for the year")
	}
	if code, _, _ := c.do("GET", path+"?figure=nonsense", nil); code != http.StatusBadRequest {
		t.Errorf("an unknown figure: status %d", code)
	}

	_, _, first := c.do("GET", path+"?figure=people&year="+this.Param(), nil)
	next := `/staff/commissioning/evaluation?figure=people&amp;page=2&amp;year=` + this.Param()
	if !strings.Contains(first, "(page 1 of 2) – coplan</title>") || !strings.Contains(first, `href="`+next+`"`) {
		t.Error("the first of two pages does not say so or link to the second")
	}
	if n := strings.Count(first[strings.Index(first, `id="partnerships"`):], `<tr><th scope="row">`); n != evaluationPageSize {
		t.Errorf("the first page lists %d partnerships, want %d", n, evaluationPageSize)
	}
	_, _, second := c.do("GET", base+strings.ReplaceAll(next, "&amp;", "&"), nil)
	if !strings.Contains(second, "(page 2 of 2) – coplan</title>") || !strings.Contains(second, "Zz test "+itoa(int64(evaluationPageSize))) {
		t.Error("the second page does not list the last partnership")
	}

	officer := signInAs(t, base, "officer@glenmorven.example")
	_, _, own := officer.do("GET", path, nil)
	if rowOf(own, p.Name) != nil || rowOf(own, demoName(t, d)) == nil {
		t.Error("an officer sees another partnership, or not their own")
	}
	if _, _, home := officer.do("GET", base+"/staff", nil); strings.Contains(home, `href="/staff/commissioning/evaluation"`) {
		t.Error("/staff links an officer to the page across partnerships")
	}
	member := signInAs(t, base, "spg@glenmorven.example")
	if code, _, none := member.do("GET", path, nil); code != http.StatusOK || !strings.Contains(none, "cannot read any partnership") {
		t.Errorf("a member: status %d", code)
	}
}

// evaluationPageSize is commissioningweb.ScrutinyPageSize, written out so
// a change to it shows here.
const evaluationPageSize = 40

func demoName(t *testing.T, d *db.DB) string {
	t.Helper()
	p, err := partnership.BySlug(context.Background(), d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	return p.Name
}
