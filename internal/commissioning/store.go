package commissioning

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// Store reads and writes one partnership's commissioning work: work items,
// their stages, the involvement keyed in and the links to other rooms'
// records, stamping times with its clock. Every query is limited to the
// partnership, child tables included: a record of another partnership,
// looked up by its id, is valid.ErrNotFound. Each change is one method in
// one transaction, with its audit entry.
type Store struct {
	db  *db.DB
	p   partnership.Partnership
	now civil.Clock
}

// StoreFor is the store of partnership p's commissioning work on the clock
// now (nil for the system clock).
func StoreFor(d *db.DB, p partnership.Partnership, now civil.Clock) *Store {
	if now == nil {
		now = civil.SystemClock
	}
	return &Store{db: d, p: p, now: now}
}

// Partnership is the partnership the store is bound to.
func (s *Store) Partnership() partnership.Partnership { return s.p }

func noRow(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return valid.ErrNotFound
	}
	return err
}

// ownItem limits a child table's work_item_id to the partnership's work
// items; its one parameter is the partnership's id.
const ownItem = ` work_item_id IN (SELECT id FROM work_items WHERE partnership_id = $1) `

const selectItem = `SELECT id, title, description, kind, localities, functions, arrangements, published_at, created_at, updated_at FROM work_items`

func scanItem(r interface{ Scan(...any) error }) (Item, error) {
	var it Item
	var locs, fns, arrs string
	var pub sql.NullTime
	if err := r.Scan(&it.ID, &it.Title, &it.Description, &it.Kind, &locs, &fns, &arrs, &pub, &it.CreatedAt, &it.UpdatedAt); err != nil {
		return it, noRow(err)
	}
	it.PublishedAt = pub.Time
	it.Localities, it.Functions, it.Arrangements = parseIDs(locs), parseIDs(fns), parseIDs(arrs)
	it.Stages = map[string]StageRecord{}
	return it, nil
}

