package meeting_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/files"
	"coplan/internal/governance"
	"coplan/internal/meeting"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

var london, _ = time.LoadLocation("Europe/London")

var pdf = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

var officer = audit.Actor{UserID: 0, Name: "Test officer"}

func when(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, london)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// world is two partnerships, each with a board, for scoping tests.
type world struct {
	a, b           partnership.Partnership
	boardA, boardB governance.Body
}

func newWorld(t *testing.T, d *db.DB) world {
	t.Helper()
	ctx := context.Background()
	mk := func(slug, name string) partnership.Partnership {
		p, err := partnership.Create(ctx, d, partnership.Partnership{Slug: slug, Name: name, Model: "ijb", HealthBoard: "NHS " + name,
			LocalAuthorities: []partnership.Named{{Name: name + " Council"}},
			Localities:       []partnership.Named{{Name: name + " North"}, {Name: name + " South"}}}, audit.System, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	var w world
	w.a, w.b = mk("alba", "Alba"), mk("breac", "Breac")
	w.boardA = body(t, d, w.a, governance.IJB, "Alba Integration Joint Board")
	w.boardB = body(t, d, w.b, governance.IJB, "Breac Integration Joint Board")
	return w
}

func body(t *testing.T, d *db.DB, p partnership.Partnership, kind governance.Kind, name string) governance.Body {
	t.Helper()
	b, err := governance.StoreFor(d, p, civil.SystemClock).SaveBody(context.Background(), governance.Body{Kind: kind, Name: name, NoticeDays: 7}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// at is a clock stopped at t.
func at(t time.Time) civil.Clock { return func() time.Time { return t } }

// storeOf is p's store with its clock at 1 April 2026, 09:00.
func storeOf(d *db.DB, p partnership.Partnership) *meeting.Store {
	return meeting.StoreFor(d, p, at(time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)))
}

func newMeeting(t *testing.T, d *db.DB, p partnership.Partnership, b governance.Body, start string) meeting.Meeting {
	t.Helper()
	m, err := storeOf(d, p).Save(context.Background(), meeting.Meeting{BodyID: b.ID, Title: "Ordinary meeting",
		StartsAt: when(t, start), EndsAt: when(t, start).Add(2 * time.Hour), Place: "Council chambers"}, officer)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Another partnership's meeting, paper or body is not found through this
// partnership, and nothing about it changes.
func TestMeetingsAreScopedByPartnership(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		m := newMeeting(t, d, w.a, w.boardA, "2026-05-14 10:00")
		paper, err := storeOf(d, w.a).AddPaper(ctx, m.ID, meeting.Paper{Title: "Budget"}, files.Upload{Filename: "Budget.pdf", Content: pdf}, officer)
		if err != nil {
			t.Fatal(err)
		}

		if got, err := storeOf(d, w.a).ByID(ctx, m.ID); err != nil || got.BodyName != w.boardA.Name || got.NoticeDays != 7 {
			t.Fatalf("own meeting: %+v, %v", got, err)
		}
		notFound := func(what string, err error) {
			t.Helper()
			if !errors.Is(err, valid.ErrNotFound) {
				t.Errorf("%s through another partnership: %v, want ErrNotFound", what, err)
			}
		}
		_, err = storeOf(d, w.b).ByID(ctx, m.ID)
		notFound("ByID", err)
		_, err = storeOf(d, w.b).PaperByID(ctx, paper.ID)
		notFound("PaperByID", err)
		_, _, err = storeOf(d, w.b).PaperFile(ctx, paper.ID)
		notFound("PaperFile", err)
		_, err = storeOf(d, w.b).AddAgendaItem(ctx, m.ID, meeting.AgendaItem{Title: "Budget"}, officer)
		notFound("AddAgendaItem", err)
		_, err = storeOf(d, w.b).AddPaper(ctx, m.ID, meeting.Paper{}, files.Upload{Filename: "x.pdf", Content: pdf}, officer)
		notFound("AddPaper", err)
		_, err = meeting.StoreFor(d, w.b, at(when(t, "2026-05-13 09:00"))).IssuePapers(ctx, m.ID, officer)
		notFound("IssuePapers", err)
		_, err = storeOf(d, w.b).AddDecision(ctx, m.ID, meeting.Decision{Text: "x", VotingRecord: "y"}, officer)
		notFound("AddDecision", err)
		changed := m
		changed.Title = "Hijacked"
		_, err = storeOf(d, w.b).Save(ctx, changed, officer)
		notFound("Save (update)", err)
		_, err = storeOf(d, w.b).Save(ctx, meeting.Meeting{BodyID: w.boardA.ID, Title: "Planted", StartsAt: when(t, "2026-05-20 10:00"),
			Place: "Somewhere"}, officer)
		notFound("Save (new meeting of another partnership's body)", err)

		if ps, err := storeOf(d, w.b).Papers(ctx, m.ID); err != nil || len(ps) != 0 {
			t.Errorf("Papers through another partnership: %d papers, %v", len(ps), err)
		}
		if ms, err := storeOf(d, w.b).OfBody(ctx, w.boardA.ID); err != nil || len(ms) != 0 {
			t.Errorf("OfBody through another partnership: %d meetings, %v", len(ms), err)
		}
		for _, q := range []string{"SELECT COUNT(*) FROM agenda_items", "SELECT COUNT(*) FROM decisions",
			"SELECT COUNT(*) FROM papers WHERE issued_at IS NOT NULL", "SELECT COUNT(*) FROM meetings WHERE title <> 'Ordinary meeting'"} {
			if n := count(t, d, q); n != 0 {
				t.Errorf("%s = %d after attempts through another partnership, want 0", q, n)
			}
		}
	})
}

// Issuing sets the issue time of every paper not yet issued, leaves
// earlier issues alone, and is audited with whether it was late.
func TestIssuePapers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		m := newMeeting(t, d, w.a, w.boardA, "2026-05-14 10:00")
		add := func(title string) meeting.Paper {
			p, err := storeOf(d, w.a).AddPaper(ctx, m.ID, meeting.Paper{Title: title}, files.Upload{Filename: title + ".pdf", Content: pdf}, officer)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		add("Budget")
		add("Carers strategy")
		if n, err := meeting.StoreFor(d, w.a, at(when(t, "2026-05-01 09:00"))).IssuePapers(ctx, m.ID, officer); err != nil || n != 2 {
			t.Fatalf("first issue: %d, %v; want 2 papers issued", n, err)
		}
		add("Late report")
		if n, err := meeting.StoreFor(d, w.a, at(when(t, "2026-05-11 16:30"))).IssuePapers(ctx, m.ID, officer); err != nil || n != 1 {
			t.Fatalf("second issue: %d, %v; want 1 paper issued", n, err)
		}
		ps, err := storeOf(d, w.a).Papers(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]time.Time{"Budget": when(t, "2026-05-01 09:00"), "Carers strategy": when(t, "2026-05-01 09:00"),
			"Late report": when(t, "2026-05-11 16:30")}
		for _, p := range ps {
			if !p.IssuedAt.Equal(want[p.Title]) {
				t.Errorf("%s issued at %v, want %v", p.Title, p.IssuedAt, want[p.Title])
			}
			if p.Size != int64(len(pdf)) || p.ContentType != "application/pdf" || p.UploadedBy != "Test officer" {
				t.Errorf("paper %+v: size, type or uploader wrong", p)
			}
		}
		ws := meeting.Warnings(m, ps, when(t, "2026-05-12 09:00"))
		if len(ws) != 1 || ws[0].DaysLate != 4 || ws[0].Papers != 1 {
			t.Errorf("warnings %+v, want one for 1 paper 4 days late", ws)
		}

		audits := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE action = 'issue'")
		if n, err := meeting.StoreFor(d, w.a, at(when(t, "2026-05-13 09:00"))).IssuePapers(ctx, m.ID, officer); err != nil || n != 0 {
			t.Errorf("issuing with nothing waiting: %d, %v", n, err)
		}
		if audits != 2 || count(t, d, "SELECT COUNT(*) FROM audit_log WHERE action = 'issue'") != 2 {
			t.Errorf("%d issue entries in the audit log, want 2 (one per issue that issued something)", audits)
		}
		es, _ := audit.ForPartnership(ctx, d, w.a.ID, 10)
		found := false
		for _, e := range es {
			if e.Action == "issue" && strings.Contains(e.Summary, "Issued 1 paper") && strings.Contains(e.Summary, "4 days later than the 7-day notice period") {
				found = true
			}
		}
		if !found {
			t.Errorf("no audit entry says the late issue was late: %+v", es)
		}
		_, content, err := storeOf(d, w.a).PaperFile(ctx, ps[0].ID)
		if err != nil || string(content) != string(pdf) {
			t.Errorf("content read back: %q, %v", content, err)
		}
	})
}

