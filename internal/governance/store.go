package governance

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// Store reads and writes the governance of one partnership: its bodies,
// members, seats and the history of each seat. Every query is limited to
// that partnership — seats and their events through their body's
// partnership_id — so a record of another partnership, asked for by its id,
// is valid.ErrNotFound. Times come from the store's clock. Each write is one
// transaction with its audit entries.
type Store struct {
	db  *db.DB
	p   partnership.Partnership
	now civil.Clock
}

// StoreFor binds a store to partnership p and the clock now.
func StoreFor(d *db.DB, p partnership.Partnership, now civil.Clock) *Store {
	return &Store{db: d, p: p, now: now}
}

const selectBody = `SELECT id, partnership_id, kind, name, COALESCE(locality_id, 0), notice_days, description, created_at FROM bodies`

func scanBody(s interface{ Scan(...any) error }) (Body, error) {
	var b Body
	err := s.Scan(&b.ID, &b.PartnershipID, &b.Kind, &b.Name, &b.LocalityID, &b.NoticeDays, &b.Description, &b.CreatedAt)
	return b, valid.NotFound(err)
}

// Bodies lists the partnership's bodies: the SPG first, then the board, its
// committees, locality groups and others, each by name.
func (s *Store) Bodies(ctx context.Context) ([]Body, error) {
	rows, err := s.db.QueryContext(ctx, selectBody+` WHERE partnership_id = $1 ORDER BY
		CASE kind WHEN 'spg' THEN 0 WHEN 'ijb' THEN 1 WHEN 'committee' THEN 2 WHEN 'locality-group' THEN 3 ELSE 4 END, name`, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list bodies: %w", err)
	}
	defer rows.Close()
	var bs []Body
	for rows.Next() {
		b, err := scanBody(rows)
		if err != nil {
			return nil, err
		}
		bs = append(bs, b)
	}
	return bs, rows.Err()
}

// BodyByID returns one of the partnership's bodies, or valid.ErrNotFound
// (also for another partnership's body).
func (s *Store) BodyByID(ctx context.Context, id int64) (Body, error) {
	return BodyIn(ctx, s.db, s.p.ID, id)
}

// BodyIn returns body id of partnership pid, or valid.ErrNotFound. It is
// for another room's store that needs the body inside its own transaction
// (a meeting is saved with its body's notice period); everything else uses
// Store.BodyByID.
func BodyIn(ctx context.Context, q db.Querier, pid, id int64) (Body, error) {
	return scanBody(q.QueryRowContext(ctx, selectBody+" WHERE partnership_id = $1 AND id = $2", pid, id))
}

// SPG returns the partnership's Strategic Planning Group, or
// valid.ErrNotFound if it has not recorded one.
func (s *Store) SPG(ctx context.Context) (Body, error) {
	return scanBody(s.db.QueryRowContext(ctx, selectBody+" WHERE partnership_id = $1 AND kind = 'spg' ORDER BY id LIMIT 1", s.p.ID))
}

