package statute

import "slices"

// Evidence names a kind of record coplan holds that can show, without a
// person ticking a box, that an Annex C item is done (an equality impact
// assessment attached to the plan, a consultation statement published with
// it). Rules in other packages match on these values; EvidenceNone means a
// planning officer ticks the item by hand.
type Evidence string

// The kinds of evidence the Annex C checklist refers to.
const (
	// EvidenceNone marks an item a person ticks by hand.
	EvidenceNone Evidence = ""
	// EvidenceEIA is the equality impact assessment of the plan.
	EvidenceEIA Evidence = "eia"
	// EvidenceJSNA is the joint strategic needs assessment.
	EvidenceJSNA Evidence = "jsna"
	// EvidenceMarketFacilitationPlan is the market facilitation plan.
	EvidenceMarketFacilitationPlan Evidence = "market-facilitation-plan"
	// EvidencePlanContent is the plan's statutory content (s.29):
	// arrangements set out separately for each of at least two localities,
	// and how they contribute to the national outcomes.
	EvidencePlanContent Evidence = "plan-content"
	// EvidenceHousingStatement is the housing contribution statement.
	EvidenceHousingStatement Evidence = "housing-statement"
	// EvidenceSPGViews is the Strategic Planning Group's recorded views on
	// the proposals and the first draft (s.33).
	EvidenceSPGViews Evidence = "spg-views"
	// EvidenceWiderEngagement is consultation beyond the Strategic Planning
	// Group on the second draft (s.33), with its responses.
	EvidenceWiderEngagement Evidence = "wider-engagement"
	// EvidenceImplementationPlan is an implementation plan for the plan.
	EvidenceImplementationPlan Evidence = "implementation-plan"
	// EvidenceFinancialStatement is the annual financial statement (s.39).
	EvidenceFinancialStatement Evidence = "financial-statement"
	// EvidenceConsultationStatement is the statement describing the
	// consultation, published with the plan (s.35).
	EvidenceConsultationStatement Evidence = "consultation-statement"
	// EvidenceEasyRead is the easy read version of the plan.
	EvidenceEasyRead Evidence = "easy-read"
)

// ChecklistItem is one item of Annex C, the checklist in preparing a
// strategic plan.
type ChecklistItem struct {
	// Code is "AC1" to "AC18" in the checklist's order, stable for storage
	// and URLs.
	Code string
	// Number is the item's place in the checklist, 1 to 18.
	Number int
	// Text is the checklist's wording.
	Text string
	// Guidance is the section of the statutory guidance that explains the
	// item. Annex C itself is one ungrouped table; coplan adds this so a
	// reader can find the requirement behind each line.
	Guidance string
	// Evidence is the kind of record that shows the item is done, or
	// EvidenceNone when a person ticks it by hand.
	Evidence Evidence
}

func (c ChecklistItem) code() string { return c.Code }

// AnnexCLead is the guidance's own introduction to the checklist.
const AnnexCLead = "This checklist is intended as a high-level guide to assist integration authorities produce their strategic plan. It does not represent an exhaustive list of required activities. Integration authorities are expected to build upon and tailor the checklist to their local needs and take into account the information presented throughout the rest of this guidance."

// Sections of the statutory guidance (seed 003) that the items draw on.
const (
	gProducing   = "3. Producing a strategic plan"
	gS30         = "3.1 Considerations in preparing strategic plans (section 30)"
	gS32         = "3.3 Establishment of a Strategic Planning Group and wider engagement (section 32)"
	gS33         = "3.4 Preparation of strategic plan (section 33)"
	gS34         = "3.5 Provision of information to prepare strategic plan (section 34)"
	gS35         = "3.6 Publication of strategic plans (section 35)"
	gS37         = "3.8 Review of strategic plan (section 37)"
	gS39         = "3.10 Financial planning and annual financial statement (section 39)"
	gPerformance = "4. Monitoring performance (section 42)"
)

