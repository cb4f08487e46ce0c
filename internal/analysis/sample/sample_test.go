package sample

import (
	"strings"
	"testing"
)

func TestSameSeedSameAnswers(t *testing.T) {
	a, b := Generate(7, 500), Generate(7, 500)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("answer %d differs: %+v vs %+v", i, a[i], b[i])
		}
	}
	c := Generate(8, 500)
	same := 0
	for i := range a {
		if a[i] == c[i] {
			same++
		}
	}
	if same > 50 {
		t.Errorf("another seed gives %d of 500 identical answers", same)
	}
}

func TestAnswersAreVariedAndCoverEveryTheme(t *testing.T) {
	ans := Generate(1, 2000)
	distinct := map[string]bool{}
	per := make([]int, len(Themes()))
	gd := 0
	for _, a := range ans {
		distinct[a.Text] = true
		per[a.Theme]++
		if a.Language == "gd" {
			gd++
		}
		if strings.Contains(a.Text, "{") || strings.TrimSpace(a.Text) == "" {
			t.Fatalf("unfilled or empty answer %q", a.Text)
		}
	}
	if len(distinct) < 1800 {
		t.Errorf("only %d distinct answers of 2000", len(distinct))
	}
	for i, n := range per {
		if n < 150 {
			t.Errorf("theme %d has %d answers", i, n)
		}
	}
	if gd == 0 || gd > 100 {
		t.Errorf("%d Gaelic answers of 2000, want about 2%%", gd)
	}
}

func TestOptionsLimitThemesAndWeights(t *testing.T) {
	g := New(3, Options{Themes: 3, Weights: []float64{8, 1, 1}})
	if g.ThemeCount() != 3 {
		t.Fatalf("ThemeCount = %d", g.ThemeCount())
	}
	per := make([]int, 3)
	for i := 0; i < 1000; i++ {
		a := g.Next()
		per[a.Theme]++
		if a.Language != "en" {
			t.Fatalf("Gaelic answer without Options.Gaelic: %q", a.Text)
		}
	}
	if per[0] < 700 || per[1] == 0 || per[2] == 0 {
		t.Errorf("weights 8:1:1 gave %v", per)
	}
}

func TestEverySlotIsKnown(t *testing.T) {
	for _, th := range themes {
		for _, tpl := range th.templates {
			for s := tpl; ; {
				i := strings.IndexByte(s, '{')
				if i < 0 {
					break
				}
				j := strings.IndexByte(s[i:], '}')
				if _, ok := slots[s[i+1:i+j]]; !ok {
					t.Errorf("theme %s template %q: unknown slot %s", th.Key, tpl, s[i:i+j+1])
				}
				s = s[i+j+1:]
			}
		}
	}
}
