package expenses_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/auth"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/expenses"
	"coplan/internal/governance"
	"coplan/internal/partnership"
)

// world is two partnerships, each with a policy and a member, and an
// officer of the first.
type world struct {
	d             *db.DB
	mine, theirs  partnership.Partnership
	member, other governance.Member // of mine, of theirs
	memberAccount audit.Actor       // the member's own account
	officer       audit.Actor
	now           time.Time
	receipt       expenses.Receipt
	meetingOfMine int64
	meetingTheirs int64
}

var system = audit.System

func setUp(t *testing.T, d *db.DB) world {
	t.Helper()
	ctx := context.Background()
	w := world{d: d, now: time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)}
	mk := func(slug, name string) partnership.Partnership {
		p, err := partnership.Create(ctx, d, partnership.Partnership{Slug: slug, Name: name, Model: "ijb", HealthBoard: "NHS " + name,
			LocalAuthorities: []partnership.Named{{Name: name + " Council"}},
			Localities:       []partnership.Named{{Name: name + " North"}, {Name: name + " South"}}}, system, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := expenses.SavePolicy(ctx, d, p.ID, glenmorven, system, w.now.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		return p
	}
	w.mine, w.theirs = mk("glenbeag", "Glenbeag"), mk("strathmor", "Strathmor")
	u, err := auth.CreateUser(ctx, d, auth.User{PartnershipID: w.mine.ID, Email: "carer@glenbeag.example", Name: "Isla Morrison",
		Role: auth.SPGMember}, "a long enough password", system)
	if err != nil {
		t.Fatal(err)
	}
	w.memberAccount = audit.Actor{UserID: u.ID, Name: u.Name}
	off, err := auth.CreateUser(ctx, d, auth.User{PartnershipID: w.mine.ID, Email: "officer@glenbeag.example", Name: "Euan Fraser",
		Role: auth.Officer}, "a long enough password", system)
	if err != nil {
		t.Fatal(err)
	}
	w.officer = audit.Actor{UserID: off.ID, Name: off.Name}
	w.member, err = governance.SaveMember(ctx, d, governance.Member{PartnershipID: w.mine.ID, UserID: u.ID, Name: "Isla Morrison"}, system)
	if err != nil {
		t.Fatal(err)
	}
	w.other, err = governance.SaveMember(ctx, d, governance.Member{PartnershipID: w.theirs.ID, Name: "Callum Ross"}, system)
	if err != nil {
		t.Fatal(err)
	}
	w.receipt = receipt(t, "bus-ticket.pdf", []byte("%PDF-1.4\nticket"))
	w.meetingOfMine = meeting(t, d, w.mine, "SPG meeting, March", w.now.Add(-8*24*time.Hour))
	w.meetingTheirs = meeting(t, d, w.theirs, "Their SPG meeting", w.now.Add(-8*24*time.Hour))
	return w
}

// meeting makes a Strategic Planning Group (once) and a meeting of it.
func meeting(t *testing.T, d *db.DB, p partnership.Partnership, title string, at time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	b, err := governance.SPGOf(ctx, d, p.ID)
	if errors.Is(err, governance.ErrNotFound) {
		b, err = governance.SaveBody(ctx, d, p, governance.Body{Kind: governance.SPG, Name: "Strategic Planning Group"}, system)
	}
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := d.QueryRowContext(ctx, `INSERT INTO meetings (body_id, title, starts_at, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		b.ID, title, at, at).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// claim is a claim like a carer's for one meeting: a drive, a bus fare,
// care cover and lunch.
func (w world) claim(t *testing.T, onDate string) expenses.Claim {
	t.Helper()
	pol, err := expenses.PolicyOf(context.Background(), w.d, w.mine.ID)
	if err != nil {
		t.Fatal(err)
	}
	c, err := expenses.NewClaim(pol, w.member.ID, w.meetingOfMine, []expenses.LineInput{
		{Kind: "mileage", OnDate: onDate, Description: "Home to Kilbrannan Hall and back", Quantity: "24"},
		{Kind: "public-transport", OnDate: onDate, Description: "Bus, Strathard to Kilbrannan", Amount: "6.80"},
		{Kind: "care-cover", OnDate: onDate, Description: "Cover for my mother", Quantity: "3.5"},
		{Kind: "meal", OnDate: onDate, Description: "Lunch"},
	}, []expenses.Receipt{w.receipt}, expenses.Today(w.now))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (w world) submit(t *testing.T, c expenses.Claim) expenses.Claim {
	t.Helper()
	saved, err := expenses.Submit(context.Background(), w.d, w.mine.ID, c, w.memberAccount, w.now)
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	return saved
}

func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A member's claim is stored with the policy's amounts and its receipt; an
// officer approves it; it appears in finance's export, and every step is in
// the audit log.
func TestSubmitApproveExport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := setUp(t, d)
		c := w.claim(t, "2026-03-12")
		c.Lines[0].AmountPence = 99999 // a caller cannot set what mileage pays
		saved := w.submit(t, c)

		got, err := expenses.ClaimByID(ctx, d, w.mine.ID, saved.ID)
		if err != nil {
			t.Fatal(err)
		}
		var amounts []int
		for _, l := range got.Lines {
			amounts = append(amounts, l.AmountPence)
		}
		if !slices.Equal(amounts, []int{1080, 680, 5425, 850}) || got.TotalPence != 8035 {
			t.Errorf("stored amounts %v, total %d; want the policy's [1080 680 5425 850], 8035", amounts, got.TotalPence)
		}
		if got.Status != expenses.Submitted || got.MemberName != "Isla Morrison" || got.MeetingTitle != "SPG meeting, March" ||
			!got.SubmittedAt.Equal(w.now) {
			t.Errorf("stored claim %+v", got)
		}
		if len(got.Receipts) != 1 || got.Receipts[0].Filename != "bus-ticket.pdf" || got.Receipts[0].Content != nil {
			t.Errorf("receipts listed with the claim: %+v", got.Receipts)
		}
		r, err := expenses.ReceiptByID(ctx, d, w.mine.ID, saved.ID, got.Receipts[0].ID)
		if err != nil || string(r.Content) != "%PDF-1.4\nticket" || r.ContentType != "application/pdf" {
			t.Errorf("ReceiptByID: %+v, %v", r, err)
		}
		if mine, _ := expenses.ClaimsOfMember(ctx, d, w.mine.ID, w.member.ID); len(mine) != 1 || mine[0].ID != saved.ID {
			t.Errorf("the member's claims: %+v", mine)
		}
		if waiting, _ := expenses.Claims(ctx, d, w.mine.ID, expenses.Submitted); len(waiting) != 1 {
			t.Errorf("claims to decide: %d, want 1", len(waiting))
		}
		if approved, _ := expenses.ApprovedClaims(ctx, d, w.mine.ID, time.Time{}, time.Time{}); len(approved) != 0 {
			t.Errorf("a submitted claim is in the export: %+v", approved)
		}

		decided := w.now.Add(2 * time.Hour)
		if _, err := expenses.Approve(ctx, d, w.mine.ID, saved.ID, w.officer, decided); err != nil {
			t.Fatal(err)
		}
		approved, err := expenses.ApprovedClaims(ctx, d, w.mine.ID, time.Time{}, time.Time{})
		if err != nil || len(approved) != 1 {
			t.Fatalf("approved claims: %+v, %v", approved, err)
		}
		if a := approved[0]; a.DecidedBy != "Euan Fraser" || !a.DecidedAt.Equal(decided) || a.Status != expenses.Approved || len(a.Lines) != 4 {
			t.Errorf("approved claim: %+v", a)
		}
		var buf bytes.Buffer
		if err := expenses.WriteCSV(&buf, approved); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
		if err != nil || len(rows) != 5 {
			t.Fatalf("export: %d rows, %v\n%s", len(rows), err, buf.String())
		}
		if want := []string{saved.Reference(), "Isla Morrison", "2026-03-20", "Euan Fraser", "2026-03-12", "Care cover",
			"Cover for my mother", "3.5", "54.25", "80.35"}; !slices.Equal(rows[3], want) {
			t.Errorf("export row %q, want %q", rows[3], want)
		}

		// The export can be limited to the days finance asks for.
		from, _ := expenses.StartOfDay("2026-03-21")
		if later, _ := expenses.ApprovedClaims(ctx, d, w.mine.ID, from, time.Time{}); len(later) != 0 {
			t.Errorf("claims approved from 21 March: %d, want 0", len(later))
		}
		to, _ := expenses.StartOfDay("2026-03-21")
		if upTo, _ := expenses.ApprovedClaims(ctx, d, w.mine.ID, time.Time{}, to); len(upTo) != 1 {
			t.Errorf("claims approved up to 20 March: %d, want 1", len(upTo))
		}

		es, err := audit.ForPartnership(ctx, d, w.mine.ID, 2)
		if err != nil || len(es) != 2 {
			t.Fatalf("audit: %+v, %v", es, err)
		}
		if es[0].Action != "approve" || es[0].Actor.Name != "Euan Fraser" || !strings.Contains(es[0].Before, `"status":"submitted"`) ||
			!strings.Contains(es[0].After, `"status":"approved"`) {
			t.Errorf("approval's audit entry: %+v", es[0])
		}
		if es[1].Action != "create" || es[1].Entity != "expense claim" || !strings.Contains(es[1].Summary, "£80.35") ||
			!strings.Contains(es[1].After, "bus-ticket.pdf") || strings.Contains(es[1].After, "ticket\"") {
			t.Errorf("claim's audit entry: %+v", es[1])
		}
	})
}

// A rejection needs a reason; a decided claim is final; nobody decides
// their own claim.
func TestDecisions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := setUp(t, d)
		c := w.submit(t, w.claim(t, "2026-03-12"))
		audits := count(t, d, "audit_log")

		if _, err := expenses.Reject(ctx, d, w.mine.ID, c.ID, "  ", w.officer, w.now); !slices.Equal(fields(err), []string{"reason"}) {
			t.Errorf("reject without a reason: %v", err)
		}
		if _, err := expenses.Approve(ctx, d, w.mine.ID, c.ID, w.memberAccount, w.now); !errors.Is(err, expenses.ErrOwnClaim) {
			t.Errorf("the member approving their own claim: %v, want ErrOwnClaim", err)
		}
		if got, _ := expenses.ClaimByID(ctx, d, w.mine.ID, c.ID); got.Status != expenses.Submitted || count(t, d, "audit_log") != audits {
			t.Fatalf("a refused decision changed the claim (%s) or the audit log", got.Status)
		}

		rejected, err := expenses.Reject(ctx, d, w.mine.ID, c.ID, "The bus fare is for a different day", w.officer, w.now)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := expenses.ClaimByID(ctx, d, w.mine.ID, c.ID)
		if got.Status != expenses.Rejected || got.RejectionReason != "The bus fare is for a different day" || got.DecidedBy != "Euan Fraser" ||
			rejected.Status != expenses.Rejected {
			t.Errorf("rejected claim: %+v", got)
		}
		if _, err := expenses.Approve(ctx, d, w.mine.ID, c.ID, w.officer, w.now); !errors.Is(err, expenses.ErrDecided) {
			t.Errorf("approving a rejected claim: %v, want ErrDecided", err)
		}
		if _, err := expenses.Reject(ctx, d, w.mine.ID, c.ID, "again", w.officer, w.now); !errors.Is(err, expenses.ErrDecided) {
			t.Errorf("rejecting a rejected claim: %v, want ErrDecided", err)
		}
		if approved, _ := expenses.ApprovedClaims(ctx, d, w.mine.ID, time.Time{}, time.Time{}); len(approved) != 0 {
			t.Errorf("a rejected claim is in the export")
		}

		// The member claims again after the rejection: the rejected claim's
		// meal allowance does not count against the day.
		again := w.submit(t, w.claim(t, "2026-03-12"))
		// But a second meal for the same day on another live claim does.
		pol, _ := expenses.PolicyOf(ctx, d, w.mine.ID)
		dup, err := expenses.NewClaim(pol, w.member.ID, 0, []expenses.LineInput{
			{Kind: "mileage", OnDate: "2026-03-13", Description: "Locality group", Quantity: "5"},
			{Kind: "meal", OnDate: "2026-03-12", Description: "Dinner"}}, nil, "2026-03-20")
		if err != nil {
			t.Fatal(err)
		}
		_, err = expenses.Submit(ctx, d, w.mine.ID, dup, w.memberAccount, w.now)
		if !slices.Equal(fields(err), []string{"line-2-date"}) || !strings.Contains(err.Error(), again.Reference()) {
			t.Errorf("a second meal allowance for 12 March: %v", err)
		}
	})
}

// Another partnership's claims, receipts, members and meetings are not
// found; bad input and a missing policy store nothing.
func TestScopingAndRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := setUp(t, d)
		c := w.submit(t, w.claim(t, "2026-03-12"))

		if _, err := expenses.ClaimByID(ctx, d, w.theirs.ID, c.ID); !errors.Is(err, expenses.ErrNotFound) {
			t.Errorf("reading our claim as them: %v, want ErrNotFound", err)
		}
		if _, err := expenses.ReceiptByID(ctx, d, w.theirs.ID, c.ID, c.Receipts[0].ID); !errors.Is(err, expenses.ErrNotFound) {
			t.Errorf("reading our receipt as them: %v, want ErrNotFound", err)
		}
		if _, err := expenses.ReceiptByID(ctx, d, w.mine.ID, c.ID+1000, c.Receipts[0].ID); !errors.Is(err, expenses.ErrNotFound) {
			t.Errorf("a receipt through the wrong claim: %v, want ErrNotFound", err)
		}
		if _, err := expenses.Approve(ctx, d, w.theirs.ID, c.ID, w.officer, w.now); !errors.Is(err, expenses.ErrNotFound) {
			t.Errorf("approving our claim as them: %v, want ErrNotFound", err)
		}
		if cs, _ := expenses.Claims(ctx, d, w.theirs.ID, expenses.Submitted); len(cs) != 0 {
			t.Errorf("their list shows our claims: %+v", cs)
		}

		before := map[string]int{}
		tables := []string{"expense_claims", "expense_lines", "receipts", "audit_log"}
		for _, tb := range tables {
			before[tb] = count(t, d, tb)
		}
		theirMember := w.claim(t, "2026-03-12")
		theirMember.MemberID = w.other.ID
		if _, err := expenses.Submit(ctx, d, w.mine.ID, theirMember, w.memberAccount, w.now); !errors.Is(err, expenses.ErrNotFound) {
			t.Errorf("claiming for another partnership's member: %v, want ErrNotFound", err)
		}
		theirMeeting := w.claim(t, "2026-03-11")
		theirMeeting.MeetingID = w.meetingTheirs
		if _, err := expenses.Submit(ctx, d, w.mine.ID, theirMeeting, w.memberAccount, w.now); !slices.Equal(fields(err), []string{"meeting"}) {
			t.Errorf("claiming for another partnership's meeting: %v", err)
		}
		noReceipt := w.claim(t, "2026-03-11")
		noReceipt.Receipts = nil
		if _, err := expenses.Submit(ctx, d, w.mine.ID, noReceipt, w.memberAccount, w.now); !slices.Equal(fields(err), []string{"receipts"}) {
			t.Errorf("a bus fare without a receipt: %v", err)
		}
		future := w.claim(t, "2026-03-11")
		future.Lines[0].OnDate = "2026-03-21"
		if _, err := expenses.Submit(ctx, d, w.mine.ID, future, w.memberAccount, w.now); !slices.Equal(fields(err), []string{"line-1-date"}) {
			t.Errorf("a journey tomorrow: %v", err)
		}
		if _, err := expenses.Submit(ctx, d, w.theirs.ID, expenses.Claim{MemberID: w.other.ID}, w.memberAccount, w.now); !slices.Equal(fields(err), []string{"line-1-kind"}) {
			t.Errorf("an empty claim: %v", err)
		}
		if _, err := d.ExecContext(ctx, "DELETE FROM expense_policies WHERE partnership_id = $1", w.theirs.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := expenses.Submit(ctx, d, w.theirs.ID, expenses.Claim{MemberID: w.other.ID, Lines: []expenses.Line{
			{Kind: expenses.Meal, OnDate: "2026-03-12", Description: "Lunch"}}}, w.memberAccount, w.now); !errors.Is(err, expenses.ErrNoPolicy) {
			t.Errorf("a claim with no policy: %v, want ErrNoPolicy", err)
		}
		for _, tb := range tables {
			if n := count(t, d, tb); n != before[tb] {
				t.Errorf("%s: %d rows after refused claims, want %d", tb, n, before[tb])
			}
		}
	})
}

// Publishing and changing the policy is audited with before and after; a
// bad policy changes nothing.
func TestPolicy(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, err := partnership.Create(ctx, d, partnership.Partnership{Slug: "glenbeag", Name: "Glenbeag", Model: "ijb", HealthBoard: "NHS Glenbeag",
			LocalAuthorities: []partnership.Named{{Name: "Glenbeag Council"}},
			Localities:       []partnership.Named{{Name: "North"}, {Name: "South"}}}, system, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := expenses.PolicyOf(ctx, d, p.ID); !errors.Is(err, expenses.ErrNoPolicy) {
			t.Fatalf("a new partnership's policy: %v, want ErrNoPolicy", err)
		}
		now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
		if _, err := expenses.SavePolicy(ctx, d, p.ID, glenmorven, system, now); err != nil {
			t.Fatal(err)
		}
		changed := glenmorven
		changed.MealAllowancePence, changed.Notes = 950, "Claim within three months."
		if _, err := expenses.SavePolicy(ctx, d, p.ID, changed, system, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		bad := changed
		bad.PublicTransport = ""
		if _, err := expenses.SavePolicy(ctx, d, p.ID, bad, system, now); !slices.Equal(fields(err), []string{"public_transport"}) {
			t.Errorf("a policy without fares: %v", err)
		}
		got, err := expenses.PolicyOf(ctx, d, p.ID)
		if err != nil || got.MealAllowancePence != 950 || got.Notes != "Claim within three months." || got.PublicTransport == "" ||
			!got.UpdatedAt.Equal(now.Add(time.Hour)) {
			t.Errorf("stored policy %+v, %v", got, err)
		}
		es, _ := audit.ForPartnership(ctx, d, p.ID, 2)
		if len(es) != 2 || es[0].Action != "update" || !strings.Contains(es[0].Before, `"meal_allowance_pence":850`) ||
			!strings.Contains(es[0].After, `"meal_allowance_pence":950`) || es[1].Action != "create" {
			t.Errorf("policy audit entries: %+v", es)
		}
	})
}
