package partnership

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/valid"
)

// MaxPopulation is the largest population a locality may be given: more
// than Scotland's (about 5.5 million at the 2022 census), so a slip of the
// keyboard is caught and no real locality refused.
const MaxPopulation = 10_000_000

// PopulationField is the form field of locality id's population.
func PopulationField(id int64) string { return "population-" + strconv.FormatInt(id, 10) }

// ValidatePopulations checks populations a partnership enters for its
// localities, given as typed (by locality id): a whole number from 0 (not
// known) to MaxPopulation, commas allowed. It returns them as numbers.
func ValidatePopulations(p Partnership, typed map[int64]string) (map[int64]int64, valid.Errors) {
	var errs valid.Errors
	out := map[int64]int64{}
	for _, l := range p.Localities {
		s := typed[l.ID]
		if s == "" {
			out[l.ID] = 0
			continue
		}
		n, err := strconv.ParseInt(stripCommas(s), 10, 64)
		if err != nil || n < 0 || n > MaxPopulation {
			errs.Add(PopulationField(l.ID), fmt.Sprintf("Enter the population of %s as a whole number, like 12500, or leave it blank", l.Name))
			continue
		}
		out[l.ID] = n
	}
	return out, errs
}

func stripCommas(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != ',' && s[i] != ' ' {
			out = append(out, s[i])
		}
	}
	return string(out)
}

// SetPopulations stores the population of each of the partnership's
// localities (0 for not known), as ValidatePopulations reads them from
// typed, with an audit entry, in one transaction. Reach compares each
// locality's share of a consultation's responses with its share of these
// (consult.ReachOf).
func (s *Store) SetPopulations(ctx context.Context, typed map[int64]string, by audit.Actor) error {
	want, errs := ValidatePopulations(s.p, typed)
	if len(errs) > 0 {
		return errs
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := Populations(ctx, tx, s.p.ID)
		if err != nil {
			return err
		}
		for _, id := range slices.Sorted(maps.Keys(want)) {
			if _, err := tx.ExecContext(ctx, `UPDATE localities SET population = $1 WHERE id = $2 AND partnership_id = $3`,
				want[id], id, s.p.ID); err != nil {
				return fmt.Errorf("set locality population: %w", err)
			}
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "update",
			Entity: "locality populations", EntityID: s.p.ID, Summary: "Changed the localities' populations"},
			map[string]any{"populations": before}, map[string]any{"populations": want})
	})
}
