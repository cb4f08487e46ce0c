package kit

import (
	"fmt"
	"slices"
	"strings"
)

// Field is one form control as the components in templates/components.html
// draw it, with its label, hint, error and entered value, built in a
// template by the "field" function:
//
//	{{template "input" field . "name" "title" "label" "Title" "hint" "For example: Care at home"}}
//	{{template "radios" field . "name" "kind" "label" "Type of function" "options" (options "health" "Health" "social-care" "Social care")}}
//
// The first argument is the page's View: the field's error and what was
// entered come from it. The rest are pairs of a key and a value:
//
//	name          the control's name, and its id unless "id" is given (required)
//	id            the control's id, which the error summary links to
//	label         the label, or the legend of a group of radios or boxes
//	hint          the hint under the label
//	value         the value to show, instead of what the form sent
//	values        []string: the chosen values of radios, boxes or a select, instead of what the form sent
//	error         the field name the error is recorded under, if not the id
//	type          the input's type: text (the default), email, tel, url, password, date, time, number
//	width         a Design System width: fixed-2 ... fixed-20, fluid-half ...
//	rows          a textarea's rows
//	lang          the language of what is typed, e.g. gd
//	autocomplete, inputmode, accept: the attributes of that name
//	spellcheck    "false" to turn spell checking off
//	options       []Option, for radios, checkboxes and select (see "options")
//	inline        true for radios side by side (yes/no)
//	multiple      true for a file input that takes several files
//	checked       true to tick a single "checkbox" whatever the form sent
//	readonly      true for an input shown to be copied, not changed
//	currency      true for an amount in pounds: the input shows a £ before it
//	boxes         []Box, for "inputs": the text boxes of a list under one legend
//	disabled      true to show the control switched off (a preview)
//	errorPrefix   the hidden word before an error message, for a page in another language ("Error" if not given)
type Field struct {
	ID, Name, Label, Hint, Value, Error    string
	Type, Width, Lang                      string
	Autocomplete, Inputmode, Accept        string
	Rows                                   int
	NoSpellcheck, Inline, Checked          bool
	Multiple, Readonly, Currency, Disabled bool
	ErrorPrefix                            string
	Options                                []Option
	Values                                 []string
	Boxes                                  []Box

	valueGiven bool
}

// Box is one text box of an "inputs" list (a list of names with spare
// empty boxes): its own name, label and value.
type Box struct {
	Name, Label, Value string
}

// BoxID is the id of the i'th box of an "inputs" list: the field's own id
// for the first, so that the error summary's link lands on it, then the
// box's name.
func (f Field) BoxID(i int) string {
	if i == 0 {
		return f.ID
	}
	return f.Boxes[i].Name
}

// Option is one choice of radios, checkboxes or a select.
type Option struct {
	Value, Label string
	Hint         string // shown under a radio or box's label
	Lang         string // the label's language, if not the page's
}

// Options makes options from pairs of a value and its label:
// (options "health" "Health" "social-care" "Social care").
func Options(pairs ...string) []Option {
	out := make([]Option, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, Option{Value: pairs[i], Label: pairs[i+1]})
	}
	return out
}

// NewField is the template function "field"; see Field.
func NewField(v View, kv ...any) (Field, error) {
	if len(kv)%2 != 0 {
		return Field{}, fmt.Errorf("field: keys and values must come in pairs")
	}
	var f Field
	var errorField string
	value, values := (*string)(nil), []string(nil)
	haveValues := false
	for i := 0; i < len(kv); i += 2 {
		key, ok := kv[i].(string)
		if !ok {
			return Field{}, fmt.Errorf("field: key %v is not a string", kv[i])
		}
		val := kv[i+1]
		str := fmt.Sprint(val)
		switch key {
		case "name":
			f.Name = str
		case "id":
			f.ID = str
		case "label":
			f.Label = str
		case "hint":
			f.Hint = str
		case "value":
			value = &str
		case "values":
			vs, ok := val.([]string)
			if !ok {
				return Field{}, fmt.Errorf("field %s: values must be []string", f.Name)
			}
			values, haveValues = vs, true
		case "error":
			errorField = str
		case "type":
			f.Type = str
		case "width":
			f.Width = str
		case "rows":
			n, ok := val.(int)
			if !ok {
				return Field{}, fmt.Errorf("field %s: rows must be a number", f.Name)
			}
			f.Rows = n
		case "lang":
			f.Lang = str
		case "autocomplete":
			f.Autocomplete = str
		case "inputmode":
			f.Inputmode = str
		case "accept":
			f.Accept = str
		case "spellcheck":
			f.NoSpellcheck = str == "false"
		case "inline":
			f.Inline = val == true
		case "multiple":
			f.Multiple = val == true
		case "checked":
			f.Checked = val == true
		case "readonly":
			f.Readonly = val == true
		case "currency":
			f.Currency = val == true
		case "disabled":
			f.Disabled = val == true
		case "errorPrefix":
			f.ErrorPrefix = str
		case "options":
			os, ok := val.([]Option)
			if !ok {
				return Field{}, fmt.Errorf("field %s: options must be []kit.Option", f.Name)
			}
			f.Options = os
		case "boxes":
			bs, ok := val.([]Box)
			if !ok {
				return Field{}, fmt.Errorf("field %s: boxes must be []kit.Box", f.Name)
			}
			f.Boxes = bs
		default:
			return Field{}, fmt.Errorf("field %s: unknown key %q", f.Name, key)
		}
	}
	if f.Name == "" {
		return Field{}, fmt.Errorf("field: a name is required")
	}
	if f.ID == "" {
		f.ID = f.Name
	}
	if errorField == "" {
		errorField = f.ID
	}
	f.Error = v.Errors.For(errorField)
	if value != nil {
		f.Value, f.valueGiven = *value, true
	} else {
		f.Value = v.Form.Get(f.Name)
	}
	if haveValues {
		f.Values = values
	} else {
		f.Values = v.Form[f.Name]
	}
	return f, nil
}

// DescribedBy is the ids of the field's hint and error message, for
// aria-describedby; "" when it has neither.
func (f Field) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// Has says whether value is among the chosen values.
func (f Field) Has(value string) bool { return slices.Contains(f.Values, value) }

// OptionID is the id of the i'th radio or box: the field's own id for the
// first, so that the error summary's link lands on it, then ID-i.
func (f Field) OptionID(i int) string {
	if i == 0 {
		return f.ID
	}
	return fmt.Sprintf("%s-%d", f.ID, i)
}

// CheckboxValue is the value a single checkbox sends: "yes" unless a
// value was given.
func (f Field) CheckboxValue() string {
	if f.valueGiven {
		return f.Value
	}
	return "yes"
}

// Ticked says whether a single checkbox is ticked: "checked" was given, or
// the form sent its value.
func (f Field) Ticked() bool { return f.Checked || f.Has(f.CheckboxValue()) }
