package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"coplan/internal/auth"
	"coplan/internal/expenses"
	"coplan/internal/governance"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// expenseRoutes are the pages of the expenses policy and members' claims.
//
// Who may do what:
//   - anyone reads a partnership's published policy;
//   - planning officers and administrators publish it, decide claims and
//     download the approved claims for finance; scrutiny reads claims;
//   - any account of the partnership has "my claims" pages: those linked to
//     a member record (governance.Store.MemberByUser) claim and see only their
//     own claims and receipts; others are told how to get linked.
//
// A member downloads their own receipts through their own claim's address
// (my/claims/{claim}/receipts/{receipt}); the officers' address for
// receipts needs ReadPlanning. So each address has one permission, and a
// member's access is decided by the claim being theirs, not by a second
// rule on the officers' route.
func (s *Server) expenseRoutes() []Route {
	e := expenseErrors
	return []Route{
		{Pattern: "GET /partnerships/{slug}/expenses", Perm: auth.Public, Handle: e(s.expensePolicy)},
		{Pattern: "GET /staff/partnerships/{slug}/expenses/policy", Perm: auth.EditPlanning, Handle: e(s.expensePolicyForm)},
		{Pattern: "POST /staff/partnerships/{slug}/expenses/policy", Perm: auth.EditPlanning, Handle: e(s.saveExpensePolicy)},

		{Pattern: "GET /staff/partnerships/{slug}/my/claims", Perm: auth.OwnPartnership, Handle: e(s.myClaims)},
		{Pattern: "GET /staff/partnerships/{slug}/my/claims/new", Perm: auth.OwnPartnership, Handle: e(s.newClaimForm)},
		{Pattern: "POST /staff/partnerships/{slug}/my/claims", Perm: auth.OwnPartnership, Handle: e(s.submitClaim)},
		{Pattern: "GET /staff/partnerships/{slug}/my/claims/{claim}", Perm: auth.OwnPartnership, Handle: e(s.myClaim)},
		{Pattern: "GET /staff/partnerships/{slug}/my/claims/{claim}/receipts/{receipt}", Perm: auth.OwnPartnership, Handle: e(s.myReceipt)},

		{Pattern: "GET /staff/partnerships/{slug}/expenses", Perm: auth.ReadPlanning, Handle: e(s.expenseClaims)},
		{Pattern: "GET /staff/partnerships/{slug}/expenses/approved.csv", Perm: auth.ReadPlanning, Handle: e(s.approvedCSV)},
		{Pattern: "GET /staff/partnerships/{slug}/expenses/{claim}", Perm: auth.ReadPlanning, Handle: e(s.expenseClaim)},
		{Pattern: "POST /staff/partnerships/{slug}/expenses/{claim}/approve", Perm: auth.EditPlanning, Handle: e(s.approveClaim)},
		{Pattern: "POST /staff/partnerships/{slug}/expenses/{claim}/reject", Perm: auth.EditPlanning, Handle: e(s.rejectClaim)},
		{Pattern: "GET /staff/partnerships/{slug}/expenses/{claim}/receipts/{receipt}", Perm: auth.ReadPlanning, Handle: e(s.claimReceipt)},
	}
}

// expenseErrors turns the expenses and governance packages' "not found"
// into the 404 page.
func expenseErrors(h func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		err := h(w, r)
		if errors.Is(err, expenses.ErrNotFound) || errors.Is(err, valid.ErrNotFound) {
			return errNotFound
		}
		return err
	}
}

// expensesPath is the address of the officers' claims page.
func expensesPath(p *partnership.Partnership) string {
	return "/staff/partnerships/" + p.Slug + "/expenses"
}

// myClaimsPath is the address of a member's own claims.
func myClaimsPath(p *partnership.Partnership) string {
	return "/staff/partnerships/" + p.Slug + "/my/claims"
}

// policyPage is the public page of the expenses policy.
type policyPage struct {
	Policy    expenses.Policy
	HasPolicy bool
	CanEdit   bool
}

