package partnership

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/generation"
	"coplan/internal/refdata"
)

// ImportResult counts what an import did.
type ImportResult struct {
	Created, Updated, Unchanged int
}

// Import loads partnerships from the national list (or a file a national
// instance supplies), matching existing ones by official code: new codes are
// created, known ones have their name, model, health board, councils and
// localities brought into line (localities keep their ids where the name is
// unchanged). Everything happens in one transaction: if any partnership is
// invalid or cannot be saved, nothing is written and the error names it.
// Every change is stamped at now.
func Import(ctx context.Context, d *db.DB, ps []Partnership, by audit.Actor, now time.Time) (ImportResult, error) {
	var res ImportResult
	for i := range ps {
		ps[i] = tidy(ps[i])
		if ps[i].Code == "" {
			return res, fmt.Errorf("%s: an imported partnership needs its official code", ps[i].Name)
		}
		if err := Validate(ps[i]); err != nil {
			return res, fmt.Errorf("%s: %w", ps[i].Name, err)
		}
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		res = ImportResult{}
		if err := generation.Bump(ctx, tx, generation.All); err != nil {
			return err
		}
		for _, p := range ps {
			var id int64
			err := tx.QueryRowContext(ctx, "SELECT id FROM partnerships WHERE code = $1", p.Code).Scan(&id)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if id == 0 {
				saved, err := insert(ctx, tx, p, now)
				if err != nil {
					return fmt.Errorf("%s (%s): %w", p.Name, p.Code, err)
				}
				res.Created++
				if err := audit.Record(ctx, tx, audit.Entry{PartnershipID: saved.ID, Actor: by, At: now, Action: "import",
					Entity: "partnership", EntityID: saved.ID, Summary: "Imported partnership " + p.Name}, nil, snapshot(saved)); err != nil {
					return err
				}
				continue
			}
			before, err := ByID(ctx, tx, id)
			if err != nil {
				return err
			}
			p.ID = id
			p.LocalAuthorities = matchIDs(before.LocalAuthorities, p.LocalAuthorities)
			p.Localities = matchIDs(before.Localities, p.Localities)
			if same(before, p) {
				res.Unchanged++
				continue
			}
			after, err := update(ctx, tx, before, p, now)
			if err != nil {
				return fmt.Errorf("%s (%s): %w", p.Name, p.Code, err)
			}
			res.Updated++
			if err := audit.Record(ctx, tx, audit.Entry{PartnershipID: id, Actor: by, At: now, Action: "import",
				Entity: "partnership", EntityID: id, Summary: "Updated partnership " + p.Name + " from the national list"},
				snapshot(before), snapshot(after)); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// matchIDs gives each wanted name the id of the stored entry with that name.
func matchIDs(have, want []Named) []Named {
	ids := map[string]int64{}
	for _, h := range have {
		ids[strings.ToLower(h.Name)] = h.ID
	}
	out := make([]Named, len(want))
	for i, w := range want {
		out[i] = Named{ID: ids[strings.ToLower(w.Name)], Name: w.Name}
	}
	return out
}

func same(a, b Partnership) bool {
	return a.Name == b.Name && a.Model == b.Model && a.HealthBoard == b.HealthBoard &&
		strings.Join(a.LocalAuthorityNames(), "\n") == strings.Join(b.LocalAuthorityNames(), "\n") &&
		strings.Join(a.LocalityNames(), "\n") == strings.Join(b.LocalityNames(), "\n")
}

// FromReference turns reference-data authorities (the built-in national list
// or an import file) into partnerships ready for Import.
func FromReference(as []refdata.Authority) []Partnership {
	ps := make([]Partnership, len(as))
	for i, a := range as {
		p := Partnership{Code: a.Code, Slug: a.Slug, Name: a.Name, Model: a.Model, HealthBoard: a.HealthBoard}
		for _, la := range a.LocalAuthorities {
			p.LocalAuthorities = append(p.LocalAuthorities, Named{Name: la})
		}
		for _, l := range a.Localities {
			p.Localities = append(p.Localities, Named{Name: l})
		}
		ps[i] = p
	}
	return ps
}
