package web

import "net/http"

// healthz says whether the server is up and its database answers and
// takes writes, for a load balancer or a monitoring check.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if err := s.db.Ping(r.Context()); err != nil {
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return nil
	}
	if err := s.db.CheckWrites(r.Context(), s.now()); err != nil {
		s.log.Error("health check: the database does not take writes", "err", err)
		http.Error(w, "database does not take writes", http.StatusServiceUnavailable)
		return nil
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
	return nil
}
