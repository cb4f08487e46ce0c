package consult_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
)

// The checking queue lists the responses waiting to be checked across a
// partnership's consultations, oldest first, a page at a time, counted by
// the database; another partnership's never appear. The open consultations
// are counted the same way. issue 10, item 16
func TestCheckingQueueAndOpenCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a, b := newPartnership(t, d, "alpha"), newPartnership(t, d, "beta")
		now := time.Now()
		open := func(st *consult.Store, title string, opens, closes time.Time) consult.Consultation {
			t.Helper()
			c, _, err := st.CreateConsultation(ctx, consult.Consultation{Title: title, Audience: consult.Public,
				OpensAt: opens, ClosesAt: closes}, sample(), audit.System)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.SetStage(ctx, c.ID, "published", audit.System); err != nil {
				t.Fatal(err)
			}
			c, err = st.Consultation(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		enter := func(st *consult.Store, c consult.Consultation, name string) consult.Response {
			t.Helper()
			r, err := st.EnterResponse(ctx, c, consult.Response{Channel: consult.Paper,
				Respondent: consult.Respondent{Type: consult.Individual, Name: name, Publish: consult.WithName, ContactSet: true}}, "TST", audit.System)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		var i int
		stAt := func(pid int64) *consult.Store { // each response a second later
			return consult.StoreFor(d, partnership.Partnership{ID: pid}, func() time.Time { i++; return now.Add(time.Duration(i) * time.Second) })
		}
		stA, stB := stAt(a.ID), stAt(b.ID)
		current := open(stA, "Open now", now.Add(-time.Hour), now.Add(time.Hour))
		closed := open(stA, "Closed", now.Add(-48*time.Hour), now.Add(-24*time.Hour))
		var first consult.Response
		for n := range 3 {
			r := enter(stA, closed, fmt.Sprintf("Closed %d", n))
			if n == 0 {
				first = r
			}
			enter(stA, current, fmt.Sprintf("Open %d", n))
		}
		checked := enter(stA, current, "Checked")
		if err := stA.SetCheck(ctx, current, checked.ID, consult.Accepted, "", nil, audit.System); err != nil {
			t.Fatal(err)
		}
		enter(stB, open(stB, "B's", now.Add(-time.Hour), now.Add(time.Hour)), "Not A's")

		q, err := stA.CheckingQueue(ctx, 0, 4)
		if err != nil {
			t.Fatal(err)
		}
		if q.Total != 6 || len(q.Waiting) != 4 || q.Waiting[0].ResponseID != first.ID || q.Waiting[0].Consultation != "Closed" {
			t.Fatalf("first page: total %d, %d listed, first %+v; want 6, 4, the first response to the closed consultation", q.Total, len(q.Waiting), q.Waiting)
		}
		if q, err = stA.CheckingQueue(ctx, 4, 4); err != nil || len(q.Waiting) != 2 {
			t.Fatalf("second page: %d listed (%v), want 2", len(q.Waiting), err)
		}
		for _, w := range q.Waiting {
			if w.ResponseID == checked.ID {
				t.Error("a checked response is in the queue")
			}
		}
		os, err := stA.OpenConsultations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(os) != 1 || os[0].ID != current.ID || os[0].Received != 4 || os[0].ToCheck != 3 {
			t.Errorf("open consultations %+v, want only %q with 4 responses, 3 to check", os, current.Title)
		}
	})
}
