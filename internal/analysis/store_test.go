package analysis_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"coplan/internal/analysis"
	"coplan/internal/audit"
	"coplan/internal/auth"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

func at() time.Time { return time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC) }

// fixture is a partnership's consultation with one free-text question and
// its submitted answers.
type fixture struct {
	p       partnership.Partnership
	c       consult.Consultation
	q       int64
	answers []int64 // response ids, in order
	ann     audit.Actor
	bill    audit.Actor // two coders' accounts
}

func newFixture(t *testing.T, d *db.DB, slug string, texts ...string) fixture {
	t.Helper()
	ctx := context.Background()
	p := demo.Partnership()
	p.Slug, p.Name = slug, slug
	p, err := partnership.Create(ctx, d, p, audit.System, at())
	if err != nil {
		t.Fatal(err)
	}
	cs := consult.StoreFor(d, p, at)
	c, err := cs.SaveConsultation(ctx, consult.Consultation{PartnershipID: p.ID, Title: "Day services in " + slug,
		Audience: consult.Public, OpensAt: at().Add(-48 * time.Hour), ClosesAt: at().Add(-time.Hour)}, audit.System)
	if err != nil {
		t.Fatal(err)
	}
	qn, err := cs.SaveQuestionnaire(ctx, c, consult.Questionnaire{Sections: []consult.Section{{Title: "One", Questions: []consult.Question{
		{Code: "Q1", Kind: consult.Text, Text: "What would you change?"}}}}}, "", audit.System)
	if err != nil {
		t.Fatal(err)
	}
	f := fixture{p: p, c: c, q: qn.Questions()[0].ID}
	for _, who := range []*audit.Actor{&f.ann, &f.bill} {
		name := map[bool]string{true: "Ann Coder", false: "Bill Coder"}[who == &f.ann]
		u, err := auth.CreateUser(ctx, d, auth.User{PartnershipID: p.ID, Email: name[:3] + "@" + slug + ".example", Name: name,
			Role: auth.Officer}, "a long enough password", audit.System, at())
		if err != nil {
			t.Fatal(err)
		}
		*who = audit.Actor{UserID: u.ID, Name: u.Name}
	}
	for i, text := range texts {
		r, err := cs.EnterResponse(ctx, c, consult.Response{Channel: consult.Paper, Language: "en",
			Respondent: consult.Respondent{Type: consult.Individual, Name: "Person " + string(rune('A'+i)), Publish: consult.WithName, ContactSet: true},
			Answers:    consult.Answers{f.q: {QuestionID: f.q, Text: text}}}, "GLE", audit.System)
		if err != nil {
			t.Fatal(err)
		}
		f.answers = append(f.answers, r.ID)
	}
	return f
}

func fieldError(t *testing.T, err error, field string) {
	t.Helper()
	errs, ok := valid.As(err)
	if !ok || errs.For(field) == "" {
		t.Fatalf("got %v, want an error at %s", err, field)
	}
}

