package consult_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

var en = func() consult.Catalog {
	cs, err := consult.LoadCatalogs("")
	if err != nil {
		panic(err)
	}
	return cs.For("en")
}()

// A questionnaire whose Q4 follows up Q3 only when Q3 disagrees AND Q1 was
// answered "yes" (several display conditions), and Q5 follows Q4's choice.
func sample() consult.Questionnaire {
	yesno := []consult.Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}
	return consult.Questionnaire{Sections: []consult.Section{{Title: "One", Questions: []consult.Question{
		{ID: 1, Code: "Q1", Kind: consult.Single, Text: "Use services?", Options: yesno, Required: true},
		{ID: 3, Code: "Q3", Kind: consult.Scale, Text: "Agree?", Options: consult.AgreeScale, Required: true},
		{ID: 4, Code: "Q4", Kind: consult.Multiple, Text: "Why not?", Options: yesno, HasOther: true, Required: true,
			Conditions: consult.Conditions{Rules: []consult.Rule{
				{Question: "Q3", Values: []string{"mostly-disagree", "strongly-disagree"}},
				{Question: "Q1", Values: []string{"yes"}}}}},
		{ID: 5, Code: "Q5", Kind: consult.Text, Text: "Tell us more", MaxChars: 10,
			Conditions: consult.Conditions{Rules: []consult.Rule{{Question: "Q4", Values: []string{consult.OtherValue}}}}},
	}}}}
}

func TestVisibilityWithSeveralConditions(t *testing.T) {
	qn := sample()
	q4, q5 := qn.Questions()[2], qn.Questions()[3]
	as := consult.Answers{1: {Choices: []string{"yes"}}, 3: {Choices: []string{"strongly-disagree"}}}
	if !qn.Visible(q4, as) {
		t.Error("Q4 should show when both conditions hold")
	}
	as[1] = consult.Answer{Choices: []string{"no"}}
	if qn.Visible(q4, as) {
		t.Error("Q4 should hide when one of its two conditions fails")
	}
	// Q5 depends on Q4, which is hidden: Q5 hides too, and pruning drops
	// answers to both, keeping the rest.
	as[4] = consult.Answer{Choices: []string{consult.OtherValue}, OtherText: "cost"}
	as[5] = consult.Answer{Text: "more"}
	if qn.Visible(q5, as) {
		t.Error("Q5 should hide when the question it follows is hidden")
	}
	pruned := qn.Prune(as)
	if _, ok := pruned[4]; ok {
		t.Error("Prune kept an answer to a hidden question")
	}
	if len(pruned) != 2 {
		t.Errorf("Prune kept %d answers, want 2", len(pruned))
	}
	// Switch back: every visible answer is kept, including "other" text.
	as[1] = consult.Answer{Choices: []string{"yes"}}
	if got := qn.Prune(as); got[4].OtherText != "cost" || got[5].Text != "more" {
		t.Errorf("Prune lost answers to visible questions: %+v", got)
	}
}

func TestValidateSection(t *testing.T) {
	qn := sample()
	s := qn.Sections[0]
	errs := qn.ValidateSection(s, consult.Answers{}, en)
	if errs.For("q-Q1") == "" || errs.For("q-Q3") == "" || errs.For("q-Q4") != "" {
		t.Errorf("empty answers: %v", errs)
	}
	as := consult.Answers{1: {Choices: []string{"yes"}}, 3: {Choices: []string{"strongly-disagree"}},
		4: {Choices: []string{consult.OtherValue}}, 5: {Text: "far too long text"}}
	errs = qn.ValidateSection(s, as, en)
	if errs.For("q-Q4-other") == "" || errs.For("q-Q5") == "" {
		t.Errorf("other without text and text over its limit should fail: %v", errs)
	}
	as[3] = consult.Answer{Choices: []string{"maybe"}}
	if errs := qn.ValidateSection(s, as, en); errs.For("q-Q3") == "" {
		t.Error("a choice that is not offered should fail")
	}
}

