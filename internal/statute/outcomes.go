package statute

import "slices"

// WellbeingOutcome is one of the nine national health and wellbeing outcomes.
// A strategic plan must say how its arrangements are intended to achieve or
// contribute to them (s.29); the annual performance report relates to them
// (s.42), measured by the core suite of integration indicators.
type WellbeingOutcome struct {
	// Code is "O1" to "O9", stable for storage and URLs.
	Code string
	// Number is the outcome's number, 1 to 9, as the regulations give it.
	Number int
	// Title is coplan's short name for tables and charts; it is not part
	// of the law, so show Text wherever the outcome is quoted.
	Title string
	// Text is the outcome in the regulations' wording.
	Text string
}

func (o WellbeingOutcome) code() string { return o.Code }

// outcomes is the Public Bodies (Joint Working) (National Health and
// Wellbeing Outcomes) (Scotland) Regulations 2014 (SSI 2014/343), in the
// wording of Annex B of the statutory guidance (seed 003). Seed 002 quotes
// them without full stops and with small differences ("People using" for
// "People who use" in outcome 7); Annex B is taken as the statutory text.
// The short titles are coplan's own.
var outcomes = []WellbeingOutcome{
	{"O1", 1, "Health and wellbeing", "People are able to look after and improve their own health and wellbeing and live in good health for longer."},
	{"O2", 2, "Independent living", "People, including those with disabilities or long term conditions, or who are frail, are able to live, as far as reasonably practicable, independently and at home or in a homely setting in their community."},
	{"O3", 3, "Positive experiences", "People who use health and social care services have positive experiences of those services, and have their dignity respected."},
	{"O4", 4, "Quality of life", "Health and social care services are centred on helping to maintain or improve the quality of life of people who use those services."},
	{"O5", 5, "Health inequalities", "Health and social care services contribute to reducing health inequalities."},
	{"O6", 6, "Carers supported", "People who provide unpaid care are supported to look after their own health and wellbeing, including to reduce any negative impact of their caring role on their own health and well-being."},
	{"O7", 7, "Safe from harm", "People who use health and social care services are safe from harm."},
	{"O8", 8, "Engaged workforce", "People who work in health and social care services feel engaged with the work they do and are supported to continuously improve the information, support, care and treatment they provide."},
	{"O9", 9, "Effective use of resources", "Resources are used effectively and efficiently in the provision of health and social care services."},
}

// Outcomes returns the nine national health and wellbeing outcomes in order.
func Outcomes() []WellbeingOutcome { return slices.Clone(outcomes) }

// Outcome returns the outcome with the given code ("O1" to "O9") and true,
// or false when there is none.
func Outcome(code string) (WellbeingOutcome, bool) { return lookup(outcomes, code) }

// OutcomesSource returns where the outcomes come from.
func OutcomesSource() Source {
	return Source{
		Title:    "Public Bodies (Joint Working) (National Health and Wellbeing Outcomes) (Scotland) Regulations 2014 (SSI 2014/343)",
		Citation: "as set out in Annex B of the statutory guidance on strategic plans",
		URL:      "https://www.legislation.gov.uk/ssi/2014/343/contents/made",
	}
}

func outcomesList() List {
	return List{
		ID:     ListOutcomes,
		Title:  "National health and wellbeing outcomes",
		Intro:  "Every strategic plan must say how it will help achieve these nine outcomes, and the annual performance report shows the progress made.",
		Source: OutcomesSource(),
		Items: items(outcomes, func(o WellbeingOutcome) Item {
			return Item{Code: o.Code, Title: o.Title, Text: o.Text}
		}),
	}
}
