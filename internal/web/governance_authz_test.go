package web_test

import (
	"context"
	"strconv"
	"testing"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/governance"
	"coplan/internal/partnership"
)

// governanceAccess says who may use each governance route.
var governanceAccess = map[string]access{
	"GET /partnerships/{slug}/bodies":                                           anyone,
	"GET /partnerships/{slug}/bodies/{body}":                                    anyone,
	"GET /staff/partnerships/{slug}/bodies":                                     planners,
	"GET /staff/partnerships/{slug}/bodies/new":                                 editors,
	"POST /staff/partnerships/{slug}/bodies":                                    editors,
	"GET /staff/partnerships/{slug}/bodies/{body}":                              planners,
	"GET /staff/partnerships/{slug}/bodies/{body}/edit":                         editors,
	"POST /staff/partnerships/{slug}/bodies/{body}/edit":                        editors,
	"POST /staff/partnerships/{slug}/bodies/{body}/seats":                       editors,
	"GET /staff/partnerships/{slug}/bodies/{body}/seats/{seat}":                 planners,
	"POST /staff/partnerships/{slug}/bodies/{body}/seats/{seat}/events":         editors,
	"POST /staff/partnerships/{slug}/bodies/{body}/seats/{seat}/replace":        editors,
	"GET /staff/partnerships/{slug}/members":                                    planners,
	"POST /staff/partnerships/{slug}/members":                                   editors,
	"GET /staff/partnerships/{slug}/members/{member}":                           planners,
	"POST /staff/partnerships/{slug}/members/{member}":                          editors,
	"POST /staff/partnerships/{slug}/members/{member}/training":                 editors,
	"POST /staff/partnerships/{slug}/members/{member}/training/{training}/done": editors,
	"GET /staff/partnerships/{slug}/my/support":                                 members,
	"POST /staff/partnerships/{slug}/my/support":                                members,
	"GET /api/v1/partnerships/{slug}/spg":                                       anyone,
	"GET /api/v1/partnerships/{slug}/bodies":                                    anyone,
}

// governancePathValues gives a body, seat and member of partnership p,
// creating them if p has none, for the route walk.
func governancePathValues(t *testing.T, d *db.DB, p partnership.Partnership) map[string]string {
	t.Helper()
	ctx := context.Background()
	bs, err := governance.StoreFor(d, p, civil.SystemClock).Bodies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b governance.Body
	if len(bs) > 0 {
		b = bs[0]
	} else if b, err = governance.StoreFor(d, p, civil.SystemClock).SaveBody(ctx, governance.Body{Kind: governance.SPG, Name: p.Name + " SPG", NoticeDays: 7}, audit.System); err != nil {
		t.Fatal(err)
	}
	ss, err := governance.StoreFor(d, p, civil.SystemClock).Seats(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	var seat governance.Seat
	if len(ss) > 0 {
		seat = ss[0]
	} else {
		m, err := governance.StoreFor(d, p, civil.SystemClock).SaveMember(ctx, governance.Member{PartnershipID: p.ID, Name: "Test member"}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if seat, err = governance.StoreFor(d, p, civil.SystemClock).Nominate(ctx, b.ID, governance.Seat{MemberID: m.ID, Capacity: governance.OtherPerson,
			NominatedOn: "2025-01-01", AppointedOn: "2025-02-01"}, audit.System); err != nil {
			t.Fatal(err)
		}
	}
	ts, err := governance.StoreFor(d, p, civil.SystemClock).Training(ctx, seat.MemberID)
	if err != nil {
		t.Fatal(err)
	}
	var training governance.Training
	if len(ts) > 0 {
		training = ts[0]
	} else if training, err = governance.StoreFor(d, p, civil.SystemClock).AddTraining(ctx, seat.MemberID, governance.Training{
		Kind: governance.Induction, What: "Induction", DueOn: "2030-01-01"}, audit.System); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"{body}": itoa(b.ID), "{seat}": itoa(seat.ID), "{member}": strconv.FormatInt(seat.MemberID, 10),
		"{training}": itoa(training.ID)}
}