// A bad file is refused with a message at the field and stores nothing.
func TestAddPaperRefusesBadFile(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		m := newMeeting(t, d, w.a, w.boardA, "2026-05-14 10:00")
		audits := count(t, d, "SELECT COUNT(*) FROM audit_log")
		_, err := storeOf(d, w.a).AddPaper(ctx, m.ID, meeting.Paper{Title: "Budget"}, files.Upload{Filename: "Budget.pdf", Content: []byte("PK\x03\x04not a pdf")}, officer)
		if errs, ok := valid.As(err); !ok || errs.For("file") != "The file must be a PDF, Word or OpenDocument text file" {
			t.Errorf("a ZIP called .pdf: %v", err)
		}
		other := newMeeting(t, d, w.a, w.boardA, "2026-06-14 10:00")
		item, err := storeOf(d, w.a).AddAgendaItem(ctx, other.ID, meeting.AgendaItem{Title: "Budget"}, officer)
		if err != nil {
			t.Fatal(err)
		}
		audits += 2 // the second meeting and its agenda item
		_, err = storeOf(d, w.a).AddPaper(ctx, m.ID, meeting.Paper{AgendaItemID: item.ID}, files.Upload{Filename: "Budget.pdf", Content: pdf}, officer)
		if errs, ok := valid.As(err); !ok || errs.For("agenda_item") == "" {
			t.Errorf("a paper for another meeting's agenda item: %v", err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM papers"); n != 0 {
			t.Errorf("%d papers stored after refusals", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log"); n != audits {
			t.Errorf("refusals wrote %d audit entries", n-audits)
		}
		p, err := storeOf(d, w.a).AddPaper(ctx, m.ID, meeting.Paper{}, files.Upload{Filename: `C:\Papers\Budget 2026-27.pdf`, Content: pdf}, officer)
		if err != nil || p.Title != "Budget 2026-27" || p.Filename != "Budget 2026-27.pdf" {
			t.Errorf("a paper with no title: %+v, %v; want the title taken from the file's name", p, err)
		}
	})
}

