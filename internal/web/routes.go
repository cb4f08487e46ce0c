package web

import "coplan/internal/auth"

// routeTable is every address coplan serves (apart from /static/) with the
// permission it needs: the foundation's routes below, then each
// capability's own list. The authorisation test fails on a route it does
// not know.
func (s *Server) routeTable() []Route {
	var rs []Route
	for _, group := range [][]Route{s.foundationRoutes(), s.governanceRoutes(), s.meetingRoutes(), s.expenseRoutes(),
		s.planRoutes(), s.planDraftRoutes(), s.planPublicRoutes()} {
		rs = append(rs, group...)
	}
	return rs
}

func (s *Server) foundationRoutes() []Route {
	return []Route{
		// Public pages.
		{Pattern: "GET /{$}", Perm: auth.Public, Handle: s.home},
		{Pattern: "GET /partnerships/{slug}", Perm: auth.Public, Handle: s.publicPartnership},
		{Pattern: "GET /law", Perm: auth.Public, Handle: s.law},
		{Pattern: "GET /accessibility", Perm: auth.Public, Handle: s.accessibility},
		{Pattern: "GET /healthz", Perm: auth.Public, Handle: s.healthz},

		// Signing in and out.
		{Pattern: "GET /signin", Perm: auth.Public, Handle: s.signinForm},
		{Pattern: "POST /signin", Perm: auth.Public, Handle: s.signin},
		{Pattern: "POST /signout", Perm: auth.SignedIn, Handle: s.signout},

		// Staff pages.
		{Pattern: "GET /staff", Perm: auth.SignedIn, Handle: s.staffHome},
		{Pattern: "GET /staff/partnerships/new", Perm: auth.ManageInstance, Handle: s.newPartnershipForm},
		{Pattern: "POST /staff/partnerships", Perm: auth.ManageInstance, Handle: s.createPartnership},
		{Pattern: "GET /staff/partnerships/{slug}", Perm: auth.ReadPlanning, Handle: s.staffPartnership},
		{Pattern: "GET /staff/partnerships/{slug}/edit", Perm: auth.EditPlanning, Handle: s.editPartnershipForm},
		{Pattern: "POST /staff/partnerships/{slug}/edit", Perm: auth.EditPlanning, Handle: s.updatePartnership},
		{Pattern: "GET /staff/partnerships/{slug}/functions", Perm: auth.ReadPlanning, Handle: s.functions},
		{Pattern: "POST /staff/partnerships/{slug}/functions", Perm: auth.EditPlanning, Handle: s.addFunction},
		{Pattern: "POST /staff/partnerships/{slug}/functions/{id}/remove", Perm: auth.EditPlanning, Handle: s.removeFunction},
		{Pattern: "GET /staff/partnerships/{slug}/audit", Perm: auth.ReadAudit, Handle: s.auditLog},
		{Pattern: "GET /staff/partnerships/{slug}/accounts", Perm: auth.ManageAccounts, Handle: s.accounts},
		{Pattern: "POST /staff/partnerships/{slug}/accounts", Perm: auth.ManageAccounts, Handle: s.createAccount},

		// Open data.
		{Pattern: "GET /api/v1/partnerships", Perm: auth.Public, Handle: s.apiPartnerships},
		{Pattern: "GET /api/v1/partnerships/{slug}", Perm: auth.Public, Handle: s.apiPartnership},
	}
}
