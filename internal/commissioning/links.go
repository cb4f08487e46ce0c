package commissioning

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/governance"
	"coplan/internal/meeting"
	"coplan/internal/plan"
	"coplan/internal/valid"
)

// What already exists counts (issue 12, item 3): a record linked to a work
// item at a stage becomes involvement and decisions there, read from the
// room that keeps it through the function it exports, never keyed in
// again. The mappings below (plan stage to commissioning stage, the
// consultation's relationships and the prescribed groups to Groups) are
// coplan's own: the sources give none.

// StageForPlan is the commissioning stage a stage of the strategic plan
// falls in: coplan's own mapping, not the guidance's. Setting out proposals
// and the engagement plan is analysing needs (CS1); the first draft is
// planning (CS2); the second draft, its consultation and the final plan
// are designing what is to be done (CS3); a published plan under review is
// monitoring and review (CS7). A replaced plan falls in none ("").
func StageForPlan(s plan.Stage) string {
	switch s {
	case plan.Engagement, plan.Proposals, plan.ProposalsViews:
		return "CS1"
	case plan.FirstDraft, plan.FirstDraftViews:
		return "CS2"
	case plan.SecondDraft, plan.Consultation, plan.Final:
		return "CS3"
	case plan.Published, plan.UnderReview:
		return "CS7"
	}
	return ""
}

// GroupForRelationship is the group a consultation respondent's stated
// relationship (consult's relationship codes) counts in; "other" and none
// given count as communities. coplan's own mapping.
func GroupForRelationship(code string) Group {
	switch code {
	case "uses-services":
		return PeopleWhoUseServices
	case "unpaid-carer":
		return UnpaidCarers
	case "works-in-care":
		return Staff
	case "provider":
		return Providers
	case "third-sector":
		return ThirdSector
	}
	return Communities
}

// GroupForPrescribed is the group a member representing one of the
// prescribed groups (statute.PrescribedGroups) counts in: users to people
// who use services, carers to unpaid carers, providers (housing among
// them) to providers, professionals to staff, third sector bodies to third
// sector. coplan's own mapping.
func GroupForPrescribed(code string) Group {
	switch {
	case strings.HasPrefix(code, "users-"):
		return PeopleWhoUseServices
	case strings.HasPrefix(code, "carers-"):
		return UnpaidCarers
	case strings.Contains(code, "providers-"):
		return Providers
	case strings.HasSuffix(code, "-professionals"):
		return Staff
	case code == "third-sector-bodies":
		return ThirdSector
	}
	return Communities
}

// groupForSeat is the group a member counts in: a prescribed group's
// representative as GroupForPrescribed, a nominee of the health board or a
// council as staff, a locality's representative and anyone else as
// communities. coplan's own mapping.
func groupForSeat(s governance.Seat) Group {
	switch s.Capacity {
	case governance.PrescribedGroupRep:
		return GroupForPrescribed(s.PrescribedGroup)
	case governance.HealthBoardNominee, governance.LocalAuthorityNominee:
		return Staff
	}
	return Communities
}

// takingOf counts the seats held on day (non-voting only when nonVoting)
// by group, with the localities their holders represent.
func takingOf(seats []governance.Seat, day civil.Date, nonVoting bool) (map[Group]int, []int64) {
	taking := map[Group]int{}
	var locs []int64
	for _, s := range seats {
		if !s.HeldOn(day) || nonVoting && s.Voting {
			continue
		}
		taking[groupForSeat(s)]++
		for _, l := range s.LocalityIDs {
			if !slices.Contains(locs, l) {
				locs = append(locs, l)
			}
		}
	}
	return taking, locs
}

// linkable returns how pages name one of the partnership's records of kind
// k, or valid.ErrNotFound.
func (s *Store) linkable(ctx context.Context, q db.Querier, k SourceKind, id int64) (string, error) {
	pid := s.p.ID
	switch k {
	case FromConsult:
		c, err := consult.ConsultationByID(ctx, q, pid, id)
		return c.Title, err
	case FromS36:
		d, err := plan.DecisionIn(ctx, q, pid, id)
		return d.Title, err
	case FromAppraisal:
		a, err := plan.AppraisalIn(ctx, q, pid, id)
		return a.Title, err
	case FromMeeting:
		x, err := meeting.DecisionIn(ctx, q, pid, id)
		return x.Text, err
	case FromRepresentor:
		r, err := meeting.RoundOf(ctx, q, pid, id)
		return roundTitle(r), err
	}
	return "", valid.ErrNotFound
}

