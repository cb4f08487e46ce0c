package web

// planDraftRoutes are the strategic plan's pages.
func (s *Server) planDraftRoutes() []Route {
	return nil
}
