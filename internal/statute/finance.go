package statute

// BudgetAgreementSource is where the rule that delegated budgets are
// agreed by the end of March comes from: MSG proposal 2(ii) (seed 002),
// "all delegated budgets should be agreed by the Health Board, Local
// Authority and IJB by the end of March each year". coplan reads "each
// year" as the 31 March before the financial year the budget is for.
var BudgetAgreementSource = Source{Title: "Ministerial Strategic Group for Health and Community Care, Review of Progress with Integration of Health and Social Care (February 2019)",
	Citation: "proposal 2(ii)"}

// SetAsideSource is where the set-aside hospital budget comes from: MSG
// proposal 2(iii) (seed 002), "fully implement the delegated hospital
// budget and set aside budget requirements of the legislation".
var SetAsideSource = Source{Title: BudgetAgreementSource.Title, Citation: "proposal 2(iii)"}

// ReservesSource is where the reserves policy comes from: MSG proposal
// 2(iv) (seed 002), reserves "identified for a purpose and held against
// planned expenditure, with timescales identified for their use, or held
// as a general reserve as a contingency"; "Reserves must not be built up
// unnecessarily".
var ReservesSource = Source{Title: BudgetAgreementSource.Title, Citation: "proposal 2(iv)"}

// FinancialStatementSource is the annual financial statement: section 39
// of the Act, "the total resources the integration authority intends to
// allocate" under the plan, published with the first plan and each year
// after (domain.md "After publication"; seed 003 §3.10 and Annex C item
// 14). The wording of s.39 itself could not be found with the search tool
// here; the paraphrase is domain.md's.
var FinancialStatementSource = Source{Title: act2014, Citation: "section 39"}

// FinancialPlanSource is the medium-term financial plan the strategic
// plan links to: seed 003 §3.10 and Annex C item 8 ("Form appropriate
// links between strategic plan and medium term financial plan").
var FinancialPlanSource = Source{Title: guidance2023, Citation: "section 3.10 and Annex C item 8"}

// ReserveKind is one kind of reserve MSG proposal 2(iv) allows.
type ReserveKind struct {
	Code, Name string
}

// ReserveKinds are the two kinds of reserve of MSG proposal 2(iv) (seed
// 002): earmarked for a purpose with a timescale, or a general contingency.
func ReserveKinds() []ReserveKind {
	return []ReserveKind{
		{"earmarked", "Earmarked for a purpose"},
		{"general", "General contingency"},
	}
}
