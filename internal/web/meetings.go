package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"coplan/internal/auth"
	"coplan/internal/governance"
	"coplan/internal/meeting"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// meetingRoutes are the pages of meetings, papers and decisions.
//
// Officers (EditPlanning) run meetings; planners and scrutiny
// (ReadPlanning) read them and download every paper, issued or not. Every
// account of the partnership (OwnPartnership: SPG and board members too)
// has "Your meetings" and may download the papers that have been issued —
// issued papers are sent to members, unissued ones are drafts. The
// calendar feed is public, but its address holds the member's secret
// calendar token, so only whoever has the address can read it.
func (s *Server) meetingRoutes() []Route {
	return []Route{
		{Pattern: "GET /staff/partnerships/{slug}/bodies/{body}/meetings", Perm: auth.ReadPlanning, Handle: s.bodyMeetings},
		{Pattern: "GET /staff/partnerships/{slug}/bodies/{body}/meetings/new", Perm: auth.EditPlanning, Handle: s.newMeetingForm},
		{Pattern: "POST /staff/partnerships/{slug}/bodies/{body}/meetings", Perm: auth.EditPlanning, Handle: s.createMeeting},
		{Pattern: "GET /staff/partnerships/{slug}/meetings/{meeting}", Perm: auth.ReadPlanning, Handle: s.meetingPage},
		{Pattern: "GET /staff/partnerships/{slug}/meetings/{meeting}/edit", Perm: auth.EditPlanning, Handle: s.editMeetingForm},
		{Pattern: "POST /staff/partnerships/{slug}/meetings/{meeting}/edit", Perm: auth.EditPlanning, Handle: s.updateMeeting},
		{Pattern: "POST /staff/partnerships/{slug}/meetings/{meeting}/agenda", Perm: auth.EditPlanning, Handle: s.addAgendaItem},
		{Pattern: "POST /staff/partnerships/{slug}/meetings/{meeting}/papers", Perm: auth.EditPlanning, Handle: s.uploadPaper},
		{Pattern: "POST /staff/partnerships/{slug}/meetings/{meeting}/issue", Perm: auth.EditPlanning, Handle: s.issuePapers},
		{Pattern: "POST /staff/partnerships/{slug}/meetings/{meeting}/decisions", Perm: auth.EditPlanning, Handle: s.addDecision},
		{Pattern: "GET /staff/partnerships/{slug}/papers/{paper}", Perm: auth.ReadPlanning, Handle: s.downloadPaper},
		{Pattern: "GET /staff/partnerships/{slug}/my/meetings", Perm: auth.OwnPartnership, Handle: s.myMeetings},
		{Pattern: "GET /staff/partnerships/{slug}/my/papers/{paper}", Perm: auth.OwnPartnership, Handle: s.downloadMyPaper},
		{Pattern: "GET /calendar/{feed}", Perm: auth.Public, Handle: s.calendarFeed},
	}
}

// meetingNotFound turns the meeting and governance stores' "not found" into
// the 404 page.
func meetingNotFound(err error) error {
	if errors.Is(err, meeting.ErrNotFound) || errors.Is(err, valid.ErrNotFound) {
		return errNotFound
	}
	return err
}

// meetingPathID reads a numeric path value; anything else is a page that
// does not exist.
func meetingPathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

// meetingBody is the body named by {body}, of the partnership named by {slug}.
func (s *Server) meetingBody(r *http.Request) (governance.Body, error) {
	id, err := meetingPathID(r, "body")
	if err != nil {
		return governance.Body{}, err
	}
	b, err := governance.StoreFor(s.db, *current(r).Partnership, s.now).BodyByID(r.Context(), id)
	return b, meetingNotFound(err)
}

// meetingFromPath is the meeting named by {meeting}, of the partnership
// named by {slug}.
func (s *Server) meetingFromPath(r *http.Request) (meeting.Meeting, error) {
	id, err := meetingPathID(r, "meeting")
	if err != nil {
		return meeting.Meeting{}, err
	}
	m, err := meeting.ByID(r.Context(), s.db, current(r).Partnership.ID, id)
	return m, meetingNotFound(err)
}

