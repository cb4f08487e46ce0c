package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/expenses"
	"coplan/internal/partnership"
)

// expensesSite is one coplan instance on the demo, with a signed-in
// client for each account a test needs.
type expensesSite struct {
	base string
	d    *db.DB
	p    partnership.Partnership
}

func startExpensesSite(t *testing.T) expensesSite {
	t.Helper()
	u := dbtest.URL(t, db.SQLite)
	srv := startInstances(t, u, 1)[0]
	d, err := db.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	p, err := partnership.BySlug(context.Background(), d, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	return expensesSite{base: srv.URL, d: d, p: p}
}

// as signs in a new client as a demo account.
func (s expensesSite) as(t *testing.T, email string) *client {
	t.Helper()
	c := newClient(t)
	if code, _, _ := c.do("POST", s.base+"/signin", url.Values{"email": {email}, "password": {demo.Password}}); code != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d", email, code)
	}
	return c
}

// claimFile is a file sent with a multipart form.
type claimFile struct {
	field, name string
	content     []byte
}

// postWithFiles sends a form with files, as a browser sends the claim
// form, and returns the status, the redirect and the body.
func (c *client) postWithFiles(u string, form url.Values, files ...claimFile) (int, string, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		fw, err := mw.CreateFormFile(f.field, f.name)
		if err != nil {
			c.t.Fatal(err)
		}
		fw.Write(f.content)
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
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// get fetches a page, failing the test unless it answers 200.
func (c *client) expensePage(u string) string {
	c.t.Helper()
	code, _, body := c.do("GET", u, nil)
	if code != http.StatusOK {
		c.t.Fatalf("GET %s: status %d", u, code)
	}
	return body
}

func pngTicket(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func showsAll(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s does not show %q", what, w)
		}
	}
}

var claimAddress = regexp.MustCompile(`^/staff/partnerships/glenmorven/my/claims/(\d+)\?done=claim-submitted$`)

