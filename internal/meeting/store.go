package meeting

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/files"
	"coplan/internal/governance"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// Store keeps one partnership's meetings, agendas, papers and decisions,
// stamping times with its clock.
//
// Every query joins the meeting to its body and checks the body's
// partnership — agenda items, papers and decisions included, through their
// meeting — so that an id naming another partnership's meeting, agenda
// item, paper or decision is valid.ErrNotFound. Each write is one
// transaction with its audit entry.
type Store struct {
	db  *db.DB
	p   partnership.Partnership
	now civil.Clock
}

// StoreFor is the store of partnership p's meetings, bound to the clock
// now (nil for the system clock).
func StoreFor(d *db.DB, p partnership.Partnership, now civil.Clock) *Store {
	if now == nil {
		now = civil.SystemClock
	}
	return &Store{db: d, p: p, now: now}
}

const selectMeeting = `SELECT m.id, m.body_id, m.title, m.starts_at, m.ends_at, m.place, m.online_link, m.minutes,
	m.created_at, b.name, b.notice_days FROM meetings m JOIN bodies b ON b.id = m.body_id`

func scanMeeting(s interface{ Scan(...any) error }) (Meeting, error) {
	var m Meeting
	var ends sql.NullTime
	err := s.Scan(&m.ID, &m.BodyID, &m.Title, &m.StartsAt, &ends, &m.Place, &m.OnlineLink, &m.Minutes,
		&m.CreatedAt, &m.BodyName, &m.NoticeDays)
	if ends.Valid {
		m.EndsAt = ends.Time
	}
	return m, valid.NotFound(err)
}

func queryMeetings(ctx context.Context, q db.Querier, where string, args ...any) ([]Meeting, error) {
	rows, err := q.QueryContext(ctx, selectMeeting+" WHERE "+where+" ORDER BY m.starts_at, m.id", args...)
	if err != nil {
		return nil, fmt.Errorf("list meetings: %w", err)
	}
	defer rows.Close()
	var ms []Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, rows.Err()
}

// ByID returns one of the partnership's meetings, or valid.ErrNotFound.
func (s *Store) ByID(ctx context.Context, id int64) (Meeting, error) {
	return byID(ctx, s.db, s.p.ID, id)
}

func byID(ctx context.Context, q db.Querier, pid, id int64) (Meeting, error) {
	return scanMeeting(q.QueryRowContext(ctx, selectMeeting+" WHERE b.partnership_id = $1 AND m.id = $2", pid, id))
}

// Body returns one of the partnership's governance bodies, or
// valid.ErrNotFound: the body a new meeting is for.
func (s *Store) Body(ctx context.Context, bodyID int64) (governance.Body, error) {
	return governance.BodyIn(ctx, s.db, s.p.ID, bodyID)
}

// OfBody lists a body's meetings, earliest first.
func (s *Store) OfBody(ctx context.Context, bodyID int64) ([]Meeting, error) {
	return queryMeetings(ctx, s.db, "b.partnership_id = $1 AND m.body_id = $2", s.p.ID, bodyID)
}

// WithPapers is a meeting with its papers (without their content).
type WithPapers struct {
	Meeting
	Papers []Paper
}

// BodyMeetings is a body with its meetings and their papers.
type BodyMeetings struct {
	Body     governance.Body
	Meetings []WithPapers // earliest first
}

// BodyMeetings reads one of the partnership's bodies with its meetings and
// their papers, or valid.ErrNotFound.
func (s *Store) BodyMeetings(ctx context.Context, bodyID int64) (BodyMeetings, error) {
	var out BodyMeetings
	var err error
	if out.Body, err = s.Body(ctx, bodyID); err != nil {
		return out, err
	}
	ms, err := s.OfBody(ctx, bodyID)
	if err != nil {
		return out, err
	}
	for _, m := range ms {
		ps, err := s.Papers(ctx, m.ID)
		if err != nil {
			return out, err
		}
		out.Meetings = append(out.Meetings, WithPapers{m, ps})
	}
	return out, nil
}

