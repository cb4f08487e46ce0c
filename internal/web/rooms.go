package web

import (
	"errors"
	"io"

	"coplan/internal/analysis/analysisweb"
	"coplan/internal/commissioning/commissioningweb"
	"coplan/internal/consult"
	"coplan/internal/consult/consultweb"
	"coplan/internal/directions/directionsweb"
	"coplan/internal/expenses/expensesweb"
	"coplan/internal/finance/financeweb"
	"coplan/internal/governance/governanceweb"
	"coplan/internal/indicators/indicatorsweb"
	"coplan/internal/meeting/meetingweb"
	"coplan/internal/partnership/partnershipweb"
	"coplan/internal/performance/performanceweb"
	"coplan/internal/plan/planweb"
	"coplan/internal/selfeval/selfevalweb"
	"coplan/internal/web/kit"
)

// room is one capability's pages: it hands over its routes, and may have
// work to finish when the server closes (io.Closer).
type room interface {
	Routes() []kit.Route
}

// openRooms makes every capability's pages, each with the kit.
func openRooms(k *kit.Kit, c Config) ([]room, error) {
	var rooms []room
	for _, open := range []func() (room, error){
		// One line a capability.
		func() (room, error) { return partnershipweb.New(k) },
		func() (room, error) { return governanceweb.New(k) },
		func() (room, error) { return meetingweb.New(k) },
		func() (room, error) { return expensesweb.New(k) },
		func() (room, error) { return planweb.New(k) },
		func() (room, error) { return selfevalweb.New(k) },
		func() (room, error) { return commissioningweb.New(k) },
		func() (room, error) { return directionsweb.New(k) },
		func() (room, error) { return financeweb.New(k) },
		func() (room, error) { return analysisweb.New(k) },
		func() (room, error) { return indicatorsweb.New(k) },
		func() (room, error) { return performanceweb.New(k) },
		func() (room, error) {
			return consultweb.New(k, consultweb.Config{Messages: c.Messages, Mail: c.Mail, ResponseLimit: c.ResponseLimit,
				SubmitUnbatched: c.SubmitUnbatched})
		},
	} {
		r, err := open()
		if err != nil {
			return nil, err
		}
		rooms = append(rooms, r)
	}
	return rooms, nil
}

// closeRooms lets each room finish its work in the background.
func closeRooms(rooms []room) error {
	var errs []error
	for _, r := range rooms {
		if c, ok := r.(io.Closer); ok {
			errs = append(errs, c.Close())
		}
	}
	return errors.Join(errs...)
}

// SubmitStats reports the group commit of online responses so far (all
// zero when unbatched), for benchmarks and monitoring.
func (s *Server) SubmitStats() consult.BatchStats {
	for _, r := range s.rooms {
		if c, ok := r.(interface{ SubmitStats() consult.BatchStats }); ok {
			return c.SubmitStats()
		}
	}
	return consult.BatchStats{}
}
