package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/demo"
	"coplan/internal/files"
	"coplan/internal/governance"
	"coplan/internal/meeting"
	"coplan/internal/partnership"
)

// meetingGet fetches a page and returns its status and its text with HTML
// entities decoded, so tests can look for what a person reads.
func meetingGet(c *client, u string) (int, string) {
	c.t.Helper()
	code, _, body := c.do("GET", u, nil)
	return code, html.UnescapeString(body)
}

// meetingUpload sends a multipart form with one file, as a browser does.
func meetingUpload(c *client, u string, fields map[string]string, field, filename string, content []byte) (int, string, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if field != "" {
		fw, err := mw.CreateFormFile(field, filename)
		if err != nil {
			c.t.Fatal(err)
		}
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", u, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), html.UnescapeString(string(b))
}

// meetingDemoBody finds one of the demo partnership's bodies by kind.
func meetingDemoBody(t *testing.T, d *db.DB, kind governance.Kind) (partnership.Partnership, governance.Body) {
	t.Helper()
	ctx := context.Background()
	p, err := partnership.BySlug(ctx, d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	bs, err := governance.StoreFor(d, p, civil.SystemClock).Bodies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		if b.Kind == kind {
			return p, b
		}
	}
	t.Fatalf("the demo has no body of kind %s", kind)
	return p, governance.Body{}
}

// meetingNext is the body's first meeting from now on.
func meetingNext(t *testing.T, d *db.DB, p partnership.Partnership, b governance.Body) meeting.Meeting {
	t.Helper()
	ms, err := meeting.StoreFor(d, p, nil).OfBody(context.Background(), b.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.StartsAt.After(time.Now()) {
			return m
		}
	}
	t.Fatalf("%s has no coming meeting in the demo", b.Name)
	return meeting.Meeting{}
}

func meetingCount(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// meetingCheckPDF checks that a file is a PDF whose cross-reference table points
// at its objects, as a PDF reader needs to open it.
func meetingCheckPDF(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("the file does not start with %%PDF-: %q", b[:min(len(b), 20)])
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("the PDF has no startxref at its end")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(b[xref:], []byte("xref\n0 ")) {
		t.Fatalf("startxref %d does not point at the xref table", xref)
	}
	entries := regexp.MustCompile(`(\d{10}) 00000 n \n`).FindAllSubmatch(b[xref:], -1)
	if len(entries) == 0 {
		t.Fatal("the xref table lists no objects")
	}
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if want := fmt.Sprintf("%d 0 obj", i+1); !bytes.HasPrefix(b[off:], []byte(want)) {
			t.Errorf("xref entry %d points at %q, want %q", i+1, b[off:min(len(b), off+12)], want)
		}
	}
}

// An officer adds a meeting, uploads a paper, has a bad file refused with
// nothing stored, and issues the papers.
func TestOfficerRunsAMeeting(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	p, spg := meetingDemoBody(t, d, governance.SPG)
	bodyURL := fmt.Sprintf("%s/staff/partnerships/%s/bodies/%d/meetings", base, p.Slug, spg.ID)

	if code, body := meetingGet(c, bodyURL+"/new"); code != http.StatusOK || !strings.Contains(body, "Add a meeting") {
		t.Fatalf("new meeting form: status %d", code)
	}
	// Nothing filled in: every mistake is listed and shown at its field.
	code, _, body := c.do("POST", bodyURL, url.Values{"title": {""}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("empty meeting form: status %d, want 422", code)
	}
	for _, want := range []string{"There is a problem", `href="#title"`, `href="#date"`, `href="#place"`, "<title>Error: "} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused meeting form lacks %q", want)
		}
	}
	day := governance.Day(time.Now()).AddDays(30)
	code, loc, _ := c.do("POST", bodyURL, url.Values{"title": {"Extraordinary meeting"}, "date": {string(day)}, "start": {"14:00"},
		"ends": {"15:30"}, "place": {"Kilbrannan Community Centre"}, "online_link": {"https://meet.example/spg"}})
	if code != http.StatusSeeOther || !regexp.MustCompile(`^/staff/partnerships/glenmorven/meetings/\d+\?done=meeting-created$`).MatchString(loc) {
		t.Fatalf("add meeting: status %d, location %q", code, loc)
	}
	meetingURL := base + strings.TrimSuffix(loc, "?done=meeting-created")
	mid, _ := strconv.ParseInt(meetingURL[strings.LastIndex(meetingURL, "/")+1:], 10, 64)
	code, body = meetingGet(c, base+loc)
	if code != http.StatusOK || !strings.Contains(body, "The meeting has been added") || !strings.Contains(body, "Extraordinary meeting, "+day.String()) {
		t.Fatalf("the new meeting's page: status %d", code)
	}

	// An agenda item, then a paper for it.
	meetingPath := strings.TrimPrefix(meetingURL, base)
	code, loc, _ = c.do("POST", meetingURL+"/agenda", url.Values{"agenda-title": {"Budget for 2026-27"}})
	if code != http.StatusSeeOther || loc != meetingPath+"?done=agenda-item-added#agenda" {
		t.Fatalf("add agenda item: status %d, location %q", code, loc)
	}
	if _, body := meetingGet(c, base+loc); !strings.Contains(body, "The agenda item has been added") || !strings.Contains(body, "Budget for 2026-27") {
		t.Error("the added agenda item is not shown with its notice")
	}
	pdf := []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
	audits := auditCount(t, d)
	code, loc, _ = meetingUpload(c, meetingURL+"/papers", map[string]string{"paper-title": "Budget for 2026-27"}, "paper-file", "budget.pdf", pdf)
	if code != http.StatusSeeOther || loc != meetingPath+"?done=paper-uploaded#papers" {
		t.Fatalf("upload a PDF: status %d, location %q", code, loc)
	}
	if auditCount(t, d) != audits+1 {
		t.Error("the upload was not audited")
	}

	// A ZIP called .pdf, a file too big, and no file at all: each refused
	// with the reason at the field, nothing stored.
	papers := meetingCount(t, d, "SELECT COUNT(*) FROM papers WHERE meeting_id = $1", mid)
	audits = auditCount(t, d)
	for _, c2 := range []struct {
		name, filename string
		content        []byte
		want           string
	}{
		{"a ZIP called .pdf", "budget.pdf", []byte("PK\x03\x04\x14\x00\x00\x00 a zip, not a pdf"), "The file must be a PDF, Word or OpenDocument text file"},
		{"a spreadsheet", "budget.xlsx", []byte("PK\x03\x04\x14\x00\x00\x00"), "The file must be a PDF, Word or OpenDocument text file"},
		{"an empty file", "budget.pdf", nil, "The selected file is empty"},
		{"no file", "", nil, "Select a file"},
		{"too big", "huge.pdf", append([]byte("%PDF-1.7\n"), make([]byte, files.Papers.Max+2<<20)...), "The file must be smaller than 20 MB"},
	} {
		field := "paper-file"
		if c2.name == "no file" {
			field = ""
		}
		code, _, body := meetingUpload(c, meetingURL+"/papers", map[string]string{"paper-title": "Refused"}, field, c2.filename, c2.content)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", c2.name, code)
			continue
		}
		for _, want := range []string{"There is a problem", `href="#paper-file"`, c2.want, `id="paper-file"`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the page lacks %q", c2.name, want)
			}
		}
	}
	if n := meetingCount(t, d, "SELECT COUNT(*) FROM papers WHERE meeting_id = $1", mid); n != papers {
		t.Errorf("refused uploads stored %d papers", n-papers)
	}
	if auditCount(t, d) != audits {
		t.Error("refused uploads were written to the audit log")
	}

	code, body = meetingGet(c, meetingURL)
	if code != http.StatusOK || !strings.Contains(body, "Not issued yet") || !strings.Contains(body, "Issue papers") {
		t.Fatalf("before issuing: status %d; the page should show the paper as not issued, with the button", code)
	}
	if code, loc, _ = c.do("POST", meetingURL+"/issue", url.Values{}); code != http.StatusSeeOther || loc != meetingPath+"?done=papers-issued#papers" {
		t.Fatalf("issue papers: status %d, location %q", code, loc)
	}
	code, body = meetingGet(c, base+loc)
	if !strings.Contains(body, "The papers have been issued") {
		t.Error("no notice that the papers were issued")
	}
	if code != http.StatusOK || strings.Contains(body, "Not issued yet") || !strings.Contains(body, governance.Day(time.Now()).String()) {
		t.Error("after issuing, the page does not show the paper issued today")
	}
	if strings.Contains(body, "Papers issued late") || strings.Contains(body, "Papers overdue") {
		t.Error("papers issued a month ahead are shown as late")
	}
	es, _ := audit.ForPartnership(context.Background(), d, p.ID, 1)
	if len(es) != 1 || es[0].Action != "issue" || !strings.Contains(es[0].Summary, "Issued 1 paper") {
		t.Errorf("the issue is not the last audit entry: %+v", es)
	}

	// The paper downloads as an attachment of the type it was checked as.
	paperLink := regexp.MustCompile(`href="(/staff/partnerships/glenmorven/papers/\d+)"`).FindStringSubmatch(body)
	if paperLink == nil {
		t.Fatal("the meeting page has no link to the paper")
	}
	resp, err := c.http.Get(base + paperLink[1])
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Equal(got, pdf) || resp.Header.Get("Content-Type") != "application/pdf" ||
		resp.Header.Get("Content-Disposition") != `attachment; filename=budget.pdf` || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("download: status %d, headers %v", resp.StatusCode, resp.Header)
	}
}

