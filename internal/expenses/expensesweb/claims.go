package expensesweb

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"coplan/internal/expenses"
	"coplan/internal/files"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// memberOf returns the member record of the signed-in account in the
// partnership the address names, or nil if the account has none there.
func (h *Handlers) memberOf(r *http.Request, st *expenses.Store) (*expenses.Member, error) {
	m, err := st.MemberOfUser(r.Context(), kit.Current(r).User.ID)
	if errors.Is(err, valid.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// hasPolicy says whether the partnership has published its policy.
func hasPolicy(r *http.Request, st *expenses.Store) (bool, error) {
	_, err := st.Policy(r.Context())
	if errors.Is(err, expenses.ErrNoPolicy) {
		return false, nil
	}
	return err == nil, err
}

// myClaimsPage lists a member's own claims.
type myClaimsPage struct {
	Member    *expenses.Member
	Claims    []expenses.Claim
	HasPolicy bool
}

func (h *Handlers) myClaims(w http.ResponseWriter, r *http.Request) error {
	st := h.store(r)
	m, err := h.memberOf(r, st)
	if err != nil {
		return err
	}
	page := myClaimsPage{Member: m}
	if page.HasPolicy, err = hasPolicy(r, st); err != nil {
		return err
	}
	if m != nil {
		if page.Claims, err = st.ClaimsOfMember(r.Context(), m.ID); err != nil {
			return err
		}
	}
	return h.pages.OK(w, r, "expense-my-claims.html", kit.View{Title: "Your expense claims", Caption: caption(r), Nav: "staff", Data: page})
}

// formRows is how many rows the claim form offers: enough for a journey
// there and back, care cover and a meal.
const formRows = 4

// claimFormPage is the new claim form's content.
type claimFormPage struct {
	Member         *expenses.Member
	Policy         expenses.Policy
	HasPolicy      bool
	KindOptions    []kit.Option // "Choose", then each kind the policy pays for with its rate
	Meetings       []expenses.Meeting
	MeetingOptions []kit.Option // "Not for one meeting", then each meeting
	Rows           []claimRow
	ReceiptsHint   string
}

// claimRow is one row of the claim form: its number (from 1) and what was
// typed in it.
type claimRow struct {
	N  int
	In expenses.LineInput
}

// Field is the id and name of one of the row's inputs: "line-1-kind".
func (c claimRow) Field(name string) string { return expenses.LineField(c.N-1, name) }

// Kind is the chosen kind, for the row's select.
func (c claimRow) Kind() []string { return []string{c.In.Kind} }

func kindOptions(p expenses.Policy) []kit.Option {
	out := []kit.Option{{Value: "", Label: "Choose"}}
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
		out = append(out, kit.Option{Value: string(k), Label: label})
	}
	return out
}

func meetingOptions(ms []expenses.Meeting) []kit.Option {
	out := []kit.Option{{Value: "", Label: "Not for one meeting"}}
	for _, m := range ms {
		out = append(out, kit.Option{Value: strconv.FormatInt(m.ID, 10), Label: fmt.Sprintf("%s, %s (%s)", m.Title, kit.Date(m.StartsAt), m.Body)})
	}
	return out
}

// claimForm gathers what the claim form needs; rows are what was typed
// (nil for a new form), padded with empty rows.
func (h *Handlers) claimForm(r *http.Request, st *expenses.Store, rows []expenses.LineInput) (claimFormPage, error) {
	m, err := h.memberOf(r, st)
	if err != nil {
		return claimFormPage{}, err
	}
	page := claimFormPage{Member: m}
	page.Policy, err = st.Policy(r.Context())
	switch {
	case err == nil:
		page.HasPolicy = true
		page.KindOptions = kindOptions(page.Policy)
	case !errors.Is(err, expenses.ErrNoPolicy):
		return page, err
	}
	if page.Meetings, err = st.Meetings(r.Context()); err != nil {
		return page, err
	}
	page.MeetingOptions = meetingOptions(page.Meetings)
	for len(rows) < formRows {
		rows = append(rows, expenses.LineInput{})
	}
	for i, in := range rows {
		page.Rows = append(page.Rows, claimRow{i + 1, in})
	}
	return page, nil
}

func (h *Handlers) newClaimForm(w http.ResponseWriter, r *http.Request) error {
	page, err := h.claimForm(r, h.store(r), nil)
	if err != nil {
		return err
	}
	h.renderClaimForm(w, r, http.StatusOK, page, nil, nil)
	return nil
}

func (h *Handlers) renderClaimForm(w http.ResponseWriter, r *http.Request, status int, page claimFormPage, form url.Values, errs valid.Errors) {
	page.ReceiptsHint = fmt.Sprintf("Needed for public transport and other costs. Photos or scans as PDF, JPEG or PNG files, up to %d MB each; you can choose up to %d files.",
		files.Receipts.MaxMB(), expenses.MaxReceipts)
	if len(errs) > 0 {
		page.ReceiptsHint += " Files are not kept when there is a problem with the form, so choose them again."
	}
	h.pages.Render(w, r, status, "expense-claim-form.html", kit.View{Title: "Claim expenses", Caption: caption(r), Nav: "staff",
		Errors: errs, Form: form, Data: page})
}

func (h *Handlers) submitClaim(w http.ResponseWriter, r *http.Request) error {
	st := h.store(r)
	f, uploads, err := kit.ReadUploads(w, r, expenses.ReceiptField, files.Receipts, expenses.MaxReceipts)
	var errs valid.Errors // the meeting's and the receipts'
	if ue, ok := valid.As(err); ok {
		if len(f.Values) == 0 {
			// Too much to read at all: nothing of the form is left.
			page, err := h.claimForm(r, st, nil)
			if err != nil {
				return err
			}
			h.renderClaimForm(w, r, http.StatusRequestEntityTooLarge, page, nil, valid.Errors{{Field: expenses.ReceiptField,
				Message: fmt.Sprintf("The files you attached are too large together: attach up to %d files of up to %d MB each, and fill in the form again",
					expenses.MaxReceipts, files.Receipts.MaxMB())}})
			return nil
		}
		errs = receiptLimit(r, ue) // too many files, or one too large; the rest of the form was read
	} else if err != nil {
		return err
	}

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
	page, err := h.claimForm(r, st, rows)
	if err != nil {
		return err
	}
	// The page's own explanation says what to do without a member record
	// or a policy; 422 because nothing could be claimed.
	if page.Member == nil || !page.HasPolicy {
		h.renderClaimForm(w, r, http.StatusUnprocessableEntity, page, f.Values, nil)
		return nil
	}

	var receipts []expenses.Receipt
	for _, u := range uploads {
		rc, err := expenses.CheckReceipt(u)
		if ce, ok := valid.As(err); ok {
			if errs.For(expenses.ReceiptField) == "" {
				errs = append(errs, ce...)
			}
			continue
		} else if err != nil {
			return err
		}
		receipts = append(receipts, rc)
	}
	var meetingID int64
	if v := f.Get("meeting"); v != "" {
		if meetingID, err = strconv.ParseInt(v, 10, 64); err != nil || !slices.ContainsFunc(page.Meetings, func(m expenses.Meeting) bool { return m.ID == meetingID }) {
			errs.Add("meeting", "Select a meeting from the list, or no meeting")
		}
	}
	claim, err := expenses.NewClaim(page.Policy, page.Member.ID, meetingID, rows, receipts, expenses.Today(h.k.Now()))
	if ce, ok := valid.As(err); ok {
		errs = merge(errs, ce)
	} else if err != nil {
		return err
	}
	if len(errs) == 0 {
		claim, err = st.Submit(r.Context(), claim, kit.Actor(r))
		if ce, ok := valid.As(err); ok {
			errs = ce
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		h.renderClaimForm(w, r, http.StatusUnprocessableEntity, page, f.Values, errs)
		return nil
	}
	return kit.SeeOther(w, r, myClaimsPath(r, claim.ID), "claim-submitted")
}

// receiptLimit says which limit on receipts the form passed in the
// sentences the claim form has always used, naming the file too large:
// kit.ReadUploads says only "too large" or "too many" (errs).
func receiptLimit(r *http.Request, errs valid.Errors) valid.Errors {
	if r.MultipartForm == nil {
		return errs
	}
	n := 0
	for _, fh := range r.MultipartForm.File[expenses.ReceiptField] {
		if fh.Size > int64(files.Receipts.Max) {
			errs, _ = valid.As(expenses.TooLarge(fh.Filename))
			return errs
		}
		if fh.Filename != "" || fh.Size > 0 {
			n++
		}
	}
	if n > expenses.MaxReceipts {
		errs, _ = valid.As(expenses.TooManyReceipts())
	}
	return errs
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
		if e.Field == expenses.ReceiptField && a.For(expenses.ReceiptField) != "" {
			continue
		}
		out.Add(e.Field, e.Message)
	}
	if m := a.For(expenses.ReceiptField); m != "" {
		out.Add(expenses.ReceiptField, m)
	}
	return out
}

// claimPage is one claim, for its member or for officers.
type claimPage struct {
	Claim     expenses.Claim
	Path      string // the claim's address; receipts are under it
	Officer   bool   // the officers' page (else the member's own)
	CanDecide bool   // the claim waits and this officer may decide it
	Own       bool   // the signed-in account made the claim
}

// myOwnClaim reads the claim the address names if it is the signed-in
// member's; anyone else's claim is not found.
func (h *Handlers) myOwnClaim(r *http.Request, st *expenses.Store) (expenses.Claim, error) {
	id, err := kit.PathID(r, "claim")
	if err != nil {
		return expenses.Claim{}, err
	}
	m, err := h.memberOf(r, st)
	if err != nil {
		return expenses.Claim{}, err
	}
	if m == nil {
		return expenses.Claim{}, valid.ErrNotFound
	}
	c, err := st.ClaimByID(r.Context(), id)
	if err != nil {
		return c, err
	}
	if c.MemberID != m.ID {
		return c, valid.ErrNotFound
	}
	return c, nil
}

func (h *Handlers) myClaim(w http.ResponseWriter, r *http.Request) error {
	c, err := h.myOwnClaim(r, h.store(r))
	if err != nil {
		return err
	}
	return h.pages.OK(w, r, "expense-claim.html", kit.View{Title: "Claim " + c.Reference(), Caption: caption(r), Nav: "staff",
		Data: claimPage{Claim: c, Path: myClaimsPath(r, c.ID), Own: true}})
}

func (h *Handlers) myReceipt(w http.ResponseWriter, r *http.Request) error {
	st := h.store(r)
	c, err := h.myOwnClaim(r, st)
	if err != nil {
		return err
	}
	return sendReceipt(w, r, st, c.ID)
}

// sendReceipt sends one of claim claimID's receipts as a download
// (kit.SendStoredFile): never shown inline, since the file came from
// outside.
func sendReceipt(w http.ResponseWriter, r *http.Request, st *expenses.Store, claimID int64) error {
	rid, err := kit.PathID(r, "receipt")
	if err != nil {
		return err
	}
	rc, err := st.ReceiptByID(r.Context(), claimID, rid)
	if err != nil {
		return err
	}
	return kit.SendStoredFile(w, r, rc.Filename, rc.ContentType, rc.Content)
}