// Page is everything the meeting's page shows.
type Page struct {
	Meeting   Meeting
	Agenda    []AgendaItem
	Papers    []Paper
	Decisions []Decision
	NonVoting int // the non-voting members who held seats on the body on the day
	Apologies []Apology
	Rounds    []Round
	Versions  map[int64][]Version // other formats, by paper id
	// Owed is, by paper id, the formats the paper is still owed in to
	// members who sat on the body on the day (OwedFormats).
	Owed map[int64][]string
}

// Page reads one of the partnership's meetings with its agenda, papers and
// decisions, or valid.ErrNotFound.
func (s *Store) Page(ctx context.Context, meetingID int64) (Page, error) {
	var pg Page
	var err error
	if pg.Meeting, err = s.ByID(ctx, meetingID); err != nil {
		return pg, err
	}
	if pg.Agenda, err = s.Agenda(ctx, meetingID); err != nil {
		return pg, err
	}
	if pg.Papers, err = s.Papers(ctx, meetingID); err != nil {
		return pg, err
	}
	if pg.Decisions, err = s.Decisions(ctx, meetingID); err != nil {
		return pg, err
	}
	if pg.NonVoting, err = nonVotingMembers(ctx, s.db, s.p.ID, pg.Meeting); err != nil {
		return pg, err
	}
	if pg.Apologies, err = s.Apologies(ctx, meetingID); err != nil {
		return pg, err
	}
	if pg.Rounds, err = RoundsOf(ctx, s.db, s.p.ID, meetingID); err != nil {
		return pg, err
	}
	if pg.Versions, err = s.Versions(ctx, meetingID); err != nil {
		return pg, err
	}
	wanted, err := s.wantedFormats(ctx, pg.Meeting)
	if err != nil {
		return pg, err
	}
	pg.Owed = map[int64][]string{}
	for _, p := range pg.Papers {
		if f := OwedFormats(wanted, formatsOf(pg.Versions[p.ID])); len(f) > 0 {
			pg.Owed[p.ID] = f
		}
	}
	return pg, nil
}

