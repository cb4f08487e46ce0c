package web_test

// analysisQdpxAccess says who may use each page of the REFI-QDA exchange:
// planners and scrutiny see the page; only officers download the project
// (it holds every answer's words, as the full export of the responses
// does) or import a codebook.
var analysisQdpxAccess = map[string]access{
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis/exchange":           planners,
	"POST /staff/partnerships/{slug}/consultations/{consultation}/analysis/exchange/codebook": editors,
	"GET /staff/partnerships/{slug}/consultations/{consultation}/analysis.qdpx":               editors,
}
