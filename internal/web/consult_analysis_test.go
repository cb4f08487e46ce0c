package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/partnership"
)

// The analysis page counts who responded and each closed question's
// answers, overall and by a chosen group; it is linked from the
// consultation's page, refuses a grouping that does not exist, and its
// downloads hold the same figures.
func TestConsultationAnalysisPage(t *testing.T) {
	officer, base, d := signedIn(t, "officer@glenmorven.example")
	p := glenmorven(t, d)
	now := time.Now()
	c, qn := newTestConsultation(t, d, p, "Day centre analysis", now.Add(-time.Hour), now.Add(time.Hour))
	q1 := qn.Questions()[0].ID
	st := consultStore(d, p.ID)
	for i, a := range []string{"yes", "yes", "no", ""} {
		r := consult.Response{Channel: consult.Paper, Respondent: consult.Respondent{Type: consult.Individual, Publish: consult.DoNotPublish,
			ContactSet: true, LocalityID: p.Localities[i%2].ID}, Answers: consult.Answers{}}
		if a != "" {
			r.Answers[q1] = consult.Answer{QuestionID: q1, Choices: []string{a}}
		}
		if _, err := st.EnterResponse(context.Background(), c, r, "TST", audit.System); err != nil {
			t.Fatal(err)
		}
	}
	page := base + consultationPath(c)
	_, _, shown := officer.do("GET", page, nil)
	if !strings.Contains(shown, `href="`+consultationPath(c)+`/analysis"`) {
		t.Fatal("the consultation's page does not link to its analysis")
	}
	code, _, an := officer.do("GET", page+"/analysis", nil)
	if code != http.StatusOK {
		t.Fatalf("analysis: status %d", code)
	}
	for _, want := range []string{"<title>Analysis: Day centre analysis", "<p>4 responses.</p>", "Who responded",
		`<th scope="row">Yes</th><td>2 (50%)</td>`, `<th scope="row">No</th><td>1 (25%)</td>`, `<th scope="row"><em>No answer</em></th><td>1 (25%)</td>`,
		"No responses", p.Localities[1].Name} {
		if !strings.Contains(an, want) {
			t.Errorf("the analysis does not show %q", want)
		}
	}
	code, _, by := officer.do("GET", page+"/analysis?by=locality", nil)
	if code != http.StatusOK || !strings.Contains(by, "<th scope=\"col\">"+p.Localities[0].Name+" (2)</th>") ||
		!strings.Contains(by, `<td>2 (50%)</td><td>1 (50%)</td><td>1 (50%)</td><td>0 (–)</td>`) {
		t.Errorf("by locality: status %d, no column per locality with its counts", code)
	}
	code, _, bad := officer.do("GET", page+"/analysis?by=shoe-size", nil)
	if code != http.StatusUnprocessableEntity || !strings.Contains(bad, "There is a problem") || !strings.Contains(bad, `href="#by"`) {
		t.Errorf("an unknown grouping: status %d, want 422 with the error summary", code)
	}

	code, _, body := officer.do("GET", page+"/analysis.csv?by=locality", nil)
	if code != http.StatusOK {
		t.Fatalf("CSV: status %d", code)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][3] != "All responses" || rows[0][5] != p.Localities[0].Name ||
		strings.Join(rows[1], "|") != "Q1|Do you use the day centre?|Yes|2|50|1|50|1|50|0||0||0|" {
		t.Errorf("CSV rows %q", rows)
	}
	code, _, body = officer.do("GET", page+"/analysis.xlsx", nil)
	if code != http.StatusOK {
		t.Fatalf("XLSX: status %d", code)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Tallies", "D2"); v != "2" {
		t.Errorf("the workbook's count of Yes is %q", v)
	}
	if v, _ := f.GetCellValue("Reach", "A2"); v != "Respondent type" {
		t.Errorf("the workbook's reach sheet starts %q", v)
	}
}

func consultationPath(c consult.Consultation) string {
	return strings.TrimSuffix(responsesPath(c), "/responses")
}

