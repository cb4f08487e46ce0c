package demo

import (
	"context"
	"fmt"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/performance"
)

// UnmetInspection is the inspection finding whose action the demo's
// performance report deliberately leaves unrecorded: the one item its
// regulations checklist names as unmet.
const UnmetInspection = "Care at home in Morven Coast"

// performanceText is the demo report's narrative, section by section.
var performanceText = map[string]string{
	"outcomes": "More people were supported to live at home for longer, and fewer days were spent in hospital waiting to go home.\n" +
		"The plan's arrangements for each outcome, the money directed to them and the key figures compared with the years before are below.",
	"principles": "Services were planned with the people who use them: every locality held open sessions, and carers sat on each planning group.\n" +
		"- Care was planned around people's own goals, not the service's categories.\n- Health and social care staff shared one record for people at home.",
	"planning":      "The Strategic Planning Group met six times. The board took its decisions on the plan's arrangements after hearing its views.",
	"finance":       "The partnership spent within 1% of its budget. Hospital spending was higher than planned and social care lower, for the reasons given below.",
	"best-value":    "Every service was reviewed for cost and quality once in three years. The review of day services moved money to support at home, for the same cost per person.",
	"inspections":   "Two services were inspected by the Care Inspectorate.",
	"review":        "The strategic plan was not reviewed this year: it is due for review in 2027.",
	"good-practice": "The partnership sent one example to the national good-practice portal.",
	"lessons":       "Not everything worked. What we learned is below.",
	"people":        "People told us what mattered to them in the consultation on the plan; what we changed is below.",
}

// performanceSpend is the demo's spend on each matter of regulation 4(2),
// planned and actual, in pounds.
var performanceSpend = []performance.Spend{
	{Matter: "a", PlannedPence: 31_200_000_00, ActualPence: 32_050_000_00, Reason: "More emergency admissions in the winter than planned for."},
	{Matter: "b", PlannedPence: 48_600_000_00, ActualPence: 48_600_000_00},
	{Matter: "c", PlannedPence: 22_400_000_00, ActualPence: 21_900_000_00, Reason: "Fewer care home places were used as more people were supported at home."},
	{Matter: "d", PlannedPence: 3_100_000_00, ActualPence: 3_100_000_00},
	{Matter: "e", PlannedPence: 27_900_000_00, ActualPence: 27_400_000_00, Reason: "Vacancies in care at home that could not be filled."},
}

// loadPerformance writes the latest year's performance report for the
// demo partnership and publishes it, with one requirement deliberately
// unmet and named (UnmetInspection has no action recorded).
func loadPerformance(ctx context.Context, d *db.DB, p partnership.Partnership, now civil.Clock) error {
	// The plans are loaded by now: the directions name their arrangements.
	if err := linkDirections(ctx, d, p, now); err != nil {
		return err
	}
	st := performance.StoreFor(d, p, now)
	y := performance.LatestYear(st.Today())
	by := audit.System
	for section, body := range performanceText {
		if err := st.SaveNarrative(ctx, y, section, 0, body, by); err != nil {
			return fmt.Errorf("section %s: %w", section, err)
		}
	}
	for _, l := range p.Localities {
		text := fmt.Sprintf("In %s, the locality group chose its own priorities. A new community link worker helped people find support close to home.", l.Name)
		if err := st.SaveNarrative(ctx, y, "locality", l.ID, text, by); err != nil {
			return fmt.Errorf("locality %s: %w", l.Name, err)
		}
	}
	for _, sp := range performanceSpend {
		if err := st.SaveSpend(ctx, y, sp, by); err != nil {
			return fmt.Errorf("spend %s: %w", sp.Matter, err)
		}
	}
	for _, e := range []performance.Entry{
		{Kind: performance.GoodPractice, Title: "Home from hospital the same day",
			Body: "Nurses and care staff planned discharge together each morning. People went home the same day they were ready, instead of waiting for an assessment."},
		{Kind: performance.Lesson, Title: "The online booking service",
			Body: "We moved bookings for equipment online, but many older people could not use it and calls went up. We brought back the phone line and now offer both."},
		{Kind: performance.Inspection, Title: "Glenmorven care home",
			Body:   "The Care Inspectorate found care was good, but activities for residents were few.",
			Action: "An activities coordinator was appointed and a weekly programme agreed with residents."},
		{Kind: performance.Inspection, Title: UnmetInspection,
			Body: "The Care Inspectorate found that care plans were not always reviewed every six months."},
	} {
		if _, err := st.AddEntry(ctx, y, e, by); err != nil {
			return fmt.Errorf("entry %s: %w", e.Title, err)
		}
	}
	if _, err := st.Publish(ctx, y, true, by); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}
