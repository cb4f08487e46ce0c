package plan_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/valid"
)

// fixedClock is a clock stopped at t.
func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

// otherPartnership creates a second partnership beside the demo's.
func otherPartnership(t *testing.T, d *db.DB) partnership.Partnership {
	t.Helper()
	p := demo.Partnership()
	p.Slug, p.Name, p.Demo = "strathmore", "Strathmore", false
	p, err := partnership.Create(context.Background(), d, p, audit.System, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// records are a plan of one partnership with one of each of its records.
type records struct {
	plan        plan.Plan
	version     plan.Version
	section     plan.Section
	arrangement plan.PlannedArrangement
	view        plan.View
	document    plan.Document
	link        plan.Link
	decision    plan.Decision
	appraisal   plan.Appraisal
}

func makeRecords(t *testing.T, st *plan.Store) records {
	t.Helper()
	ctx := context.Background()
	var r records
	var err error
	if r.plan, err = st.SavePlan(ctx, plan.Plan{Title: "Strategic plan", PeriodStart: "2026-04-01", PeriodEnd: "2029-03-31"}, officer); err != nil {
		t.Fatal(err)
	}
	if r.version, err = st.NewVersion(ctx, r.plan.ID, "", officer); err != nil {
		t.Fatal(err)
	}
	ss, err := st.Sections(ctx, r.version.ID)
	if err != nil || len(ss) == 0 {
		t.Fatalf("sections %v, %v", ss, err)
	}
	r.section = ss[0]
	if r.arrangement, err = st.SaveArrangement(ctx, r.plan.ID, r.version.Number, plan.PlannedArrangement{Arrangement: plan.Arrangement{
		Title: "Care at home", Outcomes: []string{"O1"}}}, officer); err != nil {
		t.Fatal(err)
	}
	if r.view, err = st.RecordView(ctx, plan.View{PlanID: r.plan.ID, Stage: plan.Proposals, Source: plan.FromSPG, Summary: "More for carers"}, officer); err != nil {
		t.Fatal(err)
	}
	if r.document, err = st.AddDocument(ctx, plan.Document{PlanID: r.plan.ID, Kind: "eia", Title: "EIA", Filename: "eia.pdf",
		ContentType: "application/pdf"}, []byte("%PDF-1.7\n"), officer); err != nil {
		t.Fatal(err)
	}
	if r.link, err = st.AddLink(ctx, r.plan.ID, plan.Link{Kind: plan.Correlate, RelatedPlan: "carer-strategy", Title: "Carers strategy", URL: "https://example.org/carers"}, officer); err != nil {
		t.Fatal(err)
	}
	if r.decision, err = st.SaveDecision(ctx, plan.Decision{Title: "Close a day centre"}, officer); err != nil {
		t.Fatal(err)
	}
	if r.appraisal, err = st.CreateAppraisal(ctx, plan.Appraisal{Title: "Day centres", Kind: "investment", Participants: "Carers",
		Options: []string{"A", "B"}, Criteria: []plan.Criterion{{Name: "Quality", Weight: 1}}}, officer); err != nil {
		t.Fatal(err)
	}
	return r
}

// rowCounts counts the rows of every table the plan store writes.
func rowCounts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"plans", "plan_versions", "plan_sections", "arrangements", "plan_views", "plan_documents", "plan_links",
		"plan_recipients", "plan_stage_events", "plan_reviews", "replacement_directions", "engagement_plans", "annex_c_ticks",
		"significant_decisions", "appraisals", "audit_log"} {
		out[table] = count(t, d, "SELECT COUNT(*) FROM "+table)
	}
	return out
}