func TestPublishingPreferences(t *testing.T) {
	tests := []struct {
		typ      consult.RespondentType
		pref     consult.Publish
		answers  bool
		name     string
		listed   bool
		listName string
	}{
		{consult.Individual, consult.WithName, true, "Ann Smith", true, "Ann Smith"},
		{consult.Individual, consult.WithoutName, true, "", false, ""},
		{consult.Individual, consult.DoNotPublish, false, "", false, ""},
		{consult.Organisation, consult.WithName, true, "Carers Centre", true, "Carers Centre"},
		{consult.Organisation, consult.WithoutName, true, "Carers Centre", true, "Carers Centre"},
		{consult.Organisation, consult.DoNotPublish, false, "", true, "Carers Centre"},
	}
	for _, tt := range tests {
		name := "Ann Smith"
		if tt.typ == consult.Organisation {
			name = "Carers Centre"
		}
		r := consult.Respondent{Type: tt.typ, Name: name, Publish: tt.pref}
		ok, n := r.Published()
		if ok != tt.answers || n != tt.name {
			t.Errorf("%s %s: Published() = %v, %q; want %v, %q", tt.typ, tt.pref, ok, n, tt.answers, tt.name)
		}
		ln, listed := r.ListedAsResponded()
		if listed != tt.listed || ln != tt.listName {
			t.Errorf("%s %s: ListedAsResponded() = %q, %v", tt.typ, tt.pref, ln, listed)
		}
	}
}

func TestPublishableNeedsCheck(t *testing.T) {
	r := consult.Response{Submitted: true, Respondent: consult.Respondent{Type: consult.Individual, Name: "Ann", Publish: consult.WithName},
		Answers: consult.Answers{5: {Text: "My neighbour Mr X is a thief"}}}
	for _, st := range []consult.CheckStatus{consult.Unchecked, consult.Withheld} {
		r.Check = st
		if _, ok := consult.Publishable(r); ok {
			t.Errorf("a %s response was publishable", st)
		}
	}
	r.Check = consult.Redacted
	r.Redactions = consult.Answers{5: {Text: "My neighbour [redacted]"}}
	p, ok := consult.Publishable(r)
	if !ok || p.Answers[5].Text != "My neighbour [redacted]" || r.Answers[5].Text != "My neighbour Mr X is a thief" {
		t.Errorf("redacted response: %+v (original %q)", p, r.Answers[5].Text)
	}
}

func TestRespondentForm(t *testing.T) {
	req := consult.Required{Email: true}
	errs := consult.ValidateRespondent(req, consult.Respondent{}, en)
	for _, f := range []string{"rif-type", "rif-email", "rif-publish", "rif-contact"} {
		if errs.For(f) == "" {
			t.Errorf("missing %s accepted", f)
		}
	}
	ok := consult.Respondent{Type: consult.Individual, Email: "ann@example.org", Postcode: "eh13dg", Publish: consult.WithoutName, ContactSet: true}
	if errs := consult.ValidateRespondent(req, ok, en); len(errs) > 0 {
		t.Errorf("valid form refused: %v", errs)
	}
	if consult.NormalisePostcode(" eh1 3dg ") != "EH1 3DG" || consult.District("EH1 3DG") != "EH1" {
		t.Error("postcode normalising")
	}
}