func (s *Server) expensePolicy(w http.ResponseWriter, r *http.Request) error {
	rq := current(r)
	pol, err := expenses.PolicyOf(r.Context(), s.db, rq.Partnership.ID)
	if err != nil && !errors.Is(err, expenses.ErrNoPolicy) {
		return err
	}
	s.render(w, r, http.StatusOK, "expense-policy.html", view{Title: "Expenses and allowances", Caption: rq.Partnership.Name, Nav: "home",
		Data: policyPage{pol, err == nil, auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID)}})
	return nil
}

// policyFormPage is the policy form's content.
type policyFormPage struct{ New bool }

func (s *Server) expensePolicyForm(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	pol, err := expenses.PolicyOf(r.Context(), s.db, p.ID)
	if err != nil && !errors.Is(err, expenses.ErrNoPolicy) {
		return err
	}
	form := url.Values{}
	if err == nil {
		form.Set("mileage", strconv.Itoa(pol.MileagePencePerMile))
		form.Set("public_transport", pol.PublicTransport)
		form.Set("care_cover", rateText(pol.CareCoverPencePerHour))
		form.Set("meal", rateText(pol.MealAllowancePence))
		form.Set("notes", pol.Notes)
	}
	return s.renderPolicyForm(w, r, http.StatusOK, err != nil, form, nil)
}

func rateText(pence int) string {
	if pence == 0 {
		return ""
	}
	return expenses.PlainPounds(pence)
}

func (s *Server) renderPolicyForm(w http.ResponseWriter, r *http.Request, status int, isNew bool, form url.Values, errs valid.Errors) error {
	title := "Change the expenses policy"
	if isNew {
		title = "Publish the expenses policy"
	}
	s.render(w, r, status, "expense-policy-form.html", view{Title: title, Caption: current(r).Partnership.Name, Nav: "staff",
		Errors: errs, Form: form, Data: policyFormPage{isNew}})
	return nil
}

func (s *Server) saveExpensePolicy(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := current(r).Partnership
	f := r.PostForm
	pol, err := expenses.ParsePolicy(expenses.PolicyInput{Mileage: f.Get("mileage"), PublicTransport: f.Get("public_transport"),
		CareCover: f.Get("care_cover"), Meal: f.Get("meal"), Notes: f.Get("notes")})
	if err == nil {
		_, err = expenses.SavePolicy(r.Context(), s.db, p.ID, pol, actor(r), s.now())
	}
	if errs, ok := valid.As(err); ok {
		_, had := expenses.PolicyOf(r.Context(), s.db, p.ID)
		return s.renderPolicyForm(w, r, http.StatusUnprocessableEntity, had != nil, f, errs)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, "/partnerships/"+p.Slug+"/expenses", "policy-saved")
}

