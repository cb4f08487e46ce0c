package e2e

import (
	"net/url"
	"slices"
	"testing"
)

// The crawler's own rules, without a browser.

func TestLinks(t *testing.T) {
	page := []byte(`<p><a class="x" href="/partnerships/glenmorven">G</a> <a href="/law#models">Law</a>` +
		`<a href="/staff?done=saved&amp;x=1">Staff</a><link href="/static/coplan.css"><area href="/no"></p>`)
	got := links(page)
	want := []string{"/partnerships/glenmorven", "/law#models", "/staff?done=saved&x=1"}
	if !slices.Equal(got, want) {
		t.Errorf("links = %q, want %q", got, want)
	}
}

func TestOnSite(t *testing.T) {
	b := &tab{base: "http://127.0.0.1:8080"}
	for _, c := range []struct {
		from, link, want string
		ok               bool
	}{
		{"/", "/law#models", "/law", true},
		{"/staff/partnerships/glenmorven", "functions", "/staff/partnerships/functions", true},
		{"/", "http://127.0.0.1:8080/staff?done=saved", "/staff?done=saved", true},
		{"/", "https://www.legislation.gov.uk/asp/2014/9", "", false},
		{"/", "/api/v1/partnerships", "", false},
		{"/", "/static/coplan.css", "", false},
		{"/", "mailto:someone@example.org", "", false},
	} {
		got, ok := b.onSite(c.from, c.link)
		if got != c.want || ok != c.ok {
			t.Errorf("onSite(%q, %q) = %q, %v; want %q, %v", c.from, c.link, got, ok, c.want, c.ok)
		}
	}
}

func TestAxeSample(t *testing.T) {
	for _, c := range []struct{ path, want string }{
		{"/", "/?"},
		{"/partnerships/highland", "/partnerships/highland?"},
		{"/staff/partnerships/new", "/staff/partnerships/new?"},
		{"/staff/partnerships/glenmorven/bodies/3/seats/25", "/staff/partnerships/glenmorven/bodies/{id}/seats/{id}?"},
		{"/staff/partnerships/glenmorven/bodies/3?date=2026-01-01", "/staff/partnerships/glenmorven/bodies/{id}?date"},
	} {
		u, _ := url.Parse(c.path)
		if got := pattern(u); got != c.want {
			t.Errorf("pattern(%s) = %s, want %s", c.path, got, c.want)
		}
	}

	s := newAxeSample()
	seat := func(n int) string { return "/staff/partnerships/glenmorven/bodies/1/seats/" + string(rune('0'+n)) }
	for i := 1; i <= perPattern; i++ {
		if !s.take("officer", seat(i)) {
			t.Errorf("seat %d left out; want the first %d of a pattern checked", i, perPattern)
		}
	}
	if s.take("officer", seat(perPattern+1)) {
		t.Errorf("seat %d checked; want at most %d of a pattern", perPattern+1, perPattern)
	}
	if !s.take("admin", seat(1)) {
		t.Error("each visitor has a sample of its own")
	}
	if s.take("officer", "/staff/partnerships/aberdeen-city/edit") || !s.take("officer", "/staff/partnerships/highland/edit") {
		t.Error("want the staff pages of the sampled partnerships only")
	}
	if s.take("public", "/partnerships/aberdeen-city") || !s.take("public", "/partnerships/glenmorven") {
		t.Error("want the public's pages of the sampled partnerships only")
	}
	if !s.take("officer", "/law") || s.take("officer", "/law") {
		t.Error("want one page of each public pattern for a signed-in visitor")
	}
	if got := s.left("officer"); got != 3 {
		t.Errorf("left(officer) = %d, want 3", got)
	}
}
