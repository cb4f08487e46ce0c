package plan_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

var glen = plan.Partners{HealthBoard: "NHS Glenmorven", LocalAuthorities: []string{"Glenmorven Council"}}

func allGroups() []string {
	var out []string
	for _, g := range statute.PrescribedGroups() {
		out = append(out, g.Code)
	}
	return out
}

func TestCanAdvance(t *testing.T) {
	full := plan.Evidence{EngagementPlan: true, ProposalsText: true, ProposalsSentToSPG: true, ProposalsViewsRecorded: true,
		ProposalsViewsAnswered: true, FirstDraftViewsAnswered: true,
		FirstDraftText: true, FirstDraftSentToSPG: true, FirstDraftViewsRecorded: true, SecondDraftText: true,
		SentToHealthBoard: true, SentToLocalAuthorities: []string{"Glenmorven Council"}, SentToGroups: allGroups(),
		ConsultationClosed: true, SecondDraftViewsAnswered: true, ConsultationStatement: true, FinancialStatement: true}
	// With all the evidence, every step of the sequence is allowed.
	for i := 0; i+1 < len(plan.Sequence); i++ {
		if err := plan.CanAdvance(plan.Sequence[i], plan.Sequence[i+1], full, glen); err != nil {
			t.Errorf("%s → %s: %v", plan.Sequence[i], plan.Sequence[i+1], err)
		}
	}
	noCarers := full
	noCarers.SentToGroups = nil
	for _, g := range allGroups() {
		if g != "carers-social-care" {
			noCarers.SentToGroups = append(noCarers.SentToGroups, g)
		}
	}
	noCouncil := full
	noCouncil.SentToLocalAuthorities = nil
	noStatement := full
	noStatement.ConsultationStatement = false
	noFinancial := full // issue 10, item 5
	noFinancial.FinancialStatement = false
	noFinancial.FinancialYear = "2026-27" // issue 14, item 3: the generated statement, named by its year
	unanswered := full
	unanswered.SecondDraftViewsAnswered = false
	// issue 10, item 3: the SPG's views on the proposals and the first
	// draft are each answered before the next draft, and stay answered.
	// issue 10, item 1: every response to the second draft's consultation
	// reaches the planning team before the plan is finalised.
	waiting := full
	waiting.SecondDraftResponsesWaiting = 2
	proposalsUnanswered := full
	proposalsUnanswered.ProposalsViewsAnswered = false
	firstDraftUnanswered := full
	firstDraftUnanswered.FirstDraftViewsAnswered = false
	tests := []struct {
		name     string
		from, to plan.Stage
		ev       plan.Evidence
		want     string
	}{
		{"skip the SPG's views", plan.Proposals, plan.FirstDraft, full, "cannot skip"},
		{"go backwards", plan.SecondDraft, plan.FirstDraft, full, "cannot move"},
		{"second draft not sent to carers' representatives", plan.SecondDraft, plan.Consultation, noCarers,
			"the second draft has not been sent to representatives of: carers of users of social care"},
		{"second draft not sent to the council", plan.SecondDraft, plan.Consultation, noCouncil, "local authority: Glenmorven Council"},
		{"finalise without answering views", plan.Consultation, plan.Final, unanswered, "not every view on the second draft"},
		{"finalise with responses not brought in as views", plan.Consultation, plan.Final, waiting,
			"2 responses to the consultation on the second draft have not been brought in as views"},
		{"first draft without answering the views on the proposals", plan.ProposalsViews, plan.FirstDraft, proposalsUnanswered,
			"not every view on the proposals has been taken into account"},
		{"a late view on the proposals holds up the second draft", plan.FirstDraftViews, plan.SecondDraft, proposalsUnanswered,
			"not every view on the proposals"},
		{"second draft without answering the views on the first draft", plan.FirstDraftViews, plan.SecondDraft, firstDraftUnanswered,
			"not every view on the first draft has been taken into account"},
		{"a late view on the first draft holds up finalising", plan.Consultation, plan.Final, firstDraftUnanswered,
			"not every view on the first draft"},
		{"publish without the consultation statement", plan.Final, plan.Published, noStatement, "statement describing the consultation"},
		{"publish without the annual financial statement", plan.Final, plan.Published, noFinancial,
			"no annual financial statement for 2026-27 has been published: generate and publish it on the finance pages, as section 39 requires"},
		{"proposals before the engagement plan", plan.Engagement, plan.Proposals, plan.Evidence{}, "communication and engagement plan"},
	}
	for _, tt := range tests {
		err := plan.CanAdvance(tt.from, tt.to, tt.ev, glen)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to say %q", tt.name, err, tt.want)
		}
	}
	if err := plan.CanAdvance(plan.Proposals, plan.ProposalsViews, proposalsUnanswered, glen); err != nil {
		t.Errorf("views on the proposals are sought before they are answered: %v", err)
	}
	var me *plan.MissingError
	if err := plan.CanAdvance(plan.SecondDraft, plan.Consultation, noCarers, glen); !errors.As(err, &me) || len(me.Missing) != 1 {
		t.Errorf("missing error = %v", err)
	}
	if plan.CanAdvance(plan.Published, plan.UnderReview, plan.Evidence{}, glen) != nil ||
		plan.CanAdvance(plan.UnderReview, plan.Replaced, plan.Evidence{}, glen) != nil {
		t.Error("review and replacement should be allowed after publication")
	}
	if plan.CanAdvance(plan.Replaced, plan.Published, full, glen) == nil {
		t.Error("a replaced plan cannot be published again")
	}
}

