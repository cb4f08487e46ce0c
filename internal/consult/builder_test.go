package consult_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/valid"
)

// twoPages is a questionnaire on two pages; Q2 follows up Q1.
func twoPages() consult.Questionnaire {
	return consult.Questionnaire{Sections: []consult.Section{
		{Title: "One", Questions: []consult.Question{
			{Code: "Q1", Kind: consult.Scale, Text: "Agree?", Options: consult.AgreeScale},
			{Code: "Q2", Kind: consult.Text, Text: "Why not?", Conditions: consult.Conditions{Rules: []consult.Rule{
				{Question: "Q1", Values: []string{"strongly-disagree"}}}}},
		}},
		{Title: "Two", Questions: []consult.Question{{Code: "Q3", Kind: consult.Text, Text: "Anything else?"}}},
	}}
}

func codes(qn consult.Questionnaire) string {
	var pages []string
	for _, s := range qn.Sections {
		var cs []string
		for _, q := range s.Questions {
			cs = append(cs, q.Code)
		}
		pages = append(pages, strings.Join(cs, ","))
	}
	return strings.Join(pages, " | ")
}

func TestMoveQuestionAcrossPages(t *testing.T) {
	qn := twoPages()
	tests := []struct {
		code string
		up   bool
		want string // "" for refused
	}{
		{"Q3", true, "Q1,Q2,Q3 | "},
		{"Q2", false, "Q1 | Q2,Q3"},
		{"Q1", false, "Q2,Q1 | Q3"},
		{"Q1", true, ""},
		{"Q3", false, ""},
	}
	for _, tt := range tests {
		got, err := qn.MoveQuestion(tt.code, tt.up)
		if tt.want == "" {
			if err == nil {
				t.Errorf("moving %s beyond the end was allowed", tt.code)
			}
			continue
		}
		if err != nil || codes(got) != tt.want {
			t.Errorf("move %s up=%v: %q, %v; want %q", tt.code, tt.up, codes(got), err, tt.want)
		}
	}
	if codes(qn) != "Q1,Q2 | Q3" {
		t.Errorf("moving changed the original: %s", codes(qn))
	}
	// Moving a follow-up above the question it depends on is refused when saved.
	moved, _ := qn.MoveQuestion("Q1", false)
	if errs := consult.ValidateQuestionnaire(moved); errs.For("conditions") == "" {
		t.Error("a follow-up before the question it depends on was accepted")
	}
}

func TestRemoveAndRenameKeepFollowUpsWhole(t *testing.T) {
	qn := twoPages()
	if _, err := qn.RemoveQuestion("Q1"); err == nil || !strings.Contains(err.Error(), "Q2") {
		t.Errorf("removing a question a follow-up depends on: %v", err)
	}
	out, err := qn.RemoveQuestion("Q2")
	if err != nil || codes(out) != "Q1 | Q3" {
		t.Errorf("remove Q2: %s, %v", codes(out), err)
	}
	q1 := qn.Sections[0].Questions[0]
	q1.Code = "A1"
	out, err = qn.ReplaceQuestion("Q1", 0, q1)
	if err != nil || out.Sections[0].Questions[1].Conditions.Rules[0].Question != "A1" {
		t.Errorf("renaming Q1 did not carry its follow-up with it: %+v, %v", out.Sections[0].Questions[1].Conditions, err)
	}
	if errs := consult.ValidateQuestionnaire(out); len(errs) > 0 {
		t.Errorf("renamed questionnaire invalid: %v", errs)
	}
	if _, err := qn.ReplaceQuestion("Q9", 0, q1); !errors.Is(err, valid.ErrNotFound) {
		t.Errorf("replacing a question that is not there: %v", err)
	}
	if qn.NextCode() != "Q4" {
		t.Errorf("NextCode = %s, want Q4", qn.NextCode())
	}
	if _, err := qn.RemoveSection(0); err == nil {
		t.Error("a page with questions was deleted")
	}
	added, _ := qn.ReplaceSection(2, consult.Section{Title: " About you "})
	if len(added.Sections) != 3 || added.Sections[2].Title != "About you" {
		t.Errorf("adding a page: %+v", added.Sections)
	}
	if removed, err := added.RemoveSection(2); err != nil || len(removed.Sections) != 2 {
		t.Errorf("removing an empty page: %v", err)
	}
}

func TestParseOptions(t *testing.T) {
	old := []consult.Option{{Value: "yes-i-do", Label: "Yes"}}
	got, err := consult.ParseOptions("Yes | Tha\n\n  No, never \nOther thing\nÀite eile", true, old)
	if err != nil {
		t.Fatal(err)
	}
	want := []consult.Option{{Value: "yes-i-do", Label: "Yes", LabelGD: "Tha"}, {Value: "no-never", Label: "No, never"},
		{Value: "other-thing", Label: "Other thing"}, {Value: "aite-eile", Label: "Àite eile"}}
	if !slices.Equal(got, want) {
		t.Errorf("ParseOptions = %+v\nwant %+v", got, want)
	}
	// "Other" as a typed answer cannot take the value of "Other, please specify".
	got, _ = consult.ParseOptions("Other", true, nil)
	if got[0].Value == consult.OtherValue {
		t.Error("a typed answer took the value of Other, please specify")
	}
	if _, err := consult.ParseOptions("Yes\nyes", false, nil); err == nil {
		t.Error("the same answer twice was accepted")
	}
	if consult.FormatOptions(want[:1]) != "Yes | Tha" {
		t.Errorf("FormatOptions = %q", consult.FormatOptions(want[:1]))
	}
	for code, ok := range map[string]bool{"Q1": true, "Q4a": true, "EQ-AGE": true, "": false, "Q 1": false, "Q1/2": false} {
		if consult.ValidCode(code) != ok {
			t.Errorf("ValidCode(%q) = %v", code, !ok)
		}
	}
}

func TestPostcodeDistricts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newPartnership(t, d, "districts")
		other := newPartnership(t, d, "elsewhere")
		north, south := p.Localities[0].ID, p.Localities[1].ID
		if err := consultStore(d, p.ID).SetPostcodeDistricts(ctx, map[string]int64{"gm1": north, "GM2": south}, audit.System); err != nil {
			t.Fatal(err)
		}
		if id, err := consultStore(d, p.ID).LocalityFor(ctx, "gm2 4qt"); err != nil || id != south {
			t.Errorf("LocalityFor(GM2 4QT) = %d, %v; want %d", id, err, south)
		}
		if id, _ := consultStore(d, p.ID).LocalityFor(ctx, "EH1 3DG"); id != 0 {
			t.Errorf("an unmapped district found locality %d", id)
		}
		// A bad district, or another partnership's locality, changes nothing.
		for _, bad := range []map[string]int64{{"GM 1": north}, {"GM3": other.Localities[0].ID}} {
			if err := consultStore(d, p.ID).SetPostcodeDistricts(ctx, bad, audit.System); err == nil {
				t.Errorf("%v was accepted", bad)
			}
			if id, _ := consultStore(d, p.ID).LocalityFor(ctx, "GM1 1AA"); id != north {
				t.Errorf("a refused change lost the districts")
			}
		}
	})
}