// The done-when of the capability: the carer member signs in and claims a
// drive, a bus fare with its ticket, care cover and a meal; she sees the
// amounts the policy pays; an officer approves the claim and it appears in
// the export for finance.
func TestMemberClaimsOfficerApprovesFinanceExports(t *testing.T) {
	s := startExpensesSite(t)
	isla := s.as(t, "spg@glenmorven.example")
	mine := s.base + "/staff/partnerships/glenmorven/my/claims"

	page := isla.expensePage(mine)
	showsAll(t, "the member's claims page", page, "Your expense claims", "Make a claim", "Approved", "Waiting for a decision")
	form := isla.expensePage(mine + "/new")
	showsAll(t, "the claim form", form, `enctype="multipart/form-data"`, `id="line-1-kind"`, `id="line-4-amount"`,
		"Mileage: 45p a mile", "Care cover: £15.50 an hour", `type="file"`)

	day := expenses.Today(time.Now().AddDate(0, 0, -1))
	code, loc, body := isla.postWithFiles(mine, url.Values{
		"line-1-kind": {"mileage"}, "line-1-date": {day}, "line-1-description": {"Home to Inverlussa Hall and back"}, "line-1-quantity": {"12.5"},
		// Row 2 is left empty: blank rows are ignored.
		"line-3-kind": {"public-transport"}, "line-3-date": {day}, "line-3-description": {"=Bus from Strathard"}, "line-3-amount": {"£6.80"},
		"line-4-kind": {"care-cover"}, "line-4-date": {day}, "line-4-description": {"Cover for my husband"}, "line-4-quantity": {"2"},
	}, claimFile{"receipts", "bus-ticket.png", pngTicket(t)})
	m := claimAddress.FindStringSubmatch(loc)
	if code != http.StatusSeeOther || m == nil {
		t.Fatalf("sending the claim: status %d, location %q\n%s", code, loc, body)
	}
	id := m[1]
	ref := fmt.Sprintf("EXP-%05s", id)
	claim := isla.expensePage(s.base + loc)
	showsAll(t, "the member's new claim", claim, "Claim "+ref, "Your claim has been sent to the planning team",
		"12.5 miles", "£5.63", "£6.80", "2 hours", "£31.00", "£43.43", "bus-ticket.png", "Waiting for a decision")
	receiptLink := regexp.MustCompile(`href="(/staff/partnerships/glenmorven/my/claims/` + id + `/receipts/\d+)"`).FindStringSubmatch(claim)
	if receiptLink == nil {
		t.Fatal("the member's claim page has no link to the receipt")
	}
	req, _ := http.NewRequest("GET", s.base+receiptLink[1], nil)
	resp, err := isla.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(got, pngTicket(t)) || resp.Header.Get("Content-Type") != "image/png" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("the member's receipt: status %d, %s, %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	if code, _, _ := isla.do("GET", s.base+"/staff/partnerships/glenmorven/expenses/"+id, nil); code != http.StatusForbidden {
		t.Errorf("the member opened the officers' page of her claim: status %d, want 403", code)
	}

	euan := s.as(t, "officer@glenmorven.example")
	list := euan.expensePage(s.base + "/staff/partnerships/glenmorven/expenses")
	waiting, decided, _ := strings.Cut(list, "Decided claims")
	showsAll(t, "the officer's claims to decide", waiting, ref, "Isla Morrison", "£43.43")
	officerPage := euan.expensePage(s.base + "/staff/partnerships/glenmorven/expenses/" + id)
	showsAll(t, "the officer's claim page", officerPage, "Isla Morrison", "bus-ticket.png", "Approve the claim for £43.43",
		`/staff/partnerships/glenmorven/expenses/`+id+`/receipts/`)
	if strings.Contains(decided, ref) {
		t.Error("the new claim is listed as decided")
	}

	code, loc, _ = euan.do("POST", s.base+"/staff/partnerships/glenmorven/expenses/"+id+"/approve", url.Values{})
	if code != http.StatusSeeOther {
		t.Fatalf("approving: status %d", code)
	}
	showsAll(t, "the approved claim", euan.expensePage(s.base+loc), "The claim has been approved", "Approved by", "Euan Fraser")
	if code, _, body := euan.do("POST", s.base+"/staff/partnerships/glenmorven/expenses/"+id+"/approve", url.Values{}); code != http.StatusConflict ||
		!strings.Contains(body, "already been decided") {
		t.Errorf("approving twice: status %d", code)
	}

	req, _ = http.NewRequest("GET", s.base+"/staff/partnerships/glenmorven/expenses/approved.csv", nil)
	resp, err = euan.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), `attachment; filename=glenmorven-approved-expenses-`) {
		t.Fatalf("export: status %d, %q, %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatalf("the export is not CSV: %v", err)
	}
	var ours [][]string
	for _, r := range rows {
		if r[0] == ref {
			ours = append(ours, r)
		}
	}
	if len(ours) != 3 {
		t.Fatalf("the export has %d rows for %s, want 3:\n%s", len(ours), ref, raw)
	}
	if want := []string{ref, "Isla Morrison", expenses.Today(time.Now()), "Euan Fraser", day, "Public transport", "'=Bus from Strathard", "", "6.80", "43.43"}; strings.Join(ours[1], "|") != strings.Join(want, "|") {
		t.Errorf("export row %q, want %q", ours[1], want)
	}
	if len(rows) != len(ours)+1+3 { // the header and the demo's approved claim of 3 lines
		t.Errorf("the export has %d rows, want %d", len(rows), len(ours)+4)
	}
	showsAll(t, "the member's claims after approval", isla.expensePage(mine), ref, "Approved")
}

