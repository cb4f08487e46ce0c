package demo

import (
	"context"
	"fmt"
	"slices"

	"coplan/internal/audit"
	"coplan/internal/partnership"
	"coplan/internal/plan"
)

// demoArrangement is one of the demo plan's arrangements, for a locality
// named by Where ("" for the whole area).
type demoArrangement struct {
	Where       string
	Title       string
	Description string
	Outcomes    []string
	Principles  []string
	Measures    []string
}

// demoArrangements are the Glenmorven plan's arrangements. Only the carers'
// arrangement serves outcome 6, and only the Morven Coast one is in Morven
// Coast, so leaving both out leaves exactly that outcome and that locality
// uncovered.
var demoArrangements = []demoArrangement{
	{"", "One front door for advice and assessment", "A single telephone number and web form for adult health and social care, answered by a joint team that can arrange help the same day.",
		[]string{"O2", "O3"}, []string{"P1", "P5", "P6"}, []string{"NI-3: percentage of adults supported at home who agree that they had a say in how their help was provided", "Calls resolved at first contact"}},
	{"", "Planned investment in the care workforce", "Joint recruitment, a shared induction and protected learning time for home care, district nursing and social work staff.",
		[]string{"O8", "O9"}, []string{"P9", "P12"}, []string{"NI-17: proportion of care services graded good or better in Care Inspectorate inspections", "Care at home vacancies", "Staff who would recommend their workplace, from the partnership's own staff survey"}},
	{"Kilbrannan", "Community rehabilitation team", "Physiotherapists, occupational therapists and support workers helping people home from Glenmorven Royal Infirmary and keeping them there.",
		[]string{"O2", "O4", "O9"}, []string{"P2", "P8", "P11"}, []string{"NI-2: percentage of adults supported at home who agree that they are supported to live as independently as possible", "NI-19: number of days people spend in hospital when they are ready to be discharged"}},
	{"Strathard", "Care at home for people with intensive needs", "More hours of care at home, planned with the person, so fewer people move to a care home earlier than they wish.",
		[]string{"O2", "O4"}, []string{"P4", "P6", "P7"}, []string{"NI-18: percentage of adults with intensive care needs receiving care at home"}},
	{"Inverlussa", "Health and wellbeing hub in the town centre", "Link workers, welfare rights advice, a community mental health drop-in and exercise classes in one building, with the third sector.",
		[]string{"O1", "O5", "O7"}, []string{"P3", "P10", "P11"}, []string{"NI-1: percentage of adults able to look after their health very well or quite well", "NI-9: percentage of adults supported at home who agree they felt safe"}},
	{"Morven Coast", "Island and coastal care teams", "District nurses and home carers based on the islands, with video consultations and a boat-ambulance agreement with the mainland.",
		[]string{"O2", "O3", "O5"}, []string{"P3", "P10"}, []string{"NI-12: emergency admission rate (per 100,000 population)", "Average travel time to a first home visit"}},
	{"", "Support for unpaid carers", "Adult carer support plans within four weeks, short breaks planned with carers, and a carers' centre in every locality.",
		[]string{"O6"}, []string{"P2", "P5"}, []string{"NI-8: total combined percentage of carers who feel supported to continue in their caring role", "Adult carer support plans completed within four weeks"}},
}

