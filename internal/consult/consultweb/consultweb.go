// Package consultweb is the consultation room's pages: the planning
// officer's consultation builder (details, questions, documents, preview,
// publishing, the question bank), the public consultation pages and the
// respondent's journey through one, staff entry, import and checking of
// responses, their exports, the outbox, the open data API of
// consultations, and the submit path that commits online responses.
package consultweb

import (
	"embed"
	"html/template"

	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/mail"
	"coplan/internal/web/kit"
)

//go:embed templates
var templateFiles embed.FS

// Config is what the consultation pages need from the server's
// configuration (see web.Config).
type Config struct {
	// Messages is a folder of message catalogues (en.txt, gd.txt, ...) that
	// correct or add to the response form's built-in text; "" for none.
	Messages string
	// Mail is the SMTP server mail goes through, if one is configured;
	// without one, mail waits in the outbox for staff to read.
	Mail mail.Server
	// ResponseLimit is how many responses one network address may start,
	// and how many it may submit, in an hour: 0 for
	// consult.DefaultHourlyLimit, negative for no limit.
	ResponseLimit int
	// SubmitUnbatched commits each online response in a transaction of its
	// own instead of together with those arriving at the same moment
	// (consult.Batcher): slower, kept for comparison in benchmarks.
	SubmitUnbatched bool
	// Submit tunes the group commit of online responses: its queue's
	// size, and how long a submission waits for a place in it before the
	// respondent is asked to send again in a minute (503). The zero value
	// gives consult.BatchOptions' defaults.
	Submit consult.BatchOptions
}

// Handlers serves the consultation pages. Close it after the HTTP server
// has stopped taking requests: submissions waiting for their batch are
// committed.
type Handlers struct {
	k     *kit.Kit
	pages *kit.Pages

	messages consult.Catalogs // the response form's text in each language
	mail     mail.Server

	submits *consult.Batcher // nil when unbatched
	limits  *consult.Limiter
}

// New makes the consultation pages with the kit, and starts the submit
// path (group commit of online responses, and the per-address limits).
func New(k *kit.Kit, c Config) (*Handlers, error) {
	pages, err := k.Pages(templateFiles, template.FuncMap{
		// pair hands a partial the page's view and one item of it.
		"pair": func(v kit.View, x any) []any { return []any{v, x} },
		// list makes the chosen values of a field, for a default.
		"list": func(vs ...string) []string { return vs },
		// dateAt writes a time as the consultation pages do: "23 December
		// 2026 at 11:59pm", so a sentence reads "closes on ..." (issue 10,
		// item 17).
		"dateAt": dateAt,
	})
	if err != nil {
		return nil, err
	}
	msgs, err := consult.LoadCatalogs(c.Messages)
	if err != nil {
		return nil, err
	}
	k.AddNotices(notices)
	h := &Handlers{k: k, pages: pages, messages: msgs, mail: c.Mail}
	h.startSubmitPath(c)
	return h, nil
}

// notices are the success messages of the consultation pages, keyed by
// the "done" parameter of the address a form redirects to.
var notices = map[string]string{
	// The builder.
	"consultation-created":           "The consultation has been started as a draft. Add its questions and documents, preview it, then publish it.",
	"consultation-saved":             "The consultation's details have been saved.",
	"consultation-published":         "The consultation has been published. It takes responses from its opening time until it closes.",
	"consultation-already-published": "The consultation was already published.",
	"consultation-analysed":          "The responses have been recorded as analysed.",
	"document-uploaded":              "The document has been added.",
	"document-removed":               "The document has been removed.",
	"question-added":                 "The question has been added.",
	"question-saved":                 "The question has been saved.",
	"question-moved":                 "The question has been moved.",
	"question-deleted":               "The question has been deleted.",
	"section-added":                  "The page has been added. Add questions to it below.",
	"section-saved":                  "The page has been saved.",
	"section-deleted":                "The page has been deleted.",
	"bank-question-added":            "The question has been added to the bank.",

	// Responses.
	"response-entered":   "The response has been entered. It will not be published until it has been checked.",
	"response-imported":  "The response in the file has been imported. It will not be published until it has been checked.",
	"responses-imported": "The responses in the file have been imported. None will be published until it has been checked.",
	"response-checked":   "The check has been recorded.",
}

// Close commits the submissions waiting for their batch.
func (s *Handlers) Close() error { return s.closeSubmitPath() }

