package meeting

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/governance"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// Every query here joins the meeting to its body and checks the body's
// partnership, so that an address naming another partnership's meeting,
// paper or decision finds nothing.

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
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
	return m, notFound(err)
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

// ByID returns one of a partnership's meetings, or ErrNotFound.
func ByID(ctx context.Context, q db.Querier, pid, id int64) (Meeting, error) {
	return scanMeeting(q.QueryRowContext(ctx, selectMeeting+" WHERE b.partnership_id = $1 AND m.id = $2", pid, id))
}

// OfBody lists a body's meetings, earliest first.
func OfBody(ctx context.Context, q db.Querier, pid, bodyID int64) ([]Meeting, error) {
	return queryMeetings(ctx, q, "b.partnership_id = $1 AND m.body_id = $2", pid, bodyID)
}

// ForMember lists the meetings starting at or after from of the bodies on
// which the member held a seat on the day of the meeting, earliest first.
// A member appointed to the board next month does not see this month's
// board meeting; one who resigned does not see the meetings after.
func ForMember(ctx context.Context, q db.Querier, member governance.Member, from time.Time) ([]Meeting, error) {
	seats, err := governance.SeatsOfMemberIn(ctx, q, member.PartnershipID, member.ID)
	if err != nil {
		return nil, err
	}
	ms, err := queryMeetings(ctx, q, `b.partnership_id = $1 AND m.starts_at >= $2
		AND m.body_id IN (SELECT body_id FROM seats WHERE member_id = $3)`, member.PartnershipID, from, member.ID)
	if err != nil {
		return nil, err
	}
	var out []Meeting
	for _, m := range ms {
		for _, s := range seats {
			if s.BodyID == m.BodyID && s.HeldOn(m.Day()) {
				out = append(out, m)
				break
			}
		}
	}
	return out, nil
}

// Save validates and creates (ID 0) or updates a meeting of one of the
// partnership's bodies, with an audit entry. A meeting stays with the body
// it was created for.
func Save(ctx context.Context, d *db.DB, p partnership.Partnership, m Meeting, by audit.Actor) (Meeting, error) {
	m.Title = strings.TrimSpace(m.Title)
	m.Place = strings.TrimSpace(m.Place)
	m.OnlineLink = strings.TrimSpace(m.OnlineLink)
	m.Minutes = strings.TrimSpace(m.Minutes)
	if err := Validate(m); err != nil {
		return m, err
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		var before any
		if m.ID == 0 {
			b, err := governance.BodyIn(ctx, tx, p.ID, m.BodyID)
			if errors.Is(err, valid.ErrNotFound) {
				return ErrNotFound
			}
			if err != nil {
				return err
			}
			m.BodyName, m.NoticeDays, m.CreatedAt = b.Name, b.NoticeDays, time.Now()
			err = tx.QueryRowContext(ctx, `INSERT INTO meetings (body_id, title, starts_at, ends_at, place, online_link, minutes, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, m.BodyID, m.Title, m.StartsAt, nullTime(m.EndsAt),
				m.Place, m.OnlineLink, m.Minutes, m.CreatedAt).Scan(&m.ID)
			if err != nil {
				return fmt.Errorf("save meeting: %w", err)
			}
		} else {
			old, err := ByID(ctx, tx, p.ID, m.ID)
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
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: p.ID, Actor: by,
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
func Agenda(ctx context.Context, q db.Querier, pid, meetingID int64) ([]AgendaItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.meeting_id, a.position, a.title, a.description FROM agenda_items a
		JOIN meetings m ON m.id = a.meeting_id JOIN bodies b ON b.id = m.body_id
		WHERE b.partnership_id = $1 AND a.meeting_id = $2 ORDER BY a.position, a.id`, pid, meetingID)
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
func AddAgendaItem(ctx context.Context, d *db.DB, p partnership.Partnership, meetingID int64, a AgendaItem, by audit.Actor) (AgendaItem, error) {
	a.Title = strings.TrimSpace(a.Title)
	a.Description = strings.TrimSpace(a.Description)
	if err := ValidateAgendaItem(a); err != nil {
		return a, err
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		m, err := ByID(ctx, tx, p.ID, meetingID)
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
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: p.ID, Actor: by, Action: "create", Entity: "agenda item",
			EntityID: a.ID, Summary: fmt.Sprintf("Added item %d, %s, to the agenda of %s of %s", a.Position, a.Title, m.Name(), m.BodyName)},
			nil, a)
	})
	return a, err
}

// agendaItemOf checks that an agenda item belongs to the meeting; 0 means
// none and is always fine.
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
	return p, notFound(err)
}