// wantedFormats lists the paper formats of the members who held seats on
// the meeting's body on its day.
func (s *Store) wantedFormats(ctx context.Context, m Meeting) ([]string, error) {
	seats, err := governance.SeatsIn(ctx, s.db, s.p.ID, m.BodyID)
	if err != nil {
		return nil, err
	}
	sitting := map[int64]bool{}
	for _, x := range seats {
		if x.HeldOn(m.Day()) {
			sitting[x.MemberID] = true
		}
	}
	ms, err := governance.StoreFor(s.db, s.p, s.now).Members(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, mb := range ms {
		if sitting[mb.ID] {
			out = append(out, mb.PaperFormat)
		}
	}
	return out, nil
}

// ForMember lists the meetings starting at or after from of the bodies on
// which the member held a seat on the day of the meeting, earliest first.
// A member appointed to the board next month does not see this month's
// board meeting; one who resigned does not see the meetings after. A
// member of another partnership has none here.
func (s *Store) ForMember(ctx context.Context, member governance.Member, from time.Time) ([]Meeting, error) {
	return s.forMember(ctx, member, "m.starts_at >= $2", from)
}

// forMember lists the meetings matching cond (on $2) of the bodies on which
// the member held a seat on the meeting's day, earliest first.
func (s *Store) forMember(ctx context.Context, member governance.Member, cond string, arg any) ([]Meeting, error) {
	if member.PartnershipID != s.p.ID {
		return nil, nil
	}
	seats, err := governance.SeatsOfMemberIn(ctx, s.db, s.p.ID, member.ID)
	if err != nil {
		return nil, err
	}
	ms, err := queryMeetings(ctx, s.db, `b.partnership_id = $1 AND `+cond+`
		AND m.body_id IN (SELECT body_id FROM seats WHERE member_id = $3)`, s.p.ID, arg, member.ID)
	if err != nil {
		return nil, err
	}
	var out []Meeting
	for _, m := range ms {
		if MayRead(seats, m) {
			out = append(out, m)
		}
	}
	return out, nil
}

// MemberMeeting is one of a member's meetings with its agenda, the papers
// issued so far and how many are still to come; on "Your meetings" also
// its decisions, the member's apologies and rounds, and which papers are
// in, or still owed in, the member's paper format.
type MemberMeeting struct {
	Meeting
	Agenda   []AgendaItem
	Issued   []Paper
	Unissued int

	Decisions  []Decision
	Apology    *Apology       // the member's apologies, nil if none sent
	InFormat   map[int64]bool // papers that have a version in the member's format
	Owed       map[int64]bool // papers still owed in the member's format (Owed)
	Represents bool           // the member may record a round for this meeting
	Rounds     []Round        // the member's own rounds for this meeting
}

// withPapersFor reads each meeting's papers, keeping only those issued.
func (s *Store) withPapersFor(ctx context.Context, ms []Meeting, agenda bool) ([]MemberMeeting, error) {
	var out []MemberMeeting
	for _, m := range ms {
		mm := MemberMeeting{Meeting: m}
		if agenda {
			var err error
			if mm.Agenda, err = s.Agenda(ctx, m.ID); err != nil {
				return nil, err
			}
		}
		ps, err := s.Papers(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if p.Issued() {
				mm.Issued = append(mm.Issued, p)
			} else {
				mm.Unissued++
			}
		}
		out = append(out, mm)
	}
	return out, nil
}

// forMemberPage adds to each of a member's meetings what "Your meetings"
// shows beside its papers.
func (s *Store) forMemberPage(ctx context.Context, member governance.Member, mms []MemberMeeting) error {
	seats, err := governance.SeatsOfMemberIn(ctx, s.db, s.p.ID, member.ID)
	if err != nil {
		return err
	}
	for i := range mms {
		mm := &mms[i]
		if mm.Decisions, err = s.Decisions(ctx, mm.ID); err != nil {
			return err
		}
		as, err := s.Apologies(ctx, mm.ID)
		if err != nil {
			return err
		}
		for _, a := range as {
			if a.MemberID == member.ID {
				a := a
				mm.Apology = &a
			}
		}
		vs, err := s.Versions(ctx, mm.ID)
		if err != nil {
			return err
		}
		mm.InFormat, mm.Owed = map[int64]bool{}, map[int64]bool{}
		for _, p := range mm.Issued {
			have := formatsOf(vs[p.ID])
			mm.Owed[p.ID] = Owed(member.PaperFormat, have)
			mm.InFormat[p.ID] = OwnVersion(member.PaperFormat) && !mm.Owed[p.ID]
		}
		for _, x := range seats {
			if x.BodyID == mm.BodyID && x.HeldOn(mm.Day()) && Represents(x) {
				mm.Represents = true
			}
		}
		rs, err := RoundsOf(ctx, s.db, s.p.ID, mm.ID)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if r.MemberID == member.ID {
				mm.Rounds = append(mm.Rounds, r)
			}
		}
	}
	return nil
}

// UserMeetings is what "Your meetings" shows an account.
type UserMeetings struct {
	Member    governance.Member
	HasMember bool // false when the account is linked to no member of this partnership
	Meetings  []MemberMeeting
	Past      []MemberMeeting // meetings before today, newest first
}