func meetingAddress(p *partnership.Partnership, id int64) string {
	return fmt.Sprintf("/staff/partnerships/%s/meetings/%d", p.Slug, id)
}

// meetingSeeOther redirects to a part of a meeting's page after a
// successful form, with the notice to show (the query must come before
// the fragment).
func meetingSeeOther(w http.ResponseWriter, r *http.Request, path, fragment, done string) error {
	http.Redirect(w, r, path+"?done="+url.QueryEscape(done)+"#"+fragment, http.StatusSeeOther)
	return nil
}

// shownMeeting is a meeting with what pages say about it in words.
type shownMeeting struct {
	meeting.Meeting
}

// When is the day and times: "Thursday 12 March 2026, 10:00am to 12:30pm".
func (m shownMeeting) When() string {
	s := m.StartsAt.In(london).Format("Monday 2 January 2006, 3:04pm")
	if !m.EndsAt.IsZero() {
		s += " to " + m.EndsAt.In(london).Format("3:04pm")
	}
	return s
}

// Where is the place, or that the meeting is online.
func (m shownMeeting) Where() string {
	switch {
	case m.Place != "" && m.OnlineLink != "":
		return m.Place + ", or online"
	case m.Place != "":
		return m.Place
	}
	return "Online"
}

// shownPaper is a paper with its lateness for its meeting.
type shownPaper struct {
	meeting.Paper
	Late      bool
	DaysLate  int
	ItemTitle string // the agenda item it belongs to, if any
}

func showMeetingPapers(m meeting.Meeting, ps []meeting.Paper, agenda []meeting.AgendaItem) []shownPaper {
	out := make([]shownPaper, len(ps))
	for i, p := range ps {
		late, days := meeting.PaperLate(m, p)
		out[i] = shownPaper{Paper: p, Late: late, DaysLate: days, ItemTitle: agendaItemTitle(agenda, p.AgendaItemID)}
	}
	return out
}

func agendaItemTitle(agenda []meeting.AgendaItem, id int64) string {
	for _, a := range agenda {
		if a.ID == id {
			return fmt.Sprintf("%d. %s", a.Position, a.Title)
		}
	}
	return ""
}

// meetingSummary is one row of a body's list of meetings.
type meetingSummary struct {
	shownMeeting
	Papers, Issued int
	Warned         bool
}

type meetingListPage struct {
	Body     governance.Body
	Sections []meetingSection // coming meetings, then past ones
	CanEdit  bool
}

type meetingSection struct {
	Heading, Empty string
	Rows           []meetingSummary
}

func (s *Server) bodyMeetings(w http.ResponseWriter, r *http.Request) error {
	rq := current(r)
	b, err := s.meetingBody(r)
	if err != nil {
		return err
	}
	ms, err := meeting.OfBody(r.Context(), s.db, rq.Partnership.ID, b.ID)
	if err != nil {
		return err
	}
	coming := meetingSection{Heading: "Coming meetings", Empty: "No meetings are planned yet."}
	past := meetingSection{Heading: "Past meetings", Empty: "No past meetings have been recorded."}
	now := s.now()
	for _, m := range ms {
		ps, err := meeting.Papers(r.Context(), s.db, rq.Partnership.ID, m.ID)
		if err != nil {
			return err
		}
		row := meetingSummary{shownMeeting: shownMeeting{m}, Papers: len(ps), Warned: len(meeting.Warnings(m, ps, now)) > 0}
		for _, p := range ps {
			if p.Issued() {
				row.Issued++
			}
		}
		if m.StartsAt.Before(governance.Day(now).Time()) {
			past.Rows = append([]meetingSummary{row}, past.Rows...) // newest first
		} else {
			coming.Rows = append(coming.Rows, row)
		}
	}
	page := meetingListPage{Body: b, Sections: []meetingSection{coming, past}, CanEdit: auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID)}
	s.render(w, r, http.StatusOK, "meeting-list.html", view{Title: "Meetings", Caption: b.Name, Nav: "staff", Data: page})
	return nil
}

