package kit

import (
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strconv"
)

// SeeOther redirects after a successful form (POST-redirect-GET); done, if
// not "", names the notice the next page shows (see Kit.AddNotices).
func SeeOther(w http.ResponseWriter, r *http.Request, path, done string) error {
	if done != "" {
		path += "?done=" + url.QueryEscape(done)
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
	return nil
}

// WriteJSON writes v as indented JSON that any website may read (the open
// data API).
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// JSON writes v with status 200 and returns nil, for an API handler's last
// line.
func JSON(w http.ResponseWriter, v any) error {
	WriteJSON(w, http.StatusOK, v)
	return nil
}

// SendStoredFile sends an uploaded file (a paper, receipt or document) as
// a download: never shown inline, never sniffed as another type, never
// allowed to run anything, never kept in a shared cache. Every download of
// a stored file goes through here.
func SendStoredFile(w http.ResponseWriter, r *http.Request, filename, contentType string, content []byte) error {
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

// PathID reads a numeric path value such as {meeting}; a malformed one is
// "not found".
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, ErrNotFound
	}
	return id, nil
}