// memberOf returns the member record of the signed-in account in the
// partnership the address names, or nil if the account has none there.
func (s *Server) memberOf(r *http.Request) (*governance.Member, error) {
	rq := current(r)
	m, err := governance.StoreFor(s.db, *rq.Partnership, s.now).MemberByUser(r.Context(), rq.User.ID)
	if errors.Is(err, valid.ErrNotFound) || err == nil && m.PartnershipID != rq.Partnership.ID {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// myClaimsPage lists a member's own claims.
type myClaimsPage struct {
	Member    *governance.Member
	Claims    []expenses.Claim
	HasPolicy bool
}

func (s *Server) myClaims(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	m, err := s.memberOf(r)
	if err != nil {
		return err
	}
	page := myClaimsPage{Member: m}
	if _, err := expenses.PolicyOf(r.Context(), s.db, p.ID); err == nil {
		page.HasPolicy = true
	} else if !errors.Is(err, expenses.ErrNoPolicy) {
		return err
	}
	if m != nil {
		if page.Claims, err = expenses.ClaimsOfMember(r.Context(), s.db, p.ID, m.ID); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "expense-my-claims.html", view{Title: "Your expense claims", Caption: p.Name, Nav: "staff", Data: page})
	return nil
}

// formRows is how many rows the claim form offers: enough for a journey
// there and back, care cover and a meal.
const formRows = 4

// claimFormPage is the new claim form's content.
type claimFormPage struct {
	Member    *governance.Member
	Policy    expenses.Policy
	HasPolicy bool
	Kinds     []kindChoice
	Meetings  []expenses.Meeting
	Rows      []claimRow
}

type kindChoice struct {
	Kind  expenses.Kind
	Label string // "Mileage: 45p a mile"
}

// claimRow is one row of the claim form: its number (from 1) and what was
// typed in it.
type claimRow struct {
	N  int
	In expenses.LineInput
}

// Field is the id and name of one of the row's inputs: "line-1-kind".
func (c claimRow) Field(name string) string { return expenses.LineField(c.N-1, name) }

func kindChoices(p expenses.Policy) []kindChoice {
	var out []kindChoice
	for _, k := range expenses.Kinds {
		if !p.Covers(k) {
			continue
		}
		label := k.Name()
		switch k {
		case expenses.Mileage:
			label += ": " + p.Mileage()
		case expenses.CareCover:
			label += ": " + p.CareCover()
		case expenses.Meal:
			label += ": " + p.Meal()
		case expenses.PublicTransport, expenses.OtherCost:
			label += ": what you paid"
		}
		out = append(out, kindChoice{k, label})
	}
	return out
}

// claimForm gathers what the claim form needs; rows are what was typed
// (nil for a new form), padded with empty rows.
func (s *Server) claimForm(r *http.Request, rows []expenses.LineInput) (claimFormPage, error) {
	p := current(r).Partnership
	m, err := s.memberOf(r)
	if err != nil {
		return claimFormPage{}, err
	}
	page := claimFormPage{Member: m}
	page.Policy, err = expenses.PolicyOf(r.Context(), s.db, p.ID)
	switch {
	case err == nil:
		page.HasPolicy = true
		page.Kinds = kindChoices(page.Policy)
	case !errors.Is(err, expenses.ErrNoPolicy):
		return page, err
	}
	if page.Meetings, err = expenses.Meetings(r.Context(), s.db, p.ID, s.now().Add(24*time.Hour)); err != nil {
		return page, err
	}
	for len(rows) < formRows {
		rows = append(rows, expenses.LineInput{})
	}
	for i, in := range rows {
		page.Rows = append(page.Rows, claimRow{i + 1, in})
	}
	return page, nil
}

func (s *Server) newClaimForm(w http.ResponseWriter, r *http.Request) error {
	page, err := s.claimForm(r, nil)
	if err != nil {
		return err
	}
	return s.renderClaimForm(w, r, http.StatusOK, page, nil, nil)
}

func (s *Server) renderClaimForm(w http.ResponseWriter, r *http.Request, status int, page claimFormPage, form url.Values, errs valid.Errors) error {
	s.render(w, r, status, "expense-claim-form.html", view{Title: "Claim expenses", Caption: current(r).Partnership.Name, Nav: "staff",
		Errors: errs, Form: form, Data: page})
	return nil
}

// maxClaimBody is the most a claim form may send: its receipts and a
// little for the rest.
const maxClaimBody = expenses.MaxReceipts*expenses.MaxReceiptBytes + 1<<20

func (s *Server) submitClaim(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	r.Body = http.MaxBytesReader(w, r.Body, maxClaimBody)
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooBig *http.MaxBytesError
		if !errors.As(err, &tooBig) {
			return httpError{Status: http.StatusBadRequest, Message: "The form could not be read. Go back and try again."}
		}
		page, err := s.claimForm(r, nil)
		if err != nil {
			return err
		}
		return s.renderClaimForm(w, r, http.StatusRequestEntityTooLarge, page, nil, valid.Errors{{Field: "receipts",
			Message: fmt.Sprintf("The files you attached are too large together: attach up to %d files of up to 10 MB each, and fill in the form again", expenses.MaxReceipts)}})
	}
	f := r.PostForm

	// Read the rows the member filled in, in order, dropping blank ones.
	var rows []expenses.LineInput
	for i := 0; i < expenses.MaxLines; i++ {
		in := expenses.LineInput{Kind: f.Get(expenses.LineField(i, "kind")), OnDate: f.Get(expenses.LineField(i, "date")),
			Description: f.Get(expenses.LineField(i, "description")), Quantity: f.Get(expenses.LineField(i, "quantity")),
			Amount: f.Get(expenses.LineField(i, "amount"))}
		if !in.Blank() {
			rows = append(rows, in)
		}
	}
	page, err := s.claimForm(r, rows)
	if err != nil {
		return err
	}
	// The page's own explanation says what to do without a member record
	// or a policy; 422 because nothing could be claimed.
	if page.Member == nil || !page.HasPolicy {
		return s.renderClaimForm(w, r, http.StatusUnprocessableEntity, page, f, nil)
	}

	var errs valid.Errors
	var receipts []expenses.Receipt
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["receipts"] {
			rc, err := readReceipt(fh)
			if err != nil {
				if errs.For("receipts") == "" {
					errs.Add("receipts", err.Error())
				}
				continue
			}
			receipts = append(receipts, rc)
		}
	}
	var meetingID int64
	if v := f.Get("meeting"); v != "" {
		if meetingID, err = strconv.ParseInt(v, 10, 64); err != nil || !slices.ContainsFunc(page.Meetings, func(m expenses.Meeting) bool { return m.ID == meetingID }) {
			errs.Add("meeting", "Select a meeting from the list, or no meeting")
		}
	}
	claim, err := expenses.NewClaim(page.Policy, page.Member.ID, meetingID, rows, receipts, expenses.Today(s.now()))
	if ce, ok := valid.As(err); ok {
		errs = merge(errs, ce)
	} else if err != nil {
		return err
	}
	if len(errs) == 0 {
		claim, err = expenses.Submit(r.Context(), s.db, p.ID, claim, actor(r), s.now())
		if ce, ok := valid.As(err); ok {
			errs = ce
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderClaimForm(w, r, http.StatusUnprocessableEntity, page, f, errs)
	}
	return seeOther(w, r, fmt.Sprintf("%s/%d", myClaimsPath(p), claim.ID), "claim-submitted")
}

// merge adds b's errors to a, keeping one per field, in page order: the
// meeting first, then b's (which NewClaim sorts down the page), receipts
// last.
func merge(a, b valid.Errors) valid.Errors {
	var out valid.Errors
	if m := a.For("meeting"); m != "" {
		out.Add("meeting", m)
	}
	for _, e := range b {
		if e.Field == "receipts" && a.For("receipts") != "" {
			continue
		}
		out.Add(e.Field, e.Message)
	}
	if m := a.For("receipts"); m != "" {
		out.Add("receipts", m)
	}
	return out
}

// readReceipt reads one uploaded file and checks it is a receipt coplan
// accepts, without reading more than the size limit.
func readReceipt(fh *multipart.FileHeader) (expenses.Receipt, error) {
	name := fh.Filename
	if fh.Size > expenses.MaxReceiptBytes {
		return expenses.Receipt{}, expenses.TooLarge(name)
	}
	fl, err := fh.Open()
	if err != nil {
		return expenses.Receipt{}, fmt.Errorf("The file %s could not be read: choose it again", name)
	}
	defer fl.Close()
	content, err := io.ReadAll(io.LimitReader(fl, expenses.MaxReceiptBytes+1))
	if err != nil {
		return expenses.Receipt{}, fmt.Errorf("The file %s could not be read: choose it again", name)
	}
	return expenses.CheckReceipt(name, content)
}

// claimPage is one claim, for its member or for officers.
type claimPage struct {
	Claim     expenses.Claim
	Path      string // the claim's address; receipts are under it
	Officer   bool   // the officers' page (else the member's own)
	CanDecide bool   // the claim waits and this officer may decide it
	Own       bool   // the signed-in account made the claim
}

func claimID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("claim"), 10, 64)
	if err != nil {
		return 0, errNotFound
	}
	return id, nil
}