// annexC is Annex C of the statutory guidance on strategic plans (seed 003),
// word for word, in its order. The source's typo "Complete and/or used" in
// item 4 is kept. Evidence is set where coplan holds a record whose presence
// shows the item is done; items that ask a partnership to "consider" or
// "discuss" something are ticked by hand, except AC13, where the
// implementation plan itself is the evidence (a partnership that considers
// one and decides against it ticks the item by hand).
var annexC = []ChecklistItem{
	{"AC1", 1, "Consider timelines of all planning activities to ensure that the review process and/or production of a new plan is completed within appropriate timeframes", gS37, EvidenceNone},
	{"AC2", 2, "Complete an equality impact assessment, and other relevant impact assessments, ready to publish alongside the strategic plan", gS30, EvidenceEIA},
	{"AC3", 3, "Complete and/or use joint strategic needs assessment output in the formation of the strategic plan", gS34, EvidenceJSNA},
	{"AC4", 4, "Complete and/or used market facilitation plan output in the formation of the strategic plan", gS35, EvidenceMarketFacilitationPlan},
	{"AC5", 5, "Ensure strategic plan meets the content requirements", gProducing, EvidencePlanContent},
	{"AC6", 6, "Consider the application of the Framework for Community Health and Social Care Integrated Services", gProducing, EvidenceNone},
	{"AC7", 7, "Consider the application of the HIS Good Practice Framework for Strategic Planning", gProducing, EvidenceNone},
	{"AC8", 8, "Form appropriate links between strategic plan and medium term financial plan", gS39, EvidenceNone},
	{"AC9", 9, "Discuss and form appropriate links between strategic plan and other local plans (e.g. health, housing, justice, children's services, and others)", gS30, EvidenceNone},
	{"AC10", 10, "Complete the housing contribution statement", gS32, EvidenceHousingStatement},
	{"AC11", 11, "Engage and take into consideration feedback from the Strategic Planning Group", gS33, EvidenceSPGViews},
	{"AC12", 12, "Complete wider engagement, beyond the Strategic Planning Group, including linking into existing local forums and across policy boundaries", gS33, EvidenceWiderEngagement},
	{"AC13", 13, "Consider producing an implementation plan, or set of implementation plans, outlining how the strategic plan will be delivered", gS35, EvidenceImplementationPlan},
	{"AC14", 14, "Produce an annual financial statement, ready to publish alongside the strategic plan", gS39, EvidenceFinancialStatement},
	{"AC15", 15, "Produce a consultation statement, ready to publish alongside the strategic plan", gS35, EvidenceConsultationStatement},
	{"AC16", 16, "Produce an easy read version of the strategic plan", gS35, EvidenceEasyRead},
	{"AC17", 17, "Consider publication approach (range of publication formats, potential launch events or presentations, promotion strategy, etc.)", gS35, EvidenceNone},
	{"AC18", 18, "Consider the means of monitoring the impact of the strategic plan via annual performance reports", gPerformance, EvidenceNone},
}

// AnnexC returns the eighteen items of the Annex C checklist in order.
func AnnexC() []ChecklistItem { return slices.Clone(annexC) }

// AnnexCItem returns the checklist item with the given code ("AC1" to
// "AC18") and true, or false when there is none.
func AnnexCItem(code string) (ChecklistItem, bool) { return lookup(annexC, code) }

// AnnexCSource returns where the checklist comes from.
func AnnexCSource() Source {
	return Source{
		Title:    guidance2023,
		Citation: "Annex C: Checklist in preparing a strategic plan",
	}
}

func annexCList() List {
	return List{
		ID:     ListAnnexC,
		Title:  "Checklist in preparing a strategic plan",
		Intro:  "The Scottish Government's checklist of what a partnership should do when it prepares or reviews its strategic plan.",
		Lead:   AnnexCLead,
		Source: AnnexCSource(),
		Items: items(annexC, func(c ChecklistItem) Item {
			return Item{Code: c.Code, Text: c.Text, Note: "Guidance: " + c.Guidance + "."}
		}),
	}
}