// ForUser reads the meetings of the member of this partnership that the
// account userID is linked to: those from today (by the store's clock)
// onwards, and the past ones, newest first, each with its agenda, issued
// papers (flagged where still owed in the member's format), decisions, the
// member's apologies and their rounds of views.
func (s *Store) ForUser(ctx context.Context, userID int64) (UserMeetings, error) {
	var out UserMeetings
	member, err := governance.StoreFor(s.db, s.p, s.now).MemberByUser(ctx, userID)
	switch {
	case errors.Is(err, valid.ErrNotFound):
		return out, nil
	case err != nil:
		return out, err
	case member.PartnershipID != s.p.ID:
		return out, nil
	}
	out.Member, out.HasMember = member, true
	today := civil.Day(s.now()).Time()
	ms, err := s.ForMember(ctx, member, today)
	if err != nil {
		return out, err
	}
	if out.Meetings, err = s.withPapersFor(ctx, ms, true); err != nil {
		return out, err
	}
	past, err := s.forMember(ctx, member, "m.starts_at < $2", today)
	if err != nil {
		return out, err
	}
	for i, j := 0, len(past)-1; i < j; i, j = i+1, j-1 {
		past[i], past[j] = past[j], past[i]
	}
	if out.Past, err = s.withPapersFor(ctx, past, true); err != nil {
		return out, err
	}
	if err := s.forMemberPage(ctx, member, out.Meetings); err != nil {
		return out, err
	}
	return out, s.forMemberPage(ctx, member, out.Past)
}

// Calendar is a member's calendar feed.
type Calendar struct {
	Name    string // e.g. "Isla Morrison's meetings – Glenmorven"
	Entries []CalendarEntry
}

// CalendarOf reads the calendar feed of the member whose secret calendar
// token is token: their meetings from three months before now onwards.
// This is the one read not bound to a partnership by its caller: the
// token alone names the member, and through them the partnership, whose
// Store then reads the meetings. An unknown token is valid.ErrNotFound.
func CalendarOf(ctx context.Context, d *db.DB, token string, now time.Time) (Calendar, error) {
	member, err := governance.MemberByCalendarToken(ctx, d, token)
	if errors.Is(err, valid.ErrNotFound) {
		return Calendar{}, valid.ErrNotFound
	}
	if err != nil {
		return Calendar{}, err
	}
	p, err := partnership.ByID(ctx, d, member.PartnershipID)
	if err != nil {
		return Calendar{}, err
	}
	s := StoreFor(d, p, func() time.Time { return now })
	ms, err := s.ForMember(ctx, member, now.AddDate(0, -3, 0))
	if err != nil {
		return Calendar{}, err
	}
	mms, err := s.withPapersFor(ctx, ms, false)
	if err != nil {
		return Calendar{}, err
	}
	c := Calendar{Name: member.Name + "'s meetings – " + p.Name}
	for _, mm := range mms {
		c.Entries = append(c.Entries, CalendarEntry{Meeting: mm.Meeting, Issued: mm.Issued, Unissued: mm.Unissued})
	}
	return c, nil
}

