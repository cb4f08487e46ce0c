package governance_test

import (
	"testing"

	"coplan/internal/governance"
	"coplan/internal/partnership"
	"coplan/internal/statute"
)

var glen = partnership.Partnership{
	ID: 1, Name: "Glenmorven", Model: statute.ModelIJB, HealthBoard: "NHS Glenmorven",
	LocalAuthorities: []partnership.Named{{ID: 10, Name: "Glenmorven Council"}},
	Localities:       []partnership.Named{{ID: 20, Name: "Kilbrannan"}, {ID: 21, Name: "Strathard"}, {ID: 22, Name: "Inverlussa"}},
}

// fullGroup is an SPG with every prescribed group, locality and nominee.
func fullGroup() []governance.Seat {
	var ss []governance.Seat
	for _, g := range statute.PrescribedGroups() {
		ss = append(ss, governance.Seat{Capacity: governance.PrescribedGroupRep, PrescribedGroup: g.Code, AppointedOn: "2025-04-01"})
	}
	return append(ss,
		governance.Seat{Capacity: governance.HealthBoardNominee, AppointedOn: "2025-04-01"},
		governance.Seat{Capacity: governance.LocalAuthorityNominee, LocalAuthorityID: 10, AppointedOn: "2025-04-01"},
		// One person represents two localities.
		governance.Seat{Capacity: governance.LocalityRep, LocalityIDs: []int64{20, 21}, AppointedOn: "2025-04-01"},
		governance.Seat{Capacity: governance.LocalityRep, LocalityIDs: []int64{22}, AppointedOn: "2025-04-01"},
	)
}

func TestComposition(t *testing.T) {
	tests := []struct {
		name       string
		change     func([]governance.Seat) []governance.Seat
		date       governance.Date
		lawful     bool
		groups     []string
		localities []string
		nominators []string
	}{
		{"every seat filled", nil, "2026-01-01", true, nil, nil, nil},
		{"before anyone was appointed", nil, "2025-03-31", false,
			allGroups(), []string{"Kilbrannan", "Strathard", "Inverlussa"}, []string{"NHS Glenmorven", "Glenmorven Council"}},
		{"carers of users of social care unrepresented", func(ss []governance.Seat) []governance.Seat {
			return without(ss, func(s governance.Seat) bool { return s.PrescribedGroup == "carers-social-care" })
		}, "2026-01-01", false, []string{"carers of users of social care"}, nil, nil},
		{"health board nominee removed the day before", func(ss []governance.Seat) []governance.Seat {
			for i := range ss {
				if ss[i].Capacity == governance.HealthBoardNominee {
					ss[i].EndedOn = "2026-01-01"
				}
			}
			return ss
		}, "2026-01-01", false, nil, nil, []string{"NHS Glenmorven"}},
		{"health board nominee still sat on the day before removal", func(ss []governance.Seat) []governance.Seat {
			for i := range ss {
				if ss[i].Capacity == governance.HealthBoardNominee {
					ss[i].EndedOn = "2026-01-02"
				}
			}
			return ss
		}, "2026-01-01", true, nil, nil, nil},
		{"the member for two localities resigned", func(ss []governance.Seat) []governance.Seat {
			return without(ss, func(s governance.Seat) bool { return len(s.LocalityIDs) == 2 })
		}, "2026-01-01", false, nil, []string{"Kilbrannan", "Strathard"}, nil},
		{"a nominee not yet appointed does not count", func(ss []governance.Seat) []governance.Seat {
			for i := range ss {
				if ss[i].Capacity == governance.LocalAuthorityNominee {
					ss[i].AppointedOn = ""
				}
			}
			return ss
		}, "2026-01-01", false, nil, nil, []string{"Glenmorven Council"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss := fullGroup()
			if tt.change != nil {
				ss = tt.change(ss)
			}
			g := governance.Composition(glen, ss, tt.date)
			if g.Lawful() != tt.lawful {
				t.Errorf("Lawful() = %v, want %v", g.Lawful(), tt.lawful)
			}
			var groups, locs []string
			for _, x := range g.MissingPrescribedGroups {
				groups = append(groups, x.Name)
			}
			for _, x := range g.MissingLocalities {
				locs = append(locs, x.Name)
			}
			same(t, "missing prescribed groups", groups, tt.groups)
			same(t, "missing localities", locs, tt.localities)
			same(t, "missing nominating bodies", g.MissingNominatingBodies, tt.nominators)
		})
	}
}

