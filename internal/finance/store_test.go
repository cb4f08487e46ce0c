package finance_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/directions"
	"coplan/internal/finance"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

var officer = audit.Actor{Name: "Test officer"}

func at() time.Time { return time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC) }

func newPartnership(t *testing.T, d *db.DB, slug string) partnership.Partnership {
	t.Helper()
	p := demo.Partnership()
	p.Slug, p.Name = slug, slug
	p, err := partnership.Create(context.Background(), d, p, audit.System, at())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBudgetsReservesAndStatement(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "glenmorven")
		other := newPartnership(t, d, "strathmore")
		st := finance.StoreFor(d, p, at)
		ost := finance.StoreFor(d, other, at)

		// Publishing with no budget is refused, naming the year.
		if _, err := st.Publish(ctx, 2026, officer); !errors.Is(err, finance.ErrNoBudget) && !hasField(err, "year") {
			t.Fatalf("published with no budget: %v", err)
		}
		b := finance.Budget{Year: 2026, Partner: p.HealthBoard, Pence: 1000_00, SetAsidePence: 200_00, PartnerAgreedOn: "2026-03-20"}
		if _, err := st.SaveBudget(ctx, b, officer); err != nil {
			t.Fatal(err)
		}
		// Saving the same partner and year again changes it.
		b.Pence, b.BoardAgreedOn = 1200_00, "2026-04-02"
		if _, err := st.SaveBudget(ctx, b, officer); err != nil {
			t.Fatal(err)
		}
		bs, err := st.Budgets(ctx)
		if err != nil || len(bs) != 1 || bs[0].Pence != 1200_00 || bs[0].BoardAgreedOn != "2026-04-02" {
			t.Fatalf("budgets %+v, %v", bs, err)
		}
		if _, err := st.SaveBudget(ctx, finance.Budget{Year: 2026, Partner: "NHS Elsewhere", Pence: 1}, officer); !hasField(err, "partner") {
			t.Errorf("a partner not the partnership's: %v", err)
		}
		if l, _ := ost.Budgets(ctx); len(l) != 0 {
			t.Errorf("the other partnership sees %d budgets", len(l))
		}

		// A direction for the year, then the statement, twice: versions.
		fn, err := partnership.StoreFor(d, p, at).AddFunction(ctx, partnership.Function{Name: "District nursing", Partner: p.HealthBoard, Kind: "health"}, officer)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := directions.StoreFor(d, p, at).Issue(ctx, directions.Direction{Reference: "D1", Year: 2026, Addressee: "health-board",
			IssuedOn: "2026-04-01", ReviewOn: "2027-03-31", Functions: []directions.Line{{FunctionID: fn.ID, How: "Seven days", BudgetPence: 800_00}}}, 0, officer); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveSettings(ctx, finance.Settings{FinancialPlan: "https://example.org/mtfp", ReservesPolicy: "Earmark or hold 2%."}, officer); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveSettings(ctx, finance.Settings{FinancialPlan: "javascript:alert(1)"}, officer); !hasField(err, "financial_plan") {
			t.Errorf("a link that is not a web address: %v", err)
		}
		one, err := st.Publish(ctx, 2026, officer)
		if err != nil || one.Number != 1 || one.Statement.Total != 1200_00 || one.Statement.Directed != 800_00 || one.Statement.FinancialPlan == "" {
			t.Fatalf("first publication %+v, %v", one, err)
		}
		b.Pence = 1500_00
		if _, err := st.SaveBudget(ctx, b, officer); err != nil {
			t.Fatal(err)
		}
		two, err := st.Publish(ctx, 2026, officer)
		if err != nil || two.Number != 2 || two.Statement.Total != 1500_00 {
			t.Fatalf("second publication %+v, %v", two, err)
		}
		got, ok, err := finance.LatestIn(ctx, d, p.ID, 2026)
		if err != nil || !ok || got.Number != 2 || got.Statement.Year != 2026 {
			t.Errorf("latest %+v %v %v", got, ok, err)
		}
		if _, ok, _ := finance.LatestIn(ctx, d, other.ID, 2026); ok {
			t.Error("the other partnership has a published statement")
		}
		if _, ok, _ := st.Latest(ctx, 2027); ok {
			t.Error("a statement for a year never published")
		}

		// Reserves: an overdue earmarked reserve; another partnership's
		// reserve cannot be moved.
		r, err := st.AddReserve(ctx, finance.Reserve{Kind: "earmarked", Purpose: "Treatment rooms", UseBy: "2026-03-31"},
			finance.Movement{Year: 2025, Pence: 500_00}, officer)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddMovement(ctx, r.ID, finance.Movement{Year: 2026, Pence: -100_00, Note: "One room"}, officer); err != nil {
			t.Fatal(err)
		}
		if err := ost.AddMovement(ctx, r.ID, finance.Movement{Year: 2026, Pence: -400_00}, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("moved another partnership's reserve: %v", err)
		}
		rs, err := st.Reserves(ctx)
		if err != nil || len(rs) != 1 || rs[0].Balance() != 400_00 || len(rs[0].Movements) != 2 {
			t.Fatalf("reserves %+v, %v", rs, err)
		}
		if o := finance.OverdueReserves(rs, st.Today()); len(o) != 1 {
			t.Errorf("overdue %+v", o)
		}
		if l, _ := ost.Reserves(ctx); len(l) != 0 {
			t.Errorf("the other partnership sees %d reserves", len(l))
		}
	})
}

func hasField(err error, field string) bool {
	errs, ok := valid.As(err)
	return ok && errs.For(field) != ""
}

// Publishing stores the statement with its audit entry, or nothing.
func TestPublishIsOneTransaction(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	p := newPartnership(t, d, "glenmorven")
	st := finance.StoreFor(d, p, at)
	if _, err := st.SaveBudget(ctx, finance.Budget{Year: 2026, Partner: p.HealthBoard, Pence: 1}, officer); err != nil {
		t.Fatal(err)
	}
	dbtest.FailWrites(t, d, "audit_log")
	if _, err := st.Publish(ctx, 2026, officer); err == nil {
		t.Fatal("published without its audit entry")
	}
	if _, ok, _ := st.Latest(ctx, 2026); ok {
		t.Error("the statement was kept without its audit entry")
	}
	if _, err := st.AddReserve(ctx, finance.Reserve{Kind: "general", Purpose: "Contingency"}, finance.Movement{Year: 2026, Pence: 1}, officer); err == nil {
		t.Fatal("added a reserve without its audit entry")
	}
	if rs, _ := st.Reserves(ctx); len(rs) != 0 {
		t.Errorf("reserve kept: %+v", rs)
	}
}
