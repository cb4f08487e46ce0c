package statute

import "slices"

// RelatedPlan is a plan or strategy a strategic plan should correlate
// with: not a legal duty to take account of it (that is s.30, another
// strategic plan using the same services), but the guidance's list of
// local priorities, policy direction and improvement activity to align
// with.
type RelatedPlan struct {
	// Code is stable for storage and URLs.
	Code string
	// Text is the guidance's wording.
	Text string
	// Where says where in the guidance it is named: "section 3.1" or
	// "Annex A" with the law Annex A cites.
	Where string
}

func (p RelatedPlan) code() string { return p.Code }

// relatedPlans are the plans the statutory guidance says a strategic plan
// should correlate with: its section 3.1 list in its own words and order
// ("The strategic plan should ensure correlation with other local
// priorities, policy direction and improvement activity as outlined in,
// for instance: ..."), then the planning requirements its Annex A adds.
var relatedPlans = []RelatedPlan{
	{"loip", "Local Outcome Improvement Plans", "section 3.1"},
	{"childrens-services", "children's services plans", "section 3.1"},
	{"hb-delivery", "NHS health board delivery plans", "section 3.1"},
	{"workforce", "NHS health board and integration authority workforce plans", "section 3.1"},
	{"housing-homelessness", "housing and homelessness strategies", "section 3.1"},
	{"clinical", "NHS clinical strategies", "section 3.1"},
	{"adp", "Alcohol and Drug Partnership plans", "section 3.1"},
	{"community", "community plans", "section 3.1"},
	{"corporate", "other local corporate plans", "section 3.1"},
	{"carer-strategy", "local carer strategy", "Annex A: Carers (Scotland) Act 2016, section 31"},
	{"community-justice", "Community Justice Outcomes Improvement Plans", "Annex A: Community Justice (Scotland) Act 2016, sections 19-23"},
	{"locality-plans", "locality plans", "Annex A: Community Empowerment (Scotland) Act 2015, part 2"},
	{"local-housing-strategy", "Local Housing Strategy", "Annex A: Housing (Scotland) Act 2001"},
	{"hb-medium-term", "NHS health board medium term plans", "Annex A: health board planning requirements"},
}

// RelatedPlans returns the plans a strategic plan should correlate with, in
// the guidance's order.
func RelatedPlans() []RelatedPlan { return slices.Clone(relatedPlans) }

// RelatedPlanByCode returns the related plan with the given code.
func RelatedPlanByCode(code string) (RelatedPlan, bool) { return lookup(relatedPlans, code) }

// RelatedPlansSource is where the list comes from.
func RelatedPlansSource() Source {
	return Source{Title: guidance2023, Citation: "section 3.1 and Annex A"}
}

func relatedPlansList() List {
	return List{
		ID:     ListRelatedPlans,
		Title:  "Plans a strategic plan should fit with",
		Intro:  "Other local plans and strategies that a partnership's strategic plan should line up with, so that services are planned together.",
		Lead:   "The strategic plan should ensure correlation with other local priorities, policy direction and improvement activity as outlined in, for instance:",
		Source: RelatedPlansSource(),
		Items: items(relatedPlans, func(p RelatedPlan) Item {
			return Item{Code: p.Code, Text: p.Text, Note: p.Where}
		}),
	}
}
