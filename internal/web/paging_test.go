package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
)

// addPartnerships adds n partnerships named Extra 000, Extra 001, ...
func addPartnerships(t *testing.T, u string, n int) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for i := range n {
		p := partnership.Partnership{Slug: fmt.Sprintf("extra-%03d", i), Name: fmt.Sprintf("Extra %03d", i), Model: "ijb",
			HealthBoard: "NHS Extra", LocalAuthorities: []partnership.Named{{Name: "Extra Council"}},
			Localities: []partnership.Named{{Name: "North"}, {Name: "South"}}}
		if _, err := partnership.Create(ctx, d, p, audit.System, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
}

// With more partnerships than a page holds, the home page lists them a page
// at a time with links to each page, and the API list with a cursor.
func TestPartnershipListsArePaged(t *testing.T) {
	u := dbtest.URL(t, db.SQLite)
	srv := startInstances(t, u, 1)[0]
	addPartnerships(t, u, 50) // with the demo's 32, 82: three pages of 40

	names := map[string]bool{}
	for _, tc := range []struct {
		page string
		rows int
		want []string
	}{
		{"", 40, []string{"(page 1 of 3)", `href="/?page=2">Next page</a>`, `aria-current="page" href="/">Page 1</a>`, `href="/?page=3">Page 3</a>`, "Glenmorven"}},
		{"?page=2", 40, []string{"(page 2 of 3)", `href="/">Previous page</a>`, `href="/?page=3">Next page</a>`}},
		{"?page=3", 2, []string{"(page 3 of 3)", `href="/?page=2">Previous page</a>`}},
	} {
		_, _, body := get(t, srv.URL+"/"+tc.page)
		rows := strings.Split(body, `<th scope="row"><a href="`)[1:]
		if len(rows) != tc.rows {
			t.Errorf("home page %q lists %d partnerships, want %d", tc.page, len(rows), tc.rows)
		}
		for _, r := range rows {
			name := r[:strings.Index(r, `"`)]
			if names[name] {
				t.Errorf("%s is on two pages", name)
			}
			names[name] = true
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("home page %q lacks %s", tc.page, w)
			}
		}
	}
	if len(names) != 82 {
		t.Errorf("the home page's pages list %d partnerships, want 82", len(names))
	}

	// The API: 40 by default, then the rest after the cursor.
	type list struct {
		Partnerships []struct{ Slug string }
		Next         string
	}
	read := func(q string) (int, list) {
		t.Helper()
		code, _, body := get(t, srv.URL+"/api/v1/partnerships"+q)
		var l list
		if code == http.StatusOK {
			if err := json.Unmarshal([]byte(body), &l); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		return code, l
	}
	seen := map[string]bool{}
	q, pages := "", 0
	for {
		code, l := read(q)
		if code != http.StatusOK {
			t.Fatalf("API %s: status %d", q, code)
		}
		pages++
		for _, p := range l.Partnerships {
			if seen[p.Slug] {
				t.Fatalf("%s listed twice", p.Slug)
			}
			seen[p.Slug] = true
		}
		if l.Next == "" {
			break
		}
		q = "?limit=20&after=" + url.QueryEscape(l.Next)
	}
	if len(seen) != 82 || pages != 4 {
		t.Fatalf("API gave %d partnerships in %d pages, want 82 in 4 (40, then 20, 20 and 2 with a limit of 20)", len(seen), pages)
	}
	for _, bad := range []string{"?limit=0", "?limit=201", "?limit=ten", "?after=not-a-cursor"} {
		if code, _ := read(bad); code != http.StatusBadRequest {
			t.Errorf("API %s: status %d, want 400", bad, code)
		}
	}
}
