package statute

// Rule ties a section of the Act, the regulations or the guidance to the
// function in coplan that applies it: where a newcomer looks for the rule,
// and beside it, in the same room, its store and its pages. The README's
// "Layout" section prints this table; a test checks that every function
// named here exists.
type Rule struct {
	// Section is the provision: "s.32", "Annex C", "respondent information form".
	Section string
	// Source is the Act, regulations or document it is in.
	Source string
	// What the provision requires, in a line.
	What string
	// Func is the function that applies it, as package.Name or
	// package.Type.Method, in internal/<package>.
	Func string
}

// Index is every provision coplan applies, in the Act's order and then
// the guidance's, each with the function that applies it.
var Index = []Rule{
	{"s.29", act2014, "the area is divided into at least two localities", "partnership.Validate"},
	{"s.29 and s.30", act2014, "the plan sets out arrangements for each locality separately and takes account of the national outcomes, with a housing contribution statement", "plan.Coverage"},
	{"s.29", act2014, "an arrangement names the localities and outcomes it serves", "plan.ValidateArrangement"},
	{"s.1 and the integration scheme", act2014, "each delegated function is named and delegated by the health board or a council", "partnership.ValidateFunction"},
	{"s.32", act2014 + " and the prescribed groups", "the Strategic Planning Group includes every prescribed group, each locality and the nominating bodies", "governance.Composition"},
	{"s.32", act2014, "a seat's capacity (prescribed group, locality, nominee) is one the Act allows", "governance.ValidateSeat"},
	{"s.33", act2014, "the plan moves through proposals, first draft and second draft with the SPG's views and the prescribed consultees", "plan.CanAdvance"},
	{"s.33", act2014, "views on the second draft are taken into account: each is answered", "plan.ValidateOutcome"},
	{"s.33", act2014, "the drafts are sent to the prescribed recipients", "plan.ValidateAddressee"},
	{"s.33", act2014, "every response to the plan's consultation is considered, whatever its publishing preference", "plan.ViewsFromResponses"},
	{"s.33", act2014, "a change made for a view is in a version later than the one it was given on", "plan.GivenOn"},
	{"s.35", act2014, "the plan is published with a statement describing the consultation", "plan.BuildStatement"},
	{"s.35", act2014, "the statement is ready only once every linked consultation has closed", "plan.StatementReady"},
	{"s.36", act2014, "a significant decision outside the plan follows the SPG's views and consultation", "plan.CanTakeDecision"},
	{"s.37", act2014, "the plan is reviewed at least every three years", "plan.NextReview"},
	{"s.37", act2014, "the review clock: due within six or three months, or overdue", "plan.ReviewState"},
	{"s.37", act2014, "a review records its conclusion and whether a replacement is needed", "plan.ValidateReview"},
	{"s.38", act2014, "the council and health board acting jointly may direct a replacement plan", "plan.ValidateDirection"},
	{"s.42 and the core indicators", "Public Health Scotland, Core suite of integration indicators", "figures of the core indicators are imported per partnership, locality and year, all or nothing, every bad row named", "indicators.Parse"},
	{"s.42 and the core indicators", "Public Health Scotland, Core suite of integration indicators", "partnerships are ranked on an indicator by its direction of good, ties sharing a rank", "indicators.Rank"},
	{"s.29(2) and s.42", act2014, "an arrangement is judged by the national indicators chosen for it or cited in its measures", "plan.ArrangementIndicators"},
	{"ss.26-28", act2014, "every delegated function has a current direction (the authority itself under lead agency)", "directions.Uncovered"},
	{"ss.26-28", act2014, "a direction names its addressee, functions, how each is carried out, budget, issue and review dates", "directions.Validate"},
	{"s.39", act2014, "the annual financial statement: total resources to be allocated under the plan, by function, locality and outcome", "finance.Generate"},
	{"proposal 2(ii)", "Ministerial Strategic Group, Review of Progress with Integration (2019)", "delegated budgets are agreed by the health board, the councils and the board by the end of March", "finance.LateAgreements"},
	{"proposal 2(iii)", "Ministerial Strategic Group, Review of Progress with Integration (2019)", "a budget is whole, with the set-aside hospital budget within the health board's", "finance.ValidateBudget"},
	{"proposal 2(iv)", "Ministerial Strategic Group, Review of Progress with Integration (2019)", "each reserve is earmarked with a date or held as a general contingency", "finance.ValidateReserve"},
	{"proposal 2(iv)", "Ministerial Strategic Group, Review of Progress with Integration (2019)", "earmarked reserves past their date are flagged", "finance.OverdueReserves"},
	{"Annex C", guidance2023, "the checklist of what a strategic plan contains, evidenced where coplan holds the evidence", "plan.EvaluateAnnexC"},
	{"section 3.1 and Annex A", guidance2023, "the plans a strategic plan should correlate with", "statute.RelatedPlans"},
	{"communication and engagement plan", guidance2023, "the plan starts with how people will be engaged", "plan.ValidateEngagement"},
	{"option appraisal", guidance2023, "options scored against weighted criteria before a decision", "plan.Appraise"},
	{"respondent information form", "Scottish Government consultation practice (seed 003)", "a response is published only as its respondent chose, once checked", "consult.Publishable"},
	{"respondent information form", "Scottish Government consultation practice (seed 003)", "the respondent's details a consultation requires", "consult.ValidateRespondent"},
	{"standing orders", "the integration joint board's standing orders", "papers are issued a set number of days before a meeting", "meeting.LateIssue"},
	{"s.32 bodies' papers", act2014, "a member reads the papers of the bodies they sit on", "meeting.MayRead"},
	{"decisions of a board", "the integration joint board's standing orders", "a decision records the views of non-voting members", "meeting.ValidateDecision"},
	{"members' expenses", "the partnership's expenses policy for SPG members", "a claim is priced by the policy in force", "expenses.Price"},
	{"s.35 and the prescribed groups", act2014 + " and the prescribed groups", "the consultation statement and the analysis count who responded through one function, by prescribed group where asked", "consult.ReachOf"},
	{"reach of a consultation (coplan's own)", "the National Standards for Community Engagement (inclusion)", "a group nobody or fewer than 5 reached, or a locality under half its share of the population, is flagged", "consult.ReachFlagFor"},
	{"commissioning stages", "Audit Scotland, Commissioning social care (2012)", "people who use services and carers are involved at every stage; a decision comes after people are asked; involvement goes beyond informing, reaches every locality and is fed back", "commissioning.Check"},
	{"commissioning stages", "Audit Scotland, Commissioning social care (2012)", "a stage is not started, under way or done, with its dates", "commissioning.ValidateStage"},
	{"IAP2 Spectrum", "International Association for Public Participation", "how deeply people were involved, from Inform to Empower, with what they were asked; names only with consent", "commissioning.ValidateInvolvement"},
	{"commissioning and the plan (coplan's own)", guidance2023, "the strategic plan's stages fall in commissioning stages 1, 2, 3 and 7", "commissioning.StageForPlan"},
	{"proposals 3(iv) and 6(ii)", "Ministerial Strategic Group, Review of Progress with Integration (2019)", "involvement is evaluated by stage, group, depth, what changed and time to decision, year on year", "commissioning.ProfileOf"},
	{"proposals 1(iii), 3(iv), 6(ii)", "Ministerial Strategic Group, Review of Progress with Integration (2019)", "the partnership evaluates itself each year and compares the years, item by item", "selfeval.Compare"},
	{"self-evaluation frameworks", "National Standards, Quality Framework, Planning with People", "each item is rated on the Care Inspectorate's six-point scale", "selfeval.ValidateRatings"},
	{"improvement actions", "Quality Framework for Community Engagement and Participation", "each improvement action has what, owner and due date", "selfeval.ValidateAction"},
	{"section 3.3 (induction and support)", guidance2023, "a member needs an induction within 90 days of appointment (coplan's period)", "governance.NeedsInduction"},
	{"proposal 6(iii)", "Ministerial Strategic Group, Review of Progress with Integration (2019)", "a representative gathers the views of the people they speak for before a meeting", "meeting.ValidateRound"},
	{"section 3.3 (accessible papers)", guidance2023, "a paper is owed to a member in their format until a version exists", "meeting.Owed"},
	{"analysis report", "Scottish Government consultation practice (seed 003)", "a consultation's analysis report is published, as a version that never changes, before it is reported", "consult.CanPublishReport"},
	{"respondent information form", "Scottish Government consultation practice (seed 003)", "a quote in any public output comes only from a response that may be published, as redacted, checked each time it is shown", "analysis.Quotable"},
	{"framework analysis (seed 004's method)", "Scottish Co-production Network study (seed 004)", "two coders' agreement is Cohen's kappa per theme, with the counts behind it", "analysis.CohensKappa"},
	{"s.33 and the analysis report", act2014, "each theme of a consultation's analysis comes into the plan as a view with its count", "plan.ThemeViews"},
	{"s.42", act2014, "the performance report is published within four months of the reporting year's end", "performance.DueState"},
	{"SSI 2014/326 regulations 3 and 4", "Public Bodies (Joint Working) (Content of Performance Reports) (Scotland) Regulations 2014", "the report covers the outcomes, principles, strategic planning, finance and the other prescribed matters, checked from the data", "performance.Check"},
}
