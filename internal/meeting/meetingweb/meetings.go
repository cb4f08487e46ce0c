package meetingweb

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/files"
	"coplan/internal/governance"
	"coplan/internal/meeting"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// meetingPath is the address of one of the partnership's meetings.
func meetingPath(r *http.Request, id int64) string {
	return kit.StaffPath(kit.Current(r).Partnership.Slug, "meetings", id)
}

// seeOtherPart redirects to a part of a meeting's page after a successful
// form, with the notice to show (the query must come before the fragment).
func seeOtherPart(w http.ResponseWriter, r *http.Request, path, fragment, done string) error {
	http.Redirect(w, r, path+"?done="+url.QueryEscape(done)+"#"+fragment, http.StatusSeeOther)
	return nil
}

// shownMeeting is a meeting with what pages say about it in words.
type shownMeeting struct {
	meeting.Meeting
}

// When is the day and times: "Thursday 12 March 2026, 10:00am to 12:30pm".
func (m shownMeeting) When() string {
	s := m.StartsAt.In(civil.London).Format("Monday 2 January 2006, 3:04pm")
	if !m.EndsAt.IsZero() {
		s += " to " + m.EndsAt.In(civil.London).Format("3:04pm")
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
	// On the officers' page: its other formats, those still owed to
	// members, and the formats a version can be uploaded in.
	Versions []meeting.Version
	Owed     []string
}

// OwedMessages are the paper's owed formats as flags.
func (p shownPaper) OwedMessages() []string {
	var out []string
	for _, f := range p.Owed {
		out = append(out, meeting.OwedMessage(f))
	}
	return out
}

func showPapers(m meeting.Meeting, ps []meeting.Paper, agenda []meeting.AgendaItem) []shownPaper {
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

// agendaOptions are the choices of agenda item for a paper or decision:
// first the one meaning none.
func agendaOptions(none string, agenda []meeting.AgendaItem) []kit.Option {
	out := []kit.Option{{Value: "", Label: none}}
	for _, a := range agenda {
		out = append(out, kit.Option{Value: fmt.Sprint(a.ID), Label: fmt.Sprintf("%d. %s", a.Position, a.Title)})
	}
	return out
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

func (h *Handlers) bodyMeetings(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "body")
	if err != nil {
		return err
	}
	bm, err := h.store(r).BodyMeetings(r.Context(), id)
	if err != nil {
		return err
	}
	coming := meetingSection{Heading: "Coming meetings", Empty: "No meetings are planned yet."}
	past := meetingSection{Heading: "Past meetings", Empty: "No past meetings have been recorded."}
	now := h.k.Now()
	for _, m := range bm.Meetings {
		row := meetingSummary{shownMeeting: shownMeeting{m.Meeting}, Papers: len(m.Papers), Warned: len(meeting.Warnings(m.Meeting, m.Papers, now)) > 0}
		for _, p := range m.Papers {
			if p.Issued() {
				row.Issued++
			}
		}
		if m.StartsAt.Before(civil.Day(now).Time()) {
			past.Rows = append([]meetingSummary{row}, past.Rows...) // newest first
		} else {
			coming.Rows = append(coming.Rows, row)
		}
	}
	page := meetingListPage{Body: bm.Body, Sections: []meetingSection{coming, past}, CanEdit: kit.Can(r, auth.EditPlanning)}
	return h.pages.OK(w, r, "meeting-list.html", kit.View{Title: "Meetings", Caption: bm.Body.Name, Nav: "staff", Data: page})
}

// meetingFormData is the meeting form: a new meeting of Body, or a change
// to Meeting.
type meetingFormData struct {
	Body    governance.Body
	Meeting meeting.Meeting // ID 0 for a new one
}

func (h *Handlers) newMeetingForm(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "body")
	if err != nil {
		return err
	}
	b, err := h.store(r).Body(r.Context(), id)
	if err != nil {
		return err
	}
	return h.pages.OK(w, r, "meeting-form.html", kit.View{Title: "Add a meeting", Caption: b.Name, Nav: "staff",
		Form: url.Values{}, Data: meetingFormData{Body: b}})
}

// readMeetingForm reads the meeting form over m, with the errors of fields
// that could not be read at all.
func readMeetingForm(f kit.Form, m meeting.Meeting) (meeting.Meeting, valid.Errors) {
	var errs valid.Errors
	m.Title, m.Place, m.OnlineLink = f.Get("title"), f.Get("place"), f.Get("online_link")
	if _, ok := f.Values["minutes"]; ok {
		m.Minutes = f.Get("minutes")
	}
	m.StartsAt, m.EndsAt = time.Time{}, time.Time{}
	if t, ok := meeting.ParseWhen(f.Get("date"), f.Get("start")); ok {
		m.StartsAt = t
	}
	if e := f.Text("ends"); e != "" {
		if t, ok := meeting.ParseWhen(f.Get("date"), e); ok {
			m.EndsAt = t
		} else if !m.StartsAt.IsZero() {
			errs.Add("ends", "Enter the time the meeting ends as hours and minutes, like 12:30, or leave it blank")
		}
	}
	return m, errs
}

// saveMeeting saves the meeting form, or shows it again with its errors.
func (h *Handlers) saveMeeting(w http.ResponseWriter, r *http.Request, b governance.Body, stored meeting.Meeting) error {
	f, err := kit.ParseForm(w, r, kit.Allow("minutes", meeting.MaxMinutesChars))
	bad, _ := valid.As(err)
	if err != nil && bad == nil {
		return err
	}
	m, errs := readMeetingForm(f, stored)
	errs = append(bad, errs...)
	if len(errs) > 0 {
		verrs, _ := valid.As(meeting.Validate(m))
		err = append(verrs, errs...)
	} else {
		m, err = h.store(r).Save(r.Context(), m, kit.Actor(r))
	}
	if verrs, ok := valid.As(err); ok {
		title, caption := "Add a meeting", b.Name
		if stored.ID != 0 {
			title, caption = "Change the meeting", stored.Name()
		}
		h.pages.Render(w, r, http.StatusUnprocessableEntity, "meeting-form.html", kit.View{Title: title, Caption: caption, Nav: "staff",
			Errors: verrs, Form: f.Values, Data: meetingFormData{Body: b, Meeting: stored}})
		return nil
	}
	if err != nil {
		return err
	}
	done := "meeting-created"
	if stored.ID != 0 {
		done = "meeting-saved"
	}
	return kit.SeeOther(w, r, meetingPath(r, m.ID), done)
}

func (h *Handlers) createMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "body")
	if err != nil {
		return err
	}
	b, err := h.store(r).Body(r.Context(), id)
	if err != nil {
		return err
	}
	return h.saveMeeting(w, r, b, meeting.Meeting{BodyID: b.ID})
}

