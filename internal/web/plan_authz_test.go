package web_test

// planAccess says who may use each strategic plan route.
var planAccess = map[string]access{
	"GET /staff/partnerships/{slug}/plans":                     planners,
	"GET /staff/partnerships/{slug}/plans/new":                 editors,
	"POST /staff/partnerships/{slug}/plans":                    editors,
	"GET /staff/partnerships/{slug}/plans/{plan}":              planners,
	"GET /staff/partnerships/{slug}/plans/{plan}/edit":         editors,
	"POST /staff/partnerships/{slug}/plans/{plan}/edit":        editors,
	"POST /staff/partnerships/{slug}/plans/{plan}/advance":     editors,
	"GET /staff/partnerships/{slug}/plans/{plan}/engagement":   editors,
	"POST /staff/partnerships/{slug}/plans/{plan}/engagement":  editors,
	"GET /staff/partnerships/{slug}/plans/{plan}/recipients":   planners,
	"POST /staff/partnerships/{slug}/plans/{plan}/recipients":  editors,
	"GET /staff/partnerships/{slug}/plans/{plan}/review":       planners,
	"POST /staff/partnerships/{slug}/plans/{plan}/review":      editors,
	"POST /staff/partnerships/{slug}/plans/{plan}/replacement": editors,
	"POST /staff/partnerships/{slug}/plans/{plan}/direction":   editors,
}
