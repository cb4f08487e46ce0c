package planweb

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/partnership"
	"coplan/internal/plan"
	"coplan/internal/statute"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// planRoutes are the pages where a partnership runs its strategic plan
// through the statutory sequence (s.33), records who each draft was sent
// to, and keeps the review clock (s.37) and replacements (s.37(3), s.38).
func (s *Handlers) stageRoutes() []kit.Route {
	const base = "/staff/partnerships/{slug}/plans"
	return []kit.Route{
		{Pattern: "GET " + base, Perm: auth.ReadPlanning, Handle: s.plansList},
		{Pattern: "GET " + base + "/new", Perm: auth.EditPlanning, Handle: s.newPlanForm},
		{Pattern: "POST " + base, Perm: auth.EditPlanning, Handle: s.createPlan},
		{Pattern: "GET " + base + "/{plan}", Perm: auth.ReadPlanning, Handle: s.planOverview},
		{Pattern: "GET " + base + "/{plan}/edit", Perm: auth.EditPlanning, Handle: s.editPlanForm},
		{Pattern: "POST " + base + "/{plan}/edit", Perm: auth.EditPlanning, Handle: s.updatePlan},
		{Pattern: "POST " + base + "/{plan}/advance", Perm: auth.EditPlanning, Handle: s.advancePlan},
		{Pattern: "GET " + base + "/{plan}/engagement", Perm: auth.EditPlanning, Handle: s.planEngagementForm},
		{Pattern: "POST " + base + "/{plan}/engagement", Perm: auth.EditPlanning, Handle: s.savePlanEngagement},
		{Pattern: "GET " + base + "/{plan}/recipients", Perm: auth.ReadPlanning, Handle: s.planRecipients},
		{Pattern: "POST " + base + "/{plan}/recipients", Perm: auth.EditPlanning, Handle: s.addPlanRecipient},
		{Pattern: "GET " + base + "/{plan}/review", Perm: auth.ReadPlanning, Handle: s.planReview},
		{Pattern: "POST " + base + "/{plan}/review", Perm: auth.EditPlanning, Handle: s.recordPlanReview},
		{Pattern: "POST " + base + "/{plan}/replacement", Perm: auth.EditPlanning, Handle: s.startPlanReplacement},
		{Pattern: "POST " + base + "/{plan}/direction", Perm: auth.EditPlanning, Handle: s.recordPlanDirection},
	}
}

func plansPath(p *partnership.Partnership) string { return kit.StaffPath(p.Slug, "plans") }

// onePlanPath is the address of plan pl's staff page, or of one below it.
func onePlanPath(p *partnership.Partnership, pl plan.Plan, rest ...any) string {
	return kit.StaffPath(p.Slug, append([]any{"plans", pl.ID}, rest...)...)
}

// reviewClock is the s.37 review clock as pages show it.
type reviewClock struct {
	Due   time.Time
	State string // plan.ReviewState
	Tag   string // the Design System tag colour
	Text  string
}

func clockOf(pl plan.Plan, now time.Time) reviewClock {
	due := pl.NextReviewDue()
	c := reviewClock{Due: due, State: plan.ReviewState(due, now)}
	switch c.State {
	case "ok":
		c.Tag, c.Text = "green", "Review not yet due"
	case "due-6-months":
		c.Tag, c.Text = "yellow", "Review due within 6 months"
	case "due-3-months":
		c.Tag, c.Text = "orange", "Review due within 3 months"
	case "overdue":
		c.Tag, c.Text = "red", "Review overdue"
	}
	return c
}

// Row is a plan in a list (here and on the partnership's staff page):
// the plan, its s.37 review clock and its address.
type Row struct {
	Plan  plan.Plan
	Clock reviewClock
	Path  string
}

// RowOf is the plan pl of partnership p as a list shows it on the day now.
func RowOf(p *partnership.Partnership, pl plan.Plan, now time.Time) Row {
	return Row{pl, clockOf(pl, now), onePlanPath(p, pl)}
}

func (s *Handlers) plansList(w http.ResponseWriter, r *http.Request) error {
	rq := kit.Current(r)
	ps, err := s.store(r).Plans(r.Context())
	if err != nil {
		return err
	}
	rows := make([]Row, len(ps))
	var inForce *Row
	for i, pl := range ps {
		rows[i] = RowOf(rq.Partnership, pl, s.k.Now())
		if pl.InForce() && inForce == nil {
			inForce = &rows[i]
		}
	}
	s.pages.Render(w, r, http.StatusOK, "plan-list.html", kit.View{Title: "Strategic plans", Caption: rq.Partnership.Name, Nav: "staff",
		Data: struct {
			Plans   []Row
			InForce *Row
			CanEdit bool
		}{rows, inForce, auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID)}})
	return nil
}

