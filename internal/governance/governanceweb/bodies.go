package governanceweb

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"coplan/internal/auth"
	"coplan/internal/governance"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// currentBody loads the {body} of the current partnership.
func (h *Handlers) currentBody(r *http.Request) (governance.Body, error) {
	id, err := kit.PathID(r, "body")
	if err != nil {
		return governance.Body{}, err
	}
	return h.store(r).BodyByID(r.Context(), id)
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
func (h *Handlers) asOf(r *http.Request) (governance.Date, error) {
	if q := r.URL.Query().Get("date"); q != "" {
		d, ok := governance.ParseDate(q)
		if !ok {
			return "", kit.BadRequest("The date must be a real date written like 2026-03-31.")
		}
		return d, nil
	}
	return h.k.Today(), nil
}

type bodySummary struct {
	governance.Body
	Seats   []governance.Seat // every seat the body has had
	Held    int
	Voting  int
	Gaps    *governance.Gaps
	Members []seatView
}

func (h *Handlers) bodySummaries(r *http.Request, on governance.Date) ([]bodySummary, error) {
	p := *kit.Current(r).Partnership
	bs, err := h.store(r).BodiesWithSeats(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]bodySummary, len(bs))
	for i, b := range bs {
		held := governance.HeldOn(b.Seats, on)
		out[i] = bodySummary{Body: b.Body, Seats: b.Seats, Held: len(held), Members: seatViews(p, held)}
		for _, x := range held {
			if x.Voting {
				out[i].Voting++
			}
		}
		if b.Kind == governance.SPG {
			g := governance.Composition(p, b.Seats, on)
			out[i].Gaps = &g
		}
	}
	return out, nil
}

func (h *Handlers) bodies(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	bs, err := h.bodySummaries(r, h.k.Today())
	if err != nil {
		return err
	}
	return h.pages.OK(w, r, "bodies.html", kit.View{Title: "Governance bodies", Caption: p.Name, Nav: "staff",
		Data: struct {
			Bodies  []bodySummary
			CanEdit bool
		}{bs, kit.Can(r, auth.EditPlanning)}})
}

// bodyForm is the add/change body form's content.
type bodyForm struct {
	New        bool
	Body       governance.Body
	Kinds      []kit.Option
	Localities []kit.Option
}

func newBodyForm(p *partnership.Partnership, isNew bool, b governance.Body) bodyForm {
	f := bodyForm{New: isNew, Body: b, Localities: []kit.Option{{Value: "", Label: "Not a locality group"}}}
	for _, k := range governance.Kinds {
		f.Kinds = append(f.Kinds, kit.Option{Value: string(k), Label: k.Name()})
	}
	for _, l := range p.Localities {
		f.Localities = append(f.Localities, kit.Option{Value: strconv.FormatInt(l.ID, 10), Label: l.Name})
	}
	return f
}

// PublicValue is whether the body meets in public, as the radios' value.
func (f bodyForm) PublicValue() []string {
	if f.Body.MeetsInPublic {
		return []string{"yes"}
	}
	return []string{"no"}
}

// KindValue is the chosen kind, as the radios' values.
func (f bodyForm) KindValue() []string { return []string{string(f.Body.Kind)} }

// LocalityValue is the chosen locality, as the select's values.
func (f bodyForm) LocalityValue() []string {
	if f.Body.LocalityID == 0 {
		return []string{""}
	}
	return []string{strconv.FormatInt(f.Body.LocalityID, 10)}
}

func (h *Handlers) newBodyForm(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	return h.pages.OK(w, r, "body-form.html", kit.View{Title: "Add a governance body", Caption: p.Name, Nav: "staff",
		Data: newBodyForm(p, true, governance.Body{NoticeDays: governance.DefaultNoticeDays})})
}

func readBodyForm(f kit.Form, b governance.Body) governance.Body {
	b.Name = f.Get("name")
	b.Kind = governance.Kind(f.Get("kind"))
	b.LocalityID = f.ID("locality")
	b.Description = f.Text("description")
	b.MeetsInPublic = f.Yes("meets_in_public")
	n, ok := f.Int("notice_days")
	if !ok {
		n = -1
	}
	b.NoticeDays = n
	return b
}

func (h *Handlers) createBody(w http.ResponseWriter, r *http.Request) error {
	return h.saveBody(w, r, governance.Body{})
}

func (h *Handlers) editBodyForm(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	b, err := h.currentBody(r)
	if err != nil {
		return err
	}
	return h.pages.OK(w, r, "body-form.html", kit.View{Title: "Change " + b.Name, Caption: p.Name, Nav: "staff",
		Data: newBodyForm(p, false, b)})
}

