package analysis

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Locate finds an extract in an answer's text and returns its offsets in
// characters (Unicode code points, not bytes: "Gàidhlig" is 8 characters),
// end exclusive, and the extract as the answer has it. With start < end
// (the page's script sends where the coder selected) those characters must
// hold the extract; otherwise the extract's first occurrence is taken.
// Spaces and line breaks need not match exactly (a pasted extract may
// have lost a line break), letters and punctuation must. ok is false when
// the extract does not occur in the text.
func Locate(text, extract string, start, end int) (s, e int, found string, ok bool) {
	extract = strings.TrimSpace(extract)
	if extract == "" {
		return 0, 0, "", false
	}
	if start >= 0 && start < end && end <= utf8.RuneCountInString(text) {
		got := runeSlice(text, start, end)
		if got == extract || strings.Join(strings.Fields(got), " ") == strings.Join(strings.Fields(extract), " ") {
			return start, end, got, true
		}
	}
	words := strings.Fields(extract)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	re, err := regexp.Compile(strings.Join(words, `\s+`))
	if err != nil {
		return 0, 0, "", false
	}
	loc := re.FindStringIndex(text)
	if loc == nil {
		return 0, 0, "", false
	}
	s = utf8.RuneCountInString(text[:loc[0]])
	e = s + utf8.RuneCountInString(text[loc[0]:loc[1]])
	return s, e, text[loc[0]:loc[1]], true
}

// runeSlice is text's characters from start to end (exclusive).
func runeSlice(text string, start, end int) string {
	i, bs, be := 0, len(text), len(text)
	for b := range text {
		if i == start {
			bs = b
		}
		if i == end {
			be = b
			break
		}
		i++
	}
	if start >= i && bs == len(text) {
		return ""
	}
	return text[bs:be]
}