// A member's meetings are those of the bodies on which they held a seat on
// the day of each meeting.
func TestForMember(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		spg := body(t, d, w.a, governance.SPG, "Alba Strategic Planning Group")
		isla, err := governance.StoreFor(d, w.a, civil.SystemClock).SaveMember(ctx, governance.Member{PartnershipID: w.a.ID, Name: "Isla Morrison"}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		seat, err := governance.StoreFor(d, w.a, civil.SystemClock).Nominate(ctx, w.boardA.ID, governance.Seat{MemberID: isla.ID, Capacity: governance.OtherPerson,
			NominatedOn: "2026-03-01", AppointedOn: "2026-04-01"}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if err := governance.StoreFor(d, w.a, civil.SystemClock).Apply(ctx, w.boardA.ID, seat.ID, governance.Resigned, "2026-06-01", "", audit.System); err != nil {
			t.Fatal(err)
		}
		newMeeting(t, d, w.a, w.boardA, "2026-03-15 10:00") // before her appointment
		appointedDay := newMeeting(t, d, w.a, w.boardA, "2026-04-01 18:00")
		held := newMeeting(t, d, w.a, w.boardA, "2026-05-10 10:00") // while she sat
		newMeeting(t, d, w.a, w.boardA, "2026-06-01 10:00")         // the day she resigned
		newMeeting(t, d, w.a, w.boardA, "2026-06-15 10:00")         // after
		newMeeting(t, d, w.a, spg, "2026-05-10 14:00")              // a body she never sat on
		newMeeting(t, d, w.b, w.boardB, "2026-05-10 10:00")         // another partnership

		ids := func(ms []meeting.Meeting) []int64 {
			var out []int64
			for _, m := range ms {
				out = append(out, m.ID)
			}
			return out
		}
		got, err := storeOf(d, w.a).ForMember(ctx, isla, when(t, "2026-01-01 00:00"))
		if err != nil {
			t.Fatal(err)
		}
		if want := []int64{appointedDay.ID, held.ID}; len(got) != 2 || got[0].ID != want[0] || got[1].ID != want[1] {
			t.Errorf("meetings from January: %v, want %v (the day of appointment and while she sat)", ids(got), want)
		}
		got, err = storeOf(d, w.a).ForMember(ctx, isla, when(t, "2026-05-01 00:00"))
		if err != nil || len(got) != 1 || got[0].ID != held.ID {
			t.Errorf("meetings from May: %v, %v; want only %d", ids(got), err, held.ID)
		}
		got, err = storeOf(d, w.a).ForMember(ctx, isla, when(t, "2026-05-10 10:01"))
		if err != nil || len(got) != 0 {
			t.Errorf("meetings after the last one she could attend: %v, %v", ids(got), err)
		}
	})
}

