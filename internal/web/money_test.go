package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"coplan/internal/civil"
	"coplan/internal/demo"
	"coplan/internal/finance"
	"coplan/internal/partnership"
)

// The demo's money pages: the dashboard links them; the finance page flags
// the council's budget agreed after March and the overdue reserve; the
// directions page names the function without a direction; a budget with
// a bad amount is refused at its field and changes nothing; publishing
// makes a new version; the public pages and the open data show each
// direction's text and the statement (issue 14).
func TestMoneyPages(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	staff := base + "/staff/partnerships/glenmorven"
	_, _, body := c.do("GET", staff, nil)
	for _, link := range []string{`/staff/partnerships/glenmorven/finance"`, `/staff/partnerships/glenmorven/directions"`} {
		if !strings.Contains(body, link) {
			t.Errorf("the dashboard does not link %s", link)
		}
	}
	_, _, body = c.do("GET", base+"/partnerships/glenmorven", nil)
	for _, link := range []string{`/partnerships/glenmorven/financial-statement"`, `/partnerships/glenmorven/directions"`} {
		if !strings.Contains(body, link) {
			t.Errorf("the public page does not link %s", link)
		}
	}

	code, _, body := c.do("GET", staff+"/finance", nil)
	if code != http.StatusOK || !strings.Contains(body, "Not agreed by the end of March") || !strings.Contains(body, "Glenmorven Council agreed it on 17 April") {
		t.Fatalf("finance page: %d, or the late budget is not flagged", code)
	}
	if !strings.Contains(body, demo.OverdueReserve+": ") || !strings.Contains(body, "£142,600,000") {
		t.Error("the finance page does not flag the overdue reserve or show the budget in pounds")
	}
	code, _, body = c.do("GET", staff+"/directions", nil)
	if code != http.StatusOK || !strings.Contains(body, "1 delegated function has no current direction") || !strings.Contains(body, demo.UndirectedFunction) {
		t.Fatalf("directions page: %d, or it does not name %s", code, demo.UndirectedFunction)
	}

	y := finance.YearOf(civil.Day(time.Now()))
	yq := "?year=" + itoa(int64(y))
	audits := auditCount(t, d)
	code, _, body = c.do("POST", staff+"/finance/budgets"+yq, url.Values{"partner": {p.HealthBoard}, "amount": {"a lot"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "ds_error-summary") || !strings.Contains(body, "Enter the amount in pounds") {
		t.Fatalf("a bad amount: %d", code)
	}
	if auditCount(t, d) != audits {
		t.Error("a refused budget changed something")
	}
	// The council's budget agreed in March clears the flag.
	code, _, _ = c.do("POST", staff+"/finance/budgets"+yq, url.Values{"partner": {"Glenmorven Council"}, "amount": {"88,300,000"},
		"partner_agreed_on": {itoa(int64(y)) + "-03-17"}, "board_agreed_on": {itoa(int64(y)) + "-03-24"}})
	if code != http.StatusSeeOther {
		t.Fatalf("saving a budget: %d", code)
	}
	if _, _, body = c.do("GET", staff+"/finance"+yq, nil); strings.Contains(body, "Not agreed by the end of March") {
		t.Error("the flag stays after the budget was agreed in March")
	}
	// The public page, read (and cached) before the second publication,
	// shows the new version after it.
	pub := newClient(t)
	if _, _, body = pub.do("GET", base+"/partnerships/glenmorven/financial-statement", nil); !strings.Contains(body, "(version 1)") {
		t.Error("the public statement does not show the demo's first version")
	}
	if code, _, _ = c.do("POST", staff+"/finance/statement"+yq, url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("publishing: %d", code)
	}

	// The public pages and open data, signed out.
	code, _, body = pub.do("GET", base+"/partnerships/glenmorven/financial-statement", nil)
	if code != http.StatusOK || !strings.Contains(body, "(version 2)") || !strings.Contains(body, "Total resources to be allocated under the plan") ||
		!strings.Contains(body, "equal shares") {
		t.Errorf("public statement: %d", code)
	}
	code, _, body = pub.do("GET", base+"/partnerships/glenmorven/directions", nil)
	if code != http.StatusOK || !strings.Contains(body, "Fund short breaks through the carers&#39; centre and a new sitting service") || !strings.Contains(body, "superseded by") {
		t.Errorf("public register: %d", code)
	}
	code, _, body = pub.do("GET", base+"/api/v1/partnerships/glenmorven/financial-statement"+yq, nil)
	var afs struct {
		Version   int `json:"version"`
		Statement struct {
			Year       string `json:"year"`
			Total      int64  `json:"total_pence"`
			SetAside   int64  `json:"set_aside_pence"`
			ByFunction []struct {
				Name     string `json:"name"`
				Pence    int64  `json:"amount_pence"`
				SetAside bool   `json:"hospital_set_aside"`
			} `json:"by_function"`
			ByLocality []struct{ Name string } `json:"by_locality"`
		} `json:"statement"`
	}
	if err := json.Unmarshal([]byte(body), &afs); code != http.StatusOK || err != nil {
		t.Fatalf("statement API: %d, %v", code, err)
	}
	if afs.Version != 2 || afs.Statement.Year != y.String() || afs.Statement.Total != 230_900_000_00 || afs.Statement.SetAside != 21_400_000_00 ||
		len(afs.Statement.ByLocality) != len(p.Localities) {
		t.Errorf("statement API: %+v", afs)
	}
	setAside := false
	for _, f := range afs.Statement.ByFunction {
		setAside = setAside || f.SetAside
	}
	if !setAside {
		t.Error("no function in the statement is marked set aside")
	}
	if code, _, _ = pub.do("GET", base+"/api/v1/partnerships/glenmorven/financial-statement?year=1999", nil); code != http.StatusBadRequest {
		t.Errorf("a year out of range: %d", code)
	}
	if code, _, _ = pub.do("GET", base+"/api/v1/partnerships/glenmorven/financial-statement?year=2090", nil); code != http.StatusNotFound {
		t.Errorf("a year never published: %d", code)
	}
	code, _, body = pub.do("GET", base+"/api/v1/partnerships/glenmorven/directions", nil)
	var ds struct {
		Directions []struct {
			Reference string `json:"reference"`
			To        string `json:"to_name"`
			Current   bool   `json:"current"`
			Budget    int64  `json:"budget_pence"`
			Functions []struct {
				Function string `json:"function"`
				How      string `json:"how"`
			} `json:"functions"`
			Arrangements []struct {
				ID    int64  `json:"id"`
				Title string `json:"title"`
			} `json:"arrangements"`
		} `json:"directions"`
	}
	if err := json.Unmarshal([]byte(body), &ds); code != http.StatusOK || err != nil || len(ds.Directions) != 9 {
		t.Fatalf("directions API: %d, %d directions, %v", code, len(ds.Directions), err)
	}
	current := 0
	for _, x := range ds.Directions {
		if x.Current {
			current++
		}
		if len(x.Functions) == 0 || x.Functions[0].How == "" || x.To == "" || len(x.Arrangements) == 0 || x.Arrangements[0].ID == 0 || x.Arrangements[0].Title == "" {
			t.Errorf("direction %s in the API: %+v", x.Reference, x)
		}
	}
	if current != 4 {
		t.Errorf("%d current directions in the API, want 4", current)
	}
}

// The delegated functions form takes the hospital / set-aside flag, and
// the list shows it (issue 14, item 1).
func TestFunctionSetAsideFlag(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	page := base + "/staff/partnerships/glenmorven/functions"
	code, _, body := c.do("GET", page, nil)
	if code != http.StatusOK || !strings.Contains(body, `name="set_aside"`) {
		t.Fatalf("functions page: %d, or no set-aside box", code)
	}
	if code, _, _ = c.do("POST", page, url.Values{"name": {"Acute medicine beds"}, "partner": {"NHS Glenmorven"}, "kind": {"health"},
		"set_aside": {"yes"}}); code != http.StatusSeeOther {
		t.Fatalf("adding a set-aside function: %d", code)
	}
	var setAside bool
	if err := d.QueryRowContext(context.Background(), `SELECT set_aside FROM delegated_functions WHERE name = 'Acute medicine beds'`).Scan(&setAside); err != nil || !setAside {
		t.Errorf("stored set_aside = %v, %v", setAside, err)
	}
}
