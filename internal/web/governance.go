package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"coplan/internal/auth"
	"coplan/internal/governance"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// governanceRoutes are the pages of governance bodies and their members.
func (s *Server) governanceRoutes() []Route {
	return []Route{
		{Pattern: "GET /partnerships/{slug}/bodies", Perm: auth.Public, Handle: s.publicBodies},
		{Pattern: "GET /partnerships/{slug}/bodies/{body}", Perm: auth.Public, Handle: s.publicBody},
		{Pattern: "GET /staff/partnerships/{slug}/bodies", Perm: auth.ReadPlanning, Handle: s.bodies},
		{Pattern: "GET /staff/partnerships/{slug}/bodies/new", Perm: auth.EditPlanning, Handle: s.newBodyForm},
		{Pattern: "POST /staff/partnerships/{slug}/bodies", Perm: auth.EditPlanning, Handle: s.createBody},
		{Pattern: "GET /staff/partnerships/{slug}/bodies/{body}", Perm: auth.ReadPlanning, Handle: s.body},
		{Pattern: "GET /staff/partnerships/{slug}/bodies/{body}/edit", Perm: auth.EditPlanning, Handle: s.editBodyForm},
		{Pattern: "POST /staff/partnerships/{slug}/bodies/{body}/edit", Perm: auth.EditPlanning, Handle: s.updateBody},
		{Pattern: "POST /staff/partnerships/{slug}/bodies/{body}/seats", Perm: auth.EditPlanning, Handle: s.nominate},
		{Pattern: "GET /staff/partnerships/{slug}/bodies/{body}/seats/{seat}", Perm: auth.ReadPlanning, Handle: s.seat},
		{Pattern: "POST /staff/partnerships/{slug}/bodies/{body}/seats/{seat}/events", Perm: auth.EditPlanning, Handle: s.seatEvent},
		{Pattern: "POST /staff/partnerships/{slug}/bodies/{body}/seats/{seat}/replace", Perm: auth.EditPlanning, Handle: s.replaceSeat},
		{Pattern: "GET /staff/partnerships/{slug}/members", Perm: auth.ReadPlanning, Handle: s.members},
		{Pattern: "POST /staff/partnerships/{slug}/members", Perm: auth.EditPlanning, Handle: s.createMember},
		{Pattern: "GET /staff/partnerships/{slug}/members/{member}", Perm: auth.ReadPlanning, Handle: s.member},
		{Pattern: "POST /staff/partnerships/{slug}/members/{member}", Perm: auth.EditPlanning, Handle: s.updateMember},
		{Pattern: "GET /staff/partnerships/{slug}/my/support", Perm: auth.OwnPartnership, Handle: s.mySupport},
		{Pattern: "POST /staff/partnerships/{slug}/my/support", Perm: auth.OwnPartnership, Handle: s.saveMySupport},
		{Pattern: "GET /api/v1/partnerships/{slug}/spg", Perm: auth.Public, Handle: s.apiSPG},
		{Pattern: "GET /api/v1/partnerships/{slug}/bodies", Perm: auth.Public, Handle: s.apiBodies},
	}
}

// pathID reads a numeric path value; a malformed one is "not found".
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

// currentBody loads the {body} of the current partnership.
func (s *Server) currentBody(r *http.Request) (governance.Body, error) {
	id, err := pathID(r, "body")
	if err != nil {
		return governance.Body{}, err
	}
	b, err := governance.BodyByID(r.Context(), s.db, current(r).Partnership.ID, id)
	if errors.Is(err, governance.ErrNotFound) {
		return b, errNotFound
	}
	return b, err
}

// seatView is a seat as pages show it: its capacity in words, with the
// prescribed group, nominating council or localities it stands for.
type seatView struct {
	governance.Seat
	Capacity   string
	Localities string
}