// When the board had non-voting members on the day, a decision must record
// their views.
func TestAddDecision(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		carer, err := governance.StoreFor(d, w.a, civil.SystemClock).SaveMember(ctx, governance.Member{PartnershipID: w.a.ID, Name: "Aileen Murray"}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := governance.StoreFor(d, w.a, civil.SystemClock).Nominate(ctx, w.boardA.ID, governance.Seat{MemberID: carer.ID, Capacity: governance.PrescribedGroupRep,
			PrescribedGroup: "carers-social-care", Voting: false, NominatedOn: "2026-01-01", AppointedOn: "2026-02-01"}, audit.System); err != nil {
			t.Fatal(err)
		}
		before := newMeeting(t, d, w.a, w.boardA, "2026-01-20 10:00") // before she was appointed
		m := newMeeting(t, d, w.a, w.boardA, "2026-03-12 10:00")
		item, err := storeOf(d, w.a).AddAgendaItem(ctx, m.ID, meeting.AgendaItem{Title: "Carers strategy"}, officer)
		if err != nil {
			t.Fatal(err)
		}
		x := meeting.Decision{AgendaItemID: item.ID, Text: "Approve the carers strategy", VotingRecord: "Agreed unanimously"}
		_, err = storeOf(d, w.a).AddDecision(ctx, m.ID, x, officer)
		if errs, ok := valid.As(err); !ok || !strings.Contains(errs.For("non_voting_views"), "1 non-voting member") {
			t.Fatalf("a decision without the non-voting member's views: %v", err)
		}
		if _, err := storeOf(d, w.a).AddDecision(ctx, before.ID, meeting.Decision{Text: "Note the report", VotingRecord: "Noted"}, officer); err != nil {
			t.Errorf("a decision of a meeting before any non-voting member sat: %v", err)
		}
		x.NonVotingViews = "The carers' representative supported the strategy."
		saved, err := storeOf(d, w.a).AddDecision(ctx, m.ID, x, officer)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := storeOf(d, w.a).Decisions(ctx, m.ID)
		if err != nil || len(ds) != 1 || ds[0].ID != saved.ID || ds[0].NonVotingViews != x.NonVotingViews || ds[0].AgendaItemID != item.ID {
			t.Errorf("decisions read back: %+v, %v", ds, err)
		}
		_, err = storeOf(d, w.a).AddDecision(ctx, before.ID, meeting.Decision{AgendaItemID: item.ID, Text: "x", VotingRecord: "y"}, officer)
		if errs, ok := valid.As(err); !ok || errs.For("agenda_item") == "" {
			t.Errorf("a decision under another meeting's agenda item: %v", err)
		}
		if ds, _ := storeOf(d, w.b).Decisions(ctx, m.ID); len(ds) != 0 {
			t.Errorf("another partnership sees %d decisions", len(ds))
		}
	})
}

