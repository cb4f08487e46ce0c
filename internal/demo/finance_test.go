package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"coplan/internal/civil"
	"coplan/internal/db/dbtest"
	"coplan/internal/directions"
	"coplan/internal/finance"
	"coplan/internal/partnership"
)

// The demo shows each money check failing once (issue 14, "Done when"):
// the council's budget agreed after March, one delegated function without
// a direction, one earmarked reserve past its date; and this year's
// financial statement published, with every locality given a share.
func TestDemoMoney(t *testing.T) {
	d := dbtest.SQLite(t)
	load(t, d)
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, Slug)
	if err != nil {
		t.Fatal(err)
	}
	st := finance.StoreFor(d, p, time.Now)
	y := finance.YearOf(civil.Day(time.Now()))
	bs, err := st.Budgets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	late := finance.LateAgreements(p, y, bs)
	if len(late) != 1 || late[0].Budget.Partner != LateBudgetPartner {
		t.Errorf("late budgets %+v, want only %s's", late, LateBudgetPartner)
	}
	if l := finance.LateAgreements(p, y-1, bs); len(l) != 0 {
		t.Errorf("last year's budgets flagged: %+v", l)
	}
	ds := directions.StoreFor(d, p, time.Now)
	list, err := ds.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fns, err := ds.Functions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	un := directions.Uncovered(fns, list, civil.Day(time.Now()))
	if len(un) != 1 || un[0].Name != UndirectedFunction {
		t.Errorf("functions without a direction %+v, want only %s", un, UndirectedFunction)
	}
	// Last year's directions are each superseded by this year's; of this
	// year's, only the carers' first direction is.
	superseded := 0
	for _, x := range list {
		switch {
		case x.Year == int(y)-1 && x.SupersededBy == 0:
			t.Errorf("last year's direction %s is not superseded", x.Reference)
		case x.Year == int(y) && x.SupersededBy != 0:
			superseded++
		}
	}
	if superseded != 1 {
		t.Errorf("%d of this year's directions superseded, want 1", superseded)
	}
	for _, x := range list {
		if len(x.Arrangements) == 0 {
			t.Errorf("direction %s picks none of the plan's arrangements", x.Reference)
		}
		for _, a := range x.Arrangements {
			if a.ID == 0 || a.Title == "" || a.Plan != PublishedPlanTitle {
				t.Errorf("direction %s: arrangement %+v, want one of %s", x.Reference, a, PublishedPlanTitle)
			}
		}
	}
	rs, err := st.Reserves(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if o := finance.OverdueReserves(rs, civil.Day(time.Now())); len(o) != 1 || o[0].Purpose != OverdueReserve {
		t.Errorf("overdue reserves %+v, want only %q", o, OverdueReserve)
	}
	pub, ok, err := st.Latest(ctx, y)
	if err != nil || !ok {
		t.Fatalf("no published statement for %s: %v", y, err)
	}
	s := pub.Statement
	if s.Total != 230_900_000_00 || s.SetAside != 21_400_000_00 || len(s.Localities) != len(p.Localities) {
		t.Errorf("statement total %s, set aside %s, %d localities", finance.Pounds(s.Total), finance.Pounds(s.SetAside), len(s.Localities))
	}
	for _, l := range s.Localities {
		if l.Pence == 0 {
			t.Errorf("locality %s has no share", l.Name)
		}
	}
	if !strings.Contains(s.Rule, "equal shares") {
		t.Errorf("the statement does not carry the apportionment rule: %q", s.Rule)
	}
}
