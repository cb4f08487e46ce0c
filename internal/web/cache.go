package web

import (
	"container/list"
	"net/http"
	"strings"
	"sync"
	"time"

	"coplan/internal/civil"
)

// Defaults of the public page cache (Config.PageCacheBytes and
// Config.PageCacheTTL).
const (
	// DefaultPageCacheBytes bounds the memory the cache holds: a public
	// page is some tens of kilobytes, so this holds every page of many
	// partnerships.
	DefaultPageCacheBytes = 32 << 20
	// MaxCachedPage is the largest page kept; a bigger one (a long plan,
	// a document) is served afresh each time rather than crowd out many
	// small ones.
	MaxCachedPage = 1 << 20
	// DefaultPageCacheTTL is how long a page is served from memory with
	// no change recorded; for as long again it is served to the requests
	// that arrive while one request makes it afresh. So pages that change
	// with the clock alone, such as a consultation opening or closing at
	// its time, are at most two lifetimes (4 seconds) late. Changes people
	// make show at once on the instance they were made through and within
	// a second on the others, through the generations (package
	// generation), whatever this is.
	DefaultPageCacheTTL = 2 * time.Second
)

// pageCache keeps the public pages that are the same for every member of
// the public (routes marked Cache) in memory, per instance: the whole
// response, status 200 with its headers and body, under the request's
// method and address (path and query: a page differs by nothing else; the
// only cookie coplan reads is the session, and a signed-in request is
// never answered from here). A page is served from memory while the
// generations of its partnership and of the list of partnerships are the
// ones it was made at, and for ttl by both the real clock and the pages'
// clock (for 2 ttl to requests that arrive while it is made again).
type pageCache struct {
	clock    civil.Clock // real time
	now      civil.Clock // the pages' clock (fixed in some tests)
	ttl      time.Duration
	maxBytes int
	maxEntry int

	mu       sync.Mutex
	entries  map[string]*list.Element // of *cachedPage
	lru      *list.List               // most recently used first
	bytes    int
	inflight map[string]*flight // pages being made, by key
}

// flight is one request making a page that others asked for meanwhile:
// they wait for it rather than each make the same page (at a busy moment,
// every request for a page whose lifetime ended at once).
type flight struct {
	g       pageGen // the generations it makes the page for
	waiting int     // how many wait for it (for tests)
	done    chan struct{}
	page    *cachedPage // what it made, if it may be kept; set before done closes
}

type cachedPage struct {
	key    string
	header http.Header
	body   []byte
	size   int
	// What the page was made from: the partnership the address named (0
	// for none) and the generations read before it was made.
	pid, all, own int64
	at, pageAt    time.Time
}

// pageGen is the generations a page depends on, as read before making it.
type pageGen struct{ pid, all, own int64 }

func newPageCache(clock, now civil.Clock, ttl time.Duration, maxBytes, maxEntry int) *pageCache {
	return &pageCache{clock: clock, now: now, ttl: ttl, maxBytes: maxBytes, maxEntry: min(maxEntry, maxBytes),
		entries: map[string]*list.Element{}, lru: list.New(), inflight: map[string]*flight{}}
}

// cacheKey is what a cached page is filed under.
func cacheKey(r *http.Request) string { return r.Method + " " + r.URL.RequestURI() }

// lookup finds what to do for key and generations g: serve a kept page
// (hit), wait for another request making it (wait), make it leading a
// flight others may wait for (lead), or (all nil) make it alone. A page whose lifetime has just ended,
// while its generations still hold, is served once more to the requests
// that come while one request makes it again: at most one lifetime late,
// and only by the clock, never past a recorded change.
func (c *pageCache) lookup(key string, g pageGen) (hit *cachedPage, wait, lead *flight) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		p := el.Value.(*cachedPage)
		switch {
		case p.pid != g.pid || p.all != g.all || p.own != g.own:
			c.remove(el)
		case c.fresh(p, c.ttl):
			c.lru.MoveToFront(el)
			return p, nil, nil
		case c.fresh(p, 2*c.ttl) && c.inflight[key] != nil:
			return p, nil, nil
		}
	}
	if f := c.inflight[key]; f != nil {
		if f.g != g {
			// Made for other generations: make it alone.
			return nil, nil, nil
		}
		f.waiting++
		return nil, f, nil
	}
	f := &flight{g: g, done: make(chan struct{})}
	c.inflight[key] = f
	return nil, nil, f
}

