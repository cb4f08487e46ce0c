package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"coplan/internal/audit"
	"coplan/internal/auth"
	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/plan/planweb"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// actor is who is making a change, for the audit log.
func actor(r *http.Request) audit.Actor {
	u := current(r).User
	if u == nil {
		return audit.Actor{Name: "member of the public"}
	}
	return audit.Actor{UserID: u.ID, Name: u.Name}
}

func (s *Server) staffHome(w http.ResponseWriter, r *http.Request) error {
	u := current(r).User
	all, err := partnership.List(r.Context(), s.db)
	if err != nil {
		return err
	}
	var mine []partnership.Partnership
	var own *partnership.Partnership
	for i, p := range all {
		if auth.Can(u, auth.ReadPlanning, p.ID) || p.ID == u.PartnershipID {
			mine = append(mine, p)
		}
		if p.ID == u.PartnershipID {
			own = &all[i]
		}
	}
	s.render(w, r, http.StatusOK, "staff.html", view{Title: "Your work", Nav: "staff", Data: struct {
		Partnerships   []partnership.Partnership
		CanCreate      bool
		RoleName       string
		ReadsAll       bool
		CanReadOwnWork bool
		Own            *partnership.Partnership // the account's own partnership, for its member pages
	}{mine, auth.Can(u, auth.ManageInstance, 0), u.Role.Name(), u.Role == auth.Scrutiny || u.PartnershipID == 0,
		auth.Can(u, auth.ReadPlanning, u.PartnershipID), own}})
	return nil
}

func (s *Server) staffPartnership(w http.ResponseWriter, r *http.Request) error {
	rq := current(r)
	p := rq.Partnership
	fs, err := partnership.Functions(r.Context(), s.db, p.ID)
	if err != nil {
		return err
	}
	spg, ending, err := s.governanceSummary(r, *p)
	if err != nil {
		return err
	}
	plans, err := plan.StoreFor(s.db, *p, s.now).Plans(r.Context())
	if err != nil {
		return err
	}
	var inForce *planweb.Row
	for _, pl := range plans {
		if pl.InForce() {
			row := planweb.RowOf(p, pl, s.now())
			inForce = &row
		}
	}
	s.render(w, r, http.StatusOK, "staff-partnership.html", view{Title: p.Name, Caption: "Partnership", Nav: "staff",
		Data: struct {
			Functions                        []partnership.Function
			CanEdit, CanAudit, CanManageUser bool
			SPG                              *bodySummary
			EndingSoon                       []endingSeat
			Plan                             *planweb.Row // the plan in force, with its s.37 review clock
		}{fs, auth.Can(rq.User, auth.EditPlanning, p.ID), auth.Can(rq.User, auth.ReadAudit, p.ID),
			auth.Can(rq.User, auth.ManageAccounts, p.ID), spg, ending, inForce}})
	return nil
}

// partnershipForm is the create/edit form's content: either a stored
// partnership or what was just submitted.
type partnershipForm struct {
	New                    bool
	Name, Slug, Model      string
	HealthBoard            string
	LocalAuthorities, Locs []formRow
}

// formRow is one input in a list of local authorities or localities.
type formRow struct {
	Input string // the input's name: la-12 for a saved one, la-new-1 for a spare
	Value string
}

const spareRows = 3

func formFromPartnership(p partnership.Partnership, isNew bool) partnershipForm {
	f := partnershipForm{New: isNew, Name: p.Name, Slug: p.Slug, Model: p.Model, HealthBoard: p.HealthBoard}
	f.LocalAuthorities = rows("la", p.LocalAuthorities)
	f.Locs = rows("loc", p.Localities)
	return f
}

func rows(prefix string, ns []partnership.Named) []formRow {
	var out []formRow
	for _, n := range ns {
		out = append(out, formRow{fmt.Sprintf("%s-%d", prefix, n.ID), n.Name})
	}
	for i := 1; i <= spareRows; i++ {
		out = append(out, formRow{fmt.Sprintf("%s-new-%d", prefix, i), ""})
	}
	return out
}

// readPartnershipForm reads a submitted form over the stored partnership
// (zero for a new one): saved rows keep their ids, spare rows become new.
func readPartnershipForm(r *http.Request, stored partnership.Partnership) (partnership.Partnership, partnershipForm) {
	p := stored
	p.Name = r.PostForm.Get("name")
	p.Model = r.PostForm.Get("model")
	p.HealthBoard = r.PostForm.Get("health_board")
	if stored.ID == 0 {
		p.Slug = strings.ToLower(strings.TrimSpace(r.PostForm.Get("slug")))
	}
	read := func(prefix string, have []partnership.Named) ([]partnership.Named, []formRow) {
		var ns []partnership.Named
		var fr []formRow
		for _, h := range have {
			in := fmt.Sprintf("%s-%d", prefix, h.ID)
			v := r.PostForm.Get(in)
			ns = append(ns, partnership.Named{ID: h.ID, Name: v})
			fr = append(fr, formRow{in, v})
		}
		for i := 1; i <= spareRows; i++ {
			in := fmt.Sprintf("%s-new-%d", prefix, i)
			v := r.PostForm.Get(in)
			ns = append(ns, partnership.Named{Name: v})
			fr = append(fr, formRow{in, v})
		}
		return ns, fr
	}
	f := partnershipForm{New: stored.ID == 0, Name: p.Name, Slug: p.Slug, Model: p.Model, HealthBoard: p.HealthBoard}
	p.LocalAuthorities, f.LocalAuthorities = read("la", stored.LocalAuthorities)
	p.Localities, f.Locs = read("loc", stored.Localities)
	return p, f
}