// Routes are every consultation address with the permission it needs.
//
// The builder: planners and scrutiny (ReadPlanning) read; officers
// (EditPlanning) change, one change per form so it works with JavaScript
// off. A consultation's documents are public once it is published.
//
// The public pages and the respondent's journey: start, one page per
// section of questions, about you, check your answers, submit, with save
// and return, English and Gaelic, and the route for comments or complaints
// about how a consultation was run. The journey's addresses carry the
// save-and-return token ({draft}): the token is the secret, so anyone with
// the link can carry on (and nobody without it can).
//
// Responses: planners and scrutiny see the responses, the check queue and
// the publishable exports, but not respondents' personal details: those,
// and the full exports that hold them, are for the partnership's officers
// only, who also enter, import and check responses. The open data API is
// public and shows published consultations only, and their responses only
// once closed, as consult.Publishable allows.
func (s *Handlers) Routes() []kit.Route {
	const c = "/staff/partnerships/{slug}/consultations"
	const one = c + "/{consultation}"
	const responses = one + "/responses"
	const public = "/partnerships/{slug}"
	return []kit.Route{
		// The builder.
		{Pattern: "GET " + c, Perm: auth.ReadPlanning, Handle: s.consultations},
		{Pattern: "GET " + c + "/new", Perm: auth.EditPlanning, Handle: s.newConsultationForm},
		{Pattern: "POST " + c, Perm: auth.EditPlanning, Handle: s.createConsultation},
		{Pattern: "GET " + one, Perm: auth.ReadPlanning, Handle: s.consultationPage},
		{Pattern: "GET " + one + "/edit", Perm: auth.EditPlanning, Handle: s.editConsultationForm},
		{Pattern: "POST " + one + "/edit", Perm: auth.EditPlanning, Handle: s.updateConsultation},
		{Pattern: "GET " + one + "/questions", Perm: auth.ReadPlanning, Handle: s.questionsPage},
		{Pattern: "POST " + one + "/questions", Perm: auth.EditPlanning, Handle: s.addQuestion},
		{Pattern: "POST " + one + "/questions/from-bank", Perm: auth.EditPlanning, Handle: s.addQuestionFromBank},
		{Pattern: "GET " + one + "/questions/{question}", Perm: auth.EditPlanning, Handle: s.questionForm},
		{Pattern: "POST " + one + "/questions/{question}", Perm: auth.EditPlanning, Handle: s.updateQuestion},
		{Pattern: "POST " + one + "/questions/{question}/move", Perm: auth.EditPlanning, Handle: s.moveQuestion},
		{Pattern: "POST " + one + "/questions/{question}/delete", Perm: auth.EditPlanning, Handle: s.deleteQuestion},
		{Pattern: "POST " + one + "/sections", Perm: auth.EditPlanning, Handle: s.addSection},
		{Pattern: "GET " + one + "/sections/{section}", Perm: auth.EditPlanning, Handle: s.sectionForm},
		{Pattern: "POST " + one + "/sections/{section}", Perm: auth.EditPlanning, Handle: s.updateSection},
		{Pattern: "POST " + one + "/sections/{section}/delete", Perm: auth.EditPlanning, Handle: s.deleteSection},
		{Pattern: "GET " + one + "/preview", Perm: auth.ReadPlanning, Handle: s.previewConsultation},
		{Pattern: "POST " + one + "/publish", Perm: auth.EditPlanning, Handle: s.publishConsultation},
		{Pattern: "POST " + one + "/stage", Perm: auth.EditPlanning, Handle: s.setConsultationStage},
		{Pattern: "POST " + one + "/documents", Perm: auth.EditPlanning, Handle: s.uploadConsultationDocument},
		{Pattern: "GET " + one + "/documents/{document}", Perm: auth.ReadPlanning, Handle: s.staffConsultationDocument},
		{Pattern: "GET " + public + "/consultations/{consultation}/documents/{document}", Perm: auth.Public, Handle: s.publicConsultationDocument},
		{Pattern: "POST " + one + "/documents/{document}/remove", Perm: auth.EditPlanning, Handle: s.removeConsultationDocument},
		{Pattern: "GET /staff/partnerships/{slug}/question-bank", Perm: auth.ReadPlanning, Handle: s.questionBank},

		// The analysis: reach, tallies and cross-tabs, counts only (no
		// respondent's details or words), so scrutiny may read them too.
		{Pattern: "GET " + one + "/analysis", Perm: auth.ReadPlanning, Handle: s.analysis},
		{Pattern: "GET " + one + "/analysis.csv", Perm: auth.ReadPlanning, Handle: s.analysisCSV},
		{Pattern: "GET " + one + "/analysis.xlsx", Perm: auth.ReadPlanning, Handle: s.analysisXLSX},
		{Pattern: "POST /staff/partnerships/{slug}/question-bank", Perm: auth.EditPlanning, Handle: s.addToQuestionBank},

		// The public pages and the respondent's journey.
		{Pattern: "GET " + public + "/consultations", Perm: auth.Public, Handle: s.publicConsultationList, Cache: true},
		{Pattern: "GET " + public + "/consultations/{consultation}", Perm: auth.Public, Handle: s.publicConsultationPage, Cache: true},
		{Pattern: "POST " + public + "/consultations/{consultation}/start", Perm: auth.Public, Handle: s.respondStart},
		{Pattern: "GET " + public + "/consultations/{consultation}/feedback", Perm: auth.Public, Handle: s.consultationFeedbackForm},
		{Pattern: "POST " + public + "/consultations/{consultation}/feedback", Perm: auth.Public, Handle: s.consultationFeedbackSend},
		{Pattern: "GET " + public + "/respond/{draft}", Perm: auth.Public, Handle: s.respondResume},
		{Pattern: "GET " + public + "/respond/{draft}/page/{n}", Perm: auth.Public, Handle: s.respondPage},
		{Pattern: "POST " + public + "/respond/{draft}/page/{n}", Perm: auth.Public, Handle: s.respondSavePage},
		{Pattern: "GET " + public + "/respond/{draft}/about-you", Perm: auth.Public, Handle: s.respondAboutPage},
		{Pattern: "POST " + public + "/respond/{draft}/about-you", Perm: auth.Public, Handle: s.respondSaveAbout},
		{Pattern: "GET " + public + "/respond/{draft}/check", Perm: auth.Public, Handle: s.respondCheckPage},
		{Pattern: "POST " + public + "/respond/{draft}/submit", Perm: auth.Public, Handle: s.respondSubmit},
		{Pattern: "GET " + public + "/respond/{draft}/saved", Perm: auth.Public, Handle: s.respondSavedPage},
		{Pattern: "POST " + public + "/respond/{draft}/saved", Perm: auth.Public, Handle: s.respondEmailLink},

		// The outbox: mail holds respondents' details, so not for scrutiny.
		{Pattern: "GET /staff/partnerships/{slug}/outbox", Perm: auth.EditPlanning, Handle: s.staffOutbox},

		// Responses.
		{Pattern: "GET /staff/partnerships/{slug}/checking", Perm: auth.ReadPlanning, Handle: s.checkingQueue},
		{Pattern: "GET " + responses, Perm: auth.ReadPlanning, Handle: s.responsesPage},
		{Pattern: "GET " + responses + "/new", Perm: auth.EditPlanning, Handle: s.newResponseForm},
		{Pattern: "POST " + responses, Perm: auth.EditPlanning, Handle: s.enterResponse},
		{Pattern: "GET " + responses + "/import", Perm: auth.EditPlanning, Handle: s.importResponsesForm},
		{Pattern: "POST " + responses + "/import", Perm: auth.EditPlanning, Handle: s.importResponses},
		{Pattern: "GET " + responses + "/import/template.csv", Perm: auth.EditPlanning, Handle: s.importTemplate},
		{Pattern: "GET " + responses + "/{response}", Perm: auth.ReadPlanning, Handle: s.responsePage},
		{Pattern: "POST " + responses + "/{response}/check", Perm: auth.EditPlanning, Handle: s.checkResponse},
		{Pattern: "GET " + responses + ".csv", Perm: auth.EditPlanning, Handle: s.responsesCSV},
		{Pattern: "GET " + responses + ".json", Perm: auth.EditPlanning, Handle: s.responsesJSON},
		{Pattern: "GET " + responses + "/publishable.csv", Perm: auth.ReadPlanning, Handle: s.publishableCSV},
		{Pattern: "GET " + responses + "/publishable.json", Perm: auth.ReadPlanning, Handle: s.publishableJSON},

		// Open data.
		{Pattern: "GET /api/v1/partnerships/{slug}/consultations", Perm: auth.Public, Handle: s.apiConsultations, Cache: true},
		{Pattern: "GET /api/v1/partnerships/{slug}/consultations/{consultation}/responses", Perm: auth.Public, Handle: s.apiConsultationResponses},
	}
}
