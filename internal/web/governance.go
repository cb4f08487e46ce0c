package web

// governanceRoutes are the pages of governance bodies and their members.
func (s *Server) governanceRoutes() []Route {
	return nil
}