func (h *Handlers) updateBody(w http.ResponseWriter, r *http.Request) error {
	b, err := h.currentBody(r)
	if err != nil {
		return err
	}
	return h.saveBody(w, r, b)
}

func (h *Handlers) saveBody(w http.ResponseWriter, r *http.Request, stored governance.Body) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	b := readBodyForm(f, stored)
	saved, err := h.store(r).SaveBody(r.Context(), b, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		title := "Add a governance body"
		if stored.ID != 0 {
			title = "Change " + stored.Name
		}
		h.pages.Render(w, r, http.StatusUnprocessableEntity, "body-form.html", kit.View{Title: title, Caption: p.Name, Nav: "staff",
			Errors: errs, Data: newBodyForm(p, stored.ID == 0, b)})
		return nil
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(p.Slug, "bodies", saved.ID), "saved")
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
	CanEdit     bool
	Partnership partnership.Partnership
	// The add-a-member form's choices, and its vote (non-voting unless
	// the form said otherwise).
	Members, Capacities, Groups, LocalAuthorities, Localities []kit.Option
	Voting                                                    []string
	// NoInduction are today's members with no completed induction.
	NoInduction []inductionGap
}

// inductionGap is a member of a body today with no completed induction;
// Overdue when governance.NeedsInduction says they need one now.
type inductionGap struct {
	MemberID    int64
	MemberName  string
	AppointedOn governance.Date
	Overdue     bool
}

// inductionGaps lists the members holding seats on today who have had no
// induction, by the seats they hold on this body.
func inductionGaps(seats []governance.Seat, training map[int64][]governance.Training, today governance.Date) []inductionGap {
	bySeat := map[int64][]governance.Seat{}
	var order []int64
	for _, x := range governance.HeldOn(seats, today) {
		if _, ok := bySeat[x.MemberID]; !ok {
			order = append(order, x.MemberID)
		}
		bySeat[x.MemberID] = append(bySeat[x.MemberID], x)
	}
	var out []inductionGap
	for _, id := range order {
		if governance.HadInduction(training[id]) {
			continue
		}
		first := governance.FirstAppointed(bySeat[id], today)
		out = append(out, inductionGap{MemberID: id, MemberName: bySeat[id][0].MemberName, AppointedOn: first,
			Overdue: governance.NeedsInduction(first, training[id], today)})
	}
	return out
}

func (h *Handlers) body(w http.ResponseWriter, r *http.Request) error {
	return h.renderBody(w, r, http.StatusOK, nil)
}

// memberOptions are the partnership's members for a select, after a first
// "Select a member".
func memberOptions(ms []governance.Member) []kit.Option {
	out := []kit.Option{{Value: "", Label: "Select a member"}}
	for _, m := range ms {
		out = append(out, kit.Option{Value: strconv.FormatInt(m.ID, 10), Label: m.Name})
	}
	return out
}

func namedOptions(first string, ns []partnership.Named) []kit.Option {
	var out []kit.Option
	if first != "" {
		out = append(out, kit.Option{Value: "", Label: first})
	}
	for _, n := range ns {
		out = append(out, kit.Option{Value: strconv.FormatInt(n.ID, 10), Label: n.Name})
	}
	return out
}

func (h *Handlers) renderBody(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	p := *kit.Current(r).Partnership
	st := h.store(r)
	b, err := h.currentBody(r)
	if err != nil {
		return err
	}
	on, err := h.asOf(r)
	if err != nil {
		return err
	}
	ss, err := st.Seats(r.Context(), b.ID)
	if err != nil {
		return err
	}
	hs, err := st.Events(r.Context(), b.ID)
	if err != nil {
		return err
	}
	ms, err := st.Members(r.Context())
	if err != nil {
		return err
	}
	var nominated []governance.Seat
	for _, x := range ss {
		if x.AppointedOn == "" && x.EndedOn == "" {
			nominated = append(nominated, x)
		}
	}
	today := h.k.Today()
	page := bodyPage{Body: b, Date: on, Today: on == today, Held: seatViews(p, governance.HeldOn(ss, on)),
		Nominated: seatViews(p, nominated), EndingSoon: seatViews(p, governance.EndingSoon(ss, today, 90)),
		History: hs, CanEdit: kit.Can(r, auth.EditPlanning), Partnership: p,
		Members: memberOptions(ms), Groups: []kit.Option{{Value: "", Label: "None"}},
		LocalAuthorities: namedOptions("None", p.LocalAuthorities), Localities: namedOptions("", p.Localities),
		Voting: []string{"no"}}
	if r.PostForm.Get("voting") == "yes" {
		page.Voting = []string{"yes"}
	}
	training, err := st.AllTraining(r.Context())
	if err != nil {
		return err
	}
	page.NoInduction = inductionGaps(ss, training, today)
	for _, c := range governance.Capacities {
		page.Capacities = append(page.Capacities, kit.Option{Value: string(c), Label: c.Name()})
	}
	for _, g := range statute.PrescribedGroups() {
		page.Groups = append(page.Groups, kit.Option{Value: g.Code, Label: g.Name})
	}
	if b.Kind == governance.SPG {
		g := governance.Composition(p, ss, on)
		page.Gaps = &g
	}
	h.pages.Render(w, r, status, "body.html", kit.View{Title: b.Name, Caption: b.Kind.Name(), Nav: "staff", Errors: errs,
		Form: r.PostForm, Data: page})
	return nil
}

