package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/auth"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/web"
)

// access is who may use a route, written out here independently of
// auth.Can so that a change to either shows up as a failure.
type access string

const (
	anyone       access = "anyone"
	staff        access = "any signed-in account"
	members      access = "any account of the partnership, service administrator"
	planners     access = "own administrators and officers, scrutiny, service administrator"
	editors      access = "own administrators and officers, service administrator"
	auditors     access = "own administrators, scrutiny, service administrator"
	accountAdmin access = "own administrators, service administrator"
	serviceAdmin access = "service administrator only"
)

// routeAccess is every route coplan serves, gathered from each capability's
// list (foundationAccess here, the others beside their tests). A route
// missing here fails the test: decide who may use it and add it.
var routeAccess = func() map[string]access {
	all := map[string]access{}
	for _, m := range []map[string]access{foundationAccess, governanceAccess, meetingAccess, expenseAccess,
		consultPublicAccess, consultStaffAccess, consultResponseAccess,
		planAccess, planDraftAccess, planPublicAccess, selfevalAccess, commissioningAccess, evaluationAccess,
		moneyAccess, analysisAccess, analysisThemesAccess, analysisReportAccess, analysisQdpxAccess,
		indicatorsAccess, performanceAccess} {
		for k, v := range m {
			all[k] = v
		}
	}
	return all
}()

var foundationAccess = map[string]access{
	"GET /{$}":                                  anyone,
	"GET /partnerships/{slug}":                  anyone,
	"GET /law":                                  anyone,
	"GET /accessibility":                        anyone,
	"GET /privacy":                              anyone, // issue 10, item 13
	"GET /partnerships/{slug}/privacy":          anyone,
	"GET /healthz":                              anyone,
	"GET /signin":                               anyone,
	"POST /signin":                              anyone,
	"POST /signout":                             staff,
	"GET /staff":                                staff,
	"GET /staff/partnerships/new":               serviceAdmin,
	"POST /staff/partnerships":                  serviceAdmin,
	"GET /staff/partnerships/{slug}":            planners,
	"GET /staff/partnerships/{slug}/edit":       editors,
	"POST /staff/partnerships/{slug}/edit":      editors,
	"GET /staff/partnerships/{slug}/functions":  planners,
	"POST /staff/partnerships/{slug}/functions": editors,
	"POST /staff/partnerships/{slug}/functions/{id}/remove": editors,
	"GET /staff/partnerships/{slug}/privacy":                editors,
	"GET /staff/partnerships/{slug}/populations":            editors, // issue 13, item 1
	"POST /staff/partnerships/{slug}/populations":           editors,
	"POST /staff/partnerships/{slug}/privacy":               editors,
	"GET /staff/partnerships/{slug}/audit":                  auditors,
	"GET /staff/partnerships/{slug}/accounts":               accountAdmin,
	"POST /staff/partnerships/{slug}/accounts":              accountAdmin,
	"GET /api/v1/partnerships":                              anyone,
	"GET /api/v1/partnerships/{slug}":                       anyone,
}

// who is a role tried against every route.
type who struct {
	name    string
	email   string // "" for nobody signed in
	service bool   // belongs to no partnership (scrutiny, service administrator)
}

var everyone = []who{
	{"nobody", "", false},
	{"administrator", "admin@glenmorven.example", false},
	{"officer", "officer@glenmorven.example", false},
	{"spg member", "spg@glenmorven.example", false},
	{"board member", "board@glenmorven.example", false},
	{"scrutiny", "scrutiny@inspectorate.example", true},
	{"service administrator", "service-admin@coplan.example", true},
}

// allowed answers, for one access rule, whether a role may use a route
// about its own partnership (own) or another one.
func allowed(a access, w who, own bool) bool {
	switch a {
	case anyone:
		return true
	case staff:
		return w.email != ""
	case members:
		return w.name == "service administrator" || own && w.email != "" && !w.service
	case planners:
		return w.name == "scrutiny" || w.name == "service administrator" ||
			own && (w.name == "administrator" || w.name == "officer")
	case editors:
		return w.name == "service administrator" || own && (w.name == "administrator" || w.name == "officer")
	case auditors:
		return w.name == "scrutiny" || w.name == "service administrator" || own && w.name == "administrator"
	case accountAdmin:
		return w.name == "service administrator" || own && w.name == "administrator"
	case serviceAdmin:
		return w.name == "service administrator"
	}
	return false
}

// pathValueSources give real ids of a partnership's records for the
// wildcards in route patterns other than {slug} and {id}.
var pathValueSources = []func(t *testing.T, d *db.DB, p partnership.Partnership) map[string]string{
	governancePathValues,
	meetingPathValues,
	expensePathValues,
	consultPathValues,
	planPathValues,
	selfevalPathValues,
	commissioningPathValues,
	analysisPathValues,
	indicatorsPathValues,
	analysisThemesPathValues,
}

