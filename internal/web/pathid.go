package web

import (
	"net/http"
	"strconv"
)

// pathID reads a numeric path value; a malformed one is "not found".
// TODO(rooms): the rooms still in internal/web use it; kit.PathID replaces
// it as each moves out.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}
