// Package governance keeps a partnership's governance bodies — the Strategic
// Planning Group (s.32 of the 2014 Act), the integration joint board, its
// committees and each locality's planning group — with their members, the
// seats they hold and the history of every nomination, appointment,
// removal, resignation and replacement. Its central rule, Composition, says
// whether the Strategic Planning Group is lawfully composed on a date.
package governance

import (
	"coplan/internal/civil"
	"fmt"
	"slices"
	"strings"
	"time"

	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// Kind is the kind of a governance body.
type Kind string

// The kinds of body.
const (
	SPG           Kind = "spg"            // the Strategic Planning Group (s.32)
	IJB           Kind = "ijb"            // the integration joint board
	Committee     Kind = "committee"      // a committee of the board
	LocalityGroup Kind = "locality-group" // a locality's planning group
	Other         Kind = "other"
)

// Kinds lists the kinds in the order forms offer them.
var Kinds = []Kind{SPG, IJB, Committee, LocalityGroup, Other}

// Name is the kind in words.
func (k Kind) Name() string {
	switch k {
	case SPG:
		return "Strategic Planning Group"
	case IJB:
		return "Integration joint board"
	case Committee:
		return "Committee of the board"
	case LocalityGroup:
		return "Locality planning group"
	}
	return "Other group"
}

// DefaultNoticeDays is how many days before a meeting its papers should be
// issued unless a body sets its own. Many integration joint boards' standing
// orders require papers at least five clear days ahead; a week is the
// default here because representatives of carers, service users and the
// third sector need time to consult the people they speak for before the
// meeting (MSG review, proposal 6(iii)).
const DefaultNoticeDays = 7

// Body is a governance body of a partnership.
type Body struct {
	ID            int64
	PartnershipID int64
	Kind          Kind
	Name          string
	LocalityID    int64 // for a locality planning group
	NoticeDays    int   // papers are due this many days before a meeting
	Description   string
	// MeetsInPublic says the body meets in public (seed 000): its meetings'
	// agendas, issued papers, minutes and decisions are on public pages.
	MeetsInPublic bool
	CreatedAt     time.Time
}

// ValidateBody checks a body against its partnership.
func ValidateBody(p partnership.Partnership, b Body) error {
	var errs valid.Errors
	if strings.TrimSpace(b.Name) == "" {
		errs.Add("name", "Enter the body's name")
	}
	if !slices.Contains(Kinds, b.Kind) {
		errs.Add("kind", "Select what kind of body this is")
	}
	if b.Kind == LocalityGroup {
		if !slices.ContainsFunc(p.Localities, func(n partnership.Named) bool { return n.ID == b.LocalityID }) {
			errs.Add("locality", "Select the locality this group plans for")
		}
	}
	if b.NoticeDays < 0 || b.NoticeDays > 60 {
		errs.Add("notice_days", "Enter a notice period from 0 to 60 days")
	}
	return errs.Err()
}

// Capacity is the capacity in which a member holds a seat.
type Capacity string

// The capacities a seat may have (s.32 and the Prescribed Consultees
// Regulations 2014).
const (
	PrescribedGroupRep    Capacity = "prescribed-group"        // represents one of the 12 prescribed groups
	HealthBoardNominee    Capacity = "health-board-nominee"    // nominated by the health board
	LocalAuthorityNominee Capacity = "local-authority-nominee" // nominated by a local authority
	LocalityRep           Capacity = "locality"                // represents one or more localities
	OtherPerson           Capacity = "other"                   // another person the authority added
)

// Capacities lists the capacities in the order forms offer them.
var Capacities = []Capacity{PrescribedGroupRep, HealthBoardNominee, LocalAuthorityNominee, LocalityRep, OtherPerson}

// Name is the capacity in words.
func (c Capacity) Name() string {
	switch c {
	case PrescribedGroupRep:
		return "Representative of a prescribed group"
	case HealthBoardNominee:
		return "Nominated by the health board"
	case LocalAuthorityNominee:
		return "Nominated by a local authority"
	case LocalityRep:
		return "Locality representative"
	}
	return "Other member added by the integration authority"
}

// Date is a calendar date; see civil.Date.
type Date = civil.Date

// Day returns the date of t in Scotland.
func Day(t time.Time) Date { return civil.Day(t) }

// ParseDate checks a date typed as YYYY-MM-DD.
func ParseDate(s string) (Date, bool) { return civil.ParseDate(s) }

// Seat is one member's place on one body in one capacity.
type Seat struct {
	ID               int64
	BodyID           int64
	MemberID         int64
	MemberName       string
	PublishName      bool // the member agreed to their name being public
	Capacity         Capacity
	PrescribedGroup  string  // a statute.PrescribedGroups code, for PrescribedGroupRep
	LocalAuthorityID int64   // for LocalAuthorityNominee
	LocalityIDs      []int64 // for LocalityRep: one person may represent several
	Voting           bool
	NominatedOn      Date
	AppointedOn      Date // "" while only nominated
	TermEndsOn       Date
	EndedOn          Date // "" while the seat is held
	EndReason        EventKind
	ReplacesSeatID   int64
}

// HeldOn reports whether the seat was held on date d: appointed on or
// before d, and not ended on or before d.
func (s Seat) HeldOn(d Date) bool {
	return s.AppointedOn != "" && s.AppointedOn <= d && (s.EndedOn == "" || s.EndedOn > d)
}

// GroupName is the prescribed group's name, or "".
func (s Seat) GroupName() string {
	if g, ok := statute.PrescribedGroup(s.PrescribedGroup); ok {
		return g.Name
	}
	return ""
}

// EventKind is something that happened to a seat.
type EventKind string

// The events of a seat's life, as s.32 and the guidance describe them.
const (
	Nominated          EventKind = "nominated"            // a person was nominated
	Appointed          EventKind = "appointed"            // the authority appointed them
	RemovedByAuthority EventKind = "removed"              // the authority removed them
	RemovedByNominator EventKind = "removed-by-nominator" // the body that nominated them removed them
	Resigned           EventKind = "resigned"             // the member resigned
	Replaced           EventKind = "replaced"             // someone else was appointed in their place
	TermEnded          EventKind = "term-ended"           // their term came to an end
)

// Name is the event in words.
func (k EventKind) Name() string {
	switch k {
	case Nominated:
		return "Nominated"
	case Appointed:
		return "Appointed by the integration authority"
	case RemovedByAuthority:
		return "Removed by the integration authority"
	case RemovedByNominator:
		return "Removed by the body that nominated them"
	case Resigned:
		return "Resigned"
	case Replaced:
		return "Replaced"
	case TermEnded:
		return "Term ended"
	}
	return string(k)
}

// Ends reports whether the event ends a seat.
func (k EventKind) Ends() bool {
	return k == RemovedByAuthority || k == RemovedByNominator || k == Resigned || k == Replaced || k == TermEnded
}

// Event is one dated entry in a seat's history.
type Event struct {
	ID         int64
	SeatID     int64
	Kind       EventKind
	On         Date
	Actor      string
	Note       string
	RecordedAt time.Time
}

// CanApply checks that event kind may happen to seat s on date on, saying
// why not in words an officer understands.
func CanApply(s Seat, kind EventKind, on Date) error {
	switch {
	case s.EndedOn != "":
		return fmt.Errorf("this seat already ended on %s", s.EndedOn)
	case kind == Appointed && s.AppointedOn != "":
		return fmt.Errorf("%s was already appointed on %s", s.MemberName, s.AppointedOn)
	case kind == Nominated:
		return fmt.Errorf("a nomination starts a new seat")
	case kind.Ends() && s.AppointedOn == "" && kind != RemovedByNominator && kind != Resigned:
		return fmt.Errorf("%s has been nominated but not yet appointed", s.MemberName)
	case kind.Ends() && s.AppointedOn != "" && on < s.AppointedOn:
		return fmt.Errorf("the date is before %s was appointed (%s)", s.MemberName, s.AppointedOn)
	case kind == RemovedByNominator && s.Capacity != HealthBoardNominee && s.Capacity != LocalAuthorityNominee:
		return fmt.Errorf("only a health board or local authority nominee can be removed by the body that nominated them")
	case kind == Appointed && on < s.NominatedOn:
		return fmt.Errorf("the appointment date is before the nomination (%s)", s.NominatedOn)
	}
	return nil
}

// NextEvents lists what can happen next to a seat: a nomination can be
// appointed or withdrawn; a held seat can end by removal, resignation or the
// end of its term; a health board or council nominee can also be removed by
// the body that nominated them. An ended seat has no next event.
func NextEvents(s Seat) []EventKind {
	if s.EndedOn != "" {
		return nil
	}
	var ks []EventKind
	if s.AppointedOn == "" {
		ks = []EventKind{Appointed, Resigned}
	} else {
		ks = []EventKind{RemovedByAuthority, Resigned, TermEnded}
	}
	if s.Capacity == HealthBoardNominee || s.Capacity == LocalAuthorityNominee {
		ks = append(ks, RemovedByNominator)
	}
	return ks
}

// Gaps is what a Strategic Planning Group lacks on a date, by s.32: a
// representative of each prescribed group, of each locality, and nominees
// of the bodies the integration model requires.
type Gaps struct {
	Date                    Date
	MissingPrescribedGroups []statute.Group
	MissingLocalities       []partnership.Named
	MissingNominatingBodies []string
	Members                 int // seats held on the date
}

// Lawful reports whether nothing is missing. A vacancy never invalidates the
// group's decisions (s.32): coplan shows gaps, it does not block work.
func (g Gaps) Lawful() bool {
	return len(g.MissingPrescribedGroups) == 0 && len(g.MissingLocalities) == 0 && len(g.MissingNominatingBodies) == 0
}

// Composition checks a Strategic Planning Group's seats on date d against
// s.32 of the 2014 Act and the Prescribed Consultees Regulations 2014:
//   - every prescribed group has a representative;
//   - every locality has a representative (one person may represent
//     several);
//   - nominating bodies: for an integration joint board, the health board
//     and every local authority have a nominee; for a lead agency, at least
//     one of the partners has (the guidance: "members nominated by the local
//     authority or the health board, or both", depending on the model).
func Composition(p partnership.Partnership, seats []Seat, d Date) Gaps {
	g := Gaps{Date: d}
	groups := map[string]bool{}
	localities := map[int64]bool{}
	healthBoard := false
	councils := map[int64]bool{}
	for _, s := range seats {
		if !s.HeldOn(d) {
			continue
		}
		g.Members++
		switch s.Capacity {
		case PrescribedGroupRep:
			groups[s.PrescribedGroup] = true
		case HealthBoardNominee:
			healthBoard = true
		case LocalAuthorityNominee:
			councils[s.LocalAuthorityID] = true
		}
		for _, l := range s.LocalityIDs {
			localities[l] = true
		}
	}
	for _, grp := range statute.PrescribedGroups() {
		if !groups[grp.Code] {
			g.MissingPrescribedGroups = append(g.MissingPrescribedGroups, grp)
		}
	}
	for _, l := range p.Localities {
		if !localities[l.ID] {
			g.MissingLocalities = append(g.MissingLocalities, l)
		}
	}
	if p.Model == statute.ModelIJB {
		if !healthBoard {
			g.MissingNominatingBodies = append(g.MissingNominatingBodies, p.HealthBoard)
		}
		for _, la := range p.LocalAuthorities {
			if !councils[la.ID] {
				g.MissingNominatingBodies = append(g.MissingNominatingBodies, la.Name)
			}
		}
	} else if !healthBoard && len(councils) == 0 {
		g.MissingNominatingBodies = append(g.MissingNominatingBodies, p.HealthBoard+" or "+strings.Join(p.LocalAuthorityNames(), " or "))
	}
	return g
}
