package meeting

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/files"
	"coplan/internal/governance"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// myMember is the member of this partnership linked to account userID, or
// valid.ErrNotFound.
func (s *Store) myMember(ctx context.Context, userID int64) (governance.Member, error) {
	m, err := governance.StoreFor(s.db, s.p, s.now).MemberByUser(ctx, userID)
	if err == nil && m.PartnershipID != s.p.ID {
		return m, valid.ErrNotFound
	}
	return m, err
}

// Apologies lists the apologies sent for one of the partnership's
// meetings, by member name.
func (s *Store) Apologies(ctx context.Context, meetingID int64) ([]Apology, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.meeting_id, a.member_id, mb.name, a.note, a.sent_at FROM apologies a
		JOIN meetings m ON m.id = a.meeting_id JOIN bodies b ON b.id = m.body_id JOIN members mb ON mb.id = a.member_id
		WHERE b.partnership_id = $1 AND a.meeting_id = $2 ORDER BY mb.name, a.id`, s.p.ID, meetingID)
	if err != nil {
		return nil, fmt.Errorf("list apologies: %w", err)
	}
	defer rows.Close()
	var out []Apology
	for rows.Next() {
		var a Apology
		if err := rows.Scan(&a.ID, &a.MeetingID, &a.MemberID, &a.MemberName, &a.Note, &a.SentAt); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// memberMeeting finds meeting id of the partnership inside tx and checks
// that member sat on its body on its day (MayRead); otherwise
// valid.ErrNotFound, as for a meeting that does not exist.
func (s *Store) memberMeeting(ctx context.Context, q db.Querier, member governance.Member, id int64) (Meeting, []governance.Seat, error) {
	m, err := byID(ctx, q, s.p.ID, id)
	if err != nil {
		return m, nil, err
	}
	seats, err := governance.SeatsOfMemberIn(ctx, q, s.p.ID, member.ID)
	if err != nil {
		return m, nil, err
	}
	if !MayRead(seats, m) {
		return m, nil, valid.ErrNotFound
	}
	return m, seats, nil
}

// SendApologies records the apologies of the member linked to account
// userID for a coming meeting of a body they sit on, with an audit entry.
// Sending again changes the note. Nothing is emailed: the clerk sees them
// on the meeting's page.
func (s *Store) SendApologies(ctx context.Context, userID, meetingID int64, note string, by audit.Actor) error {
	note = strings.TrimSpace(note)
	if n := utf8.RuneCountInString(note); n > MaxApologyNote {
		return valid.Errors{{Field: "note", Message: fmt.Sprintf("The note must be %d characters or fewer; it has %d", MaxApologyNote, n)}}
	}
	member, err := s.myMember(ctx, userID)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, _, err := s.memberMeeting(ctx, tx, member, meetingID)
		if err != nil {
			return err
		}
		if err := CanChangeApologies(m, s.now()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE apologies SET note = $1, sent_at = $2 WHERE meeting_id = $3 AND member_id = $4",
			note, s.now(), m.ID, member.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			if _, err := tx.ExecContext(ctx, "INSERT INTO apologies (meeting_id, member_id, note, sent_at) VALUES ($1, $2, $3, $4)",
				m.ID, member.ID, note, s.now()); err != nil {
				return fmt.Errorf("save apologies: %w", err)
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "apologies", Entity: "meeting",
			EntityID: m.ID, Summary: member.Name + " sent apologies for " + m.Name() + " of " + m.BodyName}, nil,
			map[string]any{"member_id": member.ID, "note": note})
	})
}

// WithdrawApologies removes the apologies of the member linked to account
// userID for a meeting that has not started, with an audit entry. With none
// sent it changes nothing.
func (s *Store) WithdrawApologies(ctx context.Context, userID, meetingID int64, by audit.Actor) error {
	member, err := s.myMember(ctx, userID)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, _, err := s.memberMeeting(ctx, tx, member, meetingID)
		if err != nil {
			return err
		}
		if err := CanChangeApologies(m, s.now()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM apologies WHERE meeting_id = $1 AND member_id = $2", m.ID, member.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "withdraw-apologies",
			Entity: "meeting", EntityID: m.ID, Summary: member.Name + " withdrew their apologies for " + m.Name() + " of " + m.BodyName},
			nil, map[string]any{"member_id": member.ID})
	})
}

const selectVersion = `SELECT v.id, v.paper_id, v.format, v.filename, v.content_type, v.size, v.uploaded_by, v.created_at
	FROM paper_versions v JOIN papers p ON p.id = v.paper_id JOIN meetings m ON m.id = p.meeting_id JOIN bodies b ON b.id = m.body_id`

// Versions lists the other formats of one of the partnership's meetings'
// papers, by paper id.
func (s *Store) Versions(ctx context.Context, meetingID int64) (map[int64][]Version, error) {
	rows, err := s.db.QueryContext(ctx, selectVersion+" WHERE b.partnership_id = $1 AND p.meeting_id = $2 ORDER BY v.paper_id, v.format",
		s.p.ID, meetingID)
	if err != nil {
		return nil, fmt.Errorf("list paper versions: %w", err)
	}
	defer rows.Close()
	out := map[int64][]Version{}
	for rows.Next() {
		var v Version
		if err := rows.Scan(&v.ID, &v.PaperID, &v.Format, &v.Filename, &v.ContentType, &v.Size, &v.UploadedBy, &v.CreatedAt); err != nil {
			return nil, err
		}
		out[v.PaperID] = append(out[v.PaperID], v)
	}
	return out, rows.Err()
}

// formatsOf lists the formats of versions.
func formatsOf(vs []Version) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Format
	}
	return out
}

// AddVersion checks an uploaded file with files.Papers and stores it as
// paper's version in format (one that needs its own file, OwnVersion),
// replacing any earlier file in that format, with an audit entry. Errors
// name the fields "format" and "file".
func (s *Store) AddVersion(ctx context.Context, paperID int64, format string, u files.Upload, by audit.Actor) (Version, error) {
	v := Version{PaperID: paperID, Format: format}
	if !OwnVersion(format) {
		return v, valid.Errors{{Field: "format", Message: "Select the format of this version: large print, easy read, audio or braille"}}
	}
	ct, err := files.Papers.Check("file", u)
	if err != nil {
		return v, err
	}
	v.Filename, v.ContentType, v.Size = files.CleanName(u.Filename), ct, int64(len(u.Content))
	v.UploadedBy, v.CreatedAt = by.Name, s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		p, err := scanPaper(tx.QueryRowContext(ctx, selectPaper+" WHERE b.partnership_id = $1 AND p.id = $2", s.p.ID, paperID))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM paper_versions WHERE paper_id = $1 AND format = $2", p.ID, format); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO paper_versions (paper_id, format, filename, content_type, size, content,
			uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, p.ID, format, v.Filename, v.ContentType,
			v.Size, u.Content, v.UploadedBy, v.CreatedAt).Scan(&v.ID); err != nil {
			return fmt.Errorf("save paper version: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "create", Entity: "paper version",
			EntityID: v.ID, Summary: fmt.Sprintf("Uploaded the %s version of %s (%s)", strings.ToLower(FormatName(format)), p.Title, v.Filename)},
			nil, map[string]any{"paper_id": p.ID, "format": format, "filename": v.Filename, "size": v.Size})
	})
	return v, err
}

// VersionFile returns one of the partnership's papers' version in format
// with its file, or valid.ErrNotFound.
func (s *Store) VersionFile(ctx context.Context, paperID int64, format string) (Version, []byte, error) {
	return versionFile(ctx, s.db, s.p.ID, paperID, format)
}

func versionFile(ctx context.Context, q db.Querier, pid, paperID int64, format string) (Version, []byte, error) {
	var v Version
	var b []byte
	err := q.QueryRowContext(ctx, `SELECT v.id, v.paper_id, v.format, v.filename, v.content_type, v.size, v.uploaded_by, v.created_at,
		v.content FROM paper_versions v JOIN papers p ON p.id = v.paper_id JOIN meetings m ON m.id = p.meeting_id
		JOIN bodies b ON b.id = m.body_id WHERE b.partnership_id = $1 AND v.paper_id = $2 AND v.format = $3`, pid, paperID, format).
		Scan(&v.ID, &v.PaperID, &v.Format, &v.Filename, &v.ContentType, &v.Size, &v.UploadedBy, &v.CreatedAt, &b)
	return v, b, valid.NotFound(err)
}

// selectRound reads rounds with their meeting, body, agenda item, member
// and seat; every query adds "r.partnership_id = $1 AND b.partnership_id = $1".
const selectRound = `SELECT r.id, r.meeting_id, m.title, m.starts_at, b.name, r.agenda_item_id, a.title, r.member_id, mb.name,
	mb.publish_name, r.seat_id, r.held_on, r.method, r.summary, r.recorded_by, r.created_at
	FROM rounds r JOIN meetings m ON m.id = r.meeting_id JOIN bodies b ON b.id = m.body_id
	JOIN agenda_items a ON a.id = r.agenda_item_id JOIN members mb ON mb.id = r.member_id`

// RoundsOf returns the representatives' rounds recorded for meeting
// meetingID of partnership pid, in agenda order, as plain values for
// another room (the commissioning room reads them as involvement). Another
// partnership's meeting has none.
func RoundsOf(ctx context.Context, q db.Querier, pid int64, meetingID int64) ([]Round, error) {
	return queryRounds(ctx, q, "r.partnership_id = $1 AND b.partnership_id = $1 AND r.meeting_id = $2", pid, meetingID)
}

// RoundsIn returns every representative's round of partnership pid, for
// choosing one to link to commissioning work.
func RoundsIn(ctx context.Context, q db.Querier, pid int64) ([]Round, error) {
	return queryRounds(ctx, q, "r.partnership_id = $1 AND b.partnership_id = $1", pid)
}

// RoundOf returns one representative's round of partnership pid, or
// valid.ErrNotFound (also for another partnership's round).
func RoundOf(ctx context.Context, q db.Querier, pid int64, roundID int64) (Round, error) {
	rs, err := queryRounds(ctx, q, "r.partnership_id = $1 AND b.partnership_id = $1 AND r.id = $2", pid, roundID)
	if err != nil {
		return Round{}, err
	}
	if len(rs) == 0 {
		return Round{}, valid.ErrNotFound
	}
	return rs[0], nil
}

func queryRounds(ctx context.Context, q db.Querier, where string, args ...any) ([]Round, error) {
	rows, err := q.QueryContext(ctx, selectRound+" WHERE "+where+" ORDER BY a.position, r.held_on, r.id", args...)
	if err != nil {
		return nil, fmt.Errorf("list rounds: %w", err)
	}
	var rs []Round
	idx := map[int64]int{}
	for rows.Next() {
		var r Round
		var startsAt time.Time
		if err := rows.Scan(&r.ID, &r.MeetingID, &r.MeetingTitle, &startsAt, &r.BodyName, &r.AgendaItemID, &r.AgendaItemTitle,
			&r.MemberID, &r.MemberName, &r.PublishName, &r.SeatID, &r.HeldOn, &r.Method, &r.Summary, &r.RecordedBy, &r.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		r.MeetingDay = civil.Day(startsAt)
		r.Counts = map[statute.ParticipantGroup]int{}
		idx[r.ID] = len(rs)
		rs = append(rs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(rs) == 0 {
		return rs, err
	}
	// Each round's seat gives its capacity; its counts and localities
	// come from its child tables, read through the same partnership.
	for i := range rs {
		seats, err := governance.SeatsOfMemberIn(ctx, q, args[0].(int64), rs[i].MemberID)
		if err != nil {
			return nil, err
		}
		for _, x := range seats {
			if x.ID == rs[i].SeatID {
				rs[i].Capacity = SeatCapacity(x)
			}
		}
	}
	grows, err := q.QueryContext(ctx, `SELECT g.round_id, g.grp, g.people FROM round_groups g JOIN rounds r ON r.id = g.round_id
		JOIN meetings m ON m.id = r.meeting_id JOIN bodies b ON b.id = m.body_id
		JOIN agenda_items a ON a.id = r.agenda_item_id JOIN members mb ON mb.id = r.member_id WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	for grows.Next() {
		var id int64
		var g string
		var n int
		if err := grows.Scan(&id, &g, &n); err != nil {
			grows.Close()
			return nil, err
		}
		if i, ok := idx[id]; ok {
			rs[i].Counts[statute.ParticipantGroup(g)] = n
		}
	}
	grows.Close()
	if err := grows.Err(); err != nil {
		return nil, err
	}
	lrows, err := q.QueryContext(ctx, `SELECT l.round_id, l.locality_id FROM round_localities l JOIN rounds r ON r.id = l.round_id
		JOIN meetings m ON m.id = r.meeting_id JOIN bodies b ON b.id = m.body_id
		JOIN agenda_items a ON a.id = r.agenda_item_id JOIN members mb ON mb.id = r.member_id WHERE `+where+
		" ORDER BY l.round_id, l.locality_id", args...)
	if err != nil {
		return nil, err
	}
	defer lrows.Close()
	for lrows.Next() {
		var id, l int64
		if err := lrows.Scan(&id, &l); err != nil {
			return nil, err
		}
		if i, ok := idx[id]; ok {
			rs[i].LocalityIDs = append(rs[i].LocalityIDs, l)
		}
	}
	return rs, lrows.Err()
}

