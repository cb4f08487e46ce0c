package plan_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// closedConsultation creates a published consultation of p that closed
// yesterday, with one free-text question, and returns it with the
// question's id.
func closedConsultation(t *testing.T, d *db.DB, p partnership.Partnership) (consult.Consultation, int64) {
	t.Helper()
	ctx := context.Background()
	closes := time.Now().Add(-24 * time.Hour)
	c, err := consultStore(d, p.ID).SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: "Second draft consultation",
		Summary: "Our second draft.", Body: "Tell us what you think.", Audience: consult.Public, OpensAt: closes.AddDate(0, 0, -60),
		ClosesAt: closes, Contact: "plans@example.org"}, officer)
	if err != nil {
		t.Fatal(err)
	}
	qn, err := consultStore(d, c.PartnershipID).SaveQuestionnaire(ctx, c, consult.Questionnaire{Sections: []consult.Section{{Title: "The draft",
		Questions: []consult.Question{{Code: "Q1", Kind: consult.Text, MaxChars: 2000, Text: "What should change?"}}}}}, "", officer)
	if err != nil {
		t.Fatal(err)
	}
	if err := consultStore(d, p.ID).SetStage(ctx, c.ID, "published", officer); err != nil {
		t.Fatal(err)
	}
	if c, err = consult.ConsultationByID(ctx, d, p.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	return c, qn.Questions()[0].ID
}

// respond enters a response, received while the consultation was open,
// and checks it.
func respond(t *testing.T, d *db.DB, c consult.Consultation, q int64, who consult.Respondent, channel consult.Channel, text string, check consult.CheckStatus) {
	t.Helper()
	enterAt(t, d, c, c.ClosesAt.Add(-time.Hour), q, who, channel, text, check)
}

// enterAt enters a response at time at, and checks it.
func enterAt(t *testing.T, d *db.DB, c consult.Consultation, at time.Time, q int64, who consult.Respondent, channel consult.Channel, text string, check consult.CheckStatus) {
	t.Helper()
	ctx := context.Background()
	who.ContactSet = true
	st := consult.StoreFor(d, partnership.Partnership{ID: c.PartnershipID}, func() time.Time { return at })
	r, err := st.EnterResponse(ctx, c, consult.Response{Channel: channel, Respondent: who,
		Answers: consult.Answers{q: {QuestionID: q, Text: text}}}, "TST", officer)
	if err != nil {
		t.Fatal(err)
	}
	if check != consult.Unchecked {
		reason := ""
		if check == consult.Withheld {
			reason = "Defamatory"
		}
		if err := st.SetCheck(ctx, c, r.ID, check, reason, nil, officer); err != nil {
			t.Fatal(err)
		}
	}
}

// issue 10, item 1: every submitted response reaches the planning team as
// views, from every channel, whatever its publishing preference and whether
// or not it was checked; only what may be published is shown in public.
func TestEveryResponseReachesTheOfficer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		c, q := closedConsultation(t, d, p)
		respond(t, d, c, q, consult.Respondent{Type: consult.Individual, Name: "Ann Private", Publish: consult.WithoutName}, consult.Paper, "More Saturday opening", consult.Accepted)
		respond(t, d, c, q, consult.Respondent{Type: consult.Individual, Name: "Bob Secret", Publish: consult.DoNotPublish}, consult.Email, "SECRET refused publication", consult.Accepted)
		respond(t, d, c, q, consult.Respondent{Type: consult.Individual, Name: "Cat", Publish: consult.WithName}, consult.Event, "UNCHECKED text", consult.Unchecked)
		respond(t, d, c, q, consult.Respondent{Type: consult.Organisation, Name: "Carers Centre", Publish: consult.WithName}, consult.Email, "WITHHELD text", consult.Withheld)
		respond(t, d, c, q, consult.Respondent{Type: consult.Individual, Publish: consult.WithoutName}, consult.Paper, "", consult.Unchecked)
		st := plan.StoreFor(d, p, nil)
		n, err := st.LinkConsultation(ctx, pl.ID, plan.Consultation, c.ID, officer)
		if err != nil || n != 5 {
			t.Fatalf("brought in %d, %v; want 5, one for each response", n, err)
		}
		// Linking again adds nothing.
		if n, err := st.LinkConsultation(ctx, pl.ID, plan.Consultation, c.ID, officer); err != nil || n != 0 {
			t.Fatalf("second link: %d, %v", n, err)
		}
		vs, err := st.Views(ctx, pl.ID)
		if err != nil || len(vs) != 5 {
			t.Fatalf("views %v, %v", vs, err)
		}
		var summaries []string
		for _, v := range vs {
			summaries = append(summaries, v.Summary)
		}
		for _, want := range []string{"More Saturday opening", "SECRET refused publication", "UNCHECKED text", "WITHHELD text", "No written comment"} {
			if !strings.Contains(strings.Join(summaries, "|"), want) {
				t.Errorf("the planning team does not see %q among %q", want, summaries)
			}
		}
		public, err := st.PublicViews(ctx, pl.ID)
		if err != nil || len(public) != 1 || public[0].Summary != "More Saturday opening" || public[0].FromWhom != "" {
			t.Errorf("public views %+v, %v: want only the publishable answer, without the individual's name", public, err)
		}
	})
}

