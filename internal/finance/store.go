package finance

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/db/generation"
	"coplan/internal/directions"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// Store is one partnership's money, bound to that partnership (whose id
// limits every query, child tables included) and to a clock.
type Store struct {
	db  *db.DB
	p   partnership.Partnership
	now civil.Clock
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

// Settings are the link to the medium-term financial plan and the
// reserves policy.
type Settings struct {
	FinancialPlan  string `json:"medium_term_financial_plan"` // a document's address
	ReservesPolicy string `json:"reserves_policy"`
}

// Budgets lists every budget line of the partnership, newest year first.
func (s *Store) Budgets(ctx context.Context) ([]Budget, error) { return budgetsIn(ctx, s.db, s.p.ID) }

func budgetsIn(ctx context.Context, q db.Querier, pid int64) ([]Budget, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, year, partner, amount_pence, set_aside_pence, partner_agreed_on, board_agreed_on
		FROM budgets WHERE partnership_id = $1 ORDER BY year DESC, partner`, pid)
	if err != nil {
		return nil, fmt.Errorf("list budgets: %w", err)
	}
	defer rows.Close()
	var out []Budget
	for rows.Next() {
		var b Budget
		if err := rows.Scan(&b.ID, &b.Year, &b.Partner, &b.Pence, &b.SetAsidePence, &b.PartnerAgreedOn, &b.BoardAgreedOn); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// SaveBudget validates and stores one partner's budget for a year,
// replacing what was entered for that partner and year, with its audit
// entry, in one transaction.
func (s *Store) SaveBudget(ctx context.Context, b Budget, by audit.Actor) (Budget, error) {
	if err := ValidateBudget(s.p, b); err != nil {
		return b, err
	}
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var before *Budget
		var old Budget
		err := tx.QueryRowContext(ctx, `SELECT id, year, partner, amount_pence, set_aside_pence, partner_agreed_on, board_agreed_on
			FROM budgets WHERE partnership_id = $1 AND year = $2 AND partner = $3`, s.p.ID, b.Year, b.Partner).Scan(
			&old.ID, &old.Year, &old.Partner, &old.Pence, &old.SetAsidePence, &old.PartnerAgreedOn, &old.BoardAgreedOn)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			err = tx.QueryRowContext(ctx, `INSERT INTO budgets (partnership_id, year, partner, amount_pence, set_aside_pence, partner_agreed_on, board_agreed_on)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, s.p.ID, b.Year, b.Partner, b.Pence, b.SetAsidePence,
				string(b.PartnerAgreedOn), string(b.BoardAgreedOn)).Scan(&b.ID)
		case err == nil:
			before, b.ID = &old, old.ID
			_, err = tx.ExecContext(ctx, `UPDATE budgets SET amount_pence = $1, set_aside_pence = $2, partner_agreed_on = $3, board_agreed_on = $4
				WHERE id = $5 AND partnership_id = $6`, b.Pence, b.SetAsidePence, string(b.PartnerAgreedOn), string(b.BoardAgreedOn), b.ID, s.p.ID)
		}
		if err != nil {
			return fmt.Errorf("save budget: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "update",
			Entity: "budget", EntityID: b.ID, Summary: fmt.Sprintf("Budget from %s for %s: %s", b.Partner, b.Year, Pounds(b.Pence))}, before, b)
	})
	return b, err
}

// Settings reads the link to the medium-term financial plan and the
// reserves policy (empty until saved).
func (s *Store) Settings(ctx context.Context) (Settings, error) { return settingsIn(ctx, s.db, s.p.ID) }

func settingsIn(ctx context.Context, q db.Querier, pid int64) (Settings, error) {
	var st Settings
	err := q.QueryRowContext(ctx, `SELECT financial_plan_link, reserves_policy FROM finance_settings WHERE partnership_id = $1`, pid).
		Scan(&st.FinancialPlan, &st.ReservesPolicy)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	return st, err
}

