package audit

import (
	"reflect"
	"testing"
)

// The audit log reads before and after as fields, never as JSON.
// issue 10, item 17
func TestChanges(t *testing.T) {
	cases := []struct {
		name, before, after string
		want                []Change
	}{
		{"created", "", `{"Title":"Plan","PeriodStart":"2027-04-01","Demo":true,"Localities":[{"ID":1,"Name":"Kilbrannan"},{"ID":2,"Name":"Strathard"}]}`,
			[]Change{{"Title", "", "Plan"}, {"Period start", "", "1 April 2027"}, {"Demo", "", "Yes"}, {"Localities", "", "Kilbrannan; Strathard"}}},
		{"only what changed", `{"Title":"Plan","Stage":"proposals","UpdatedAt":"2026-12-03T09:15:00Z"}`,
			`{"Title":"Plan","Stage":"first-draft","UpdatedAt":"2026-12-03T10:30:00Z"}`,
			[]Change{{"Stage", "proposals", "first-draft"}, {"Updated at", "3 December 2026, 9:15am", "3 December 2026, 10:30am"}}},
		{"deleted", `{"name":"Home care","partner":"NHS Glenmorven"}`, "",
			[]Change{{"Name", "Home care", ""}, {"Partner", "NHS Glenmorven", ""}}},
		{"a field removed", `{"a_b":1,"SPGViewsOn":"2026-02-10"}`, `{"a_b":1}`, []Change{{"SPG views on", "10 February 2026", ""}}},
		{"a nested record", `{"Require":{"Name":""}}`, `{"Require":{"Email":true,"Phone":false}}`,
			[]Change{{"Require", "", "Email: Yes, Phone: No"}}},
		{"an id not set", "", `{"ID":3,"ConsultationID":0,"plan_id":0}`, []Change{{"ID", "", "3"}}},
		{"not an object", `"old"`, `"new"`, []Change{{"Value", "old", "new"}}},
		{"nothing changed", `{"a":1}`, `{"a": 1}`, nil},
	}
	for _, c := range cases {
		if got := Changes(c.before, c.after); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
