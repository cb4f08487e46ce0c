package demo

import (
	"context"
	"fmt"

	"coplan/internal/audit"
	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/governance"
	"coplan/internal/partnership"
)

// Governance is what the demo's bodies are, for the meetings and expenses
// that build on them.
type Governance struct {
	SPG, IJB      governance.Body
	LocalityGroup governance.Body
	Members       map[string]governance.Member // by name
}

// demoMember is a person in the demo and the account linked to them.
type demoMember struct {
	name, email string
	publish     bool
	account     string // demo account email, or ""
	needs       []string
	format      string
}

var demoMembers = []demoMember{
	{"Isla Morrison", "isla.morrison@example.org", true, "spg@glenmorven.example", []string{"care-cover", "travel", "pre-meeting"}, "standard"},
	{"Ravi Menon", "ravi.menon@example.org", true, "board@glenmorven.example", nil, "standard"},
	{"Dr Alasdair Kerr", "alasdair.kerr@example.org", true, "", nil, "standard"},
	{"Catriona MacLeod", "catriona.macleod@example.org", true, "", nil, "standard"},
	{"James Ogilvie", "james.ogilvie@example.org", true, "", []string{"large-print", "step-free"}, "large-print"},
	{"Mhairi Stewart", "", false, "", []string{"easy-read", "bsl"}, "easy-read"},
	{"Douglas Paterson", "douglas.paterson@example.org", true, "", []string{"hearing-loop"}, "printed"},
	{"Sandra Wallace", "sandra.wallace@example.org", true, "", nil, "standard"},
	{"Peter Lindsay", "peter.lindsay@example.org", true, "", nil, "standard"},
	{"Anne Fraser", "anne.fraser@example.org", true, "", nil, "standard"},
	{"Tom Reid", "tom.reid@example.org", true, "", nil, "standard"},
	{"Aileen Murray", "aileen.murray@example.org", true, "", nil, "standard"},
	{"Dr Fiona Grant", "fiona.grant@example.org", true, "", nil, "standard"},
	{"Councillor Neil Baxter", "neil.baxter@example.org", true, "", nil, "standard"},
	{"Councillor Susan Hay", "susan.hay@example.org", true, "", nil, "standard"},
	{"Kirsty Munro", "kirsty.munro@example.org", true, "", []string{"travel"}, "standard"},
	{"Hamish Duncan", "hamish.duncan@example.org", false, "", nil, "standard"},
	{"Elaine Watt", "elaine.watt@example.org", true, "", []string{"interpreter"}, "standard"},
	{"Brian Hughes", "", true, "", nil, "standard"},
}