// Papers issued later than the body's notice period raise the warning on
// the meeting's page; papers issued in time do not.
func TestLatePapersWarning(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	p, ijb := meetingDemoBody(t, d, governance.IJB)
	_, spg := meetingDemoBody(t, d, governance.SPG)

	late := meetingNext(t, d, p, ijb)
	code, body := meetingGet(c, fmt.Sprintf("%s/staff/partnerships/%s/meetings/%d", base, p.Slug, late.ID))
	if code != http.StatusOK {
		t.Fatalf("board meeting page: status %d", code)
	}
	issued := governance.Day(late.StartsAt).AddDays(-3)
	want := fmt.Sprintf("1 paper for this meeting was issued on %s, 4 days later than the body's 7-day notice period allows", issued)
	if !strings.Contains(body, "Papers issued late") || !strings.Contains(body, want) || !strings.Contains(body, "4 days late") {
		t.Errorf("the board's meeting with a paper issued 3 days before does not warn %q", want)
	}

	inTime := meetingNext(t, d, p, spg)
	code, body = meetingGet(c, fmt.Sprintf("%s/staff/partnerships/%s/meetings/%d", base, p.Slug, inTime.ID))
	if code != http.StatusOK {
		t.Fatalf("SPG meeting page: status %d", code)
	}
	if strings.Contains(body, "Papers issued late") || strings.Contains(body, "days later than") || strings.Contains(body, " late</strong>") {
		t.Error("the SPG's meeting with papers issued in time shows a warning")
	}

	// The body's list of meetings flags the late one only.
	_, body = meetingGet(c, fmt.Sprintf("%s/staff/partnerships/%s/bodies/%d/meetings", base, p.Slug, ijb.ID))
	if !strings.Contains(body, ">Late</strong>") {
		t.Error("the board's list of meetings does not flag the late papers")
	}
	_, body = meetingGet(c, fmt.Sprintf("%s/staff/partnerships/%s/bodies/%d/meetings", base, p.Slug, spg.ID))
	if strings.Contains(body, ">Late</strong>") {
		t.Error("the SPG's list of meetings flags papers that were in time")
	}
}