// A bad amount gets a 422 with the error summary and the message at the
// field, keeps what was typed, and stores nothing.
func TestClaimWithBadAmountIsRefused(t *testing.T) {
	s := startExpensesSite(t)
	isla := s.as(t, "spg@glenmorven.example")
	claims, audits := tableRows(t, s.d, "expense_claims"), auditCount(t, s.d)
	day := expenses.Today(time.Now())
	code, _, body := isla.postWithFiles(s.base+"/staff/partnerships/glenmorven/my/claims", url.Values{
		"line-2-kind": {"public-transport"}, "line-2-date": {day}, "line-2-description": {"Train to Kilbrannan"}, "line-2-amount": {"12.345"},
		"line-3-kind": {"mileage"}, "line-3-date": {day}, "line-3-description": {"Drive"}, "line-3-quantity": {"ten"},
	}, claimFile{"receipts", "ticket.pdf", []byte("%PDF-1.4\n")})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422\n%s", code, body)
	}
	// The rows kept move up: the train is now item 1, the drive item 2.
	showsAll(t, "the refused claim", body, "<title>Error: ", "There is a problem", `href="#line-1-amount"`, `id="line-1-amount"`,
		"no more than 2 numbers after the decimal point", `href="#line-2-quantity"`, `value="Train to Kilbrannan"`, `value="12.345"`,
		"choose them again", `id="line-1-amount-error"`, `aria-describedby="line-1-amount-error"`, `aria-invalid="true"`)
	if strings.Index(body, `href="#line-1-amount"`) > strings.Index(body, `href="#line-2-quantity"`) {
		t.Error("the error summary is not in the order of the page")
	}
	if tableRows(t, s.d, "expense_claims") != claims || auditCount(t, s.d) != audits {
		t.Error("a refused claim was stored or audited")
	}

	// A fare without a ticket, and a file that is not a receipt.
	code, _, body = isla.postWithFiles(s.base+"/staff/partnerships/glenmorven/my/claims", url.Values{
		"line-1-kind": {"public-transport"}, "line-1-date": {day}, "line-1-description": {"Bus"}, "line-1-amount": {"3.20"},
	}, claimFile{"receipts", "ticket.pdf", []byte("<html>not a pdf</html>")})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#receipts"`) || !strings.Contains(body, "ticket.pdf is not a real PDF") {
		t.Errorf("a fake PDF: status %d", code)
	}
	// Nothing at all.
	code, _, body = isla.postWithFiles(s.base+"/staff/partnerships/glenmorven/my/claims", url.Values{})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Add at least one thing to claim for") {
		t.Errorf("an empty claim: status %d", code)
	}
	if tableRows(t, s.d, "expense_claims") != claims {
		t.Error("a refused claim was stored")
	}
}

