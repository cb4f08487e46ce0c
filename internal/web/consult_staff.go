package web

// consultStaffRoutes are the consultation pages (staff).
func (s *Server) consultStaffRoutes() []Route {
	return nil
}
