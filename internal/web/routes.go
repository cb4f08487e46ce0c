package web

import "coplan/internal/auth"

// routeTable is every address coplan serves (apart from /static/) with the
// permission it needs: the foundation's routes below, then each
// capability's own list. The authorisation test fails on a route it does
// not know.
func (s *Server) routeTable() []Route {
	var rs []Route
	for _, group := range [][]Route{s.foundationRoutes()} {
		rs = append(rs, group...)
	}
	return rs
}

func (s *Server) foundationRoutes() []Route {
	return []Route{
		// The server's own health check.
		{Pattern: "GET /healthz", Perm: auth.Public, Handle: s.healthz},

		// Signing in and out.
		{Pattern: "GET /signin", Perm: auth.Public, Handle: s.signinForm},
		{Pattern: "POST /signin", Perm: auth.Public, Handle: s.signin},
		{Pattern: "POST /signout", Perm: auth.SignedIn, Handle: s.signout},
	}
}