// resolve reads what the records linked to it bring to a work item: its
// involvement and decisions, from the rooms that keep them. A linked
// record since deleted brings nothing and says so.
func (s *Store) resolve(ctx context.Context, q db.Querier, it *Item) error {
	for i := range it.Links {
		l := &it.Links[i]
		var err error
		switch l.Kind {
		case FromConsult:
			err = s.fromConsultation(ctx, q, it, l, l.RecordID)
		case FromS36:
			err = s.fromS36(ctx, q, it, l)
		case FromAppraisal:
			err = s.fromAppraisal(ctx, q, it, l)
		case FromMeeting:
			err = s.fromMeeting(ctx, q, it, l)
		case FromRepresentor:
			err = s.fromRound(ctx, q, it, l)
		}
		if errors.Is(err, valid.ErrNotFound) {
			l.Note = "The record is no longer there."
			continue
		}
		if err != nil {
			return fmt.Errorf("work item %d, link %d: %w", it.ID, l.ID, err)
		}
	}
	return s.fromPlanViews(ctx, q, it)
}

// fromConsultation counts a closed consultation's responses at the link's
// stage on its closing date: by the relationships respondents gave and the
// localities they came from. Its outcome is its published analysis
// report; until one is published nothing is recorded of what came of it.
// A consultation still open counts nothing yet.
func (s *Store) fromConsultation(ctx context.Context, q db.Querier, it *Item, l *Link, id int64) error {
	c, err := consult.ConsultationByID(ctx, q, s.p.ID, id)
	if err != nil {
		return err
	}
	if l.Title == "" {
		l.Title = c.Title
	}
	if c.PublishedAt.IsZero() || !s.now().After(c.ClosesAt) {
		l.Note = fmt.Sprintf("The consultation %s is still open or not yet published: its responses count once it closes.", c.Title)
		return nil
	}
	f, err := consult.FiguresOf(ctx, q, s.p.ID, c.ID)
	if err != nil {
		return err
	}
	taking := map[Group]int{}
	for code, n := range f.ByRelationship {
		taking[GroupForRelationship(code)] += n
	}
	var locs []int64
	for l, n := range f.ByLocality {
		if l != 0 && n > 0 {
			locs = append(locs, l)
		}
	}
	slices.Sort(locs)
	outcome := ""
	if !c.ReportedAt.IsZero() {
		outcome = "The analysis of the responses was published on " + civil.Day(c.ReportedAt).String() + "."
	}
	asked := c.Summary
	if asked == "" {
		asked = c.Title
	}
	it.Involvements = append(it.Involvements, Involvement{Stage: l.Stage, On: civil.Day(c.ClosesAt), Activity: ConsultationActivity,
		Depth: l.Depth, Taking: taking, Localities: locs, Asked: asked, Outcome: outcome,
		Source: Source{Kind: FromConsult, ID: c.ID, Title: c.Title}})
	return nil
}

// fromS36 makes an s.36 register entry a decision at the link's stage on
// the day it was taken; its "appropriate action" is involvement there,
// and its linked consultation counts as a linked consultation would.
func (s *Store) fromS36(ctx context.Context, q db.Querier, it *Item, l *Link) error {
	d, err := plan.DecisionIn(ctx, q, s.p.ID, l.RecordID)
	if err != nil {
		return err
	}
	l.Title = d.Title
	src := Source{Kind: FromS36, ID: d.ID, Title: d.Title}
	if d.TakenOn != "" {
		it.Decisions = append(it.Decisions, Decision{Stage: l.Stage, On: civil.Date(d.TakenOn), What: "Significant decision: " + d.Title, Source: src})
	}
	if v := d.Involvement; v.Recorded() && v.On != "" {
		asked := v.What
		if v.With != "" {
			asked += " (with " + v.With + ")"
		}
		// What came of it is the decision, once taken; the register does
		// not count who took part, so nobody is counted here.
		outcome := ""
		if d.TakenOn != "" {
			outcome = "The decision was taken on " + civil.Date(d.TakenOn).String() + ": " + strings.TrimSpace(d.Title+". "+d.Description)
		}
		it.Involvements = append(it.Involvements, Involvement{Stage: l.Stage, On: civil.Date(v.On), Activity: OtherActivity,
			Depth: l.Depth, Taking: map[Group]int{}, Asked: asked, Outcome: outcome, Source: src})
	}
	if d.ConsultationID != 0 {
		cl := *l
		cl.Title = d.ConsultationTitle
		if err := s.fromConsultation(ctx, q, it, &cl, d.ConsultationID); err != nil && !errors.Is(err, valid.ErrNotFound) {
			return err
		}
		if cl.Note != "" {
			l.Note = cl.Note
		}
	}
	return nil
}

