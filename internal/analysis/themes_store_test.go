package analysis_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"coplan/internal/analysis"
	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

var themesOfficer = audit.Actor{Name: "Test officer"}

func themesClock() time.Time { return time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC) }

// dayServices is the demo's day services consultation and its "Tell us
// why" question.
func dayServices(t *testing.T, d *db.DB, p partnership.Partnership) (int64, int64) {
	t.Helper()
	ctx := context.Background()
	var cid int64
	if err := d.QueryRowContext(ctx, "SELECT id FROM consultations WHERE partnership_id = $1 AND title LIKE 'Day services%'", p.ID).Scan(&cid); err != nil {
		t.Fatal(err)
	}
	qs, err := consult.TextQuestions(ctx, d, p.ID, cid)
	if err != nil || len(qs) == 0 {
		t.Fatalf("text questions: %v %v", qs, err)
	}
	return cid, qs[0].ID
}

func TestSuggestedThemesStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, d, themesClock); err != nil {
			t.Fatal(err)
		}
		p, err := partnership.BySlug(ctx, d, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		cid, qid := dayServices(t, d, p)
		st := analysis.StoreFor(d, p, themesClock)
		if _, err := st.LatestThemeRun(ctx, cid, qid); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("no run yet: %v", err)
		}
		if _, err := st.SuggestThemes(ctx, cid, qid, analysis.MaxThemes+1, themesOfficer); err == nil {
			t.Fatal("too many themes accepted")
		}
		if _, err := st.SuggestThemes(ctx, cid, cid*1000, 0, themesOfficer); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("a question not of the consultation: %v", err)
		}
		run, err := st.SuggestThemes(ctx, cid, qid, 2, themesOfficer)
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.LatestThemeRun(ctx, cid, qid)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != run.ID || len(got.Suggestions) != len(run.Suggestions) || got.Answers == 0 {
			t.Fatalf("latest run %+v, made %+v", got, run)
		}
		if len(got.Suggestions) < 2 {
			t.Fatalf("only %d suggestions from the demo's %d answers, asked for 2", len(got.Suggestions), got.Answers)
		}
		a, b := got.Suggestions[0], got.Suggestions[1]

		// another partnership sees none of it
		other := demo.Partnership()
		other.Slug, other.Name = "strathmore", "Strathmore"
		other, err = partnership.Create(ctx, d, other, audit.System, themesClock())
		if err != nil {
			t.Fatal(err)
		}
		ost := analysis.StoreFor(d, other, themesClock)
		if _, err := ost.Suggestion(ctx, a.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("another partnership read a suggestion: %v", err)
		}
		if err := ost.RejectSuggestion(ctx, cid, a.ID, themesOfficer); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("another partnership rejected a suggestion: %v", err)
		}

		// rename keeps it pending; accept makes a code and codes nothing
		if err := st.RenameSuggestion(ctx, cid, a.ID, "  ", themesOfficer); err == nil {
			t.Fatal("blank name accepted")
		}
		if err := st.RenameSuggestion(ctx, cid, a.ID, "Saturday opening", themesOfficer); err != nil {
			t.Fatal(err)
		}
		code, err := st.AcceptSuggestion(ctx, cid, a.ID, "", themesOfficer)
		if err != nil {
			t.Fatal(err)
		}
		if code.Name != "Saturday opening" {
			t.Errorf("code named %q, want the suggestion's new label", code.Name)
		}
		codes, err := st.Codes(ctx, cid)
		if err != nil || len(codes) != 1 || codes[0].ID != code.ID {
			t.Fatalf("codes %+v, %v", codes, err)
		}
		codings, err := st.Codings(ctx, cid, analysis.CodingFilter{})
		if err != nil || len(codings) != 0 {
			t.Fatalf("accepting coded answers: %+v %v", codings, err)
		}
		if _, err := st.AcceptSuggestion(ctx, cid, a.ID, "", themesOfficer); !errors.Is(err, analysis.ErrDecided) {
			t.Fatalf("accepted twice: %v", err)
		}
		if err := st.MergeSuggestions(ctx, cid, a.ID, b.ID, themesOfficer); err == nil {
			t.Fatal("merged into a decided suggestion")
		}
		if err := st.RejectSuggestion(ctx, cid, b.ID, themesOfficer); err != nil {
			t.Fatal(err)
		}
		after, _ := st.LatestThemeRun(ctx, cid, qid)
		if after.Suggestions[0].Status != analysis.SuggestionAccepted || after.Suggestions[0].CodeID != code.ID ||
			after.Suggestions[1].Status != analysis.SuggestionRejected || after.Suggestions[1].DecidedBy != themesOfficer.Name {
			t.Fatalf("after deciding: %+v", after.Suggestions[:2])
		}

		// merge, on a fresh run
		run2, err := st.SuggestThemes(ctx, cid, qid, 3, themesOfficer)
		if err != nil {
			t.Fatal(err)
		}
		if len(run2.Suggestions) >= 2 {
			x, y := run2.Suggestions[0], run2.Suggestions[1]
			if err := st.MergeSuggestions(ctx, cid, x.ID, x.ID, themesOfficer); err == nil {
				t.Fatal("merged a suggestion with itself")
			}
			if err := st.MergeSuggestions(ctx, cid, x.ID, y.ID, themesOfficer); err != nil {
				t.Fatal(err)
			}
			m, _ := st.Suggestion(ctx, x.ID)
			g, _ := st.Suggestion(ctx, y.ID)
			if m.Size != x.Size+y.Size || !m.Pending() || g.Status != analysis.SuggestionMerged || g.MergedInto != x.ID {
				t.Fatalf("merged %+v and %+v", m, g)
			}
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE partnership_id = $1 AND entity IN ('suggested theme', 'theme suggestion')`, p.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n < 5 {
			t.Errorf("%d audit entries for suggested themes, want at least 5", n)
		}
	})
}
