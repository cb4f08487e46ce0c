package finance_test

import (
	"strings"
	"testing"

	"coplan/internal/civil"
	"coplan/internal/directions"
	"coplan/internal/finance"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

var glen = partnership.Partnership{ID: 1, Name: "Glenmorven", Model: "ijb", HealthBoard: "NHS Glenmorven",
	LocalAuthorities: []partnership.Named{{ID: 1, Name: "Glenmorven Council"}},
	Localities:       []partnership.Named{{ID: 11, Name: "Kilbrannan"}, {ID: 12, Name: "Strathard"}, {ID: 13, Name: "Inverlussa"}}}

func TestPounds(t *testing.T) {
	for _, tt := range []struct {
		pence int64
		want  string
	}{{0, "£0"}, {100, "£1"}, {123456789_00, "£123,456,789"}, {1250, "£12.50"}, {-50_000_00, "-£50,000"}, {100_000_05, "£100,000.05"}} {
		if got := finance.Pounds(tt.pence); got != tt.want {
			t.Errorf("Pounds(%d) = %q, want %q", tt.pence, got, tt.want)
		}
	}
	for _, tt := range []struct {
		in   string
		want int64
		ok   bool
	}{{"1,250,000", 1_250_000_00, true}, {"£12.5", 1250, true}, {"-300", -300_00, true}, {"", 0, false}, {"12.345", 0, false}, {"ten", 0, false}} {
		if got, ok := finance.ParsePounds(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("ParsePounds(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestYear(t *testing.T) {
	for _, tt := range []struct {
		day  civil.Date
		want finance.Year
	}{{"2026-03-31", 2025}, {"2026-04-01", 2026}, {"2026-12-03", 2026}} {
		if got := finance.YearOf(tt.day); got != tt.want {
			t.Errorf("YearOf(%s) = %d, want %d", tt.day, got, tt.want)
		}
	}
	if got := finance.Year(2026).String(); got != "2026-27" {
		t.Errorf("Year(2026) = %q", got)
	}
	if got := finance.Year(2026).AgreeBy(); got != "2026-03-31" {
		t.Errorf("AgreeBy = %s", got)
	}
}

// MSG proposal 2(ii): delegated budgets agreed by the health board, the
// council and the IJB by the end of March each year.
func TestLateAgreements(t *testing.T) {
	hb := func(partner, board civil.Date) finance.Budget {
		return finance.Budget{Year: 2026, Partner: "NHS Glenmorven", Pence: 1, PartnerAgreedOn: partner, BoardAgreedOn: board}
	}
	council := finance.Budget{Year: 2026, Partner: "Glenmorven Council", Pence: 1, PartnerAgreedOn: "2026-03-01", BoardAgreedOn: "2026-03-02"}
	leadAgency := glen
	leadAgency.Model = "lead-agency"
	tests := []struct {
		name string
		p    partnership.Partnership
		bs   []finance.Budget
		want []string // the partners flagged, with words from the reason
	}{
		{"both agreed on 31 March", glen, []finance.Budget{hb("2026-03-31", "2026-03-31"), council}, nil},
		{"health board agreed in April", glen, []finance.Budget{hb("2026-04-01", "2026-03-20"), council}, []string{"NHS Glenmorven agreed it on 1 April 2026"}},
		{"board agreed in April", glen, []finance.Budget{hb("2026-03-20", "2026-04-02"), council}, []string{"the integration joint board agreed it on 2 April 2026"}},
		{"not agreed at all", glen, []finance.Budget{hb("", ""), council}, []string{"NHS Glenmorven has not agreed it; the integration joint board has not agreed it"}},
		{"no budget from the council", glen, []finance.Budget{hb("2026-03-20", "2026-03-20")}, []string{"no budget from Glenmorven Council"}},
		{"a lead agency has no board to agree", leadAgency, []finance.Budget{hb("2026-03-20", ""), council}, nil},
		{"another year's budget does not count", glen, []finance.Budget{hb("2026-03-20", "2026-03-20"), {Year: 2025, Partner: "Glenmorven Council"}},
			[]string{"no budget from Glenmorven Council"}},
	}
	for _, tt := range tests {
		got := finance.LateAgreements(tt.p, 2026, tt.bs)
		if len(got) != len(tt.want) {
			t.Errorf("%s: flagged %+v, want %d", tt.name, got, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			if !strings.Contains(got[i].Why, w) {
				t.Errorf("%s: %q does not say %q", tt.name, got[i].Why, w)
			}
		}
	}
}

func TestValidateBudget(t *testing.T) {
	ok := finance.Budget{Year: 2026, Partner: "NHS Glenmorven", Pence: 100, SetAsidePence: 50}
	tests := []struct {
		name  string
		edit  func(*finance.Budget)
		field string
	}{
		{"valid", func(*finance.Budget) {}, ""},
		{"unknown partner", func(b *finance.Budget) { b.Partner = "NHS Elsewhere" }, "partner"},
		{"negative", func(b *finance.Budget) { b.Pence = -1; b.SetAsidePence = 0 }, "amount"},
		{"set aside more than the whole", func(b *finance.Budget) { b.SetAsidePence = 101 }, "set_aside"},
		{"set aside by a council", func(b *finance.Budget) { b.Partner = "Glenmorven Council" }, "set_aside"},
		{"bad date", func(b *finance.Budget) { b.BoardAgreedOn = "2026-02-30" }, "board_agreed_on"},
		{"no year", func(b *finance.Budget) { b.Year = 0 }, "year"},
	}
	for _, tt := range tests {
		b := ok
		tt.edit(&b)
		err := finance.ValidateBudget(glen, b)
		errs, _ := valid.As(err)
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.field != "" && errs.For(tt.field) == "":
			t.Errorf("%s: got %v, want an error at %s", tt.name, err, tt.field)
		}
	}
}

// MSG proposal 2(iv): earmarked reserves with a timescale; one past its
// date and still holding money is flagged.
func TestOverdueReserves(t *testing.T) {
	money := []finance.Movement{{Year: 2024, Pence: 1000}}
	spent := []finance.Movement{{Year: 2024, Pence: 1000}, {Year: 2025, Pence: -1000}}
	tests := []struct {
		name string
		r    finance.Reserve
		want bool
	}{
		{"earmarked, date passed, money held", finance.Reserve{Kind: "earmarked", UseBy: "2026-03-31", Movements: money}, true},
		{"earmarked, used on its date", finance.Reserve{Kind: "earmarked", UseBy: "2026-12-03", Movements: money}, false},
		{"earmarked, date to come", finance.Reserve{Kind: "earmarked", UseBy: "2027-03-31", Movements: money}, false},
		{"earmarked, date passed, all spent", finance.Reserve{Kind: "earmarked", UseBy: "2026-03-31", Movements: spent}, false},
		{"general contingency", finance.Reserve{Kind: "general", Movements: money}, false},
	}
	for _, tt := range tests {
		got := len(finance.OverdueReserves([]finance.Reserve{tt.r}, "2026-12-03")) == 1
		if got != tt.want {
			t.Errorf("%s: overdue = %v, want %v", tt.name, got, tt.want)
		}
	}
	for _, tt := range []struct {
		r     finance.Reserve
		field string
	}{
		{finance.Reserve{Kind: "earmarked", Purpose: "Beds"}, "use_by"},
		{finance.Reserve{Kind: "general"}, "purpose"},
		{finance.Reserve{Kind: "rainy-day", Purpose: "x"}, "kind"},
	} {
		if errs, _ := valid.As(finance.ValidateReserve(tt.r)); errs.For(tt.field) == "" {
			t.Errorf("%+v: no error at %s", tt.r, tt.field)
		}
	}
}

// The statement: the total from the budgets; by function from the
// current directions; by locality and outcome in equal shares, the odd
// penny to the first, a direction naming no locality serving all.
func TestGenerate(t *testing.T) {
	fns := []partnership.Function{{ID: 1, Name: "District nursing"}, {ID: 2, Name: "Unscheduled care", SetAside: true}}
	bs := []finance.Budget{
		{Year: 2026, Partner: "NHS Glenmorven", Pence: 1000_00, SetAsidePence: 300_00},
		{Year: 2026, Partner: "Glenmorven Council", Pence: 500_00},
		{Year: 2025, Partner: "Glenmorven Council", Pence: 999_00},
	}
	ds := []directions.Direction{
		{ID: 1, Year: 2026, IssuedOn: "2026-04-01", Outcomes: []string{"O1", "O2"}, Localities: []int64{11, 12},
			Functions: []directions.Line{{FunctionID: 1, Function: "District nursing", BudgetPence: 100_01}}},
		{ID: 2, Year: 2026, IssuedOn: "2026-04-01", Outcomes: []string{"O9"},
			Functions: []directions.Line{{FunctionID: 2, Function: "Unscheduled care", BudgetPence: 300_00}}},
		// Superseded, not yet issued, and last year's: none count.
		{ID: 3, Year: 2026, IssuedOn: "2026-04-01", SupersededBy: 1, Functions: []directions.Line{{FunctionID: 1, Function: "District nursing", BudgetPence: 5}}},
		{ID: 4, Year: 2026, IssuedOn: "2027-01-01", Functions: []directions.Line{{FunctionID: 1, Function: "District nursing", BudgetPence: 7}}},
		{ID: 5, Year: 2025, IssuedOn: "2025-04-01", Functions: []directions.Line{{FunctionID: 1, Function: "District nursing", BudgetPence: 9}}},
	}
	s := finance.Generate(glen, 2026, "2026-12-03", bs, ds, fns, "https://example.org/mtfp")
	if s.Total != 1500_00 || s.SetAside != 300_00 || s.Directed != 400_01 || s.Unallocated != 1099_99 {
		t.Errorf("total %d set aside %d directed %d unallocated %d", s.Total, s.SetAside, s.Directed, s.Unallocated)
	}
	wantF := []finance.Share{{Name: "District nursing", Pence: 100_01}, {Name: "Unscheduled care", Pence: 300_00, SetAside: true}}
	if len(s.Functions) != 2 || s.Functions[0] != wantF[0] || s.Functions[1] != wantF[1] {
		t.Errorf("by function %+v, want %+v", s.Functions, wantF)
	}
	// District nursing 100.01 over Kilbrannan and Strathard: 50.01 and
	// 50.00; unscheduled care 300 over all three: 100 each.
	wantL := []int64{150_01, 150_00, 100_00}
	for i, l := range s.Localities {
		if l.Pence != wantL[i] {
			t.Errorf("locality %s: %d, want %d", l.Name, l.Pence, wantL[i])
		}
	}
	var sum int64
	for _, o := range s.Outcomes {
		sum += o.Pence
	}
	if len(s.Outcomes) != 3 || sum != s.Directed || s.Outcomes[0].Pence != 50_01 {
		t.Errorf("by outcome %+v", s.Outcomes)
	}
	if s.FinancialPlan == "" || s.Rule != finance.ApportionRule || s.YearName != "2026-27" {
		t.Errorf("statement %+v", s)
	}
}
