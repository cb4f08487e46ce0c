package plan

import (
	"context"
	"fmt"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/finance"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// Tick is an Annex C item ticked by hand, with the evidence given.
type Tick struct {
	Item     string
	Evidence string
	By       string
	At       time.Time
}

// AnnexCFacts is what the plan's records show for the Annex C items coplan
// can evaluate itself.
type AnnexCFacts struct {
	Documents      map[DocumentKind]bool // kinds of document attached
	StatementReady bool                  // the consultation statement can be generated (StatementReady)
	SPGViews       bool                  // views from the SPG recorded at the proposals and first-draft stages
	Housing        bool                  // a housing contribution statement, or a section keyed "housing"
	// FinancialStatement is the year ("2026-27") whose annual financial
	// statement (s.39) the finance room has published for the plan, ""
	// for none (Annex C item 14).
	FinancialStatement string
	Ticks              map[string]Tick
}

// AnnexCLine is one Annex C item with whether it is done and how coplan
// knows: from the data (Auto) or ticked by hand with evidence.
type AnnexCLine struct {
	Item    statute.ChecklistItem
	Auto    bool   // coplan evaluates this item from its records
	Done    bool   // the item is met
	Shows   string // what shows it, in words
	Tick    *Tick
	CanTick bool // a person may tick it by hand
}

// EvaluateAnnexC evaluates each item of Annex C (statute.AnnexC): the
// items whose evidence is a record coplan holds are answered from the
// facts; the rest are done when ticked by hand with evidence.
func EvaluateAnnexC(f AnnexCFacts) []AnnexCLine {
	var out []AnnexCLine
	for _, it := range statute.AnnexC() {
		l := AnnexCLine{Item: it, Auto: true}
		switch it.Evidence {
		case statute.EvidenceFinancialStatement:
			l.Done = f.FinancialStatement != ""
			l.Shows = "Annual financial statement for " + f.FinancialStatement + " generated from the budgets and directions and published"
			if !l.Done {
				l.Shows = "No annual financial statement published yet: generate and publish it on the finance pages"
			}
		case statute.EvidenceEIA, statute.EvidenceEasyRead, statute.EvidenceJSNA,
			statute.EvidenceImplementationPlan, statute.EvidenceMarketFacilitationPlan:
			kind := DocumentKind(it.Evidence)
			l.Done = f.Documents[kind]
			l.Shows = kind.Name() + " attached to the plan"
			if !l.Done {
				l.Shows = "No " + strings.ToLower(kind.Name()) + " attached yet"
			}
		case statute.EvidenceConsultationStatement:
			l.Done = f.StatementReady
			l.Shows = "Consultation statement generated from the consultation on the second draft"
			if !l.Done {
				l.Shows = "No closed consultation on the second draft is linked yet"
			}
		case statute.EvidenceSPGViews:
			l.Done = f.SPGViews
			l.Shows = "The Strategic Planning Group's views are recorded on the proposals and the first draft"
			if !l.Done {
				l.Shows = "The Strategic Planning Group's views are not recorded on both the proposals and the first draft"
			}
		case statute.EvidenceHousingStatement:
			l.Done = f.Housing
			l.Shows = "The housing contribution statement is written"
			if !l.Done {
				l.Shows = "No housing contribution statement yet"
			}
		default:
			l.Auto, l.CanTick = false, true
		}
		if t, ok := f.Ticks[it.Code]; ok && !l.Auto {
			l.Tick, l.Done = &t, true
		}
		out = append(out, l)
	}
	return out
}

// LoadAnnexC gathers the facts from the plan's records and evaluates the
// checklist of plan planID, by the store's clock.
func (s *Store) LoadAnnexC(ctx context.Context, planID int64) ([]AnnexCLine, error) {
	q := s.db
	h, err := s.plan(ctx, q, planID)
	if err != nil {
		return nil, err
	}
	linked, err := s.linked(ctx, q, h.ID, false)
	if err != nil {
		return nil, err
	}
	f := AnnexCFacts{Documents: map[DocumentKind]bool{}, Ticks: map[string]Tick{}, StatementReady: StatementReady(linked, s.now())}
	ds, err := s.Documents(ctx, h.ID)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		f.Documents[d.Kind] = true
	}
	year := StatementYear(h, civil.Day(s.now()))
	if _, ok, err := finance.LatestIn(ctx, q, s.p.ID, year); err != nil {
		return nil, err
	} else if ok {
		f.FinancialStatement = year.String()
	}
	var proposals, firstDraft int
	if err := q.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM plan_views WHERE plan_id = $1 AND source = 'spg' AND stage IN ('proposals', 'proposals-views')),
		(SELECT COUNT(*) FROM plan_views WHERE plan_id = $1 AND source = 'spg' AND stage IN ('first-draft', 'first-draft-views'))`,
		h.ID).Scan(&proposals, &firstDraft); err != nil {
		return nil, fmt.Errorf("annex c spg views: %w", err)
	}
	f.SPGViews = proposals > 0 && firstDraft > 0
	var housing int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM plan_sections s JOIN plan_versions v ON v.id = s.version_id
		WHERE v.plan_id = $1 AND s.key = 'housing' AND s.body <> ''`, h.ID).Scan(&housing); err != nil {
		return nil, fmt.Errorf("annex c housing: %w", err)
	}
	f.Housing = strings.TrimSpace(h.HousingStatement) != "" || housing > 0
	rows, err := q.QueryContext(ctx, `SELECT item, evidence, ticked_by, ticked_at FROM annex_c_ticks WHERE plan_id = $1`, h.ID)
	if err != nil {
		return nil, fmt.Errorf("annex c ticks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t Tick
		if err := rows.Scan(&t.Item, &t.Evidence, &t.By, &t.At); err != nil {
			return nil, err
		}
		f.Ticks[t.Item] = t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return EvaluateAnnexC(f), nil
}

// TickAnnexC ticks an item by hand with its evidence (replacing an earlier
// tick). Only items coplan cannot evaluate from its records can be ticked.
func (s *Store) TickAnnexC(ctx context.Context, planID int64, item, evidence string, by audit.Actor) error {
	evidence = strings.TrimSpace(evidence)
	var errs valid.Errors
	it, ok := statute.AnnexCItem(item)
	if !ok || EvaluateAnnexC(AnnexCFacts{})[it.Number-1].Auto {
		errs.Add("item", "Choose an item that is ticked by hand: coplan checks the others from the plan's records.")
	}
	if evidence == "" {
		errs.Add("evidence", "Say what shows the item is done, for example the paper or meeting where it was considered.")
	}
	if len(errs) > 0 {
		return errs
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.plan(ctx, tx, planID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM annex_c_ticks WHERE plan_id = $1 AND item = $2`, planID, item); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO annex_c_ticks (plan_id, item, evidence, ticked_by, ticked_at) VALUES ($1, $2, $3, $4, $5)`,
			planID, item, evidence, by.Name, now); err != nil {
			return fmt.Errorf("tick annex c: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "update", Entity: "annex c checklist",
			EntityID: planID, Summary: fmt.Sprintf("Ticked Annex C item %d by hand", it.Number)}, nil, map[string]string{"item": item, "evidence": evidence})
	})
}
