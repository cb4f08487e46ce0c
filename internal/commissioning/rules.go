// Package commissioning is co-production in commissioning (issue 12): a
// piece of commissioning work passes through Audit Scotland's seven stages
// (statute.CommissioningStages), and at each stage people are involved, or
// not, more or less deeply, with something coming of it, or not.
//
// This file holds the rules that name tokenism, as plain functions: they
// read a work item's stages, its involvement and its decisions, and say
// what is wrong in plain words. The store, the pages and the demo that use
// them come with the rest of issue 12.
package commissioning

import (
	"fmt"
	"slices"
	"strings"

	"coplan/internal/civil"
	"coplan/internal/statute"
)

// Group is who took part in an involvement (statute.ParticipantGroup; the
// meeting room counts representatives' rounds by it too).
type Group = statute.ParticipantGroup

// The groups, in the order pages list them.
const (
	PeopleWhoUseServices = statute.PeopleWhoUseServices
	UnpaidCarers         = statute.UnpaidCarers
	ThirdSector          = statute.ThirdSector
	Providers            = statute.Providers
	Staff                = statute.Staff
	Communities          = statute.Communities
)

// Groups lists every group.
var Groups = statute.ParticipantGroups()

// Depth is how deeply people were involved, on the IAP2 Spectrum of Public
// Participation (International Association for Public Participation,
// iap2.org): each level gives the public more influence on the decision
// than the one before, from "we will keep you informed" to "we will
// implement what you decide". Inform alone is one-way: nobody is asked.
type Depth int

// The Spectrum's five levels, shallowest first.
const (
	Inform Depth = iota + 1
	Consult
	Involve
	Collaborate
	Empower
)

// Status is where a stage of a work item has got to.
type Status string

// A stage's statuses.
const (
	NotStarted Status = "not-started"
	UnderWay   Status = "under-way"
	Done       Status = "done"
)

// Involvement is one activity at one stage: who took part, by group (how
// many) and locality, how deeply, and what came of it.
type Involvement struct {
	ID         int64  // the keyed-in record's id; 0 for one read from a linked record
	Stage      string // statute.CommissioningStage code, "CS1" to "CS7"
	On         civil.Date
	Activity   Activity
	Depth      Depth
	Taking     map[Group]int // how many of each group took part
	Localities []int64       // the localities those taking part came from or spoke for
	Asked      string        // what people were asked
	Outcome    string        // what came of it, as people were told; "" when nothing is recorded
	Changed    bool          // the outcome says something changed because of it
	Named      string        // names of those who agreed to be named; staff pages only, never public
	Source     Source
}

// Decision is a decision taken at a stage of the work: an entry of the
// s.36 register, an option appraisal's choice, a board's decision, a
// direction.
type Decision struct {
	Stage  string
	On     civil.Date
	What   string // how pages name it: "IJB decision: ..."
	Source Source
}

// Work is a piece of commissioning work as the rules read it.
type Work struct {
	Stages     map[string]Status // by stage code; a stage not named has not started
	Localities []int64           // the localities it concerns
}

// Flag names a kind of problem; the open data API uses these names.
type Flag string

// The problems the rules find.
const (
	NoUserOrCarerInvolvement  Flag = "no_user_or_carer_involvement"
	DecisionBeforeInvolvement Flag = "decision_before_involvement"
	InformOnly                Flag = "inform_only"
	LocalityNeverInvolved     Flag = "locality_never_involved"
	NoFeedback                Flag = "no_feedback"
)

// Problem is one thing wrong with a work item's involvement.
type Problem struct {
	Flag     Flag
	Stage    string // the stage it concerns, or ""
	Locality int64  // the locality it concerns, or 0
	Message  string // plain words for the work item's page
}

// Check applies the rules to a work item and returns its problems, stage by
// stage, then those of the whole item:
//   - a stage marked done with nobody who uses services and no unpaid carer
//     involved at it (Audit Scotland: involved at all stages);
//   - a decision recorded at a stage before anyone was involved at that
//     stage: people presented with a conclusion (seed 003 §3.5); a decision
//     on the same day as the first involvement is not counted as before it;
//   - involvement that never went beyond informing people, for the whole
//     item;
//   - a locality the work concerns that no involvement came from;
//   - an involvement with no recorded outcome: nobody was told what came of
//     it.
//
// localityName names a locality in messages.
func Check(w Work, inv []Involvement, decisions []Decision, localityName func(int64) string) []Problem {
	var out []Problem
	for _, st := range statute.CommissioningStages() {
		at := atStage(inv, st.Code)
		if w.Stages[st.Code] == Done && !slices.ContainsFunc(at, usersOrCarers) {
			out = append(out, Problem{Flag: NoUserOrCarerInvolvement, Stage: st.Code,
				Message: fmt.Sprintf("Stage %d, %s, is done, but no people who use services or unpaid carers were involved in it.", st.Number, lower(st.Title))})
		}
		first := firstDate(at)
		for _, d := range decisions {
			if d.Stage != st.Code || (first != "" && d.On >= first) {
				continue
			}
			msg := fmt.Sprintf("%s was recorded on %s, before anyone was involved in stage %d, %s.", d.What, d.On, st.Number, lower(st.Title))
			if first == "" {
				msg = fmt.Sprintf("%s was recorded on %s, and nobody has been involved in stage %d, %s.", d.What, d.On, st.Number, lower(st.Title))
			}
			out = append(out, Problem{Flag: DecisionBeforeInvolvement, Stage: st.Code, Message: msg})
		}
	}
	if len(inv) > 0 && !slices.ContainsFunc(inv, func(i Involvement) bool { return i.Depth > Inform }) {
		out = append(out, Problem{Flag: InformOnly,
			Message: "People have only been told about this work: nobody has yet been asked for their views or shared in deciding."})
	}
	for _, l := range w.Localities {
		if !slices.ContainsFunc(inv, func(i Involvement) bool { return slices.Contains(i.Localities, l) }) {
			out = append(out, Problem{Flag: LocalityNeverInvolved, Locality: l,
				Message: fmt.Sprintf("Nobody from %s has been involved, though the work concerns it.", localityName(l))})
		}
	}
	for _, i := range inv {
		if i.Outcome == "" {
			st, _ := statute.CommissioningStage(i.Stage)
			out = append(out, Problem{Flag: NoFeedback, Stage: i.Stage,
				Message: fmt.Sprintf("Nothing is recorded of what came of the involvement on %s at stage %d, %s, so the people who took part have not been told.", i.On, st.Number, lower(st.Title))})
		}
	}
	return out
}

func atStage(inv []Involvement, stage string) []Involvement {
	var at []Involvement
	for _, i := range inv {
		if i.Stage == stage {
			at = append(at, i)
		}
	}
	return at
}

func usersOrCarers(i Involvement) bool {
	for g, n := range i.Taking {
		if g.UserOrCarer() && n > 0 {
			return true
		}
	}
	return false
}

// firstDate is the earliest date of inv, or "" for none.
func firstDate(inv []Involvement) civil.Date {
	var first civil.Date
	for _, i := range inv {
		if first == "" || i.On < first {
			first = i.On
		}
	}
	return first
}

// lower puts a stage's title in the middle of a sentence.
func lower(title string) string {
	if title == "" {
		return title
	}
	return strings.ToLower(title[:1]) + title[1:]
}
