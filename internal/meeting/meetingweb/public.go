package meetingweb

import (
	"net/http"

	"coplan/internal/civil"
	"coplan/internal/governance"
	"coplan/internal/web/kit"
)

// publicMeetingsPage lists the meetings of a body that meets in public.
type publicMeetingsPage struct {
	Body         governance.Body
	Coming, Past []shownMeeting
}

func (h *Handlers) publicMeetings(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "body")
	if err != nil {
		return err
	}
	b, ms, err := h.store(r).PublicMeetings(r.Context(), id)
	if err != nil {
		return err
	}
	page := publicMeetingsPage{Body: b}
	today := civil.Day(h.k.Now()).Time()
	for _, m := range ms {
		if m.StartsAt.Before(today) {
			page.Past = append(page.Past, shownMeeting{m})
		} else {
			page.Coming = append([]shownMeeting{{m}}, page.Coming...) // soonest first
		}
	}
	return h.pages.OK(w, r, "public-meetings.html", kit.View{Title: "Meetings of " + b.Name, Caption: kit.Current(r).Partnership.Name,
		Nav: "home", Data: page})
}

// publicMeetingPage is a meeting's public record.
type publicMeetingPage struct {
	Meeting   shownMeeting
	Agenda    []itemRounds
	Papers    []shownPaper
	Decisions []shownDecision
	Other     []shownRound // rounds on no item of the agenda (none today: every round names one)
}

func (h *Handlers) publicMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "meeting")
	if err != nil {
		return err
	}
	pg, rounds, err := h.store(r).PublicPage(r.Context(), id)
	if err != nil {
		return err
	}
	m := pg.Meeting
	data := publicMeetingPage{Meeting: shownMeeting{m}, Agenda: agendaWithRounds(*kit.Current(r).Partnership, pg.Agenda, rounds),
		Papers: showPapers(m, pg.Papers, pg.Agenda)}
	for _, d := range pg.Decisions {
		data.Decisions = append(data.Decisions, shownDecision{d, agendaItemTitle(pg.Agenda, d.AgendaItemID)})
	}
	return h.pages.OK(w, r, "public-meeting.html", kit.View{Title: m.BodyName + ": " + m.Name(), Caption: kit.Current(r).Partnership.Name,
		Nav: "home", Data: data})
}

func (h *Handlers) publicPaper(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "paper")
	if err != nil {
		return err
	}
	p, content, err := h.store(r).PublicPaperFile(r.Context(), id)
	if err != nil {
		return err
	}
	return kit.SendStoredFile(w, r, p.Filename, p.ContentType, content)
}