// issue 10, item 2: the second draft's consultation is linked by staff, so
// one whose respondents all chose not to be published counts, with letters
// recorded by hand; the plan is finalised once every response is brought in
// and every view answered.
func TestLinkedConsultationWithNothingPublishable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		if _, err := d.ExecContext(ctx, "UPDATE plans SET stage = $1 WHERE id = $2", string(plan.Consultation), pl.ID); err != nil {
			t.Fatal(err)
		}
		st := plan.StoreFor(d, p, nil)
		c, q := closedConsultation(t, d, p)
		if _, err := st.Advance(ctx, pl.ID, plan.Final, "2026-12-01", "", officer); !strings.Contains(stageError(t, err), "has not closed") {
			t.Errorf("finalised with no consultation linked: %v", err)
		}
		// A consultation with no responses yet can be linked.
		if n, err := st.LinkConsultation(ctx, pl.ID, plan.Consultation, c.ID, officer); err != nil || n != 0 {
			t.Fatalf("link: %d, %v", n, err)
		}
		if ls, _ := st.LinkedConsultations(ctx, pl.ID); ls[c.ID] != plan.Consultation {
			t.Fatalf("linked %v", ls)
		}
		if _, err := st.LinkConsultation(ctx, pl.ID, plan.Proposals, c.ID, officer); fieldErrors(err).For("stage") == "" {
			t.Errorf("linked again at another stage: %v", err)
		}
		respond(t, d, c, q, consult.Respondent{Type: consult.Individual, Publish: consult.DoNotPublish}, consult.Paper, "Do not publish this", consult.Accepted)
		respond(t, d, c, q, consult.Respondent{Type: consult.Organisation, Name: "Glenmorven Council", Publish: consult.DoNotPublish}, consult.Email, "", consult.Unchecked)
		if msg := stageError(t, func() error { _, err := st.Advance(ctx, pl.ID, plan.Final, "2026-12-01", "", officer); return err }()); !strings.Contains(msg, "2 responses to the consultation on the second draft have not been brought in") {
			t.Errorf("finalising with responses not brought in: %q", msg)
		}
		if n, err := st.LinkConsultation(ctx, pl.ID, plan.Consultation, c.ID, officer); err != nil || n != 2 {
			t.Fatalf("bringing in the new responses: %d, %v", n, err)
		}
		if _, err := st.RecordView(ctx, plan.View{PlanID: pl.ID, Stage: plan.Consultation, Source: plan.FromOther, FromWhom: p.HealthBoard,
			Summary: "Letter: the board supports the draft and asks for a named lead for each locality."}, officer); err != nil {
			t.Fatal(err)
		}
		msg := stageError(t, func() error { _, err := st.Advance(ctx, pl.ID, plan.Final, "2026-12-01", "", officer); return err }())
		if !strings.Contains(msg, "not every view on the second draft") || strings.Contains(msg, "brought in") {
			t.Errorf("finalising with views unanswered: %q", msg)
		}
		vs, _ := st.Views(ctx, pl.ID)
		if len(vs) != 3 {
			t.Fatalf("views %+v, want the two responses and the letter", vs)
		}
		for _, v := range vs {
			v.Outcome = plan.AlreadyCovered
			if err := st.SetViewOutcome(ctx, v, officer); err != nil {
				t.Fatal(err)
			}
		}
		if moved, err := st.Advance(ctx, pl.ID, plan.Final, "2026-12-01", "", officer); err != nil || moved.Stage != plan.Final {
			t.Fatalf("finalising: %v", err)
		}
		if public, _ := st.PublicViews(ctx, pl.ID); len(public) != 1 || public[0].FromWhom != p.HealthBoard {
			t.Errorf("public views %+v: want only the letter", public)
		}
	})
}

