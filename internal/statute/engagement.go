package statute

import "slices"

// Standard is one of the seven National Standards for Community Engagement.
// coplan uses them to plan an engagement and to review it afterwards.
type Standard struct {
	// Code identifies the standard in storage and URLs, e.g. "inclusion".
	Code string
	// Number is the standard's place in the set, 1 to 7.
	Number int
	// Name is the standard's name, e.g. "Working together".
	Name string
	// Text is the standard's statement.
	Text string
}

func (s Standard) code() string { return s.Code }

// engagementStandards is the current (2016) set of National Standards for
// Community Engagement, published by the Scottish Community Development
// Centre, in the wording of domain.md (as in the Scottish Government's
// Participation Handbook), checked against the SCDC's VOiCE pages. The ten
// standards of 2005 are superseded and must not be used.
var engagementStandards = []Standard{
	{"inclusion", 1, "Inclusion", "We will identify and involve the people and organisations that are affected by the focus of the engagement."},
	{"support", 2, "Support", "We will identify and overcome any barriers to participation."},
	{"planning", 3, "Planning", "There is a clear purpose for the engagement, which is based on a shared understanding of community needs and ambitions."},
	{"working-together", 4, "Working together", "We will work effectively together to achieve the aims of the engagement."},
	{"methods", 5, "Methods", "We will use methods of engagement that are fit for purpose."},
	{"communication", 6, "Communication", "We will communicate clearly and regularly with the people, organisations and communities affected by the engagement."},
	{"impact", 7, "Impact", "We will assess the impact of the engagement and use what we have learned to improve our future community engagement."},
}

// EngagementStandards returns the seven National Standards for Community
// Engagement in order.
func EngagementStandards() []Standard { return slices.Clone(engagementStandards) }

// EngagementStandard returns the standard with the given code and true, or
// false when there is none.
func EngagementStandard(code string) (Standard, bool) { return lookup(engagementStandards, code) }

// EngagementStandardsSource returns where the standards come from.
func EngagementStandardsSource() Source {
	return Source{
		Title:    "Scottish Community Development Centre, National Standards for Community Engagement (2016)",
		Citation: "the seven standards",
		URL:      "https://www.scdc.org.uk/what/national-standards/",
	}
}

func engagementStandardsList() List {
	return List{
		ID:     ListEngagementStandards,
		Title:  "National Standards for Community Engagement",
		Intro:  "Seven standards for good community engagement in Scotland, which partnerships use to plan how they involve people and to check how well they did.",
		Source: EngagementStandardsSource(),
		Items: items(engagementStandards, func(s Standard) Item {
			return Item{Code: s.Code, Title: s.Name, Text: s.Text}
		}),
	}
}
