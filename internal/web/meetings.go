package web

// meetingRoutes are the pages of meetings, papers and decisions.
func (s *Server) meetingRoutes() []Route {
	return nil
}
