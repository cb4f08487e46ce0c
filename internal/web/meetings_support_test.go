package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/files"
	"coplan/internal/governance"
	"coplan/internal/meeting"
)

// A member sends apologies for a coming meeting from Your meetings, sees
// them recorded and withdraws them; the officer sees them on the meeting's
// page in the meantime. Past meetings show their minutes and decisions.
func TestApologiesFromYourMeetings(t *testing.T) {
	c, base, d := signedIn(t, "spg@glenmorven.example")
	p, ijb := meetingDemoBody(t, d, governance.IJB)
	m := meetingNext(t, d, p, ijb)
	my := base + "/staff/partnerships/glenmorven/my/meetings"
	code, body := meetingGet(c, my)
	for _, want := range []string{"Coming meetings", "Past meetings", "Send apologies", "no email is sent",
		"Present: 4 voting members and 3 non-voting members", "Approve the draft strategic plan 2026 to 2029",
		"Record the views you gathered", "Views you gathered"} {
		if !strings.Contains(body, want) {
			t.Errorf("Your meetings (status %d) lacks %q", code, want)
		}
	}
	apol := fmt.Sprintf("%s/staff/partnerships/glenmorven/my/meetings/%d/apologies", base, m.ID)
	code, loc, _ := c.do("POST", apol, url.Values{"note": {"Caring duties that day"}})
	if code != http.StatusSeeOther || loc != fmt.Sprintf("/staff/partnerships/glenmorven/my/meetings?done=apologies-sent#meeting-%d", m.ID) {
		t.Fatalf("send apologies: status %d, location %q", code, loc)
	}
	if _, body := meetingGet(c, base+loc); !strings.Contains(body, "Your apologies have been recorded for the clerk") ||
		!strings.Contains(body, "Withdraw apologies") || !strings.Contains(body, "Caring duties that day") {
		t.Error("Your meetings does not show the apologies sent")
	}
	officer := signedInOn(t, base, "officer@glenmorven.example")
	meetingURL := fmt.Sprintf("%s/staff/partnerships/glenmorven/meetings/%d", base, m.ID)
	if _, body := meetingGet(officer, meetingURL); !strings.Contains(body, "Isla Morrison, sent") || !strings.Contains(body, "Ravi Menon, sent") {
		t.Error("the officer's meeting page does not list both members' apologies")
	}
	if code, loc, _ := c.do("POST", apol+"/withdraw", url.Values{}); code != http.StatusSeeOther || !strings.Contains(loc, "apologies-withdrawn") {
		t.Fatalf("withdraw: status %d, location %q", code, loc)
	}
	if _, body := meetingGet(officer, meetingURL); strings.Contains(body, "Isla Morrison, sent") {
		t.Error("withdrawn apologies still shown to the officer")
	}
	// A meeting of a body she does not sit on: not found.
	_, local := meetingDemoBody(t, d, governance.LocalityGroup)
	other := meetingNext(t, d, p, local)
	code, loc2, _ := c.do("POST", fmt.Sprintf("%s/staff/partnerships/glenmorven/my/meetings/%d/apologies", base, other.ID), url.Values{})
	if code != http.StatusNotFound {
		t.Errorf("apologies for a body she does not sit on: status %d, location %q", code, loc2)
	}
}

