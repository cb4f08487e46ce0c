package governance

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// ErrNotFound is returned when no body, member or seat of the partnership
// matches.
var ErrNotFound = valid.ErrNotFound // TODO(rooms): use valid.ErrNotFound directly

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

const selectBody = `SELECT id, partnership_id, kind, name, COALESCE(locality_id, 0), notice_days, description, created_at FROM bodies`

func scanBody(s interface{ Scan(...any) error }) (Body, error) {
	var b Body
	err := s.Scan(&b.ID, &b.PartnershipID, &b.Kind, &b.Name, &b.LocalityID, &b.NoticeDays, &b.Description, &b.CreatedAt)
	return b, notFound(err)
}

// Bodies lists a partnership's bodies: the SPG first, then the board, its
// committees, locality groups and others, each by name.
func Bodies(ctx context.Context, q db.Querier, pid int64) ([]Body, error) {
	rows, err := q.QueryContext(ctx, selectBody+` WHERE partnership_id = $1 ORDER BY
		CASE kind WHEN 'spg' THEN 0 WHEN 'ijb' THEN 1 WHEN 'committee' THEN 2 WHEN 'locality-group' THEN 3 ELSE 4 END, name`, pid)
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

// BodyByID returns one of a partnership's bodies, or ErrNotFound (also for
// another partnership's body).
func BodyByID(ctx context.Context, q db.Querier, pid, id int64) (Body, error) {
	return scanBody(q.QueryRowContext(ctx, selectBody+" WHERE partnership_id = $1 AND id = $2", pid, id))
}

// SPGOf returns the partnership's Strategic Planning Group, or ErrNotFound.
func SPGOf(ctx context.Context, q db.Querier, pid int64) (Body, error) {
	return scanBody(q.QueryRowContext(ctx, selectBody+" WHERE partnership_id = $1 AND kind = 'spg' ORDER BY id LIMIT 1", pid))
}

// SaveBody validates and creates (ID 0) or updates a body, with an audit
// entry. A partnership has one Strategic Planning Group.
func SaveBody(ctx context.Context, d *db.DB, p partnership.Partnership, b Body, by audit.Actor) (Body, error) {
	b.Name = strings.TrimSpace(b.Name)
	b.PartnershipID = p.ID
	if b.Kind != LocalityGroup {
		b.LocalityID = 0
	}
	if err := ValidateBody(p, b); err != nil {
		return b, err
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
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
			b.CreatedAt = time.Now()
			err := tx.QueryRowContext(ctx, `INSERT INTO bodies (partnership_id, kind, name, locality_id, notice_days, description, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.ID, string(b.Kind), b.Name, nullID(b.LocalityID), b.NoticeDays,
				b.Description, b.CreatedAt).Scan(&b.ID)
			if err != nil {
				return uniqueName(err)
			}
		} else {
			old, err := BodyByID(ctx, tx, p.ID, b.ID)
			if err != nil {
				return err
			}
			before = old
			if _, err := tx.ExecContext(ctx, `UPDATE bodies SET kind = $1, name = $2, locality_id = $3, notice_days = $4, description = $5
				WHERE id = $6 AND partnership_id = $7`, string(b.Kind), b.Name, nullID(b.LocalityID), b.NoticeDays, b.Description,
				b.ID, p.ID); err != nil {
				return uniqueName(err)
			}
		}
		action := map[bool]string{true: "create", false: "update"}[before == nil]
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: p.ID, Actor: by, Action: action, Entity: "body", EntityID: b.ID,
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
	return m, notFound(err)
}

// Members lists a partnership's members by name.
func Members(ctx context.Context, q db.Querier, pid int64) ([]Member, error) {
	rows, err := q.QueryContext(ctx, selectMember+" WHERE partnership_id = $1 ORDER BY name", pid)
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

// MemberByID returns one of a partnership's members, or ErrNotFound.
func MemberByID(ctx context.Context, q db.Querier, pid, id int64) (Member, error) {
	return scanMember(q.QueryRowContext(ctx, selectMember+" WHERE partnership_id = $1 AND id = $2", pid, id))
}

// MemberByUser returns the member record linked to a staff account, or
// ErrNotFound.
func MemberByUser(ctx context.Context, q db.Querier, userID int64) (Member, error) {
	return scanMember(q.QueryRowContext(ctx, selectMember+" WHERE user_id = $1 ORDER BY id LIMIT 1", userID))
}

// MemberByCalendarToken returns the member whose calendar feed address
// holds token, or ErrNotFound.
func MemberByCalendarToken(ctx context.Context, q db.Querier, token string) (Member, error) {
	if token == "" {
		return Member{}, ErrNotFound
	}
	return scanMember(q.QueryRowContext(ctx, selectMember+" WHERE calendar_token = $1", token))
}

// SaveMember validates and creates (ID 0) or updates a member's details and
// support needs, with an audit entry.
func SaveMember(ctx context.Context, d *db.DB, m Member, by audit.Actor) (Member, error) {
	m.Name = strings.TrimSpace(m.Name)
	m.Email = strings.TrimSpace(m.Email)
	m.Phone = strings.TrimSpace(m.Phone)
	if m.PaperFormat == "" {
		m.PaperFormat = "standard"
	}
	if err := ValidateMember(m); err != nil {
		return m, err
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		var before any
		needs := strings.Join(m.SupportNeeds, ",")
		if m.ID == 0 {
			m.CreatedAt = time.Now()
			m.CalendarToken = newToken()
			err := tx.QueryRowContext(ctx, `INSERT INTO members (partnership_id, user_id, name, email, phone, publish_name,
				support_needs, support_notes, paper_format, calendar_token, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`, m.PartnershipID, nullID(m.UserID), m.Name,
				m.Email, m.Phone, m.PublishName, needs, m.SupportNotes, m.PaperFormat, m.CalendarToken, m.CreatedAt).Scan(&m.ID)
			if err != nil {
				return err
			}
		} else {
			old, err := MemberByID(ctx, tx, m.PartnershipID, m.ID)
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
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: m.PartnershipID, Actor: by,
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

const selectSeat = `SELECT s.id, s.body_id, s.member_id, m.name, m.publish_name, s.capacity, s.prescribed_group,
	COALESCE(s.local_authority_id, 0), s.voting, s.nominated_on, s.appointed_on, s.term_ends_on, s.ended_on, s.end_reason,
	COALESCE(s.replaces_seat_id, 0) FROM seats s JOIN members m ON m.id = s.member_id`

// Seats returns every seat a body has ever had (held, ended, nominated),
// with the localities each represents, ordered by capacity and name.
func Seats(ctx context.Context, q db.Querier, bodyID int64) ([]Seat, error) {
	return seats(ctx, q, "s.body_id = $1", bodyID)
}

// SeatsOfMember returns every seat a member has held on any body.
func SeatsOfMember(ctx context.Context, q db.Querier, memberID int64) ([]Seat, error) {
	return seats(ctx, q, "s.member_id = $1", memberID)
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
		WHERE `+where+` ORDER BY sl.seat_id, sl.locality_id`, args...)
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

// SeatByID returns one seat of a body, or ErrNotFound.
func SeatByID(ctx context.Context, q db.Querier, bodyID, id int64) (Seat, error) {
	ss, err := seats(ctx, q, "s.body_id = $1 AND s.id = $2", bodyID, id)
	if err != nil {
		return Seat{}, err
	}
	if len(ss) == 0 {
		return Seat{}, ErrNotFound
	}
	return ss[0], nil
}

// Nominate records a nomination to a body, and the appointment too when
// s.AppointedOn is set, each as a dated event in the seat's history and in
// the audit log.
func Nominate(ctx context.Context, d *db.DB, p partnership.Partnership, b Body, s Seat, by audit.Actor) (Seat, error) {
	s.BodyID = b.ID
	if err := ValidateSeat(p, s); err != nil {
		return s, err
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		var err error
		s, err = insertSeat(ctx, tx, p, s, by)
		return err
	})
	return s, err
}

func insertSeat(ctx context.Context, tx *db.Tx, p partnership.Partnership, s Seat, by audit.Actor) (Seat, error) {
	m, err := MemberByID(ctx, tx, p.ID, s.MemberID)
	if errors.Is(err, ErrNotFound) {
		return s, valid.Errors{{Field: "member", Message: "Select a member of this partnership"}}
	}
	if err != nil {
		return s, err
	}
	s.MemberName, s.PublishName = m.Name, m.PublishName
	if s.Capacity != PrescribedGroupRep {
		s.PrescribedGroup = ""
	}
	if s.Capacity != LocalAuthorityNominee {
		s.LocalAuthorityID = 0
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO seats (body_id, member_id, capacity, prescribed_group, local_authority_id, voting,
		nominated_on, appointed_on, term_ends_on, replaces_seat_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`, s.BodyID, s.MemberID, string(s.Capacity),
		s.PrescribedGroup, nullID(s.LocalAuthorityID), s.Voting, string(s.NominatedOn), string(s.AppointedOn),
		string(s.TermEndsOn), nullID(s.ReplacesSeatID), time.Now()).Scan(&s.ID)
	if err != nil {
		return s, fmt.Errorf("save seat: %w", err)
	}
	for _, l := range s.LocalityIDs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO seat_localities (seat_id, locality_id) VALUES ($1, $2)", s.ID, l); err != nil {
			return s, err
		}
	}
	if err := addEvent(ctx, tx, p.ID, s, Nominated, s.NominatedOn, "", by); err != nil {
		return s, err
	}
	if s.AppointedOn != "" {
		if err := addEvent(ctx, tx, p.ID, s, Appointed, s.AppointedOn, "", by); err != nil {
			return s, err
		}
	}
	return s, nil
}

func addEvent(ctx context.Context, tx *db.Tx, pid int64, s Seat, kind EventKind, on Date, note string, by audit.Actor) error {
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO seat_events (seat_id, kind, on_date, actor, note, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, s.ID, string(kind), string(on), by.Name, note, time.Now()).Scan(&id); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Entry{PartnershipID: pid, Actor: by, Action: string(kind), Entity: "seat", EntityID: s.ID,
		Summary: fmt.Sprintf("%s: %s on %s", s.MemberName, kind.Name(), on)}, nil,
		map[string]any{"member": s.MemberName, "capacity": s.Capacity, "event": kind, "on": on, "note": note})
}

// Apply records an event in a seat's life — appointment, removal by the
// authority or by the nominating body, resignation, end of term — dated on,
// after checking with CanApply that it can happen. Ending events set the
// seat's end date; nothing is overwritten, so the membership on earlier
// dates is unchanged.
func Apply(ctx context.Context, d *db.DB, p partnership.Partnership, b Body, seatID int64, kind EventKind, on Date, note string, by audit.Actor) error {
	if _, ok := ParseDate(string(on)); !ok {
		return valid.Errors{{Field: "on", Message: "Enter the date as a real date, like 2026-03-31"}}
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		s, err := SeatByID(ctx, tx, b.ID, seatID)
		if err != nil {
			return err
		}
		if err := CanApply(s, kind, on); err != nil {
			return valid.Errors{{Field: "kind", Message: strings.ToUpper(err.Error()[:1]) + err.Error()[1:]}}
		}
		switch {
		case kind == Appointed:
			_, err = tx.ExecContext(ctx, "UPDATE seats SET appointed_on = $1 WHERE id = $2", string(on), s.ID)
		case kind.Ends():
			_, err = tx.ExecContext(ctx, "UPDATE seats SET ended_on = $1, end_reason = $2 WHERE id = $3", string(on), string(kind), s.ID)
		default:
			return valid.Errors{{Field: "kind", Message: "Select what happened"}}
		}
		if err != nil {
			return err
		}
		return addEvent(ctx, tx, p.ID, s, kind, on, note, by)
	})
}

// Replace ends a seat as replaced on date on and appoints next in its place
// the same day, keeping the link between the two.
func Replace(ctx context.Context, d *db.DB, p partnership.Partnership, b Body, seatID int64, next Seat, on Date, by audit.Actor) (Seat, error) {
	next.BodyID = b.ID
	next.ReplacesSeatID = seatID
	if next.NominatedOn == "" {
		next.NominatedOn = on
	}
	next.AppointedOn = on
	if err := ValidateSeat(p, next); err != nil {
		return next, err
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		old, err := SeatByID(ctx, tx, b.ID, seatID)
		if err != nil {
			return err
		}
		if err := CanApply(old, Replaced, on); err != nil {
			return valid.Errors{{Field: "on", Message: err.Error()}}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE seats SET ended_on = $1, end_reason = $2 WHERE id = $3", string(on), string(Replaced), old.ID); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, p.ID, old, Replaced, on, "", by); err != nil {
			return err
		}
		next, err = insertSeat(ctx, tx, p, next, by)
		return err
	})
	return next, err
}

// History is a body's events, newest first, with each member's name.
type History struct {
	Event
	MemberName string
}

// Events returns the history of a body's seats, newest first.
func Events(ctx context.Context, q db.Querier, bodyID int64) ([]History, error) {
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.seat_id, e.kind, e.on_date, e.actor, e.note, e.recorded_at, m.name
		FROM seat_events e JOIN seats s ON s.id = e.seat_id JOIN members m ON m.id = s.member_id
		WHERE s.body_id = $1 ORDER BY e.on_date DESC, e.id DESC`, bodyID)
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
