package commissioning

import (
	"slices"

	"coplan/internal/civil"
	"coplan/internal/statute"
)

// Summary is a work item as the public page and the open data show it:
// aggregates only, counts of people by group and by depth at each stage,
// never names, what was asked or anything keyed in about a person.
type Summary struct {
	ID          int64
	Title       string
	Description string
	Kind        Kind
	Stages      []StageSummary
	Problems    []Problem
	Flags       []Flag
}

// StageSummary is one stage of a published work item.
type StageSummary struct {
	Stage        statute.Stage
	Status       Status
	Started      civil.Date
	Finished     civil.Date
	People       map[Group]int // how many took part, by group, over every involvement at the stage
	ByDepth      map[Depth]int // how many took part at each depth
	Involvements int           // how many activities
	Changed      int           // how many of them changed something
	Changes      []string      // what changed, as people were told
}

// Total is how many people took part at the stage.
func (s StageSummary) Total() int {
	n := 0
	for _, c := range s.People {
		n += c
	}
	return n
}

// GroupCounts is People in the order of Groups, leaving out groups with
// none.
func (s StageSummary) GroupCounts() []GroupCount {
	var out []GroupCount
	for _, g := range Groups {
		if n := s.People[g]; n > 0 {
			out = append(out, GroupCount{g, n})
		}
	}
	return out
}

// DepthCounts is ByDepth from the shallowest level, leaving out levels
// with none.
func (s StageSummary) DepthCounts() []DepthCount {
	var out []DepthCount
	for _, d := range Depths {
		if n := s.ByDepth[d]; n > 0 {
			out = append(out, DepthCount{d, n})
		}
	}
	return out
}

// GroupCount is how many of a group took part.
type GroupCount struct {
	Group Group
	N     int
}

// DepthCount is how many took part at a depth.
type DepthCount struct {
	Depth Depth
	N     int
}

// Summarise aggregates a work item for the public, with its problems
// (localityName names localities in their messages).
func Summarise(it Item, localityName func(int64) string) Summary {
	ps := it.Problems(localityName)
	s := Summary{ID: it.ID, Title: it.Title, Description: it.Description, Kind: it.Kind, Problems: ps, Flags: FlagsOf(ps)}
	for _, st := range statute.CommissioningStages() {
		rec := it.Stage(st.Code)
		ss := StageSummary{Stage: st, Status: rec.Status, Started: rec.Started, Finished: rec.Finished,
			People: map[Group]int{}, ByDepth: map[Depth]int{}}
		for _, inv := range it.Involvements {
			if inv.Stage != st.Code {
				continue
			}
			ss.Involvements++
			for g, n := range inv.Taking {
				ss.People[g] += n
			}
			ss.ByDepth[inv.Depth] += inv.Total()
			if inv.Changed {
				ss.Changed++
				if inv.Outcome != "" && !slices.Contains(ss.Changes, inv.Outcome) {
					ss.Changes = append(ss.Changes, inv.Outcome)
				}
			}
		}
		s.Stages = append(s.Stages, ss)
	}
	return s
}

// PeoplePhrase is what people at the depth did, after a count: "12
// people were asked". Plain words for public pages.
func (d Depth) PeoplePhrase() string {
	switch d {
	case Inform:
		return "were told about it"
	case Consult:
		return "were asked for their views"
	case Involve:
		return "were involved in shaping it"
	case Collaborate:
		return "worked together with the partnership on it"
	case Empower:
		return "decided"
	}
	return ""
}
