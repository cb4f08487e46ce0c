package consultweb

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/web/kit"
)

type apiConsultOption struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// apiConsultQuestion is a question in the open data API.
type apiConsultQuestion struct {
	Code      string             `json:"code"`
	Kind      string             `json:"kind"`
	Text      string             `json:"text"`
	Required  bool               `json:"required"`
	Options   []apiConsultOption `json:"options,omitempty"`
	HasOther  bool               `json:"has_other,omitempty"`
	AskedWhen string             `json:"asked_when,omitempty"`
}

// apiConsultationItem is a published consultation in the open data API.
type apiConsultationItem struct {
	ID         int64                `json:"id"`
	Title      string               `json:"title"`
	Summary    string               `json:"summary,omitempty"`
	Audience   string               `json:"audience"`
	Status     string               `json:"status"`
	OpensAt    time.Time            `json:"opens_at"`
	ClosesAt   time.Time            `json:"closes_at"`
	Localities []string             `json:"localities"`
	Questions  []apiConsultQuestion `json:"questions"`
	Responses  string               `json:"responses,omitempty"` // the address of its published responses, once closed
}

// apiConsultations lists a partnership's published consultations (never
// drafts) with their current questions.
func (s *Handlers) apiConsultations(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := kit.Current(r).Partnership
	cs, err := s.store(r).Consultations(ctx)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, l := range p.Localities {
		names[l.ID] = l.Name
	}
	now := s.k.Now()
	out := []apiConsultationItem{}
	for _, c := range cs {
		if c.PublishedAt.IsZero() {
			continue
		}
		st := c.StatusAt(now)
		ac := apiConsultationItem{ID: c.ID, Title: c.Title, Summary: c.Summary, Audience: string(c.Audience), Status: string(st),
			OpensAt: c.OpensAt, ClosesAt: c.ClosesAt, Localities: []string{}, Questions: []apiConsultQuestion{}}
		for _, id := range c.LocalityIDs {
			ac.Localities = append(ac.Localities, names[id])
		}
		if st != consult.Scheduled && st != consult.Open {
			ac.Responses = fmt.Sprintf("/api/v1/partnerships/%s/consultations/%d/responses", p.Slug, c.ID)
		}
		qn, err := s.store(r).CurrentQuestionnaire(ctx, c.ID)
		if err != nil {
			return err
		}
		for _, q := range qn.Questions() {
			aq := apiConsultQuestion{Code: q.Code, Kind: string(q.Kind), Text: q.Text, Required: q.Required, HasOther: q.HasOther,
				AskedWhen: consult.AskedWhen(qn, q)}
			for _, o := range q.Options {
				aq.Options = append(aq.Options, apiConsultOption{o.Value, o.Label})
			}
			ac.Questions = append(ac.Questions, aq)
		}
		out = append(out, ac)
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"partnership": p.Slug, "consultations": out})
	return nil
}

// apiResponsesLimit is how many responses a page of the open data API
// holds unless ?limit= asks for another number, up to
// consult.MaxPageSize: a page of 1,000 responses is a few megabytes of
// JSON at most, and written one response at a time in any case.
const apiResponsesLimit = 100

// apiConsultationResponses publishes a closed consultation's responses as
// Publishable allows them: checked, redacted, each respondent's preference
// applied. A draft is not found; an open one says when it will close.
//
// The responses come a page at a time, by their number: ?limit= (1 to
// 1,000, 100 if not given) and ?after= (the cursor the page before gave).
// "next" is the full address of the next page, or null on the last.
func (s *Handlers) apiConsultationResponses(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	switch c.StatusAt(s.k.Now()) {
	case consult.Draft:
		return kit.ErrNotFound
	case consult.Scheduled, consult.Open:
		return kit.HTTPError{Status: http.StatusConflict, Message: fmt.Sprintf("Responses to this consultation are published only after it closes, on %s.",
			c.ClosesAt.In(civil.London).Format("2 January 2006 at 3:04pm"))}
	}
	limit, after, err := apiPaging(r.URL.Query())
	if err != nil {
		return err
	}
	e, next, err := s.store(r).PublishablePage(r.Context(), c, after, limit)
	if err != nil {
		return err
	}
	var nextURL *string
	if next != 0 {
		q := url.Values{"limit": {strconv.Itoa(limit)}, "after": {apiCursor(next)}}
		u := s.k.SiteURL(r.URL.Path + "?" + q.Encode())
		nextURL = &u
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Access-Control-Allow-Origin", "*")
	return s.respStream(w, r, func(w io.Writer) error {
		return e.WritePublishableJSON(w, consult.JSONField{Name: "limit", Value: limit}, consult.JSONField{Name: "next", Value: nextURL})
	})
}

// apiPaging reads ?limit= and ?after=; a bad one is a 400 that says what
// is allowed.
func apiPaging(q url.Values) (limit int, after int64, err error) {
	limit = apiResponsesLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > consult.MaxPageSize {
			return 0, 0, kit.BadRequest(fmt.Sprintf("limit must be a whole number from 1 to %d.", consult.MaxPageSize))
		}
		limit = n
	}
	if v := q.Get("after"); v != "" {
		b, err := base64.RawURLEncoding.DecodeString(v)
		id, perr := strconv.ParseInt(strings.TrimPrefix(string(b), "r"), 10, 64)
		if err != nil || perr != nil || !strings.HasPrefix(string(b), "r") || id < 1 {
			return 0, 0, kit.BadRequest("after must be the cursor from the \"next\" address of the page before. Leave it out for the first page.")
		}
		after = id
	}
	return limit, after, nil
}

// apiCursor is the opaque ?after= for the page after the response numbered
// id: opaque so that clients follow "next" rather than count, leaving the
// order free to change.
func apiCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("r" + strconv.FormatInt(id, 10)))
}