// meetingFromPath is the meeting named by {meeting}, of the partnership
// named by {slug}.
func (h *Handlers) meetingFromPath(r *http.Request) (meeting.Meeting, error) {
	id, err := kit.PathID(r, "meeting")
	if err != nil {
		return meeting.Meeting{}, err
	}
	return h.store(r).ByID(r.Context(), id)
}

func (h *Handlers) editMeetingForm(w http.ResponseWriter, r *http.Request) error {
	m, err := h.meetingFromPath(r)
	if err != nil {
		return err
	}
	f := url.Values{"title": {m.Title}, "date": {string(m.Day())}, "start": {m.StartsAt.In(civil.London).Format("15:04")},
		"place": {m.Place}, "online_link": {m.OnlineLink}, "minutes": {m.Minutes}}
	if !m.EndsAt.IsZero() {
		f.Set("ends", m.EndsAt.In(civil.London).Format("15:04"))
	}
	return h.pages.OK(w, r, "meeting-form.html", kit.View{Title: "Change the meeting", Caption: m.Name(), Nav: "staff",
		Form: f, Data: meetingFormData{Body: governance.Body{ID: m.BodyID, Name: m.BodyName}, Meeting: m}})
}

func (h *Handlers) updateMeeting(w http.ResponseWriter, r *http.Request) error {
	m, err := h.meetingFromPath(r)
	if err != nil {
		return err
	}
	return h.saveMeeting(w, r, governance.Body{ID: m.BodyID, Name: m.BodyName}, m)
}

