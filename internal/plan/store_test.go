package plan_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

var officer = audit.Actor{UserID: 0, Name: "Test officer"}

// newPlan creates the demo partnership and a new plan of it.
func newPlan(t *testing.T, d *db.DB) (partnership.Partnership, plan.Plan) {
	t.Helper()
	ctx := context.Background()
	p, err := partnership.Create(ctx, d, demo.Partnership(), audit.System, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	pl, err := plan.StoreFor(d, p, nil).SavePlan(ctx, plan.Plan{Title: "Strategic plan 2026 to 2029", PeriodStart: "2026-04-01",
		PeriodEnd: "2029-03-31", EffectiveOn: "2026-04-01"}, officer)
	if err != nil {
		t.Fatal(err)
	}
	return p, pl
}

func stageError(t *testing.T, err error) string {
	t.Helper()
	errs, ok := valid.As(err)
	if !ok || errs.For("stage") == "" {
		t.Fatalf("got %v, want a valid.Errors for the field stage", err)
	}
	return errs.For("stage")
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSavePlanValidates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		if pl.Stage != plan.Engagement {
			t.Errorf("a new plan starts at %q, want the engagement plan", pl.Stage)
		}
		_, err := plan.StoreFor(d, p, nil).SavePlan(ctx, plan.Plan{Title: " ", PeriodStart: "2026-04-01", PeriodEnd: "2025-03-31", EffectiveOn: "soon"}, officer)
		errs, _ := valid.As(err)
		for _, f := range []string{"title", "period_end", "effective_on"} {
			if errs.For(f) == "" {
				t.Errorf("no error for %s: %v", f, err)
			}
		}
		pl.Title = "Strategic plan 2026 to 2029 (revised)"
		if _, err := plan.StoreFor(d, p, nil).SavePlan(ctx, pl, officer); err != nil {
			t.Fatal(err)
		}
		got, err := plan.StoreFor(d, p, nil).Plan(ctx, pl.ID)
		if err != nil || got.Title != pl.Title || got.Stage != plan.Engagement {
			t.Errorf("saved plan %+v, %v", got, err)
		}
		if _, err := plan.StoreFor(d, partnership.Partnership{ID: p.ID + 1000}, nil).Plan(ctx, pl.ID); err != valid.ErrNotFound {
			t.Errorf("another partnership's plan: %v, want ErrNotFound", err)
		}
	})
}

// Skipping a stage, or moving before the law's requirement is met, is
// refused with the requirement named, and nothing changes; a move that is
// allowed is dated, attributed and audited.
func TestAdvanceRefusesAndRecords(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		audits := count(t, d, "SELECT COUNT(*) FROM audit_log")

		_, err := plan.StoreFor(d, p, nil).Advance(ctx, pl.ID, plan.ProposalsViews, "2026-01-10", "", officer)
		if msg := stageError(t, err); !strings.Contains(msg, "cannot skip") || !strings.Contains(msg, "Proposals") {
			t.Errorf("skipping: %q", msg)
		}
		_, err = plan.StoreFor(d, p, nil).Advance(ctx, pl.ID, plan.Proposals, "2026-01-10", "", officer)
		if msg := stageError(t, err); !strings.Contains(msg, "the communication and engagement plan has not been recorded") {
			t.Errorf("without an engagement plan: %q", msg)
		}
		if got, _ := plan.StoreFor(d, p, nil).Plan(ctx, pl.ID); got.Stage != plan.Engagement {
			t.Errorf("a refused move changed the stage to %q", got.Stage)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM plan_stage_events WHERE plan_id = $1", pl.ID); n != 0 {
			t.Errorf("a refused move recorded %d events", n)
		}
		if count(t, d, "SELECT COUNT(*) FROM audit_log") != audits {
			t.Error("a refused move was audited")
		}

		if err := plan.StoreFor(d, p, nil).SaveEngagement(ctx, pl.ID, plan.EngagementPlan{Who: "Carers' groups", How: "Drop-in sessions",
			Timing: "September 2026", Support: "Travel paid, British Sign Language interpreters"}, officer); err != nil {
			t.Fatal(err)
		}
		moved, err := plan.StoreFor(d, p, nil).Advance(ctx, pl.ID, plan.Proposals, "2026-01-10", "Agreed by the SPG chair", officer)
		if err != nil {
			t.Fatal(err)
		}
		if moved.Stage != plan.Proposals {
			t.Errorf("stage %q after moving", moved.Stage)
		}
		es, err := plan.StoreFor(d, p, nil).StageEvents(ctx, pl.ID)
		if err != nil || len(es) != 1 || es[0].From != plan.Engagement || es[0].To != plan.Proposals || es[0].On != "2026-01-10" ||
			es[0].Actor != officer.Name || es[0].Note != "Agreed by the SPG chair" {
			t.Errorf("stage events %+v, %v", es, err)
		}
		last, err := audit.ForPartnership(ctx, d, p.ID, 1)
		if err != nil || len(last) != 1 || last[0].Entity != "strategic plan" || !strings.Contains(last[0].Summary, "to \"Proposals\"") {
			t.Errorf("audit entry %+v, %v", last, err)
		}

		// The proposals must be written and sent to the SPG.
		_, err = plan.StoreFor(d, p, nil).Advance(ctx, moved.ID, plan.ProposalsViews, "2026-02-01", "", officer)
		msg := stageError(t, err)
		for _, want := range []string{"the proposals have not been written", "the proposals have not been sent to the Strategic Planning Group"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%q does not say %q", msg, want)
			}
		}
	})
}

