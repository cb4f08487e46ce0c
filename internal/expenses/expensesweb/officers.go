package expensesweb

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"time"

	"coplan/internal/auth"
	"coplan/internal/expenses"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// claimsPage is the officers' list of claims.
type claimsPage struct {
	Waiting, Decided []expenses.Claim
	HasPolicy        bool
	CanEdit          bool
}

func (h *Handlers) claims(w http.ResponseWriter, r *http.Request) error {
	return h.renderClaims(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderClaims(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	st := h.store(r)
	var page claimsPage
	var err error
	if page.Waiting, err = st.Claims(r.Context(), expenses.Submitted); err != nil {
		return err
	}
	approved, err := st.Claims(r.Context(), expenses.Approved)
	if err != nil {
		return err
	}
	rejected, err := st.Claims(r.Context(), expenses.Rejected)
	if err != nil {
		return err
	}
	page.Decided = append(approved, rejected...)
	slices.SortStableFunc(page.Decided, func(a, b expenses.Claim) int { return b.DecidedAt.Compare(a.DecidedAt) })
	if page.HasPolicy, err = hasPolicy(r, st); err != nil {
		return err
	}
	page.CanEdit = kit.Can(r, auth.EditPlanning)
	h.pages.Render(w, r, status, "expense-claims.html", kit.View{Title: "Expense claims", Caption: caption(r), Nav: "staff",
		Errors: errs, Form: r.URL.Query(), Data: page})
	return nil
}

// approvedCSV sends the approved claims, or those approved between two
// dates, as a CSV file for finance.
func (h *Handlers) approvedCSV(w http.ResponseWriter, r *http.Request) error {
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
		return h.renderClaims(w, r, http.StatusUnprocessableEntity, errs)
	}
	claims, err := h.store(r).ApprovedClaims(r.Context(), from, to)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := expenses.WriteCSV(&buf, claims); err != nil {
		return err
	}
	name := fmt.Sprintf("%s-approved-expenses-%s.csv", kit.Current(r).Partnership.Slug, expenses.Today(h.k.Now()))
	hd := w.Header()
	hd.Set("Content-Type", "text/csv; charset=utf-8")
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	hd.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
	return nil
}

func (h *Handlers) claim(w http.ResponseWriter, r *http.Request) error {
	return h.renderClaim(w, r, http.StatusOK, nil)
}

// renderClaim shows the officers' page of the claim the address names.
func (h *Handlers) renderClaim(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	st := h.store(r)
	id, err := kit.PathID(r, "claim")
	if err != nil {
		return err
	}
	c, err := st.ClaimByID(r.Context(), id)
	if err != nil {
		return err
	}
	m, err := h.memberOf(r, st)
	if err != nil {
		return err
	}
	own := m != nil && m.ID == c.MemberID
	h.pages.Render(w, r, status, "expense-claim.html", kit.View{Title: "Claim " + c.Reference(), Caption: caption(r), Nav: "staff",
		Errors: errs, Form: r.PostForm,
		Data: claimPage{Claim: c, Path: claimsPath(r, c.ID), Officer: true, Own: own,
			CanDecide: !c.Decided() && !own && kit.Can(r, auth.EditPlanning)}})
	return nil
}

func (h *Handlers) approve(w http.ResponseWriter, r *http.Request) error { return h.decide(w, r, true) }

func (h *Handlers) reject(w http.ResponseWriter, r *http.Request) error { return h.decide(w, r, false) }

func (h *Handlers) decide(w http.ResponseWriter, r *http.Request, approve bool) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "claim")
	if err != nil {
		return err
	}
	st := h.store(r)
	done := "claim-approved"
	if approve {
		_, err = st.Approve(r.Context(), id, kit.Actor(r))
	} else {
		done = "claim-rejected"
		_, err = st.Reject(r.Context(), id, f.Get("reason"), kit.Actor(r))
	}
	switch {
	case errors.Is(err, expenses.ErrDecided):
		return kit.HTTPError{Status: http.StatusConflict, Message: err.Error()}
	case errors.Is(err, expenses.ErrOwnClaim):
		return kit.HTTPError{Status: http.StatusForbidden, Message: err.Error()}
	}
	if errs, ok := valid.As(err); ok {
		return h.renderClaim(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, claimsPath(r, id), done)
}

func (h *Handlers) claimReceipt(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r, "claim")
	if err != nil {
		return err
	}
	return sendReceipt(w, r, h.store(r), id)
}
