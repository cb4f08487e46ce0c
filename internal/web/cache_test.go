package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fakeClock is a clock a test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func newTestCache(maxBytes, maxEntry int) (*pageCache, *fakeClock) {
	clk := &fakeClock{time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)}
	return newPageCache(clk.now, clk.now, 2*time.Second, maxBytes, maxEntry), clk
}

// fetch runs one request for path through the cache with handler h and
// says whether it was answered from memory.
func fetch(c *pageCache, path string, g pageGen, h func(http.ResponseWriter, *http.Request) error) (*httptest.ResponseRecorder, bool) {
	w := httptest.NewRecorder()
	ran := false
	c.serve(w, httptest.NewRequest("GET", path, nil), g, func(w http.ResponseWriter, r *http.Request) error {
		ran = true
		return h(w, r)
	}, func(w http.ResponseWriter, r *http.Request, err error) {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	})
	return w, !ran
}

func page(body string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, err := w.Write([]byte(body))
		return err
	}
}

// What may be kept and what may not: only a whole 200 that sets no cookie
// and does not forbid storing.
func TestPageCacheKeepsOnlyPlainSuccesses(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    func(http.ResponseWriter, *http.Request) error
		keep bool
	}{
		{"a page", page("<p>hello</p>"), true},
		{"an empty page", func(http.ResponseWriter, *http.Request) error { return nil }, true},
		{"not found", func(w http.ResponseWriter, r *http.Request) error { http.NotFound(w, r); return nil }, false},
		{"a redirect", func(w http.ResponseWriter, r *http.Request) error {
			http.Redirect(w, r, "/elsewhere", http.StatusSeeOther)
			return nil
		}, false},
		{"an error", func(http.ResponseWriter, *http.Request) error { return fmt.Errorf("broken") }, false},
		{"sets a cookie", func(w http.ResponseWriter, r *http.Request) error {
			http.SetCookie(w, &http.Cookie{Name: "x", Value: "y"})
			return page("<p>hello</p>")(w, r)
		}, false},
		{"no-store", func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Cache-Control", "no-store")
			return page("<p>hello</p>")(w, r)
		}, false},
		{"private", func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Cache-Control", "private, max-age=60")
			return page("<p>hello</p>")(w, r)
		}, false},
		{"too big", page(strings.Repeat("x", 2000)), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newTestCache(1<<20, 1000)
			first, hit := fetch(c, "/p", pageGen{}, tc.h)
			if hit {
				t.Fatal("first request answered from an empty cache")
			}
			second, hit := fetch(c, "/p", pageGen{}, tc.h)
			if hit != tc.keep {
				t.Fatalf("second request from memory: %v, want %v", hit, tc.keep)
			}
			if hit && (second.Body.String() != first.Body.String() || second.Header().Get("Content-Type") != first.Header().Get("Content-Type")) {
				t.Fatalf("cached page differs: %q %v", second.Body.String(), second.Header())
			}
		})
	}
}

// A kept page is served only for the same address, while the generations
// it was made at hold and for at most the lifetime, by either clock.
func TestPageCacheValidity(t *testing.T) {
	c, clk := newTestCache(1<<20, 1<<20)
	g := pageGen{pid: 3, all: 1, own: 7}
	fetch(c, "/p?page=1", g, page("one"))
	for _, tc := range []struct {
		name string
		path string
		g    pageGen
		move time.Duration
		hit  bool
	}{
		{"same address and generations", "/p?page=1", g, 0, true},
		{"another query", "/p?page=2", g, 0, false},
		{"its partnership changed", "/p?page=1", pageGen{pid: 3, all: 1, own: 8}, 0, false},
		{"the list changed", "/p?page=1", pageGen{pid: 3, all: 2, own: 7}, 0, false},
		{"another partnership now has the address", "/p?page=1", pageGen{pid: 4, all: 1, own: 7}, 0, false},
		{"within its lifetime", "/p?page=1", g, 1900 * time.Millisecond, true},
		{"past its lifetime", "/p?page=1", g, 2 * time.Second, false},
		{"the clock went back", "/p?page=1", g, -time.Second, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := clk.t
			fetch(c, "/p?page=1", g, page("one")) // make sure it is there
			clk.t = clk.t.Add(tc.move)
			defer func() { clk.t = start }()
			if _, hit := fetch(c, tc.path, tc.g, page("two")); hit != tc.hit {
				t.Fatalf("from memory: %v, want %v", hit, tc.hit)
			}
		})
	}
}