// shownDecision is a decision with its agenda item's title.
type shownDecision struct {
	meeting.Decision
	ItemTitle string
}

type meetingPageData struct {
	Meeting         shownMeeting
	Agenda          []meeting.AgendaItem
	Papers          []shownPaper
	Unissued        int
	Warnings        []meeting.Warning
	Decisions       []shownDecision
	NonVoting       int // non-voting members on the body on the day
	CanEdit         bool
	MaxSize         string
	PaperItems      []kit.Option // the agenda items a paper may be for
	DecisionItems   []kit.Option // the agenda items a decision may be under
	NonVotingHint   string
	NonVotingLabel  string
	PaperFileHint   string
	PaperFileAccept string
	Apologies       []meeting.Apology
	Items           []itemRounds // the agenda with the rounds of views on each item
	VersionFormats  []kit.Option
}

// paperAccept is what the paper upload's file picker offers.
const paperAccept = ".pdf,.doc,.docx,.odt,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text"

// renderMeeting shows the meeting page; after a refused form, with its
// errors (whose fields carry the form's prefix), what was entered and
// status 422.
func (h *Handlers) renderMeeting(w http.ResponseWriter, r *http.Request, id int64, status int, errs valid.Errors, form url.Values) error {
	pg, err := h.store(r).Page(r.Context(), id)
	if err != nil {
		return err
	}
	m := pg.Meeting
	data := meetingPageData{Meeting: shownMeeting{m}, Agenda: pg.Agenda, Papers: showPapers(m, pg.Papers, pg.Agenda),
		Warnings: meeting.Warnings(m, pg.Papers, h.k.Now()), NonVoting: pg.NonVoting,
		CanEdit: kit.Can(r, auth.EditPlanning), MaxSize: fmt.Sprintf("%d MB", files.Papers.MaxMB()),
		PaperItems: agendaOptions("The meeting as a whole", pg.Agenda), DecisionItems: agendaOptions("None", pg.Agenda),
		PaperFileAccept: paperAccept}
	data.PaperFileHint = "A PDF, Word or OpenDocument text file, smaller than " + data.MaxSize + "."
	data.NonVotingLabel = "Views of the non-voting members"
	switch pg.NonVoting {
	case 0:
		data.NonVotingLabel += " (optional)"
		data.NonVotingHint = "No non-voting members held a seat on this body on the day of the meeting."
	case 1:
		data.NonVotingHint = "1 non-voting member held a seat on this body on the day of the meeting. "
	default:
		data.NonVotingHint = fmt.Sprintf("%d non-voting members held a seat on this body on the day of the meeting. ", pg.NonVoting)
	}
	if pg.NonVoting > 0 {
		data.NonVotingHint += "Record the views they gave, for example those of carers', service users' and third sector representatives; if they gave none, say so."
	}
	for _, p := range pg.Papers {
		if !p.Issued() {
			data.Unissued++
		}
	}
	for _, d := range pg.Decisions {
		data.Decisions = append(data.Decisions, shownDecision{d, agendaItemTitle(pg.Agenda, d.AgendaItemID)})
	}
	for i := range data.Papers {
		data.Papers[i].Versions = pg.Versions[data.Papers[i].ID]
		data.Papers[i].Owed = pg.Owed[data.Papers[i].ID]
	}
	data.Apologies = pg.Apologies
	data.Items = agendaWithRounds(*kit.Current(r).Partnership, pg.Agenda, pg.Rounds)
	data.VersionFormats = []kit.Option{{Value: "", Label: "Select a format"}}
	for _, f := range governance.PaperFormats {
		if meeting.OwnVersion(f.Code) {
			data.VersionFormats = append(data.VersionFormats, kit.Option{Value: f.Code, Label: f.Name})
		}
	}
	if form == nil {
		form = url.Values{}
	}
	h.pages.Render(w, r, status, "meeting.html", kit.View{Title: m.Name(), Caption: m.BodyName, Nav: "staff", Errors: errs, Form: form, Data: data})
	return nil
}

func (h *Handlers) meetingPage(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "meeting")
	if err != nil {
		return err
	}
	return h.renderMeeting(w, r, id, http.StatusOK, nil, nil)
}

