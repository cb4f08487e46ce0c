package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"coplan/internal/bench"
	"coplan/internal/progress"
)

const benchUsage = `Measure coplan beside a baseline measured in the same run on the same machine.

Usage:
  coplan bench page   [--concurrency 64] [--seconds 10] [--partnerships 31|300|31,300] [--no-page-cache] [--json]
  coplan bench submit [--concurrency 64] [--seconds 10] [--drafts N] [--json]
  coplan bench export [--responses 100000] [--json]
  coplan bench crash  [--kills 20] [--respondents 32] [--json]
  coplan bench analysis [--answers 100000[,1000000]] [--themes K] [--json]

Each runs on a fresh SQLite file in a temporary folder, or with
--database-url postgres://... in a fresh schema of that database (dropped
afterwards; nothing else in it is touched). coplan serve and the baseline
run as processes of their own on 127.0.0.1. --json prints one JSON object a
run on standard output; progress goes to standard error on a terminal.
`

func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
		fmt.Fprint(stdout, benchUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmds := map[string]func(context.Context, []string, io.Writer, io.Writer) int{
		"page": benchPage, "submit": benchSubmit, "export": benchExport, "crash": benchCrash, "analysis": benchAnalysis,
		"baseline-pages": benchBaselinePages, "baseline-submit": benchBaselineSubmit,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "coplan bench: unknown benchmark %q\n\n%s", args[0], benchUsage)
		return exitUsage
	}
	return cmd(ctx, args[1:], stdout, stderr)
}

// benchFlags are the settings every benchmark takes.
type benchFlags struct {
	databaseURL string
	json        bool
	concurrency int
	seconds     float64
}

func newBenchFlags(name, summary string, stderr io.Writer, load bool) (*flag.FlagSet, *benchFlags) {
	fs := flag.NewFlagSet("coplan bench "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	b := &benchFlags{}
	// Not COPLAN_DATABASE_URL: a benchmark never runs on the service's own
	// database by accident.
	fs.StringVar(&b.databaseURL, "database-url", "",
		"postgres://... to run on PostgreSQL, in a fresh schema of that database dropped afterwards; default a fresh SQLite file")
	fs.BoolVar(&b.json, "json", false, "print one JSON object a run instead of a table")
	if load {
		fs.IntVar(&b.concurrency, "concurrency", 64, "clients at once, each keeping its connection open")
		fs.Float64Var(&b.seconds, "seconds", 10, "seconds each measurement runs")
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "%s\n\nUsage: coplan bench %s [options]\n\nOptions:\n", summary, name)
		fs.PrintDefaults()
	}
	return fs, b
}

func (b *benchFlags) duration() time.Duration { return time.Duration(b.seconds * float64(time.Second)) }

// self is this binary, which serves coplan and the baselines.
func self(stderr io.Writer) (string, bool) {
	bin, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "coplan bench: cannot find the coplan binary: %v\n", err)
		return "", false
	}
	return bin, true
}

func printJSON(w io.Writer, v any) {
	b, _ := json.Marshal(v)
	fmt.Fprintf(w, "%s\n", b)
}

func benchFailed(stderr io.Writer, name string, err error) int {
	fmt.Fprintf(stderr, "coplan bench %s: %v\n", name, err)
	return exitError
}

func benchPage(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, b := newBenchFlags("page", "p50, p99 and requests a second for the public pages and the partnership list API, each beside a bare net/http handler serving a page of the same size.", stderr, true)
	noCache := fs.Bool("no-page-cache", false, "serve coplan with --page-cache-mb 0, so every page is rendered afresh: the cost the page cache saves")
	counts := fs.String("partnerships", "31", "partnerships besides the demo (31: Scotland's; more are made up with four localities each); several separated by commas, e.g. 31,300, are compared")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	var ns []int
	for f := range strings.SplitSeq(*counts, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 31 {
			fmt.Fprintln(stderr, "coplan bench page: --partnerships takes whole numbers of 31 or more, e.g. 31,300")
			return exitUsage
		}
		ns = append(ns, n)
	}
	bin, ok := self(stderr)
	if !ok {
		return exitError
	}
	var runs []bench.PageResult
	for _, n := range ns {
		res, err := bench.Page(ctx, bench.PageOptions{Bin: bin, DatabaseURL: b.databaseURL, Concurrency: b.concurrency,
			Duration: b.duration(), Partnerships: n, NoPageCache: *noCache, Clock: time.Now, Progress: stderr})
		if err != nil {
			return benchFailed(stderr, "page", err)
		}
		runs = append(runs, res)
		if b.json {
			printJSON(stdout, res)
			continue
		}
		cache := "public pages kept in memory"
		if !res.PageCache {
			cache = "no page cache"
		}
		fmt.Fprintf(stdout, "coplan bench page: %s, %d partnerships, %d clients, %g s a measurement, %s\n", res.Database, res.Partnerships, res.Concurrency, res.Seconds, cache)
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "page\tbytes\tp50 ms\tbare p50\tp99 ms\tbare p99\tp99 ratio\treq/s\tbare req/s\treq/s ratio\t")
		for _, p := range res.Pages {
			fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.2f\t%.0f\t%.0f\t%.3f\t\n", p.Name, p.Bytes, p.P50ms, p.BaselineP50ms,
				p.P99ms, p.BaselineP99ms, p.P99Ratio, p.RPS, p.BaselineRPS, p.RPSRatio)
		}
		tw.Flush()
		fmt.Fprintln(stdout, "Goal: p99 ratio at most 3 for every page. \"bare\" is a net/http handler serving the same number of bytes.")
		fmt.Fprintln(stdout)
	}
	if len(runs) > 1 {
		sc := bench.CompareScale(runs[0], runs[len(runs)-1])
		if b.json {
			printJSON(stdout, sc)
			return exitOK
		}
		fmt.Fprintf(stdout, "From %d to %d partnerships (goal: each costs at most 1.5 times as much):\n", sc.From, sc.To)
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "page\tbytes (%d)\tbytes (%d)\tp99 ms (%d)\tp99 ms (%d)\tp99 growth\treq/s (%d)\treq/s (%d)\tcost growth\tvs baseline\t\n",
			sc.From, sc.To, sc.From, sc.To, sc.From, sc.To)
		for _, p := range sc.Pages {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%.1f\t%.2f\t%.0f\t%.0f\t%.2f\t%.2f\t\n", p.Name, p.FromBytes, p.ToBytes,
				p.FromP99ms, p.ToP99ms, p.P99Growth, p.FromRPS, p.ToRPS, p.CostGrowth, p.CostGrowthVsBaseline)
		}
		tw.Flush()
		fmt.Fprintln(stdout, "cost growth: req/s before over req/s after; vs baseline: each first divided by its bare handler's, serving as many bytes.")
	}
	return exitOK
}