// land ends the flight for key, keeping p (nil if the page may not be
// kept) and handing it to those who waited.
func (c *pageCache) land(key string, f *flight, p *cachedPage) {
	if p != nil {
		c.put(p)
	}
	c.mu.Lock()
	if c.inflight[key] == f {
		delete(c.inflight, key)
	}
	c.mu.Unlock()
	f.page = p
	close(f.done)
}

func (c *pageCache) fresh(p *cachedPage, ttl time.Duration) bool {
	age, pageAge := c.clock().Sub(p.at), c.now().Sub(p.pageAt)
	return age >= 0 && age < ttl && pageAge >= 0 && pageAge < ttl
}

// put keeps p, dropping the least recently used pages to stay within the
// bound.
func (c *pageCache) put(p *cachedPage) {
	p.size = len(p.body) + len(p.key) + 256
	for k, vs := range p.header {
		p.size += len(k)
		for _, v := range vs {
			p.size += len(v)
		}
	}
	if p.size > c.maxEntry {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[p.key]; ok {
		c.remove(el)
	}
	for c.bytes+p.size > c.maxBytes && c.lru.Len() > 0 {
		c.remove(c.lru.Back())
	}
	c.entries[p.key] = c.lru.PushFront(p)
	c.bytes += p.size
}

func (c *pageCache) remove(el *list.Element) {
	p := c.lru.Remove(el).(*cachedPage)
	delete(c.entries, p.key)
	c.bytes -= p.size
}

// stats is how many pages and bytes the cache holds, for tests.
func (c *pageCache) stats() (pages, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len(), c.bytes
}

// cacheHeader says whether a cacheable page came from memory ("hit") or
// was made for this request ("miss"), for operators and tests.
const cacheHeader = "X-Coplan-Cache"

// serve answers r from the cache, or runs handle, passing its response
// through and keeping it if it may be kept. handle's error goes to fail.
func (c *pageCache) serve(w http.ResponseWriter, r *http.Request, g pageGen,
	handle func(http.ResponseWriter, *http.Request) error, fail func(http.ResponseWriter, *http.Request, error)) {
	key := cacheKey(r)
	p, wait, lead := c.lookup(key, g)
	if wait != nil {
		select {
		case <-wait.done:
			p = wait.page
		case <-r.Context().Done():
			return
		}
	}
	if p != nil {
		h := w.Header()
		for k, vs := range p.header {
			h[k] = vs
		}
		h.Set(cacheHeader, "hit")
		w.WriteHeader(http.StatusOK)
		w.Write(p.body)
		return
	}
	var made *cachedPage
	if lead != nil {
		// Land even if handle panics, so no one waits for ever.
		defer func() { c.land(key, lead, made) }()
	}
	at, pageAt := c.clock(), c.now()
	w.Header().Set(cacheHeader, "miss")
	rec := &recorder{ResponseWriter: w, max: c.maxEntry}
	if err := handle(rec, r); err != nil {
		fail(rec, r, err)
		return
	}
	if h, ok := rec.keepable(); ok {
		made = &cachedPage{key: key, header: h, body: rec.body, pid: g.pid, all: g.all, own: g.own, at: at, pageAt: pageAt}
		if lead == nil {
			c.put(made)
		}
	}
}

// recorder passes a response through while keeping a copy of it, up to max
// bytes of body.
type recorder struct {
	http.ResponseWriter
	max    int
	status int
	header http.Header // as sent
	body   []byte
	over   bool // the body passed max: not kept
}

func (w *recorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		w.header = w.ResponseWriter.Header().Clone()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if !w.over {
		if len(w.body)+len(b) > w.max {
			w.over, w.body = true, nil
		} else {
			w.body = append(w.body, b...)
		}
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// keepable is the response's headers if it may be kept: status 200, whole,
// setting no cookie and not marked no-store or private.
func (w *recorder) keepable() (http.Header, bool) {
	if w.status == 0 { // nothing written: an empty 200
		w.status, w.header = http.StatusOK, w.ResponseWriter.Header().Clone()
	}
	if w.status != http.StatusOK || w.over || len(w.header.Values("Set-Cookie")) > 0 {
		return nil, false
	}
	for _, v := range w.header.Values("Cache-Control") {
		if v := strings.ToLower(v); strings.Contains(v, "no-store") || strings.Contains(v, "private") {
			return nil, false
		}
	}
	return w.header, true
}
