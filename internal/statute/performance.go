package statute

import "slices"

// performanceRegs is the regulations that prescribe the content of the
// annual performance report of section 42 of the Act.
const performanceRegs = "Public Bodies (Joint Working) (Content of Performance Reports) (Scotland) Regulations 2014 (SSI 2014/326)"

// PerformanceReportSource is section 42 of the Act: each integration
// authority prepares a performance report for the reporting year and
// publishes it "before the expiry of the period of 4 months beginning with
// the end of the reporting year" (s.42(4)(a), found with the search tool on
// legislation.gov.uk, asp 2014/9 section 42 as enacted).
var PerformanceReportSource = Source{Title: act2014, Citation: "section 42",
	URL: "https://www.legislation.gov.uk/asp/2014/9/section/42"}

// PerformanceReportDueMonths is the four months of s.42(4)(a).
const PerformanceReportDueMonths = 4

// ReportRequirement is one thing a performance report must, or is asked
// to, contain. Checked says whether its wording was checked word for word
// against the source with the search tool; where it was not, Text is
// coplan's paraphrase of domain.md and issue 14, and pages say so.
type ReportRequirement struct {
	// Code is stable for storage and URLs: "R3a-i", "R4-1c", "X-locality".
	Code string
	// Section is the report section it belongs in (see ReportSections).
	Section string
	// Text is what is required.
	Text    string
	Source  Source
	Checked bool
	// Extra is true for what the sources ask beyond the regulations.
	Extra bool
}

func (r ReportRequirement) code() string { return r.Code }

// ReportSection is a section of the report, each one a form for staff
// and a heading in every template.
type ReportSection struct {
	Code, Title string
}

var reportSections = []ReportSection{
	{"outcomes", "Performance against the national health and wellbeing outcomes"},
	{"principles", "Performance against the integration delivery principles"},
	{"planning", "Strategic planning and significant decisions"},
	{"finance", "Financial performance"},
	{"best-value", "Best value"},
	{"localities", "Localities"},
	{"inspections", "Inspections and what was done"},
	{"review", "Review of the strategic plan"},
	{"good-practice", "Good practice"},
	{"lessons", "Lessons from what did not work"},
	{"people", "What people told us and what changed"},
}

// ReportSections are the report's sections in the order every template
// prints them.
func ReportSections() []ReportSection { return slices.Clone(reportSections) }

// ReportSectionByCode finds a section.
func ReportSectionByCode(code string) (ReportSection, bool) {
	i := slices.IndexFunc(reportSections, func(s ReportSection) bool { return s.Code == code })
	if i < 0 {
		return ReportSection{}, false
	}
	return reportSections[i], true
}

func reg(citation string) Source {
	return Source{Title: performanceRegs, Citation: citation, URL: "https://www.legislation.gov.uk/ssi/2014/326/made"}
}

// reportRequirements: regulations 3 and 4 are paraphrased closely from the
// regulations as made (found with the search tool: bailii.org and
// legislation.gov.uk, SSI 2014/326 regs 3 and 4(1)-(2)). The later matters
// (best value, localities, inspections, the plan's review) could not be
// found word for word with the search tool: they are encoded from
// domain.md and issue 14 and marked Checked false.
var reportRequirements = []ReportRequirement{
	{"R3a-i", "outcomes", "An assessment of performance in relation to the national health and wellbeing outcomes, describing the extent to which the arrangements in the strategic plan and the expenditure allocated in the financial statement have achieved, or contributed to achieving, each outcome.", reg("regulation 3(a)(i)"), true, false},
	{"R3a-ii", "outcomes", "Information about performance against key indicators or measures in relation to the national health and wellbeing outcomes.", reg("regulation 3(a)(ii)"), true, false},
	{"R3a-iii", "outcomes", "For those indicators, a comparison between the reporting year and the 5 preceding reporting years (or all preceding reporting years, if fewer).", reg("regulation 3(a)(iii)"), true, false},
	{"R3b", "principles", "An assessment of performance in relation to the integration delivery principles, including how the plan's arrangements and the financial statement's expenditure contributed to services provided in line with them.", reg("regulation 3(b)"), true, false},
	{"R3c", "planning", "An assessment of performance in strategic planning, including the number of significant decisions taken outside the plan (s.36) and the reason for each.", reg("regulation 3 (strategic planning), paraphrase from domain.md"), false, false},
	{"R4-1a", "finance", "The total amount spent by, or under the direction of, the integration authority on each matter listed in regulation 4(2).", reg("regulation 4(1)(a)"), true, false},
	{"R4-1b", "finance", "The proportion of the total amount paid to or set aside for use by the integration authority spent on each of those matters.", reg("regulation 4(1)(b)"), true, false},
	{"R4-1c", "finance", "If there has been an underspend or overspend against the planned spending in the annual financial statement, the amount and an assessment of the reasons.", reg("regulation 4(1)(c)"), true, false},
	{"R-best-value", "best-value", "An assessment of the arrangements made for securing best value in carrying out the integration functions.", reg("later regulation on best value, not checked word for word"), false, false},
	{"R-localities", "localities", "An assessment of how the locality arrangements contributed to the provision of services, for each locality.", reg("later regulation on localities, not checked word for word"), false, false},
	{"R-inspections", "inspections", "Details of inspections of services carried out in the reporting year, their findings and the action taken in response.", reg("later regulation on inspections, not checked word for word"), false, false},
	{"R-review", "review", "Details of any review of the strategic plan carried out in the reporting year.", reg("later regulation on the plan's review, not checked word for word"), false, false},
	{"X-good-practice", "good-practice", "At least one good-practice example a year, for the national good-practice portal.", Source{Title: guidance2023, Citation: "good-practice examples (seed 003)"}, false, true},
	{"X-lessons", "lessons", "Lessons from what did not work, as well as good practice.", Source{Title: "Ministerial Strategic Group for Health and Community Care, Review of Progress with Integration of Health and Social Care (February 2019)", Citation: "proposal 5(ii)"}, false, true},
	{"X-people", "people", "What people said and what changed as a result (\"you said, we did\").", Source{Title: "issue 14 item 6 and seed 004", Citation: ""}, false, true},
}

// ReportRequirements are the performance report's requirements, the
// regulations' first and then the sources' extras.
func ReportRequirements() []ReportRequirement { return slices.Clone(reportRequirements) }

// ReportRequirementByCode finds a requirement.
func ReportRequirementByCode(code string) (ReportRequirement, bool) {
	return lookup(reportRequirements, code)
}

// SpendMatter is one matter of regulation 4(2) on which spending is
// reported.
type SpendMatter struct {
	Code, Name string
}

func (m SpendMatter) code() string { return m.Code }

// spendMatters are regulation 4(2)(a)-(f), paraphrased from the
// regulations as made (found with the search tool on legislation.gov.uk).
var spendMatters = []SpendMatter{
	{"a", "Health care for hospital inpatients"},
	{"b", "Other health care"},
	{"c", "Social care for people in a care home or adult placement"},
	{"d", "Social care to support unpaid carers"},
	{"e", "Other social care"},
	{"f", "Health and social care for a key care group"},
}

// SpendMatters are the matters of regulation 4(2).
func SpendMatters() []SpendMatter { return slices.Clone(spendMatters) }

// SpendMatterByCode finds a matter.
func SpendMatterByCode(code string) (SpendMatter, bool) { return lookup(spendMatters, code) }

// SpendMattersSource is regulation 4(2).
var SpendMattersSource = reg("regulation 4(2)")