// SaveSettings stores the link to the medium-term financial plan (an
// address starting http:// or https://, or blank) and the reserves policy,
// with the audit entry, in one transaction.
func (s *Store) SaveSettings(ctx context.Context, st Settings, by audit.Actor) error {
	st.FinancialPlan = strings.TrimSpace(st.FinancialPlan)
	st.ReservesPolicy = strings.TrimSpace(st.ReservesPolicy)
	if st.FinancialPlan != "" && !strings.HasPrefix(st.FinancialPlan, "https://") && !strings.HasPrefix(st.FinancialPlan, "http://") {
		return valid.Errors{{Field: "financial_plan", Message: "Enter the medium-term financial plan's web address, starting https://"}}
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		// The public statement page shows the reserves policy.
		if err := generation.Bump(ctx, tx, s.p.ID); err != nil {
			return err
		}
		before, err := settingsIn(ctx, tx, s.p.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM finance_settings WHERE partnership_id = $1`, s.p.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO finance_settings (partnership_id, financial_plan_link, reserves_policy, updated_at)
			VALUES ($1, $2, $3, $4)`, s.p.ID, st.FinancialPlan, st.ReservesPolicy, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "update",
			Entity: "finance settings", EntityID: s.p.ID, Summary: "Changed the financial plan link and reserves policy"}, before, st)
	})
}

// Reserves lists the partnership's reserves with their movements.
func (s *Store) Reserves(ctx context.Context) ([]Reserve, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, purpose, use_by FROM reserves WHERE partnership_id = $1 ORDER BY kind DESC, id`, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list reserves: %w", err)
	}
	var out []Reserve
	idx := map[int64]int{}
	for rows.Next() {
		var r Reserve
		if err := rows.Scan(&r.ID, &r.Kind, &r.Purpose, &r.UseBy); err != nil {
			rows.Close()
			return nil, err
		}
		idx[r.ID] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	mr, err := s.db.QueryContext(ctx, `SELECT reserve_id, year, amount_pence, note FROM reserve_movements WHERE partnership_id = $1 ORDER BY year, id`, s.p.ID)
	if err != nil {
		return nil, err
	}
	defer mr.Close()
	for mr.Next() {
		var id int64
		var m Movement
		if err := mr.Scan(&id, &m.Year, &m.Pence, &m.Note); err != nil {
			return nil, err
		}
		if i, ok := idx[id]; ok {
			out[i].Movements = append(out[i].Movements, m)
		}
	}
	return out, mr.Err()
}

// AddReserve validates and stores a reserve with its opening movement (in
// the year opening.Year), with the audit entry, in one transaction.
func (s *Store) AddReserve(ctx context.Context, r Reserve, opening Movement, by audit.Actor) (Reserve, error) {
	r.Purpose = strings.TrimSpace(r.Purpose)
	if r.Kind == "general" {
		r.UseBy = ""
	}
	if err := ValidateReserve(r); err != nil {
		return r, err
	}
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO reserves (partnership_id, kind, purpose, use_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			s.p.ID, r.Kind, r.Purpose, string(r.UseBy), now).Scan(&r.ID); err != nil {
			return fmt.Errorf("add reserve: %w", err)
		}
		if err := insertMovement(ctx, tx, s.p.ID, r.ID, opening); err != nil {
			return err
		}
		r.Movements = []Movement{opening}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "create",
			Entity: "reserve", EntityID: r.ID, Summary: "Added reserve: " + r.Purpose}, nil, r)
	})
	return r, err
}

// AddMovement records money put into or drawn from one of the
// partnership's reserves in a year, with the audit entry, in one
// transaction. A reserve of another partnership is valid.ErrNotFound.
func (s *Store) AddMovement(ctx context.Context, reserveID int64, m Movement, by audit.Actor) error {
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reserves WHERE id = $1 AND partnership_id = $2`, reserveID, s.p.ID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return valid.ErrNotFound
		}
		if err := insertMovement(ctx, tx, s.p.ID, reserveID, m); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "update",
			Entity: "reserve", EntityID: reserveID, Summary: fmt.Sprintf("Reserve movement of %s in %s", Pounds(m.Pence), m.Year)}, nil, m)
	})
}

