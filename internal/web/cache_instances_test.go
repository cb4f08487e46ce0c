package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
)

// get fetches u anonymously (no cookies) and returns the status, whether the
// page came from the page cache, and the body.
func get(t *testing.T, u string) (int, string, string) {
	t.Helper()
	c := newClient(t)
	req, _ := http.NewRequest("GET", u, nil)
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("X-Coplan-Cache"), string(b)
}

// TestCachedPagesFollowChangesOnOtherInstances runs two instances on one
// PostgreSQL database, each with its own page cache and its own partnerships
// in memory. Instance B serves the public pages from memory; a change made
// through instance A shows on B within a second.
func TestCachedPagesFollowChangesOnOtherInstances(t *testing.T) {
	u := dbtest.URL(t, db.Postgres)
	s := startInstances(t, u, 2)
	a, b := s[0], s[1]
	d, err := db.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })

	page := b.URL + "/partnerships/glenmorven"
	if code, _, _ := get(t, page); code != http.StatusOK {
		t.Fatalf("partnership page on B: status %d", code)
	}
	code, cache, body := get(t, page)
	if code != http.StatusOK || cache != "hit" || !strings.Contains(body, "NHS Glenmorven") {
		t.Fatalf("second visit on B: status %d, cache %q; want 200 from memory", code, cache)
	}
	// A change that bypasses the generations is not seen: B answers from
	// memory, not the database.
	if _, err := d.ExecContext(context.Background(), "UPDATE partnerships SET health_board = 'NHS Unseen' WHERE slug = 'glenmorven'"); err != nil {
		t.Fatal(err)
	}
	if _, cache, body := get(t, page); cache != "hit" || strings.Contains(body, "NHS Unseen") {
		t.Fatalf("B read the database for a cached page (cache %q)", cache)
	}
	if _, cache, body := get(t, b.URL+"/api/v1/partnerships"); cache != "miss" || strings.Contains(body, "NHS Unseen") {
		t.Fatalf("B read the list of partnerships from the database, not from memory (cache %q)", cache)
	}
	// (Put it back, as if it had not happened.)
	if _, err := d.ExecContext(context.Background(), "UPDATE partnerships SET health_board = 'NHS Glenmorven' WHERE slug = 'glenmorven'"); err != nil {
		t.Fatal(err)
	}

	// An officer adds a delegated function through A.
	c := newClient(t)
	if code, _, _ := c.do("POST", a.URL+"/signin", url.Values{"email": {"officer@glenmorven.example"}, "password": {demo.Password}}); code != http.StatusSeeOther {
		t.Fatalf("sign in on A: status %d", code)
	}
	code, _, _ = c.do("POST", a.URL+"/staff/partnerships/glenmorven/functions",
		url.Values{"name": {"Hospital at home"}, "partner": {"NHS Glenmorven"}, "kind": {"health"}})
	if code != http.StatusSeeOther {
		t.Fatalf("add a function on A: status %d", code)
	}
	changed := time.Now()
	waitFor(t, changed, page, "Hospital at home")
	// A's own page shows it at once.
	if _, _, body := get(t, a.URL+"/partnerships/glenmorven"); !strings.Contains(body, "Hospital at home") {
		t.Fatal("A does not show its own change")
	}

	// Renaming the partnership through A changes the home page and the API
	// list on B (the list's own generation).
	get(t, b.URL+"/")
	if _, cache, _ := get(t, b.URL+"/"); cache != "hit" {
		t.Fatalf("home page on B: cache %q, want hit", cache)
	}
	form := editForm(t, c, a.URL+"/staff/partnerships/glenmorven/edit")
	form.Set("name", "Glenmorven and Isles")
	if code, _, _ := c.do("POST", a.URL+"/staff/partnerships/glenmorven/edit", form); code != http.StatusSeeOther {
		t.Fatalf("rename on A: status %d", code)
	}
	changed = time.Now()
	waitFor(t, changed, b.URL+"/", "Glenmorven and Isles")
	waitFor(t, changed, b.URL+"/api/v1/partnerships", "Glenmorven and Isles")
}

// waitFor polls u until its body holds want, failing if that takes more than
// a second from since.
func waitFor(t *testing.T, since time.Time, u, want string) {
	t.Helper()
	for {
		_, _, body := get(t, u)
		if strings.Contains(body, want) {
			return
		}
		if time.Since(since) > time.Second {
			t.Fatalf("%s did not show %q within a second of the change", u, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// editForm reads the partnership form's current values (text inputs and
// the chosen model) as a browser would send them back.
func editForm(t *testing.T, c *client, u string) url.Values {
	t.Helper()
	code, _, body := c.do("GET", u, nil)
	if code != http.StatusOK {
		t.Fatalf("GET %s: status %d", u, code)
	}
	form := url.Values{}
	for _, in := range strings.Split(body, "<input")[1:] {
		in = in[:strings.Index(in, ">")]
		name, value := attr(in, "name"), attr(in, "value")
		typ := attr(in, "type")
		if name == "" || (typ == "radio" && !strings.Contains(in, "checked")) {
			continue
		}
		form.Set(name, value)
	}
	return form
}

func attr(tag, name string) string {
	i := strings.Index(tag, " "+name+"=\"")
	if i < 0 {
		return ""
	}
	v := tag[i+len(name)+3:]
	v = v[:strings.Index(v, "\"")]
	r := strings.NewReplacer("&amp;", "&", "&#39;", "'", "&quot;", "\"", "&lt;", "<", "&gt;", ">")
	return r.Replace(v)
}

// A signed-in person is never answered from the page cache, nor are their
// pages kept for the public: the same address differs for them.
func TestSignedInPagesAreNotCached(t *testing.T) {
	c, base, _ := signedIn(t, "officer@glenmorven.example")
	for range 2 {
		req, _ := http.NewRequest("GET", base+"/partnerships/glenmorven", nil)
		resp, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if h := resp.Header.Get("X-Coplan-Cache"); h != "" {
			t.Fatalf("signed-in request went through the page cache (%q)", h)
		}
		if !strings.Contains(string(b), "Euan Fraser") {
			t.Fatal("signed-in page does not show who is signed in")
		}
	}
	_, cache, body := get(t, base+"/partnerships/glenmorven")
	if cache != "miss" || strings.Contains(body, "Euan Fraser") {
		t.Fatalf("the public got a signed-in page (cache %q)", cache)
	}
	if _, cache, _ = get(t, base+"/partnerships/glenmorven"); cache != "hit" {
		t.Fatalf("public page not kept: cache %q", cache)
	}
	// Pages that are not marked cacheable never are.
	if _, cache, _ = get(t, base+"/signin"); cache != "" {
		t.Fatalf("sign-in page went through the cache (%q)", cache)
	}
}
