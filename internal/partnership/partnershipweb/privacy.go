package partnershipweb

import (
	"net/http"
	"net/url"

	"coplan/internal/partnership"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

// privacyPage is a partnership's privacy notice as the public reads it.
type privacyPage struct {
	Notice partnership.Notice
}

// publicPrivacy is the partnership's privacy notice, which every form that
// collects personal details links to (issue 10, item 13).
func (h *Handlers) publicPrivacy(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	n, err := h.store(r).PrivacyNotice(r.Context())
	if err != nil {
		return err
	}
	return h.pages.OK(w, r, "privacy.html", kit.View{Title: "Privacy notice", Caption: p.Name + " Health and Social Care Partnership",
		Nav: "home", Data: privacyPage{n}})
}

// sitePrivacy is the service's own privacy notice: what coplan is, whose
// information it holds for whom, and a link to each partnership's notice.
func (h *Handlers) sitePrivacy(w http.ResponseWriter, r *http.Request) error {
	ps, err := h.k.Partnerships.List(r.Context())
	if err != nil {
		return err
	}
	return h.pages.OK(w, r, "site-privacy.html", kit.View{Title: "Privacy", Nav: "home", Data: ps})
}

// privacyForm is where staff set the partnership's own notice, starting
// from the one in force.
func (h *Handlers) privacyForm(w http.ResponseWriter, r *http.Request) error {
	n, err := h.store(r).PrivacyNotice(r.Context())
	if err != nil {
		return err
	}
	return h.renderPrivacyForm(w, r, http.StatusOK, n, url.Values{"notice": {n.Text}}, nil)
}

func (h *Handlers) renderPrivacyForm(w http.ResponseWriter, r *http.Request, status int, n partnership.Notice, form url.Values, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	h.pages.Render(w, r, status, "privacy-form.html", kit.View{Title: "Privacy notice", Caption: p.Name, Nav: "staff",
		Errors: errs, Form: form, Data: privacyPage{n}})
	return nil
}

// setPrivacy stores the partnership's own notice; "Use the standard notice"
// goes back to partnership.DefaultPrivacyNotice.
func (h *Handlers) setPrivacy(w http.ResponseWriter, r *http.Request) error {
	form, err := kit.ParseForm(w, r, kit.Allow("notice", partnership.MaxNoticeChars))
	if err == nil {
		text := form.Get("notice")
		if form.Get("action") == "standard" {
			text = ""
		}
		err = h.store(r).SetPrivacyNotice(r.Context(), text, kit.Actor(r))
	}
	if errs, ok := valid.As(err); ok {
		n, nerr := h.store(r).PrivacyNotice(r.Context())
		if nerr != nil {
			return nerr
		}
		return h.renderPrivacyForm(w, r, http.StatusUnprocessableEntity, n, form.Values, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "privacy"), "privacy-saved")
}