// Save validates and creates (ID 0) or updates a meeting of one of the
// partnership's bodies, with an audit entry. A meeting stays with the body
// it was created for.
func (s *Store) Save(ctx context.Context, m Meeting, by audit.Actor) (Meeting, error) {
	m.Title = strings.TrimSpace(m.Title)
	m.Place = strings.TrimSpace(m.Place)
	m.OnlineLink = strings.TrimSpace(m.OnlineLink)
	m.Minutes = strings.TrimSpace(m.Minutes)
	if err := Validate(m); err != nil {
		return m, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var before any
		if m.ID == 0 {
			b, err := governance.BodyIn(ctx, tx, s.p.ID, m.BodyID)
			if errors.Is(err, valid.ErrNotFound) {
				return valid.ErrNotFound
			}
			if err != nil {
				return err
			}
			m.BodyName, m.NoticeDays, m.CreatedAt = b.Name, b.NoticeDays, s.now()
			err = tx.QueryRowContext(ctx, `INSERT INTO meetings (body_id, title, starts_at, ends_at, place, online_link, minutes, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, m.BodyID, m.Title, m.StartsAt, nullTime(m.EndsAt),
				m.Place, m.OnlineLink, m.Minutes, m.CreatedAt).Scan(&m.ID)
			if err != nil {
				return fmt.Errorf("save meeting: %w", err)
			}
		} else {
			old, err := byID(ctx, tx, s.p.ID, m.ID)
			if err != nil {
				return err
			}
			before = snapshot(old)
			m.BodyID, m.BodyName, m.NoticeDays, m.CreatedAt = old.BodyID, old.BodyName, old.NoticeDays, old.CreatedAt
			if _, err := tx.ExecContext(ctx, `UPDATE meetings SET title = $1, starts_at = $2, ends_at = $3, place = $4,
				online_link = $5, minutes = $6 WHERE id = $7`, m.Title, m.StartsAt, nullTime(m.EndsAt), m.Place, m.OnlineLink,
				m.Minutes, m.ID); err != nil {
				return fmt.Errorf("save meeting: %w", err)
			}
		}
		summary := "Added the meeting " + m.Name() + " of " + m.BodyName
		if before != nil {
			summary = "Changed the meeting " + m.Name() + " of " + m.BodyName
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by,
			Action: map[bool]string{true: "create", false: "update"}[before == nil], Entity: "meeting", EntityID: m.ID,
			Summary: summary}, before, snapshot(m))
	})
	return m, err
}

func snapshot(m Meeting) map[string]any {
	return map[string]any{"body": m.BodyName, "title": m.Title, "starts_at": m.StartsAt.UTC(), "ends_at": nullTime(m.EndsAt),
		"place": m.Place, "online_link": m.OnlineLink, "minutes": m.Minutes}
}

// Agenda returns a meeting's agenda in order.
func (s *Store) Agenda(ctx context.Context, meetingID int64) ([]AgendaItem, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.meeting_id, a.position, a.title, a.description FROM agenda_items a
		JOIN meetings m ON m.id = a.meeting_id JOIN bodies b ON b.id = m.body_id
		WHERE b.partnership_id = $1 AND a.meeting_id = $2 ORDER BY a.position, a.id`, s.p.ID, meetingID)
	if err != nil {
		return nil, fmt.Errorf("read agenda: %w", err)
	}
	defer rows.Close()
	var as []AgendaItem
	for rows.Next() {
		var a AgendaItem
		if err := rows.Scan(&a.ID, &a.MeetingID, &a.Position, &a.Title, &a.Description); err != nil {
			return nil, err
		}
		as = append(as, a)
	}
	return as, rows.Err()
}

// AddAgendaItem adds an item at the end of a meeting's agenda, with an
// audit entry.
func (s *Store) AddAgendaItem(ctx context.Context, meetingID int64, a AgendaItem, by audit.Actor) (AgendaItem, error) {
	a.Title = strings.TrimSpace(a.Title)
	a.Description = strings.TrimSpace(a.Description)
	if err := ValidateAgendaItem(a); err != nil {
		return a, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := byID(ctx, tx, s.p.ID, meetingID)
		if err != nil {
			return err
		}
		a.MeetingID = m.ID
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = $1",
			m.ID).Scan(&a.Position); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO agenda_items (meeting_id, position, title, description)
			VALUES ($1, $2, $3, $4) RETURNING id`, a.MeetingID, a.Position, a.Title, a.Description).Scan(&a.ID); err != nil {
			return fmt.Errorf("save agenda item: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "create", Entity: "agenda item",
			EntityID: a.ID, Summary: fmt.Sprintf("Added item %d, %s, to the agenda of %s of %s", a.Position, a.Title, m.Name(), m.BodyName)},
			nil, a)
	})
	return a, err
}

// agendaItemOf checks that an agenda item belongs to the meeting (itself
// already found in the partnership); 0 means none and is always fine.
func agendaItemOf(ctx context.Context, q db.Querier, meetingID, itemID int64, field string) error {
	if itemID == 0 {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM agenda_items WHERE meeting_id = $1 AND id = $2", meetingID, itemID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return valid.Errors{{Field: field, Message: "Select an item of this meeting's agenda"}}
	}
	return nil
}

const selectPaper = `SELECT p.id, p.meeting_id, COALESCE(p.agenda_item_id, 0), p.title, p.filename, p.content_type, p.size,
	p.issued_at, p.uploaded_by, p.created_at FROM papers p JOIN meetings m ON m.id = p.meeting_id JOIN bodies b ON b.id = m.body_id`

func scanPaper(s interface{ Scan(...any) error }) (Paper, error) {
	var p Paper
	var issued sql.NullTime
	err := s.Scan(&p.ID, &p.MeetingID, &p.AgendaItemID, &p.Title, &p.Filename, &p.ContentType, &p.Size, &issued,
		&p.UploadedBy, &p.CreatedAt)
	if issued.Valid {
		p.IssuedAt = issued.Time
	}
	return p, valid.NotFound(err)
}

// Papers lists a meeting's papers (without their content) in the order
// they were uploaded.
func (s *Store) Papers(ctx context.Context, meetingID int64) ([]Paper, error) {
	rows, err := s.db.QueryContext(ctx, selectPaper+" WHERE b.partnership_id = $1 AND p.meeting_id = $2 ORDER BY p.id", s.p.ID, meetingID)
	if err != nil {
		return nil, fmt.Errorf("list papers: %w", err)
	}
	defer rows.Close()
	var ps []Paper
	for rows.Next() {
		p, err := scanPaper(rows)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

// PaperByID returns one of the partnership's papers (without its
// content), or valid.ErrNotFound.
func (s *Store) PaperByID(ctx context.Context, id int64) (Paper, error) {
	return scanPaper(s.db.QueryRowContext(ctx, selectPaper+" WHERE b.partnership_id = $1 AND p.id = $2", s.p.ID, id))
}

// PaperFile returns one of the partnership's papers with its file, or
// valid.ErrNotFound.
func (s *Store) PaperFile(ctx context.Context, id int64) (Paper, []byte, error) {
	p, err := s.PaperByID(ctx, id)
	if err != nil {
		return p, nil, err
	}
	var b []byte
	err = s.db.QueryRowContext(ctx, `SELECT p.content FROM papers p JOIN meetings m ON m.id = p.meeting_id
		JOIN bodies b ON b.id = m.body_id WHERE b.partnership_id = $1 AND p.id = $2`, s.p.ID, id).Scan(&b)
	return p, b, valid.NotFound(err)
}

// MemberPaperFile returns an issued paper with its file for the member of
// this partnership linked to the account userID, if they may read it
// (MayRead: they sat on the meeting's body on its day); otherwise
// valid.ErrNotFound, as for a paper that does not exist. Where the member
// asked for papers in a format that needs its own file (OwnVersion) and the
// paper has a version in it, that version's file, name and type are given.
func (s *Store) MemberPaperFile(ctx context.Context, userID, paperID int64) (Paper, []byte, error) {
	member, err := governance.StoreFor(s.db, s.p, s.now).MemberByUser(ctx, userID)
	if err != nil {
		return Paper{}, nil, err
	}
	paper, content, err := s.PaperFile(ctx, paperID)
	if err != nil {
		return Paper{}, nil, err
	}
	m, err := byID(ctx, s.db, s.p.ID, paper.MeetingID)
	if err != nil {
		return Paper{}, nil, err
	}
	seats, err := governance.SeatsOfMemberIn(ctx, s.db, s.p.ID, member.ID)
	if err != nil {
		return Paper{}, nil, err
	}
	if !paper.Issued() || !MayRead(seats, m) {
		return Paper{}, nil, valid.ErrNotFound
	}
	if OwnVersion(member.PaperFormat) {
		v, vc, err := versionFile(ctx, s.db, s.p.ID, paper.ID, member.PaperFormat)
		if err == nil {
			paper.Filename, paper.ContentType, paper.Size = v.Filename, v.ContentType, v.Size
			return paper, vc, nil
		}
		if !errors.Is(err, valid.ErrNotFound) {
			return Paper{}, nil, err
		}
	}
	return paper, content, nil
}

// AddPaper checks an uploaded file with files.Papers and stores it as a
// paper of the meeting, not yet issued, with an audit entry. An empty
// title becomes the file's name. Errors name the fields "title",
// "agenda_item" and "file".
func (s *Store) AddPaper(ctx context.Context, meetingID int64, paper Paper, u files.Upload, by audit.Actor) (Paper, error) {
	ct, err := files.Papers.Check("file", u)
	if err != nil {
		return paper, err
	}
	paper.Filename = files.CleanName(u.Filename)
	paper.Title = strings.TrimSpace(paper.Title)
	if paper.Title == "" {
		paper.Title = strings.TrimSuffix(paper.Filename, path.Ext(paper.Filename))
	}
	paper.ContentType, paper.Size = ct, int64(len(u.Content))
	paper.IssuedAt, paper.UploadedBy, paper.CreatedAt = time.Time{}, by.Name, s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := byID(ctx, tx, s.p.ID, meetingID)
		if err != nil {
			return err
		}
		if err := agendaItemOf(ctx, tx, m.ID, paper.AgendaItemID, "agenda_item"); err != nil {
			return err
		}
		paper.MeetingID = m.ID
		if err := tx.QueryRowContext(ctx, `INSERT INTO papers (meeting_id, agenda_item_id, title, filename, content_type, size,
			content, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, paper.MeetingID,
			nullID(paper.AgendaItemID), paper.Title, paper.Filename, paper.ContentType, paper.Size, u.Content, paper.UploadedBy,
			paper.CreatedAt).Scan(&paper.ID); err != nil {
			return fmt.Errorf("save paper: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "create", Entity: "paper",
			EntityID: paper.ID, Summary: fmt.Sprintf("Uploaded the paper %s (%s) for %s of %s", paper.Title, paper.Filename,
				m.Name(), m.BodyName)}, nil, map[string]any{"title": paper.Title, "filename": paper.Filename,
			"content_type": paper.ContentType, "size": paper.Size, "agenda_item_id": paper.AgendaItemID})
	})
	return paper, err
}

