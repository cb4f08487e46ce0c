package expenses

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// Store keeps one partnership's expenses policy, claims, their lines and
// their receipts. Every query is limited to that partnership — lines and
// receipts through their claim's partnership — so another partnership's
// claim, line or receipt is valid.ErrNotFound, never forbidden, and its
// existence is not given away. Times come from the store's clock.
type Store struct {
	db  *db.DB
	p   partnership.Partnership
	now civil.Clock
}

// StoreFor is the store of partnership p, stamping times with now.
func StoreFor(d *db.DB, p partnership.Partnership, now civil.Clock) *Store {
	return &Store{db: d, p: p, now: now}
}

// ErrNoPolicy is returned by Policy, and by Submit, when the partnership
// has not published an expenses policy: claims cannot be worked out without
// one.
var ErrNoPolicy = errors.New("the partnership has not published an expenses policy")

// Policy returns the partnership's expenses policy, or ErrNoPolicy.
func (s *Store) Policy(ctx context.Context) (Policy, error) { return policyOf(ctx, s.db, s.p.ID) }

func policyOf(ctx context.Context, q db.Querier, pid int64) (Policy, error) {
	p := Policy{PartnershipID: pid}
	err := q.QueryRowContext(ctx, `SELECT mileage_pence_per_mile, public_transport, care_cover_pence_per_hour,
		meal_allowance_pence, notes, updated_at FROM expense_policies WHERE partnership_id = $1`, pid).Scan(
		&p.MileagePencePerMile, &p.PublicTransport, &p.CareCoverPencePerHour, &p.MealAllowancePence, &p.Notes, &p.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Policy{PartnershipID: pid}, ErrNoPolicy
	}
	if err != nil {
		return p, fmt.Errorf("read expenses policy: %w", err)
	}
	return p, nil
}

