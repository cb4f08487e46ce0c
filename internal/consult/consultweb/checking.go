package consultweb

import (
	"net/http"
	"strconv"

	"coplan/internal/consult"
	"coplan/internal/web/kit"
)

// checkingPageSize is how many responses one page of the checking queue
// lists.
const checkingPageSize = 50

// checkingRow is one response in the checking queue.
type checkingRow struct {
	consult.Waiting
	Address string // of the response's page, where it is checked
}

// checkingQueue is the partnership's one checking queue: every response
// waiting to be checked, across all its consultations, oldest first, a page
// at a time (?page=2), each linking to the page where it is checked.
func (s *Handlers) checkingQueue(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if page < 1 {
		page = 1
	}
	q, err := s.store(r).CheckingQueue(r.Context(), (page-1)*checkingPageSize, checkingPageSize)
	if err != nil {
		return err
	}
	rows := make([]checkingRow, len(q.Waiting))
	for i, x := range q.Waiting {
		rows[i] = checkingRow{x, kit.StaffPath(p.Slug, "consultations", x.ConsultationID, "responses", x.ResponseID)}
	}
	pages := (q.Total + checkingPageSize - 1) / checkingPageSize
	data := struct {
		Rows              []checkingRow
		Total, Page, Last int
		First             int // the number of the first row shown
		Prev, Next        string
	}{Rows: rows, Total: q.Total, Page: page, Last: pages, First: (page-1)*checkingPageSize + 1}
	base := kit.StaffPath(p.Slug, "checking")
	if page > 1 {
		data.Prev = base + "?page=" + strconv.Itoa(page-1)
	}
	if page < pages {
		data.Next = base + "?page=" + strconv.Itoa(page+1)
	}
	return s.pages.OK(w, r, "checking.html", kit.View{Title: "Responses waiting to be checked", Caption: p.Name, Nav: "staff", Data: data})
}
