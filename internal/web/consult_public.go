package web

// consultPublicRoutes are the consultation pages (public).
func (s *Server) consultPublicRoutes() []Route {
	return nil
}
