package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/indicators"
	"coplan/internal/partnership"
	"coplan/internal/statute"
)

// demoScotland is the level around which the demo's illustrative figures
// for Scotland are generated: round numbers of the order Public Health
// Scotland publishes (NI-11 and NI-15 from the shared data file; the rest
// rough orders of magnitude). They are not statistics, and every page
// that shows the figures says so.
var demoScotland = map[string]float64{
	"NI-1": 91, "NI-2": 79, "NI-3": 71, "NI-4": 66, "NI-5": 75, "NI-6": 67, "NI-7": 78, "NI-8": 30, "NI-9": 73,
	"NI-11": 440, "NI-12": 11500, "NI-13": 113000, "NI-14": 102, "NI-15": 89, "NI-16": 23, "NI-17": 76, "NI-18": 64,
	"NI-19": 900, "NI-20": 24,
}

// demoOthers is how many partnerships besides Glenmorven get figures.
const demoOthers = 5

// loadIndicators imports three years of illustrative figures for the demo
// partnership (and each of its localities), five other partnerships and
// Scotland, generated from a fixed seed around demoScotland, through the
// instance administrator's import: the same checks as any file. The
// demo's earlier illustrative figures go first.
func loadIndicators(ctx context.Context, d *db.DB, p partnership.Partnership, now civil.Clock) error {
	if _, err := d.ExecContext(ctx, "DELETE FROM indicator_sets WHERE illustrative = $1 AND source = $2", true, indicators.IllustrativeSource); err != nil {
		return fmt.Errorf("remove the demo's earlier figures: %w", err)
	}
	all, err := partnership.List(ctx, d)
	if err != nil {
		return err
	}
	areas := []partnership.Partnership{p}
	for _, o := range all {
		if len(areas) == 1+demoOthers {
			break
		}
		if o.ID != p.ID && !o.Demo {
			areas = append(areas, o)
		}
	}
	csv := demoIndicatorCSV(areas, civil.Day(now()))
	_, err = indicators.ImportAll(ctx, d, strings.NewReader(csv), indicators.Set{Illustrative: true, Source: indicators.IllustrativeSource},
		audit.System, now)
	return err
}

// demoIndicatorCSV writes the figures as an import file: the latest three
// complete financial (and calendar) years, and the latest three survey
// years (every two years), the latest provisional. The first area also has
// figures for each of its localities.
func demoIndicatorCSV(areas []partnership.Partnership, today civil.Date) string {
	rng := rand.New(rand.NewPCG(2014, 9))
	t := today.Time()
	year := t.Year()
	if int(t.Month()) < 4 {
		year--
	}
	lastFinancial := year - 1 // the latest complete year, as published in the summer after it ends
	lastSurvey := lastFinancial
	if lastSurvey%2 == 0 {
		lastSurvey--
	}
	var b strings.Builder
	b.WriteString(indicators.Template())
	type place struct {
		name, locality string
		shift          float64 // how far from Scotland, as a share
		adults         float64 // the population a rate is counted out of
	}
	places := []place{{name: "Scotland", adults: 4400000}}
	for i, a := range areas {
		adults := 60000 + float64(rng.IntN(140000))
		places = append(places, place{name: a.Name, shift: rng.Float64()*0.16 - 0.08, adults: adults})
		if i == 0 {
			for _, l := range a.Localities {
				places = append(places, place{name: a.Name, locality: l.Name, shift: rng.Float64()*0.24 - 0.12, adults: adults / float64(len(a.Localities))})
			}
		}
	}
	for _, ind := range statute.CoreIndicators() {
		base, ok := demoScotland[ind.Code]
		if !ok {
			continue
		}
		last, step := lastFinancial, 1
		if ind.Survey {
			last, step = lastSurvey, 2
		}
		for _, pl := range places {
			// Each area's own trend: most improve a little, some do not.
			trend := rng.Float64()*0.03 - 0.012
			if pl.name == "Scotland" {
				trend /= 3
			}
			if ind.Better == statute.LowerIsBetter {
				trend = -trend
			}
			for k := 2; k >= 0; k-- {
				y := last - k*step
				v := base * (1 + pl.shift + trend*float64(2-k) + rng.Float64()*0.02 - 0.01)
				if ind.Percentage() {
					v = math.Min(v, 99)
				}
				v = math.Round(v*10) / 10
				label := indicators.Year{Start: y, Split: ind.Period != "Calendar year"}.String()
				est := "No"
				if k == 0 && !ind.Survey {
					est = "Yes"
				}
				var num, den, lo, hi string
				if ind.Survey {
					half := 2.0 + rng.Float64()*2
					if pl.name == "Scotland" {
						half = 0.4
					} else if pl.locality != "" {
						half += 3
					}
					lo, hi = fmt.Sprintf("%.1f", math.Max(0, v-half)), fmt.Sprintf("%.1f", math.Min(100, v+half))
				}
				if per := map[string]float64{"per 100,000": 100000, "per 1,000": 1000}[ind.Basis]; per != 0 {
					den = fmt.Sprintf("%.0f", pl.adults)
					num = fmt.Sprintf("%.0f", v*pl.adults/per)
				}
				fmt.Fprintf(&b, "%s,Annual,%s,%s,%s,%s,%s,%s,%.1f,%s,%s\r\n", label, csvCell(pl.name), csvCell(pl.locality), ind.Code, est, num, den, v, lo, hi)
			}
		}
	}
	return b.String()
}

func csvCell(s string) string {
	if strings.ContainsAny(s, ",\"\r\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
