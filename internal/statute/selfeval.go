package statute

import "slices"

// Framework is one of the frameworks a partnership evaluates its community
// engagement against (issue 12, item 5): its items are rated year by year
// in the partnership's self-evaluation (package selfeval).
type Framework struct {
	// Code identifies the framework in storage and URLs, e.g. "standards".
	Code string
	// Name is the framework's name.
	Name string
	// Intro is one plain sentence for the public saying what it is.
	Intro string
	// Source is where its items come from.
	Source Source
	// Items are what is rated, in the source's order (for the MSG
	// proposals, in coplan's order: see msgForSelfEvaluation).
	Items []Item
	// Unchecked says plainly what of the framework's wording coplan could
	// not find and check, for the page to show; "" when everything shown
	// is the source's own wording.
	Unchecked string
}

// Item returns the framework's item with the given code and true, or false
// when there is none.
func (f Framework) Item(code string) (Item, bool) {
	i := slices.IndexFunc(f.Items, func(it Item) bool { return it.Code == code })
	if i < 0 {
		return Item{}, false
	}
	return f.Items[i], true
}

// Codes of the self-evaluation frameworks, in the order [SelfEvaluationFrameworks]
// returns them.
const (
	FrameworkStandards = "standards"
	FrameworkQuality   = "quality-framework"
	FrameworkPlanning  = "planning-with-people"
	FrameworkMSG       = "msg"
)

// qualityFrameworkDomains are the three domains of the Quality Framework for
// Community Engagement and Participation (Healthcare Improvement Scotland and
// the Care Inspectorate), word for word as Healthcare Improvement Scotland's
// page on the framework lists them ("The framework identifies, supports and
// assures engagement activity within organisations in relation to 3
// domains"), each after its number. The quality indicators and statements inside each domain are
// in the framework document itself, which coplan could not find to check:
// they are not encoded, and the page says so.
var qualityFrameworkDomains = []Item{
	{Code: "d1", Title: "Domain 1: routine ongoing engagement"},
	{Code: "d2", Title: "Domain 2: specific engagement activities relating to service planning and design"},
	{Code: "d3", Title: "Domain 3: internal governance systems for community engagement activity"},
}

// QualityFrameworkSource is where the Quality Framework's domains come from.
func QualityFrameworkSource() Source {
	return Source{
		Title:    "Healthcare Improvement Scotland and the Care Inspectorate, Quality Framework for Community Engagement and Participation",
		Citation: "its three domains",
		URL:      "https://www.hisengage.scot/equipping-professionals/quality-framework/",
	}
}

// planningWithPeopleCycle is the engagement cycle of Planning with People,
// the Scottish Government and COSLA's community engagement and participation
// guidance for health and social care (February 2023 edition, Part 4 "How to
// use Planning with People"): "The engagement cycle illustrated below is
// underpinned by principles of the National Standards for Community
// Engagement, and should be followed in order to demonstrate good practice."
// The six stages' names are word for word, in the guidance's order. Only the
// first stage's description could be found to check ("Identify the issue");
// the others are left without text and the page says so. The guidance was
// updated in May 2024; coplan could not check whether the cycle changed.
var planningWithPeopleCycle = []Item{
	{Code: "issue", Title: "Identify the issue", Text: "Agree a clear purpose to identify engagement objectives, anticipate outcomes, and to help determine the scope of the engagement."},
	{Code: "stakeholders", Title: "Identify stakeholders"},
	{Code: "plan", Title: "Plan engagement"},
	{Code: "engage", Title: "Engage people potentially affected"},
	{Code: "evaluation", Title: "Evaluation"},
	{Code: "feedback", Title: "Feedback and decision making"},
}

// PlanningWithPeopleSource is where the engagement cycle comes from.
func PlanningWithPeopleSource() Source {
	return Source{
		Title:    "Scottish Government and COSLA, Planning with People: community engagement and participation guidance (February 2023)",
		Citation: "Part 4, the engagement cycle",
		URL:      "https://www.gov.scot/publications/planning-people-community-engagement-participation-guidance/pages/5/",
	}
}

func qualityFrameworkList() List {
	return List{
		ID:     ListQualityFramework,
		Title:  "Quality Framework for Community Engagement and Participation",
		Intro:  "The framework Healthcare Improvement Scotland and the Care Inspectorate use to look at how well a partnership involves people, in three areas; the quality indicators within each area could not be checked, so they are not listed.",
		Source: QualityFrameworkSource(),
		Items:  asWording(qualityFrameworkDomains),
	}
}

func planningWithPeopleList() List {
	return List{
		ID:     ListPlanningWithPeople,
		Title:  "Planning with People: the engagement cycle",
		Intro:  "The steps the national guidance on involving people in health and social care asks every engagement to follow, in order; only the first step's description could be checked.",
		Source: PlanningWithPeopleSource(),
		Items:  asWording(planningWithPeopleCycle),
	}
}

// asWording makes a framework's items, whose wording is their title (and
// description where one could be checked), items of a list for "The law
// this follows", which shows each item's Text.
func asWording(list []Item) []Item {
	return items(list, func(it Item) Item {
		text := it.Title
		if it.Text != "" {
			text += ": " + it.Text
		}
		return Item{Code: it.Code, Text: text}
	})
}

