package governanceweb

import (
	"errors"
	"fmt"
	"net/http"

	"coplan/internal/auth"
	"coplan/internal/governance"
	"coplan/internal/partnership"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// memberForm is what the "support-fields" partial draws: the page's View,
// for errors, and the member whose choices it shows.
type memberForm struct {
	View   kit.View
	Member governance.Member
}

// Publish is the publishing consent radio's value.
func (f memberForm) Publish() []string {
	if f.Member.PublishName {
		return []string{"yes"}
	}
	return []string{"no"}
}

// SupportOptions are the kinds of support, as boxes.
func (memberForm) SupportOptions() []kit.Option {
	var out []kit.Option
	for _, o := range governance.SupportOptions {
		out = append(out, kit.Option{Value: o.Code, Label: o.Name})
	}
	return out
}

// Support is the support the member asked for, as the boxes' values.
func (f memberForm) Support() []string { return append([]string{}, f.Member.SupportNeeds...) }

// PaperFormatOptions are the paper formats, as radios.
func (memberForm) PaperFormatOptions() []kit.Option {
	var out []kit.Option
	for _, o := range governance.PaperFormats {
		out = append(out, kit.Option{Value: o.Code, Label: o.Name})
	}
	return out
}

// PaperFormat is the member's paper format, as the radios' value.
func (f memberForm) PaperFormat() []string { return []string{f.Member.PaperFormat} }

// membersPage lists a partnership's members with their seats.
type membersPage struct {
	Members      []memberRow
	CanEdit      bool
	ShowPersonal bool // auth.ReadPersonal: not scrutiny
}

type memberRow struct {
	governance.Member
	Seats []string
}

func (h *Handlers) members(w http.ResponseWriter, r *http.Request) error {
	return h.renderMembers(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderMembers(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	st := h.store(r)
	ms, err := st.Members(r.Context())
	if err != nil {
		return err
	}
	bs, err := st.Bodies(r.Context())
	if err != nil {
		return err
	}
	all, err := st.AllSeats(r.Context())
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, b := range bs {
		names[b.ID] = b.Name
	}
	today := h.k.Today()
	held := map[int64][]string{} // member -> names of the bodies they sit on today
	for _, x := range all {
		if x.HeldOn(today) {
			held[x.MemberID] = append(held[x.MemberID], names[x.BodyID])
		}
	}
	personal := kit.Can(r, auth.ReadPersonal)
	rows := make([]memberRow, len(ms))
	for i, m := range ms {
		if !personal {
			m = m.WithoutPersonal()
		}
		rows[i] = memberRow{Member: m, Seats: held[m.ID]}
	}
	h.pages.Render(w, r, status, "members.html", kit.View{Title: "Members", Caption: p.Name, Nav: "staff", Errors: errs,
		Form: r.PostForm, Data: membersPage{rows, kit.Can(r, auth.EditPlanning), personal}})
	return nil
}

// readMemberForm reads a member's details and support needs.
func readMemberForm(f kit.Form, m governance.Member, withContact bool) governance.Member {
	if withContact {
		m.Name = f.Get("name")
		m.Email = f.Get("email")
		m.Phone = f.Get("phone")
	}
	m.PublishName = f.Yes("publish_name")
	m.SupportNeeds = f.Values["support"]
	m.SupportNotes = f.Text("support_notes")
	m.PaperFormat = f.Get("paper_format")
	return m
}

func (h *Handlers) createMember(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	var saved governance.Member
	if err == nil { // else valid.Errors of text that cannot be stored, shown at the fields, or a form that cannot be read
		saved, err = h.store(r).SaveMember(r.Context(), readMemberForm(f, governance.Member{}, true), kit.Actor(r))
	}
	if errs, ok := valid.As(err); ok {
		return h.renderMembers(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "members", saved.ID), "member-added")
}

// memberPage is one member's staff page.
type memberPage struct {
	Member       governance.Member
	Seats        []memberSeat
	CanEdit      bool
	Self         bool // the member's own page (My support)
	ShowPersonal bool // auth.ReadPersonal, or the member's own page
	// Induction, training and mentoring, and whether an induction is
	// needed now (governance.NeedsInduction).
	Training       []governance.Training
	NeedsInduction bool
	HadInduction   bool
	TrainingKinds  []kit.Option
}

type memberSeat struct {
	seatView
	Body governance.Body
}

func (h *Handlers) currentMember(r *http.Request) (governance.Member, error) {
	id, err := kit.PathID(r, "member")
	if err != nil {
		return governance.Member{}, err
	}
	return h.store(r).MemberByID(r.Context(), id)
}

func (h *Handlers) memberSeats(r *http.Request, p partnership.Partnership, m governance.Member) ([]memberSeat, error) {
	st := h.store(r)
	ss, err := st.SeatsOfMember(r.Context(), m.ID)
	if err != nil {
		return nil, err
	}
	bs, err := st.Bodies(r.Context())
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

func (h *Handlers) member(w http.ResponseWriter, r *http.Request) error {
	m, err := h.currentMember(r)
	if err != nil {
		return err
	}
	return h.renderMember(w, r, http.StatusOK, m, nil)
}

func (h *Handlers) renderMember(w http.ResponseWriter, r *http.Request, status int, m governance.Member, errs valid.Errors) error {
	seats, err := h.memberSeats(r, *kit.Current(r).Partnership, m)
	if err != nil {
		return err
	}
	personal := kit.Can(r, auth.ReadPersonal)
	if !personal {
		m = m.WithoutPersonal()
	}
	page := memberPage{Member: m, Seats: seats, CanEdit: kit.Can(r, auth.EditPlanning), ShowPersonal: personal}
	if err := h.addTrainingTo(r, &page); err != nil {
		return err
	}
	h.pages.Render(w, r, status, "member.html", kit.View{Title: m.Name, Caption: "Member", Nav: "staff", Errors: errs,
		Form: r.PostForm, Data: page})
	return nil
}

func (h *Handlers) updateMember(w http.ResponseWriter, r *http.Request) error {
	f, ferr := kit.ParseForm(w, r)
	if _, ok := valid.As(ferr); ferr != nil && !ok {
		return ferr
	}
	stored, err := h.currentMember(r)
	if err != nil {
		return err
	}
	m := readMemberForm(f, stored, true)
	if err = ferr; err == nil {
		_, err = h.store(r).SaveMember(r.Context(), m, kit.Actor(r))
	}
	if errs, ok := valid.As(err); ok {
		return h.renderMember(w, r, http.StatusUnprocessableEntity, m, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "members", m.ID), "saved")
}

// myMember is the member record of the signed-in account in the current
// partnership, if it has one.
func (h *Handlers) myMember(r *http.Request) (governance.Member, bool, error) {
	m, err := h.store(r).MemberByUser(r.Context(), kit.Current(r).User.ID)
	if errors.Is(err, valid.ErrNotFound) {
		return m, false, nil
	}
	return m, err == nil, err
}

func (h *Handlers) mySupport(w http.ResponseWriter, r *http.Request) error {
	m, ok, err := h.myMember(r)
	if err != nil {
		return err
	}
	return h.renderMySupport(w, r, http.StatusOK, m, ok, nil)
}

func (h *Handlers) renderMySupport(w http.ResponseWriter, r *http.Request, status int, m governance.Member, ok bool, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	var seats []memberSeat
	if ok {
		var err error
		if seats, err = h.memberSeats(r, *p, m); err != nil {
			return err
		}
	}
	page := memberPage{Member: m, Seats: seats, CanEdit: ok, Self: true, ShowPersonal: true}
	if ok {
		if err := h.addTrainingTo(r, &page); err != nil {
			return err
		}
	}
	h.pages.Render(w, r, status, "my-support.html", kit.View{Title: "Your support to take part", Caption: p.Name, Nav: "staff",
		Errors: errs, Data: page})
	return nil
}

func (h *Handlers) saveMySupport(w http.ResponseWriter, r *http.Request) error {
	f, ferr := kit.ParseForm(w, r)
	if _, ok := valid.As(ferr); ferr != nil && !ok {
		return ferr
	}
	stored, ok, err := h.myMember(r)
	if err != nil {
		return err
	}
	if !ok {
		// Nothing to save: say why, as the page does.
		return h.renderMySupport(w, r, http.StatusConflict, stored, false, nil)
	}
	m := readMemberForm(f, stored, false)
	if err = ferr; err == nil {
		_, err = h.store(r).SaveMember(r.Context(), m, kit.Actor(r))
	}
	if errs, isValid := valid.As(err); isValid {
		return h.renderMySupport(w, r, http.StatusUnprocessableEntity, m, true, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "my", "support"), "saved")
}

// addTrainingTo reads the member's training records into the page, with
// whether they need an induction today.
func (h *Handlers) addTrainingTo(r *http.Request, page *memberPage) error {
	ts, err := h.store(r).Training(r.Context(), page.Member.ID)
	if err != nil {
		return err
	}
	today := h.k.Today()
	var seats []governance.Seat
	for _, x := range page.Seats {
		seats = append(seats, x.Seat)
	}
	page.Training = ts
	page.HadInduction = governance.HadInduction(ts)
	page.NeedsInduction = governance.NeedsInduction(governance.FirstAppointed(seats, today), ts, today)
	for _, k := range governance.TrainingKinds {
		page.TrainingKinds = append(page.TrainingKinds, kit.Option{Value: string(k), Label: k.Name()})
	}
	return nil
}

func (h *Handlers) addTraining(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if _, ok := valid.As(err); err != nil && !ok {
		return err
	}
	m, merr := h.currentMember(r)
	if merr != nil {
		return merr
	}
	if err == nil {
		_, err = h.store(r).AddTraining(r.Context(), m.ID, governance.Training{Kind: governance.TrainingKind(f.Get("training_kind")),
			What: f.Get("training_what"), Provider: f.Get("training_provider"), DueOn: governance.Date(f.Text("training_due_on")),
			CompletedOn: governance.Date(f.Text("training_completed_on"))}, kit.Actor(r))
	}
	if errs, ok := valid.As(err); ok {
		return h.renderMember(w, r, http.StatusUnprocessableEntity, m, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "members", m.ID)+"?done=training-added#training", http.StatusSeeOther)
	return nil
}

func (h *Handlers) completeTraining(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if _, ok := valid.As(err); err != nil && !ok {
		return err
	}
	m, merr := h.currentMember(r)
	if merr != nil {
		return merr
	}
	tid, perr := kit.PathID(r, "training")
	if perr != nil {
		return perr
	}
	if err == nil {
		err = h.store(r).CompleteTraining(r.Context(), m.ID, tid, governance.Date(f.Text(fmt.Sprintf("completed-on-%d", tid))), kit.Actor(r))
	}
	if errs, ok := valid.As(err); ok {
		for i := range errs {
			errs[i].Field = fmt.Sprintf("completed-on-%d", tid) // the field of this record's form
		}
		return h.renderMember(w, r, http.StatusUnprocessableEntity, m, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "members", m.ID)+"?done=training-done#training", http.StatusSeeOther)
	return nil
}
