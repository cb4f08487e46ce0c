package commissioning

import (
	"coplan/internal/civil"
	"slices"
	"strings"
	"testing"
)

func name(id int64) string { return map[int64]string{1: "Strathard", 2: "Inverlussa"}[id] }

// involved is an involvement at stage on day, of users or carers unless
// groups say otherwise, from locality 1, at depth, with an outcome.
func involved(stage, day string, depth Depth, groups ...Group) Involvement {
	if len(groups) == 0 {
		groups = []Group{PeopleWhoUseServices}
	}
	taking := map[Group]int{}
	for _, g := range groups {
		taking[g] = 5
	}
	return Involvement{Stage: stage, On: civilDate(day), Depth: depth, Taking: taking, Localities: []int64{1}, Outcome: "We changed the service"}
}

func TestCheck(t *testing.T) {
	work := Work{Stages: map[string]Status{"CS1": Done, "CS2": UnderWay}, Localities: []int64{1}}
	for _, c := range []struct {
		name      string
		work      Work
		inv       []Involvement
		decisions []Decision
		want      []Flag
		message   string // a word the first problem's message must hold
	}{
		{"exemplary: users from stage 1, deciding with them, feedback given", work,
			[]Involvement{involved("CS1", "2026-01-10", Collaborate), involved("CS2", "2026-02-01", Empower, UnpaidCarers)},
			[]Decision{{Stage: "CS2", On: civilDate("2026-03-01"), What: "IJB decision"}}, nil, ""},
		{"a stage done with only staff and providers", work,
			[]Involvement{involved("CS1", "2026-01-10", Involve, Staff, Providers)}, nil,
			[]Flag{NoUserOrCarerInvolvement}, "needs and aims"},
		{"a stage done with nobody at all", work, []Involvement{involved("CS2", "2026-01-10", Involve)}, nil,
			[]Flag{NoUserOrCarerInvolvement}, "no people who use services"},
		{"a stage under way needs no one yet", Work{Stages: map[string]Status{"CS1": UnderWay}, Localities: []int64{1}},
			[]Involvement{involved("CS2", "2026-01-10", Involve)}, nil, nil, ""},
		{"carers count as much as users", work, []Involvement{involved("CS1", "2026-01-10", Consult, UnpaidCarers)}, nil, nil, ""},
		{"a count of nought is nobody", work,
			[]Involvement{{Stage: "CS1", On: civilDate("2026-01-10"), Depth: Consult, Taking: map[Group]int{PeopleWhoUseServices: 0, Staff: 3},
				Localities: []int64{1}, Outcome: "x"}}, nil, []Flag{NoUserOrCarerInvolvement}, ""},
		{"decided before anyone was asked at that stage", work,
			[]Involvement{involved("CS1", "2026-01-10", Consult), involved("CS6", "2026-05-02", Consult)},
			[]Decision{{Stage: "CS6", On: civilDate("2026-05-01"), What: "The procurement decision"}},
			[]Flag{DecisionBeforeInvolvement}, "before anyone was involved in stage 6, procurement"},
		{"decided at a stage nobody was involved in", work, []Involvement{involved("CS1", "2026-01-10", Consult)},
			[]Decision{{Stage: "CS5", On: civilDate("2026-04-01"), What: "Option appraisal"}},
			[]Flag{DecisionBeforeInvolvement}, "nobody has been involved in stage 5"},
		{"decided on the day of the first involvement is not before it", work, []Involvement{involved("CS1", "2026-01-10", Consult)},
			[]Decision{{Stage: "CS1", On: civilDate("2026-01-10"), What: "SPG view"}}, nil, ""},
		{"involvement earlier at another stage does not count", work,
			[]Involvement{involved("CS1", "2026-01-10", Consult), involved("CS3", "2026-06-01", Consult)},
			[]Decision{{Stage: "CS3", On: civilDate("2026-05-01"), What: "Board decision"}}, []Flag{DecisionBeforeInvolvement}, ""},
		{"only ever told", work, []Involvement{involved("CS1", "2026-01-10", Inform), involved("CS2", "2026-02-10", Inform)}, nil,
			[]Flag{InformOnly}, "only been told"},
		{"one consultation is more than telling", work, []Involvement{involved("CS1", "2026-01-10", Inform), involved("CS2", "2026-02-10", Consult)}, nil, nil, ""},
		{"no involvement at all is not 'only told'", Work{Localities: nil}, nil, nil, nil, ""},
		{"a locality never involved", Work{Stages: work.Stages, Localities: []int64{1, 2}},
			[]Involvement{involved("CS1", "2026-01-10", Consult)}, nil, []Flag{LocalityNeverInvolved}, "Inverlussa"},
		{"no outcome recorded", work,
			[]Involvement{{Stage: "CS1", On: civilDate("2026-01-10"), Depth: Consult, Taking: map[Group]int{UnpaidCarers: 2}, Localities: []int64{1}}},
			nil, []Flag{NoFeedback}, "have not been told"},
		{"tokenistic: late, told only, no carers, no feedback, a locality left out",
			Work{Stages: map[string]Status{"CS5": Done, "CS6": Done}, Localities: []int64{1, 2}},
			[]Involvement{{Stage: "CS6", On: civilDate("2026-05-10"), Depth: Inform, Taking: map[Group]int{Providers: 12}, Localities: []int64{1}}},
			[]Decision{{Stage: "CS6", On: civilDate("2026-05-01"), What: "IJB decision to tender"}},
			[]Flag{NoUserOrCarerInvolvement, NoUserOrCarerInvolvement, DecisionBeforeInvolvement, InformOnly, LocalityNeverInvolved, NoFeedback}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Check(c.work, c.inv, c.decisions, name)
			var flags []Flag
			for _, p := range got {
				flags = append(flags, p.Flag)
			}
			if !slices.Equal(flags, c.want) {
				t.Fatalf("flags %v, want %v", flags, c.want)
			}
			if c.message != "" && !strings.Contains(got[0].Message, c.message) {
				t.Errorf("message %q does not say %q", got[0].Message, c.message)
			}
		})
	}
}

func civilDate(s string) civil.Date { return civil.Date(s) }