// prefixed gives a store's field errors the ids of one form on the
// meeting page, which holds several: "agenda_item" in the paper form
// becomes "paper-agenda-item".
func prefixed(errs valid.Errors, prefix string) valid.Errors {
	out := make(valid.Errors, len(errs))
	for i, e := range errs {
		out[i] = valid.FieldError{Field: prefix + strings.ReplaceAll(e.Field, "_", "-"), Message: e.Message}
	}
	return out
}

func (h *Handlers) addAgendaItem(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "meeting")
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	_, err = h.store(r).AddAgendaItem(r.Context(), id, meeting.AgendaItem{Title: f.Get("agenda-title"),
		Description: f.Get("agenda-description")}, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderMeeting(w, r, id, http.StatusUnprocessableEntity, prefixed(errs, "agenda-"), f.Values)
	}
	if err != nil {
		return err
	}
	return seeOtherPart(w, r, meetingPath(r, id), "agenda", "agenda-item-added")
}

// uploadPaper stores an uploaded paper. kit.ReadUpload caps the request a
// little above files.Papers.Max, so an oversized upload is cut off rather
// than read into memory or onto disk.
func (h *Handlers) uploadPaper(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "meeting")
	if err != nil {
		return err
	}
	f, u, err := kit.ReadUpload(w, r, "paper-file", files.Papers)
	if errs, ok := valid.As(err); ok { // already named for the form's file field
		return h.renderMeeting(w, r, id, http.StatusUnprocessableEntity, errs, f.Values)
	}
	if err != nil {
		return err
	}
	_, err = h.store(r).AddPaper(r.Context(), id, meeting.Paper{Title: f.Get("paper-title"), AgendaItemID: f.ID("paper-agenda-item")},
		u, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderMeeting(w, r, id, http.StatusUnprocessableEntity, prefixed(errs, "paper-"), f.Values)
	}
	if err != nil {
		return err
	}
	return seeOtherPart(w, r, meetingPath(r, id), "papers", "paper-uploaded")
}

func (h *Handlers) issuePapers(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "meeting")
	if err != nil {
		return err
	}
	n, err := h.store(r).IssuePapers(r.Context(), id, kit.Actor(r))
	if err != nil {
		return err
	}
	done := "papers-issued"
	if n == 0 {
		done = "no-papers-to-issue"
	}
	return seeOtherPart(w, r, meetingPath(r, id), "papers", done)
}

func (h *Handlers) addDecision(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "meeting")
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	_, err = h.store(r).AddDecision(r.Context(), id, meeting.Decision{AgendaItemID: f.ID("decision-agenda-item"),
		Text: f.Get("decision-text"), VotingRecord: f.Get("decision-voting-record"),
		NonVotingViews: f.Get("decision-non-voting-views")}, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderMeeting(w, r, id, http.StatusUnprocessableEntity, prefixed(errs, "decision-"), f.Values)
	}
	if err != nil {
		return err
	}
	return seeOtherPart(w, r, meetingPath(r, id), "decisions", "decision-added")
}

// sendPaper sends a paper's file as a download (kit.SendStoredFile);
// issuedOnly hides papers not yet issued, which are drafts.
func (h *Handlers) sendPaper(w http.ResponseWriter, r *http.Request, issuedOnly bool) error {
	id, err := kit.PathID(r, "paper")
	if err != nil {
		return err
	}
	paper, content, err := h.store(r).PaperFile(r.Context(), id)
	if err != nil {
		return err
	}
	if issuedOnly && !paper.Issued() {
		return kit.ErrNotFound
	}
	return kit.SendStoredFile(w, r, paper.Filename, paper.ContentType, content)
}

func (h *Handlers) downloadPaper(w http.ResponseWriter, r *http.Request) error {
	return h.sendPaper(w, r, false)
}