// myOwnClaim reads the claim the address names if it is the signed-in
// member's; anyone else's claim is not found.
func (s *Server) myOwnClaim(r *http.Request) (expenses.Claim, error) {
	p := current(r).Partnership
	id, err := claimID(r)
	if err != nil {
		return expenses.Claim{}, err
	}
	m, err := s.memberOf(r)
	if err != nil {
		return expenses.Claim{}, err
	}
	if m == nil {
		return expenses.Claim{}, errNotFound
	}
	c, err := expenses.ClaimByID(r.Context(), s.db, p.ID, id)
	if err != nil {
		return c, err
	}
	if c.MemberID != m.ID {
		return c, errNotFound
	}
	return c, nil
}

func (s *Server) myClaim(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	c, err := s.myOwnClaim(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "expense-claim.html", view{Title: "Claim " + c.Reference(), Caption: p.Name, Nav: "staff",
		Data: claimPage{Claim: c, Path: fmt.Sprintf("%s/%d", myClaimsPath(p), c.ID), Own: true}})
	return nil
}

func (s *Server) myReceipt(w http.ResponseWriter, r *http.Request) error {
	c, err := s.myOwnClaim(r)
	if err != nil {
		return err
	}
	return s.serveReceipt(w, r, c)
}

// claimsPage is the officers' list of claims.
type claimsPage struct {
	Waiting, Decided []expenses.Claim
	HasPolicy        bool
	CanEdit          bool
}

