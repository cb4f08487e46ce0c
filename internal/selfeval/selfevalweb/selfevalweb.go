// Package selfevalweb is the self-evaluation's pages: the staff's years,
// one form per framework, the evidence picker, improvement actions,
// publishing and comparing two years; the public page of what was
// published; and its open data.
package selfevalweb

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/selfeval"
	"coplan/internal/statute"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

//go:embed templates
var templateFiles embed.FS

// Handlers are the self-evaluation's pages, sharing the kit.
type Handlers struct {
	k     *kit.Kit
	pages *kit.Pages
}

// New parses the templates and registers the notices.
func New(k *kit.Kit) (*Handlers, error) {
	pages, err := k.Pages(templateFiles, funcs)
	if err != nil {
		return nil, err
	}
	k.AddNotices(notices)
	return &Handlers{k: k, pages: pages}, nil
}

var notices = map[string]string{
	"selfeval-started":   "The self-evaluation has been started. Rate each framework below; your work is saved as a draft until you publish it.",
	"selfeval-saved":     "The ratings have been saved as a draft.",
	"selfeval-evidence":  "The record has been linked as evidence.",
	"selfeval-unlinked":  "The evidence has been removed.",
	"selfeval-action":    "The improvement action has been added.",
	"selfeval-done":      "The improvement action has been updated.",
	"selfeval-published": "The self-evaluation has been published. The public page shows it; later changes are published as a new version.",
}

const base = "/staff/partnerships/{slug}/self-evaluation"

// Routes are every address of the self-evaluation, each with its
// permission.
func (h *Handlers) Routes() []kit.Route {
	return []kit.Route{
		{Pattern: "GET " + base, Perm: auth.ReadPlanning, Handle: h.years},
		{Pattern: "POST " + base, Perm: auth.EditPlanning, Handle: h.start},
		{Pattern: "GET " + base + "/compare", Perm: auth.ReadPlanning, Handle: h.compare},
		{Pattern: "GET " + base + "/{year}", Perm: auth.ReadPlanning, Handle: h.year},
		{Pattern: "GET " + base + "/{year}/frameworks/{framework}", Perm: auth.ReadPlanning, Handle: h.framework},
		{Pattern: "POST " + base + "/{year}/frameworks/{framework}", Perm: auth.EditPlanning, Handle: h.saveFramework},
		{Pattern: "GET " + base + "/{year}/frameworks/{framework}/evidence", Perm: auth.EditPlanning, Handle: h.evidencePicker},
		{Pattern: "POST " + base + "/{year}/frameworks/{framework}/evidence", Perm: auth.EditPlanning, Handle: h.addEvidence},
		{Pattern: "POST " + base + "/{year}/evidence/{evidence}/delete", Perm: auth.EditPlanning, Handle: h.removeEvidence},
		{Pattern: "POST " + base + "/{year}/actions", Perm: auth.EditPlanning, Handle: h.addAction},
		{Pattern: "POST " + base + "/{year}/actions/{action}", Perm: auth.EditPlanning, Handle: h.markDone},
		{Pattern: "POST " + base + "/{year}/publish", Perm: auth.EditPlanning, Handle: h.publish},
		{Pattern: "GET /partnerships/{slug}/self-evaluation", Perm: auth.Public, Handle: h.public, Cache: true},
		{Pattern: "GET /api/v1/partnerships/{slug}/self-evaluation", Perm: auth.Public, Handle: h.api, Cache: true},
	}
}

func (h *Handlers) store(r *http.Request) *selfeval.Store {
	return selfeval.StoreFor(h.k.DB, *kit.Current(r).Partnership, h.k.Now)
}

func canEdit(r *http.Request) bool { return kit.Can(r, auth.EditPlanning) }

// pathYear reads {year} ("2026"); anything else is not found.
func pathYear(r *http.Request) (selfeval.Year, error) {
	y, ok := selfeval.ParseYear(r.PathValue("year"))
	if !ok {
		return 0, kit.ErrNotFound
	}
	return y, nil
}

