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
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/expenses"
	"coplan/internal/governance"
	"coplan/internal/partnership"
	"coplan/internal/valid"
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
		if _, err := expenses.StoreFor(d, p, at(w.now.Add(-time.Hour))).SavePolicy(ctx, glenmorven, system); err != nil {
			t.Fatal(err)
		}
		return p
	}
	w.mine, w.theirs = mk("glenbeag", "Glenbeag"), mk("strathmor", "Strathmor")
	u, err := auth.CreateUser(ctx, d, auth.User{PartnershipID: w.mine.ID, Email: "carer@glenbeag.example", Name: "Isla Morrison",
		Role: auth.SPGMember}, "a long enough password", system, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	w.memberAccount = audit.Actor{UserID: u.ID, Name: u.Name}
	off, err := auth.CreateUser(ctx, d, auth.User{PartnershipID: w.mine.ID, Email: "officer@glenbeag.example", Name: "Euan Fraser",
		Role: auth.Officer}, "a long enough password", system, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	w.officer = audit.Actor{UserID: off.ID, Name: off.Name}
	w.member, err = governance.StoreFor(d, w.mine, civil.SystemClock).SaveMember(ctx, governance.Member{PartnershipID: w.mine.ID, UserID: u.ID, Name: "Isla Morrison"}, system)
	if err != nil {
		t.Fatal(err)
	}
	w.other, err = governance.StoreFor(d, w.theirs, civil.SystemClock).SaveMember(ctx, governance.Member{PartnershipID: w.theirs.ID, Name: "Callum Ross"}, system)
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
	b, err := governance.StoreFor(d, p, civil.SystemClock).SPG(ctx)
	if errors.Is(err, valid.ErrNotFound) {
		b, err = governance.StoreFor(d, p, civil.SystemClock).SaveBody(ctx, governance.Body{Kind: governance.SPG, Name: "Strategic Planning Group"}, system)
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
	pol, err := w.st(w.mine).Policy(context.Background())
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

// at is a clock stopped at t.
func at(t time.Time) civil.Clock { return func() time.Time { return t } }

// st is the store of partnership p, at the world's now.
func (w world) st(p partnership.Partnership) *expenses.Store {
	return expenses.StoreFor(w.d, p, at(w.now))
}

func (w world) submit(t *testing.T, c expenses.Claim) expenses.Claim {
	t.Helper()
	saved, err := w.st(w.mine).Submit(context.Background(), c, w.memberAccount)
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

		got, err := w.st(w.mine).ClaimByID(ctx, saved.ID)
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
		r, err := w.st(w.mine).ReceiptByID(ctx, saved.ID, got.Receipts[0].ID)
		if err != nil || string(r.Content) != "%PDF-1.4\nticket" || r.ContentType != "application/pdf" {
			t.Errorf("ReceiptByID: %+v, %v", r, err)
		}
		if mine, _ := w.st(w.mine).ClaimsOfMember(ctx, w.member.ID); len(mine) != 1 || mine[0].ID != saved.ID {
			t.Errorf("the member's claims: %+v", mine)
		}
		if waiting, _ := w.st(w.mine).Claims(ctx, expenses.Submitted); len(waiting) != 1 {
			t.Errorf("claims to decide: %d, want 1", len(waiting))
		}
		// The dashboard's count (issue 10, item 16).
		if n, err := w.st(w.mine).Waiting(ctx); err != nil || n != 1 {
			t.Errorf("claims waiting: %d, %v; want 1", n, err)
		}
		if approved, _ := w.st(w.mine).ApprovedClaims(ctx, time.Time{}, time.Time{}); len(approved) != 0 {
			t.Errorf("a submitted claim is in the export: %+v", approved)
		}

		decided := w.now.Add(2 * time.Hour)
		if _, err := expenses.StoreFor(d, w.mine, at(decided)).Approve(ctx, saved.ID, w.officer); err != nil {
			t.Fatal(err)
		}
		approved, err := w.st(w.mine).ApprovedClaims(ctx, time.Time{}, time.Time{})
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
		if later, _ := w.st(w.mine).ApprovedClaims(ctx, from, time.Time{}); len(later) != 0 {
			t.Errorf("claims approved from 21 March: %d, want 0", len(later))
		}
		to, _ := expenses.StartOfDay("2026-03-21")
		if upTo, _ := w.st(w.mine).ApprovedClaims(ctx, time.Time{}, to); len(upTo) != 1 {
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

		if _, err := w.st(w.mine).Reject(ctx, c.ID, "  ", w.officer); !slices.Equal(fields(err), []string{"reason"}) {
			t.Errorf("reject without a reason: %v", err)
		}
		if _, err := w.st(w.mine).Approve(ctx, c.ID, w.memberAccount); !errors.Is(err, expenses.ErrOwnClaim) {
			t.Errorf("the member approving their own claim: %v, want ErrOwnClaim", err)
		}
		if got, _ := w.st(w.mine).ClaimByID(ctx, c.ID); got.Status != expenses.Submitted || count(t, d, "audit_log") != audits {
			t.Fatalf("a refused decision changed the claim (%s) or the audit log", got.Status)
		}

		rejected, err := w.st(w.mine).Reject(ctx, c.ID, "The bus fare is for a different day", w.officer)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := w.st(w.mine).ClaimByID(ctx, c.ID)
		if got.Status != expenses.Rejected || got.RejectionReason != "The bus fare is for a different day" || got.DecidedBy != "Euan Fraser" ||
			rejected.Status != expenses.Rejected {
			t.Errorf("rejected claim: %+v", got)
		}
		if _, err := w.st(w.mine).Approve(ctx, c.ID, w.officer); !errors.Is(err, expenses.ErrDecided) {
			t.Errorf("approving a rejected claim: %v, want ErrDecided", err)
		}
		if _, err := w.st(w.mine).Reject(ctx, c.ID, "again", w.officer); !errors.Is(err, expenses.ErrDecided) {
			t.Errorf("rejecting a rejected claim: %v, want ErrDecided", err)
		}
		if approved, _ := w.st(w.mine).ApprovedClaims(ctx, time.Time{}, time.Time{}); len(approved) != 0 {
			t.Errorf("a rejected claim is in the export")
		}

		// The member claims again after the rejection: the rejected claim's
		// meal allowance does not count against the day.
		again := w.submit(t, w.claim(t, "2026-03-12"))
		// But a second meal for the same day on another live claim does.
		pol, _ := w.st(w.mine).Policy(ctx)
		dup, err := expenses.NewClaim(pol, w.member.ID, 0, []expenses.LineInput{
			{Kind: "mileage", OnDate: "2026-03-13", Description: "Locality group", Quantity: "5"},
			{Kind: "meal", OnDate: "2026-03-12", Description: "Dinner"}}, nil, "2026-03-20")
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.st(w.mine).Submit(ctx, dup, w.memberAccount)
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

		if _, err := w.st(w.theirs).ClaimByID(ctx, c.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("reading our claim as them: %v, want ErrNotFound", err)
		}
		if _, err := w.st(w.theirs).ReceiptByID(ctx, c.ID, c.Receipts[0].ID); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("reading our receipt as them: %v, want ErrNotFound", err)
		}
		if _, err := w.st(w.mine).ReceiptByID(ctx, c.ID+1000, c.Receipts[0].ID); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("a receipt through the wrong claim: %v, want ErrNotFound", err)
		}
		if _, err := w.st(w.theirs).Approve(ctx, c.ID, w.officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("approving our claim as them: %v, want ErrNotFound", err)
		}
		if cs, _ := w.st(w.theirs).Claims(ctx, expenses.Submitted); len(cs) != 0 {
			t.Errorf("their list shows our claims: %+v", cs)
		}
		if n, _ := w.st(w.theirs).Waiting(ctx); n != 0 {
			t.Errorf("their count of claims waiting includes ours: %d", n)
		}

		before := map[string]int{}
		tables := []string{"expense_claims", "expense_lines", "receipts", "audit_log"}
		for _, tb := range tables {
			before[tb] = count(t, d, tb)
		}
		theirMember := w.claim(t, "2026-03-12")
		theirMember.MemberID = w.other.ID
		if _, err := w.st(w.mine).Submit(ctx, theirMember, w.memberAccount); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("claiming for another partnership's member: %v, want ErrNotFound", err)
		}
		theirMeeting := w.claim(t, "2026-03-11")
		theirMeeting.MeetingID = w.meetingTheirs
		if _, err := w.st(w.mine).Submit(ctx, theirMeeting, w.memberAccount); !slices.Equal(fields(err), []string{"meeting"}) {
			t.Errorf("claiming for another partnership's meeting: %v", err)
		}
		noReceipt := w.claim(t, "2026-03-11")
		noReceipt.Receipts = nil
		if _, err := w.st(w.mine).Submit(ctx, noReceipt, w.memberAccount); !slices.Equal(fields(err), []string{"receipts"}) {
			t.Errorf("a bus fare without a receipt: %v", err)
		}
		future := w.claim(t, "2026-03-11")
		future.Lines[0].OnDate = "2026-03-21"
		if _, err := w.st(w.mine).Submit(ctx, future, w.memberAccount); !slices.Equal(fields(err), []string{"line-1-date"}) {
			t.Errorf("a journey tomorrow: %v", err)
		}
		if _, err := w.st(w.theirs).Submit(ctx, expenses.Claim{MemberID: w.other.ID}, w.memberAccount); !slices.Equal(fields(err), []string{"line-1-kind"}) {
			t.Errorf("an empty claim: %v", err)
		}
		if _, err := d.ExecContext(ctx, "DELETE FROM expense_policies WHERE partnership_id = $1", w.theirs.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.st(w.theirs).Submit(ctx, expenses.Claim{MemberID: w.other.ID, Lines: []expenses.Line{
			{Kind: expenses.Meal, OnDate: "2026-03-12", Description: "Lunch"}}}, w.memberAccount); !errors.Is(err, expenses.ErrNoPolicy) {
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
		now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
		st := expenses.StoreFor(d, p, at(now))
		if _, err := st.Policy(ctx); !errors.Is(err, expenses.ErrNoPolicy) {
			t.Fatalf("a new partnership's policy: %v, want ErrNoPolicy", err)
		}
		if _, err := st.SavePolicy(ctx, glenmorven, system); err != nil {
			t.Fatal(err)
		}
		changed := glenmorven
		changed.MealAllowancePence, changed.Notes = 950, "Claim within three months."
		if _, err := expenses.StoreFor(d, p, at(now.Add(time.Hour))).SavePolicy(ctx, changed, system); err != nil {
			t.Fatal(err)
		}
		bad := changed
		bad.PublicTransport = ""
		if _, err := st.SavePolicy(ctx, bad, system); !slices.Equal(fields(err), []string{"public_transport"}) {
			t.Errorf("a policy without fares: %v", err)
		}
		got, err := st.Policy(ctx)
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

// Through one partnership's store, another partnership's claim, its lines
// and its receipt cannot be reached by their ids, read or written: each is
// valid.ErrNotFound, and nothing of theirs changes.
func TestIsolation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := setUp(t, d)
		mine, theirs := w.st(w.mine), w.st(w.theirs)
		ours := w.submit(t, w.claim(t, "2026-03-12"))

		// Their claim: a bus fare with its ticket, and a meal.
		pol, err := theirs.Policy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c, err := expenses.NewClaim(pol, w.other.ID, w.meetingTheirs, []expenses.LineInput{
			{Kind: "public-transport", OnDate: "2026-03-12", Description: "Ferry to the meeting", Amount: "9.40"},
			{Kind: "meal", OnDate: "2026-03-12", Description: "Lunch"},
		}, []expenses.Receipt{receipt(t, "ferry.pdf", []byte("%PDF-1.4\nferry"))}, "2026-03-20")
		if err != nil {
			t.Fatal(err)
		}
		their, err := theirs.Submit(ctx, c, system)
		if err != nil {
			t.Fatal(err)
		}
		tables := []string{"expense_claims", "expense_lines", "receipts", "audit_log"}
		before := map[string]int{}
		for _, tb := range tables {
			before[tb] = count(t, d, tb)
		}

		notFound := func(what string, err error) {
			t.Helper()
			if !errors.Is(err, valid.ErrNotFound) {
				t.Errorf("%s through our store: %v, want valid.ErrNotFound", what, err)
			}
		}
		_, err = mine.ClaimByID(ctx, their.ID)
		notFound("their claim", err)
		_, err = mine.ReceiptByID(ctx, their.ID, their.Receipts[0].ID)
		notFound("their receipt", err)
		_, err = mine.ReceiptByID(ctx, ours.ID, their.Receipts[0].ID)
		notFound("their receipt through our claim", err)
		_, err = mine.Approve(ctx, their.ID, w.officer)
		notFound("approving their claim", err)
		_, err = mine.Reject(ctx, their.ID, "Not ours to pay", w.officer)
		notFound("rejecting their claim", err)
		_, err = mine.MemberOfUser(ctx, 0)
		notFound("a member with no account", err)

		// Their claim and its lines appear in none of our lists.
		theirLines := map[int64]bool{}
		for _, l := range their.Lines {
			theirLines[l.ID] = true
		}
		var listed []expenses.Claim
		for _, st := range []expenses.Status{expenses.Submitted, expenses.Approved, expenses.Rejected} {
			cs, err := mine.Claims(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			listed = append(listed, cs...)
		}
		if cs, err := mine.ClaimsOfMember(ctx, w.other.ID); err != nil || len(cs) != 0 {
			t.Errorf("their member's claims through our store: %+v, %v", cs, err)
		}
		if cs, err := mine.ApprovedClaims(ctx, time.Time{}, time.Time{}); err != nil {
			t.Fatal(err)
		} else {
			listed = append(listed, cs...)
		}
		for _, c := range listed {
			if c.ID == their.ID {
				t.Errorf("our lists show their claim %s", c.Reference())
			}
			for _, l := range c.Lines {
				if theirLines[l.ID] {
					t.Errorf("our claim %s lists their line %d", c.Reference(), l.ID)
				}
			}
			for _, r := range c.Receipts {
				if r.ID == their.Receipts[0].ID {
					t.Errorf("our claim %s lists their receipt", c.Reference())
				}
			}
		}

		// A claim through our store cannot name their member or meeting.
		forTheirs := w.claim(t, "2026-03-11")
		forTheirs.MemberID = w.other.ID
		_, err = mine.Submit(ctx, forTheirs, w.memberAccount)
		notFound("claiming for their member", err)
		atTheirs := w.claim(t, "2026-03-11")
		atTheirs.MeetingID = w.meetingTheirs
		if _, err := mine.Submit(ctx, atTheirs, w.memberAccount); !slices.Equal(fields(err), []string{"meeting"}) {
			t.Errorf("claiming for their meeting: %v", err)
		}

		for _, tb := range tables {
			if n := count(t, d, tb); n != before[tb] {
				t.Errorf("%s: %d rows, want %d: our store changed something", tb, n, before[tb])
			}
		}
		got, err := theirs.ClaimByID(ctx, their.ID)
		if err != nil || got.Status != expenses.Submitted || got.DecidedBy != "" || len(got.Lines) != 2 || len(got.Receipts) != 1 {
			t.Errorf("their claim after our store tried it: %+v, %v", got, err)
		}
		if r, err := theirs.ReceiptByID(ctx, their.ID, their.Receipts[0].ID); err != nil || string(r.Content) != "%PDF-1.4\nferry" {
			t.Errorf("their receipt through their store: %+v, %v", r, err)
		}
	})
}

// Each write is one transaction: when any insert of submitting a claim
// fails (its lines, its receipts, its audit entry), no claim, line or
// receipt remains; when a decision's or a policy's audit entry fails, the
// claim or policy is as it was.
func TestOneTransaction(t *testing.T) {
	for _, table := range []string{"expense_lines", "receipts", "audit_log"} {
		t.Run("submit, failing "+table, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				ctx := context.Background()
				w := setUp(t, d)
				audits := count(t, d, "audit_log")
				dbtest.FailInserts(t, d, table)
				if _, err := w.st(w.mine).Submit(ctx, w.claim(t, "2026-03-12"), w.memberAccount); err == nil {
					t.Fatal("Submit succeeded though an insert failed")
				}
				for _, tb := range []string{"expense_claims", "expense_lines", "receipts"} {
					if n := count(t, d, tb); n != 0 {
						t.Errorf("%s: %d rows remain of a failed claim", tb, n)
					}
				}
				if n := count(t, d, "audit_log"); n != audits {
					t.Errorf("audit_log: %d rows, want %d", n, audits)
				}
			})
		})
	}
	t.Run("decide, failing audit_log", func(t *testing.T) {
		dbtest.Each(t, func(t *testing.T, d *db.DB) {
			ctx := context.Background()
			w := setUp(t, d)
			c := w.submit(t, w.claim(t, "2026-03-12"))
			dbtest.FailInserts(t, d, "audit_log")
			if _, err := w.st(w.mine).Approve(ctx, c.ID, w.officer); err == nil {
				t.Error("Approve succeeded though its audit entry failed")
			}
			if _, err := w.st(w.mine).Reject(ctx, c.ID, "A reason", w.officer); err == nil {
				t.Error("Reject succeeded though its audit entry failed")
			}
			if got, err := w.st(w.mine).ClaimByID(ctx, c.ID); err != nil || got.Status != expenses.Submitted || got.DecidedBy != "" {
				t.Errorf("the claim after failed decisions: %+v, %v", got, err)
			}
		})
	})
	t.Run("policy, failing audit_log", func(t *testing.T) {
		dbtest.Each(t, func(t *testing.T, d *db.DB) {
			ctx := context.Background()
			w := setUp(t, d)
			dbtest.FailInserts(t, d, "audit_log")
			changed := glenmorven
			changed.MealAllowancePence = 999
			if _, err := w.st(w.mine).SavePolicy(ctx, changed, system); err == nil {
				t.Error("SavePolicy succeeded though its audit entry failed")
			}
			if got, err := w.st(w.mine).Policy(ctx); err != nil || got.MealAllowancePence != glenmorven.MealAllowancePence {
				t.Errorf("the policy after a failed change: %+v, %v", got, err)
			}
		})
	})
}