// meetingFormData is the meeting form: a new meeting of Body, or a change
// to Meeting.
type meetingFormData struct {
	Body    governance.Body
	Meeting meeting.Meeting // ID 0 for a new one
}

func (s *Server) newMeetingForm(w http.ResponseWriter, r *http.Request) error {
	b, err := s.meetingBody(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "meeting-form.html", view{Title: "Add a meeting", Caption: b.Name, Nav: "staff",
		Form: url.Values{}, Data: meetingFormData{Body: b}})
	return nil
}

// readMeetingForm reads the meeting form over m, with the errors of fields
// that could not be read at all.
func readMeetingForm(r *http.Request, m meeting.Meeting) (meeting.Meeting, valid.Errors) {
	f := r.PostForm
	var errs valid.Errors
	m.Title, m.Place, m.OnlineLink = f.Get("title"), f.Get("place"), f.Get("online_link")
	if _, ok := f["minutes"]; ok {
		m.Minutes = f.Get("minutes")
	}
	m.StartsAt, m.EndsAt = time.Time{}, time.Time{}
	if t, ok := meeting.ParseWhen(f.Get("date"), f.Get("start")); ok {
		m.StartsAt = t
	}
	if e := strings.TrimSpace(f.Get("ends")); e != "" {
		if t, ok := meeting.ParseWhen(f.Get("date"), e); ok {
			m.EndsAt = t
		} else if !m.StartsAt.IsZero() {
			errs.Add("ends", "Enter the time the meeting ends as hours and minutes, like 12:30, or leave it blank")
		}
	}
	return m, errs
}

// saveMeeting saves the meeting form, or shows it again with its errors.
func (s *Server) saveMeeting(w http.ResponseWriter, r *http.Request, b governance.Body, stored meeting.Meeting) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := current(r).Partnership
	m, errs := readMeetingForm(r, stored)
	var err error
	if len(errs) > 0 {
		verrs, _ := valid.As(meeting.Validate(m))
		err = append(verrs, errs...)
	} else {
		m, err = meeting.Save(r.Context(), s.db, *p, m, actor(r))
	}
	if verrs, ok := valid.As(err); ok {
		title, caption := "Add a meeting", b.Name
		if stored.ID != 0 {
			title, caption = "Change the meeting", stored.Name()
		}
		s.render(w, r, http.StatusUnprocessableEntity, "meeting-form.html", view{Title: title, Caption: caption, Nav: "staff",
			Errors: verrs, Form: r.PostForm, Data: meetingFormData{Body: b, Meeting: stored}})
		return nil
	}
	if err != nil {
		return meetingNotFound(err)
	}
	done := "meeting-created"
	if stored.ID != 0 {
		done = "meeting-saved"
	}
	return seeOther(w, r, meetingAddress(p, m.ID), done)
}

func (s *Server) createMeeting(w http.ResponseWriter, r *http.Request) error {
	b, err := s.meetingBody(r)
	if err != nil {
		return err
	}
	return s.saveMeeting(w, r, b, meeting.Meeting{BodyID: b.ID})
}

func (s *Server) editMeetingForm(w http.ResponseWriter, r *http.Request) error {
	m, err := s.meetingFromPath(r)
	if err != nil {
		return err
	}
	f := url.Values{"title": {m.Title}, "date": {string(m.Day())}, "start": {m.StartsAt.In(london).Format("15:04")},
		"place": {m.Place}, "online_link": {m.OnlineLink}, "minutes": {m.Minutes}}
	if !m.EndsAt.IsZero() {
		f.Set("ends", m.EndsAt.In(london).Format("15:04"))
	}
	s.render(w, r, http.StatusOK, "meeting-form.html", view{Title: "Change the meeting", Caption: m.Name(), Nav: "staff",
		Form: f, Data: meetingFormData{Body: governance.Body{ID: m.BodyID, Name: m.BodyName}, Meeting: m}})
	return nil
}

