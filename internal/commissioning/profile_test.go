package commissioning

import (
	"slices"
	"testing"
	"time"

	"coplan/internal/civil"
)

func TestYear(t *testing.T) {
	for _, c := range []struct {
		day  string
		want Year
	}{
		{"2026-04-01", 2026},
		{"2027-03-31", 2026},
		{"2026-03-31", 2025},
		{"2026-12-31", 2026},
		{"2027-01-01", 2026},
	} {
		if got := YearOf(civil.Date(c.day)); got != c.want {
			t.Errorf("YearOf(%s) = %d, want %d", c.day, got, c.want)
		}
	}
	y := Year(2026)
	if y.Start() != "2026-04-01" || y.End() != "2027-03-31" || y.String() != "2026 to 2027" || y.Short() != "2026-27" || y.Param() != "2026" {
		t.Errorf("year 2026: %s %s %q %q %q", y.Start(), y.End(), y, y.Short(), y.Param())
	}
	if Year(1999).Short() != "1999-00" {
		t.Errorf("Year(1999).Short() = %q", Year(1999).Short())
	}
	p := y.Period()
	for day, want := range map[string]bool{"2026-03-31": false, "2026-04-01": true, "2027-03-31": true, "2027-04-01": false, "": false} {
		if p.Contains(civil.Date(day)) != want {
			t.Errorf("%v contains %q: want %v", p, day, want)
		}
	}
	if !(Period{}).Contains("") || !(Period{}).Contains("2026-01-01") {
		t.Error("all time does not contain every day")
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct{ n, of, want int }{
		{0, 0, 0}, {3, 0, 0}, {1, 3, 33}, {2, 3, 67}, {1, 2, 50}, {1, 8, 13}, {7, 7, 100}, {0, 5, 0},
	} {
		if got := Percent(c.n, c.of); got != c.want {
			t.Errorf("Percent(%d, %d) = %d, want %d", c.n, c.of, got, c.want)
		}
	}
}

func TestTimingMedian(t *testing.T) {
	for _, c := range []struct {
		days []int
		want string
	}{
		{nil, ""},
		{[]int{1}, "1 day"},
		{[]int{3, 10, 40}, "10 days"},
		{[]int{3, 10, 15, 40}, "12.5 days"},
		{[]int{0, 0}, "0 days"},
	} {
		if got := (Timing{Days: c.days}).MedianText(); got != c.want {
			t.Errorf("median of %v = %q, want %q", c.days, got, c.want)
		}
	}
}

func TestDaysBetweenAcrossTheClocksChanging(t *testing.T) {
	// British Summer Time began on 29 March 2026: that day had 23 hours.
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"2026-03-28", "2026-03-30", 2},
		{"2026-10-24", "2026-10-26", 2},
		{"2026-01-01", "2026-01-01", 0},
		{"2026-01-01", "2027-01-01", 365},
	} {
		if got := daysBetween(civil.Date(c.a), civil.Date(c.b)); got != c.want {
			t.Errorf("days from %s to %s = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// at is an involvement at stage on day, at depth, with taking.
func at(stage, day string, depth Depth, taking map[Group]int, outcome string, changed bool) Involvement {
	return Involvement{Stage: stage, On: civil.Date(day), Depth: depth, Taking: taking, Localities: []int64{1},
		Outcome: outcome, Changed: changed}
}

func decided(stage, day string) Decision {
	return Decision{Stage: stage, On: civil.Date(day), What: "A decision"}
}

func TestProfileOf(t *testing.T) {
	y2026 := Year(2026).Period()
	users := func(n int) map[Group]int { return map[Group]int{PeopleWhoUseServices: n} }
	exemplary := Item{ID: 1, Localities: []int64{1}, CreatedAt: time.Date(2026, 4, 1, 10, 0, 0, 0, civil.London),
		Stages: map[string]StageRecord{"CS1": {Code: "CS1", Status: Done, Started: "2026-04-02", Finished: "2026-06-30"}},
		Involvements: []Involvement{
			at("CS1", "2026-04-10", Collaborate, map[Group]int{PeopleWhoUseServices: 8, UnpaidCarers: 4}, "We changed it", true),
			at("CS1", "2026-05-10", Empower, map[Group]int{UnpaidCarers: 6}, "They chose", true),
			at("CS2", "2026-07-01", Involve, users(5), "", false),
		},
		Decisions: []Decision{decided("CS1", "2026-06-09")}, // 60 days after 10 April
	}
	tokenistic := Item{ID: 2, Localities: []int64{1, 2},
		Stages: map[string]StageRecord{
			"CS5": {Code: "CS5", Status: Done, Started: "2026-04-01", Finished: "2026-05-01"},
			"CS6": {Code: "CS6", Status: Done, Started: "2026-05-01", Finished: "2026-09-01"},
		},
		Involvements: []Involvement{at("CS6", "2026-06-01", Inform, map[Group]int{Providers: 12}, "", false)},
		Decisions:    []Decision{decided("CS6", "2026-05-15"), decided("CS6", "2026-05-20")},
	}
	lastYear := Item{ID: 3, Localities: []int64{1},
		Involvements: []Involvement{at("CS1", "2025-05-01", Consult, users(3), "Heard", false)},
		Decisions:    []Decision{decided("CS1", "2025-05-11")},
	}
	for _, c := range []struct {
		name   string
		items  []Item
		period Period
		check  func(t *testing.T, p Profile)
	}{
		{"nothing at all", nil, y2026, func(t *testing.T, p Profile) {
			if p.Items != 0 || p.Involvements != 0 || p.ChangedShare() != 0 || p.Flagged != 0 {
				t.Errorf("empty profile: %+v", p)
			}
			if len(p.Stages) != 7 || len(p.Depths) != 5 || len(p.Flags) != 5 {
				t.Errorf("an empty profile still has 7 stages, 5 depths, 5 flags: %d, %d, %d", len(p.Stages), len(p.Depths), len(p.Flags))
			}
		}},
		{"people counted by stage and group", []Item{exemplary}, y2026, func(t *testing.T, p Profile) {
			cs1 := p.Stages[0]
			if cs1.Stage.Code != "CS1" || cs1.Involvements != 2 || cs1.People != 18 ||
				cs1.Group(PeopleWhoUseServices) != 8 || cs1.Group(UnpaidCarers) != 10 || cs1.Group(Staff) != 0 {
				t.Errorf("stage 1: %+v", cs1.Figures)
			}
			if p.Stages[1].People != 5 || p.People != 23 || p.Involvements != 3 || p.Group(UnpaidCarers) != 10 {
				t.Errorf("totals: %+v; stage 2 %+v", p.Figures, p.Stages[1].Figures)
			}
		}},
		{"by depth", []Item{exemplary, tokenistic}, y2026, func(t *testing.T, p Profile) {
			var got []int
			for _, d := range p.Depths {
				got = append(got, d.Involvements)
			}
			if !slices.Equal(got, []int{1, 0, 1, 1, 1}) || p.Depths[0].Depth != Inform || p.Depths[0].People != 12 {
				t.Errorf("involvements by depth %v, inform %+v", got, p.Depths[0])
			}
		}},
		{"changed something and no outcome", []Item{exemplary, tokenistic}, y2026, func(t *testing.T, p Profile) {
			if p.Changed != 2 || p.NoOutcome != 2 || p.Unchanged != 0 || p.Involvements != 4 || p.ChangedShare() != 50 || p.NoOutcomeShare() != 50 {
				t.Errorf("changed %d, unchanged %d, no outcome %d of %d", p.Changed, p.Unchanged, p.NoOutcome, p.Involvements)
			}
		}},
		{"time to decision, and decisions taken first", []Item{exemplary, tokenistic}, y2026, func(t *testing.T, p Profile) {
			if !slices.Equal(p.Timing.Days, []int{60}) || p.Timing.DecidedFirst != 2 || p.Timing.Decisions() != 3 {
				t.Errorf("timing %+v", p.Timing)
			}
			if p.Stages[0].Timing.MedianText() != "60 days" || p.Stages[5].Timing.DecidedFirst != 2 || len(p.Stages[5].Timing.Days) != 0 {
				t.Errorf("stage timings: 1 %+v, 6 %+v", p.Stages[0].Timing, p.Stages[5].Timing)
			}
		}},
		{"flags by item, as each stood at the year's end", []Item{exemplary, tokenistic}, y2026, func(t *testing.T, p Profile) {
			got := map[Flag]int{}
			for _, f := range p.Flags {
				got[f.Flag] = f.Items
			}
			// The exemplary item's stage 2 involvement has no outcome yet.
			want := map[Flag]int{NoUserOrCarerInvolvement: 1, DecisionBeforeInvolvement: 1, InformOnly: 1, LocalityNeverInvolved: 1, NoFeedback: 2}
			if !sameCounts(got, want) || p.Flagged != 2 || p.Items != 2 {
				t.Errorf("flags %v (flagged %d of %d), want %v", got, p.Flagged, p.Items, want)
			}
		}},
		{"a year counts only what was dated in it", []Item{exemplary, lastYear}, Year(2025).Period(), func(t *testing.T, p Profile) {
			if p.Involvements != 1 || p.People != 3 || !slices.Equal(p.Timing.Days, []int{10}) {
				t.Errorf("2025: %+v, timing %+v", p.Figures, p.Timing)
			}
			// The exemplary item was created in the next year.
			if p.Flagged != 0 || p.Items != 1 {
				t.Errorf("flagged %d of %d items in 2025", p.Flagged, p.Items)
			}
		}},
		{"changed with no outcome counts as no outcome; an outcome that changed nothing is unchanged", []Item{{Involvements: []Involvement{
			at("CS2", "2026-05-01", Consult, users(2), "", true), at("CS2", "2026-05-02", Consult, users(2), "Heard, kept as it was", false)}}}, y2026,
			func(t *testing.T, p Profile) {
				if p.Changed != 0 || p.NoOutcome != 1 || p.Unchanged != 1 {
					t.Errorf("changed %d, unchanged %d, no outcome %d", p.Changed, p.Unchanged, p.NoOutcome)
				}
			}},
		{"a decision in the year after involvement the year before is timed", []Item{{Involvements: []Involvement{
			at("CS2", "2026-03-01", Consult, users(2), "x", false)}, Decisions: []Decision{decided("CS2", "2026-04-30")}}}, y2026,
			func(t *testing.T, p Profile) {
				if !slices.Equal(p.Timing.Days, []int{60}) || p.Involvements != 0 {
					t.Errorf("timing %+v, involvements %d", p.Timing, p.Involvements)
				}
			}},
		{"a decision on the day of the first involvement takes no days", []Item{{Involvements: []Involvement{
			at("CS2", "2026-05-01", Consult, users(2), "x", false)}, Decisions: []Decision{decided("CS2", "2026-05-01")}}}, y2026,
			func(t *testing.T, p Profile) {
				if !slices.Equal(p.Timing.Days, []int{0}) || p.Timing.DecidedFirst != 0 {
					t.Errorf("timing %+v", p.Timing)
				}
			}},
		{"an item begun after the year is not counted", []Item{{CreatedAt: time.Date(2027, 4, 2, 9, 0, 0, 0, civil.London),
			Involvements: []Involvement{at("CS1", "2027-05-01", Consult, users(2), "x", false)}}}, y2026,
			func(t *testing.T, p Profile) {
				if p.Items != 0 || p.Involvements != 0 {
					t.Errorf("items %d, involvements %d", p.Items, p.Involvements)
				}
			}},
		{"an item recorded after the year counts in it when its involvement was in it", []Item{{CreatedAt: time.Date(2027, 4, 2, 9, 0, 0, 0, civil.London),
			Involvements: []Involvement{at("CS1", "2026-05-01", Consult, users(2), "x", false)}}}, y2026,
			func(t *testing.T, p Profile) {
				if p.Items != 1 || p.Involvements != 1 {
					t.Errorf("items %d, involvements %d", p.Items, p.Involvements)
				}
			}},
		{"an item finished before the year is not counted", []Item{finished("2026-03-31")}, y2026, func(t *testing.T, p Profile) {
			if p.Items != 0 {
				t.Errorf("items %d", p.Items)
			}
		}},
		{"an item finished in the year is", []Item{finished("2026-04-01")}, y2026, func(t *testing.T, p Profile) {
			if p.Items != 1 {
				t.Errorf("items %d", p.Items)
			}
		}},
		{"a stage done after the year's end was not done at it", []Item{{Localities: nil,
			Stages: map[string]StageRecord{"CS1": {Code: "CS1", Status: Done, Started: "2027-01-01", Finished: "2027-04-10"}}}}, y2026,
			func(t *testing.T, p Profile) {
				if p.Flagged != 0 {
					t.Errorf("flags %+v", p.Flags)
				}
				if p2 := ProfileOf([]Item{{Stages: map[string]StageRecord{"CS1": {Status: Done, Finished: "2027-04-10"}}}}, Year(2027).Period()); p2.Flags[0].Items != 1 {
					t.Errorf("done in 2027, but not flagged then: %+v", p2.Flags)
				}
			}},
		{"all time", []Item{exemplary, lastYear}, Period{}, func(t *testing.T, p Profile) {
			if p.Involvements != 4 || !slices.Equal(p.Timing.Days, []int{10, 60}) || p.Timing.MedianText() != "35 days" {
				t.Errorf("all time: %d involvements, timing %+v", p.Involvements, p.Timing)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) { c.check(t, ProfileOf(c.items, c.period)) })
	}
}

// finished is an item whose every stage was done by day.
func finished(day string) Item {
	it := Item{Stages: map[string]StageRecord{}}
	for _, code := range []string{"CS1", "CS2", "CS3", "CS4", "CS5", "CS6", "CS7"} {
		it.Stages[code] = StageRecord{Code: code, Status: Done, Started: "2025-04-01", Finished: civil.Date(day)}
	}
	return it
}

func sameCounts(a, b map[Flag]int) bool {
	for _, f := range Flags {
		if a[f] != b[f] {
			return false
		}
	}
	return true
}

func TestYearOnYear(t *testing.T) {
	items := []Item{{Involvements: []Involvement{
		at("CS1", "2024-06-01", Consult, map[Group]int{Staff: 1}, "x", false),
		at("CS1", "2026-06-01", Consult, map[Group]int{Staff: 2}, "x", true),
		at("CS1", "2026-07-01", Consult, map[Group]int{Staff: 3}, "x", false),
	}}}
	ps := YearOnYear(items, 2026, 3)
	var got []int
	for _, p := range ps {
		got = append(got, p.People)
	}
	if len(ps) != 3 || ps[0].Period.From != "2024-04-01" || ps[2].Period.To != "2027-03-31" || !slices.Equal(got, []int{1, 0, 5}) {
		t.Errorf("year on year: %v people, periods %v to %v", got, ps[0].Period, ps[len(ps)-1].Period)
	}
	if y, ok := FirstYear(items); !ok || y != 2024 {
		t.Errorf("first year %d %v", y, ok)
	}
	if _, ok := FirstYear([]Item{{}}); ok {
		t.Error("an item with nothing recorded has a first year")
	}
}

func TestAsAt(t *testing.T) {
	it := Item{
		Stages: map[string]StageRecord{
			"CS1": {Status: Done, Started: "2026-01-01", Finished: "2026-02-01"},
			"CS2": {Status: Done, Started: "2026-01-15", Finished: "2026-03-01"},
			"CS3": {Status: UnderWay, Started: "2026-03-01"},
		},
		Involvements: []Involvement{{On: "2026-01-10"}, {On: "2026-02-10"}},
		Decisions:    []Decision{{On: "2026-02-01"}, {On: "2026-02-02"}},
	}
	got := it.AsAt("2026-02-01")
	if got.Stages["CS1"].Status != Done || got.Stages["CS2"].Status != UnderWay || got.Stages["CS2"].Finished != "" ||
		got.Stages["CS3"].Status != NotStarted || len(got.Involvements) != 1 || len(got.Decisions) != 1 {
		t.Errorf("as at 1 February: %+v", got)
	}
	if len(it.Involvements) != 2 || it.Stages["CS2"].Status != Done {
		t.Error("AsAt changed the item it was given")
	}
}
