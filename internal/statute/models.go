package statute

import "slices"

// Codes of the two integration authority models, for storage and for
// comparisons in code (for example, only an integration joint board can be
// directed to replace its plan under s.38).
const (
	ModelIJB        = "ijb"
	ModelLeadAgency = "lead-agency"
)

// AuthorityModel is one of the two ways a health board and local authority
// can set up the integration authority that plans their integrated services.
type AuthorityModel struct {
	// Code is ModelIJB or ModelLeadAgency.
	Code string
	// Name is the model's name, e.g. "Integration joint board".
	Name string
	// Description is one line saying how the model works.
	Description string
}

func (m AuthorityModel) code() string { return m.Code }

// models is the two models of section 1(4) of the 2014 Act: model (a) is the
// integration joint board; models (b) to (d), where the health board and
// local authority delegate functions to each other, are the lead agency
// arrangements. The names and descriptions are the glossary of the
// statutory guidance on strategic plans (seed 003).
var models = []AuthorityModel{
	{ModelIJB, "Integration joint board", "Functions and resources are delegated by the health board and local authority to a body corporate."},
	{ModelLeadAgency, "Lead agency model", "Functions and resources are delegated between the health board and local authority."},
}

// Models returns the two integration authority models: the integration joint
// board first, then the lead agency.
func Models() []AuthorityModel { return slices.Clone(models) }

// Model returns the model with the given code (ModelIJB or ModelLeadAgency)
// and true, or false when there is none.
func Model(code string) (AuthorityModel, bool) { return lookup(models, code) }

// ModelsSource returns where the models come from.
func ModelsSource() Source {
	return Source{
		Title:    act2014,
		Citation: "section 1(4); descriptions from the glossary of the statutory guidance on strategic plans",
		URL:      "https://www.legislation.gov.uk/asp/2014/9/section/1",
	}
}

func modelsList() List {
	return List{
		ID:     ListModels,
		Title:  "Models of integration",
		Intro:  "The law gives a health board and council two ways to set up the body that plans their health and social care services together.",
		Source: ModelsSource(),
		Items: items(models, func(m AuthorityModel) Item {
			return Item{Code: m.Code, Title: m.Name, Text: m.Description}
		}),
	}
}