// readSeatForm reads the add-member-to-body form.
func readSeatForm(f kit.Form) governance.Seat {
	return governance.Seat{MemberID: f.ID("member"), Capacity: governance.Capacity(f.Get("capacity")),
		PrescribedGroup: f.Get("prescribed_group"), LocalAuthorityID: f.ID("local_authority"), LocalityIDs: f.IDs("localities"),
		Voting: f.Yes("voting"), NominatedOn: governance.Date(f.Text("nominated_on")),
		AppointedOn: governance.Date(f.Text("appointed_on")), TermEndsOn: governance.Date(f.Text("term_ends_on"))}
}

func (h *Handlers) nominate(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "body")
	if err != nil {
		return err
	}
	_, err = h.store(r).Nominate(r.Context(), id, readSeatForm(f), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderBody(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "bodies", id), "seat-added")
}

// seatPage is one seat's page: its history and what can happen next.
type seatPage struct {
	Body    governance.Body
	Seat    seatView
	History []governance.History
	Events  []kit.Option
	Members []kit.Option
	CanEdit bool
	Today   governance.Date
	NoValue []string // the replace form starts empty whatever was sent
}

func (h *Handlers) seat(w http.ResponseWriter, r *http.Request) error {
	return h.renderSeat(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderSeat(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	p := *kit.Current(r).Partnership
	st := h.store(r)
	b, err := h.currentBody(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "seat")
	if err != nil {
		return err
	}
	seat, err := st.SeatByID(r.Context(), b.ID, id)
	if err != nil {
		return err
	}
	all, err := st.Events(r.Context(), b.ID)
	if err != nil {
		return err
	}
	var hs []governance.History
	for _, x := range all {
		if x.SeatID == seat.ID {
			hs = append(hs, x)
		}
	}
	ms, err := st.Members(r.Context())
	if err != nil {
		return err
	}
	var events []kit.Option
	for _, e := range governance.NextEvents(seat) {
		events = append(events, kit.Option{Value: string(e), Label: e.Name()})
	}
	h.pages.Render(w, r, status, "seat.html", kit.View{Title: seat.MemberName, Caption: b.Name, Nav: "staff", Errors: errs,
		Form: r.PostForm, Data: seatPage{Body: b, Seat: seatViews(p, []governance.Seat{seat})[0], History: hs, Events: events,
			Members: memberOptions(ms), CanEdit: kit.Can(r, auth.EditPlanning), Today: h.k.Today()}})
	return nil
}

// seatIDs reads the {body} and {seat} of the address.
func seatIDs(r *http.Request) (body, seat int64, err error) {
	if body, err = kit.PathID(r, "body"); err != nil {
		return 0, 0, err
	}
	seat, err = kit.PathID(r, "seat")
	return body, seat, err
}

func (h *Handlers) seatEvent(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	bodyID, seatID, err := seatIDs(r)
	if err != nil {
		return err
	}
	err = h.store(r).Apply(r.Context(), bodyID, seatID, governance.EventKind(f.Get("kind")), governance.Date(f.Text("on")),
		f.Text("note"), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderSeat(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "bodies", bodyID), "seat-changed")
}

func (h *Handlers) replaceSeat(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	bodyID, seatID, err := seatIDs(r)
	if err != nil {
		return err
	}
	on := governance.Date(f.Text("on"))
	if _, ok := governance.ParseDate(string(on)); !ok {
		return h.renderSeat(w, r, http.StatusUnprocessableEntity, valid.Errors{{Field: "replace-on", Message: "Enter the date of the replacement as a real date, like 2026-03-31"}})
	}
	// The new member takes the old seat's capacity: the store copies it.
	next := governance.Seat{MemberID: f.ID("member"), TermEndsOn: governance.Date(f.Text("term_ends_on"))}
	_, err = h.store(r).Replace(r.Context(), bodyID, seatID, next, on, kit.Actor(r))
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
		return h.renderSeat(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "bodies", bodyID), "seat-replaced")
}
