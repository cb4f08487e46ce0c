package commissioning_test

import (
	"testing"

	"coplan/internal/commissioning"
	"coplan/internal/plan"
	"coplan/internal/statute"
)

// The mappings are coplan's own (the sources give none); these tables are
// what the README states.
func TestStageForPlan(t *testing.T) {
	for _, c := range []struct {
		stage plan.Stage
		want  string
	}{
		{plan.Engagement, "CS1"}, {plan.Proposals, "CS1"}, {plan.ProposalsViews, "CS1"},
		{plan.FirstDraft, "CS2"}, {plan.FirstDraftViews, "CS2"},
		{plan.SecondDraft, "CS3"}, {plan.Consultation, "CS3"}, {plan.Final, "CS3"},
		{plan.Published, "CS7"}, {plan.UnderReview, "CS7"},
		{plan.Replaced, ""},
	} {
		if got := commissioning.StageForPlan(c.stage); got != c.want {
			t.Errorf("StageForPlan(%s) = %q, want %q", c.stage, got, c.want)
		}
	}
	for _, s := range plan.Sequence {
		if _, ok := statute.CommissioningStage(commissioning.StageForPlan(s)); !ok {
			t.Errorf("plan stage %s maps to no commissioning stage", s)
		}
	}
}

func TestGroupForRelationship(t *testing.T) {
	for code, want := range map[string]commissioning.Group{
		"uses-services": commissioning.PeopleWhoUseServices,
		"unpaid-carer":  commissioning.UnpaidCarers,
		"works-in-care": commissioning.Staff,
		"provider":      commissioning.Providers,
		"third-sector":  commissioning.ThirdSector,
		"other":         commissioning.Communities,
		"":              commissioning.Communities,
	} {
		if got := commissioning.GroupForRelationship(code); got != want {
			t.Errorf("GroupForRelationship(%q) = %s, want %s", code, got, want)
		}
	}
}

func TestGroupForPrescribed(t *testing.T) {
	want := map[string]commissioning.Group{
		"users-health-care":                       commissioning.PeopleWhoUseServices,
		"carers-health-care":                      commissioning.UnpaidCarers,
		"commercial-providers-health-care":        commissioning.Providers,
		"non-commercial-providers-health-care":    commissioning.Providers,
		"health-professionals":                    commissioning.Staff,
		"social-care-professionals":               commissioning.Staff,
		"users-social-care":                       commissioning.PeopleWhoUseServices,
		"carers-social-care":                      commissioning.UnpaidCarers,
		"commercial-providers-social-care":        commissioning.Providers,
		"non-commercial-providers-social-care":    commissioning.Providers,
		"non-commercial-providers-social-housing": commissioning.Providers,
		"third-sector-bodies":                     commissioning.ThirdSector,
	}
	for _, g := range statute.PrescribedGroups() {
		w, ok := want[g.Code]
		if !ok {
			t.Errorf("prescribed group %s has no expected group here", g.Code)
			continue
		}
		if got := commissioning.GroupForPrescribed(g.Code); got != w {
			t.Errorf("GroupForPrescribed(%s) = %s, want %s", g.Code, got, w)
		}
	}
}