func TestViewOutcomesAndYouSaidWeDid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		if _, err := plan.StoreFor(d, p, nil).RecordView(ctx, plan.View{PlanID: pl.ID, Stage: plan.Proposals, Source: plan.FromSPG}, officer); err == nil {
			t.Fatal("a view without its text was recorded")
		}
		v, err := plan.StoreFor(d, p, nil).RecordView(ctx, plan.View{PlanID: pl.ID, Stage: plan.Proposals, Source: plan.FromSPG, Summary: "Say more about carers"}, officer)
		if err != nil {
			t.Fatal(err)
		}
		// "Not changed" needs a reason; "changed" needs a version.
		v.Outcome = plan.NotChanged
		err = plan.StoreFor(d, p, nil).SetViewOutcome(ctx, v, officer)
		if errs, ok := valid.As(err); !ok || errs.For("note") == "" {
			t.Fatalf("not changed without a reason: %v", err)
		}
		v.Outcome = plan.Changed
		err = plan.StoreFor(d, p, nil).SetViewOutcome(ctx, v, officer)
		if errs, ok := valid.As(err); !ok || errs.For("version") == "" {
			t.Fatalf("changed without a version: %v", err)
		}
		v.Outcome, v.OutcomeNote = plan.NotChanged, "Carers have their own strategy"
		if err := plan.StoreFor(d, p, nil).SetViewOutcome(ctx, v, officer); err != nil {
			t.Fatal(err)
		}
		vs, _ := plan.StoreFor(d, p, nil).Views(ctx, pl.ID)
		ys := plan.YouSaidWeDid(vs)
		if len(ys) != 1 || ys[0].YouSaid != "Say more about carers" || ys[0].Reason != "Carers have their own strategy" {
			t.Errorf("you said, we did: %+v", ys)
		}
	})
}

func TestStatementCountsFollowTheResponses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		c, q := closedConsultation(t, d, p)
		loc := p.Localities[0]
		respond(t, d, c, q, consult.Respondent{Type: consult.Organisation, Name: "Glenmorven Carers", Publish: consult.DoNotPublish,
			LocalityID: loc.ID, Relationships: []string{"unpaid-carer"}}, consult.Email, "Keep respite", consult.Accepted)
		respond(t, d, c, q, consult.Respondent{Type: consult.Individual, Name: "Private Person", Publish: consult.WithoutName}, consult.Paper, "Fine", consult.Accepted)
		if _, err := plan.StoreFor(d, p, nil).LinkConsultation(ctx, pl.ID, plan.Consultation, c.ID, officer); err != nil {
			t.Fatal(err)
		}
		names := map[int64]string{}
		for _, l := range p.Localities {
			names[l.ID] = l.Name
		}
		st, linked, err := plan.StoreFor(d, p, nil).LoadStatement(ctx, pl.ID)
		if err != nil {
			t.Fatal(err)
		}
		if st.Responses != 2 || !plan.StatementReady(linked, time.Now()) {
			t.Fatalf("statement responses %d ready %v, want 2 and ready", st.Responses, plan.StatementReady(linked, time.Now()))
		}
		if len(st.Organisations) != 1 || st.Organisations[0] != "Glenmorven Carers" {
			t.Errorf("organisations %v: want the organisation only, never the individual", st.Organisations)
		}
		if got := countOf(st.ByLocality, loc.Name); got != 1 {
			t.Errorf("%s: %d responses, want 1", loc.Name, got)
		}
		// One more response: the statement's figures change with it.
		respond(t, d, c, q, consult.Respondent{Type: consult.Individual, Publish: consult.DoNotPublish, LocalityID: loc.ID,
			Relationships: []string{"unpaid-carer"}}, consult.Email, "More", consult.Unchecked)
		st, _, err = plan.StoreFor(d, p, nil).LoadStatement(ctx, pl.ID)
		if err != nil {
			t.Fatal(err)
		}
		if st.Responses != 3 || countOf(st.ByLocality, loc.Name) != 2 || countOf(st.ByChannel, consult.Email.Name()) != 2 ||
			countOf(st.ByRelationship, consult.RelationshipName("unpaid-carer")) != 2 {
			t.Errorf("after one more response: %+v", st)
		}
		for _, o := range st.Organisations {
			if strings.Contains(o, "Private") {
				t.Errorf("an individual is named: %v", st.Organisations)
			}
		}
	})
}

