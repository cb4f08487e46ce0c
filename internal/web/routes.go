package web

import "coplan/internal/auth"

// routeTable is every address coplan serves (apart from /static/) with the
// permission it needs: the foundation's routes below, then each
// capability's own list. The authorisation test fails on a route it does
// not know.
func (s *Server) routeTable() []Route {
	var rs []Route
	for _, group := range [][]Route{s.foundationRoutes(), s.governanceRoutes(), s.meetingRoutes(), s.expenseRoutes(),
		s.consultPublicRoutes(), s.consultStaffRoutes(), s.consultResponseRoutes(),
		s.planRoutes(), s.planDraftRoutes(), s.planPublicRoutes()} {
		rs = append(rs, group...)
	}
	return rs
}

func (s *Server) foundationRoutes() []Route {
	return []Route{
		// Public pages.
		{"GET /{$}", auth.Public, s.home},
		{"GET /partnerships/{slug}", auth.Public, s.publicPartnership},
		{"GET /law", auth.Public, s.law},
		{"GET /accessibility", auth.Public, s.accessibility},
		{"GET /healthz", auth.Public, s.healthz},

		// Signing in and out.
		{"GET /signin", auth.Public, s.signinForm},
		{"POST /signin", auth.Public, s.signin},
		{"POST /signout", auth.SignedIn, s.signout},

		// Staff pages.
		{"GET /staff", auth.SignedIn, s.staffHome},
		{"GET /staff/partnerships/new", auth.ManageInstance, s.newPartnershipForm},
		{"POST /staff/partnerships", auth.ManageInstance, s.createPartnership},
		{"GET /staff/partnerships/{slug}", auth.ReadPlanning, s.staffPartnership},
		{"GET /staff/partnerships/{slug}/edit", auth.EditPlanning, s.editPartnershipForm},
		{"POST /staff/partnerships/{slug}/edit", auth.EditPlanning, s.updatePartnership},
		{"GET /staff/partnerships/{slug}/functions", auth.ReadPlanning, s.functions},
		{"POST /staff/partnerships/{slug}/functions", auth.EditPlanning, s.addFunction},
		{"POST /staff/partnerships/{slug}/functions/{id}/remove", auth.EditPlanning, s.removeFunction},
		{"GET /staff/partnerships/{slug}/audit", auth.ReadAudit, s.auditLog},
		{"GET /staff/partnerships/{slug}/accounts", auth.ManageAccounts, s.accounts},
		{"POST /staff/partnerships/{slug}/accounts", auth.ManageAccounts, s.createAccount},

		// Open data.
		{"GET /api/v1/partnerships", auth.Public, s.apiPartnerships},
		{"GET /api/v1/partnerships/{slug}", auth.Public, s.apiPartnership},
	}
}
