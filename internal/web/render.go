package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"coplan/internal/auth"
	"coplan/internal/governance"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

//go:embed templates
var templateFiles embed.FS

// pages holds one template set per page, each with the layout and partials.
type pages struct {
	byName map[string]*template.Template
}

var london = mustLoadLocation("Europe/London")

func mustLoadLocation(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return l
}

var funcs = template.FuncMap{
	"join": strings.Join,
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(london).Format("2 January 2006")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(london).Format("2 January 2006, 3:04pm")
	},
	"add":      func(a, b int) int { return a + b },
	"errorFor": func(errs valid.Errors, field string) string { return errs.For(field) },
	// fieldError is the error for one field, for the "error-message" partial.
	"fieldError": func(errs valid.Errors, field string) *valid.FieldError {
		for i := range errs {
			if errs[i].Field == field {
				return &errs[i]
			}
		}
		return nil
	},
	// ariaInvalid marks an input in error and ties it to its message.
	"ariaInvalid": func(errs valid.Errors, field string) template.HTMLAttr {
		if errs.For(field) == "" {
			return ""
		}
		return template.HTMLAttr(`aria-invalid="true" aria-describedby="` + template.HTMLEscapeString(field) + `-error"`)
	},
	"models":         statute.Models,
	"paragraphs":     paragraphs,
	"supportOptions": func() []governance.Support { return governance.SupportOptions },
	"paperFormats":   func() []governance.PaperFormat { return governance.PaperFormats },
	"newMember":      func() governance.Member { return governance.Member{PaperFormat: "standard"} },
}

// paragraph is one line of a statute text: a paragraph or a bullet.
type paragraph struct {
	Bullet bool
	Text   string
}

// paragraphs splits a statute text at line breaks; lines starting "- " are
// bullets (see statute.Item).
func paragraphs(text string) []paragraph {
	var out []paragraph
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if b, ok := strings.CutPrefix(line, "- "); ok {
			out = append(out, paragraph{true, b})
		} else {
			out = append(out, paragraph{false, line})
		}
	}
	return out
}

func loadPages() (*pages, error) {
	p := &pages{byName: map[string]*template.Template{}}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "templates/")
		if base == "layout.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/partials/*.html", name)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", base, err)
		}
		p.byName[base] = t
	}
	return p, nil
}

// view is what every page template receives.
type view struct {
	Title       string // the page's <title> and <h1>
	Caption     string // optional label above the h1 (e.g. the partnership's name)
	User        *auth.User
	Partnership *partnership.Partnership // the partnership the address names, if any
	Errors      valid.Errors             // for forms: shown in the error summary and at each field
	Form        url.Values               // for forms: what was entered, to show again
	Notice      string                   // a success message after a change
	Nav         string                   // which navigation item is current
	Data        any                      // the page's own content
}

// HasErrors says whether the form has errors to show.
func (v view) HasErrors() bool { return len(v.Errors) > 0 }

// Value returns what was entered in a form field.
func (v view) Value(field string) string { return v.Form.Get(field) }

