package plan_test

import (
	"context"
	"testing"
	"time"

	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/finance"
	"coplan/internal/partnership"
	"coplan/internal/plan"
)

// issue 10, item 12: what was published stays as published. The
// consultation statement is kept with the version published; a response
// keyed in after the consultation closed is late, counted apart in the
// staff's preview, and changes no published figure; a correction is a new
// published version with its own statement.
func TestPublishedStatementStaysAsPublished(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		if _, err := d.ExecContext(ctx, "UPDATE plans SET stage = $1 WHERE id = $2", string(plan.Final), pl.ID); err != nil {
			t.Fatal(err)
		}
		st := plan.StoreFor(d, p, nil)
		c, q := closedConsultation(t, d, p)
		respond(t, d, c, q, consult.Respondent{Type: consult.Individual, Publish: consult.WithoutName}, consult.Paper, "Keep the day centre", consult.Accepted)
		respond(t, d, c, q, consult.Respondent{Type: consult.Organisation, Name: "Glenmorven Carers", Publish: consult.WithName}, consult.Email, "More breaks", consult.Accepted)
		if _, err := st.LinkConsultation(ctx, pl.ID, plan.Consultation, c.ID, officer); err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddVersion(ctx, pl.ID, plan.Final, "", officer); err != nil {
			t.Fatal(err)
		}
		publishFinancialStatement(t, d, p, pl)
		if _, err := st.Advance(ctx, pl.ID, plan.Published, time.Now().Format(time.DateOnly), "", officer); err != nil {
			t.Fatal(err)
		}
		published, n, err := st.PublishedStatement(ctx, pl.ID)
		if err != nil || n != 1 || published.Responses != 2 || published.Late != 0 {
			t.Fatalf("published statement: version %d, %d responses, %d late, %v", n, published.Responses, published.Late, err)
		}

		// A paper response keyed in today, after closing.
		enterAt(t, d, c, time.Now(), q, consult.Respondent{Type: consult.Organisation, Name: "Strathard Community Council", Publish: consult.WithName},
			consult.Paper, "Received late", consult.Accepted)
		rs, _ := consult.Responses(ctx, d, p.ID, c.ID)
		late := 0
		for _, r := range rs {
			if c.Late(r) {
				late++
			}
		}
		if len(rs) != 3 || late != 1 {
			t.Fatalf("%d responses, %d late; want 3, 1 late", len(rs), late)
		}
		again, n, err := st.PublishedStatement(ctx, pl.ID)
		if err != nil || n != 1 || again.Responses != 2 || again.Late != 0 || len(again.Organisations) != 1 || countOf(again.ByChannel, consult.Paper.Name()) != 1 {
			t.Errorf("the published statement changed: version %d, %+v, %v", n, again, err)
		}
		preview, _, err := st.LoadStatement(ctx, pl.ID)
		if err != nil || preview.Responses != 2 || preview.Late != 1 || preview.Consultations[0].Late != 1 {
			t.Errorf("the staff's preview: %+v, %v; want 2 responses and 1 late", preview, err)
		}

		// A correction is a new published version, with the statement as it stands then.
		v, err := st.NewVersion(ctx, pl.ID, "Adds the late response from Strathard Community Council to the statement", officer)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.PublishCorrection(ctx, pl.ID, v.Number, officer); err != nil {
			t.Fatal(err)
		}
		corrected, n, err := st.PublishedStatement(ctx, pl.ID)
		if err != nil || n != v.Number || corrected.Late != 1 {
			t.Errorf("after the correction: version %d, %+v, %v", n, corrected, err)
		}
	})
}

// A version published before statements were kept gets its statement the
// first time it is read, stored then, and it stays as stored: a response
// entered late, or one withheld after, changes nothing, and a page of
// the published plan never computes it again.
func TestOldPublishedVersionKeepsItsStatementOnFirstRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, pl := newPlan(t, d)
		if _, err := d.ExecContext(ctx, "UPDATE plans SET stage = $1 WHERE id = $2", string(plan.Final), pl.ID); err != nil {
			t.Fatal(err)
		}
		st := plan.StoreFor(d, p, nil)
		c, q := closedConsultation(t, d, p)
		respond(t, d, c, q, consult.Respondent{Type: consult.Individual, Publish: consult.WithoutName}, consult.Paper, "Keep the day centre", consult.Accepted)
		respond(t, d, c, q, consult.Respondent{Type: consult.Organisation, Name: "Glenmorven Carers", Publish: consult.WithName}, consult.Email, "More breaks", consult.Accepted)
		if _, err := st.LinkConsultation(ctx, pl.ID, plan.Consultation, c.ID, officer); err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddVersion(ctx, pl.ID, plan.Final, "", officer); err != nil {
			t.Fatal(err)
		}
		publishFinancialStatement(t, d, p, pl)
		if _, err := st.Advance(ctx, pl.ID, plan.Published, time.Now().Format(time.DateOnly), "", officer); err != nil {
			t.Fatal(err)
		}
		// As a database made before statements were kept has it.
		if _, err := d.ExecContext(ctx, "UPDATE plan_versions SET statement_json = '' WHERE plan_id = $1", pl.ID); err != nil {
			t.Fatal(err)
		}
		first, n, err := st.PublishedStatement(ctx, pl.ID)
		if err != nil || n != 1 || first.Responses != 2 {
			t.Fatalf("first read: version %d, %d responses, %v", n, first.Responses, err)
		}
		var kept string
		if err := d.QueryRowContext(ctx, "SELECT statement_json FROM plan_versions WHERE plan_id = $1 AND number = 1", pl.ID).Scan(&kept); err != nil || kept == "" {
			t.Fatalf("the statement read first was not stored: %q, %v", kept, err)
		}
		enterAt(t, d, c, time.Now(), q, consult.Respondent{Type: consult.Organisation, Name: "Strathard Community Council", Publish: consult.WithName},
			consult.Paper, "Received late", consult.Accepted)
		rs, _ := consult.Responses(ctx, d, p.ID, c.ID)
		if err := consult.StoreFor(d, p, time.Now).SetCheck(ctx, c, rs[0].ID, consult.Withheld, "checked again", nil, officer); err != nil {
			t.Fatal(err)
		}
		again, _, err := st.PublishedStatement(ctx, pl.ID)
		if err != nil || again.Responses != 2 || again.Late != 0 || len(again.Organisations) != 1 {
			t.Errorf("the stored statement changed: %+v, %v", again, err)
		}
		var still string
		d.QueryRowContext(ctx, "SELECT statement_json FROM plan_versions WHERE plan_id = $1 AND number = 1", pl.ID).Scan(&still)
		if still != kept {
			t.Error("the stored statement was computed again")
		}
	})
}

// publishFinancialStatement publishes the statement (s.39) a plan needs to
// be published: a budget from the health board for the plan's year,
// generated and published by the finance room.
func publishFinancialStatement(t *testing.T, d *db.DB, p partnership.Partnership, pl plan.Plan) {
	t.Helper()
	ctx := context.Background()
	y := plan.StatementYear(pl, civil.Day(time.Now()))
	st := finance.StoreFor(d, p, civil.SystemClock)
	if _, err := st.SaveBudget(ctx, finance.Budget{Year: y, Partner: p.HealthBoard, Pence: 100_000_00}, officer); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Publish(ctx, y, officer); err != nil {
		t.Fatal(err)
	}
}
