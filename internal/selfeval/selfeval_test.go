package selfeval

import (
	"testing"

	"coplan/internal/civil"
	"coplan/internal/statute"
)

func TestFinancialYear(t *testing.T) {
	for _, tc := range []struct {
		day  civil.Date
		want string
	}{{"2026-03-31", "2025-26"}, {"2026-04-01", "2026-27"}, {"2026-12-03", "2026-27"}, {"2099-04-01", "2099-00"}} {
		if got := FinancialYear(tc.day).String(); got != tc.want {
			t.Errorf("FinancialYear(%s) = %s, want %s", tc.day, got, tc.want)
		}
	}
}

func TestParseYear(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Year
		ok   bool
	}{{"2026", 2026, true}, {"2026-27", 2026, true}, {"2026-28", 0, false}, {"1999", 0, false}, {"", 0, false}, {"x", 0, false}} {
		if got, ok := ParseYear(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("ParseYear(%q) = %v, %v", tc.in, got, ok)
		}
	}
}

func TestCompare(t *testing.T) {
	from := Content{Ratings: []Rating{{Framework: statute.FrameworkStandards, Item: "inclusion", Grade: 3}, {Framework: statute.FrameworkStandards, Item: "impact", Grade: 4}}}
	to := Content{Ratings: []Rating{{Framework: statute.FrameworkStandards, Item: "inclusion", Grade: 5}, {Framework: statute.FrameworkStandards, Item: "impact", Grade: 2},
		{Framework: statute.FrameworkMSG, Item: "1(iii)", Grade: 4}}}
	want := map[string]string{"inclusion": "better", "impact": "worse", "1(iii)": "", "support": ""}
	n := 0
	for _, f := range statute.SelfEvaluationFrameworks() {
		n += len(f.Items)
	}
	cs := Compare(from, to)
	if len(cs) != n {
		t.Fatalf("%d changes, want one per item (%d)", len(cs), n)
	}
	for _, c := range cs {
		if w, ok := want[c.Item]; ok && c.Direction() != w {
			t.Errorf("%s: %d to %d is %q, want %q", c.Item, c.From, c.To, c.Direction(), w)
		}
	}
	if (Change{From: 4, To: 4}).Direction() != "same" {
		t.Error("4 to 4 is not the same")
	}
}
