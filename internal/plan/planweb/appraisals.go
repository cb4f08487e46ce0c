package planweb

import (
	"coplan/internal/auth"
	"coplan/internal/commissioning"
	"coplan/internal/plan"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// appraisalRoutes are the option appraisals, staff and public.
func (s *Handlers) appraisalRoutes() []kit.Route {
	return []kit.Route{
		// Option appraisals.
		{Pattern: "GET /staff/partnerships/{slug}/appraisals", Perm: auth.ReadPlanning, Handle: s.appraisals},
		{Pattern: "POST /staff/partnerships/{slug}/appraisals", Perm: auth.EditPlanning, Handle: s.createAppraisal},
		{Pattern: "GET /staff/partnerships/{slug}/appraisals/{appraisal}", Perm: auth.ReadPlanning, Handle: s.appraisal},
		{Pattern: "POST /staff/partnerships/{slug}/appraisals/{appraisal}/scores", Perm: auth.EditPlanning, Handle: s.scoreAppraisal},
		{Pattern: "POST /staff/partnerships/{slug}/appraisals/{appraisal}/publish", Perm: auth.EditPlanning, Handle: s.publishAppraisal},
		{Pattern: "GET /partnerships/{slug}/appraisals/{appraisal}", Perm: auth.Public, Handle: s.publicAppraisal, Cache: true},
	}
}

// --- option appraisals ---

// parseOptions reads options one per line.
func parseLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// parseCriteria reads criteria one per line, each "name: weight".
func parseCriteria(s string) []plan.Criterion {
	var out []plan.Criterion
	for _, l := range parseLines(s) {
		name, weight := l, "0"
		if i := strings.LastIndex(l, ":"); i >= 0 {
			name, weight = strings.TrimSpace(l[:i]), strings.TrimSpace(l[i+1:])
		}
		n, err := strconv.Atoi(weight)
		if err != nil {
			n = 0
		}
		out = append(out, plan.Criterion{Name: name, Weight: n})
	}
	return out
}

func (s *Handlers) renderAppraisals(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	p := kit.Current(r).Partnership
	as, err := s.store(r).Appraisals(r.Context())
	if err != nil {
		return err
	}
	s.pages.Render(w, r, status, "plan-appraisals.html", kit.View{Title: "Option appraisals", Caption: p.Name, Nav: "staff", Errors: errs, Form: r.PostForm,
		Data: struct {
			Appraisals []plan.Appraisal
			Kinds      []string
			CanEdit    bool
		}{as, plan.AppraisalKinds, canEdit(r)}})
	return nil
}

func (s *Handlers) appraisals(w http.ResponseWriter, r *http.Request) error {
	return s.renderAppraisals(w, r, http.StatusOK, nil)
}

func (s *Handlers) createAppraisal(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	counts, errs := participantCountsFrom(f)
	if len(errs) > 0 {
		return s.renderAppraisals(w, r, http.StatusUnprocessableEntity, errs)
	}
	a, err := s.store(r).CreateAppraisal(r.Context(), plan.Appraisal{Title: f.Get("title"), Kind: f.Get("kind"),
		Participants: f.Get("participants"), ParticipantCounts: counts, Views: f.Get("views"), Options: parseLines(f.Get("options")),
		Criteria: parseCriteria(f.Get("criteria"))}, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderAppraisals(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(p.Slug, "appraisals", a.ID), "appraisal-created")
}

// participantCountsFrom reads how many of each group took part
// ("count-GROUP"; blank for none).
func participantCountsFrom(f kit.Form) (map[string]int, valid.Errors) {
	var errs valid.Errors
	counts := map[string]int{}
	for _, g := range commissioning.Groups {
		field := "count-" + string(g)
		if f.Text(field) == "" {
			continue
		}
		n, ok := f.Int(field)
		if !ok || n < 0 {
			errs.Add(field, "Enter how many "+strings.ToLower(g.Name())+" took part as a whole number, like 3, or leave it blank.")
			continue
		}
		counts[string(g)] = n
	}
	return counts, errs
}

// appraisalCell is one option × criterion of the scoring grid.
type appraisalCell struct {
	Field     string // "s-OPTION-CRITERION" index pair
	Criterion plan.Criterion
	Score     plan.Score
	Scored    bool
}

type appraisalRow struct {
	Option string
	Cells  []appraisalCell
}

type appraisalPage struct {
	Appraisal plan.Appraisal
	Rows      []appraisalRow
	Totals    []plan.Ranked
	Missing   []string
	CanEdit   bool
}

func appraisalGrid(a plan.Appraisal) []appraisalRow {
	var rows []appraisalRow
	for i, o := range a.Options {
		row := appraisalRow{Option: o}
		for j, c := range a.Criteria {
			sc, ok := a.ScoreFor(o, c.Name)
			row.Cells = append(row.Cells, appraisalCell{Field: fmt.Sprintf("s-%d-%d", i, j), Criterion: c, Score: sc, Scored: ok})
		}
		rows = append(rows, row)
	}
	return rows
}

func (s *Handlers) appraisalFromPath(r *http.Request) (*plan.Store, plan.Appraisal, error) {
	id, err := kit.PathID(r, "appraisal")
	if err != nil {
		return nil, plan.Appraisal{}, err
	}
	st := s.store(r)
	a, err := st.AppraisalByID(r.Context(), id)
	return st, a, err
}

func (s *Handlers) renderAppraisal(w http.ResponseWriter, r *http.Request, a plan.Appraisal, status int, errs valid.Errors) error {
	totals, missing := a.Totals()
	s.pages.Render(w, r, status, "plan-appraisal.html", kit.View{Title: a.Title, Caption: "Option appraisal", Nav: "staff", Errors: errs, Form: r.PostForm,
		Data: appraisalPage{Appraisal: a, Rows: appraisalGrid(a), Totals: totals, Missing: missing, CanEdit: canEdit(r)}})
	return nil
}

func (s *Handlers) appraisal(w http.ResponseWriter, r *http.Request) error {
	_, a, err := s.appraisalFromPath(r)
	if err != nil {
		return err
	}
	return s.renderAppraisal(w, r, a, http.StatusOK, nil)
}

func (s *Handlers) scoreAppraisal(w http.ResponseWriter, r *http.Request) error {
	st, a, err := s.appraisalFromPath(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	var scores []plan.Score
	var errs valid.Errors
	for i, o := range a.Options {
		for j, c := range a.Criteria {
			field := fmt.Sprintf("s-%d-%d", i, j)
			v, err := strconv.Atoi(strings.TrimSpace(f.Get(field)))
			if err != nil {
				if len(errs) == 0 {
					errs.Add(field, "Score each option against each criterion with a whole number from 0 to 10.")
				}
				continue
			}
			scores = append(scores, plan.Score{Option: o, Criterion: c.Name, Value: v, Reason: strings.TrimSpace(f.Get(field + "-reason"))})
		}
	}
	if len(errs) == 0 {
		err = st.SaveScores(r.Context(), a.ID, scores, kit.Actor(r))
		if e, ok := valid.As(err); ok {
			errs = e
			for i := range errs {
				errs[i].Field = "s-0-0"
			}
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderAppraisal(w, r, a, http.StatusUnprocessableEntity, errs)
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "appraisals", a.ID), "appraisal-scored")
}

func (s *Handlers) publishAppraisal(w http.ResponseWriter, r *http.Request) error {
	st, a, err := s.appraisalFromPath(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	err = st.PublishAppraisal(r.Context(), a.ID, f.Get("decision"), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderAppraisal(w, r, a, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, kit.StaffPath(kit.Current(r).Partnership.Slug, "appraisals", a.ID), "appraisal-published")
}

func (s *Handlers) publicAppraisal(w http.ResponseWriter, r *http.Request) error {
	_, a, err := s.appraisalFromPath(r)
	if err != nil {
		return err
	}
	if a.PublishedAt.IsZero() {
		return kit.ErrNotFound
	}
	totals, missing := a.Totals()
	s.pages.Render(w, r, http.StatusOK, "plan-appraisal-public.html", kit.View{Title: a.Title, Caption: "Option appraisal",
		Data: appraisalPage{Appraisal: a, Rows: appraisalGrid(a), Totals: totals, Missing: missing}})
	return nil
}
