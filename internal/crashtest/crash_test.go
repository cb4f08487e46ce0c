package crashtest

import (
	"context"
	"testing"
	"time"

	"coplan/internal/bench"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
)

// The test's shape: respondents answering at once, the kills, and how long
// the server runs before each. About twelve seconds a database, and bounded:
// every wait has a deadline. coplan bench crash runs the same engine
// (bench.Crash) with as many kills as asked for.
const (
	respondents = 32
	kills       = 5 // the last one stops it
	// Long enough for a journey to finish while other packages' tests
	// load the machine (CI runs two at once on two cores).
	minUptime = 1500 * time.Millisecond
	maxUptime = 3000 * time.Millisecond
	limit     = 45 * time.Second // the whole test, whatever happens
)

// TestAcknowledgedResponsesSurviveSIGKILL answers a consultation through
// the public pages from many respondents at once while the server is
// killed with SIGKILL at random moments and restarted, and then finds every
// reference number a respondent was shown stored as a submitted response
// with the answers that respondent gave.
func TestAcknowledgedResponsesSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the coplan binary: not in -short")
	}
	bin, err := bench.Build(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(kind), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), limit)
			defer cancel()
			res, err := bench.Crash(ctx, bench.CrashOptions{Bin: bin, DatabaseURL: dbtest.URL(t, kind), Kills: kills,
				Respondents: respondents, MinUptime: minUptime, MaxUptime: maxUptime})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d responses acknowledged, %d journeys cut short by %d kills", res.Acknowledged, res.CutShort, res.Kills)
			for _, p := range res.Problems {
				t.Error(p)
			}
			if res.Lost != 0 {
				t.Errorf("%d acknowledged responses lost", res.Lost)
			}
			if res.Acknowledged < 20 {
				t.Fatalf("only %d responses were acknowledged: too few for the test to mean anything", res.Acknowledged)
			}
		})
	}
}
