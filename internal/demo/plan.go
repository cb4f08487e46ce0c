package demo

import (
	"context"
	"fmt"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/statute"
)

// The demo's strategic plans.
const (
	PublishedPlanTitle   = "Glenmorven Strategic Plan 2025–2028"
	ReplacementPlanTitle = "Glenmorven Strategic Plan 2027–2030"
	// MissingGroup is the prescribed group the replacement plan's second
	// draft has not yet been sent to, so moving to the consultation is
	// refused naming it.
	MissingGroup = "carers-social-care"
	// PlanConsultationTitle is the closed consultation on the published
	// plan's second draft.
	PlanConsultationTitle = "Our strategic plan for 2025 to 2028: the second draft"
)

// demoGroupAddressees are the representatives of each prescribed group the
// second drafts go to.
var demoGroupAddressees = map[string]string{
	"users-health-care":                       "Glenmorven Patients' Forum",
	"carers-health-care":                      "Glenmorven Carers Centre",
	"commercial-providers-health-care":        "Morven Pharmacy Group",
	"non-commercial-providers-health-care":    "Glenmorven Hospice",
	"health-professionals":                    "Area Clinical Forum, NHS Glenmorven",
	"users-social-care":                       "People First Glenmorven",
	"carers-social-care":                      "Glenmorven Carers Centre (social care)",
	"commercial-providers-social-care":        "Scottish Care, Glenmorven branch",
	"non-commercial-providers-social-care":    "Glenmorven Third Sector Interface",
	"social-care-professionals":               "Glenmorven Social Work Practice Forum",
	"non-commercial-providers-social-housing": "Morven Coast Housing Association",
	"third-sector-bodies":                     "Glenmorven Third Sector Interface",
}

// loadPlans creates the demo's strategic plans: the plan in force, taken
// through the whole statutory sequence in 2024 and 2025 and published on 1
// April 2025; and its replacement, started after the 2026 review and now at
// the second draft, whose second draft has not yet reached the carers of
// users of social care, so coplan refuses to start its consultation.
// Every stage is moved through plan.Advance, so each move is checked by the
// same rule as a planning officer's, judged by the clock now.
func loadPlans(ctx context.Context, d *db.DB, p partnership.Partnership, g Governance, now civil.Clock) error {
	by := audit.Actor{Name: "Euan Fraser (demo)"}
	st := plan.StoreFor(d, p, now)
	old, err := loadPublishedPlan(ctx, d, st, by)
	if err != nil {
		return err
	}
	if _, err := st.RecordReview(ctx, old.ID, plan.Review{ReviewedOn: "2026-03-20",
		OutcomesNote:   "The board looked at the core indicators for all nine national outcomes. Outcomes 2 and 4 improved; outcome 6 (carers) did not, and the carers' survey fell for the second year.",
		PrinciplesNote: "The review asked, for each arrangement, whether it took account of the integration delivery principles. Care on the islands was found not to be planned with the people who use it.",
		SPGViewsNote:   "The Strategic Planning Group discussed the review on 3 March 2026 and asked for a new plan with a stronger carers' section and a Morven Coast section written with island communities.",
		Conclusion:     "replace"}, by); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	next, err := st.StartReplacement(ctx, old.ID, plan.Plan{Title: ReplacementPlanTitle, PeriodStart: "2027-04-01",
		PeriodEnd: "2030-03-31", EffectiveOn: "2027-04-01"}, by)
	if err != nil {
		return fmt.Errorf("replacement: %w", err)
	}
	if _, err := throughSecondDraft(ctx, st, next, "2026", false, by); err != nil {
		return fmt.Errorf("%s: %w", ReplacementPlanTitle, err)
	}
	return loadPlanViews(ctx, st, old.ID, next.ID)
}

// step is one dated move of a demo plan, with what is recorded before it.
type step struct {
	to     plan.Stage
	on     string
	before func(pl plan.Plan) error
}

func runSteps(ctx context.Context, st *plan.Store, pl plan.Plan, steps []step, by audit.Actor) (plan.Plan, error) {
	for _, s := range steps {
		if s.before != nil {
			if err := s.before(pl); err != nil {
				return pl, fmt.Errorf("before %s: %w", s.to.Name(), err)
			}
		}
		var err error
		if pl, err = st.Advance(ctx, pl.ID, s.to, s.on, "", by); err != nil {
			return pl, fmt.Errorf("move to %s: %w", s.to.Name(), err)
		}
	}
	return pl, nil
}

