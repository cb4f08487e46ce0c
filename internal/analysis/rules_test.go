package analysis_test

import (
	"math"
	"testing"

	"coplan/internal/analysis"
	"coplan/internal/consult"
)

// Hand-computed: po = (both+neither)/n; pA, pB the coders' rates;
// pe = pA·pB + (1−pA)(1−pB); κ = (po − pe)/(1 − pe).
func TestCohensKappa(t *testing.T) {
	for _, c := range []struct {
		name                        string
		both, onlyA, onlyB, neither int
		po, pe, kappa               float64
		defined                     bool
	}{
		// n=50: po=35/50=.7; pA=25/50=.5; pB=30/50=.6; pe=.3+.2=.5; κ=.2/.5=.4.
		{"moderate", 20, 5, 10, 15, 0.7, 0.5, 0.4, true},
		// n=100: po=.6; pA=.6; pB=.7; pe=.42+.12=.54; κ=.06/.46.
		{"slight", 45, 15, 25, 15, 0.6, 0.54, 0.06 / 0.46, true},
		// n=10: po=1; pA=pB=.3; pe=.09+.49=.58; κ=1.
		{"perfect", 3, 0, 0, 7, 1, 0.58, 1, true},
		// n=10: po=0; pA=pB=.5; pe=.5; κ=−1.
		{"opposite", 0, 5, 5, 0, 0, 0.5, -1, true},
		// Both applied it to every answer: pe=1, undefined.
		{"always applied", 5, 0, 0, 0, 1, 1, 0, false},
		// Neither applied it to any answer: pe=1, undefined.
		{"never applied", 0, 0, 0, 4, 1, 1, 0, false},
		// No answer coded by both.
		{"no answers", 0, 0, 0, 0, 0, 0, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			k := analysis.CohensKappa(c.both, c.onlyA, c.onlyB, c.neither)
			if k.Defined != c.defined {
				t.Fatalf("defined = %v, want %v", k.Defined, c.defined)
			}
			near := func(got, want float64) bool { return math.Abs(got-want) < 1e-9 }
			if !near(k.Observed, c.po) || !near(k.Expected, c.pe) || !near(k.Value, c.kappa) {
				t.Errorf("po %v pe %v κ %v, want %v %v %v", k.Observed, k.Expected, k.Value, c.po, c.pe, c.kappa)
			}
			if k.N() != c.both+c.onlyA+c.onlyB+c.neither {
				t.Errorf("N = %d", k.N())
			}
			if !c.defined && k.Strength() != "" {
				t.Errorf("an undefined kappa reads %q", k.Strength())
			}
		})
	}
}

// Offsets are in characters (code points), not bytes: Gaelic accents are
// two bytes each in UTF-8 but one character.
func TestLocate(t *testing.T) {
	const gd = "Tha an t-seirbheis ann an Gàidhlig glè mhath, ach tha am bus fadalach."
	for _, c := range []struct {
		name, text, extract string
		start, end          int // given by the page, -1 when not
		s, e                int
		found               string
		ok                  bool
	}{
		{"first occurrence", "the bus is late; the bus is full", "the bus", -1, -1, 0, 7, "the bus", true},
		{"given offsets pick the second", "the bus is late; the bus is full", "the bus", 17, 24, 17, 24, "the bus", true},
		{"wrong offsets fall back to the first", "the bus is late; the bus is full", "the bus", 3, 10, 0, 7, "the bus", true},
		// "Tha an t-seirbheis ann an " is 26 characters; "Gàidhlig glè mhath" 18.
		{"Gaelic in characters", gd, "Gàidhlig glè mhath", -1, -1, 26, 44, "Gàidhlig glè mhath", true},
		{"Gaelic after accents", gd, "am bus fadalach", -1, -1, 54, 69, "am bus fadalach", true},
		{"Gaelic offsets from the page", gd, "glè", 35, 38, 35, 38, "glè", true},
		{"line break pasted as a space", "We need\nmore buses", "need more", -1, -1, 3, 12, "need\nmore", true},
		{"surrounding spaces trimmed", "more buses please", "  buses ", -1, -1, 5, 10, "buses", true},
		{"not in the answer", "more buses please", "fewer buses", -1, -1, 0, 0, "", false},
		{"letters must match", gd, "Gaidhlig", -1, -1, 0, 0, "", false},
		{"blank", "more buses", "  ", -1, -1, 0, 0, "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, e, found, ok := analysis.Locate(c.text, c.extract, c.start, c.end)
			if ok != c.ok || s != c.s || e != c.e || found != c.found {
				t.Errorf("Locate = %d, %d, %q, %v; want %d, %d, %q, %v", s, e, found, ok, c.s, c.e, c.found, c.ok)
			}
		})
	}
}

