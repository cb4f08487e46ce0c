package statute

import "slices"

// Sector is the field a prescribed group belongs to, for grouping the
// Strategic Planning Group's membership on a page. It is coplan's
// classification, not the regulations'.
type Sector string

// The sectors of the prescribed groups.
const (
	SectorHealth      Sector = "health"
	SectorSocialCare  Sector = "social-care"
	SectorHousing     Sector = "housing"
	SectorThirdSector Sector = "third-sector"
)

// Label returns the sector's name for display ("social care").
func (s Sector) Label() string {
	switch s {
	case SectorHealth:
		return "health"
	case SectorSocialCare:
		return "social care"
	case SectorHousing:
		return "housing"
	case SectorThirdSector:
		return "third sector"
	}
	return string(s)
}

// Group is one of the twelve groups prescribed by the Scottish Ministers as
// having an interest in a strategic plan. The Strategic Planning Group must
// include representatives of each (s.32), and the second draft of the plan
// must be sent to representatives of each for comment (s.33).
type Group struct {
	// Code identifies the group in storage and URLs, e.g. "users-health-care".
	Code string
	// Name is the regulations' wording, e.g. "users of health care".
	Name string
	// Sector is the field the group belongs to.
	Sector Sector
	// Note says where a term is defined, or "".
	Note string
}

func (g Group) code() string { return g.Code }

const professionalsNote = "Defined by the Public Bodies (Joint Working) (Health Professionals and Social Care Professionals) (Scotland) Regulations 2014 (Annex D of the statutory guidance)."

// prescribedGroups is the Public Bodies (Joint Working) (Prescribed
// Consultees) (Scotland) Regulations 2014 (SSI 2014/283), in the order and
// wording of the statutory guidance, seed 003 §3.3 (which quotes the
// regulations).
var prescribedGroups = []Group{
	{"users-health-care", "users of health care", SectorHealth, ""},
	{"carers-health-care", "carers of users of health care", SectorHealth, ""},
	{"commercial-providers-health-care", "commercial providers of health care", SectorHealth, ""},
	{"non-commercial-providers-health-care", "non-commercial providers of health care", SectorHealth, ""},
	{"health-professionals", "health professionals", SectorHealth, professionalsNote},
	{"social-care-professionals", "social care professionals", SectorSocialCare, professionalsNote},
	{"users-social-care", "users of social care", SectorSocialCare, ""},
	{"carers-social-care", "carers of users of social care", SectorSocialCare, ""},
	{"commercial-providers-social-care", "commercial providers of social care", SectorSocialCare, ""},
	{"non-commercial-providers-social-care", "non-commercial providers of social care", SectorSocialCare, ""},
	{"non-commercial-providers-social-housing", "non-commercial providers of social housing", SectorHousing, ""},
	{"third-sector-bodies", "third sector bodies carrying out activities related to health or social care", SectorThirdSector, ""},
}

// PrescribedGroups returns the twelve prescribed groups in the regulations'
// order. A lawful Strategic Planning Group has a representative of each.
func PrescribedGroups() []Group { return slices.Clone(prescribedGroups) }

// PrescribedGroup returns the group with the given code and true, or false
// when there is none. Use it to validate a code read from a form or a file.
func PrescribedGroup(code string) (Group, bool) { return lookup(prescribedGroups, code) }

// PrescribedGroupsSource returns where the prescribed groups come from.
func PrescribedGroupsSource() Source {
	return Source{
		Title:    "Public Bodies (Joint Working) (Prescribed Consultees) (Scotland) Regulations 2014 (SSI 2014/283)",
		Citation: "for sections 32 and 33 of the 2014 Act, as listed in section 3.3 of the statutory guidance on strategic plans",
		URL:      "https://www.legislation.gov.uk/ssi/2014/283/contents/made",
	}
}

func prescribedGroupsList() List {
	return List{
		ID:     ListPrescribedGroups,
		Title:  "Prescribed groups",
		Intro:  "The law names these groups of people: each must be represented on the Strategic Planning Group and asked for its views on the draft plan.",
		Source: PrescribedGroupsSource(),
		Items: items(prescribedGroups, func(g Group) Item {
			note := "Sector: " + g.Sector.Label() + "."
			if g.Note != "" {
				note += " " + g.Note
			}
			return Item{Code: g.Code, Text: g.Name, Note: note}
		}),
	}
}
