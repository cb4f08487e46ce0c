package partnershipweb

import (
	"fmt"
	"net/http"
	"strconv"

	"coplan/internal/consult"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/web/kit"
)

// HomePageSize is how many partnerships the home page lists on a page:
// Scotland's 31 (and the demo) fit in one, and a service with hundreds
// costs no more a page.
const HomePageSize = 40

// homePage is one page of the home page's list of partnerships.
type homePage struct {
	partnership.Page
}

// pageLink is one link of the pagination component.
type pageLink struct {
	Number  int
	Href    string
	Current bool
}

func homeHref(n int) string {
	if n <= 1 {
		return "/"
	}
	return "/?page=" + strconv.Itoa(n)
}

// Links are the links to every page of the list; none when there is one.
func (p homePage) Links() []pageLink {
	if p.Pages <= 1 {
		return nil
	}
	out := make([]pageLink, p.Pages)
	for i := range out {
		out[i] = pageLink{Number: i + 1, Href: homeHref(i + 1), Current: i+1 == p.Number}
	}
	return out
}

// Prev and Next are the addresses of the pages before and after, "" at
// either end.
func (p homePage) Prev() string {
	if p.Number <= 1 {
		return ""
	}
	return homeHref(p.Number - 1)
}

func (p homePage) NextHref() string {
	if p.Number >= p.Pages {
		return ""
	}
	return homeHref(p.Number + 1)
}

// home lists the partnerships on the service, a page at a time (?page=).
func (h *Handlers) home(w http.ResponseWriter, r *http.Request) error {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pg, err := h.k.Partnerships.PageNumber(r.Context(), n, HomePageSize)
	if err != nil {
		return err
	}
	title := "Health and social care partnerships"
	if pg.Pages > 1 {
		title += fmt.Sprintf(" (page %d of %d)", pg.Number, pg.Pages)
	}
	return h.pages.OK(w, r, "home.html", kit.View{Title: title, Nav: "home", Data: homePage{pg}})
}

// publicPartnership is a partnership's page for the public: first the
// consultations open now ("have your say"), then its partners, localities
// and delegated functions, and where to find its planning.
func (h *Handlers) publicPartnership(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	fs, err := h.store(r).Functions(r.Context())
	if err != nil {
		return err
	}
	open, err := consult.StoreFor(h.k.DB, *p, h.k.Now).OpenConsultations(r.Context())
	if err != nil {
		return err
	}
	return h.pages.OK(w, r, "partnership.html", kit.View{Title: p.Name + " Health and Social Care Partnership", Nav: "home",
		Data: struct {
			Functions []partnership.Function
			Open      []consult.OpenCount
		}{fs, open}})
}

// law shows the statutory lists coplan works from.
func (h *Handlers) law(w http.ResponseWriter, r *http.Request) error {
	return h.pages.OK(w, r, "law.html", kit.View{Title: "The law this follows", Nav: "law", Data: statute.Lists()})
}

func (h *Handlers) accessibility(w http.ResponseWriter, r *http.Request) error {
	return h.pages.OK(w, r, "accessibility.html", kit.View{Title: "Accessibility statement"})
}
