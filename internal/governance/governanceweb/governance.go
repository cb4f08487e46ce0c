// Package governanceweb is the pages of the governance room: the
// partnership's bodies, the seats on them and their history, its members
// and their support needs, a member's own support page, the public pages
// of who sits on each body, and the open data API of the Strategic
// Planning Group's composition (s.32 of the 2014 Act).
package governanceweb

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"

	"coplan/internal/auth"
	"coplan/internal/governance"
	"coplan/internal/web/kit"
)

//go:embed templates
var templatesFS embed.FS

// Handlers serves the governance pages.
type Handlers struct {
	k     *kit.Kit
	pages *kit.Pages
}

// roomFuncs are the template functions only the governance pages use.
var roomFuncs = template.FuncMap{
	"newMember":     func() governance.Member { return governance.Member{PaperFormat: "standard"} },
	"memberForm":    func(v kit.View, m governance.Member) memberForm { return memberForm{View: v, Member: m} },
	"inductionDays": func() int { return governance.InductionWithinDays },
}

// New parses the governance templates and registers the room's notices.
func New(k *kit.Kit) (*Handlers, error) {
	pages, err := k.Pages(templatesFS, roomFuncs)
	if err != nil {
		return nil, err
	}
	k.AddNotices(map[string]string{
		"seat-added":     "The member has been added to the body.",
		"seat-changed":   "The change has been recorded.",
		"seat-replaced":  "The replacement has been recorded.",
		"member-added":   "The member has been added.",
		"training-added": "The record has been added.",
		"training-done":  "The record has been marked as completed.",
	})
	return &Handlers{k: k, pages: pages}, nil
}

// Routes are the governance pages and API, each with its permission.
func (h *Handlers) Routes() []kit.Route {
	return []kit.Route{
		{Pattern: "GET /partnerships/{slug}/bodies", Perm: auth.Public, Handle: h.publicBodies, Cache: true},
		{Pattern: "GET /partnerships/{slug}/bodies/{body}", Perm: auth.Public, Handle: h.publicBody, Cache: true},
		{Pattern: "GET /staff/partnerships/{slug}/bodies", Perm: auth.ReadPlanning, Handle: h.bodies},
		{Pattern: "GET /staff/partnerships/{slug}/bodies/new", Perm: auth.EditPlanning, Handle: h.newBodyForm},
		{Pattern: "POST /staff/partnerships/{slug}/bodies", Perm: auth.EditPlanning, Handle: h.createBody},
		{Pattern: "GET /staff/partnerships/{slug}/bodies/{body}", Perm: auth.ReadPlanning, Handle: h.body},
		{Pattern: "GET /staff/partnerships/{slug}/bodies/{body}/edit", Perm: auth.EditPlanning, Handle: h.editBodyForm},
		{Pattern: "POST /staff/partnerships/{slug}/bodies/{body}/edit", Perm: auth.EditPlanning, Handle: h.updateBody},
		{Pattern: "POST /staff/partnerships/{slug}/bodies/{body}/seats", Perm: auth.EditPlanning, Handle: h.nominate},
		{Pattern: "GET /staff/partnerships/{slug}/bodies/{body}/seats/{seat}", Perm: auth.ReadPlanning, Handle: h.seat},
		{Pattern: "POST /staff/partnerships/{slug}/bodies/{body}/seats/{seat}/events", Perm: auth.EditPlanning, Handle: h.seatEvent},
		{Pattern: "POST /staff/partnerships/{slug}/bodies/{body}/seats/{seat}/replace", Perm: auth.EditPlanning, Handle: h.replaceSeat},
		{Pattern: "GET /staff/partnerships/{slug}/members", Perm: auth.ReadPlanning, Handle: h.members},
		{Pattern: "POST /staff/partnerships/{slug}/members", Perm: auth.EditPlanning, Handle: h.createMember},
		{Pattern: "GET /staff/partnerships/{slug}/members/{member}", Perm: auth.ReadPlanning, Handle: h.member},
		{Pattern: "POST /staff/partnerships/{slug}/members/{member}", Perm: auth.EditPlanning, Handle: h.updateMember},
		{Pattern: "POST /staff/partnerships/{slug}/members/{member}/training", Perm: auth.EditPlanning, Handle: h.addTraining},
		{Pattern: "POST /staff/partnerships/{slug}/members/{member}/training/{training}/done", Perm: auth.EditPlanning, Handle: h.completeTraining},
		{Pattern: "GET /staff/partnerships/{slug}/my/support", Perm: auth.OwnPartnership, Handle: h.mySupport},
		{Pattern: "POST /staff/partnerships/{slug}/my/support", Perm: auth.OwnPartnership, Handle: h.saveMySupport},
		{Pattern: "GET /api/v1/partnerships/{slug}/spg", Perm: auth.Public, Handle: h.apiSPG, Cache: true},
		{Pattern: "GET /api/v1/partnerships/{slug}/bodies", Perm: auth.Public, Handle: h.apiBodies, Cache: true},
	}
}

// store is the governance store of the partnership the address names.
func (h *Handlers) store(r *http.Request) *governance.Store {
	return governance.StoreFor(h.k.DB, *kit.Current(r).Partnership, h.k.Now)
}

// panel is the composition panel alone, for other rooms' pages.
var panel = template.Must(template.ParseFS(templatesFS, "templates/partials/composition.html"))

// CompositionPanel draws the Strategic Planning Group's composition panel
// (what it lacks on a date, by s.32), for a page of another room that shows
// it, such as the partnership's dashboard. Nil gaps draw nothing.
func CompositionPanel(g *governance.Gaps) (template.HTML, error) {
	var b bytes.Buffer
	if err := panel.ExecuteTemplate(&b, "composition", g); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}
