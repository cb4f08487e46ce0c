package finance

import (
	"fmt"
	"sort"

	"coplan/internal/civil"
	"coplan/internal/directions"
	"coplan/internal/partnership"
	"coplan/internal/statute"
)

// ApportionRule is coplan's rule for a direction that serves several
// localities or outcomes, shown on every page of the statement: the Act
// and guidance do not say how to divide it.
const ApportionRule = "coplan's rule: where a direction serves several localities, or several outcomes, its budget is divided between them in equal shares (any odd penny goes to the first); a direction that names no locality serves every locality."

// Statement is the annual financial statement (s.39) for a year: the
// total resources the integration authority intends to allocate under the
// plan, and how the directions allocate them by function, locality and
// outcome.
type Statement struct {
	Partnership string `json:"partnership"`
	Year        Year   `json:"-"`
	YearName    string `json:"year"`
	// Total is what the partners delegate for the year: the resources to
	// be allocated under the plan.
	Total         int64   `json:"total_pence"`
	SetAside      int64   `json:"set_aside_pence"` // the set-aside hospital budget within Total
	Partners      []Share `json:"by_partner"`
	Functions     []Share `json:"by_function"`
	Localities    []Share `json:"by_locality"`
	Outcomes      []Share `json:"by_outcome"`
	Directed      int64   `json:"directed_pence"` // allocated by current directions for the year
	Unallocated   int64   `json:"unallocated_pence"`
	FinancialPlan string  `json:"medium_term_financial_plan,omitempty"`
	Rule          string  `json:"apportionment_rule"`
	Source        string  `json:"source"`
}

// Share is one line of the statement: a name and an amount.
type Share struct {
	Name  string `json:"name"`
	Pence int64  `json:"amount_pence"`
	// SetAside is true for a function whose budget is set aside for
	// hospital services.
	SetAside bool `json:"hospital_set_aside,omitempty"`
}

// Generate builds the statement for year y on day: the total from the
// year's budgets, and the allocation by function, locality and outcome from
// the directions for the year in force on day, split by ApportionRule.
func Generate(p partnership.Partnership, y Year, day civil.Date, bs []Budget, ds []directions.Direction, fns []partnership.Function, financialPlan string) Statement {
	st := Statement{Partnership: p.Name, Year: y, YearName: y.String(), Rule: ApportionRule,
		Source: statute.FinancialStatementSource.String(), FinancialPlan: financialPlan,
		Partners: []Share{}, Functions: []Share{}, Localities: []Share{}, Outcomes: []Share{}}
	for _, partner := range p.Partners() {
		sh := Share{Name: partner}
		for _, b := range bs {
			if b.Year == y && b.Partner == partner {
				sh.Pence += b.Pence
				st.SetAside += b.SetAsidePence
			}
		}
		st.Total += sh.Pence
		st.Partners = append(st.Partners, sh)
	}
	setAside := map[int64]bool{}
	for _, f := range fns {
		setAside[f.ID] = f.SetAside
	}
	byFunction := map[string]*Share{}
	byLocality := map[int64]int64{}
	byOutcome := map[string]int64{}
	for _, d := range ds {
		if !covers(d, y, day) {
			continue
		}
		for _, l := range d.Functions {
			sh := byFunction[l.Function]
			if sh == nil {
				sh = &Share{Name: l.Function, SetAside: setAside[l.FunctionID]}
				byFunction[l.Function] = sh
			}
			sh.Pence += l.BudgetPence
		}
		budget := d.Budget()
		st.Directed += budget
		locs := d.Localities
		if len(locs) == 0 {
			for _, l := range p.Localities {
				locs = append(locs, l.ID)
			}
		}
		for i, part := range split(budget, len(locs)) {
			byLocality[locs[i]] += part
		}
		for i, part := range split(budget, len(d.Outcomes)) {
			byOutcome[d.Outcomes[i]] += part
		}
	}
	for _, sh := range byFunction {
		st.Functions = append(st.Functions, *sh)
	}
	sort.Slice(st.Functions, func(i, j int) bool { return st.Functions[i].Name < st.Functions[j].Name })
	for _, l := range p.Localities {
		st.Localities = append(st.Localities, Share{Name: l.Name, Pence: byLocality[l.ID]})
	}
	for _, o := range statute.Outcomes() {
		if n, ok := byOutcome[o.Code]; ok {
			st.Outcomes = append(st.Outcomes, Share{Name: fmt.Sprintf("Outcome %d: %s", o.Number, o.Title), Pence: n})
		}
	}
	st.Unallocated = st.Total - st.Directed
	return st
}

// split divides pence into n equal shares, the odd pennies going to the
// first shares, so that the shares add up to the whole.
func split(pence int64, n int) []int64 {
	if n <= 0 {
		return nil
	}
	out := make([]int64, n)
	each, rest := pence/int64(n), pence%int64(n)
	for i := range out {
		out[i] = each
		if int64(i) < rest {
			out[i]++
		}
	}
	return out
}
