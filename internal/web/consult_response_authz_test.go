package web_test

// consultResponseAccess says who may use each consultation route
// (responses, checking, exports and open data). Scrutiny reads responses
// and the publishable exports but not respondents' personal details, so
// the full exports are for officers only.
var consultResponseAccess = map[string]access{
	"GET /staff/partnerships/{slug}/checking":                                                   planners, // issue 10, item 16
	"GET /staff/partnerships/{slug}/consultations/{consultation}/responses":                     planners,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/responses/new":                 editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/responses":                    editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/responses/import":              editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/responses/import":             editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/responses/import/template.csv": editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/responses/{response}":          planners,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/responses/{response}/check":   editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/responses.csv":                 editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/responses.json":                editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/responses/publishable.csv":     planners,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/responses/publishable.json":    planners,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis":                      planners, // issue 13, items 1-3
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis.csv":                  planners,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis.xlsx":                 planners,
	"GET /api/v1/partnerships/{slug}/consultations":                                             anyone,
	"GET /api/v1/partnerships/{slug}/consultations/{consultation}/responses":                    anyone,
}
