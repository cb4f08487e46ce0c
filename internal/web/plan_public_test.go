package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/demo"
	"coplan/internal/finance"
	"coplan/internal/partnership"
	"coplan/internal/plan"
)

// publishedPlan returns the demo's published plan and the consultation
// linked to it at the consultation stage.
func publishedPlan(t *testing.T, d *db.DB) (int64, consult.Consultation) {
	t.Helper()
	ctx := context.Background()
	var planID, pid, cid int64
	if err := d.QueryRowContext(ctx, `SELECT p.id, p.partnership_id FROM plans p JOIN partnerships x ON x.id = p.partnership_id
		WHERE x.slug = $1 AND p.stage = 'published' ORDER BY p.id LIMIT 1`, demo.Slug).Scan(&planID, &pid); err != nil {
		t.Fatalf("no published demo plan: %v", err)
	}
	if err := d.QueryRowContext(ctx, `SELECT consultation_id FROM plan_consultations WHERE plan_id = $1 AND stage = 'consultation'
		LIMIT 1`, planID).Scan(&cid); err != nil {
		t.Fatalf("no consultation linked to the demo plan: %v", err)
	}
	c, err := consult.ConsultationByID(ctx, d, pid, cid)
	if err != nil {
		t.Fatal(err)
	}
	return planID, c
}

