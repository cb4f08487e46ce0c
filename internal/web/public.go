package web

import (
	"net/http"

	"coplan/internal/partnership"
	"coplan/internal/statute"
)

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ps, err := partnership.List(r.Context(), s.db)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "home.html", view{Title: "Health and social care partnerships", Nav: "home", Data: ps})
	return nil
}

func (s *Server) publicPartnership(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	fs, err := partnership.Functions(r.Context(), s.db, p.ID)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "partnership.html", view{Title: p.Name + " Health and Social Care Partnership", Nav: "home",
		Data: struct{ Functions []partnership.Function }{fs}})
	return nil
}

func (s *Server) law(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "law.html", view{Title: "The law this follows", Nav: "law", Data: statute.Lists()})
	return nil
}

func (s *Server) accessibility(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "accessibility.html", view{Title: "Accessibility statement"})
	return nil
}

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
