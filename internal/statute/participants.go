package statute

import "slices"

// ParticipantGroup is who takes part when people are involved in planning
// and buying services: the groups coplan counts involvement by. People who
// use services and unpaid carers are those Audit Scotland says should be
// involved at every stage of commissioning (CommissioningLead); the third
// sector, providers and staff are the other interests the prescribed groups
// stand for (PrescribedGroups), and communities are everyone else. The
// grouping is coplan's own: no source lists these six together.
type ParticipantGroup string

// The groups, in the order pages list them.
const (
	PeopleWhoUseServices ParticipantGroup = "people-who-use-services"
	UnpaidCarers         ParticipantGroup = "unpaid-carers"
	ThirdSector          ParticipantGroup = "third-sector"
	Providers            ParticipantGroup = "providers"
	Staff                ParticipantGroup = "staff"
	Communities          ParticipantGroup = "communities"
)

var participantGroups = []ParticipantGroup{PeopleWhoUseServices, UnpaidCarers, ThirdSector, Providers, Staff, Communities}

// ParticipantGroups lists every group in the order pages list them.
func ParticipantGroups() []ParticipantGroup { return slices.Clone(participantGroups) }

// UserOrCarer reports whether g is people who use services or unpaid
// carers: those Audit Scotland says should be involved at every stage.
func (g ParticipantGroup) UserOrCarer() bool { return g == PeopleWhoUseServices || g == UnpaidCarers }

// Name is the group in words.
func (g ParticipantGroup) Name() string {
	switch g {
	case PeopleWhoUseServices:
		return "People who use services"
	case UnpaidCarers:
		return "Unpaid carers"
	case ThirdSector:
		return "Third sector"
	case Providers:
		return "Providers"
	case Staff:
		return "Staff"
	case Communities:
		return "Communities"
	}
	return string(g)
}