func TestLeadAgencyNeedsOneNominatingPartner(t *testing.T) {
	p := glen
	p.Model = statute.ModelLeadAgency
	ss := without(fullGroup(), func(s governance.Seat) bool { return s.Capacity == governance.HealthBoardNominee })
	if g := governance.Composition(p, ss, "2026-01-01"); !g.Lawful() {
		t.Errorf("a lead agency with a council nominee only: %+v", g.MissingNominatingBodies)
	}
	ss = without(ss, func(s governance.Seat) bool { return s.Capacity == governance.LocalAuthorityNominee })
	if g := governance.Composition(p, ss, "2026-01-01"); len(g.MissingNominatingBodies) != 1 {
		t.Errorf("a lead agency with no nominee: missing %v, want one entry", g.MissingNominatingBodies)
	}
}

func TestCanApply(t *testing.T) {
	appointed := governance.Seat{MemberName: "Isla", Capacity: governance.PrescribedGroupRep, NominatedOn: "2025-03-01", AppointedOn: "2025-04-01"}
	nominee := governance.Seat{MemberName: "Fiona", Capacity: governance.HealthBoardNominee, NominatedOn: "2025-03-01", AppointedOn: "2025-04-01"}
	ended := appointed
	ended.EndedOn = "2025-06-01"
	nominated := governance.Seat{MemberName: "Tom", Capacity: governance.PrescribedGroupRep, NominatedOn: "2025-03-01"}
	tests := []struct {
		name string
		seat governance.Seat
		kind governance.EventKind
		on   governance.Date
		ok   bool
	}{
		{"authority removes an appointed member", appointed, governance.RemovedByAuthority, "2025-05-01", true},
		{"a member resigns", appointed, governance.Resigned, "2025-05-01", true},
		{"the health board removes its nominee", nominee, governance.RemovedByNominator, "2025-05-01", true},
		{"a nominating body cannot remove a prescribed group's representative", appointed, governance.RemovedByNominator, "2025-05-01", false},
		{"nothing happens to an ended seat", ended, governance.Resigned, "2025-07-01", false},
		{"removal before appointment date", appointed, governance.RemovedByAuthority, "2025-03-15", false},
		{"appoint a nominee", nominated, governance.Appointed, "2025-04-01", true},
		{"appoint before nomination", nominated, governance.Appointed, "2025-02-01", false},
		{"appoint twice", appointed, governance.Appointed, "2025-05-01", false},
		{"a nominee may withdraw (resign) before appointment", nominated, governance.Resigned, "2025-03-10", true},
	}
	for _, tt := range tests {
		err := governance.CanApply(tt.seat, tt.kind, tt.on)
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestEndingSoon(t *testing.T) {
	ss := []governance.Seat{
		{MemberName: "a", AppointedOn: "2025-01-01", TermEndsOn: "2026-02-01"},
		{MemberName: "b", AppointedOn: "2025-01-01", TermEndsOn: "2026-01-10"},
		{MemberName: "c", AppointedOn: "2025-01-01", TermEndsOn: "2027-01-01"},
		{MemberName: "d", AppointedOn: "2025-01-01", TermEndsOn: "2026-01-05", EndedOn: "2025-12-01"},
	}
	got := governance.EndingSoon(ss, "2026-01-01", 90)
	if len(got) != 2 || got[0].MemberName != "b" || got[1].MemberName != "a" {
		t.Errorf("EndingSoon = %+v, want b then a", got)
	}
}

func allGroups() []string {
	var out []string
	for _, g := range statute.PrescribedGroups() {
		out = append(out, g.Name)
	}
	return out
}

func without(ss []governance.Seat, drop func(governance.Seat) bool) []governance.Seat {
	var out []governance.Seat
	for _, s := range ss {
		if !drop(s) {
			out = append(out, s)
		}
	}
	return out
}

func same(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s = %v, want %v", what, got, want)
			return
		}
	}
}

func TestWithoutPersonal(t *testing.T) {
	m := governance.Member{ID: 3, Name: "Isla Morrison", Email: "isla@example.org", Phone: "01234", SupportNeeds: []string{"bsl"},
		SupportNotes: "I care for my mother", PaperFormat: "easy-read", CalendarToken: "secret"}
	got := m.WithoutPersonal()
	if got.ID != 3 || got.Name != "Isla Morrison" {
		t.Errorf("WithoutPersonal lost the name or id: %+v", got)
	}
	if got.Email != "" || got.Phone != "" || got.SupportNeeds != nil || got.SupportNotes != "" || got.PaperFormat != "" || got.CalendarToken != "" {
		t.Errorf("WithoutPersonal kept personal details: %+v", got)
	}
}