// SavePolicy validates and publishes the partnership's expenses policy,
// replacing the one before, with an audit entry. Claims already made keep
// the amounts they were worked out at.
func (s *Store) SavePolicy(ctx context.Context, p Policy, by audit.Actor) (Policy, error) {
	pid, at := s.p.ID, s.now()
	p.PartnershipID = pid
	p.PublicTransport = strings.TrimSpace(p.PublicTransport)
	p.Notes = strings.TrimSpace(p.Notes)
	if err := ValidatePolicy(p); err != nil {
		return p, err
	}
	p.UpdatedAt = at
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := policyOf(ctx, tx, pid)
		var before any
		switch {
		case err == nil:
			before = policySnapshot(old)
			_, err = tx.ExecContext(ctx, `UPDATE expense_policies SET mileage_pence_per_mile = $1, public_transport = $2,
				care_cover_pence_per_hour = $3, meal_allowance_pence = $4, notes = $5, updated_at = $6 WHERE partnership_id = $7`,
				p.MileagePencePerMile, p.PublicTransport, p.CareCoverPencePerHour, p.MealAllowancePence, p.Notes, p.UpdatedAt, pid)
		case errors.Is(err, ErrNoPolicy):
			_, err = tx.ExecContext(ctx, `INSERT INTO expense_policies (partnership_id, mileage_pence_per_mile, public_transport,
				care_cover_pence_per_hour, meal_allowance_pence, notes, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				pid, p.MileagePencePerMile, p.PublicTransport, p.CareCoverPencePerHour, p.MealAllowancePence, p.Notes, p.UpdatedAt)
		}
		if err != nil {
			return fmt.Errorf("save expenses policy: %w", err)
		}
		action, summary := "create", "Published the expenses policy"
		if before != nil {
			action, summary = "update", "Changed the expenses policy"
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: pid, Actor: by, At: at, Action: action,
			Entity: "expense policy", EntityID: pid, Summary: summary}, before, policySnapshot(p))
	})
	return p, err
}

func policySnapshot(p Policy) map[string]any {
	return map[string]any{"mileage_pence_per_mile": p.MileagePencePerMile, "public_transport": p.PublicTransport,
		"care_cover_pence_per_hour": p.CareCoverPencePerHour, "meal_allowance_pence": p.MealAllowancePence, "notes": p.Notes}
}

// Meeting is a meeting a claim can be for, as the claim form offers it.
type Meeting struct {
	ID       int64
	Title    string
	Body     string // the body's name: "Strategic Planning Group"
	StartsAt time.Time
}

// Member is a member record of the partnership linked to an account: the
// person who claims.
type Member struct {
	ID   int64
	Name string
}

// MemberOfUser returns the partnership's member record linked to the
// account userID, or valid.ErrNotFound if the account has none here.
func (s *Store) MemberOfUser(ctx context.Context, userID int64) (Member, error) {
	var m Member
	err := s.db.QueryRowContext(ctx, `SELECT id, name FROM members WHERE user_id = $1 AND partnership_id = $2
		ORDER BY id LIMIT 1`, userID, s.p.ID).Scan(&m.ID, &m.Name)
	return m, valid.NotFound(err)
}

// Meetings lists the partnership's meetings that start before a day from
// now (a member may claim on the day, after the meeting), newest first, at
// most 30: the meetings a member may be claiming for.
func (s *Store) Meetings(ctx context.Context) ([]Meeting, error) {
	pid, until := s.p.ID, s.now().Add(24*time.Hour)
	rows, err := s.db.QueryContext(ctx, `SELECT m.id, m.title, b.name, m.starts_at FROM meetings m JOIN bodies b ON b.id = m.body_id
		WHERE b.partnership_id = $1 AND m.starts_at < $2 ORDER BY m.starts_at DESC, m.id DESC LIMIT 30`, pid, until)
	if err != nil {
		return nil, fmt.Errorf("list meetings: %w", err)
	}
	defer rows.Close()
	var ms []Meeting
	for rows.Next() {
		var m Meeting
		if err := rows.Scan(&m.ID, &m.Title, &m.Body, &m.StartsAt); err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, rows.Err()
}

// Submit stores a member's claim with its lines and receipts, with an audit
// entry. It checks again everything NewClaim checks, against the policy as
// it stands (so the amounts are always the policy's, whatever the caller
// sent), and what only the database knows: that the member and the meeting
// belong to the partnership, and that the member has not already claimed
// the meal allowance for the same day on another claim that was not
// rejected. The claim is made now, by the store's clock; the lines may not
// be dated after today. The claim, its lines, its receipts and the audit
// entry are one transaction.
func (s *Store) Submit(ctx context.Context, c Claim, by audit.Actor) (Claim, error) {
	pid, at := s.p.ID, s.now()
	c.PartnershipID = pid
	c.Status = Submitted
	c.SubmittedAt = at
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		p, err := policyOf(ctx, tx, pid)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT name FROM members WHERE id = $1 AND partnership_id = $2",
			c.MemberID, pid).Scan(&c.MemberName); err != nil {
			return valid.NotFound(err)
		}
		var errs valid.Errors
		if c.MeetingID != 0 {
			err := tx.QueryRowContext(ctx, `SELECT m.title, b.name, m.starts_at FROM meetings m JOIN bodies b ON b.id = m.body_id
				WHERE m.id = $1 AND b.partnership_id = $2`, c.MeetingID, pid).Scan(&c.MeetingTitle, &c.MeetingBody, &c.MeetingAt)
			if errors.Is(err, sql.ErrNoRows) {
				errs.Add("meeting", "Select a meeting of this partnership, or no meeting")
			} else if err != nil {
				return err
			}
		}
		if len(c.Lines) == 0 {
			errs.Add(LineField(0, "kind"), "Add at least one thing to claim for")
		}
		if len(c.Lines) > MaxLines {
			errs.Add(LineField(MaxLines, "kind"), fmt.Sprintf("Claim for %d things or fewer at a time", MaxLines))
		}
		errs = append(errs, checkLines(p, c.Lines, Today(at))...)
		errs = append(errs, checkReceipts(c)...)
		dup, err := mealsClaimed(ctx, tx, c)
		if err != nil {
			return err
		}
		for i, l := range c.Lines {
			if ref, ok := dup[l.OnDate]; ok && l.Kind == Meal && errs.For(LineField(i, "date")) == "" {
				errs.Add(LineField(i, "date"), "The meal allowance is paid once a day: you already claimed it for this date in claim "+ref)
			}
		}
		if len(errs) > 0 {
			sortByPage(errs)
			return errs
		}
		c.TotalPence = 0
		for i := range c.Lines {
			c.Lines[i].AmountPence, _ = Price(p, c.Lines[i]) // checked by checkLines
			c.TotalPence += c.Lines[i].AmountPence
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO expense_claims (partnership_id, member_id, meeting_id, status,
			submitted_at, total_pence) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, pid, c.MemberID, nullID(c.MeetingID),
			string(Submitted), at, c.TotalPence).Scan(&c.ID); err != nil {
			return fmt.Errorf("save claim: %w", err)
		}
		for i, l := range c.Lines {
			if err := tx.QueryRowContext(ctx, `INSERT INTO expense_lines (claim_id, kind, on_date, description, quantity,
				amount_pence) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, c.ID, string(l.Kind), l.OnDate, l.Description,
				l.Quantity, l.AmountPence).Scan(&c.Lines[i].ID); err != nil {
				return fmt.Errorf("save claim line: %w", err)
			}
		}
		for i, r := range c.Receipts {
			if err := tx.QueryRowContext(ctx, `INSERT INTO receipts (claim_id, filename, content_type, size, content)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`, c.ID, r.Filename, r.ContentType, r.Size, r.Content).Scan(&c.Receipts[i].ID); err != nil {
				return fmt.Errorf("save receipt: %w", err)
			}
			c.Receipts[i].ClaimID = c.ID
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: pid, Actor: by, At: at, Action: "create", Entity: "expense claim",
			EntityID: c.ID, Summary: fmt.Sprintf("%s claimed %s in expenses (%s)", c.MemberName, c.Total(), c.Reference())},
			nil, claimSnapshot(c))
	})
	return c, err
}

