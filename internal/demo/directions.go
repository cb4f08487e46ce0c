package demo

import (
	"context"
	"fmt"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/directions"
	"coplan/internal/directions/planlink"
	"coplan/internal/governance"
	"coplan/internal/partnership"
)

// UndirectedFunction is the demo's one delegated function without a
// current direction, which the directions check names.
const UndirectedFunction = "Aids, adaptations and equipment"

// demoDirection is one of the demo's directions: its functions by name,
// with how each is carried out and its budget in pounds, and the titles of
// the published plan's arrangements it serves.
type demoDirection struct {
	ref, to      string
	arrangements []string
	outcomes     []string
	localities   []string // names; none for every locality
	lines        []demoLine
}

type demoLine struct {
	function, how string
	pounds        int64
}

// demoDirections are the demo's directions for financial year y, the
// carers' one serving two localities (revised below); scale is the
// budgets' share of the current year's, in per cent.
func demoDirections(y int, scale int64) []demoDirection {
	m := func(pounds int64) int64 { return pounds * scale / 100 }
	return []demoDirection{
		{fmt.Sprintf("D%d-01", y), "health-board", []string{"One front door for advice and assessment", "Community rehabilitation team", "Health and wellbeing hub in the town centre", "Island and coastal care teams"},
			[]string{"O1", "O2", "O9"}, nil, []demoLine{
				{"District nursing", "Provide district nursing seven days a week in every locality, with evening cover in Kilbrannan and Strathard.", m(18_000_000)},
				{"Primary medical services (general practice)", "Provide general practice under the primary medical services contracts, with the practice in Inverlussa kept open.", m(52_000_000)},
				{"Community mental health services", "Run the community mental health teams, with a same-week first appointment for adults referred.", m(14_000_000)},
				{"Allied health professions in the community", "Provide physiotherapy, occupational therapy and speech and language therapy in people's homes and clinics.", m(9_000_000)},
			}},
		{fmt.Sprintf("D%d-02", y), "health-board", []string{"Community rehabilitation team"},
			[]string{"O2", "O9"}, nil, []demoLine{
				{"Unscheduled care in Glenmorven Royal Infirmary (set aside)", "Provide unscheduled hospital care from the set-aside budget, and report delayed discharges monthly.", m(21_400_000)},
			}},
		{fmt.Sprintf("D%d-03", y), "council", []string{"Care at home for people with intensive needs", "Planned investment in the care workforce"},
			[]string{"O2", "O3", "O5"}, nil, []demoLine{
				{"Adult social work services", "Assess needs and arrange self-directed support within 28 days of a referral.", m(21_000_000)},
				{"Care at home services", "Commission care at home from providers, paying the Scottish living wage, across every locality.", m(34_000_000)},
				{"Care home services for adults", "Buy care home places under the national care home contract.", m(27_000_000)},
			}},
		{fmt.Sprintf("D%d-04", y), "council", []string{"Support for unpaid carers"},
			[]string{"O6"}, []string{"Kilbrannan", "Strathard"}, []demoLine{
				{"Support for unpaid carers", "Fund short breaks through the carers' centre.", m(2_800_000)},
			}},
	}
}

// loadDirections issues the demo's directions, approved by the board's
// latest decision: last financial year's (so the published performance
// report for that year has money behind each outcome), each superseded by
// this year's, which cover every delegated function but
// UndirectedFunction; and this year's carers' direction superseded by a
// revised one. The plan's arrangements are linked by linkDirections once
// the plans are loaded.
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
	loc := map[string]int64{}
	for _, l := range p.Localities {
		loc[l.Name] = l.ID
	}
	period := func(y int) (civil.Date, civil.Date) {
		return civil.Date(fmt.Sprintf("%04d-04-01", y)), civil.Date(fmt.Sprintf("%04d-03-31", y+1))
	}
	issued, review := period(y - 1)
	var last []int64
	for _, dd := range demoDirections(y-1, 96) {
		x, err := st.Issue(ctx, demoDirectionOf(dd, p, y-1, ids, loc, decision, issued, review), 0, audit.System)
		if err != nil {
			return fmt.Errorf("direction %s: %w", dd.ref, err)
		}
		last = append(last, x.ID)
	}
	issued, review = period(y)
	var carers directions.Direction
	for i, dd := range demoDirections(y, 100) {
		x, err := st.Issue(ctx, demoDirectionOf(dd, p, y, ids, loc, decision, issued, review), last[i], audit.System)
		if err != nil {
			return fmt.Errorf("direction %s: %w", dd.ref, err)
		}
		carers = x
	}
	// The carers' direction is revised to serve every locality, with more
	// money; the first one stays on the register as issued.
	revised := demoDirection{fmt.Sprintf("D%d-05", y), "council", []string{"Support for unpaid carers"},
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

// linkDirections links each demo direction to the arrangements of the
// published plan it serves, by title. The directions are issued before the
// plans are loaded (the plan is published with the financial statement
// generated from them), so this runs after loadPlans.
func linkDirections(ctx context.Context, d *db.DB, p partnership.Partnership, now civil.Clock) error {
	st := directions.StoreFor(d, p, now).WithArrangements(planlink.Arrangements)
	arrs, err := st.Arrangements(ctx)
	if err != nil {
		return err
	}
	byTitle := map[string]directions.Arrangement{}
	for _, a := range arrs {
		if a.Plan == PublishedPlanTitle {
			byTitle[a.Title] = a
		}
	}
	ds, err := st.List(ctx)
	if err != nil {
		return err
	}
	y := int(yearOf(civil.Day(now())))
	want := map[string][]string{}
	for _, yy := range []int{y - 1, y} {
		for _, dd := range demoDirections(yy, 100) {
			want[dd.ref] = dd.arrangements
		}
	}
	want[fmt.Sprintf("D%d-05", y)] = []string{"Support for unpaid carers"}
	for _, x := range ds {
		var picked []directions.Arrangement
		for _, t := range want[x.Reference] {
			a, ok := byTitle[t]
			if !ok {
				return fmt.Errorf("direction %s: no arrangement %q in %s", x.Reference, t, PublishedPlanTitle)
			}
			picked = append(picked, a)
		}
		if len(picked) == 0 {
			continue
		}
		if err := st.LinkArrangements(ctx, x.ID, picked, audit.System); err != nil {
			return fmt.Errorf("direction %s: %w", x.Reference, err)
		}
	}
	return nil
}

func demoDirectionOf(dd demoDirection, p partnership.Partnership, y int, ids, loc map[string]int64, decision int64, issued, review civil.Date) directions.Direction {
	x := directions.Direction{Reference: dd.ref, Year: y, Addressee: dd.to, Outcomes: dd.outcomes,
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