func TestReviewClock(t *testing.T) {
	pub := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	due := plan.NextReview(pub, time.Time{})
	if !due.Equal(time.Date(2028, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("due = %v", due)
	}
	if d := plan.NextReview(pub, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)); d.Year() != 2029 {
		t.Errorf("a review restarts the clock: %v", d)
	}
	for _, tt := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2027, 9, 30, 0, 0, 0, 0, time.UTC), "ok"},
		{time.Date(2027, 10, 1, 0, 0, 0, 0, time.UTC), "due-6-months"},
		{time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC), "due-3-months"},
		{time.Date(2028, 4, 1, 0, 0, 0, 0, time.UTC), "overdue"},
	} {
		if got := plan.ReviewState(due, tt.now); got != tt.want {
			t.Errorf("%v: %s, want %s", tt.now, got, tt.want)
		}
	}
}

func TestCoverage(t *testing.T) {
	locs := map[int64]string{1: "Kilbrannan", 2: "Strathard"}
	var all []string
	for _, o := range statute.Outcomes() {
		if o.Code != "O6" {
			all = append(all, o.Code)
		}
	}
	var ps []string
	for _, p := range statute.Principles() {
		ps = append(ps, p.Code)
	}
	g := plan.Coverage(locs, []plan.Arrangement{
		{LocalityID: 1, Title: "Care at home", Outcomes: all, Principles: ps, Measures: []string{"NI-18"}},
		{LocalityID: 0, Title: "Carers' support", Outcomes: []string{"O1"}},
	}, true)
	if len(g.OutcomesWithoutArrangement) != 1 || g.OutcomesWithoutArrangement[0].Code != "O6" {
		t.Errorf("outcomes = %+v", g.OutcomesWithoutArrangement)
	}
	if len(g.LocalitiesWithoutSection) != 1 || g.LocalitiesWithoutSection[0] != "Strathard" {
		t.Errorf("localities = %v", g.LocalitiesWithoutSection)
	}
	if len(g.ArrangementsWithoutMeasure) != 1 || g.Complete() {
		t.Errorf("measures = %v", g.ArrangementsWithoutMeasure)
	}
}

func TestDiff(t *testing.T) {
	ops := plan.Diff("a\nb\nc\n", "a\nc\nd\n")
	var got []string
	for _, o := range ops {
		got = append(got, o.Kind[:1]+o.Text)
	}
	if strings.Join(got, ",") != "sa,rb,sc,ad" {
		t.Errorf("diff = %v", got)
	}
}

