package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/plan"
)

// loadPlanViews adds to the demo's plans what the publication bundle and
// the registers show: views from meetings and events with what became of
// them, the published plan's equality impact assessment and easy read
// version (its financial statement is uploaded before publication), a published option appraisal,
// and a significant decision outside the plan (s.36) taken after the
// Strategic Planning Group's views and the closed "Day services"
// consultation. The draft replacement plan gets views still waiting for
// an answer.
func loadPlanViews(ctx context.Context, st *plan.Store, publishedPlanID, draftPlanID int64) error {
	by := audit.Actor{Name: "Euan Fraser (demo)"}
	versions, err := st.VersionChoices(ctx, publishedPlanID)
	if err != nil {
		return err
	}
	var latest int64
	for _, v := range versions {
		latest = v.ID
	}
	// Views name sections the plan has: the vision (where the carers'
	// priorities are) and Morven Coast's arrangements.
	morvenCoast := ""
	for _, l := range st.Partnership().Localities {
		if l.Name == "Morven Coast" {
			morvenCoast = fmt.Sprintf("locality-%d", l.ID)
		}
	}
	views := []struct {
		stage   plan.Stage
		source  plan.ViewSource
		from    string
		summary string
		section string
		outcome plan.ViewOutcome
		note    string
	}{
		{plan.FirstDraft, plan.FromEvent, "Carers' drop-in, Glenmorven Town Hall",
			"Carers want to know who to phone out of hours when the person they care for is unwell.", plan.VisionKey, plan.Changed, ""},
		{plan.FirstDraft, plan.FromMeeting, "Morven Coast community council",
			"Island residents should not have to travel to the mainland for routine blood tests.", morvenCoast, plan.Changed, ""},
		{plan.FirstDraft, plan.FromMeeting, "Glenmorven Access Panel",
			"Every document about the plan should come in easy read.", "", plan.AlreadyCovered, "The easy read version is published with the plan."},
		{plan.FirstDraft, plan.FromEvent, "Older people's forum",
			"Build a new community hospital in Glen Ure.", "", plan.NotChanged,
			"A new hospital is outside what the partnership can fund in this plan's period; the plan instead expands care at home in the glen."},
	}
	for _, x := range views {
		v, err := st.RecordView(ctx, plan.View{PlanID: publishedPlanID, Stage: x.stage, Source: x.source, FromWhom: x.from,
			Summary: x.summary, SectionKey: x.section}, by)
		if err != nil {
			return fmt.Errorf("demo view: %w", err)
		}
		v.Outcome, v.OutcomeNote = x.outcome, x.note
		if x.outcome == plan.Changed {
			if latest == 0 {
				v.Outcome, v.OutcomeNote = plan.AlreadyCovered, "Covered in the final plan."
			}
			v.ChangedInVersionID = latest
		}
		if err := st.SetViewOutcome(ctx, v, by); err != nil {
			return fmt.Errorf("demo view outcome: %w", err)
		}
	}
	docs := []struct {
		kind  plan.DocumentKind
		title string
		file  string
		url   string
	}{
		{"eia", "Equality impact assessment of the strategic plan 2025 to 2028", "eia-strategic-plan-2025.pdf", ""},
		{"easy-read", "Our plan for health and care: easy read", "strategic-plan-2025-easy-read.pdf", ""},
	}
	for _, x := range docs {
		doc := plan.Document{PlanID: publishedPlanID, Kind: x.kind, Title: x.title, URL: x.url, Filename: x.file}
		var content []byte
		if x.file != "" {
			doc.ContentType = "application/pdf"
			content = demoPDF(x.title, "Glenmorven Health and Social Care Partnership.", "This is a demonstration document.")
		}
		if _, err := st.AddDocument(ctx, doc, content, by); err != nil {
			return fmt.Errorf("demo plan document %q: %w", x.title, err)
		}
	}
	// Two of the plans the guidance says it should correlate with.
	for _, l := range []plan.Link{
		{Kind: plan.Correlate, RelatedPlan: "carer-strategy", Title: "Glenmorven Carers Strategy 2024 to 2027",
			URL: "https://glenmorven.example/carers-strategy", Note: "The carers' arrangement delivers the strategy's short breaks."},
		{Kind: plan.Correlate, RelatedPlan: "loip", Title: "Glenmorven Local Outcome Improvement Plan",
			URL: "https://glenmorven.example/loip"},
	} {
		if _, err := st.AddLink(ctx, publishedPlanID, l, by); err != nil {
			return fmt.Errorf("demo plan link: %w", err)
		}
	}
	if err := st.TickAnnexC(ctx, publishedPlanID, "AC1", "The planning timetable was agreed by the integration joint board on 14 March 2024.", by); err != nil {
		return err
	}
	if draftPlanID != 0 {
		for _, s := range []string{
			"The carers' section should say how many carer support plans are completed within 28 days.",
			"Morven Coast needs its own locality section written with island communities.",
		} {
			// Views on the second draft, to be answered before the plan is
			// finalised (s.33(5)).
			if _, err := st.RecordView(ctx, plan.View{PlanID: draftPlanID, Stage: plan.SecondDraft, Source: plan.FromSPG,
				FromWhom: "Strategic Planning Group", Summary: s}, by); err != nil {
				return err
			}
		}
	}
	// A published option appraisal.
	a, err := st.CreateAppraisal(ctx, plan.Appraisal{Title: "Saturday opening of day centres for older people",
		Kind: "investment", Participants: "Three unpaid carers, two people who use day centres, a day centre manager, the carers' centre and two planning officers.",
		ParticipantCounts: map[string]int{"unpaid-carers": 3, "people-who-use-services": 2, "staff": 3, "third-sector": 1},
		Views:             "The consultation on day services: most respondents agreed with Saturday opening; some asked for transport first.",
		Options:           []string{"Open every centre on Saturdays", "Open one centre in each locality on Saturdays", "No change"},
		Criteria:          []plan.Criterion{{Name: "Breaks for unpaid carers", Weight: 3}, {Name: "Cost", Weight: 2}, {Name: "Fair across localities", Weight: 2}}}, by)
	if err != nil {
		return fmt.Errorf("demo appraisal: %w", err)
	}
	scores := []plan.Score{
		{Option: "Open every centre on Saturdays", Criterion: "Breaks for unpaid carers", Value: 9, Reason: "A break every weekend for every carer who wants one."},
		{Option: "Open every centre on Saturdays", Criterion: "Cost", Value: 3, Reason: "Staffing every centre costs the most."},
		{Option: "Open every centre on Saturdays", Criterion: "Fair across localities", Value: 8, Reason: "Every locality gains."},
		{Option: "Open one centre in each locality on Saturdays", Criterion: "Breaks for unpaid carers", Value: 7, Reason: "Most carers can reach one centre; some travel further."},
		{Option: "Open one centre in each locality on Saturdays", Criterion: "Cost", Value: 7, Reason: "About a third of the cost of opening every centre."},
		{Option: "Open one centre in each locality on Saturdays", Criterion: "Fair across localities", Value: 8, Reason: "Every locality has one."},
		{Option: "No change", Criterion: "Breaks for unpaid carers", Value: 1, Reason: "Carers asked for weekend breaks and would get none."},
		{Option: "No change", Criterion: "Cost", Value: 10, Reason: "No extra cost."},
		{Option: "No change", Criterion: "Fair across localities", Value: 5, Reason: "No change for anyone."},
	}
	if err := st.SaveScores(ctx, a.ID, scores, by); err != nil {
		return err
	}
	if err := st.PublishAppraisal(ctx, a.ID, "The integration joint board agreed to open one day centre in each locality on Saturdays from April 2027.",
		by); err != nil {
		return err
	}
	// A significant decision outside the plan (s.36), taken after the SPG's
	// views and after the consultation on day services closed, with the
	// listening events held beside it.
	cs, err := st.PublishedConsultations(ctx)
	if err != nil {
		return err
	}
	var dayServices int64
	closed := civil.Day(st.Clock()()).AddDays(-30)
	for _, c := range cs {
		if strings.HasPrefix(c.Title, "Day services") {
			dayServices, closed = c.ID, civil.Day(c.ClosesAt)
		}
	}
	listened, spgOn, taken := weekday(closed.AddDays(-20)), weekday(closed.AddDays(7)), weekday(closed.AddDays(14))
	x, err := st.SaveDecision(ctx, plan.Decision{Title: "Saturday opening of day centres",
		Service:     "Day services for older people",
		Description: "Open one day centre in each locality on Saturdays, funded from the carers' short breaks budget.",
		SPGViews:    "The Strategic Planning Group supported Saturday opening and asked that transport be arranged for people who cannot travel to the nearest open centre.",
		SPGViewsOn:  string(spgOn), ConsultationID: dayServices,
		Involvement: plan.Involvement{What: "Listening events at the four day centres, with easy read and large print information and an interpreter on request",
			On: string(listened), With: "people who use the day centres, people on the waiting list, and their carers"}}, by)
	if err != nil {
		return fmt.Errorf("demo decision: %w", err)
	}
	if err := st.TakeDecision(ctx, x.ID, string(taken), by); err != nil {
		return fmt.Errorf("demo decision taken: %w", err)
	}
	return nil
}

// weekday is d, or the Monday after it if it falls at a weekend: the day a
// board or group of the demo meets.
func weekday(d civil.Date) civil.Date {
	for d.Time().Weekday() == time.Saturday || d.Time().Weekday() == time.Sunday {
		d = d.AddDays(1)
	}
	return d
}