// A representative records the views they gathered; a form with mistakes
// is refused with an error summary and nothing stored; the views then show
// beside the agenda item for officers and on the public record.
func TestRepresentativesRound(t *testing.T) {
	c, base, d := signedIn(t, "spg@glenmorven.example")
	p, ijb := meetingDemoBody(t, d, governance.IJB)
	m := meetingNext(t, d, p, ijb)
	form := fmt.Sprintf("%s/staff/partnerships/glenmorven/my/meetings/%d/round", base, m.ID)
	if code, body := meetingGet(c, form); code != http.StatusOK || !strings.Contains(body, "Unpaid carers") {
		t.Fatalf("round form: status %d", code)
	}
	before := meetingCount(t, d, "SELECT COUNT(*) FROM rounds")
	code, _, body := c.do("POST", form, url.Values{"summary": {""}, "count-unpaid-carers": {"lots"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("empty round: status %d", code)
	}
	for _, want := range []string{"There is a problem", `href="#count-unpaid-carers"`, "Enter a whole number of people"} {
		if !strings.Contains(body, want) {
			t.Errorf("refused round lacks %q", want)
		}
	}
	if meetingCount(t, d, "SELECT COUNT(*) FROM rounds") != before {
		t.Fatal("the refused form stored a round")
	}
	agenda, err := meeting.StoreFor(d, p, nil).Agenda(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	code2, _, body2 := c.do("POST", form, url.Values{"agenda_item": {fmt.Sprint(agenda[1].ID)}, "held_on": {string(governance.Day(m.StartsAt).AddDays(-1))},
		"method": {"conversations"}, "count-unpaid-carers": {"5"}, "summary": {"Carers want the directions to fund more short breaks."}})
	if code2 != http.StatusSeeOther {
		t.Fatalf("record round: status %d\n%s", code2, body2)
	}
	officer := signedInOn(t, base, "officer@glenmorven.example")
	if code, body := meetingGet(officer, fmt.Sprintf("%s/staff/partnerships/glenmorven/meetings/%d/rounds/new", base, m.ID)); code != http.StatusOK ||
		!strings.Contains(body, "Isla Morrison (Representative of a prescribed group: carers of users of social care)") || strings.Contains(body, ">Ravi Menon (") {
		t.Errorf("the officer's round form (status %d) does not offer exactly the representatives", code)
	}
	if _, body := meetingGet(officer, fmt.Sprintf("%s/staff/partnerships/glenmorven/meetings/%d", base, m.ID)); !strings.Contains(body, "Carers want the directions to fund more short breaks.") {
		t.Error("the round is not on the officer's meeting page")
	}
	public := newClient(t)
	if _, body := meetingGet(public, fmt.Sprintf("%s/partnerships/glenmorven/meetings/%d", base, m.ID)); !strings.Contains(body, "Carers want the directions to fund more short breaks.") ||
		!strings.Contains(body, "Views gathered before the meeting") {
		t.Error("the round is not on the public record")
	}
}

// The public sees the meetings of a body that meets in public, with its
// issued papers; a body that does not shows nothing publicly.
func TestMeetingsInPublic(t *testing.T) {
	_, base, d := signedIn(t, "officer@glenmorven.example")
	public := newClient(t)
	p, ijb := meetingDemoBody(t, d, governance.IJB)
	_, local := meetingDemoBody(t, d, governance.LocalityGroup)
	ctx := context.Background()

	if _, body := meetingGet(public, fmt.Sprintf("%s/partnerships/glenmorven/bodies/%d", base, ijb.ID)); !strings.Contains(body, "its meetings, agendas, papers and minutes") {
		t.Error("the board's public page does not link to its meetings")
	}
	if _, body := meetingGet(public, fmt.Sprintf("%s/partnerships/glenmorven/bodies/%d", base, local.ID)); strings.Contains(body, "its meetings, agendas, papers and minutes") {
		t.Error("the locality group's public page links to meetings it does not hold in public")
	}
	code, body := meetingGet(public, fmt.Sprintf("%s/partnerships/glenmorven/bodies/%d/meetings", base, ijb.ID))
	if code != http.StatusOK || !strings.Contains(body, "Coming meetings") || !strings.Contains(body, "Past meetings") {
		t.Fatalf("the board's public meetings: status %d", code)
	}
	ms, _ := meeting.StoreFor(d, p, nil).OfBody(ctx, ijb.ID)
	past := ms[0]
	code, body = meetingGet(public, fmt.Sprintf("%s/partnerships/glenmorven/meetings/%d", base, past.ID))
	for _, want := range []string{"Present: 4 voting members", "Agreed unanimously by the 4 voting members present", "Views of members without a vote",
		"The carers' representative supported the draft"} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("the public meeting page (status %d) lacks %q", code, want)
		}
	}
	ps, _ := meeting.StoreFor(d, p, nil).Papers(ctx, past.ID)
	if code, _, _ := public.do("GET", fmt.Sprintf("%s/partnerships/glenmorven/papers/%d", base, ps[0].ID), nil); code != http.StatusOK {
		t.Errorf("public download of an issued paper: status %d", code)
	}

	// The locality group does not meet in public: nothing of it is public.
	lms, _ := meeting.StoreFor(d, p, nil).OfBody(ctx, local.ID)
	lps, _ := meeting.StoreFor(d, p, nil).Papers(ctx, lms[0].ID)
	for _, u := range []string{
		fmt.Sprintf("/partnerships/glenmorven/bodies/%d/meetings", local.ID),
		fmt.Sprintf("/partnerships/glenmorven/meetings/%d", lms[0].ID),
		fmt.Sprintf("/partnerships/glenmorven/papers/%d", lps[0].ID),
	} {
		if code, _, _ := public.do("GET", base+u, nil); code != http.StatusNotFound {
			t.Errorf("%s of a body that does not meet in public: status %d, want 404", u, code)
		}
	}
	// Nor is an unissued paper of the board, nor another partnership's.
	next := meetingNext(t, d, p, ijb)
	draft, err := meeting.StoreFor(d, p, nil).AddPaper(ctx, next.ID, meeting.Paper{Title: "Draft"}, filesPDF(), audit.System)
	if err != nil {
		t.Fatal(err)
	}
	if code, _, _ := public.do("GET", fmt.Sprintf("%s/partnerships/glenmorven/papers/%d", base, draft.ID), nil); code != http.StatusNotFound {
		t.Errorf("an unissued paper: status %d, want 404", code)
	}
	if code, _, _ := public.do("GET", fmt.Sprintf("%s/partnerships/highland/meetings/%d", base, past.ID), nil); code != http.StatusNotFound {
		t.Errorf("another partnership's address for the meeting: status %d, want 404", code)
	}
}

// A member who asked for large print sees a paper flagged as still owed in
// it; once the officer uploads the version, her download is that version.
func TestPapersInTheMembersFormat(t *testing.T) {
	c, base, d := signedIn(t, "spg@glenmorven.example")
	ctx := context.Background()
	p, ijb := meetingDemoBody(t, d, governance.IJB)
	gst := governance.StoreFor(d, p, civil.SystemClock)
	ms, _ := gst.Members(ctx)
	var isla governance.Member
	for _, m := range ms {
		if m.Name == "Isla Morrison" {
			isla = m
		}
	}
	isla.PaperFormat = "large-print"
	if _, err := gst.SaveMember(ctx, isla, audit.System); err != nil {
		t.Fatal(err)
	}
	next := meetingNext(t, d, p, ijb)
	ps, _ := meeting.StoreFor(d, p, nil).Papers(ctx, next.ID)
	var owed meeting.Paper
	for _, x := range ps {
		if x.Title == "Revenue budget 2026-27" {
			owed = x
		}
	}
	_, body := meetingGet(c, base+"/staff/partnerships/glenmorven/my/meetings")
	if !strings.Contains(body, "Large print version still owed") || !strings.Contains(body, "in your format") {
		t.Error("Your meetings neither flags the owed paper nor offers the one ready in large print")
	}
	officer := signedInOn(t, base, "officer@glenmorven.example")
	meetingURL := fmt.Sprintf("%s/staff/partnerships/glenmorven/meetings/%d", base, next.ID)
	if _, body := meetingGet(officer, meetingURL); !strings.Contains(body, "Large print version still owed") || !strings.Contains(body, "Large print version</a>") {
		t.Error("the officer's page neither flags what is owed nor lists the version uploaded")
	}
	prefix := fmt.Sprintf("version-%d-", owed.ID)
	code, _, _ := meetingUpload(officer, fmt.Sprintf("%s/staff/partnerships/glenmorven/papers/%d/versions", base, owed.ID),
		map[string]string{prefix + "format": "standard"}, prefix+"file", "budget-lp.pdf", filesPDF().Content)
	if code != http.StatusUnprocessableEntity {
		t.Errorf("a 'standard' version: status %d, want 422", code)
	}
	code, loc, _ := meetingUpload(officer, fmt.Sprintf("%s/staff/partnerships/glenmorven/papers/%d/versions", base, owed.ID),
		map[string]string{prefix + "format": "large-print"}, prefix+"file", "budget-lp.pdf", filesPDF().Content)
	if code != http.StatusSeeOther || !strings.Contains(loc, "version-uploaded") {
		t.Fatalf("upload version: status %d, location %q", code, loc)
	}
	resp, err := c.http.Get(fmt.Sprintf("%s/staff/partnerships/glenmorven/my/papers/%d", base, owed.ID))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "budget-lp.pdf") {
		t.Errorf("Isla's download is %q, want her large print version", cd)
	}
}