// SaveBody validates and creates (ID 0) or updates a body of the
// partnership, with an audit entry. A partnership has one Strategic
// Planning Group.
func (s *Store) SaveBody(ctx context.Context, b Body, by audit.Actor) (Body, error) {
	p := s.p
	b.Name = strings.TrimSpace(b.Name)
	b.PartnershipID = p.ID
	if b.Kind != LocalityGroup {
		b.LocalityID = 0
	}
	if err := ValidateBody(p, b); err != nil {
		return b, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if b.Kind == SPG {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM bodies WHERE partnership_id = $1 AND kind = 'spg' AND id <> $2",
				p.ID, b.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return valid.Errors{{Field: "kind", Message: "The partnership already has a Strategic Planning Group"}}
			}
		}
		var before any
		if b.ID == 0 {
			b.CreatedAt = s.now()
			err := tx.QueryRowContext(ctx, `INSERT INTO bodies (partnership_id, kind, name, locality_id, notice_days, description, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.ID, string(b.Kind), b.Name, nullID(b.LocalityID), b.NoticeDays,
				b.Description, b.CreatedAt).Scan(&b.ID)
			if err != nil {
				return uniqueName(err)
			}
		} else {
			old, err := BodyIn(ctx, tx, p.ID, b.ID)
			if err != nil {
				return err
			}
			before = old
			b.CreatedAt = old.CreatedAt
			if _, err := tx.ExecContext(ctx, `UPDATE bodies SET kind = $1, name = $2, locality_id = $3, notice_days = $4, description = $5
				WHERE id = $6 AND partnership_id = $7`, string(b.Kind), b.Name, nullID(b.LocalityID), b.NoticeDays, b.Description,
				b.ID, p.ID); err != nil {
				return uniqueName(err)
			}
		}
		action := map[bool]string{true: "create", false: "update"}[before == nil]
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: p.ID, Actor: by, Action: action, Entity: "body", EntityID: b.ID,
			Summary: map[bool]string{true: "Added the body ", false: "Changed the body "}[before == nil] + b.Name}, before, b)
	})
	return b, err
}

func uniqueName(err error) error {
	if db.IsUniqueViolation(err) {
		return valid.Errors{{Field: "name", Message: "Another body of this partnership already has this name"}}
	}
	return err
}

const selectMember = `SELECT id, partnership_id, COALESCE(user_id, 0), name, email, phone, publish_name, support_needs,
	support_notes, paper_format, calendar_token, created_at FROM members`

func scanMember(s interface{ Scan(...any) error }) (Member, error) {
	var m Member
	var needs string
	err := s.Scan(&m.ID, &m.PartnershipID, &m.UserID, &m.Name, &m.Email, &m.Phone, &m.PublishName, &needs,
		&m.SupportNotes, &m.PaperFormat, &m.CalendarToken, &m.CreatedAt)
	if needs != "" {
		m.SupportNeeds = strings.Split(needs, ",")
	}
	return m, valid.NotFound(err)
}

// Members lists the partnership's members by name.
func (s *Store) Members(ctx context.Context) ([]Member, error) {
	rows, err := s.db.QueryContext(ctx, selectMember+" WHERE partnership_id = $1 ORDER BY name", s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list members: %w", err)
	}
	defer rows.Close()
	var ms []Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, rows.Err()
}

// MemberByID returns one of the partnership's members, or
// valid.ErrNotFound.
func (s *Store) MemberByID(ctx context.Context, id int64) (Member, error) {
	return memberByID(ctx, s.db, s.p.ID, id)
}

func memberByID(ctx context.Context, q db.Querier, pid, id int64) (Member, error) {
	return scanMember(q.QueryRowContext(ctx, selectMember+" WHERE partnership_id = $1 AND id = $2", pid, id))
}

// MemberByUser returns the partnership's member record linked to a staff
// account, or valid.ErrNotFound if the account has none in this
// partnership.
func (s *Store) MemberByUser(ctx context.Context, userID int64) (Member, error) {
	return scanMember(s.db.QueryRowContext(ctx, selectMember+" WHERE partnership_id = $1 AND user_id = $2 ORDER BY id LIMIT 1",
		s.p.ID, userID))
}

// MemberByCalendarToken returns the member whose calendar feed address
// holds token, or valid.ErrNotFound. It is a package function, not a Store
// method, because the calendar feed's address names no partnership: the
// secret token is the only key, and the member found says which
// partnership the feed is of.
func MemberByCalendarToken(ctx context.Context, q db.Querier, token string) (Member, error) {
	if token == "" {
		return Member{}, valid.ErrNotFound
	}
	return scanMember(q.QueryRowContext(ctx, selectMember+" WHERE calendar_token = $1", token))
}

// SaveMember validates and creates (ID 0) or updates a member of the
// partnership — their details and support needs — with an audit entry.
func (s *Store) SaveMember(ctx context.Context, m Member, by audit.Actor) (Member, error) {
	m.PartnershipID = s.p.ID
	m.Name = strings.TrimSpace(m.Name)
	m.Email = strings.TrimSpace(m.Email)
	m.Phone = strings.TrimSpace(m.Phone)
	if m.PaperFormat == "" {
		m.PaperFormat = "standard"
	}
	if err := ValidateMember(m); err != nil {
		return m, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var before any
		needs := strings.Join(m.SupportNeeds, ",")
		if m.ID == 0 {
			m.CreatedAt = s.now()
			m.CalendarToken = newToken()
			err := tx.QueryRowContext(ctx, `INSERT INTO members (partnership_id, user_id, name, email, phone, publish_name,
				support_needs, support_notes, paper_format, calendar_token, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`, m.PartnershipID, nullID(m.UserID), m.Name,
				m.Email, m.Phone, m.PublishName, needs, m.SupportNotes, m.PaperFormat, m.CalendarToken, m.CreatedAt).Scan(&m.ID)
			if err != nil {
				return err
			}
		} else {
			old, err := memberByID(ctx, tx, m.PartnershipID, m.ID)
			if err != nil {
				return err
			}
			before = memberSnapshot(old)
			m.CalendarToken, m.CreatedAt = old.CalendarToken, old.CreatedAt
			if _, err := tx.ExecContext(ctx, `UPDATE members SET user_id = $1, name = $2, email = $3, phone = $4, publish_name = $5,
				support_needs = $6, support_notes = $7, paper_format = $8 WHERE id = $9 AND partnership_id = $10`,
				nullID(m.UserID), m.Name, m.Email, m.Phone, m.PublishName, needs, m.SupportNotes, m.PaperFormat,
				m.ID, m.PartnershipID); err != nil {
				return err
			}
		}
		summary := "Added member " + m.Name
		if before != nil {
			summary = "Changed the details of member " + m.Name
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: m.PartnershipID, Actor: by,
			Action: map[bool]string{true: "create", false: "update"}[before == nil], Entity: "member", EntityID: m.ID,
			Summary: summary}, before, memberSnapshot(m))
	})
	return m, err
}

// memberSnapshot is what the audit log keeps of a member: not their contact
// details, which the log does not need.
func memberSnapshot(m Member) map[string]any {
	return map[string]any{"name": m.Name, "publish_name": m.PublishName, "support_needs": m.SupportNeeds,
		"paper_format": m.PaperFormat, "has_account": m.UserID != 0}
}

// selectSeat reads seats with their member's name; every query adds
// "b.partnership_id = $1" so that only the partnership's seats are seen.
const selectSeat = `SELECT s.id, s.body_id, s.member_id, m.name, m.publish_name, s.capacity, s.prescribed_group,
	COALESCE(s.local_authority_id, 0), s.voting, s.nominated_on, s.appointed_on, s.term_ends_on, s.ended_on, s.end_reason,
	COALESCE(s.replaces_seat_id, 0) FROM seats s JOIN members m ON m.id = s.member_id JOIN bodies b ON b.id = s.body_id`

// Seats returns every seat one of the partnership's bodies has ever had
// (held, ended, nominated), with the localities each represents, ordered by
// capacity and name. Another partnership's body has none.
func (s *Store) Seats(ctx context.Context, bodyID int64) ([]Seat, error) {
	return SeatsIn(ctx, s.db, s.p.ID, bodyID)
}

// SeatsIn is Store.Seats for another room's store reading inside its own
// transaction or query (a meeting's non-voting members on its day).
func SeatsIn(ctx context.Context, q db.Querier, pid, bodyID int64) ([]Seat, error) {
	return seats(ctx, q, "b.partnership_id = $1 AND s.body_id = $2", pid, bodyID)
}

// SeatsOfMember returns every seat a member of the partnership has held on
// any of its bodies.
func (s *Store) SeatsOfMember(ctx context.Context, memberID int64) ([]Seat, error) {
	return SeatsOfMemberIn(ctx, s.db, s.p.ID, memberID)
}

// SeatsOfMemberIn is Store.SeatsOfMember for another room's store reading
// inside its own transaction or query (the meetings a member may see).
func SeatsOfMemberIn(ctx context.Context, q db.Querier, pid, memberID int64) ([]Seat, error) {
	return seats(ctx, q, "b.partnership_id = $1 AND s.member_id = $2", pid, memberID)
}

// AllSeats returns every seat of every body of the partnership, for pages
// that summarise all its bodies.
func (s *Store) AllSeats(ctx context.Context) ([]Seat, error) {
	return seats(ctx, s.db, "b.partnership_id = $1", s.p.ID)
}

func seats(ctx context.Context, q db.Querier, where string, args ...any) ([]Seat, error) {
	rows, err := q.QueryContext(ctx, selectSeat+" WHERE "+where+" ORDER BY s.capacity, m.name, s.id", args...)
	if err != nil {
		return nil, fmt.Errorf("list seats: %w", err)
	}
	var ss []Seat
	idx := map[int64]int{}
	for rows.Next() {
		var s Seat
		if err := rows.Scan(&s.ID, &s.BodyID, &s.MemberID, &s.MemberName, &s.PublishName, &s.Capacity, &s.PrescribedGroup,
			&s.LocalAuthorityID, &s.Voting, &s.NominatedOn, &s.AppointedOn, &s.TermEndsOn, &s.EndedOn, &s.EndReason,
			&s.ReplacesSeatID); err != nil {
			rows.Close()
			return nil, err
		}
		idx[s.ID] = len(ss)
		ss = append(ss, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ss) == 0 {
		return nil, nil
	}
	lrows, err := q.QueryContext(ctx, `SELECT sl.seat_id, sl.locality_id FROM seat_localities sl JOIN seats s ON s.id = sl.seat_id
		JOIN bodies b ON b.id = s.body_id WHERE `+where+` ORDER BY sl.seat_id, sl.locality_id`, args...)
	if err != nil {
		return nil, err
	}
	defer lrows.Close()
	for lrows.Next() {
		var sid, lid int64
		if err := lrows.Scan(&sid, &lid); err != nil {
			return nil, err
		}
		if i, ok := idx[sid]; ok {
			ss[i].LocalityIDs = append(ss[i].LocalityIDs, lid)
		}
	}
	return ss, lrows.Err()
}

// SeatByID returns one seat of one of the partnership's bodies, or
// valid.ErrNotFound.
func (s *Store) SeatByID(ctx context.Context, bodyID, id int64) (Seat, error) {
	return seatByID(ctx, s.db, s.p.ID, bodyID, id)
}

func seatByID(ctx context.Context, q db.Querier, pid, bodyID, id int64) (Seat, error) {
	ss, err := seats(ctx, q, "b.partnership_id = $1 AND s.body_id = $2 AND s.id = $3", pid, bodyID, id)
	if err != nil {
		return Seat{}, err
	}
	if len(ss) == 0 {
		return Seat{}, valid.ErrNotFound
	}
	return ss[0], nil
}

// Nominate records a nomination to one of the partnership's bodies, and
// the appointment too when seat.AppointedOn is set, each as a dated event in
// the seat's history and in the audit log.
func (s *Store) Nominate(ctx context.Context, bodyID int64, seat Seat, by audit.Actor) (Seat, error) {
	seat.BodyID = bodyID
	if err := ValidateSeat(s.p, seat); err != nil {
		return seat, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := BodyIn(ctx, tx, s.p.ID, bodyID); err != nil {
			return err
		}
		var err error
		seat, err = s.insertSeat(ctx, tx, seat, by)
		return err
	})
	return seat, err
}

func (s *Store) insertSeat(ctx context.Context, tx *db.Tx, seat Seat, by audit.Actor) (Seat, error) {
	m, err := memberByID(ctx, tx, s.p.ID, seat.MemberID)
	if errors.Is(err, valid.ErrNotFound) {
		return seat, valid.Errors{{Field: "member", Message: "Select a member of this partnership"}}
	}
	if err != nil {
		return seat, err
	}
	seat.MemberName, seat.PublishName = m.Name, m.PublishName
	if seat.Capacity != PrescribedGroupRep {
		seat.PrescribedGroup = ""
	}
	if seat.Capacity != LocalAuthorityNominee {
		seat.LocalAuthorityID = 0
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO seats (body_id, member_id, capacity, prescribed_group, local_authority_id, voting,
		nominated_on, appointed_on, term_ends_on, replaces_seat_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`, seat.BodyID, seat.MemberID, string(seat.Capacity),
		seat.PrescribedGroup, nullID(seat.LocalAuthorityID), seat.Voting, string(seat.NominatedOn), string(seat.AppointedOn),
		string(seat.TermEndsOn), nullID(seat.ReplacesSeatID), s.now()).Scan(&seat.ID)
	if err != nil {
		return seat, fmt.Errorf("save seat: %w", err)
	}
	for _, l := range seat.LocalityIDs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO seat_localities (seat_id, locality_id) VALUES ($1, $2)", seat.ID, l); err != nil {
			return seat, err
		}
	}
	if err := s.addEvent(ctx, tx, seat, Nominated, seat.NominatedOn, "", by); err != nil {
		return seat, err
	}
	if seat.AppointedOn != "" {
		if err := s.addEvent(ctx, tx, seat, Appointed, seat.AppointedOn, "", by); err != nil {
			return seat, err
		}
	}
	return seat, nil
}