func TestAppraise(t *testing.T) {
	rs, missing := plan.Appraise([]string{"Keep", "Redesign"},
		[]plan.Criterion{{"Outcomes for people", 3}, {"Cost", 1}},
		[]plan.Score{{"Keep", "Outcomes for people", 4, ""}, {"Keep", "Cost", 8, ""}, {"Redesign", "Outcomes for people", 8, ""}})
	if rs[0].Total != 20 || rs[1].Total != 24 || rs[0].Max != 40 || len(missing) != 1 {
		t.Errorf("appraisal = %+v, missing %v", rs, missing)
	}
}

func TestValidateReview(t *testing.T) {
	inForce := plan.Plan{Stage: plan.Published, PublishedAt: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)}
	full := plan.Review{ReviewedOn: "2027-03-31", OutcomesNote: "o", PrinciplesNote: "p", SPGViewsNote: "s", Conclusion: "no-change"}
	for _, c := range []struct {
		name  string
		plan  plan.Plan
		edit  func(r *plan.Review)
		field string // "" for no error
	}{
		{"complete", inForce, func(r *plan.Review) {}, ""},
		{"not in force", plan.Plan{Stage: plan.SecondDraft}, func(r *plan.Review) {}, "reviewed_on"},
		{"before publication", inForce, func(r *plan.Review) { r.ReviewedOn = "2025-03-01" }, "reviewed_on"},
		{"not a date", inForce, func(r *plan.Review) { r.ReviewedOn = "31/03/2027" }, "reviewed_on"},
		{"no outcomes", inForce, func(r *plan.Review) { r.OutcomesNote = "" }, "outcomes_note"},
		{"no principles", inForce, func(r *plan.Review) { r.PrinciplesNote = "" }, "principles_note"},
		{"no SPG views", inForce, func(r *plan.Review) { r.SPGViewsNote = "" }, "spg_views_note"},
		{"no conclusion", inForce, func(r *plan.Review) { r.Conclusion = "" }, "conclusion"},
	} {
		r := full
		c.edit(&r)
		errs, _ := valid.As(plan.ValidateReview(c.plan, r))
		if c.field == "" && len(errs) > 0 || c.field != "" && errs.For(c.field) == "" {
			t.Errorf("%s: %v, want an error at %q", c.name, errs, c.field)
		}
	}
}

