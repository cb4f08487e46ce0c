package governance_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/governance"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

var officer = audit.Actor{Name: "Test officer"}

// fixed is the clock of every store in these tests.
var fixed = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func clock() time.Time { return fixed }

// counts is how many rows each governance table (and the audit log) holds.
func counts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"bodies", "members", "seats", "seat_localities", "seat_events", "audit_log"} {
		var n int
		if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// side is one partnership's store with a body, a member and a held seat.
type side struct {
	p      partnership.Partnership
	st     *governance.Store
	body   governance.Body
	member governance.Member
	seat   governance.Seat
}

func newSide(t *testing.T, d *db.DB, slug, name string) side {
	t.Helper()
	ctx := context.Background()
	p, err := partnership.Create(ctx, d, partnership.Partnership{Slug: slug, Name: name, Model: "ijb", HealthBoard: "NHS " + name,
		LocalAuthorities: []partnership.Named{{Name: name + " Council"}},
		Localities:       []partnership.Named{{Name: name + " North"}, {Name: name + " South"}}}, officer, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s := side{p: p, st: governance.StoreFor(d, p, clock)}
	if s.body, err = s.st.SaveBody(ctx, governance.Body{Kind: governance.SPG, Name: name + " SPG", NoticeDays: 7}, officer); err != nil {
		t.Fatal(err)
	}
	if s.member, err = s.st.SaveMember(ctx, governance.Member{Name: "Member of " + name}, officer); err != nil {
		t.Fatal(err)
	}
	if s.seat, err = s.st.Nominate(ctx, s.body.ID, governance.Seat{MemberID: s.member.ID, Capacity: governance.LocalityRep,
		LocalityIDs: []int64{p.Localities[0].ID}, Voting: true, NominatedOn: "2025-03-01", AppointedOn: "2025-04-01"}, officer); err != nil {
		t.Fatal(err)
	}
	return s
}

func notFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, valid.ErrNotFound) {
		t.Errorf("%s: err = %v, want valid.ErrNotFound", what, err)
	}
}

// Through a store bound to partnership A, partnership B's body, member,
// seat and seat history cannot be read or changed by their ids.
func TestStoreIsolation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newSide(t, d, "alba", "Alba")
		b := newSide(t, d, "breac", "Breac")
		before := counts(t, d)

		// Reading.
		_, err := a.st.BodyByID(ctx, b.body.ID)
		notFound(t, "BodyByID of B's body", err)
		_, err = a.st.MemberByID(ctx, b.member.ID)
		notFound(t, "MemberByID of B's member", err)
		_, err = a.st.SeatByID(ctx, b.body.ID, b.seat.ID)
		notFound(t, "SeatByID of B's seat", err)
		_, err = a.st.SeatByID(ctx, a.body.ID, b.seat.ID)
		notFound(t, "SeatByID of B's seat through A's body", err)
		if _, err := a.st.MemberByUser(ctx, 0); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("MemberByUser with no account: %v", err)
		}
		if ss, err := a.st.Seats(ctx, b.body.ID); err != nil || len(ss) != 0 {
			t.Errorf("Seats of B's body = %v, %v; want none", ss, err)
		}
		if ss, err := a.st.SeatsOfMember(ctx, b.member.ID); err != nil || len(ss) != 0 {
			t.Errorf("SeatsOfMember of B's member = %v, %v; want none", ss, err)
		}
		if hs, err := a.st.Events(ctx, b.body.ID); err != nil || len(hs) != 0 {
			t.Errorf("Events of B's body = %v, %v; want none", hs, err)
		}
		if ss, err := governance.SeatsIn(ctx, d, a.p.ID, b.body.ID); err != nil || len(ss) != 0 {
			t.Errorf("SeatsIn of B's body for A = %v, %v; want none", ss, err)
		}
		_, err = governance.BodyIn(ctx, d, a.p.ID, b.body.ID)
		notFound(t, "BodyIn of B's body for A", err)
		for _, list := range []func() (int, error){
			func() (int, error) { bs, err := a.st.Bodies(ctx); return len(bs), err },
			func() (int, error) { ms, err := a.st.Members(ctx); return len(ms), err },
			func() (int, error) { ss, err := a.st.AllSeats(ctx); return len(ss), err },
		} {
			if n, err := list(); err != nil || n != 1 {
				t.Errorf("A's list has %d records (%v), want only A's 1", n, err)
			}
		}

		// Writing.
		_, err = a.st.SaveBody(ctx, governance.Body{ID: b.body.ID, Kind: governance.IJB, Name: "Taken over", NoticeDays: 7}, officer)
		notFound(t, "SaveBody of B's body", err)
		_, err = a.st.SaveMember(ctx, governance.Member{ID: b.member.ID, Name: "Taken over"}, officer)
		notFound(t, "SaveMember of B's member", err)
		_, err = a.st.Nominate(ctx, b.body.ID, governance.Seat{MemberID: a.member.ID, Capacity: governance.OtherPerson,
			NominatedOn: "2025-05-01"}, officer)
		notFound(t, "Nominate to B's body", err)
		if _, err := a.st.Nominate(ctx, a.body.ID, governance.Seat{MemberID: b.member.ID, Capacity: governance.OtherPerson,
			NominatedOn: "2025-05-01"}, officer); err == nil {
			t.Error("Nominate of B's member to A's body succeeded")
		} else if _, ok := valid.As(err); !ok {
			t.Errorf("Nominate of B's member to A's body: %v, want a field error", err)
		}
		err = a.st.Apply(ctx, b.body.ID, b.seat.ID, governance.Resigned, "2026-01-01", "", officer)
		notFound(t, "Apply to B's seat", err)
		err = a.st.Apply(ctx, a.body.ID, b.seat.ID, governance.Resigned, "2026-01-01", "", officer)
		notFound(t, "Apply to B's seat through A's body", err)
		_, err = a.st.Replace(ctx, b.body.ID, b.seat.ID, governance.Seat{MemberID: a.member.ID}, "2026-01-01", officer)
		notFound(t, "Replace B's seat", err)

		if after := counts(t, d); !reflect.DeepEqual(before, after) {
			t.Errorf("rows before %v, after %v: the refused calls changed something", before, after)
		}
		got, err := b.st.SeatByID(ctx, b.body.ID, b.seat.ID)
		if err != nil || got.EndedOn != "" {
			t.Errorf("B's seat after A's attempts = %+v, %v; want it held", got, err)
		}
		if bb, err := b.st.BodyByID(ctx, b.body.ID); err != nil || bb.Name != "Breac SPG" {
			t.Errorf("B's body after A's attempts = %+v, %v", bb, err)
		}
		if bm, err := b.st.MemberByID(ctx, b.member.ID); err != nil || bm.Name != "Member of Breac" {
			t.Errorf("B's member after A's attempts = %+v, %v", bm, err)
		}
	})
}

