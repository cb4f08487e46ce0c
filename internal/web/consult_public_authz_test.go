package web_test

// consultPublicAccess says who may use each consultation route (public):
// anyone may read a partnership's consultations, respond to one and
// comment on how it was run; the outbox is a staff page.
var consultPublicAccess = map[string]access{
	"GET /partnerships/{slug}/consultations":                          anyone,
	"GET /partnerships/{slug}/consultations/{consultation}":           anyone,
	"POST /partnerships/{slug}/consultations/{consultation}/start":    anyone,
	"GET /partnerships/{slug}/consultations/{consultation}/feedback":  anyone,
	"POST /partnerships/{slug}/consultations/{consultation}/feedback": anyone,
	"GET /partnerships/{slug}/respond/{draft}":                        anyone,
	"GET /partnerships/{slug}/respond/{draft}/page/{n}":               anyone,
	"POST /partnerships/{slug}/respond/{draft}/page/{n}":              anyone,
	"GET /partnerships/{slug}/respond/{draft}/about-you":              anyone,
	"POST /partnerships/{slug}/respond/{draft}/about-you":             anyone,
	"GET /partnerships/{slug}/respond/{draft}/check":                  anyone,
	"POST /partnerships/{slug}/respond/{draft}/submit":                anyone,
	"GET /partnerships/{slug}/respond/{draft}/saved":                  anyone,
	"POST /partnerships/{slug}/respond/{draft}/saved":                 anyone,
	"GET /staff/partnerships/{slug}/outbox":                           editors,
}