func (s *Store) addEvent(ctx context.Context, tx *db.Tx, seat Seat, kind EventKind, on Date, note string, by audit.Actor) error {
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO seat_events (seat_id, kind, on_date, actor, note, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, seat.ID, string(kind), string(on), by.Name, note, s.now()).Scan(&id); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: string(kind), Entity: "seat", EntityID: seat.ID,
		Summary: fmt.Sprintf("%s: %s on %s", seat.MemberName, kind.Name(), on)}, nil,
		map[string]any{"member": seat.MemberName, "capacity": seat.Capacity, "event": kind, "on": on, "note": note})
}

// Apply records an event in the life of a seat of one of the partnership's
// bodies — appointment, removal by the authority or by the nominating body,
// resignation, end of term — dated on, after checking with CanApply that it
// can happen. Ending events set the seat's end date; nothing is
// overwritten, so the membership on earlier dates is unchanged.
func (s *Store) Apply(ctx context.Context, bodyID, seatID int64, kind EventKind, on Date, note string, by audit.Actor) error {
	if _, ok := ParseDate(string(on)); !ok {
		return valid.Errors{{Field: "on", Message: "Enter the date as a real date, like 2026-03-31"}}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		seat, err := seatByID(ctx, tx, s.p.ID, bodyID, seatID)
		if err != nil {
			return err
		}
		if err := CanApply(seat, kind, on); err != nil {
			return valid.Errors{{Field: "kind", Message: strings.ToUpper(err.Error()[:1]) + err.Error()[1:]}}
		}
		switch {
		case kind == Appointed:
			_, err = tx.ExecContext(ctx, "UPDATE seats SET appointed_on = $1 WHERE id = $2", string(on), seat.ID)
		case kind.Ends():
			_, err = tx.ExecContext(ctx, "UPDATE seats SET ended_on = $1, end_reason = $2 WHERE id = $3", string(on), string(kind), seat.ID)
		default:
			return valid.Errors{{Field: "kind", Message: "Select what happened"}}
		}
		if err != nil {
			return err
		}
		return s.addEvent(ctx, tx, seat, kind, on, note, by)
	})
}