func TestQuotable(t *testing.T) {
	base := consult.TextAnswer{ResponseID: 1, QuestionID: 7, Reference: "GLE-1", Text: "Mrs Smith at 4 High St says the bus is late.",
		Respondent: consult.Respondent{Type: consult.Individual, Name: "Ann Smith", Publish: consult.WithName}, Check: consult.Accepted}
	with := func(f func(*consult.TextAnswer)) consult.TextAnswer { a := base; f(&a); return a }
	redacted := with(func(a *consult.TextAnswer) {
		a.Check, a.Redacted, a.Redaction = consult.Redacted, true, "[name removed] says the bus is late."
	})
	for _, c := range []struct {
		name   string
		a      consult.TextAnswer
		text   string
		ok     bool
		person string
	}{
		{"accepted, with name", base, base.Text, true, "Ann Smith"},
		{"accepted, without name", with(func(a *consult.TextAnswer) { a.Respondent.Publish = consult.WithoutName }), base.Text, true, ""},
		{"refused publication", with(func(a *consult.TextAnswer) { a.Respondent.Publish = consult.DoNotPublish }), "", false, ""},
		{"not checked yet", with(func(a *consult.TextAnswer) { a.Check = consult.Unchecked }), "", false, ""},
		{"withheld", with(func(a *consult.TextAnswer) { a.Check = consult.Withheld }), "", false, ""},
		{"redacted", redacted, "[name removed] says the bus is late.", true, "Ann Smith"},
		{"blank", with(func(a *consult.TextAnswer) { a.Text = "  " }), "", false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			text, ok := analysis.Quotable(c.a)
			if text != c.text || ok != c.ok {
				t.Errorf("Quotable = %q, %v; want %q, %v", text, ok, c.text, c.ok)
			}
			q, ok := analysis.QuoteOf(c.a, analysis.Coding{Whole: true})
			if ok != c.ok || q.Text != c.text || q.Name != c.person {
				t.Errorf("QuoteOf = %+v, %v", q, ok)
			}
		})
	}
	// An extract survives a redaction only where the redaction left it.
	if q, ok := analysis.QuoteOf(redacted, analysis.Coding{Extract: "the bus is late"}); !ok || q.Text != "the bus is late" {
		t.Errorf("an extract the redaction left: %+v, %v", q, ok)
	}
	if _, ok := analysis.QuoteOf(redacted, analysis.Coding{Extract: "Mrs Smith at 4 High St"}); ok {
		t.Error("an extract the redaction removed is quoted")
	}
	if _, ok := analysis.QuoteOf(with(func(a *consult.TextAnswer) { a.Check = consult.Withheld }), analysis.Coding{Extract: "the bus"}); ok {
		t.Error("an extract of a withheld answer is quoted")
	}
}

func TestTree(t *testing.T) {
	got := analysis.Tree([]analysis.Code{{ID: 3, ParentID: 1, Name: "c"}, {ID: 1, Name: "a"}, {ID: 2, Name: "b"}, {ID: 4, ParentID: 3, Name: "d"},
		{ID: 5, ParentID: 99, Name: "orphan"}})
	var names []string
	for _, c := range got {
		names = append(names, c.Name+string(rune('0'+c.Depth)))
	}
	if want := "a0 c1 d2 b0 orphan0"; join(names) != want {
		t.Errorf("Tree = %s, want %s", join(names), want)
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}