func seatViews(p partnership.Partnership, ss []governance.Seat) []seatView {
	out := make([]seatView, 0, len(ss))
	for _, s := range ss {
		v := seatView{Seat: s, Capacity: s.Capacity.Name()}
		switch s.Capacity {
		case governance.PrescribedGroupRep:
			v.Capacity = "Representative of " + s.GroupName()
		case governance.HealthBoardNominee:
			v.Capacity = "Nominated by " + p.HealthBoard
		case governance.LocalAuthorityNominee:
			for _, la := range p.LocalAuthorities {
				if la.ID == s.LocalAuthorityID {
					v.Capacity = "Nominated by " + la.Name
				}
			}
		}
		var names []string
		for _, l := range p.Localities {
			if slices.Contains(s.LocalityIDs, l.ID) {
				names = append(names, l.Name)
			}
		}
		v.Localities = strings.Join(names, " and ")
		if s.Capacity == governance.LocalityRep {
			v.Capacity = "Representative of " + v.Localities
		}
		out = append(out, v)
	}
	return out
}

// asOf reads ?date=YYYY-MM-DD, defaulting to today.
func (s *Server) asOf(r *http.Request) (governance.Date, error) {
	if q := r.URL.Query().Get("date"); q != "" {
		d, ok := governance.ParseDate(q)
		if !ok {
			return "", httpError{Status: http.StatusBadRequest, Message: "The date must be a real date written like 2026-03-31."}
		}
		return d, nil
	}
	return governance.Day(s.now()), nil
}

type bodySummary struct {
	governance.Body
	Seats   []governance.Seat // every seat the body has had
	Held    int
	Voting  int
	Gaps    *governance.Gaps
	Members []seatView
}

func (s *Server) bodySummaries(r *http.Request, p partnership.Partnership, on governance.Date) ([]bodySummary, error) {
	bs, err := governance.Bodies(r.Context(), s.db, p.ID)
	if err != nil {
		return nil, err
	}
	out := make([]bodySummary, len(bs))
	for i, b := range bs {
		ss, err := governance.Seats(r.Context(), s.db, b.ID)
		if err != nil {
			return nil, err
		}
		held := governance.HeldOn(ss, on)
		out[i] = bodySummary{Body: b, Seats: ss, Held: len(held), Members: seatViews(p, held)}
		for _, x := range held {
			if x.Voting {
				out[i].Voting++
			}
		}
		if b.Kind == governance.SPG {
			g := governance.Composition(p, ss, on)
			out[i].Gaps = &g
		}
	}
	return out, nil
}

func (s *Server) bodies(w http.ResponseWriter, r *http.Request) error {
	rq := current(r)
	today := governance.Day(s.now())
	bs, err := s.bodySummaries(r, *rq.Partnership, today)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "bodies.html", view{Title: "Governance bodies", Caption: rq.Partnership.Name, Nav: "staff",
		Data: struct {
			Bodies  []bodySummary
			CanEdit bool
		}{bs, auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID)}})
	return nil
}

// bodyForm is the add/change body form's content.
type bodyForm struct {
	New        bool
	Body       governance.Body
	Kinds      []governance.Kind
	Localities []partnership.Named
}

func (s *Server) newBodyForm(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	s.render(w, r, http.StatusOK, "body-form.html", view{Title: "Add a governance body", Caption: p.Name, Nav: "staff",
		Data: bodyForm{true, governance.Body{NoticeDays: governance.DefaultNoticeDays}, governance.Kinds, p.Localities}})
	return nil
}

func readBodyForm(r *http.Request, b governance.Body) governance.Body {
	b.Name = r.PostForm.Get("name")
	b.Kind = governance.Kind(r.PostForm.Get("kind"))
	b.LocalityID, _ = strconv.ParseInt(r.PostForm.Get("locality"), 10, 64)
	b.Description = strings.TrimSpace(r.PostForm.Get("description"))
	n, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("notice_days")))
	if err != nil {
		n = -1
	}
	b.NoticeDays = n
	return b
}

func (s *Server) createBody(w http.ResponseWriter, r *http.Request) error {
	return s.saveBody(w, r, governance.Body{})
}