func (s *Server) updateMeeting(w http.ResponseWriter, r *http.Request) error {
	m, err := s.meetingFromPath(r)
	if err != nil {
		return err
	}
	return s.saveMeeting(w, r, governance.Body{ID: m.BodyID, Name: m.BodyName}, m)
}

// shownDecision is a decision with its agenda item's title.
type shownDecision struct {
	meeting.Decision
	ItemTitle string
}

type meetingPageData struct {
	Meeting   shownMeeting
	Agenda    []meeting.AgendaItem
	Papers    []shownPaper
	Unissued  int
	Warnings  []meeting.Warning
	Decisions []shownDecision
	NonVoting int // non-voting members on the body on the day
	CanEdit   bool
	MaxSize   string
}

// renderMeeting shows the meeting page; after a refused form, with its
// errors (whose fields carry the form's prefix) and status 422.
func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, m meeting.Meeting, status int, errs valid.Errors) error {
	ctx := r.Context()
	rq := current(r)
	pid := rq.Partnership.ID
	agenda, err := meeting.Agenda(ctx, s.db, pid, m.ID)
	if err != nil {
		return err
	}
	ps, err := meeting.Papers(ctx, s.db, pid, m.ID)
	if err != nil {
		return err
	}
	ds, err := meeting.Decisions(ctx, s.db, pid, m.ID)
	if err != nil {
		return err
	}
	nonVoting, err := meeting.NonVotingMembers(ctx, s.db, pid, m)
	if err != nil {
		return err
	}
	data := meetingPageData{Meeting: shownMeeting{m}, Agenda: agenda, Papers: showMeetingPapers(m, ps, agenda),
		Warnings: meeting.Warnings(m, ps, s.now()), NonVoting: nonVoting,
		CanEdit: auth.Can(rq.User, auth.EditPlanning, pid), MaxSize: fmt.Sprintf("%d MB", meeting.MaxPaperSize>>20)}
	for _, p := range ps {
		if !p.Issued() {
			data.Unissued++
		}
	}
	for _, d := range ds {
		data.Decisions = append(data.Decisions, shownDecision{d, agendaItemTitle(agenda, d.AgendaItemID)})
	}
	form := r.PostForm
	if form == nil {
		form = url.Values{}
	}
	s.render(w, r, status, "meeting.html", view{Title: m.Name(), Caption: m.BodyName, Nav: "staff", Errors: errs, Form: form, Data: data})
	return nil
}

func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.meetingFromPath(r)
	if err != nil {
		return err
	}
	return s.renderMeeting(w, r, m, http.StatusOK, nil)
}

// meetingFormErrors gives a store's field errors the ids of one form on the meeting
// page, which holds several: "agenda_item" in the paper form becomes
// "paper-agenda-item".
func meetingFormErrors(errs valid.Errors, prefix string) valid.Errors {
	out := make(valid.Errors, len(errs))
	for i, e := range errs {
		out[i] = valid.FieldError{Field: prefix + strings.ReplaceAll(e.Field, "_", "-"), Message: e.Message}
	}
	return out
}

// meetingFormID reads an optional id from a form field: 0 when blank.
func meetingFormID(f url.Values, field string) int64 {
	id, _ := strconv.ParseInt(f.Get(field), 10, 64)
	return id
}

