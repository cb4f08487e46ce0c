package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"coplan/internal/demo"
)

// An officer builds a codebook, codes answers (whole and an extract, typed
// as with JavaScript off), sees agreement with a second coder, reconciles,
// and reads the framework matrix and its downloads.
func TestAnalysisCodingPages(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	// A demo consultation with answers to a free-text question.
	var cid, qid int64
	if err := d.QueryRowContext(ctx, `SELECT r.consultation_id, a.question_id FROM answers a JOIN responses r ON r.id = a.response_id
		JOIN questions q ON q.id = a.question_id JOIN consultations c ON c.id = r.consultation_id JOIN partnerships p ON p.id = c.partnership_id
		WHERE p.slug = 'glenmorven' AND q.kind = 'text' AND r.status = 'submitted' AND a.text <> ''
		AND NOT EXISTS (SELECT 1 FROM consultation_codebooks cb WHERE cb.consultation_id = r.consultation_id)
		GROUP BY r.consultation_id, a.question_id ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&cid, &qid); err != nil {
		t.Fatalf("the demo has no answers to a free-text question: %v", err)
	}
	an := base + "/staff/partnerships/glenmorven/consultations/" + strconv.FormatInt(cid, 10) + "/analysis"
	if code, _, body := c.do("GET", an, nil); code != 200 || !strings.Contains(body, `analysis/codebook"`) {
		t.Fatalf("the analysis page does not link the codebook (%d)", code)
	}
	code, _, body := c.do("GET", an+"/codebook", nil)
	if code != 200 || !strings.Contains(body, "There are no themes yet") {
		t.Fatalf("codebook: %d", code)
	}
	if code, _, body := c.do("POST", an+"/codebook", url.Values{"name": {""}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter the name of the theme") {
		t.Fatalf("a blank theme: %d", code)
	}
	for _, name := range []string{"Travel", "Staffing"} {
		if code, _, _ := c.do("POST", an+"/codebook", url.Values{"name": {name}, "parent": {"0"}}); code != http.StatusSeeOther {
			t.Fatalf("add %s: %d", name, code)
		}
	}
	_, _, body = c.do("GET", an+"/codebook", nil)
	ids := regexp.MustCompile(`analysis/codebook/(\d+)">([^<]+)<`).FindAllStringSubmatch(body, -1)
	if len(ids) != 2 {
		t.Fatalf("codebook lists %v", ids)
	}
	travel, staffing := ids[0][1], ids[1][1]
	if code, _, body := c.do("GET", an+"/codebook/"+travel, nil); code != 200 || !strings.Contains(body, "Rename the theme") {
		t.Fatalf("theme page: %d", code)
	}
	if code, _, _ := c.do("POST", an+"/codebook/"+staffing, url.Values{"action": {"move"}, "parent": {travel}}); code != http.StatusSeeOther {
		t.Fatalf("move: %d", code)
	}
	if code, _, _ := c.do("POST", an+"/codebook/"+staffing, url.Values{"action": {"move"}, "parent": {"0"}}); code != http.StatusSeeOther {
		t.Fatalf("move back: %d", code)
	}

	if code, _, _ := c.do("POST", an+"/memos", url.Values{"memo": {"Travel covers getting to the day centre."}}); code != http.StatusSeeOther {
		t.Fatalf("memo: %d", code)
	}
	if _, _, body := c.do("GET", an+"/codebook", nil); !strings.Contains(body, "Travel covers getting to the day centre.") {
		t.Fatal("the memo is not shown")
	}

	// Coding, one answer at a time.
	if code, _, body := c.do("GET", an+"/coding", nil); code != 200 || !strings.Contains(body, "/coding/"+strconv.FormatInt(qid, 10)) {
		t.Fatalf("coding questions: %d", code)
	}
	page := an + "/coding/" + strconv.FormatInt(qid, 10)
	code, _, body = c.do("GET", page+"?n=1", nil)
	if code != 200 || !strings.Contains(body, `id="answer-text"`) || !strings.Contains(body, "analysis-coding.js") {
		t.Fatalf("answer page: %d", code)
	}
	resp := regexp.MustCompile(`name="response" value="(\d+)"`).FindStringSubmatch(body)
	text := regexp.MustCompile(`(?s)id="answer-text"[^>]*>([^<]*)</p>`).FindStringSubmatch(body)
	if resp == nil || text == nil {
		t.Fatal("the answer page has no answer")
	}
	words := strings.Fields(unescape(text[1]))
	if len(words) < 2 {
		t.Fatalf("answer %q is too short to take an extract of", text[1])
	}
	extract := words[0] + " " + words[1]
	if code, _, body := c.do("POST", page, url.Values{"action": {"code"}, "n": {"1"}, "response": {resp[1]}, "extract": {"words that are nowhere"},
		"codes": {travel}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "these words are not in it") {
		t.Fatalf("an extract not in the answer: %d", code)
	}
	if code, loc, _ := c.do("POST", page, url.Values{"action": {"code"}, "n": {"1"}, "response": {resp[1]}, "extract": {extract},
		"codes": {travel, staffing}}); code != http.StatusSeeOther || !strings.Contains(loc, "n=1") {
		t.Fatalf("code an extract: %d %s", code, loc)
	}
	_, _, body = c.do("GET", page+"?n=1", nil)
	if !strings.Contains(body, "Travel: “") {
		t.Fatal("the coding is not shown")
	}
	if code, loc, _ := c.do("POST", page, url.Values{"action": {"done"}, "n": {"1"}, "response": {resp[1]}}); code != http.StatusSeeOther || !strings.Contains(loc, "n=2") {
		t.Fatalf("mark coded: %d %s", code, loc)
	}

	// A second coder codes the same answer differently.
	c2 := newClient(t)
	if code, _, _ := c2.do("POST", base+"/signin", url.Values{"email": {"admin@glenmorven.example"}, "password": {demo.Password}}); code != http.StatusSeeOther {
		t.Fatalf("sign in as the second coder: %d", code)
	}
	_, _, body = c2.do("GET", page+"?n=1", nil)
	if strings.Contains(body, "Travel: “") {
		t.Fatal("the second coder sees the first's coding while coding")
	}
	if code, _, _ := c2.do("POST", page, url.Values{"action": {"code"}, "n": {"1"}, "response": {resp[1]}, "codes": {travel}}); code != http.StatusSeeOther {
		t.Fatalf("second coder: %d", code)
	}
	if code, _, body := c2.do("GET", page+"?n=1&others=show", nil); code != 200 || !strings.Contains(body, "Other coders' themes") || !strings.Contains(body, "Staffing") {
		t.Fatalf("others shown: %d", code)
	}
	code, _, body = c.do("GET", an+"/agreement", nil)
	if code != 200 || !strings.Contains(body, "Kappa") || !strings.Contains(body, "Reconcile the coding") {
		t.Fatalf("agreement: %d", code)
	}
	code, _, body = c.do("GET", an+"/reconcile", nil)
	if code != 200 || !strings.Contains(body, "Which coding goes into the agreed coding?") {
		t.Fatalf("reconcile: %d", code)
	}
	field := regexp.MustCompile(`name="(keep-\d+-\d+)"`).FindStringSubmatch(body)
	if field == nil {
		t.Fatal("no reconcile form")
	}
	if code, _, _ := c.do("POST", an+"/reconcile", url.Values{"question": {strconv.FormatInt(qid, 10)}, "response": {resp[1]}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("no choice: %d", code)
	}
	if code, _, _ := c.do("POST", an+"/reconcile", url.Values{"question": {strconv.FormatInt(qid, 10)}, "response": {resp[1]}, field[1]: {"both"}}); code != http.StatusSeeOther {
		t.Fatalf("decide: %d", code)
	}
	code, _, body = c.do("GET", an+"/matrix", nil)
	if code != 200 || !strings.Contains(body, "Framework matrix") || !strings.Contains(body, unescapeHTML(extract)) {
		t.Fatalf("matrix: %d", code)
	}
	if code, _, body := c.do("GET", an+"/matrix?by=channel&sort=count", nil); code != 200 || !strings.Contains(body, "by How they responded") {
		t.Fatalf("matrix by channel: %d", code)
	}
	if code, _, body := c.do("GET", an+"/matrix?by=channel&group=g:paper", nil); code != 200 || strings.Count(body, " selected") != 4 {
		t.Fatalf("matrix of one group: %d, %d selected", code, strings.Count(body, " selected"))
	}
	if code, _, _ := c.do("GET", an+"/matrix?by=nonsense", nil); code != http.StatusUnprocessableEntity {
		t.Fatalf("matrix by nonsense: %d", code)
	}
	if code, _, body := c.do("GET", an+"/matrix.csv", nil); code != 200 || !strings.Contains(body, "Travel: extracts coded") {
		t.Fatalf("matrix CSV: %d", code)
	}
	if code, _, body := c.do("GET", an+"/matrix.xlsx", nil); code != 200 || !strings.HasPrefix(body, "PK") {
		t.Fatalf("matrix XLSX: %d", code)
	}
}

func unescape(s string) string {
	return strings.NewReplacer("&#39;", "'", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`).Replace(s)
}

// unescapeHTML is s as a page shows it (html/template escapes quotes).
func unescapeHTML(s string) string {
	return strings.NewReplacer("&", "&amp;", "'", "&#39;", `"`, "&#34;", "<", "&lt;", ">", "&gt;").Replace(s)
}
