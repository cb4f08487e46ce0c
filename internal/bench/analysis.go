package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"coplan/internal/analysis"
	"coplan/internal/analysis/sample"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/progress"
)

// AnalysisOptions shape an analysis run.
type AnalysisOptions struct {
	DatabaseURL string
	Answers     []int  // sizes to measure, each in a fresh database, smallest first
	K           int    // themes to suggest; 0 estimates
	Seed        uint64 // the answers' generator seed (sample.New)
	Clock       civil.Clock
	Progress    io.Writer
}

// AnalysisRun is one size measured.
type AnalysisRun struct {
	Answers        int     `json:"answers"`
	LoadSeconds    float64 `json:"load_seconds"`    // writing the responses (not part of Seconds)
	Seconds        float64 `json:"seconds"`         // suggestion and tallies together
	SuggestSeconds float64 `json:"suggest_seconds"` // reading the answers and suggesting themes
	ReadSeconds    float64 `json:"read_seconds"`    // of which streaming and tokenising the answers
	ClusterSeconds float64 `json:"cluster_seconds"` // of which weighing and grouping them
	TallySeconds   float64 `json:"tally_seconds"`   // consult.TalliesOf, overall
	// CrosstabSeconds is consult.TalliesOf by locality, measured after
	// Seconds and not part of it.
	CrosstabSeconds float64 `json:"crosstab_seconds"`
	PeakRSSBytes    int64   `json:"peak_rss_bytes"` // VmHWM during suggestion and tallies
	Themes          int     `json:"themes"`         // English themes suggested
	Estimated       bool    `json:"estimated"`      // their number was estimated
	ARI             float64 `json:"ari"`            // adjusted Rand index of the English suggestions against the generator's themes
}

// AnalysisResult is an analysis run over one or more sizes.
type AnalysisResult struct {
	Bench    string        `json:"bench"` // "analysis"
	Database string        `json:"database"`
	Memory   string        `json:"memory"`
	Runs     []AnalysisRun `json:"runs"`
	// GrowthRatio is the largest size's seconds over the smallest's (1M ÷
	// 100k when run with 100000,1000000); 0 with one size.
	GrowthRatio float64 `json:"growth_ratio"`
}

// Analysis measures theme suggestion and tallies: for each size, a fresh
// database with the demo, that many responses written in bulk to the demo's
// day services consultation (a scale and a single-choice question answered,
// and "Tell us why" answered with text from sample.New(o.Seed)), then,
// timed, the answers streamed from the database (consult.EachTextAnswer) into an analysis.Themer
// and themes suggested, and consult.TalliesOf overall (Seconds); then, apart, by locality.
// Memory is this process's VmHWM, reset (clear_refs) after the load.
func Analysis(ctx context.Context, o AnalysisOptions) (AnalysisResult, error) {
	if o.Clock == nil {
		o.Clock = civil.SystemClock
	}
	if o.Seed == 0 {
		o.Seed = 2026
	}
	res := AnalysisResult{Bench: "analysis", Memory: "VmHWM of this process after clear_refs"}
	if resetSelfPeak() != nil {
		res.Memory = "VmHWM of this process since it started (clear_refs not allowed)"
	}
	for _, n := range o.Answers {
		run, dialect, err := analysisRun(ctx, o, n)
		if err != nil {
			return res, err
		}
		res.Database = dialect
		res.Runs = append(res.Runs, run)
	}
	if len(res.Runs) > 1 {
		first, last := res.Runs[0], res.Runs[len(res.Runs)-1]
		res.GrowthRatio = ratio(last.Seconds, first.Seconds)
	}
	return res, nil
}