// A rejection needs a reason, which the member then reads.
func TestRejectionNeedsAReason(t *testing.T) {
	s := startExpensesSite(t)
	ctx := context.Background()
	waiting, err := expenses.StoreFor(s.d, s.p, time.Now).Claims(ctx, expenses.Submitted)
	if err != nil || len(waiting) != 1 {
		t.Fatalf("the demo's claims waiting: %d, %v", len(waiting), err)
	}
	c := waiting[0]
	addr := fmt.Sprintf("%s/staff/partnerships/glenmorven/expenses/%d", s.base, c.ID)
	euan := s.as(t, "officer@glenmorven.example")
	audits := auditCount(t, s.d)
	code, _, body := euan.do("POST", addr+"/reject", url.Values{"reason": {"  "}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("rejecting without a reason: status %d", code)
	}
	showsAll(t, "the refused rejection", body, "There is a problem", `href="#reason"`, `id="reason"`, "Say why the claim is rejected")
	if auditCount(t, s.d) != audits {
		t.Error("a refused rejection was audited")
	}
	code, _, _ = euan.do("POST", addr+"/reject", url.Values{"reason": {"The bus ticket is for another day. Please claim again with the right ticket."}})
	if code != http.StatusSeeOther {
		t.Fatalf("rejecting: status %d", code)
	}
	isla := s.as(t, "spg@glenmorven.example")
	showsAll(t, "the member's claims", isla.expensePage(s.base+"/staff/partnerships/glenmorven/my/claims"), c.Reference(), "Rejected",
		"The bus ticket is for another day")
	showsAll(t, "the member's rejected claim", isla.expensePage(fmt.Sprintf("%s/staff/partnerships/glenmorven/my/claims/%d", s.base, c.ID)),
		"Rejected by", "Euan Fraser", "make a new claim")
}

// The policy: an officer publishes rates the public reads; a bad rate is
// refused and changes nothing.
func TestExpensesPolicy(t *testing.T) {
	s := startExpensesSite(t)
	anon := newClient(t)
	showsAll(t, "the public policy", anon.expensePage(s.base+"/partnerships/glenmorven/expenses"), "Expenses and allowances",
		"45p a mile", "£15.50 an hour", "£8.50 a day", "standard-class", "Claim within three months", "How to claim")

	euan := s.as(t, "officer@glenmorven.example")
	form := euan.expensePage(s.base + "/staff/partnerships/glenmorven/expenses/policy")
	showsAll(t, "the policy form", form, `value="45"`, `value="15.50"`, `value="8.50"`)
	audits := auditCount(t, s.d)
	code, _, body := euan.do("POST", s.base+"/staff/partnerships/glenmorven/expenses/policy", url.Values{
		"mileage": {"0.45"}, "public_transport": {""}, "care_cover": {"15.505"}, "meal": {"8.50"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("a bad policy: status %d", code)
	}
	showsAll(t, "the refused policy", body, "There is a problem", `href="#mileage"`, `href="#public_transport"`, `href="#care_cover"`,
		`value="15.505"`)
	if auditCount(t, s.d) != audits {
		t.Error("a refused policy was audited")
	}
	code, loc, _ := euan.do("POST", s.base+"/staff/partnerships/glenmorven/expenses/policy", url.Values{
		"mileage": {"50"}, "public_transport": {"Actual cost, with tickets"}, "care_cover": {""}, "meal": {"£9"}})
	if code != http.StatusSeeOther || loc != "/partnerships/glenmorven/expenses?done=policy-saved" {
		t.Fatalf("saving the policy: status %d, location %q", code, loc)
	}
	page := anon.expensePage(s.base + "/partnerships/glenmorven/expenses")
	showsAll(t, "the changed policy", page, "50p a mile", "£9.00 a day")
	if strings.Contains(page, "£15.50") {
		t.Error("care cover is still shown after it was removed from the policy")
	}
	// Care cover is no longer offered on the claim form.
	form = s.as(t, "spg@glenmorven.example").expensePage(s.base + "/staff/partnerships/glenmorven/my/claims/new")
	if strings.Contains(form, `value="care-cover"`) {
		t.Error("the claim form offers care cover, which the policy no longer pays")
	}
	// Another partnership has no policy yet and says so.
	showsAll(t, "a partnership without a policy", anon.expensePage(s.base+"/partnerships/highland/expenses"), "has not published its expenses policy")
}

// An account with no member record is told how to get one; nobody sees
// another member's claim or another partnership's claims.
func TestClaimsAreScoped(t *testing.T) {
	s := startExpensesSite(t)
	ctx := context.Background()
	admin := s.as(t, "admin@glenmorven.example")
	showsAll(t, "the claims page of an account with no member record", admin.expensePage(s.base+"/staff/partnerships/glenmorven/my/claims"),
		"not linked to a member record", "ask the planning team to link")
	if code, _, body := admin.postWithFiles(s.base+"/staff/partnerships/glenmorven/my/claims", url.Values{"line-1-kind": {"meal"}}); code != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "not linked to a member record") {
		t.Errorf("claiming without a member record: status %d", code)
	}

	theirs := partnershipBySlug(t, s.d, "highland")
	other := newTestClaim(t, s.d, theirs)
	isla := s.as(t, "spg@glenmorven.example")
	euan := s.as(t, "officer@glenmorven.example")
	for _, tc := range []struct {
		who  *client
		path string
	}{
		{euan, fmt.Sprintf("/staff/partnerships/glenmorven/expenses/%d", other.ID)},
		{euan, fmt.Sprintf("/staff/partnerships/glenmorven/expenses/%d/receipts/%d", other.ID, other.Receipts[0].ID)},
		{isla, fmt.Sprintf("/staff/partnerships/glenmorven/my/claims/%d", other.ID)},
		{isla, fmt.Sprintf("/staff/partnerships/glenmorven/my/claims/%d/receipts/%d", other.ID, other.Receipts[0].ID)},
		{euan, "/staff/partnerships/glenmorven/expenses/not-a-number"},
	} {
		if code, _, _ := tc.who.do("GET", s.base+tc.path, nil); code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", tc.path, code)
		}
	}
	if code, _, _ := euan.do("POST", fmt.Sprintf("%s/staff/partnerships/glenmorven/expenses/%d/approve", s.base, other.ID), url.Values{}); code != http.StatusNotFound {
		t.Errorf("approving another partnership's claim: status %d, want 404", code)
	}
	if got, _ := expenses.StoreFor(s.d, theirs, time.Now).ClaimByID(ctx, other.ID); got.Status != expenses.Submitted {
		t.Errorf("another partnership's claim was decided: %s", got.Status)
	}

	// Another member's claim in the same partnership is not found for Isla
	// either, while officers see it.
	otherMember := newTestClaim(t, s.d, s.p)
	if code, _, _ := isla.do("GET", fmt.Sprintf("%s/staff/partnerships/glenmorven/my/claims/%d", s.base, otherMember.ID), nil); code != http.StatusNotFound {
		t.Errorf("Isla opened another member's claim: status %d, want 404", code)
	}
	euan.expensePage(fmt.Sprintf("%s/staff/partnerships/glenmorven/expenses/%d", s.base, otherMember.ID))

	// The export refuses a date that is not a date, with the error on the
	// claims page.
	code, _, body := euan.do("GET", s.base+"/staff/partnerships/glenmorven/expenses/approved.csv?from=last+week", nil)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#from"`) {
		t.Errorf("an export from 'last week': status %d", code)
	}
}