func (s *Server) expenseClaims(w http.ResponseWriter, r *http.Request) error {
	return s.renderClaims(w, r, http.StatusOK, nil)
}

func (s *Server) renderClaims(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	rq := current(r)
	p := rq.Partnership
	var page claimsPage
	var err error
	if page.Waiting, err = expenses.Claims(r.Context(), s.db, p.ID, expenses.Submitted); err != nil {
		return err
	}
	approved, err := expenses.Claims(r.Context(), s.db, p.ID, expenses.Approved)
	if err != nil {
		return err
	}
	rejected, err := expenses.Claims(r.Context(), s.db, p.ID, expenses.Rejected)
	if err != nil {
		return err
	}
	page.Decided = append(approved, rejected...)
	slices.SortStableFunc(page.Decided, func(a, b expenses.Claim) int { return b.DecidedAt.Compare(a.DecidedAt) })
	if _, err := expenses.PolicyOf(r.Context(), s.db, p.ID); err == nil {
		page.HasPolicy = true
	} else if !errors.Is(err, expenses.ErrNoPolicy) {
		return err
	}
	page.CanEdit = auth.Can(rq.User, auth.EditPlanning, p.ID)
	s.render(w, r, status, "expense-claims.html", view{Title: "Expense claims", Caption: p.Name, Nav: "staff",
		Errors: errs, Form: r.URL.Query(), Data: page})
	return nil
}

// approvedCSV sends the approved claims, or those approved between two
// dates, as a CSV file for finance.
func (s *Server) approvedCSV(w http.ResponseWriter, r *http.Request) error {
	p := current(r).Partnership
	q := r.URL.Query()
	var errs valid.Errors
	var from, to time.Time
	if v := q.Get("from"); v != "" {
		var ok bool
		if from, ok = expenses.StartOfDay(v); !ok {
			errs.Add("from", "Enter the first date as a real date, like 2026-04-01, or leave it empty")
		}
	}
	if v := q.Get("to"); v != "" {
		day, ok := expenses.StartOfDay(v)
		if !ok {
			errs.Add("to", "Enter the last date as a real date, like 2026-04-30, or leave it empty")
		}
		to = day.AddDate(0, 0, 1)
	}
	if len(errs) == 0 && !from.IsZero() && !to.IsZero() && !from.Before(to) {
		errs.Add("to", "Enter a last date that is the same as or after the first date")
	}
	if len(errs) > 0 {
		return s.renderClaims(w, r, http.StatusUnprocessableEntity, errs)
	}
	claims, err := expenses.ApprovedClaims(r.Context(), s.db, p.ID, from, to)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := expenses.WriteCSV(&buf, claims); err != nil {
		return err
	}
	name := fmt.Sprintf("%s-approved-expenses-%s.csv", p.Slug, expenses.Today(s.now()))
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
	return nil
}

