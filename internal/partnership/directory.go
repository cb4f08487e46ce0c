package partnership

import (
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"

	"coplan/internal/db"
)

// Directory is every partnership held in memory: the list the home page and
// the API list show, and the slug every partnership's address names, looked
// up on every request. It reads them again when the generation of the list
// (generation.All, raised by Create, Update and Import) differs from the one
// it read them at; until then no request reads them from the database.
type Directory struct {
	d   *db.DB
	gen func(ctx context.Context) (int64, error) // the list's generation now

	mu     sync.Mutex // held while reading the list again
	loaded *loaded
}

type loaded struct {
	gen    int64
	list   []Partnership // in List's order
	bySlug map[string]int
}

// NewDirectory keeps d's partnerships in memory; gen reports the current
// generation of the list (a generation.Watcher's generation.All). With gen
// nil nothing is kept: every call reads the database.
func NewDirectory(d *db.DB, gen func(ctx context.Context) (int64, error)) *Directory {
	return &Directory{d: d, gen: gen}
}

func (dir *Directory) current(ctx context.Context) (*loaded, error) {
	if dir.gen == nil {
		return dir.load(ctx, 0)
	}
	g, err := dir.gen(ctx)
	if err != nil {
		return nil, err
	}
	dir.mu.Lock()
	defer dir.mu.Unlock()
	if l := dir.loaded; l != nil && l.gen == g {
		return l, nil
	}
	l, err := dir.load(ctx, g)
	if err != nil {
		return nil, err
	}
	dir.loaded = l
	return l, nil
}

func (dir *Directory) load(ctx context.Context, g int64) (*loaded, error) {
	ps, err := List(ctx, dir.d)
	if err != nil {
		return nil, err
	}
	// In Go's order of names, which the cursors of PageAfter follow (the
	// database's collation may differ).
	slices.SortStableFunc(ps, func(a, b Partnership) int {
		switch ka, kb := keyOf(a), keyOf(b); {
		case ka.less(kb):
			return -1
		case kb.less(ka):
			return 1
		}
		return 0
	})
	l := &loaded{gen: g, list: ps, bySlug: make(map[string]int, len(ps))}
	for i, p := range ps {
		l.bySlug[p.Slug] = i
	}
	return l, nil
}

// List is every partnership, as List returns them. The slice is shared:
// callers must not change it.
func (dir *Directory) List(ctx context.Context) ([]Partnership, error) {
	l, err := dir.current(ctx)
	if err != nil {
		return nil, err
	}
	return l.list, nil
}

// BySlug is the partnership with that slug, or valid.ErrNotFound (from
// BySlug). One not
// in memory (created through another instance a moment ago, before this one
// has seen the new generation) is looked for in the database.
func (dir *Directory) BySlug(ctx context.Context, slug string) (Partnership, error) {
	l, err := dir.current(ctx)
	if err != nil {
		return Partnership{}, err
	}
	i, ok := l.bySlug[slug]
	if !ok {
		return BySlug(ctx, dir.d, slug)
	}
	p := l.list[i]
	// The caller gets its own lists, so nothing it does reaches the others'.
	p.LocalAuthorities, p.Localities = slices.Clone(p.LocalAuthorities), slices.Clone(p.Localities)
	return p, nil
}

// Page is one page of the list of partnerships.
type Page struct {
	Partnerships []Partnership
	// Next is the cursor of the page after this one, "" on the last page.
	Next string
	// Number is this page's number, from 1, and Pages how many there are,
	// for pages that link to each (PageNumber).
	Number, Pages int
}

// PageAfter is at most limit partnerships following the one cursor names
// ("" for the first page), in List's order. A cursor names a place in the
// order, not a row, so paging goes on correctly when partnerships are added
// or renamed meanwhile. A cursor that is not one of Page's is
// ErrBadCursor.
func (dir *Directory) PageAfter(ctx context.Context, cursor string, limit int) (Page, error) {
	ps, err := dir.List(ctx)
	if err != nil {
		return Page{}, err
	}
	return pageAfter(ps, cursor, limit)
}

// PageNumber is page n (from 1) of the list, limit to a page; a number past
// the last page is the last page.
func (dir *Directory) PageNumber(ctx context.Context, n, limit int) (Page, error) {
	ps, err := dir.List(ctx)
	if err != nil {
		return Page{}, err
	}
	return pageNumber(ps, n, limit), nil
}

// ErrBadCursor is a paging cursor that coplan did not make.
var ErrBadCursor = errors.New("this is not a cursor from a page of this list: start again from the first page")

func pageAfter(ps []Partnership, cursor string, limit int) (Page, error) {
	start := 0
	if cursor != "" {
		k, err := parseCursor(cursor)
		if err != nil {
			return Page{}, err
		}
		// The first partnership that sorts after the cursor's place.
		start, _ = slices.BinarySearchFunc(ps, k, func(p Partnership, k sortKey) int {
			if keyOf(p).less(k) || keyOf(p) == k {
				return -1
			}
			return 1
		})
	}
	end := min(start+limit, len(ps))
	pg := Page{Partnerships: ps[start:end], Number: start/max(limit, 1) + 1, Pages: pages(len(ps), limit)}
	if end < len(ps) {
		pg.Next = keyOf(ps[end-1]).cursor()
	}
	return pg, nil
}

func pageNumber(ps []Partnership, n, limit int) Page {
	last := pages(len(ps), limit)
	n = min(max(n, 1), last)
	start := min((n-1)*limit, len(ps))
	end := min(start+limit, len(ps))
	pg := Page{Partnerships: ps[start:end], Number: n, Pages: last}
	if end < len(ps) {
		pg.Next = keyOf(ps[end-1]).cursor()
	}
	return pg
}

func pages(n, limit int) int {
	if limit <= 0 || n == 0 {
		return 1
	}
	return (n + limit - 1) / limit
}

// sortKey is a partnership's place in List's order: the demo first, then
// by name, then by id (two partnerships may share a name).
type sortKey struct {
	demo bool
	name string
	id   int64
}

func keyOf(p Partnership) sortKey { return sortKey{p.Demo, p.Name, p.ID} }

func (a sortKey) less(b sortKey) bool {
	if a.demo != b.demo {
		return a.demo
	}
	if a.name != b.name {
		return a.name < b.name
	}
	return a.id < b.id
}

// cursor encodes the key as text safe in an address.
func (k sortKey) cursor() string {
	d := "0"
	if k.demo {
		d = "1"
	}
	return base64.RawURLEncoding.EncodeToString([]byte(d + "." + strconv.FormatInt(k.id, 10) + "." + k.name))
}

func parseCursor(c string) (sortKey, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return sortKey{}, ErrBadCursor
	}
	d, rest, ok1 := strings.Cut(string(b), ".")
	id, name, ok2 := strings.Cut(rest, ".")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok1 || !ok2 || err != nil || (d != "0" && d != "1") {
		return sortKey{}, ErrBadCursor
	}
	return sortKey{demo: d == "1", name: name, id: n}, nil
}