func yearPath(slug string, y selfeval.Year, parts ...any) string {
	return kit.StaffPath(slug, append([]any{"self-evaluation", int(y)}, parts...)...)
}

var funcs = template.FuncMap{
	"gradeLabel":  statute.GradeLabel,
	"scale":       statute.GradingScale,
	"scaleSource": statute.GradingScaleSource,
	// gradeOptions are the radios of a rating: the scale, best first, then
	// "not rated yet".
	"gradeOptions": func() []kit.Option {
		var os []kit.Option
		for _, g := range statute.GradingScale() {
			os = append(os, kit.Option{Value: strconv.Itoa(g.Value), Label: fmt.Sprintf("%d %s", g.Value, g.Label)})
		}
		return append(os, kit.Option{Value: "0", Label: "Not rated yet"})
	},
	"one": func(v any) []string { return []string{fmt.Sprint(v)} },
	// evidencePath is the staff page of an evidence's record.
	"evidencePath": func(slug string, e selfeval.Evidence) string {
		if k, ok := selfeval.KindOf(e.Kind); ok {
			return k.Path(slug, e.RecordID)
		}
		return ""
	},
	"kindLabel": func(code string) string {
		if k, ok := selfeval.KindOf(code); ok {
			return k.Label
		}
		return code
	},
	"yearPath": func(slug string, y selfeval.Year, parts ...any) string { return yearPath(slug, y, parts...) },
	"itemName": itemName,
	"civil":    func(d civil.Date) string { return d.String() },
}

// itemName is how a page names one framework item: its title, or its text.
func itemName(framework, item string) string {
	f, ok := statute.SelfEvaluationFramework(framework)
	if !ok {
		return item
	}
	it, ok := f.Item(item)
	if !ok {
		return item
	}
	if it.Title != "" {
		return it.Title
	}
	return it.Text
}

// --- the years ---

type yearsPage struct {
	Years    []selfeval.Summary
	ThisYear selfeval.Year
	Started  bool // this year's is started
	Last     selfeval.Year
	HasLast  bool // last year's exists, to copy from
	CanEdit  bool
}

func (h *Handlers) renderYears(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	st := h.store(r)
	ys, err := st.Years(r.Context())
	if err != nil {
		return err
	}
	pg := yearsPage{Years: ys, ThisYear: st.ThisYear(), Last: st.ThisYear() - 1, CanEdit: canEdit(r)}
	for _, y := range ys {
		pg.Started = pg.Started || y.Year == pg.ThisYear
		pg.HasLast = pg.HasLast || y.Year == pg.Last
	}
	h.pages.Render(w, r, status, "selfeval-years.html", kit.View{Title: "Self-evaluation", Caption: kit.Current(r).Partnership.Name,
		Nav: "staff", Errors: errs, Form: r.PostForm, Data: pg})
	return nil
}

func (h *Handlers) years(w http.ResponseWriter, r *http.Request) error {
	return h.renderYears(w, r, http.StatusOK, nil)
}