// parseIDs reads a comma-separated list of ids.
func parseIDs(s string) []int64 {
	var out []int64
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// joinIDs writes a list of ids comma-separated.
func joinIDs(ids []int64) string {
	var ss []string
	for _, id := range ids {
		ss = append(ss, strconv.FormatInt(id, 10))
	}
	return strings.Join(ss, ",")
}

// Items returns every work item of the partnership, oldest first, each
// with its stages, every involvement (keyed in, and read from the records
// linked to it) and every decision those records hold.
func (s *Store) Items(ctx context.Context) ([]Item, error) {
	return s.items(ctx, s.db, 0)
}

// Item returns one of the partnership's work items, read as Items reads
// them, or valid.ErrNotFound.
func (s *Store) Item(ctx context.Context, id int64) (Item, error) {
	its, err := s.items(ctx, s.db, id)
	if err != nil {
		return Item{}, err
	}
	if len(its) == 0 {
		return Item{}, valid.ErrNotFound
	}
	return its[0], nil
}

// items reads the partnership's work items, or the one with id when id is
// not 0.
func (s *Store) items(ctx context.Context, q db.Querier, id int64) ([]Item, error) {
	pid := s.p.ID
	where, args := " WHERE partnership_id = $1", []any{pid}
	childWhere := ownItem
	if id != 0 {
		where += " AND id = $2"
		childWhere += " AND work_item_id = $2"
		args = append(args, id)
	}
	rows, err := q.QueryContext(ctx, selectItem+where+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("list work items: %w", err)
	}
	var items []Item
	index := map[int64]int{}
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		index[it.ID] = len(items)
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, nil
	}

	// Stages.
	rows, err = q.QueryContext(ctx, `SELECT work_item_id, stage, status, started_on, finished_on FROM work_item_stages WHERE`+childWhere, args...)
	if err != nil {
		return nil, fmt.Errorf("work item stages: %w", err)
	}
	for rows.Next() {
		var wid int64
		var sr StageRecord
		if err := rows.Scan(&wid, &sr.Code, &sr.Status, &sr.Started, &sr.Finished); err != nil {
			rows.Close()
			return nil, err
		}
		if i, ok := index[wid]; ok {
			items[i].Stages[sr.Code] = sr
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Involvement keyed in.
	rows, err = q.QueryContext(ctx, `SELECT work_item_id, id, stage, on_date, activity, depth, taking, localities, asked, outcome,
		changed, named FROM involvements WHERE`+childWhere+` ORDER BY on_date, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("involvements: %w", err)
	}
	for rows.Next() {
		var wid int64
		var inv Involvement
		var taking, locs string
		if err := rows.Scan(&wid, &inv.ID, &inv.Stage, &inv.On, &inv.Activity, &inv.Depth, &taking, &locs, &inv.Asked,
			&inv.Outcome, &inv.Changed, &inv.Named); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(taking), &inv.Taking); err != nil {
			rows.Close()
			return nil, fmt.Errorf("involvement %d: %w", inv.ID, err)
		}
		inv.Localities = parseIDs(locs)
		inv.Source = Source{Kind: Recorded}
		if i, ok := index[wid]; ok {
			items[i].Involvements = append(items[i].Involvements, inv)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Links, then what they bring.
	rows, err = q.QueryContext(ctx, `SELECT work_item_id, id, kind, record_id, stage, depth FROM work_item_links WHERE`+childWhere+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("work item links: %w", err)
	}
	for rows.Next() {
		var wid int64
		var l Link
		if err := rows.Scan(&wid, &l.ID, &l.Kind, &l.RecordID, &l.Stage, &l.Depth); err != nil {
			rows.Close()
			return nil, err
		}
		if i, ok := index[wid]; ok {
			items[i].Links = append(items[i].Links, l)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range items {
		if err := s.resolve(ctx, q, &items[i]); err != nil {
			return nil, err
		}
		sortEvidence(&items[i])
	}
	return items, nil
}

// sortEvidence puts an item's involvement and decisions in date order.
func sortEvidence(it *Item) {
	slices.SortStableFunc(it.Involvements, func(a, b Involvement) int { return strings.Compare(string(a.On), string(b.On)) })
	slices.SortStableFunc(it.Decisions, func(a, b Decision) int { return strings.Compare(string(a.On), string(b.On)) })
}

// --- writes ---

func (s *Store) checkIDs(ctx context.Context, q db.Querier, it Item) valid.Errors {
	var errs valid.Errors
	for _, l := range it.Localities {
		if !slices.ContainsFunc(s.p.Localities, func(n partnership.Named) bool { return n.ID == l }) {
			errs.Add("localities", "Choose localities of this partnership.")
			break
		}
	}
	for _, f := range it.Functions {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM delegated_functions WHERE partnership_id = $1 AND id = $2`, s.p.ID, f).Scan(&n); err != nil || n == 0 {
			errs.Add("functions", "Choose delegated functions of this partnership.")
			break
		}
	}
	for _, a := range it.Arrangements {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM arrangements a JOIN plan_versions v ON v.id = a.version_id
			JOIN plans p ON p.id = v.plan_id WHERE p.partnership_id = $1 AND a.id = $2`, s.p.ID, a).Scan(&n); err != nil || n == 0 {
			errs.Add("arrangements", "Choose arrangements of this partnership's strategic plans.")
			break
		}
	}
	return errs
}

// CreateItem records a new piece of commissioning work, every stage not
// started.
func (s *Store) CreateItem(ctx context.Context, it Item, by audit.Actor) (Item, error) {
	it = cleanItem(it)
	errs := ValidateItem(it)
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if errs = append(errs, s.checkIDs(ctx, tx, it)...); len(errs) > 0 {
			return errs
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO work_items (partnership_id, title, description, kind, localities, functions,
			arrangements, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			s.p.ID, it.Title, it.Description, string(it.Kind), joinIDs(it.Localities), joinIDs(it.Functions), joinIDs(it.Arrangements),
			now).Scan(&it.ID); err != nil {
			return fmt.Errorf("create work item: %w", err)
		}
		it.CreatedAt, it.UpdatedAt, it.Stages = now, now, map[string]StageRecord{}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "create",
			Entity: "commissioning work", EntityID: it.ID, Summary: "Started commissioning work: " + it.Title}, nil, it)
	})
	return it, err
}

// UpdateItem changes a work item's title, description, kind, localities,
// delegated functions and linked arrangements.
func (s *Store) UpdateItem(ctx context.Context, it Item, by audit.Actor) error {
	it = cleanItem(it)
	errs := ValidateItem(it)
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := scanItem(tx.QueryRowContext(ctx, selectItem+` WHERE partnership_id = $1 AND id = $2`, s.p.ID, it.ID))
		if err != nil {
			return err
		}
		if errs = append(errs, s.checkIDs(ctx, tx, it)...); len(errs) > 0 {
			return errs
		}
		if _, err := tx.ExecContext(ctx, `UPDATE work_items SET title = $1, description = $2, kind = $3, localities = $4, functions = $5,
			arrangements = $6, updated_at = $7 WHERE partnership_id = $8 AND id = $9`, it.Title, it.Description, string(it.Kind),
			joinIDs(it.Localities), joinIDs(it.Functions), joinIDs(it.Arrangements), now, s.p.ID, it.ID); err != nil {
			return fmt.Errorf("update work item: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "update",
			Entity: "commissioning work", EntityID: it.ID, Summary: "Changed commissioning work: " + it.Title}, before, it)
	})
}

// PublishItem lists a work item on the partnership's public page of
// commissioning work. Once published it stays listed; later changes show.
func (s *Store) PublishItem(ctx context.Context, id int64, by audit.Actor) error {
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		it, err := scanItem(tx.QueryRowContext(ctx, selectItem+` WHERE partnership_id = $1 AND id = $2`, s.p.ID, id))
		if err != nil {
			return err
		}
		if !it.PublishedAt.IsZero() {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE work_items SET published_at = $1, updated_at = $1 WHERE partnership_id = $2 AND id = $3`,
			now, s.p.ID, id); err != nil {
			return fmt.Errorf("publish work item: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "publish",
			Entity: "commissioning work", EntityID: id, Summary: "Published commissioning work: " + it.Title}, nil, nil)
	})
}

