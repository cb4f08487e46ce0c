package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"coplan/internal/consult"
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

// issue 10, items 1 and 2: staff link a consultation to a plan on the views
// page; every response is brought in, the unpublishable ones too, and the
// page lists the link.
func TestLinkConsultationOnTheViewsPage(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	_, pl := demoPlanByTitle(t, d, demo.ReplacementPlanTitle)
	st := planStore(t, d)
	cs, err := st.PublishedConsultations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var cid int64
	for _, x := range cs {
		if x.Title == demo.PlanConsultationTitle {
			cid = x.ID
		}
	}
	// A respondent who chose not to be published: the planning team still
	// sees what they said.
	var closed consult.Consultation
	for _, x := range cs {
		if x.ID == cid {
			closed = x
		}
	}
	code, _, _ := c.do("POST", base+responsesPath(closed), url.Values{"channel": {"paper"}, "language": {"en"},
		"rif-type": {"individual"}, "rif-name": {"Private Respondent"}, "rif-publish": {"do-not-publish"}, "rif-contact": {"no"},
		"q-Q1": {"Please keep my name and words private: the glen needs a carers' group."}})
	if code != http.StatusSeeOther {
		t.Fatalf("entering a response: status %d", code)
	}
	path := base + "/staff/partnerships/" + demo.Slug + "/plans/" + itoa(pl.ID) + "/views"
	if _, _, page := c.do("GET", path, nil); !strings.Contains(page, "No consultation has been linked to this plan yet") {
		t.Error("the views page does not say no consultation is linked")
	}
	code, loc, _ := c.do("POST", path+"/import", url.Values{"consultation": {itoa(cid)}, "import_stage": {string(plan.Consultation)}})
	if code != http.StatusSeeOther {
		t.Fatalf("link: status %d", code)
	}
	_, _, page := c.do("GET", base+loc, nil)
	for _, want := range []string{"The consultation is linked to the plan", "Consultations linked to this plan", demo.PlanConsultationTitle,
		"the glen needs a carers", "Not shown in public", "1 late: entered after closing"} {
		if !strings.Contains(page, want) {
			t.Errorf("after linking, the page does not say %q", want)
		}
	}
	if ls, _ := st.LinkedConsultations(ctx, pl.ID); ls[cid] != plan.Consultation {
		t.Errorf("links %v", ls)
	}
	vs, _ := st.Views(ctx, pl.ID)
	n := 0
	for _, v := range vs {
		if v.ConsultationID == cid {
			n++
		}
	}
	if n == 0 {
		t.Error("no view was brought in")
	}
	// Linking it at another stage is refused at the field.
	code, _, page = c.do("POST", path+"/import", url.Values{"consultation": {itoa(cid)}, "import_stage": {string(plan.Proposals)}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="import_stage-error"`) {
		t.Errorf("linking again at another stage: status %d", code)
	}
}

// issue 10, item 12: a paper response keyed in today to the consultation
// that closed in January 2025 is marked late for staff and changes neither
// the published 2025 plan's page nor its consultation statement in the API.
func TestLateResponseChangesNothingPublished(t *testing.T) {
	officer, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p, pl := demoPlanByTitle(t, d, demo.PublishedPlanTitle)
	cs, err := planStore(t, d).PublishedConsultations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var closed consult.Consultation
	for _, x := range cs {
		if x.Title == demo.PlanConsultationTitle {
			closed = x
		}
	}
	if closed.ID == 0 || closed.StatusAt(time.Now()) == consult.Open {
		t.Fatalf("the demo has no closed consultation %q", demo.PlanConsultationTitle)
	}
	public := newClient(t)
	page := base + "/partnerships/" + p.Slug + "/plans/" + itoa(pl.ID)
	api := base + "/api/v1/partnerships/" + p.Slug + "/plans/" + itoa(pl.ID) + "/consultation-statement"
	_, _, pageBefore := public.do("GET", page, nil)
	_, _, apiBefore := public.do("GET", api, nil)
	if !strings.Contains(pageBefore, "4 responses in all.") || !strings.Contains(apiBefore, `"responses": 4,`) {
		t.Fatalf("the published statement does not show the demo's 4 responses:\n%s", apiBefore)
	}

	code, _, _ := officer.do("POST", base+responsesPath(closed), url.Values{"channel": {"paper"}, "language": {"en"},
		"rif-type": {"organisation"}, "rif-name": {"Strathard Community Council"}, "rif-publish": {"with-name"}, "rif-contact": {"no"},
		"q-Q1": {"Our letter of January, keyed in only now: the plan should say more about transport."}})
	if code != http.StatusSeeOther {
		t.Fatalf("entering the response: status %d", code)
	}
	if _, _, list := officer.do("GET", base+responsesPath(closed), nil); !strings.Contains(list, "Late: entered after closing") {
		t.Error("the responses page does not mark the response as late")
	}
	_, _, pageAfter := public.do("GET", page, nil)
	_, _, apiAfter := public.do("GET", api, nil)
	if apiAfter != apiBefore {
		t.Errorf("the published statement changed in the API:\nbefore %s\nafter  %s", apiBefore, apiAfter)
	}
	if pageAfter != pageBefore {
		t.Error("the published plan's page changed")
	}
}
