package kit

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"coplan/internal/civil"
	"coplan/internal/files"
	"coplan/internal/valid"
)

// MaxFormBytes is the most a form without files may send.
const MaxFormBytes = 1 << 20

// Form is a posted form, read by ParseForm or ReadUpload.
type Form struct{ url.Values }

// ParseForm reads a posted form of at most MaxFormBytes. A form that cannot
// be read is a 400 that says what to do.
func ParseForm(w http.ResponseWriter, r *http.Request) (Form, error) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		return Form{}, BadRequest("The form could not be read. Go back to the page and try again.")
	}
	return Form{r.PostForm}, nil
}

// Text is a field's value with the spaces around it removed.
func (f Form) Text(name string) string { return strings.TrimSpace(f.Get(name)) }

// Int is a field's whole number, and whether it was one.
func (f Form) Int(name string) (int, bool) {
	n, err := strconv.Atoi(f.Text(name))
	return n, err == nil
}

// ID is a field holding a record's id (a select or radio of records); 0
// when absent or malformed, which every store treats as "none".
func (f Form) ID(name string) int64 {
	id, err := strconv.ParseInt(f.Text(name), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// IDs is every id a group of boxes sent, leaving out malformed ones.
func (f Form) IDs(name string) []int64 {
	var out []int64
	for _, v := range f.Values[name] {
		if id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && id > 0 {
			out = append(out, id)
		}
	}
	return out
}

// Yes says whether a single checkbox (value "yes") was ticked.
func (f Form) Yes(name string) bool { return f.Get(name) == "yes" }

// Date is a field holding a date typed as YYYY-MM-DD, and whether it was
// a real one.
func (f Form) Date(name string) (civil.Date, bool) { return civil.ParseDate(f.Get(name)) }

// ReadUpload reads a form with one file in field, no larger than the
// rule's limit. Too large a file is valid.Errors for the field (the
// form's other fields are not read: show the form again empty of them);
// no file at all is an empty Upload, which the rule's Check refuses with
// "Select a file" if one is needed. The upload's temporary files are
// removed when the request ends.
func ReadUpload(w http.ResponseWriter, r *http.Request, field string, rule files.Rule) (Form, files.Upload, error) {
	us, f, err := readMultipart(w, r, field, rule, 1)
	var u files.Upload
	if len(us) > 0 {
		u = us[0]
	}
	return f, u, err
}

// ReadUploads reads a form with up to max files in field, each no larger
// than the rule's limit; more or larger files are valid.Errors for the
// field.
func ReadUploads(w http.ResponseWriter, r *http.Request, field string, rule files.Rule, max int) (Form, []files.Upload, error) {
	us, f, err := readMultipart(w, r, field, rule, max)
	return f, us, err
}

func readMultipart(w http.ResponseWriter, r *http.Request, field string, rule files.Rule, max int) ([]files.Upload, Form, error) {
	r.Body = http.MaxBytesReader(w, r.Body, int64(max)*int64(rule.Max)+MaxFormBytes)
	err := r.ParseMultipartForm(MaxFormBytes)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, Form{url.Values{}}, rule.TooBig(field)
	case errors.Is(err, http.ErrNotMultipart):
		return nil, Form{r.PostForm}, nil
	case err != nil:
		return nil, Form{}, BadRequest("The upload could not be read. Choose the file again and send it once more.")
	}
	var us []files.Upload
	for _, h := range r.MultipartForm.File[field] {
		if h.Filename == "" && h.Size == 0 {
			continue
		}
		if len(us) == max {
			return nil, Form{r.PostForm}, tooMany(field, max)
		}
		if h.Size > int64(rule.Max) {
			return nil, Form{r.PostForm}, rule.TooBig(field)
		}
		fh, err := h.Open()
		if err != nil {
			return nil, Form{}, err
		}
		content, err := io.ReadAll(io.LimitReader(fh, int64(rule.Max)+1))
		fh.Close()
		if err != nil {
			return nil, Form{}, err
		}
		us = append(us, files.Upload{Filename: h.Filename, Content: content})
	}
	return us, Form{r.PostForm}, nil
}

func tooMany(field string, max int) error {
	return valid.Errors{{Field: field, Message: "Choose at most " + strconv.Itoa(max) + " files"}}
}
