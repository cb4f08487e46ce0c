// Package statute holds the law and the official lists that coplan follows,
// encoded once as data: the integration delivery principles, the national
// health and wellbeing outcomes, the prescribed groups, the commissioning
// cycle, the Annex C checklist, the protected characteristics, the Ministerial
// Strategic Group proposals, the National Standards for Community Engagement
// and the two integration authority models.
//
// Every list keeps the exact wording of its source, and every list names its
// source (see [Source]) so a page can say where the words come from. Other
// packages refer to items by their stable Code (store it in the database, put
// it in URLs); they never keep a second copy of the wording.
//
// Each list has a typed accessor for code (for example [PrescribedGroups] and
// [PrescribedGroup]) and a uniform view for the public page "The law this
// follows" ([Lists]). Accessors return fresh slices: changing one never
// changes the law held here.
package statute

import "slices"

// Source says where a list comes from, so that a page can show
// "Source: Public Bodies (Joint Working) (Scotland) Act 2014, section 31".
// Print it with its String method.
type Source struct {
	// Title is the name of the Act, regulations or document.
	Title string
	// Citation is the part of it the list comes from, such as "section 31"
	// or "Annex C".
	Citation string
	// URL is where a reader can see the source, or "" when there is no
	// stable public address for it.
	URL string
}

// String returns the source as one line: "Title, Citation".
func (s Source) String() string {
	if s.Citation == "" {
		return s.Title
	}
	return s.Title + ", " + s.Citation
}

// Item is one entry of a [List]: the same shape for every list, so one
// template can show them all.
type Item struct {
	// Code is the item's stable identifier within its list (the same Code
	// as in the typed accessor, for example "P1", "O9", "users-health-care").
	Code string
	// Title is a short name to show before the text, or "" when the item
	// has none (the principles have no names of their own).
	Title string
	// Text is the item's wording, exactly as its source gives it. It may
	// hold "\n" between paragraphs; a line that starts with "- " is a bullet.
	Text string
	// Note is a short remark from coplan to show after the text (the
	// sector of a group, the timescale of a proposal), or "".
	Note string
}

// List is one of the official lists in a uniform shape, for the public page
// "The law this follows". Use [Lists] to get them all in display order.
type List struct {
	// ID is the list's stable identifier, usable in a URL
	// ("principles", "outcomes", ...).
	ID string
	// Title is the list's heading.
	Title string
	// Intro is one plain-English sentence for the public saying what the
	// list is and why it matters.
	Intro string
	// Lead is the source's own wording that introduces the items (for the
	// principles, the main purpose of services), or "".
	Lead string
	// Source is where the list comes from.
	Source Source
	// Items are the list's entries in the source's order.
	Items []Item
}

// IDs of the lists returned by [Lists], for links and lookups with [ListByID].
const (
	ListPrinciples               = "principles"
	ListOutcomes                 = "outcomes"
	ListPrescribedGroups         = "prescribed-groups"
	ListCommissioningStages      = "commissioning-stages"
	ListAnnexC                   = "annex-c"
	ListProtectedCharacteristics = "protected-characteristics"
	ListMSGProposals             = "msg-proposals"
	ListEngagementStandards      = "engagement-standards"
	ListQualityFramework         = "quality-framework"
	ListPlanningWithPeople       = "planning-with-people"
	ListModels                   = "models"
	ListRelatedPlans             = "related-plans"
)

// Lists returns every official list in the order a reader meets them when
// preparing a plan: the models, the principles and outcomes, who must be
// involved, how to engage, the commissioning cycle, equality, the Annex C
// checklist and the Ministerial Strategic Group proposals.
func Lists() []List {
	return []List{
		modelsList(),
		principlesList(),
		outcomesList(),
		prescribedGroupsList(),
		engagementStandardsList(),
		planningWithPeopleList(),
		qualityFrameworkList(),
		commissioningStagesList(),
		protectedCharacteristicsList(),
		annexCList(),
		relatedPlansList(),
		msgProposalsList(),
	}
}

// ListByID returns the list with the given ID (one of the List* constants)
// and true, or a zero List and false when there is none.
func ListByID(id string) (List, bool) {
	for _, l := range Lists() {
		if l.ID == id {
			return l, true
		}
	}
	return List{}, false
}

// coded is satisfied by every item type of this package, so that one lookup
// serves all the typed accessors.
type coded interface{ code() string }

// lookup returns the item of list whose Code is code.
func lookup[T coded](list []T, code string) (T, bool) {
	i := slices.IndexFunc(list, func(t T) bool { return t.code() == code })
	if i < 0 {
		var zero T
		return zero, false
	}
	return list[i], true
}

// items builds the uniform view of a typed list.
func items[T any](list []T, item func(T) Item) []Item {
	out := make([]Item, len(list))
	for i, t := range list {
		out[i] = item(t)
	}
	return out
}

// Titles of sources used by more than one list.
const (
	act2014 = "Public Bodies (Joint Working) (Scotland) Act 2014"
	// guidance2023 is seed 003, the statutory guidance on strategic plans.
	guidance2023 = "Health and Social Care Integration – Strategic Plans: Statutory Guidance (consultation draft, Scottish Government, August 2023)"
)
