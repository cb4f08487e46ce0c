package statute

// DirectionsSource is where directions come from: sections 26 to 28 of
// the Act (domain.md "After publication"): the integration authority
// directs the health board, the local authority or both to carry out each
// delegated function, saying how it is to be exercised and the budget for
// it. MSG proposal 4(iv) (seed 002) adds that directions "are issued at the
// end of a process of decision making that has involved partners", which is
// why each direction names the board decision that approved it.
var DirectionsSource = Source{Title: act2014, Citation: "sections 26 to 28"}

// Addressee is whom a direction is given to.
type Addressee struct {
	Code, Name string
	// LeadAgencyOnly is true for "carried out by the authority itself",
	// which only the lead agency model allows (seed 003 §3.6): there the
	// health board or council is itself the integration authority.
	LeadAgencyOnly bool
}

// Addressees are whom a direction may be given to under ss.26-27: the
// health board, a local authority, or both; and, under the lead agency
// model only, the authority itself (seed 003 §3.6).
func Addressees() []Addressee {
	return []Addressee{
		{Code: "health-board", Name: "The health board"},
		{Code: "council", Name: "A local authority"},
		{Code: "both", Name: "The health board and a local authority"},
		{Code: "itself", Name: "Carried out by the authority itself (lead agency)", LeadAgencyOnly: true},
	}
}
