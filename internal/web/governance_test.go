package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"coplan/internal/civil"
	"coplan/internal/demo"
	"coplan/internal/governance"
	"coplan/internal/partnership"
)

// The demo SPG lacks exactly one prescribed group, and Kirsty Munro
// represents two localities: the status panel and the API say so.
func TestDemoSPGComposition(t *testing.T) {
	c, base, _ := signedIn(t, "officer@glenmorven.example")
	code, _, body := c.do("GET", base+"/api/v1/partnerships/glenmorven/spg", nil)
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	var got struct {
		Members []struct {
			Name       string   `json:"name"`
			Localities []string `json:"localities"`
		} `json:"members"`
		Composition struct {
			Lawful                  bool     `json:"lawful"`
			MissingPrescribedGroups []string `json:"missing_prescribed_groups"`
			MissingLocalities       []string `json:"missing_localities"`
			MissingNominatingBodies []string `json:"missing_nominating_bodies"`
		} `json:"composition"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	cp := got.Composition
	if cp.Lawful || len(cp.MissingPrescribedGroups) != 1 || cp.MissingPrescribedGroups[0] != "commercial providers of health care" ||
		len(cp.MissingLocalities) != 0 || len(cp.MissingNominatingBodies) != 0 {
		t.Errorf("composition = %+v, want only commercial providers of health care missing", cp)
	}
	two := false
	for _, m := range got.Members {
		two = two || m.Name == "Kirsty Munro" && len(m.Localities) == 2
		if m.Name == "Mhairi Stewart" || m.Name == "Hamish Duncan" {
			t.Errorf("the API published %s's name without their agreement", m.Name)
		}
	}
	if !two {
		t.Error("no member represents two localities")
	}
}

// Removing the health board's nominee through the page records the removal
// with its date and who did it, updates the status panel, and keeps the
// history: the day before, the nominee still sat on the group.
func TestRemovingHealthBoardNominee(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p, _ := partnership.BySlug(ctx, d, demo.Slug)
	spg, err := governance.StoreFor(d, p, civil.SystemClock).SPG(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ss, _ := governance.StoreFor(d, p, civil.SystemClock).Seats(ctx, spg.ID)
	var nominee governance.Seat
	for _, s := range ss {
		if s.Capacity == governance.HealthBoardNominee {
			nominee = s
		}
	}
	seatURL := base + "/staff/partnerships/glenmorven/bodies/" + itoa(spg.ID) + "/seats/" + itoa(nominee.ID)

	// A removal dated before the appointment is refused and changes nothing.
	code, _, body := c.do("POST", seatURL+"/events", url.Values{"kind": {"removed"}, "on": {"2020-01-01"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "before") {
		t.Fatalf("removal before appointment: status %d", code)
	}

	code, loc, _ := c.do("POST", seatURL+"/events", url.Values{"kind": {"removed"}, "on": {"2026-06-30"}, "note": {"Left NHS Glenmorven"}})
	if code != http.StatusSeeOther {
		t.Fatalf("removal: status %d", code)
	}
	_, _, page := c.do("GET", base+loc+"&date=2026-06-30", nil)
	for _, want := range []string{"Not fully composed on 30 June 2026", "No member nominated by", "NHS Glenmorven",
		"Removed by the integration authority: Left NHS Glenmorven", "Euan Fraser"} {
		if !strings.Contains(page, want) {
			t.Errorf("after removal, the body page lacks %q", want)
		}
	}
	_, _, before := c.do("GET", base+"/staff/partnerships/glenmorven/bodies/"+itoa(spg.ID)+"?date=2026-06-29", nil)
	if !strings.Contains(before, "Dr Fiona Grant") || strings.Contains(before, "No member nominated by") {
		t.Error("on the day before the removal the nominee should still sit on the group")
	}
	var n int
	d.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'removed' AND actor = 'Euan Fraser'").Scan(&n)
	if n != 1 {
		t.Errorf("audit log has %d removal entries by the officer, want 1", n)
	}
	hs, _ := governance.StoreFor(d, p, civil.SystemClock).Events(ctx, spg.ID)
	kinds := map[governance.EventKind]int{}
	for _, h := range hs {
		if h.SeatID == nominee.ID {
			kinds[h.Kind]++
		}
	}
	if kinds[governance.Nominated] != 1 || kinds[governance.Appointed] != 1 || kinds[governance.RemovedByAuthority] != 1 {
		t.Errorf("seat history = %v, want nomination, appointment and removal kept", kinds)
	}
}

// A carer on the SPG records the support they need on their own page.
func TestMemberRecordsSupportNeeds(t *testing.T) {
	c, base, d := signedIn(t, "spg@glenmorven.example")
	code, _, page := c.do("GET", base+"/staff/partnerships/glenmorven/my/support", nil)
	if code != http.StatusOK || !strings.Contains(page, "Glenmorven Strategic Planning Group") {
		t.Fatalf("my support: status %d", code)
	}
	form := url.Values{"publish_name": {"yes"}, "support": {"bsl", "travel"}, "support_notes": {"Morning meetings suit me best"}, "paper_format": {"large-print"}}
	if code, _, _ := c.do("POST", base+"/staff/partnerships/glenmorven/my/support", form); code != http.StatusSeeOther {
		t.Fatalf("save: status %d", code)
	}
	p, _ := partnership.BySlug(context.Background(), d, demo.Slug)
	m, err := governance.StoreFor(d, p, civil.SystemClock).MemberByUser(context.Background(), mustUser(t, d, "spg@glenmorven.example"))
	if err != nil {
		t.Fatal(err)
	}
	if !m.Needs("bsl") || !m.Needs("travel") || m.Needs("care-cover") || m.PaperFormat != "large-print" {
		t.Errorf("saved member = %+v", m)
	}
	form.Set("paper_format", "carrier pigeon")
	if code, _, _ := c.do("POST", base+"/staff/partnerships/glenmorven/my/support", form); code != http.StatusUnprocessableEntity {
		t.Errorf("bad paper format: status %d, want 422", code)
	}
}

// Members' support needs and contact details are personal (a sign
// language interpreter, a caring role): the partnership's officers see
// them, scrutiny does not, as it does not see respondents' details
// (issue 10, item 23).
func TestScrutinyDoesNotSeeMembersPersonalDetails(t *testing.T) {
	c, base, _ := signedIn(t, "officer@glenmorven.example")
	code, _, body := c.do("GET", base+"/staff/partnerships/glenmorven/members", nil)
	if code != http.StatusOK || !strings.Contains(body, "A British Sign Language interpreter") {
		t.Fatalf("the officer's members page: status %d, without the demo's support needs", code)
	}
	s := newClient(t)
	s.do("POST", base+"/signin", url.Values{"email": {"scrutiny@inspectorate.example"}, "password": {demo.Password}})
	code, _, body = s.do("GET", base+"/staff/partnerships/glenmorven/members", nil)
	if code != http.StatusOK {
		t.Fatalf("scrutiny's members page: status %d", code)
	}
	for _, personal := range []string{"A British Sign Language interpreter", "Support needed", "@glenmorven.example"} {
		if strings.Contains(body, personal) {
			t.Errorf("scrutiny's members page shows %q", personal)
		}
	}
	link := regexp.MustCompile(`href="(/staff/partnerships/glenmorven/members/\d+)"`).FindAllStringSubmatch(body, -1)
	for _, l := range link {
		_, _, page := s.do("GET", base+l[1], nil)
		if strings.Contains(page, "A British Sign Language interpreter") || strings.Contains(page, "Easy read") {
			t.Errorf("scrutiny's page of a member %s shows support needs", l[1])
		}
	}
}