// loadGovernance creates the demo's bodies, members and seats: an SPG on
// which every prescribed group but commercial providers of health care is
// represented and Kirsty Munro represents two localities; an integration
// joint board with voting and non-voting members; and Strathard's locality
// planning group.
func loadGovernance(ctx context.Context, d *db.DB, p partnership.Partnership, users map[string]auth.User, now civil.Clock) (Governance, error) {
	g := Governance{Members: map[string]governance.Member{}}
	st := governance.StoreFor(d, p, now)
	by := audit.System
	for _, dm := range demoMembers {
		m := governance.Member{PartnershipID: p.ID, Name: dm.name, Email: dm.email, PublishName: dm.publish,
			SupportNeeds: dm.needs, PaperFormat: dm.format, UserID: users[dm.account].ID}
		if dm.name == "Isla Morrison" {
			m.SupportNotes = "I care for my husband, so I need cover arranged for the afternoon of each meeting."
		}
		m, err := st.SaveMember(ctx, m, by)
		if err != nil {
			return g, fmt.Errorf("member %s: %w", dm.name, err)
		}
		g.Members[dm.name] = m
	}
	locality := map[string]int64{}
	for _, l := range p.Localities {
		locality[l.Name] = l.ID
	}
	var err error
	if g.SPG, err = st.SaveBody(ctx, governance.Body{Kind: governance.SPG, Name: "Glenmorven Strategic Planning Group",
		NoticeDays: governance.DefaultNoticeDays, MeetsInPublic: true,
		Description: "Prepares the strategic plan with the integration joint board, as section 32 of the 2014 Act requires."}, by); err != nil {
		return g, err
	}
	if g.IJB, err = st.SaveBody(ctx, governance.Body{Kind: governance.IJB, Name: "Glenmorven Integration Joint Board",
		NoticeDays: governance.DefaultNoticeDays, MeetsInPublic: true, Description: "The integration authority: plans and directs the delegated services."}, by); err != nil {
		return g, err
	}
	if g.LocalityGroup, err = st.SaveBody(ctx, governance.Body{Kind: governance.LocalityGroup,
		Name: "Strathard Locality Planning Group", LocalityID: locality["Strathard"], NoticeDays: 10,
		Description: "Brings Strathard's communities, GP practices and providers together to plan services for the locality."}, by); err != nil {
		return g, err
	}

	today := civil.Day(now())
	const start = governance.Date("2025-04-01")
	const termEnd = governance.Date("2028-03-31")
	type seat struct {
		member     string
		capacity   governance.Capacity
		group      string
		council    bool
		localities []string
		voting     bool
		termEnds   governance.Date
	}
	spg := []seat{
		{"Isla Morrison", governance.PrescribedGroupRep, "carers-social-care", false, nil, true, termEnd},
		{"Douglas Paterson", governance.PrescribedGroupRep, "carers-health-care", false, nil, true, today.AddDays(45)},
		{"Dr Alasdair Kerr", governance.PrescribedGroupRep, "health-professionals", false, nil, true, termEnd},
		{"Catriona MacLeod", governance.PrescribedGroupRep, "social-care-professionals", false, nil, true, termEnd},
		{"Mhairi Stewart", governance.PrescribedGroupRep, "users-social-care", false, nil, true, termEnd},
		{"Sandra Wallace", governance.PrescribedGroupRep, "commercial-providers-social-care", false, nil, true, termEnd},
		{"Peter Lindsay", governance.PrescribedGroupRep, "non-commercial-providers-social-care", false, nil, true, termEnd},
		{"Anne Fraser", governance.PrescribedGroupRep, "non-commercial-providers-health-care", false, nil, true, termEnd},
		{"Tom Reid", governance.PrescribedGroupRep, "non-commercial-providers-social-housing", false, nil, true, termEnd},
		{"Aileen Murray", governance.PrescribedGroupRep, "third-sector-bodies", false, nil, true, termEnd},
		{"Dr Fiona Grant", governance.HealthBoardNominee, "", false, nil, true, termEnd},
		{"Councillor Neil Baxter", governance.LocalAuthorityNominee, "", true, nil, true, termEnd},
		{"Kirsty Munro", governance.LocalityRep, "", false, []string{"Strathard", "Inverlussa"}, true, termEnd},
		{"Hamish Duncan", governance.LocalityRep, "", false, []string{"Kilbrannan"}, true, termEnd},
		{"Elaine Watt", governance.LocalityRep, "", false, []string{"Morven Coast"}, true, today.AddDays(80)},
		{"Brian Hughes", governance.PrescribedGroupRep, "users-health-care", false, nil, true, termEnd},
	}
	ijb := []seat{
		{"Ravi Menon", governance.HealthBoardNominee, "", false, nil, true, termEnd},
		{"Dr Fiona Grant", governance.HealthBoardNominee, "", false, nil, true, termEnd},
		{"Councillor Neil Baxter", governance.LocalAuthorityNominee, "", true, nil, true, termEnd},
		{"Councillor Susan Hay", governance.LocalAuthorityNominee, "", true, nil, true, termEnd},
		{"Isla Morrison", governance.PrescribedGroupRep, "carers-social-care", false, nil, false, termEnd},
		{"Aileen Murray", governance.PrescribedGroupRep, "third-sector-bodies", false, nil, false, termEnd},
		{"James Ogilvie", governance.PrescribedGroupRep, "users-health-care", false, nil, false, termEnd},
	}
	localGroup := []seat{
		{"Kirsty Munro", governance.LocalityRep, "", false, []string{"Strathard"}, true, termEnd},
		{"Catriona MacLeod", governance.OtherPerson, "", false, nil, true, termEnd},
		{"Dr Alasdair Kerr", governance.OtherPerson, "", false, nil, true, termEnd},
		{"Peter Lindsay", governance.PrescribedGroupRep, "non-commercial-providers-social-care", false, nil, true, termEnd},
	}
	add := func(b governance.Body, ss []seat) (map[string]governance.Seat, error) {
		out := map[string]governance.Seat{}
		for _, s := range ss {
			seat := governance.Seat{MemberID: g.Members[s.member].ID, Capacity: s.capacity, PrescribedGroup: s.group,
				Voting: s.voting, NominatedOn: start.AddDays(-30), AppointedOn: start, TermEndsOn: s.termEnds}
			if s.council {
				seat.LocalAuthorityID = p.LocalAuthorities[0].ID
			}
			for _, l := range s.localities {
				seat.LocalityIDs = append(seat.LocalityIDs, locality[l])
			}
			saved, err := st.Nominate(ctx, b.ID, seat, by)
			if err != nil {
				return nil, fmt.Errorf("%s on %s: %w", s.member, b.Name, err)
			}
			out[s.member] = saved
		}
		return out, nil
	}
	spgSeats, err := add(g.SPG, spg)
	if err != nil {
		return g, err
	}
	// Brian Hughes, the first users' representative, resigned; James
	// Ogilvie was appointed in his place.
	if _, err := st.Replace(ctx, g.SPG.ID, spgSeats["Brian Hughes"].ID, governance.Seat{
		MemberID: g.Members["James Ogilvie"].ID, Capacity: governance.PrescribedGroupRep, PrescribedGroup: "users-health-care",
		Voting: true, NominatedOn: "2025-09-15", TermEndsOn: termEnd}, "2025-10-01", by); err != nil {
		return g, fmt.Errorf("replacement: %w", err)
	}
	if _, err := add(g.IJB, ijb); err != nil {
		return g, err
	}
	if _, err := add(g.LocalityGroup, localGroup); err != nil {
		return g, err
	}
	return g, loadTraining(ctx, st, g, today)
}

