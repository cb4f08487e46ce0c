package partnershipweb

import (
	"net/http"

	"coplan/internal/auth"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

type accountsPage struct {
	Accounts []auth.User
}

// RoleOptions are the roles a partnership's administrator may give: a
// scrutiny account belongs to no partnership, and only an instance
// administrator creates one.
func (accountsPage) RoleOptions() []kit.Option {
	var out []kit.Option
	for _, r := range []auth.Role{auth.Administrator, auth.Officer, auth.SPGMember, auth.BoardMember} {
		out = append(out, kit.Option{Value: string(r), Label: r.Name()})
	}
	return out
}

// accounts lists the partnership's staff accounts, with the form to create
// one.
func (h *Handlers) accounts(w http.ResponseWriter, r *http.Request) error {
	return h.renderAccounts(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderAccounts(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	us, err := auth.Users(r.Context(), h.k.DB, p.ID)
	if err != nil {
		return err
	}
	h.pages.Render(w, r, status, "accounts.html", kit.View{Title: "Staff accounts", Caption: p.Name, Nav: "staff",
		Errors: errs, Form: r.PostForm, Data: accountsPage{us}})
	return nil
}

func (h *Handlers) createAccount(w http.ResponseWriter, r *http.Request) error {
	form, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	role := auth.Role(form.Get("role"))
	if role == auth.Scrutiny {
		role = "" // scrutiny accounts belong to no partnership; an instance administrator creates them
	}
	_, err = auth.CreateUser(r.Context(), h.k.DB, auth.User{PartnershipID: p.ID, Email: form.Get("email"),
		Name: form.Get("name"), Role: role}, form.Get("password"), kit.Actor(r), h.k.Now())
	if errs, ok := valid.As(err); ok {
		r.PostForm.Del("password")
		return h.renderAccounts(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(p.Slug, "accounts"), "account-created")
}