// A decision of the board must record the non-voting members' views.
func TestDecisionRecordsNonVotingViews(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	p, ijb := meetingDemoBody(t, d, governance.IJB)
	m := meetingNext(t, d, p, ijb)
	u := fmt.Sprintf("%s/staff/partnerships/%s/meetings/%d", base, p.Slug, m.ID)
	form := url.Values{"decision-text": {"Approve the directions for 2026-27"}, "decision-voting-record": {"Agreed unanimously"}}
	code, _, body := c.do("POST", u+"/decisions", form)
	body = html.UnescapeString(body)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#decision-non-voting-views"`) ||
		!strings.Contains(body, "Enter the views of the non-voting members: 3 non-voting members") {
		t.Fatalf("a board decision without non-voting views: status %d", code)
	}
	if !strings.Contains(body, "Approve the directions for 2026-27") {
		t.Error("the refused form lost what was typed")
	}
	form.Set("decision-non-voting-views", "The carers' representative asked for respite budgets to be shown separately.")
	if code, loc, _ := c.do("POST", u+"/decisions", form); code != http.StatusSeeOther || loc != strings.TrimPrefix(u, base)+"?done=decision-added#decisions" {
		t.Fatalf("a complete decision: status %d, location %q", code, loc)
	}
	if _, body := meetingGet(c, u); !strings.Contains(body, "asked for respite budgets to be shown separately") {
		t.Error("the decision's non-voting views are not shown")
	}
}

