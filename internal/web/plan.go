package web

// planRoutes are the strategic plan's pages.
func (s *Server) planRoutes() []Route {
	return nil
}
