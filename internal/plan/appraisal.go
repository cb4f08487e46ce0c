package plan

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/valid"
)

// Appraisal is a transparent option appraisal for a major investment or
// disinvestment decision (the guidance's good practice): the options, the
// criteria and their weights, scores with reasons, who took part and the
// views received, published with the decision.
type Appraisal struct {
	ID            int64
	PartnershipID int64
	Title         string
	Kind          string // "investment" or "disinvestment"
	Decision      string
	Participants  string // who took part, service users and carers among them
	// ParticipantCounts is how many took part by group, keyed by the
	// codes of commissioning.Groups (people-who-use-services, ...), which
	// commissioning work linked to the appraisal counts.
	ParticipantCounts map[string]int
	Views             string // views received
	Options           []string
	Criteria          []Criterion
	Scores            []Score
	PublishedAt       time.Time
	CreatedAt         time.Time
}

// AppraisalKinds are the kinds of decision appraised.
var AppraisalKinds = []string{"investment", "disinvestment"}

// Totals ranks the options (see Appraise).
func (a Appraisal) Totals() ([]Ranked, []string) { return Appraise(a.Options, a.Criteria, a.Scores) }

// ScoreFor returns the score of an option against a criterion.
func (a Appraisal) ScoreFor(option, criterion string) (Score, bool) {
	for _, s := range a.Scores {
		if s.Option == option && s.Criterion == criterion {
			return s, true
		}
	}
	return Score{}, false
}

// ValidateAppraisal checks an appraisal's set-up: at least two options and
// one criterion, weights of 1 or more, names unique, and who took part.
func ValidateAppraisal(a Appraisal) valid.Errors {
	var errs valid.Errors
	if strings.TrimSpace(a.Title) == "" {
		errs.Add("title", "Enter what the appraisal is about.")
	}
	if !slices.Contains(AppraisalKinds, a.Kind) {
		errs.Add("kind", "Say whether this is an investment or a disinvestment decision.")
	}
	if len(a.Options) < 2 {
		errs.Add("options", "Enter at least two options, one on each line.")
	} else if hasDuplicate(a.Options) {
		errs.Add("options", "Give each option a different name.")
	}
	var names []string
	for _, c := range a.Criteria {
		names = append(names, c.Name)
		if c.Weight < 1 {
			errs.Add("criteria", "Give each criterion a weight of 1 or more, like: Quality of care: 3")
			break
		}
	}
	if len(a.Criteria) == 0 {
		errs.Add("criteria", "Enter at least one criterion with its weight, like: Quality of care: 3")
	} else if hasDuplicate(names) {
		errs.Add("criteria", "Give each criterion a different name.")
	}
	for _, n := range a.ParticipantCounts {
		if n < 0 {
			errs.Add("counts", "Enter how many of each group took part as whole numbers, 0 or more.")
			break
		}
	}
	if strings.TrimSpace(a.Participants) == "" {
		errs.Add("participants", "Say who took part in the appraisal, including the service users and carers.")
	}
	return errs
}

func hasDuplicate(xs []string) bool {
	seen := map[string]bool{}
	for _, x := range xs {
		if seen[x] {
			return true
		}
		seen[x] = true
	}
	return false
}

// ValidateScores checks scores: each 0 to 10 with a reason.
func ValidateScores(a Appraisal) valid.Errors {
	var errs valid.Errors
	for _, s := range a.Scores {
		if s.Value < 0 || s.Value > 10 {
			errs.Add("scores", "Score each option from 0 to 10.")
			break
		}
	}
	for _, s := range a.Scores {
		if strings.TrimSpace(s.Reason) == "" {
			errs.Add("scores", "Give the reason for each score: the appraisal is published so people can see why.")
			break
		}
	}
	return errs
}

const selectAppraisal = `SELECT id, partnership_id, title, kind, decision, participants, views, options_json, criteria_json,
	scores_json, participant_counts, published_at, created_at FROM appraisals`

func scanAppraisal(r interface{ Scan(...any) error }) (Appraisal, error) {
	var a Appraisal
	var o, c, sc, pc string
	var pub sql.NullTime
	if err := r.Scan(&a.ID, &a.PartnershipID, &a.Title, &a.Kind, &a.Decision, &a.Participants, &a.Views, &o, &c, &sc, &pc, &pub, &a.CreatedAt); err != nil {
		return a, noRow(err)
	}
	a.PublishedAt = pub.Time
	for _, x := range []struct {
		s string
		v any
	}{{o, &a.Options}, {c, &a.Criteria}, {sc, &a.Scores}, {pc, &a.ParticipantCounts}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return a, fmt.Errorf("appraisal %d: %w", a.ID, err)
		}
	}
	return a, nil
}

