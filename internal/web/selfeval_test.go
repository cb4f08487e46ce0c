package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/selfeval"
)

// Every kind of evidence lists the demo's records and its links open them.
func TestSelfEvaluationEvidenceKindsOpen(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	src := selfeval.StoreFor(d, p, nil).Source()
	for _, k := range selfeval.Kinds() {
		recs, err := k.Records(ctx, src)
		if err != nil || len(recs) == 0 {
			t.Errorf("%s: %d records, %v", k.Code, len(recs), err)
			continue
		}
		if code, _, _ := c.do("GET", base+k.Path(p.Slug, recs[0].ID), nil); code != http.StatusOK {
			t.Errorf("%s %q: its link answers %d", k.Code, recs[0].Name, code)
		}
	}
}

// The demo's self-evaluation can be completed, saved, evidenced, published
// and compared; its evidence links open their records; the public page and
// the open data show what was published, and only that.
func TestSelfEvaluationPages(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	var this, last string
	if err := d.QueryRowContext(ctx, `SELECT MAX(year), MIN(year) FROM self_evaluations e JOIN partnerships p ON p.id = e.partnership_id
		WHERE p.slug = $1`, demo.Slug).Scan(&this, &last); err != nil || this == last {
		t.Fatalf("demo years %s and %s: %v", this, last, err)
	}
	staff := base + "/staff/partnerships/glenmorven/self-evaluation"
	if code, _, body := c.do("GET", base+"/staff/partnerships/glenmorven", nil); code != 200 || !strings.Contains(body, `/staff/partnerships/glenmorven/self-evaluation"`) {
		t.Fatalf("the dashboard does not link the self-evaluation (%d)", code)
	}
	code, _, body := c.do("GET", staff, nil)
	if code != 200 || !strings.Contains(body, "Compare two years") {
		t.Fatalf("years page: %d", code)
	}
	fw := staff + "/" + this + "/frameworks/standards"
	// A rating off the scale is refused at its field and nothing is saved.
	code, _, body = c.do("POST", fw, url.Values{"grade-inclusion": {"9"}, "commentary-inclusion": {"New words"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "ds_error-summary") || !strings.Contains(body, "Choose a rating from the scale") {
		t.Fatalf("bad rating: status %d", code)
	}
	code, loc, _ := c.do("POST", fw, url.Values{"grade-inclusion": {"6"}, "commentary-inclusion": {"Young carers now take part in every locality."}})
	if code != http.StatusSeeOther {
		t.Fatalf("save ratings: %d", code)
	}
	_, _, body = c.do("GET", base+loc, nil)
	if !strings.Contains(body, "Young carers now take part in every locality.") {
		t.Fatal("the saved commentary is not shown")
	}
	// The evidence picker: choose a kind, then a record of it.
	_, _, body = c.do("GET", fw+"/evidence?item=support&kind=consultation", nil)
	m := regexp.MustCompile(`<option value="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the picker lists no consultations")
	}
	if code, _, _ := c.do("POST", fw+"/evidence", url.Values{"item": {"support"}, "kind": {"consultation"}, "record": {"999999"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("linking a record that is not the partnership's: %d", code)
	}
	if code, _, _ := c.do("POST", fw+"/evidence", url.Values{"item": {"support"}, "kind": {"consultation"}, "record": {m[1]}}); code != http.StatusSeeOther {
		t.Fatalf("link evidence: %d", code)
	}
	_, _, body = c.do("GET", fw, nil)
	link := `/staff/partnerships/glenmorven/consultations/` + m[1]
	if !strings.Contains(body, `href="`+link+`"`) {
		t.Fatal("the evidence does not link to its consultation")
	}
	if code, _, _ := c.do("GET", base+link, nil); code != 200 {
		t.Fatalf("the evidence link does not open its record: %d", code)
	}
	// An action, then publish.
	if code, _, _ := c.do("POST", staff+"/"+this+"/actions", url.Values{"what": {""}, "owner": {""}, "due": {"x"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("empty action: %d", code)
	}
	if code, _, _ := c.do("POST", staff+"/"+this+"/actions", url.Values{"what": {"Train SPG members in plain English"}, "owner": {"Chief officer"},
		"due": {"2027-03-31"}, "item": {"standards/communication"}}); code != http.StatusSeeOther {
		t.Fatalf("add action: %d", code)
	}
	public := base + "/partnerships/glenmorven/self-evaluation?year=" + this
	if code, _, _ := c.do("GET", public, nil); code != http.StatusNotFound {
		t.Fatalf("this year's draft is public before publishing: %d", code)
	}
	if code, _, _ := c.do("POST", staff+"/"+this+"/publish", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("publish: %d", code)
	}
	if code, _, body := c.do("POST", staff+"/"+this+"/publish", url.Values{}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "Nothing has changed") {
		t.Fatalf("publishing again unchanged: %d", code)
	}
	// Compare the two years.
	_, _, body = c.do("GET", staff+"/compare?from="+last+"&to="+this, nil)
	if !strings.Contains(body, "Better") || !strings.Contains(body, "6 Excellent") {
		t.Fatal("the comparison does not show the change of rating")
	}
	// The public page and the open data.
	code, _, body = c.do("GET", public, nil)
	if code != 200 || !strings.Contains(body, "Young carers now take part in every locality.") || !strings.Contains(body, "Train SPG members in plain English") {
		t.Fatalf("public page: %d", code)
	}
	if _, _, home := c.do("GET", base+"/partnerships/glenmorven", nil); !strings.Contains(home, "/partnerships/glenmorven/self-evaluation") {
		t.Fatal("the partnership's public page does not link the self-evaluation")
	}
	code, _, body = c.do("GET", base+"/api/v1/partnerships/glenmorven/self-evaluation", nil)
	var got struct {
		Year       string `json:"year"`
		Version    int    `json:"version"`
		Frameworks []struct {
			Code  string `json:"code"`
			Items []struct {
				Code     string `json:"code"`
				Grade    int    `json:"grade"`
				Evidence []struct{ Kind, Name string }
			} `json:"items"`
		} `json:"frameworks"`
		Actions []struct {
			What string `json:"what"`
			Due  string `json:"due"`
		} `json:"actions"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || code != 200 {
		t.Fatalf("API: %d, %v", code, err)
	}
	if got.Version != 1 || len(got.Frameworks) != 4 || got.Frameworks[0].Code != "standards" || got.Frameworks[0].Items[0].Grade != 6 {
		t.Fatalf("API: %+v", got)
	}
	if len(got.Frameworks[0].Items[1].Evidence) == 0 || got.Actions[len(got.Actions)-1].What == "" {
		t.Fatalf("API evidence or actions missing: %+v", got)
	}
	code, _, body = c.do("GET", base+"/api/v1/partnerships/glenmorven/self-evaluation?year="+last, nil)
	if code != 200 || !strings.Contains(body, `"year": "`+last+"-") {
		t.Fatalf("API for last year: %d %s", code, body)
	}
	code, _, body = c.do("GET", base+"/api/v1/partnerships/highland/self-evaluation", nil)
	if code != http.StatusNotFound || !strings.Contains(body, `"error"`) {
		t.Fatalf("API with nothing published: %d %s", code, body)
	}
}