// fromAppraisal makes a published option appraisal's decision a decision
// at the link's stage on the day it was published, and its participants,
// counted by group on the appraisal, involvement on the day it was
// started; what came of it is the decision, once published.
func (s *Store) fromAppraisal(ctx context.Context, q db.Querier, it *Item, l *Link) error {
	a, err := plan.AppraisalIn(ctx, q, s.p.ID, l.RecordID)
	if err != nil {
		return err
	}
	l.Title = a.Title
	src := Source{Kind: FromAppraisal, ID: a.ID, Title: a.Title}
	outcome := ""
	if !a.PublishedAt.IsZero() {
		it.Decisions = append(it.Decisions, Decision{Stage: l.Stage, On: civil.Day(a.PublishedAt), What: "Option appraisal decision: " + a.Title, Source: src})
		outcome = "The appraisal was published with its decision: " + a.Decision
	}
	taking := map[Group]int{}
	for g, n := range a.ParticipantCounts {
		if n > 0 {
			taking[Group(g)] += n
		}
	}
	it.Involvements = append(it.Involvements, Involvement{Stage: l.Stage, On: civil.Day(a.CreatedAt), Activity: WorkingGroup,
		Depth: l.Depth, Taking: taking, Asked: "To score the options against the criteria: " + a.Participants,
		Outcome: outcome, Source: src})
	return nil
}

// fromMeeting makes a board's or the SPG's decision a decision at the
// link's stage on the day of the meeting and, where the non-voting
// members' views were recorded, their involvement that day, counted from
// the body's non-voting seats held on the day.
func (s *Store) fromMeeting(ctx context.Context, q db.Querier, it *Item, l *Link) error {
	x, err := meeting.DecisionIn(ctx, q, s.p.ID, l.RecordID)
	if err != nil {
		return err
	}
	who := "Decision"
	switch x.BodyKind {
	case governance.IJB:
		who = "IJB decision"
	case governance.SPG:
		who = "Strategic Planning Group decision"
	default:
		who = x.Meeting.BodyName + " decision"
	}
	// Without its full stop: pages and the rules' messages put it in the
	// middle of a sentence.
	l.Title = who + ": " + strings.TrimSuffix(strings.TrimSpace(x.Text), ".")
	day := x.Meeting.Day()
	src := Source{Kind: FromMeeting, ID: x.ID, Parent: x.MeetingID, Title: l.Title}
	it.Decisions = append(it.Decisions, Decision{Stage: l.Stage, On: day, What: l.Title, Source: src})
	if x.NonVotingViews == "" {
		return nil
	}
	seats, err := governance.SeatsIn(ctx, q, s.p.ID, x.Meeting.BodyID)
	if err != nil {
		return err
	}
	taking, locs := takingOf(seats, day, true)
	if len(taking) == 0 {
		return nil // no non-voting member sat on the body that day: nobody to count
	}
	it.Involvements = append(it.Involvements, Involvement{Stage: l.Stage, On: day, Activity: MeetingActivity, Depth: l.Depth,
		Taking: taking, Localities: locs, Asked: "The non-voting members' views at " + x.Meeting.BodyName + ": " + x.NonVotingViews,
		Outcome: "The decision was taken with their views recorded: " + x.Text, Source: src})
	return nil
}

// roundTitle is how pages name a representative's round: by the
// representative's name only where they agreed to its being published,
// otherwise by the seat they hold.
func roundTitle(r meeting.Round) string {
	return fmt.Sprintf("Views gathered by %s before %s: %s", r.PublicName(), r.BodyName, r.AgendaItemTitle)
}