// Appraisals lists a partnership's option appraisals, newest first.
func (s *Store) Appraisals(ctx context.Context) ([]Appraisal, error) {
	rows, err := s.db.QueryContext(ctx, selectAppraisal+" WHERE partnership_id = $1 ORDER BY id DESC", s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list appraisals: %w", err)
	}
	defer rows.Close()
	var out []Appraisal
	for rows.Next() {
		a, err := scanAppraisal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AppraisalByID returns one of the partnership's appraisals, or
// valid.ErrNotFound.
func (s *Store) AppraisalByID(ctx context.Context, id int64) (Appraisal, error) {
	return s.appraisalByID(ctx, s.db, id)
}

func (s *Store) appraisalByID(ctx context.Context, q db.Querier, id int64) (Appraisal, error) {
	return scanAppraisal(q.QueryRowContext(ctx, selectAppraisal+" WHERE partnership_id = $1 AND id = $2", s.p.ID, id))
}

func marshalJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// CreateAppraisal records a new appraisal's set-up.
func (s *Store) CreateAppraisal(ctx context.Context, a Appraisal, by audit.Actor) (Appraisal, error) {
	a.PartnershipID = s.p.ID
	a.Title, a.Participants, a.Views = strings.TrimSpace(a.Title), strings.TrimSpace(a.Participants), strings.TrimSpace(a.Views)
	if errs := ValidateAppraisal(a); len(errs) > 0 {
		return a, errs
	}
	if a.Scores == nil {
		a.Scores = []Score{}
	}
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if a.ParticipantCounts == nil {
			a.ParticipantCounts = map[string]int{}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO appraisals (partnership_id, title, kind, participants, views, options_json,
			criteria_json, scores_json, participant_counts, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			a.PartnershipID, a.Title, a.Kind, a.Participants, a.Views, marshalJSON(a.Options), marshalJSON(a.Criteria),
			marshalJSON(a.Scores), marshalJSON(a.ParticipantCounts), now).Scan(&a.ID); err != nil {
			return fmt.Errorf("create appraisal: %w", err)
		}
		a.CreatedAt = now
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: a.PartnershipID, Actor: by, At: now, Action: "create",
			Entity: "option appraisal", EntityID: a.ID, Summary: "Started an option appraisal: " + a.Title}, nil, a)
	})
	return a, err
}

// SaveScores records the scores and reasons of an unpublished appraisal.
func (s *Store) SaveScores(ctx context.Context, id int64, scores []Score, by audit.Actor) error {
	pid := s.p.ID
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.appraisalByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if !a.PublishedAt.IsZero() {
			return valid.Errors{{Field: "scores", Message: "The appraisal has been published with its decision: its scores can no longer be changed."}}
		}
		after := a
		after.Scores = scores
		if errs := ValidateScores(after); len(errs) > 0 {
			return errs
		}
		if _, err := tx.ExecContext(ctx, `UPDATE appraisals SET scores_json = $1 WHERE id = $2 AND partnership_id = $3`, marshalJSON(scores), id, pid); err != nil {
			return fmt.Errorf("save scores: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: pid, Actor: by, Action: "update", Entity: "option appraisal",
			EntityID: id, Summary: "Scored the options of the appraisal: " + a.Title}, a, after)
	})
}

// PublishAppraisal publishes an appraisal with its decision, dated by the
// store's clock. Every option must be scored against every criterion
// first.
func (s *Store) PublishAppraisal(ctx context.Context, id int64, decision string, by audit.Actor) error {
	decision = strings.TrimSpace(decision)
	pid, now := s.p.ID, s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.appraisalByID(ctx, tx, id)
		if err != nil {
			return err
		}
		var errs valid.Errors
		if decision == "" {
			errs.Add("decision", "Enter the decision made, to publish with the appraisal.")
		}
		if _, missing := a.Totals(); len(missing) > 0 {
			errs.Add("decision", "Score every option against every criterion before publishing. Not yet scored: "+strings.Join(missing, "; ")+".")
		}
		if !a.PublishedAt.IsZero() {
			errs.Add("decision", "The appraisal has already been published.")
		}
		if len(errs) > 0 {
			return errs
		}
		if _, err := tx.ExecContext(ctx, `UPDATE appraisals SET decision = $1, published_at = $2 WHERE id = $3 AND partnership_id = $4`, decision, now, id, pid); err != nil {
			return fmt.Errorf("publish appraisal: %w", err)
		}
		after := a
		after.Decision, after.PublishedAt = decision, now
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: pid, Actor: by, At: now, Action: "update", Entity: "option appraisal",
			EntityID: id, Summary: "Published the option appraisal with its decision: " + a.Title}, a, after)
	})
}