// TestStoreIsolation reaches partnership B's plan and its records by their
// ids through a store bound to partnership A: every read and every write
// is valid.ErrNotFound (or finds nothing) and nothing changes.
func TestStoreIsolation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := fixedClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
		pa, _ := newPlan(t, d)
		pb := otherPartnership(t, d)
		a := plan.StoreFor(d, pa, now)
		b := plan.StoreFor(d, pb, now)
		mine := makeRecords(t, a)
		theirs := makeRecords(t, b)
		before := rowCounts(t, d)

		notFound := func(what string, err error) {
			t.Helper()
			if !errors.Is(err, valid.ErrNotFound) {
				t.Errorf("%s: %v, want valid.ErrNotFound", what, err)
			}
		}
		empty := func(what string, n int, err error) {
			t.Helper()
			if err != nil || n != 0 {
				t.Errorf("%s: %d records, %v; want none", what, n, err)
			}
		}
		pid, vid := theirs.plan.ID, theirs.version.ID

		// Reads, parent and child records.
		_, err := a.Plan(ctx, pid)
		notFound("plan", err)
		_, err = a.PublicPlan(ctx, pid)
		notFound("public plan", err)
		_, err = a.VersionByNumber(ctx, pid, theirs.version.Number)
		notFound("version", err)
		_, err = a.LatestVersion(ctx, pid)
		notFound("latest version", err)
		_, err = a.ArrangementByID(ctx, pid, theirs.version.Number, theirs.arrangement.ID)
		notFound("arrangement", err)
		_, err = a.ViewByID(ctx, pid, theirs.view.ID)
		notFound("view", err)
		_, err = a.ViewByID(ctx, mine.plan.ID, theirs.view.ID)
		notFound("their view through my plan", err)
		_, _, err = a.DocumentFile(ctx, pid, theirs.document.ID)
		notFound("document", err)
		_, _, err = a.DocumentFile(ctx, mine.plan.ID, theirs.document.ID)
		notFound("their document through my plan", err)
		_, err = a.DecisionByID(ctx, theirs.decision.ID)
		notFound("decision", err)
		_, err = a.AppraisalByID(ctx, theirs.appraisal.ID)
		notFound("appraisal", err)
		vs, err := a.Versions(ctx, pid)
		empty("versions", len(vs), err)
		ss, err := a.Sections(ctx, vid)
		empty("sections", len(ss), err)
		as, err := a.Arrangements(ctx, vid)
		empty("arrangements", len(as), err)
		views, err := a.Views(ctx, pid)
		empty("views", len(views), err)
		public, err := a.PublicViews(ctx, pid)
		empty("public views", len(public), err)
		docs, err := a.Documents(ctx, pid)
		empty("documents", len(docs), err)
		links, err := a.Links(ctx, pid)
		empty("links", len(links), err)
		choices, err := a.VersionChoices(ctx, pid)
		empty("version choices", len(choices), err)
		n, sections, err := a.PublicText(ctx, pid)
		empty("public text", n+len(sections), err)
		ps, err := a.Plans(ctx)
		if err != nil || len(ps) == 0 {
			t.Errorf("plans = %+v, %v; want A's", ps, err)
		}
		for _, x := range ps {
			if x.PartnershipID != pa.ID {
				t.Errorf("A's store lists plan %d of partnership %d", x.ID, x.PartnershipID)
			}
		}
		if ds, err := a.Decisions(ctx); err != nil || len(ds) != 1 || ds[0].ID != mine.decision.ID {
			t.Errorf("decisions = %+v, %v; want only A's", ds, err)
		}

		// Writes.
		by := officer
		_, err = a.SavePlan(ctx, plan.Plan{ID: pid, Title: "Taken over", PeriodStart: "2026-04-01", PeriodEnd: "2029-03-31"}, by)
		notFound("save plan", err)
		_, err = a.NewVersion(ctx, pid, "", by)
		notFound("new version", err)
		_, err = a.Advance(ctx, pid, plan.Proposals, "2026-05-01", "", by)
		notFound("advance", err)
		notFound("engagement", a.SaveEngagement(ctx, pid, plan.EngagementPlan{Who: "a", How: "b", Timing: "c", Support: "d"}, by))
		_, err = a.AddAddressee(ctx, pid, plan.Addressee{Stage: plan.Proposals, Kind: plan.ToSPG, Name: "SPG", SentOn: "2026-05-01"}, by)
		notFound("addressee", err)
		_, err = a.SaveSection(ctx, pid, theirs.version.Number, plan.Section{ID: theirs.section.ID, Title: "Taken over"}, by)
		notFound("section of their plan", err)
		_, err = a.SaveSection(ctx, mine.plan.ID, mine.version.Number, plan.Section{ID: theirs.section.ID, Title: "Taken over"}, by)
		notFound("their section through my version", err)
		_, err = a.SaveArrangement(ctx, mine.plan.ID, mine.version.Number, plan.PlannedArrangement{ID: theirs.arrangement.ID,
			Arrangement: plan.Arrangement{Title: "Taken over", Outcomes: []string{"O1"}}}, by)
		notFound("their arrangement through my version", err)
		notFound("remove arrangement", a.RemoveArrangement(ctx, pid, theirs.version.Number, theirs.arrangement.ID, by))
		notFound("remove their arrangement through my version", a.RemoveArrangement(ctx, mine.plan.ID, mine.version.Number, theirs.arrangement.ID, by))
		notFound("remove link", a.RemoveLink(ctx, mine.plan.ID, theirs.link.ID, by))
		_, err = a.RecordView(ctx, plan.View{PlanID: pid, Stage: plan.Proposals, Source: plan.FromSPG, Summary: "x"}, by)
		notFound("record view", err)
		v := theirs.view
		v.Outcome, v.OutcomeNote = plan.AlreadyCovered, "Taken over"
		notFound("answer view", a.SetViewOutcome(ctx, v, by))
		v.PlanID = mine.plan.ID
		notFound("answer their view through my plan", a.SetViewOutcome(ctx, v, by))
		_, err = a.AddDocument(ctx, plan.Document{PlanID: pid, Kind: "eia", Title: "x", URL: "https://example.org/x"}, nil, by)
		notFound("add document", err)
		notFound("tick annex c", a.TickAnnexC(ctx, pid, "AC1", "Taken over", by))
		_, err = a.SaveDecision(ctx, plan.Decision{ID: theirs.decision.ID, Title: "Taken over"}, by)
		notFound("save decision", err)
		notFound("take decision", a.TakeDecision(ctx, theirs.decision.ID, "2026-05-01", by))
		notFound("score appraisal", a.SaveScores(ctx, theirs.appraisal.ID, []plan.Score{{Option: "A", Criterion: "Quality", Value: 5}}, by))
		notFound("publish appraisal", a.PublishAppraisal(ctx, theirs.appraisal.ID, "Taken over", by))
		notFound("publish correction", a.PublishCorrection(ctx, pid, theirs.version.Number, by))

		after := rowCounts(t, d)
		for table, n := range before {
			if after[table] != n {
				t.Errorf("%s: %d rows before, %d after", table, n, after[table])
			}
		}
		got, err := b.Plan(ctx, pid)
		if err != nil || got.Title != theirs.plan.Title {
			t.Errorf("B's plan is now %+v, %v", got, err)
		}
		if ss, _ := b.Sections(ctx, vid); len(ss) == 0 || ss[0].Title != theirs.section.Title {
			t.Errorf("B's section changed: %+v", ss)
		}
		if v, _ := b.ViewByID(ctx, pid, theirs.view.ID); v.Outcome != plan.NoOutcome {
			t.Errorf("B's view was answered: %+v", v)
		}
		if x, _ := b.DecisionByID(ctx, theirs.decision.ID); x.Title != theirs.decision.Title || x.TakenOn != "" {
			t.Errorf("B's decision changed: %+v", x)
		}
	})
}