// A s.38 direction records its statutory ground and that the health board
// and every council joined (issue 10, item 8).
func TestValidateDirection(t *testing.T) {
	ijb := partnership.Partnership{Name: "Glenmorven", Model: statute.ModelIJB, HealthBoard: "NHS Glenmorven",
		LocalAuthorities: []partnership.Named{{Name: "Glenmorven Council"}}}
	two := partnership.Partnership{Name: "Clyde", Model: statute.ModelIJB, HealthBoard: "NHS Clyde",
		LocalAuthorities: []partnership.Named{{Name: "North Clyde Council"}, {Name: "South Clyde Council"}}}
	lead := partnership.Partnership{Name: "Highland", Model: statute.ModelLeadAgency}
	next := plan.Plan{Title: "Replacement", PeriodStart: "2027-04-01", PeriodEnd: "2030-03-31"}
	x := plan.Direction{GivenOn: "2027-06-01", Ground: plan.GroundPrevents, JoinedBy: []string{"NHS Glenmorven", "Glenmorven Council"}, Reason: "Services changed"}
	with := func(f func(*plan.Direction)) plan.Direction {
		y := x
		f(&y)
		return y
	}
	both := plan.Direction{GivenOn: "2027-06-01", Ground: plan.GroundLikelyToPrevent, Reason: "r",
		JoinedBy: []string{"NHS Clyde", "North Clyde Council", "South Clyde Council"}}
	oneCouncil := both
	oneCouncil.JoinedBy = []string{"NHS Clyde", "North Clyde Council"}
	for _, c := range []struct {
		name  string
		p     partnership.Partnership
		x     plan.Direction
		next  plan.Plan
		field string
	}{
		{"an integration joint board", ijb, x, next, ""},
		{"the lead agency model (s.38 does not apply)", lead, x, next, "given_on"},
		{"no date", ijb, plan.Direction{Reason: "r"}, next, "given_on"},
		{"no reason", ijb, with(func(y *plan.Direction) { y.Reason = "" }), next, "reason"},
		{"no ground", ijb, with(func(y *plan.Direction) { y.Ground = "" }), next, "ground"},
		{"a ground the Act does not give", ijb, with(func(y *plan.Direction) { y.Ground = "the board disagrees" }), next, "ground"},
		{"the council did not join", ijb, with(func(y *plan.Direction) { y.JoinedBy = []string{"NHS Glenmorven"} }), next, "joined_by"},
		{"the health board did not join", ijb, with(func(y *plan.Direction) { y.JoinedBy = []string{"Glenmorven Council"} }), next, "joined_by"},
		{"a body that is not a partner", ijb, with(func(y *plan.Direction) { y.JoinedBy = append(y.JoinedBy, "NHS Highland") }), next, "joined_by"},
		{"two councils, both joined", two, both, next, ""},
		{"two councils, one missing", two, oneCouncil, next, "joined_by"},
		{"the replacement's own fields", ijb, x, plan.Plan{PeriodStart: "2027-04-01", PeriodEnd: "2030-03-31"}, "title"},
	} {
		errs, _ := valid.As(plan.ValidateDirection(c.p, c.x, c.next))
		if c.field == "" && len(errs) > 0 || c.field != "" && errs.For(c.field) == "" {
			t.Errorf("%s: %v, want an error at %q", c.name, errs, c.field)
		}
	}
	errs, _ := valid.As(plan.ValidateDirection(two, oneCouncil, next))
	if !strings.Contains(errs.For("joined_by"), "South Clyde Council did not join") {
		t.Errorf("the refusal does not name the council missing: %v", errs)
	}
}

func TestValidateEngagement(t *testing.T) {
	full := plan.EngagementPlan{Who: "w", How: "h", Timing: "t", Support: "s"}
	if err := plan.ValidateEngagement(full); err != nil {
		t.Errorf("complete: %v", err)
	}
	errs, _ := valid.As(plan.ValidateEngagement(plan.EngagementPlan{}))
	for _, f := range []string{"who", "how", "timing", "support"} {
		if errs.For(f) == "" {
			t.Errorf("no error at %s", f)
		}
	}
}

// An arrangement is measured by an indicator with national figures: a core
// indicator that is not reported (NI-10, NI-21 to NI-23) cannot show whether
// it works (issue 10, item 9).
func TestValidateArrangementMeasures(t *testing.T) {
	p := partnership.Partnership{Name: "Glenmorven"}
	for _, tc := range []struct {
		name     string
		measures []string
		refused  bool
	}{
		{"a reported survey indicator", []string{"NI-8: carers who feel supported"}, false},
		{"a reported administrative indicator", []string{"NI-17: care services graded good or better"}, false},
		{"a local measure", []string{"Care at home vacancies"}, false},
		{"NI-10, never reported", []string{"NI-10: staff who would recommend their workplace"}, true},
		{"NI-10 in lower case, after a reported one", []string{"NI-1", "ni-10 staff survey"}, true},
		{"NI-22, no agreed definition", []string{"NI-22"}, true},
		{"NI-1 is not NI-10", []string{"NI-1: look after their health"}, false},
	} {
		err := plan.ValidateArrangement(p, plan.PlannedArrangement{Arrangement: plan.Arrangement{Title: "Workforce",
			Outcomes: []string{"O8"}, Measures: tc.measures}})
		errs, _ := valid.As(err)
		if got := errs.For("measures") != ""; got != tc.refused {
			t.Errorf("%s: %v, refused %v, want %v", tc.name, err, got, tc.refused)
		}
	}
}
