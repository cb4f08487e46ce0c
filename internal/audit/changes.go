package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"coplan/internal/civil"
)

// Change is one field of an audited record, before and after, in words: a
// field that did not exist on one side is "" there.
type Change struct {
	Field         string
	Before, After string
}

// Changes reads an entry's before and after JSON as the fields a person
// reads, in the record's own order: for a change, only the fields that
// changed; for a record created or deleted, every field it had. Dates and
// times are written as people write them, lists as lists, and nothing is
// shown as JSON.
func Changes(before, after string) []Change {
	b, bKeys := fields(before)
	a, aKeys := fields(after)
	keys := aKeys
	for _, k := range bKeys {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	var out []Change
	for _, k := range keys {
		bv, bok := b[k]
		av, aok := a[k]
		if bok && aok && bytes.Equal(compact(bv), compact(av)) {
			continue
		}
		c := Change{Field: fieldName(k)}
		if bok {
			c.Before = idWords(k, bv)
		}
		if aok {
			c.After = idWords(k, av)
		}
		if c.Before == c.After {
			continue
		}
		out = append(out, c)
	}
	return out
}

// idWords is words, but an id of 0 (a link not set) is nothing.
func idWords(k string, v json.RawMessage) string {
	w := words(v)
	if w == "0" && (strings.HasSuffix(k, "ID") || strings.HasSuffix(strings.ToLower(k), "_id")) {
		return ""
	}
	return w
}

// fields splits a JSON object into its fields and their order; any other
// JSON value is one field named "".
func fields(src string) (map[string]json.RawMessage, []string) {
	out := map[string]json.RawMessage{}
	src = strings.TrimSpace(src)
	if src == "" || src == "null" {
		return out, nil
	}
	dec := json.NewDecoder(strings.NewReader(src))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		out[""] = json.RawMessage(src)
		return out, []string{""}
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			break
		}
		k, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			break
		}
		if _, dup := out[k]; !dup {
			keys = append(keys, k)
		}
		out[k] = v
	}
	return out, keys
}

func compact(v json.RawMessage) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, v); err != nil {
		return v
	}
	return buf.Bytes()
}

// fieldName makes a Go or JSON field name into words: "PeriodStart" and
// "period_start" are "Period start"; "SPGViewsOn" is "SPG views on".
func fieldName(k string) string {
	if k == "" {
		return "Value"
	}
	var ws []string
	for _, part := range strings.FieldsFunc(k, func(r rune) bool { return r == '_' || r == '-' || r == ' ' }) {
		rs := []rune(part)
		start := 0
		for i := 1; i < len(rs); i++ {
			lowerToUpper := unicode.IsLower(rs[i-1]) && unicode.IsUpper(rs[i])
			acronymEnd := i+1 < len(rs) && unicode.IsUpper(rs[i-1]) && unicode.IsUpper(rs[i]) && unicode.IsLower(rs[i+1])
			if lowerToUpper || acronymEnd {
				ws = append(ws, string(rs[start:i]))
				start = i
			}
		}
		ws = append(ws, string(rs[start:]))
	}
	for i, w := range ws {
		if !isAcronym(w) {
			ws[i] = strings.ToLower(w)
		}
	}
	s := strings.Join(ws, " ")
	if s == "" {
		return k
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func isAcronym(w string) bool {
	if len(w) < 2 {
		return false
	}
	for _, r := range w {
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// words writes a JSON value for people.
func words(v json.RawMessage) string {
	var x any
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	if err := dec.Decode(&x); err != nil {
		return string(v)
	}
	return wordsOf(x)
}

func wordsOf(x any) string {
	switch v := x.(type) {
	case nil:
		return ""
	case bool:
		if v {
			return "Yes"
		}
		return "No"
	case json.Number:
		return v.String()
	case string:
		return textOf(v)
	case []any:
		var parts []string
		for _, e := range v {
			if s := wordsOf(e); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "; ")
	case map[string]any:
		// A record in a list: its name or title stands for it; otherwise
		// each field in words.
		for _, k := range []string{"Name", "name", "Title", "title"} {
			if s, ok := v[k].(string); ok && s != "" {
				return s
			}
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			if s := wordsOf(v[k]); s != "" {
				parts = append(parts, fieldName(k)+": "+s)
			}
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(x)
}

// textOf writes a string field: a date or a time as people write them, and
// the zero time (a time never set) as nothing.
func textOf(s string) string {
	if d, ok := civil.ParseDate(s); ok {
		return d.String()
	}
	if len(s) >= 20 && s[4] == '-' && s[10] == 'T' {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			if t.IsZero() || t.Year() == 1 {
				return ""
			}
			return t.In(civil.London).Format("2 January 2006, 3:04pm")
		}
	}
	return s
}
