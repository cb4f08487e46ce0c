package web

// planPublicRoutes are the strategic plan's pages.
func (s *Server) planPublicRoutes() []Route {
	return nil
}
