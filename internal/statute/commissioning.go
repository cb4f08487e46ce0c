package statute

import "slices"

// CommissioningLead is Audit Scotland's recommendation that introduces the
// commissioning stages, in the words of seed 000.
const CommissioningLead = "Audit Scotland recommended that service users and carers should be “involved at all stages of commissioning to make sure the commissioning process results in services that meet their needs and preferences and make a difference to their independence and quality of life.”"

// Stage is one stage of the commissioning cycle. Audit Scotland recommends
// that service users and carers are involved at every stage, so coplan
// records involvement against each.
type Stage struct {
	// Code is "CS1" to "CS7", stable for storage and URLs.
	Code string
	// Number is the stage's place in the cycle, 1 to 7.
	Number int
	// Title is coplan's short name for tables; quote Text, not Title.
	Title string
	// Text is Audit Scotland's wording.
	Text string
}

func (s Stage) code() string { return s.Code }

// commissioningStages is Audit Scotland's list of where service users and
// carers might be involved in commissioning (Commissioning social care,
// 2012), quoted in seed 000, SCVO's response to the Set 2 regulations. The
// quotation opens the first stage with ".." because it starts mid-sentence;
// those dots are dropped. The short titles are coplan's own.
var commissioningStages = []Stage{
	{"CS1", 1, "Needs and aims", "identifying needs and what the services should achieve"},
	{"CS2", 2, "Services needed", "identifying what services need to be in place"},
	{"CS3", 3, "Range of services", "considering how to ensure that the right range of services are available"},
	{"CS4", 4, "Working with providers", "working with providers to develop the services people will need in future"},
	{"CS5", 5, "Procurement strategy", "developing procurement strategies and plans"},
	{"CS6", 6, "Procurement", "undertaking procurement exercises"},
	{"CS7", 7, "Monitoring and review", "monitoring and reviewing the services"},
}

// CommissioningStages returns the seven stages of the commissioning cycle in
// order.
func CommissioningStages() []Stage { return slices.Clone(commissioningStages) }

// CommissioningStage returns the stage with the given code ("CS1" to "CS7")
// and true, or false when there is none.
func CommissioningStage(code string) (Stage, bool) { return lookup(commissioningStages, code) }

// CommissioningStagesSource returns where the commissioning stages come from.
func CommissioningStagesSource() Source {
	return Source{
		Title:    "Audit Scotland, Commissioning social care (2012)",
		Citation: "as quoted in SCVO's response to the Set 2 regulations under the 2014 Act (2014)",
	}
}

func commissioningStagesList() List {
	return List{
		ID:     ListCommissioningStages,
		Title:  "Stages of commissioning",
		Intro:  "Commissioning is how services are planned and bought, and people who use services and carers should be involved at every one of these stages.",
		Lead:   CommissioningLead,
		Source: CommissioningStagesSource(),
		Items: items(commissioningStages, func(s Stage) Item {
			return Item{Code: s.Code, Title: s.Title, Text: s.Text}
		}),
	}
}