// The cache never holds more than its bound, dropping the least recently
// used page first.
func TestPageCacheIsBounded(t *testing.T) {
	c, _ := newTestCache(10_000, 5_000)
	body := strings.Repeat("x", 1000)
	for i := range 50 {
		fetch(c, fmt.Sprintf("/p/%d", i), pageGen{}, page(body))
		if i == 10 {
			// Keep /p/0 in use: it is the most recently used.
			fetch(c, "/p/0", pageGen{}, page(body))
		}
		if _, bytes := c.stats(); bytes > 10_000 {
			t.Fatalf("after %d pages the cache holds %d bytes, over its bound", i+1, bytes)
		}
	}
	pages, _ := c.stats()
	if pages < 5 {
		t.Fatalf("only %d pages kept; the bound allows about 7", pages)
	}
	if _, hit := fetch(c, "/p/49", pageGen{}, page(body)); !hit {
		t.Fatal("the newest page was dropped")
	}
	if _, hit := fetch(c, "/p/1", pageGen{}, page(body)); hit {
		t.Fatal("an old page was kept past the bound")
	}
}

// Requests for a page being made wait for it instead of each making it;
// once its lifetime ends, they are answered with the page they had while
// one request makes it again, but never past a recorded change.
func TestPageCacheMakesEachPageOnce(t *testing.T) {
	c, clk := newTestCache(1<<20, 1<<20)
	g := pageGen{pid: 1, all: 1, own: 1}
	release := make(chan struct{})
	started := make(chan struct{}, 10)
	makes := 0
	slow := func(body string) func(http.ResponseWriter, *http.Request) error {
		return func(w http.ResponseWriter, r *http.Request) error {
			makes++ // only ever one at a time: the others wait
			started <- struct{}{}
			<-release
			return page(body)(w, r)
		}
	}
	// Five at once for a page not yet kept: made once, all get it.
	results := make(chan string, 5)
	for range 5 {
		go func() {
			w, _ := fetch(c, "/p", g, slow("first"))
			results <- w.Body.String()
		}()
	}
	<-started
	waitForWaiters(t, c, "GET /p", 4)
	close(release)
	for range 5 {
		if got := <-results; got != "first" {
			t.Fatalf("got %q", got)
		}
	}
	if makes != 1 {
		t.Fatalf("made %d times, want once", makes)
	}

	// Its lifetime ends: one request makes it again, and meanwhile the
	// others get the page as it was.
	clk.t = clk.t.Add(3 * time.Second)
	release = make(chan struct{})
	done := make(chan string)
	go func() {
		w, _ := fetch(c, "/p", g, slow("second"))
		done <- w.Body.String()
	}()
	<-started
	if w, hit := fetch(c, "/p", g, page("not this")); !hit || w.Body.String() != "first" {
		t.Fatalf("while it is made again: from memory %v, %q", hit, w.Body.String())
	}
	// A recorded change is never answered with the old page.
	if w, hit := fetch(c, "/p", pageGen{pid: 1, all: 1, own: 2}, page("changed")); hit || w.Body.String() != "changed" {
		t.Fatalf("after a change: from memory %v, %q", hit, w.Body.String())
	}
	close(release)
	if got := <-done; got != "second" {
		t.Fatalf("remade page %q", got)
	}
}

// waitForWaiters polls until n requests wait for key's flight.
func waitForWaiters(t *testing.T, c *pageCache, key string, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c.mu.Lock()
		f := c.inflight[key]
		waiting := 0
		if f != nil {
			waiting = f.waiting
		}
		c.mu.Unlock()
		if waiting == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d requests wait for %s, want %d", waiting, key, n)
		}
		time.Sleep(time.Millisecond)
	}
}
