package web_test

// performanceAccess says who may use each route of the annual performance
// report (issue 14 item 6): anyone reads the published report, its board
// paper and open data; planners read the staff pages and the preview;
// editors write and publish.
var performanceAccess = map[string]access{
	"GET /staff/partnerships/{slug}/performance":                  planners,
	"GET /staff/partnerships/{slug}/performance/{year}":           planners,
	"POST /staff/partnerships/{slug}/performance/{year}/sections": editors,
	"POST /staff/partnerships/{slug}/performance/{year}/entries":  editors,
	"POST /staff/partnerships/{slug}/performance/{year}/actions":  editors,
	"POST /staff/partnerships/{slug}/performance/{year}/spend":    editors,
	"POST /staff/partnerships/{slug}/performance/{year}/publish":  editors,
	"GET /staff/partnerships/{slug}/performance/{year}/preview":   planners,
	"GET /partnerships/{slug}/performance-report":                 anyone,
	"GET /partnerships/{slug}/performance-report/board-paper":     anyone,
	"GET /api/v1/partnerships/{slug}/performance-report":          anyone,
}
