// Package sample generates varied free-text consultation answers from known
// themes, for benchmarks, quality tests and the demo.
//
// It is seeded and deterministic: the same seed and options give the same
// answers in the same order on every machine (math/rand/v2's PCG source, no
// map iteration, no clock). Each Answer carries the theme it was written from,
// so a theme-suggestion engine can be scored against the truth (adjusted Rand
// index).
//
// How an answer is written. The generator picks a theme (uniformly, or by the
// weights in Options), then writes one to three sentences from that theme's
// templates. Every template has slots such as {gp} or {wait}; each slot is
// filled with one of several synonyms ("GP", "doctor", "surgery", "health
// centre"), so two answers from one template rarely read alike. Around the
// theme's sentences it may add an opener ("I think", "Honestly,"), a closer
// ("Thanks for asking."), or a sentence about something else that belongs to
// no theme (Options.OffTopic). Noise (Options.Noise) then lower-cases the
// answer, drops its full stops, doubles a letter or swaps two letters in a
// word, as people type. A share of answers (Options.Gaelic) is written in
// Scottish Gaelic from short sentences per theme, with Language "gd".
//
// The themes are those a health and social care partnership hears in a
// consultation on its strategic plan: getting an appointment, care at home
// and unpaid carers, travel to services, mental health, staff shortages,
// online and phone services, being listened to, and money and cuts. The
// wording is made up for the purpose; it quotes no real respondent.
package sample

import (
	"math/rand/v2"
	"strings"
)

// Theme is one known theme: a key, a label a person would give it, and the
// templates and slot words its answers are written from.
type Theme struct {
	Key         string
	Label       string
	Description string
	templates   []string
	gaelic      []string
}

// Answer is one generated free-text answer.
type Answer struct {
	Text     string
	Theme    int    // index into Themes(); the truth a suggestion is scored against
	Language string // "en" or "gd"
}

// Options shape the answers. The zero value is usable: see Defaults.
type Options struct {
	Themes   int       // how many of the themes to use, from the first; 0 or too many means all
	Weights  []float64 // relative frequency of each theme used; nil means equal
	Noise    float64   // share of answers with typing noise (0..1)
	OffTopic float64   // share of answers with an off-topic sentence added (0..1)
	Gaelic   float64   // share of answers written in Gaelic (0..1)
}

// Defaults are the options the bench, the quality test and the demo use.
var Defaults = Options{Noise: 0.3, OffTopic: 0.15, Gaelic: 0.02}

// Generator writes answers. It is not safe for concurrent use.
type Generator struct {
	r      *rand.Rand
	opt    Options
	themes []Theme
	cum    []float64
}

// New returns a generator seeded with seed.
func New(seed uint64, opt Options) *Generator {
	all := Themes()
	n := opt.Themes
	if n <= 0 || n > len(all) {
		n = len(all)
	}
	g := &Generator{r: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)), opt: opt, themes: all[:n]}
	total := 0.0
	for i := 0; i < n; i++ {
		w := 1.0
		if i < len(opt.Weights) && opt.Weights[i] > 0 {
			w = opt.Weights[i]
		}
		total += w
		g.cum = append(g.cum, total)
	}
	for i := range g.cum {
		g.cum[i] /= total
	}
	return g
}

// Generate returns n answers from a new generator with the default options.
func Generate(seed uint64, n int) []Answer {
	g := New(seed, Defaults)
	out := make([]Answer, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

// Themes returns the known themes, in a fixed order.
func Themes() []Theme {
	out := make([]Theme, len(themes))
	copy(out, themes)
	return out
}

// ThemeCount is how many themes the generator uses.
func (g *Generator) ThemeCount() int { return len(g.themes) }

// Next writes the next answer.
func (g *Generator) Next() Answer {
	x := g.r.Float64()
	t := len(g.cum) - 1
	for i, c := range g.cum {
		if x < c {
			t = i
			break
		}
	}
	th := &g.themes[t]
	if g.opt.Gaelic > 0 && len(th.gaelic) > 0 && g.r.Float64() < g.opt.Gaelic {
		return Answer{Text: g.gaelicAnswer(th), Theme: t, Language: "gd"}
	}
	var b strings.Builder
	opener := g.r.IntN(3) == 0
	if opener {
		b.WriteString(g.pick(openers))
	}
	n := 1 + g.r.IntN(3)
	first := g.r.IntN(len(th.templates))
	for i := 0; i < n; i++ {
		tpl := th.templates[(first+i*(1+g.r.IntN(len(th.templates)-1)))%len(th.templates)]
		g.sentence(&b, tpl, !(opener && i == 0))
	}
	if g.opt.OffTopic > 0 && g.r.Float64() < g.opt.OffTopic {
		g.sentence(&b, g.pick(offTopic), true)
	}
	if g.r.IntN(5) == 0 {
		sep(&b)
		b.WriteString(g.pick(closers))
	}
	text := b.String()
	if g.opt.Noise > 0 && g.r.Float64() < g.opt.Noise {
		text = g.noise(text)
	}
	return Answer{Text: text, Theme: t, Language: "en"}
}

func (g *Generator) pick(list []string) string { return list[g.r.IntN(len(list))] }

func sep(b *strings.Builder) {
	if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
		b.WriteByte(' ')
	}
}

// sentence fills tpl's slots and appends it to b with a full stop,
// capitalised unless it continues an opener.
func (g *Generator) sentence(b *strings.Builder, tpl string, capital bool) {
	var s strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			s.WriteString(tpl)
			break
		}
		j := strings.IndexByte(tpl[i:], '}')
		if j < 0 {
			s.WriteString(tpl)
			break
		}
		s.WriteString(tpl[:i])
		words, ok := slots[tpl[i+1:i+j]]
		if ok {
			s.WriteString(g.pick(words))
		} else {
			s.WriteString(tpl[i : i+j+1])
		}
		tpl = tpl[i+j+1:]
	}
	out := s.String()
	if capital && out != "" {
		out = strings.ToUpper(out[:1]) + out[1:]
	}
	sep(b)
	b.WriteString(out)
	b.WriteByte('.')
}

func (g *Generator) gaelicAnswer(th *Theme) string {
	n := 1 + g.r.IntN(2)
	parts := make([]string, 0, n)
	first := g.r.IntN(len(th.gaelic))
	for i := 0; i < n && i < len(th.gaelic); i++ {
		parts = append(parts, th.gaelic[(first+i)%len(th.gaelic)])
	}
	return strings.Join(parts, " ")
}

// noise makes the text look typed in a hurry: one or more of lower case, no
// full stops, a doubled letter, two letters swapped.
func (g *Generator) noise(text string) string {
	k := g.r.IntN(4)
	switch k {
	case 0:
		return strings.ToLower(text)
	case 1:
		return strings.ReplaceAll(text, ".", "")
	}
	words := strings.Fields(text)
	if len(words) == 0 {
		return text
	}
	// find a plain ASCII word of at least five letters to mistype
	for tries := 0; tries < 4; tries++ {
		i := g.r.IntN(len(words))
		w := words[i]
		if len(w) < 5 || !ascii(w) {
			continue
		}
		p := 1 + g.r.IntN(len(w)-3)
		if k == 2 {
			w = w[:p] + w[p:p+1] + w[p:]
		} else {
			w = w[:p] + w[p+1:p+2] + w[p:p+1] + w[p+2:]
		}
		words[i] = w
		break
	}
	return strings.Join(words, " ")
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
