package kit

import (
	"errors"
	"net/http"
	"strings"

	"coplan/internal/valid"
)

// HTTPError is an error with the status and message a person should see.
type HTTPError struct {
	Status  int
	Message string
}

func (e HTTPError) Error() string { return e.Message }

// The errors every room returns for a missing page, a refused account and
// a request that makes no sense.
var (
	ErrNotFound  = HTTPError{http.StatusNotFound, "Page not found. If you typed the web address, check it is correct."}
	ErrForbidden = HTTPError{http.StatusForbidden, "Your account does not give you access to this page. If you think it should, ask your partnership's coplan administrator."}
)

// BadRequest is a 400 with a message saying what to do.
func BadRequest(message string) error { return HTTPError{http.StatusBadRequest, message} }

// Fail turns an error into the page (or JSON) a person sees: the one
// place that decides the HTTP status. valid.ErrNotFound from any store is
// "Page not found"; an HTTPError keeps its status; valid.Errors a handler
// did not show at its fields (ParseForm's, say) are a 422 listing them;
// anything else is logged and is a 500.
func (k *Kit) Fail(w http.ResponseWriter, r *http.Request, err error) {
	var he HTTPError
	switch {
	case errors.As(err, &he):
	case errors.Is(err, valid.ErrNotFound):
		he = ErrNotFound
	case errors.As(err, new(valid.Errors)):
		// Away from the form, "this box" is "a box on the form".
		msg := strings.ReplaceAll(err.Error(), "This box", "A box on the form")
		he = HTTPError{http.StatusUnprocessableEntity, "Nothing was saved. " + msg + ". Go back to the form, correct it and send it again."}
	default:
		k.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		he = HTTPError{http.StatusInternalServerError, "Sorry, something went wrong on our side. Try again later; if it keeps happening, tell your coplan administrator."}
	}
	if IsAPI(r) {
		WriteJSON(w, he.Status, map[string]string{"error": he.Message})
		return
	}
	title := map[int]string{404: "Page not found", 403: "You do not have access", 401: "Sign in to continue", 500: "Sorry, there is a problem",
		429: "Please try again later", 200: "Thank you", 413: "What you sent is too long", 422: "There is a problem"}[he.Status]
	if title == "" {
		title = http.StatusText(he.Status)
	}
	k.errors.Render(w, r, he.Status, "error.html", View{Title: title, Data: he.Message})
}

// IsAPI says whether r is for the open data API, which answers in JSON.
func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }
