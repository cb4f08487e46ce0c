package performance

import (
	"slices"
	"testing"

	"coplan/internal/civil"
	"coplan/internal/statute"
)

// complete is a report that meets every requirement.
func complete() Report {
	r := Report{Year: 2025, Sections: map[string]string{}}
	for _, s := range statute.ReportSections() {
		r.Sections[s.Code] = "Written."
	}
	for _, o := range statute.Outcomes() {
		r.Outcomes = append(r.Outcomes, OutcomeFacts{Code: o.Code, Name: o.Title, Arrangements: []string{"A"},
			Indicators: []Series{{Indicator: "NI-1", Points: []Point{{Year: 2024, Value: 1}, {Year: 2025, Value: 2}}}}})
	}
	for _, m := range statute.SpendMatters()[:5] {
		r.Spend = append(r.Spend, Spend{Matter: m.Code, MatterName: m.Name, PlannedPence: 100, ActualPence: 100})
	}
	r.Decisions = []Decision{{Title: "Close a day centre", Reason: "Too few used it"}}
	r.Localities = []Locality{{ID: 1, Name: "North", Text: "Done."}}
	r.GoodPractice = []Entry{{Kind: GoodPractice, Title: "x", Body: "y"}}
	r.Lessons = []Entry{{Kind: Lesson, Title: "x", Body: "y"}}
	r.Inspections = []Entry{{Kind: Inspection, Title: "x", Body: "y", Action: "z"}}
	return r
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Report)
		want   []string // requirement codes of the gaps, in order
	}{
		{"complete", func(*Report) {}, nil},
		{"outcome without arrangement", func(r *Report) { r.Outcomes[2].Arrangements = nil }, []string{"R3a-i"}},
		{"outcome without figures", func(r *Report) { r.Outcomes[0].Indicators = nil }, []string{"R3a-ii"}},
		{"only an earlier year", func(r *Report) { r.Outcomes[0].Indicators[0].Points = r.Outcomes[0].Indicators[0].Points[:1] }, []string{"R3a-iii"}},
		{"no earlier year", func(r *Report) { r.Outcomes[0].Indicators[0].Points = r.Outcomes[0].Indicators[0].Points[1:] }, []string{"R3a-iii"}},
		{"survey year before", func(r *Report) {
			r.Outcomes[0].Indicators[0].Points = []Point{{Year: 2022, Value: 1}, {Year: 2024, Value: 2}}
		}, nil},
		{"too old", func(r *Report) {
			r.Outcomes[0].Indicators[0].Points = []Point{{Year: 2021, Value: 1}, {Year: 2023, Value: 2}}
		}, []string{"R3a-iii"}},
		{"no principles", func(r *Report) { delete(r.Sections, "principles") }, []string{"R3b"}},
		{"decision without a reason", func(r *Report) { r.Decisions[0].Reason = " " }, []string{"R3c"}},
		{"matter missing", func(r *Report) { r.Spend = r.Spend[1:] }, []string{"R4-1a"}},
		{"overspend without a reason", func(r *Report) { r.Spend[0].ActualPence = 150 }, []string{"R4-1c"}},
		{"overspend with a reason", func(r *Report) { r.Spend[0].ActualPence, r.Spend[0].Reason = 150, "Winter" }, nil},
		{"locality silent", func(r *Report) { r.Localities[0].Text = "" }, []string{"R-localities"}},
		{"inspection without action", func(r *Report) { r.Inspections[0].Action = "" }, []string{"R-inspections"}},
		{"no inspections, said none", func(r *Report) { r.Inspections = nil }, nil},
		{"no inspections, nothing said", func(r *Report) { r.Inspections = nil; delete(r.Sections, "inspections") }, []string{"R-inspections"}},
		{"no review said", func(r *Report) { delete(r.Sections, "review") }, []string{"R-review"}},
		{"a review recorded", func(r *Report) { delete(r.Sections, "review"); r.Reviews = []string{"reviewed"} }, nil},
		{"no good practice", func(r *Report) { r.GoodPractice = nil }, []string{"X-good-practice"}},
		{"no lessons", func(r *Report) { r.Lessons = nil }, []string{"X-lessons"}},
		{"people from you said", func(r *Report) { delete(r.Sections, "people"); r.YouSaid = []Said{{"a", "b"}} }, nil},
		{"people silent", func(r *Report) { delete(r.Sections, "people") }, []string{"X-people"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := complete()
			tc.change(&r)
			var got []string
			for _, g := range Check(r) {
				got = append(got, g.Requirement)
				if _, ok := statute.ReportRequirementByCode(g.Requirement); !ok || g.Message == "" {
					t.Errorf("gap %+v names no requirement", g)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("gaps %v, want %v (%+v)", got, tc.want, Check(r))
			}
		})
	}
}

func TestDueState(t *testing.T) {
	if Due(2025) != "2026-07-31" {
		t.Fatalf("due %s", Due(2025))
	}
	for _, tc := range []struct {
		today     civil.Date
		published bool
		want      string
	}{
		{"2026-05-30", false, NotDue},
		{"2026-05-31", false, DueSoon},
		{"2026-07-31", false, DueSoon},
		{"2026-08-01", false, Overdue},
		{"2026-08-01", true, Complete},
	} {
		if got := DueState(2025, tc.published, tc.today); got != tc.want {
			t.Errorf("%s published %v: %q, want %q", tc.today, tc.published, got, tc.want)
		}
	}
	if LatestYear("2026-12-03") != 2025 || LatestYear("2027-02-01") != 2025 {
		t.Error("latest year")
	}
}

func TestClockOf(t *testing.T) {
	for _, tc := range []struct {
		today   civil.Date
		version int
		tag     string
	}{
		{"2026-04-02", 0, "grey"},
		{"2026-06-15", 0, "orange"},
		{"2026-08-01", 0, "red"},
		{"2026-08-01", 2, "green"},
	} {
		if c := ClockOf(2025, tc.version, tc.today); c.Tag != tc.tag || c.Due != "2026-07-31" || c.Text == "" {
			t.Errorf("%s v%d: %+v, want %s", tc.today, tc.version, c, tc.tag)
		}
	}
}

func TestShare(t *testing.T) {
	r := Report{Spend: []Spend{{ActualPence: 250}, {ActualPence: 750}}}
	if got := r.Share(r.Spend[0]); got != "25.0%" {
		t.Errorf("share of spend %s", got)
	}
	r.StatementPence = 2000
	if got := r.Share(r.Spend[0]); got != "12.5%" {
		t.Errorf("share of the statement's total %s", got)
	}
}