func countOf(cs []plan.Count, label string) int {
	for _, c := range cs {
		if c.Label == label {
			return c.N
		}
	}
	return 0
}

func TestEvaluateAnnexC(t *testing.T) {
	item := func(ls []plan.AnnexCLine, e statute.Evidence) plan.AnnexCLine {
		for _, l := range ls {
			if l.Item.Evidence == e {
				return l
			}
		}
		t.Fatalf("no item with evidence %s", e)
		return plan.AnnexCLine{}
	}
	none := plan.EvaluateAnnexC(plan.AnnexCFacts{})
	if len(none) != len(statute.AnnexC()) {
		t.Fatalf("%d lines, want %d", len(none), len(statute.AnnexC()))
	}
	for _, e := range []statute.Evidence{statute.EvidenceEIA, statute.EvidenceEasyRead, statute.EvidenceFinancialStatement,
		statute.EvidenceConsultationStatement, statute.EvidenceSPGViews, statute.EvidenceHousingStatement} {
		if l := item(none, e); l.Done || !l.Auto {
			t.Errorf("%s with no records: done=%v auto=%v", e, l.Done, l.Auto)
		}
	}
	all := plan.EvaluateAnnexC(plan.AnnexCFacts{Documents: map[plan.DocumentKind]bool{"eia": true, "easy-read": true, "financial-statement": true},
		FinancialStatement: "2026-27", StatementReady: true, SPGViews: true, Housing: true, Ticks: map[string]plan.Tick{"AC1": {Item: "AC1", Evidence: "Timeline agreed by the IJB"}}})
	for _, e := range []statute.Evidence{statute.EvidenceEIA, statute.EvidenceEasyRead, statute.EvidenceFinancialStatement,
		statute.EvidenceConsultationStatement, statute.EvidenceSPGViews, statute.EvidenceHousingStatement} {
		if !item(all, e).Done {
			t.Errorf("%s with its record: not done", e)
		}
	}
	// An uploaded document no longer stands for the statement (issue 14,
	// item 3): only the one generated and published counts.
	uploaded := plan.EvaluateAnnexC(plan.AnnexCFacts{Documents: map[plan.DocumentKind]bool{"financial-statement": true}})
	if item(uploaded, statute.EvidenceFinancialStatement).Done {
		t.Error("an uploaded financial statement counts for Annex C 14")
	}
	if !all[0].Done || all[0].Tick == nil || none[0].Done || !none[0].CanTick {
		t.Errorf("AC1 ticked by hand: %+v / %+v", all[0], none[0])
	}
}

func TestTickAnnexCNeedsEvidence(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		if err := plan.StoreFor(d, p, nil).TickAnnexC(ctx, pl.ID, "AC1", " ", officer); err == nil {
			t.Error("ticked without evidence")
		}
		if err := plan.StoreFor(d, p, nil).TickAnnexC(ctx, pl.ID, "AC2", "EIA done", officer); err == nil {
			t.Error("ticked the EIA item by hand: coplan checks it from the documents")
		}
		if err := plan.StoreFor(d, p, nil).TickAnnexC(ctx, pl.ID, "AC1", "Timeline agreed", officer); err != nil {
			t.Fatal(err)
		}
		h, _ := plan.StoreFor(d, p, nil).Plan(ctx, pl.ID)
		ls, err := plan.StoreFor(d, p, nil).LoadAnnexC(ctx, h.ID)
		if err != nil || !ls[0].Done {
			t.Errorf("AC1 after ticking: %+v, %v", ls[0], err)
		}
	})
}