// Replace ends a seat of one of the partnership's bodies as replaced on
// date on and appoints next in its place the same day, keeping the link
// between the two. next needs only the member and the end of the term: a
// next without a capacity takes the old seat's capacity, prescribed group,
// nominating council, localities and vote.
func (s *Store) Replace(ctx context.Context, bodyID, seatID int64, next Seat, on Date, by audit.Actor) (Seat, error) {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := seatByID(ctx, tx, s.p.ID, bodyID, seatID)
		if err != nil {
			return err
		}
		if next.Capacity == "" {
			next.Capacity, next.PrescribedGroup, next.LocalAuthorityID = old.Capacity, old.PrescribedGroup, old.LocalAuthorityID
			next.LocalityIDs, next.Voting = old.LocalityIDs, old.Voting
		}
		next.BodyID = bodyID
		next.ReplacesSeatID = seatID
		if next.NominatedOn == "" {
			next.NominatedOn = on
		}
		next.AppointedOn = on
		if err := ValidateSeat(s.p, next); err != nil {
			return err
		}
		if err := CanApply(old, Replaced, on); err != nil {
			return valid.Errors{{Field: "on", Message: err.Error()}}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE seats SET ended_on = $1, end_reason = $2 WHERE id = $3", string(on), string(Replaced), old.ID); err != nil {
			return err
		}
		if err := s.addEvent(ctx, tx, old, Replaced, on, "", by); err != nil {
			return err
		}
		next, err = s.insertSeat(ctx, tx, next, by)
		return err
	})
	return next, err
}

