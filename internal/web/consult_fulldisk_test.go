package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"coplan/internal/db/dbtest"
)

// When the database cannot take the write (a full disk, here a trigger
// that refuses it), the respondent is told plainly that their answers
// were NOT saved, or their response NOT sent, and to try again — not a
// generic error — and nothing is stored (issue 10, item 24).
func TestRespondentToldAnswersWereNotSaved(t *testing.T) {
	base, d, _, c, qs := respondSite(t)
	ann := newClient(t)
	at := respondStart(t, ann, base, c, "en")
	page1 := url.Values{"shown": {ids(qs["Q1"], qs["Q2"], qs["Q4"])}, "q-Q1": {"strongly-agree"}, "q-Q2": {"no"}}
	if code, _, _ := ann.do("POST", base+at+"/page/1", page1); code != http.StatusSeeOther {
		t.Fatalf("page 1: status %d", code)
	}
	for _, step := range []struct {
		path string
		form url.Values
	}{
		{"/page/2", url.Values{"shown": {ids(qs["Q5"])}, "q-Q5": {"Fine"}}},
		{"/about-you", url.Values{"rif-type": {"individual"}, "rif-publish": {"with-name"}, "rif-contact": {"yes"}, "rif-name": {"Ann"}}},
	} {
		if code, _, _ := ann.do("POST", base+at+step.path, step.form); code != http.StatusSeeOther {
			t.Fatalf("%s: status %d", step.path, code)
		}
	}
	answers := count(t, d, "SELECT COUNT(*) FROM answers")

	dbtest.FailInserts(t, d, "answers")
	// A page of answers.
	code, _, page := ann.do("POST", base+at+"/page/2", url.Values{"shown": {ids(qs["Q5"])}, "q-Q5": {"Changed my mind"}})
	text := htmlText(page)
	if code != http.StatusServiceUnavailable || !strings.Contains(text, "Your answers have not been saved") || !strings.Contains(text, "It has NOT been saved") ||
		!strings.Contains(page, `href="`+at+`/page/2"`) {
		t.Errorf("saving a page on a full disk: status %d\n%.1500s", code, page)
	}
	// The response itself: submitting a draft as it was saved only marks
	// it submitted, so the full disk must refuse that too.
	dbtest.FailWrites(t, d, "responses")
	code, _, page = ann.do("POST", base+at+"/submit", url.Values{})
	text = htmlText(page)
	if code != http.StatusServiceUnavailable || !strings.Contains(text, "Your response has not been sent") || !strings.Contains(text, "It has NOT been sent") ||
		referencePattern.MatchString(page) || !strings.Contains(page, `href="`+at+`/check"`) {
		t.Errorf("submitting on a full disk: status %d\n%.1500s", code, page)
	}
	if n := count(t, d, "SELECT COUNT(*) FROM responses WHERE status = 'submitted' AND consultation_id = $1", c.ID); n != 0 {
		t.Errorf("%d responses submitted although their answers could not be stored", n)
	}
	if n := count(t, d, "SELECT COUNT(*) FROM answers"); n != answers {
		t.Errorf("answers went from %d to %d", answers, n)
	}

	// In Gaelic too; and starting a response.
	code, _, page = ann.do("POST", base+at+"/page/2", url.Values{"lang": {"gd"}, "shown": {ids(qs["Q5"])}, "q-Q5": {"Atharraich"}})
	if code != http.StatusServiceUnavailable || !strings.Contains(htmlText(page), "Cha deach do fhreagairtean a shàbhaladh") {
		t.Errorf("saving a page in Gaelic on a full disk: status %d", code)
	}
	code, _, page = newClient(t).do("POST", base+"/partnerships/glenmorven/consultations/"+itoa(c.ID)+"/start", url.Values{"lang": {"en"}})
	if code != http.StatusServiceUnavailable || !strings.Contains(page, "could not start your response") {
		t.Errorf("starting on a full disk: status %d", code)
	}
}