// throughSecondDraft starts plan pl's sequence in the given year and takes
// it to the second draft, recording the engagement plan, the texts (the
// second draft complete or, for the replacement, with gaps the coverage
// check names), the SPG's views and who each text went to.
func throughSecondDraft(ctx context.Context, st *plan.Store, pl plan.Plan, year string, complete bool, by audit.Actor) (plan.Plan, error) {
	p := st.Partnership()
	sent := func(stage plan.Stage, kind plan.RecipientKind, name, group, on string) error {
		_, err := st.AddAddressee(ctx, pl.ID, plan.Addressee{Stage: stage, Kind: kind, Name: name, GroupCode: group, SentOn: on}, by)
		return err
	}
	content := func(stage plan.Stage, whole bool) error {
		return loadPlanContent(ctx, st, pl.ID, string(stage), whole)
	}
	// The SPG's views on a text, then the next draft written taking them
	// into account, and the views answered with the version that changed
	// (s.33(3) and (4)): answered before the plan moves on.
	spgViews := func(stage plan.Stage, summary string, next plan.Stage, whole bool) error {
		v, err := st.RecordView(ctx, plan.View{PlanID: pl.ID, Stage: stage, Source: plan.FromSPG,
			FromWhom: "Strategic Planning Group", Summary: summary}, by)
		if err != nil {
			return err
		}
		if err := content(next, whole); err != nil {
			return err
		}
		draft, err := st.LatestVersion(ctx, pl.ID)
		if err != nil {
			return err
		}
		v.Outcome, v.ChangedInVersionID = plan.Changed, draft.ID
		return st.SetViewOutcome(ctx, v, by)
	}
	y := func(md string) string { return year + "-" + md }
	pl, err := runSteps(ctx, st, pl, []step{
		{plan.Proposals, y("01-15"), func(pl plan.Plan) error {
			return st.SaveEngagement(ctx, pl.ID, plan.EngagementPlan{
				Who:     "People who use services and unpaid carers in every locality, the twelve prescribed groups, staff of the partnership and its providers, community councils and the island communities of Morven Coast.",
				How:     "An online and paper survey, drop-in sessions in each locality, focus groups with carers and with young people, and meetings of the locality planning groups.",
				Timing:  "Proposals in spring, the first draft in summer, the second draft for a twelve-week consultation in the autumn.",
				Support: "Travel and replacement care paid, British Sign Language and community language interpreters, easy read versions, and evening sessions for people who work.",
			}, by)
		}},
		{plan.ProposalsViews, y("03-02"), func(pl plan.Plan) error {
			if err := content(plan.Proposals, true); err != nil {
				return err
			}
			return sent(plan.Proposals, plan.ToSPG, "Glenmorven Strategic Planning Group", "", y("03-01"))
		}},
		{plan.FirstDraft, y("04-10"), func(pl plan.Plan) error {
			return spgViews(plan.ProposalsViews, "Put carers and the islands first: the proposals say too little about unpaid carers and about people on Morven Coast.",
				plan.FirstDraft, true)
		}},
		{plan.FirstDraftViews, y("06-03"), func(pl plan.Plan) error {
			return sent(plan.FirstDraft, plan.ToSPG, "Glenmorven Strategic Planning Group", "", y("06-02"))
		}},
		{plan.SecondDraft, y("07-20"), func(pl plan.Plan) error {
			return spgViews(plan.FirstDraftViews, "The first draft needs measures for each locality, set now, so the board can tell whether the arrangements work.",
				plan.SecondDraft, complete)
		}},
	}, by)
	if err != nil {
		return pl, err
	}
	on := y("09-01")
	if err := sent(plan.SecondDraft, plan.ToHealthBoard, p.HealthBoard, "", on); err != nil {
		return pl, err
	}
	for _, la := range p.LocalAuthorityNames() {
		if err := sent(plan.SecondDraft, plan.ToLocalAuthority, la, "", on); err != nil {
			return pl, err
		}
	}
	for _, gr := range statute.PrescribedGroups() {
		if !complete && gr.Code == MissingGroup {
			continue // not yet sent: moving to the consultation is refused naming the group
		}
		name := demoGroupAddressees[gr.Code]
		if name == "" {
			name = "Representatives of " + gr.Name
		}
		if err := sent(plan.SecondDraft, plan.ToGroup, name, gr.Code, on); err != nil {
			return pl, err
		}
	}
	if err := sent(plan.SecondDraft, plan.ToOther, "Glenmorven Community Councils' Forum", "", on); err != nil {
		return pl, err
	}
	return pl, nil
}

// loadPublishedPlan takes the plan in force through the whole sequence,
// with its second-draft consultation and the responses to it.
func loadPublishedPlan(ctx context.Context, d *db.DB, st *plan.Store, by audit.Actor) (plan.Plan, error) {
	pl, err := st.SavePlan(ctx, plan.Plan{Title: PublishedPlanTitle, PeriodStart: "2025-04-01", PeriodEnd: "2028-03-31",
		EffectiveOn: "2025-04-01"}, by)
	if err != nil {
		return pl, err
	}
	if pl, err = throughSecondDraft(ctx, st, pl, "2024", true, by); err != nil {
		return pl, fmt.Errorf("%s: %w", PublishedPlanTitle, err)
	}
	return runSteps(ctx, st, pl, []step{
		{plan.Consultation, "2024-09-02", nil},
		{plan.Final, "2025-02-17", func(pl plan.Plan) error { return loadPlanConsultation(ctx, d, st, pl, by) }},
		{plan.Published, "2025-04-01", func(pl plan.Plan) error {
			// The statement the finance room generated and published
			// (loadFinance) is what s.39 requires; a PDF copy is attached
			// to the plan's documents too, as partnerships print it.
			const title = "Annual financial statement 2025 to 2026"
			_, err := st.AddDocument(ctx, plan.Document{PlanID: pl.ID, Kind: plan.FinancialStatement, Title: title,
				Filename: "financial-statement-2025-26.pdf", ContentType: "application/pdf"},
				demoPDF(title, "Glenmorven Integration Joint Board.", "The total resources the board intends to allocate under the strategic plan in 2025 to 2026."), by)
			return err
		}},
	}, by)
}

