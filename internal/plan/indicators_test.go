package plan_test

import (
	"context"
	"slices"
	"testing"

	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/plan"
	"coplan/internal/valid"
)

// An arrangement is judged by the indicators chosen for it and by those
// its older free-text measures cite, each once, in the statute's order.
func TestArrangementIndicatorCodes(t *testing.T) {
	for _, tc := range []struct {
		name       string
		a          plan.Arrangement
		codes      []string
		localWords []string
	}{
		{"chosen", plan.Arrangement{Indicators: []string{"NI-18", "NI-2"}}, []string{"NI-2", "NI-18"}, nil},
		{"cited in old words", plan.Arrangement{Measures: []string{"NI-8: carers who feel supported", "Short breaks given"}},
			[]string{"NI-8"}, []string{"Short breaks given"}},
		{"both, once each", plan.Arrangement{Indicators: []string{"NI-8", "MSG-1"}, Measures: []string{"ni-8 carers"}}, []string{"NI-8", "MSG-1"}, nil},
		{"none", plan.Arrangement{Measures: []string{"Vacancies"}}, nil, []string{"Vacancies"}},
	} {
		if got := tc.a.IndicatorCodes(); !slices.Equal(got, tc.codes) {
			t.Errorf("%s: IndicatorCodes = %v, want %v", tc.name, got, tc.codes)
		}
		if got := tc.a.LocalMeasures(); !slices.Equal(got, tc.localWords) {
			t.Errorf("%s: LocalMeasures = %v, want %v", tc.name, got, tc.localWords)
		}
	}
	// An indicator alone is a measure set at the outset.
	g := plan.Coverage(nil, []plan.Arrangement{{Title: "Carers", Indicators: []string{"NI-8"}}}, true)
	if len(g.ArrangementsWithoutMeasure) != 0 {
		t.Errorf("an arrangement with an indicator has no measure: %v", g.ArrangementsWithoutMeasure)
	}
}

// Chosen indicators are stored, read back and refused when unknown or not
// reported, on both databases.
func TestArrangementIndicatorsStored(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		st := plan.StoreFor(d, p, nil)
		v, err := st.NewVersion(ctx, pl.ID, "", officer)
		if err != nil {
			t.Fatal(err)
		}
		a := plan.PlannedArrangement{Arrangement: plan.Arrangement{Title: "Carers' short breaks", Outcomes: []string{"O6"},
			Indicators: []string{"NI-8", "MSG-4"}}}
		for _, bad := range [][]string{{"NI-10"}, {"NI-99"}} {
			a.Indicators = bad
			_, err := st.SaveArrangement(ctx, pl.ID, v.Number, a, officer)
			if errs, ok := valid.As(err); !ok || errs.For("indicators") == "" {
				t.Errorf("%v: got %v, want an error at indicators", bad, err)
			}
		}
		a.Indicators = []string{"NI-8", "MSG-4"}
		saved, err := st.SaveArrangement(ctx, pl.ID, v.Number, a, officer)
		if err != nil {
			t.Fatal(err)
		}
		as, err := st.Arrangements(ctx, v.ID)
		if err != nil || len(as) != 1 || !slices.Equal(as[0].Indicators, []string{"NI-8", "MSG-4"}) {
			t.Fatalf("read back %+v, %v", as, err)
		}
		saved.Indicators = []string{"NI-2"}
		if _, err := st.SaveArrangement(ctx, pl.ID, v.Number, saved, officer); err != nil {
			t.Fatal(err)
		}
		as, _ = st.Arrangements(ctx, v.ID)
		if !slices.Equal(as[0].Indicators, []string{"NI-2"}) {
			t.Fatalf("after the change: %v", as[0].Indicators)
		}
	})
}
