package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"coplan/internal/auth"
	"coplan/internal/commissioning"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/web"
)

// TestDemoCommissioning: the demo's exemplary work has no problems and its
// tokenistic work exactly the expected ones, on the staff page, the public
// page and in the open data; and what the other rooms hold (a closed
// consultation, the SPG's views, an appraisal's participants, a board's
// decision) is counted without being keyed in.
func TestDemoCommissioning(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	if err := demo.Load(ctx, d, time.Now); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{DB: d})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path, cookie string) (int, string) {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if cookie != "" {
			req.AddCookie(&http.Cookie{Name: "coplan_session", Value: cookie})
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}

	// The open data.
	code, body := get("/api/v1/partnerships/"+demo.Slug+"/commissioning", "")
	if code != http.StatusOK {
		t.Fatalf("API: %d %s", code, body)
	}
	var out struct {
		Items []struct {
			ID     int64    `json:"id"`
			Title  string   `json:"title"`
			Flags  []string `json:"flags"`
			Stages []struct {
				Code    string         `json:"code"`
				Status  string         `json:"status"`
				ByGroup map[string]int `json:"people_by_group"`
				ByDepth map[string]int `json:"people_by_depth"`
			} `json:"stages"`
		} `json:"work_items"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	flags := map[string][]string{}
	ids := map[string]int64{}
	for _, it := range out.Items {
		flags[it.Title], ids[it.Title] = it.Flags, it.ID
		if len(it.Stages) != 7 {
			t.Errorf("%s: %d stages in the API, want 7", it.Title, len(it.Stages))
		}
	}
	if len(out.Items) < 3 {
		t.Fatalf("API lists %d work items, want the demo's three", len(out.Items))
	}
	if f := flags[demo.ExemplaryWork]; len(f) != 0 {
		t.Errorf("exemplary work's flags = %v, want none", f)
	}
	var want []string
	for _, f := range demo.TokenisticFlags {
		want = append(want, string(f))
	}
	if f := flags[demo.TokenisticWork]; !slices.Equal(f, want) {
		t.Errorf("tokenistic work's flags = %v, want %v", f, want)
	}
	if strings.Contains(body, "Margaret Lindsay") {
		t.Error("the API shows a name")
	}
	// Paged: one at a time, each page naming the next.
	var page1, page2 struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"work_items"`
		Next string `json:"next"`
	}
	_, b1 := get("/api/v1/partnerships/"+demo.Slug+"/commissioning?limit=1", "")
	if err := json.Unmarshal([]byte(b1), &page1); err != nil || len(page1.Items) != 1 || page1.Next == "" {
		t.Fatalf("first page of one: %s", b1)
	}
	_, b2 := get("/api/v1/partnerships/"+demo.Slug+"/commissioning?limit=1&after="+page1.Next, "")
	if err := json.Unmarshal([]byte(b2), &page2); err != nil || len(page2.Items) != 1 || page2.Items[0].ID <= page1.Items[0].ID {
		t.Fatalf("second page of one: %s", b2)
	}
	if code, _ := get("/api/v1/partnerships/"+demo.Slug+"/commissioning?limit=0", ""); code != http.StatusBadRequest {
		t.Errorf("limit=0: %d, want 400", code)
	}

	// The public page.
	code, public := get("/partnerships/"+demo.Slug+"/commissioning", "")
	if code != http.StatusOK {
		t.Fatalf("public page: %d", code)
	}
	for _, w := range []string{demo.ExemplaryWork, demo.TokenisticWork, demo.InProgressWork} {
		if !strings.Contains(public, html.EscapeString(w)) {
			t.Errorf("public page lacks %q", w)
		}
	}
	if strings.Contains(public, "Margaret Lindsay") || strings.Contains(strings.ToLower(public), "co-production") {
		t.Error("the public page shows a name or jargon")
	}

	// The staff pages, as the demo's officer.
	u, err := auth.UserByEmail(ctx, d, "officer@glenmorven.example")
	if err != nil {
		t.Fatal(err)
	}
	token, err := auth.NewSession(ctx, d, u, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	cst := commissioning.StoreFor(d, p, time.Now)
	its, err := cst.Items(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]commissioning.Item{}
	for _, it := range its {
		byTitle[it.Title] = it
	}
	page := func(title string) string {
		t.Helper()
		code, body := get("/staff/partnerships/"+demo.Slug+"/commissioning/"+itoa(byTitle[title].ID), token)
		if code != http.StatusOK {
			t.Fatalf("%s: %d", title, code)
		}
		return body
	}
	if b := page(demo.ExemplaryWork); !strings.Contains(b, "No problems found") || !strings.Contains(b, "Margaret Lindsay") {
		t.Error("the exemplary work's page does not say it has no problems, or hides the names given with consent")
	}
	tok := page(demo.TokenisticWork)
	ps := byTitle[demo.TokenisticWork].Problems(cst.LocalityName)
	for _, pr := range ps {
		if !strings.Contains(tok, html.EscapeString(pr.Message)) {
			t.Errorf("the tokenistic work's page lacks the problem %q", pr.Message)
		}
	}

	// What already exists counts, not keyed in.
	sources := map[commissioning.SourceKind]bool{}
	for _, it := range its {
		for _, inv := range it.Involvements {
			sources[inv.Source.Kind] = true
		}
		for _, dc := range it.Decisions {
			sources[dc.Source.Kind] = true
		}
	}
	for _, k := range []commissioning.SourceKind{commissioning.FromConsult, commissioning.FromPlanViews, commissioning.FromAppraisal, commissioning.FromMeeting,
		commissioning.FromRepresentor} {
		if !sources[k] {
			t.Errorf("nothing of the demo's work comes from %s", k)
		}
	}
	ex := byTitle[demo.ExemplaryWork]
	found := false
	for _, inv := range ex.Involvements {
		if inv.Source.Kind == commissioning.FromAppraisal && inv.Taking[commissioning.UnpaidCarers] == 3 {
			found = true
		}
	}
	if !found {
		t.Errorf("the appraisal's three carers are not counted in %s: %+v", ex.Title, ex.Involvements)
	}
	// The representative's round before the SPG counts the 31 carers she
	// asked, and nothing has come of it until the SPG decides.
	found = false
	for _, inv := range byTitle[demo.InProgressWork].Involvements {
		if inv.Source.Kind == commissioning.FromRepresentor {
			found = inv.Taking[commissioning.UnpaidCarers] == 31 && inv.Activity == commissioning.RepresentativeRound && inv.Outcome == ""
		}
	}
	if !found {
		t.Errorf("the representative's round is not counted in %s as gathered", demo.InProgressWork)
	}
}

// TestCommissioningForms walks an officer through the forms: add work,
// key in involvement (names refused without consent), move a stage, link
// an option appraisal entered with counts by group, publish; each form
// redirects after saving and shows an error summary when it cannot.
func TestCommissioningForms(t *testing.T) {
	c, base, _ := signedIn(t, "officer@glenmorven.example")
	staff := base + "/staff/partnerships/" + demo.Slug
	code, loc, body := c.do("POST", staff+"/commissioning", url.Values{"title": {""}, "kind": {"procurement"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "There is a problem") {
		t.Fatalf("work without a title: %d", code)
	}
	code, loc, _ = c.do("POST", staff+"/commissioning", url.Values{"title": {"Care at home in Glen Ure"}, "kind": {"procurement"}})
	if code != http.StatusSeeOther {
		t.Fatalf("add work: %d", code)
	}
	item := base + strings.SplitN(loc, "?", 2)[0]
	inv := url.Values{"stage": {"CS1"}, "on": {"2026-02-03"}, "activity": {"workshop"}, "depth": {"4"},
		"taking-unpaid-carers": {"5"}, "asked": {"What should care at home do?"}, "named": {"Ann Carer"}}
	code, _, body = c.do("POST", item+"/involvement", inv)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "agreed to be named") {
		t.Fatalf("names without consent: %d", code)
	}
	inv.Set("consent", "yes")
	if code, _, _ = c.do("POST", item+"/involvement", inv); code != http.StatusSeeOther {
		t.Fatalf("record involvement: %d", code)
	}
	code, _, body = c.do("POST", item+"/stages", url.Values{"stage": {"CS1"}, "status": {"done"}, "started-CS1": {"2026-01-05"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "date the stage was finished") {
		t.Fatalf("done without a finish date: %d", code)
	}
	if code, _, _ = c.do("POST", item+"/stages", url.Values{"stage": {"CS1"}, "status": {"done"}, "started-CS1": {"2026-01-05"},
		"finished-CS1": {"2026-02-28"}}); code != http.StatusSeeOther {
		t.Fatalf("move a stage: %d", code)
	}

	// An appraisal entered with counts by group, linked at stage 2.
	code, loc, _ = c.do("POST", staff+"/appraisals", url.Values{"title": {"Care at home provider"}, "kind": {"investment"},
		"options": {"One provider\nTwo providers"}, "criteria": {"Quality: 3"}, "participants": {"Carers and officers"},
		"count-unpaid-carers": {"4"}, "count-staff": {"2"}})
	if code != http.StatusSeeOther {
		t.Fatalf("appraisal with counts: %d", code)
	}
	appraisal := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/staff/partnerships/"+demo.Slug+"/appraisals/")
	if _, _, body = c.do("GET", base+strings.SplitN(loc, "?", 2)[0], nil); !strings.Contains(body, "Unpaid carers: 4") {
		t.Error("the appraisal's page does not show its counts by group")
	}
	if code, _, _ = c.do("POST", item+"/links", url.Values{"record": {"appraisal:" + appraisal}, "stage": {"CS2"}}); code != http.StatusSeeOther {
		t.Fatalf("link the appraisal: %d", code)
	}
	code, _, body = c.do("GET", item, nil)
	if code != http.StatusOK || !strings.Contains(body, "4 unpaid carers") || !strings.Contains(body, "Involve") ||
		!strings.Contains(body, "Ann Carer") {
		t.Errorf("the item's page does not show the linked appraisal's carers at Involve, or the names given with consent")
	}
	if code, _, _ = c.do("POST", item+"/publish", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("publish: %d", code)
	}
	_, _, public := c.do("GET", base+"/partnerships/"+demo.Slug+"/commissioning", nil)
	if !strings.Contains(public, "Care at home in Glen Ure") || strings.Contains(public, "Ann Carer") {
		t.Error("the public page does not list the published work, or shows a name")
	}
}