// fromRound makes a representative's round of views (MSG proposal 6(iii))
// an involvement at the link's stage on the day the views were gathered,
// counting the people they were gathered from by group and locality. What
// came of it is the meeting's decision on the agenda item the views were
// about; until one is recorded, nothing is.
func (s *Store) fromRound(ctx context.Context, q db.Querier, it *Item, l *Link) error {
	r, err := meeting.RoundOf(ctx, q, s.p.ID, l.RecordID)
	if err != nil {
		return err
	}
	l.Title = roundTitle(r)
	inv := Involvement{Stage: l.Stage, On: civil.Date(r.HeldOn), Activity: RepresentativeRound, Depth: l.Depth,
		Taking: maps.Clone(r.Counts), Localities: slices.Clone(r.LocalityIDs),
		Asked:  fmt.Sprintf("Their views on “%s” before %s (%s). They said: %s", r.AgendaItemTitle, r.MeetingTitle, r.MethodName(), r.Summary),
		Source: Source{Kind: FromRepresentor, ID: r.ID, Parent: r.MeetingID, Title: l.Title}}
	ds, err := meeting.DecisionsIn(ctx, q, s.p.ID)
	if err != nil {
		return err
	}
	for _, d := range ds {
		if d.MeetingID == r.MeetingID && d.AgendaItemID == r.AgendaItemID && r.AgendaItemID != 0 {
			inv.Outcome = "The views were before " + r.BodyName + " when it decided: " + d.Text
			break
		}
	}
	it.Involvements = append(it.Involvements, inv)
	return nil
}

// fromPlanViews counts the views on the plans the work item's arrangements
// belong to: those given at each stage of the plan, by each source, are
// one involvement at the commissioning stage StageForPlan maps it to. The
// SPG's views count the SPG's members on the day by group; views from
// meetings, events and letters count one person each, as communities.
// Views brought in from a consultation are left out: link the
// consultation itself, so its responses are counted once.
func (s *Store) fromPlanViews(ctx context.Context, q db.Querier, it *Item) error {
	if len(it.Arrangements) == 0 {
		return nil
	}
	pvs, err := plan.ViewsOfArrangements(ctx, q, s.p.ID, it.Arrangements)
	if err != nil {
		return err
	}
	var spgSeats []governance.Seat
	for _, pv := range pvs {
		type key struct {
			stage  plan.Stage
			source plan.ViewSource
		}
		var order []key
		byKey := map[key][]plan.View{}
		for _, v := range pv.Views {
			if v.Source == plan.FromConsultation || StageForPlan(v.Stage) == "" {
				continue
			}
			k := key{v.Stage, v.Source}
			if _, ok := byKey[k]; !ok {
				order = append(order, k)
			}
			byKey[k] = append(byKey[k], v)
		}
		for _, k := range order {
			vs := byKey[k]
			day := civil.Day(vs[0].CreatedAt)
			for _, v := range vs {
				if d := civil.Day(v.CreatedAt); d < day {
					day = d
				}
			}
			taking, locs := map[Group]int{Communities: len(vs)}, []int64(nil)
			if k.source == plan.FromSPG {
				if spgSeats == nil {
					if spgSeats, err = governance.SeatsOfKindIn(ctx, q, s.p.ID, governance.SPG); err != nil {
						return err
					}
				}
				taking, locs = takingOf(spgSeats, day, false)
			}
			var answered, changed, notChanged, covered int
			for _, v := range vs {
				switch v.Outcome {
				case plan.Changed:
					changed++
				case plan.NotChanged:
					notChanged++
				case plan.AlreadyCovered:
					covered++
				}
			}
			answered = changed + notChanged + covered
			outcome := ""
			if answered > 0 {
				outcome = fmt.Sprintf("Views answered: %d changed the plan, %d did not change it, %d were already covered.", changed, notChanged, covered)
				if answered < len(vs) {
					outcome += fmt.Sprintf(" Not answered yet: %d.", len(vs)-answered)
				}
			}
			it.Involvements = append(it.Involvements, Involvement{Stage: StageForPlan(k.stage), On: day, Activity: viewActivity(k.source),
				Depth: DefaultDepth(FromPlanViews), Taking: taking, Localities: locs,
				Asked:   fmt.Sprintf("Views on the plan at its stage: %s (%s)", k.stage.Name(), k.source.Name()),
				Outcome: outcome, Changed: changed > 0, Source: Source{Kind: FromPlanViews, ID: pv.PlanID, Title: pv.PlanTitle}})
		}
	}
	return nil
}

func viewActivity(s plan.ViewSource) Activity {
	switch s {
	case plan.FromSPG, plan.FromMeeting:
		return MeetingActivity
	case plan.FromEvent:
		return Workshop
	}
	return OtherActivity
}
