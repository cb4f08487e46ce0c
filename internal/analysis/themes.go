package analysis

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/kljensen/snowball/english"
)

// Suggested themes (issue 13, item 5). A Themer reads free-text answers one
// at a time and suggests themes without any network or downloaded model,
// the same suggestions for the same answers in the same order:
//
//   - words: Tokens (Unicode letters, lower-cased, numbers and addresses
//     dropped), the Snowball English stop words removed, and each word
//     stemmed with the Snowball English (Porter2) stemmer, so "carers",
//     "caring" and "care" count as one term. Answers in Gaelic (language
//     "gd", or IsGaelic) are grouped apart, without English stemming or
//     stop words (Gaelic function words are dropped instead).
//   - weights: TF-IDF with sublinear term frequency (1 + ln tf) and
//     smoothed inverse document frequency (ln((1+n)/(1+df)) + 1), each
//     answer an L2-normalised sparse vector. Terms in fewer than MinDF
//     answers or in more than half of them are left out, and the
//     vocabulary is capped at MaxVocab terms (the most frequent).
//   - grouping: spherical k-means (cosine similarity) seeded by k-means++
//     from fixed seeds (the best of four starts), fitted on an evenly
//     spread sample of at most Sample answers; then every answer joins its nearest centre and the
//     centres are recomputed from all answers and the answers reassigned
//     once more.
//   - how many themes: chosen by the user (K), or estimated as the k from
//     2 to MaxK with the highest mean silhouette (cosine distance) on an
//     evenly spread sample of at most 1,000 answers.
//   - each theme is labelled by its centre's top terms, shown in the word
//     people used most for each stem, with its most typical answers (those
//     nearest the centre).

// ThemeOptions shape a suggestion. Zero values take the defaults.
type ThemeOptions struct {
	K        int    // number of themes for the English answers; 0 estimates it
	MaxK     int    // the most themes an estimate may give (default 12)
	Terms    int    // top terms per theme (default 8)
	Typical  int    // typical answers per theme (default 3)
	Seed     uint64 // k-means++ seed (default 1)
	MaxVocab int    // vocabulary cap (default 20,000 terms)
	MinDF    int    // least number of answers a term must be in (default 2)
	Sample   int    // answers the centres are fitted on (default 20,000)
}

