package statute

import (
	"slices"
	"strings"
)

// Heading is one of the six headings under which the Ministerial Strategic
// Group review sets out its proposals. They are the headings of exhibit 7 of
// Audit Scotland's 2018 report on integration.
type Heading struct {
	// Number is the heading's number, 1 to 6; a proposal's code starts with it.
	Number int
	// Title is the review's heading, word for word.
	Title string
	// Opening is the review's first sentence under the heading.
	Opening string
}

// msgHeadings is the review's six headings, word for word from seed 002.
// domain.md shortens them ("collaborative leadership", "strategic planning",
// "sharing information", ...); the review's own headings are kept.
var msgHeadings = []Heading{
	{1, "Collaborative leadership and building relationships", "Shared and collaborative leadership must underpin and drive forward integration."},
	{2, "Integrated finances and financial planning", "Money must be used to maximum benefit across health and social care."},
	{3, "Effective strategic planning for improvement", "Maximising the benefit of health and social care services, and improving people’s experience of care, depends on good planning across all the services that people access, in communities and hospitals, effective scrutiny, and appropriate support for both activities."},
	{4, "Governance and accountability arrangements", "Governance and accountability must be clear and commonly understood for integrated services."},
	{5, "Ability and willingness to share information", "Understanding where progress and problems are arising is key to implementing learning and delivering better care in different settings."},
	{6, "Meaningful and sustained engagement", "Integration is all about people: improving the experience of care for people using services, and the experience of people who provide care."},
}

// MSGHeadings returns the six headings of the Ministerial Strategic Group
// proposals in order.
func MSGHeadings() []Heading { return slices.Clone(msgHeadings) }

// MSGHeading returns the heading with the given number (1 to 6) and true, or
// false when there is none.
func MSGHeading(number int) (Heading, bool) {
	i := slices.IndexFunc(msgHeadings, func(h Heading) bool { return h.Number == number })
	if i < 0 {
		return Heading{}, false
	}
	return msgHeadings[i], true
}

// Proposal is one of the 25 proposals of the Ministerial Strategic Group's
// review of progress with integration (February 2019). The review asks every
// health board, local authority and IJB to evaluate its position against
// them, so coplan keeps a partnership's self-evaluation per proposal.
type Proposal struct {
	// Code is the review's numbering written without its space, "1(i)" to
	// "6(iii)", stable for storage and URLs.
	Code string
	// Heading is the number of the proposal's heading (see [MSGHeading]).
	Heading int
	// National is true where the action falls to national bodies (the
	// Scottish Government and COSLA, the scrutiny and improvement bodies)
	// rather than to a partnership: show these for information, not for
	// self-evaluation.
	National bool
	// Headline is the proposal's first sentence, in bold in the review.
	Headline string
	// Detail is the rest of the proposal. "\n" separates paragraphs; a line
	// starting with "- " is a bullet of the review.
	Detail string
	// Timescale is the review's timescale for the proposal, word for word
	// ("6 months", "3 - 6 months", "By end of March 2019 and thereafter
	// each year by end March").
	Timescale string
}

func (p Proposal) code() string { return p.Code }

// Text returns the whole proposal as the review gives it: the headline
// followed by the detail.
func (p Proposal) Text() string { return p.Headline + " " + p.Detail }

// HeadingTitle returns the title of the proposal's heading.
func (p Proposal) HeadingTitle() string {
	h, _ := MSGHeading(p.Heading)
	return h.Title
}

