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
	"GET /staff/partnerships/{slug}/commissioning": planners,
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
	if len(its) > 0 {
		it = its[0]
	} else if it, err = st.CreateItem(ctx, commissioning.Item{Title: "Test work", Kind: commissioning.ServiceRedesign}, audit.System); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"{item}": strconv.FormatInt(it.ID, 10)}
}
