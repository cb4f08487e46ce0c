package meeting_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/files"
	"coplan/internal/governance"
	"coplan/internal/meeting"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

func TestOwed(t *testing.T) {
	for _, c := range []struct {
		format string
		have   []string
		want   bool
	}{
		{"standard", nil, false},
		{"printed", nil, false}, // the same paper, printed and posted
		{"large-print", nil, true},
		{"large-print", []string{"easy-read"}, true},
		{"large-print", []string{"easy-read", "large-print"}, false},
		{"easy-read", nil, true},
		{"audio", []string{"audio"}, false},
		{"braille", nil, true},
		{"", nil, false},
	} {
		if got := meeting.Owed(c.format, c.have); got != c.want {
			t.Errorf("Owed(%q, %v) = %v, want %v", c.format, c.have, got, c.want)
		}
	}
}

func TestOwedFormats(t *testing.T) {
	got := meeting.OwedFormats([]string{"standard", "easy-read", "large-print", "large-print", "printed"}, []string{"easy-read"})
	if !slices.Equal(got, []string{"large-print"}) {
		t.Errorf("OwedFormats = %v, want [large-print] once", got)
	}
	if got := meeting.OwedMessage("large-print"); got != "Large print version still owed" {
		t.Errorf("OwedMessage = %q", got)
	}
}

func TestCanChangeApologies(t *testing.T) {
	m := meeting.Meeting{StartsAt: time.Date(2026, 5, 14, 9, 0, 0, 0, time.UTC)}
	for _, c := range []struct {
		now time.Time
		ok  bool
	}{
		{m.StartsAt.Add(-24 * time.Hour), true},
		{m.StartsAt.Add(-time.Minute), true},
		{m.StartsAt, false},
		{m.StartsAt.Add(time.Hour), false},
	} {
		if err := meeting.CanChangeApologies(m, c.now); (err == nil) != c.ok {
			t.Errorf("at %v: %v, want ok=%v", c.now, err, c.ok)
		}
	}
}

func TestRepresents(t *testing.T) {
	for _, c := range []struct {
		seat governance.Seat
		want bool
	}{
		{governance.Seat{Capacity: governance.PrescribedGroupRep, PrescribedGroup: "carers-social-care"}, true},
		{governance.Seat{Capacity: governance.LocalityRep, LocalityIDs: []int64{1}}, true},
		{governance.Seat{Capacity: governance.HealthBoardNominee}, false},
		{governance.Seat{Capacity: governance.OtherPerson}, false},
	} {
		if got := meeting.Represents(c.seat); got != c.want {
			t.Errorf("Represents(%+v) = %v, want %v", c.seat, got, c.want)
		}
	}
}

func TestValidateRound(t *testing.T) {
	good := meeting.Round{AgendaItemID: 1, HeldOn: "2026-05-01", Method: "meeting", Summary: "People want evening sessions.",
		Counts: map[statute.ParticipantGroup]int{statute.UnpaidCarers: 12}, LocalityIDs: []int64{7}}
	for _, c := range []struct {
		name  string
		edit  func(r *meeting.Round)
		field string
	}{
		{"fine", func(r *meeting.Round) {}, ""},
		{"on the meeting day", func(r *meeting.Round) { r.HeldOn = "2026-05-14" }, ""},
		{"after the meeting", func(r *meeting.Round) { r.HeldOn = "2026-05-15" }, "held_on"},
		{"no item", func(r *meeting.Round) { r.AgendaItemID = 0 }, "agenda_item"},
		{"no method", func(r *meeting.Round) { r.Method = "" }, "method"},
		{"nobody", func(r *meeting.Round) { r.Counts = nil }, "count-people-who-use-services"},
		{"negative", func(r *meeting.Round) {
			r.Counts = map[statute.ParticipantGroup]int{statute.Staff: -1, statute.UnpaidCarers: 3}
		}, "count-staff"},
		{"unknown group", func(r *meeting.Round) { r.Counts["martians"] = 2 }, "counts"},
		{"another partnership's locality", func(r *meeting.Round) { r.LocalityIDs = []int64{99} }, "localities"},
		{"no summary", func(r *meeting.Round) { r.Summary = "  " }, "summary"},
	} {
		r := good
		r.Counts = map[statute.ParticipantGroup]int{statute.UnpaidCarers: 12}
		c.edit(&r)
		err := meeting.ValidateRound(r, "2026-05-14", []int64{7, 8})
		errs, _ := valid.As(err)
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.field != "" && !slices.ContainsFunc(errs, func(e valid.FieldError) bool { return e.Field == c.field }):
			t.Errorf("%s: errors %v, want one for %s", c.name, errs, c.field)
		}
	}
}