// TestWritesAreOneTransaction makes the second table of a write refuse
// inserts and checks that nothing of the first write is kept.
func TestWritesAreOneTransaction(t *testing.T) {
	ctx := context.Background()
	t.Run("new version copying sections", func(t *testing.T) {
		dbtest.Each(t, func(t *testing.T, d *db.DB) {
			p, pl := newPlan(t, d)
			st := plan.StoreFor(d, p, nil)
			if _, err := st.NewVersion(ctx, pl.ID, "", officer); err != nil {
				t.Fatal(err)
			}
			before := rowCounts(t, d)
			dbtest.FailInserts(t, d, "plan_sections")
			if _, err := st.NewVersion(ctx, pl.ID, "", officer); err == nil {
				t.Fatal("the new version was started although its sections could not be copied")
			}
			if after := count(t, d, "SELECT COUNT(*) FROM plan_versions"); after != before["plan_versions"] {
				t.Errorf("plan_versions: %d rows before, %d after", before["plan_versions"], after)
			}
		})
	})
	t.Run("advancing a stage", func(t *testing.T) {
		dbtest.Each(t, func(t *testing.T, d *db.DB) {
			p, pl := newPlan(t, d)
			st := plan.StoreFor(d, p, nil)
			if err := st.SaveEngagement(ctx, pl.ID, plan.EngagementPlan{Who: "Everyone", How: "Surveys", Timing: "Spring", Support: "Interpreters"}, officer); err != nil {
				t.Fatal(err)
			}
			dbtest.FailInserts(t, d, "audit_log")
			if _, err := st.Advance(ctx, pl.ID, plan.Proposals, "2026-05-01", "", officer); err == nil {
				t.Fatal("the plan advanced although its audit entry could not be written")
			}
			if n := count(t, d, "SELECT COUNT(*) FROM plan_stage_events WHERE plan_id = $1", pl.ID); n != 0 {
				t.Errorf("%d stage events kept", n)
			}
			if got, _ := st.Plan(ctx, pl.ID); got.Stage != plan.Engagement {
				t.Errorf("the plan is at %q, want still at the engagement plan", got.Stage)
			}
		})
	})
	t.Run("a plan with its audit entry", func(t *testing.T) {
		dbtest.Each(t, func(t *testing.T, d *db.DB) {
			p, _ := newPlan(t, d)
			st := plan.StoreFor(d, p, nil)
			before := count(t, d, "SELECT COUNT(*) FROM plans")
			dbtest.FailInserts(t, d, "audit_log")
			if _, err := st.SavePlan(ctx, plan.Plan{Title: "Another", PeriodStart: "2026-04-01", PeriodEnd: "2029-03-31"}, officer); err == nil {
				t.Fatal("the plan was saved although its audit entry could not be written")
			}
			if after := count(t, d, "SELECT COUNT(*) FROM plans"); after != before {
				t.Errorf("plans: %d rows before, %d after", before, after)
			}
		})
	})
	t.Run("a direction with its replacement plan", func(t *testing.T) {
		dbtest.Each(t, func(t *testing.T, d *db.DB) {
			p, pl := newPlan(t, d)
			if _, err := d.ExecContext(ctx, `UPDATE plans SET stage = $1, published_at = $2 WHERE id = $3`, string(plan.Published),
				time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), pl.ID); err != nil {
				t.Fatal(err)
			}
			st := plan.StoreFor(d, p, nil)
			before := count(t, d, "SELECT COUNT(*) FROM plans")
			dbtest.FailInserts(t, d, "replacement_directions")
			_, err := st.RecordDirection(ctx, pl.ID, plan.Direction{GivenOn: "2027-06-01", Ground: plan.GroundPrevents, JoinedBy: p.Partners(), Reason: "Services changed"},
				plan.Plan{Title: "Replacement", PeriodStart: "2027-04-01", PeriodEnd: "2030-03-31", EffectiveOn: "2027-04-01"}, officer)
			if err == nil {
				t.Fatal("the direction was recorded although it could not be stored")
			}
			if after := count(t, d, "SELECT COUNT(*) FROM plans"); after != before {
				t.Errorf("the replacement plan was kept: %d plans before, %d after", before, after)
			}
		})
	})
	t.Run("a view with its audit entry", func(t *testing.T) {
		dbtest.Each(t, func(t *testing.T, d *db.DB) {
			p, pl := newPlan(t, d)
			st := plan.StoreFor(d, p, nil)
			dbtest.FailInserts(t, d, "audit_log")
			if _, err := st.RecordView(ctx, plan.View{PlanID: pl.ID, Stage: plan.Proposals, Source: plan.FromSPG, Summary: "More for carers"}, officer); err == nil {
				t.Fatal("the view was recorded although its audit entry could not be written")
			}
			if n := count(t, d, "SELECT COUNT(*) FROM plan_views"); n != 0 {
				t.Errorf("%d views kept", n)
			}
		})
	})
}