// The s.36 rule orders the dates: the SPG's views, and the consultation's
// close or the other involvement of the people who use the service, all
// come before the decision; a consultation still open cannot count; the
// free reason for not consulting is gone (issue 10, item 4).
func TestCanTakeDecision(t *testing.T) {
	london := civil.London
	closed := time.Date(2026, 1, 31, 23, 59, 0, 0, london) // the consultation closed on 31 January
	ok := plan.Decision{Title: "Close the Saturday club", SPGViews: "Against", SPGViewsOn: "2026-02-10", ConsultationID: 4,
		ConsultationPublished: true, ConsultationClosesAt: closed}
	involved := plan.Involvement{What: "Two listening events at the club", On: "2026-01-20", With: "The club's members and their carers"}
	with := func(f func(*plan.Decision)) plan.Decision {
		d := ok
		f(&d)
		return d
	}
	noConsultation := func(d *plan.Decision) {
		d.ConsultationID, d.ConsultationPublished, d.ConsultationClosesAt = 0, false, time.Time{}
	}
	for _, tc := range []struct {
		name  string
		d     plan.Decision
		on    string
		field string
	}{
		{"views and a closed consultation before the decision", ok, "2026-02-11", ""},
		{"no SPG views", with(func(d *plan.Decision) { d.SPGViews, d.SPGViewsOn = "", "" }), "2026-02-11", "spg_views"},
		{"SPG views without a date", with(func(d *plan.Decision) { d.SPGViewsOn = "" }), "2026-02-11", "spg_views"},
		{"SPG views after the decision", ok, "2026-02-09", "spg_views"},
		{"SPG views on the day of the decision", ok, "2026-02-10", "spg_views"},
		{"the consultation still open on the decision's date", with(func(d *plan.Decision) {
			d.ConsultationClosesAt = time.Date(2026, 3, 1, 23, 59, 0, 0, london)
		}), "2026-02-11", "consultation"},
		{"the consultation closing during the day of the decision", with(func(d *plan.Decision) {
			d.ConsultationClosesAt = time.Date(2026, 2, 11, 12, 0, 0, 0, london)
		}), "2026-02-11", "consultation"},
		{"an open consultation beside other involvement still does not count", with(func(d *plan.Decision) {
			d.ConsultationClosesAt, d.Involvement = time.Date(2026, 3, 1, 23, 59, 0, 0, london), involved
		}), "2026-02-11", "consultation"},
		{"a consultation never published", with(func(d *plan.Decision) { d.ConsultationPublished = false }), "2026-02-11", "consultation"},
		{"no consultation and no other involvement", with(noConsultation), "2026-02-11", "consultation"},
		{"other involvement recorded before the decision", with(func(d *plan.Decision) { noConsultation(d); d.Involvement = involved }), "2026-02-11", ""},
		{"other involvement after the decision", with(func(d *plan.Decision) {
			noConsultation(d)
			d.Involvement = involved
			d.Involvement.On = "2026-02-12"
		}), "2026-02-11", "involved_on"},
		{"other involvement without saying with whom", with(func(d *plan.Decision) {
			noConsultation(d)
			d.Involvement = involved
			d.Involvement.With = ""
		}), "2026-02-11", "consultation"},
		{"other involvement without a date", with(func(d *plan.Decision) {
			noConsultation(d)
			d.Involvement = involved
			d.Involvement.On = ""
		}), "2026-02-11", "consultation"},
		{"no date", ok, "", "taken_on"},
		{"already taken", with(func(d *plan.Decision) { d.TakenOn = "2026-02-11" }), "2026-02-12", "taken_on"},
	} {
		errs := plan.CanTakeDecision(tc.d, tc.on)
		if tc.field == "" && len(errs) > 0 || tc.field != "" && errs.For(tc.field) == "" {
			t.Errorf("%s: %v, want an error for %q", tc.name, errs, tc.field)
		}
	}
}

