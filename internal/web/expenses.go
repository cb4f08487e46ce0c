package web

// expenseRoutes are the pages of the expenses policy and members' claims.
func (s *Server) expenseRoutes() []Route {
	return nil
}
