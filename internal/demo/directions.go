package demo

import (
	"context"
	"fmt"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/directions"
	"coplan/internal/governance"
	"coplan/internal/partnership"
)

// UndirectedFunction is the demo's one delegated function without a
// current direction, which the directions check names.
const UndirectedFunction = "Aids, adaptations and equipment"

// demoDirection is one of the demo's directions: its functions by name,
// with how each is carried out and its budget in pounds.
type demoDirection struct {
	ref, to, arrangements string
	outcomes              []string
	localities            []string // names; none for every locality
	lines                 []demoLine
}

type demoLine struct {
	function, how string
	pounds        int64
}

// loadDirections issues the demo's directions for the current financial
// year, approved by the board's latest decision: every delegated function
// but UndirectedFunction, and the carers' direction superseded by a
// revised one.
func loadDirections(ctx context.Context, d *db.DB, p partnership.Partnership, now civil.Clock) error {
	st := directions.StoreFor(d, p, now)
	fns, err := st.Functions(ctx)
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	for _, f := range fns {
		ids[f.Name] = f.ID
	}
	decs, err := st.Decisions(ctx)
	if err != nil {
		return err
	}
	var decision int64
	for _, x := range decs {
		if x.BodyKind == governance.IJB {
			decision = x.ID
			break
		}
	}
	today := civil.Day(now())
	y := int(yearOf(today))
	issued := civil.Date(fmt.Sprintf("%04d-04-01", y))
	review := civil.Date(fmt.Sprintf("%04d-03-31", y+1))
	loc := map[string]int64{}
	for _, l := range p.Localities {
		loc[l.Name] = l.ID
	}
	ds := []demoDirection{
		{fmt.Sprintf("D%d-01", y), "health-board", "Community health services in every locality, delivered closer to home (the plan's arrangements for each locality)",
			[]string{"O1", "O2", "O9"}, nil, []demoLine{
				{"District nursing", "Provide district nursing seven days a week in every locality, with evening cover in Kilbrannan and Strathard.", 18_000_000},
				{"Primary medical services (general practice)", "Provide general practice under the primary medical services contracts, with the practice in Inverlussa kept open.", 52_000_000},
				{"Community mental health services", "Run the community mental health teams, with a same-week first appointment for adults referred.", 14_000_000},
				{"Allied health professions in the community", "Provide physiotherapy, occupational therapy and speech and language therapy in people's homes and clinics.", 9_000_000},
			}},
		{fmt.Sprintf("D%d-02", y), "health-board", "Fewer unplanned days in hospital, with money moved to the community as the set-aside budget allows",
			[]string{"O2", "O9"}, nil, []demoLine{
				{"Unscheduled care in Glenmorven Royal Infirmary (set aside)", "Provide unscheduled hospital care from the set-aside budget, and report delayed discharges monthly.", 21_400_000},
			}},
		{fmt.Sprintf("D%d-03", y), "council", "Social care that helps people live at home for longer",
			[]string{"O2", "O3", "O5"}, nil, []demoLine{
				{"Adult social work services", "Assess needs and arrange self-directed support within 28 days of a referral.", 21_000_000},
				{"Care at home services", "Commission care at home from providers, paying the Scottish living wage, across every locality.", 34_000_000},
				{"Care home services for adults", "Buy care home places under the national care home contract.", 27_000_000},
			}},
		{fmt.Sprintf("D%d-04", y), "council", "Short breaks for unpaid carers",
			[]string{"O6"}, []string{"Kilbrannan", "Strathard"}, []demoLine{
				{"Support for unpaid carers", "Fund short breaks through the carers' centre.", 2_800_000},
			}},
	}
	var carers directions.Direction
	for _, dd := range ds {
		x, err := st.Issue(ctx, demoDirectionOf(dd, p, y, ids, loc, decision, issued, review), 0, audit.System)
		if err != nil {
			return fmt.Errorf("direction %s: %w", dd.ref, err)
		}
		carers = x
	}
	// The carers' direction is revised to serve every locality, with more
	// money; the first one stays on the register as issued.
	revised := demoDirection{fmt.Sprintf("D%d-05", y), "council", "Short breaks for unpaid carers in every locality",
		[]string{"O6"}, nil, []demoLine{
			{"Support for unpaid carers", "Fund short breaks through the carers' centre and a new sitting service in Inverlussa and Morven Coast.", 3_200_000},
		}}
	on := civil.Date(fmt.Sprintf("%04d-06-15", y))
	if on > today {
		on = today
	}
	if _, err := st.Issue(ctx, demoDirectionOf(revised, p, y, ids, loc, decision, on, review), carers.ID, audit.System); err != nil {
		return fmt.Errorf("direction %s: %w", revised.ref, err)
	}
	return nil
}

func demoDirectionOf(dd demoDirection, p partnership.Partnership, y int, ids, loc map[string]int64, decision int64, issued, review civil.Date) directions.Direction {
	x := directions.Direction{Reference: dd.ref, Year: y, Addressee: dd.to, Arrangements: dd.arrangements, Outcomes: dd.outcomes,
		DecisionID: decision, IssuedOn: issued, ReviewOn: review}
	if dd.to == "council" {
		x.Council = p.LocalAuthorityNames()[0]
	}
	for _, n := range dd.localities {
		x.Localities = append(x.Localities, loc[n])
	}
	for _, l := range dd.lines {
		x.Functions = append(x.Functions, directions.Line{FunctionID: ids[l.function], How: l.how, BudgetPence: l.pounds * 100})
	}
	return x
}
