package consult_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// Every protected characteristic the plan's impact assessment looks at has
// a national monitoring question, and every monitoring question lets a
// person decline to say.
func TestNationalBankCoversEveryCharacteristic(t *testing.T) {
	bank := consult.NationalBank()
	byTopic := map[string]consult.BankQuestion{}
	for _, b := range bank {
		if _, dup := byTopic[b.Topic]; dup {
			t.Errorf("two national questions have the topic %q", b.Topic)
		}
		byTopic[b.Topic] = b
		if errs := consult.ValidateBankQuestion(b); len(errs) > 0 {
			t.Errorf("%s: %v", b.Topic, errs)
		}
		values := map[string]bool{}
		for _, o := range b.Options {
			if values[o.Value] || o.Value == "" {
				t.Errorf("%s: option value %q is empty or repeated", b.Topic, o.Value)
			}
			values[o.Value] = true
		}
	}
	monitoring := []string{consult.CaringTopic}
	for _, c := range statute.ProtectedCharacteristics() {
		if !c.EmploymentOnly {
			monitoring = append(monitoring, consult.EqualityTopic(c))
		}
	}
	for _, topic := range monitoring {
		b, ok := byTopic[topic]
		if !ok {
			t.Errorf("no national question for %q", topic)
			continue
		}
		if !slices.ContainsFunc(b.Options, func(o consult.Option) bool {
			return o.Value == consult.PreferNotToSay && o.Label == "Prefer not to say"
		}) {
			t.Errorf("%s does not offer Prefer not to say", topic)
		}
		if b.TextGD == "" {
			t.Errorf("%s has no Gaelic wording", topic)
		}
	}
	// A question copied from the bank is optional, and its options are its
	// own: changing them does not change the bank.
	q := bank[0].Question("EQ1")
	if q.Required || q.Code != "EQ1" || q.Text != bank[0].Text {
		t.Errorf("bank question as a question: %+v", q)
	}
	q.Options[0].Label = "changed"
	if consult.NationalBank()[0].Options[0].Label == "changed" {
		t.Error("a question from the bank shares its options with the bank")
	}
}

func TestQuestionBankStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newPartnership(t, d, "bank-a")
		b := newPartnership(t, d, "bank-b")
		for range 2 {
			if err := consult.SeedBank(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		national, err := consultStore(d, a.ID).BankQuestions(ctx)
		if err != nil || len(national) != len(consult.NationalBank()) {
			t.Fatalf("after seeding twice: %d questions, %v; want %d", len(national), err, len(consult.NationalBank()))
		}
		if national[0].Topic != consult.NationalBank()[0].Topic || !national[0].National() {
			t.Errorf("the national set is not first and in order: %+v", national[0])
		}

		// Bad input is refused and stores nothing.
		_, err = consultStore(d, a.ID).AddBankQuestion(ctx, consult.BankQuestion{Kind: consult.Single, Text: "Which language?"}, audit.System)
		if errs := fieldsOf(err); !slices.Contains(errs, "topic") || !slices.Contains(errs, "options") {
			t.Errorf("a bank question without topic or options: %v", err)
		}
		if got, _ := consultStore(d, a.ID).BankQuestions(ctx); len(got) != len(national) {
			t.Error("a refused bank question was stored")
		}

		own, err := consultStore(d, a.ID).AddBankQuestion(ctx, consult.BankQuestion{Topic: "About you: language", Kind: consult.Single,
			Text: "Which language do you speak at home?", Options: []consult.Option{{Value: "english", Label: "English"}}, HasOther: true}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := consultStore(d, a.ID).BankQuestions(ctx)
		if len(got) != len(national)+1 || got[len(got)-1].ID != own.ID || got[len(got)-1].National() {
			t.Errorf("partnership A's bank: %d questions, last %+v", len(got), got[len(got)-1])
		}
		// Another partnership sees the national set only, and cannot use A's.
		if got, _ := consultStore(d, b.ID).BankQuestions(ctx); len(got) != len(national) {
			t.Errorf("partnership B sees %d bank questions, want the %d national ones", len(got), len(national))
		}
		if _, err := consultStore(d, b.ID).BankQuestion(ctx, own.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("B read A's bank question: %v", err)
		}
		if x, err := consultStore(d, b.ID).BankQuestion(ctx, national[1].ID); err != nil || x.Text != national[1].Text {
			t.Errorf("B cannot read a national question: %v", err)
		}
	})
}

func newPartnership(t *testing.T, d *db.DB, slug string) partnership.Partnership {
	t.Helper()
	named := func(ns ...string) []partnership.Named {
		var out []partnership.Named
		for _, n := range ns {
			out = append(out, partnership.Named{Name: n})
		}
		return out
	}
	p, err := partnership.Create(context.Background(), d, partnership.Partnership{Slug: slug, Name: "Test " + slug, Model: "ijb",
		HealthBoard: "NHS " + slug, LocalAuthorities: named(slug + " Council"), Localities: named("North", "South")}, audit.System, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func fieldsOf(err error) []string {
	var out []string
	if verrs, ok := valid.As(err); ok {
		for _, e := range verrs {
			out = append(out, e.Field)
		}
	}
	return out
}

// consultStore is the consultation store of partnership pid.
func consultStore(d *db.DB, pid int64) *consult.Store {
	return consult.StoreFor(d, partnership.Partnership{ID: pid}, nil)
}

// storeAt is the consultation store of partnership pid with its clock
// stopped at now.
func storeAt(d *db.DB, pid int64, now time.Time) *consult.Store {
	return consult.StoreFor(d, partnership.Partnership{ID: pid}, func() time.Time { return now })
}
