// Package plan runs a partnership's strategic plan through the statutory
// sequence of the Public Bodies (Joint Working) (Scotland) Act 2014: s.33's
// proposals, first and second drafts with the Strategic Planning Group's
// views and the second-draft consultation, finalising, publication (s.35),
// review (s.37) and replacement (s.38). Its rules are plain functions:
// CanAdvance says which requirement is missing before a stage can start;
// Coverage says what the plan leaves out of s.29; NextReview keeps the
// three-year clock.
package plan

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"coplan/internal/statute"
)

// Stage is where a plan is in the statutory sequence.
type Stage string

// The stages, in the order s.33 and s.35 to s.38 set them.
const (
	Engagement      Stage = "engagement"        // the communication and engagement plan, agreed "at an early stage"
	Proposals       Stage = "proposals"         // s.33(2): proposals about what the plan should contain
	ProposalsViews  Stage = "proposals-views"   // s.33(2): the SPG's views sought on the proposals
	FirstDraft      Stage = "first-draft"       // s.33(3): a first draft, taking those views into account
	FirstDraftViews Stage = "first-draft-views" // s.33(3): the SPG's views sought on the first draft
	SecondDraft     Stage = "second-draft"      // s.33(4): a second draft, taking those views into account
	Consultation    Stage = "consultation"      // s.33(4): the second draft sent for comment
	Final           Stage = "final"             // s.33(5): finalised, taking the views on the second draft into account
	Published       Stage = "published"         // s.35: published with the consultation statement
	UnderReview     Stage = "under-review"      // s.37: being reviewed
	Replaced        Stage = "replaced"          // s.37(3) or s.38: replaced by a new plan
)

// Sequence is the statutory order of stages up to publication.
var Sequence = []Stage{Engagement, Proposals, ProposalsViews, FirstDraft, FirstDraftViews, SecondDraft, Consultation, Final, Published}

// Name is the stage in words.
func (s Stage) Name() string {
	switch s {
	case Engagement:
		return "Communication and engagement plan"
	case Proposals:
		return "Proposals"
	case ProposalsViews:
		return "Strategic Planning Group's views on the proposals"
	case FirstDraft:
		return "First draft"
	case FirstDraftViews:
		return "Strategic Planning Group's views on the first draft"
	case SecondDraft:
		return "Second draft"
	case Consultation:
		return "Consultation on the second draft"
	case Final:
		return "Final plan"
	case Published:
		return "Published"
	case UnderReview:
		return "Under review"
	case Replaced:
		return "Replaced"
	}
	return string(s)
}

// Evidence is what the plan's records show, gathered by the store, for
// CanAdvance to judge. Each field names the requirement it evidences.
type Evidence struct {
	EngagementPlan           bool     // a communication and engagement plan is recorded
	ProposalsText            bool     // the proposals have been written
	ProposalsSentToSPG       bool     // the SPG was asked for its views on the proposals
	ProposalsViewsRecorded   bool     // the SPG's views on the proposals are recorded
	FirstDraftText           bool     // a first draft exists
	FirstDraftSentToSPG      bool     // the SPG was asked for its views on the first draft
	FirstDraftViewsRecorded  bool     // the SPG's views on the first draft are recorded
	SecondDraftText          bool     // a second draft exists
	SentToHealthBoard        bool     // the second draft was sent to the health board
	SentToLocalAuthorities   []string // councils the second draft was sent to
	SentToGroups             []string // statute prescribed-group codes with an addressee
	ConsultationClosed       bool     // the consultation on the second draft has closed
	SecondDraftViewsAnswered bool     // every view on the second draft has a response (changed, not changed because, already covered)
	ConsultationStatement    bool     // the consultation statement has been produced
}

// Partners is what CanAdvance needs to know of the partnership: the councils
// the second draft must go to.
type Partners struct {
	HealthBoard      string
	LocalAuthorities []string
}