// The store: a consultation, its questions, an online response saved and
// submitted, locking, and closing time.
func TestResponseLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, err := partnership.Create(ctx, d, demo.Partnership(), audit.System, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		c, err := consultStore(d, p.ID).SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: "Care at home",
			Audience: consult.Public, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour)}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if err := consultStore(d, p.ID).SetStage(ctx, c.ID, "published", audit.System); err == nil {
			t.Error("published a consultation with no questions")
		}
		qn, err := consultStore(d, c.PartnershipID).SaveQuestionnaire(ctx, c, sample(), "", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if err := consultStore(d, p.ID).SetStage(ctx, c.ID, "published", audit.System); err != nil {
			t.Fatal(err)
		}
		c, _ = consult.ConsultationByID(ctx, d, p.ID, c.ID)
		r, token, err := storeAt(d, c.PartnershipID, now).StartDraft(ctx, c, "en")
		if err != nil {
			t.Fatal(err)
		}
		qs := qn.Questions()
		r.Answers = consult.Answers{qs[0].ID: {Choices: []string{"yes"}}, qs[1].ID: {Choices: []string{"strongly-disagree"}},
			qs[2].ID: {Choices: []string{"no", consult.OtherValue}, OtherText: "cost"}}
		r.Respondent = consult.Respondent{Type: consult.Individual, Name: "Ann", Publish: consult.WithoutName, ContactSet: true}
		if err := storeAt(d, c.PartnershipID, now).SaveDraft(ctx, c, r); err != nil {
			t.Fatal(err)
		}
		back, _, err := consultStore(d, c.PartnershipID).OpenDraft(ctx, token)
		if err != nil || back.Answers[qs[2].ID].OtherText != "cost" || len(back.Answers[qs[2].ID].Choices) != 2 {
			t.Fatalf("save and return lost answers: %+v, %v", back.Answers, err)
		}
		if _, err := storeAt(d, c.PartnershipID, c.ClosesAt.Add(time.Second)).Submit(ctx, nil, c, back, "GLE"); !errors.Is(err, consult.ErrClosed) {
			t.Errorf("submit after closing: %v", err)
		}
		rec, err := storeAt(d, c.PartnershipID, now).Submit(ctx, nil, c, back, "GLE")
		ref := rec.Reference
		if err != nil || ref == "" {
			t.Fatal(err)
		}
		if _, _, err := consultStore(d, c.PartnershipID).OpenDraft(ctx, token); !errors.Is(err, consult.ErrTokenExpired) {
			t.Errorf("link after submitting: %v", err)
		}
		rs, err := consult.Responses(ctx, d, c.PartnershipID, c.ID)
		if err != nil || len(rs) != 1 || rs[0].Reference != ref || rs[0].Answers[qs[2].ID].OtherText != "cost" {
			t.Fatalf("responses = %+v, %v", rs, err)
		}
		// The questions are now locked: a change needs a reason and makes a new version.
		_, err = consultStore(d, c.PartnershipID).SaveQuestionnaire(ctx, c, sample(), "", audit.System)
		if errs, ok := valid.As(err); !ok || errs.For("reason") == "" {
			t.Fatalf("changing locked questions without a reason: %v", err)
		}
		v2, err := consultStore(d, c.PartnershipID).SaveQuestionnaire(ctx, c, sample(), "Clarified Q3 after feedback", audit.System)
		if err != nil || v2.Version != 2 {
			t.Fatalf("new version: %+v, %v", v2, err)
		}
		if rs, _ := consult.Responses(ctx, d, c.PartnershipID, c.ID); rs[0].QuestionnaireID != qn.ID {
			t.Error("the earlier response lost the version it answered")
		}
		// Checking: withheld needs a reason; redaction keeps the original.
		if err := consultStore(d, c.PartnershipID).SetCheck(ctx, c, rs[0].ID, consult.Withheld, "", nil, audit.System); err == nil {
			t.Error("withheld without a reason")
		}
		if err := consultStore(d, c.PartnershipID).SetCheck(ctx, c, rs[0].ID, consult.Redacted, "", consult.Answers{qs[2].ID: {OtherText: "[redacted]"}}, audit.System); err != nil {
			t.Fatal(err)
		}
		got, _ := consultStore(d, c.PartnershipID).Response(ctx, c.ID, rs[0].ID)
		pub, ok := consult.Publishable(got)
		if !ok || pub.Answers[qs[2].ID].OtherText != "[redacted]" || got.Answers[qs[2].ID].OtherText != "cost" || pub.Name != "" {
			t.Errorf("publishable = %+v, %v", pub, ok)
		}
	})
}