// mealsClaimed finds the dates of c's meal lines that the member already
// claimed on another claim that was not rejected, with that claim's
// reference.
func mealsClaimed(ctx context.Context, q db.Querier, c Claim) (map[string]string, error) {
	out := map[string]string{}
	for _, l := range c.Lines {
		if l.Kind != Meal {
			continue
		}
		var id int64
		err := q.QueryRowContext(ctx, `SELECT c.id FROM expense_lines l JOIN expense_claims c ON c.id = l.claim_id
			WHERE c.member_id = $1 AND c.partnership_id = $2 AND c.status <> $3 AND l.kind = $4 AND l.on_date = $5
			ORDER BY c.id LIMIT 1`, c.MemberID, c.PartnershipID, string(Rejected), string(Meal), l.OnDate).Scan(&id)
		switch {
		case err == nil:
			out[l.OnDate] = Claim{ID: id}.Reference()
		case !errors.Is(err, sql.ErrNoRows):
			return nil, err
		}
	}
	return out, nil
}

// claimSnapshot is what the audit log keeps of a claim: its lines and the
// names and sizes of its receipts, not their content.
func claimSnapshot(c Claim) map[string]any {
	var receipts []string
	for _, r := range c.Receipts {
		receipts = append(receipts, fmt.Sprintf("%s (%s)", r.Filename, r.SizeText()))
	}
	return map[string]any{"member": c.MemberName, "meeting_id": c.MeetingID, "status": c.Status, "lines": c.Lines,
		"receipts": receipts, "total_pence": c.TotalPence, "decided_by": c.DecidedBy, "rejection_reason": c.RejectionReason}
}

const selectClaim = `SELECT c.id, c.partnership_id, c.member_id, m.name, COALESCE(c.meeting_id, 0), COALESCE(mt.title, ''),
	COALESCE(mb.name, ''), mt.starts_at, c.status, c.total_pence, c.submitted_at, c.decided_at, c.decided_by, c.rejection_reason
	FROM expense_claims c JOIN members m ON m.id = c.member_id
	LEFT JOIN meetings mt ON mt.id = c.meeting_id LEFT JOIN bodies mb ON mb.id = mt.body_id`

