package analysis

import (
	"math"
	"testing"
)

// Expectations worked by hand from the contingency table:
// ARI = (Σ C(n_ij,2) - E) / ((Σ C(a_i,2) + Σ C(b_j,2))/2 - E),
// E = Σ C(a_i,2) Σ C(b_j,2) / C(n,2).
func TestAdjustedRandIndex(t *testing.T) {
	cases := []struct {
		name string
		a, b []int
		want float64
	}{
		{"same grouping", []int{0, 0, 1, 1}, []int{0, 0, 1, 1}, 1},
		{"same grouping, other names", []int{0, 0, 1, 1}, []int{7, 7, 3, 3}, 1},
		// index 0, sums 2 and 2, E = 4/6, max 2: (0-2/3)/(2-2/3) = -1/2
		{"crossed", []int{0, 0, 1, 1}, []int{0, 1, 0, 1}, -0.5},
		// cells 2,1,1,2: index 2; sums 6 and 3; E = 18/15 = 1.2; max 4.5: 0.8/3.3
		{"one group split", []int{0, 0, 0, 1, 1, 1}, []int{0, 0, 1, 1, 2, 2}, 0.8 / 3.3},
		// index 0, sums 3 and 0, E 0, max 1.5: 0
		{"all together against all apart", []int{0, 0, 0}, []int{0, 1, 2}, 0},
		{"all together in both", []int{4, 4, 4}, []int{1, 1, 1}, 1},
		{"one item", []int{0}, []int{3}, 1},
	}
	for _, c := range cases {
		if got := AdjustedRandIndex(c.a, c.b); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: ARI = %v, want %v", c.name, got, c.want)
		}
	}
}
