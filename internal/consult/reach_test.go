package consult_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
	"coplan/internal/statute"
)

// The reach rule, as a planning officer would read it: nobody, or fewer
// than five, is flagged; so is a locality with under half the share of
// responses that it has of the people.
func TestReachFlagFor(t *testing.T) {
	for _, c := range []struct {
		name          string
		n, total      int
		pop, popTotal int64
		want          consult.ReachFlag
	}{
		{"no responses at all yet: nothing to compare", 0, 0, 0, 0, ""},
		{"a group nobody in responded", 0, 100, 0, 0, consult.NoResponses},
		{"one response", 1, 100, 0, 0, consult.VeryFew},
		{"four responses", 4, 100, 0, 0, consult.VeryFew},
		{"five responses is enough", 5, 100, 0, 0, ""},
		{"few responses is flagged as few even with a population", 3, 100, 50, 100, consult.VeryFew},
		{"10% of responses, 50% of people", 10, 100, 5000, 10000, consult.UnderPopulated},
		{"25% of responses, 50% of people: exactly half is not under", 25, 100, 5000, 10000, ""},
		{"24% of responses, 50% of people", 24, 100, 5000, 10000, consult.UnderPopulated},
		{"more than its share", 60, 100, 5000, 10000, ""},
		{"no population entered", 10, 100, 0, 10000, ""},
	} {
		if got := consult.ReachFlagFor(c.n, c.total, c.pop, c.popTotal); got != c.want {
			t.Errorf("%s: ReachFlagFor(%d, %d, %d, %d) = %q, want %q", c.name, c.n, c.total, c.pop, c.popTotal, got, c.want)
		}
	}
}

// The bank asks the twelve prescribed groups, each once, by its code.
func TestBankAsksThePrescribedGroups(t *testing.T) {
	var q consult.BankQuestion
	for _, b := range consult.NationalBank() {
		if b.Topic == consult.PrescribedGroupsTopic {
			q = b
		}
	}
	if q.Kind != consult.Multiple {
		t.Fatalf("prescribed groups question %+v, want a question with several answers", q)
	}
	for _, g := range statute.PrescribedGroups() {
		n := 0
		for _, o := range q.Options {
			if o.Value == g.Code && strings.EqualFold(o.Label, g.Name) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("group %q offered %d times", g.Code, n)
		}
	}
	if got := q.Question("PG").Topic; got != consult.PrescribedGroupsTopic {
		t.Errorf("the question added from the bank has topic %q", got)
	}
}

