package web

// consultResponseRoutes are the consultation pages (response).
func (s *Server) consultResponseRoutes() []Route {
	return nil
}