// The store stamps times with its clock, not the machine's.
func TestStoreUsesItsClock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newSide(t, d, "alba", "Alba")
		if !a.body.CreatedAt.Equal(fixed) || !a.member.CreatedAt.Equal(fixed) {
			t.Errorf("created at %v and %v, want the store's clock %v", a.body.CreatedAt, a.member.CreatedAt, fixed)
		}
		hs, err := a.st.Events(ctx, a.body.ID)
		if err != nil || len(hs) == 0 {
			t.Fatalf("events: %v, %v", hs, err)
		}
		for _, h := range hs {
			if !h.RecordedAt.Equal(fixed) {
				t.Errorf("event %s recorded at %v, want %v", h.Kind, h.RecordedAt, fixed)
			}
		}
	})
}

// Each write that touches several rows is one transaction: when its last
// insert fails, nothing of its first writes is kept.
func TestStoreWritesAreOneTransaction(t *testing.T) {
	tests := []struct {
		name  string
		table string // whose inserts fail
		write func(ctx context.Context, s side) error
	}{
		{"a new member without its audit entry", "audit_log", func(ctx context.Context, s side) error {
			_, err := s.st.SaveMember(ctx, governance.Member{Name: "Aileen Murray"}, officer)
			return err
		}},
		{"a changed member without its audit entry", "audit_log", func(ctx context.Context, s side) error {
			m := s.member
			m.Name = "Changed name"
			_, err := s.st.SaveMember(ctx, m, officer)
			return err
		}},
		{"a new body without its audit entry", "audit_log", func(ctx context.Context, s side) error {
			_, err := s.st.SaveBody(ctx, governance.Body{Kind: governance.IJB, Name: "Board", NoticeDays: 7}, officer)
			return err
		}},
		{"a nomination without its localities", "seat_localities", func(ctx context.Context, s side) error {
			_, err := s.st.Nominate(ctx, s.body.ID, governance.Seat{MemberID: s.member.ID, Capacity: governance.LocalityRep,
				LocalityIDs: []int64{s.p.Localities[1].ID}, NominatedOn: "2025-05-01"}, officer)
			return err
		}},
		{"a nomination without its history", "seat_events", func(ctx context.Context, s side) error {
			_, err := s.st.Nominate(ctx, s.body.ID, governance.Seat{MemberID: s.member.ID, Capacity: governance.OtherPerson,
				NominatedOn: "2025-05-01"}, officer)
			return err
		}},
		{"a resignation without its history", "seat_events", func(ctx context.Context, s side) error {
			return s.st.Apply(ctx, s.body.ID, s.seat.ID, governance.Resigned, "2026-01-01", "", officer)
		}},
		{"a replacement without the new seat", "seats", func(ctx context.Context, s side) error {
			_, err := s.st.Replace(ctx, s.body.ID, s.seat.ID, governance.Seat{MemberID: s.member.ID}, "2026-01-01", officer)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				ctx := context.Background()
				s := newSide(t, d, "alba", "Alba")
				before := counts(t, d)
				dbtest.FailInserts(t, d, tt.table)
				if err := tt.write(ctx, s); err == nil {
					t.Fatal("the write succeeded although its insert into " + tt.table + " failed")
				}
				if after := counts(t, d); !reflect.DeepEqual(before, after) {
					t.Errorf("rows before %v, after %v: part of the write was kept", before, after)
				}
				m, err := s.st.MemberByID(ctx, s.member.ID)
				if err != nil || m.Name != s.member.Name {
					t.Errorf("member after the failed write = %+v, %v", m, err)
				}
				seat, err := s.st.SeatByID(ctx, s.body.ID, s.seat.ID)
				if err != nil || seat.EndedOn != "" {
					t.Errorf("seat after the failed write = %+v, %v; want it still held", seat, err)
				}
			})
		})
	}
}