// claims reads the claims matching where (about the alias c), with their
// lines and receipts (without content), in the order given.
func claims(ctx context.Context, q db.Querier, where, order string, args ...any) ([]Claim, error) {
	rows, err := q.QueryContext(ctx, selectClaim+" WHERE "+where+" ORDER BY "+order, args...)
	if err != nil {
		return nil, fmt.Errorf("list claims: %w", err)
	}
	var cs []Claim
	idx := map[int64]int{}
	for rows.Next() {
		var c Claim
		var decided, meetingAt sql.NullTime
		if err := rows.Scan(&c.ID, &c.PartnershipID, &c.MemberID, &c.MemberName, &c.MeetingID, &c.MeetingTitle, &c.MeetingBody,
			&meetingAt, &c.Status, &c.TotalPence, &c.SubmittedAt, &decided, &c.DecidedBy, &c.RejectionReason); err != nil {
			rows.Close()
			return nil, err
		}
		c.DecidedAt, c.MeetingAt = decided.Time, meetingAt.Time
		idx[c.ID] = len(cs)
		cs = append(cs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, nil
	}
	lrows, err := q.QueryContext(ctx, `SELECT l.id, l.claim_id, l.kind, l.on_date, l.description, l.quantity, l.amount_pence
		FROM expense_lines l JOIN expense_claims c ON c.id = l.claim_id WHERE `+where+` ORDER BY l.claim_id, l.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list claim lines: %w", err)
	}
	for lrows.Next() {
		var l Line
		var claimID int64
		if err := lrows.Scan(&l.ID, &claimID, &l.Kind, &l.OnDate, &l.Description, &l.Quantity, &l.AmountPence); err != nil {
			lrows.Close()
			return nil, err
		}
		if i, ok := idx[claimID]; ok {
			cs[i].Lines = append(cs[i].Lines, l)
		}
	}
	lrows.Close()
	if err := lrows.Err(); err != nil {
		return nil, err
	}
	rrows, err := q.QueryContext(ctx, `SELECT r.id, r.claim_id, r.filename, r.content_type, r.size
		FROM receipts r JOIN expense_claims c ON c.id = r.claim_id WHERE `+where+` ORDER BY r.claim_id, r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list receipts: %w", err)
	}
	defer rrows.Close()
	for rrows.Next() {
		var r Receipt
		if err := rrows.Scan(&r.ID, &r.ClaimID, &r.Filename, &r.ContentType, &r.Size); err != nil {
			return nil, err
		}
		if i, ok := idx[r.ClaimID]; ok {
			cs[i].Receipts = append(cs[i].Receipts, r)
		}
	}
	return cs, rrows.Err()
}

// ClaimByID returns one of the partnership's claims with its lines and its
// receipts' names, or valid.ErrNotFound (also for another partnership's
// claim).
func (s *Store) ClaimByID(ctx context.Context, id int64) (Claim, error) {
	return claimByID(ctx, s.db, s.p.ID, id)
}

func claimByID(ctx context.Context, q db.Querier, pid, id int64) (Claim, error) {
	cs, err := claims(ctx, q, "c.partnership_id = $1 AND c.id = $2", "c.id", pid, id)
	if err != nil {
		return Claim{}, err
	}
	if len(cs) == 0 {
		return Claim{}, valid.ErrNotFound
	}
	return cs[0], nil
}

// Claims lists the partnership's claims with one status: submitted claims
// oldest first (the order to decide them in), decided ones newest first.
func (s *Store) Claims(ctx context.Context, st Status) ([]Claim, error) {
	order := "c.submitted_at, c.id"
	if st != Submitted {
		order = "c.decided_at DESC, c.id DESC"
	}
	return claims(ctx, s.db, "c.partnership_id = $1 AND c.status = $2", order, s.p.ID, string(st))
}

// ClaimsOfMember lists one member's claims in the partnership, newest
// first.
func (s *Store) ClaimsOfMember(ctx context.Context, memberID int64) ([]Claim, error) {
	return claims(ctx, s.db, "c.partnership_id = $1 AND c.member_id = $2", "c.submitted_at DESC, c.id DESC", s.p.ID, memberID)
}

// ApprovedClaims lists the partnership's approved claims in the order they
// were approved, for the export to finance: only those approved at or after
// from and before to (either may be zero, for no limit).
func (s *Store) ApprovedClaims(ctx context.Context, from, to time.Time) ([]Claim, error) {
	where, args := "c.partnership_id = $1 AND c.status = $2", []any{s.p.ID, string(Approved)}
	if !from.IsZero() {
		args = append(args, from)
		where += fmt.Sprintf(" AND c.decided_at >= $%d", len(args))
	}
	if !to.IsZero() {
		args = append(args, to)
		where += fmt.Sprintf(" AND c.decided_at < $%d", len(args))
	}
	return claims(ctx, s.db, where, "c.decided_at, c.id", args...)
}

// Approve approves a submitted claim now, with an audit entry.
func (s *Store) Approve(ctx context.Context, id int64, by audit.Actor) (Claim, error) {
	return s.decide(ctx, id, true, "", by)
}

// Reject rejects a submitted claim now with a reason the member will read,
// with an audit entry.
func (s *Store) Reject(ctx context.Context, id int64, reason string, by audit.Actor) (Claim, error) {
	return s.decide(ctx, id, false, strings.TrimSpace(reason), by)
}

// decide approves or rejects a claim after ValidateDecision:
// valid.ErrNotFound for another partnership's claim, ErrDecided for a
// claim already decided (also when two officers decide at once: the second
// finds it decided), ErrOwnClaim for the member's own claim, valid.Errors
// for a missing reason.
func (s *Store) decide(ctx context.Context, id int64, approve bool, reason string, by audit.Actor) (Claim, error) {
	pid, at := s.p.ID, s.now()
	var c Claim
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = claimByID(ctx, tx, pid, id)
		if err != nil {
			return err
		}
		var claimant sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT user_id FROM members WHERE id = $1 AND partnership_id = $2",
			c.MemberID, pid).Scan(&claimant); err != nil {
			return valid.NotFound(err)
		}
		own := by.UserID != 0 && claimant.Valid && claimant.Int64 == by.UserID
		if err := ValidateDecision(c, approve, reason, own); err != nil {
			return err
		}
		before := claimSnapshot(c)
		c.Status, c.DecidedAt, c.DecidedBy, c.RejectionReason = Approved, at, by.Name, ""
		if !approve {
			c.Status, c.RejectionReason = Rejected, reason
		}
		res, err := tx.ExecContext(ctx, `UPDATE expense_claims SET status = $1, decided_at = $2, decided_by = $3,
			rejection_reason = $4 WHERE id = $5 AND partnership_id = $6 AND status = $7`,
			string(c.Status), at, by.Name, c.RejectionReason, c.ID, pid, string(Submitted))
		if err != nil {
			return fmt.Errorf("decide claim: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return ErrDecided
		}
		action, summary := "approve", fmt.Sprintf("Approved %s's claim %s for %s", c.MemberName, c.Reference(), c.Total())
		if !approve {
			action, summary = "reject", fmt.Sprintf("Rejected %s's claim %s for %s", c.MemberName, c.Reference(), c.Total())
		}
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: pid, Actor: by, At: at, Action: action, Entity: "expense claim",
			EntityID: c.ID, Summary: summary}, before, claimSnapshot(c))
	})
	return c, err
}

// ReceiptByID returns one receipt of one of the partnership's claims, with
// its content, or valid.ErrNotFound (also for another claim's receipt).
func (s *Store) ReceiptByID(ctx context.Context, claimID, id int64) (Receipt, error) {
	var r Receipt
	err := s.db.QueryRowContext(ctx, `SELECT r.id, r.claim_id, r.filename, r.content_type, r.size, r.content
		FROM receipts r JOIN expense_claims c ON c.id = r.claim_id
		WHERE r.id = $1 AND r.claim_id = $2 AND c.partnership_id = $3`, id, claimID, s.p.ID).Scan(
		&r.ID, &r.ClaimID, &r.Filename, &r.ContentType, &r.Size, &r.Content)
	return r, valid.NotFound(err)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Waiting counts the partnership's claims waiting for a decision.
func (s *Store) Waiting(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM expense_claims WHERE partnership_id = $1 AND status = $2", s.p.ID, string(Submitted)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count claims waiting: %w", err)
	}
	return n, nil
}
