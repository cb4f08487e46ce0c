package commissioning_test

import (
	"testing"

	"coplan/internal/commissioning"
)

func TestValidateStage(t *testing.T) {
	for _, c := range []struct {
		name string
		sr   commissioning.StageRecord
		want []string // fields with errors
	}{
		{"not started needs no dates", commissioning.StageRecord{Code: "CS1", Status: commissioning.NotStarted}, nil},
		{"under way needs its start", commissioning.StageRecord{Code: "CS2", Status: commissioning.UnderWay}, []string{"started"}},
		{"under way", commissioning.StageRecord{Code: "CS2", Status: commissioning.UnderWay, Started: "2026-01-05"}, nil},
		{"done needs its finish", commissioning.StageRecord{Code: "CS3", Status: commissioning.Done, Started: "2026-01-05"}, []string{"finished"}},
		{"done before it started", commissioning.StageRecord{Code: "CS3", Status: commissioning.Done, Started: "2026-02-05", Finished: "2026-01-05"}, []string{"finished"}},
		{"done the day it started", commissioning.StageRecord{Code: "CS3", Status: commissioning.Done, Started: "2026-02-05", Finished: "2026-02-05"}, nil},
		{"no such stage", commissioning.StageRecord{Code: "CS8", Status: commissioning.NotStarted}, []string{"stage"}},
		{"no such status", commissioning.StageRecord{Code: "CS1", Status: "paused"}, []string{"status"}},
	} {
		errs := commissioning.ValidateStage(c.sr)
		if len(errs) != len(c.want) {
			t.Errorf("%s: errors %v, want on %v", c.name, errs, c.want)
			continue
		}
		for i, f := range c.want {
			if errs[i].Field != f {
				t.Errorf("%s: error on %s, want %s", c.name, errs[i].Field, f)
			}
		}
	}
}

func TestValidateInvolvement(t *testing.T) {
	ok := commissioning.Involvement{Stage: "CS1", On: "2026-01-20", Activity: commissioning.Workshop, Depth: commissioning.Consult,
		Taking: map[commissioning.Group]int{commissioning.UnpaidCarers: 3}, Asked: "What matters?"}
	for _, c := range []struct {
		name    string
		change  func(*commissioning.Involvement)
		consent bool
		want    string // the field with an error, "" for none
	}{
		{"complete", func(*commissioning.Involvement) {}, false, ""},
		{"no stage", func(i *commissioning.Involvement) { i.Stage = "" }, false, "stage"},
		{"no date", func(i *commissioning.Involvement) { i.On = "20/01/2026" }, false, "on"},
		{"no activity", func(i *commissioning.Involvement) { i.Activity = "party" }, false, "activity"},
		{"depth off the Spectrum", func(i *commissioning.Involvement) { i.Depth = 6 }, false, "depth"},
		{"nobody took part", func(i *commissioning.Involvement) { i.Taking = map[commissioning.Group]int{} }, false, "taking"},
		{"a group not listed", func(i *commissioning.Involvement) { i.Taking = map[commissioning.Group]int{"councillors": 2} }, false, "taking"},
		{"nothing asked", func(i *commissioning.Involvement) { i.Asked = "" }, false, "asked"},
		{"names without consent", func(i *commissioning.Involvement) { i.Named = "Ann" }, false, "consent"},
		{"names with consent", func(i *commissioning.Involvement) { i.Named = "Ann" }, true, ""},
		{"no outcome yet is allowed", func(i *commissioning.Involvement) { i.Outcome = "" }, false, ""},
	} {
		inv := ok
		inv.Taking = map[commissioning.Group]int{commissioning.UnpaidCarers: 3}
		c.change(&inv)
		errs := commissioning.ValidateInvolvement(inv, c.consent)
		switch {
		case c.want == "" && len(errs) > 0:
			t.Errorf("%s: %v, want no error", c.name, errs)
		case c.want != "" && errs.For(c.want) == "":
			t.Errorf("%s: %v, want an error on %s", c.name, errs, c.want)
		}
	}
}

func TestDefaultDepth(t *testing.T) {
	for k, want := range map[commissioning.SourceKind]commissioning.Depth{
		commissioning.FromConsult:   commissioning.Consult,
		commissioning.FromPlanViews: commissioning.Consult,
		commissioning.FromS36:       commissioning.Consult,
		commissioning.FromMeeting:   commissioning.Consult,
		commissioning.FromAppraisal: commissioning.Involve,
	} {
		if got := commissioning.DefaultDepth(k); got != want {
			t.Errorf("DefaultDepth(%s) = %v, want %v", k, got, want)
		}
	}
}

// TestSummarise: the public summary adds up people by group and depth at
// each stage and keeps no names; Rollup counts items by flag.
func TestSummarise(t *testing.T) {
	it := commissioning.Item{ID: 7, Title: "Day services", Kind: commissioning.ServiceRedesign,
		Stages: map[string]commissioning.StageRecord{"CS1": {Code: "CS1", Status: commissioning.Done, Started: "2026-01-01", Finished: "2026-02-01"}},
		Involvements: []commissioning.Involvement{
			{Stage: "CS1", On: "2026-01-10", Depth: commissioning.Collaborate, Taking: map[commissioning.Group]int{commissioning.UnpaidCarers: 4, commissioning.Staff: 2},
				Outcome: "Weekend opening", Changed: true, Named: "Ann"},
			{Stage: "CS1", On: "2026-01-20", Depth: commissioning.Inform, Taking: map[commissioning.Group]int{commissioning.UnpaidCarers: 10}},
		}}
	s := commissioning.Summarise(it, func(int64) string { return "" })
	cs1 := s.Stages[0]
	if cs1.People[commissioning.UnpaidCarers] != 14 || cs1.People[commissioning.Staff] != 2 || cs1.Total() != 16 {
		t.Errorf("CS1 people = %v", cs1.People)
	}
	if cs1.ByDepth[commissioning.Collaborate] != 6 || cs1.ByDepth[commissioning.Inform] != 10 {
		t.Errorf("CS1 by depth = %v", cs1.ByDepth)
	}
	if cs1.Involvements != 2 || cs1.Changed != 1 || len(cs1.Changes) != 1 || cs1.Status != commissioning.Done {
		t.Errorf("CS1 = %+v", cs1)
	}
	if len(s.Stages) != 7 || s.Stages[1].Status != commissioning.NotStarted || s.Stages[1].Total() != 0 {
		t.Errorf("stages = %+v", s.Stages)
	}
	if len(s.Flags) != 1 || s.Flags[0] != commissioning.NoFeedback {
		t.Errorf("flags = %v, want no_feedback only", s.Flags)
	}
	got := commissioning.Rollup([][]commissioning.Problem{s.Problems, nil, {{Flag: commissioning.NoFeedback}, {Flag: commissioning.InformOnly}, {Flag: commissioning.NoFeedback}}})
	want := []commissioning.FlagCount{{Flag: commissioning.InformOnly, Items: 1}, {Flag: commissioning.NoFeedback, Items: 2}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Rollup = %v, want %v", got, want)
	}
}
