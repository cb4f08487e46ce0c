package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/progress"
)

// PageOptions shape a page run.
type PageOptions struct {
	Bin          string        // the coplan binary: serves coplan and the baseline
	DatabaseURL  string        // "" or sqlite: a temporary file; postgres://...: a new schema there
	Concurrency  int           // clients at once, each keeping its connection open
	Duration     time.Duration // of each measurement
	Partnerships int           // besides the demo's: 31 are Scotland's, more are made up
	NoPageCache  bool          // serve coplan with --page-cache-mb 0: every page rendered afresh
	Clock        civil.Clock
	Progress     io.Writer // where loading reports its progress (quiet unless a terminal)
}

// PageFigures are one page's figures beside its baseline's: the bare
// handler serving a page of the same number of bytes, measured just after
// it in the same run.
type PageFigures struct {
	Name          string  `json:"name"`
	Path          string  `json:"path"`
	Bytes         int     `json:"bytes"`
	Requests      int     `json:"requests"`
	P50ms         float64 `json:"p50_ms"`
	P99ms         float64 `json:"p99_ms"`
	RPS           float64 `json:"rps"`
	BaselineP50ms float64 `json:"baseline_p50_ms"`
	BaselineP99ms float64 `json:"baseline_p99_ms"`
	BaselineRPS   float64 `json:"baseline_rps"`
	P99Ratio      float64 `json:"p99_ratio"` // p99_ms / baseline_p99_ms: the goal is at most 3
	RPSRatio      float64 `json:"rps_ratio"` // rps / baseline_rps
}

// PageResult is one page run.
type PageResult struct {
	Bench        string        `json:"bench"` // "page"
	Database     string        `json:"database"`
	Partnerships int           `json:"partnerships"` // on the service, the demo's included
	PageCache    bool          `json:"page_cache"`   // whether coplan kept public pages in memory
	Concurrency  int           `json:"concurrency"`
	Seconds      float64       `json:"seconds"` // of each measurement
	Pages        []PageFigures `json:"pages"`
	// The baseline at the home page's size, for a single figure to quote;
	// each page's ratio is to its own baseline (pages[].baseline_*).
	BaselineP99ms float64 `json:"baseline_p99_ms"`
	BaselineRPS   float64 `json:"baseline_rps"`
	BaselinePage  string  `json:"baseline_page"`
}

// benchPage is a page the page run measures.
type benchPage struct{ name, path string }

// Page measures the public pages and the partnership list API against the
// bare handler.
func Page(ctx context.Context, o PageOptions) (PageResult, error) {
	if o.Clock == nil {
		o.Clock = civil.SystemClock
	}
	res := PageResult{Bench: "page", Concurrency: o.Concurrency, Seconds: o.Duration.Seconds(), BaselinePage: "home"}
	dbase, err := Fresh(ctx, o.DatabaseURL)
	if err != nil {
		return res, err
	}
	defer dbase.Drop()
	res.Database = string(dbase.Dialect)
	pages, n, err := loadPages(ctx, dbase.URL, o)
	if err != nil {
		return res, err
	}
	res.Partnerships = n
	res.PageCache = !o.NoPageCache
	args := []string{"serve", "--database-url", dbase.URL, "--addr", "127.0.0.1:0", "--log-level", "info"}
	if o.NoPageCache {
		args = append(args, "--page-cache-mb", "0")
	}
	srv, err := Start(ctx, o.Bin, args...)
	if err != nil {
		return res, err
	}
	defer srv.Stop()
	base, err := Start(ctx, o.Bin, "bench", "baseline-pages", "--addr", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	defer base.Stop()
	client := NewClient(o.Concurrency)
	get := func(u string) func(int) *http.Request {
		return func(int) *http.Request {
			req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
			return req
		}
	}
	measure := func(u string) (Figures, error) {
		l := Load{Client: client, Concurrency: o.Concurrency, Duration: min(o.Duration/5, time.Second), Clock: o.Clock, Next: get(u)}
		if _, err := l.Run(ctx); err != nil { // warm up: connections, caches
			return Figures{}, err
		}
		l.Duration = o.Duration
		return l.Run(ctx)
	}
	for _, p := range pages {
		size, err := pageSize(ctx, client, srv.URL+p.path)
		if err != nil {
			return res, fmt.Errorf("%s: %w", p.name, err)
		}
		got, err := measure(srv.URL + p.path)
		if err != nil {
			return res, fmt.Errorf("%s: %w", p.name, err)
		}
		bl, err := measure(base.URL + "/bytes/" + strconv.Itoa(size))
		if err != nil {
			return res, fmt.Errorf("baseline for %s: %w", p.name, err)
		}
		res.Pages = append(res.Pages, PageFigures{Name: p.name, Path: p.path, Bytes: size, Requests: got.Requests,
			P50ms: got.P50ms, P99ms: got.P99ms, RPS: got.RPS,
			BaselineP50ms: bl.P50ms, BaselineP99ms: bl.P99ms, BaselineRPS: bl.RPS,
			P99Ratio: ratio(got.P99ms, bl.P99ms), RPSRatio: ratio(got.RPS, bl.RPS)})
	}
	res.BaselineP99ms, res.BaselineRPS = res.Pages[0].BaselineP99ms, res.Pages[0].BaselineRPS
	return res, nil
}

// pageSize fetches the page once and returns its length.
func pageSize(ctx context.Context, client *http.Client, u string) (int, error) {
	req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: status %d", u, resp.StatusCode)
	}
	return len(b), nil
}