func analysisRun(ctx context.Context, o AnalysisOptions, n int) (AnalysisRun, string, error) {
	run := AnalysisRun{Answers: n}
	dbase, err := Fresh(ctx, o.DatabaseURL)
	if err != nil {
		return run, "", err
	}
	defer dbase.Drop()
	d, err := openMigrated(ctx, dbase.URL)
	if err != nil {
		return run, "", err
	}
	defer d.Close()
	if err := demo.Load(ctx, d, o.Clock); err != nil {
		return run, "", fmt.Errorf("load the demo: %w", err)
	}
	t, err := findAnalysisTarget(ctx, d)
	if err != nil {
		return run, "", err
	}
	began := o.Clock()
	truth, err := loadAnswers(ctx, d, t, n, o.Seed, o.Clock, o.Progress)
	if err != nil {
		return run, "", err
	}
	run.LoadSeconds = round(o.Clock().Sub(began).Seconds(), 2)
	if d.Dialect() == db.Postgres {
		if _, err := d.ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			return run, "", err
		}
	}
	runtime.GC()
	debug.FreeOSMemory()
	resetSelfPeak()

	began = o.Clock()
	th := analysis.NewThemer(analysis.ThemeOptions{K: o.K})
	err = consult.EachTextAnswer(ctx, d, t.p.ID, t.consultation, t.text, func(a consult.TextAnswer) error {
		th.Add(a.ResponseID, a.Text, a.Language)
		return nil
	})
	if err != nil {
		return run, "", err
	}
	read := o.Clock()
	run.ReadSeconds = round(read.Sub(began).Seconds(), 3)
	got := th.Suggest()
	suggested := o.Clock()
	run.ClusterSeconds = round(suggested.Sub(read).Seconds(), 3)
	run.SuggestSeconds = round(suggested.Sub(began).Seconds(), 3)
	var done time.Time
	for _, dim := range []string{"", consult.ByLocality} {
		tabs, err := consult.TalliesOf(ctx, d, t.p, t.consultation, consult.TallyOptions{Dimension: dim})
		if err != nil {
			return run, "", fmt.Errorf("tallies: %w", err)
		}
		if len(tabs) == 0 || tabs[0].Responses < n {
			return run, "", fmt.Errorf("tallies counted fewer than the %d responses written", n)
		}
		if dim == "" {
			done = o.Clock()
			run.TallySeconds = round(done.Sub(suggested).Seconds(), 3)
			run.Seconds = round(done.Sub(began).Seconds(), 3)
			run.PeakRSSBytes = selfPeak()
		}
	}
	run.CrosstabSeconds = round(o.Clock().Sub(done).Seconds(), 3)
	run.Themes, run.Estimated = got.K, got.Estimated

	// agreement with the generator's themes, English answers only
	label := make(map[int64]int, n)
	for j, s := range got.Suggestions {
		if s.Language != "en" {
			continue
		}
		for _, id := range s.Members {
			label[id] = j
		}
	}
	var a, b []int
	for i, th := range truth {
		if th < 0 {
			continue
		}
		l, ok := label[t.top+1+int64(i)]
		if !ok {
			l = -1
		}
		a, b = append(a, int(th)), append(b, l)
	}
	run.ARI = round(analysis.AdjustedRandIndex(a, b), 3)
	return run, string(d.Dialect()), nil
}

type analysisTarget struct {
	p                   partnership.Partnership
	consultation, qn    int64
	scale, text, single int64
	localities          []int64
	top                 int64 // the largest response id before the load
}

// findAnalysisTarget finds the demo's day services consultation and its
// questions Q1 (agree scale), Q2 ("Tell us why") and Q3 (single choice).
func findAnalysisTarget(ctx context.Context, d *db.DB) (analysisTarget, error) {
	var t analysisTarget
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		return t, err
	}
	t.p = p
	rows, err := d.QueryContext(ctx, "SELECT id FROM localities WHERE partnership_id = $1 ORDER BY id", p.ID)
	if err != nil {
		return t, err
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		t.localities = append(t.localities, id)
	}
	rows.Close()
	if err := d.QueryRowContext(ctx, "SELECT id FROM consultations WHERE partnership_id = $1 AND title LIKE 'Day services%'", p.ID).Scan(&t.consultation); err != nil {
		return t, fmt.Errorf("the demo's day services consultation: %w", err)
	}
	codes := map[string]*int64{"Q1": &t.scale, "Q2": &t.text, "Q3": &t.single}
	rows, err = d.QueryContext(ctx, `SELECT q.questionnaire_id, q.id, q.code FROM questions q JOIN questionnaires qn ON qn.id = q.questionnaire_id
		WHERE qn.consultation_id = $1 ORDER BY q.questionnaire_id, q.id`, t.consultation)
	if err != nil {
		return t, err
	}
	for rows.Next() {
		var qn, id int64
		var code string
		if err := rows.Scan(&qn, &id, &code); err != nil {
			rows.Close()
			return t, err
		}
		if p, ok := codes[code]; ok {
			t.qn, *p = qn, id
		}
	}
	rows.Close()
	if t.scale == 0 || t.text == 0 || t.single == 0 {
		return t, fmt.Errorf("the day services consultation lacks Q1, Q2 or Q3")
	}
	err = d.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM responses").Scan(&t.top)
	return t, err
}

