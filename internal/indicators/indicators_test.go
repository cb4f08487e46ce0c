package indicators

import (
	"slices"
	"testing"

	"coplan/internal/statute"
)

func TestRank(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []float64
		better statute.Better
		want   []int
	}{
		{"higher is better", []float64{80, 90, 70}, statute.HigherIsBetter, []int{2, 1, 3}},
		{"lower is better", []float64{80, 90, 70}, statute.LowerIsBetter, []int{2, 3, 1}},
		{"ties share the best rank and the next skips", []float64{90, 85, 85, 70}, statute.HigherIsBetter, []int{1, 2, 2, 4}},
		{"ties when lower is better", []float64{12000, 11000, 11000, 13000}, statute.LowerIsBetter, []int{3, 1, 1, 4}},
		{"the same to one decimal place is a tie", []float64{85.04, 85.01, 84.9}, statute.HigherIsBetter, []int{1, 1, 3}},
		{"all tied", []float64{5, 5, 5}, statute.LowerIsBetter, []int{1, 1, 1}},
		{"no direction ranks nothing", []float64{1, 2}, statute.NoDirection, []int{0, 0}},
		{"none", nil, statute.HigherIsBetter, []int{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Rank(tc.values, tc.better); !slices.Equal(got, tc.want) {
				t.Errorf("Rank(%v) = %v, want %v", tc.values, got, tc.want)
			}
		})
	}
}

func TestParseYear(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Year
		ok   bool
	}{
		{"2023/24", Year{2023, true}, true},
		{"2023-24", Year{2023, true}, true},
		{"2023/2024", Year{2023, true}, true},
		{"2023", Year{2023, false}, true},
		{"2099/00", Year{2099, true}, true},
		{"2023/25", Year{}, false},
		{"23/24", Year{}, false},
		{"next year", Year{}, false},
		{"", Year{}, false},
	} {
		got, ok := ParseYear(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseYear(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if s := (Year{2023, true}).String(); s != "2023/24" {
		t.Errorf("String = %q", s)
	}
}

func TestAgainstScotland(t *testing.T) {
	f := func(rate, lo, hi float64) Figure { return Figure{Rate: rate, Lower: &lo, Upper: &hi} }
	sc := &Figure{Rate: 80}
	for _, tc := range []struct {
		f    Figure
		sc   *Figure
		want string
	}{
		{f(85, 82, 88), sc, "Higher than Scotland"},
		{f(75, 72, 78), sc, "Lower than Scotland"},
		{f(79, 76, 82), sc, "No clear difference from Scotland"},
		{f(82, 80, 84), sc, "No clear difference from Scotland"},
		{Figure{Rate: 85}, sc, ""},
		{f(85, 82, 88), nil, ""},
	} {
		if got := AgainstScotland(tc.f, tc.sc); got != tc.want {
			t.Errorf("AgainstScotland(%v, %v) = %q, want %q", tc.f.Rate, tc.sc, got, tc.want)
		}
	}
}
