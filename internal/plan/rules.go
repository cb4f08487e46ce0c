package plan

import (
	"coplan/internal/civil"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Evidence is what the plan's records show, gathered by the store, for
// CanAdvance to judge. Each field names the requirement it evidences.
type Evidence struct {
	EngagementPlan          bool     // a communication and engagement plan is recorded
	ProposalsText           bool     // the proposals have been written
	ProposalsSentToSPG      bool     // the SPG was asked for its views on the proposals
	ProposalsViewsRecorded  bool     // the SPG's views on the proposals are recorded
	ProposalsViewsAnswered  bool     // every view on the proposals has a response (changed, not changed because, already covered)
	FirstDraftText          bool     // a first draft exists
	FirstDraftSentToSPG     bool     // the SPG was asked for its views on the first draft
	FirstDraftViewsRecorded bool     // the SPG's views on the first draft are recorded
	FirstDraftViewsAnswered bool     // every view on the first draft has a response
	SecondDraftText         bool     // a second draft exists
	SentToHealthBoard       bool     // the second draft was sent to the health board
	SentToLocalAuthorities  []string // councils the second draft was sent to
	SentToGroups            []string // statute prescribed-group codes with an addressee
	ConsultationClosed      bool     // the consultation on the second draft has closed
	// SecondDraftResponsesWaiting counts the submitted responses to the
	// second draft's consultation not yet brought in as views: every one
	// is considered, whatever its publishing preference (s.33(5)).
	SecondDraftResponsesWaiting int
	SecondDraftViewsAnswered    bool   // every view on the second draft has a response (changed, not changed because, already covered)
	ConsultationStatement       bool   // the consultation statement has been produced
	FinancialStatement          bool   // the annual financial statement for FinancialYear is published (s.39)
	FinancialYear               string // the year whose statement must be published with the plan, "2026-27"
}

// Partners is what CanAdvance needs to know of the partnership: the councils
// the second draft must go to.
type Partners struct {
	HealthBoard      string
	LocalAuthorities []string
}

// CanAdvance says whether a plan at stage from may move to stage to, given
// the evidence. It returns nil, or an error whose message names the missing
// requirement in the Act's terms (for example "the second draft has not been
// sent to representatives of: carers of users of social care"). Stages can
// only move one step forward along Sequence (no skipping); a published plan
// can go under review; a plan under review can be published again (review
// found no change needed) or replaced.
func CanAdvance(from, to Stage, ev Evidence, ps Partners) error {
	switch {
	case from == Published && to == UnderReview, from == UnderReview && to == Published, from == UnderReview && to == Replaced,
		from == Published && to == Replaced:
		return nil
	case from == Replaced:
		return fmt.Errorf("this plan has been replaced: start the replacement plan's sequence instead")
	}
	i, j := slices.Index(Sequence, from), slices.Index(Sequence, to)
	if i < 0 || j < 0 || j <= i {
		return fmt.Errorf("a plan cannot move from %q to %q", from.Name(), to.Name())
	}
	if j > i+1 {
		return fmt.Errorf("a plan cannot skip from %q to %q: %q comes first", from.Name(), to.Name(), Sequence[i+1].Name())
	}
	var missing []string
	need := func(ok bool, what string) {
		if !ok {
			missing = append(missing, what)
		}
	}
	switch to {
	case Proposals:
		need(ev.EngagementPlan, "the communication and engagement plan has not been recorded")
	case ProposalsViews:
		need(ev.ProposalsText, "the proposals have not been written")
		need(ev.ProposalsSentToSPG, "the proposals have not been sent to the Strategic Planning Group for its views (s.33(2))")
	case FirstDraft:
		need(ev.ProposalsViewsRecorded, "the Strategic Planning Group's views on the proposals have not been recorded (s.33(3))")
	case FirstDraftViews:
		need(ev.FirstDraftText, "the first draft has not been written")
		need(ev.FirstDraftSentToSPG, "the first draft has not been sent to the Strategic Planning Group for its views (s.33(3))")
	case SecondDraft:
		need(ev.FirstDraftViewsRecorded, "the Strategic Planning Group's views on the first draft have not been recorded (s.33(4))")
	case Consultation:
		need(ev.SecondDraftText, "the second draft has not been written")
		need(ev.SentToHealthBoard, "the second draft has not been sent to the health board, "+ps.HealthBoard+" (s.33(4))")
		var councils []string
		for _, la := range ps.LocalAuthorities {
			if !slices.Contains(ev.SentToLocalAuthorities, la) {
				councils = append(councils, la)
			}
		}
		if len(councils) > 0 {
			missing = append(missing, "the second draft has not been sent to the local authority: "+strings.Join(councils, ", ")+" (s.33(4))")
		}
		var groups []string
		for _, g := range statute.PrescribedGroups() {
			if !slices.Contains(ev.SentToGroups, g.Code) {
				groups = append(groups, g.Name)
			}
		}
		if len(groups) > 0 {
			missing = append(missing, "the second draft has not been sent to representatives of: "+strings.Join(groups, "; ")+" (s.33(4))")
		}
	case Final:
		need(ev.ConsultationClosed, "the consultation on the second draft has not closed")
		switch n := ev.SecondDraftResponsesWaiting; {
		case n == 1:
			missing = append(missing, "1 response to the consultation on the second draft has not been brought in as views: bring it in on the views page (s.33(5))")
		case n > 1:
			missing = append(missing, fmt.Sprintf("%d responses to the consultation on the second draft have not been brought in as views: bring them in on the views page (s.33(5))", n))
		}
		need(ev.SecondDraftViewsAnswered, "not every view on the second draft has been taken into account: give each one a response (s.33(5))")
	case Published:
		need(ev.ConsultationStatement, "the statement describing the consultation has not been produced: it must be published with the plan (s.35)")
		year := ev.FinancialYear
		if year == "" {
			year = "the year"
		}
		need(ev.FinancialStatement, "no annual financial statement for "+year+" has been published: generate and publish it on the finance pages, as section 39 requires it to be published with the plan (s.39)")
	}
	// s.33(3) and (4): each draft is prepared "taking into account" the
	// views on the one before, so every view on the proposals is answered
	// before the first draft, and every view on the first draft before the
	// second; a view recorded late on an earlier stage holds up every later
	// step until it is answered.
	if j >= slices.Index(Sequence, FirstDraft) {
		need(ev.ProposalsViewsAnswered, "not every view on the proposals has been taken into account: give each one a response (s.33(3))")
	}
	if j >= slices.Index(Sequence, SecondDraft) {
		need(ev.FirstDraftViewsAnswered, "not every view on the first draft has been taken into account: give each one a response (s.33(4))")
	}
	if len(missing) > 0 {
		return &MissingError{To: to, Missing: missing}
	}
	return nil
}

// MissingError lists the requirements not yet met for a stage.
type MissingError struct {
	To      Stage
	Missing []string
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("the plan cannot move to %q yet: %s", e.To.Name(), strings.Join(e.Missing, "; "))
}

// ReviewPeriod is how often a plan must be reviewed: at least every three
// years (s.37(1)).
const ReviewPeriod = 3

// NextReview is the date the next review is due: three years after the
// last review or, if there has been none, after publication.
func NextReview(published, lastReview time.Time) time.Time {
	from := published
	if lastReview.After(from) {
		from = lastReview
	}
	if from.IsZero() {
		return time.Time{}
	}
	return from.AddDate(ReviewPeriod, 0, 0)
}

// ReviewState is how close the review is: "ok", "due-6-months",
// "due-3-months" or "overdue".
func ReviewState(due, now time.Time) string {
	switch {
	case due.IsZero():
		return ""
	case !now.Before(due):
		return "overdue"
	case !now.Before(due.AddDate(0, -3, 0)):
		return "due-3-months"
	case !now.Before(due.AddDate(0, -6, 0)):
		return "due-6-months"
	}
	return "ok"
}

// Arrangement is one of the plan's arrangements for carrying out the
// integration functions in a locality (s.29(2)(a)), with the outcomes it
// contributes to (s.29(2)(b)), the principles it takes account of (s.30)
// and the measures by which it will be judged.
type Arrangement struct {
	LocalityID int64 // 0 for partnership-wide
	Title      string
	Outcomes   []string // statute.Outcomes codes
	Principles []string // statute.Principles codes
	Measures   []string // local measures in words (and, written before indicators could be chosen, "NI-2: ...")
	// Indicators are the national indicators by which it will be judged:
	// statute codes ("NI-2", "MSG-1"), reported ones only.
	Indicators []string
}

// IndicatorCodes is ArrangementIndicators(a), for templates.
func (a Arrangement) IndicatorCodes() []string { return ArrangementIndicators(a) }

// ArrangementIndicators is every national indicator arrangement a is
// judged by: those chosen, and those its free-text measures cite at their
// start (as plans wrote them before indicators could be chosen), each
// once, in the statute's order. The performance report relates the
// arrangement to these indicators' figures.
func ArrangementIndicators(a Arrangement) []string {
	want := map[string]bool{}
	for _, c := range a.Indicators {
		want[c] = true
	}
	for _, m := range a.Measures {
		if ni, ok := CitedIndicator(m); ok {
			want[ni.Code] = true
		}
	}
	var out []string
	for _, ind := range statute.Indicators() {
		if want[ind.Code] {
			out = append(out, ind.Code)
		}
	}
	return out
}

// LocalMeasures are the free-text measures that do not cite a national
// indicator: what the form's text box shows once the cited ones are ticked
// as indicators.
func (a Arrangement) LocalMeasures() []string {
	var out []string
	for _, m := range a.Measures {
		if _, ok := CitedIndicator(m); !ok {
			out = append(out, m)
		}
	}
	return out
}

// Gaps is what a plan's content leaves out of s.29 and s.30.
type Gaps struct {
	OutcomesWithoutArrangement []statute.WellbeingOutcome
	LocalitiesWithoutSection   []string
	PrinciplesNeverAddressed   []statute.DeliveryPrinciple
	ArrangementsWithoutMeasure []string
	NoHousingStatement         bool
}

// Complete reports whether nothing is missing.
func (g Gaps) Complete() bool {
	return len(g.OutcomesWithoutArrangement) == 0 && len(g.LocalitiesWithoutSection) == 0 &&
		len(g.PrinciplesNeverAddressed) == 0 && len(g.ArrangementsWithoutMeasure) == 0 && !g.NoHousingStatement
}

// Coverage checks a plan's arrangements against the Act: every national
// outcome served by some arrangement, every locality with its own
// arrangements, every principle taken account of somewhere, every
// arrangement with a measure set at the outset, and the housing
// contribution statement present.
func Coverage(localities map[int64]string, as []Arrangement, housingStatement bool) Gaps {
	var g Gaps
	outcomes, principles, places := map[string]bool{}, map[string]bool{}, map[int64]bool{}
	for _, a := range as {
		for _, o := range a.Outcomes {
			outcomes[o] = true
		}
		for _, p := range a.Principles {
			principles[p] = true
		}
		places[a.LocalityID] = true
		if len(a.Measures) == 0 && len(a.Indicators) == 0 {
			g.ArrangementsWithoutMeasure = append(g.ArrangementsWithoutMeasure, a.Title)
		}
	}
	for _, o := range statute.Outcomes() {
		if !outcomes[o.Code] {
			g.OutcomesWithoutArrangement = append(g.OutcomesWithoutArrangement, o)
		}
	}
	for _, p := range statute.Principles() {
		if !principles[p.Code] {
			g.PrinciplesNeverAddressed = append(g.PrinciplesNeverAddressed, p)
		}
	}
	ids := make([]int64, 0, len(localities))
	for id := range localities {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if !places[id] {
			g.LocalitiesWithoutSection = append(g.LocalitiesWithoutSection, localities[id])
		}
	}
	g.NoHousingStatement = !housingStatement
	return g
}

// NextReviewDue is the date the next review is due (s.37): three years after
// the last review or publication; zero for a plan not yet published.
func (p Plan) NextReviewDue() time.Time {
	if p.PublishedAt.IsZero() {
		return time.Time{}
	}
	last, _ := time.Parse(time.DateOnly, p.LastReviewOn)
	return NextReview(p.PublishedAt, last)
}

// InForce reports whether the plan is the partnership's published plan
// (published, or published and under review), not yet replaced.
func (p Plan) InForce() bool { return p.Stage == Published || p.Stage == UnderReview }

// Next is the stage that follows the plan's stage: the next in the
// statutory sequence; after publication, "under review" (s.37); after a
// review that changes nothing, back to published. A replaced plan has none.
func (p Plan) Next() Stage {
	switch p.Stage {
	case Published:
		return UnderReview
	case UnderReview:
		return Published
	}
	i := slices.Index(Sequence, p.Stage)
	if i < 0 || i+1 >= len(Sequence) {
		return ""
	}
	return Sequence[i+1]
}

// isDate is the one check of a date typed as YYYY-MM-DD.
func isDate(s string) bool {
	_, ok := civil.ParseDate(s)
	return ok && s == strings.TrimSpace(s)
}

// ValidatePlan checks a plan's title, period and effective date.
func ValidatePlan(p Plan) error {
	var errs valid.Errors
	if p.Title == "" {
		errs.Add("title", "Enter the plan's title")
	}
	startOK, endOK := isDate(p.PeriodStart), isDate(p.PeriodEnd)
	if !startOK {
		errs.Add("period_start", "Enter the date the plan's period starts, like 2025-04-01")
	}
	if !endOK {
		errs.Add("period_end", "Enter the date the plan's period ends, like 2028-03-31")
	}
	if startOK && endOK && p.PeriodEnd <= p.PeriodStart {
		errs.Add("period_end", "The period must end after it starts")
	}
	if p.EffectiveOn != "" && !isDate(p.EffectiveOn) {
		errs.Add("effective_on", "Enter the date the plan takes effect, like 2025-04-01, or leave it empty until it is decided")
	}
	return errs.Err()
}

func tidy(p Plan) Plan {
	p.Title = strings.TrimSpace(p.Title)
	p.PeriodStart = strings.TrimSpace(p.PeriodStart)
	p.PeriodEnd = strings.TrimSpace(p.PeriodEnd)
	p.EffectiveOn = strings.TrimSpace(p.EffectiveOn)
	return p
}

// ValidateAddressee checks an addressee against the Act: the proposals and
// first draft go to the SPG; the second draft to the health board, the
// partnership's local authorities, representatives of the prescribed groups
// (one named addressee for each) and others.
func ValidateAddressee(p partnership.Partnership, r Addressee) error {
	var errs valid.Errors
	if !slices.Contains(SentStages, r.Stage) {
		errs.Add("stage", "Choose which text was sent: the proposals, the first draft or the second draft")
	}
	if !slices.Contains(RecipientKinds, r.Kind) {
		errs.Add("kind", "Choose who it was sent to")
	} else if r.Stage != "" && slices.Contains(SentStages, r.Stage) {
		if r.Kind == ToSPG && r.Stage == SecondDraft {
			errs.Add("kind", "The second draft goes to the health board, the local authorities and the prescribed groups for comment: the SPG's views were sought on the proposals and first draft")
		}
		if r.Kind != ToSPG && r.Stage != SecondDraft {
			errs.Add("kind", "The proposals and the first draft are sent to the Strategic Planning Group for its views (s.33)")
		}
	}
	if r.Name == "" {
		errs.Add("name", "Enter the name of the person or organisation it was sent to")
	}
	switch r.Kind {
	case ToHealthBoard:
		if r.Name != "" && r.Name != p.HealthBoard {
			errs.Add("name", "The partnership's health board is "+p.HealthBoard)
		}
	case ToLocalAuthority:
		if r.Name != "" && !slices.Contains(p.LocalAuthorityNames(), r.Name) {
			errs.Add("name", "Enter the name of one of the partnership's local authorities: "+strings.Join(p.LocalAuthorityNames(), ", "))
		}
	case ToGroup:
		if !slices.ContainsFunc(statute.PrescribedGroups(), func(g statute.Group) bool { return g.Code == r.GroupCode }) {
			errs.Add("group", "Choose the prescribed group the addressee represents")
		}
	}
	if !isDate(r.SentOn) {
		errs.Add("sent_on", "Enter the date it was sent, like 2027-09-01")
	}
	return errs.Err()
}

func tidyEngagement(e EngagementPlan) EngagementPlan {
	e.Who, e.How, e.Timing, e.Support = strings.TrimSpace(e.Who), strings.TrimSpace(e.How), strings.TrimSpace(e.Timing), strings.TrimSpace(e.Support)
	return e
}

// ValidateEngagement checks a communication and engagement plan: every
// part is required.
func ValidateEngagement(e EngagementPlan) error {
	var errs valid.Errors
	if e.Who == "" {
		errs.Add("who", "Say who will be engaged")
	}
	if e.How == "" {
		errs.Add("how", "Say how they will be engaged")
	}
	if e.Timing == "" {
		errs.Add("timing", "Say when they will be engaged")
	}
	if e.Support == "" {
		errs.Add("support", "Say what support will be offered so that people can take part")
	}
	return errs.Err()
}

// ValidateReview checks a review of plan pl (s.37): the plan is in force,
// the review is dated no earlier than publication, it considered the
// outcomes, the principles and the SPG's views, and it concludes.
func ValidateReview(pl Plan, rv Review) error {
	var errs valid.Errors
	if !pl.InForce() {
		errs.Add("reviewed_on", "Only a published plan in force is reviewed (s.37)")
	}
	if !isDate(rv.ReviewedOn) {
		errs.Add("reviewed_on", "Enter the date of the review, like 2027-03-31")
	} else if !pl.PublishedAt.IsZero() && rv.ReviewedOn < pl.PublishedAt.Format(time.DateOnly) {
		errs.Add("reviewed_on", "The review cannot be before the plan was published")
	}
	if rv.OutcomesNote == "" {
		errs.Add("outcomes_note", "Say how the review considered the national health and wellbeing outcomes")
	}
	if rv.PrinciplesNote == "" {
		errs.Add("principles_note", "Say how the review considered the integration delivery principles")
	}
	if rv.SPGViewsNote == "" {
		errs.Add("spg_views_note", "Say how the review considered the Strategic Planning Group's views")
	}
	if rv.Conclusion != "no-change" && rv.Conclusion != "replace" {
		errs.Add("conclusion", "Choose whether the plan stays in force or is to be replaced")
	}
	return errs.Err()
}

// ValidateDirection checks a s.38 direction and the replacement plan it
// starts: only an integration joint board is directed; the direction is
// dated; it rests on the statutory ground (both partners consider that the
// plan prevents, or is likely to prevent, them carrying out their
// functions appropriately) and says how; and it was given jointly, by the
// health board and every council of the partnership (one council missing
// is refused, naming it). The replacement's own fields are checked too, so
// every problem shows at once.
func ValidateDirection(p partnership.Partnership, x Direction, next Plan) error {
	var errs valid.Errors
	if p.Model != statute.ModelIJB {
		errs.Add("given_on", "A direction to replace the plan under section 38 can only be given to an integration joint board; "+
			p.Name+" uses the lead agency model, so the plan is replaced after a review (s.37)")
		return errs
	}
	if !isDate(x.GivenOn) {
		errs.Add("given_on", "Enter the date the direction was given, like 2027-06-01")
	}
	if x.Ground != GroundPrevents && x.Ground != GroundLikelyToPrevent {
		errs.Add("ground", "Choose the ground of the direction: that the plan prevents, or is likely to prevent, the health board and the council carrying out their functions appropriately (s.38)")
	}
	if x.Reason == "" {
		errs.Add("reason", "Say how the plan prevents the health board and local authority carrying out their functions, as the direction gives it")
	}
	partners := p.Partners()
	var missing []string
	for _, name := range partners {
		if !slices.Contains(x.JoinedBy, name) {
			missing = append(missing, name)
		}
	}
	for _, name := range x.JoinedBy {
		if !slices.Contains(partners, name) {
			errs.Add("joined_by", name+" is not a partner of "+p.Name+": choose the health board and councils that gave the direction")
			break
		}
	}
	if len(missing) > 0 {
		errs.Add("joined_by", "A direction to replace the plan is given jointly by the health board and every council of the partnership (s.38): "+
			strings.Join(missing, " and ")+" did not join")
	}
	if e, ok := valid.As(ValidatePlan(tidy(next))); ok {
		errs = append(errs, e...)
	}
	return errs.Err()
}

// sentence starts s with a capital letter.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Public reports whether the plan is published (or later: under review,
// replaced) or out for consultation on its second draft: only then does
// anyone outside the partnership see it (s.33(4), s.35).
func (p Plan) Public() bool {
	switch p.Stage {
	case Consultation, Published, UnderReview, Replaced:
		return true
	}
	return false
}