// History is a body's events, newest first, with each member's name.
type History struct {
	Event
	MemberName string
}

// Events returns the history of the seats of one of the partnership's
// bodies, newest first. Another partnership's body has none.
func (s *Store) Events(ctx context.Context, bodyID int64) ([]History, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.seat_id, e.kind, e.on_date, e.actor, e.note, e.recorded_at, m.name
		FROM seat_events e JOIN seats s ON s.id = e.seat_id JOIN members m ON m.id = s.member_id JOIN bodies b ON b.id = s.body_id
		WHERE b.partnership_id = $1 AND s.body_id = $2 ORDER BY e.on_date DESC, e.id DESC`, s.p.ID, bodyID)
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	defer rows.Close()
	var hs []History
	for rows.Next() {
		var h History
		if err := rows.Scan(&h.ID, &h.SeatID, &h.Kind, &h.On, &h.Actor, &h.Note, &h.RecordedAt, &h.MemberName); err != nil {
			return nil, err
		}
		hs = append(hs, h)
	}
	return hs, rows.Err()
}

func newToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// SeatsOfKindIn returns every seat on partnership pid's bodies of kind k
// (the SPG's, the board's), for another room reading inside its own query:
// commissioning work counts who sat on the SPG on the day it gave views.
func SeatsOfKindIn(ctx context.Context, q db.Querier, pid int64, k Kind) ([]Seat, error) {
	return seats(ctx, q, "b.partnership_id = $1 AND b.kind = $2", pid, string(k))
}