func benchSubmit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, b := newBenchFlags("submit", "Durable submissions through coplan's submit route beside a bare durable handler (the same form, one row, the same database, durability and group commit).", stderr, true)
	drafts := fs.Int("drafts", 0, "drafts made ready for coplan beforehand (default 8,000 for each second of --seconds)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	bin, ok := self(stderr)
	if !ok {
		return exitError
	}
	res, err := bench.Submit(ctx, bench.SubmitOptions{Bin: bin, DatabaseURL: b.databaseURL, Concurrency: b.concurrency,
		Duration: b.duration(), Drafts: *drafts, Clock: time.Now, Progress: stderr})
	if err != nil {
		return benchFailed(stderr, "submit", err)
	}
	if b.json {
		printJSON(stdout, res)
	} else {
		fmt.Fprintf(stdout, "coplan bench submit: %s (%s), %d clients from %d addresses, %g s\n", res.Database, res.Durability, res.Concurrency, res.Addresses, res.Seconds)
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "\tcoplan\tbare durable handler\tratio\t")
		fmt.Fprintf(tw, "submissions/s\t%.0f\t%.0f\t%.2f\t\n", res.CoplanRPS, res.BaselineRPS, res.Ratio)
		fmt.Fprintf(tw, "p50 ms\t%.1f\t%.1f\t\t\n", res.P50ms, res.BaselineP50ms)
		fmt.Fprintf(tw, "p99 ms\t%.1f\t%.1f\t\t\n", res.P99ms, res.BaselineP99ms)
		fmt.Fprintf(tw, "acknowledged\t%d\t%d\t\t\n", res.Acknowledged, res.BaselineAcknowledged)
		fmt.Fprintf(tw, "stored\t%d\t\t\t\n", res.Stored)
		fmt.Fprintf(tw, "refused (503, queue full)\t%d\t\t\t\n", res.Refused)
		tw.Flush()
		fmt.Fprintln(stdout, "Goal: ratio at least 0.5.")
		if res.DraftsExhausted {
			fmt.Fprintln(stdout, "The drafts ran out before the time did: run again with more --drafts.")
		}
	}
	if res.Stored != res.Acknowledged {
		fmt.Fprintf(stderr, "coplan bench submit: %d responses acknowledged but %d stored\n", res.Acknowledged, res.Stored)
		return exitError
	}
	return exitOK
}

func benchCrash(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, b := newBenchFlags("crash", "Submit continuously, kill the server with SIGKILL at random moments, restart it, and check every acknowledged reference is stored whole.", stderr, false)
	kills := fs.Int("kills", 20, "how many times to kill the server")
	respondents := fs.Int("respondents", 32, "respondents answering at once")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *kills < 1 {
		fmt.Fprintln(stderr, "coplan bench crash: --kills must be at least 1")
		return exitUsage
	}
	bin, ok := self(stderr)
	if !ok {
		return exitError
	}
	dbase, err := bench.Fresh(ctx, b.databaseURL)
	if err != nil {
		return benchFailed(stderr, "crash", err)
	}
	defer dbase.Drop()
	// A generous bound: each kill comes 1.5 to 3 s after the server starts.
	ctx, cancel := context.WithTimeout(ctx, time.Duration(*kills)*30*time.Second+time.Minute)
	defer cancel()
	res, err := bench.Crash(ctx, bench.CrashOptions{Bin: bin, DatabaseURL: dbase.URL, Kills: *kills, Respondents: *respondents, Clock: time.Now, Progress: stderr})
	if err != nil {
		return benchFailed(stderr, "crash", err)
	}
	if b.json {
		printJSON(stdout, res)
	} else {
		fmt.Fprintf(stdout, "coplan bench crash: %s, %d kills, %d respondents\n", res.Database, res.Kills, *respondents)
		fmt.Fprintf(stdout, "acknowledged %d, lost %d (goal: 0), journeys cut short by a kill %d\n", res.Acknowledged, res.Lost, res.CutShort)
		for _, p := range res.Problems {
			fmt.Fprintln(stdout, "  "+p)
		}
	}
	if res.Lost > 0 {
		return exitError
	}
	return exitOK
}