// Officers record induction and training on a member's page; the body page
// names members with none; the member sees their own on Your support.
func TestInductionAndTraining(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	p, spg := meetingDemoBody(t, d, governance.SPG)
	_, body := meetingGet(c, fmt.Sprintf("%s/staff/partnerships/glenmorven/bodies/%d", base, spg.ID))
	if !strings.Contains(body, "Members with no induction") || !strings.Contains(body, "James Ogilvie</a>, appointed 1 October 2025 <strong class=\"ds_tag ds_tag--red\">Induction overdue") {
		t.Error("the SPG's page does not name James Ogilvie as needing an induction")
	}
	ms, _ := governance.StoreFor(d, p, civil.SystemClock).Members(context.Background())
	var james governance.Member
	for _, m := range ms {
		if m.Name == "James Ogilvie" {
			james = m
		}
	}
	u := fmt.Sprintf("%s/staff/partnerships/glenmorven/members/%d/training", base, james.ID)
	code, _, body := c.do("POST", u, url.Values{"training_kind": {"induction"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#training_what"`) {
		t.Errorf("an incomplete record: status %d", code)
	}
	code, loc, _ := c.do("POST", u, url.Values{"training_kind": {"induction"}, "training_what": {"Induction to the SPG"},
		"training_completed_on": {"2025-11-03"}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "training-added") {
		t.Fatalf("add training: status %d, location %q", code, loc)
	}
	_, body = meetingGet(c, base+loc)
	if !strings.Contains(body, "Induction to the SPG") || !strings.Contains(body, "Completed 3 November 2025") {
		t.Error("the member's page does not show the record")
	}
	if _, body := meetingGet(c, fmt.Sprintf("%s/staff/partnerships/glenmorven/bodies/%d", base, spg.ID)); strings.Contains(body, "James Ogilvie</a>, appointed") {
		t.Error("James Ogilvie is still listed without an induction")
	}
	member := signedInOn(t, base, "spg@glenmorven.example")
	if _, body := meetingGet(member, base+"/staff/partnerships/glenmorven/my/support"); !strings.Contains(body, "Speaking up for carers at meetings") {
		t.Error("Your support does not show Isla's training")
	}
}

// filesPDF is a small PDF upload.
func filesPDF() files.Upload {
	return files.Upload{Filename: "paper.pdf", Content: []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")}
}
