package consult_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
)

const importHeader = "channel,respondent_type,name,phone,address,postcode,email,publish,contact_ok,relationships,Q1,Q2,Q3\n"

func TestParseImportReadsEveryKindOfCell(t *testing.T) {
	v1, _ := exportVersions()
	file := importHeader +
		`Paper form,Individual,Ann Smith,,"1 High St, Glenmorven",gm12 3ab,ann@example.org,Publish response with name,yes,unpaid-carer; I use services,yes,"Bus; other: lift from a friend; sometimes a taxi","More buses"` + "\n" +
		`focus-group,organisation,Carers Centre,,,,,without-name,no,,No,car,` + "\n" +
		"\n" // a blank line at the end is ignored
	rs, err := consult.ParseImport(strings.NewReader("\ufeff"+file), v1, en)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 {
		t.Fatalf("%d responses, want 2", len(rs))
	}
	a := rs[0]
	if a.Channel != consult.Paper || a.Respondent.Type != consult.Individual || a.Respondent.Publish != consult.WithName ||
		!a.Respondent.ContactOK || strings.Join(a.Respondent.Relationships, ",") != "unpaid-carer,uses-services" {
		t.Errorf("first row: %+v", a)
	}
	q2 := a.Answers[102]
	if strings.Join(q2.Choices, ",") != "bus,other" || q2.OtherText != "lift from a friend; sometimes a taxi" {
		t.Errorf("Q2 = %+v, want bus and other with all the words after other:", q2)
	}
	if a.Answers[103].Text != "More buses" || a.Answers[101].Choices[0] != "yes" {
		t.Errorf("answers: %+v", a.Answers)
	}
	if rs[1].Channel != consult.FocusGroup || rs[1].Respondent.ContactOK || !rs[1].Respondent.ContactSet {
		t.Errorf("second row: %+v", rs[1])
	}
}

// Each bad row is reported with its line number and a reason a person can
// act on; a bad header stops the file before its rows.
func TestParseImportReportsEveryBadRow(t *testing.T) {
	v1, _ := exportVersions()
	good := "paper,individual,Ann,,,,,with-name,yes,,yes,bus,\n"
	tests := []struct {
		name, file string
		line       int
		column     string
		want       string
	}{
		{"online", importHeader + good + "online,individual,Ann,,,,,with-name,yes,,,,\n", 3, "channel", "cannot be imported"},
		{"no channel", importHeader + ",individual,Ann,,,,,with-name,yes,,,,\n", 2, "channel", "Say how the response was received"},
		{"bad type", importHeader + "paper,person,Ann,,,,,with-name,yes,,,,\n", 2, "respondent_type", `"person" is not a type`},
		{"no preference", importHeader + good + good + "email,individual,Ann,,,,,,yes,,,,\n", 4, "publish", "enter do-not-publish"},
		{"no contact", importHeader + "email,individual,Ann,,,,,with-name,,,,,\n", 2, "contact_ok", "enter yes or no"},
		{"bad email", importHeader + "email,individual,Ann,,,,ann-at-example,with-name,no,,,,\n", 2, "email", "correct format"},
		{"bad postcode", importHeader + "email,individual,Ann,,,XYZ,,with-name,no,,,,\n", 2, "postcode", "real postcode"},
		{"bad relationship", importHeader + "email,individual,Ann,,,,,with-name,no,neighbour,,,\n", 2, "relationships", `"neighbour"`},
		{"bad choice", importHeader + "paper,individual,Ann,,,,,with-name,no,,maybe,,\n", 2, "Q1", `"maybe" is not one of the answers to question Q1`},
		{"other without words", importHeader + "paper,individual,Ann,,,,,with-name,no,,,other:,\n", 2, "Q2", "the words the respondent gave for Other"},
		{"other not offered", importHeader + "paper,individual,Ann,,,,,with-name,no,,other:maybe,,\n", 2, "Q1", "has no Other answer"},
		{"two choices for one", importHeader + "paper,individual,Ann,,,,,with-name,no,,yes;no,,\n", 2, "Q1", "only one"},
		{"follow-up not asked", importHeader + "paper,individual,Ann,,,,,with-name,no,,no,,More buses\n", 2, "Q3", "only asked when the answer to Q1 is Yes"},
		{"short line", importHeader + "paper,individual,Ann\n", 2, "", "has 3 values but the header has 13 columns"},
		{"stray quote", importHeader + "paper,individual,Ann \"Nan\" Smith,,,,,with-name,no,,,,\n", 2, "", "double quote"},
		{"unknown column", strings.Replace(importHeader, "Q3", "Q9", 1) + good, 1, "", `"Q9", which is neither`},
		{"missing column", strings.Replace(importHeader, "contact_ok,", "", 1), 1, "", `no column "contact_ok"`},
		{"empty", "", 1, "", "The file is empty"},
		{"semicolons", strings.ReplaceAll(importHeader, ",", ";") + strings.ReplaceAll(good, ",", ";"), 1, "", "separated by semicolons"},
		{"quoted header after the byte order mark", "\ufeff\"channel\"" + strings.TrimPrefix(importHeader, "channel") + "paper,person,,,,,,with-name,yes,,,,\n", 2, "respondent_type", "not a type"},
		{"no rows", importHeader, 0, "", "no responses"},
		// issue 10, items 14 and 22: refused, not cleaned or cut.
		{"a NUL byte", importHeader + "paper,individual,Ann\x00,,,,,with-name,no,,,,\n", 2, "name", "cannot be stored"},
		{"not UTF-8", importHeader + "paper,individual,Caf\xe9,,,,,with-name,no,,,,\n", 2, "name", "CSV UTF-8"},
		{"a name too long", importHeader + "paper,individual," + strings.Repeat("n", 201) + ",,,,,with-name,no,,,,\n", 2, "name", "at most 200 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := consult.ParseImport(strings.NewReader(tt.file), v1, en)
			var ie *consult.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("got %d responses and %v, want an ImportError", len(rs), err)
			}
			if rs != nil {
				t.Error("a file with problems still gave responses")
			}
			found := false
			for _, p := range ie.Problems {
				if p.Line == tt.line && p.Column == tt.column && strings.Contains(p.Message, tt.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("problems %+v; want line %d, column %q, saying %q", ie.Problems, tt.line, tt.column, tt.want)
			}
		})
	}
}

