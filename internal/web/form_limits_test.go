package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// issue 10, item 14: every text input has a limit. A 5,000,000-character
// anonymous answer and a 10 MB delegated-function name are refused, an
// answer over its question's limit or the default is an error at its box,
// and nothing is stored.
func TestOverLongInputIsRefusedAndNothingStored(t *testing.T) {
	base, d, _, c, qs := respondSite(t)
	ann := newClient(t)
	at := respondStart(t, ann, base, c, "en")
	token := strings.TrimPrefix(at, "/partnerships/glenmorven/respond/")
	page2 := base + at + "/page/2"
	shown := ids(qs["Q5"])

	code, _, body := ann.do("POST", page2, url.Values{"shown": {shown}, "q-Q5": {strings.Repeat("a", 5_000_000)}})
	if code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 5,000,000-character answer: status %d, want 413", code)
	}
	mustContain(t, "the page refusing 5,000,000 characters", body, "nothing was saved")
	// Over the question's own limit (2,000), and over the default for any box.
	for _, n := range []int{2001, 10_001} {
		code, _, body = ann.do("POST", page2, url.Values{"shown": {shown}, "q-Q5": {strings.Repeat("a", n)}})
		if code != http.StatusUnprocessableEntity {
			t.Errorf("a %d-character answer: status %d, want 422", n, code)
		}
		mustContain(t, "the page with a long answer", body, `href="#q-Q5"`, "characters")
	}
	if got := storedAnswers(t, d, token, qs); len(got) != 0 {
		t.Errorf("refused answers were stored: %d", len(got))
	}
	// About you: a name over its limit.
	code, _, body = ann.do("POST", base+at+"/about-you", url.Values{"rif-type": {"individual"}, "rif-name": {strings.Repeat("n", 201)},
		"rif-publish": {"do-not-publish"}})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("a 201-character name: status %d, want 422", code)
	}
	mustContain(t, "about you with a long name", body, `href="#rif-name"`, "at most 200 characters")
	if n := count(t, d, "SELECT COUNT(*) FROM responses WHERE LENGTH(name) > 200"); n != 0 {
		t.Errorf("a refused name was stored (%d)", n)
	}

	officer := signedInOn(t, base, "officer@glenmorven.example")
	fns := base + "/staff/partnerships/glenmorven/functions"
	before := count(t, d, "SELECT COUNT(*) FROM delegated_functions")
	code, _, _ = officer.do("POST", fns, url.Values{"name": {strings.Repeat("f", 10<<20)}, "partner": {"NHS Glenmorven"}, "kind": {"health"}})
	if code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 10 MB function name: status %d, want 413", code)
	}
	code, _, body = officer.do("POST", fns, url.Values{"name": {strings.Repeat("f", 201)}, "partner": {"NHS Glenmorven"}, "kind": {"health"}})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("a 201-character function name: status %d, want 422", code)
	}
	mustContain(t, "the functions page with a long name", body, `href="#name"`, "at most 200 characters")
	if after := count(t, d, "SELECT COUNT(*) FROM delegated_functions"); after != before {
		t.Errorf("refused function names were stored: %d rows, was %d", after, before)
	}
}

// issue 10, item 22: NUL bytes and invalid UTF-8 are refused at the box
// with a clear error, not cleaned silently, and nothing is stored.
func TestBadCharactersAreRefusedAtTheField(t *testing.T) {
	base, d, _, c, qs := respondSite(t)
	ann := newClient(t)
	at := respondStart(t, ann, base, c, "en")
	token := strings.TrimPrefix(at, "/partnerships/glenmorven/respond/")
	for _, bad := range []string{"More\x00 visits", "Caf\xe9 mornings"} {
		code, _, body := ann.do("POST", base+at+"/page/2", url.Values{"shown": {ids(qs["Q5"])}, "q-Q5": {bad}})
		if code != http.StatusUnprocessableEntity {
			t.Errorf("%q: status %d, want 422", bad, code)
		}
		mustContain(t, "the page with bad characters", body, `href="#q-Q5"`, "characters that cannot be stored", "paste it as plain text")
	}
	if got := storedAnswers(t, d, token, qs); len(got) != 0 {
		t.Errorf("an answer with bad characters was stored: %+v", got)
	}
	// In Gaelic, in Gaelic.
	code, _, body := ann.do("POST", base+at+"/page/2", url.Values{"shown": {ids(qs["Q5"])}, "q-Q5": {"x\x00"}, "lang": {"gd"}})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("Gaelic page: status %d", code)
	}
	mustContain(t, "the Gaelic page with bad characters", body, "nach gabh stòradh")

	// Comments about the consultation.
	feedback := base + "/partnerships/glenmorven/consultations/" + itoa(c.ID) + "/feedback"
	code, _, body = ann.do("POST", feedback, url.Values{"feedback-text": {"The session\x00 was cancelled"}})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("feedback with a NUL: status %d", code)
	}
	mustContain(t, "the feedback page", body, `href="#feedback-text"`, "characters that cannot be stored")
	if n := count(t, d, "SELECT COUNT(*) FROM consultation_feedback"); n != 0 {
		t.Errorf("feedback with bad characters was stored")
	}

	// A staff form: a delegated function.
	officer := signedInOn(t, base, "officer@glenmorven.example")
	before := count(t, d, "SELECT COUNT(*) FROM delegated_functions")
	code, _, body = officer.do("POST", base+"/staff/partnerships/glenmorven/functions",
		url.Values{"name": {"Care\xff homes"}, "partner": {"NHS Glenmorven"}, "kind": {"health"}})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("a function name with invalid UTF-8: status %d", code)
	}
	mustContain(t, "the functions page", body, `href="#name"`, "characters that cannot be stored")
	if after := count(t, d, "SELECT COUNT(*) FROM delegated_functions"); after != before {
		t.Error("a function name with bad characters was stored")
	}
}

// issue 10, items 14 and 22: the kit's checks reach every room's forms;
// a member's form shows them at the field, and a box that may be long (the
// minutes of a meeting) is allowed more than the default.
func TestEveryRoomGetsTheFormChecks(t *testing.T) {
	officer, base, d := signedIn(t, "officer@glenmorven.example")
	before := count(t, d, "SELECT COUNT(*) FROM members")
	code, _, body := officer.do("POST", base+"/staff/partnerships/glenmorven/members",
		url.Values{"name": {"Ann\x00 Example"}, "email": {"ann@example.org"}})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("a member's name with a NUL: status %d", code)
	}
	mustContain(t, "the members page", body, `href="#name"`, "characters that cannot be stored")
	code, _, body = officer.do("POST", base+"/staff/partnerships/glenmorven/members",
		url.Values{"name": {"Ann Example"}, "support_notes": {strings.Repeat("n", 10_001)}})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("a member's 10,001-character notes: status %d", code)
	}
	mustContain(t, "the members page", body, "at most 10,000 characters")
	if after := count(t, d, "SELECT COUNT(*) FROM members"); after != before {
		t.Error("a refused member was stored")
	}
	// A form without its own handling of field errors still refuses, with
	// a page that says nothing was saved.
	code, _, body = officer.do("POST", base+"/staff/partnerships/glenmorven/expenses/policy",
		url.Values{"notes": {"\xff"}})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("the expenses policy with invalid UTF-8: status %d", code)
	}
	mustContain(t, "the refusal", body, "Nothing was saved", "characters that cannot be stored")
}
