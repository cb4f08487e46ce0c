// Package demo loads the demo partnership, Glenmorven: a fictional
// integration joint board with its health board, one council, four
// localities, its delegated functions and a staff account for each role, so
// that a newcomer sees coplan at work within a minute. It also loads
// Scotland's 31 real partnerships from the built-in reference data.
package demo

import (
	"context"
	"fmt"
	"strings"

	"coplan/internal/audit"
	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/refdata"
)

// Slug is the demo partnership's web address name.
const Slug = "glenmorven"

// Password is every demo account's password. The demo is for trying coplan
// out; never load it on a service holding real people's details.
const Password = "glenmorven-demo"

// Account is a demo sign-in, printed by `coplan demo` and `make run`.
type Account struct {
	Email, Name string
	Role        auth.Role
	Partnership bool // belongs to the demo partnership (false: across partnerships)
}

// Accounts are the demo's staff accounts, one for each role.
var Accounts = []Account{
	{"admin@glenmorven.example", "Morag Campbell", auth.Administrator, true},
	{"officer@glenmorven.example", "Euan Fraser", auth.Officer, true},
	{"spg@glenmorven.example", "Isla Morrison", auth.SPGMember, true},
	{"board@glenmorven.example", "Ravi Menon", auth.BoardMember, true},
	{"scrutiny@inspectorate.example", "Fiona Reid", auth.Scrutiny, false},
	{"service-admin@coplan.example", "Alex Grant", auth.Administrator, false},
}

// Partnership is the fictional demo partnership.
func Partnership() partnership.Partnership {
	named := func(ns ...string) []partnership.Named {
		out := make([]partnership.Named, len(ns))
		for i, n := range ns {
			out[i] = partnership.Named{Name: n}
		}
		return out
	}
	return partnership.Partnership{
		Slug: Slug, Name: "Glenmorven", Model: "ijb", HealthBoard: "NHS Glenmorven", Demo: true,
		LocalAuthorities: named("Glenmorven Council"),
		Localities:       named("Kilbrannan", "Strathard", "Inverlussa", "Morven Coast"),
	}
}

// functions are the demo partnership's delegated functions.
var functions = []partnership.Function{
	{Name: "Adult social work services", Partner: "Glenmorven Council", Kind: "social-care"},
	{Name: "Care at home services", Partner: "Glenmorven Council", Kind: "social-care"},
	{Name: "Care home services for adults", Partner: "Glenmorven Council", Kind: "social-care"},
	{Name: "Support for unpaid carers", Partner: "Glenmorven Council", Kind: "social-care"},
	{Name: "Aids, adaptations and equipment", Partner: "Glenmorven Council", Kind: "social-care"},
	{Name: "District nursing", Partner: "NHS Glenmorven", Kind: "health"},
	{Name: "Primary medical services (general practice)", Partner: "NHS Glenmorven", Kind: "health"},
	{Name: "Community mental health services", Partner: "NHS Glenmorven", Kind: "health"},
	{Name: "Allied health professions in the community", Partner: "NHS Glenmorven", Kind: "health"},
	{Name: "Unscheduled care in Glenmorven Royal Infirmary (set aside)", Partner: "NHS Glenmorven", Kind: "health", SetAside: true},
}

