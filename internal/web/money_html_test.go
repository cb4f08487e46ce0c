package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var idAttr = regexp.MustCompile(`\sid="([^"]+)"`)

// The money pages have one <h1>, a <title> naming them, and no id used
// twice (labels, error links and tables' regions depend on it).
func TestMoneyPagesMarkup(t *testing.T) {
	c, base, _ := signedIn(t, "officer@glenmorven.example")
	titles := map[string]bool{}
	for _, path := range []string{"/staff/partnerships/glenmorven/finance", "/staff/partnerships/glenmorven/directions",
		"/partnerships/glenmorven/financial-statement", "/partnerships/glenmorven/directions"} {
		code, _, body := c.do("GET", base+path, nil)
		if code != http.StatusOK {
			t.Errorf("%s: %d", path, code)
			continue
		}
		if n := strings.Count(body, "<h1"); n != 1 {
			t.Errorf("%s: %d h1", path, n)
		}
		title := regexp.MustCompile(`<title>([^<]*)</title>`).FindStringSubmatch(body)
		if title == nil || titles[title[1]] {
			t.Errorf("%s: title %v is missing or not unique", path, title)
		} else {
			titles[title[1]] = true
		}
		seen := map[string]bool{}
		for _, m := range idAttr.FindAllStringSubmatch(body, -1) {
			if seen[m[1]] {
				t.Errorf("%s: id %q used twice", path, m[1])
			}
			seen[m[1]] = true
		}
	}
}