func TestCodebookAndCoding(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, "glenmorven", "The bus is always late.", "Tha am bus fadalach gu tric, ach tha an t-seirbheis glè mhath.",
			"More staff please.", "")
		st, ann, bill := analysis.StoreFor(d, f.p, at), f.ann, f.bill
		if _, err := st.Codebook(ctx, f.c.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("a new consultation has a codebook: %v", err)
		}
		travel, err := st.AddCode(ctx, f.c.ID, 0, "Travel", "Getting there and back", ann)
		if err != nil {
			t.Fatal(err)
		}
		late, err := st.AddCode(ctx, f.c.ID, travel.ID, "Late buses", "", ann)
		if err != nil {
			t.Fatal(err)
		}
		staff, err := st.AddCode(ctx, f.c.ID, 0, "Staffing", "", ann)
		if err != nil {
			t.Fatal(err)
		}
		quality, err := st.AddCode(ctx, f.c.ID, 0, "Quality", "", ann)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddCode(ctx, f.c.ID, 0, " ", "", ann); err == nil {
			t.Fatal("a blank name was accepted")
		} else {
			fieldError(t, err, "name")
		}
		fieldError(t, st.MoveCode(ctx, travel.ID, late.ID, ann), "parent")
		if err := st.RenameCode(ctx, staff.ID, "Staff", "Enough people", ann); err != nil {
			t.Fatal(err)
		}
		codes, err := st.Codes(ctx, f.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(codes) != 4 || codes[0].ID != travel.ID || codes[1].ID != late.ID || codes[1].Depth != 1 || codes[2].Name != "Staff" {
			t.Fatalf("codes = %+v", codes)
		}

		// Ann codes an extract of the Gaelic answer by its words; the
		// offsets are in characters.
		ks, err := st.Code(ctx, analysis.Application{ConsultationID: f.c.ID, QuestionID: f.q, ResponseID: f.answers[1],
			Codes: []int64{late.ID, quality.ID}, Extract: "am bus fadalach"}, ann)
		if err != nil {
			t.Fatal(err)
		}
		if len(ks) != 2 || ks[0].Whole || ks[0].Start != 4 || ks[0].End != 19 || ks[0].Extract != "am bus fadalach" {
			t.Fatalf("codings = %+v", ks)
		}
		_, err = st.Code(ctx, analysis.Application{ConsultationID: f.c.ID, QuestionID: f.q, ResponseID: f.answers[1],
			Codes: []int64{late.ID}, Extract: "not in the answer"}, ann)
		fieldError(t, err, "extract")
		_, err = st.Code(ctx, analysis.Application{ConsultationID: f.c.ID, QuestionID: f.q, ResponseID: f.answers[1]}, ann)
		fieldError(t, err, "codes")
		// Coding the same span again adds nothing.
		if ks, err := st.Code(ctx, analysis.Application{ConsultationID: f.c.ID, QuestionID: f.q, ResponseID: f.answers[1],
			Codes: []int64{late.ID}, Extract: "am bus fadalach"}, ann); err != nil || len(ks) != 0 {
			t.Fatalf("coded twice: %v, %v", ks, err)
		}
		// A blank answer is not there to code.
		if _, err := st.Code(ctx, analysis.Application{ConsultationID: f.c.ID, QuestionID: f.q, ResponseID: f.answers[3],
			Codes: []int64{late.ID}}, ann); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("coded a blank answer: %v", err)
		}

		// Two coders: Ann and Bill both code answers 0-2.
		code := func(who audit.Actor, i int, codes ...int64) {
			t.Helper()
			if len(codes) == 0 {
				if err := st.MarkCoded(ctx, f.c.ID, f.q, f.answers[i], who); err != nil {
					t.Fatal(err)
				}
				return
			}
			if _, err := st.Code(ctx, analysis.Application{ConsultationID: f.c.ID, QuestionID: f.q, ResponseID: f.answers[i], Codes: codes}, who); err != nil {
				t.Fatal(err)
			}
		}
		code(ann, 0, late.ID)
		code(bill, 0, late.ID)
		code(bill, 1, late.ID)
		code(ann, 2, staff.ID)
		code(bill, 2)
		mine, err := st.Codings(ctx, f.c.ID, analysis.CodingFilter{Coder: bill.UserID})
		if err != nil || len(mine) != 2 {
			t.Fatalf("Bill's codings = %v, %v", mine, err)
		}
		agr, n, err := st.Agreement(ctx, f.c.ID, f.q, ann.UserID, bill.UserID)
		if err != nil || n != 3 {
			t.Fatalf("agreement over %d answers: %v", n, err)
		}
		byName := map[string]analysis.Kappa{}
		for _, a := range agr {
			byName[a.Code.Name] = a.Kappa
		}
		// Late buses: both on 0 and 1, neither on 2: κ = 1.
		if k := byName["Late buses"]; k.Both != 2 || k.Neither != 1 || !k.Defined || k.Value != 1 {
			t.Errorf("late buses: %+v", k)
		}
		// Staff: Ann only, on 2: po = 2/3, pA = 1/3, pB = 0, pe = 2/3, κ = 0.
		if k := byName["Staff"]; k.OnlyA != 1 || k.Neither != 2 || !k.Defined || math.Abs(k.Value) > 1e-9 {
			t.Errorf("staff: %+v", k)
		}
		// Quality: Ann only, on 1.
		if k := byName["Quality"]; k.OnlyA != 1 || k.Neither != 2 {
			t.Errorf("quality: %+v", k)
		}
		// Travel: nobody: undefined.
		if k := byName["Travel"]; k.Defined || k.Neither != 3 {
			t.Errorf("travel: %+v", k)
		}

		dis, err := st.Disagreements(ctx, f.c.ID, f.q)
		if err != nil {
			t.Fatal(err)
		}
		if len(dis) != 2 || dis[0].ResponseID != f.answers[1] || len(dis[0].Disputed) != 1 || dis[0].Disputed[0] != quality.ID ||
			dis[1].ResponseID != f.answers[2] || dis[1].Disputed[0] != staff.ID {
			t.Fatalf("disagreements = %+v", dis)
		}
		agreed, err := st.Agreed(ctx, f.c.ID, f.q)
		if err != nil {
			t.Fatal(err)
		}
		// Late buses on 0 (one span) and on 1 (the whole answer and Ann's extract).
		if len(agreed) != 3 {
			t.Fatalf("agreed before reconciling = %+v", agreed)
		}
		if err := st.Decide(ctx, f.c.ID, f.q, f.answers[1], dis[0].Disputed, dis[0].Disputed, ann); err != nil {
			t.Fatal(err)
		}
		if err := st.Decide(ctx, f.c.ID, f.q, f.answers[2], dis[1].Disputed, nil, ann); err != nil {
			t.Fatal(err)
		}
		if dis, _ := st.Disagreements(ctx, f.c.ID, f.q); len(dis) != 0 {
			t.Fatalf("disagreements left: %+v", dis)
		}
		agreed, _ = st.Agreed(ctx, f.c.ID, f.q)
		if len(agreed) != 4 {
			t.Fatalf("agreed after reconciling = %+v", agreed)
		}

		// The matrix: a row per respondent coded, a column per theme.
		m, err := st.FrameworkMatrix(ctx, f.c.ID, analysis.MatrixOptions{Question: f.q, ByCount: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Themes) != 4 || m.Total != 2 || m.Rows[0].ResponseID != f.answers[1] || m.Rows[0].Extracts != 3 || m.Coded != 2 || m.Extracts != 4 {
			t.Fatalf("matrix = %+v", m)
		}
		if e := m.Rows[0].Cells[1].Extracts; len(e) != 2 || !e[0].Whole || e[0].Text != "Tha am bus fadalach gu tric, ach tha an t-seirbheis glè mhath." || e[1].Text != "am bus fadalach" {
			t.Fatalf("late buses cell = %+v", e)
		}
		m, err = st.FrameworkMatrix(ctx, f.c.ID, analysis.MatrixOptions{By: consult.ByChannel, Theme: late.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Themes) != 1 || m.Total != 1 || m.Rows[0].Label != "Paper form" || m.Rows[0].Cells[0].Responses != 2 {
			t.Fatalf("grouped matrix = %+v", m)
		}
		_, err = st.FrameworkMatrix(ctx, f.c.ID, analysis.MatrixOptions{By: "nonsense"})
		fieldError(t, err, "by")

		// Merging Quality into Staff moves its coding and its decision.
		if err := st.MergeCodes(ctx, staff.ID, quality.ID, ann); err != nil {
			t.Fatal(err)
		}
		if _, err := st.CodeByID(ctx, quality.ID); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("the merged code is still there: %v", err)
		}
		if ks, _ := st.Codings(ctx, f.c.ID, analysis.CodingFilter{Code: staff.ID}); len(ks) != 2 {
			t.Fatalf("staff codings after merge = %+v", ks)
		}

		if _, err := st.AddMemo(ctx, f.c.ID, late.ID, 0, "Mostly the 41 route.", ann); err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddMemo(ctx, f.c.ID, 0, f.answers[0], "Check with transport.", bill); err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddMemo(ctx, f.c.ID, 0, 0, "First pass done.", bill); err != nil {
			t.Fatal(err)
		}
		if ms, err := st.Memos(ctx, f.c.ID); err != nil || len(ms) != 3 {
			t.Fatalf("memos = %v, %v", ms, err)
		}
		if cs, err := st.Coders(ctx, f.c.ID, f.q); err != nil || len(cs) != 2 || cs[0].Name != "Ann Coder" || cs[1].Answers != 3 {
			t.Fatalf("coders = %+v, %v", cs, err)
		}
		if err := st.Uncode(ctx, mine[0].ID, ann); !errors.Is(err, valid.ErrNotFound) {
			t.Fatalf("Ann removed Bill's coding: %v", err)
		}
		if err := st.Uncode(ctx, mine[0].ID, bill); err != nil {
			t.Fatal(err)
		}

		// A second consultation reuses the codebook.
		cs := consult.StoreFor(d, f.p, at)
		c2, err := cs.SaveConsultation(ctx, consult.Consultation{PartnershipID: f.p.ID, Title: "Second",
			Audience: consult.Public, OpensAt: at().Add(-48 * time.Hour), ClosesAt: at().Add(-time.Hour)}, audit.System)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.UseCodebook(ctx, c2.ID, f.c.ID, ann); err != nil {
			t.Fatal(err)
		}
		if codes2, _ := st.Codes(ctx, c2.ID); len(codes2) != 3 {
			t.Fatalf("reused codes = %+v", codes2)
		}
		fieldError(t, st.UseCodebook(ctx, f.c.ID, c2.ID, ann), "from")
	})
}