// msgProposals is the "Leadership Group Proposals" of the Ministerial
// Strategic Group for Health and Community Care, Review of Progress with
// Integration of Health and Social Care – Final Report (seed 002), word for
// word. Lines broken by the PDF are joined, and page numbers and a footnote
// that fell inside 2(iv), 3(iv) and 4(v) are dropped. Timescales are kept
// exactly as printed, including their uneven full stops and spacing.
//
// National: the review writes every proposal as "we" (paragraph 3), so the
// test is who the proposal says will act. A proposal is national when the
// action it names falls to the Scottish Government and COSLA or to national
// bodies, leaving a partnership nothing of its own to do; it is local when a
// partnership, its statutory partners, its IJB or its Chief Officer must act,
// even where national guidance is promised in support (4(iv), 4(v), 6(i)).
// That gives 1(i), 3(ii), 3(iii) and 5(iii), the four domain.md names.
var msgProposals = []Proposal{
	// 1(i) is national: the audit of national leadership programmes is for the Scottish Government and COSLA.
	{
		Code: "1(i)", Heading: 1, National: true,
		Headline:  "All leadership development will be focused on shared and collaborative practice.",
		Detail:    "An audit of existing national leadership programmes will be undertaken by the Scottish Government and COSLA to identify gaps and areas of synergy to support integration of health and social care. Further work will be delivered on cross-sectoral leadership development and support.",
		Timescale: "6 months",
	},
	// 1(ii) is local: statutory partners improve their own relationships.
	{
		Code: "1(ii)", Heading: 1, National: false,
		Headline:  "Relationships and collaborative working between partners must improve.",
		Detail:    "Statutory partners in particular must seek to ensure an improved understanding of pressures, cultures and drivers in different parts of the system in order to promote opportunities for more open, collaborative and partnership working, as required by integration.",
		Timescale: "12 months",
	},
	// 1(iii) is local: each partnership evaluates its work with the third and independent sectors.
	{
		Code: "1(iii)", Heading: 1, National: false,
		Headline:  "Relationships and partnership working with the third and independent sectors must improve.",
		Detail:    "Each partnership will critically evaluate the effectiveness of their working arrangements and relationships with colleagues in the third and independent sectors, and take action to address any issues.",
		Timescale: "12 months",
	},
	// 2(i) is local: in each partnership area the chief executives and Chief Officer request consolidated advice.
	{
		Code: "2(i)", Heading: 2, National: false,
		Headline:  "Health Boards, Local Authorities and IJBs should have a joint understanding of their respective financial positions as they relate to integration.",
		Detail:    "In each partnership area the Chief Executive of the Health Board and the Local Authority, and the Chief Officer of the IJB, while considering the service impact of decisions, should together request consolidated advice on the financial position as it applies to their shared interests under integration from, respectively, the NHS Director of Finance, the Local Authority S95 Officer and the IJB S95 Officer.",
		Timescale: "By 1st April 2019 and thereafter each year by end March.",
	},
	// 2(ii) is local: the requirement is placed nationally, but the health board, local authority and IJB agree the budgets.
	{
		Code: "2(ii)", Heading: 2, National: false,
		Headline:  "Delegated budgets for IJBs must be agreed timeously.",
		Detail:    "The recently published financial framework for health and social care sets out an expectation of moving away from annual budget planning processes towards more medium term arrangements. To support this requirement for planning ahead by Integration Authorities, a requirement should be placed upon statutory partners that all delegated budgets should be agreed by the Health Board, Local Authority and IJB by the end of March each year.",
		Timescale: "By end of March 2019 and thereafter each year by end March",
	},
	// 2(iii) is local: each health board implements the set aside arrangements with its partners.
	{
		Code: "2(iii)", Heading: 2, National: false,
		Headline:  "Delegated hospital budgets and set aside requirements must be fully implemented.",
		Detail:    "Each Health Board, in partnership with the Local Authority and IJB, must fully implement the delegated hospital budget and set aside budget requirements of the legislation, in line with the statutory guidance published in June 2015. These arrangements must be in place in time for Integration Authorities to plan their use of their budgets in 2019/20. The Scottish Government Medium Term Financial Framework includes an assumption of efficiencies from reduced variation in hospital care coupled with 50% reinvestment in the community to sustain improvement. The set aside arrangements are key to delivering this commitment.",
		Timescale: "6 months",
	},
	// 2(iv) is local: each IJB develops its reserves policy.
	{
		Code: "2(iv)", Heading: 2, National: false,
		Headline:  "Each IJB must develop a transparent and prudent reserves policy.",
		Detail:    "This policy will ensure that reserves are identified for a purpose and held against planned expenditure, with timescales identified for their use, or held as a general reserve as a contingency to cushion the impact of unexpected events or emergencies. Reserves must not be built up unnecessarily.",
		Timescale: "3 months",
	},
	// 2(v) is local: statutory partners support their IJB S95 officer; amending the guidance is national but secondary.
	{
		Code: "2(v)", Heading: 2, National: false,
		Headline:  "Statutory partners must ensure appropriate support is provided to IJB S95 Officers.",
		Detail:    "This will include Health Boards and Local Authorities providing staff and resources to provide such support. Measures must be in place to ensure conflicts of interest for IJB S95 Officers are avoided – their role is to provide high quality financial support to the IJB. To ensure a consistent approach across the country, the existing statutory guidance should be amended by removing the last line in paragraph 4.3 recommendation 2, leaving the requirement for such support as follows:\nIt is recommended that the Health Board and Local Authority Directors of Finance and the Integration Joint Board financial officer establish a process of regular in-year reporting and forecasting to provide the Chief Officer with management accounts for both arms of the operational budget and for the Integration Joint Board as a whole. It is also recommended that each partnership area moves to a model where both the strategic and operational finance functions are undertaken by the IJB S95 officer: and that these functions are sufficiently resourced to provide effective financial support to the Chief Officer and the IJB.",
		Timescale: "6 months",
	},
	// 2(vi) is local: IJBs use the totality of their resources, and local audits take account of it.
	{
		Code: "2(vi)", Heading: 2, National: false,
		Headline:  "IJBs must be empowered to use the totality of resources at their disposal to better meet the needs of their local populations.",
		Detail:    "Local audits of the Health Board and Local Authority must take account of the expectation that money will be spent differently. We should be focused on outcomes, not which public body put in which pound to the pot. It is key that the resources held by IJBs lose their original identity and become a single budget on an ongoing basis. This does not take away from the need for the IJB to be accountable for these resources and their use.",
		Timescale: "from 31st March 2019 onwards.",
	},
	// 3(i) is local: statutory partners support their Chief Officer.
	{
		Code: "3(i)", Heading: 3, National: false,
		Headline:  "Statutory partners must ensure that Chief Officers are effectively supported and empowered to act on behalf of the IJB.",
		Detail:    "This will include Health Boards and Local Authorities providing staff and resources to provide such support. The dual role of the Chief Officer makes it both challenging and complex, with competing demands between statutory delivery partners and the business of the IJB. Chief Officers must be recognised as pivotal in providing the leadership needed to make a success of integration and should be recruited, valued and accorded due status by statutory partners in order that they are able to properly fulfil this “mission critical” role. Consideration must be made of the capacity and capability of Chief Officers and their senior teams to support the partnership’s range of responsibilities.",
		Timescale: "12 months",
	},
	// 3(ii) is national: the Care Inspectorate and Healthcare Improvement Scotland change strategic inspection.
	{
		Code: "3(ii)", Heading: 3, National: true,
		Headline:  "Improved strategic inspection of health and social care is developed to better reflect integration.",
		Detail:    "As part of this work, the Care Inspectorate and Healthcare Improvement Scotland will ensure that:\n- As well as scrutinising strategic planning and commissioning processes, strategic inspections are fundamentally focused on what integrated arrangements are achieving in terms of outcomes for people.\n- Joint strategic inspections examine the performance of the whole partnership – the Health Board, Local Authority and IJB, and the contribution of non-statutory partners – to integrated arrangements, individually and as a partnership.\n- There is a more balanced focus across health and social care ensured in strategic inspections.",
		Timescale: "6 months",
	},
	// 3(iii) is national: the national improvement bodies change how they support partnerships.
	{
		Code: "3(iii)", Heading: 3, National: true,
		Headline:  "National improvement bodies must work more collaboratively and deliver the improvement support partnerships require to make integration work.",
		Detail:    "These bodies include Healthcare Improvement Scotland, the Care Inspectorate, the Improvement Service and NHS National Services Scotland. Improvement support will be more streamlined, better targeted and focused on assisting partnerships to implement our proposals. This will include consideration of the models for delivery of improvement support at a national and local level and a requirement to better meet the needs of integration partners.",
		Timescale: "3 - 6 months",
	},
	// 3(iv) is local: partnerships evaluate their strategic planning and commissioning, supported by their local authorities and health boards.
	{
		Code: "3(iv)", Heading: 3, National: false,
		Headline:  "Improved strategic planning and commissioning arrangements must be put in place.",
		Detail:    "Partnerships should critically analyse and evaluate the effectiveness of their strategic planning and commissioning arrangements, including establishing capacity and capability for this. Local Authorities and Health Boards will ensure support is provided for strategic planning and commissioning, including staffing and resourcing for the partnership, recognising this as a key responsibility of Integration Authorities.",
		Timescale: "12 months",
	},
	// 3(v) is local: partnerships build capacity to commission delegated hospital services.
	{
		Code: "3(v)", Heading: 3, National: false,
		Headline:  "Improved capacity for strategic commissioning of delegated hospital services must be in place.",
		Detail:    "As implementation of proposal 2 (iii) takes place, a necessary step in achieving full delegation of the delegated hospital budget and set aside arrangements will be the development of strategic commissioning for this purpose. This will focus on planning delegated hospital capacity requirements and will require close working with the acute sector and other partnership areas using the same hospitals. This should evolve from existing capacity and plans for those services.",
		Timescale: "12 months",
	},
	// 4(i) is local: statutory partners clarify decision making with their IJB.
	{
		Code: "4(i)", Heading: 4, National: false,
		Headline:  "The understanding of accountabilities and responsibilities between statutory partners must improve.",
		Detail:    "The responsibility for decisions about the planning and strategic commissioning of all health and social care functions that have been delegated to the IJB sits wholly with the IJB as a statutory public body. Such decisions do not require ratification by the Health Board or the Local Authority, both of which are represented on the IJB. Statutory partners should ensure duplication is avoided and arrangements previously in place for making decisions are reviewed to ensure there is clarity about the decision making responsibilities of the IJB and that decisions are made where responsibility resides. Existing committees and groups should be refocused to share information and support the IJB.",
		Timescale: "6 months",
	},
	// 4(ii) is local: each statutory partner's accountability arrangements are scoped and aligned.
	{
		Code: "4(ii)", Heading: 4, National: false,
		Headline:  "Accountability processes across statutory partners will be streamlined.",
		Detail:    "Current arrangements for each statutory partner should be scoped and opportunities identified for better alignment, with a focus on better supporting integration and transparent public reporting. This will also ensure that different rules are not being applied to different parts of the system particularly in circumstances of shared accountability.",
		Timescale: "12 months",
	},
	// 4(iii) is local: IJB chairs are supported by their partnership.
	{
		Code: "4(iii)", Heading: 4, National: false,
		Headline:  "IJB chairs must be better supported to facilitate well run Boards capable of making effective decisions on a collective basis.",
		Detail:    "There are well-functioning IJBs that have adopted an open and inclusive approach to decision making and which have gone beyond statutory requirements in terms of memberships to include representatives of key partners in integration, including the independent and housing sectors. This will assist in improving the effectiveness and inclusivity of decision making and establish IJBs as discrete and distinctive statutory bodies acting decisively to improve outcomes for their populations.",
		Timescale: "12 months",
	},
	// 4(iv) is local: IJBs give clear directions; the revised guidance on directions is national support for it.
	{
		Code: "4(iv)", Heading: 4, National: false,
		Headline:  "Clear directions must be provided by IJBs to Health Boards and Local Authorities.",
		Detail:    "Revised statutory guidance will be developed on the use of directions in relation to strategic commissioning, emphasising that directions are issued at the end of a process of decision making that has involved partners. Directions must be recognised as a key means of clarifying responsibilities and accountabilities between statutory partners, and for ensuring delivery in line with decisions.",
		Timescale: "6 months",
	},
	// 4(v) is local: governance arrangements must be in place in each partnership; the revised guidance is national support for it.
	{
		Code: "4(v)", Heading: 4, National: false,
		Headline:  "Effective, coherent and joined up clinical and care governance arrangements must be in place.",
		Detail:    "Revised statutory guidance will be developed based on wide ranging consultations with local partnerships, identifying good practice and involving all sectors. The key role of clinical and professional leadership in supporting the IJB to make decisions that are safe and in accordance with required standards and law must be understood, coordinated and utilised fully.",
		Timescale: "6 months",
	},
	// 5(i) is local: Chief Officers benchmark their own IJBs' annual performance reports together.
	{
		Code: "5(i)", Heading: 5, National: false,
		Headline:  "IJB annual performance reports will be benchmarked by Chief Officers to allow them to better understand their local performance data.",
		Detail:    "Chief Officers will work together to consider, individually and as a group, whether their IJBs’ annual reports can be further developed to improve consistency in reporting, better reflect progress and challenges in local systems, and ensure that, as a minimum, all statutorily required information is reported upon.",
		Timescale: "By publication of next round of annual reports in July 2019",
	},
	// 5(ii) is local: all partnerships identify and share good practice through their annual reports.
	{
		Code: "5(ii)", Heading: 5, National: false,
		Headline:  "Identifying and implementing good practice will be systematically undertaken by all partnerships.",
		Detail:    "Chief Officers will develop IJBs’ annual reports to enable partnerships to identify, share and use examples of good practice, and lessons learned from things that have not worked. Inspection findings and reports from strategic inspections and service inspections should also provide a clear means of identifying and sharing good practice, based on implementation of the framework outlined below at 5 (iii) and the national health and social care standards.",
		Timescale: "6 - 12 months",
	},
	// 5(iii) is national: the framework is led by the Scottish Government and COSLA.
	{
		Code: "5(iii)", Heading: 5, National: true,
		Headline:  "A framework for community based health and social care integrated services will be developed.",
		Detail:    "The framework will be key in identifying and promoting best practice in local systems to clearly illustrate what good looks like in community settings, which is firmly focused on improving outcomes for people. This work will be led by Scottish Government and COSLA, involving Chief Officers and other key partnership staff to inform the framework.",
		Timescale: "6 months",
	},
	// 6(i) is local: effective engagement must be put in place in every partnership; the revised guidance from the Scottish Government and COSLA is national support for it.
	{
		Code: "6(i)", Heading: 6, National: false,
		Headline:  "Effective approaches for community engagement and participation must be put in place for integration.",
		Detail:    "This is critically important to our shared responsibility for ensuring services are fit for purpose, fit for the future, and support better outcomes for people using services, carers and local communities. Revised statutory guidance will be developed by the Scottish Government and COSLA on local community engagement and participation based on existing good practice, to apply across health and social care bodies. Meaningful engagement is central to achieving the scale of change and reform required, and is an ongoing process that is not undertaken only when service change is proposed.",
		Timescale: "6 months",
	},
	// 6(ii) is local: each partnership evaluates its relationships with people using services, carers and communities.
	{
		Code: "6(ii)", Heading: 6, National: false,
		Headline:  "Improved understanding of effective working relationships with carers, people using services and local communities is required.",
		Detail:    "Each partnership should critically evaluate the effectiveness of their working arrangements and relationships with people using services, carers and local communities. A focus on continuously improving and learning from best practice will be adopted in order to maximise meaningful and sustained engagement.",
		Timescale: "12 months",
	},
	// 6(iii) is local: partnerships support carers and representatives of people using services.
	{
		Code: "6(iii)", Heading: 6, National: false,
		Headline:  "We will support carers and representatives of people using services better to enable their full involvement in integration.",
		Detail:    "Carers and representatives of people using health and social care services will be supported by partnerships to enable meaningful engagement with their constituencies. This will support their input to Integration Joint Boards, strategic planning groups and locality arrangements for integration. This would include, for example, receipt of IJB papers with enough time to engage other carers and people using services in responding to issues raised. It would also include paying reasonable expenses for attending meetings.",
		Timescale: "6 -12 months",
	},
}