func TestValidateDecisionInvolvement(t *testing.T) {
	for _, tc := range []struct {
		name  string
		v     plan.Involvement
		field string
	}{
		{"none", plan.Involvement{}, ""},
		{"complete", plan.Involvement{What: "A listening event", On: "2026-01-20", With: "Members"}, ""},
		{"no date", plan.Involvement{What: "A listening event", With: "Members"}, "involved_on"},
		{"not a date", plan.Involvement{What: "A listening event", On: "January", With: "Members"}, "involved_on"},
		{"with nobody", plan.Involvement{What: "A listening event", On: "2026-01-20"}, "involved_with"},
		{"nothing done", plan.Involvement{On: "2026-01-20", With: "Members"}, "involved_what"},
	} {
		errs := plan.ValidateDecision(plan.Decision{Title: "x", Involvement: tc.v})
		if tc.field == "" && len(errs) > 0 || tc.field != "" && errs.For(tc.field) == "" {
			t.Errorf("%s: %v, want an error for %q", tc.name, errs, tc.field)
		}
	}
}

func TestTakeDecisionRefusesWithoutSPGViews(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, _ := newPlan(t, d)
		today := func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, civil.London) }
		st := plan.StoreFor(d, p, today)
		x, err := st.SaveDecision(ctx, plan.Decision{PartnershipID: p.ID, Title: "Contract out the care at home service",
			Involvement: plan.Involvement{What: "Meetings with everyone who has care at home", On: "2026-01-15", With: "People who have care at home and their carers"}}, officer)
		if err != nil {
			t.Fatal(err)
		}
		err = st.TakeDecision(ctx, x.ID, "2026-02-01", officer)
		if errs, ok := valid.As(err); !ok || errs.For("spg_views") == "" {
			t.Fatalf("taken without the SPG's views: %v", err)
		}
		got, _ := st.DecisionByID(ctx, x.ID)
		if got.TakenOn != "" || got.Involvement.With != "People who have care at home and their carers" {
			t.Fatalf("the decision changed, or its involvement was not kept: %+v", got)
		}
		x.SPGViews, x.SPGViewsOn = "The group supports it", "2026-01-20"
		if _, err := st.SaveDecision(ctx, x, officer); err != nil {
			t.Fatal(err)
		}
		if errs, _ := valid.As(st.TakeDecision(ctx, x.ID, "2026-03-02", officer)); errs.For("taken_on") == "" {
			t.Error("a decision was recorded as taken on a day still to come")
		}
		if err := st.TakeDecision(ctx, x.ID, "2026-02-01", officer); err != nil {
			t.Fatal(err)
		}
	})
}