// The second draft goes to the health board, each council and a named
// representative of every prescribed group before the consultation starts.
func TestSecondDraftMustReachEveryPrescribedGroup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		// The earlier stages are not this test's concern.
		if _, err := d.ExecContext(ctx, "UPDATE plans SET stage = $1 WHERE id = $2", string(plan.SecondDraft), pl.ID); err != nil {
			t.Fatal(err)
		}
		pl.Stage = plan.SecondDraft
		if _, err := plan.StoreFor(d, p, nil).AddVersion(ctx, pl.ID, plan.SecondDraft, "", officer); err != nil {
			t.Fatal(err)
		}
		add := func(r plan.Addressee) {
			t.Helper()
			r.Stage, r.SentOn = plan.SecondDraft, "2026-09-01"
			if _, err := plan.StoreFor(d, p, nil).AddAddressee(ctx, pl.ID, r, officer); err != nil {
				t.Fatal(err)
			}
		}
		add(plan.Addressee{Kind: plan.ToHealthBoard, Name: p.HealthBoard})
		for _, la := range p.LocalAuthorityNames() {
			add(plan.Addressee{Kind: plan.ToLocalAuthority, Name: la})
		}
		for _, g := range statute.PrescribedGroups() {
			if g.Code != "carers-social-care" {
				add(plan.Addressee{Kind: plan.ToGroup, GroupCode: g.Code, Name: "Representative of " + g.Name})
			}
		}
		_, err := plan.StoreFor(d, p, nil).Advance(ctx, pl.ID, plan.Consultation, "2026-09-02", "", officer)
		msg := stageError(t, err)
		if !strings.Contains(msg, "the second draft has not been sent to representatives of: carers of users of social care (s.33(4))") {
			t.Errorf("message %q does not name the group", msg)
		}
		if strings.Contains(msg, "health board") || strings.Contains(msg, "local authority") {
			t.Errorf("message %q names a partner the draft was sent to", msg)
		}

		// An addressee without a name, or a council not of the partnership, is refused.
		_, err = plan.StoreFor(d, p, nil).AddAddressee(ctx, pl.ID, plan.Addressee{Stage: plan.SecondDraft, Kind: plan.ToGroup, GroupCode: "carers-social-care", SentOn: "2026-09-01"}, officer)
		if errs, _ := valid.As(err); errs.For("name") == "" {
			t.Errorf("an unnamed addressee: %v", err)
		}
		_, err = plan.StoreFor(d, p, nil).AddAddressee(ctx, pl.ID, plan.Addressee{Stage: plan.SecondDraft, Kind: plan.ToLocalAuthority, Name: "Nowhere Council", SentOn: "2026-09-01"}, officer)
		if errs, _ := valid.As(err); errs.For("name") == "" {
			t.Errorf("a council not of the partnership: %v", err)
		}
		_, err = plan.StoreFor(d, p, nil).AddAddressee(ctx, pl.ID, plan.Addressee{Stage: plan.Proposals, Kind: plan.ToHealthBoard, Name: p.HealthBoard, SentOn: "2026-09-01"}, officer)
		if errs, _ := valid.As(err); errs.For("kind") == "" {
			t.Errorf("proposals to the health board: %v", err)
		}

		add(plan.Addressee{Kind: plan.ToGroup, GroupCode: "carers-social-care", Name: "Glenmorven Carers Centre"})
		moved, err := plan.StoreFor(d, p, nil).Advance(ctx, pl.ID, plan.Consultation, "2026-09-02", "", officer)
		if err != nil || moved.Stage != plan.Consultation {
			t.Fatalf("with every group reached: %v", err)
		}
	})
}

