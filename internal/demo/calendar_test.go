package demo

import (
	"context"
	"testing"
	"time"

	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
)

// The demo reads as real whatever day it is loaded: no meeting falls on a
// Saturday or Sunday, every consultation opens in the morning (between 8:00
// and 12:00), no paper is issued at a weekend or in the future, and the
// seed-003 consultation has responses waiting to be checked.
// issue 10, item 17
func TestDemoCalendarIsBelievable(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)
	start := time.Date(2026, 12, 3, 9, 15, 0, 0, civil.London) // a Thursday
	for i := range 7 {
		now := start.AddDate(0, 0, i)
		if err := Load(ctx, d, func() time.Time { return now }); err != nil {
			t.Fatalf("load on %s: %v", now.Weekday(), err)
		}
		p, err := partnership.BySlug(ctx, d, Slug)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := d.QueryContext(ctx, `SELECT m.title, m.starts_at FROM meetings m JOIN bodies b ON b.id = m.body_id
			WHERE b.partnership_id = $1`, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var meetings int
		for rows.Next() {
			var title string
			var at time.Time
			if err := rows.Scan(&title, &at); err != nil {
				t.Fatal(err)
			}
			meetings++
			if wd := at.In(civil.London).Weekday(); wd == time.Saturday || wd == time.Sunday {
				t.Errorf("loaded on a %s: the meeting %q falls on a %s", now.Weekday(), title, wd)
			}
		}
		rows.Close()
		if meetings == 0 {
			t.Fatal("the demo has no meetings")
		}
		prow, err := d.QueryContext(ctx, `SELECT p.title, p.issued_at FROM papers p JOIN meetings m ON m.id = p.meeting_id
			JOIN bodies b ON b.id = m.body_id WHERE b.partnership_id = $1 AND p.issued_at IS NOT NULL`, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for prow.Next() {
			var title string
			var at time.Time
			if err := prow.Scan(&title, &at); err != nil {
				t.Fatal(err)
			}
			if wd := at.In(civil.London).Weekday(); wd == time.Saturday || wd == time.Sunday || at.After(now) {
				t.Errorf("loaded on a %s: the paper %q was issued on %s", now.Weekday(), title, at.In(civil.London).Format(time.RFC1123))
			}
		}
		prow.Close()
		st := consult.StoreFor(d, p, func() time.Time { return now })
		cs, err := st.Consultations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if h := c.OpensAt.In(civil.London).Hour(); h < 8 || h >= 12 {
				t.Errorf("the consultation %q opens at %s", c.Title, c.OpensAt.In(civil.London).Format("3:04pm"))
			}
			if c.Title != GuidanceTitle {
				continue
			}
			rs, err := st.Responses(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			waiting := 0
			for _, r := range rs {
				if r.Check == consult.Unchecked {
					waiting++
				}
			}
			if waiting == 0 {
				t.Errorf("the seed-003 consultation has no responses waiting to be checked")
			}
		}
	}
}
