package commissioning

import (
	"time"

	"coplan/internal/civil"
)

// Kind is what a piece of commissioning work is.
type Kind string

// The kinds of work, as the issue names them.
const (
	ServiceRedesign Kind = "service-redesign"
	Procurement     Kind = "procurement"
	PlanPriority    Kind = "plan-priority"
	LocalityPlan    Kind = "locality-plan"
	OtherWork       Kind = "other"
)

// Kinds lists every kind in the order forms offer them.
var Kinds = []Kind{ServiceRedesign, Procurement, PlanPriority, LocalityPlan, OtherWork}

// Activity is what people took part in.
type Activity string

// The activities, as the issue names them.
const (
	Workshop             Activity = "workshop"
	Survey               Activity = "survey"
	ConsultationActivity Activity = "consultation"
	WorkingGroup         Activity = "working-group"
	LivedExperiencePanel Activity = "lived-experience-panel"
	DeliberativeEvent    Activity = "deliberative-event"
	TestOfChange         Activity = "test-of-change"
	RepresentativeRound  Activity = "representative-round" // a representative gathering the views of the people they speak for
	MeetingActivity      Activity = "meeting"              // views given at a board or SPG meeting
	OtherActivity        Activity = "other"
)

// Activities lists every activity in the order forms offer them.
var Activities = []Activity{Workshop, Survey, ConsultationActivity, WorkingGroup, LivedExperiencePanel,
	DeliberativeEvent, TestOfChange, RepresentativeRound, MeetingActivity, OtherActivity}

// SourceKind says where an involvement or a decision is recorded: keyed in
// on the work item, or one of coplan's own records linked to it, which is
// read from where it is kept and never keyed in twice.
type SourceKind string

// The sources.
const (
	Recorded        SourceKind = "recorded"         // keyed in on the work item
	FromConsult     SourceKind = "consultation"     // a consultation linked at a stage: its responses
	FromPlanViews   SourceKind = "plan-views"       // the SPG's and others' views on a linked plan
	FromS36         SourceKind = "s36-decision"     // an entry of the s.36 register
	FromAppraisal   SourceKind = "appraisal"        // an option appraisal: its participants and its decision
	FromMeeting     SourceKind = "meeting-decision" // a board or SPG decision, with non-voting members' views
	FromRepresentor SourceKind = "representative-round"
)

// Source is the record an involvement or decision comes from.
type Source struct {
	Kind   SourceKind
	ID     int64  // the record's id in its own room; 0 for Recorded
	Parent int64  // the record it belongs to, where its page is that one's: a meeting decision's meeting
	Title  string // how pages name the record
}

// StageRecord is where one stage of a work item has got to, with dates.
type StageRecord struct {
	Code     string // "CS1" to "CS7"
	Status   Status
	Started  civil.Date // "" until under way
	Finished civil.Date // "" until done
}

// Item is a piece of commissioning work with everything the rules and the
// evaluation read: its stages, every involvement (keyed in or linked) and
// every decision.
type Item struct {
	ID           int64
	Title        string
	Description  string
	Kind         Kind
	Localities   []int64 // the localities it concerns
	Functions    []int64 // delegated functions (delegated_functions ids)
	Arrangements []int64 // linked plan arrangements
	Stages       map[string]StageRecord
	Involvements []Involvement
	Decisions    []Decision
	Links        []Link    // the records of other rooms linked to it, which Involvements and Decisions read
	PublishedAt  time.Time // zero until published on the public page
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Published reports whether the item is on the public page.
func (it Item) Published() bool { return !it.PublishedAt.IsZero() }

// Stage is the record of stage code, not started when none is kept.
func (it Item) Stage(code string) StageRecord {
	if sr, ok := it.Stages[code]; ok {
		return sr
	}
	return StageRecord{Code: code, Status: NotStarted}
}

// Link is one of coplan's own records linked at a stage of a work item: its
// involvement and decisions are read from where the record is kept.
type Link struct {
	ID       int64
	Kind     SourceKind
	RecordID int64
	Stage    string
	Depth    Depth  // the depth chosen when linking (DefaultDepth unless changed)
	Title    string // how pages name the record, filled when the item is read
	Note     string // why it brings nothing yet (a consultation still open), or ""
}

// Work is the item as the rules read it.
func (it Item) Work() Work {
	w := Work{Stages: map[string]Status{}, Localities: it.Localities}
	for code, s := range it.Stages {
		w.Stages[code] = s.Status
	}
	return w
}

// Problems applies the rules (Check) to the item.
func (it Item) Problems(localityName func(int64) string) []Problem {
	return Check(it.Work(), it.Involvements, it.Decisions, localityName)
}

// Name is the depth's level on the IAP2 Spectrum, in words.
func (d Depth) Name() string {
	switch d {
	case Inform:
		return "Inform"
	case Consult:
		return "Consult"
	case Involve:
		return "Involve"
	case Collaborate:
		return "Collaborate"
	case Empower:
		return "Empower"
	}
	return ""
}

// Promise is the Spectrum's promise to the public at the level, in IAP2's
// words.
func (d Depth) Promise() string {
	switch d {
	case Inform:
		return "We will keep you informed."
	case Consult:
		return "We will keep you informed, listen to and acknowledge concerns and aspirations, and provide feedback on how public input influenced the decision."
	case Involve:
		return "We will work with you to ensure that your concerns and aspirations are directly reflected in the alternatives developed and provide feedback on how public input influenced the decision."
	case Collaborate:
		return "We will look to you for advice and innovation in formulating solutions and incorporate your advice and recommendations into the decisions to the maximum extent possible."
	case Empower:
		return "We will implement what you decide."
	}
	return ""
}

// Depths lists the Spectrum's levels, shallowest first.
var Depths = []Depth{Inform, Consult, Involve, Collaborate, Empower}