// RecordRound records, for member memberID of the partnership, a round of
// views gathered before one of the partnership's meetings, with an audit
// entry. The member must hold a seat on the meeting's body on its day that
// represents a group or locality (Represents); the round is tied to that
// seat.
func (s *Store) RecordRound(ctx context.Context, meetingID, memberID int64, r Round, by audit.Actor) (Round, error) {
	r.Summary = strings.TrimSpace(r.Summary)
	var localities []int64
	for _, l := range s.p.Localities {
		localities = append(localities, l.ID)
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := byID(ctx, tx, s.p.ID, meetingID)
		if err != nil {
			return err
		}
		errs, _ := valid.As(ValidateRound(r, m.Day(), localities))
		if r.AgendaItemID != 0 {
			if e, ok := valid.As(agendaItemOf(ctx, tx, m.ID, r.AgendaItemID, "agenda_item")); ok {
				errs = append(errs, e...)
			} else if e != nil {
				return e
			}
		}
		seats, err := governance.SeatsOfMemberIn(ctx, tx, s.p.ID, memberID)
		if err != nil {
			return err
		}
		var seat governance.Seat
		for _, x := range seats {
			if x.BodyID == m.BodyID && x.HeldOn(m.Day()) && Represents(x) {
				seat = x
				break
			}
		}
		if seat.ID == 0 {
			errs = append(errs, valid.FieldError{Field: "member", Message: "Only a member who represents a group or a locality on " +
				m.BodyName + " on the day of the meeting can record a round of views for it"})
		}
		if err := errs.Err(); err != nil {
			return err
		}
		r.MeetingID, r.MemberID, r.SeatID, r.RecordedBy, r.CreatedAt = m.ID, memberID, seat.ID, by.Name, s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO rounds (partnership_id, meeting_id, agenda_item_id, member_id, seat_id, held_on,
			method, summary, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, s.p.ID, r.MeetingID,
			r.AgendaItemID, r.MemberID, r.SeatID, string(r.HeldOn), r.Method, r.Summary, r.RecordedBy, r.CreatedAt).Scan(&r.ID); err != nil {
			return fmt.Errorf("save round: %w", err)
		}
		for _, g := range statute.ParticipantGroups() {
			if n := r.Counts[g]; n > 0 {
				if _, err := tx.ExecContext(ctx, "INSERT INTO round_groups (round_id, grp, people) VALUES ($1, $2, $3)", r.ID, string(g), n); err != nil {
					return err
				}
			}
		}
		for _, l := range r.LocalityIDs {
			if _, err := tx.ExecContext(ctx, "INSERT INTO round_localities (round_id, locality_id) VALUES ($1, $2)", r.ID, l); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "create", Entity: "round",
			EntityID: r.ID, Summary: fmt.Sprintf("Recorded %s's round of views from %d people for %s of %s", seat.MemberName, r.People(),
				m.Name(), m.BodyName)}, nil, map[string]any{"meeting_id": m.ID, "agenda_item_id": r.AgendaItemID, "member_id": memberID,
			"held_on": r.HeldOn, "method": r.Method, "counts": r.Counts, "localities": r.LocalityIDs})
	})
	return r, err
}

