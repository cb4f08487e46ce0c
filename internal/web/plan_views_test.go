package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"coplan/internal/demo"
	"coplan/internal/plan"
)

// issue 10, item 15: the "what became of this view" form refuses a section
// the plan does not have and a change in a version not later than the one
// the view was given on, each with its error at the field; nothing changes.
func TestViewOutcomeFormRefusesNonsense(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	_, pl := demoPlanByTitle(t, d, demo.PublishedPlanTitle)
	st := planStore(t, d)
	vs, err := st.Views(ctx, pl.ID)
	if err != nil {
		t.Fatal(err)
	}
	var v plan.View
	for _, x := range vs {
		if x.Stage == plan.Consultation && x.Outcome == plan.Changed {
			v = x
		}
	}
	if v.ID == 0 {
		t.Fatal("the demo's published plan has no view on its second draft that changed it")
	}
	versions, err := st.VersionChoices(ctx, pl.ID)
	if err != nil {
		t.Fatal(err)
	}
	given := plan.GivenOn(v, versions)
	var earlier int64
	for _, x := range versions {
		if x.Number == given {
			earlier = x.ID
		}
	}
	if earlier == 0 {
		t.Fatalf("no version %d among %+v", given, versions)
	}
	path := base + "/staff/partnerships/" + demo.Slug + "/plans/" + itoa(pl.ID) + "/views/" + itoa(v.ID)
	for _, tt := range []struct {
		name, field, section string
		version              int64
		want                 string
	}{
		{"a section the plan does not have", "section_key", "no-such-section", v.ChangedInVersionID, "Choose one of the plan"},
		{"the version the view was given on", "version", "", earlier, "choose a later version"},
	} {
		code, _, page := c.do("POST", path, url.Values{"outcome": {"changed"}, "version": {itoa(tt.version)}, "section_key": {tt.section}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d, want 422", tt.name, code)
		}
		for _, want := range []string{`href="#` + tt.field + `"`, `id="` + tt.field + `-error"`, tt.want} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the page does not contain %q", tt.name, want)
			}
		}
	}
	if after, _ := st.ViewByID(ctx, pl.ID, v.ID); after.ChangedInVersionID != v.ChangedInVersionID || after.SectionKey != v.SectionKey {
		t.Errorf("a refused answer changed the view: %+v, was %+v", after, v)
	}
}