// planResponses are the responses to the 2024 consultation on the second
// draft.
var planResponses = []struct {
	channel consult.Channel
	typ     consult.RespondentType
	name    string
	publish consult.Publish
	text    string
	outcome plan.ViewOutcome
	note    string
}{
	{consult.Email, consult.Individual, "Morag Lindsay", consult.WithName,
		"As a carer I want a carer support plan within weeks, not months. Please put a time limit in the plan.", plan.Changed, ""},
	{consult.Paper, consult.Individual, "Iain Buchanan", consult.WithoutName,
		"The islands need their own section: video calls are no substitute for a district nurse who knows you.", plan.Changed, ""},
	{consult.Email, consult.Organisation, "Glenmorven Third Sector Interface", consult.WithName,
		"The wellbeing hub should be run with community groups, not only by statutory services.", plan.AlreadyCovered, ""},
	{consult.Event, consult.Individual, "Alasdair Munro", consult.WithoutName,
		"Close the small day centre in Glen Ure and spend the money on transport instead.", plan.NotChanged,
		"The day centre is the only service in the glen; the board will consult separately on day services before any change."},
}

// loadPlanConsultation runs the consultation on the second draft (closed
// on 31 January 2025), imports its responses as views and records what
// became of each.
func loadPlanConsultation(ctx context.Context, d *db.DB, st *plan.Store, pl plan.Plan, by audit.Actor) error {
	p := st.Partnership()
	opens := time.Date(2024, 9, 2, 9, 0, 0, 0, demoLondon)
	closes := time.Date(2025, 1, 31, 23, 59, 0, 0, demoLondon)
	c := consult.Consultation{PartnershipID: p.ID, Title: PlanConsultationTitle,
		Summary:  "We asked what you thought of the second draft of the partnership's strategic plan.",
		Body:     "The second draft of the strategic plan sets out how health and social care will be arranged in each of Glenmorven's localities from April 2025. We sent it to the health board, the council and representatives of every prescribed group, and asked everyone for their comments.",
		Audience: consult.Public, OpensAt: opens, ClosesAt: closes, Contact: demoContact}
	qn := consult.Questionnaire{Sections: []consult.Section{{Title: "The second draft", Questions: []consult.Question{
		{Code: "Q1", Kind: consult.Text, MaxChars: 4000, Required: true, Text: "What do you think of the second draft of the strategic plan?"},
	}}}}
	cst := consult.StoreFor(d, p, st.Clock())
	c, qn, err := createConsultation(ctx, cst, c, qn, true, nil, by)
	if err != nil {
		return err
	}
	q := qn.Questions()[0]
	// The responses were received, and keyed in, while it was open: none is
	// late (consult.Consultation.Late).
	received := consult.StoreFor(d, p, func() time.Time { return time.Date(2025, 1, 20, 10, 0, 0, 0, demoLondon) })
	for _, r := range planResponses {
		resp, err := received.EnterResponse(ctx, c, consult.Response{Channel: r.channel,
			Respondent: consult.Respondent{Type: r.typ, Name: r.name, Publish: r.publish, ContactSet: true},
			Answers:    consult.Answers{q.ID: {QuestionID: q.ID, Text: r.text}}}, "GLE", by)
		if err != nil {
			return fmt.Errorf("response from %q: %w", r.name, err)
		}
		if err := received.SetCheck(ctx, c, resp.ID, consult.Accepted, "", nil, by); err != nil {
			return err
		}
	}
	if _, err := st.LinkConsultation(ctx, pl.ID, plan.Consultation, c.ID, by); err != nil {
		return fmt.Errorf("link the consultation: %w", err)
	}
	// The changes are made in the final version.
	if err := loadPlanContent(ctx, st, pl.ID, string(plan.Final), true); err != nil {
		return err
	}
	final, err := st.LatestVersion(ctx, pl.ID)
	if err != nil {
		return err
	}
	vs, err := st.Views(ctx, pl.ID)
	if err != nil {
		return err
	}
	for _, v := range vs {
		if v.Stage != plan.Consultation {
			continue
		}
		for _, r := range planResponses {
			if r.text != v.Summary {
				continue
			}
			v.Outcome, v.OutcomeNote = r.outcome, r.note
			if r.outcome == plan.Changed {
				v.ChangedInVersionID = final.ID
			}
			if err := st.SetViewOutcome(ctx, v, by); err != nil {
				return fmt.Errorf("outcome of a view: %w", err)
			}
		}
	}
	return nil
}