// IssuePapers marks every paper of the meeting not yet issued as issued
// now (by the store's clock), and records in the audit log how many, when,
// and whether that was later than the body's notice period. It returns
// how many papers it issued; with none waiting it changes nothing.
func (s *Store) IssuePapers(ctx context.Context, meetingID int64, by audit.Actor) (int, error) {
	at := s.now()
	var n int
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := byID(ctx, tx, s.p.ID, meetingID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE papers SET issued_at = $1 WHERE meeting_id = $2 AND issued_at IS NULL", at, m.ID)
		if err != nil {
			return fmt.Errorf("issue papers: %w", err)
		}
		issued, err := res.RowsAffected()
		if err != nil {
			return err
		}
		n = int(issued)
		if n == 0 {
			return nil
		}
		summary := fmt.Sprintf("Issued %s for %s of %s on %s", plural(n, "paper"), m.Name(), m.BodyName, civil.Day(at))
		late, days := LateIssue(m.StartsAt, at, m.NoticeDays)
		if late {
			summary += fmt.Sprintf(", %s later than the %d-day notice period", plural(days, "day"), m.NoticeDays)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "issue", Entity: "meeting",
			EntityID: m.ID, Summary: summary}, nil, map[string]any{"papers_issued": n, "issued_at": at.UTC(),
			"due_by": m.DueBy(), "late": late, "days_late": days})
	})
	if err != nil {
		n = 0
	}
	return n, err
}