// CanAdvance says whether a plan at stage from may move to stage to, given
// the evidence. It returns nil, or an error whose message names the missing
// requirement in the Act's terms (for example "the second draft has not been
// sent to representatives of: carers of users of social care"). Stages can
// only move one step forward along Sequence (no skipping); a published plan
// can go under review; a plan under review can be published again (review
// found no change needed) or replaced.
func CanAdvance(from, to Stage, ev Evidence, ps Partners) error {
	switch {
	case from == Published && to == UnderReview, from == UnderReview && to == Published, from == UnderReview && to == Replaced,
		from == Published && to == Replaced:
		return nil
	case from == Replaced:
		return fmt.Errorf("this plan has been replaced: start the replacement plan's sequence instead")
	}
	i, j := slices.Index(Sequence, from), slices.Index(Sequence, to)
	if i < 0 || j < 0 || j <= i {
		return fmt.Errorf("a plan cannot move from %q to %q", from.Name(), to.Name())
	}
	if j > i+1 {
		return fmt.Errorf("a plan cannot skip from %q to %q: %q comes first", from.Name(), to.Name(), Sequence[i+1].Name())
	}
	var missing []string
	need := func(ok bool, what string) {
		if !ok {
			missing = append(missing, what)
		}
	}
	switch to {
	case Proposals:
		need(ev.EngagementPlan, "the communication and engagement plan has not been recorded")
	case ProposalsViews:
		need(ev.ProposalsText, "the proposals have not been written")
		need(ev.ProposalsSentToSPG, "the proposals have not been sent to the Strategic Planning Group for its views (s.33(2))")
	case FirstDraft:
		need(ev.ProposalsViewsRecorded, "the Strategic Planning Group's views on the proposals have not been recorded (s.33(3))")
	case FirstDraftViews:
		need(ev.FirstDraftText, "the first draft has not been written")
		need(ev.FirstDraftSentToSPG, "the first draft has not been sent to the Strategic Planning Group for its views (s.33(3))")
	case SecondDraft:
		need(ev.FirstDraftViewsRecorded, "the Strategic Planning Group's views on the first draft have not been recorded (s.33(4))")
	case Consultation:
		need(ev.SecondDraftText, "the second draft has not been written")
		need(ev.SentToHealthBoard, "the second draft has not been sent to the health board, "+ps.HealthBoard+" (s.33(4))")
		var councils []string
		for _, la := range ps.LocalAuthorities {
			if !slices.Contains(ev.SentToLocalAuthorities, la) {
				councils = append(councils, la)
			}
		}
		if len(councils) > 0 {
			missing = append(missing, "the second draft has not been sent to the local authority: "+strings.Join(councils, ", ")+" (s.33(4))")
		}
		var groups []string
		for _, g := range statute.PrescribedGroups() {
			if !slices.Contains(ev.SentToGroups, g.Code) {
				groups = append(groups, g.Name)
			}
		}
		if len(groups) > 0 {
			missing = append(missing, "the second draft has not been sent to representatives of: "+strings.Join(groups, "; ")+" (s.33(4))")
		}
	case Final:
		need(ev.ConsultationClosed, "the consultation on the second draft has not closed")
		need(ev.SecondDraftViewsAnswered, "not every view on the second draft has been taken into account: give each one a response (s.33(5))")
	case Published:
		need(ev.ConsultationStatement, "the statement describing the consultation has not been produced: it must be published with the plan (s.35)")
	}
	if len(missing) > 0 {
		return &MissingError{To: to, Missing: missing}
	}
	return nil
}

// MissingError lists the requirements not yet met for a stage.
type MissingError struct {
	To      Stage
	Missing []string
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("the plan cannot move to %q yet: %s", e.To.Name(), strings.Join(e.Missing, "; "))
}

// ReviewPeriod is how often a plan must be reviewed: at least every three
// years (s.37(1)).
const ReviewPeriod = 3

// NextReview is the date the next review is due: three years after the
// last review or, if there has been none, after publication.
func NextReview(published, lastReview time.Time) time.Time {
	from := published
	if lastReview.After(from) {
		from = lastReview
	}
	if from.IsZero() {
		return time.Time{}
	}
	return from.AddDate(ReviewPeriod, 0, 0)
}

// ReviewState is how close the review is: "ok", "due-6-months",
// "due-3-months" or "overdue".
func ReviewState(due, now time.Time) string {
	switch {
	case due.IsZero():
		return ""
	case !now.Before(due):
		return "overdue"
	case !now.Before(due.AddDate(0, -3, 0)):
		return "due-3-months"
	case !now.Before(due.AddDate(0, -6, 0)):
		return "due-6-months"
	}
	return "ok"
}

// Arrangement is one of the plan's arrangements for carrying out the
// integration functions in a locality (s.29(2)(a)), with the outcomes it
// contributes to (s.29(2)(b)), the principles it takes account of (s.30)
// and the measures by which it will be judged.
type Arrangement struct {
	LocalityID int64 // 0 for partnership-wide
	Title      string
	Outcomes   []string // statute.Outcomes codes
	Principles []string // statute.Principles codes
	Measures   []string // e.g. core indicator NI-2, or a local measure
}

// Gaps is what a plan's content leaves out of s.29 and s.30.
type Gaps struct {
	OutcomesWithoutArrangement []statute.WellbeingOutcome
	LocalitiesWithoutSection   []string
	PrinciplesNeverAddressed   []statute.DeliveryPrinciple
	ArrangementsWithoutMeasure []string
	NoHousingStatement         bool
}

// Complete reports whether nothing is missing.
func (g Gaps) Complete() bool {
	return len(g.OutcomesWithoutArrangement) == 0 && len(g.LocalitiesWithoutSection) == 0 &&
		len(g.PrinciplesNeverAddressed) == 0 && len(g.ArrangementsWithoutMeasure) == 0 && !g.NoHousingStatement
}

// Coverage checks a plan's arrangements against the Act: every national
// outcome served by some arrangement, every locality with its own
// arrangements, every principle taken account of somewhere, every
// arrangement with a measure set at the outset, and the housing
// contribution statement present.
func Coverage(localities map[int64]string, as []Arrangement, housingStatement bool) Gaps {
	var g Gaps
	outcomes, principles, places := map[string]bool{}, map[string]bool{}, map[int64]bool{}
	for _, a := range as {
		for _, o := range a.Outcomes {
			outcomes[o] = true
		}
		for _, p := range a.Principles {
			principles[p] = true
		}
		places[a.LocalityID] = true
		if len(a.Measures) == 0 {
			g.ArrangementsWithoutMeasure = append(g.ArrangementsWithoutMeasure, a.Title)
		}
	}
	for _, o := range statute.Outcomes() {
		if !outcomes[o.Code] {
			g.OutcomesWithoutArrangement = append(g.OutcomesWithoutArrangement, o)
		}
	}
	for _, p := range statute.Principles() {
		if !principles[p.Code] {
			g.PrinciplesNeverAddressed = append(g.PrinciplesNeverAddressed, p)
		}
	}
	ids := make([]int64, 0, len(localities))
	for id := range localities {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if !places[id] {
			g.LocalitiesWithoutSection = append(g.LocalitiesWithoutSection, localities[id])
		}
	}
	g.NoHousingStatement = !housingStatement
	return g
}
