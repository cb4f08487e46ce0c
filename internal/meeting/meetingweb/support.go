package meetingweb

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/files"
	"coplan/internal/governance"
	"coplan/internal/meeting"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// myMeetingsPath is the address of "Your meetings", at one meeting.
func myMeetingsPath(r *http.Request, meetingID int64, done string) string {
	return kit.StaffPath(kit.Current(r).Partnership.Slug, "my", "meetings") + "?done=" + url.QueryEscape(done) +
		fmt.Sprintf("#meeting-%d", meetingID)
}

func (h *Handlers) sendApologies(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "meeting")
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r, kit.Allow("note", meeting.MaxApologyNote))
	if err == nil {
		err = h.store(r).SendApologies(r.Context(), kit.Current(r).User.ID, id, f.Get("note"), kit.Actor(r))
	}
	if errs, ok := valid.As(err); ok {
		return h.renderMyMeetings(w, r, http.StatusUnprocessableEntity, prefixed(errs, fmt.Sprintf("apologies-%d-", id)), f.Values)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, myMeetingsPath(r, id, "apologies-sent"), http.StatusSeeOther)
	return nil
}

func (h *Handlers) withdrawApologies(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "meeting")
	if err != nil {
		return err
	}
	if _, err := kit.ParseForm(w, r); err != nil {
		return err
	}
	err = h.store(r).WithdrawApologies(r.Context(), kit.Current(r).User.ID, id, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderMyMeetings(w, r, http.StatusUnprocessableEntity, prefixed(errs, fmt.Sprintf("apologies-%d-", id)), nil)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, myMeetingsPath(r, id, "apologies-withdrawn"), http.StatusSeeOther)
	return nil
}

// uploadVersion stores another format of a paper.
func (h *Handlers) uploadVersion(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "paper")
	if err != nil {
		return err
	}
	st := h.store(r)
	paper, err := st.PaperByID(r.Context(), id)
	if err != nil {
		return err
	}
	prefix := fmt.Sprintf("version-%d-", id)
	f, u, err := kit.ReadUpload(w, r, prefix+"file", files.Papers)
	if errs, ok := valid.As(err); ok {
		return h.renderMeeting(w, r, paper.MeetingID, http.StatusUnprocessableEntity, errs, f.Values)
	}
	if err != nil {
		return err
	}
	_, err = st.AddVersion(r.Context(), id, f.Get(prefix+"format"), u, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderMeeting(w, r, paper.MeetingID, http.StatusUnprocessableEntity, prefixed(errs, prefix), f.Values)
	}
	if err != nil {
		return err
	}
	return seeOtherPart(w, r, meetingPath(r, paper.MeetingID), "papers", "version-uploaded")
}

func (h *Handlers) downloadVersion(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "paper")
	if err != nil {
		return err
	}
	v, content, err := h.store(r).VersionFile(r.Context(), id, r.PathValue("format"))
	if err != nil {
		return err
	}
	return kit.SendStoredFile(w, r, v.Filename, v.ContentType, content)
}

// roundForm is the form of a representative's round.
type roundForm struct {
	Meeting     shownMeeting
	ForMember   bool // the member records their own: no choice of member
	Action      string
	Back        string
	Members     []kit.Option
	Items       []kit.Option
	Methods     []kit.Option
	Localities  []kit.Option
	Groups      []roundGroup
	Represented string // who the member speaks for, on their own form
}

type roundGroup struct {
	Name, Label string
}

func newRoundForm(p partnership.Partnership, m meeting.Meeting, agenda []meeting.AgendaItem) roundForm {
	f := roundForm{Meeting: shownMeeting{m}, Items: agendaOptions("Select an agenda item", agenda)}
	f.Items[0].Value = ""
	for _, x := range meeting.RoundMethods {
		f.Methods = append(f.Methods, kit.Option{Value: x.Code, Label: x.Name})
	}
	for _, l := range p.Localities {
		f.Localities = append(f.Localities, kit.Option{Value: fmt.Sprint(l.ID), Label: l.Name})
	}
	for _, g := range statute.ParticipantGroups() {
		f.Groups = append(f.Groups, roundGroup{Name: "count-" + string(g), Label: g.Name()})
	}
	return f
}

// readRound reads the round form.
func readRound(f kit.Form) (meeting.Round, valid.Errors) {
	var errs valid.Errors
	rd := meeting.Round{AgendaItemID: f.ID("agenda_item"), HeldOn: civil.Date(f.Text("held_on")), Method: f.Get("method"),
		Summary: f.Get("summary"), LocalityIDs: f.IDs("localities"), Counts: map[statute.ParticipantGroup]int{}}
	for _, g := range statute.ParticipantGroups() {
		name := "count-" + string(g)
		if f.Text(name) == "" {
			continue
		}
		n, ok := f.Int(name)
		if !ok || n < 0 {
			errs.Add(name, "Enter a whole number of people, like 12, or leave it empty")
			continue
		}
		rd.Counts[g] = n
	}
	return rd, errs
}

