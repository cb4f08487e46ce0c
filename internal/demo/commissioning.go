package demo

import (
	"context"
	"fmt"
	"strings"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/commissioning"
	"coplan/internal/db"
	"coplan/internal/partnership"
)

// The demo's commissioning work (issue 12): one piece done well, one done
// badly and one under way, all published.
const (
	// ExemplaryWork has people who use day centres and their carers
	// shaping it from the first stage, in every locality: no problems.
	ExemplaryWork = "Saturday opening of day centres for older people"
	// TokenisticWork is a procurement decided before anyone was asked,
	// with only providers at its first stage, people only told, a
	// locality left out and nobody told what came of it.
	TokenisticWork = "Respite care: buying short-break places from care homes"
	// InProgressWork counts a closed consultation, the SPG's views on the
	// draft plan and a board decision without keying them in.
	InProgressWork = "Carers' short breaks in the strategic plan 2026 to 2029"
)

// TokenisticFlags are the problems TokenisticWork has, exactly.
var TokenisticFlags = []commissioning.Flag{commissioning.NoUserOrCarerInvolvement, commissioning.DecisionBeforeInvolvement,
	commissioning.InformOnly, commissioning.LocalityNeverInvolved, commissioning.NoFeedback}

// loadCommissioning records the demo's commissioning work, linking the
// records the other rooms' demo content made (the day services option
// appraisal, the SPG's and the board's decisions, the consultations and
// the draft plan's arrangements).
func loadCommissioning(ctx context.Context, d *db.DB, p partnership.Partnership, now civil.Clock) error {
	by := audit.Actor{Name: "Euan Fraser (demo)"}
	st := commissioning.StoreFor(d, p, now)
	today := civil.Day(now())
	ago := func(n int) civil.Date { return today.AddDays(-n) }
	locality := func(names ...string) []int64 {
		var out []int64
		for _, l := range p.Localities {
			for _, n := range names {
				if l.Name == n {
					out = append(out, l.ID)
				}
			}
		}
		return out
	}
	all := locality("Kilbrannan", "Strathard", "Inverlussa", "Morven Coast")
	cands, err := st.Candidates(ctx)
	if err != nil {
		return err
	}
	record := func(k commissioning.SourceKind, part string) (int64, error) {
		for _, c := range cands {
			if c.Kind == k && strings.Contains(c.Title, part) {
				return c.ID, nil
			}
		}
		return 0, fmt.Errorf("no %s %q to link", k, part)
	}
	fs, err := partnership.StoreFor(d, p, now).Functions(ctx)
	if err != nil {
		return err
	}
	function := func(name string) []int64 {
		for _, f := range fs {
			if f.Name == name {
				return []int64{f.ID}
			}
		}
		return nil
	}
	type stage struct {
		code     string
		status   commissioning.Status
		from, to int // days ago
	}
	type link struct {
		kind  commissioning.SourceKind
		part  string // of the record's title, as Candidates names it
		stage string
		depth commissioning.Depth // 0 for coplan's default
	}
	type work struct {
		item         commissioning.Item
		stages       []stage
		involvements []commissioning.Involvement
		links        []link
	}
	g := func(pairs ...any) map[commissioning.Group]int {
		m := map[commissioning.Group]int{}
		for i := 0; i+1 < len(pairs); i += 2 {
			m[pairs[i].(commissioning.Group)] = pairs[i+1].(int)
		}
		return m
	}
	const (
		users  = commissioning.PeopleWhoUseServices
		carers = commissioning.UnpaidCarers
		third  = commissioning.ThirdSector
		provs  = commissioning.Providers
		staff  = commissioning.Staff
		comms  = commissioning.Communities
	)
	arrangements, err := st.Arrangements(ctx)
	if err != nil {
		return err
	}
	var draftArrangements []int64
	for _, a := range arrangements {
		if a.PlanTitle == ReplacementPlanTitle && len(draftArrangements) < 2 {
			draftArrangements = append(draftArrangements, a.ID)
		}
	}

	works := []work{
		{
			item: commissioning.Item{Title: ExemplaryWork, Kind: commissioning.ServiceRedesign, Localities: all,
				Functions:   function("Adult social work services"),
				Description: "Carers asked for a break at weekends. People who use the day centres and their carers worked with the partnership from the start on whether, where and how the centres should open on Saturdays."},
			stages: []stage{{"CS1", commissioning.Done, 200, 170}, {"CS2", commissioning.Done, 170, 140}, {"CS3", commissioning.Done, 140, 0},
				{"CS4", commissioning.UnderWay, 25, 0}, {"CS5", commissioning.UnderWay, 12, 0}, {"CS6", commissioning.UnderWay, 6, 0},
				{"CS7", commissioning.UnderWay, 4, 0}},
			involvements: []commissioning.Involvement{
				{Stage: "CS1", On: ago(190), Activity: commissioning.LivedExperiencePanel, Depth: commissioning.Collaborate,
					Taking: g(users, 8, carers, 6, comms, 4), Localities: all,
					Asked:   "What should day centres do for older people and the people who care for them?",
					Outcome: "Carers' need for a break at weekends became the first aim of the redesign, in the panel's own words.", Changed: true,
					Named: "Margaret Lindsay and Tom Baird (who agreed to be named)"},
				{Stage: "CS2", On: ago(160), Activity: commissioning.Workshop, Depth: commissioning.Collaborate,
					Taking: g(users, 10, carers, 9, staff, 4, third, 2), Localities: locality("Kilbrannan", "Strathard"),
					Asked:   "Which services need to be in place for Saturday opening to work: transport, meals, staffing?",
					Outcome: "Transport was added to the services needed, as people who cannot drive said they could not otherwise come.", Changed: true},
				{Stage: "CS2", On: ago(155), Activity: commissioning.Workshop, Depth: commissioning.Collaborate,
					Taking: g(users, 6, carers, 7, comms, 3), Localities: locality("Inverlussa", "Morven Coast"),
					Asked:   "The same questions, asked on the islands and in Inverlussa.",
					Outcome: "A ferry-timed minibus from Morven Coast was added.", Changed: true},
				{Stage: "CS3", On: ago(100), Activity: commissioning.DeliberativeEvent, Depth: commissioning.Empower,
					Taking: g(users, 12, carers, 10, comms, 6), Localities: all,
					Asked:   "Which of three options should the partnership take forward: every centre on Saturdays, one in each locality, or no change?",
					Outcome: "The panel chose one centre in each locality; the option appraisal and the board followed its choice.", Changed: true},
				{Stage: "CS4", On: ago(20), Activity: commissioning.WorkingGroup, Depth: commissioning.Collaborate,
					Taking: g(users, 3, carers, 3, provs, 4), Localities: all,
					Asked:   "How should providers staff the centres on Saturdays?",
					Outcome: "Providers and carers agreed a rota that keeps the same staff each week, as carers asked.", Changed: true},
				{Stage: "CS5", On: ago(10), Activity: commissioning.WorkingGroup, Depth: commissioning.Collaborate,
					Taking: g(users, 2, carers, 3, staff, 2), Localities: locality("Kilbrannan", "Morven Coast"),
					Asked:   "What should the procurement plan ask providers to show?",
					Outcome: "Continuity of staff and accessible transport became scored requirements.", Changed: true},
				{Stage: "CS6", On: ago(5), Activity: commissioning.WorkingGroup, Depth: commissioning.Empower,
					Taking: g(users, 2, carers, 2), Localities: locality("Strathard", "Inverlussa"),
					Asked:   "Carers and people who use the centres sat on the panel that scores the tenders.",
					Outcome: "Their scores count equally with the officers'; the panel's report says so.", Changed: true},
				{Stage: "CS7", On: ago(3), Activity: commissioning.LivedExperiencePanel, Depth: commissioning.Empower,
					Taking: g(users, 5, carers, 5), Localities: all,
					Asked:   "How should the partnership know whether Saturday opening works?",
					Outcome: "The panel set the measures the board will receive each quarter.", Changed: true},
			},
			links: []link{{commissioning.FromAppraisal, "Saturday opening of day centres", "CS3", 0}},
		},
		{
			item: commissioning.Item{Title: TokenisticWork, Kind: commissioning.Procurement, Localities: locality("Strathard", "Morven Coast"),
				Functions:   function("Care home services for adults"),
				Description: "Buying short-break places in care homes for people whose carers need a rest."},
			stages: []stage{{"CS1", commissioning.Done, 120, 90}, {"CS2", commissioning.Done, 90, 60}, {"CS3", commissioning.UnderWay, 60, 0}},
			involvements: []commissioning.Involvement{
				{Stage: "CS1", On: ago(100), Activity: commissioning.Survey, Depth: commissioning.Inform,
					Taking: g(provs, 6), Localities: locality("Strathard"),
					Asked:   "Care homes were told how many short-break places the partnership expects to buy.",
					Outcome: "Care homes were sent a summary of the places needed."},
				{Stage: "CS3", On: ago(20), Activity: commissioning.OtherActivity, Depth: commissioning.Inform,
					Taking: g(carers, 40), Localities: locality("Strathard"),
					Asked: "A letter told carers that respite care would be bought from care homes."},
			},
			links: []link{{commissioning.FromMeeting, "Glenmorven Strategic Planning Group: Recommend the second draft", "CS3", commissioning.Inform}},
		},
		{
			item: commissioning.Item{Title: InProgressWork, Kind: commissioning.PlanPriority, Localities: locality("Kilbrannan", "Inverlussa"),
				Functions: function("Support for unpaid carers"), Arrangements: draftArrangements,
				Description: "Short breaks for unpaid carers as a priority of the next strategic plan: what carers and the Strategic Planning Group have said so far."},
			stages: []stage{{"CS1", commissioning.Done, 120, 60}, {"CS2", commissioning.Done, 60, 35}, {"CS3", commissioning.UnderWay, 35, 0}},
			involvements: []commissioning.Involvement{
				{Stage: "CS2", On: ago(50), Activity: commissioning.Workshop, Depth: commissioning.Involve,
					Taking: g(carers, 9, third, 2), Localities: locality("Kilbrannan", "Inverlussa"),
					Asked:   "Which short breaks should the plan promise?",
					Outcome: "Overnight breaks and a sitting service were written into the draft carers' section.", Changed: true},
			},
			links: []link{
				{commissioning.FromConsult, "Day services for older people", "CS1", 0},
				{commissioning.FromConsult, "Short breaks for unpaid carers", "CS2", 0},
				{commissioning.FromMeeting, "Glenmorven Integration Joint Board: Approve the draft strategic plan", "CS3", 0},
				{commissioning.FromRepresentor, "before Glenmorven Strategic Planning Group", "CS3", 0},
			},
		},
	}
	for _, w := range works {
		it, err := st.CreateItem(ctx, w.item, by)
		if err != nil {
			return fmt.Errorf("%s: %w", w.item.Title, err)
		}
		for _, s := range w.stages {
			sr := commissioning.StageRecord{Code: s.code, Status: s.status, Started: ago(s.from)}
			if s.status == commissioning.Done {
				sr.Finished = ago(s.to)
			}
			if err := st.SetStage(ctx, it.ID, sr, by); err != nil {
				return fmt.Errorf("%s, %s: %w", it.Title, s.code, err)
			}
		}
		for _, inv := range w.involvements {
			if _, err := st.SaveInvolvement(ctx, it.ID, inv, inv.Named != "", by); err != nil {
				return fmt.Errorf("%s, involvement at %s: %w", it.Title, inv.Stage, err)
			}
		}
		for _, l := range w.links {
			id, err := record(l.kind, l.part)
			if err != nil {
				return fmt.Errorf("%s: %w", it.Title, err)
			}
			if _, err := st.AddLink(ctx, it.ID, commissioning.Link{Kind: l.kind, RecordID: id, Stage: l.stage, Depth: l.depth}, by); err != nil {
				return fmt.Errorf("%s, link %q: %w", it.Title, l.part, err)
			}
		}
		if err := st.PublishItem(ctx, it.ID, by); err != nil {
			return err
		}
	}
	return nil
}