func (s *Server) addAgendaItem(w http.ResponseWriter, r *http.Request) error {
	m, err := s.meetingFromPath(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := current(r).Partnership
	_, err = meeting.AddAgendaItem(r.Context(), s.db, *p, m.ID, meeting.AgendaItem{Title: r.PostForm.Get("agenda-title"),
		Description: r.PostForm.Get("agenda-description")}, actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderMeeting(w, r, m, http.StatusUnprocessableEntity, meetingFormErrors(errs, "agenda-"))
	}
	if err != nil {
		return meetingNotFound(err)
	}
	return meetingSeeOther(w, r, meetingAddress(p, m.ID), "agenda", "agenda-item-added")
}

// uploadPaper stores an uploaded paper. The request body is capped a
// little above meeting.MaxPaperSize (the rest of the form is small), so an
// oversized upload is cut off rather than read into memory or onto disk.
func (s *Server) uploadPaper(w http.ResponseWriter, r *http.Request) error {
	m, err := s.meetingFromPath(r)
	if err != nil {
		return err
	}
	p := current(r).Partnership
	refuse := func(errs valid.Errors) error {
		return s.renderMeeting(w, r, m, http.StatusUnprocessableEntity, meetingFormErrors(errs, "paper-"))
	}
	r.Body = http.MaxBytesReader(w, r.Body, meeting.MaxPaperSize+1<<20)
	err = r.ParseMultipartForm(1 << 20)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		errs, _ := valid.As(meeting.TooBig())
		return refuse(errs)
	case errors.Is(err, http.ErrNotMultipart):
		// A form without a file: CheckFile below asks for one.
	case err != nil:
		return httpError{Status: http.StatusBadRequest, Message: "The upload could not be read. Choose the file again and send it once more."}
	}
	var filename string
	var content []byte
	if f, h, err := r.FormFile("paper-file"); err == nil {
		defer f.Close()
		filename = h.Filename
		if content, err = io.ReadAll(io.LimitReader(f, meeting.MaxPaperSize+1)); err != nil {
			return err
		}
	}
	_, err = meeting.AddPaper(r.Context(), s.db, *p, m.ID, meeting.Paper{Title: r.PostForm.Get("paper-title"), Filename: filename,
		AgendaItemID: meetingFormID(r.PostForm, "paper-agenda-item")}, content, actor(r))
	if errs, ok := valid.As(err); ok {
		return refuse(errs)
	}
	if err != nil {
		return meetingNotFound(err)
	}
	return meetingSeeOther(w, r, meetingAddress(p, m.ID), "papers", "paper-uploaded")
}

func (s *Server) issuePapers(w http.ResponseWriter, r *http.Request) error {
	m, err := s.meetingFromPath(r)
	if err != nil {
		return err
	}
	p := current(r).Partnership
	n, err := meeting.IssuePapers(r.Context(), s.db, *p, m.ID, s.now(), actor(r))
	if err != nil {
		return meetingNotFound(err)
	}
	done := "papers-issued"
	if n == 0 {
		done = "no-papers-to-issue"
	}
	return meetingSeeOther(w, r, meetingAddress(p, m.ID), "papers", done)
}

