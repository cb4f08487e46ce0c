// Package audit keeps the audit log: who changed which governance record,
// when, and what it was before and after. Entries are written in the same
// transaction as the change they describe, so the log never misses a change
// and never records one that did not happen.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"coplan/internal/db"
	"coplan/internal/db/generation"
)

// Actor is who made a change: a signed-in person, or a command run by an
// operator (UserID 0).
type Actor struct {
	UserID int64
	Name   string
}

// System is the actor for changes made from the command line.
var System = Actor{Name: "coplan command line"}

// Entry is one line of the audit log.
type Entry struct {
	ID            int64
	PartnershipID int64 // 0 when the change belongs to no partnership
	Actor         Actor
	At            time.Time
	Action        string // "create", "update", "delete", ...
	Entity        string // "partnership", "delegated function", "user", ...
	EntityID      int64
	Summary       string // a sentence a reader understands without the JSON
	Before, After string // JSON of the record before and after; "" when absent
}

// Record writes e inside q (normally the transaction making the change).
// before and after are marshalled to JSON; pass nil for a record that did
// not exist before (create) or does not exist after (delete).
//
// It also raises the generation of e's partnership (package generation):
// every audited change may alter one of its public pages, so every instance
// stops serving those pages from memory once the change commits.
func Record(ctx context.Context, q db.Querier, e Entry, before, after any) error {
	b, err := marshal(before)
	if err != nil {
		return err
	}
	a, err := marshal(after)
	if err != nil {
		return err
	}
	if e.At.IsZero() {
		// Every change is dated by its store's clock; an undated entry is a
		// programming error, refused rather than dated by another clock.
		return fmt.Errorf("write audit log: entry %q has no time", e.Summary)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO audit_log
		(partnership_id, actor_id, actor, at, action, entity, entity_id, summary, before_json, after_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		nullID(e.PartnershipID), nullID(e.Actor.UserID), e.Actor.Name, e.At, e.Action, e.Entity,
		nullID(e.EntityID), e.Summary, b, a)
	if err != nil {
		return fmt.Errorf("write audit log: %w", err)
	}
	if e.PartnershipID != 0 {
		return generation.Bump(ctx, q, e.PartnershipID)
	}
	return nil
}

// ForPartnership returns the newest entries about one partnership, at most
// limit of them, newest first.
func ForPartnership(ctx context.Context, q db.Querier, partnershipID int64, limit int) ([]Entry, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, COALESCE(partnership_id, 0), COALESCE(actor_id, 0), actor, at,
		action, entity, COALESCE(entity_id, 0), summary, COALESCE(before_json, ''), COALESCE(after_json, '')
		FROM audit_log WHERE partnership_id = $1 ORDER BY id DESC LIMIT $2`, partnershipID, limit)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	var es []Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.PartnershipID, &e.Actor.UserID, &e.Actor.Name, &e.At, &e.Action,
			&e.Entity, &e.EntityID, &e.Summary, &e.Before, &e.After); err != nil {
			return nil, err
		}
		es = append(es, e)
	}
	return es, rows.Err()
}

func marshal(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	return string(b), nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