// supportWorld is partnership A with a board meeting on 14 May 2026, a
// carers' representative (with an account, asking for large print) and a
// health board nominee on the board, and partnership B.
type supportWorld struct {
	world
	m           meeting.Meeting
	item        meeting.AgendaItem
	carer, nhs  governance.Member
	carerUser   auth.User
	otherMember governance.Member // a member of B
}

func newSupportWorld(t *testing.T, d *db.DB) supportWorld {
	t.Helper()
	ctx := context.Background()
	w := supportWorld{world: newWorld(t, d)}
	gst := governance.StoreFor(d, w.a, civil.SystemClock)
	var err error
	if w.carerUser, err = auth.CreateUser(ctx, d, auth.User{PartnershipID: w.a.ID, Email: "carer@example.org", Name: "Carer",
		Role: auth.BoardMember}, "a long enough password 1", audit.System, time.Now()); err != nil {
		t.Fatal(err)
	}
	if w.carer, err = gst.SaveMember(ctx, governance.Member{Name: "Morag Carer", UserID: w.carerUser.ID, PaperFormat: "large-print"}, audit.System); err != nil {
		t.Fatal(err)
	}
	if w.nhs, err = gst.SaveMember(ctx, governance.Member{Name: "Dr Nominee"}, audit.System); err != nil {
		t.Fatal(err)
	}
	if _, err := gst.Nominate(ctx, w.boardA.ID, governance.Seat{MemberID: w.carer.ID, Capacity: governance.PrescribedGroupRep,
		PrescribedGroup: "carers-social-care", LocalityIDs: []int64{w.a.Localities[0].ID}, NominatedOn: "2026-01-01", AppointedOn: "2026-01-10"}, audit.System); err != nil {
		t.Fatal(err)
	}
	if _, err := gst.Nominate(ctx, w.boardA.ID, governance.Seat{MemberID: w.nhs.ID, Capacity: governance.HealthBoardNominee, Voting: true,
		NominatedOn: "2026-01-01", AppointedOn: "2026-01-10"}, audit.System); err != nil {
		t.Fatal(err)
	}
	if w.otherMember, err = governance.StoreFor(d, w.b, civil.SystemClock).SaveMember(ctx, governance.Member{Name: "Breac member"}, audit.System); err != nil {
		t.Fatal(err)
	}
	w.m = newMeeting(t, d, w.a, w.boardA, "2026-05-14 10:00")
	if w.item, err = storeOf(d, w.a).AddAgendaItem(ctx, w.m.ID, meeting.AgendaItem{Title: "Respite care review"}, officer); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestApologies(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newSupportWorld(t, d)
		st := storeOf(d, w.a) // 1 April: before the meeting
		if err := st.SendApologies(ctx, w.carerUser.ID, w.m.ID, "Hospital appointment", officer); err != nil {
			t.Fatal(err)
		}
		if err := st.SendApologies(ctx, w.carerUser.ID, w.m.ID, "Hospital appointment, sorry", officer); err != nil {
			t.Fatal(err) // sending again changes the note
		}
		as, err := st.Apologies(ctx, w.m.ID)
		if err != nil || len(as) != 1 || as[0].MemberName != "Morag Carer" || as[0].Note != "Hospital appointment, sorry" {
			t.Fatalf("apologies = %+v, %v", as, err)
		}
		pg, err := st.Page(ctx, w.m.ID)
		if err != nil || len(pg.Apologies) != 1 {
			t.Errorf("the officer's page shows %d apologies, %v", len(pg.Apologies), err)
		}
		um, err := st.ForUser(ctx, w.carerUser.ID)
		if err != nil || len(um.Meetings) != 1 || um.Meetings[0].Apology == nil {
			t.Errorf("Your meetings does not show the apologies: %+v, %v", um.Meetings, err)
		}

		// Another partnership's store does not know the meeting.
		if err := storeOf(d, w.b).SendApologies(ctx, w.carerUser.ID, w.m.ID, "", officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("through B: %v", err)
		}
		if as, _ := storeOf(d, w.b).Apologies(ctx, w.m.ID); len(as) != 0 {
			t.Errorf("B reads A's apologies: %v", as)
		}

		// Once the meeting has started they can no longer be withdrawn.
		late := meeting.StoreFor(d, w.a, at(when(t, "2026-05-14 10:05")))
		if err := late.WithdrawApologies(ctx, w.carerUser.ID, w.m.ID, officer); err == nil {
			t.Error("apologies were withdrawn after the meeting started")
		}
		if err := st.WithdrawApologies(ctx, w.carerUser.ID, w.m.ID, officer); err != nil {
			t.Fatal(err)
		}
		if as, _ := st.Apologies(ctx, w.m.ID); len(as) != 0 {
			t.Errorf("after withdrawing: %v", as)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE action IN ('apologies', 'withdraw-apologies') AND partnership_id = $1", w.a.ID); n != 3 {
			t.Errorf("audit entries = %d, want 3", n)
		}
	})
}