// A file with one bad row among good ones stores nothing; a good file
// stores every response with its channel, unchecked.
func TestImportResponsesAllOrNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, c, qn := testConsultation(t, d)
		rows := []string{
			"paper,individual,Ann,,,,,with-name,yes,,yes,bus,More buses",
			"event,individual,Bob,,,,,without-name,no,,no,car,",
			"interview,individual,Cat,,,,,do-not-publish,no,,yes,\"other:walk\",",
		}
		bad := importHeader + rows[0] + "\n" + rows[1] + "\n" + "email,individual,Dan,,,,,maybe,no,,,,\n" + rows[2] + "\n"
		n, err := consultStore(d, c.PartnershipID).ImportResponses(ctx, c, strings.NewReader(bad), "GLE", en, audit.System)
		var ie *consult.ImportError
		if !errors.As(err, &ie) || n != 0 || len(ie.Problems) != 1 || ie.Problems[0].Line != 4 {
			t.Fatalf("bad file: %d imported, %v", n, err)
		}
		if rs, _ := consult.Responses(ctx, d, c.PartnershipID, c.ID); len(rs) != 0 {
			t.Fatalf("a file with a bad row stored %d responses", len(rs))
		}
		n, err = consultStore(d, c.PartnershipID).ImportResponses(ctx, c, strings.NewReader(importHeader+strings.Join(rows, "\n")), "GLE", en, audit.System)
		if err != nil || n != 3 {
			t.Fatalf("good file: %d imported, %v", n, err)
		}
		rs, _ := consult.Responses(ctx, d, c.PartnershipID, c.ID)
		if len(rs) != 3 {
			t.Fatalf("%d responses stored, want 3", len(rs))
		}
		for i, want := range []consult.Channel{consult.Paper, consult.Event, consult.Interview} {
			if rs[i].Channel != want || rs[i].Check != consult.Unchecked || rs[i].Reference == "" || !rs[i].Submitted {
				t.Errorf("response %d: channel %s, check %s, reference %q", i+1, rs[i].Channel, rs[i].Check, rs[i].Reference)
			}
		}
		if q2 := rs[2].Answers[qn.Questions()[1].ID]; q2.OtherText != "walk" || q2.Choices[0] != consult.OtherValue {
			t.Errorf("the third response's Q2 = %+v, want Other with its words", q2)
		}
	})
}

func TestImportTemplate(t *testing.T) {
	v1, _ := exportVersions()
	var buf bytes.Buffer
	if err := consult.WriteImportTemplate(&buf, v1); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimPrefix(buf.String(), "\ufeff"); got != strings.TrimSuffix(importHeader, "\n")+"\r\n" {
		t.Errorf("template = %q", got)
	}
	// Importing the template unchanged adds nothing and says why.
	if _, err := consult.ParseImport(&buf, v1, en); err == nil || !strings.Contains(err.Error(), "no responses") {
		t.Errorf("the empty template: %v", err)
	}
}

func TestAskedWhen(t *testing.T) {
	qn := sample()
	if got := consult.AskedWhen(qn, qn.Questions()[2]); got != "when the answer to Q3 is Mostly disagree or Strongly disagree and the answer to Q1 is Yes" {
		t.Errorf("AskedWhen = %q", got)
	}
	if got := consult.AskedWhen(qn, qn.Questions()[0]); got != "" {
		t.Errorf("a question always asked: %q", got)
	}
}
