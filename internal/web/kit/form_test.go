package kit

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"coplan/internal/valid"
)

func post(body string) (*httptest.ResponseRecorder, *http.Request) {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return httptest.NewRecorder(), r
}

// issue 10, items 14 and 22: every field of every form is checked in one
// place: too long, a NUL byte or invalid UTF-8 is an error at the field.
func TestParseFormRefusesWhatCannotBeStored(t *testing.T) {
	long := strings.Repeat("a", MaxChars+1)
	tests := []struct {
		name   string
		form   url.Values
		opts   []FormOption
		fields []string // the fields with an error
		clean  string   // the "text" field's value after checking, when it is set
	}{
		{"fine", url.Values{"text": {"Home first ✓ Gàidhlig"}, "n": {"1"}}, nil, nil, "Home first ✓ Gàidhlig"},
		{"exactly the limit", url.Values{"text": {strings.Repeat("é", MaxChars)}}, nil, nil, ""},
		{"too long", url.Values{"text": {long}, "name": {"Ann"}}, nil, []string{"text"}, ""},
		{"allowed longer", url.Values{"text": {long}}, []FormOption{Allow("text", 20_000)}, nil, ""},
		{"limit lowered", url.Values{"name": {strings.Repeat("b", 201)}}, []FormOption{Allow("name", 200)}, []string{"name"}, ""},
		{"a NUL byte", url.Values{"text": {"care\x00home"}}, nil, []string{"text"}, "carehome"},
		{"invalid UTF-8", url.Values{"text": {"caf\xe9"}, "other": {"\xff\xfe"}}, nil, []string{"other", "text"}, "caf"},
		{"one of several values", url.Values{"box": {"a", "b\x00"}}, nil, []string{"box"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, r := post(tt.form.Encode())
			f, err := ParseForm(w, r, tt.opts...)
			errs, _ := valid.As(err)
			if len(errs) != len(tt.fields) {
				t.Fatalf("errors %v, want at %v", errs, tt.fields)
			}
			for i, field := range tt.fields {
				if errs[i].Field != field || errs[i].Message == "" {
					t.Errorf("error %d = %+v, want one at %s", i, errs[i], field)
				}
			}
			if tt.clean != "" && f.Get("text") != tt.clean {
				t.Errorf("text = %q, want %q", f.Get("text"), tt.clean)
			}
		})
	}
}

func TestParseFormWordsItsErrors(t *testing.T) {
	w, r := post(url.Values{"a": {"x\x00"}, "b": {"yyy"}}.Encode())
	_, err := ParseForm(w, r, Allow("b", 2), Say(func(max int) string { return "Suas gu " + Thousands(max) }, "Droch charactaran"))
	errs, _ := valid.As(err)
	if errs.For("a") != "Droch charactaran" || errs.For("b") != "Suas gu 2" {
		t.Errorf("errors = %v", errs)
	}
	if !strings.Contains(errs.Error(), "Droch") {
		t.Error(errs.Error())
	}
}

// issue 10, item 14: a form too large to read (a 5,000,000-character
// answer) is refused whole with a 413 that says nothing was saved.
func TestParseFormTooLarge(t *testing.T) {
	w, r := post("text=" + strings.Repeat("a", 5_000_000))
	_, err := ParseForm(w, r)
	var he HTTPError
	if !errors.As(err, &he) || he.Status != http.StatusRequestEntityTooLarge || !strings.Contains(he.Message, "nothing was saved") {
		t.Fatalf("err = %v", err)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 10000: "10,000", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
