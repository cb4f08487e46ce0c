package plan

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/valid"
)

// Theme is a theme of a consultation's published analysis report, as the
// plan takes it in: its name, what it covers, and how many responses were
// coded to it.
type Theme struct {
	Name, Description string
	Responses         int
}

// analysisFrom is who a theme's view is from: the analysis, never a
// respondent, so the view is public as it stands (its words are the
// analysts', not a response's).
func analysisFrom(c consult.Consultation) string {
	return "Analysis of the responses to " + c.Title
}

// ThemeViews are the views a consultation's analysed themes become: one a
// theme, saying how many of the total responses raised it, so that the
// consultation statement and "you said, we did" answer what the analysis
// found as well as each response.
func ThemeViews(planID int64, stage Stage, c consult.Consultation, total int, themes []Theme) []View {
	var out []View
	for _, t := range themes {
		summary := fmt.Sprintf("%s: raised in %d of %d responses.", t.Name, t.Responses, total)
		if t.Description != "" {
			summary = fmt.Sprintf("%s: raised in %d of %d responses. %s", t.Name, t.Responses, total, t.Description)
		}
		out = append(out, View{PlanID: planID, Stage: stage, Source: FromConsultation, ConsultationID: c.ID, FromWhom: analysisFrom(c), Summary: summary})
	}
	return out
}

// BringInThemes brings the themes of consultation consultationID's
// published analysis report into plan planID as views (ThemeViews), at the
// stage the consultation is linked to the plan at, or the plan's stage
// where it is not linked. A theme already brought in with the same words
// is not brought in again, so bringing in a corrected report adds only
// what changed. It returns how many views were added. Problems are
// valid.Errors for "plan".
func (s *Store) BringInThemes(ctx context.Context, planID, consultationID int64, total int, themes []Theme, by audit.Actor) (int, error) {
	c, err := consult.ConsultationByID(ctx, s.db, s.p.ID, consultationID)
	if err != nil {
		return 0, err
	}
	if len(themes) == 0 {
		return 0, valid.Errors{{Field: "plan", Message: "The analysis report has no themes to bring into the plan"}}
	}
	now := s.now()
	n := 0
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		n = 0
		p, err := s.plan(ctx, tx, planID)
		if errors.Is(err, valid.ErrNotFound) {
			return valid.Errors{{Field: "plan", Message: "Choose the plan to bring the themes into"}}
		}
		if err != nil {
			return err
		}
		links, err := s.linkedConsultations(ctx, tx, planID)
		if err != nil {
			return err
		}
		stage, ok := links[c.ID]
		if !ok {
			stage = p.Stage
		}
		have, err := s.views(ctx, tx, planID)
		if err != nil {
			return err
		}
		for _, v := range ThemeViews(planID, stage, c, total, themes) {
			if slices.ContainsFunc(have, func(x View) bool {
				return x.ResponseID == 0 && x.ConsultationID == c.ID && x.FromWhom == v.FromWhom && x.Summary == v.Summary
			}) {
				continue
			}
			if _, err := insertView(ctx, tx, v, now); err != nil {
				return err
			}
			n++
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "create", Entity: "plan views",
			EntityID: planID, Summary: fmt.Sprintf("Brought %d themes of the analysis of the consultation %q into the plan %q as views", n, c.Title, p.Title)},
			nil, map[string]any{"consultation_id": c.ID, "views": n})
	})
	return n, err
}