// reachConsultation makes a consultation whose first version asks Q1
// (one of yes/no), Q2 (any of bus/car or other) and the bank's sex
// question, and whose second also asks the agree scale Q2b and the
// prescribed groups; n responses are stored directly to each version,
// with varied answers, blanks, localities, languages, connections and a
// few entered after closing.
func reachConsultation(t *testing.T, d *db.DB, n int) (partnership.Partnership, consult.Consultation) {
	t.Helper()
	ctx := context.Background()
	p, c, _ := testConsultation(t, d)
	var sex, groups consult.BankQuestion
	for _, b := range consult.NationalBank() {
		switch b.Topic {
		case consult.PrescribedGroupsTopic:
			groups = b
		case "Equality monitoring: sex":
			sex = b
		}
	}
	if sex.Text == "" || groups.Text == "" {
		t.Fatal("the bank has no sex or prescribed groups question")
	}
	v1, v2 := exportVersions()
	v1.Sections[0].Questions = append(v1.Sections[0].Questions, sex.Question("EQ1"))
	v2.Sections[0].Questions = append(v2.Sections[0].Questions, sex.Question("EQ1"), groups.Question("PG"))
	st := consultStore(d, p.ID)
	qn1, err := st.SaveQuestionnaire(ctx, c, v1, "", audit.System)
	if err != nil {
		t.Fatal(err)
	}
	store := func(qn consult.Questionnaire, from int) {
		t.Helper()
		byCode := map[string]int64{}
		for _, q := range qn.Questions() {
			byCode[q.Code] = q.ID
		}
		at := time.Now().Add(-time.Minute)
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for i := from; i < from+n; i++ {
				submitted := at.Add(time.Duration(i) * time.Millisecond)
				if i%13 == 0 {
					submitted = c.ClosesAt.Add(time.Second)
				}
				kind := []string{"individual", "organisation", ""}[i%3]
				var rels []string
				for j, x := range consult.Relationships {
					if i%(j+3) == 0 {
						rels = append(rels, x)
					}
				}
				var loc any
				if i%4 != 3 {
					loc = p.Localities[i%len(p.Localities)].ID
				}
				lang := []string{"en", "en", "gd"}[i%3]
				channel := []string{"paper", "online", "online", "email", "interview"}[i%5]
				var id int64
				if err := tx.QueryRowContext(ctx, `INSERT INTO responses (consultation_id, questionnaire_id, reference, channel, language, status,
					respondent_type, name, publish, created_at, updated_at, submitted_at, expires_at, relationships, locality_id)
					VALUES ($1, $2, $3, $4, $5, 'submitted', $6, $7, 'do-not-publish', $8, $8, $8, $8, $9, $10) RETURNING id`,
					c.ID, qn.ID, fmt.Sprintf("R-%05d", i), channel, lang, kind, fmt.Sprintf("Org %d", i%4), submitted,
					strings.Join(rels, ","), loc).Scan(&id); err != nil {
					return err
				}
				answers := map[string]string{
					"Q1":  []string{"yes", "no", "", "yes"}[i%4],
					"Q2":  []string{"bus", "car", "bus\ncar", "bus\nother", "", "car\nother", "bus\ncar\nother"}[i%7],
					"Q2b": []string{"strongly-agree", "mostly-agree", "neither", "mostly-disagree", "strongly-disagree", ""}[i%6],
					"EQ1": []string{"female", "male", consult.PreferNotToSay, "", "female"}[i%5],
					"PG":  []string{"users-health-care", "carers-health-care\nusers-social-care", "", "none-of-these", "third-sector-bodies\nusers-health-care"}[i%5],
				}
				for code, choices := range answers {
					qid, ok := byCode[code]
					if !ok || (choices == "" && i%2 == 0) {
						continue // not asked, or no row at all for a blank (as well as a row with no choices)
					}
					if _, err := tx.ExecContext(ctx, `INSERT INTO answers (response_id, question_id, choices, text, other_text) VALUES ($1, $2, $3, '', '')`,
						id, qid, choices); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	store(qn1, 0)
	qn2, err := st.SaveQuestionnaire(ctx, c, v2, "Ask the prescribed groups", audit.System)
	if err != nil {
		t.Fatal(err)
	}
	if qn2.ID == qn1.ID {
		t.Fatal("the second version replaced the first")
	}
	store(qn2, n)
	if err := d.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE localities SET population = id * 1000 WHERE partnership_id = $1`, p.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return p, c
}

// bruteForce is every submitted response as the rules read it: the values
// it has in each dimension.
type bruteForce struct {
	late   bool
	values map[string][]string // dimension key → values ("" for blank)
}

func bruteForceOf(t *testing.T, d *db.DB, p partnership.Partnership, c consult.Consultation) []bruteForce {
	t.Helper()
	ctx := context.Background()
	rs, err := consult.Responses(ctx, d, p.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[int64]string{}
	st := consultStore(d, p.ID)
	var out []bruteForce
	for _, r := range rs {
		if len(codes) == 0 || codes[-r.QuestionnaireID] == "" {
			qn, err := st.QuestionnaireByID(ctx, c.ID, r.QuestionnaireID)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range qn.Questions() {
				codes[q.ID] = q.Code
			}
			codes[-r.QuestionnaireID] = "loaded"
		}
		rels := r.Respondent.Relationships
		if len(rels) == 0 {
			rels = []string{""}
		}
		b := bruteForce{late: c.Late(r), values: map[string][]string{
			consult.ByType:       {string(r.Respondent.Type)},
			consult.ByConnection: rels,
			consult.ByLocality:   {strconv.FormatInt(r.Respondent.LocalityID, 10)},
			consult.ByChannel:    {string(r.Channel)},
			consult.ByLanguage:   {r.Language},
		}}
		for _, code := range []string{"Q1", "Q2", "Q2b", "EQ1", "PG"} {
			b.values[consult.AnswerDimension(code)] = []string{""}
		}
		for qid, a := range r.Answers {
			if len(a.Choices) > 0 {
				b.values[consult.AnswerDimension(codes[qid])] = a.Choices
			}
		}
		out = append(out, b)
	}
	return out
}

// Reach, tallies and cross-tabs, counted by the database, agree with a
// count of every response in Go, on both databases: every dimension,
// blanks, several answers at once, both versions of the questions, with
// and without the responses entered after closing.
func TestReachAndTalliesAgreeWithABruteForceCount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, c := reachConsultation(t, d, 120)
		p, err := partnership.ByID(ctx, d, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		all := bruteForceOf(t, d, p, c)
		for _, late := range []bool{false, true} {
			var counted []bruteForce
			lateN := 0
			for _, b := range all {
				if b.late {
					lateN++
				}
				if late || !b.late {
					counted = append(counted, b)
				}
			}
			reach, err := consult.ReachOf(ctx, d, p, c.ID, consult.ReachOptions{IncludeLate: late})
			if err != nil {
				t.Fatal(err)
			}
			if reach.Responses != len(counted) || reach.Late != lateN || lateN == 0 {
				t.Errorf("late %v: %d responses, %d late; want %d, %d", late, reach.Responses, reach.Late, len(counted), lateN)
			}
			keys := []string{consult.ByType, consult.ByConnection, consult.ByLocality, consult.ByChannel, consult.ByLanguage,
				consult.AnswerDimension("EQ1"), consult.AnswerDimension("PG")}
			var got []string
			for _, b := range reach.Breakdowns {
				got = append(got, b.Key)
			}
			if !reflect.DeepEqual(got, keys) {
				t.Fatalf("breakdowns %v, want %v (the bank's questions only)", got, keys)
			}
			for _, key := range keys {
				want := map[string]int{}
				for _, b := range counted {
					for _, v := range b.values[key] {
						want[v]++
					}
				}
				b, _ := reach.By(key)
				gotN := map[string]int{}
				for _, g := range b.Groups {
					if g.N > 0 {
						gotN[g.Value] = g.N
					}
				}
				if !reflect.DeepEqual(gotN, want) {
					t.Errorf("late %v, by %s: %v, want %v", late, key, gotN, want)
				}
			}
			for key, multiple := range map[string]bool{consult.ByConnection: true, consult.AnswerDimension("PG"): true,
				consult.AnswerDimension("EQ1"): false, consult.ByLocality: false} {
				if b, _ := reach.By(key); b.Multiple != multiple {
					t.Errorf("by %s: multiple %v, want %v", key, b.Multiple, multiple)
				}
			}
			// The prescribed groups nobody chose are flagged as having none.
			pg, _ := reach.By(consult.AnswerDimension("PG"))
			if g, _ := pg.Group("commercial-providers-social-care"); g.N != 0 || g.Flag != consult.NoResponses {
				t.Errorf("an unchosen prescribed group: %+v, want flagged with no responses", g)
			}
			for _, dim := range []string{"", consult.ByLocality, consult.ByConnection, consult.AnswerDimension("PG")} {
				tabs, err := consult.TalliesOf(ctx, d, p, c.ID, consult.TallyOptions{Dimension: dim, IncludeLate: late})
				if err != nil {
					t.Fatal(err)
				}
				var codes []string
				for _, ct := range tabs {
					codes = append(codes, ct.Question.Code)
				}
				if want := []string{"Q1", "Q2", "Q2b", "EQ1", "PG"}; !reflect.DeepEqual(codes, want) {
					t.Fatalf("tallies of %v, want the closed questions %v", codes, want)
				}
				for _, ct := range tabs {
					key := consult.AnswerDimension(ct.Question.Code)
					if ct.Responses != len(counted) {
						t.Errorf("%s: %d responses, want %d", ct.Question.Code, ct.Responses, len(counted))
					}
					for _, row := range ct.Rows {
						want := 0
						wantCol := make([]int, len(ct.Columns))
						for _, b := range counted {
							for _, v := range b.values[key] {
								if v != row.Value {
									continue
								}
								want++
								for i, col := range ct.Columns {
									for _, x := range b.values[dim] {
										if x == col.Value {
											wantCol[i]++
										}
									}
								}
							}
						}
						if row.N != want || (dim != "" && !reflect.DeepEqual(row.ByColumn, wantCol)) {
							t.Errorf("late %v, %s by %q, %q: %d %v, want %d %v", late, ct.Question.Code, dim, row.Label, row.N, row.ByColumn, want, wantCol)
						}
					}
					if last := ct.Rows[len(ct.Rows)-1]; !last.Blank || last.N == 0 {
						t.Errorf("%s: last row %+v, want the blanks, counted", ct.Question.Code, last)
					}
				}
			}
		}
		if _, err := consult.TalliesOf(ctx, d, p, c.ID, consult.TallyOptions{Dimension: "q:NOPE"}); err == nil {
			t.Error("tallies by a question not asked: no error")
		}
		other := partnership.Partnership{ID: p.ID + 1000}
		if r, err := consult.ReachOf(ctx, d, other, c.ID, consult.ReachOptions{IncludeLate: true}); err != nil || r.Responses != 0 {
			t.Errorf("another partnership's reach of this consultation: %d responses, %v", r.Responses, err)
		}
	})
}

// The tallies' downloads read back as they were counted: the CSV through
// encoding/csv, the workbook through excelize, with a header, a row per
// answer (blanks included), the counts as numbers, and the reach sheet.
func TestAnalysisDownloadsParseBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p, c := reachConsultation(t, d, 40)
		p, err := partnership.ByID(ctx, d, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		tabs, err := consult.TalliesOf(ctx, d, p, c.ID, consult.TallyOptions{Dimension: consult.ByLocality, IncludeLate: true})
		if err != nil {
			t.Fatal(err)
		}
		reach, err := consult.ReachOf(ctx, d, p, c.ID, consult.ReachOptions{IncludeLate: true})
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{consult.TallyHeader(tabs)}
		for _, row := range consult.TallyRows(tabs) {
			var cells []string
			for _, v := range row {
				cells = append(cells, fmt.Sprint(v))
			}
			want = append(want, cells)
		}
		if len(want[0]) != 5+2*(len(p.Localities)+1) || len(want) < 20 {
			t.Fatalf("header %v and %d rows: want a pair of columns per locality and Not known", want[0], len(want))
		}

		var buf bytes.Buffer
		if err := consult.WriteTalliesCSV(&buf, tabs); err != nil {
			t.Fatal(err)
		}
		got, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("CSV read back:\n%v\nwant\n%v", got, want)
		}

		buf.Reset()
		if err := consult.WriteAnalysisXLSX(&buf, reach, tabs); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if sheets := f.GetSheetList(); !reflect.DeepEqual(sheets, []string{"Tallies", "Reach"}) {
			t.Errorf("sheets %v", sheets)
		}
		rows, err := f.GetRows("Tallies")
		if err != nil {
			t.Fatal(err)
		}
		// GetRows drops a row's trailing empty cells (a percentage of no
		// responses): compare with those dropped.
		for i := range want {
			for len(want[i]) > 0 && want[i][len(want[i])-1] == "" {
				want[i] = want[i][:len(want[i])-1]
			}
		}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("workbook read back:\n%v\nwant\n%v", rows, want)
		}
		// A number has no string type (excelize leaves its type unset).
		for _, cell := range []string{"D2", "E2", "F2"} {
			if typ, _ := f.GetCellType("Tallies", cell); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				t.Errorf("%s is text, want a number", cell)
			}
		}
		if typ, _ := f.GetCellType("Tallies", "B2"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("the question is of type %v, want text", typ)
		}
		reachRows, err := f.GetRows("Reach")
		if err != nil {
			t.Fatal(err)
		}
		if len(reachRows) != 1+len(consult.ReachRows(reach)) || !reflect.DeepEqual(reachRows[0], consult.ReachHeader) {
			t.Errorf("reach sheet: %d rows, header %v", len(reachRows), reachRows[0])
		}
	})
}
