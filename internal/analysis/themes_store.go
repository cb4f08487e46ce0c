package analysis

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/valid"
)

// Suggestion states.
const (
	SuggestionPending  = "pending"
	SuggestionAccepted = "accepted"
	SuggestionRejected = "rejected"
	SuggestionMerged   = "merged"
)

// ThemeRun is one suggestion of themes for a free-text question: how many
// answers were read and the themes suggested.
type ThemeRun struct {
	ID             int64
	ConsultationID int64
	QuestionID     int64
	K              int // English themes
	Estimated      bool
	Answers        int
	Ungrouped      int
	CreatedBy      string
	CreatedAt      time.Time
	Suggestions    []StoredSuggestion // in the order suggested (largest first)
}

// StoredSuggestion is a suggested theme as kept, with what a person
// decided about it.
type StoredSuggestion struct {
	ID         int64
	RunID      int64
	Position   int
	Language   string
	Label      string
	Terms      []string
	Size       int
	Typical    []int64 // response ids, most typical first
	Status     string
	MergedInto int64
	CodeID     int64 // the code it became, once accepted
	DecidedBy  string
	DecidedAt  time.Time
}

// Pending says whether the suggestion waits for a decision.
func (s StoredSuggestion) Pending() bool { return s.Status == SuggestionPending }

const themeEntity = "suggested theme"

// MaxThemes is the most themes a person may ask for.
const MaxThemes = 30