// loadAnswers writes n submitted responses with generated answers, in
// transactions of 5,000, many rows to a statement, and returns each one's
// known theme (-1 for a Gaelic answer).
func loadAnswers(ctx context.Context, d *db.DB, t analysisTarget, n int, seed uint64, clock civil.Clock, w io.Writer) ([]int8, error) {
	gen := sample.New(seed, sample.Defaults)
	truth := make([]int8, n)
	bar := progress.Start(w, "Loading responses", int64(n))
	defer bar.Finish()
	received := time.Date(2025, 1, 20, 10, 0, 0, 0, time.UTC)
	singles := []string{"minibus", "family", "taxi", "walk"}
	const perTx, perStmt = 5000, 100
	for from := 0; from < n; from += perTx {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for s := from; s < min(from+perTx, n); s += perStmt {
				e := min(s+perStmt, n)
				var resp, ans strings.Builder
				var rargs, aargs []any
				for i := s; i < e; i++ {
					id := t.top + 1 + int64(i)
					a := gen.Next()
					truth[i] = int8(a.Theme)
					if a.Language != "en" {
						truth[i] = -1
					}
					at := received.Add(-time.Duration(i) * time.Second)
					rargs = append(rargs, id, t.consultation, t.qn, benchReference(i), a.Language,
						fmt.Sprintf("GM%d %dAB", 1+i%12, i%10), t.localities[i%len(t.localities)], benchPublish[i%len(benchPublish)], at, at, at, at, at.Add(5*365*24*time.Hour))
					k := len(rargs) - 13
					if i > s {
						resp.WriteString(", ")
					}
					fmt.Fprintf(&resp, "($%d, $%d, $%d, $%d, 'online', $%d, 'submitted', 'individual', '', $%d, $%d, $%d, false, '', 'accepted', $%d, $%d, $%d, $%d, $%d)",
						k+1, k+2, k+3, k+4, k+5, k+6, k+7, k+8, k+9, k+10, k+11, k+12, k+13)
					scale := consult.AgreeScale[(i*7+int(a.Theme))%len(consult.AgreeScale)].Value
					aargs = append(aargs, id, t.scale, scale, id, t.text, a.Text, id, t.single, singles[(i/3)%len(singles)])
					m := len(aargs) - 9
					if i > s {
						ans.WriteString(", ")
					}
					fmt.Fprintf(&ans, "($%d, $%d, $%d, ''), ($%d, $%d, '', $%d), ($%d, $%d, $%d, '')", m+1, m+2, m+3, m+4, m+5, m+6, m+7, m+8, m+9)
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO responses (id, consultation_id, questionnaire_id, reference, channel, language, status,
					respondent_type, name, postcode, locality_id, publish, contact_ok, entered_by, check_status, checked_at, created_at, updated_at, submitted_at, expires_at) VALUES `+resp.String(), rargs...); err != nil {
					return fmt.Errorf("insert responses: %w", err)
				}
				if _, err := tx.ExecContext(ctx, "INSERT INTO answers (response_id, question_id, choices, text) VALUES "+ans.String(), aargs...); err != nil {
					return fmt.Errorf("insert answers: %w", err)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		bar.Set(int64(min(from+perTx, n)))
	}
	if d.Dialect() == db.Postgres {
		if _, err := d.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence('responses', 'id'), (SELECT MAX(id) FROM responses))"); err != nil {
			return nil, err
		}
	}
	return truth, nil
}

func resetSelfPeak() error { return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// selfPeak is this process's VmHWM in bytes (0 where it cannot be read).
func selfPeak() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(v)
			if len(f) == 2 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n << 10
			}
		}
	}
	return 0
}