// msgForSelfEvaluation are the Ministerial Strategic Group's proposals a
// partnership evaluates itself against: those that fall to local bodies
// (Proposal.National false, as msg.go decides it), with the three that ask
// each partnership to evaluate itself first — 1(iii) and 6(ii) ("critically
// evaluate") and 3(iv) ("critically analyse and evaluate"), as issue 12
// names them — then the rest in the review's order. The
// national ones (1(i), 3(ii), 3(iii), 5(iii)) leave a partnership nothing
// of its own to do, so they are not rated.
func msgForSelfEvaluation() []Proposal {
	first := []string{"1(iii)", "3(iv)", "6(ii)"}
	var out []Proposal
	for _, c := range first {
		p, _ := MSGProposal(c)
		out = append(out, p)
	}
	for _, p := range msgProposals {
		if !p.National && !slices.Contains(first, p.Code) {
			out = append(out, p)
		}
	}
	return out
}

// SelfEvaluationFrameworks returns the frameworks of the self-evaluation in
// the order a partnership works through them: the National Standards for
// Community Engagement, the Quality Framework's domains, Planning with
// People's engagement cycle and the MSG proposals that fall to local bodies.
func SelfEvaluationFrameworks() []Framework {
	return []Framework{
		{
			Code: FrameworkStandards, Name: "National Standards for Community Engagement",
			Intro:  "Seven standards for good community engagement in Scotland.",
			Source: EngagementStandardsSource(),
			Items: items(engagementStandards, func(s Standard) Item {
				return Item{Code: s.Code, Title: s.Name, Text: s.Text}
			}),
		},
		{
			Code: FrameworkQuality, Name: "Quality Framework for Community Engagement and Participation",
			Intro:     "Healthcare Improvement Scotland and the Care Inspectorate's framework for judging how well health and care bodies involve people, in three domains.",
			Source:    QualityFrameworkSource(),
			Items:     slices.Clone(qualityFrameworkDomains),
			Unchecked: "Only the names of the three domains could be checked. The quality indicators within each domain are in the framework itself, which coplan could not check, so they are not shown here: rate each domain as a whole.",
		},
		{
			Code: FrameworkPlanning, Name: "Planning with People: the engagement cycle",
			Intro:     "The six stages the Scottish Government and COSLA's guidance asks health and care bodies to follow when they involve people.",
			Source:    PlanningWithPeopleSource(),
			Items:     slices.Clone(planningWithPeopleCycle),
			Unchecked: "The names of the six stages are the guidance's own. Only the first stage's description could be checked; the other descriptions are not shown. The guidance was updated in May 2024 and coplan could not check whether the cycle changed.",
		},
		{
			Code: FrameworkMSG, Name: "Ministerial Strategic Group proposals for partnerships",
			Intro:  "The proposals of the Ministerial Strategic Group's review of integration (2019) that partnerships themselves must act on. The three that ask partnerships to critically evaluate themselves come first.",
			Source: MSGProposalsSource(),
			Items: items(msgForSelfEvaluation(), func(p Proposal) Item {
				return Item{Code: p.Code, Title: p.Code + " " + p.Headline, Text: p.Detail, Note: p.HeadingTitle() + ". Timescale: " + p.Timescale}
			}),
		},
	}
}

// SelfEvaluationFramework returns the framework with the given code and
// true, or false when there is none.
func SelfEvaluationFramework(code string) (Framework, bool) {
	for _, f := range SelfEvaluationFrameworks() {
		if f.Code == code {
			return f, true
		}
	}
	return Framework{}, false
}

// Grade is one point of the rating scale of the self-evaluation.
type Grade struct {
	Value int    // 1 to 6
	Label string // e.g. "Very good"
}

// gradingScale is the Care Inspectorate's six-point evaluation scale, used
// in its quality frameworks and inspections (6 excellent, 5 very good,
// 4 good, 3 adequate, 2 weak, 1 unsatisfactory). The VOiCE tool of the
// Scottish Community Development Centre scores community engagement on the
// same six points (its "Scoring Criteria" page: "SCORE 6 - An evaluation of
// excellent ..."); that page, as found, gives the words for 6 to 3 only
// (and calls 3 both "satisfactory" and "adequate"), so "Weak" and
// "Unsatisfactory" could not be checked and the page says so. coplan adds
// only "not rated yet" (0) for a draft.
var gradingScale = []Grade{
	{6, "Excellent"},
	{5, "Very good"},
	{4, "Good"},
	{3, "Adequate"},
	{2, "Weak"},
	{1, "Unsatisfactory"},
}

// GradingScale returns the six-point scale, best first.
func GradingScale() []Grade { return slices.Clone(gradingScale) }

// GradeLabel returns the label of a grade, "Not rated" for 0 and "" for a
// value off the scale.
func GradeLabel(v int) string {
	if v == 0 {
		return "Not rated"
	}
	for _, g := range gradingScale {
		if g.Value == v {
			return g.Label
		}
	}
	return ""
}

// GradingScaleSource is where the six-point scale comes from.
func GradingScaleSource() Source {
	return Source{
		Title:    "Care Inspectorate, six-point evaluation scale of its quality frameworks (also used by the Scottish Community Development Centre's VOiCE tool)",
		Citation: "6 Excellent, 5 Very good, 4 Good, 3 Adequate, 2 Weak, 1 Unsatisfactory",
		URL:      "http://system.voicescotland.org.uk/help/scoring/",
	}
}