// loadPlanContent writes a version of plan planID at the given stage with a
// realistic text: the vision, each locality's arrangements, the housing
// contribution statement and the financial framework, and arrangements with
// their outcomes, principles and measures (core indicators such as NI-2 and
// NI-18). When complete is false it leaves out national outcome 6 (carers
// supported) and the Morven Coast locality, so the coverage check names
// them.
func loadPlanContent(ctx context.Context, st *plan.Store, planID int64, stage string, complete bool) error {
	by := audit.System
	p := st.Partnership()
	v, err := st.AddVersion(ctx, planID, plan.Stage(stage), "", by)
	if err != nil {
		return fmt.Errorf("demo plan version: %w", err)
	}
	localityIDs := map[string]int64{}
	for _, l := range p.Localities {
		localityIDs[l.Name] = l.ID
	}
	ss, err := st.Sections(ctx, v.ID)
	if err != nil {
		return err
	}
	// A version after the first starts as a copy of the one before: change
	// only what differs, so that calling this again for a later stage leaves
	// no duplicates.
	for _, s := range ss {
		text := demoSectionText(p, s, complete)
		if text == s.Body {
			continue
		}
		s.Body = text
		if _, err := st.SaveSection(ctx, planID, v.Number, s, by); err != nil {
			return fmt.Errorf("demo plan section %q: %w", s.Title, err)
		}
	}
	copied, err := st.Arrangements(ctx, v.ID)
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for _, a := range demoArrangements {
		if !complete && (a.Where == "Morven Coast" || slices.Contains(a.Outcomes, "O6")) {
			continue
		}
		want[a.Title] = true
	}
	have := map[string]bool{}
	for _, a := range copied {
		if want[a.Title] && !have[a.Title] {
			have[a.Title] = true
			continue
		}
		if err := st.RemoveArrangement(ctx, planID, v.Number, a.ID, by); err != nil {
			return fmt.Errorf("demo plan arrangement %q: %w", a.Title, err)
		}
	}
	for _, a := range demoArrangements {
		if !want[a.Title] || have[a.Title] {
			continue
		}
		id := localityIDs[a.Where]
		if a.Where != "" && id == 0 {
			return fmt.Errorf("demo plan: no locality %q", a.Where)
		}
		if _, err := st.SaveArrangement(ctx, planID, v.Number, plan.PlannedArrangement{Description: a.Description,
			Arrangement: plan.Arrangement{LocalityID: id, Title: a.Title, Outcomes: a.Outcomes, Principles: a.Principles, Measures: a.Measures}}, by); err != nil {
			return fmt.Errorf("demo plan arrangement %q: %w", a.Title, err)
		}
	}
	return nil
}

// demoSectionText is the demo plan's text for one of its sections.
func demoSectionText(p partnership.Partnership, s plan.Section, complete bool) string {
	switch s.Key {
	case plan.VisionKey:
		return "# Our vision\n\nEveryone in " + p.Name + " lives well, at home or in a homely setting, for as long as they can, " +
			"with help that joins up around them.\n\n## Our priorities\n\n" +
			"- **Home first**: help people home from hospital quickly and keep them there\n" +
			"- **Prevention**: support people before a crisis, in their own community\n" +
			"- **Carers**: recognise and support the people who provide unpaid care\n" +
			"- **Fairness**: narrow the gap in healthy life expectancy between our most and least deprived areas\n\n" +
			"We wrote these priorities with the Strategic Planning Group and the 1,200 people who answered our proposals."
	case plan.HousingKey:
		return "# Housing contribution statement\n\nGlenmorven Council's housing service and local housing associations contribute to this plan by:\n\n" +
			"- adapting homes so that people can stay in them: 400 adaptations a year, each within 12 weeks\n" +
			"- building 60 homes for particular needs over the plan's period, 20 of them on Morven Coast\n" +
			"- a hospital discharge housing officer at Glenmorven Royal Infirmary\n" +
			"- preventing homelessness among people leaving hospital, care or prison\n\n" +
			"The Local Housing Strategy 2026 to 2031 and this plan share the same needs assessment."
	case plan.FinanceKey:
		return "# Financial framework\n\nThe integration authority's budget for 2026/27 is **£312 million**: £188 million from NHS Glenmorven " +
			"(including £41 million set aside for unscheduled hospital care) and £124 million from Glenmorven Council.\n\n" +
			"Over the plan's period we will move £6 million a year from hospital to community services as delayed discharges fall. " +
			"The annual financial statement (s.39) is published with the plan."
	}
	if s.LocalityID == 0 {
		return ""
	}
	for _, l := range p.Localities {
		if l.ID != s.LocalityID {
			continue
		}
		if l.Name == "Morven Coast" && !complete {
			return ""
		}
		var b string
		for _, a := range demoArrangements {
			if a.Where == l.Name {
				b += "## " + a.Title + "\n\n" + a.Description + "\n\n"
			}
		}
		return "# " + l.Name + "\n\nWhat people in " + l.Name + " told us matters most, and how services will change here.\n\n" + b +
			"The locality planning group will report on progress every six months."
	}
	return ""
}