// Changing a meeting keeps its body and is audited with before and after.
func TestSaveMeeting(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		_, err := storeOf(d, w.a).Save(ctx, meeting.Meeting{BodyID: w.boardA.ID}, officer)
		if errs, ok := valid.As(err); !ok || errs.For("title") == "" || errs.For("date") == "" || errs.For("place") == "" {
			t.Errorf("an empty meeting: %v", err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM meetings"); n != 0 {
			t.Errorf("an invalid meeting was stored")
		}
		m := newMeeting(t, d, w.a, w.boardA, "2026-05-14 10:00")
		m.Title, m.Minutes, m.BodyID = "Special meeting", "Present: all members.", 999999
		m.EndsAt, m.OnlineLink = time.Time{}, "https://meet.example/alba"
		saved, err := storeOf(d, w.a).Save(ctx, m, officer)
		if err != nil {
			t.Fatal(err)
		}
		got, err := storeOf(d, w.a).ByID(ctx, m.ID)
		if err != nil || got.Title != "Special meeting" || got.Minutes != "Present: all members." || got.BodyID != w.boardA.ID ||
			!got.EndsAt.IsZero() || got.OnlineLink != "https://meet.example/alba" || saved.BodyID != w.boardA.ID {
			t.Errorf("after the change: %+v, %v", got, err)
		}
		es, _ := audit.ForPartnership(ctx, d, w.a.ID, 1)
		if len(es) != 1 || es[0].Entity != "meeting" || !strings.Contains(es[0].Before, "Ordinary meeting") || !strings.Contains(es[0].After, "Special meeting") {
			t.Errorf("audit entry %+v", es)
		}
	})
}