func (s *Server) editBodyForm(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	b, err := s.currentBody(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "body-form.html", view{Title: "Change " + b.Name, Caption: p.Name, Nav: "staff",
		Data: bodyForm{false, b, governance.Kinds, p.Localities}})
	return nil
}

func (s *Server) updateBody(w http.ResponseWriter, r *http.Request) error {
	b, err := s.currentBody(r)
	if err != nil {
		return err
	}
	return s.saveBody(w, r, b)
}

func (s *Server) saveBody(w http.ResponseWriter, r *http.Request, stored governance.Body) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := current(r).Partnership
	b := readBodyForm(r, stored)
	saved, err := governance.SaveBody(r.Context(), s.db, *p, b, actor(r))
	if errs, ok := valid.As(err); ok {
		title := "Add a governance body"
		if stored.ID != 0 {
			title = "Change " + stored.Name
		}
		s.render(w, r, http.StatusUnprocessableEntity, "body-form.html", view{Title: title, Caption: p.Name, Nav: "staff",
			Errors: errs, Data: bodyForm{stored.ID == 0, b, governance.Kinds, p.Localities}})
		return nil
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, "/staff/partnerships/"+p.Slug+"/bodies/"+strconv.FormatInt(saved.ID, 10), "saved")
}

// bodyPage is a body's staff page.
type bodyPage struct {
	Body        governance.Body
	Date        governance.Date
	Today       bool
	Gaps        *governance.Gaps
	Held        []seatView
	Nominated   []seatView
	EndingSoon  []seatView
	History     []governance.History
	Members     []governance.Member
	Groups      []statute.Group
	Capacities  []governance.Capacity
	CanEdit     bool
	Partnership partnership.Partnership
}

func (s *Server) body(w http.ResponseWriter, r *http.Request) error {
	return s.renderBody(w, r, http.StatusOK, nil)
}

func (s *Server) renderBody(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	rq := current(r)
	p := *rq.Partnership
	b, err := s.currentBody(r)
	if err != nil {
		return err
	}
	on, err := s.asOf(r)
	if err != nil {
		return err
	}
	ss, err := governance.Seats(r.Context(), s.db, b.ID)
	if err != nil {
		return err
	}
	hs, err := governance.Events(r.Context(), s.db, b.ID)
	if err != nil {
		return err
	}
	ms, err := governance.Members(r.Context(), s.db, p.ID)
	if err != nil {
		return err
	}
	var nominated []governance.Seat
	for _, x := range ss {
		if x.AppointedOn == "" && x.EndedOn == "" {
			nominated = append(nominated, x)
		}
	}
	today := governance.Day(s.now())
	page := bodyPage{Body: b, Date: on, Today: on == today, Held: seatViews(p, governance.HeldOn(ss, on)),
		Nominated: seatViews(p, nominated), EndingSoon: seatViews(p, governance.EndingSoon(ss, today, 90)),
		History: hs, Members: ms, Groups: statute.PrescribedGroups(), Capacities: governance.Capacities,
		CanEdit: auth.Can(rq.User, auth.EditPlanning, p.ID), Partnership: p}
	if b.Kind == governance.SPG {
		g := governance.Composition(p, ss, on)
		page.Gaps = &g
	}
	s.render(w, r, status, "body.html", view{Title: b.Name, Caption: b.Kind.Name(), Nav: "staff", Errors: errs, Form: r.PostForm, Data: page})
	return nil
}

// readSeatForm reads the add-member-to-body form.
func readSeatForm(r *http.Request) governance.Seat {
	f := r.PostForm
	st := governance.Seat{Capacity: governance.Capacity(f.Get("capacity")), PrescribedGroup: f.Get("prescribed_group"),
		Voting: f.Get("voting") == "yes", NominatedOn: governance.Date(strings.TrimSpace(f.Get("nominated_on"))),
		AppointedOn: governance.Date(strings.TrimSpace(f.Get("appointed_on"))), TermEndsOn: governance.Date(strings.TrimSpace(f.Get("term_ends_on")))}
	st.MemberID, _ = strconv.ParseInt(f.Get("member"), 10, 64)
	st.LocalAuthorityID, _ = strconv.ParseInt(f.Get("local_authority"), 10, 64)
	for _, l := range f["localities"] {
		if id, err := strconv.ParseInt(l, 10, 64); err == nil {
			st.LocalityIDs = append(st.LocalityIDs, id)
		}
	}
	return st
}