// downloadMyPaper sends an issued paper to staff, or to a member who sat
// on the meeting's body on its day (meeting.MayRead); to anyone else of the
// partnership it is not found.
func (h *Handlers) downloadMyPaper(w http.ResponseWriter, r *http.Request) error {
	if kit.Can(r, auth.ReadPlanning) {
		return h.sendPaper(w, r, true)
	}
	id, err := kit.PathID(r, "paper")
	if err != nil {
		return err
	}
	paper, content, err := h.store(r).MemberPaperFile(r.Context(), kit.Current(r).User.ID, id)
	if err != nil {
		return err
	}
	return kit.SendStoredFile(w, r, paper.Filename, paper.ContentType, content)
}

// myMeeting is one of a member's meetings with its agenda, the papers
// issued so far, and for past meetings its minutes and decisions.
type myMeeting struct {
	shownMeeting
	Agenda     []meeting.AgendaItem
	Papers     []myPaper
	Unissued   int
	Decisions  []shownDecision
	Apology    *meeting.Apology
	Represents bool
	Rounds     []shownRound
	Upcoming   bool
}

// myPaper is an issued paper as a member sees it: in their format where
// there is a version, flagged where that version is still owed.
type myPaper struct {
	shownPaper
	InFormat bool
	Owed     string // e.g. "Large print version still owed", or ""
}

type myMeetingsPage struct {
	Member     governance.Member
	HasMember  bool
	FormatName string // the member's paper format, if it needs its own version
	Meetings   []myMeeting
	Past       []myMeeting
	FeedURL    string
}

func (h *Handlers) myMeetings(w http.ResponseWriter, r *http.Request) error {
	return h.renderMyMeetings(w, r, http.StatusOK, nil, nil)
}

func (h *Handlers) renderMyMeetings(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors, form url.Values) error {
	rq := kit.Current(r)
	um, err := h.store(r).ForUser(r.Context(), rq.User.ID)
	if err != nil {
		return err
	}
	page := myMeetingsPage{Member: um.Member, HasMember: um.HasMember}
	if meeting.OwnVersion(um.Member.PaperFormat) {
		page.FormatName = meeting.FormatName(um.Member.PaperFormat)
	}
	show := func(m meeting.MemberMeeting, upcoming bool) myMeeting {
		mm := myMeeting{shownMeeting: shownMeeting{m.Meeting}, Agenda: m.Agenda, Unissued: m.Unissued, Apology: m.Apology,
			Represents: m.Represents, Rounds: showRounds(*rq.Partnership, m.Rounds), Upcoming: upcoming}
		for _, p := range showPapers(m.Meeting, m.Issued, m.Agenda) {
			mp := myPaper{shownPaper: p, InFormat: m.InFormat[p.ID]}
			if m.Owed[p.ID] {
				mp.Owed = meeting.OwedMessage(um.Member.PaperFormat)
			}
			mm.Papers = append(mm.Papers, mp)
		}
		for _, d := range m.Decisions {
			mm.Decisions = append(mm.Decisions, shownDecision{d, agendaItemTitle(m.Agenda, d.AgendaItemID)})
		}
		return mm
	}
	for _, m := range um.Meetings {
		page.Meetings = append(page.Meetings, show(m, m.StartsAt.After(h.k.Now())))
	}
	for _, m := range um.Past {
		page.Past = append(page.Past, show(m, false))
	}
	if um.HasMember {
		page.FeedURL = h.k.SiteURL("/calendar/" + um.Member.CalendarToken + ".ics")
	}
	if form == nil {
		form = url.Values{}
	}
	h.pages.Render(w, r, status, "my-meetings.html", kit.View{Title: "Your meetings", Caption: rq.Partnership.Name, Nav: "staff",
		Errors: errs, Form: form, Data: page})
	return nil
}

// calendarFeed serves a member's meetings from three months ago onwards as
// an iCalendar feed. The address's token is the only key: anything else is
// "not found", whoever asks.
func (h *Handlers) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("feed"), ".ics")
	if !ok {
		return kit.ErrNotFound
	}
	now := h.k.Now()
	c, err := meeting.CalendarOf(r.Context(), h.k.DB, token, now)
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/calendar; charset=utf-8")
	hd.Set("Content-Disposition", `inline; filename="meetings.ics"`)
	hd.Set("Cache-Control", "private, max-age=900")
	return meeting.WriteCalendar(w, c.Name, c.Entries, now)
}
