// Package valid carries the errors that bad input produces: each names the
// form field it belongs to and says, in a sentence a member of the public
// understands, what to do. Pages show them the GOV.UK and Scottish
// Government way: a summary at the top linking to each field, and the
// message again at the field.
package valid

import (
	"database/sql"
	"errors"
	"strings"
)

// FieldError is one problem with one field. Field is the id of the input on
// the page (so the error summary can link to it).
type FieldError struct {
	Field   string
	Message string
}

// Errors is every problem found with one submission. A nil or empty Errors
// means the input is fine; use Err to turn it into an error.
type Errors []FieldError

// Add records a problem with a field.
func (e *Errors) Add(field, message string) { *e = append(*e, FieldError{field, message}) }

// Error joins the messages.
func (e Errors) Error() string {
	msgs := make([]string, len(e))
	for i, fe := range e {
		msgs[i] = fe.Message
	}
	return strings.Join(msgs, "; ")
}

// Err returns e as an error, or nil when there is nothing wrong.
func (e Errors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

// For returns the message for a field, or "".
func (e Errors) For(field string) string {
	for _, fe := range e {
		if fe.Field == field {
			return fe.Message
		}
	}
	return ""
}

// As extracts Errors from err, reporting whether it held any.
func As(err error) (Errors, bool) {
	var e Errors
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// ErrNotFound is the one "not found" of every store: no record of the
// store's partnership has that id (another partnership's record is not
// found either). The web kit turns it into the "Page not found" page.
var ErrNotFound = errors.New("not found")

// NotFound turns sql.ErrNoRows into ErrNotFound and returns any other
// error as it is.
func NotFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