// render writes a page with the given status. The page is rendered into a
// buffer first so a template error becomes a clean error page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	rq := current(r)
	v.User = rq.user
	if v.Partnership == nil {
		v.Partnership = rq.partnership
	}
	if v.Notice == "" {
		v.Notice = notices[r.URL.Query().Get("done")]
	}
	t, ok := s.pages.byName[name]
	if !ok {
		s.log.Error("no such template", "name", name)
		http.Error(w, "Sorry, something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "Sorry, something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// notices are the success messages shown after a change, keyed by the
// "done" parameter of the address a form redirects to.
var notices = map[string]string{
	"saved":            "Your changes have been saved.",
	"created":          "The partnership has been created.",
	"function-added":   "The delegated function has been added.",
	"function-removed": "The delegated function has been removed.",
	"account-created":  "The account has been created.",
	"signed-out":       "You have signed out.",
	"policy-saved":     "The expenses policy has been published. This is what members and the public now read.",
	"claim-submitted":  "Your claim has been sent to the planning team. You will see their decision on this page.",
	"claim-approved":   "The claim has been approved. It is now in the export of approved claims for finance.",
	"claim-rejected":   "The claim has been rejected. The member can read your reason.",
	"seat-added":       "The member has been added to the body.",
	"seat-changed":     "The change has been recorded.",
	"seat-replaced":    "The replacement has been recorded.",
	"member-added":     "The member has been added.",

	// Meetings and papers.
	"meeting-created":    "The meeting has been added. Add its agenda and papers below.",
	"meeting-saved":      "The meeting's details have been saved.",
	"agenda-item-added":  "The agenda item has been added.",
	"paper-uploaded":     "The paper has been uploaded. Members will see it once you issue the papers.",
	"papers-issued":      "The papers have been issued: members can now see and download them.",
	"no-papers-to-issue": "There were no papers waiting to be issued.",
	"decision-added":     "The decision has been recorded.",

	// Consultations: the builder.
	"consultation-created":           "The consultation has been started as a draft. Add its questions and documents, preview it, then publish it.",
	"consultation-saved":             "The consultation's details have been saved.",
	"consultation-published":         "The consultation has been published. It takes responses from its opening time until it closes.",
	"consultation-already-published": "The consultation was already published.",
	"consultation-analysed":          "The responses have been recorded as analysed.",
	"consultation-reported":          "The analysis report has been recorded as published.",
	"document-uploaded":              "The document has been added.",
	"document-removed":               "The document has been removed.",
	"question-added":                 "The question has been added.",
	"question-saved":                 "The question has been saved.",
	"question-moved":                 "The question has been moved.",
	"question-deleted":               "The question has been deleted.",
	"section-added":                  "The page has been added. Add questions to it below.",
	"section-saved":                  "The page has been saved.",
	"section-deleted":                "The page has been deleted.",
	"bank-question-added":            "The question has been added to the bank.",

	// Consultation responses.
	"response-entered":   "The response has been entered. It will not be published until it has been checked.",
	"response-imported":  "The response in the file has been imported. It will not be published until it has been checked.",
	"responses-imported": "The responses in the file have been imported. None will be published until it has been checked.",
	"response-checked":   "The check has been recorded.",

	// Views on the plan, Annex C, the bundle, appraisals and s.36 decisions.
	"plan-view-recorded":  "The view has been recorded. Say what became of it once the plan has taken it into account.",
	"plan-views-imported": "The consultation's publishable written answers have been added as views. Say what became of each one.",
	"plan-view-answered":  "What became of the view has been recorded. It now appears in \"you said, we did\".",
	"annex-c-ticked":      "The checklist item has been ticked with its evidence.",
	"plan-document-added": "The document has been added to the plan's publication bundle.",
	"appraisal-created":   "The option appraisal has been started. Score each option against each criterion below.",
	"appraisal-scored":    "The scores have been saved.",
	"appraisal-published": "The option appraisal has been published with its decision.",
	"decision-registered": "The decision has been added to the register. Record the Strategic Planning Group's views and the consultation before it is taken.",
	"decision-taken":      "The decision has been recorded as taken.",

	// Strategic plans: the statutory sequence, review and replacement.
	"plan-created":        "The plan has been started. Record its communication and engagement plan first.",
	"plan-advanced":       "The plan has moved to its next stage. The move has been dated and recorded.",
	"engagement-saved":    "The communication and engagement plan has been saved.",
	"recipient-added":     "The recipient has been recorded.",
	"review-recorded":     "The review has been recorded. The next review is due three years from it.",
	"replacement-started": "The replacement plan has been started. The current plan stays in force until this one is published.",
	"direction-recorded":  "The direction has been recorded and the replacement plan started. The current plan stays in force until the replacement is published.",

	// The plan's drafts: versions, sections, arrangements and links.
	"plan-version-started":      "The new version has been started with a copy of the previous version's text, which is kept as it was.",
	"plan-correction-published": "The correction has been published: it is now the plan's public text.",
	"plan-section-added":        "The section has been added.",
	"plan-section-saved":        "The section has been saved.",
	"plan-arrangement-added":    "The arrangement has been added.",
	"plan-arrangement-saved":    "The arrangement has been saved.",
	"plan-arrangement-removed":  "The arrangement has been removed.",
	"plan-link-added":           "The plan has been linked.",
	"plan-link-removed":         "The link has been removed.",
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// seeOther redirects after a successful form (POST-redirect-GET).
func seeOther(w http.ResponseWriter, r *http.Request, path, done string) error {
	if done != "" {
		path += "?done=" + url.QueryEscape(done)
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
	return nil
}

// sendStoredFile sends an uploaded file (a paper, receipt or document) as
// a download: never shown inline, never sniffed as another type, never
// allowed to run anything, never kept in a shared cache. Every download of
// a stored file goes through here.
func sendStoredFile(w http.ResponseWriter, r *http.Request, filename, contentType string, content []byte) error {
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": filename})
	if disposition == "" {
		disposition = "attachment"
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", disposition)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Content-Length", strconv.Itoa(len(content)))
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(content)
	}
	return nil
}
