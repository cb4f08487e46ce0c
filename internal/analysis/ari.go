package analysis

// AdjustedRandIndex measures how far two groupings of the same items agree,
// corrected for chance (Hubert and Arabie 1985): 1 when they are the same
// grouping (whatever the groups are called), about 0 for groupings no
// closer than chance, negative below it. a[i] and b[i] are item i's group
// in each; the slices must be the same length. Two groupings that both put
// every item in one group, or every item alone, agree fully (1).
func AdjustedRandIndex(a, b []int) float64 {
	if len(a) != len(b) {
		panic("AdjustedRandIndex: groupings of different lengths")
	}
	n := len(a)
	if n < 2 {
		return 1
	}
	type pair struct{ x, y int }
	cell := map[pair]int{}
	rows := map[int]int{}
	cols := map[int]int{}
	for i := range a {
		cell[pair{a[i], b[i]}]++
		rows[a[i]]++
		cols[b[i]]++
	}
	c2 := func(m int) float64 { return float64(m) * float64(m-1) / 2 }
	var index, sa, sb float64
	for _, m := range cell {
		index += c2(m)
	}
	for _, m := range rows {
		sa += c2(m)
	}
	for _, m := range cols {
		sb += c2(m)
	}
	expected := sa * sb / c2(n)
	maxIndex := (sa + sb) / 2
	if maxIndex == expected {
		return 1
	}
	return (index - expected) / (maxIndex - expected)
}