// The demo SPG member signs in, sees their coming meetings and papers,
// downloads a paper and reads their calendar feed; other partnerships'
// and unissued papers stay out of reach.
func TestMemberSeesMeetingsAndPapers(t *testing.T) {
	c, base, d := signedIn(t, "spg@glenmorven.example")
	p, ijb := meetingDemoBody(t, d, governance.IJB)
	_, local := meetingDemoBody(t, d, governance.LocalityGroup)
	code, body := meetingGet(c, base+"/staff/partnerships/glenmorven/my/meetings")
	if code != http.StatusOK {
		t.Fatalf("your meetings: status %d", code)
	}
	for _, want := range []string{"Your meetings", "Glenmorven Integration Joint Board: Ordinary meeting",
		"Glenmorven Strategic Planning Group: Ordinary meeting", "Care at home: review of commissioning options",
		"Consultation on the draft strategic plan: what people told us", "/calendar/"} {
		if !strings.Contains(body, want) {
			t.Errorf("your meetings lacks %q", want)
		}
	}
	if strings.Contains(body, local.Name) {
		t.Error("the member sees the meetings of a locality group she does not sit on")
	}
	links := regexp.MustCompile(`href="(/staff/partnerships/glenmorven/my/papers/\d+)"`).FindAllStringSubmatch(body, -1)
	if len(links) < 4 {
		t.Fatalf("%d paper links, want the 4 issued papers of her 2 coming meetings", len(links))
	}
	resp, err := c.http.Get(base + links[0][1])
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment; filename=") {
		t.Fatalf("download a paper: status %d, headers %v", resp.StatusCode, resp.Header)
	}
	meetingCheckPDF(t, pdf)
	if _, err := files.Papers.Check("file", files.Upload{Filename: "paper.pdf", Content: pdf}); err != nil {
		t.Errorf("the demo paper fails coplan's own upload check: %v", err)
	}

	// The staff pages of the meeting stay closed to her; an unissued paper
	// is not hers to read, and neither is another partnership's.
	m := meetingNext(t, d, p, ijb)
	if code, _ := meetingGet(c, fmt.Sprintf("%s/staff/partnerships/glenmorven/meetings/%d", base, m.ID)); code != http.StatusForbidden {
		t.Errorf("the staff meeting page as an SPG member: status %d, want 403", code)
	}
	localMeeting := meetingNext(t, d, p, local)
	ps, _ := meeting.StoreFor(d, p, nil).Papers(context.Background(), localMeeting.ID)
	var unissued int64
	for _, x := range ps {
		if !x.Issued() {
			unissued = x.ID
		}
	}
	if unissued == 0 {
		t.Fatal("the demo has no unissued paper")
	}
	if code, _ := meetingGet(c, fmt.Sprintf("%s/staff/partnerships/glenmorven/my/papers/%d", base, unissued)); code != http.StatusNotFound {
		t.Errorf("an unissued paper: status %d, want 404", code)
	}
	// Once issued, a locality group's paper is for its members, not for
	// every account of the partnership (issue 10, item 23).
	if _, err := meeting.StoreFor(d, p, nil).IssuePapers(context.Background(), localMeeting.ID, audit.System); err != nil {
		t.Fatal(err)
	}
	if code, _ := meetingGet(c, fmt.Sprintf("%s/staff/partnerships/glenmorven/my/papers/%d", base, unissued)); code != http.StatusNotFound {
		t.Errorf("an issued paper of a body she does not sit on: status %d, want 404", code)
	}
	officer := newClient(t)
	officer.do("POST", base+"/signin", url.Values{"email": {"officer@glenmorven.example"}, "password": {demo.Password}})
	if code, _ := meetingGet(officer, fmt.Sprintf("%s/staff/partnerships/glenmorven/my/papers/%d", base, unissued)); code != http.StatusOK {
		t.Errorf("the same paper for the planning officer: status %d, want 200", code)
	}
	highland, err := partnership.BySlug(context.Background(), d, "highland")
	if err != nil {
		t.Fatal(err)
	}
	hb, err := governance.StoreFor(d, highland, civil.SystemClock).SaveBody(context.Background(), governance.Body{Kind: governance.IJB, Name: "Highland board", NoticeDays: 7}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	hm, err := meeting.StoreFor(d, highland, nil).Save(context.Background(), meeting.Meeting{BodyID: hb.ID, Title: "Board", StartsAt: time.Now().Add(48 * time.Hour), Place: "Inverness"}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	hp, err := meeting.StoreFor(d, highland, nil).AddPaper(context.Background(), hm.ID, meeting.Paper{}, files.Upload{Filename: "h.pdf", Content: pdf}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	meeting.StoreFor(d, highland, nil).IssuePapers(context.Background(), hm.ID, audit.System)
	if code, _ := meetingGet(c, fmt.Sprintf("%s/staff/partnerships/glenmorven/my/papers/%d", base, hp.ID)); code != http.StatusNotFound {
		t.Errorf("another partnership's paper through her own partnership: status %d, want 404", code)
	}

	// The calendar feed, at the address the page gives, needs no sign-in.
	feed := regexp.MustCompile(`value="(http://[^"]+/calendar/[^"]+\.ics)"`).FindStringSubmatch(body)
	if feed == nil {
		t.Fatal("your meetings does not show the calendar address")
	}
	resp, err = http.Get(feed[1])
	if err != nil {
		t.Fatal(err)
	}
	ics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	s := string(ics)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("calendar feed: status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(s, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(s, "END:VCALENDAR\r\n") {
		t.Errorf("the feed is not a calendar: %.60q", s)
	}
	if strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") {
		t.Error("the feed has lines not ended by CRLF")
	}
	// Her past meetings of the last three months and her coming ones: the
	// SPG's and the board's, two each.
	if n := strings.Count(s, "BEGIN:VEVENT\r\n"); n != 4 {
		t.Errorf("%d events, want 4", n)
	}
	if !strings.Contains(strings.ReplaceAll(s, "\r\n ", ""), "SUMMARY:Glenmorven Integration Joint Board: Ordinary meeting") {
		t.Error("the feed lacks the board's meeting")
	}
	resp, err = http.Get(base + "/calendar/not-a-real-token.ics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("a made-up calendar address: status %d, want 404", resp.StatusCode)
	}
}

// An account with no member record is told why it has no meetings.
func TestYourMeetingsWithoutMembership(t *testing.T) {
	c, base, _ := signedIn(t, "admin@glenmorven.example")
	code, body := meetingGet(c, base+"/staff/partnerships/glenmorven/my/meetings")
	if code != http.StatusOK || !strings.Contains(body, "Your account is not linked to a member") {
		t.Errorf("your meetings without a member record: status %d", code)
	}
}

// Another partnership's meeting is not found through this partnership's
// address.
func TestOtherPartnershipsMeetingIsNotFound(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	highland, _ := partnership.BySlug(ctx, d, "highland")
	hb, err := governance.StoreFor(d, highland, civil.SystemClock).SaveBody(ctx, governance.Body{Kind: governance.IJB, Name: "Highland board", NoticeDays: 7}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	hm, err := meeting.StoreFor(d, highland, nil).Save(ctx, meeting.Meeting{BodyID: hb.ID, Title: "Board", StartsAt: time.Now().Add(48 * time.Hour), Place: "Inverness"}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{
		fmt.Sprintf("/staff/partnerships/glenmorven/meetings/%d", hm.ID),
		fmt.Sprintf("/staff/partnerships/glenmorven/bodies/%d/meetings", hb.ID),
		fmt.Sprintf("/staff/partnerships/glenmorven/meetings/%d/edit", hm.ID),
		"/staff/partnerships/glenmorven/meetings/not-a-number",
	} {
		if code, _ := meetingGet(c, base+u); code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", u, code)
		}
	}
	if code, _, _ := c.do("POST", fmt.Sprintf("%s/staff/partnerships/glenmorven/meetings/%d/issue", base, hm.ID), url.Values{}); code != http.StatusNotFound {
		t.Errorf("issuing another partnership's papers: status %d, want 404", code)
	}
}