// Another partnership sees none of the codebook, codes nothing of it, and
// cannot code the first partnership's answers.
func TestIsolation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, "glenmorven", "The bus is late.")
		g := newFixture(t, d, "strathmore", "Buses are fine.")
		st, other, ann, bill := analysis.StoreFor(d, f.p, at), analysis.StoreFor(d, g.p, at), f.ann, g.bill
		code, err := st.AddCode(ctx, f.c.ID, 0, "Travel", "", ann)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Code(ctx, analysis.Application{ConsultationID: f.c.ID, QuestionID: f.q, ResponseID: f.answers[0], Codes: []int64{code.ID}}, ann); err != nil {
			t.Fatal(err)
		}
		if codes, err := other.Codes(ctx, f.c.ID); err != nil || len(codes) != 0 {
			t.Errorf("other sees codes: %v, %v", codes, err)
		}
		if ks, err := other.Codings(ctx, f.c.ID, analysis.CodingFilter{}); err != nil || len(ks) != 0 {
			t.Errorf("other sees codings: %v, %v", ks, err)
		}
		if _, err := other.AddCode(ctx, f.c.ID, 0, "Sneaky", "", bill); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("other added a code to the first's consultation: %v", err)
		}
		if err := other.RenameCode(ctx, code.ID, "Sneaky", "", bill); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("other renamed the first's code: %v", err)
		}
		theirs, err := other.AddCode(ctx, g.c.ID, 0, "Theirs", "", bill)
		if err != nil {
			t.Fatal(err)
		}
		if err := other.MergeCodes(ctx, theirs.ID, code.ID, bill); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("other merged the first's code: %v", err)
		}
		if _, err := other.Code(ctx, analysis.Application{ConsultationID: f.c.ID, QuestionID: f.q, ResponseID: f.answers[0], Codes: []int64{theirs.ID}}, bill); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("other coded the first's answer: %v", err)
		}
		if err := other.UseCodebook(ctx, g.c.ID, f.c.ID, bill); err == nil {
			t.Error("other reused the first's codebook")
		}
		if _, err := other.AddMemo(ctx, f.c.ID, 0, 0, "Sneaky", bill); !errors.Is(err, valid.ErrNotFound) {
			t.Errorf("other wrote a memo on the first's consultation: %v", err)
		}
		if n := countWhere(t, d, "codes", f.p.ID); n != 1 {
			t.Errorf("the first has %d codes", n)
		}
	})
}