// SetStage records where a stage of a work item has got to, with its dates.
func (s *Store) SetStage(ctx context.Context, id int64, sr StageRecord, by audit.Actor) error {
	if errs := ValidateStage(sr); len(errs) > 0 {
		return errs
	}
	if sr.Status == NotStarted {
		sr.Started, sr.Finished = "", ""
	}
	if sr.Status == UnderWay {
		sr.Finished = ""
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		it, err := scanItem(tx.QueryRowContext(ctx, selectItem+` WHERE partnership_id = $1 AND id = $2`, s.p.ID, id))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM work_item_stages WHERE work_item_id = $1 AND stage = $2`, id, sr.Code); err != nil {
			return fmt.Errorf("set stage: %w", err)
		}
		if sr.Status != NotStarted {
			if _, err := tx.ExecContext(ctx, `INSERT INTO work_item_stages (work_item_id, stage, status, started_on, finished_on)
				VALUES ($1, $2, $3, $4, $5)`, id, sr.Code, string(sr.Status), sr.Started, sr.Finished); err != nil {
				return fmt.Errorf("set stage: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE work_items SET updated_at = $1 WHERE id = $2`, now, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "update",
			Entity: "commissioning work", EntityID: id, Summary: fmt.Sprintf("Marked stage %s of %s %s", sr.Code, it.Title, sr.Status.Name())}, nil, sr)
	})
}

