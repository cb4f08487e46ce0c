package kit

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"time"

	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/markdown"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

//go:embed templates
var kitFiles embed.FS

// Pages is one room's page templates, each parsed with the layout, the
// components and the room's partials.
type Pages struct {
	kit    *Kit
	byName map[string]*template.Template
}

// Pages parses a room's templates: every templates/*.html in fsys is a
// page, parsed with the kit's layout and components and the room's
// templates/partials/*.html. extra adds the room's own template functions
// to the kit's (Funcs). A nil fsys gives the kit's own pages (error.html).
func (k *Kit) Pages(fsys fs.FS, extra template.FuncMap) (*Pages, error) {
	fm := Funcs()
	maps.Copy(fm, extra)
	p := &Pages{kit: k, byName: map[string]*template.Template{}}
	base, err := template.New("").Funcs(fm).ParseFS(kitFiles, "templates/layout.html", "templates/forms.html", "templates/components.html",
		"templates/charts.html")
	if err != nil {
		return nil, fmt.Errorf("kit templates: %w", err)
	}
	if fsys == nil {
		t, err := template.Must(base.Clone()).ParseFS(kitFiles, "templates/error.html")
		if err != nil {
			return nil, err
		}
		p.byName["error.html"] = t
		return p, nil
	}
	if partials, _ := fs.Glob(fsys, "templates/partials/*.html"); len(partials) > 0 {
		if base, err = base.ParseFS(fsys, partials...); err != nil {
			return nil, fmt.Errorf("partials: %w", err)
		}
	}
	names, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		t, err := template.Must(base.Clone()).ParseFS(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		p.byName[strings.TrimPrefix(name, "templates/")] = t
	}
	return p, nil
}

// View is what every page template receives.
type View struct {
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
func (v View) HasErrors() bool { return len(v.Errors) > 0 }

// Value returns what was entered in a form field.
func (v View) Value(field string) string { return v.Form.Get(field) }

// Render writes a page with the given status. The page is rendered into a
// buffer first so a template error becomes a clean error page. The view's
// User, Partnership and Notice are filled in from the request.
func (p *Pages) Render(w http.ResponseWriter, r *http.Request, status int, name string, v View) {
	rq := Current(r)
	v.User = rq.User
	if v.Partnership == nil {
		v.Partnership = rq.Partnership
	}
	if v.Notice == "" {
		v.Notice = p.kit.notices[r.URL.Query().Get("done")]
	}
	t, ok := p.byName[name]
	if !ok {
		p.kit.Log.Error("no such template", "name", name)
		http.Error(w, "Sorry, something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		p.kit.Log.Error("render", "template", name, "err", err)
		http.Error(w, "Sorry, something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// OK renders a page with status 200 and returns nil, for a handler's last
// line.
func (p *Pages) OK(w http.ResponseWriter, r *http.Request, name string, v View) error {
	p.Render(w, r, http.StatusOK, name, v)
	return nil
}

// Date formats a time as a date in Scotland: "1 April 2027".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(civil.London).Format("2 January 2006")
}

// DateTime formats a time in Scotland: "1 April 2027, 9:30am".
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(civil.London).Format("2 January 2006, 3:04pm")
}

// Day formats a date recorded as YYYY-MM-DD (a string or a civil.Date)
// for people: "1 April 2027", as Date does; anything else is shown as it
// is.
func Day(v any) string {
	var s string
	switch d := v.(type) {
	case string:
		s = d
	case civil.Date:
		s = string(d)
	default:
		return fmt.Sprint(v)
	}
	if d, ok := civil.ParseDate(s); ok {
		return d.String()
	}
	return s
}

// Funcs are the template functions every page has.
func Funcs() template.FuncMap {
	return template.FuncMap{
		"join":     strings.Join,
		"date":     Date,
		"datetime": DateTime,
		"day":      Day,
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
		"paragraphs": Paragraphs,
		// markdown renders what an officer wrote, its "#" headings one
		// level under the heading it sits under: {{markdown .Body 3}}.
		"markdown":   func(src string, under int) template.HTML { return markdown.HTML(src, under) },
		"field":      NewField,
		"option":     func(value, label string) Option { return Option{Value: value, Label: label} },
		"options":    Options,
		"staffPath":  StaffPath,
		"publicPath": PublicPath,
	}
}

// Paragraph is one line of a text: a paragraph or a bullet.
type Paragraph struct {
	Bullet bool
	Text   string
}

// Paragraphs splits a text at line breaks; lines starting "- " are
// bullets (see statute.Item).
func Paragraphs(text string) []Paragraph {
	var out []Paragraph
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if b, ok := strings.CutPrefix(line, "- "); ok {
			out = append(out, Paragraph{true, b})
		} else {
			out = append(out, Paragraph{false, line})
		}
	}
	return out
}
