package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/selfeval"
	"coplan/internal/statute"
)

// demoRating is a demo item's grade last year and this year, with why.
type demoRating struct {
	framework, item string
	last, this      int
	why             string
	evidence        string // a selfeval kind whose first record is linked, or ""
	record          string // the name of the record of that kind to link instead of the first, or ""
}

var demoRatings = []demoRating{
	{statute.FrameworkStandards, "inclusion", 3, 4, "Carers and people who use services now sit on the Strategic Planning Group, but few young carers or people from the islands take part.", "body", ""},
	{statute.FrameworkStandards, "support", 3, 4, "Expenses and papers in easy read are offered; online meetings still shut some members out.", "meeting", ""},
	{statute.FrameworkStandards, "planning", 4, 4, "Each consultation starts from a plan of who to involve and why.", "consultation", ""},
	{statute.FrameworkStandards, "working-together", 4, 5, "People who use day centres and their carers designed the Saturday opening from the start.", "commissioning", ExemplaryWork},
	{statute.FrameworkStandards, "methods", 3, 3, "Mostly surveys and meetings; few deliberative events.", "consultation", ""},
	{statute.FrameworkStandards, "communication", 2, 3, "\"You said, we did\" is now published for the strategic plan, but not yet for every decision.", "plan", ""},
	{statute.FrameworkStandards, "impact", 2, 3, "We have started to record what changed because of people's views; we do not yet review our engagement each year.", "decision", ""},
	{statute.FrameworkQuality, "d1", 3, 4, "Locality groups meet quarterly in each of the four localities.", "body", ""},
	{statute.FrameworkQuality, "d2", 3, 3, "Service changes are consulted on, sometimes late.", "decision", ""},
	{statute.FrameworkQuality, "d3", 2, 3, "The board now receives an engagement report twice a year.", "meeting", ""},
	{statute.FrameworkPlanning, "issue", 4, 4, "", "", ""},
	{statute.FrameworkPlanning, "stakeholders", 3, 4, "", "", ""},
	{statute.FrameworkPlanning, "feedback", 2, 3, "People are not always told what became of their views.", "plan", ""},
	{statute.FrameworkMSG, "1(iii)", 3, 4, "Third sector interface and providers are members of the SPG and the commissioning group.", "body", ""},
	{statute.FrameworkMSG, "3(iv)", 3, 0, "Commissioning capacity is thin: the respite care procurement was decided before anyone was asked. This year's rating waits for the commissioning review.", "commissioning", TokenisticWork},
	{statute.FrameworkMSG, "6(ii)", 2, 3, "A carers' reference group has been set up.", "", ""},
}

// loadSelfEvaluation gives Glenmorven a published self-evaluation for last
// financial year, written and published on 30 April after it ended (or now,
// if that is earlier), and this year's as a draft started from it, so the
// two can be compared.
func loadSelfEvaluation(ctx context.Context, d *db.DB, p partnership.Partnership, now civil.Clock) error {
	this := selfeval.StoreFor(d, p, now)
	thisYear := this.ThisYear()
	lastYear := thisYear - 1
	publishedOn := time.Date(int(thisYear), time.April, 30, 10, 0, 0, 0, time.UTC)
	if publishedOn.After(now()) {
		publishedOn = now()
	}
	last := selfeval.StoreFor(d, p, func() time.Time { return publishedOn })
	if _, err := last.Start(ctx, lastYear, 0, audit.System); err != nil {
		return err
	}
	if err := demoYear(ctx, last, lastYear, false); err != nil {
		return err
	}
	if _, err := last.AddAction(ctx, lastYear, selfeval.Action{Framework: statute.FrameworkStandards, Item: "impact",
		What: "Publish \"you said, we did\" for every consultation", Owner: "Planning and performance manager",
		Due: civil.Date(fmt.Sprintf("%d-03-31", lastYear+1)), Done: civil.Date(fmt.Sprintf("%d-02-27", lastYear+1))}, audit.System); err != nil {
		return err
	}
	if _, err := last.AddAction(ctx, lastYear, selfeval.Action{Framework: statute.FrameworkMSG, Item: "6(ii)",
		What: "Set up a carers' reference group", Owner: "Carers lead", Due: civil.Date(fmt.Sprintf("%d-12-31", lastYear))}, audit.System); err != nil {
		return err
	}
	if _, err := last.Publish(ctx, lastYear, audit.System); err != nil {
		return err
	}
	if _, err := this.Start(ctx, thisYear, lastYear, audit.System); err != nil {
		return err
	}
	if err := demoYear(ctx, this, thisYear, true); err != nil {
		return err
	}
	_, err := this.AddAction(ctx, thisYear, selfeval.Action{Framework: statute.FrameworkStandards, Item: "inclusion",
		What: "Hold a young carers' session in each locality", Owner: "Carers lead", Due: civil.Date(fmt.Sprintf("%d-03-31", thisYear+1))}, audit.System)
	return err
}

// demoYear rates the demo items for one year and links their evidence.
func demoYear(ctx context.Context, st *selfeval.Store, y selfeval.Year, thisYear bool) error {
	byFramework := map[string][]selfeval.Rating{}
	var order []string
	for _, r := range demoRatings {
		g := r.last
		if thisYear {
			g = r.this
		}
		if _, seen := byFramework[r.framework]; !seen {
			order = append(order, r.framework)
		}
		byFramework[r.framework] = append(byFramework[r.framework], selfeval.Rating{Item: r.item, Grade: g, Commentary: r.why})
	}
	for _, f := range order {
		if err := st.SaveRatings(ctx, y, f, byFramework[f], audit.System); err != nil {
			return fmt.Errorf("rate %s: %w", f, err)
		}
	}
	for _, r := range demoRatings {
		if r.evidence == "" || r.evidence == "meeting" && !thisYear {
			continue // the demo's meetings are this year's
		}
		k, _ := selfeval.KindOf(r.evidence)
		recs, err := k.Records(ctx, st.Source())
		if err != nil {
			return err
		}
		if r.record != "" {
			recs = slices.DeleteFunc(recs, func(rec selfeval.Record) bool { return rec.Name != r.record })
		}
		if len(recs) == 0 {
			return fmt.Errorf("evidence for %s: no %s record %q", r.item, r.evidence, r.record)
		}
		if _, err := st.AddEvidence(ctx, y, r.framework, r.item, r.evidence, recs[0].ID, audit.System); err != nil {
			return fmt.Errorf("evidence for %s: %w", r.item, err)
		}
	}
	return nil
}