func TestPaperVersionsAndOwed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newSupportWorld(t, d)
		st := storeOf(d, w.a)
		paper, err := st.AddPaper(ctx, w.m.ID, meeting.Paper{Title: "Respite review"}, files.Upload{Filename: "respite.pdf", Content: pdf}, officer)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.IssuePapers(ctx, w.m.ID, officer); err != nil {
			t.Fatal(err)
		}
		pg, err := st.Page(ctx, w.m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(pg.Owed[paper.ID], []string{"large-print"}) {
			t.Errorf("owed = %v, want large print for Morag", pg.Owed)
		}
		um, _ := st.ForUser(ctx, w.carerUser.ID)
		if len(um.Meetings) != 1 || !um.Meetings[0].Owed[paper.ID] {
			t.Errorf("Your meetings does not flag the paper owed: %+v", um.Meetings)
		}

		if _, err := st.AddVersion(ctx, paper.ID, "standard", files.Upload{Filename: "x.pdf", Content: pdf}, officer); err == nil {
			t.Error("a standard 'version' was accepted")
		}
		if _, err := storeOf(d, w.b).AddVersion(ctx, paper.ID, "large-print", files.Upload{Filename: "x.pdf", Content: pdf}, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("B adds a version of A's paper: %v", err)
		}
		big := append([]byte(nil), pdf...)
		big = append(big, []byte("\n% large print\n")...)
		if _, err := st.AddVersion(ctx, paper.ID, "large-print", files.Upload{Filename: "respite-large-print.pdf", Content: big}, officer); err != nil {
			t.Fatal(err)
		}
		pg, _ = st.Page(ctx, w.m.ID)
		if len(pg.Owed) != 0 || len(pg.Versions[paper.ID]) != 1 {
			t.Errorf("after upload: owed %v, versions %v", pg.Owed, pg.Versions)
		}
		got, content, err := st.MemberPaperFile(ctx, w.carerUser.ID, paper.ID)
		if err != nil || got.Filename != "respite-large-print.pdf" || string(content) != string(big) {
			t.Errorf("Morag gets %q (%d bytes), %v; want her large print version", got.Filename, len(content), err)
		}
		if _, _, err := storeOf(d, w.b).VersionFile(ctx, paper.ID, "large-print"); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("B reads A's version: %v", err)
		}
	})
}

func TestRounds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newSupportWorld(t, d)
		st := storeOf(d, w.a)
		north := w.a.Localities[0].ID
		r := meeting.Round{AgendaItemID: w.item.ID, HeldOn: "2026-05-02", Method: "meeting", Summary: "Carers want respite at weekends.",
			Counts:      map[statute.ParticipantGroup]int{statute.UnpaidCarers: 14, statute.PeopleWhoUseServices: 3},
			LocalityIDs: []int64{north}}
		saved, err := st.RecordMyRound(ctx, w.carerUser.ID, w.m.ID, r, officer)
		if err != nil {
			t.Fatal(err)
		}
		// The health board's nominee represents no group: refused.
		if _, err := st.RecordRound(ctx, w.m.ID, w.nhs.ID, r, officer); err == nil {
			t.Error("a round was recorded for a member who represents nobody")
		}
		// B's store knows neither the meeting nor A's member.
		if _, err := storeOf(d, w.b).RecordRound(ctx, w.m.ID, w.carer.ID, r, officer); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("B records a round on A's meeting: %v", err)
		}
		if _, err := st.RecordRound(ctx, w.m.ID, w.otherMember.ID, r, officer); err == nil {
			t.Error("a round was recorded for B's member")
		}

		rs, err := meeting.RoundsOf(ctx, d, w.a.ID, w.m.ID)
		if err != nil || len(rs) != 1 {
			t.Fatalf("RoundsOf = %v, %v", rs, err)
		}
		got := rs[0]
		if got.ID != saved.ID || got.People() != 17 || got.Counts[statute.UnpaidCarers] != 14 ||
			!slices.Equal(got.LocalityIDs, []int64{north}) || got.AgendaItemTitle != "Respite care review" ||
			got.MeetingTitle != "Ordinary meeting" || got.MeetingDay != "2026-05-14" || got.HeldOn != "2026-05-02" ||
			got.MemberName != "Morag Carer" || got.Capacity != "Representative of a prescribed group: carers of users of social care" {
			t.Errorf("RoundsOf gives %+v", got)
		}
		one, err := meeting.RoundOf(ctx, d, w.a.ID, saved.ID)
		if err != nil || one.ID != saved.ID || one.People() != 17 {
			t.Errorf("RoundOf = %+v, %v", one, err)
		}
		if _, err := meeting.RoundOf(ctx, d, w.b.ID, saved.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("RoundOf through B: %v", err)
		}
		if rs, err := meeting.RoundsOf(ctx, d, w.b.ID, w.m.ID); err != nil || len(rs) != 0 {
			t.Errorf("RoundsOf through B: %v, %v", rs, err)
		}
		pg, _ := st.Page(ctx, w.m.ID)
		if len(pg.Rounds) != 1 {
			t.Errorf("the meeting's page shows %d rounds", len(pg.Rounds))
		}
	})
}

