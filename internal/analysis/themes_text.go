package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// englishStopWords is the Snowball project's English stop word list
// (https://snowballstem.org/algorithms/english/stop.txt, the list the
// Porter2 stemmer is published with), with its contracted forms written
// with a plain apostrophe as the tokeniser leaves them.
var englishStopWords = setOf(`
i me my myself we our ours ourselves you your yours yourself yourselves he him
his himself she her hers herself it its itself they them their theirs themselves
what which who whom this that these those am is are was were be been being have
has had having do does did doing would should could ought i'm you're he's she's
it's we're they're i've you've we've they've i'd you'd he'd she'd we'd they'd
i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't hasn't haven't
hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't cannot couldn't
mustn't let's that's who's what's here's there's when's where's why's how's a an
the and but if or because as until while of at by for with about against between
into through during before after above below to from up down in out on off over
under again further then once here there when where why how all any both each
few more most other some such no nor not only own same so than too very`)

// gaelicMarkers are frequent Scottish Gaelic function words that are not
// English words: forms of the verb "bi" (tha, bha, eil, bhith), the
// negative and interrogative particles (chan, cha, nach), "agus" (and),
// "ach" (but) and the prepositional pronouns of "aig" and "le" (agam,
// againn, aice, leis, leam), as listed in Wikipedia's "Scottish Gaelic
// grammar" (https://en.wikipedia.org/wiki/Scottish_Gaelic_grammar). An
// answer is taken to be Gaelic when at least two of its words, and at
// least a fifth of them, are in the list (IsGaelic).
var gaelicMarkers = setOf(`
agus tha bha eil chan cha nach bhith ach aig agam againn aice aige leis leam
sinn iad mi seo sin gu bho dha do airson cuideachd fhèin fhein anns nan nam ri ris`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// IsGaelic says whether an answer looks written in Scottish Gaelic, by the
// share of its words in a short list of Gaelic function words.
func IsGaelic(text string) bool {
	hits, n := 0, 0
	tokens(text, func(w []byte) {
		n++
		if gaelicMarkers[string(w)] {
			hits++
		}
	})
	return gaelicShare(hits, n)
}

func gaelicShare(hits, n int) bool { return hits >= 2 && hits*5 >= n }

// Tokens calls f with each word of text: runs of Unicode letters (with an
// apostrophe or hyphen inside a word kept, so "don't" and "co-production"
// stay one word), lower-cased.
// Numbers, e-mail addresses and web addresses are dropped, as are words of
// one letter. The string passed to f is only valid during the call.
func Tokens(text string, f func(string)) {
	tokens(text, func(b []byte) { f(string(b)) })
}

// tokens is Tokens passing each word as bytes valid only during the call.
func tokens(text string, f func([]byte)) {
	var buf []byte
	var tmp [64]byte
	buf = tmp[:0]
	field := 0 // start of the current whitespace-separated field
	skip := false
	flush := func() {
		if len(buf) > 0 {
			if !skip && utf8.RuneCount(buf) > 1 {
				f(buf)
			}
			buf = buf[:0]
		}
	}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if unicode.IsSpace(r) {
			flush()
			skip = false
			field = i + size
			i += size
			continue
		}
		if i == field {
			skip = isAddress(text[i:])
		}
		switch {
		case unicode.IsLetter(r):
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		case (r == '\'' || r == '’') && len(buf) > 0 && i+size < len(text) && isLetterAt(text[i+size:]):
			buf = append(buf, '\'')
		case (r == '-' || r == '‐') && len(buf) > 0 && i+size < len(text) && isLetterAt(text[i+size:]):
			buf = append(buf, '-')
		case unicode.IsDigit(r):
			// a word with digits in it ("8am", "GM12") is dropped whole
			buf = buf[:0]
			for i+size < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[i+size:])
				if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) {
					break
				}
				size += s2
			}
		default:
			flush()
		}
		i += size
	}
	flush()
}

func isLetterAt(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// isAddress says whether the whitespace-separated field at the start of s
// is a web or e-mail address.
func isAddress(s string) bool {
	end := strings.IndexFunc(s, unicode.IsSpace)
	if end < 0 {
		end = len(s)
	}
	f := strings.ToLower(s[:end])
	return strings.Contains(f, "://") || strings.HasPrefix(f, "www.") || strings.Contains(f, "@")
}