func countWhere(t *testing.T, d *db.DB, table string, pid int64) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table+` WHERE partnership_id = $1`, pid).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Each write is one transaction with its audit entry: when its last insert
// fails, nothing of it is kept.
func TestCodingIsOneTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, "glenmorven", "The bus is late.")
		st, ann := analysis.StoreFor(d, f.p, at), f.ann
		code, err := st.AddCode(ctx, f.c.ID, 0, "Travel", "", ann)
		if err != nil {
			t.Fatal(err)
		}
		dbtest.FailInserts(t, d, "coded_answers")
		if _, err := st.Code(ctx, analysis.Application{ConsultationID: f.c.ID, QuestionID: f.q, ResponseID: f.answers[0], Codes: []int64{code.ID}}, ann); err == nil {
			t.Fatal("the coding was saved")
		}
		if n := countWhere(t, d, "codings", f.p.ID); n != 0 {
			t.Errorf("%d codings kept", n)
		}
		dbtest.FailInserts(t, d, "audit_log")
		if _, err := st.AddCode(ctx, f.c.ID, 0, "Staff", "", ann); err == nil {
			t.Fatal("the code was saved without its audit entry")
		}
		if n := countWhere(t, d, "codes", f.p.ID); n != 1 {
			t.Errorf("%d codes, want 1", n)
		}
	})
}

