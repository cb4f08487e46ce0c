package web_test

// planPublicAccess says who may use each route of views and their
// influence, Annex C, the publication bundle, open data, option appraisals
// and the s.36 register: anyone reads what is published; planners read the
// staff pages; editors change things.
var planPublicAccess = map[string]access{
	"GET /partnerships/{slug}/plans":                                      anyone,
	"GET /partnerships/{slug}/plans/{plan}":                               anyone,
	"GET /partnerships/{slug}/plans/{plan}/plan.pdf":                      anyone,
	"GET /partnerships/{slug}/plans/{plan}/documents/{document}":          anyone,
	"GET /partnerships/{slug}/appraisals/{appraisal}":                     anyone,
	"GET /partnerships/{slug}/decisions":                                  anyone,
	"GET /api/v1/partnerships/{slug}/plans":                               anyone,
	"GET /api/v1/partnerships/{slug}/plans/{plan}/consultation-statement": anyone,
	"GET /api/v1/partnerships/{slug}/plans/{plan}/you-said-we-did":        anyone,
	"GET /staff/partnerships/{slug}/plans/{plan}/views":                   planners,
	"POST /staff/partnerships/{slug}/plans/{plan}/views":                  editors,
	"POST /staff/partnerships/{slug}/plans/{plan}/views/import":           editors,
	"GET /staff/partnerships/{slug}/plans/{plan}/views/{view}":            planners,
	"POST /staff/partnerships/{slug}/plans/{plan}/views/{view}":           editors,
	"GET /staff/partnerships/{slug}/plans/{plan}/annex-c":                 planners,
	"POST /staff/partnerships/{slug}/plans/{plan}/annex-c":                editors,
	"POST /staff/partnerships/{slug}/plans/{plan}/documents":              editors,
	"GET /staff/partnerships/{slug}/plans/{plan}/documents/{document}":    planners,
	"GET /staff/partnerships/{slug}/plans/{plan}/bundle":                  planners,
	"GET /staff/partnerships/{slug}/appraisals":                           planners,
	"POST /staff/partnerships/{slug}/appraisals":                          editors,
	"GET /staff/partnerships/{slug}/appraisals/{appraisal}":               planners,
	"POST /staff/partnerships/{slug}/appraisals/{appraisal}/scores":       editors,
	"POST /staff/partnerships/{slug}/appraisals/{appraisal}/publish":      editors,
	"GET /staff/partnerships/{slug}/decisions":                            planners,
	"POST /staff/partnerships/{slug}/decisions":                           editors,
	"GET /staff/partnerships/{slug}/decisions/{decision}":                 planners,
	"POST /staff/partnerships/{slug}/decisions/{decision}":                editors,
	"POST /staff/partnerships/{slug}/decisions/{decision}/take":           editors,
}
