package bench

import (
	"context"
	"testing"
	"time"
)

// The analysis bench at a small size: both sizes measured, themes found
// in the generated answers, memory read, the growth ratio computed. It
// asserts no time.
func TestAnalysisSmall(t *testing.T) {
	res, err := Analysis(context.Background(), AnalysisOptions{Answers: []int{300, 600}, Clock: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Bench != "analysis" || len(res.Runs) != 2 || res.GrowthRatio <= 0 {
		t.Fatalf("result %+v", res)
	}
	for _, r := range res.Runs {
		if r.Themes < 2 || r.ARI < 0.5 || r.PeakRSSBytes <= 0 {
			t.Errorf("run %+v: too few themes, a low ARI or no memory read", r)
		}
	}
}
