package consultweb

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"coplan/internal/web/kit"
)

// A download that fails before sending anything is an ordinary error; one
// that fails after its first bytes cuts the connection
// (http.ErrAbortHandler) and is logged, so that no client takes a
// truncated file for a whole one.
func TestStreamFailingMidwayAborts(t *testing.T) {
	var logged bytes.Buffer
	s := &Handlers{k: &kit.Kit{Log: slog.New(slog.NewTextHandler(&logged, nil))}}
	boom := errors.New("database gone")
	for _, tt := range []struct {
		name  string
		write func(io.Writer) error
		abort bool
	}{
		{"fails before any byte", func(w io.Writer) error { return boom }, false},
		{"fails after the first bytes", func(w io.Writer) error {
			io.WriteString(w, "reference,channel\r\n")
			return boom
		}, true},
		{"whole", func(w io.Writer) error {
			_, err := io.WriteString(w, "reference,channel\r\n")
			return err
		}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			logged.Reset()
			w := httptest.NewRecorder()
			r := httptest.NewRequest("GET", "/responses.csv", nil)
			var err error
			aborted := func() (aborted bool) {
				defer func() {
					if v := recover(); v != nil {
						if v != http.ErrAbortHandler {
							panic(v)
						}
						aborted = true
					}
				}()
				err = s.respStream(w, r, tt.write)
				return false
			}()
			if aborted != tt.abort {
				t.Fatalf("aborted %v, want %v", aborted, tt.abort)
			}
			if tt.abort && !strings.Contains(logged.String(), "database gone") {
				t.Errorf("the failure was not logged: %q", logged.String())
			}
			if !tt.abort && tt.name != "whole" && !errors.Is(err, boom) {
				t.Errorf("err = %v, want the failure, for the error page", err)
			}
			if tt.name == "whole" && (err != nil || w.Code != http.StatusOK) {
				t.Errorf("a whole download: %d, %v", w.Code, err)
			}
		})
	}
}
