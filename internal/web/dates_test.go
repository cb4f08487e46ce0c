package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var (
	isoDate  = regexp.MustCompile(`\b(19|20)\d\d-\d\d-\d\d\b`)
	tag      = regexp.MustCompile(`(?s)<[^>]*>`)
	example  = regexp.MustCompile(`(?i)(for example,?:?|like) (19|20)\d\d-\d\d-\d\d`)
	linkHref = regexp.MustCompile(`href="(/[^"?#]*)"`)
)

// Every page of the plan, the s.36 register, governance, meetings and
// expenses shows dates as people write them ("1 April 2027"), never as
// 2027-04-01, in tables too; only a form's hint shows the format to type.
// The pages are found by following links from the dashboard and the public
// partnership page. issue 10, item 17
func TestDatesAreWrittenForPeople(t *testing.T) {
	c, base, _ := signedIn(t, "officer@glenmorven.example")
	rooms := []string{"/plans", "/decisions", "/appraisals", "/bodies", "/meetings", "/expenses", "/members"}
	inRooms := func(path string) bool {
		for _, r := range rooms {
			if strings.Contains(path, r) {
				return !strings.HasSuffix(path, ".csv") && !strings.HasSuffix(path, ".json") && !strings.HasSuffix(path, ".pdf") &&
					!strings.Contains(path, "/papers/") && !strings.Contains(path, "/receipts/") && !strings.Contains(path, "/documents/")
			}
		}
		return false
	}
	seen := map[string]bool{}
	queue := []string{"/staff/partnerships/glenmorven", "/partnerships/glenmorven"}
	checked := 0
	for len(queue) > 0 && len(seen) < 300 {
		path := queue[0]
		queue = queue[1:]
		if seen[path] {
			continue
		}
		seen[path] = true
		code, _, body := c.do("GET", base+path, nil)
		if code != http.StatusOK || !strings.Contains(body, "<html") {
			continue
		}
		for _, m := range linkHref.FindAllStringSubmatch(body, -1) {
			if p := m[1]; !seen[p] && strings.Contains(p, "glenmorven") && inRooms(p) {
				queue = append(queue, p)
			}
		}
		if !inRooms(path) && path != "/staff/partnerships/glenmorven" {
			continue
		}
		checked++
		main := body
		if i := strings.Index(main, "<main"); i >= 0 {
			main = main[i:]
		}
		text := example.ReplaceAllString(tag.ReplaceAllString(main, " "), "")
		if d := isoDate.FindString(text); d != "" {
			i := strings.Index(text, d)
			t.Errorf("%s shows the date %s: …%s…", path, d, strings.Join(strings.Fields(text[max(0, i-80):min(len(text), i+40)]), " "))
		}
	}
	if checked < 10 {
		t.Fatalf("only %d pages checked", checked)
	}
}