// RecordMyRound is RecordRound for the member linked to account userID, who
// must sit on the meeting's body (otherwise valid.ErrNotFound).
func (s *Store) RecordMyRound(ctx context.Context, userID, meetingID int64, r Round, by audit.Actor) (Round, error) {
	member, err := s.myMember(ctx, userID)
	if err != nil {
		return r, err
	}
	if _, _, err := s.memberMeeting(ctx, s.db, member, meetingID); err != nil {
		return r, err
	}
	return s.RecordRound(ctx, meetingID, member.ID, r, by)
}

// ErrNotPublic is returned for a body, meeting or paper that the public
// may not see; handlers show it as "not found".
var ErrNotPublic = valid.ErrNotFound

// publicBody is the body if it meets in public, else valid.ErrNotFound.
func (s *Store) publicBody(ctx context.Context, bodyID int64) (governance.Body, error) {
	b, err := governance.BodyIn(ctx, s.db, s.p.ID, bodyID)
	if err == nil && !b.MeetsInPublic {
		return b, ErrNotPublic
	}
	return b, err
}

// PublicMeetings is a body that meets in public with its meetings, newest
// first; a body that does not meet in public is valid.ErrNotFound.
func (s *Store) PublicMeetings(ctx context.Context, bodyID int64) (governance.Body, []Meeting, error) {
	b, err := s.publicBody(ctx, bodyID)
	if err != nil {
		return b, nil, err
	}
	ms, err := s.OfBody(ctx, bodyID)
	for i, j := 0, len(ms)-1; i < j; i, j = i+1, j-1 {
		ms[i], ms[j] = ms[j], ms[i]
	}
	return b, ms, err
}