// TestEveryRouteEveryRole walks every route with every role, for the role's
// own partnership and another, and checks who gets in.
func TestEveryRouteEveryRole(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, d, time.Now); err != nil {
			t.Fatal(err)
		}
		s, err := web.New(web.Config{DB: d})
		if err != nil {
			t.Fatal(err)
		}
		known := map[string]bool{}
		for _, rt := range s.Routes() {
			known[rt.Pattern] = true
			if _, ok := routeAccess[rt.Pattern]; !ok {
				t.Errorf("route %q is not in the authorisation test: decide who may use it and add it to routeAccess", rt.Pattern)
			}
		}
		for pattern := range routeAccess {
			if !known[pattern] {
				t.Errorf("routeAccess lists %q but coplan has no such route", pattern)
			}
		}

		own, err := partnership.BySlug(ctx, d, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		other, err := partnership.BySlug(ctx, d, "highland")
		if err != nil {
			t.Fatal(err)
		}
		cookies := map[string]string{}
		for _, w := range everyone[1:] {
			u, err := auth.UserByEmail(ctx, d, w.email)
			if err != nil {
				t.Fatal(err)
			}
			token, err := auth.NewSession(ctx, d, u, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			cookies[w.name] = token
		}

		values := map[int64]map[string]string{}
		for _, p := range []partnership.Partnership{own, other} {
			values[p.ID] = map[string]string{}
			for _, src := range pathValueSources {
				for k, v := range src(t, d, p) {
					values[p.ID][k] = v
				}
			}
		}
		n := 0
		for _, rt := range s.Routes() {
			if _, ok := routeAccess[rt.Pattern]; !ok {
				continue // reported above
			}
			method, path, _ := strings.Cut(rt.Pattern, " ")
			for _, w := range everyone {
				for _, p := range []partnership.Partnership{own, other} {
					isOwn := p.ID == own.ID
					if !strings.Contains(path, "{slug}") && !isOwn {
						continue // the route names no partnership
					}
					// A function that exists, so removal is tried on a real record.
					n++
					f, err := partnership.StoreFor(d, p, time.Now).AddFunction(ctx, partnership.Function{
						Name: "Test function " + strconv.Itoa(n), Partner: p.HealthBoard, Kind: "health"}, audit.System)
					if err != nil {
						t.Fatal(err)
					}
					pairs := []string{"{slug}", p.Slug, "{id}", strconv.FormatInt(f.ID, 10), "{$}", ""}
					for k, v := range values[p.ID] {
						pairs = append(pairs, k, v)
					}
					target := strings.NewReplacer(pairs...).Replace(path)
					if strings.Contains(target, "{") {
						t.Fatalf("%s: no value for a wildcard in %s; add it to pathValueSources", rt.Pattern, target)
					}
					var body *strings.Reader
					if method == http.MethodPost {
						body = strings.NewReader(url.Values{"unused": {"1"}}.Encode())
					} else {
						body = strings.NewReader("")
					}
					req := httptest.NewRequest(method, target, body)
					if method == http.MethodPost {
						req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					}
					if c, ok := cookies[w.name]; ok {
						req.AddCookie(&http.Cookie{Name: "coplan_session", Value: c})
					}
					rec := httptest.NewRecorder()
					s.ServeHTTP(rec, req)
					want := allowed(routeAccess[rt.Pattern], w, isOwn)
					got := !refused(rec)
					if got != want {
						t.Errorf("%s %s as %s (%s partnership): status %d, location %q; want allowed=%v (%s)",
							method, target, w.name, map[bool]string{true: "own", false: "other"}[isOwn],
							rec.Code, rec.Header().Get("Location"), want, routeAccess[rt.Pattern])
					}
					if rec.Code >= 500 {
						t.Errorf("%s %s as %s: server error %d", method, target, w.name, rec.Code)
					}
					if method == http.MethodPost && rt.Pattern == "POST /signout" && got {
						// Signing out ended the session: start a new one for the next route.
						u, _ := auth.UserByEmail(ctx, d, w.email)
						cookies[w.name], _ = auth.NewSession(ctx, d, u, time.Now())
					}
				}
			}
		}
	})
}

// refused reports whether the response turned the request away: a redirect
// to sign in, 401 or 403.
func refused(rec *httptest.ResponseRecorder) bool {
	if rec.Code == http.StatusUnauthorized || rec.Code == http.StatusForbidden {
		return true
	}
	return rec.Code == http.StatusSeeOther && strings.HasPrefix(rec.Header().Get("Location"), "/signin")
}