func insertMovement(ctx context.Context, tx *db.Tx, pid, reserveID int64, m Movement) error {
	if m.Year < 2015 || m.Year > 2100 {
		return valid.Errors{{Field: "year", Message: "Enter the financial year of the movement, such as 2026 for 2026-27"}}
	}
	if m.Pence == 0 {
		return valid.Errors{{Field: "amount", Message: "Enter an amount: positive to put money in, negative (with a minus) to draw it out"}}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO reserve_movements (partnership_id, reserve_id, year, amount_pence, note) VALUES ($1, $2, $3, $4, $5)`,
		pid, reserveID, m.Year, m.Pence, strings.TrimSpace(m.Note))
	return err
}

// Draft generates year y's financial statement from the stored budgets
// and the directions in force today, without publishing it.
func (s *Store) Draft(ctx context.Context, y Year) (Statement, error) { return s.draft(ctx, s.db, y) }

func (s *Store) draft(ctx context.Context, q db.Querier, y Year) (Statement, error) {
	bs, err := budgetsIn(ctx, q, s.p.ID)
	if err != nil {
		return Statement{}, err
	}
	ds, err := directions.ListIn(ctx, q, s.p.ID)
	if err != nil {
		return Statement{}, err
	}
	fns, err := partnership.FunctionsOf(ctx, q, s.p.ID)
	if err != nil {
		return Statement{}, err
	}
	set, err := settingsIn(ctx, q, s.p.ID)
	if err != nil {
		return Statement{}, err
	}
	return Generate(s.p, y, s.Today(), bs, ds, fns, set.FinancialPlan), nil
}

// Published is one published version of a year's statement.
type Published struct {
	Number      int       `json:"version"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy string    `json:"-"`
	Statement   Statement `json:"statement"`
}

// ErrNoBudget is returned when a statement would be published for a year
// with no budget entered.
var ErrNoBudget = valid.Errors{{Field: "year", Message: "Enter the year's budgets before publishing its financial statement"}}

// Publish generates year y's statement and stores it as the next
// published version, with the audit entry, in one transaction: what was
// published stays as published.
func (s *Store) Publish(ctx context.Context, y Year, by audit.Actor) (Published, error) {
	now := s.now()
	var out Published
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		// The public statement page and the open data show it.
		if err := generation.Bump(ctx, tx, s.p.ID); err != nil {
			return err
		}
		st, err := s.draft(ctx, tx, y)
		if err != nil {
			return err
		}
		if st.Total == 0 {
			return ErrNoBudget
		}
		content, err := json.Marshal(st)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) FROM financial_statements WHERE partnership_id = $1 AND year = $2`,
			s.p.ID, y).Scan(&n); err != nil {
			return err
		}
		out = Published{Number: n + 1, PublishedAt: now, PublishedBy: by.Name, Statement: st}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO financial_statements (partnership_id, year, number, published_at, published_by, content)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, s.p.ID, y, out.Number, now, by.Name, string(content)).Scan(&id); err != nil {
			return fmt.Errorf("publish financial statement: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "publish",
			Entity: "financial statement", EntityID: id, Summary: fmt.Sprintf("Published the financial statement for %s (version %d)", y, out.Number)}, nil, st)
	})
	return out, err
}

// Latest returns the latest published version of year y's statement (year
// 0: of the latest year published) and true, or false when none is.
func (s *Store) Latest(ctx context.Context, y Year) (Published, bool, error) {
	return LatestIn(ctx, s.db, s.p.ID, y)
}

// LatestIn is Latest for another room reading inside its own transaction
// (the plan room refuses to publish a plan without one, s.39).
func LatestIn(ctx context.Context, q db.Querier, pid int64, y Year) (Published, bool, error) {
	query := `SELECT year, number, published_at, published_by, content FROM financial_statements WHERE partnership_id = $1`
	args := []any{pid}
	if y != 0 {
		query += ` AND year = $2`
		args = append(args, y)
	}
	var p Published
	var year Year
	var content string
	err := q.QueryRowContext(ctx, query+` ORDER BY year DESC, number DESC LIMIT 1`, args...).Scan(&year, &p.Number, &p.PublishedAt, &p.PublishedBy, &content)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("read financial statement: %w", err)
	}
	if err := json.Unmarshal([]byte(content), &p.Statement); err != nil {
		return p, false, err
	}
	p.Statement.Year = year
	return p, true, nil
}

// PublishedYears lists the years with a published statement, newest first.
func (s *Store) PublishedYears(ctx context.Context) ([]Year, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT year FROM financial_statements WHERE partnership_id = $1 ORDER BY year DESC`, s.p.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Year
	for rows.Next() {
		var y Year
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}
