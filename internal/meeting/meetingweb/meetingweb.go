// Package meetingweb is the pages of meetings, agendas, papers and
// decisions: the officers' pages, members' "Your meetings" with their
// paper downloads, and each member's calendar feed.
package meetingweb

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"coplan/internal/auth"
	"coplan/internal/meeting"
	"coplan/internal/web/kit"
)

//go:embed templates
var templates embed.FS

// Handlers serves the meeting pages.
type Handlers struct {
	k     *kit.Kit
	pages *kit.Pages
}

// New makes the meeting pages with the kit; the calendar feed's address
// shown to members is built from the kit's BaseURL.
func New(k *kit.Kit) (*Handlers, error) {
	pages, err := k.Pages(templates, template.FuncMap{
		"lower":      strings.ToLower,
		"formatName": meeting.FormatName,
		// dict passes several values to a template: dict "Key" value ...
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	})
	if err != nil {
		return nil, err
	}
	k.AddNotices(map[string]string{
		"meeting-created":     "The meeting has been added. Add its agenda and papers below.",
		"meeting-saved":       "The meeting's details have been saved.",
		"agenda-item-added":   "The agenda item has been added.",
		"paper-uploaded":      "The paper has been uploaded. Members will see it once you issue the papers.",
		"papers-issued":       "The papers have been issued: members can now see and download them.",
		"no-papers-to-issue":  "There were no papers waiting to be issued.",
		"decision-added":      "The decision has been recorded.",
		"apologies-sent":      "Your apologies have been recorded for the clerk.",
		"apologies-withdrawn": "Your apologies have been withdrawn.",
		"version-uploaded":    "The version has been uploaded. Members who asked for papers in this format now get it.",
		"round-recorded":      "The views have been recorded. They are shown beside the agenda item.",
	})
	return &Handlers{k: k, pages: pages}, nil
}

// Routes are the pages of meetings, papers and decisions.
//
// Officers (EditPlanning) run meetings; planners and scrutiny
// (ReadPlanning) read them and download every paper, issued or not. Every
// account of the partnership (OwnPartnership: SPG and board members too)
// has "Your meetings" and may download the papers that have been issued —
// issued papers are sent to members, unissued ones are drafts. The
// calendar feed is public, but its address holds the member's secret
// calendar token, so only whoever has the address can read it.
//
// Members send and withdraw their apologies, and record the views they
// gathered as representatives, from "Your meetings"; officers record a
// round for a member and upload papers in other formats. The public pages
// of meetings, and their issued papers, exist only for a body that meets
// in public: any other is "not found".
func (h *Handlers) Routes() []kit.Route {
	return []kit.Route{
		{Pattern: "GET /staff/partnerships/{slug}/bodies/{body}/meetings", Perm: auth.ReadPlanning, Handle: h.bodyMeetings},
		{Pattern: "GET /staff/partnerships/{slug}/bodies/{body}/meetings/new", Perm: auth.EditPlanning, Handle: h.newMeetingForm},
		{Pattern: "POST /staff/partnerships/{slug}/bodies/{body}/meetings", Perm: auth.EditPlanning, Handle: h.createMeeting},
		{Pattern: "GET /staff/partnerships/{slug}/meetings/{meeting}", Perm: auth.ReadPlanning, Handle: h.meetingPage},
		{Pattern: "GET /staff/partnerships/{slug}/meetings/{meeting}/edit", Perm: auth.EditPlanning, Handle: h.editMeetingForm},
		{Pattern: "POST /staff/partnerships/{slug}/meetings/{meeting}/edit", Perm: auth.EditPlanning, Handle: h.updateMeeting},
		{Pattern: "POST /staff/partnerships/{slug}/meetings/{meeting}/agenda", Perm: auth.EditPlanning, Handle: h.addAgendaItem},
		{Pattern: "POST /staff/partnerships/{slug}/meetings/{meeting}/papers", Perm: auth.EditPlanning, Handle: h.uploadPaper},
		{Pattern: "POST /staff/partnerships/{slug}/meetings/{meeting}/issue", Perm: auth.EditPlanning, Handle: h.issuePapers},
		{Pattern: "POST /staff/partnerships/{slug}/meetings/{meeting}/decisions", Perm: auth.EditPlanning, Handle: h.addDecision},
		{Pattern: "GET /staff/partnerships/{slug}/papers/{paper}", Perm: auth.ReadPlanning, Handle: h.downloadPaper},
		{Pattern: "GET /staff/partnerships/{slug}/my/meetings", Perm: auth.OwnPartnership, Handle: h.myMeetings},
		{Pattern: "GET /staff/partnerships/{slug}/my/papers/{paper}", Perm: auth.OwnPartnership, Handle: h.downloadMyPaper},
		{Pattern: "POST /staff/partnerships/{slug}/papers/{paper}/versions", Perm: auth.EditPlanning, Handle: h.uploadVersion},
		{Pattern: "GET /staff/partnerships/{slug}/papers/{paper}/versions/{format}", Perm: auth.ReadPlanning, Handle: h.downloadVersion},
		{Pattern: "GET /staff/partnerships/{slug}/meetings/{meeting}/rounds/new", Perm: auth.EditPlanning, Handle: h.newRoundForm},
		{Pattern: "POST /staff/partnerships/{slug}/meetings/{meeting}/rounds", Perm: auth.EditPlanning, Handle: h.createRound},
		{Pattern: "POST /staff/partnerships/{slug}/my/meetings/{meeting}/apologies", Perm: auth.OwnPartnership, Handle: h.sendApologies},
		{Pattern: "POST /staff/partnerships/{slug}/my/meetings/{meeting}/apologies/withdraw", Perm: auth.OwnPartnership, Handle: h.withdrawApologies},
		{Pattern: "GET /staff/partnerships/{slug}/my/meetings/{meeting}/round", Perm: auth.OwnPartnership, Handle: h.myRoundForm},
		{Pattern: "POST /staff/partnerships/{slug}/my/meetings/{meeting}/round", Perm: auth.OwnPartnership, Handle: h.saveMyRound},
		{Pattern: "GET /partnerships/{slug}/bodies/{body}/meetings", Perm: auth.Public, Handle: h.publicMeetings, Cache: true},
		{Pattern: "GET /partnerships/{slug}/meetings/{meeting}", Perm: auth.Public, Handle: h.publicMeeting, Cache: true},
		{Pattern: "GET /partnerships/{slug}/papers/{paper}", Perm: auth.Public, Handle: h.publicPaper, Cache: true},
		{Pattern: "GET /calendar/{feed}", Perm: auth.Public, Handle: h.calendarFeed},
	}
}

// store is the meeting store of the partnership the address names, bound
// to the kit's clock.
func (h *Handlers) store(r *http.Request) *meeting.Store {
	return meeting.StoreFor(h.k.DB, *kit.Current(r).Partnership, h.k.Now)
}