// EachTextAnswer streams every submitted, non-blank answer in response
// order, and none of another partnership's.
func TestEachTextAnswer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, "glenmorven", "Ceud mìle fàilte.", "", "More buses.")
		g := newFixture(t, d, "strathmore", "Theirs.")
		var got []string
		if err := consult.EachTextAnswer(ctx, d, f.p.ID, f.c.ID, f.q, func(a consult.TextAnswer) error {
			got = append(got, a.Text)
			if a.Respondent.Publish != consult.WithName || a.Check != consult.Unchecked {
				t.Errorf("answer %d: publish %q, check %q", a.ResponseID, a.Respondent.Publish, a.Check)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if join(got) != "Ceud mìle fàilte. More buses." {
			t.Errorf("streamed %q", got)
		}
		n := 0
		if err := consult.EachTextAnswer(ctx, d, g.p.ID, f.c.ID, f.q, func(consult.TextAnswer) error { n++; return nil }); err != nil || n != 0 {
			t.Errorf("another partnership read %d answers: %v", n, err)
		}
		stop := errors.New("stop")
		if err := consult.EachTextAnswer(ctx, d, f.p.ID, f.c.ID, f.q, func(consult.TextAnswer) error { return stop }); !errors.Is(err, stop) {
			t.Errorf("fn's error: %v", err)
		}
		qs, err := consult.TextQuestions(ctx, d, f.p.ID, f.c.ID)
		if err != nil || len(qs) != 1 || qs[0].ID != f.q {
			t.Errorf("text questions = %+v, %v", qs, err)
		}
		if qs, _ := consult.TextQuestions(ctx, d, g.p.ID, f.c.ID); len(qs) != 0 {
			t.Error("another partnership lists the questions")
		}
		page, total, err := consult.TextAnswersPage(ctx, d, f.p.ID, f.c.ID, f.q, 1, 1)
		if err != nil || total != 2 || len(page) != 1 || page[0].Text != "More buses." {
			t.Errorf("page = %+v of %d, %v", page, total, err)
		}
	})
}

// Offsets are stored in characters (code points), whether the page's
// script sends them or the store finds the extract.
func TestExtractOffsetsInCharacters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, "glenmorven", "Tha an t-seirbheis ann an Gàidhlig glè mhath.")
		st := analysis.StoreFor(d, f.p, at)
		code, err := st.AddCode(ctx, f.c.ID, 0, "Gaelic", "", f.ann)
		if err != nil {
			t.Fatal(err)
		}
		app := analysis.Application{ConsultationID: f.c.ID, QuestionID: f.q, ResponseID: f.answers[0], Codes: []int64{code.ID}}
		app.Extract, app.Start, app.End = "glè", 35, 38
		if _, err := st.Code(ctx, app, f.ann); err != nil {
			t.Fatal(err)
		}
		app.Extract, app.Start, app.End = "mhath", -1, -1
		if _, err := st.Code(ctx, app, f.ann); err != nil {
			t.Fatal(err)
		}
		ks, err := st.Codings(ctx, f.c.ID, analysis.CodingFilter{})
		if err != nil || len(ks) != 2 {
			t.Fatalf("codings = %+v, %v", ks, err)
		}
		if ks[0].Start != 35 || ks[0].End != 38 || ks[0].Extract != "glè" || ks[1].Start != 39 || ks[1].End != 44 || ks[1].Extract != "mhath" {
			t.Errorf("offsets = %d-%d %q, %d-%d %q", ks[0].Start, ks[0].End, ks[0].Extract, ks[1].Start, ks[1].End, ks[1].Extract)
		}
	})
}
