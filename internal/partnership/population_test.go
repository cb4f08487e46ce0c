package partnership_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
)

// A locality's population is a whole number up to MaxPopulation, commas
// allowed, blank for not known.
func TestValidatePopulations(t *testing.T) {
	p := glen()
	for i := range p.Localities {
		p.Localities[i].ID = int64(i + 1)
	}
	for _, c := range []struct {
		typed map[int64]string
		want  map[int64]int64
		bad   []string
	}{
		{map[int64]string{1: "12500", 2: "1,200", 3: ""}, map[int64]int64{1: 12500, 2: 1200, 3: 0}, nil},
		{map[int64]string{1: "lots", 2: "-3", 3: "10000001"}, nil, []string{"population-1", "population-2", "population-3"}},
		{map[int64]string{1: "10000000", 99: "5"}, map[int64]int64{1: 10_000_000, 2: 0, 3: 0}, nil}, // another's locality is ignored
	} {
		got, errs := partnership.ValidatePopulations(p, c.typed)
		var bad []string
		for _, e := range errs {
			bad = append(bad, e.Field)
		}
		if !reflect.DeepEqual(bad, c.bad) || (c.bad == nil && !reflect.DeepEqual(got, c.want)) {
			t.Errorf("%v: %v with errors %v, want %v with %v", c.typed, got, bad, c.want, c.bad)
		}
	}
}

// Populations are stored for the partnership's own localities only, with
// an audit entry, and read back by Populations (blank ones left out).
func TestSetPopulations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := create(t, d, glen())
		other := glen()
		other.Slug, other.Name, other.HealthBoard = "other", "Other", "NHS Other"
		o := create(t, d, other)
		st := partnership.StoreFor(d, p, time.Now)
		typed := map[int64]string{p.Localities[0].ID: "4,000", p.Localities[1].ID: "", o.Localities[0].ID: "7"}
		if err := st.SetPopulations(ctx, typed, audit.System); err != nil {
			t.Fatal(err)
		}
		got, err := partnership.Populations(ctx, d, p.ID)
		if err != nil || !reflect.DeepEqual(got, map[int64]int64{p.Localities[0].ID: 4000}) {
			t.Errorf("populations %v, %v", got, err)
		}
		if got, _ := partnership.Populations(ctx, d, o.ID); len(got) != 0 {
			t.Errorf("another partnership's localities were given populations: %v", got)
		}
		if err := st.SetPopulations(ctx, map[int64]string{p.Localities[0].ID: "x"}, audit.System); err == nil {
			t.Error("a population that is not a number was stored")
		}
		if got, _ := partnership.Populations(ctx, d, p.ID); got[p.Localities[0].ID] != 4000 {
			t.Errorf("a refused change changed %v", got)
		}
	})
}
