package web_test

// analysisReportAccess says who may use each page of the analysis report
// (issue 13, items 9 and 11): planners and scrutiny read the preview;
// officers publish it and bring its themes into a plan; the published
// report and its open data are public.
var analysisReportAccess = map[string]access{
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis/report":       planners,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/analysis/report":      editors,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/analysis/report/plan": editors,
	"GET /partnerships/{slug}/consultations/{consultation}/report":                      anyone,
	"GET /api/v1/partnerships/{slug}/consultations/{consultation}/analysis":             anyone,
}