// SuggestThemes reads every submitted answer to a free-text question of a
// consultation (consult.EachTextAnswer: a stream, never all at once), suggests
// themes (k of them among the English answers, 0 to estimate) and keeps
// them as a new run, in one transaction with its audit entry. Nothing is
// coded.
func (s *Store) SuggestThemes(ctx context.Context, consultationID, questionID int64, k int, who audit.Actor) (ThemeRun, error) {
	if k < 0 || k > MaxThemes {
		return ThemeRun{}, valid.Errors{{Field: "k", Message: fmt.Sprintf("Enter a number of themes from 2 to %d, or choose to estimate it", MaxThemes)}}
	}
	if _, err := s.consultation(ctx, s.db, consultationID); err != nil {
		return ThemeRun{}, err
	}
	if err := s.textQuestion(ctx, s.db, consultationID, questionID); err != nil {
		return ThemeRun{}, err
	}
	th := NewThemer(ThemeOptions{K: k})
	err := consult.EachTextAnswer(ctx, s.db, s.p.ID, consultationID, questionID, func(a consult.TextAnswer) error {
		th.Add(a.ResponseID, a.Text, a.Language)
		return nil
	})
	if err != nil {
		return ThemeRun{}, err
	}
	res := th.Suggest()
	run := ThemeRun{ConsultationID: consultationID, QuestionID: questionID, K: res.K, Estimated: res.Estimated,
		Answers: res.Answers, Ungrouped: len(res.Ungrouped), CreatedBy: who.Name, CreatedAt: s.now()}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO theme_runs (partnership_id, consultation_id, question_id, k, estimated, answers, ungrouped, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, s.p.ID, consultationID, questionID, run.K, run.Estimated, run.Answers,
			run.Ungrouped, run.CreatedBy, run.CreatedAt).Scan(&run.ID); err != nil {
			return fmt.Errorf("add theme run: %w", err)
		}
		for i, sg := range res.Suggestions {
			st := StoredSuggestion{RunID: run.ID, Position: i + 1, Language: sg.Language, Label: sg.Label, Terms: sg.Terms,
				Size: sg.Size, Typical: sg.Typical, Status: SuggestionPending}
			if err := tx.QueryRowContext(ctx, `INSERT INTO theme_suggestions (partnership_id, run_id, position, language, label, terms, size, typical, status)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, s.p.ID, run.ID, st.Position, st.Language, st.Label,
				strings.Join(st.Terms, "\n"), st.Size, joinIDs(st.Typical), st.Status).Scan(&st.ID); err != nil {
				return fmt.Errorf("add suggested theme: %w", err)
			}
			run.Suggestions = append(run.Suggestions, st)
		}
		summary := fmt.Sprintf("%d themes suggested from %d answers", len(run.Suggestions), run.Answers)
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: who, Action: "suggest",
			Entity: "theme suggestion", EntityID: run.ID, Summary: summary}, nil, run)
	})
	return run, err
}

// textQuestion checks that questionID is a free-text question of the
// consultation.
func (s *Store) textQuestion(ctx context.Context, q db.Querier, consultationID, questionID int64) error {
	qs, err := consult.TextQuestions(ctx, q, s.p.ID, consultationID)
	if err != nil {
		return err
	}
	for _, x := range qs {
		if x.ID == questionID {
			return nil
		}
	}
	return valid.ErrNotFound
}

// LatestThemeRun is the newest run for a question with its suggestions,
// or valid.ErrNotFound when themes were never suggested for it.
func (s *Store) LatestThemeRun(ctx context.Context, consultationID, questionID int64) (ThemeRun, error) {
	var r ThemeRun
	err := s.db.QueryRowContext(ctx, `SELECT id, consultation_id, question_id, k, estimated, answers, ungrouped, created_by, created_at
		FROM theme_runs WHERE partnership_id = $1 AND consultation_id = $2 AND question_id = $3 ORDER BY id DESC LIMIT 1`,
		s.p.ID, consultationID, questionID).Scan(&r.ID, &r.ConsultationID, &r.QuestionID, &r.K, &r.Estimated, &r.Answers, &r.Ungrouped, &r.CreatedBy, &r.CreatedAt)
	if err != nil {
		return r, valid.NotFound(err)
	}
	r.Suggestions, err = s.suggestions(ctx, s.db, `s.run_id = $2 ORDER BY s.position`, r.ID)
	return r, err
}

func (s *Store) suggestions(ctx context.Context, q db.Querier, where string, arg int64) ([]StoredSuggestion, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.id, s.run_id, s.position, s.language, s.label, s.terms, s.size, s.typical, s.status,
		COALESCE(s.merged_into, 0), COALESCE(s.code_id, 0), s.decided_by, s.decided_at
		FROM theme_suggestions s WHERE s.partnership_id = $1 AND `+where, s.p.ID, arg)
	if err != nil {
		return nil, fmt.Errorf("read suggested themes: %w", err)
	}
	defer rows.Close()
	var out []StoredSuggestion
	for rows.Next() {
		var st StoredSuggestion
		var terms, typical string
		var decided *time.Time
		if err := rows.Scan(&st.ID, &st.RunID, &st.Position, &st.Language, &st.Label, &terms, &st.Size, &typical, &st.Status,
			&st.MergedInto, &st.CodeID, &st.DecidedBy, &decided); err != nil {
			return nil, err
		}
		if terms != "" {
			st.Terms = strings.Split(terms, "\n")
		}
		st.Typical = splitIDs(typical)
		if decided != nil {
			st.DecidedAt = *decided
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// Suggestion is one kept suggestion, or valid.ErrNotFound.
func (s *Store) Suggestion(ctx context.Context, id int64) (StoredSuggestion, error) {
	return s.suggestion(ctx, s.db, id)
}

func (s *Store) suggestion(ctx context.Context, q db.Querier, id int64) (StoredSuggestion, error) {
	got, err := s.suggestions(ctx, q, `s.id = $2`, id)
	if err != nil {
		return StoredSuggestion{}, err
	}
	if len(got) == 0 {
		return StoredSuggestion{}, valid.ErrNotFound
	}
	return got[0], nil
}

// ThemeRunOf is the run a suggestion belongs to (without its suggestions).
func (s *Store) themeRunOf(ctx context.Context, q db.Querier, runID int64) (consultationID, questionID int64, err error) {
	err = q.QueryRowContext(ctx, `SELECT consultation_id, question_id FROM theme_runs WHERE partnership_id = $1 AND id = $2`,
		s.p.ID, runID).Scan(&consultationID, &questionID)
	return consultationID, questionID, valid.NotFound(err)
}

// ErrDecided means a suggestion was already accepted, rejected or merged.
var ErrDecided = errors.New("this suggested theme has already been decided")

// decide loads a pending suggestion of the run's consultation inside tx,
// runs change and records it.
func (s *Store) decide(ctx context.Context, consultationID, id int64, who audit.Actor, action string,
	change func(tx *db.Tx, st *StoredSuggestion) error) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		st, err := s.suggestion(ctx, tx, id)
		if err != nil {
			return err
		}
		cid, _, err := s.themeRunOf(ctx, tx, st.RunID)
		if err != nil {
			return err
		}
		if cid != consultationID {
			return valid.ErrNotFound
		}
		if !st.Pending() {
			return ErrDecided
		}
		before := st
		if err := change(tx, &st); err != nil {
			return err
		}
		st.DecidedBy, st.DecidedAt = who.Name, s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE theme_suggestions SET label = $3, terms = $4, size = $5, typical = $6, status = $7,
			merged_into = $8, code_id = $9, decided_by = $10, decided_at = $11 WHERE partnership_id = $1 AND id = $2`,
			s.p.ID, st.ID, st.Label, strings.Join(st.Terms, "\n"), st.Size, joinIDs(st.Typical), st.Status, nullID(st.MergedInto),
			nullID(st.CodeID), st.DecidedBy, decidedAt(st)); err != nil {
			return fmt.Errorf("%s suggested theme: %w", action, err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: who, Action: action,
			Entity: themeEntity, EntityID: st.ID, Summary: st.Label}, before, st)
	})
}

func decidedAt(st StoredSuggestion) any {
	if st.Status == SuggestionPending {
		return nil
	}
	return st.DecidedAt
}

// AcceptSuggestion makes a pending suggestion a top-level code of the
// consultation's codebook, named name (its label when blank), described by
// its top terms and size. Only the code is made: no answer is coded to it
// (the coders code answers themselves, so their agreement measures people,
// not the suggestion).
func (s *Store) AcceptSuggestion(ctx context.Context, consultationID, id int64, name string, who audit.Actor) (Code, error) {
	var c Code
	err := s.decide(ctx, consultationID, id, who, "accept", func(tx *db.Tx, st *StoredSuggestion) error {
		name = strings.TrimSpace(name)
		if name == "" {
			name = st.Label
		}
		desc := fmt.Sprintf("Suggested from %d answers; most typical words: %s.", st.Size, strings.Join(st.Terms, ", "))
		if errs := checkCode(name, desc); len(errs) > 0 {
			return errs
		}
		b, err := s.ensureCodebook(ctx, tx, consultationID, who)
		if err != nil {
			return err
		}
		c = Code{CodebookID: b.ID, Name: name, Description: desc}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM codes WHERE partnership_id = $1 AND codebook_id = $2
			AND parent_id IS NULL`, s.p.ID, b.ID).Scan(&c.Position); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO codes (partnership_id, codebook_id, parent_id, name, description, position, created_at)
			VALUES ($1, $2, NULL, $3, $4, $5, $6) RETURNING id`, s.p.ID, b.ID, name, desc, c.Position, s.now()).Scan(&c.ID); err != nil {
			return fmt.Errorf("add code: %w", err)
		}
		if err := s.touchCodebook(ctx, tx, b.ID, who, "add code", c.ID, name, nil, c); err != nil {
			return err
		}
		st.Label, st.Status, st.CodeID = name, SuggestionAccepted, c.ID
		return nil
	})
	return c, err
}

// RejectSuggestion sets a pending suggestion aside.
func (s *Store) RejectSuggestion(ctx context.Context, consultationID, id int64, who audit.Actor) error {
	return s.decide(ctx, consultationID, id, who, "reject", func(tx *db.Tx, st *StoredSuggestion) error {
		st.Status = SuggestionRejected
		return nil
	})
}

// RenameSuggestion gives a pending suggestion another label; it stays
// pending.
func (s *Store) RenameSuggestion(ctx context.Context, consultationID, id int64, label string, who audit.Actor) error {
	label = strings.TrimSpace(label)
	if errs := checkCode(label, ""); len(errs) > 0 {
		return errs
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		st, err := s.suggestion(ctx, tx, id)
		if err != nil {
			return err
		}
		if cid, _, err := s.themeRunOf(ctx, tx, st.RunID); err != nil || cid != consultationID {
			return valid.ErrNotFound
		}
		if !st.Pending() {
			return ErrDecided
		}
		before := st
		st.Label = label
		if _, err := tx.ExecContext(ctx, `UPDATE theme_suggestions SET label = $3 WHERE partnership_id = $1 AND id = $2`, s.p.ID, id, label); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: who, Action: "rename",
			Entity: themeEntity, EntityID: id, Summary: label}, before, st)
	})
}

// MergeSuggestions folds the pending suggestion from into the pending
// suggestion into of the same run: into gains from's answers, its words
// (alternately, up to ten) and typical answers; from is marked merged.
func (s *Store) MergeSuggestions(ctx context.Context, consultationID, into, from int64, who audit.Actor) error {
	if into == from {
		return valid.Errors{{Field: "into", Message: "Choose another suggested theme to merge with"}}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.suggestion(ctx, tx, into)
		if err != nil {
			return valid.Errors{{Field: "into", Message: "Choose a suggested theme from this list"}}
		}
		b, err := s.suggestion(ctx, tx, from)
		if err != nil {
			return err
		}
		if cid, _, err := s.themeRunOf(ctx, tx, b.RunID); err != nil || cid != consultationID {
			return valid.ErrNotFound
		}
		if a.RunID != b.RunID || !a.Pending() {
			return valid.Errors{{Field: "into", Message: "Choose a suggested theme from this list that is still to be decided"}}
		}
		if !b.Pending() {
			return ErrDecided
		}
		beforeA, beforeB := a, b
		a.Size += b.Size
		a.Terms = interleave(a.Terms, b.Terms, 10)
		a.Typical = append(a.Typical, b.Typical...)
		b.Status, b.MergedInto, b.DecidedBy, b.DecidedAt = SuggestionMerged, a.ID, who.Name, s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE theme_suggestions SET size = $3, terms = $4, typical = $5 WHERE partnership_id = $1 AND id = $2`,
			s.p.ID, a.ID, a.Size, strings.Join(a.Terms, "\n"), joinIDs(a.Typical)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE theme_suggestions SET status = $3, merged_into = $4, decided_by = $5, decided_at = $6
			WHERE partnership_id = $1 AND id = $2`, s.p.ID, b.ID, b.Status, a.ID, b.DecidedBy, b.DecidedAt); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: who, Action: "merge",
			Entity: themeEntity, EntityID: a.ID, Summary: fmt.Sprintf("%s merged into %s", b.Label, a.Label)},
			[]StoredSuggestion{beforeA, beforeB}, []StoredSuggestion{a, b})
	})
}

// interleave takes words from a and b in turn, without repeats, up to n.
func interleave(a, b []string, n int) []string {
	seen := map[string]bool{}
	var out []string
	for i := 0; len(out) < n && (i < len(a) || i < len(b)); i++ {
		for _, l := range [][]string{a, b} {
			if i < len(l) && !seen[l[i]] && len(out) < n {
				seen[l[i]] = true
				out = append(out, l[i])
			}
		}
	}
	return out
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

func splitIDs(s string) []int64 {
	var out []int64
	for _, f := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(f, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}
