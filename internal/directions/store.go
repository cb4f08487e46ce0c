package directions

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/db/generation"
	"coplan/internal/meeting"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// Store is one partnership's directions, bound to that partnership (whose
// id limits every query, child tables included) and to a clock.
type Store struct {
	db   *db.DB
	p    partnership.Partnership
	now  civil.Clock
	arrs ArrangementLister
}

// ArrangementLister lists the arrangements of partnership pid's plans a
// direction may pick (plan.ArrangementsIn, adapted): passed in, since the
// plan room reaches this package through the financial statement.
type ArrangementLister func(ctx context.Context, q db.Querier, pid int64) ([]Arrangement, error)

// WithArrangements returns the store able to check and offer the plans'
// arrangements through f. Without it, a direction can pick none.
func (s *Store) WithArrangements(f ArrangementLister) *Store {
	c := *s
	c.arrs = f
	return &c
}

// Arrangements lists the arrangements a direction may pick.
func (s *Store) Arrangements(ctx context.Context) ([]Arrangement, error) {
	if s.arrs == nil {
		return nil, nil
	}
	return s.arrs(ctx, s.db, s.p.ID)
}

// pickArrangements checks that every id is one of the partnership's
// plans' arrangements and returns them with their titles.
func (s *Store) pickArrangements(ctx context.Context, q db.Querier, picked []Arrangement) ([]Arrangement, error) {
	if len(picked) == 0 {
		return nil, nil
	}
	bad := valid.Errors{{Field: "arrangements", Message: "Select arrangements of the partnership's strategic plans"}}
	if s.arrs == nil {
		return nil, bad
	}
	all, err := s.arrs(ctx, q, s.p.ID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]Arrangement{}
	for _, a := range all {
		byID[a.ID] = a
	}
	var out []Arrangement
	seen := map[int64]bool{}
	for _, a := range picked {
		x, ok := byID[a.ID]
		if !ok {
			return nil, bad
		}
		if !seen[a.ID] {
			seen[a.ID] = true
			out = append(out, x)
		}
	}
	return out, nil
}

func (s *Store) saveArrangements(ctx context.Context, tx *db.Tx, id int64, as []Arrangement) error {
	for _, a := range as {
		if _, err := tx.ExecContext(ctx, `INSERT INTO direction_arrangements (partnership_id, direction_id, arrangement_id, title, plan_title)
			VALUES ($1, $2, $3, $4, $5)`, s.p.ID, id, a.ID, a.Title, a.Plan); err != nil {
			return fmt.Errorf("direction arrangement: %w", err)
		}
	}
	return nil
}