func (h *Handlers) start(w http.ResponseWriter, r *http.Request) error {
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	st := h.store(r)
	var from selfeval.Year
	if f.Yes("copy") {
		from = st.ThisYear() - 1
	}
	_, err = st.Start(r.Context(), st.ThisYear(), from, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderYears(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, yearPath(kit.Current(r).Partnership.Slug, st.ThisYear()), "selfeval-started")
}

// --- one year ---

type frameworkSummary struct {
	Framework statute.Framework
	Rated     int
}

type yearPage struct {
	Evaluation selfeval.Evaluation
	Frameworks []frameworkSummary
	Items      []kit.Option // for an action's item
	Previous   selfeval.Year
	HasPrev    bool
	CanEdit    bool
	Today      string // YYYY-MM-DD, for a date box
}

func (h *Handlers) renderYear(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	y, err := pathYear(r)
	if err != nil {
		return err
	}
	st := h.store(r)
	e, err := st.Evaluation(r.Context(), y)
	if err != nil {
		return err
	}
	pg := yearPage{Evaluation: e, CanEdit: canEdit(r), Today: string(h.k.Today()), Items: []kit.Option{{Value: "", Label: "None"}}}
	for _, f := range statute.SelfEvaluationFrameworks() {
		pg.Frameworks = append(pg.Frameworks, frameworkSummary{f, e.Draft.Rated(f.Code)})
		for _, it := range f.Items {
			pg.Items = append(pg.Items, kit.Option{Value: f.Code + "/" + it.Code, Label: f.Name + ": " + itemName(f.Code, it.Code)})
		}
	}
	if _, err := st.Evaluation(r.Context(), y-1); err == nil {
		pg.Previous, pg.HasPrev = y-1, true
	}
	h.pages.Render(w, r, status, "selfeval-year.html", kit.View{Title: "Self-evaluation " + y.String(), Caption: kit.Current(r).Partnership.Name,
		Nav: "staff", Errors: errs, Form: r.PostForm, Data: pg})
	return nil
}

func (h *Handlers) year(w http.ResponseWriter, r *http.Request) error {
	return h.renderYear(w, r, http.StatusOK, nil)
}

func (h *Handlers) addAction(w http.ResponseWriter, r *http.Request) error {
	y, err := pathYear(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	a := selfeval.Action{What: f.Text("what"), Owner: f.Text("owner"), Due: civil.Date(f.Text("due"))}
	if fw, item, ok := cutItem(f.Get("item")); ok {
		a.Framework, a.Item = fw, item
	}
	_, err = h.store(r).AddAction(r.Context(), y, a, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderYear(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, yearPath(kit.Current(r).Partnership.Slug, y)+"#actions", "selfeval-action")
}

func cutItem(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '/' {
			return s[:i], s[i+1:], true
		}
	}
	return "", "", false
}

func (h *Handlers) markDone(w http.ResponseWriter, r *http.Request) error {
	y, err := pathYear(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "action")
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	done := civil.Date(f.Text("done"))
	if f.Yes("undo") {
		done = ""
	}
	err = h.store(r).MarkDone(r.Context(), y, id, done, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		for i := range errs {
			errs[i].Field = fmt.Sprintf("done-%d", id)
		}
		return h.renderYear(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, yearPath(kit.Current(r).Partnership.Slug, y)+"#actions", "selfeval-done")
}

func (h *Handlers) publish(w http.ResponseWriter, r *http.Request) error {
	y, err := pathYear(r)
	if err != nil {
		return err
	}
	if _, err := kit.ParseForm(w, r); err != nil {
		return err
	}
	_, err = h.store(r).Publish(r.Context(), y, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return h.renderYear(w, r, http.StatusUnprocessableEntity, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, yearPath(kit.Current(r).Partnership.Slug, y), "selfeval-published")
}

// --- one framework's form ---

type itemView struct {
	Item    statute.Item
	Rating  selfeval.Rating
	Actions []selfeval.Action
}

type frameworkPage struct {
	Year      selfeval.Year
	Framework statute.Framework
	Items     []itemView
	CanEdit   bool
}

func (h *Handlers) renderFramework(w http.ResponseWriter, r *http.Request, status int, errs valid.Errors) error {
	y, err := pathYear(r)
	if err != nil {
		return err
	}
	f, ok := statute.SelfEvaluationFramework(r.PathValue("framework"))
	if !ok {
		return kit.ErrNotFound
	}
	e, err := h.store(r).Evaluation(r.Context(), y)
	if err != nil {
		return err
	}
	pg := frameworkPage{Year: y, Framework: f, CanEdit: canEdit(r)}
	for _, it := range f.Items {
		pg.Items = append(pg.Items, itemView{it, e.Draft.Rating(f.Code, it.Code), e.Draft.ActionsFor(f.Code, it.Code)})
	}
	form := r.PostForm
	if form == nil {
		// Show what is saved.
		form = map[string][]string{}
		for _, iv := range pg.Items {
			form["grade-"+iv.Item.Code] = []string{strconv.Itoa(iv.Rating.Grade)}
			form["commentary-"+iv.Item.Code] = []string{iv.Rating.Commentary}
		}
	}
	h.pages.Render(w, r, status, "selfeval-framework.html", kit.View{Title: f.Name + " " + y.String(), Caption: "Self-evaluation",
		Nav: "staff", Errors: errs, Form: form, Data: pg})
	return nil
}

func (h *Handlers) framework(w http.ResponseWriter, r *http.Request) error {
	return h.renderFramework(w, r, http.StatusOK, nil)
}

func (h *Handlers) saveFramework(w http.ResponseWriter, r *http.Request) error {
	y, err := pathYear(r)
	if err != nil {
		return err
	}
	fw, ok := statute.SelfEvaluationFramework(r.PathValue("framework"))
	if !ok {
		return kit.ErrNotFound
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	var rs []selfeval.Rating
	var errs valid.Errors
	for _, it := range fw.Items {
		g, given := f.Int("grade-" + it.Code)
		if !given && f.Get("grade-"+it.Code) != "" {
			errs.Add("grade-"+it.Code, "Choose a rating from the scale for "+itemName(fw.Code, it.Code))
		}
		rs = append(rs, selfeval.Rating{Item: it.Code, Grade: g, Commentary: f.Get("commentary-" + it.Code)})
	}
	if len(errs) == 0 {
		err = h.store(r).SaveRatings(r.Context(), y, fw.Code, rs, kit.Actor(r))
		errs, _ = valid.As(err)
		if err != nil && errs == nil {
			return err
		}
	}
	if len(errs) > 0 {
		return h.renderFramework(w, r, http.StatusUnprocessableEntity, errs)
	}
	return kit.SeeOther(w, r, yearPath(kit.Current(r).Partnership.Slug, y, "frameworks", fw.Code), "selfeval-saved")
}

// --- the evidence picker ---

type pickerPage struct {
	Year      selfeval.Year
	Framework statute.Framework
	Item      statute.Item
	Kinds     []kit.Option
	Kind      selfeval.Kind
	HasKind   bool
	Records   []kit.Option
}

func (h *Handlers) renderPicker(w http.ResponseWriter, r *http.Request, status int, item, kind string, errs valid.Errors) error {
	y, err := pathYear(r)
	if err != nil {
		return err
	}
	f, ok := statute.SelfEvaluationFramework(r.PathValue("framework"))
	if !ok {
		return kit.ErrNotFound
	}
	it, ok := f.Item(item)
	if !ok {
		return kit.ErrNotFound
	}
	st := h.store(r)
	if _, err := st.Evaluation(r.Context(), y); err != nil {
		return err
	}
	pg := pickerPage{Year: y, Framework: f, Item: it}
	for _, k := range selfeval.Kinds() {
		pg.Kinds = append(pg.Kinds, kit.Option{Value: k.Code, Label: k.Label})
	}
	if k, ok := selfeval.KindOf(kind); ok {
		pg.Kind, pg.HasKind = k, true
		recs, err := k.Records(r.Context(), st.Source())
		if err != nil {
			return err
		}
		for _, rec := range recs {
			pg.Records = append(pg.Records, kit.Option{Value: strconv.FormatInt(rec.ID, 10), Label: rec.Name})
		}
	}
	form := r.PostForm
	if form == nil {
		form = map[string][]string{"kind": {kind}}
	}
	h.pages.Render(w, r, status, "selfeval-evidence.html", kit.View{Title: "Add evidence: " + itemName(f.Code, it.Code), Caption: "Self-evaluation " + y.String(),
		Nav: "staff", Errors: errs, Form: form, Data: pg})
	return nil
}

func (h *Handlers) evidencePicker(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	return h.renderPicker(w, r, http.StatusOK, q.Get("item"), q.Get("kind"), nil)
}

func (h *Handlers) addEvidence(w http.ResponseWriter, r *http.Request) error {
	y, err := pathYear(r)
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	fw := r.PathValue("framework")
	_, err = h.store(r).AddEvidence(r.Context(), y, fw, f.Get("item"), f.Get("kind"), f.ID("record"), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		if _, isItem := statute.SelfEvaluationFramework(fw); !isItem {
			return kit.ErrNotFound
		}
		if errs.For("item") != "" {
			return kit.ErrNotFound
		}
		return h.renderPicker(w, r, http.StatusUnprocessableEntity, f.Get("item"), f.Get("kind"), errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, yearPath(kit.Current(r).Partnership.Slug, y, "frameworks", fw), "selfeval-evidence")
}

func (h *Handlers) removeEvidence(w http.ResponseWriter, r *http.Request) error {
	y, err := pathYear(r)
	if err != nil {
		return err
	}
	id, err := kit.PathID(r, "evidence")
	if err != nil {
		return err
	}
	f, err := kit.ParseForm(w, r)
	if err != nil {
		return err
	}
	if err := h.store(r).RemoveEvidence(r.Context(), y, id, kit.Actor(r)); err != nil {
		return err
	}
	back := yearPath(kit.Current(r).Partnership.Slug, y)
	if fw, ok := statute.SelfEvaluationFramework(f.Get("framework")); ok {
		back = yearPath(kit.Current(r).Partnership.Slug, y, "frameworks", fw.Code)
	}
	return kit.SeeOther(w, r, back, "selfeval-unlinked")
}

// --- comparing two years ---

type compareRow struct {
	Framework statute.Framework
	Changes   []selfeval.Change
}

type comparePage struct {
	Years    []kit.Option
	From, To selfeval.Year
	Chosen   bool
	Rows     []compareRow
}

func (h *Handlers) compare(w http.ResponseWriter, r *http.Request) error {
	st := h.store(r)
	ys, err := st.Years(r.Context())
	if err != nil {
		return err
	}
	pg := comparePage{}
	for _, y := range ys {
		pg.Years = append(pg.Years, kit.Option{Value: strconv.Itoa(int(y.Year)), Label: y.Year.String()})
	}
	q := r.URL.Query()
	from, okFrom := selfeval.ParseYear(q.Get("from"))
	to, okTo := selfeval.ParseYear(q.Get("to"))
	form := map[string][]string{"from": {q.Get("from")}, "to": {q.Get("to")}}
	if len(ys) >= 2 && q.Get("from") == "" && q.Get("to") == "" {
		from, to, okFrom, okTo = ys[1].Year, ys[0].Year, true, true
		form = map[string][]string{"from": {strconv.Itoa(int(from))}, "to": {strconv.Itoa(int(to))}}
	}
	if okFrom && okTo {
		a, errA := st.Evaluation(r.Context(), from)
		b, errB := st.Evaluation(r.Context(), to)
		if err := errors.Join(errA, errB); err != nil {
			return err
		}
		pg.From, pg.To, pg.Chosen = from, to, true
		changes := selfeval.Compare(a.Draft, b.Draft)
		for _, f := range statute.SelfEvaluationFrameworks() {
			row := compareRow{Framework: f}
			for _, c := range changes {
				if c.Framework == f.Code {
					row.Changes = append(row.Changes, c)
				}
			}
			pg.Rows = append(pg.Rows, row)
		}
	}
	title := "Compare self-evaluations"
	if pg.Chosen {
		title = "Compare self-evaluations " + from.String() + " and " + to.String()
	}
	return h.pages.OK(w, r, "selfeval-compare.html", kit.View{Title: title, Caption: kit.Current(r).Partnership.Name, Nav: "staff", Form: form, Data: pg})
}