// PublicPage is a meeting's public record: the page's agenda, issued papers
// only, minutes, decisions, and the representatives' rounds.
func (s *Store) PublicPage(ctx context.Context, meetingID int64) (Page, []Round, error) {
	pg, err := s.Page(ctx, meetingID)
	if err != nil {
		return pg, nil, err
	}
	if _, err := s.publicBody(ctx, pg.Meeting.BodyID); err != nil {
		return Page{}, nil, err
	}
	var issued []Paper
	for _, p := range pg.Papers {
		if p.Issued() {
			issued = append(issued, p)
		}
	}
	pg.Papers = issued
	rs, err := RoundsOf(ctx, s.db, s.p.ID, meetingID)
	return pg, rs, err
}

// PublicPaperFile returns an issued paper of a meeting of a body that meets
// in public, with its file; any other paper is valid.ErrNotFound.
func (s *Store) PublicPaperFile(ctx context.Context, paperID int64) (Paper, []byte, error) {
	p, content, err := s.PaperFile(ctx, paperID)
	if err != nil {
		return p, nil, err
	}
	m, err := s.ByID(ctx, p.MeetingID)
	if err != nil {
		return p, nil, err
	}
	if _, err := s.publicBody(ctx, m.BodyID); err != nil {
		return Paper{}, nil, err
	}
	if !p.Issued() {
		return Paper{}, nil, valid.ErrNotFound
	}
	return p, content, nil
}