// LinkArrangements sets the plan arrangements direction id serves, for a
// direction issued before its plan's arrangements were in coplan (or
// before they could be picked): its text and money stay as issued. The
// arrangements must be the partnership's; with the audit entry, one
// transaction.
func (s *Store) LinkArrangements(ctx context.Context, id int64, picked []Arrangement, by audit.Actor) error {
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := generation.Bump(ctx, tx, s.p.ID); err != nil {
			return err
		}
		var ref string
		if err := tx.QueryRowContext(ctx, `SELECT reference FROM directions WHERE id = $1 AND partnership_id = $2`, id, s.p.ID).Scan(&ref); err != nil {
			return valid.Errors{{Field: "direction", Message: "Select a direction of the partnership"}}
		}
		as, err := s.pickArrangements(ctx, tx, picked)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM direction_arrangements WHERE direction_id = $1 AND partnership_id = $2`, id, s.p.ID); err != nil {
			return err
		}
		if err := s.saveArrangements(ctx, tx, id, as); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "update",
			Entity: "direction", EntityID: id, Summary: "Linked direction " + ref + " to the plan's arrangements"}, nil, as)
	})
}

// StoreFor binds a store to partnership p and the clock now (nil for the
// system clock), as every room's store does.
func StoreFor(d *db.DB, p partnership.Partnership, now civil.Clock) *Store {
	if now == nil {
		now = civil.SystemClock
	}
	return &Store{db: d, p: p, now: now}
}

// Today is the store's day.
func (s *Store) Today() civil.Date { return civil.Day(s.now()) }

// List returns every direction of the partnership, newest first, with its
// functions.
func (s *Store) List(ctx context.Context) ([]Direction, error) { return ListIn(ctx, s.db, s.p.ID) }

// Functions lists the partnership's delegated functions.
func (s *Store) Functions(ctx context.Context) ([]partnership.Function, error) {
	return partnership.FunctionsOf(ctx, s.db, s.p.ID)
}

// Decisions lists the board decisions a direction may cite as its approval.
func (s *Store) Decisions(ctx context.Context) ([]meeting.DecisionAt, error) {
	return meeting.DecisionsIn(ctx, s.db, s.p.ID)
}

// ListIn returns partnership pid's directions, newest issued first, with
// their functions, the approving decision's text and the locality names:
// how another room (the financial statement) reads them inside its own
// transaction.
func ListIn(ctx context.Context, q db.Querier, pid int64) ([]Direction, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.reference, d.year, d.addressee, d.council, d.arrangements, d.outcomes, d.localities,
		COALESCE(d.decision_id, 0), COALESCE(x.text, ''), d.issued_on, d.review_on, COALESCE(d.superseded_by, 0), COALESCE(n.reference, ''), d.created_at
		FROM directions d LEFT JOIN decisions x ON x.id = d.decision_id
		LEFT JOIN directions n ON n.id = d.superseded_by AND n.partnership_id = d.partnership_id
		WHERE d.partnership_id = $1 ORDER BY d.issued_on DESC, d.id DESC`, pid)
	if err != nil {
		return nil, fmt.Errorf("list directions: %w", err)
	}
	var out []Direction
	idx := map[int64]int{}
	for rows.Next() {
		var d Direction
		var outcomes, localities string
		if err := rows.Scan(&d.ID, &d.Reference, &d.Year, &d.Addressee, &d.Council, &d.ArrangementsText, &outcomes, &localities,
			&d.DecisionID, &d.Decision, &d.IssuedOn, &d.ReviewOn, &d.SupersededBy, &d.Superseder, &d.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		d.Outcomes = splitList(outcomes)
		for _, l := range splitList(localities) {
			if id, err := strconv.ParseInt(l, 10, 64); err == nil {
				d.Localities = append(d.Localities, id)
			}
		}
		idx[d.ID] = len(out)
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	names := map[int64]string{}
	lr, err := q.QueryContext(ctx, `SELECT id, name FROM localities WHERE partnership_id = $1`, pid)
	if err != nil {
		return nil, err
	}
	for lr.Next() {
		var id int64
		var n string
		if err := lr.Scan(&id, &n); err != nil {
			lr.Close()
			return nil, err
		}
		names[id] = n
	}
	lr.Close()
	for i := range out {
		for _, l := range out[i].Localities {
			out[i].LocalityName = append(out[i].LocalityName, names[l])
		}
	}
	ar, err := q.QueryContext(ctx, `SELECT direction_id, arrangement_id, title, plan_title FROM direction_arrangements
		WHERE partnership_id = $1 ORDER BY direction_id, id`, pid)
	if err != nil {
		return nil, fmt.Errorf("list direction arrangements: %w", err)
	}
	for ar.Next() {
		var did int64
		var a Arrangement
		if err := ar.Scan(&did, &a.ID, &a.Title, &a.Plan); err != nil {
			ar.Close()
			return nil, err
		}
		if i, ok := idx[did]; ok {
			out[i].Arrangements = append(out[i].Arrangements, a)
		}
	}
	ar.Close()
	if err := ar.Err(); err != nil {
		return nil, err
	}
	fr, err := q.QueryContext(ctx, `SELECT l.direction_id, l.function_id, f.name, l.how, l.budget_pence
		FROM direction_functions l JOIN delegated_functions f ON f.id = l.function_id AND f.partnership_id = l.partnership_id
		WHERE l.partnership_id = $1 ORDER BY l.direction_id, f.name`, pid)
	if err != nil {
		return nil, fmt.Errorf("list direction functions: %w", err)
	}
	defer fr.Close()
	for fr.Next() {
		var did int64
		var l Line
		if err := fr.Scan(&did, &l.FunctionID, &l.Function, &l.How, &l.BudgetPence); err != nil {
			return nil, err
		}
		if i, ok := idx[did]; ok {
			out[i].Functions = append(out[i].Functions, l)
		}
	}
	return out, fr.Err()
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// Issue validates d and stores it as issued, with its functions; when
// supersedes names one of the partnership's current directions, that one
// is marked superseded by the new one (it stays as issued). The decision
// cited must be one of the partnership's. All of it, with the audit entry,
// is one transaction; on invalid input nothing changes.
func (s *Store) Issue(ctx context.Context, d Direction, supersedes int64, by audit.Actor) (Direction, error) {
	d.Reference = strings.TrimSpace(d.Reference)
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		// The public register and the open data show every direction.
		if err := generation.Bump(ctx, tx, s.p.ID); err != nil {
			return err
		}
		fns, err := partnership.FunctionsOf(ctx, tx, s.p.ID)
		if err != nil {
			return err
		}
		names := map[int64]string{}
		for _, f := range fns {
			names[f.ID] = f.Name
		}
		for i := range d.Functions {
			d.Functions[i].Function = names[d.Functions[i].FunctionID]
		}
		if err := Validate(s.p, fns, d); err != nil {
			return err
		}
		if d.Arrangements, err = s.pickArrangements(ctx, tx, d.Arrangements); err != nil {
			return err
		}
		var decision any
		if d.DecisionID != 0 {
			if _, err := meeting.DecisionIn(ctx, tx, s.p.ID, d.DecisionID); err != nil {
				return valid.Errors{{Field: "decision", Message: "Select a decision of the partnership's board"}}
			}
			decision = d.DecisionID
		}
		var locs []string
		for _, l := range d.Localities {
			locs = append(locs, strconv.FormatInt(l, 10))
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO directions (partnership_id, reference, year, addressee, council, arrangements, outcomes,
			localities, decision_id, issued_on, review_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			s.p.ID, d.Reference, d.Year, d.Addressee, d.Council, d.ArrangementsText, strings.Join(d.Outcomes, ","), strings.Join(locs, ","),
			decision, string(d.IssuedOn), string(d.ReviewOn), now).Scan(&d.ID)
		if db.IsUniqueViolation(err) {
			return valid.Errors{{Field: "reference", Message: "Another direction already has this reference"}}
		}
		if err != nil {
			return fmt.Errorf("issue direction: %w", err)
		}
		if err := s.saveArrangements(ctx, tx, d.ID, d.Arrangements); err != nil {
			return err
		}
		for _, l := range d.Functions {
			if _, err := tx.ExecContext(ctx, `INSERT INTO direction_functions (partnership_id, direction_id, function_id, how, budget_pence)
				VALUES ($1, $2, $3, $4, $5)`, s.p.ID, d.ID, l.FunctionID, strings.TrimSpace(l.How), l.BudgetPence); err != nil {
				return fmt.Errorf("direction function: %w", err)
			}
		}
		if supersedes != 0 {
			res, err := tx.ExecContext(ctx, `UPDATE directions SET superseded_by = $1 WHERE id = $2 AND partnership_id = $3 AND superseded_by IS NULL`,
				d.ID, supersedes, s.p.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return valid.Errors{{Field: "supersedes", Message: "Select a current direction of the partnership to supersede"}}
			}
		}
		d.CreatedAt = now
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "create",
			Entity: "direction", EntityID: d.ID, Summary: "Issued direction " + d.Reference}, nil, d)
	})
	return d, err
}
