package commissioning

import (
	"context"

	"coplan/internal/db"
	"coplan/internal/valid"
)

// linkable returns how pages name one of the partnership's records of kind
// k, or valid.ErrNotFound.
func (s *Store) linkable(ctx context.Context, q db.Querier, k SourceKind, id int64) (string, error) {
	return "", valid.ErrNotFound
}

// resolve reads what the records linked to it bring to a work item: its
// involvement and decisions, from the rooms that keep them.
func (s *Store) resolve(ctx context.Context, q db.Querier, it *Item) error {
	return nil
}
