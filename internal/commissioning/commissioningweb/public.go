package commissioningweb

import (
	"fmt"
	"net/http"
	"strconv"

	"coplan/internal/auth"
	"coplan/internal/commissioning"
	"coplan/internal/web/kit"
)

// publicRoutes are the public record of commissioning work and its open
// data: published work only, aggregates only.
func (h *Handlers) publicRoutes() []kit.Route {
	return []kit.Route{
		{Pattern: "GET /partnerships/{slug}/commissioning", Perm: auth.Public, Handle: h.publicItems, Cache: true},
		{Pattern: "GET /api/v1/partnerships/{slug}/commissioning", Perm: auth.Public, Handle: h.apiItems, Cache: true},
	}
}

// published summarises the partnership's published work items, oldest
// first.
func (h *Handlers) published(r *http.Request) ([]commissioning.Summary, error) {
	p := kit.Current(r).Partnership
	its, err := h.store(r).Items(r.Context())
	if err != nil {
		return nil, err
	}
	var out []commissioning.Summary
	for _, it := range its {
		if it.Published() {
			out = append(out, commissioning.Summarise(it, localityName(*p)))
		}
	}
	return out, nil
}

func (h *Handlers) publicItems(w http.ResponseWriter, r *http.Request) error {
	p := kit.Current(r).Partnership
	ss, err := h.published(r)
	if err != nil {
		return err
	}
	return h.pages.OK(w, r, "commissioning-public.html", kit.View{Title: "Planning and buying services with the people who use them",
		Caption: p.Name, Data: ss})
}

// The API's pages: APIPageSize work items unless ?limit= asks for another
// number up to APIMaxPageSize; ?after= is the next field of the page
// before.
const (
	APIPageSize    = 20
	APIMaxPageSize = 100
)

// apiStage is one stage of a work item in the open data.
type apiStage struct {
	Code         string         `json:"code"`
	Title        string         `json:"title"`
	Status       string         `json:"status"`
	Started      string         `json:"started,omitempty"`
	Finished     string         `json:"finished,omitempty"`
	Involvements int            `json:"involvements"`
	Changed      int            `json:"involvements_that_changed_something"`
	ByGroup      map[string]int `json:"people_by_group"`
	ByDepth      map[string]int `json:"people_by_depth"`
}

// apiItem is a published work item in the open data.
type apiItem struct {
	ID          int64      `json:"id"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Kind        string     `json:"kind"`
	Stages      []apiStage `json:"stages"`
	Flags       []string   `json:"flags"`
}

type apiList struct {
	Partnership string    `json:"partnership"`
	DepthScale  string    `json:"depth_scale"`
	Items       []apiItem `json:"work_items"`
	Next        string    `json:"next,omitempty"` // pass as ?after= for the next page
}

func toAPI(s commissioning.Summary) apiItem {
	out := apiItem{ID: s.ID, Title: s.Title, Description: s.Description, Kind: string(s.Kind), Flags: []string{}}
	for _, f := range s.Flags {
		out.Flags = append(out.Flags, string(f))
	}
	for _, st := range s.Stages {
		a := apiStage{Code: st.Stage.Code, Title: st.Stage.Title, Status: string(st.Status), Started: string(st.Started),
			Finished: string(st.Finished), Involvements: st.Involvements, Changed: st.Changed, ByGroup: map[string]int{}, ByDepth: map[string]int{}}
		for _, g := range commissioning.Groups {
			a.ByGroup[string(g)] = st.People[g]
		}
		for _, d := range commissioning.Depths {
			a.ByDepth[d.Slug()] = st.ByDepth[d]
		}
		out.Stages = append(out.Stages, a)
	}
	return out
}

func (h *Handlers) apiItems(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit := APIPageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > APIMaxPageSize {
			return kit.BadRequest(fmt.Sprintf("The limit parameter must be a whole number from 1 to %d.", APIMaxPageSize))
		}
		limit = n
	}
	var after int64
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return kit.BadRequest("The after parameter is not a cursor from this list: start again from the first page, without after.")
		}
		after = n
	}
	ss, err := h.published(r)
	if err != nil {
		return err
	}
	out := apiList{Partnership: kit.Current(r).Partnership.Slug, Items: []apiItem{},
		DepthScale: "IAP2 Spectrum of Public Participation: inform, consult, involve, collaborate, empower"}
	for _, s := range ss {
		if s.ID <= after {
			continue
		}
		if len(out.Items) == limit {
			out.Next = strconv.FormatInt(out.Items[len(out.Items)-1].ID, 10)
			break
		}
		out.Items = append(out.Items, toAPI(s))
	}
	return kit.JSON(w, out)
}