func (s *Server) addDecision(w http.ResponseWriter, r *http.Request) error {
	m, err := s.meetingFromPath(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := current(r).Partnership
	f := r.PostForm
	_, err = meeting.AddDecision(r.Context(), s.db, *p, m.ID, meeting.Decision{AgendaItemID: meetingFormID(f, "decision-agenda-item"),
		Text: f.Get("decision-text"), VotingRecord: f.Get("decision-voting-record"),
		NonVotingViews: f.Get("decision-non-voting-views")}, actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderMeeting(w, r, m, http.StatusUnprocessableEntity, meetingFormErrors(errs, "decision-"))
	}
	if err != nil {
		return meetingNotFound(err)
	}
	return meetingSeeOther(w, r, meetingAddress(p, m.ID), "decisions", "decision-added")
}

// sendPaper sends a paper's file as a download, never shown in the page:
// with the content type checked on upload, and nosniff so that a browser
// does not second-guess it.
func (s *Server) sendPaper(w http.ResponseWriter, r *http.Request, issuedOnly bool) error {
	id, err := meetingPathID(r, "paper")
	if err != nil {
		return err
	}
	pid := current(r).Partnership.ID
	paper, err := meeting.PaperByID(r.Context(), s.db, pid, id)
	if err != nil {
		return meetingNotFound(err)
	}
	if issuedOnly && !paper.Issued() {
		return errNotFound
	}
	content, err := meeting.PaperContent(r.Context(), s.db, pid, id)
	if err != nil {
		return meetingNotFound(err)
	}
	return sendStoredFile(w, r, paper.Filename, paper.ContentType, content)
}

func (s *Server) downloadPaper(w http.ResponseWriter, r *http.Request) error {
	return s.sendPaper(w, r, false)
}

func (s *Server) downloadMyPaper(w http.ResponseWriter, r *http.Request) error {
	return s.sendPaper(w, r, true)
}

// myMeeting is one of a member's coming meetings with its agenda and the
// papers issued so far.
type myMeeting struct {
	shownMeeting
	Agenda   []meeting.AgendaItem
	Papers   []shownPaper
	Unissued int
}

type myMeetingsPage struct {
	Member    governance.Member
	HasMember bool
	Meetings  []myMeeting
	FeedURL   string
}

func (s *Server) myMeetings(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	rq := current(r)
	p := rq.Partnership
	page := myMeetingsPage{}
	member, err := governance.StoreFor(s.db, *p, s.now).MemberByUser(ctx, rq.User.ID)
	switch {
	case errors.Is(err, valid.ErrNotFound):
	case err != nil:
		return err
	case member.PartnershipID == p.ID:
		page.Member, page.HasMember = member, true
	}
	if page.HasMember {
		ms, err := meeting.ForMember(ctx, s.db, member, governance.Day(s.now()).Time())
		if err != nil {
			return err
		}
		for _, m := range ms {
			agenda, err := meeting.Agenda(ctx, s.db, p.ID, m.ID)
			if err != nil {
				return err
			}
			ps, err := meeting.Papers(ctx, s.db, p.ID, m.ID)
			if err != nil {
				return err
			}
			mm := myMeeting{shownMeeting: shownMeeting{m}, Agenda: agenda}
			var issued []meeting.Paper
			for _, paper := range ps {
				if paper.Issued() {
					issued = append(issued, paper)
				} else {
					mm.Unissued++
				}
			}
			mm.Papers = showMeetingPapers(m, issued, agenda)
			page.Meetings = append(page.Meetings, mm)
		}
		scheme := "http"
		if s.secure || r.TLS != nil {
			scheme = "https"
		}
		page.FeedURL = scheme + "://" + r.Host + "/calendar/" + member.CalendarToken + ".ics"
	}
	s.render(w, r, http.StatusOK, "my-meetings.html", view{Title: "Your meetings", Caption: p.Name, Nav: "staff", Data: page})
	return nil
}

// calendarFeed serves a member's meetings from three months ago onwards as
// an iCalendar feed. The address's token is the only key: anything else is
// "not found", whoever asks.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	token, ok := strings.CutSuffix(r.PathValue("feed"), ".ics")
	if !ok {
		return errNotFound
	}
	member, err := governance.MemberByCalendarToken(ctx, s.db, token)
	if err != nil {
		return meetingNotFound(err)
	}
	p, err := partnership.ByID(ctx, s.db, member.PartnershipID)
	if err != nil {
		return err
	}
	now := s.now()
	ms, err := meeting.ForMember(ctx, s.db, member, now.AddDate(0, -3, 0))
	if err != nil {
		return err
	}
	var entries []meeting.CalendarEntry
	for _, m := range ms {
		ps, err := meeting.Papers(ctx, s.db, p.ID, m.ID)
		if err != nil {
			return err
		}
		e := meeting.CalendarEntry{Meeting: m}
		for _, paper := range ps {
			if paper.Issued() {
				e.Issued = append(e.Issued, paper)
			} else {
				e.Unissued++
			}
		}
		entries = append(entries, e)
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="meetings.ics"`)
	h.Set("Cache-Control", "private, max-age=900")
	return meeting.WriteCalendar(w, member.Name+"'s meetings – "+p.Name, entries, now)
}