// A consultation linked to a decision counts only once it has closed
// before the decision's date (issue 10, item 4).
func TestTakeDecisionWaitsForTheConsultation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, _ := newPlan(t, d)
		c, _ := closedConsultation(t, d, p)
		st := plan.StoreFor(d, p, func() time.Time { return c.ClosesAt.AddDate(0, 0, 30) })
		x, err := st.SaveDecision(ctx, plan.Decision{Title: "Close a day centre", SPGViews: "Against", SPGViewsOn: string(civil.Day(c.OpensAt)),
			ConsultationID: c.ID}, officer)
		if err != nil {
			t.Fatal(err)
		}
		if !x.ConsultationClosesAt.Equal(c.ClosesAt) {
			t.Errorf("the decision's consultation closes %v, want %v", x.ConsultationClosesAt, c.ClosesAt)
		}
		if errs, _ := valid.As(st.TakeDecision(ctx, x.ID, string(civil.Day(c.ClosesAt)), officer)); errs.For("consultation") == "" {
			t.Error("the decision was taken on the day its consultation closed")
		}
		if err := st.TakeDecision(ctx, x.ID, string(civil.Day(c.ClosesAt).AddDays(1)), officer); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAppraisal(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, _ := newPlan(t, d)
		if _, err := plan.StoreFor(d, p, nil).CreateAppraisal(ctx, plan.Appraisal{PartnershipID: p.ID, Title: "Day centres", Kind: "investment",
			Options: []string{"Only one"}}, officer); err == nil {
			t.Fatal("an appraisal with one option and no criteria was accepted")
		}
		a, err := plan.StoreFor(d, p, nil).CreateAppraisal(ctx, plan.Appraisal{PartnershipID: p.ID, Title: "Day centres", Kind: "investment",
			Participants: "Two carers, a service user, two officers", Options: []string{"Saturday opening", "No change"},
			Criteria: []plan.Criterion{{Name: "Carers' wellbeing", Weight: 3}, {Name: "Cost", Weight: 1}}}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if err := plan.StoreFor(d, p, nil).PublishAppraisal(ctx, a.ID, "Open on Saturdays", officer); err == nil {
			t.Fatal("published before every option was scored")
		}
		if err := plan.StoreFor(d, p, nil).SaveScores(ctx, a.ID, []plan.Score{
			{Option: "Saturday opening", Criterion: "Carers' wellbeing", Value: 9, Reason: "Carers asked for it"},
			{Option: "Saturday opening", Criterion: "Cost", Value: 4, Reason: "Extra staff"},
			{Option: "No change", Criterion: "Carers' wellbeing", Value: 2, Reason: "No new breaks"},
			{Option: "No change", Criterion: "Cost", Value: 10, Reason: "No cost"}}, officer); err != nil {
			t.Fatal(err)
		}
		if err := plan.StoreFor(d, p, nil).PublishAppraisal(ctx, a.ID, "Open on Saturdays", officer); err != nil {
			t.Fatal(err)
		}
		a, _ = plan.StoreFor(d, p, nil).AppraisalByID(ctx, a.ID)
		totals, missing := a.Totals()
		if len(missing) != 0 || totals[0].Total != 31 || totals[1].Total != 16 || a.PublishedAt.IsZero() {
			t.Errorf("totals %+v missing %v", totals, missing)
		}
	})
}

// A view imported from a response leaves every public output once the
// response is withheld or redacted after the import.
func TestPublicViewsFollowLaterChecks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		c, q := closedConsultation(t, d, p)
		respond(t, d, c, q, consult.Respondent{Type: consult.Individual, Name: "Ann", Publish: consult.WithName}, consult.Paper, "Open on Saturdays", consult.Accepted)
		respond(t, d, c, q, consult.Respondent{Type: consult.Individual, Name: "Dan", Publish: consult.WithName}, consult.Paper, "My neighbour Mr X is a thief", consult.Accepted)
		if n, err := plan.StoreFor(d, p, nil).LinkConsultation(ctx, pl.ID, plan.Consultation, c.ID, officer); err != nil || n != 2 {
			t.Fatalf("brought in %d, %v", n, err)
		}
		rs, _ := consult.Responses(ctx, d, c.PartnershipID, c.ID)
		for _, r := range rs {
			if r.Respondent.Name == "Dan" {
				if err := consultStore(d, c.PartnershipID).SetCheck(ctx, c, r.ID, consult.Redacted, "", consult.Answers{q: {Text: "My neighbour [redacted]"}}, officer); err != nil {
					t.Fatal(err)
				}
			}
		}
		vs, err := plan.StoreFor(d, p, nil).PublicViews(ctx, pl.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The redaction applies where the view is shown.
		if len(vs) != 2 || vs[0].Summary != "Open on Saturdays" || vs[1].Summary != "My neighbour [redacted]" || vs[1].FromWhom != "Dan" {
			t.Errorf("public views = %+v, want both, the second as redacted", vs)
		}
		for _, r := range rs {
			if r.Respondent.Name == "Ann" {
				if err := consultStore(d, c.PartnershipID).SetCheck(ctx, c, r.ID, consult.Withheld, "Personal details", nil, officer); err != nil {
					t.Fatal(err)
				}
			}
		}
		if vs, _ := plan.StoreFor(d, p, nil).PublicViews(ctx, pl.ID); len(vs) != 1 || vs[0].FromWhom != "Dan" {
			t.Errorf("a withheld response still shows: %+v", vs)
		}
	})
}

// consultStore is the consultation store of partnership pid.
func consultStore(d *db.DB, pid int64) *consult.Store {
	return consult.StoreFor(d, partnership.Partnership{ID: pid}, nil)
}