// planForm is the add/change plan form's content.
type planForm struct {
	New    bool
	Plan   plan.Plan
	Action string
}

func (s *Handlers) newPlanForm(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	s.pages.Render(w, r, http.StatusOK, "plan-form.html", kit.View{Title: "Start a strategic plan", Caption: p.Name, Nav: "staff",
		Data: planForm{New: true, Action: plansPath(p)}})
	return nil
}

func (s *Handlers) editPlanForm(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	_, pl, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	s.pages.Render(w, r, http.StatusOK, "plan-form.html", kit.View{Title: "Change the plan's details", Caption: pl.Title, Nav: "staff",
		Data: planForm{Plan: pl, Action: onePlanPath(p, pl, "edit")}})
	return nil
}

func readPlanFields(f kit.Form, pl plan.Plan, prefix string) plan.Plan {
	pl.Title, pl.PeriodStart, pl.PeriodEnd, pl.EffectiveOn = f.Get(prefix+"title"), f.Get(prefix+"period_start"),
		f.Get(prefix+"period_end"), f.Get(prefix+"effective_on")
	return pl
}

func (s *Handlers) createPlan(w http.ResponseWriter, r *http.Request) error {
	return s.savePlan(w, r, plan.Plan{})
}

func (s *Handlers) updatePlan(w http.ResponseWriter, r *http.Request) error {
	_, pl, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	return s.savePlan(w, r, pl)
}

func (s *Handlers) savePlan(w http.ResponseWriter, r *http.Request, stored plan.Plan) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	pl := readPlanFields(f, stored, "")
	saved, err := s.store(r).SavePlan(r.Context(), pl, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		title, caption, action := "Start a strategic plan", p.Name, plansPath(p)
		if stored.ID != 0 {
			title, caption, action = "Change the plan's details", stored.Title, onePlanPath(p, stored, "edit")
		}
		s.pages.Render(w, r, http.StatusUnprocessableEntity, "plan-form.html", kit.View{Title: title, Caption: caption, Nav: "staff",
			Errors: errs, Data: planForm{New: stored.ID == 0, Plan: pl, Action: action}})
		return nil
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, onePlanPath(p, saved), map[bool]string{true: "plan-created", false: "saved"}[stored.ID == 0])
}

// stageStep is one stage of the sequence on the plan's timeline.
type stageStep struct {
	Stage   plan.Stage
	Done    bool
	Current bool
	Event   *plan.StageEvent // the move into this stage, if recorded
}

// planPage is the plan's overview.
type planPage struct {
	Plan        plan.Plan
	Path        string
	Plans       string // the list of plans
	Steps       []stageStep
	Events      []plan.StageEvent
	Next        plan.Stage
	Requires    string // what the law still requires before Next, or ""
	Engagement  plan.EngagementPlan
	HasEngaged  bool
	Addressees  []plan.Addressee
	Clock       reviewClock
	Replaces    *plan.Plan
	Replacement *plan.Plan
	CanEdit     bool
	Today       string
}

func (s *Handlers) planOverview(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlan(w, r, http.StatusOK, nil)
}

func (s *Handlers) renderPlan(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	rq := kit.Current(r)
	p := rq.Partnership
	st, pl, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	es, err := st.StageEvents(ctx, pl.ID)
	if err != nil {
		return err
	}
	e, had, err := st.EngagementOf(ctx, pl.ID)
	if err != nil {
		return err
	}
	as, err := st.Addressees(ctx, pl.ID)
	if err != nil {
		return err
	}
	page := planPage{Plan: pl, Path: onePlanPath(p, pl), Plans: plansPath(p), Events: es, Next: pl.Next(), Engagement: e, HasEngaged: had,
		Addressees: as, Clock: clockOf(pl, s.k.Now()), CanEdit: auth.Can(rq.User, auth.EditPlanning, p.ID),
		Today: string(civil.Day(s.k.Now()))}
	at := slices.Index(plan.Sequence, pl.Stage)
	if at < 0 { // under review or replaced: every stage up to publication was passed
		at = len(plan.Sequence)
	}
	for i, st := range plan.Sequence {
		step := stageStep{Stage: st, Current: i == at, Done: i < at}
		for j := range es {
			if es[j].To == st {
				step.Event = &es[j]
			}
		}
		page.Steps = append(page.Steps, step)
	}
	if page.Next != "" {
		if err := st.CheckAdvance(ctx, pl.ID, page.Next); err != nil {
			var me *plan.MissingError
			if !errors.As(err, &me) {
				return err
			}
			page.Requires = sentenceCase(err.Error())
		}
	}
	if pl.ReplacesPlanID != 0 {
		if old, err := st.Plan(ctx, pl.ReplacesPlanID); err == nil {
			page.Replaces = &old
		}
	}
	if next, ok, err := st.ReplacementOf(ctx, pl.ID); err != nil {
		return err
	} else if ok {
		page.Replacement = &next
	}
	s.pages.Render(w, r, status, "plan.html", kit.View{Title: pl.Title, Caption: p.Name, Nav: "staff", Errors: errs, Form: r.PostForm, Data: page})
	return nil
}

func sentenceCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (s *Handlers) advancePlan(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	st, pl, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	_, err = st.Advance(r.Context(), pl.ID, plan.Stage(f.Get("to")), f.Get("on"), f.Get("note"), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderPlan(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, onePlanPath(p, pl), "plan-advanced")
}

func (s *Handlers) planEngagementForm(w http.ResponseWriter, r *http.Request) error {
	st, pl, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	e, _, err := st.EngagementOf(r.Context(), pl.ID)
	if err != nil {
		return err
	}
	s.renderEngagement(w, r, http.StatusOK, pl, e, nil)
	return nil
}

func (s *Handlers) renderEngagement(w http.ResponseWriter, r *http.Request, status int, pl plan.Plan, e plan.EngagementPlan, errs valid.Errors) {
	p := kit.Current(r).Partnership
	s.pages.Render(w, r, status, "plan-engagement.html", kit.View{Title: "Communication and engagement plan", Caption: pl.Title, Nav: "staff",
		Errors: errs, Data: struct {
			Plan       plan.Plan
			Path       string
			Engagement plan.EngagementPlan
		}{pl, onePlanPath(p, pl), e}})
}

func (s *Handlers) savePlanEngagement(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	st, pl, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	e := plan.EngagementPlan{Who: f.Get("who"), How: f.Get("how"), Timing: f.Get("timing"), Support: f.Get("support")}
	err = st.SaveEngagement(r.Context(), pl.ID, e, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		s.renderEngagement(w, r, http.StatusUnprocessableEntity, pl, e, errs)
		return nil
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, onePlanPath(p, pl), "engagement-saved")
}

// groupReach is a prescribed group and who the second draft reached in it.
type groupReach struct {
	Group statute.Group
	Sent  []plan.Addressee
}

// recipientsPage lists who each stage's text went to.
type recipientsPage struct {
	Plan       plan.Plan
	Path       string
	Addressees []plan.Addressee
	Groups     []groupReach
	Missing    []string // prescribed groups the second draft has not reached
	Stages     []plan.Stage
	Kinds      []plan.RecipientKind
	AllGroups  []statute.Group
	Partners   []string
	CanEdit    bool
	Form       plan.Addressee
	Today      string
}

func (s *Handlers) planRecipients(w http.ResponseWriter, r *http.Request) error {
	_, pl, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	return s.renderRecipients(w, r, http.StatusOK, pl, plan.Addressee{}, nil)
}

func (s *Handlers) renderRecipients(w http.ResponseWriter, r *http.Request, status int, pl plan.Plan, form plan.Addressee, errs valid.Errors) error {
	rq := kit.Current(r)
	p := rq.Partnership
	as, err := s.store(r).Addressees(r.Context(), pl.ID)
	if err != nil {
		return err
	}
	page := recipientsPage{Plan: pl, Path: onePlanPath(p, pl), Addressees: as, Stages: plan.SentStages, Kinds: plan.RecipientKinds,
		AllGroups: statute.PrescribedGroups(), Partners: p.Partners(), CanEdit: auth.Can(rq.User, auth.EditPlanning, p.ID), Form: form,
		Today: string(civil.Day(s.k.Now()))}
	for _, g := range statute.PrescribedGroups() {
		gr := groupReach{Group: g}
		for _, a := range as {
			if a.Stage == plan.SecondDraft && a.Kind == plan.ToGroup && a.GroupCode == g.Code {
				gr.Sent = append(gr.Sent, a)
			}
		}
		if len(gr.Sent) == 0 {
			page.Missing = append(page.Missing, g.Name)
		}
		page.Groups = append(page.Groups, gr)
	}
	s.pages.Render(w, r, status, "plan-recipients.html", kit.View{Title: "Who the drafts were sent to", Caption: pl.Title, Nav: "staff",
		Errors: errs, Data: page})
	return nil
}

func (s *Handlers) addPlanRecipient(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	st, pl, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	a := plan.Addressee{Stage: plan.Stage(f.Get("stage")), Kind: plan.RecipientKind(f.Get("kind")), Name: f.Get("name"),
		GroupCode: f.Get("group"), SentOn: f.Get("sent_on")}
	_, err = st.AddAddressee(r.Context(), pl.ID, a, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderRecipients(w, r, http.StatusUnprocessableEntity, pl, a, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, onePlanPath(p, pl, "recipients"), "recipient-added")
}

// reviewPage shows the review clock, past reviews and directions, and the
// forms to record a review, start a replacement or record a s.38 direction.
type reviewPage struct {
	Plan        plan.Plan
	Path        string
	Clock       reviewClock
	Reviews     []plan.Review
	Directions  []plan.Direction
	Replacement *plan.Plan
	IJB         bool
	CanEdit     bool
	Review      plan.Review
	Next        plan.Plan // the replacement form's content
	Direction   plan.Direction
	DirNext     plan.Plan // the direction form's replacement plan
	Conclusions []kit.Option
	Grounds     []kit.Option // the grounds of a s.38 direction
	Partners    []kit.Option // the health board and councils that may join in one
	Today       string
}

func (s *Handlers) planReview(w http.ResponseWriter, r *http.Request) error {
	_, pl, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	return s.renderReview(w, r, http.StatusOK, reviewPage{Plan: pl}, nil)
}

func (s *Handlers) renderReview(w http.ResponseWriter, r *http.Request, status int, page reviewPage, errs valid.Errors) error {
	rq := kit.Current(r)
	p := rq.Partnership
	pl := page.Plan
	ctx := r.Context()
	st := s.store(r)
	var err error
	if page.Reviews, err = st.Reviews(ctx, pl.ID); err != nil {
		return err
	}
	if page.Directions, err = st.Directions(ctx, pl.ID); err != nil {
		return err
	}
	if next, ok, err := st.ReplacementOf(ctx, pl.ID); err != nil {
		return err
	} else if ok {
		page.Replacement = &next
	}
	page.Conclusions = kit.Options("no-change", "The plan stays in force unchanged", "replace", "A replacement plan is to be prepared")
	page.Grounds = kit.Options(plan.GroundPrevents, "The plan prevents them carrying out their functions appropriately",
		plan.GroundLikelyToPrevent, "The plan is likely to prevent them carrying out their functions appropriately")
	for _, name := range p.Partners() {
		page.Partners = append(page.Partners, kit.Option{Value: name, Label: name})
	}
	page.Path, page.Clock, page.IJB = onePlanPath(p, pl), clockOf(pl, s.k.Now()), p.Model == statute.ModelIJB
	page.CanEdit, page.Today = auth.Can(rq.User, auth.EditPlanning, p.ID), string(civil.Day(s.k.Now()))
	s.pages.Render(w, r, status, "plan-review.html", kit.View{Title: "Review and replacement", Caption: pl.Title, Nav: "staff", Errors: errs, Data: page})
	return nil
}

func (s *Handlers) recordPlanReview(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	st, pl, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	rv := plan.Review{ReviewedOn: f.Get("reviewed_on"), OutcomesNote: f.Get("outcomes_note"), PrinciplesNote: f.Get("principles_note"),
		SPGViewsNote: f.Get("spg_views_note"), Conclusion: f.Get("conclusion")}
	_, err = st.RecordReview(r.Context(), pl.ID, rv, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderReview(w, r, http.StatusUnprocessableEntity, reviewPage{Plan: pl, Review: rv}, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, onePlanPath(p, pl, "review"), "review-recorded")
}

func (s *Handlers) startPlanReplacement(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	st, pl, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	next := readPlanFields(f, plan.Plan{}, "")
	saved, err := st.StartReplacement(r.Context(), pl.ID, next, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderReview(w, r, http.StatusUnprocessableEntity, reviewPage{Plan: pl, Next: next}, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, onePlanPath(p, saved), "replacement-started")
}

func (s *Handlers) recordPlanDirection(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	st, pl, err := s.currentPlan(r)
	if err != nil {
		return err
	}
	x := plan.Direction{GivenOn: f.Get("given_on"), Ground: f.Get("ground"), JoinedBy: f.Values["joined_by"], Reason: f.Get("reason")}
	next := readPlanFields(f, plan.Plan{}, "d_")
	saved, err := st.RecordDirection(r.Context(), pl.ID, x, next, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		// The direction form's fields for the replacement plan are named
		// d_title and so on, apart from the replacement form's.
		for i, e := range errs {
			switch e.Field {
			case "title", "period_start", "period_end", "effective_on":
				errs[i].Field = "d_" + e.Field
			}
		}
		return s.renderReview(w, r, http.StatusUnprocessableEntity, reviewPage{Plan: pl, Direction: x, DirNext: next}, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, onePlanPath(p, saved), "direction-recorded")
}