func benchBaselinePages(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("coplan bench baseline-pages", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := bench.ServePages(ctx, *addr, stderr); err != nil {
		return benchFailed(stderr, "baseline-pages", err)
	}
	return exitOK
}

func benchBaselineSubmit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("coplan bench baseline-submit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	dbURL := fs.String("database-url", "", "the database to commit to")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := bench.ServeSubmissions(ctx, *addr, *dbURL, time.Now, stderr); err != nil {
		return benchFailed(stderr, "baseline-submit", err)
	}
	return exitOK
}

func benchExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, b := newBenchFlags("export", "Load responses into a closed consultation, then time the exports, the public responses API, the staff lists' first pages and the published plan's page, with the server's peak memory growth during each.", stderr, false)
	n := fs.Int("responses", 100000, "responses to load into the demo's closed consultation on its published plan")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *n < 1 {
		fmt.Fprintln(stderr, "coplan bench export: --responses must be at least 1")
		return exitUsage
	}
	bin, ok := self(stderr)
	if !ok {
		return exitError
	}
	res, err := bench.Export(ctx, bench.ExportOptions{Bin: bin, DatabaseURL: b.databaseURL, Responses: *n, Clock: time.Now, Progress: stderr})
	if err != nil {
		return benchFailed(stderr, "export", err)
	}
	if b.json {
		printJSON(stdout, res)
		return exitOK
	}
	fmt.Fprintf(stdout, "coplan bench export: %s, %s responses loaded in %.1f s; server memory: %s\n", res.Database,
		progress.Thousands(int64(res.Responses)), res.LoadSeconds, res.Memory)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "operation\tseconds\tfirst byte s\trequests\tbytes\tpeak RSS growth MiB\t")
	for _, op := range res.Operations {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%d\t%d\t%.1f\t\n", op.Name, op.Seconds, op.FirstByteSeconds, op.Requests, op.Bytes, float64(op.PeakRSSGrowth)/(1<<20))
	}
	tw.Flush()
	fmt.Fprintln(stdout, "Goals at 100,000 responses: under 100 MiB growth for each; the staff list's first page under 50 ms; the published plan's page as with few responses.")
	return exitOK
}

func benchAnalysis(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, b := newBenchFlags("analysis", "Write generated free-text answers from known themes to a closed consultation, then time theme suggestion and the tallies, with this process's peak memory, and score the suggestions against the known themes.", stderr, false)
	sizes := fs.String("answers", "100000", "answers to write, in a fresh database each; several separated by commas (e.g. 100000,1000000) also give the growth ratio of the largest's seconds over the smallest's")
	k := fs.Int("themes", 0, "themes to suggest; 0 estimates their number")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	var ns []int
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fmt.Fprintf(stderr, "coplan bench analysis: --answers %q: each size must be a whole number of at least 1\n", f)
			return exitUsage
		}
		ns = append(ns, n)
	}
	slices.Sort(ns)
	res, err := bench.Analysis(ctx, bench.AnalysisOptions{DatabaseURL: b.databaseURL, Answers: ns, K: *k, Clock: time.Now, Progress: stderr})
	if err != nil {
		return benchFailed(stderr, "analysis", err)
	}
	if b.json {
		printJSON(stdout, res)
		return exitOK
	}
	fmt.Fprintf(stdout, "coplan bench analysis: %s; memory: %s\n", res.Database, res.Memory)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "answers\tload s\tseconds\tsuggest s\ttallies s\tpeak RSS MiB\tthemes\tARI\t")
	for _, r := range res.Runs {
		fmt.Fprintf(tw, "%s\t%.1f\t%.3f\t%.3f\t%.3f\t%.1f\t%d\t%.3f\t\n", progress.Thousands(int64(r.Answers)), r.LoadSeconds, r.Seconds,
			r.SuggestSeconds, r.TallySeconds, float64(r.PeakRSSBytes)/(1<<20), r.Themes, r.ARI)
	}
	tw.Flush()
	if res.GrowthRatio > 0 {
		fmt.Fprintf(stdout, "Growth ratio (largest ÷ smallest seconds): %.2f\n", res.GrowthRatio)
	}
	fmt.Fprintln(stdout, "Goals: 100,000 answers under 5 s, 1,000,000 under 60 s, peak memory under 1 GiB.")
	return exitOK
}
