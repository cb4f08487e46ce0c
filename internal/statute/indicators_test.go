package statute_test

import (
	"testing"

	"coplan/internal/statute"
)

// The core suite as the sources describe it: 23 defined, 19 reported,
// NI-1 to NI-9 from the survey; every indicator has a direction, a basis
// and a source, and a numerator and denominator or says they are not known.
func TestCoreIndicators(t *testing.T) {
	reported, survey := 0, 0
	for _, c := range statute.CoreIndicators() {
		if c.Reported {
			reported++
		}
		if c.Survey {
			survey++
			if !c.Reported || c.Basis != "%" || c.Better != statute.HigherIsBetter {
				t.Errorf("%s: a survey indicator is a reported percentage, higher better", c.Code)
			}
		}
		if c.Numerator == "" || c.Denominator == "" || c.Basis == "" || c.Period == "" || c.Source.Title == "" {
			t.Errorf("%s: incomplete definition %+v", c.Code, c)
		}
	}
	if n := len(statute.CoreIndicators()); n != 23 || reported != 19 || survey != 9 {
		t.Errorf("%d indicators, %d reported, %d from the survey; want 23, 19, 9", n, reported, survey)
	}
	for _, c := range statute.MSGIndicators() {
		if !c.MSG() || c.Numerator != statute.NotKnown || c.Source.Title == "" {
			t.Errorf("%s: %+v", c.Code, c)
		}
	}
}

func TestIndicatorCode(t *testing.T) {
	for in, want := range map[string]string{"NI12": "NI-12", "ni-12": "NI-12", "NI 1": "NI-1", "MSG1": "MSG-1", "msg-6": "MSG-6",
		"NI-24": "", "NI": "", "12": "", "MSG-7": ""} {
		got, ok := statute.IndicatorCode(in)
		if got != want || ok != (want != "") {
			t.Errorf("IndicatorCode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
