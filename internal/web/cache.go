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
	// DefaultPageCacheTTL is the longest a page is served from memory,
	// even with no change recorded: pages that change with the clock
	// alone, such as a consultation opening or closing at its time, are
	// at most this late. Changes people make show at once on the instance
	// they were made through and within a second on the others, through
	// the generations (package generation), whatever this is.
	DefaultPageCacheTTL = 2 * time.Second
)

// pageCache keeps the public pages that are the same for every member of
// the public (routes marked Cache) in memory, per instance: the whole
// response, status 200 with its headers and body, under the request's
// method and address (path and query: a page differs by nothing else; the
// only cookie coplan reads is the session, and a signed-in request is
// never answered from here). A page is served from memory while the
// generations of its partnership and of the list of partnerships are the
// ones it was made at, and for at most ttl by both the real clock and the
// pages' clock.
type pageCache struct {
	clock    civil.Clock // real time
	now      civil.Clock // the pages' clock (fixed in some tests)
	ttl      time.Duration
	maxBytes int
	maxEntry int

	mu      sync.Mutex
	entries map[string]*list.Element // of *cachedPage
	lru     *list.List               // most recently used first
	bytes   int
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
		entries: map[string]*list.Element{}, lru: list.New()}
}

// cacheKey is what a cached page is filed under.
func cacheKey(r *http.Request) string { return r.Method + " " + r.URL.RequestURI() }

// get returns the page kept under key if it is still good for g.
func (c *pageCache) get(key string, g pageGen) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil
	}
	p := el.Value.(*cachedPage)
	if p.pid != g.pid || p.all != g.all || p.own != g.own || !c.fresh(p) {
		c.remove(el)
		return nil
	}
	c.lru.MoveToFront(el)
	return p
}

func (c *pageCache) fresh(p *cachedPage) bool {
	age, pageAge := c.clock().Sub(p.at), c.now().Sub(p.pageAt)
	return age >= 0 && age < c.ttl && pageAge >= 0 && pageAge < c.ttl
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
	if p := c.get(key, g); p != nil {
		h := w.Header()
		for k, vs := range p.header {
			h[k] = vs
		}
		h.Set(cacheHeader, "hit")
		w.WriteHeader(http.StatusOK)
		w.Write(p.body)
		return
	}
	at, pageAt := c.clock(), c.now()
	w.Header().Set(cacheHeader, "miss")
	rec := &recorder{ResponseWriter: w, max: c.maxEntry}
	if err := handle(rec, r); err != nil {
		fail(rec, r, err)
		return
	}
	if h, ok := rec.keepable(); ok {
		c.put(&cachedPage{key: key, header: h, body: rec.body, pid: g.pid, all: g.all, own: g.own, at: at, pageAt: pageAt})
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