// SaveInvolvement records involvement keyed in at a stage of a work item:
// a new one when inv.ID is 0, else a change to that one. Names are kept
// only when consent is true: the people named agreed to it.
func (s *Store) SaveInvolvement(ctx context.Context, itemID int64, inv Involvement, consent bool, by audit.Actor) (Involvement, error) {
	inv = cleanInvolvement(inv)
	errs := ValidateInvolvement(inv, consent)
	for _, l := range inv.Localities {
		if !slices.ContainsFunc(s.p.Localities, func(n partnership.Named) bool { return n.ID == l }) {
			errs.Add("localities", "Choose localities of this partnership.")
			break
		}
	}
	if len(errs) > 0 {
		return inv, errs
	}
	inv.Source = Source{Kind: Recorded}
	taking, _ := json.Marshal(inv.Taking)
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		it, err := scanItem(tx.QueryRowContext(ctx, selectItem+` WHERE partnership_id = $1 AND id = $2`, s.p.ID, itemID))
		if err != nil {
			return err
		}
		action, summary := "create", "Recorded involvement in "+it.Title
		if inv.ID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO involvements (work_item_id, stage, on_date, activity, depth, taking, localities,
				asked, outcome, changed, named, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
				itemID, inv.Stage, string(inv.On), string(inv.Activity), int(inv.Depth), string(taking), joinIDs(inv.Localities),
				inv.Asked, inv.Outcome, inv.Changed, inv.Named, now).Scan(&inv.ID); err != nil {
				return fmt.Errorf("record involvement: %w", err)
			}
		} else {
			action, summary = "update", "Changed involvement in "+it.Title
			res, err := tx.ExecContext(ctx, `UPDATE involvements SET stage = $1, on_date = $2, activity = $3, depth = $4, taking = $5,
				localities = $6, asked = $7, outcome = $8, changed = $9, named = $10, updated_at = $11 WHERE id = $12 AND work_item_id = $13`,
				inv.Stage, string(inv.On), string(inv.Activity), int(inv.Depth), string(taking), joinIDs(inv.Localities), inv.Asked,
				inv.Outcome, inv.Changed, inv.Named, now, inv.ID, itemID)
			if err != nil {
				return fmt.Errorf("change involvement: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return valid.ErrNotFound
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE work_items SET updated_at = $1 WHERE id = $2`, now, itemID); err != nil {
			return err
		}
		// Names stay out of the audit log's copy: it is read more widely
		// than the work item's own page.
		logged := inv
		logged.Named = ""
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: action,
			Entity: "commissioning involvement", EntityID: inv.ID, Summary: summary}, nil, logged)
	})
	return inv, err
}

// RemoveInvolvement removes involvement keyed in on a work item.
func (s *Store) RemoveInvolvement(ctx context.Context, itemID, id int64, by audit.Actor) error {
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM involvements WHERE id = $2 AND work_item_id = $3 AND`+ownItem, s.p.ID, id, itemID)
		if err != nil {
			return fmt.Errorf("remove involvement: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return valid.ErrNotFound
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "delete",
			Entity: "commissioning involvement", EntityID: id, Summary: "Removed involvement from commissioning work"}, nil, nil)
	})
}

// AddLink links one of the partnership's records at a stage of a work
// item, at the depth chosen (DefaultDepth when 0). The record must be the
// partnership's and of a kind that can be linked (LinkKinds).
func (s *Store) AddLink(ctx context.Context, itemID int64, l Link, by audit.Actor) (Link, error) {
	if l.Depth == 0 {
		l.Depth = DefaultDepth(l.Kind)
	}
	if errs := ValidateLink(l); len(errs) > 0 {
		return l, errs
	}
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		it, err := scanItem(tx.QueryRowContext(ctx, selectItem+` WHERE partnership_id = $1 AND id = $2`, s.p.ID, itemID))
		if err != nil {
			return err
		}
		if _, err := s.linkable(ctx, tx, l.Kind, l.RecordID); err != nil {
			if errors.Is(err, valid.ErrNotFound) {
				return valid.Errors{{Field: "record", Message: "Choose one of this partnership's records."}}
			}
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO work_item_links (work_item_id, kind, record_id, stage, depth, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, itemID, string(l.Kind), l.RecordID, l.Stage, int(l.Depth), now).Scan(&l.ID); err != nil {
			if db.IsUniqueViolation(err) {
				return valid.Errors{{Field: "record", Message: "That record is already linked at this stage."}}
			}
			return fmt.Errorf("link record: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE work_items SET updated_at = $1 WHERE id = $2`, now, itemID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "create",
			Entity: "commissioning link", EntityID: l.ID, Summary: "Linked a record to " + it.Title}, nil, l)
	})
	return l, err
}

// RemoveLink unlinks a record from a work item.
func (s *Store) RemoveLink(ctx context.Context, itemID, id int64, by audit.Actor) error {
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM work_item_links WHERE id = $2 AND work_item_id = $3 AND`+ownItem, s.p.ID, id, itemID)
		if err != nil {
			return fmt.Errorf("remove link: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return valid.ErrNotFound
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "delete",
			Entity: "commissioning link", EntityID: id, Summary: "Unlinked a record from commissioning work"}, nil, nil)
	})
}

// day is the store's clock's date in Scotland.
func (s *Store) day() civil.Date { return civil.Day(s.now()) }