// The public plan shows the consultation statement as published, computed
// from the stored responses at publication: responses keyed in since
// change no figure (issue 10, item 12). Responses that may not be published
// never reach the page, even once brought in as views.
func TestPublicPlanStatementAndUnpublishableContent(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	planID, cons := publishedPlan(t, d)
	page := base + "/partnerships/" + demo.Slug + "/plans/" + itoa(planID)
	code, _, body := c.do("GET", page, nil)
	if code != http.StatusOK || !strings.Contains(body, "Statement describing the consultation") {
		t.Fatalf("public plan: status %d", code)
	}
	// The bundle carries the s.39 statement of the year it was published
	// in, which opens; a plan published before coplan required one says
	// there is none rather than link to nothing.
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := plan.StoreFor(d, p, nil).Plan(ctx, planID)
	if err != nil {
		t.Fatal(err)
	}
	y := plan.StatementYear(pl, civil.Day(pl.PublishedAt))
	if _, found, err := finance.LatestIn(ctx, d, p.ID, y); err != nil {
		t.Fatal(err)
	} else if !found {
		if !strings.Contains(body, "No annual financial statement for "+y.String()+" has been published") {
			t.Errorf("a plan published without a statement for %s does not say so", y)
		}
		if _, err := finance.StoreFor(d, p, nil).Publish(ctx, y, audit.System); err != nil {
			t.Fatal(err)
		}
		_, _, body = c.do("GET", page, nil)
	}
	m := regexp.MustCompile(`href="(/partnerships/[^"]+/financial-statement\?year=([0-9]+))"`).FindStringSubmatch(body)
	if m == nil || m[2] != strconv.Itoa(y.Number()) {
		t.Fatalf("the published plan does not link its annual financial statement for %s (s.39)", y)
	}
	if code, _, _ := c.do("GET", base+m[1], nil); code != http.StatusOK {
		t.Errorf("the plan's financial statement %s: status %d", m[1], code)
	}
	before, _ := consult.Responses(ctx, d, cons.PartnershipID, cons.ID)
	if !strings.Contains(body, strconv.Itoa(len(before))+" responses in all") {
		t.Fatalf("the statement does not count the %d stored responses", len(before))
	}
	qn, err := consultStore(d, cons.PartnershipID).CurrentQuestionnaire(ctx, cons.ID)
	if err != nil {
		t.Fatal(err)
	}
	q := qn.Questions()[0].ID
	secret := map[consult.CheckStatus]string{consult.Accepted: "REFUSED-PUBLICATION text", consult.Withheld: "WITHHELD-BY-CHECK text",
		consult.Unchecked: "NOT-YET-CHECKED text"}
	for check, text := range secret {
		pub := consult.WithName
		if check == consult.Accepted {
			pub = consult.DoNotPublish
		}
		r, err := consultStore(d, cons.PartnershipID).EnterResponse(ctx, cons, consult.Response{Channel: consult.Paper,
			Respondent: consult.Respondent{Type: consult.Individual, Name: "Secret Person", Publish: pub, ContactSet: true},
			Answers:    consult.Answers{q: {QuestionID: q, Text: text}}}, "TST", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if check != consult.Unchecked {
			if err := consultStore(d, cons.PartnershipID).SetCheck(ctx, cons, r.ID, check, "Not for publication", nil, audit.System); err != nil {
				t.Fatal(err)
			}
		}
	}
	code, _, _ = c.do("POST", base+"/staff/partnerships/"+demo.Slug+"/plans/"+itoa(planID)+"/views/import",
		url.Values{"consultation": {itoa(cons.ID)}, "import_stage": {"consultation"}})
	if code != http.StatusSeeOther {
		t.Fatalf("import: status %d", code)
	}
	_, _, body = c.do("GET", page, nil)
	if !strings.Contains(body, strconv.Itoa(len(before))+" responses in all.") {
		t.Errorf("after three late responses the published statement no longer says %d", len(before))
	}
	for _, text := range secret {
		if strings.Contains(body, text) {
			t.Errorf("the public plan shows unpublishable content %q", text)
		}
	}
	if strings.Contains(body, "Secret Person") {
		t.Error("the public plan names a respondent who did not agree")
	}
	for _, api := range []string{"/consultation-statement", "/you-said-we-did"} {
		_, _, j := c.do("GET", base+"/api/v1/partnerships/"+demo.Slug+"/plans/"+itoa(planID)+api, nil)
		for _, text := range secret {
			if strings.Contains(j, text) || strings.Contains(j, "Secret Person") {
				t.Errorf("%s shows unpublishable content", api)
			}
		}
	}
}

// The open data "you said, we did" is the page's table.
func TestYouSaidWeDidJSONMatchesThePage(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	planID, _ := publishedPlan(t, d)
	_, _, page := c.do("GET", base+"/partnerships/"+demo.Slug+"/plans/"+itoa(planID), nil)
	code, _, body := c.do("GET", base+"/api/v1/partnerships/"+demo.Slug+"/plans/"+itoa(planID)+"/you-said-we-did", nil)
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	var got struct {
		Rows []plan.YouSaid `json:"you_said_we_did"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Rows) == 0 {
		t.Fatal("the demo plan has no \"you said, we did\"")
	}
	_, table, _ := strings.Cut(page, `id="you-said"`)
	table, _, _ = strings.Cut(table, "</table>")
	if n := strings.Count(table, "<tr>") - 1; n != len(got.Rows) {
		t.Errorf("page has %d rows, JSON %d", n, len(got.Rows))
	}
	for _, y := range got.Rows {
		for _, s := range []string{y.YouSaid, y.WeDid, y.Reason} {
			if !strings.Contains(table, html.EscapeString(s)) {
				t.Errorf("the page's table lacks %q", s)
			}
		}
	}
	// Plans not yet public are not in the open data.
	_, _, list := c.do("GET", base+"/api/v1/partnerships/"+demo.Slug+"/plans", nil)
	if !strings.Contains(list, demo.PublishedPlanTitle) || strings.Contains(list, demo.ReplacementPlanTitle) {
		t.Errorf("open data plans: %s", list)
	}
}

// A significant decision cannot be marked taken before the SPG's views
// are recorded: the page says so (422) and nothing changes.
func TestDecisionNeedsSPGViews(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	staff := base + "/staff/partnerships/" + demo.Slug + "/decisions"
	code, loc, _ := c.do("POST", staff, url.Values{"title": {"Contract out the care at home service"}, "service": {"Care at home"}})
	if code != http.StatusSeeOther {
		t.Fatalf("register: status %d", code)
	}
	path, _, _ := strings.Cut(loc, "?")
	n := auditCount(t, d)
	code, _, body := c.do("POST", base+path+"/take", url.Values{"taken_on": {"2026-04-01"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "error-summary") ||
		!strings.Contains(body, "the Strategic Planning Group&#39;s views are recorded") {
		t.Fatalf("taken without SPG views: status %d", code)
	}
	if auditCount(t, d) != n {
		t.Error("a refused decision was audited")
	}
	var taken string
	id := path[strings.LastIndex(path, "/")+1:]
	if err := d.QueryRowContext(context.Background(), "SELECT taken_on FROM significant_decisions WHERE id = $1", id).Scan(&taken); err != nil || taken != "" {
		t.Fatalf("taken_on %q, %v", taken, err)
	}
	// With the views, and how the people who use the service were
	// otherwise involved (what, when, with whom), it is taken on a later
	// date, and the register shows the involvement publicly (issue 10,
	// item 4).
	if code, _, _ := c.do("POST", base+path, url.Values{"title": {"Contract out the care at home service"}, "spg_views": {"The group objected"},
		"spg_views_on": {"2026-03-01"}, "involved_what": {"Three meetings with people who have care at home"},
		"involved_on": {"2026-02-20"}, "involved_with": {"People who have care at home and their carers"}}); code != http.StatusSeeOther {
		t.Fatalf("record views: status %d", code)
	}
	if code, _, body := c.do("POST", base+path+"/take", url.Values{"taken_on": {"2026-02-25"}}); code != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "must give its views before the decision is taken") {
		t.Fatalf("taken before the SPG gave its views: status %d", code)
	}
	if code, _, _ := c.do("POST", base+path+"/take", url.Values{"taken_on": {"2026-04-01"}}); code != http.StatusSeeOther {
		t.Fatalf("take: status %d", code)
	}
	_, _, public := c.do("GET", base+"/partnerships/"+demo.Slug+"/decisions", nil)
	for _, want := range []string{"Three meetings with people who have care at home", "20 February 2026", "People who have care at home and their carers"} {
		if !strings.Contains(public, want) {
			t.Errorf("the public register does not show how people who use the service were involved: %q", want)
		}
	}
}

// The published plan's page shows its Markdown rendered — headings, bold
// and lists, no Markdown syntax (issue 10, item 10) — and prints through
// the browser, whose "save as PDF" keeps the page's structure for screen
// readers; coplan no longer makes an untagged PDF of its own, and the old
// PDF address leads to the page (issue 10, item 27).
func TestPublishedPlanPageRendersAndPrints(t *testing.T) {
	c, base, _ := signedIn(t, "officer@glenmorven.example")
	code, _, page := c.do("GET", base+"/partnerships/glenmorven/plans", nil)
	if code != http.StatusOK {
		t.Fatalf("plans: status %d", code)
	}
	m := regexp.MustCompile(`/partnerships/glenmorven/plans/(\d+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no published plan listed")
	}
	planPage := "/partnerships/glenmorven/plans/" + m[1]
	_, _, bundle := c.do("GET", base+planPage, nil)
	for _, want := range []string{"<h4>Our vision</h4>", "<strong>Home first</strong>", `<ul class="ds_list ds_list--bulleted">`, `href="/static/plan-print.css" media="print"`} {
		if !strings.Contains(bundle, want) {
			t.Errorf("the published plan's page lacks %q", want)
		}
	}
	for _, raw := range []string{"# Our vision", "**Home first**", "plan.pdf"} {
		if strings.Contains(bundle, raw) {
			t.Errorf("the published plan's page shows %q", raw)
		}
	}
	code, loc, _ := c.do("GET", base+planPage+"/plan.pdf", nil)
	if code != http.StatusMovedPermanently || loc != planPage+"#plan-text" {
		t.Errorf("plan.pdf: status %d to %q, want 301 to the page's text", code, loc)
	}
}