// TestAdvanceJudgesByTheStoreClock checks that the advance page's check and
// the move itself use the store's clock: with the clock before a linked
// consultation closes both refuse; after, both allow.
func TestAdvanceJudgesByTheStoreClock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		if _, err := d.ExecContext(ctx, `UPDATE plans SET stage = $1 WHERE id = $2`, string(plan.Consultation), pl.ID); err != nil {
			t.Fatal(err)
		}
		closes := time.Date(2026, 9, 30, 23, 59, 0, 0, time.UTC)
		var cid int64
		if err := d.QueryRowContext(ctx, `INSERT INTO consultations (partnership_id, title, summary, body, audience, opens_at, closes_at,
			contact, published_at, created_at, updated_at) VALUES ($1, 'Second draft', '', '', 'public', $2, $3, '', $2, $2, $2) RETURNING id`,
			p.ID, closes.AddDate(0, -3, 0), closes).Scan(&cid); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `INSERT INTO plan_views (plan_id, stage, source, consultation_id, from_whom, summary, section_key,
			outcome, outcome_note, created_at) VALUES ($1, 'consultation', 'consultation', $2, '', 'A view', '', 'already-covered', '', $3)`,
			pl.ID, cid, closes); err != nil {
			t.Fatal(err)
		}
		// The consultation is linked to the plan explicitly (issue 10, item 2).
		if _, err := d.ExecContext(ctx, `INSERT INTO plan_consultations (plan_id, consultation_id, stage, linked_by, linked_at)
			VALUES ($1, $2, 'consultation', 'Test officer', $3)`, pl.ID, cid, closes); err != nil {
			t.Fatal(err)
		}
		before := plan.StoreFor(d, p, fixedClock(closes.Add(-time.Hour)))
		after := plan.StoreFor(d, p, fixedClock(closes.Add(time.Hour)))
		if err := before.CheckAdvance(ctx, pl.ID, plan.Final); err == nil {
			t.Error("the check allowed the final plan before the consultation closed")
		}
		if _, err := before.Advance(ctx, pl.ID, plan.Final, "2026-09-30", "", officer); err == nil {
			t.Error("the move to the final plan was allowed before the consultation closed")
		}
		if err := after.CheckAdvance(ctx, pl.ID, plan.Final); err != nil {
			t.Errorf("after closing: %v", err)
		}
		if _, err := after.Advance(ctx, pl.ID, plan.Final, "2026-10-01", "", officer); err != nil {
			t.Errorf("after closing: %v", err)
		}
	})
}
