// Package financeweb is the pages of the partnership's money: for a
// financial year, the budgets each partner delegates with the dates they
// were agreed (flagging any agreed after the end of March), the set-aside
// hospital budget, the link to the medium-term financial plan, reserves
// and the reserves policy (flagging earmarked reserves past their date),
// and the annual financial statement (s.39) generated from the budgets and
// directions, published as versions; the public statement; its open data.
package financeweb

import (
	"embed"
	"html/template"
	"net/http"
	"strconv"

	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/finance"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

//go:embed templates
var templateFiles embed.FS

// Handlers are the finance pages.
type Handlers struct {
	k     *kit.Kit
	pages *kit.Pages
}

// New parses the templates and registers the notices.
func New(k *kit.Kit) (*Handlers, error) {
	pages, err := k.Pages(templateFiles, template.FuncMap{"pounds": finance.Pounds, "dict": dict})
	if err != nil {
		return nil, err
	}
	k.AddNotices(map[string]string{
		"budget-saved":        "The budget has been saved.",
		"finance-settings":    "The financial plan link and reserves policy have been saved.",
		"reserve-added":       "The reserve has been added.",
		"reserve-moved":       "The movement has been recorded.",
		"statement-published": "The financial statement has been published. The public page shows it; a later publication is a new version.",
	})
	return &Handlers{k: k, pages: pages}, nil
}

const base = "/staff/partnerships/{slug}/finance"

// Routes are the finance addresses, each with its permission.
func (h *Handlers) Routes() []kit.Route {
	return []kit.Route{
		{Pattern: "GET " + base, Perm: auth.ReadPlanning, Handle: h.overview},
		{Pattern: "POST " + base + "/budgets", Perm: auth.EditPlanning, Handle: h.saveBudget},
		{Pattern: "POST " + base + "/settings", Perm: auth.EditPlanning, Handle: h.saveSettings},
		{Pattern: "POST " + base + "/reserves", Perm: auth.EditPlanning, Handle: h.addReserve},
		{Pattern: "POST " + base + "/reserves/{id}/movements", Perm: auth.EditPlanning, Handle: h.addMovement},
		{Pattern: "POST " + base + "/statement", Perm: auth.EditPlanning, Handle: h.publish},
		{Pattern: "GET /partnerships/{slug}/financial-statement", Perm: auth.Public, Handle: h.public, Cache: true},
		{Pattern: "GET /api/v1/partnerships/{slug}/financial-statement", Perm: auth.Public, Handle: h.api, Cache: true},
	}
}

func (h *Handlers) store(r *http.Request) *finance.Store {
	return finance.StoreFor(h.k.DB, *kit.Current(r).Partnership, h.k.Now)
}

// year reads ?year= (or the form's year), or the year of today.
func year(r *http.Request, today civil.Date) finance.Year {
	v := r.FormValue("year")
	if n, err := strconv.Atoi(v); err == nil && n >= 2015 && n <= 2100 {
		return finance.Year(n)
	}
	return finance.YearOf(today)
}

// overviewPage is the staff page of a year's money.
type overviewPage struct {
	P          partnership.Partnership
	Year       finance.Year
	Budgets    []finance.Budget
	Late       []finance.Late
	Settings   finance.Settings
	Reserves   []finance.Reserve
	Overdue    []finance.Reserve
	Draft      finance.Statement
	Published  finance.Published
	IsPub      bool
	CanEdit    bool
	Today      civil.Date
	Sources    []statute.Source
	Rule       string
	ReserveSum int64
}

// YearBudgets are the budget lines of the page's year.
func (o overviewPage) YearBudgets() []finance.Budget {
	var out []finance.Budget
	for _, b := range o.Budgets {
		if b.Year == o.Year {
			out = append(out, b)
		}
	}
	return out
}

// Years are the years to move between: the page's, the one before and
// the one after.
func (o overviewPage) Years() []finance.Year { return []finance.Year{o.Year - 1, o.Year + 1} }

// PartnerOptions are the partners a budget comes from.
func (o overviewPage) PartnerOptions() []kit.Option {
	var out []kit.Option
	for _, n := range o.P.Partners() {
		out = append(out, kit.Option{Value: n, Label: n})
	}
	return out
}

// KindOptions are the kinds of reserve.
func (o overviewPage) KindOptions() []kit.Option {
	var out []kit.Option
	for _, k := range statute.ReserveKinds() {
		out = append(out, kit.Option{Value: k.Code, Label: k.Name})
	}
	return out
}

// IsOverdue says whether reserve id is flagged overdue.
func (o overviewPage) IsOverdue(id int64) bool {
	for _, r := range o.Overdue {
		if r.ID == id {
			return true
		}
	}
	return false
}

func (h *Handlers) overview(w http.ResponseWriter, r *http.Request) error {
	return h.render(w, r, http.StatusOK, nil)
}

func (h *Handlers) render(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	st := h.store(r)
	ctx := r.Context()
	today := st.Today()
	y := year(r, today)
	p := *kit.Current(r).Partnership
	pg := overviewPage{P: p, Year: y, Today: today, CanEdit: kit.Can(r, auth.EditPlanning), Rule: finance.ApportionRule,
		Sources: []statute.Source{statute.FinancialStatementSource, statute.BudgetAgreementSource, statute.SetAsideSource, statute.ReservesSource, statute.FinancialPlanSource}}
	var err error
	if pg.Budgets, err = st.Budgets(ctx); err != nil {
		return err
	}
	pg.Late = finance.LateAgreements(p, y, pg.Budgets)
	if pg.Settings, err = st.Settings(ctx); err != nil {
		return err
	}
	if pg.Reserves, err = st.Reserves(ctx); err != nil {
		return err
	}
	for _, rs := range pg.Reserves {
		pg.ReserveSum += rs.Balance()
	}
	pg.Overdue = finance.OverdueReserves(pg.Reserves, today)
	if pg.Draft, err = st.Draft(ctx, y); err != nil {
		return err
	}
	if pg.Published, pg.IsPub, err = st.Latest(ctx, y); err != nil {
		return err
	}
	h.pages.Render(w, r, status, "finance.html", kit.View{Title: "Money: budgets, reserves and the financial statement for " + y.String(),
		Caption: p.Name, Nav: "staff", Errors: errs, Form: r.PostForm, Data: pg})
	return nil
}

// done redirects to the year's page with a notice, or shows the errors.
func (h *Handlers) done(w http.ResponseWriter, r *http.Request, err error, y finance.Year, notice string) error {
	if errs, ok := valid.As(err); ok {
		return h.render(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "finance")+"?year="+strconv.Itoa(int(y)), notice)
}

func (h *Handlers) saveBudget(w http.ResponseWriter, r *http.Request) error {
	form, err := kit.ParseForm(w, r)
	st := h.store(r)
	y := year(r, st.Today())
	if err == nil {
		amount, ok1 := finance.ParsePounds(form.Get("amount"))
		setAside, ok2 := int64(0), true
		if v := form.Text("set_aside"); v != "" {
			setAside, ok2 = finance.ParsePounds(v)
		}
		var errs valid.Errors
		if !ok1 {
			errs.Add("amount", "Enter the amount in pounds, such as 1,250,000")
		}
		if !ok2 {
			errs.Add("set_aside", "Enter the set-aside amount in pounds, or leave it blank")
		}
		err = errs.Err()
		if err == nil {
			_, err = st.SaveBudget(r.Context(), finance.Budget{Year: y, Partner: form.Get("partner"), Pence: amount, SetAsidePence: setAside,
				PartnerAgreedOn: civil.Date(form.Text("partner_agreed_on")), BoardAgreedOn: civil.Date(form.Text("board_agreed_on"))}, kit.Actor(r))
		}
	}
	return h.done(w, r, err, y, "budget-saved")
}

func (h *Handlers) saveSettings(w http.ResponseWriter, r *http.Request) error {
	form, err := kit.ParseForm(w, r, kit.Allow("reserves_policy", 20000))
	st := h.store(r)
	if err == nil {
		err = st.SaveSettings(r.Context(), finance.Settings{FinancialPlan: form.Get("financial_plan"), ReservesPolicy: form.Get("reserves_policy")}, kit.Actor(r))
	}
	return h.done(w, r, err, year(r, st.Today()), "finance-settings")
}

func (h *Handlers) addReserve(w http.ResponseWriter, r *http.Request) error {
	form, err := kit.ParseForm(w, r)
	st := h.store(r)
	y := year(r, st.Today())
	if err == nil {
		amount, ok := finance.ParsePounds(form.Get("reserve_amount"))
		if !ok || amount <= 0 {
			err = valid.Errors{{Field: "reserve_amount", Message: "Enter the amount put into the reserve, in pounds"}}
		} else {
			_, err = st.AddReserve(r.Context(), finance.Reserve{Kind: form.Get("kind"), Purpose: form.Get("purpose"), UseBy: civil.Date(form.Text("use_by"))},
				finance.Movement{Year: y, Pence: amount, Note: "Opening balance"}, kit.Actor(r))
		}
	}
	return h.done(w, r, err, y, "reserve-added")
}

func (h *Handlers) addMovement(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	form, err := kit.ParseForm(w, r)
	st := h.store(r)
	y := year(r, st.Today())
	if err == nil {
		amount, ok := finance.ParsePounds(form.Get("movement_amount"))
		if !ok {
			err = valid.Errors{{Field: "movement_amount", Message: "Enter the amount in pounds: a minus sign in front to draw money out"}}
		} else {
			err = st.AddMovement(r.Context(), id, finance.Movement{Year: y, Pence: amount, Note: form.Get("note")}, kit.Actor(r))
		}
	}
	return h.done(w, r, err, y, "reserve-moved")
}

func (h *Handlers) publish(w http.ResponseWriter, r *http.Request) error {
	_, err := kit.ParseForm(w, r)
	st := h.store(r)
	y := year(r, st.Today())
	if err == nil {
		_, err = st.Publish(r.Context(), y, kit.Actor(r))
	}
	return h.done(w, r, err, y, "statement-published")
}

// publicPage is the published statement with the reserves policy.
type publicPage struct {
	Found     bool
	Published finance.Published
	Years     []finance.Year
	Policy    string
	Source    statute.Source
}

func (h *Handlers) public(w http.ResponseWriter, r *http.Request) error {
	st := h.store(r)
	ctx := r.Context()
	var y finance.Year
	if v := r.URL.Query().Get("year"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return kit.ErrNotFound
		}
		y = finance.Year(n)
	}
	pub, found, err := st.Latest(ctx, y)
	if err != nil {
		return err
	}
	if !found && y != 0 {
		return kit.ErrNotFound
	}
	years, err := st.PublishedYears(ctx)
	if err != nil {
		return err
	}
	set, err := st.Settings(ctx)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	title := "How " + p.Name + " plans to spend its money"
	if found {
		title = "Annual financial statement " + pub.Statement.Year.String() + ": " + p.Name
	}
	return h.pages.OK(w, r, "financial-statement.html", kit.View{Title: title, Caption: p.Name,
		Data: publicPage{Found: found, Published: pub, Years: years, Policy: set.ReservesPolicy, Source: statute.FinancialStatementSource}})
}

// apiStatement is a published statement in the open data.
type apiStatement struct {
	Partnership string `json:"partnership"`
	finance.Published
}

func (h *Handlers) api(w http.ResponseWriter, r *http.Request) error {
	var y finance.Year
	if v := r.URL.Query().Get("year"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2015 || n > 2100 {
			return kit.BadRequest("The year parameter is the year the financial year starts in, such as 2026 for 2026-27.")
		}
		y = finance.Year(n)
	}
	pub, found, err := h.store(r).Latest(r.Context(), y)
	if err != nil {
		return err
	}
	if !found {
		return kit.HTTPError{Status: http.StatusNotFound, Message: "This partnership has not published a financial statement for that year."}
	}
	return kit.JSON(w, apiStatement{kit.Current(r).Partnership.Slug, pub})
}

// dict makes a map from pairs of a key and a value, to hand a partial
// more than one value.
func dict(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}