// Partnership B's meeting, agenda item, paper and decision cannot be
// reached by their ids through partnership A's store, to read or to write
// (issuing papers included), and nothing of B's changes.
func TestStoreIsolation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		stA, stB := storeOf(d, w.a), storeOf(d, w.b)
		mB := newMeeting(t, d, w.b, w.boardB, "2026-05-14 10:00")
		itemB, err := stB.AddAgendaItem(ctx, mB.ID, meeting.AgendaItem{Title: "Budget"}, officer)
		if err != nil {
			t.Fatal(err)
		}
		paperB, err := stB.AddPaper(ctx, mB.ID, meeting.Paper{Title: "Budget", AgendaItemID: itemB.ID},
			files.Upload{Filename: "Budget.pdf", Content: pdf}, officer)
		if err != nil {
			t.Fatal(err)
		}
		decisionB, err := stB.AddDecision(ctx, mB.ID, meeting.Decision{AgendaItemID: itemB.ID, Text: "Approve the budget",
			VotingRecord: "Agreed unanimously"}, officer)
		if err != nil {
			t.Fatal(err)
		}
		mA := newMeeting(t, d, w.a, w.boardA, "2026-05-15 10:00")
		isla, err := governance.StoreFor(d, w.b, civil.SystemClock).SaveMember(ctx, governance.Member{Name: "Isla Morrison"}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		tables := []string{"meetings", "agenda_items", "papers", "decisions", "audit_log"}
		counts := func() map[string]int {
			out := map[string]int{}
			for _, table := range tables {
				out[table] = count(t, d, "SELECT COUNT(*) FROM "+table)
			}
			out["issued"] = count(t, d, "SELECT COUNT(*) FROM papers WHERE issued_at IS NOT NULL")
			return out
		}
		before := counts()

		notFound := func(what string, err error) {
			t.Helper()
			if !errors.Is(err, valid.ErrNotFound) {
				t.Errorf("%s of partnership B through A's store: %v, want valid.ErrNotFound", what, err)
			}
		}
		refused := func(what string, err error) {
			t.Helper()
			if errs, ok := valid.As(err); !ok || errs.For("agenda_item") == "" {
				t.Errorf("%s with B's agenda item through A's store: %v, want a field error", what, err)
			}
		}
		// Reads.
		_, err = stA.ByID(ctx, mB.ID)
		notFound("ByID (meeting)", err)
		_, err = stA.Page(ctx, mB.ID)
		notFound("Page (meeting)", err)
		_, err = stA.Body(ctx, w.boardB.ID)
		notFound("Body", err)
		_, err = stA.BodyMeetings(ctx, w.boardB.ID)
		notFound("BodyMeetings", err)
		_, err = stA.PaperByID(ctx, paperB.ID)
		notFound("PaperByID (paper)", err)
		_, _, err = stA.PaperFile(ctx, paperB.ID)
		notFound("PaperFile (paper)", err)
		if as, err := stA.Agenda(ctx, mB.ID); err != nil || len(as) != 0 {
			t.Errorf("Agenda of B's meeting through A: %d items, %v", len(as), err)
		}
		if ps, err := stA.Papers(ctx, mB.ID); err != nil || len(ps) != 0 {
			t.Errorf("Papers of B's meeting through A: %d papers, %v", len(ps), err)
		}
		if ds, err := stA.Decisions(ctx, mB.ID); err != nil || len(ds) != 0 {
			t.Errorf("Decisions of B's meeting through A: %d decisions, %v", len(ds), err)
		}
		if ms, err := stA.OfBody(ctx, w.boardB.ID); err != nil || len(ms) != 0 {
			t.Errorf("OfBody of B's body through A: %d meetings, %v", len(ms), err)
		}
		if ms, err := stA.ForMember(ctx, isla, when(t, "2026-01-01 00:00")); err != nil || len(ms) != 0 {
			t.Errorf("ForMember of B's member through A: %d meetings, %v", len(ms), err)
		}

		// Writes.
		_, err = stA.AddAgendaItem(ctx, mB.ID, meeting.AgendaItem{Title: "Planted"}, officer)
		notFound("AddAgendaItem (meeting)", err)
		_, err = stA.AddPaper(ctx, mB.ID, meeting.Paper{}, files.Upload{Filename: "x.pdf", Content: pdf}, officer)
		notFound("AddPaper (meeting)", err)
		_, err = stA.IssuePapers(ctx, mB.ID, officer)
		notFound("IssuePapers (meeting)", err)
		_, err = stA.AddDecision(ctx, mB.ID, meeting.Decision{Text: "x", VotingRecord: "y"}, officer)
		notFound("AddDecision (meeting)", err)
		hijacked := mB
		hijacked.Title = "Hijacked"
		_, err = stA.Save(ctx, hijacked, officer)
		notFound("Save (meeting)", err)
		_, err = stA.Save(ctx, meeting.Meeting{BodyID: w.boardB.ID, Title: "Planted", StartsAt: when(t, "2026-05-20 10:00"),
			Place: "Somewhere"}, officer)
		notFound("Save (new meeting of B's body)", err)
		_, err = stA.AddPaper(ctx, mA.ID, meeting.Paper{AgendaItemID: itemB.ID}, files.Upload{Filename: "x.pdf", Content: pdf}, officer)
		refused("AddPaper (agenda item)", err)
		_, err = stA.AddDecision(ctx, mA.ID, meeting.Decision{AgendaItemID: itemB.ID, Text: "x", VotingRecord: "y"}, officer)
		refused("AddDecision (agenda item)", err)

		after := counts()
		for k, n := range before {
			if after[k] != n {
				t.Errorf("%s: %d before the attempts through A, %d after", k, n, after[k])
			}
		}
		got, err := stB.Page(ctx, mB.ID)
		if err != nil || got.Meeting.Title != "Ordinary meeting" || len(got.Agenda) != 1 || len(got.Papers) != 1 ||
			got.Papers[0].Issued() || len(got.Decisions) != 1 || got.Decisions[0].ID != decisionB.ID {
			t.Errorf("B's meeting after the attempts: %+v, %v", got, err)
		}
	})
}