func (s *Server) newPartnershipForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "partnership-form.html", view{Title: "Add a partnership", Nav: "staff",
		Data: formFromPartnership(partnership.Partnership{Model: "ijb"}, true)})
	return nil
}

func (s *Server) createPartnership(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p, f := readPartnershipForm(r, partnership.Partnership{})
	saved, err := partnership.Create(r.Context(), s.db, p, actor(r))
	if errs, ok := valid.As(err); ok {
		s.render(w, r, http.StatusUnprocessableEntity, "partnership-form.html", view{Title: "Add a partnership", Nav: "staff", Errors: errs, Data: f})
		return nil
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, "/staff/partnerships/"+saved.Slug, "created")
}

func (s *Server) editPartnershipForm(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	s.render(w, r, http.StatusOK, "partnership-form.html", view{Title: "Change partnership details", Caption: p.Name, Nav: "staff",
		Data: formFromPartnership(*p, false)})
	return nil
}

func (s *Server) updatePartnership(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	stored := *current(r).Partnership
	p, f := readPartnershipForm(r, stored)
	saved, err := partnership.Update(r.Context(), s.db, p, actor(r))
	if errs, ok := valid.As(err); ok {
		s.render(w, r, http.StatusUnprocessableEntity, "partnership-form.html", view{Title: "Change partnership details",
			Caption: stored.Name, Nav: "staff", Errors: errs, Data: f})
		return nil
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, "/staff/partnerships/"+saved.Slug, "saved")
}

type functionsPage struct {
	Functions []partnership.Function
	CanEdit   bool
	Partners  []string
}

// PartnerOptions are the partners a function may be delegated by.
func (f functionsPage) PartnerOptions() []kit.Option {
	out := make([]kit.Option, len(f.Partners))
	for i, p := range f.Partners {
		out[i] = kit.Option{Value: p, Label: p}
	}
	return out
}

func (s *Server) functions(w http.ResponseWriter, r *http.Request) error {
	return s.renderFunctions(w, r, http.StatusOK, nil)
}

func (s *Server) renderFunctions(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	rq := current(r)
	fs, err := partnership.Functions(r.Context(), s.db, rq.Partnership.ID)
	if err != nil {
		return err
	}
	s.render(w, r, status, "functions.html", view{Title: "Delegated functions", Caption: rq.Partnership.Name, Nav: "staff",
		Errors: errs, Form: r.PostForm,
		Data: functionsPage{fs, auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID), rq.Partnership.Partners()}})
	return nil
}

func (s *Server) addFunction(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := *current(r).Partnership
	_, err := partnership.AddFunction(r.Context(), s.db, p,
		partnership.Function{Name: r.PostForm.Get("name"), Partner: r.PostForm.Get("partner"), Kind: r.PostForm.Get("kind")}, actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderFunctions(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, "/staff/partnerships/"+p.Slug+"/functions", "function-added")
}

func (s *Server) removeFunction(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound
	}
	err = partnership.RemoveFunction(r.Context(), s.db, p.ID, id, actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderFunctions(w, r, http.StatusConflict, errs)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, "/staff/partnerships/"+p.Slug+"/functions", "function-removed")
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	es, err := audit.ForPartnership(r.Context(), s.db, p.ID, 500)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "audit.html", view{Title: "Audit log", Caption: p.Name, Nav: "staff", Data: es})
	return nil
}

type accountsPage struct {
	Accounts []auth.User
	Roles    []auth.Role
}

func (s *Server) accounts(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccounts(w, r, http.StatusOK, nil)
}

func (s *Server) renderAccounts(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	p := current(r).Partnership
	us, err := auth.Users(r.Context(), s.db, p.ID)
	if err != nil {
		return err
	}
	roles := []auth.Role{auth.Administrator, auth.Officer, auth.SPGMember, auth.BoardMember}
	s.render(w, r, status, "accounts.html", view{Title: "Staff accounts", Caption: p.Name, Nav: "staff",
		Errors: errs, Form: r.PostForm, Data: accountsPage{us, roles}})
	return nil
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := current(r).Partnership
	role := auth.Role(r.PostForm.Get("role"))
	if role == auth.Scrutiny {
		role = "" // scrutiny accounts belong to no partnership; an instance administrator creates them
	}
	_, err := auth.CreateUser(r.Context(), s.db, auth.User{PartnershipID: p.ID, Email: r.PostForm.Get("email"),
		Name: r.PostForm.Get("name"), Role: role}, r.PostForm.Get("password"), actor(r))
	if errs, ok := valid.As(err); ok {
		r.PostForm.Del("password")
		return s.renderAccounts(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, "/staff/partnerships/"+p.Slug+"/accounts", "account-created")
}
