package demo

import (
	"context"
	"slices"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/auth"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/indicators"
	"coplan/internal/partnership"
)

func load(t *testing.T, d *db.DB) {
	t.Helper()
	if err := Load(context.Background(), d, time.Now); err != nil {
		t.Fatalf("Load: %v", err)
	}
}

func loaded(t *testing.T, d *db.DB) bool {
	t.Helper()
	ok, err := Loaded(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestLoadTwice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if loaded(t, d) {
			t.Fatal("Loaded reports the demo in an empty database")
		}
		load(t, d)
		if !loaded(t, d) {
			t.Fatal("Loaded reports no demo after Load")
		}

		// Someone plays with the demo: renames a locality and adds one,
		// removes a function, changes a role.
		p, err := partnership.BySlug(ctx, d, Slug)
		if err != nil {
			t.Fatal(err)
		}
		p.Localities[0].Name = "Renamed"
		p.Localities = append(p.Localities, partnership.Named{Name: "Added"})
		if _, err := partnership.StoreFor(d, p, time.Now).Update(ctx, p, audit.System); err != nil {
			t.Fatal(err)
		}
		fs, err := partnership.StoreFor(d, p, time.Now).Functions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The one without a direction: a directed function cannot be
		// removed while its direction refers to it.
		undirected := fs[0]
		for _, f := range fs {
			if f.Name == UndirectedFunction {
				undirected = f
			}
		}
		if err := partnership.StoreFor(d, p, time.Now).RemoveFunction(ctx, undirected.ID, audit.System); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.SetRole(ctx, d, Accounts[1].Email, auth.BoardMember, audit.System, time.Now()); err != nil {
			t.Fatal(err)
		}

		// Loading again resets it.
		load(t, d)
		check(t, d)
	})
}

func check(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	ps, err := partnership.List(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 32 {
		t.Errorf("%d partnerships, want 32 (Scotland's 31 and the demo)", len(ps))
	}
	var demos []partnership.Partnership
	for _, p := range ps {
		if p.Demo {
			demos = append(demos, p)
		}
	}
	if len(demos) != 1 {
		t.Fatalf("%d demo partnerships, want exactly 1", len(demos))
	}
	p := demos[0]
	if p.Name != "Glenmorven" || p.Slug != Slug || p.Model != "ijb" || p.HealthBoard != "NHS Glenmorven" {
		t.Errorf("demo partnership %+v, want Glenmorven, an IJB with NHS Glenmorven", p)
	}
	if want := []string{"Kilbrannan", "Strathard", "Inverlussa", "Morven Coast"}; !slices.Equal(p.LocalityNames(), want) {
		t.Errorf("demo localities %v, want %v", p.LocalityNames(), want)
	}
	if want := []string{"Glenmorven Council"}; !slices.Equal(p.LocalAuthorityNames(), want) {
		t.Errorf("demo councils %v, want %v", p.LocalAuthorityNames(), want)
	}

	fs, err := partnership.StoreFor(d, p, time.Now).Functions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, f := range fs {
		got = append(got, f.Name+" / "+f.Partner+" / "+f.Kind)
	}
	for _, f := range functions {
		want = append(want, f.Name+" / "+f.Partner+" / "+f.Kind)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("demo functions\n%v\nwant\n%v", got, want)
	}
	var allFunctions int
	if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM delegated_functions").Scan(&allFunctions); err != nil {
		t.Fatal(err)
	}
	if allFunctions != len(functions) {
		t.Errorf("%d delegated functions stored, want %d (an earlier demo's are left behind?)", allFunctions, len(functions))
	}

	// Every demo account signs in with the demo password and has its role.
	var users int
	if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM users").Scan(&users); err != nil {
		t.Fatal(err)
	}
	if users != len(Accounts) {
		t.Errorf("%d accounts stored, want the %d demo accounts", users, len(Accounts))
	}
	roles := map[auth.Role]bool{}
	for i, a := range Accounts {
		u, err := auth.Authenticate(ctx, d, a.Email, Password, "192.0.2.1", time.Now())
		if err != nil {
			t.Errorf("%s cannot sign in with the demo password: %v", a.Email, err)
			continue
		}
		wantPID := int64(0)
		if a.Partnership {
			wantPID = p.ID
		}
		if u.Role != a.Role || u.Name != a.Name || u.PartnershipID != wantPID {
			t.Errorf("account %d: %+v, want %s as %s in partnership %d", i, u, a.Name, a.Role, wantPID)
		}
		roles[a.Role] = true
	}
	for _, r := range auth.Roles {
		if !roles[r] {
			t.Errorf("no demo account has the role %s", r.Name())
		}
	}
}

// TestDemoIndicators: three years of illustrative figures for the demo
// partnership, five others and Scotland, ranked on the benchmark, and
// loading twice leaves one set of them.
func TestDemoIndicators(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		load(t, d)
		load(t, d)
		p, err := partnership.BySlug(ctx, d, Slug)
		if err != nil {
			t.Fatal(err)
		}
		st := indicators.StoreFor(d, p, time.Now)
		ov, err := st.Overview(ctx, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(ov) != 19 {
			t.Fatalf("the demo has %d indicators with figures, want the 19 reported", len(ov))
		}
		for _, s := range ov {
			if len(s.Years) != 3 || !s.Illustrative() || s.Latest().Scotland == nil {
				t.Errorf("%s: %d years, illustrative %v, Scotland %v", s.Indicator.Code, len(s.Years), s.Illustrative(), s.Latest().Scotland)
			}
			if s.Indicator.Survey && !s.Latest().HasInterval() {
				t.Errorf("%s has no confidence interval", s.Indicator.Code)
			}
		}
		if loc, _ := st.Overview(ctx, p.Localities[0].Name, 0); len(loc) != 19 {
			t.Errorf("the first locality has %d indicators", len(loc))
		}
		b, err := st.Benchmark(ctx, "NI-12", ov[len(ov)-1].Latest().Year.Start)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Rows) != 6 || b.Chosen < 0 || b.Scotland == nil || !b.Illustrative() {
			t.Errorf("benchmark: %d rows, chosen %d, Scotland %v", len(b.Rows), b.Chosen, b.Scotland)
		}
	})
}
