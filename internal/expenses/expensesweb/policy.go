package expensesweb

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"coplan/internal/auth"
	"coplan/internal/expenses"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// policyPage is the public page of the expenses policy.
type policyPage struct {
	Policy    expenses.Policy
	HasPolicy bool
	CanEdit   bool
}

func (h *Handlers) policy(w http.ResponseWriter, r *http.Request) error {
	pol, err := h.store(r).Policy(r.Context())
	if err != nil && !errors.Is(err, expenses.ErrNoPolicy) {
		return err
	}
	return h.pages.OK(w, r, "expense-policy.html", kit.View{Title: "Expenses and allowances", Caption: caption(r), Nav: "home",
		Data: policyPage{pol, err == nil, kit.Can(r, auth.EditPlanning)}})
}

// policyFormPage is the policy form's content.
type policyFormPage struct{ New bool }

func (h *Handlers) policyForm(w http.ResponseWriter, r *http.Request) error {
	pol, err := h.store(r).Policy(r.Context())
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
	h.renderPolicyForm(w, r, http.StatusOK, err != nil, form, nil)
	return nil
}

func rateText(pence int) string {
	if pence == 0 {
		return ""
	}
	return expenses.PlainPounds(pence)
}

func (h *Handlers) renderPolicyForm(w http.ResponseWriter, r *http.Request, status int, isNew bool, form url.Values, errs valid.Errors) {
	title := "Change the expenses policy"
	if isNew {
		title = "Publish the expenses policy"
	}
	h.pages.Render(w, r, status, "expense-policy-form.html", kit.View{Title: title, Caption: caption(r), Nav: "staff",
		Errors: errs, Form: form, Data: policyFormPage{isNew}})
}

func (h *Handlers) savePolicy(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	st := h.store(r)
	pol, err := expenses.ParsePolicy(expenses.PolicyInput{Mileage: f.Get("mileage"), PublicTransport: f.Get("public_transport"),
		CareCover: f.Get("care_cover"), Meal: f.Get("meal"), Notes: f.Get("notes")})
	if err == nil {
		_, err = st.SavePolicy(r.Context(), pol, kit.Actor(r))
	}
	if errs, ok := valid.As(err); ok {
		_, had := st.Policy(r.Context())
		h.renderPolicyForm(w, r, http.StatusUnprocessableEntity, had != nil, f.Values, errs)
		return nil
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.PublicPath(kit.Current(r).Partnership.Slug, "expenses"), "policy-saved")
}
