package kit

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"coplan/internal/civil"
	"coplan/internal/files"
	"coplan/internal/valid"
)

// MaxFormBytes is the most a form without files may send.
const MaxFormBytes = 1 << 20

// MaxChars is the most characters any field of a form may hold unless its
// handler allows more (Allow): enough for a long answer, and far below what
// would make a page or the API unusable. A store's own rules set lower
// limits where the record has one (a name, a question's answer).
const MaxChars = 10_000

// Form is a posted form, read by ParseForm or ReadUpload.
type Form struct{ url.Values }

// FormOption changes how ParseForm checks a form: Allow, Say.
type FormOption func(*formRules)

type formRules struct {
	max map[string]int
	say func(Form) (tooLong func(max int) string, badChars string)
}

// Allow lets field hold up to max characters instead of MaxChars (a plan's
// text, say, or a question's own lower limit).
func Allow(field string, max int) FormOption {
	return func(fr *formRules) { fr.max[field] = max }
}

// Say words ParseForm's errors in the page's language: tooLong says a box
// holds at most max characters, badChars that a box has characters that
// cannot be stored.
func Say(tooLong func(max int) string, badChars string) FormOption {
	return SayBy(func(Form) (func(int) string, string) { return tooLong, badChars })
}

// SayBy is Say for a page whose language the form itself carries (a
// hidden "lang" field): say is given the form once it is read.
func SayBy(say func(Form) (tooLong func(max int) string, badChars string)) FormOption {
	return func(fr *formRules) { fr.say = say }
}

// ErrFormTooLarge is what a form larger than MaxFormBytes gets: nothing in
// it was read or stored.
var ErrFormTooLarge = HTTPError{http.StatusRequestEntityTooLarge,
	"What you sent is too long to store, so nothing was saved. Go back, shorten the longest box (at most 10,000 characters) and send it again."}

// ParseForm reads a posted form of at most MaxFormBytes and checks every
// field: a field longer than its limit (MaxChars unless Allow says
// otherwise), or holding a NUL character or text that is not valid UTF-8,
// is valid.Errors at that field, which a handler shows as it shows a
// store's errors, storing nothing. The Form is returned with the errors,
// its bad characters taken out so the page can show it again. A form that
// cannot be read is a 400 (413 when too large) that says what to do.
func ParseForm(w http.ResponseWriter, r *http.Request, opts ...FormOption) (Form, error) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return Form{url.Values{}}, ErrFormTooLarge
		}
		return Form{}, BadRequest("The form could not be read. Go back to the page and try again.")
	}
	f := Form{r.PostForm}
	return f, f.check(opts).Err()
}

// check finds the fields a form may not hold (ParseForm), cleaning their
// bad characters out so the form can be shown again. Fields are checked
// in name order, so the errors come in the same order every time.
func (f Form) check(opts []FormOption) valid.Errors {
	fr := formRules{max: map[string]int{}}
	for _, o := range opts {
		o(&fr)
	}
	type problem struct {
		field string
		max   int // too long, or 0 for characters that cannot be stored
	}
	var found []problem
	for _, name := range slices.Sorted(maps.Keys(f.Values)) {
		max, ok := fr.max[name]
		if !ok {
			max = MaxChars
		}
		bad, long := false, false
		for i, v := range f.Values[name] {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				bad = true
				f.Values[name][i] = strings.ReplaceAll(strings.ToValidUTF8(v, ""), "\x00", "")
			}
			long = long || utf8.RuneCountInString(f.Values[name][i]) > max
		}
		switch {
		case bad:
			found = append(found, problem{name, 0})
		case long:
			found = append(found, problem{name, max})
		}
	}
	if len(found) == 0 {
		return nil
	}
	tooLong := func(max int) string {
		return fmt.Sprintf("This box can hold at most %s characters. Shorten it and send it again", Thousands(max))
	}
	badChars := "This box has characters that cannot be stored: a hidden zero character, or text that is not valid Unicode. Type it again or paste it as plain text"
	if fr.say != nil {
		tooLong, badChars = fr.say(f)
	}
	var errs valid.Errors
	for _, p := range found {
		if p.max == 0 {
			errs.Add(p.field, badChars)
		} else {
			errs.Add(p.field, tooLong(p.max))
		}
	}
	return errs
}

// Thousands writes n with commas between the thousands: 10,000.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
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
		f := Form{r.PostForm}
		return nil, f, f.check(nil).Err()
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
	f := Form{r.PostForm}
	return us, f, f.check(nil).Err()
}

func tooMany(field string, max int) error {
	return valid.Errors{{Field: field, Message: "Choose at most " + strconv.Itoa(max) + " files"}}
}
