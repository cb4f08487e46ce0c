package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"coplan/internal/partnership"
)

// issue 10, item 13: each partnership has a privacy notice (the standard
// one naming the integration authority as controller until staff set their
// own), /privacy says coplan's part and links to each, and every form that
// asks for personal details links to the partnership's notice, in Gaelic
// where the form is.
func TestPrivacyNotice(t *testing.T) {
	base, d, p, c, _ := respondSite(t)
	ann := newClient(t)
	notice := "/partnerships/glenmorven/privacy"

	code, _, body := ann.do("GET", base+"/privacy", nil)
	if code != http.StatusOK {
		t.Fatalf("/privacy: status %d", code)
	}
	mustContain(t, "the site's privacy page", body, "data controller", `href="`+notice+`"`, "Information Commissioner")
	code, _, body = ann.do("GET", base+notice, nil)
	if code != http.StatusOK {
		t.Fatalf("the partnership's notice: status %d", code)
	}
	mustContain(t, "the standard notice", body, "Glenmorven Integration Joint Board is the data controller", "<h2", "5 years",
		"ask us to correct", "Information Commissioner")
	if strings.Count(body, "<h1") != 1 {
		t.Error("the notice page does not have exactly one h1")
	}

	// Every form with personal details links to it.
	at := respondStart(t, ann, base, c, "en")
	_, _, body = ann.do("GET", base+at+"/about-you", nil)
	mustContain(t, "about you", body, `href="`+notice+`"`, "How we use your information")
	_, _, body = ann.do("GET", base+at+"/about-you?lang=gd", nil)
	mustContain(t, "about you in Gaelic", body, `href="`+notice+`"`, "Mar a chleachdas sinn am fiosrachadh agad")
	_, _, body = ann.do("GET", base+"/partnerships/glenmorven/consultations/"+itoa(c.ID)+"/feedback", nil)
	mustContain(t, "the comments form", body, `href="`+notice+`"`)

	officer := signedInOn(t, base, "officer@glenmorven.example")
	for _, page := range []string{responsesPath(c) + "/new", "/staff/partnerships/glenmorven/members",
		"/staff/partnerships/glenmorven/privacy"} {
		code, _, body := officer.do("GET", base+page, nil)
		if code != http.StatusOK {
			t.Errorf("%s: status %d", page, code)
		}
		mustContain(t, page, body, `href="`+notice+`"`)
	}
	member := signedInOn(t, base, "spg@glenmorven.example")
	_, _, body = member.do("GET", base+"/staff/partnerships/glenmorven/my/support", nil)
	mustContain(t, "a member's support form", body, `href="`+notice+`"`)

	// Staff set their own notice; the public page shows it.
	form := url.Values{"notice": {"# Who we are\n\nWe keep responses for **two years**.\n\n- Contact dpo@glenmorven.example"}, "action": {"save"}}
	if code, _, _ := officer.do("POST", base+"/staff/partnerships/glenmorven/privacy", form); code != http.StatusSeeOther {
		t.Fatalf("saving the notice: status %d", code)
	}
	_, _, body = ann.do("GET", base+notice, nil)
	mustContain(t, "the partnership's own notice", body, "<h2>Who we are</h2>", "<strong>two years</strong>", "This notice was last changed on")
	if strings.Contains(body, "is the data controller for the information") {
		t.Error("the standard notice is still shown")
	}
	code, _, body = officer.do("POST", base+"/staff/partnerships/glenmorven/privacy",
		url.Values{"notice": {strings.Repeat("x", partnership.MaxNoticeChars+1)}, "action": {"save"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#notice"`) {
		t.Errorf("an over-long notice: status %d", code)
	}
	if code, _, _ := officer.do("POST", base+"/staff/partnerships/glenmorven/privacy", url.Values{"action": {"standard"}}); code != http.StatusSeeOther {
		t.Fatalf("back to the standard notice: status %d", code)
	}
	if n, _ := partnership.StoreFor(d, p, nil).PrivacyNotice(context.Background()); n.Custom {
		t.Error("the standard notice was not restored")
	}
	// A board member may read the notice but not change it.
	board := signedInOn(t, base, "board@glenmorven.example")
	if code, _, _ := board.do("POST", base+"/staff/partnerships/glenmorven/privacy", form); code != http.StatusForbidden {
		t.Errorf("a board member changing the notice: status %d", code)
	}
}
