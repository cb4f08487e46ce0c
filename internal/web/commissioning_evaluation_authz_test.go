package web_test

// evaluationAccess says who may use each page of the evaluation of
// involvement in commissioning (issue 12, item 6). The page across
// partnerships is open to any account: it lists only the partnerships the
// account may read (every one for scrutiny and the service's
// administrators; their own for a partnership's officers; none for a
// member).
var evaluationAccess = map[string]access{
	"GET /staff/partnerships/{slug}/commissioning/evaluation":        planners,
	"GET /staff/partnerships/{slug}/commissioning/{item}/evaluation": planners,
	"GET /staff/commissioning/evaluation":                            staff,
}
