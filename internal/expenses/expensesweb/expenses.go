// Package expensesweb is the pages of a partnership's expenses: the
// published policy, members' own claims with their receipts, and the
// officers' pages to decide claims and download approved ones for finance.
//
// Who may do what:
//   - anyone reads a partnership's published policy;
//   - planning officers and administrators publish it, decide claims and
//     download the approved claims for finance; scrutiny reads claims;
//   - any account of the partnership has "my claims" pages: those linked to
//     a member record (expenses.Store.MemberOfUser) claim and see only
//     their own claims and receipts; others are told how to get linked.
//
// A member downloads their own receipts through their own claim's address
// (my/claims/{claim}/receipts/{receipt}); the officers' address for
// receipts needs ReadPlanning. So each address has one permission, and a
// member's access is decided by the claim being theirs, not by a second
// rule on the officers' route.
package expensesweb

import (
	"embed"
	"net/http"

	"coplan/internal/auth"
	"coplan/internal/expenses"
	"coplan/internal/web/kit"
)

//go:embed templates
var templateFiles embed.FS

// Handlers serves the expenses pages.
type Handlers struct {
	k     *kit.Kit
	pages *kit.Pages
}

// New parses the expenses pages and registers their notices.
func New(k *kit.Kit) (*Handlers, error) {
	pages, err := k.Pages(templateFiles, nil)
	if err != nil {
		return nil, err
	}
	k.AddNotices(map[string]string{
		"policy-saved":    "The expenses policy has been published. This is what members and the public now read.",
		"claim-submitted": "Your claim has been sent to the planning team. You will see their decision on this page.",
		"claim-approved":  "The claim has been approved. It is now in the export of approved claims for finance.",
		"claim-rejected":  "The claim has been rejected. The member can read your reason.",
	})
	return &Handlers{k: k, pages: pages}, nil
}

// Routes are the pages of the expenses policy and members' claims.
func (h *Handlers) Routes() []kit.Route {
	return []kit.Route{
		{Pattern: "GET /partnerships/{slug}/expenses", Perm: auth.Public, Handle: h.policy},
		{Pattern: "GET /staff/partnerships/{slug}/expenses/policy", Perm: auth.EditPlanning, Handle: h.policyForm},
		{Pattern: "POST /staff/partnerships/{slug}/expenses/policy", Perm: auth.EditPlanning, Handle: h.savePolicy},

		{Pattern: "GET /staff/partnerships/{slug}/my/claims", Perm: auth.OwnPartnership, Handle: h.myClaims},
		{Pattern: "GET /staff/partnerships/{slug}/my/claims/new", Perm: auth.OwnPartnership, Handle: h.newClaimForm},
		{Pattern: "POST /staff/partnerships/{slug}/my/claims", Perm: auth.OwnPartnership, Handle: h.submitClaim},
		{Pattern: "GET /staff/partnerships/{slug}/my/claims/{claim}", Perm: auth.OwnPartnership, Handle: h.myClaim},
		{Pattern: "GET /staff/partnerships/{slug}/my/claims/{claim}/receipts/{receipt}", Perm: auth.OwnPartnership, Handle: h.myReceipt},

		{Pattern: "GET /staff/partnerships/{slug}/expenses", Perm: auth.ReadPlanning, Handle: h.claims},
		{Pattern: "GET /staff/partnerships/{slug}/expenses/approved.csv", Perm: auth.ReadPlanning, Handle: h.approvedCSV},
		{Pattern: "GET /staff/partnerships/{slug}/expenses/{claim}", Perm: auth.ReadPlanning, Handle: h.claim},
		{Pattern: "POST /staff/partnerships/{slug}/expenses/{claim}/approve", Perm: auth.EditPlanning, Handle: h.approve},
		{Pattern: "POST /staff/partnerships/{slug}/expenses/{claim}/reject", Perm: auth.EditPlanning, Handle: h.reject},
		{Pattern: "GET /staff/partnerships/{slug}/expenses/{claim}/receipts/{receipt}", Perm: auth.ReadPlanning, Handle: h.claimReceipt},
	}
}

// store is the expenses store of the partnership the address names.
func (h *Handlers) store(r *http.Request) *expenses.Store {
	return expenses.StoreFor(h.k.DB, *kit.Current(r).Partnership, h.k.Now)
}

// claimsPath is the address of the officers' claims page, or of one claim
// on it.
func claimsPath(r *http.Request, parts ...any) string {
	return kit.StaffPath(kit.Current(r).Partnership.Slug, append([]any{"expenses"}, parts...)...)
}

// myClaimsPath is the address of a member's own claims, or of one of them.
func myClaimsPath(r *http.Request, parts ...any) string {
	return kit.StaffPath(kit.Current(r).Partnership.Slug, append([]any{"my", "claims"}, parts...)...)
}

// caption is the partnership's name, above each page's heading.
func caption(r *http.Request) string { return kit.Current(r).Partnership.Name }
