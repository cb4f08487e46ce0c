package commissioning

import (
	"slices"
	"strings"

	"coplan/internal/civil"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// Name is the kind in words, for forms and pages.
func (k Kind) Name() string {
	switch k {
	case ServiceRedesign:
		return "Service redesign"
	case Procurement:
		return "Procurement"
	case PlanPriority:
		return "A priority of the strategic plan"
	case LocalityPlan:
		return "A locality's plan"
	case OtherWork:
		return "Other commissioning work"
	}
	return string(k)
}

// Name is the activity in words.
func (a Activity) Name() string {
	switch a {
	case Workshop:
		return "Workshop"
	case Survey:
		return "Survey"
	case ConsultationActivity:
		return "Consultation"
	case WorkingGroup:
		return "Working group"
	case LivedExperiencePanel:
		return "Lived-experience panel"
	case DeliberativeEvent:
		return "Deliberative event"
	case TestOfChange:
		return "Test of change"
	case RepresentativeRound:
		return "A representative gathering the views of the people they speak for"
	case MeetingActivity:
		return "Views given at a board or Strategic Planning Group meeting"
	case OtherActivity:
		return "Other"
	}
	return string(a)
}

// Name is the status in words.
func (s Status) Name() string {
	switch s {
	case NotStarted, "":
		return "not started"
	case UnderWay:
		return "under way"
	case Done:
		return "done"
	}
	return string(s)
}

// Statuses lists a stage's statuses in order.
var Statuses = []Status{NotStarted, UnderWay, Done}

// Plain is the depth in the plain words public pages use: what the people
// taking part were, or did.
func (d Depth) Plain() string {
	switch d {
	case Inform:
		return "told"
	case Consult:
		return "asked"
	case Involve:
		return "involved in shaping"
	case Collaborate:
		return "worked together on"
	case Empower:
		return "decided"
	}
	return ""
}

// Slug is the depth's name as the open data API gives it.
func (d Depth) Slug() string { return strings.ToLower(d.Name()) }

// Name is the source in words.
func (k SourceKind) Name() string {
	switch k {
	case Recorded:
		return "Keyed in"
	case FromConsult:
		return "Consultation"
	case FromPlanViews:
		return "Views on the strategic plan"
	case FromS36:
		return "Significant decision (s.36 register)"
	case FromAppraisal:
		return "Option appraisal"
	case FromMeeting:
		return "Board or Strategic Planning Group decision"
	case FromRepresentor:
		return "Representative's round"
	}
	return string(k)
}

// LinkKinds are the kinds of record an officer can link to a work item at
// a stage. Plan views come through the work item's arrangements instead.
var LinkKinds = []SourceKind{FromConsult, FromS36, FromAppraisal, FromMeeting, FromRepresentor}

// DefaultDepth is the depth a linked record's involvement is given unless
// the officer chooses another when linking. coplan's own choice, not the
// guidance's: a consultation, views on a plan and a representative's round
// of views ask people (Consult); an
// option appraisal's participants score the options with the officers
// (Involve); a board's or an s.36 decision's non-voting members give views
// (Consult).
func DefaultDepth(k SourceKind) Depth {
	switch k {
	case FromAppraisal:
		return Involve
	default:
		return Consult
	}
}

func cleanItem(it Item) Item {
	it.Title = strings.TrimSpace(it.Title)
	it.Description = strings.TrimSpace(it.Description)
	it.Localities = uniq(it.Localities)
	it.Functions = uniq(it.Functions)
	it.Arrangements = uniq(it.Arrangements)
	return it
}

func uniq(ids []int64) []int64 {
	var out []int64
	for _, id := range ids {
		if id != 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// ValidateItem checks a work item's title and kind.
func ValidateItem(it Item) valid.Errors {
	var errs valid.Errors
	if it.Title == "" {
		errs.Add("title", "Enter what the commissioning work is.")
	}
	if !slices.Contains(Kinds, it.Kind) {
		errs.Add("kind", "Choose what kind of work it is.")
	}
	return errs
}

// ValidateStage checks a move of a stage: a stage of the cycle, a status,
// the date it started once under way and the date it finished once done,
// not before it started.
func ValidateStage(sr StageRecord) valid.Errors {
	var errs valid.Errors
	if _, ok := statute.CommissioningStage(sr.Code); !ok {
		errs.Add("stage", "Choose a stage of the commissioning cycle.")
	}
	if !slices.Contains(Statuses, sr.Status) {
		errs.Add("status", "Choose where the stage has got to.")
	}
	if sr.Status == UnderWay || sr.Status == Done {
		if _, ok := civil.ParseDate(string(sr.Started)); !ok {
			errs.Add("started", "Enter the date the stage started, like 14 3 2026.")
		}
	}
	if sr.Status == Done {
		if _, ok := civil.ParseDate(string(sr.Finished)); !ok {
			errs.Add("finished", "Enter the date the stage was finished, like 14 3 2026.")
		} else if sr.Started != "" && sr.Finished < sr.Started {
			errs.Add("finished", "The stage cannot finish before it started.")
		}
	}
	return errs
}

func cleanInvolvement(inv Involvement) Involvement {
	inv.Asked = strings.TrimSpace(inv.Asked)
	inv.Outcome = strings.TrimSpace(inv.Outcome)
	inv.Named = strings.TrimSpace(inv.Named)
	inv.Localities = uniq(inv.Localities)
	taking := map[Group]int{}
	for g, n := range inv.Taking {
		if n > 0 {
			taking[g] = n
		}
	}
	inv.Taking = taking
	return inv
}

// ValidateInvolvement checks involvement keyed in: a stage, a date, an
// activity, a depth, at least one person taking part, what they were
// asked, and names only with consent.
func ValidateInvolvement(inv Involvement, consent bool) valid.Errors {
	var errs valid.Errors
	if _, ok := statute.CommissioningStage(inv.Stage); !ok {
		errs.Add("stage", "Choose the stage of the commissioning cycle people were involved in.")
	}
	if _, ok := civil.ParseDate(string(inv.On)); !ok {
		errs.Add("on", "Enter the date people were involved, like 14 3 2026.")
	}
	if !slices.Contains(Activities, inv.Activity) {
		errs.Add("activity", "Choose what people took part in.")
	}
	if !slices.Contains(Depths, inv.Depth) {
		errs.Add("depth", "Choose how deeply people were involved.")
	}
	total := 0
	for g, n := range inv.Taking {
		if !slices.Contains(Groups, g) || n < 0 {
			errs.Add("taking", "Enter how many of each group took part, as whole numbers.")
			break
		}
		total += n
	}
	if total == 0 {
		errs.Add("taking", "Enter how many people took part, in at least one group.")
	}
	if inv.Asked == "" {
		errs.Add("asked", "Say what people were asked or told.")
	}
	if inv.Named != "" && !consent {
		errs.Add("consent", "Tick to confirm the people named agreed to be named, or leave the names out.")
	}
	return errs
}

// ValidateLink checks a link: a kind that can be linked, a record, a stage
// and a depth.
func ValidateLink(l Link) valid.Errors {
	var errs valid.Errors
	if !slices.Contains(LinkKinds, l.Kind) {
		errs.Add("kind", "Choose what kind of record to link.")
	}
	if l.RecordID == 0 {
		errs.Add("record", "Choose the record to link.")
	}
	if _, ok := statute.CommissioningStage(l.Stage); !ok {
		errs.Add("stage", "Choose the stage of the commissioning cycle the record belongs to.")
	}
	if !slices.Contains(Depths, l.Depth) {
		errs.Add("depth", "Choose how deeply people were involved.")
	}
	return errs
}

// Total is how many people took part in an involvement.
func (i Involvement) Total() int {
	n := 0
	for _, c := range i.Taking {
		n += c
	}
	return n
}