func (s *Server) nominate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := current(r).Partnership
	b, err := s.currentBody(r)
	if err != nil {
		return err
	}
	_, err = governance.Nominate(r.Context(), s.db, *p, b, readSeatForm(r), actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderBody(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, bodyPath(p, b), "seat-added")
}

func bodyPath(p *partnership.Partnership, b governance.Body) string {
	return "/staff/partnerships/" + p.Slug + "/bodies/" + strconv.FormatInt(b.ID, 10)
}

// seatPage is one seat's page: its history and what can happen next.
type seatPage struct {
	Body    governance.Body
	Seat    seatView
	History []governance.History
	Events  []governance.EventKind
	Members []governance.Member
	Groups  []statute.Group
	CanEdit bool
	Today   governance.Date
}

func (s *Server) seat(w http.ResponseWriter, r *http.Request) error {
	return s.renderSeat(w, r, http.StatusOK, nil)
}

func (s *Server) renderSeat(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	rq := current(r)
	p := *rq.Partnership
	b, err := s.currentBody(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "seat")
	if err != nil {
		return err
	}
	st, err := governance.SeatByID(r.Context(), s.db, b.ID, id)
	if errors.Is(err, governance.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	all, err := governance.Events(r.Context(), s.db, b.ID)
	if err != nil {
		return err
	}
	var hs []governance.History
	for _, h := range all {
		if h.SeatID == st.ID {
			hs = append(hs, h)
		}
	}
	ms, err := governance.Members(r.Context(), s.db, p.ID)
	if err != nil {
		return err
	}
	s.render(w, r, status, "seat.html", view{Title: st.MemberName, Caption: b.Name, Nav: "staff", Errors: errs, Form: r.PostForm,
		Data: seatPage{Body: b, Seat: seatViews(p, []governance.Seat{st})[0], History: hs, Events: governance.NextEvents(st), Members: ms,
			Groups: statute.PrescribedGroups(), CanEdit: auth.Can(rq.User, auth.EditPlanning, p.ID), Today: governance.Day(s.now())}})
	return nil
}

func (s *Server) seatEvent(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := current(r).Partnership
	b, err := s.currentBody(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "seat")
	if err != nil {
		return err
	}
	kind := governance.EventKind(r.PostForm.Get("kind"))
	err = governance.Apply(r.Context(), s.db, *p, b, id, kind, governance.Date(strings.TrimSpace(r.PostForm.Get("on"))),
		strings.TrimSpace(r.PostForm.Get("note")), actor(r))
	if errors.Is(err, governance.ErrNotFound) {
		return errNotFound
	}
	if errs, ok := valid.As(err); ok {
		return s.renderSeat(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, bodyPath(p, b), "seat-changed")
}

func (s *Server) replaceSeat(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := current(r).Partnership
	b, err := s.currentBody(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "seat")
	if err != nil {
		return err
	}
	old, err := governance.SeatByID(r.Context(), s.db, b.ID, id)
	if errors.Is(err, governance.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	next := old
	next.ID, next.EndedOn, next.EndReason, next.AppointedOn, next.NominatedOn = 0, "", "", "", ""
	next.MemberID, _ = strconv.ParseInt(r.PostForm.Get("member"), 10, 64)
	next.TermEndsOn = governance.Date(strings.TrimSpace(r.PostForm.Get("term_ends_on")))
	on := governance.Date(strings.TrimSpace(r.PostForm.Get("on")))
	if _, ok := governance.ParseDate(string(on)); !ok {
		return s.renderSeat(w, r, http.StatusUnprocessableEntity, valid.Errors{{Field: "replace-on", Message: "Enter the date of the replacement as a real date, like 2026-03-31"}})
	}
	_, err = governance.Replace(r.Context(), s.db, *p, b, id, next, on, actor(r))
	if errs, ok := valid.As(err); ok {
		for i := range errs {
			switch errs[i].Field {
			case "member":
				errs[i].Field = "replace-member"
			case "term_ends_on":
				errs[i].Field = "replace-term"
			default:
				errs[i].Field = "replace-on"
			}
		}
		return s.renderSeat(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, bodyPath(p, b), "seat-replaced")
}

// membersPage lists a partnership's members with their seats.
type membersPage struct {
	Members []memberRow
	Formats []governance.PaperFormat
	Support []governance.Support
	CanEdit bool
}

type memberRow struct {
	governance.Member
	Seats []string
}

func (s *Server) members(w http.ResponseWriter, r *http.Request) error {
	return s.renderMembers(w, r, http.StatusOK, nil)
}

func (s *Server) renderMembers(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	rq := current(r)
	p := *rq.Partnership
	ms, err := governance.Members(r.Context(), s.db, p.ID)
	if err != nil {
		return err
	}
	bs, err := governance.Bodies(r.Context(), s.db, p.ID)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, b := range bs {
		names[b.ID] = b.Name
	}
	today := governance.Day(s.now())
	rows := make([]memberRow, len(ms))
	for i, m := range ms {
		rows[i] = memberRow{Member: m}
		ss, err := governance.SeatsOfMember(r.Context(), s.db, m.ID)
		if err != nil {
			return err
		}
		for _, x := range ss {
			if x.HeldOn(today) {
				rows[i].Seats = append(rows[i].Seats, names[x.BodyID])
			}
		}
	}
	s.render(w, r, status, "members.html", view{Title: "Members", Caption: p.Name, Nav: "staff", Errors: errs, Form: r.PostForm,
		Data: membersPage{rows, governance.PaperFormats, governance.SupportOptions, auth.Can(rq.User, auth.EditPlanning, p.ID)}})
	return nil
}

// readMemberForm reads a member's details and support needs.
func readMemberForm(r *http.Request, m governance.Member, withContact bool) governance.Member {
	f := r.PostForm
	if withContact {
		m.Name = f.Get("name")
		m.Email = f.Get("email")
		m.Phone = f.Get("phone")
	}
	m.PublishName = f.Get("publish_name") == "yes"
	m.SupportNeeds = f["support"]
	m.SupportNotes = strings.TrimSpace(f.Get("support_notes"))
	m.PaperFormat = f.Get("paper_format")
	return m
}

func (s *Server) createMember(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := current(r).Partnership
	m := readMemberForm(r, governance.Member{PartnershipID: p.ID}, true)
	saved, err := governance.SaveMember(r.Context(), s.db, m, actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderMembers(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, "/staff/partnerships/"+p.Slug+"/members/"+strconv.FormatInt(saved.ID, 10), "member-added")
}

// memberPage is one member's staff page.
type memberPage struct {
	Member  governance.Member
	Seats   []memberSeat
	Formats []governance.PaperFormat
	Support []governance.Support
	CanEdit bool
	Self    bool // the member's own page (My support)
}

type memberSeat struct {
	seatView
	Body governance.Body
}

func (s *Server) currentMember(r *http.Request) (governance.Member, error) {
	id, err := pathID(r, "member")
	if err != nil {
		return governance.Member{}, err
	}
	m, err := governance.MemberByID(r.Context(), s.db, current(r).Partnership.ID, id)
	if errors.Is(err, governance.ErrNotFound) {
		return m, errNotFound
	}
	return m, err
}

func (s *Server) memberSeats(r *http.Request, p partnership.Partnership, m governance.Member) ([]memberSeat, error) {
	ss, err := governance.SeatsOfMember(r.Context(), s.db, m.ID)
	if err != nil {
		return nil, err
	}
	bs, err := governance.Bodies(r.Context(), s.db, p.ID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]governance.Body{}
	for _, b := range bs {
		byID[b.ID] = b
	}
	var out []memberSeat
	for _, v := range seatViews(p, ss) {
		out = append(out, memberSeat{v, byID[v.BodyID]})
	}
	return out, nil
}

func (s *Server) member(w http.ResponseWriter, r *http.Request) error {
	m, err := s.currentMember(r)
	if err != nil {
		return err
	}
	return s.renderMember(w, r, http.StatusOK, m, nil)
}

func (s *Server) renderMember(w http.ResponseWriter, r *http.Request, status int, m governance.Member, errs valid.Errors) error {
	rq := current(r)
	seats, err := s.memberSeats(r, *rq.Partnership, m)
	if err != nil {
		return err
	}
	s.render(w, r, status, "member.html", view{Title: m.Name, Caption: "Member", Nav: "staff", Errors: errs,
		Data: memberPage{m, seats, governance.PaperFormats, governance.SupportOptions, auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID), false}})
	return nil
}

func (s *Server) updateMember(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := current(r).Partnership
	stored, err := s.currentMember(r)
	if err != nil {
		return err
	}
	m := readMemberForm(r, stored, true)
	_, err = governance.SaveMember(r.Context(), s.db, m, actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderMember(w, r, http.StatusUnprocessableEntity, m, errs)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, "/staff/partnerships/"+p.Slug+"/members/"+strconv.FormatInt(m.ID, 10), "saved")
}

// myMember is the member record of the signed-in account, if it has one.
func (s *Server) myMember(r *http.Request) (governance.Member, bool, error) {
	rq := current(r)
	m, err := governance.MemberByUser(r.Context(), s.db, rq.User.ID)
	if errors.Is(err, governance.ErrNotFound) || err == nil && m.PartnershipID != rq.Partnership.ID {
		return m, false, nil
	}
	return m, err == nil, err
}

func (s *Server) mySupport(w http.ResponseWriter, r *http.Request) error {
	m, ok, err := s.myMember(r)
	if err != nil {
		return err
	}
	return s.renderMySupport(w, r, http.StatusOK, m, ok, nil)
}

func (s *Server) renderMySupport(w http.ResponseWriter, r *http.Request, status int, m governance.Member, ok bool, errs valid.Errors) error {
	rq := current(r)
	var seats []memberSeat
	if ok {
		var err error
		if seats, err = s.memberSeats(r, *rq.Partnership, m); err != nil {
			return err
		}
	}
	page := memberPage{m, seats, governance.PaperFormats, governance.SupportOptions, ok, true}
	s.render(w, r, status, "my-support.html", view{Title: "Your support to take part", Caption: rq.Partnership.Name, Nav: "staff",
		Errors: errs, Data: page})
	return nil
}

func (s *Server) saveMySupport(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	stored, ok, err := s.myMember(r)
	if err != nil {
		return err
	}
	if !ok {
		// Nothing to save: say why, as the page does.
		return s.renderMySupport(w, r, http.StatusConflict, stored, false, nil)
	}
	m := readMemberForm(r, stored, false)
	_, err = governance.SaveMember(r.Context(), s.db, m, actor(r))
	if errs, isValid := valid.As(err); isValid {
		return s.renderMySupport(w, r, http.StatusUnprocessableEntity, m, true, errs)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, "/staff/partnerships/"+current(r).Partnership.Slug+"/my/support", "saved")
}

func (s *Server) publicBodies(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	bs, err := s.bodySummaries(r, *p, governance.Day(s.now()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "public-bodies.html", view{Title: "Who plans services in " + p.Name, Nav: "home", Data: bs})
	return nil
}

func (s *Server) publicBody(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	b, err := s.currentBody(r)
	if err != nil {
		return err
	}
	bs, err := s.bodySummaries(r, *p, governance.Day(s.now()))
	if err != nil {
		return err
	}
	for _, x := range bs {
		if x.ID == b.ID {
			s.render(w, r, http.StatusOK, "public-body.html", view{Title: b.Name, Caption: p.Name, Nav: "home", Data: x})
			return nil
		}
	}
	return errNotFound
}

// apiSeat is a seat as the open data API publishes it: the name only where
// the member agreed.
type apiSeat struct {
	Name            string   `json:"name,omitempty"`
	Capacity        string   `json:"capacity"`
	Description     string   `json:"description"`
	PrescribedGroup string   `json:"prescribed_group,omitempty"`
	Localities      []string `json:"localities,omitempty"`
	Voting          bool     `json:"voting"`
	AppointedOn     string   `json:"appointed_on"`
	TermEndsOn      string   `json:"term_ends_on,omitempty"`
}

func toAPISeats(vs []seatView) []apiSeat {
	out := make([]apiSeat, 0, len(vs))
	for _, v := range vs {
		a := apiSeat{Capacity: string(v.Seat.Capacity), Description: v.Capacity, PrescribedGroup: v.PrescribedGroup,
			Voting: v.Voting, AppointedOn: string(v.AppointedOn), TermEndsOn: string(v.TermEndsOn)}
		if v.PublishName {
			a.Name = v.MemberName
		}
		if v.Localities != "" {
			a.Localities = strings.Split(v.Localities, " and ")
		}
		out = append(out, a)
	}
	return out
}

func (s *Server) apiSPG(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	on, err := s.asOf(r)
	if err != nil {
		return err
	}
	b, err := governance.SPGOf(r.Context(), s.db, p.ID)
	if errors.Is(err, governance.ErrNotFound) {
		return httpError{Status: http.StatusNotFound, Message: "This partnership has not recorded its Strategic Planning Group on this service."}
	}
	if err != nil {
		return err
	}
	ss, err := governance.Seats(r.Context(), s.db, b.ID)
	if err != nil {
		return err
	}
	g := governance.Composition(*p, ss, on)
	groups := make([]string, 0)
	for _, x := range g.MissingPrescribedGroups {
		groups = append(groups, x.Name)
	}
	locs := make([]string, 0)
	for _, x := range g.MissingLocalities {
		locs = append(locs, x.Name)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"partnership": p.Slug, "name": b.Name, "date": on,
		"members": toAPISeats(seatViews(*p, governance.HeldOn(ss, on))),
		"composition": map[string]any{
			"lawful": g.Lawful(), "missing_prescribed_groups": groups, "missing_localities": locs,
			"missing_nominating_bodies": append([]string{}, g.MissingNominatingBodies...),
		},
	})
	return nil
}

func (s *Server) apiBodies(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	on, err := s.asOf(r)
	if err != nil {
		return err
	}
	bs, err := s.bodySummaries(r, *p, on)
	if err != nil {
		return err
	}
	out := make([]map[string]any, len(bs))
	for i, b := range bs {
		out[i] = map[string]any{"id": b.ID, "kind": b.Kind, "kind_name": b.Kind.Name(), "name": b.Name,
			"notice_days": b.NoticeDays, "members": toAPISeats(b.Members)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"partnership": p.Slug, "date": on, "bodies": out})
	return nil
}

// endingSeat is a seat whose term ends soon, with its body's name.
type endingSeat struct {
	governance.Seat
	Body string
}

// governanceSummary is what the partnership dashboard shows of its bodies:
// the SPG's composition today and every seat whose term ends within 90 days.
func (s *Server) governanceSummary(r *http.Request, p partnership.Partnership) (*bodySummary, []endingSeat, error) {
	today := governance.Day(s.now())
	bs, err := s.bodySummaries(r, p, today)
	if err != nil {
		return nil, nil, err
	}
	var spg *bodySummary
	var ending []endingSeat
	for i, b := range bs {
		if b.Kind == governance.SPG && spg == nil {
			spg = &bs[i]
		}
		for _, x := range governance.EndingSoon(b.Seats, today, 90) {
			ending = append(ending, endingSeat{x, b.Name})
		}
	}
	return spg, ending, nil
}
