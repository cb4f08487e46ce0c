package web_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/files"
	"coplan/internal/governance"
	"coplan/internal/meeting"
	"coplan/internal/partnership"
)

// meetingAccess says who may use each meetings route. Officers change
// meetings; planners and scrutiny read them and every paper; any account
// of the partnership (members) sees its own meetings and the issued papers;
// the calendar feed is open to whoever holds its secret address.
var meetingAccess = map[string]access{
	"GET /staff/partnerships/{slug}/bodies/{body}/meetings":                    planners,
	"GET /staff/partnerships/{slug}/bodies/{body}/meetings/new":                editors,
	"POST /staff/partnerships/{slug}/bodies/{body}/meetings":                   editors,
	"GET /staff/partnerships/{slug}/meetings/{meeting}":                        planners,
	"GET /staff/partnerships/{slug}/meetings/{meeting}/edit":                   editors,
	"POST /staff/partnerships/{slug}/meetings/{meeting}/edit":                  editors,
	"POST /staff/partnerships/{slug}/meetings/{meeting}/agenda":                editors,
	"POST /staff/partnerships/{slug}/meetings/{meeting}/papers":                editors,
	"POST /staff/partnerships/{slug}/meetings/{meeting}/issue":                 editors,
	"POST /staff/partnerships/{slug}/meetings/{meeting}/decisions":             editors,
	"GET /staff/partnerships/{slug}/papers/{paper}":                            planners,
	"GET /staff/partnerships/{slug}/my/meetings":                               members,
	"GET /staff/partnerships/{slug}/my/papers/{paper}":                         members,
	"GET /calendar/{feed}":                                                     anyone,
	"POST /staff/partnerships/{slug}/papers/{paper}/versions":                  editors,
	"GET /staff/partnerships/{slug}/papers/{paper}/versions/{format}":          planners,
	"GET /staff/partnerships/{slug}/meetings/{meeting}/rounds/new":             editors,
	"POST /staff/partnerships/{slug}/meetings/{meeting}/rounds":                editors,
	"POST /staff/partnerships/{slug}/my/meetings/{meeting}/apologies":          members,
	"POST /staff/partnerships/{slug}/my/meetings/{meeting}/apologies/withdraw": members,
	"GET /staff/partnerships/{slug}/my/meetings/{meeting}/round":               members,
	"POST /staff/partnerships/{slug}/my/meetings/{meeting}/round":              members,
	"GET /partnerships/{slug}/bodies/{body}/meetings":                          anyone,
	"GET /partnerships/{slug}/meetings/{meeting}":                              anyone,
	"GET /partnerships/{slug}/papers/{paper}":                                  anyone,
}

// meetingPathValues gives the meetings routes' wildcards real values for
// partnership p, so that TestEveryRouteEveryRole tries each route on a
// record that exists: "{body}" (a body of p), "{meeting}" (one of its
// meetings), "{paper}" (an issued paper of that meeting) and "{feed}" (a
// calendar feed address of one of p's members). It uses what p has —
// the demo's records — and adds a body, meeting, paper and member where p
// has none, so calling it again adds nothing more.
func meetingPathValues(t *testing.T, d *db.DB, p partnership.Partnership) map[string]string {
	t.Helper()
	ctx := context.Background()
	bodies, err := governance.StoreFor(d, p, civil.SystemClock).Bodies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b governance.Body
	if len(bodies) > 0 {
		b = bodies[0]
	} else if b, err = governance.StoreFor(d, p, civil.SystemClock).SaveBody(ctx, governance.Body{Kind: governance.Other, Name: "Authorisation test group",
		NoticeDays: 7}, audit.System); err != nil {
		t.Fatal(err)
	}
	ms, err := meeting.StoreFor(d, p, nil).OfBody(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	var m meeting.Meeting
	if len(ms) > 0 {
		m = ms[len(ms)-1]
	} else if m, err = meeting.StoreFor(d, p, nil).Save(ctx, meeting.Meeting{BodyID: b.ID, Title: "Authorisation test meeting",
		StartsAt: time.Now().AddDate(0, 0, 14), Place: "Test room"}, audit.System); err != nil {
		t.Fatal(err)
	}
	ps, err := meeting.StoreFor(d, p, nil).Papers(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	var paper meeting.Paper
	for _, x := range ps {
		if x.Issued() {
			paper = x
		}
	}
	if paper.ID == 0 {
		if paper, err = meeting.StoreFor(d, p, nil).AddPaper(ctx, m.ID, meeting.Paper{Title: "Test paper"},
			files.Upload{Filename: "test.pdf", Content: []byte("%PDF-1.4\n%%EOF\n")}, audit.System); err != nil {
			t.Fatal(err)
		}
		if _, err := meeting.StoreFor(d, p, nil).IssuePapers(ctx, m.ID, audit.System); err != nil {
			t.Fatal(err)
		}
	}
	members, err := governance.StoreFor(d, p, civil.SystemClock).Members(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var member governance.Member
	if len(members) > 0 {
		member = members[0]
	} else if member, err = governance.StoreFor(d, p, civil.SystemClock).SaveMember(ctx, governance.Member{PartnershipID: p.ID, Name: "Test member"}, audit.System); err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"{body}":    strconv.FormatInt(b.ID, 10),
		"{meeting}": strconv.FormatInt(m.ID, 10),
		"{paper}":   strconv.FormatInt(paper.ID, 10),
		"{feed}":    member.CalendarToken + ".ics",
		"{format}":  "large-print",
	}
}