// Officers enter the localities' populations (a bad number is refused at
// its field and changes nothing), and the analysis then compares each
// locality's share of the responses with its share of the people.
func TestLocalityPopulations(t *testing.T) {
	officer, base, d := signedIn(t, "officer@glenmorven.example")
	p := glenmorven(t, d)
	addr := base + "/staff/partnerships/" + p.Slug + "/populations"
	_, _, dash := officer.do("GET", base+"/staff/partnerships/"+p.Slug, nil)
	if !strings.Contains(dash, `href="/staff/partnerships/`+p.Slug+`/populations"`) {
		t.Error("the dashboard does not link to the populations form")
	}
	code, _, form := officer.do("GET", addr, nil)
	if code != http.StatusOK || !strings.Contains(form, p.Localities[0].Name) {
		t.Fatalf("the form: status %d", code)
	}
	field := func(i int) string { return "population-" + strconv.FormatInt(p.Localities[i].ID, 10) }
	before, _ := partnership.Populations(context.Background(), d, p.ID) // the demo's
	code, _, page := officer.do("POST", addr, url.Values{field(0): {"lots"}, field(1): {"1,200"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#`+field(0)+`"`) {
		t.Fatalf("a bad population: status %d", code)
	}
	if pops, _ := partnership.Populations(context.Background(), d, p.ID); !reflect.DeepEqual(pops, before) {
		t.Fatalf("a refused form stored %v", pops)
	}
	// Two localities' populations; the others' left blank (not known).
	code, _, _ = officer.do("POST", addr, url.Values{field(0): {"9000"}, field(1): {"1,000"}})
	if code != http.StatusSeeOther {
		t.Fatalf("saving: status %d", code)
	}
	pops, err := partnership.Populations(context.Background(), d, p.ID)
	if err != nil || pops[p.Localities[0].ID] != 9000 || pops[p.Localities[1].ID] != 1000 || len(pops) != 2 {
		t.Fatalf("stored %v, %v", pops, err)
	}
	now := time.Now()
	c, _ := newTestConsultation(t, d, p, "Population analysis", now.Add(-time.Hour), now.Add(time.Hour))
	st := consultStore(d, p.ID)
	for i := range 10 {
		// 9 of 10 responses from the locality with a tenth of the people.
		loc := p.Localities[1].ID
		if i == 0 {
			loc = p.Localities[0].ID
		}
		r := consult.Response{Channel: consult.Paper, Respondent: consult.Respondent{Type: consult.Individual, Publish: consult.DoNotPublish,
			ContactSet: true, LocalityID: loc}}
		if _, err := st.EnterResponse(context.Background(), c, r, "TST", audit.System); err != nil {
			t.Fatal(err)
		}
	}
	_, _, an := officer.do("GET", base+consultationPath(c)+"/analysis", nil)
	for _, want := range []string{"<td>9,000</td><td>90%</td>", "<td>1,000</td><td>10%</td>", "Very few responses (fewer than 5)"} {
		if !strings.Contains(an, want) {
			t.Errorf("the analysis does not show %q", want)
		}
	}
}

// Staff entering a response can record the locality the respondent said
// they live in: it counts where the postcode is not one the partnership
// maps, the postcode's locality wins where it is, and a locality of
// another partnership is refused at the field.
func TestEnteredResponseStatesItsLocality(t *testing.T) {
	officer, base, d := signedIn(t, "officer@glenmorven.example")
	p := glenmorven(t, d)
	now := time.Now()
	c, _ := newTestConsultation(t, d, p, "Stated localities", now.Add(-time.Hour), now.Add(time.Hour))
	addr := base + responsesPath(c)
	_, _, form := officer.do("GET", addr+"/new", nil)
	if !strings.Contains(form, `id="rif-locality"`) || !strings.Contains(form, ">"+p.Localities[2].Name+"</option>") {
		t.Fatal("the form does not ask the locality")
	}
	stated := strconv.FormatInt(p.Localities[2].ID, 10)
	entry := func(postcode, locality string) url.Values {
		return url.Values{"channel": {"paper"}, "language": {"en"}, "rif-type": {"individual"}, "rif-publish": {"do-not-publish"},
			"rif-contact": {"no"}, "q-Q1": {"no"}, "rif-postcode": {postcode}, "rif-locality": {locality}}
	}
	if code, _, page := officer.do("POST", addr, entry("", "999999")); code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#rif-locality"`) {
		t.Fatalf("a locality not the partnership's: status %d", code)
	}
	for _, e := range []url.Values{entry("EH1 1AA", stated), entry("GM1 1AA", stated)} {
		if code, _, _ := officer.do("POST", addr, e); code != http.StatusSeeOther {
			t.Fatalf("entering %v: status %d", e, code)
		}
	}
	rs := countResponses(t, d, c)
	if len(rs) != 2 || rs[0].Respondent.LocalityID != p.Localities[2].ID || rs[1].Respondent.LocalityID != p.Localities[0].ID {
		t.Errorf("localities stored: %+v", rs)
	}
}
