package web_test

// moneyAccess says who may use each route of directions and finance
// (issue 14): anyone reads the public registers and open data; planners
// read the staff pages; editors change things.
var moneyAccess = map[string]access{
	"GET /staff/partnerships/{slug}/directions":                       planners,
	"POST /staff/partnerships/{slug}/directions":                      editors,
	"GET /partnerships/{slug}/directions":                             anyone,
	"GET /api/v1/partnerships/{slug}/directions":                      anyone,
	"GET /staff/partnerships/{slug}/finance":                          planners,
	"POST /staff/partnerships/{slug}/finance/budgets":                 editors,
	"POST /staff/partnerships/{slug}/finance/settings":                editors,
	"POST /staff/partnerships/{slug}/finance/reserves":                editors,
	"POST /staff/partnerships/{slug}/finance/reserves/{id}/movements": editors,
	"POST /staff/partnerships/{slug}/finance/statement":               editors,
	"GET /partnerships/{slug}/financial-statement":                    anyone,
	"GET /api/v1/partnerships/{slug}/financial-statement":             anyone,
}