// Papers lists a meeting's papers (without their content) in the order
// they were uploaded.
func Papers(ctx context.Context, q db.Querier, pid, meetingID int64) ([]Paper, error) {
	rows, err := q.QueryContext(ctx, selectPaper+" WHERE b.partnership_id = $1 AND p.meeting_id = $2 ORDER BY p.id", pid, meetingID)
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

// PaperByID returns one of a partnership's papers (without its content),
// or ErrNotFound.
func PaperByID(ctx context.Context, q db.Querier, pid, id int64) (Paper, error) {
	return scanPaper(q.QueryRowContext(ctx, selectPaper+" WHERE b.partnership_id = $1 AND p.id = $2", pid, id))
}

// PaperContent returns the file of one of a partnership's papers, or
// ErrNotFound.
func PaperContent(ctx context.Context, q db.Querier, pid, id int64) ([]byte, error) {
	var b []byte
	err := q.QueryRowContext(ctx, `SELECT p.content FROM papers p JOIN meetings m ON m.id = p.meeting_id
		JOIN bodies b ON b.id = m.body_id WHERE b.partnership_id = $1 AND p.id = $2`, pid, id).Scan(&b)
	return b, notFound(err)
}

// AddPaper checks an uploaded file with CheckFile and stores it as a paper
// of the meeting, not yet issued, with an audit entry. An empty title
// becomes the file's name. Errors name the fields "title", "agenda_item"
// and "file".
func AddPaper(ctx context.Context, d *db.DB, p partnership.Partnership, meetingID int64, paper Paper, content []byte, by audit.Actor) (Paper, error) {
	paper.Filename = baseName(paper.Filename)
	paper.Title = strings.TrimSpace(paper.Title)
	if paper.Title == "" {
		paper.Title = strings.TrimSuffix(paper.Filename, filepath.Ext(paper.Filename))
	}
	ct, err := CheckFile(paper.Filename, content)
	if err != nil {
		return paper, err
	}
	paper.ContentType, paper.Size = ct, int64(len(content))
	paper.IssuedAt, paper.UploadedBy, paper.CreatedAt = time.Time{}, by.Name, time.Now()
	err = d.InTx(ctx, func(tx *db.Tx) error {
		m, err := ByID(ctx, tx, p.ID, meetingID)
		if err != nil {
			return err
		}
		if err := agendaItemOf(ctx, tx, m.ID, paper.AgendaItemID, "agenda_item"); err != nil {
			return err
		}
		paper.MeetingID = m.ID
		if err := tx.QueryRowContext(ctx, `INSERT INTO papers (meeting_id, agenda_item_id, title, filename, content_type, size,
			content, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, paper.MeetingID,
			nullID(paper.AgendaItemID), paper.Title, paper.Filename, paper.ContentType, paper.Size, content, paper.UploadedBy,
			paper.CreatedAt).Scan(&paper.ID); err != nil {
			return fmt.Errorf("save paper: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: p.ID, Actor: by, Action: "create", Entity: "paper",
			EntityID: paper.ID, Summary: fmt.Sprintf("Uploaded the paper %s (%s) for %s of %s", paper.Title, paper.Filename,
				m.Name(), m.BodyName)}, nil, map[string]any{"title": paper.Title, "filename": paper.Filename,
			"content_type": paper.ContentType, "size": paper.Size, "agenda_item_id": paper.AgendaItemID})
	})
	return paper, err
}

// baseName keeps only the file's own name from what a browser sent (some
// send the whole path), and never returns "", "." or a path.
func baseName(name string) string {
	name = strings.TrimSpace(name)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if name == "." || name == ".." {
		return ""
	}
	return name
}

// IssuePapers marks every paper of the meeting not yet issued as issued at
// at, and records in the audit log how many, when, and whether that was
// later than the body's notice period. It returns how many papers it
// issued; with none waiting it changes nothing.
func IssuePapers(ctx context.Context, d *db.DB, p partnership.Partnership, meetingID int64, at time.Time, by audit.Actor) (int, error) {
	var n int
	err := d.InTx(ctx, func(tx *db.Tx) error {
		m, err := ByID(ctx, tx, p.ID, meetingID)
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
		summary := fmt.Sprintf("Issued %s for %s of %s on %s", plural(n, "paper"), m.Name(), m.BodyName, governance.Day(at))
		late, days := LateIssue(m.StartsAt, at, m.NoticeDays)
		if late {
			summary += fmt.Sprintf(", %s later than the %d-day notice period", plural(days, "day"), m.NoticeDays)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: p.ID, Actor: by, Action: "issue", Entity: "meeting",
			EntityID: m.ID, Summary: summary}, nil, map[string]any{"papers_issued": n, "issued_at": at.UTC(),
			"due_by": m.DueBy(), "late": late, "days_late": days})
	})
	return n, err
}

// Decisions lists the decisions recorded for a meeting, in the order they
// were recorded.
func Decisions(ctx context.Context, q db.Querier, pid, meetingID int64) ([]Decision, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.meeting_id, COALESCE(d.agenda_item_id, 0), d.text, d.voting_record,
		d.non_voting_views, d.created_at FROM decisions d JOIN meetings m ON m.id = d.meeting_id JOIN bodies b ON b.id = m.body_id
		WHERE b.partnership_id = $1 AND d.meeting_id = $2 ORDER BY d.id`, pid, meetingID)
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

// NonVotingMembers counts the members without a vote who held seats on the
// meeting's body on the day of the meeting; pid is the partnership's id.
func NonVotingMembers(ctx context.Context, q db.Querier, pid int64, m Meeting) (int, error) {
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
func AddDecision(ctx context.Context, d *db.DB, p partnership.Partnership, meetingID int64, x Decision, by audit.Actor) (Decision, error) {
	x.Text = strings.TrimSpace(x.Text)
	x.VotingRecord = strings.TrimSpace(x.VotingRecord)
	x.NonVotingViews = strings.TrimSpace(x.NonVotingViews)
	err := d.InTx(ctx, func(tx *db.Tx) error {
		m, err := ByID(ctx, tx, p.ID, meetingID)
		if err != nil {
			return err
		}
		nonVoting, err := NonVotingMembers(ctx, tx, p.ID, m)
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
		x.MeetingID, x.CreatedAt = m.ID, time.Now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO decisions (meeting_id, agenda_item_id, text, voting_record, non_voting_views,
			created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, x.MeetingID, nullID(x.AgendaItemID), x.Text, x.VotingRecord,
			x.NonVotingViews, x.CreatedAt).Scan(&x.ID); err != nil {
			return fmt.Errorf("save decision: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: p.ID, Actor: by, Action: "create", Entity: "decision",
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
