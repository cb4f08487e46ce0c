package partnership

import (
	"fmt"
	"slices"
	"testing"
)

func slugs(ps []Partnership) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Slug
	}
	return out
}

// list is n partnerships in the directory's order: the demo, then by name.
func list(n int) []Partnership {
	ps := []Partnership{{ID: 99, Slug: "demo", Name: "Zed", Demo: true}}
	for i := 1; i < n; i++ {
		ps = append(ps, Partnership{ID: int64(i), Slug: fmt.Sprintf("p%02d", i), Name: fmt.Sprintf("Place %03d", i)})
	}
	return ps
}

// Paging with a cursor walks the whole list once, in order, whatever the
// page size.
func TestPageAfterWalksTheList(t *testing.T) {
	for _, tc := range []struct{ n, limit, pages int }{
		{32, 40, 1}, // Scotland: one page
		{40, 40, 1},
		{41, 40, 2},
		{300, 40, 8},
		{5, 1, 5},
		{0, 40, 1},
	} {
		t.Run(fmt.Sprintf("%d by %d", tc.n, tc.limit), func(t *testing.T) {
			ps := list(tc.n)
			if tc.n == 0 {
				ps = nil
			}
			var got []string
			cursor, pages := "", 0
			for {
				pg, err := pageAfter(ps, cursor, tc.limit)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				if len(pg.Partnerships) > tc.limit {
					t.Fatalf("page of %d, limit %d", len(pg.Partnerships), tc.limit)
				}
				got = append(got, slugs(pg.Partnerships)...)
				if pg.Next == "" {
					break
				}
				cursor = pg.Next
			}
			if pages != tc.pages || !slices.Equal(got, slugs(ps)) {
				t.Fatalf("%d pages giving %v; want %d pages giving the whole list", pages, got, tc.pages)
			}
		})
	}
}

// A cursor is a place in the order, so a partnership added, removed or
// renamed meanwhile neither repeats nor skips the others.
func TestCursorSurvivesChanges(t *testing.T) {
	ps := list(6)                      // demo, p01 .. p05
	first, err := pageAfter(ps, "", 3) // demo, p01, p02
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		change func([]Partnership) []Partnership
		want   []string
	}{
		{"nothing changed", func(ps []Partnership) []Partnership { return ps }, []string{"p03", "p04", "p05"}},
		{"the last one shown removed", func(ps []Partnership) []Partnership { return slices.Delete(ps, 2, 3) }, []string{"p03", "p04", "p05"}},
		{"one added before the cursor", func(ps []Partnership) []Partnership {
			return slices.Insert(ps, 1, Partnership{ID: 50, Slug: "new", Name: "Place 000"})
		}, []string{"p03", "p04", "p05"}},
		{"one added after the cursor", func(ps []Partnership) []Partnership {
			return slices.Insert(ps, 3, Partnership{ID: 50, Slug: "new", Name: "Place 002a"})
		}, []string{"new", "p03", "p04"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			changed := tc.change(slices.Clone(ps))
			pg, err := pageAfter(changed, first.Next, 3)
			if err != nil {
				t.Fatal(err)
			}
			if got := slugs(pg.Partnerships); !slices.Equal(got, tc.want) {
				t.Fatalf("next page %v, want %v", got, tc.want)
			}
		})
	}
}

func TestBadCursors(t *testing.T) {
	for _, c := range []string{"!!!", "bm90IGEgY3Vyc29y", "Mi4xLm5hbWU", "MS54Lm5hbWU"} {
		if _, err := pageAfter(list(3), c, 2); err != ErrBadCursor {
			t.Errorf("cursor %q: error %v, want ErrBadCursor", c, err)
		}
	}
	// A cursor holds names with dots and any other character.
	k := sortKey{demo: false, name: "St. Andrews & Fife.", id: 12}
	if got, err := parseCursor(k.cursor()); err != nil || got != k {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
}

func TestPageNumber(t *testing.T) {
	ps := list(85)
	for _, tc := range []struct {
		n, wantNumber, wantLen int
		first                  string
	}{
		{1, 1, 40, "demo"},
		{0, 1, 40, "demo"},
		{2, 2, 40, "p40"},
		{3, 3, 5, "p80"},
		{9, 3, 5, "p80"}, // past the end: the last page
	} {
		pg := pageNumber(ps, tc.n, 40)
		if pg.Number != tc.wantNumber || pg.Pages != 3 || len(pg.Partnerships) != tc.wantLen || pg.Partnerships[0].Slug != tc.first {
			t.Errorf("page %d: number %d of %d, %d partnerships from %s", tc.n, pg.Number, pg.Pages, len(pg.Partnerships), pg.Partnerships[0].Slug)
		}
	}
}