// A body that does not meet in public has no public record; one that does
// shows its meetings, only their issued papers, and its rounds.
func TestPublicRecord(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newSupportWorld(t, d)
		st := storeOf(d, w.a)
		issued, err := st.AddPaper(ctx, w.m.ID, meeting.Paper{Title: "Issued"}, files.Upload{Filename: "a.pdf", Content: pdf}, officer)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.IssuePapers(ctx, w.m.ID, officer); err != nil {
			t.Fatal(err)
		}
		draft, err := st.AddPaper(ctx, w.m.ID, meeting.Paper{Title: "Draft"}, files.Upload{Filename: "b.pdf", Content: pdf}, officer)
		if err != nil {
			t.Fatal(err)
		}

		_, _, err = st.PublicMeetings(ctx, w.boardA.ID)
		if !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("PublicMeetings of a private body: %v", err)
		}
		if _, _, err := st.PublicPage(ctx, w.m.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("PublicPage of a private body's meeting: %v", err)
		}
		if _, _, err := st.PublicPaperFile(ctx, issued.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("PublicPaperFile of a private body's paper: %v", err)
		}

		b := w.boardA
		b.MeetsInPublic = true
		if _, err := governance.StoreFor(d, w.a, civil.SystemClock).SaveBody(ctx, b, audit.System); err != nil {
			t.Fatal(err)
		}
		_, ms, err := st.PublicMeetings(ctx, w.boardA.ID)
		if err != nil || len(ms) != 1 {
			t.Errorf("PublicMeetings = %v, %v", ms, err)
		}
		pg, _, err := st.PublicPage(ctx, w.m.ID)
		if err != nil || len(pg.Papers) != 1 || pg.Papers[0].ID != issued.ID {
			t.Errorf("public papers = %+v, %v; want only the issued one", pg.Papers, err)
		}
		if _, _, err := st.PublicPaperFile(ctx, issued.ID); err != nil {
			t.Errorf("PublicPaperFile of an issued paper: %v", err)
		}
		if _, _, err := st.PublicPaperFile(ctx, draft.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("PublicPaperFile of a draft: %v", err)
		}
		// Another partnership's store does not reach it.
		if _, _, err := storeOf(d, w.b).PublicPage(ctx, w.m.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("PublicPage through B: %v", err)
		}
		if _, _, err := storeOf(d, w.b).PublicMeetings(ctx, w.boardA.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("PublicMeetings through B: %v", err)
		}
	})
}

// Past meetings are on Your meetings with their decisions, newest first.
func TestForUserPast(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newSupportWorld(t, d)
		early := newMeeting(t, d, w.a, w.boardA, "2026-02-12 10:00")
		later := newMeeting(t, d, w.a, w.boardA, "2026-03-12 10:00")
		if _, err := storeOf(d, w.a).AddDecision(ctx, later.ID, meeting.Decision{Text: "Agreed the budget", VotingRecord: "Agreed unanimously",
			NonVotingViews: "The carers' representative supported it"}, officer); err != nil {
			t.Fatal(err)
		}
		um, err := storeOf(d, w.a).ForUser(ctx, w.carerUser.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(um.Past) != 2 || um.Past[0].ID != later.ID || um.Past[1].ID != early.ID {
			t.Fatalf("past meetings = %+v", um.Past)
		}
		if len(um.Past[0].Decisions) != 1 || um.Past[0].Decisions[0].Text != "Agreed the budget" {
			t.Errorf("decisions of the past meeting = %+v", um.Past[0].Decisions)
		}
		if len(um.Meetings) != 1 || um.Meetings[0].ID != w.m.ID || !um.Meetings[0].Represents {
			t.Errorf("coming meetings = %+v", um.Meetings)
		}
	})
}
