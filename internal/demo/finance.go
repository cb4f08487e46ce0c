package demo

import (
	"context"
	"fmt"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/finance"
	"coplan/internal/partnership"
)

// FinancialPlanLink is the demo's medium-term financial plan.
const FinancialPlanLink = "https://glenmorven.example/medium-term-financial-plan"

// OverdueReserve is the purpose of the demo's earmarked reserve past its
// date, which the reserves check flags.
const OverdueReserve = "Primary care improvement: new treatment rooms"

// LateBudgetPartner is the partner whose budget for the current year the
// demo has agreed after the end of March, which the budgets check flags.
const LateBudgetPartner = "Glenmorven Council"

func yearOf(d civil.Date) finance.Year { return finance.YearOf(d) }

// loadFinance loads the demo's money: budgets for this financial year and
// the last (the council's for this year agreed in April, flagged), the
// directions, the medium-term financial plan link and reserves policy,
// reserves (one earmarked reserve past its date, flagged) and this year's
// financial statement, generated and published so the strategic plan can
// be published with it (s.39).
func loadFinance(ctx context.Context, d *db.DB, p partnership.Partnership, now civil.Clock) error {
	if err := loadDirections(ctx, d, p, now); err != nil {
		return err
	}
	st := finance.StoreFor(d, p, now)
	y := yearOf(civil.Day(now()))
	date := func(year finance.Year, md string) civil.Date {
		return civil.Date(fmt.Sprintf("%04d-%s", int(year), md))
	}
	budgets := []finance.Budget{
		{Year: y - 1, Partner: p.HealthBoard, Pence: 138_900_000_00, SetAsidePence: 20_800_000_00, PartnerAgreedOn: date(y-1, "03-20"), BoardAgreedOn: date(y-1, "03-27")},
		{Year: y - 1, Partner: LateBudgetPartner, Pence: 85_100_000_00, PartnerAgreedOn: date(y-1, "02-26"), BoardAgreedOn: date(y-1, "03-27")},
		{Year: y, Partner: p.HealthBoard, Pence: 142_600_000_00, SetAsidePence: 21_400_000_00, PartnerAgreedOn: date(y, "03-24"), BoardAgreedOn: date(y, "03-26")},
		{Year: y, Partner: LateBudgetPartner, Pence: 88_300_000_00, PartnerAgreedOn: date(y, "04-17"), BoardAgreedOn: date(y, "04-24")},
	}
	for _, b := range budgets {
		if _, err := st.SaveBudget(ctx, b, audit.System); err != nil {
			return fmt.Errorf("budget %s %s: %w", b.Partner, b.Year, err)
		}
	}
	if err := st.SaveSettings(ctx, finance.Settings{FinancialPlan: FinancialPlanLink, ReservesPolicy: "Glenmorven Integration Joint Board holds " +
		"reserves for two reasons only. Each earmarked reserve is held for a stated purpose against planned spending, with the date by which it " +
		"will be used; the chief finance officer reports each one's progress to the board every quarter, and money not needed is released. " +
		"A general reserve of up to 2% of the budget is held as a contingency against unexpected events or emergencies. Reserves are not " +
		"built up beyond these."}, audit.System); err != nil {
		return err
	}
	reserves := []struct {
		r     finance.Reserve
		moves []finance.Movement
	}{
		{finance.Reserve{Kind: "earmarked", Purpose: OverdueReserve, UseBy: date(y-1, "03-31")},
			[]finance.Movement{{Year: y - 2, Pence: 650_000_00, Note: "Primary care improvement fund underspend"}, {Year: y - 1, Pence: -200_000_00, Note: "Kilbrannan treatment room"}}},
		{finance.Reserve{Kind: "earmarked", Purpose: "Short breaks for unpaid carers", UseBy: date(y+1, "03-31")},
			[]finance.Movement{{Year: y - 1, Pence: 300_000_00, Note: "Carers Act funding carried forward"}, {Year: y, Pence: -120_000_00, Note: "Short breaks this year"}}},
		{finance.Reserve{Kind: "general", Purpose: "General contingency"},
			[]finance.Movement{{Year: y - 1, Pence: 3_900_000_00, Note: "Opening balance"}}},
	}
	for _, x := range reserves {
		r, err := st.AddReserve(ctx, x.r, x.moves[0], audit.System)
		if err != nil {
			return fmt.Errorf("reserve %s: %w", x.r.Purpose, err)
		}
		for _, m := range x.moves[1:] {
			if err := st.AddMovement(ctx, r.ID, m, audit.System); err != nil {
				return err
			}
		}
	}
	_, err := st.Publish(ctx, y, audit.System)
	return err
}