// A review moves the review clock on; a replacement starts the sequence
// again and is started once; a s.38 direction is for integration joint
// boards only.
func TestReviewReplacementAndDirection(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		published := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		if _, err := d.ExecContext(ctx, "UPDATE plans SET stage = $1, published_at = $2 WHERE id = $3", string(plan.Published), published, pl.ID); err != nil {
			t.Fatal(err)
		}
		pl, _ = plan.StoreFor(d, p, nil).Plan(ctx, pl.ID)
		if due := pl.NextReviewDue(); due.Format(time.DateOnly) != "2029-04-01" {
			t.Errorf("review due %s, want three years after publication", due)
		}
		_, err := plan.StoreFor(d, p, nil).RecordReview(ctx, pl.ID, plan.Review{ReviewedOn: "2027-03-01", Conclusion: "no-change"}, officer)
		errs, _ := valid.As(err)
		for _, f := range []string{"outcomes_note", "principles_note", "spg_views_note"} {
			if errs.For(f) == "" {
				t.Errorf("a review without %s was accepted", f)
			}
		}
		if _, err := plan.StoreFor(d, p, nil).RecordReview(ctx, pl.ID, plan.Review{ReviewedOn: "2027-03-01", OutcomesNote: "All nine considered",
			PrinciplesNote: "Considered", SPGViewsNote: "The SPG met on 1 February", Conclusion: "replace"}, officer); err != nil {
			t.Fatal(err)
		}
		pl, _ = plan.StoreFor(d, p, nil).Plan(ctx, pl.ID)
		if due := pl.NextReviewDue(); due.Format(time.DateOnly) != "2030-03-01" {
			t.Errorf("review due %s after a review, want three years after it", due)
		}

		lead := p
		lead.Model = statute.ModelLeadAgency
		next := plan.Plan{Title: "Strategic plan 2027 to 2030", PeriodStart: "2027-04-01", PeriodEnd: "2030-03-31", EffectiveOn: "2027-04-01"}
		_, err = plan.StoreFor(d, lead, nil).RecordDirection(ctx, pl.ID, plan.Direction{GivenOn: "2027-03-02", Ground: plan.GroundPrevents, JoinedBy: p.Partners(), Reason: "New hospital"}, next, officer)
		if errs, _ := valid.As(err); !strings.Contains(errs.For("given_on"), "integration joint board") {
			t.Errorf("a direction to a lead agency: %v", err)
		}
		r, err := plan.StoreFor(d, p, nil).RecordDirection(ctx, pl.ID, plan.Direction{GivenOn: "2027-03-02", Ground: plan.GroundPrevents, JoinedBy: p.Partners(), Reason: "New hospital"}, next, officer)
		if err != nil {
			t.Fatal(err)
		}
		if r.Stage != plan.Engagement || r.ReplacesPlanID != pl.ID {
			t.Errorf("replacement %+v", r)
		}
		if ds, _ := plan.StoreFor(d, p, nil).Directions(ctx, pl.ID); len(ds) != 1 || ds[0].Ground != plan.GroundPrevents ||
			!slices.Equal(ds[0].JoinedBy, p.Partners()) {
			t.Errorf("directions %v", ds)
		}
		if old, _ := plan.StoreFor(d, p, nil).Plan(ctx, pl.ID); old.Stage != plan.Published {
			t.Errorf("the old plan is %q; it stays in force until the replacement is published", old.Stage)
		}
		_, err = plan.StoreFor(d, p, nil).StartReplacement(ctx, pl.ID, next, officer)
		if errs, _ := valid.As(err); !strings.Contains(errs.For("title"), "already been started") {
			t.Errorf("a second replacement: %v", err)
		}
	})
}

// The dashboard's plans in progress: each with the next stage and what the
// law still requires before it, and ready once nothing is missing.
// issue 10, item 16
func TestInProgress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		st := plan.StoreFor(d, p, nil)
		got, err := st.InProgress(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Plan.ID != pl.ID || got[0].Next != plan.Proposals || len(got[0].Missing) != 1 ||
			got[0].Missing[0] != "The communication and engagement plan has not been recorded" {
			t.Fatalf("in progress %+v, want the plan, next Proposals, missing its engagement plan", got)
		}
		if err := st.SaveEngagement(ctx, pl.ID, plan.EngagementPlan{Who: "Carers' groups", How: "Drop-in sessions",
			Timing: "Spring", Support: "Easy read"}, officer); err != nil {
			t.Fatal(err)
		}
		if got, err = st.InProgress(ctx); err != nil || len(got) != 1 || len(got[0].Missing) != 0 {
			t.Errorf("with an engagement plan: %+v, %v; want it ready to move on", got, err)
		}
	})
}
