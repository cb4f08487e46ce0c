package analysis

import (
	"reflect"
	"strings"
	"testing"

	"coplan/internal/analysis/sample"
)

func TestTokens(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Care at HOME, please!", "care at home please"},
		{"I don't know; it’s 8am on the A9 in 2026", "don't know it's on the in"},
		{"See https://example.org/x or www.nhs.scot and mail me@example.com now", "see or and mail now"},
		{"Tha mi sgìth, glè sgìth.", "tha mi sgìth glè sgìth"},
		{"café—naïve", "café naïve"},
		{"co-production, re-design - and well- known", "co-production re-design and well known"},
		{"a I x", ""},
	}
	for _, c := range cases {
		var got []string
		Tokens(c.in, func(s string) { got = append(got, s) })
		if strings.Join(got, " ") != c.want {
			t.Errorf("Tokens(%q) = %q, want %q", c.in, strings.Join(got, " "), c.want)
		}
	}
}

func TestIsGaelic(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"Tha e ro dhoirbh coinneamh fhaighinn aig an dotair.", true},
		{"Chan eil bus ann don ospadal bhon bhaile againn.", true},
		{"There is no bus to the hospital from our village.", false},
		{"I would like to be answered in Gàidhlig, agus that is all.", false},
		{"", false},
	}
	for _, c := range cases {
		if got := IsGaelic(c.in); got != c.want {
			t.Errorf("IsGaelic(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func generated(n int, seed uint64) ([]sample.Answer, *Themer) {
	g := sample.New(seed, sample.Defaults)
	th := NewThemer(ThemeOptions{})
	ans := make([]sample.Answer, n)
	for i := range ans {
		ans[i] = g.Next()
		th.Add(int64(i), ans[i].Text, ans[i].Language)
	}
	return ans, th
}

// labels gives each answer the index of the suggestion holding it (-1 when
// ungrouped).
func labels(res ThemeResult, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = -1
	}
	for j, s := range res.Suggestions {
		for _, id := range s.Members {
			out[id] = j
		}
	}
	return out
}

func TestSuggestSameInputSameOutput(t *testing.T) {
	_, a := generated(1500, 11)
	_, b := generated(1500, 11)
	ra, rb := a.Suggest(), b.Suggest()
	if !reflect.DeepEqual(ra, rb) {
		t.Fatal("two runs over the same answers suggested different themes")
	}
}

// The floor on the generated answers' agreement with their known themes,
// with k estimated and with k given. Deterministic: fixed seeds.
func TestSuggestFindsKnownThemes(t *testing.T) {
	for _, k := range []int{0, 8} {
		ans, th := generated(3000, 2026)
		th.opt.K = k
		res := th.Suggest()
		got := labels(res, len(ans))
		var truth, pred []int
		gd := 0
		for i, a := range ans {
			if a.Language == "gd" {
				gd++
				continue
			}
			truth = append(truth, a.Theme)
			pred = append(pred, got[i])
		}
		ari := AdjustedRandIndex(truth, pred)
		t.Logf("k=%d (used %d, estimated %v, silhouette %.3f): ARI %.3f over %d English answers", k, res.K, res.Estimated, res.Silhouette, ari, len(truth))
		if ari < 0.9 {
			t.Errorf("k=%d: ARI %.3f below the floor 0.9", k, ari)
		}
		for _, s := range res.Suggestions {
			if len(s.Terms) == 0 || s.Label == "" || len(s.Typical) == 0 || s.Size != len(s.Members) {
				t.Errorf("suggestion %+v lacks terms, label or typical answers", s.Label)
			}
			if s.Language == "gd" {
				for _, id := range s.Members {
					if ans[id].Language != "gd" {
						t.Errorf("English answer %q among the Gaelic", ans[id].Text)
					}
				}
			}
			t.Logf("%s %5d %-40s %v", s.Language, s.Size, s.Label, s.Terms)
		}
		if gd == 0 {
			t.Error("no Gaelic answers generated")
		}
	}
}

func TestSuggestSmallAndEmpty(t *testing.T) {
	th := NewThemer(ThemeOptions{})
	res := th.Suggest()
	if len(res.Suggestions) != 0 {
		t.Errorf("no answers gave %d suggestions", len(res.Suggestions))
	}
	th = NewThemer(ThemeOptions{})
	th.Add(1, "The bus to the hospital", "en")
	th.Add(2, "12345", "en")
	th.Add(3, "Chan eil bus ann don ospadal", "en")
	res = th.Suggest()
	if !reflect.DeepEqual(res.Ungrouped, []int64{2}) {
		t.Errorf("ungrouped = %v, want [2]", res.Ungrouped)
	}
	if len(res.Suggestions) != 2 || res.Suggestions[0].Size != 1 {
		t.Fatalf("suggestions = %+v", res.Suggestions)
	}
	langs := res.Suggestions[0].Language + res.Suggestions[1].Language
	if langs != "engd" && langs != "gden" {
		t.Errorf("languages %q, want one English and one Gaelic", langs)
	}
}