// MSGProposals returns the 25 proposals in the review's order.
func MSGProposals() []Proposal { return slices.Clone(msgProposals) }

// MSGProposal returns the proposal with the given code ("1(i)" to "6(iii)")
// and true, or false when there is none. A code written as the review prints
// it, with a space ("2 (iii)"), is accepted too.
func MSGProposal(code string) (Proposal, bool) {
	return lookup(msgProposals, strings.ReplaceAll(code, " ", ""))
}

// MSGProposalsSource returns where the proposals and headings come from.
func MSGProposalsSource() Source {
	return Source{
		Title:    "Ministerial Strategic Group for Health and Community Care, Review of Progress with Integration of Health and Social Care – Final Report (February 2019)",
		Citation: "Leadership Group Proposals",
		URL:      "https://www.gov.scot/publications/ministerial-strategic-group-health-community-care-review-progress-integration-health-social-care-final-report/",
	}
}

func msgProposalsList() List {
	return List{
		ID:     ListMSGProposals,
		Title:  "Ministerial Strategic Group proposals",
		Intro:  "A national review in 2019 made 25 proposals to speed up integration, and every health board, council and integration joint board was asked to check its progress against them.",
		Source: MSGProposalsSource(),
		Items: items(msgProposals, func(p Proposal) Item {
			note := p.HeadingTitle() + ". Timescale: " + p.Timescale
			if !strings.HasSuffix(note, ".") {
				note += "."
			}
			if p.National {
				note += " A national action."
			}
			return Item{Code: p.Code, Title: p.Headline, Text: p.Detail, Note: note}
		}),
	}
}
