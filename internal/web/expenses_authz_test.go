package web_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/expenses"
	"coplan/internal/files"
	"coplan/internal/governance"
	"coplan/internal/partnership"
)

// expenseAccess says who may use each expenses route. The "my claims"
// routes are open to every account of the partnership; what each shows
// depends on the account's member record (a claim that is not yours is not
// found), which is not a refusal.
var expenseAccess = map[string]access{
	"GET /partnerships/{slug}/expenses":                                   anyone,
	"GET /staff/partnerships/{slug}/expenses/policy":                      editors,
	"POST /staff/partnerships/{slug}/expenses/policy":                     editors,
	"GET /staff/partnerships/{slug}/my/claims":                            members,
	"GET /staff/partnerships/{slug}/my/claims/new":                        members,
	"POST /staff/partnerships/{slug}/my/claims":                           members,
	"GET /staff/partnerships/{slug}/my/claims/{claim}":                    members,
	"GET /staff/partnerships/{slug}/my/claims/{claim}/receipts/{receipt}": members,
	"GET /staff/partnerships/{slug}/expenses":                             planners,
	"GET /staff/partnerships/{slug}/expenses/approved.csv":                planners,
	"GET /staff/partnerships/{slug}/expenses/{claim}":                     planners,
	"POST /staff/partnerships/{slug}/expenses/{claim}/approve":            editors,
	"POST /staff/partnerships/{slug}/expenses/{claim}/reject":             editors,
	"GET /staff/partnerships/{slug}/expenses/{claim}/receipts/{receipt}":  planners,
}

// expensePathValues returns real values for the expenses routes' wildcards
// "{claim}" and "{receipt}" in partnership p, keyed by the wildcard as
// written in the pattern: a claim with a receipt, preferably
// one made by a member with an account (in the demo partnership, Isla
// Morrison's, so the SPG member's "my claims" pages are tried on their own
// claim). A partnership with none gets an expenses policy if it lacks one,
// a member and a claim with a receipt.
func expensePathValues(t *testing.T, d *db.DB, p partnership.Partnership) map[string]string {
	t.Helper()
	ctx := context.Background()
	var pick *expenses.Claim
	for _, s := range []expenses.Status{expenses.Submitted, expenses.Approved, expenses.Rejected} {
		cs, err := expenses.StoreFor(d, p, time.Now).Claims(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if len(c.Receipts) == 0 {
				continue
			}
			m, err := governance.StoreFor(d, p, civil.SystemClock).MemberByID(ctx, c.MemberID)
			if err != nil {
				t.Fatal(err)
			}
			if m.UserID != 0 {
				return claimValues(c)
			}
			if pick == nil {
				pick = &c
			}
		}
	}
	if pick == nil {
		c := newTestClaim(t, d, p)
		pick = &c
	}
	return claimValues(*pick)
}

func claimValues(c expenses.Claim) map[string]string {
	return map[string]string{"{claim}": strconv.FormatInt(c.ID, 10), "{receipt}": strconv.FormatInt(c.Receipts[0].ID, 10)}
}

// newTestClaim makes a claim with a bus fare and its ticket in partnership
// p, publishing an expenses policy first if p has none.
func newTestClaim(t *testing.T, d *db.DB, p partnership.Partnership) expenses.Claim {
	t.Helper()
	ctx := context.Background()
	st := expenses.StoreFor(d, p, time.Now)
	pol, err := st.Policy(ctx)
	if err != nil {
		pol, err = st.SavePolicy(ctx, expenses.Policy{MileagePencePerMile: 45, PublicTransport: "At cost, with tickets",
			CareCoverPencePerHour: 1500, MealAllowancePence: 800}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
	}
	m, err := governance.StoreFor(d, p, civil.SystemClock).SaveMember(ctx, governance.Member{PartnershipID: p.ID, Name: "Test member of " + p.Name}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	ticket, err := expenses.CheckReceipt(files.Upload{Filename: "ticket.pdf", Content: []byte("%PDF-1.4\nticket\n")})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	c, err := expenses.NewClaim(pol, m.ID, 0, []expenses.LineInput{{Kind: "public-transport", OnDate: expenses.Today(now),
		Description: "Bus to the meeting", Amount: "4.20"}}, []expenses.Receipt{ticket}, expenses.Today(now))
	if err != nil {
		t.Fatal(err)
	}
	c, err = expenses.StoreFor(d, p, func() time.Time { return now }).Submit(ctx, c, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
