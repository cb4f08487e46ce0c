// Package plan runs a partnership's strategic plan through the statutory
// sequence of the Public Bodies (Joint Working) (Scotland) Act 2014: s.33's
// proposals, first and second drafts with the Strategic Planning Group's
// views and the second-draft consultation, finalising, publication (s.35),
// review (s.37) and replacement (s.38). Its rules are plain functions (rules.go):
// CanAdvance says which requirement is missing before a stage can start;
// Coverage says what the plan leaves out of s.29; NextReview keeps the
// three-year clock.
//
// A Store (store.go) reads and writes one partnership's plans and their
// records, on a clock: every query is limited to that partnership, and
// each change is one transaction with its audit entry.
package plan

import (
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

// Plan is a partnership's strategic plan as coplan stores it.
type Plan struct {
	ID             int64
	PartnershipID  int64
	Title          string
	PeriodStart    string // YYYY-MM-DD
	PeriodEnd      string // YYYY-MM-DD
	EffectiveOn    string // YYYY-MM-DD, "" until decided
	Stage          Stage
	ReplacesPlanID int64     // the plan this one replaces (s.37(3) or s.38), 0 for none
	PublishedAt    time.Time // zero until published (s.35)
	LastReviewOn   string    // YYYY-MM-DD of the last review (s.37), "" for none
	// HousingStatement is the plans table's own column, kept for the
	// record: the statement is versioned as the section HousingKey.
	HousingStatement string
	StageDates       []StageDate // when the plan entered each stage, in order
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// StageDate is when a plan entered a stage.
type StageDate struct {
	Stage Stage  `json:"stage"`
	On    string `json:"on"`
}

// Engagement is the communication and engagement plan the guidance asks
// for "at an early stage": who will be engaged, how, when and with what
// support.
type EngagementPlan struct {
	Who, How, Timing, Support string
	UpdatedAt                 time.Time
}

// RecipientKind is who a stage's text was sent to.
type RecipientKind string

// The kinds of recipient (s.33).
const (
	ToSPG            RecipientKind = "spg"
	ToHealthBoard    RecipientKind = "health-board"
	ToLocalAuthority RecipientKind = "local-authority"
	ToGroup          RecipientKind = "prescribed-group"
	ToOther          RecipientKind = "other"
)

// RecipientKinds lists the kinds in the order the form offers them.
var RecipientKinds = []RecipientKind{ToSPG, ToHealthBoard, ToLocalAuthority, ToGroup, ToOther}

// Name is the kind in words.
func (k RecipientKind) Name() string {
	switch k {
	case ToSPG:
		return "The Strategic Planning Group"
	case ToHealthBoard:
		return "The health board"
	case ToLocalAuthority:
		return "A local authority"
	case ToGroup:
		return "Representatives of a prescribed group"
	case ToOther:
		return "Someone else the partnership chose"
	}
	return string(k)
}

// SentStages are the stages whose text is sent to someone: the proposals
// and first draft to the SPG, the second draft for comment (s.33).
var SentStages = []Stage{Proposals, FirstDraft, SecondDraft}

// Addressee records that a stage's text was sent to someone, and when.
type Addressee struct {
	ID        int64
	PlanID    int64
	Stage     Stage
	Kind      RecipientKind
	Name      string // the addressee: the SPG, the body, or the named person or organisation
	GroupCode string // the prescribed group, for ToGroup
	SentOn    string // YYYY-MM-DD
}

// GroupName is the prescribed group's name in the regulations' words.
func (r Addressee) GroupName() string {
	for _, g := range statute.PrescribedGroups() {
		if g.Code == r.GroupCode {
			return g.Name
		}
	}
	return r.GroupCode
}

// StageEvent is one dated, attributed move of a plan between stages.
type StageEvent struct {
	ID         int64
	From, To   Stage
	On         string // YYYY-MM-DD
	Actor      string
	Note       string
	RecordedAt time.Time
}

// Review is a review of a published plan (s.37): its consideration of the
// national outcomes, the integration delivery principles and the Strategic
// Planning Group's views, and whether the plan stays or is replaced.
type Review struct {
	ID             int64
	PlanID         int64
	ReviewedOn     string
	OutcomesNote   string
	PrinciplesNote string
	SPGViewsNote   string
	Conclusion     string // "no-change" or "replace"
	RecordedBy     string
	CreatedAt      time.Time
}

// ConclusionName is the conclusion in words.
func (r Review) ConclusionName() string {
	switch r.Conclusion {
	case "no-change":
		return "The plan stays in force unchanged"
	case "replace":
		return "A replacement plan is to be prepared"
	}
	return r.Conclusion
}

// Direction is a joint direction by the health board and the local
// authority to prepare a replacement plan (s.38).
type Direction struct {
	ID      int64
	PlanID  int64
	GivenOn string
	// Ground is the statutory ground the partners gave: GroundPrevents or
	// GroundLikelyToPrevent.
	Ground string
	// JoinedBy names the bodies that joined in giving the direction: the
	// health board and every council of the partnership.
	JoinedBy   []string
	Reason     string // how the plan does so, as the direction gives it
	RecordedBy string
	CreatedAt  time.Time
}

// The grounds of a s.38 direction: both the health board and the local
// authority consider that the plan prevents, or is likely to prevent, them
// carrying out their functions appropriately.
const (
	GroundPrevents        = "prevents"
	GroundLikelyToPrevent = "likely-to-prevent"
)

// GroundName is a direction's ground in words.
func GroundName(ground string) string {
	switch ground {
	case GroundPrevents:
		return "The health board and the local authority consider that the plan prevents them carrying out their functions appropriately"
	case GroundLikelyToPrevent:
		return "The health board and the local authority consider that the plan is likely to prevent them carrying out their functions appropriately"
	}
	return ground
}

// GroundText is the direction's ground in words.
func (x Direction) GroundText() string { return GroundName(x.Ground) }