func (s *Server) expenseClaim(w http.ResponseWriter, r *http.Request) error {
	return s.renderClaim(w, r, http.StatusOK, nil)
}

// renderClaim shows the officers' page of the claim the address names.
func (s *Server) renderClaim(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	rq := current(r)
	p := rq.Partnership
	id, err := claimID(r)
	if err != nil {
		return err
	}
	c, err := expenses.ClaimByID(r.Context(), s.db, p.ID, id)
	if err != nil {
		return err
	}
	m, err := s.memberOf(r)
	if err != nil {
		return err
	}
	own := m != nil && m.ID == c.MemberID
	s.render(w, r, status, "expense-claim.html", view{Title: "Claim " + c.Reference(), Caption: p.Name, Nav: "staff",
		Errors: errs, Form: r.PostForm,
		Data: claimPage{Claim: c, Path: fmt.Sprintf("%s/%d", expensesPath(p), c.ID), Officer: true, Own: own,
			CanDecide: !c.Decided() && !own && auth.Can(rq.User, auth.EditPlanning, p.ID)}})
	return nil
}

func (s *Server) approveClaim(w http.ResponseWriter, r *http.Request) error {
	return s.decideClaim(w, r, true)
}

func (s *Server) rejectClaim(w http.ResponseWriter, r *http.Request) error {
	return s.decideClaim(w, r, false)
}

func (s *Server) decideClaim(w http.ResponseWriter, r *http.Request, approve bool) error {
	if err := r.ParseForm(); err != nil {
		return httpError{Status: http.StatusBadRequest, Message: "The form could not be read."}
	}
	p := current(r).Partnership
	id, err := claimID(r)
	if err != nil {
		return err
	}
	done := "claim-approved"
	if approve {
		_, err = expenses.Approve(r.Context(), s.db, p.ID, id, actor(r), s.now())
	} else {
		done = "claim-rejected"
		_, err = expenses.Reject(r.Context(), s.db, p.ID, id, r.PostForm.Get("reason"), actor(r), s.now())
	}
	switch {
	case errors.Is(err, expenses.ErrDecided):
		return httpError{Status: http.StatusConflict, Message: err.Error()}
	case errors.Is(err, expenses.ErrOwnClaim):
		return httpError{Status: http.StatusForbidden, Message: err.Error()}
	}
	if errs, ok := valid.As(err); ok {
		return s.renderClaim(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("%s/%d", expensesPath(p), id), done)
}

func (s *Server) claimReceipt(w http.ResponseWriter, r *http.Request) error {
	id, err := claimID(r)
	if err != nil {
		return err
	}
	c, err := expenses.ClaimByID(r.Context(), s.db, current(r).Partnership.ID, id)
	if err != nil {
		return err
	}
	return s.serveReceipt(w, r, c)
}

// serveReceipt sends one of claim c's receipts as a download. It is never
// shown inline: the file came from outside, so it is sent as an
// attachment, sandboxed, with the type coplan sniffed when it was uploaded.
func (s *Server) serveReceipt(w http.ResponseWriter, r *http.Request, c expenses.Claim) error {
	rid, err := strconv.ParseInt(r.PathValue("receipt"), 10, 64)
	if err != nil {
		return errNotFound
	}
	rc, err := expenses.ReceiptByID(r.Context(), s.db, c.PartnershipID, c.ID, rid)
	if err != nil {
		return err
	}
	return sendStoredFile(w, r, rc.Filename, rc.ContentType, rc.Content)
}