// Load loads the 31 reference partnerships and (re)creates the demo
// partnership and its accounts, replacing any earlier demo. Everything the
// demo partnership held is deleted first. now is the clock the demo's
// records are stamped with.
func Load(ctx context.Context, d *db.DB, now civil.Clock) error {
	if _, err := partnership.Import(ctx, d, partnership.FromReference(refdata.Builtin()), audit.System, now()); err != nil {
		return fmt.Errorf("load Scotland's partnerships: %w", err)
	}
	// The old demo's bodies go first (taking their seats with them): on
	// PostgreSQL, deleting the partnership alone fails, because its
	// councils and localities are removed by the cascade before the seats
	// and groups that refer to them.
	// Directions go before the bodies: they name the board's decisions.
	if _, err := d.ExecContext(ctx, "DELETE FROM directions WHERE partnership_id IN (SELECT id FROM partnerships WHERE demo = $1)", true); err != nil {
		return fmt.Errorf("remove the old demo's directions: %w", err)
	}
	if _, err := d.ExecContext(ctx, "DELETE FROM bodies WHERE partnership_id IN (SELECT id FROM partnerships WHERE demo = $1)", true); err != nil {
		return fmt.Errorf("remove the old demo's governance bodies: %w", err)
	}
	// Likewise consultations (their responses name localities) and
	// postcode districts.
	// The strategic plans go before both: their views name consultations,
	// their sections localities; appraisals and decisions name plans and
	// consultations.
	for _, table := range []string{"appraisals", "significant_decisions", "plans", "consultations", "postcode_districts"} {
		if _, err := d.ExecContext(ctx, "DELETE FROM "+table+" WHERE partnership_id IN (SELECT id FROM partnerships WHERE demo = $1)", true); err != nil {
			return fmt.Errorf("remove the old demo's %s: %w", strings.ReplaceAll(table, "_", " "), err)
		}
	}
	if _, err := d.ExecContext(ctx, "DELETE FROM partnerships WHERE demo = $1", true); err != nil {
		return fmt.Errorf("remove the old demo: %w", err)
	}
	for _, a := range Accounts {
		if _, err := d.ExecContext(ctx, "DELETE FROM users WHERE email = $1", a.Email); err != nil {
			return err
		}
	}
	p, err := partnership.Create(ctx, d, Partnership(), audit.System, now())
	if err != nil {
		return fmt.Errorf("create the demo partnership: %w", err)
	}
	st := partnership.StoreFor(d, p, now)
	for _, f := range functions {
		if _, err := st.AddFunction(ctx, f, audit.System); err != nil {
			return fmt.Errorf("demo function %q: %w", f.Name, err)
		}
	}
	users := map[string]auth.User{}
	for _, a := range Accounts {
		u := auth.User{Email: a.Email, Name: a.Name, Role: a.Role}
		if a.Partnership {
			u.PartnershipID = p.ID
		}
		u, err := auth.CreateUser(ctx, d, u, Password, audit.System, now())
		if err != nil {
			return fmt.Errorf("demo account %s: %w", a.Email, err)
		}
		users[a.Email] = u
	}
	g, err := loadGovernance(ctx, d, p, users, now)
	if err != nil {
		return fmt.Errorf("demo governance bodies: %w", err)
	}
	if err := loadMeetings(ctx, d, p, g, now); err != nil {
		return fmt.Errorf("demo meetings: %w", err)
	}
	if err := loadExpenses(ctx, d, p, g, now()); err != nil {
		return fmt.Errorf("demo expenses: %w", err)
	}
	if err := loadConsultations(ctx, d, p, g, now); err != nil {
		return fmt.Errorf("demo consultations: %w", err)
	}
	if err := loadAnalysed(ctx, d, p, now); err != nil {
		return fmt.Errorf("demo analysed consultations: %w", err)
	}
	// Money before the plans: the plan in force is published with the
	// year's financial statement (s.39).
	if err := loadFinance(ctx, d, p, now); err != nil {
		return fmt.Errorf("demo budgets, directions and reserves: %w", err)
	}
	if err := loadPlans(ctx, d, p, g, now); err != nil {
		return fmt.Errorf("demo strategic plans: %w", err)
	}
	if err := loadCommissioning(ctx, d, p, now); err != nil {
		return fmt.Errorf("demo commissioning work: %w", err)
	}
	if err := loadSelfEvaluation(ctx, d, p, now); err != nil {
		return fmt.Errorf("demo self-evaluation: %w", err)
	}
	if err := loadIndicators(ctx, d, p, now); err != nil {
		return fmt.Errorf("demo indicators: %w", err)
	}
	// The performance report last: it reads the plan, the money and the
	// indicators.
	if err := loadPerformance(ctx, d, p, now); err != nil {
		return fmt.Errorf("demo performance report: %w", err)
	}
	return nil
}

// Loaded reports whether the demo partnership is in the database.
func Loaded(ctx context.Context, d *db.DB) (bool, error) {
	var n int
	err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM partnerships WHERE demo = $1", true).Scan(&n)
	return n > 0, err
}
