package partnership

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/db/generation"
	"coplan/internal/valid"
)

// Store is one partnership's own records: its details, its local
// authorities and localities, and the functions delegated to it. It is
// bound to that partnership, whose id limits every query (a function or
// locality of another partnership is valid.ErrNotFound or left alone), and
// to a clock, which stamps every change.
//
// The partnerships themselves (List, BySlug, Create, Import) belong to no
// partnership and are package functions.
type Store struct {
	db  *db.DB
	p   Partnership
	now civil.Clock
}

// StoreFor binds a store to partnership p (as read by BySlug or ByID) and
// the clock now.
func StoreFor(d *db.DB, p Partnership, now civil.Clock) *Store {
	return &Store{db: d, p: p, now: now}
}

const selectPartnership = `SELECT id, slug, COALESCE(code, ''), name, model, health_board, demo, created_at, updated_at FROM partnerships`

func scanPartnership(s interface{ Scan(...any) error }) (Partnership, error) {
	var p Partnership
	err := s.Scan(&p.ID, &p.Slug, &p.Code, &p.Name, &p.Model, &p.HealthBoard, &p.Demo, &p.CreatedAt, &p.UpdatedAt)
	return p, err
}

// List returns every partnership with its local authorities and localities,
// the demo partnership first and then by name.
func List(ctx context.Context, q db.Querier) ([]Partnership, error) {
	rows, err := q.QueryContext(ctx, selectPartnership+" ORDER BY demo DESC, name")
	if err != nil {
		return nil, fmt.Errorf("list partnerships: %w", err)
	}
	var ps []Partnership
	byID := map[int64]int{}
	for rows.Next() {
		p, err := scanPartnership(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		byID[p.ID] = len(ps)
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	err = eachNamed(ctx, q, "local_authorities", 0, func(pid int64, n Named) {
		if i, ok := byID[pid]; ok {
			ps[i].LocalAuthorities = append(ps[i].LocalAuthorities, n)
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachNamed(ctx, q, "localities", 0, func(pid int64, n Named) {
		if i, ok := byID[pid]; ok {
			ps[i].Localities = append(ps[i].Localities, n)
		}
	})
	return ps, err
}

// eachNamed reads local_authorities or localities, for one partnership or
// (pid 0) for all, in their saved order.
func eachNamed(ctx context.Context, q db.Querier, table string, pid int64, fn func(pid int64, n Named)) error {
	query := "SELECT partnership_id, id, name FROM " + table
	var args []any
	if pid != 0 {
		query += " WHERE partnership_id = $1"
		args = append(args, pid)
	}
	rows, err := q.QueryContext(ctx, query+" ORDER BY partnership_id, position, id", args...)
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var p int64
		var n Named
		if err := rows.Scan(&p, &n.ID, &n.Name); err != nil {
			return err
		}
		fn(p, n)
	}
	return rows.Err()
}

// BySlug returns one partnership with its local authorities and localities,
// or valid.ErrNotFound.
func BySlug(ctx context.Context, q db.Querier, slug string) (Partnership, error) {
	return get(ctx, q, "slug", slug)
}

// ByID returns one partnership by its id, or valid.ErrNotFound.
func ByID(ctx context.Context, q db.Querier, id int64) (Partnership, error) {
	return get(ctx, q, "id", id)
}

func get(ctx context.Context, q db.Querier, col string, v any) (Partnership, error) {
	p, err := scanPartnership(q.QueryRowContext(ctx, selectPartnership+" WHERE "+col+" = $1", v))
	if err != nil {
		return p, fmt.Errorf("read partnership: %w", valid.NotFound(err))
	}
	if err := eachNamed(ctx, q, "local_authorities", p.ID, func(_ int64, n Named) {
		p.LocalAuthorities = append(p.LocalAuthorities, n)
	}); err != nil {
		return p, err
	}
	err = eachNamed(ctx, q, "localities", p.ID, func(_ int64, n Named) { p.Localities = append(p.Localities, n) })
	return p, err
}

// Create validates p and stores it with its local authorities and
// localities, recording the change in the audit log, all in one
// transaction, stamped at now. On invalid input it returns valid.Errors and
// writes nothing.
func Create(ctx context.Context, d *db.DB, p Partnership, by audit.Actor, now time.Time) (Partnership, error) {
	p = tidy(p)
	if err := Validate(p); err != nil {
		return p, err
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		// The list of partnerships changes: the home page and the API list.
		if err := generation.Bump(ctx, tx, generation.All); err != nil {
			return err
		}
		var err error
		p, err = insert(ctx, tx, p, now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: p.ID, Actor: by, At: now, Action: "create",
			Entity: "partnership", EntityID: p.ID, Summary: "Created partnership " + p.Name}, nil, snapshot(p))
	})
	return p, err
}

// insert stores a new, already validated partnership inside tx.
func insert(ctx context.Context, tx *db.Tx, p Partnership, now time.Time) (Partnership, error) {
	var code any
	if p.Code != "" {
		code = p.Code
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO partnerships (slug, code, name, model, health_board, demo, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
		p.Slug, code, p.Name, p.Model, p.HealthBoard, p.Demo, now).Scan(&p.ID)
	if err != nil {
		return p, uniqueAsField(err)
	}
	p.CreatedAt, p.UpdatedAt = now, now
	if p.LocalAuthorities, err = syncNamed(ctx, tx, "local_authorities", p.ID, nil, p.LocalAuthorities); err != nil {
		return p, err
	}
	p.Localities, err = syncNamed(ctx, tx, "localities", p.ID, nil, p.Localities)
	return p, err
}

// Update validates p and saves it as the store's partnership (p.ID is
// ignored): its details, local authorities and localities. Entries keep
// their ids when renamed, new ones (id 0) are added and ones left out are
// removed; an id the partnership does not hold is saved as a new entry and
// never touches another partnership's. The change and its before and after
// go to the audit log in the same transaction. On invalid input nothing
// changes.
func (s *Store) Update(ctx context.Context, p Partnership, by audit.Actor) (Partnership, error) {
	p = tidy(p)
	p.ID = s.p.ID
	if err := Validate(p); err != nil {
		return p, err
	}
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		// Its name, slug and localities show in the list of partnerships.
		if err := generation.Bump(ctx, tx, generation.All); err != nil {
			return err
		}
		before, err := ByID(ctx, tx, s.p.ID)
		if err != nil {
			return err
		}
		p, err = update(ctx, tx, before, p, now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: p.ID, Actor: by, At: now, Action: "update",
			Entity: "partnership", EntityID: p.ID, Summary: "Changed the details of " + p.Name}, snapshot(before), snapshot(p))
	})
	return p, err
}

