package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// The suggested themes pages: the open questions listed, a number of themes
// checked, themes suggested from the answers, and a suggestion accepted
// into the codebook (and refused a second decision), all as plain forms.
func TestSuggestedThemesPages(t *testing.T) {
	officer, base, d := signedIn(t, "officer@glenmorven.example")
	p := glenmorven(t, d)
	ctx := context.Background()
	var cid int64
	if err := d.QueryRowContext(ctx, "SELECT id FROM consultations WHERE partnership_id = $1 AND title LIKE 'Day services%'", p.ID).Scan(&cid); err != nil {
		t.Fatal(err)
	}
	page := base + "/staff/partnerships/" + p.Slug + "/consultations/" + strconv.FormatInt(cid, 10) + "/analysis/themes"
	code, _, index := officer.do("GET", page, nil)
	if code != http.StatusOK || !strings.Contains(index, "<title>Suggested themes: Day services") || !strings.Contains(index, `/analysis/themes/Q2"`) {
		t.Fatalf("index: status %d, no link to Q2", code)
	}
	code, _, q := officer.do("GET", page+"/Q2", nil)
	if code != http.StatusOK || !strings.Contains(q, "No themes have been suggested") || strings.Count(q, "<h1") != 1 {
		t.Fatalf("question page: status %d", code)
	}
	if code, _, _ := officer.do("GET", page+"/Q1", nil); code != http.StatusNotFound {
		t.Errorf("a closed question: status %d, want 404", code)
	}
	code, _, bad := officer.do("POST", page+"/Q2", url.Values{"how": {"choose"}, "k": {"1"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(bad, "There is a problem") || !strings.Contains(bad, `href="#k"`) {
		t.Errorf("one theme: status %d, want 422 with the error summary", code)
	}
	if code, _, _ := officer.do("POST", page+"/Q2", url.Values{"how": {"choose"}, "k": {"2"}}); code != http.StatusSeeOther {
		t.Fatalf("suggest: status %d", code)
	}
	_, _, shown := officer.do("GET", page+"/Q2", nil)
	for _, want := range []string{"Suggested themes", "Most typical words", "Most typical answers", "Accept as a theme", "Merge this suggestion into"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the suggestions do not show %q", want)
		}
	}
	var sid int64
	if err := d.QueryRowContext(ctx, "SELECT id FROM theme_suggestions WHERE partnership_id = $1 ORDER BY position LIMIT 1", p.ID).Scan(&sid); err != nil {
		t.Fatal(err)
	}
	s := strconv.FormatInt(sid, 10)
	if code, _, _ := officer.do("POST", page+"/Q2/"+s, url.Values{"action": {"accept"}, "name-" + s: {"Weekend opening"}}); code != http.StatusSeeOther {
		t.Fatalf("accept: status %d", code)
	}
	_, _, book := officer.do("GET", strings.TrimSuffix(page, "/themes")+"/codebook", nil)
	if !strings.Contains(book, "Weekend opening") {
		t.Error("the accepted theme is not in the codebook")
	}
	if code, _, _ := officer.do("POST", page+"/Q2/"+s, url.Values{"action": {"reject"}}); code != http.StatusConflict {
		t.Errorf("rejecting an accepted theme: status %d, want 409", code)
	}
}
