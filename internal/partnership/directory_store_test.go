package partnership_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/db/generation"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

func listGeneration(t *testing.T, d *db.DB) int64 {
	t.Helper()
	s, err := generation.Read(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return s.Of(generation.All)
}

// Creating, changing and importing partnerships raise the list's
// generation, and the directory reads the list again then, and only then.
func TestDirectoryFollowsTheListsGeneration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		dir := partnership.NewDirectory(d, func(ctx context.Context) (int64, error) {
			return listGeneration(t, d), nil
		})
		g0 := listGeneration(t, d)
		p := create(t, d, glen())
		if g := listGeneration(t, d); g != g0+1 {
			t.Fatalf("Create: list generation %d, want %d", g, g0+1)
		}
		got, err := dir.BySlug(ctx, "glen-test")
		if err != nil || got.ID != p.ID {
			t.Fatalf("BySlug: %+v, %v", got, err)
		}
		// Changed behind the generations' back: the directory keeps what
		// it read.
		if _, err := d.ExecContext(ctx, "UPDATE partnerships SET name = 'Unseen' WHERE id = $1", p.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := dir.BySlug(ctx, "glen-test"); got.Name != "Glen Test" {
			t.Fatalf("directory read the database without a new generation: %q", got.Name)
		}
		// Changed through the store: seen.
		p.Name = "Glen Renamed"
		if _, err := partnership.StoreFor(d, p, time.Now).Update(ctx, p, officer); err != nil {
			t.Fatal(err)
		}
		if got, _ := dir.BySlug(ctx, "glen-test"); got.Name != "Glen Renamed" {
			t.Fatalf("after Update the directory has %q", got.Name)
		}
		ps, err := dir.List(ctx)
		if err != nil || len(ps) != 1 || ps[0].Name != "Glen Renamed" {
			t.Fatalf("List: %v, %v", ps, err)
		}
		// Changing one's copy changes nothing for others.
		got, _ = dir.BySlug(ctx, "glen-test")
		got.Localities[0].Name = "Scribbled"
		if again, _ := dir.BySlug(ctx, "glen-test"); again.Localities[0].Name == "Scribbled" {
			t.Fatal("a caller's change reached the directory")
		}
		if _, err := dir.BySlug(ctx, "nowhere"); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("unknown slug: %v", err)
		}
		before := listGeneration(t, d)
		in := glen()
		in.Slug, in.Name, in.Code = "imported", "Imported", "S37000099"
		if _, err := partnership.Import(ctx, d, []partnership.Partnership{in}, officer, time.Now()); err != nil {
			t.Fatal(err)
		}
		if g := listGeneration(t, d); g <= before {
			t.Fatalf("Import left the list's generation at %d", g)
		}
		if _, err := dir.BySlug(ctx, "imported"); err != nil {
			t.Fatalf("imported partnership not found: %v", err)
		}
	})
}