// loadTraining records the demo members' induction, training and
// mentoring: every member had an induction soon after appointment except
// James Ogilvie, appointed in October with none recorded, whom the SPG's
// page names, and Elaine Watt, whose induction is planned but not yet done;
// Isla Morrison has a course to come and Kirsty Munro a mentor.
func loadTraining(ctx context.Context, st *governance.Store, g Governance, today governance.Date) error {
	by := audit.Actor{Name: "Euan Fraser (demo)"}
	for _, dm := range demoMembers {
		m := g.Members[dm.name]
		t := governance.Training{Kind: governance.Induction, What: "Induction to the partnership's planning groups",
			Provider: "Glenmorven Health and Social Care Partnership", CompletedOn: "2025-04-24"}
		switch dm.name {
		case "James Ogilvie", "Brian Hughes":
			continue
		case "Elaine Watt":
			t.CompletedOn, t.DueOn = "", today.AddDays(9)
		case "Isla Morrison":
			t.Provider = "Glenmorven Carers Centre, with the partnership"
		}
		if _, err := st.AddTraining(ctx, m.ID, t, by); err != nil {
			return fmt.Errorf("training of %s: %w", dm.name, err)
		}
	}
	more := []struct {
		member string
		t      governance.Training
	}{
		{"Isla Morrison", governance.Training{Kind: governance.Course, What: "Reading a budget paper: finance for board members",
			Provider: "NHS Education for Scotland", DueOn: today.AddDays(20)}},
		{"Isla Morrison", governance.Training{Kind: governance.Course, What: "Speaking up for carers at meetings",
			Provider: "Glenmorven Carers Centre", CompletedOn: "2025-06-12"}},
		{"Kirsty Munro", governance.Training{Kind: governance.Mentoring, What: "Mentoring by a longer-serving locality representative",
			Provider: "Hamish Duncan", CompletedOn: "2025-09-30"}},
	}
	for _, x := range more {
		if _, err := st.AddTraining(ctx, g.Members[x.member].ID, x.t, by); err != nil {
			return fmt.Errorf("training of %s: %w", x.member, err)
		}
	}
	return nil
}
