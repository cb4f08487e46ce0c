package kit

import (
	"fmt"
	"net/url"
	"strings"
)

// StaffPath is the address of a partnership's staff page:
// StaffPath("glenmorven", "plans", 3, "versions") is
// "/staff/partnerships/glenmorven/plans/3/versions". Each part is escaped.
// Templates have it as staffPath.
func StaffPath(slug string, parts ...any) string {
	return join("/staff/partnerships/"+url.PathEscape(slug), parts)
}

// PublicPath is the address of a partnership's public page:
// PublicPath("glenmorven", "consultations", "c-12") is
// "/partnerships/glenmorven/consultations/c-12". Templates have it as
// publicPath.
func PublicPath(slug string, parts ...any) string {
	return join("/partnerships/"+url.PathEscape(slug), parts)
}

func join(base string, parts []any) string {
	var b strings.Builder
	b.WriteString(base)
	for _, p := range parts {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(fmt.Sprint(p)))
	}
	return b.String()
}