// Decisions lists the decisions recorded for a meeting, in the order they
// were recorded.
func (s *Store) Decisions(ctx context.Context, meetingID int64) ([]Decision, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT d.id, d.meeting_id, COALESCE(d.agenda_item_id, 0), d.text, d.voting_record,
		d.non_voting_views, d.created_at FROM decisions d JOIN meetings m ON m.id = d.meeting_id JOIN bodies b ON b.id = m.body_id
		WHERE b.partnership_id = $1 AND d.meeting_id = $2 ORDER BY d.id`, s.p.ID, meetingID)
	if err != nil {
		return nil, fmt.Errorf("list decisions: %w", err)
	}
	defer rows.Close()
	var ds []Decision
	for rows.Next() {
		var x Decision
		if err := rows.Scan(&x.ID, &x.MeetingID, &x.AgendaItemID, &x.Text, &x.VotingRecord, &x.NonVotingViews, &x.CreatedAt); err != nil {
			return nil, err
		}
		ds = append(ds, x)
	}
	return ds, rows.Err()
}

// nonVotingMembers counts the members without a vote who held seats on the
// meeting's body on the day of the meeting; m was found in the partnership.
func nonVotingMembers(ctx context.Context, q db.Querier, pid int64, m Meeting) (int, error) {
	seats, err := governance.SeatsIn(ctx, q, pid, m.BodyID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range seats {
		if !s.Voting && s.HeldOn(m.Day()) {
			n++
		}
	}
	return n, nil
}

// AddDecision records a decision of the meeting after checking it with
// ValidateDecision against the body's non-voting members on the day, with
// an audit entry.
func (s *Store) AddDecision(ctx context.Context, meetingID int64, x Decision, by audit.Actor) (Decision, error) {
	x.Text = strings.TrimSpace(x.Text)
	x.VotingRecord = strings.TrimSpace(x.VotingRecord)
	x.NonVotingViews = strings.TrimSpace(x.NonVotingViews)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := byID(ctx, tx, s.p.ID, meetingID)
		if err != nil {
			return err
		}
		nonVoting, err := nonVotingMembers(ctx, tx, s.p.ID, m)
		if err != nil {
			return err
		}
		errs, _ := valid.As(ValidateDecision(x, nonVoting))
		itemErr := agendaItemOf(ctx, tx, m.ID, x.AgendaItemID, "agenda_item")
		if e, ok := valid.As(itemErr); ok {
			errs = append(errs, e...)
		} else if itemErr != nil {
			return itemErr
		}
		if err := errs.Err(); err != nil {
			return err
		}
		x.MeetingID, x.CreatedAt = m.ID, s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO decisions (meeting_id, agenda_item_id, text, voting_record, non_voting_views,
			created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, x.MeetingID, nullID(x.AgendaItemID), x.Text, x.VotingRecord,
			x.NonVotingViews, x.CreatedAt).Scan(&x.ID); err != nil {
			return fmt.Errorf("save decision: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "create", Entity: "decision",
			EntityID: x.ID, Summary: "Recorded a decision of " + m.Name() + " of " + m.BodyName}, nil, x)
	})
	return x, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// Warned is a coming meeting whose papers are late, with the warnings.
type Warned struct {
	Meeting  Meeting
	Warnings []Warning
}

// LatePapers lists the partnership's meetings starting from now (by the
// store's clock) up to days ahead whose papers went out late or are overdue
// (Warnings), soonest first: what an officer must still put right. Only
// those meetings and their papers are read.
func (s *Store) LatePapers(ctx context.Context, days int) ([]Warned, error) {
	now := s.now()
	ms, err := queryMeetings(ctx, s.db, "b.partnership_id = $1 AND m.starts_at >= $2 AND m.starts_at < $3",
		s.p.ID, now, now.AddDate(0, 0, days))
	if err != nil {
		return nil, err
	}
	var out []Warned
	for _, m := range ms {
		ps, err := s.Papers(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		if ws := Warnings(m, ps, now); len(ws) > 0 {
			out = append(out, Warned{m, ws})
		}
	}
	return out, nil
}
