package web_test

// planDraftAccess says who may use each route where a plan is written.
var planDraftAccess = map[string]access{
	"GET /staff/partnerships/{slug}/plans/{plan}/versions":                                              planners,
	"POST /staff/partnerships/{slug}/plans/{plan}/versions":                                             editors,
	"POST /staff/partnerships/{slug}/plans/{plan}/versions/{version}/publish":                           editors,
	"GET /staff/partnerships/{slug}/plans/{plan}/versions/{version}":                                    planners,
	"POST /staff/partnerships/{slug}/plans/{plan}/versions/{version}/sections":                          editors,
	"POST /staff/partnerships/{slug}/plans/{plan}/versions/{version}/sections/{section}":                editors,
	"GET /staff/partnerships/{slug}/plans/{plan}/versions/{version}/arrangements":                       planners,
	"GET /staff/partnerships/{slug}/plans/{plan}/versions/{version}/arrangements/new":                   editors,
	"POST /staff/partnerships/{slug}/plans/{plan}/versions/{version}/arrangements":                      editors,
	"GET /staff/partnerships/{slug}/plans/{plan}/versions/{version}/arrangements/{arrangement}":         editors,
	"POST /staff/partnerships/{slug}/plans/{plan}/versions/{version}/arrangements/{arrangement}":        editors,
	"POST /staff/partnerships/{slug}/plans/{plan}/versions/{version}/arrangements/{arrangement}/remove": editors,
	"GET /staff/partnerships/{slug}/plans/{plan}/diff":                                                  planners,
	"GET /staff/partnerships/{slug}/plans/{plan}/coverage":                                              planners,
	"GET /staff/partnerships/{slug}/plans/{plan}/links":                                                 planners,
	"POST /staff/partnerships/{slug}/plans/{plan}/links":                                                editors,
	"POST /staff/partnerships/{slug}/plans/{plan}/links/{link}/remove":                                  editors,
}
