package statute

import "slices"

// MainPurpose is the first integration delivery principle, which the Act
// states before the others: the purpose every integrated service serves.
// Show it above the list returned by [Principles].
//
// Source: [PrinciplesSource] (the Act's "that the main purpose of services
// which are provided in pursuance of integration functions is to improve the
// wellbeing of service-users", as quoted in seed 003 §3.2).
const MainPurpose = "The main purpose of services which are provided in pursuance of integration functions is to improve the wellbeing of service-users."

// PrinciplesLead is the Act's wording that joins [MainPurpose] to the twelve
// principles: each principle completes this sentence.
const PrinciplesLead = "In so far as consistent with the main purpose, those services should be provided in a way which, so far as possible:"

// DeliveryPrinciple is one of the twelve integration delivery principles of
// section 31 of the 2014 Act. Every strategic plan must take them into
// account (s.30), and every review of the plan must consider them (s.37).
type DeliveryPrinciple struct {
	// Code is "P1" to "P12", stable for storage and URLs.
	Code string
	// Number is the principle's place in the Act's list, 1 to 12 (the Act
	// numbers them (i) to (xii)).
	Number int
	// Text is the Act's wording; it completes [PrinciplesLead].
	Text string
}

func (p DeliveryPrinciple) code() string { return p.Code }

// principles is section 31 of the Public Bodies (Joint Working) (Scotland)
// Act 2014, in the wording of seed 003 §3.2 (which quotes the Act) and seed
// 001 footnote 1 (the same words with the Act's trailing commas and "and").
// domain.md shortens (iii) and (vii); the Act's fuller wording is kept here.
var principles = []DeliveryPrinciple{
	{"P1", 1, "is integrated from the point of view of service-users"},
	{"P2", 2, "takes account of the particular needs of different service-users"},
	{"P3", 3, "takes account of the particular needs of service-users in different parts of the area in which the service is being provided"},
	{"P4", 4, "takes account of the particular characteristics and circumstances of different service-users"},
	{"P5", 5, "respects the rights of service-users"},
	{"P6", 6, "takes account of the dignity of service-users"},
	{"P7", 7, "takes account of the participation by service-users in the community in which service-users live"},
	{"P8", 8, "protects and improves the safety of service-users"},
	{"P9", 9, "improves the quality of the service"},
	{"P10", 10, "is planned and led locally in a way which is engaged with the community (including in particular service-users, those who look after service-users and those who are involved in the provision of health or social care)"},
	{"P11", 11, "best anticipates needs and prevents them arising"},
	{"P12", 12, "makes the best use of the available facilities, people and other resources"},
}

// Principles returns the twelve integration delivery principles in the Act's
// order. Read each as completing [PrinciplesLead], after [MainPurpose].
func Principles() []DeliveryPrinciple { return slices.Clone(principles) }

// Principle returns the principle with the given code ("P1" to "P12") and
// true, or false when there is none.
func Principle(code string) (DeliveryPrinciple, bool) { return lookup(principles, code) }

// PrinciplesSource returns where the principles and [MainPurpose] come from.
func PrinciplesSource() Source {
	return Source{
		Title:    act2014,
		Citation: "section 31",
		URL:      "https://www.legislation.gov.uk/asp/2014/9/section/31",
	}
}

func principlesList() List {
	return List{
		ID:     ListPrinciples,
		Title:  "Integration delivery principles",
		Intro:  "The law sets out how health and social care services should be provided, and every strategic plan must take these principles into account.",
		Lead:   MainPurpose + " " + PrinciplesLead,
		Source: PrinciplesSource(),
		Items: items(principles, func(p DeliveryPrinciple) Item {
			return Item{Code: p.Code, Text: p.Text}
		}),
	}
}
