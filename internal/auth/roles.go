// Package auth knows who is signed in and what they may do: staff accounts
// and their roles, passwords, sessions and sign-in limits (all kept in the
// database, so several coplan instances can share them), and the one
// function, Can, that decides every authorisation question.
package auth

// Role is what a staff account does in its partnership.
type Role string

// The roles, as design.md describes them.
const (
	Administrator Role = "administrator" // runs the partnership's coplan: accounts and everything officers do; with no partnership, runs the whole instance
	Officer       Role = "officer"       // planning officer: runs the planning cycle
	SPGMember     Role = "spg-member"    // member of the Strategic Planning Group
	BoardMember   Role = "board-member"  // member of the integration joint board
	Scrutiny      Role = "scrutiny"      // Care Inspectorate, HIS, Scottish Government: reads every partnership, changes nothing
)

// Roles lists every role in the order pages offer them.
var Roles = []Role{Administrator, Officer, SPGMember, BoardMember, Scrutiny}

// Name is the role in words.
func (r Role) Name() string {
	switch r {
	case Administrator:
		return "Administrator"
	case Officer:
		return "Planning officer"
	case SPGMember:
		return "Strategic Planning Group member"
	case BoardMember:
		return "Integration joint board member"
	case Scrutiny:
		return "Scrutiny (read-only)"
	}
	return string(r)
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Permission is what a route needs. Every route declares exactly one.
type Permission int

// The permissions, from least to most.
const (
	Public         Permission = iota // anyone, signed in or not
	SignedIn                         // any staff account
	OwnPartnership                   // any account of the partnership (SPG and board members too): their meetings, papers, claims
	ReadPlanning                     // see a partnership's staff pages (not change them)
	EditPlanning                     // change a partnership's planning records
	ReadPersonal                     // see people's personal details: respondents' names and addresses, members' contact details and support needs
	ReadAudit                        // read a partnership's audit log
	ManageAccounts                   // create and change a partnership's staff accounts
	ManageInstance                   // create partnerships, import reference data
)

var permissionNames = map[Permission]string{
	Public: "public", SignedIn: "signed in", OwnPartnership: "own partnership", ReadPlanning: "read planning", EditPlanning: "edit planning",
	ReadPersonal: "read personal details", ReadAudit: "read audit log", ManageAccounts: "manage accounts", ManageInstance: "manage instance",
}

func (p Permission) String() string { return permissionNames[p] }

// Can decides whether u (nil when nobody is signed in) has permission perm
// over partnership pid (0 when the route concerns no one partnership). It is
// the only place coplan decides authorisation.
func Can(u *User, perm Permission, pid int64) bool {
	if perm == Public {
		return true
	}
	if u == nil {
		return false
	}
	if perm == SignedIn {
		return true
	}
	instanceAdmin := u.Role == Administrator && u.PartnershipID == 0
	if instanceAdmin {
		return true
	}
	own := pid != 0 && u.PartnershipID == pid
	switch perm {
	case OwnPartnership:
		return own
	case ReadPlanning:
		return u.Role == Scrutiny || own && (u.Role == Administrator || u.Role == Officer)
	case ReadAudit:
		return u.Role == Scrutiny || own && u.Role == Administrator
	case EditPlanning:
		return own && (u.Role == Administrator || u.Role == Officer)
	case ReadPersonal:
		// The partnership's own officers, who hold the data; not scrutiny,
		// which reads the planning records but needs nobody's address,
		// caring role or access needs to do so.
		return own && (u.Role == Administrator || u.Role == Officer)
	case ManageAccounts:
		return own && u.Role == Administrator
	}
	return false
}
