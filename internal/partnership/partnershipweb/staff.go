package partnershipweb

import (
	"net/http"

	"coplan/internal/auth"
	"coplan/internal/commissioning"
	"coplan/internal/consult"
	"coplan/internal/expenses"
	"coplan/internal/governance"
	"coplan/internal/meeting"
	"coplan/internal/partnership"
	"coplan/internal/performance"
	"coplan/internal/plan"
	"coplan/internal/plan/planweb"
	"coplan/internal/web/kit"
)

// staffHome is "Your work": the partnerships the account may see and, for
// a member, the pages of their own part in its planning groups.
func (h *Handlers) staffHome(w http.ResponseWriter, r *http.Request) error {
	u := kit.Current(r).User
	all, err := h.k.Partnerships.List(r.Context())
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
	return h.pages.OK(w, r, "staff.html", kit.View{Title: "Your work", Nav: "staff", Data: struct {
		Partnerships   []partnership.Partnership
		CanCreate      bool
		RoleName       string
		ReadsAll       bool
		CanReadOwnWork bool
		Own            *partnership.Partnership // the account's own partnership, for its member pages
	}{mine, auth.Can(u, auth.ManageInstance, 0), u.Role.Name(), u.Role == auth.Scrutiny || u.PartnershipID == 0,
		auth.Can(u, auth.ReadPlanning, u.PartnershipID), own}})
}

// dashboard is a partnership's staff page: what needs doing first (each
// plan in progress with the next thing the law requires, open
// consultations, the responses waiting to be checked, claims waiting,
// papers going out late, terms ending), then its plan in force with the
// s.37 review clock, its Strategic Planning Group's composition, and
// everything staff can do. Every count comes from the database.
func (h *Handlers) dashboard(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	ctx := r.Context()
	fs, err := h.store(r).Functions(ctx)
	if err != nil {
		return err
	}
	gov, err := governance.StoreFor(h.k.DB, *p, h.k.Now).Overview(ctx, h.k.Today())
	if err != nil {
		return err
	}
	inForce, err := h.planInForce(r, *p)
	if err != nil {
		return err
	}
	wk, err := h.work(r, *p)
	if err != nil {
		return err
	}
	report, err := performance.ClockIn(ctx, h.k.DB, p.ID, h.k.Today())
	if err != nil {
		return err
	}
	return h.pages.OK(w, r, "staff-partnership.html", kit.View{Title: p.Name, Caption: "Partnership", Nav: "staff",
		Data: struct {
			Functions                        []partnership.Function
			CanEdit, CanAudit, CanManageUser bool
			SPG                              *governance.SPGStatus
			EndingSoon                       []governance.EndingSeat
			Plan                             *planweb.Row // the plan in force, with its s.37 review clock
			Work                             work
			Report                           performance.Clock // the s.42 clock of the latest reporting year
		}{fs, kit.Can(r, auth.EditPlanning), kit.Can(r, auth.ReadAudit), kit.Can(r, auth.ManageAccounts), gov.SPG, gov.EndingSoon, inForce, wk, report}})
}

// latePapersWithin is how far ahead the dashboard looks for meetings whose
// papers are late.
const latePapersWithin = 28

// work is what needs doing, as the dashboard lists it first.
type work struct {
	Plans         []plan.Progress
	Consultations []consult.OpenCount
	ToCheck       int // responses waiting to be checked, across every consultation
	Claims        int // expense claims waiting for a decision
	LatePapers    []meeting.Warned
	Commissioning commissioning.Overview // problems with how people were involved in commissioning work
}

// work reads what needs doing in partnership p, each part from its own
// room's store, by the kit's clock.
func (h *Handlers) work(r *http.Request, p partnership.Partnership) (work, error) {
	ctx := r.Context()
	var wk work
	var err error
	if wk.Plans, err = plan.StoreFor(h.k.DB, p, h.k.Now).InProgress(ctx); err != nil {
		return wk, err
	}
	cs := consult.StoreFor(h.k.DB, p, h.k.Now)
	if wk.Consultations, err = cs.OpenConsultations(ctx); err != nil {
		return wk, err
	}
	if wk.ToCheck, err = cs.ToCheck(ctx); err != nil {
		return wk, err
	}
	if wk.Claims, err = expenses.StoreFor(h.k.DB, p, h.k.Now).Waiting(ctx); err != nil {
		return wk, err
	}
	if wk.Commissioning, err = commissioning.StoreFor(h.k.DB, p, h.k.Now).Overview(ctx); err != nil {
		return wk, err
	}
	wk.LatePapers, err = meeting.StoreFor(h.k.DB, p, h.k.Now).LatePapers(ctx, latePapersWithin)
	return wk, err
}

// planInForce is the partnership's plan in force (the last, if several),
// or nil.
func (h *Handlers) planInForce(r *http.Request, p partnership.Partnership) (*planweb.Row, error) {
	plans, err := plan.StoreFor(h.k.DB, p, h.k.Now).Plans(r.Context())
	if err != nil {
		return nil, err
	}
	var out *planweb.Row
	for _, pl := range plans {
		if pl.InForce() {
			row := planweb.RowOf(&p, pl, h.k.Now())
			out = &row
		}
	}
	return out, nil
}