func partnershipBySlug(t *testing.T, d *db.DB, slug string) partnership.Partnership {
	t.Helper()
	p, err := partnership.BySlug(context.Background(), d, slug)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func tableRows(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Too many receipts, or one too large, are refused in the claim form's own
// sentences, naming the file that is too large, and store nothing.
func TestReceiptLimits(t *testing.T) {
	s := startExpensesSite(t)
	isla := s.as(t, "spg@glenmorven.example")
	claims := tableRows(t, s.d, "expense_claims")
	form := url.Values{"line-1-kind": {"public-transport"}, "line-1-date": {expenses.Today(time.Now())}, "line-1-description": {"Bus"},
		"line-1-amount": {"3.20"}}
	var six []claimFile
	for range 6 {
		six = append(six, claimFile{"receipts", "ticket.pdf", []byte("%PDF-1.4\n")})
	}
	code, _, body := isla.postWithFiles(s.base+"/staff/partnerships/glenmorven/my/claims", form, six...)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Attach 5 receipts or fewer") || !strings.Contains(body, `value="Bus"`) {
		t.Errorf("six receipts: status %d", code)
	}
	big := append([]byte("%PDF-1.4\n"), make([]byte, expenses.MaxReceiptBytes)...)
	code, _, body = isla.postWithFiles(s.base+"/staff/partnerships/glenmorven/my/claims", form, claimFile{"receipts", "scan.pdf", big})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "The file scan.pdf is larger than 10 MB: choose a smaller photo or scan") {
		t.Errorf("a receipt over 10 MB: status %d", code)
	}
	if tableRows(t, s.d, "expense_claims") != claims {
		t.Error("a refused claim was stored")
	}
}
