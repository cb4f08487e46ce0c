package directions_test

import (
	"testing"

	"coplan/internal/civil"
	"coplan/internal/directions"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

var glen = partnership.Partnership{ID: 1, Name: "Glenmorven", Model: "ijb", HealthBoard: "NHS Glenmorven",
	LocalAuthorities: []partnership.Named{{ID: 1, Name: "Glenmorven Council"}},
	Localities:       []partnership.Named{{ID: 11, Name: "Kilbrannan"}, {ID: 12, Name: "Strathard"}}}

var fns = []partnership.Function{{ID: 1, Name: "District nursing"}, {ID: 2, Name: "Care at home"}, {ID: 3, Name: "Equipment"}}

// ss.26-27: a direction for every delegated function; a superseded one, or
// one not yet issued, does not count; under the lead agency model "carried
// out by the authority itself" does (seed 003 §3.6).
func TestUncovered(t *testing.T) {
	line := func(id int64) []directions.Line { return []directions.Line{{FunctionID: id}} }
	tests := []struct {
		name string
		ds   []directions.Direction
		want []string
	}{
		{"no directions", nil, []string{"District nursing", "Care at home", "Equipment"}},
		{"all current", []directions.Direction{{IssuedOn: "2026-04-01", Functions: append(line(1), directions.Line{FunctionID: 2}, directions.Line{FunctionID: 3})}}, nil},
		{"one superseded", []directions.Direction{{IssuedOn: "2026-04-01", SupersededBy: 9, Functions: line(1)},
			{IssuedOn: "2026-04-01", Functions: append(line(2), directions.Line{FunctionID: 3})}}, []string{"District nursing"}},
		{"one not yet issued", []directions.Direction{{IssuedOn: "2027-01-01", Functions: line(1)},
			{IssuedOn: "2026-04-01", Addressee: "itself", Functions: append(line(2), directions.Line{FunctionID: 3})}}, []string{"District nursing"}},
		{"issued today counts", []directions.Direction{{IssuedOn: "2026-12-03", Functions: append(line(1), directions.Line{FunctionID: 2}, directions.Line{FunctionID: 3})}}, nil},
	}
	for _, tt := range tests {
		got := directions.Uncovered(fns, tt.ds, "2026-12-03")
		var names []string
		for _, f := range got {
			names = append(names, f.Name)
		}
		if len(names) != len(tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, names, tt.want)
			continue
		}
		for i := range names {
			if names[i] != tt.want[i] {
				t.Errorf("%s: %v, want %v", tt.name, names, tt.want)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	ok := directions.Direction{Reference: "D2026-01", Year: 2026, Addressee: "both", Council: "Glenmorven Council", Outcomes: []string{"O1"},
		Localities: []int64{11}, IssuedOn: "2026-04-01", ReviewOn: "2027-03-31",
		Functions: []directions.Line{{FunctionID: 1, Function: "District nursing", How: "Seven days a week", BudgetPence: 100}}}
	leadAgency := glen
	leadAgency.Model = "lead-agency"
	tests := []struct {
		name  string
		p     partnership.Partnership
		edit  func(*directions.Direction)
		field string
	}{
		{"valid", glen, func(*directions.Direction) {}, ""},
		{"no reference", glen, func(d *directions.Direction) { d.Reference = " " }, "reference"},
		{"an IJB cannot carry out a function itself", glen, func(d *directions.Direction) { d.Addressee = "itself" }, "addressee"},
		{"a lead agency can", leadAgency, func(d *directions.Direction) { d.Addressee = "itself" }, ""},
		{"someone else", glen, func(d *directions.Direction) { d.Addressee = "the-minister" }, "addressee"},
		{"a council not the partnership's", glen, func(d *directions.Direction) { d.Council = "Other Council" }, "council"},
		{"no functions", glen, func(d *directions.Direction) { d.Functions = nil }, "functions"},
		{"a function not delegated", glen, func(d *directions.Direction) { d.Functions[0].FunctionID = 99 }, "functions"},
		{"not saying how", glen, func(d *directions.Direction) { d.Functions[0].How = "" }, "how-1"},
		{"a negative budget", glen, func(d *directions.Direction) { d.Functions[0].BudgetPence = -1 }, "budget-1"},
		{"an outcome not in the list", glen, func(d *directions.Direction) { d.Outcomes = []string{"O10"} }, "outcomes"},
		{"a locality not the partnership's", glen, func(d *directions.Direction) { d.Localities = []int64{99} }, "localities"},
		{"review before issue", glen, func(d *directions.Direction) { d.ReviewOn = "2026-03-01" }, "review_on"},
		{"no issue date", glen, func(d *directions.Direction) { d.IssuedOn = "" }, "issued_on"},
	}
	for _, tt := range tests {
		d := ok
		d.Functions = append([]directions.Line(nil), ok.Functions...)
		tt.edit(&d)
		err := directions.Validate(tt.p, fns, d)
		errs, _ := valid.As(err)
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.field != "" && errs.For(tt.field) == "":
			t.Errorf("%s: got %v, want an error at %s", tt.name, err, tt.field)
		}
	}
}

func TestDueForReview(t *testing.T) {
	ds := []directions.Direction{
		{Reference: "A", IssuedOn: "2025-04-01", ReviewOn: "2026-03-31"},
		{Reference: "B", IssuedOn: "2026-04-01", ReviewOn: "2027-03-31"},
		{Reference: "C", IssuedOn: "2025-04-01", ReviewOn: "2026-03-31", SupersededBy: 2},
	}
	got := directions.DueForReview(ds, civil.Date("2026-12-03"))
	if len(got) != 1 || got[0].Reference != "A" {
		t.Errorf("due for review: %+v", got)
	}
}
