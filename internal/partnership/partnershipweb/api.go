package partnershipweb

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"coplan/internal/partnership"
	"coplan/internal/web/kit"
)

// apiPartnership is a partnership as the open data API publishes it.
type apiPartnership struct {
	Slug             string                 `json:"slug"`
	Code             string                 `json:"code,omitempty"`
	Name             string                 `json:"name"`
	Model            string                 `json:"model"`
	HealthBoard      string                 `json:"health_board"`
	LocalAuthorities []string               `json:"local_authorities"`
	Localities       []string               `json:"localities"`
	Functions        []partnership.Function `json:"delegated_functions,omitempty"`
	Demo             bool                   `json:"demo,omitempty"`
}

func toAPI(p partnership.Partnership) apiPartnership {
	return apiPartnership{Slug: p.Slug, Code: p.Code, Name: p.Name, Model: p.Model, HealthBoard: p.HealthBoard,
		LocalAuthorities: p.LocalAuthorityNames(), Localities: p.LocalityNames(), Demo: p.Demo}
}

// The open data API's list of partnerships comes in pages: APIPageSize to
// a page unless ?limit= asks for another number up to APIMaxPageSize, the
// next page at ?after= the cursor in "next", which is absent on the last
// page. Scotland's 31 partnerships (and the demo) fit in one page.
const (
	APIPageSize    = 40
	APIMaxPageSize = 200
)

// apiPartnershipList is one page of the API's list of partnerships.
type apiPartnershipList struct {
	Partnerships []apiPartnership `json:"partnerships"`
	// Next is the cursor of the next page (?after=), absent on the last.
	Next string `json:"next,omitempty"`
}

func (h *Handlers) apiPartnerships(w http.ResponseWriter, r *http.Request) error {
	limit, err := pageLimit(r.URL.Query().Get("limit"))
	if err != nil {
		return err
	}
	pg, err := h.k.Partnerships.PageAfter(r.Context(), r.URL.Query().Get("after"), limit)
	if errors.Is(err, partnership.ErrBadCursor) {
		return kit.BadRequest("The after parameter is not a cursor from this list: start again from the first page, without after.")
	}
	if err != nil {
		return err
	}
	out := apiPartnershipList{Partnerships: make([]apiPartnership, len(pg.Partnerships)), Next: pg.Next}
	for i, p := range pg.Partnerships {
		out.Partnerships[i] = toAPI(p)
	}
	return kit.JSON(w, out)
}

// pageLimit reads ?limit=: APIPageSize when absent.
func pageLimit(v string) (int, error) {
	if v == "" {
		return APIPageSize, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > APIMaxPageSize {
		return 0, kit.BadRequest(fmt.Sprintf("The limit parameter must be a whole number from 1 to %d.", APIMaxPageSize))
	}
	return n, nil
}

func (h *Handlers) apiPartnership(w http.ResponseWriter, r *http.Request) error {
	fs, err := h.store(r).Functions(r.Context())
	if err != nil {
		return err
	}
	out := toAPI(*kit.Current(r).Partnership)
	out.Functions = fs
	return kit.JSON(w, out)
}
