package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"coplan/internal/consult"
)

// A member of the public answering online says which area they live in
// on "About you": another partnership's locality is refused at the field
// with nothing saved; the one stated shows on check your answers with a
// change link, on the staff's page of the response, and is counted by
// reach (issue 13, item 1).
func TestRespondentStatesTheirLocalityOnline(t *testing.T) {
	base, d, p, c, qs := respondSite(t)
	ctx := context.Background()
	if len(p.Localities) < 3 {
		t.Fatalf("the demo partnership has %d localities", len(p.Localities))
	}
	stated := p.Localities[2]
	var foreign int64
	if err := d.QueryRowContext(ctx, "SELECT id FROM localities WHERE partnership_id <> $1 ORDER BY id", p.ID).Scan(&foreign); err != nil {
		t.Fatalf("another partnership's locality: %v", err)
	}

	ann := newClient(t)
	at := respondStart(t, ann, base, c, "en")
	if code, loc, _ := ann.do("POST", base+at+"/page/1", url.Values{"action": {"continue"}, "shown": {ids(qs["Q1"], qs["Q2"], qs["Q4"])},
		"q-Q1": {"mostly-agree"}, "q-Q2": {"no"}}); code != http.StatusSeeOther || loc != at+"/page/2" {
		t.Fatalf("page 1: status %d, location %q", code, loc)
	}
	if code, loc, _ := ann.do("POST", base+at+"/page/2", url.Values{"action": {"continue"}, "shown": {ids(qs["Q5"])},
		"q-Q5": {"Keep the lunch club."}}); code != http.StatusSeeOther || loc != at+"/about-you" {
		t.Fatalf("page 2: status %d, location %q", code, loc)
	}
	_, _, page := ann.do("GET", base+at+"/about-you", nil)
	mustContain(t, "about you", page, "Which area do you live in, or does your answer concern? (optional)", `id="rif-locality"`,
		">"+stated.Name+"</label>", ">Not sure</label>", "we use the area your postcode is in instead")

	rif := url.Values{"action": {"continue"}, "rif-type": {"individual"}, "rif-publish": {"do-not-publish"}, "rif-contact": {"no"},
		"rif-locality": {strconv.FormatInt(foreign, 10)}}
	storedLocality := func() int64 {
		t.Helper()
		var id int64
		if err := d.QueryRowContext(ctx, "SELECT COALESCE(locality_id, 0) FROM responses WHERE consultation_id = $1", c.ID).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	for _, bad := range []string{strconv.FormatInt(foreign, 10), "not-a-number"} {
		rif.Set("rif-locality", bad)
		code, _, page := ann.do("POST", base+at+"/about-you", rif)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("about you with locality %q: status %d, want 422", bad, code)
		}
		mustContain(t, "about you with another partnership's locality", page, "There is a problem", `href="#rif-locality"`,
			"Select one of the areas listed, or Not sure")
		if strings.Count(page, "ds_error-summary") == 0 {
			t.Error("no error summary")
		}
		if id := storedLocality(); id != 0 {
			t.Errorf("a refused form saved locality %d", id)
		}
		// Saving for later refuses it too.
		rif.Set("action", "save")
		if code, _, _ := ann.do("POST", base+at+"/about-you", rif); code != http.StatusUnprocessableEntity || storedLocality() != 0 {
			t.Errorf("save and come back later with locality %q: status %d", bad, code)
		}
		rif.Set("action", "continue")
	}

	rif.Set("rif-locality", strconv.FormatInt(stated.ID, 10))
	if code, loc, _ := ann.do("POST", base+at+"/about-you", rif); code != http.StatusSeeOther || loc != at+"/check" {
		t.Fatalf("about you: status %d, location %q", code, loc)
	}
	_, _, page = ann.do("GET", base+at+"/check", nil)
	mustContain(t, "check your answers", htmlText(page), "Area", stated.Name)
	mustContain(t, "check your answers", page, `href="`+at+`/about-you#rif-locality"`)
	_, _, page = ann.do("GET", base+at+"/about-you", nil)
	mustContain(t, "about you again", page, fmt.Sprintf(`value="%d" id="rif-locality-2" checked`, stated.ID))

	if code, _, page := ann.do("POST", base+at+"/submit", url.Values{}); code != http.StatusOK {
		t.Fatalf("submit: status %d\n%s", code, page)
	}
	rs := countResponses(t, d, c)
	if len(rs) != 1 || rs[0].Respondent.LocalityID != stated.ID {
		t.Fatalf("submitted: %+v", rs)
	}

	officer := signedInOn(t, base, "officer@glenmorven.example")
	_, _, page = officer.do("GET", fmt.Sprintf("%s%s/%d", base, responsesPath(c), rs[0].ID), nil)
	mustContain(t, "the staff's page of the response", page, "Not given ("+stated.Name+")")

	reach, err := consult.ReachOf(ctx, d, p, c.ID, consult.ReachOptions{Only: []string{consult.ByLocality}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := reach.By(consult.ByLocality)
	if g, ok := b.Group(strconv.FormatInt(stated.ID, 10)); !ok || g.N != 1 {
		t.Errorf("reach by locality: %+v, want 1 in %s", b.Groups, stated.Name)
	}
}