// roundPage shows the round form for one of the partnership's meetings.
func (h *Handlers) roundPage(w http.ResponseWriter, r *http.Request, status int, own bool, errs valid.Errors, form url.Values) error {
	id, err := kit.PathID(r, "meeting")
	if err != nil {
		return err
	}
	st := h.store(r)
	p := *kit.Current(r).Partnership
	m, err := st.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	agenda, err := st.Agenda(r.Context(), id)
	if err != nil {
		return err
	}
	data := newRoundForm(p, m, agenda)
	data.ForMember = own
	if own {
		um, err := st.ForUser(r.Context(), kit.Current(r).User.ID)
		if err != nil {
			return err
		}
		var mine *meeting.MemberMeeting
		for i := range um.Meetings {
			if um.Meetings[i].ID == id {
				mine = &um.Meetings[i]
			}
		}
		if mine == nil || !mine.Represents {
			return kit.ErrNotFound
		}
		data.Action = kit.StaffPath(p.Slug, "my", "meetings", id, "round")
		data.Back = kit.StaffPath(p.Slug, "my", "meetings") + fmt.Sprintf("#meeting-%d", id)
	} else {
		ms, err := h.representatives(r, m)
		if err != nil {
			return err
		}
		data.Members = ms
		data.Action = kit.StaffPath(p.Slug, "meetings", id, "rounds")
		data.Back = meetingPath(r, id) + "#agenda"
	}
	if form == nil {
		form = url.Values{}
	}
	h.pages.Render(w, r, status, "round-form.html", kit.View{Title: "Record views gathered before the meeting", Caption: m.Name(),
		Nav: "staff", Errors: errs, Form: form, Data: data})
	return nil
}

// representatives are the members who represent a group or locality on the
// meeting's body on its day, as choices.
func (h *Handlers) representatives(r *http.Request, m meeting.Meeting) ([]kit.Option, error) {
	gst := governance.StoreFor(h.k.DB, *kit.Current(r).Partnership, h.k.Now)
	seats, err := gst.Seats(r.Context(), m.BodyID)
	if err != nil {
		return nil, err
	}
	out := []kit.Option{{Value: "", Label: "Select a representative"}}
	seen := map[int64]bool{}
	for _, x := range seats {
		if x.HeldOn(m.Day()) && meeting.Represents(x) && !seen[x.MemberID] {
			seen[x.MemberID] = true
			out = append(out, kit.Option{Value: fmt.Sprint(x.MemberID), Label: x.MemberName + " (" + meeting.SeatCapacity(x) + ")"})
		}
	}
	return out, nil
}

func (h *Handlers) myRoundForm(w http.ResponseWriter, r *http.Request) error {
	return h.roundPage(w, r, http.StatusOK, true, nil, nil)
}

func (h *Handlers) newRoundForm(w http.ResponseWriter, r *http.Request) error {
	return h.roundPage(w, r, http.StatusOK, false, nil, nil)
}

func (h *Handlers) saveRound(w http.ResponseWriter, r *http.Request, own bool) error {
	id, err := kit.PathID(r, "meeting")
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r, kit.Allow("summary", meeting.MaxRoundSummary))
	bad, _ := valid.As(err)
	if err != nil && bad == nil {
		return err
	}
	rd, errs := readRound(f)
	errs = append(bad, errs...)
	if len(errs) == 0 {
		st := h.store(r)
		if own {
			_, err = st.RecordMyRound(r.Context(), kit.Current(r).User.ID, id, rd, kit.Actor(r))
		} else {
			_, err = st.RecordRound(r.Context(), id, f.ID("member"), rd, kit.Actor(r))
		}
		if e, ok := valid.As(err); ok {
			errs = e
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		for i := range errs {
			errs[i].Field = strings.ReplaceAll(errs[i].Field, "counts", "count-"+string(statute.ParticipantGroups()[0]))
		}
		return h.roundPage(w, r, http.StatusUnprocessableEntity, own, errs, f.Values)
	}
	if own {
		http.Redirect(w, r, myMeetingsPath(r, id, "round-recorded"), http.StatusSeeOther)
		return nil
	}
	return seeOtherPart(w, r, meetingPath(r, id), "agenda", "round-recorded")
}

func (h *Handlers) saveMyRound(w http.ResponseWriter, r *http.Request) error {
	return h.saveRound(w, r, true)
}

func (h *Handlers) createRound(w http.ResponseWriter, r *http.Request) error {
	return h.saveRound(w, r, false)
}

// itemRounds are the rounds of views on one agenda item.
type itemRounds struct {
	meeting.AgendaItem
	Rounds []shownRound
}

// shownRound is a round as pages show it: counts by group in words and
// localities by name.
type shownRound struct {
	meeting.Round
	Groups     []groupCount
	Localities string
}

type groupCount struct {
	Name   string
	People int
}

func showRounds(p partnership.Partnership, rs []meeting.Round) []shownRound {
	names := map[int64]string{}
	for _, l := range p.Localities {
		names[l.ID] = l.Name
	}
	out := make([]shownRound, len(rs))
	for i, x := range rs {
		sr := shownRound{Round: x}
		for _, g := range statute.ParticipantGroups() {
			if n := x.Counts[g]; n > 0 {
				sr.Groups = append(sr.Groups, groupCount{g.Name(), n})
			}
		}
		var ls []string
		for _, l := range x.LocalityIDs {
			ls = append(ls, names[l])
		}
		sr.Localities = strings.Join(ls, ", ")
		out[i] = sr
	}
	return out
}

// agendaWithRounds puts each round beside its agenda item.
func agendaWithRounds(p partnership.Partnership, agenda []meeting.AgendaItem, rs []meeting.Round) []itemRounds {
	out := make([]itemRounds, len(agenda))
	for i, a := range agenda {
		out[i].AgendaItem = a
		var mine []meeting.Round
		for _, x := range rs {
			if x.AgendaItemID == a.ID {
				mine = append(mine, x)
			}
		}
		out[i].Rounds = showRounds(p, mine)
	}
	return out
}

// canRead is whether the request may read the staff pages of meetings.
func canRead(r *http.Request) bool { return kit.Can(r, auth.ReadPlanning) }