// loadPages fills the database with the demo (Glenmorven and Scotland's
// 31 partnerships) and made-up partnerships up to o.Partnerships besides
// the demo, and returns the pages to measure and how many partnerships
// there are.
func loadPages(ctx context.Context, dbURL string, o PageOptions) ([]benchPage, int, error) {
	d, err := openMigrated(ctx, dbURL)
	if err != nil {
		return nil, 0, err
	}
	defer d.Close()
	if err := demo.Load(ctx, d, o.Clock); err != nil {
		return nil, 0, fmt.Errorf("load the demo: %w", err)
	}
	if err := addPartnerships(ctx, d, o.Partnerships, o.Clock, o.Progress); err != nil {
		return nil, 0, err
	}
	var n int
	if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM partnerships").Scan(&n); err != nil {
		return nil, 0, err
	}
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		return nil, 0, err
	}
	var planID, consultationID int64
	if err := d.QueryRowContext(ctx, "SELECT id FROM plans WHERE partnership_id = $1 AND title = $2", p.ID, demo.PublishedPlanTitle).Scan(&planID); err != nil {
		return nil, 0, fmt.Errorf("the demo's published plan: %w", err)
	}
	// The consultation open now, as most of a consultation page's visitors
	// find it.
	cs, err := consult.StoreFor(d, p, o.Clock).Consultations(ctx)
	if err != nil {
		return nil, 0, err
	}
	for _, c := range cs {
		if c.Audience == consult.Public && c.OpensAt.Before(o.Clock()) && c.ClosesAt.After(o.Clock()) && consultationID == 0 {
			consultationID = c.ID
		}
	}
	if consultationID == 0 {
		return nil, 0, fmt.Errorf("the demo has no open public consultation")
	}
	slug := "/partnerships/" + demo.Slug
	return []benchPage{
		{"home", "/"},
		{"partnership", slug},
		{"consultation", slug + "/consultations/" + strconv.FormatInt(consultationID, 10)},
		{"published-plan", slug + "/plans/" + strconv.FormatInt(planID, 10)},
		{"api-partnerships", "/api/v1/partnerships"},
	}, n, nil
}

// openMigrated opens the database and brings its tables up to date, with
// the national question bank, as coplan serve does.
func openMigrated(ctx context.Context, dbURL string) (*db.DB, error) {
	d, err := db.Open(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	if _, err := d.Migrate(ctx, nil); err != nil {
		d.Close()
		return nil, err
	}
	if err := consult.SeedBank(ctx, d); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// addPartnerships makes up partnerships until there are want besides the
// demo, each with a council and four localities, as a national instance
// holding more than Scotland's 31 (localities' and national bodies' own
// spaces) would.
func addPartnerships(ctx context.Context, d *db.DB, want int, clock civil.Clock, w io.Writer) error {
	var have int
	if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM partnerships WHERE NOT demo").Scan(&have); err != nil {
		return err
	}
	if want <= have {
		return nil
	}
	bar := progress.Start(w, "Adding partnerships", int64(want-have))
	defer bar.Finish()
	for i := have; i < want; i++ {
		name := fmt.Sprintf("Bench Area %d", i+1)
		p := partnership.Partnership{Slug: fmt.Sprintf("bench-area-%d", i+1), Name: name, Model: "ijb",
			HealthBoard: "NHS " + name, LocalAuthorities: []partnership.Named{{Name: name + " Council"}}}
		for _, l := range []string{"North", "South", "East", "West"} {
			p.Localities = append(p.Localities, partnership.Named{Name: l + " " + name})
		}
		if _, err := partnership.Create(ctx, d, p, audit.System, clock()); err != nil {
			return fmt.Errorf("partnership %s: %w", name, err)
		}
		bar.Add(1)
	}
	return nil
}

// Scale compares two page runs with different numbers of partnerships,
// for the pages that list them all.
type Scale struct {
	Bench string      `json:"bench"` // "page-scale"
	From  int         `json:"from_partnerships"`
	To    int         `json:"to_partnerships"`
	Pages []ScalePage `json:"pages"`
}

// ScalePage is one page's cost at both sizes. CostGrowth is what a
// request costs at the larger size over what it costs at the smaller,
// rps(from)/rps(to): the goal is at most 1.5.
// CostGrowthVsBaseline divides each rate by its own baseline's first: the
// bare handler serving a page as much larger, so it leaves out what the
// extra bytes cost on the wire and any change in the machine's load
// between the runs.
type ScalePage struct {
	Name                 string  `json:"name"`
	FromBytes            int     `json:"from_bytes"`
	ToBytes              int     `json:"to_bytes"`
	FromP99ms            float64 `json:"from_p99_ms"`
	ToP99ms              float64 `json:"to_p99_ms"`
	P99Growth            float64 `json:"p99_growth"`
	FromRPS              float64 `json:"from_rps"`
	ToRPS                float64 `json:"to_rps"`
	CostGrowth           float64 `json:"cost_growth"`
	CostGrowthVsBaseline float64 `json:"cost_growth_vs_baseline"`
}

// CompareScale compares the home page and the partnership list API of two
// runs.
func CompareScale(from, to PageResult) Scale {
	s := Scale{Bench: "page-scale", From: from.Partnerships, To: to.Partnerships}
	for _, a := range from.Pages {
		if a.Name != "home" && a.Name != "api-partnerships" {
			continue
		}
		for _, b := range to.Pages {
			if b.Name == a.Name {
				s.Pages = append(s.Pages, ScalePage{Name: a.Name, FromBytes: a.Bytes, ToBytes: b.Bytes,
					FromP99ms: a.P99ms, ToP99ms: b.P99ms, P99Growth: ratio(b.P99ms, a.P99ms),
					FromRPS: a.RPS, ToRPS: b.RPS, CostGrowth: ratio(a.RPS, b.RPS), CostGrowthVsBaseline: ratio(a.RPSRatio, b.RPSRatio)})
			}
		}
	}
	return s
}