func (o ThemeOptions) withDefaults() ThemeOptions {
	if o.MaxK <= 1 {
		o.MaxK = 12
	}
	if o.Terms <= 0 {
		o.Terms = 8
	}
	if o.Typical <= 0 {
		o.Typical = 3
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.MaxVocab <= 0 {
		o.MaxVocab = 20000
	}
	if o.MinDF <= 0 {
		o.MinDF = 2
	}
	if o.Sample <= 0 {
		o.Sample = 20000
	}
	return o
}

// Suggestion is one suggested theme.
type Suggestion struct {
	Label    string   // its top three terms
	Terms    []string // its top terms, most typical first
	Size     int      // how many answers it holds
	Typical  []int64  // ids of its most typical answers, most typical first
	Members  []int64  // ids of all its answers, in the order they were added
	Language string   // "en" or "gd"
}

// ThemeResult is a suggestion of themes for a set of answers.
type ThemeResult struct {
	Suggestions []Suggestion // largest first
	K           int          // themes among the English answers
	Estimated   bool         // K was estimated (silhouette), not chosen
	Silhouette  float64      // mean silhouette of the English grouping on its sample (0 when not computed)
	Answers     int          // answers read
	Ungrouped   []int64      // answers with no words left to group by (empty, only numbers or stop words)
}

// Themer collects answers and suggests themes for them.
type Themer struct {
	opt  ThemeOptions
	en   *corpus
	gd   *corpus
	n    int
	buf  []byte // the current answer's words, end to end
	ends []int  // where each word ends in buf
}

// NewThemer returns a Themer.
func NewThemer(opt ThemeOptions) *Themer {
	opt = opt.withDefaults()
	return &Themer{opt: opt, en: newCorpus("en", true, englishStopWords), gd: newCorpus("gd", false, gaelicMarkers)}
}

// Add reads one answer. lang is the response's language ("gd" for Gaelic);
// an answer in another language that looks Gaelic (IsGaelic) is treated as
// Gaelic too.
func (t *Themer) Add(id int64, text, lang string) {
	t.n++
	// one pass over the text: its words, and how many are Gaelic markers
	t.buf, t.ends = t.buf[:0], t.ends[:0]
	hits := 0
	tokens(text, func(w []byte) {
		t.buf = append(t.buf, w...)
		t.ends = append(t.ends, len(t.buf))
		if gaelicMarkers[string(w)] {
			hits++
		}
	})
	if lang == "gd" || gaelicShare(hits, len(t.ends)) {
		t.gd.add(id, t.buf, t.ends)
		return
	}
	t.en.add(id, t.buf, t.ends)
}

// Suggest groups the answers read so far.
func (t *Themer) Suggest() ThemeResult {
	res := ThemeResult{Answers: t.n}
	for _, c := range []*corpus{t.en, t.gd} {
		c.weigh(t.opt)
		k := 0
		if c == t.en {
			k = t.opt.K
		}
		got, usedK, est, sil := c.group(t.opt, k)
		res.Suggestions = append(res.Suggestions, got...)
		res.Ungrouped = append(res.Ungrouped, c.ungrouped()...)
		if c == t.en {
			res.K, res.Estimated, res.Silhouette = usedK, est, sil
		}
	}
	slices.SortStableFunc(res.Suggestions, func(a, b Suggestion) int {
		if a.Size != b.Size {
			return b.Size - a.Size
		}
		return strings.Compare(a.Label, b.Label)
	})
	return res
}

// corpus holds one language's answers as sparse vectors in flat arrays:
// answer i's terms are terms[off[i]:off[i+1]] with weights w[...].
type corpus struct {
	lang      string
	stem      bool
	stop      map[string]bool
	words     map[string]int32 // surface word -> index
	wordTerm  []int32          // word -> term, -1 for a stop word
	wordCount []int32
	termOf    map[string]int32 // stem -> term
	nterms    int
	ids       []int64
	off       []uint32
	terms     []uint32
	w         []float32
	scratch   []uint32
	vocab     int      // terms kept after weigh
	display   []string // kept term -> the word shown for it
}

func newCorpus(lang string, stem bool, stop map[string]bool) *corpus {
	return &corpus{lang: lang, stem: stem, stop: stop, words: map[string]int32{}, termOf: map[string]int32{}, off: []uint32{0}}
}

// add adds an answer given as its words: buf[ends[i-1]:ends[i]].
func (c *corpus) add(id int64, buf []byte, ends []int) {
	c.scratch = c.scratch[:0]
	from := 0
	for _, end := range ends {
		s := buf[from:end]
		from = end
		wi, ok := c.words[string(s)]
		if !ok {
			word := string(s)
			wi = int32(len(c.wordTerm))
			c.words[word] = wi
			term := int32(-1)
			if !c.stop[word] {
				st := word
				if c.stem {
					st = english.Stem(strings.ReplaceAll(word, "'", ""), false)
				}
				ti, ok := c.termOf[st]
				if !ok {
					ti = int32(c.nterms)
					c.termOf[st] = ti
					c.nterms++
				}
				term = ti
			}
			c.wordTerm = append(c.wordTerm, term)
			c.wordCount = append(c.wordCount, 0)
		}
		c.wordCount[wi]++
		if t := c.wordTerm[wi]; t >= 0 {
			c.scratch = append(c.scratch, uint32(t))
		}
	}
	slices.Sort(c.scratch)
	for i := 0; i < len(c.scratch); {
		j := i + 1
		for j < len(c.scratch) && c.scratch[j] == c.scratch[i] {
			j++
		}
		c.terms = append(c.terms, c.scratch[i])
		c.w = append(c.w, float32(j-i))
		i = j
	}
	c.ids = append(c.ids, id)
	c.off = append(c.off, uint32(len(c.terms)))
}

func (c *corpus) size() int { return len(c.ids) }

func (c *corpus) doc(i int) ([]uint32, []float32) {
	a, b := c.off[i], c.off[i+1]
	return c.terms[a:b], c.w[a:b]
}

// weigh drops rare, ubiquitous and surplus terms, renumbers the rest and
// turns counts into L2-normalised TF-IDF weights, in place.
func (c *corpus) weigh(opt ThemeOptions) {
	n := c.size()
	df := make([]int32, c.nterms)
	for _, t := range c.terms {
		df[t]++
	}
	minDF := int32(opt.MinDF)
	if n < 50 {
		minDF = 1 // a handful of answers: every word counts
	}
	maxDF := int32(n / 2)
	if n < 4 {
		maxDF = int32(n)
	}
	kept := make([]int32, 0, c.nterms)
	for t, d := range df {
		if d >= minDF && d <= maxDF {
			kept = append(kept, int32(t))
		}
	}
	slices.SortStableFunc(kept, func(a, b int32) int { return cmp.Compare(df[b], df[a]) })
	if len(kept) > opt.MaxVocab {
		kept = kept[:opt.MaxVocab]
	}
	slices.Sort(kept)
	newID := make([]int32, c.nterms)
	for i := range newID {
		newID[i] = -1
	}
	idf := make([]float32, len(kept))
	for i, t := range kept {
		newID[t] = int32(i)
		idf[i] = float32(math.Log(float64(1+n)/float64(1+df[t])) + 1)
	}
	c.vocab = len(kept)
	// the word shown for each kept term: the one used most
	c.display = make([]string, len(kept))
	best := make([]int32, len(kept))
	words := make([]string, len(c.wordTerm))
	for w, i := range c.words {
		words[i] = w
	}
	for wi, t := range c.wordTerm {
		if t < 0 || newID[t] < 0 {
			continue
		}
		k := newID[t]
		if cnt := c.wordCount[wi]; cnt > best[k] || cnt == best[k] && words[wi] < c.display[k] {
			best[k], c.display[k] = cnt, words[wi]
		}
	}
	// rewrite the arena: terms renumbered (order kept: renumbering is
	// monotonic), weights sublinear tf x idf, normalised
	out := uint32(0)
	start := uint32(0)
	for i := 0; i < n; i++ {
		a, b := c.off[i], c.off[i+1]
		var norm float64
		from := out
		for j := a; j < b; j++ {
			nt := newID[c.terms[j]]
			if nt < 0 {
				continue
			}
			v := (1 + float32(math.Log(float64(c.w[j])))) * idf[nt]
			c.terms[out], c.w[out] = uint32(nt), v
			norm += float64(v) * float64(v)
			out++
		}
		if norm > 0 {
			inv := float32(1 / math.Sqrt(norm))
			for j := from; j < out; j++ {
				c.w[j] *= inv
			}
		}
		c.off[i] = start
		start = out
	}
	c.off[n] = out
	c.terms, c.w = c.terms[:out], c.w[:out]
	c.words, c.termOf = nil, nil // no more answers after weighing
}

func (c *corpus) ungrouped() []int64 {
	var out []int64
	for i := range c.ids {
		if c.off[i] == c.off[i+1] {
			out = append(out, c.ids[i])
		}
	}
	return out
}

// spread returns at most m of the indices in idx, evenly spread.
func spread(idx []int, m int) []int {
	if len(idx) <= m {
		return idx
	}
	out := make([]int, m)
	for i := range out {
		out[i] = idx[i*len(idx)/m]
	}
	return out
}

// group clusters the corpus into k themes (k = 0: estimate).
func (c *corpus) group(opt ThemeOptions, k int) (sugg []Suggestion, usedK int, estimated bool, sil float64) {
	var live []int // answers with words
	for i := 0; i < c.size(); i++ {
		if c.off[i] < c.off[i+1] {
			live = append(live, i)
		}
	}
	if len(live) == 0 {
		return nil, 0, false, 0
	}
	maxK := min(opt.MaxK, len(live)/5) // at least five answers a theme on average
	if k <= 0 {
		estimated = true
		if maxK < 2 {
			k = 1
		} else {
			k, sil = c.estimateK(opt, live, maxK)
		}
	}
	k = max(1, min(k, len(live)))
	fit := spread(live, opt.Sample)
	centres := c.kmeansBest(fit, k, opt.Seed, 30, restarts)
	// every answer to its nearest centre, the centres recomputed from all,
	// and every answer placed again
	assign := make([]int32, c.size())
	for pass := 0; pass < 2; pass++ {
		c.assignAll(live, centres, k, assign, nil)
		if pass == 0 {
			centres = c.centroids(live, assign, k)
		}
	}
	sims := make([]float32, c.size())
	c.assignAll(live, centres, k, assign, sims)

	sugg = make([]Suggestion, k)
	for j := range sugg {
		sugg[j].Language = c.lang
	}
	for _, i := range live {
		j := assign[i]
		sugg[j].Members = append(sugg[j].Members, c.ids[i])
		sugg[j].Size++
	}
	// typical answers: the nearest to each centre (ties: the earlier)
	typ := make([][]int, k)
	for _, i := range live {
		j := assign[i]
		t := typ[j]
		pos := len(t)
		for pos > 0 && sims[i] > sims[t[pos-1]] {
			pos--
		}
		if pos < opt.Typical {
			t = slices.Insert(t, pos, i)
			if len(t) > opt.Typical {
				t = t[:opt.Typical]
			}
			typ[j] = t
		}
	}
	for j := range sugg {
		for _, i := range typ[j] {
			sugg[j].Typical = append(sugg[j].Typical, c.ids[i])
		}
		sugg[j].Terms = c.topTerms(centres, k, j, opt.Terms)
		n := min(3, len(sugg[j].Terms))
		sugg[j].Label = strings.Join(sugg[j].Terms[:n], ", ")
	}
	out := sugg[:0]
	for _, s := range sugg {
		if s.Size > 0 {
			out = append(out, s)
		}
	}
	return out, k, estimated, sil
}

// topTerms is centre j's n heaviest terms in their display forms.
func (c *corpus) topTerms(centres []float32, k, j, n int) []string {
	type tw struct {
		t int
		w float32
	}
	var all []tw
	for t := 0; t < c.vocab; t++ {
		if w := centres[t*k+j]; w > 0 {
			all = append(all, tw{t, w})
		}
	}
	slices.SortStableFunc(all, func(a, b tw) int { return cmp.Compare(b.w, a.w) })
	out := []string{}
	for _, x := range all[:min(n, len(all))] {
		out = append(out, c.display[x.t])
	}
	return out
}

// scores sets s[j] to the similarity of answer i with each centre. Centres
// are stored term-major: centres[t*k+j].
func (c *corpus) scores(i int, centres []float32, k int, s []float32) {
	clear(s)
	ts, ws := c.doc(i)
	for x, t := range ts {
		w := ws[x]
		row := centres[int(t)*k : int(t)*k+k]
		for j, v := range row {
			s[j] += w * v
		}
	}
}

func argmax(s []float32) (int, float32) {
	best, bv := 0, s[0]
	for j, v := range s[1:] {
		if v > bv {
			best, bv = j+1, v
		}
	}
	return best, bv
}

func (c *corpus) assignAll(idx []int, centres []float32, k int, assign []int32, sims []float32) {
	s := make([]float32, k)
	for _, i := range idx {
		c.scores(i, centres, k, s)
		j, v := argmax(s)
		assign[i] = int32(j)
		if sims != nil {
			sims[i] = v
		}
	}
}

// centroids sums each group's answers and normalises the sums.
func (c *corpus) centroids(idx []int, assign []int32, k int) []float32 {
	cen := make([]float32, c.vocab*k)
	for _, i := range idx {
		j := int(assign[i])
		ts, ws := c.doc(i)
		for x, t := range ts {
			cen[int(t)*k+j] += ws[x]
		}
	}
	norm := make([]float64, k)
	for t := 0; t < c.vocab; t++ {
		for j := 0; j < k; j++ {
			v := float64(cen[t*k+j])
			norm[j] += v * v
		}
	}
	for j := range norm {
		if norm[j] > 0 {
			norm[j] = 1 / math.Sqrt(norm[j])
		}
	}
	for t := 0; t < c.vocab; t++ {
		for j := 0; j < k; j++ {
			cen[t*k+j] *= float32(norm[j])
		}
	}
	return cen
}

// kmeans fits k centres to the answers idx by spherical k-means, seeded by
// k-means++ with a generator seeded by seed.
func (c *corpus) kmeans(idx []int, k int, seed uint64, iters int) []float32 {
	r := rand.New(rand.NewPCG(seed, uint64(k)))
	n := len(idx)
	cen := make([]float32, c.vocab*k)
	setCentre := func(j, i int) {
		ts, ws := c.doc(i)
		for x, t := range ts {
			cen[int(t)*k+j] = ws[x]
		}
	}
	// k-means++: each new centre drawn with probability proportional to
	// the distance (1 - best similarity) from the centres so far
	dist := make([]float64, n)
	for x := range dist {
		dist[x] = 1
	}
	first := idx[r.IntN(n)]
	setCentre(0, first)
	for j := 1; j < k; j++ {
		total := 0.0
		for x, i := range idx {
			ts, ws := c.doc(i)
			var sim float32
			for y, t := range ts {
				sim += ws[y] * cen[int(t)*k+j-1]
			}
			if d := 1 - float64(sim); d < dist[x] {
				dist[x] = max(d, 0)
			}
			total += dist[x]
		}
		pick := idx[n-1]
		if total > 0 {
			u := r.Float64() * total
			for x, i := range idx {
				u -= dist[x]
				if u <= 0 {
					pick = i
					break
				}
			}
		} else {
			pick = idx[r.IntN(n)]
		}
		setCentre(j, pick)
	}
	assign := make([]int32, c.size())
	for x := range assign {
		assign[x] = -1
	}
	s := make([]float32, k)
	for it := 0; it < iters; it++ {
		changed := 0
		for _, i := range idx {
			c.scores(i, cen, k, s)
			j, _ := argmax(s)
			if assign[i] != int32(j) {
				assign[i] = int32(j)
				changed++
			}
		}
		cen = c.centroids(idx, assign, k)
		if changed == 0 {
			break
		}
	}
	return cen
}

// restarts is how many k-means++ starts each fit tries: k-means stops at a
// local optimum, and one start sometimes joins two themes and splits
// another; the start whose answers lie closest to their centres wins.
const restarts = 4

// kmeansBest fits k centres from several seeds (seed, seed+1, ...) and
// keeps those with the highest total similarity of answers to their
// nearest centre.
func (c *corpus) kmeansBest(idx []int, k int, seed uint64, iters, tries int) []float32 {
	var best []float32
	bestScore := math.Inf(-1)
	s := make([]float32, k)
	for t := 0; t < tries; t++ {
		cen := c.kmeans(idx, k, seed+uint64(t), iters)
		total := 0.0
		for _, i := range idx {
			c.scores(i, cen, k, s)
			_, v := argmax(s)
			total += float64(v)
		}
		if total > bestScore+1e-9 {
			best, bestScore = cen, total
		}
	}
	return best
}

// dot is the cosine similarity of answers a and b (sorted sparse vectors).
func (c *corpus) dot(a, b int) float32 {
	ta, wa := c.doc(a)
	tb, wb := c.doc(b)
	var s float32
	for x, y := 0, 0; x < len(ta) && y < len(tb); {
		switch {
		case ta[x] == tb[y]:
			s += wa[x] * wb[y]
			x++
			y++
		case ta[x] < tb[y]:
			x++
		default:
			y++
		}
	}
	return s
}

// estimateK returns the k in 2..maxK whose grouping of a sample has the
// highest mean silhouette (cosine distance), with that silhouette. The
// centres for each k are fitted on at most 3,000 answers; the silhouette is
// measured on at most 1,000 of them.
func (c *corpus) estimateK(opt ThemeOptions, live []int, maxK int) (int, float64) {
	fit := spread(live, min(opt.Sample, 3000))
	ev := spread(fit, 1000)
	m := len(ev)
	dist := make([]float32, m*m)
	for a := 0; a < m; a++ {
		for b := a + 1; b < m; b++ {
			d := 1 - c.dot(ev[a], ev[b])
			dist[a*m+b], dist[b*m+a] = d, d
		}
	}
	bestK, bestS := 2, math.Inf(-1)
	assign := make([]int32, c.size())
	lab := make([]int32, m)
	for k := 2; k <= maxK; k++ {
		cen := c.kmeansBest(fit, k, opt.Seed, 20, restarts)
		c.assignAll(ev, cen, k, assign, nil)
		for x, i := range ev {
			lab[x] = assign[i]
		}
		s := silhouette(dist, lab, k)
		if s > bestS+1e-9 {
			bestK, bestS = k, s
		}
	}
	return bestK, bestS
}

// silhouette is the mean silhouette of points with labels lab in 0..k-1
// given their distance matrix (row-major, m x m). A point alone in its
// group scores 0 (Rousseeuw 1987).
func silhouette(dist []float32, lab []int32, k int) float64 {
	m := len(lab)
	size := make([]int, k)
	for _, l := range lab {
		size[l]++
	}
	sum := make([]float64, k)
	total := 0.0
	for a := 0; a < m; a++ {
		clear(sum)
		row := dist[a*m : a*m+m]
		for b, d := range row {
			sum[lab[b]] += float64(d)
		}
		own := lab[a]
		if size[own] <= 1 {
			continue
		}
		ai := sum[own] / float64(size[own]-1)
		bi := math.Inf(1)
		for j := 0; j < k; j++ {
			if int32(j) != own && size[j] > 0 {
				bi = min(bi, sum[j]/float64(size[j]))
			}
		}
		if math.IsInf(bi, 1) {
			continue
		}
		if d := max(ai, bi); d > 0 {
			total += (bi - ai) / d
		}
	}
	return total / float64(m)
}