func update(ctx context.Context, tx *db.Tx, before, p Partnership, now time.Time) (Partnership, error) {
	p.UpdatedAt = now
	p.CreatedAt, p.Demo, p.Code = before.CreatedAt, before.Demo, before.Code
	if p.Slug == "" {
		p.Slug = before.Slug
	}
	_, err := tx.ExecContext(ctx, `UPDATE partnerships SET slug = $1, name = $2, model = $3, health_board = $4, updated_at = $5
		WHERE id = $6`, p.Slug, p.Name, p.Model, p.HealthBoard, p.UpdatedAt, p.ID)
	if err != nil {
		return p, uniqueAsField(err)
	}
	if p.LocalAuthorities, err = syncNamed(ctx, tx, "local_authorities", p.ID, before.LocalAuthorities, p.LocalAuthorities); err != nil {
		return p, err
	}
	p.Localities, err = syncNamed(ctx, tx, "localities", p.ID, before.Localities, p.Localities)
	return p, err
}

// syncNamed makes the stored rows of table for partnership pid equal want:
// rows whose id is in want are renamed and reordered, rows with id 0 are
// inserted, stored rows missing from want are deleted. Names are first
// parked under a temporary value so that swapping two names does not trip
// the unique constraint.
func syncNamed(ctx context.Context, tx *db.Tx, table string, pid int64, have, want []Named) ([]Named, error) {
	// An id this partnership does not hold (a form read before someone else
	// removed that row, or a tampered one) is saved as a new row rather
	// than silently dropped.
	stored := map[int64]bool{}
	for _, h := range have {
		stored[h.ID] = true
	}
	want = slices.Clone(want)
	keep := map[int64]bool{}
	for i, w := range want {
		if !stored[w.ID] {
			want[i].ID = 0
		}
		keep[want[i].ID] = true
	}
	for _, h := range have {
		if !keep[h.ID] {
			_, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE id = $1 AND partnership_id = $2", h.ID, pid)
			if db.IsForeignKeyViolation(err) {
				field, what := "localities", "members of governance bodies or other records refer to this locality"
				if table == "local_authorities" {
					field, what = "local_authorities", "members of governance bodies or other records refer to this council"
				}
				return nil, valid.Errors{{Field: field, Message: fmt.Sprintf("%s cannot be removed: %s. Rename it instead, or change those records first", h.Name, what)}}
			}
			if err != nil {
				return nil, fmt.Errorf("remove %q: %w", h.Name, err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET name = '~' || CAST(id AS TEXT) WHERE partnership_id = $1", pid); err != nil {
		return nil, err
	}
	out := make([]Named, 0, len(want))
	for i, w := range want {
		var err error
		if w.ID != 0 {
			_, err = tx.ExecContext(ctx, "UPDATE "+table+" SET name = $1, position = $2 WHERE id = $3 AND partnership_id = $4",
				w.Name, i, w.ID, pid)
		} else {
			err = tx.QueryRowContext(ctx, "INSERT INTO "+table+" (partnership_id, name, position) VALUES ($1, $2, $3) RETURNING id",
				pid, w.Name, i).Scan(&w.ID)
		}
		if err != nil {
			return nil, fmt.Errorf("save %s %q: %w", table, w.Name, err)
		}
		out = append(out, w)
	}
	return out, nil
}

// tidy trims names and drops blank local authorities and localities (the
// form offers spare empty rows).
func tidy(p Partnership) Partnership {
	p.Name = strings.TrimSpace(p.Name)
	p.Slug = strings.TrimSpace(p.Slug)
	p.HealthBoard = strings.TrimSpace(p.HealthBoard)
	p.LocalAuthorities = nonBlank(p.LocalAuthorities)
	p.Localities = nonBlank(p.Localities)
	return p
}

func nonBlank(ns []Named) []Named {
	var out []Named
	for _, n := range ns {
		n.Name = strings.TrimSpace(n.Name)
		if n.Name != "" {
			out = append(out, n)
		}
	}
	return out
}

func uniqueAsField(err error) error {
	if !db.IsUniqueViolation(err) {
		return err
	}
	var errs valid.Errors
	switch s := err.Error(); {
	case strings.Contains(s, "slug"):
		errs.Add("slug", "Another partnership already uses this web address name")
	case strings.Contains(s, "code"):
		errs.Add("code", "Another partnership already has this official code")
	default:
		errs.Add("name", "Another partnership already has this name")
	}
	return errs
}

// snapshot is what the audit log keeps of a partnership.
func snapshot(p Partnership) map[string]any {
	return map[string]any{
		"slug": p.Slug, "code": p.Code, "name": p.Name, "model": p.Model, "health_board": p.HealthBoard,
		"local_authorities": p.LocalAuthorityNames(), "localities": p.LocalityNames(),
	}
}

// Functions lists the functions delegated to the partnership, by kind and
// name.
func (s *Store) Functions(ctx context.Context) ([]Function, error) {
	return FunctionsOf(ctx, s.db, s.p.ID)
}

// FunctionsOf lists partnership pid's delegated functions, by kind and
// name, for another room reading inside its own transaction (directions
// checks that each has a current direction).
func FunctionsOf(ctx context.Context, q db.Querier, pid int64) ([]Function, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, partnership_id, name, partner, kind, set_aside FROM delegated_functions
		WHERE partnership_id = $1 ORDER BY kind, name`, pid)
	if err != nil {
		return nil, fmt.Errorf("list delegated functions: %w", err)
	}
	defer rows.Close()
	var fs []Function
	for rows.Next() {
		var f Function
		if err := rows.Scan(&f.ID, &f.PartnershipID, &f.Name, &f.Partner, &f.Kind, &f.SetAside); err != nil {
			return nil, err
		}
		fs = append(fs, f)
	}
	return fs, rows.Err()
}

// AddFunction validates a delegated function against the partnership's
// partners and stores it, with its audit entry, in one transaction.
func (s *Store) AddFunction(ctx context.Context, f Function, by audit.Actor) (Function, error) {
	f.Name = strings.TrimSpace(f.Name)
	f.PartnershipID = s.p.ID
	if err := ValidateFunction(s.p, f); err != nil {
		return f, err
	}
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO delegated_functions (partnership_id, name, partner, kind, set_aside)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, s.p.ID, f.Name, f.Partner, f.Kind, f.SetAside).Scan(&f.ID)
		if db.IsUniqueViolation(err) {
			return valid.Errors{{Field: "name", Message: "This function is already listed"}}
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "create",
			Entity: "delegated function", EntityID: f.ID, Summary: "Added delegated function " + f.Name}, nil, f)
	})
	return f, err
}

// RemoveFunction deletes one of the partnership's delegated functions, with
// its audit entry, in one transaction. A function of another partnership
// is valid.ErrNotFound, and stays.
func (s *Store) RemoveFunction(ctx context.Context, id int64, by audit.Actor) error {
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var f Function
		err := tx.QueryRowContext(ctx, `SELECT id, partnership_id, name, partner, kind FROM delegated_functions
			WHERE id = $1 AND partnership_id = $2`, id, s.p.ID).Scan(&f.ID, &f.PartnershipID, &f.Name, &f.Partner, &f.Kind)
		if err != nil {
			return valid.NotFound(err)
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM delegated_functions WHERE id = $1 AND partnership_id = $2", id, s.p.ID)
		if db.IsForeignKeyViolation(err) {
			return valid.Errors{{Field: "name", Message: f.Name + " cannot be removed: consultations or other records refer to it"}}
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "delete",
			Entity: "delegated function", EntityID: id, Summary: "Removed delegated function " + f.Name}, f, nil)
	})
}

// Populations returns the population of each of partnership pid's
// localities, as its staff entered it (SetPopulations), by locality id:
// localities without one are left out. Another room reads it inside its
// own transaction (consult.ReachOf compares the responses with it).
func Populations(ctx context.Context, q db.Querier, pid int64) (map[int64]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, population FROM localities WHERE partnership_id = $1 AND population > 0`, pid)
	if err != nil {
		return nil, fmt.Errorf("read locality populations: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
