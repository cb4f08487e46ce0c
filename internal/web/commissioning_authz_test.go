package web_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/commissioning"
	"coplan/internal/db"
	"coplan/internal/partnership"
)

// commissioningAccess says who may use each commissioning route (issue 12).
var commissioningAccess = map[string]access{
	"GET /partnerships/{slug}/commissioning":                                                anyone,
	"GET /api/v1/partnerships/{slug}/commissioning":                                         anyone,
	"GET /staff/partnerships/{slug}/commissioning":                                          planners,
	"GET /staff/partnerships/{slug}/commissioning/new":                                      editors,
	"POST /staff/partnerships/{slug}/commissioning":                                         editors,
	"GET /staff/partnerships/{slug}/commissioning/{item}":                                   planners,
	"GET /staff/partnerships/{slug}/commissioning/{item}/edit":                              editors,
	"POST /staff/partnerships/{slug}/commissioning/{item}/edit":                             editors,
	"POST /staff/partnerships/{slug}/commissioning/{item}/publish":                          editors,
	"POST /staff/partnerships/{slug}/commissioning/{item}/stages":                           editors,
	"GET /staff/partnerships/{slug}/commissioning/{item}/involvement/new":                   editors,
	"POST /staff/partnerships/{slug}/commissioning/{item}/involvement":                      editors,
	"GET /staff/partnerships/{slug}/commissioning/{item}/involvement/{involvement}":         editors,
	"POST /staff/partnerships/{slug}/commissioning/{item}/involvement/{involvement}":        editors,
	"POST /staff/partnerships/{slug}/commissioning/{item}/involvement/{involvement}/remove": editors,
	"GET /staff/partnerships/{slug}/commissioning/{item}/links/new":                         editors,
	"POST /staff/partnerships/{slug}/commissioning/{item}/links":                            editors,
	"POST /staff/partnerships/{slug}/commissioning/{item}/links/{link}/remove":              editors,
}

// commissioningPathValues returns a work item of partnership p for
// "{item}", adding one when it has none.
func commissioningPathValues(t *testing.T, d *db.DB, p partnership.Partnership) map[string]string {
	t.Helper()
	ctx := context.Background()
	st := commissioning.StoreFor(d, p, time.Now)
	its, err := st.Items(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var it commissioning.Item
	for _, x := range its {
		if len(x.Links) > 0 && len(x.Involvements) > 0 && x.Involvements[0].Source.Kind == commissioning.Recorded {
			it = x
			break
		}
	}
	if it.ID == 0 {
		// A partnership without demo content gets an item with an
		// involvement keyed in and a consultation linked.
		if it, err = st.CreateItem(ctx, commissioning.Item{Title: "Test work", Kind: commissioning.ServiceRedesign}, audit.System); err != nil {
			t.Fatal(err)
		}
		if _, err := st.SaveInvolvement(ctx, it.ID, commissioning.Involvement{Stage: "CS1", On: "2026-01-10", Activity: commissioning.Workshop,
			Depth: commissioning.Involve, Taking: map[commissioning.Group]int{commissioning.UnpaidCarers: 3}, Asked: "Test"}, false, audit.System); err != nil {
			t.Fatal(err)
		}
		cs, err := st.Candidates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) == 0 {
			t.Fatalf("partnership %s has no record to link", p.Slug)
		}
		if _, err := st.AddLink(ctx, it.ID, commissioning.Link{Kind: cs[0].Kind, RecordID: cs[0].ID, Stage: "CS2"}, audit.System); err != nil {
			t.Fatal(err)
		}
		if it, err = st.Item(ctx, it.ID); err != nil {
			t.Fatal(err)
		}
	}
	var inv int64
	for _, x := range it.Involvements {
		if x.Source.Kind == commissioning.Recorded {
			inv = x.ID
		}
	}
	return map[string]string{"{item}": strconv.FormatInt(it.ID, 10), "{involvement}": strconv.FormatInt(inv, 10),
		"{link}": strconv.FormatInt(it.Links[0].ID, 10)}
}