// Each write is one transaction with its audit entry: when the audit entry
// cannot be written, nothing of the write remains.
func TestWritesAreOneTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		st := storeOf(d, w.a)
		m := newMeeting(t, d, w.a, w.boardA, "2026-05-14 10:00")
		if _, err := st.AddPaper(ctx, m.ID, meeting.Paper{Title: "Budget"}, files.Upload{Filename: "Budget.pdf", Content: pdf}, officer); err != nil {
			t.Fatal(err)
		}
		dbtest.FailInserts(t, d, "audit_log")

		failed := func(what string, err error) {
			t.Helper()
			if err == nil {
				t.Errorf("%s succeeded without its audit entry", what)
			}
		}
		_, err := st.Save(ctx, meeting.Meeting{BodyID: w.boardA.ID, Title: "Special meeting", StartsAt: when(t, "2026-06-01 10:00"),
			Place: "Council chambers"}, officer)
		failed("Save (new)", err)
		changed := m
		changed.Title = "Changed"
		_, err = st.Save(ctx, changed, officer)
		failed("Save (change)", err)
		_, err = st.AddAgendaItem(ctx, m.ID, meeting.AgendaItem{Title: "Budget"}, officer)
		failed("AddAgendaItem", err)
		_, err = st.AddPaper(ctx, m.ID, meeting.Paper{Title: "Second"}, files.Upload{Filename: "Second.pdf", Content: pdf}, officer)
		failed("AddPaper", err)
		_, err = meeting.StoreFor(d, w.a, at(when(t, "2026-05-01 09:00"))).IssuePapers(ctx, m.ID, officer)
		failed("IssuePapers", err)
		_, err = st.AddDecision(ctx, m.ID, meeting.Decision{Text: "Approve", VotingRecord: "Agreed"}, officer)
		failed("AddDecision", err)

		for q, want := range map[string]int{
			"SELECT COUNT(*) FROM meetings":                           1,
			"SELECT COUNT(*) FROM meetings WHERE title = 'Changed'":   0,
			"SELECT COUNT(*) FROM agenda_items":                       0,
			"SELECT COUNT(*) FROM papers":                             1,
			"SELECT COUNT(*) FROM papers WHERE issued_at IS NOT NULL": 0,
			"SELECT COUNT(*) FROM decisions":                          0,
		} {
			if n := count(t, d, q); n != want {
				t.Errorf("%s = %d after the failed writes, want %d", q, n, want)
			}
		}
	})
}

// The dashboard's late papers: coming meetings within the window whose
// papers are late or overdue, not past ones, not those beyond the window,
// not another partnership's. issue 10, item 16
func TestLatePapers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		late := newMeeting(t, d, w.a, w.boardA, "2026-05-14 10:00") // no papers, due by 7 May
		newMeeting(t, d, w.a, w.boardA, "2026-05-01 10:00")         // held already
		newMeeting(t, d, w.a, w.boardA, "2026-07-14 10:00")         // beyond the window
		newMeeting(t, d, w.b, w.boardB, "2026-05-14 10:00")         // another partnership's
		got, err := meeting.StoreFor(d, w.a, at(when(t, "2026-05-10 09:00"))).LatePapers(ctx, 28)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Meeting.ID != late.ID || len(got[0].Warnings) != 1 {
			t.Fatalf("late papers %+v, want only the meeting of 14 May with one warning", got)
		}
	})
}
