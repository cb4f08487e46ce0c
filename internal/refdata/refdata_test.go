package refdata

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func byName(t *testing.T, as []Authority) map[string]Authority {
	t.Helper()
	m := map[string]Authority{}
	for _, a := range as {
		m[a.Name] = a
	}
	return m
}

func TestBuiltin(t *testing.T) {
	as := Builtin()
	if len(as) != 31 {
		t.Fatalf("Builtin returned %d partnerships, want 31", len(as))
	}
	if as[0].Code != "S37000001" || as[0].Name != "Aberdeen City" {
		t.Errorf("first partnership = %s %s, want S37000001 Aberdeen City", as[0].Code, as[0].Name)
	}
	code := regexp.MustCompile(`^S37\d{6}$`)
	total := 0
	var lead []string
	for i, a := range as {
		if !code.MatchString(a.Code) {
			t.Errorf("%s: bad code %q", a.Name, a.Code)
		}
		if i > 0 && a.Code <= as[i-1].Code {
			t.Errorf("codes not in order: %s after %s", a.Code, as[i-1].Code)
		}
		if len(a.Localities) < 2 {
			t.Errorf("%s has %d localities, want at least 2", a.Name, len(a.Localities))
		}
		if len(a.LocalAuthorities) == 0 {
			t.Errorf("%s has no council", a.Name)
		}
		if !strings.HasPrefix(a.HealthBoard, "NHS ") {
			t.Errorf("%s: health board %q does not start with NHS", a.Name, a.HealthBoard)
		}
		if a.Slug != Slugify(a.Name) || a.Slug == "" {
			t.Errorf("%s: slug %q", a.Name, a.Slug)
		}
		if a.Line != i+2 {
			t.Errorf("%s: line %d, want %d", a.Name, a.Line, i+2)
		}
		if a.Model == ModelLeadAgency {
			lead = append(lead, a.Name)
		} else if a.Model != ModelIJB {
			t.Errorf("%s: model %q", a.Name, a.Model)
		}
		total += len(a.Localities)
	}
	if !slices.Equal(lead, []string{"Highland"}) {
		t.Errorf("lead agencies = %v, want [Highland]", lead)
	}
	if total != 129 {
		t.Errorf("total localities = %d, want the 129 in the source", total)
	}

	m := byName(t, as)
	cs := m["Clackmannanshire and Stirling"]
	if !slices.Equal(cs.LocalAuthorities, []string{"Clackmannanshire", "Stirling"}) {
		t.Errorf("Clackmannanshire and Stirling councils = %q", cs.LocalAuthorities)
	}
	if cs.Slug != "clackmannanshire-and-stirling" {
		t.Errorf("Clackmannanshire and Stirling slug = %q", cs.Slug)
	}
	if m["Highland"].HealthBoard != "NHS Highland" || m["Aberdeen City"].HealthBoard != "NHS Grampian" {
		t.Errorf("health boards: Highland %q, Aberdeen City %q", m["Highland"].HealthBoard, m["Aberdeen City"].HealthBoard)
	}
}

// TestBuiltinCouncilMapping checks the partnerships whose council is spelled
// differently in the locality source got their localities.
func TestBuiltinCouncilMapping(t *testing.T) {
	m := byName(t, Builtin())
	tests := []struct {
		name, code, council string
		localities          []string
	}{
		{"Edinburgh", "S37000012", "City of Edinburgh", []string{
			"Edinburgh North East", "Edinburgh North West", "Edinburgh South East", "Edinburgh South West"}},
		{"Western Isles", "S37000031", "Comhairle nan Eilean Siar", []string{
			"Barra", "Harris", "Rural Lewis", "Stornoway & Broadbay", "Uist"}},
		{"Shetland Islands", "S37000026", "Shetland Islands", []string{
			"Central Mainland", "Lerwick & Bressay", "North Isles", "North Mainland",
			"South Mainland", "West Mainland", "Whalsay & Skerries"}},
		{"Clackmannanshire and Stirling", "S37000005", "Clackmannanshire", []string{
			"Clackmannanshire", "Rural Stirling",
			"Stirling City with the Eastern Villages Bridge of Allan and Dunblane"}},
		{"Highland", "S37000016", "Highland", []string{
			"Badenoch and Strathspey", "Caithness", "East Ross", "Inverness", "Lochaber",
			"Mid Ross", "Nairn & Nairnshire", "Skye, Lochalsh and West Ross", "Sutherland"}},
	}
	for _, tt := range tests {
		a, ok := m[tt.name]
		if !ok {
			t.Errorf("no partnership named %q", tt.name)
			continue
		}
		if a.Code != tt.code {
			t.Errorf("%s: code %s, want %s", tt.name, a.Code, tt.code)
		}
		if a.LocalAuthorities[0] != tt.council {
			t.Errorf("%s: council %q, want %q", tt.name, a.LocalAuthorities[0], tt.council)
		}
		if !slices.Equal(a.Localities, tt.localities) {
			t.Errorf("%s: localities %q, want %q", tt.name, a.Localities, tt.localities)
		}
	}
}

func TestBuiltinReturnsCopy(t *testing.T) {
	a := Builtin()
	a[0].Localities[0] = "changed"
	a[0].Name = "changed"
	b := Builtin()
	if b[0].Localities[0] == "changed" || b[0].Name == "changed" {
		t.Fatal("changing Builtin's result changed the next call's result")
	}
}

const goodRow1 = "S37000001,Aberdeen City,ijb,NHS Grampian,Aberdeen City,Aberdeen Central;Aberdeen North"
const goodRow2 = "S37000002,Aberdeenshire,ijb,NHS Grampian,Aberdeenshire,Buchan;Marr"

func importErr(t *testing.T, as []Authority, err error) *ImportError {
	t.Helper()
	if as != nil {
		t.Errorf("Parse returned %d authorities with an error, want none", len(as))
	}
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("Parse error = %v (%T), want *ImportError", err, err)
	}
	return ie
}

func TestParseGood(t *testing.T) {
	in := "  Code , NAME,model,health_board,local_authorities,localities\n\n" +
		goodRow1 + "\n   \n" +
		` S37000005 , Clackmannanshire and Stirling , IJB , NHS Forth Valley , Clackmannanshire ; Stirling ;, "Clackmannanshire; Rural Stirling, etc;;"` + "\n"
	as, err := Parse(strings.NewReader("\ufeff" + in))
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 2 {
		t.Fatalf("got %d authorities, want 2", len(as))
	}
	cs := as[1]
	want := Authority{
		Code: "S37000005", Name: "Clackmannanshire and Stirling", Slug: "clackmannanshire-and-stirling",
		Model: "ijb", HealthBoard: "NHS Forth Valley",
		LocalAuthorities: []string{"Clackmannanshire", "Stirling"},
		Localities:       []string{"Clackmannanshire", "Rural Stirling, etc"},
		Line:             5,
	}
	if fmt.Sprint(cs) != fmt.Sprint(want) {
		t.Errorf("got  %+v\nwant %+v", cs, want)
	}
	if as[0].Line != 3 {
		t.Errorf("first row line = %d, want 3", as[0].Line)
	}
}

func TestParseOneBadRow(t *testing.T) {
	in := Header + "\n" + goodRow1 + "\n" + goodRow2 + "\n" +
		"S37000003,Angus,ijb,NHS Tayside,Angus,Angus North East\n"
	as, err := Parse(strings.NewReader(in))
	ie := importErr(t, as, err)
	if len(ie.Rows) != 1 {
		t.Fatalf("got %d problems, want 1: %v", len(ie.Rows), ie)
	}
	got := ie.Rows[0].Error()
	want := "line 4: localities: a partnership needs at least two localities (found 1)"
	if !strings.HasPrefix(got, want) {
		t.Errorf("error = %q, want it to start with %q", got, want)
	}
	if !strings.Contains(err.Error(), "line 4") || !strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("summary %q should name line 4 and say nothing was imported", err.Error())
	}
}

func TestParseReportsAllBadRows(t *testing.T) {
	in := strings.Join([]string{
		Header,
		goodRow1,
		"X1,Angus,ijb,NHS Tayside,Angus,A;B", // 3: code
		"S37000004,,ijb,NHS Highland,Argyll and Bute,A;B",        // 4: name
		"S37000005,Falkirk,council,NHS Forth Valley,Falkirk,A;B", // 5: model
		"S37000006,Moray,ijb,,Moray,A;B",                         // 6: health board
		"S37000007,Fife,ijb,NHS Fife, ; ,A;B",                    // 7: council
		"S37000008,Dundee City,ijb,NHS Tayside,Dundee City,A;a",  // 8: duplicate locality
		"S37000009,Too Few,ijb,NHS Tayside,Somewhere",            // 9: column count
		goodRow2,
	}, "\n")
	as, err := Parse(strings.NewReader(in))
	ie := importErr(t, as, err)
	type lf struct {
		line  int
		field string
	}
	var got []lf
	for _, r := range ie.Rows {
		got = append(got, lf{r.Line, r.Field})
		if r.Message == "" {
			t.Errorf("line %d: empty message", r.Line)
		}
	}
	want := []lf{
		{3, "code"}, {4, "name"}, {5, "model"}, {6, "health_board"},
		{7, "local_authorities"}, {8, "localities"}, {9, ""},
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems = %v\nwant %v\n%v", got, want, err)
	}
	for _, l := range []string{"line 3", "line 9"} {
		if !strings.Contains(err.Error(), l) {
			t.Errorf("summary does not mention %s: %v", l, err)
		}
	}
}

func TestParseWrongHeader(t *testing.T) {
	for _, h := range []string{
		"code,name,model,health_board,councils,localities",
		"name,code,model,health_board,local_authorities,localities",
		"code,name,model,health_board,local_authorities",
		goodRow1, // header forgotten
	} {
		as, err := Parse(strings.NewReader(h + "\n" + goodRow2 + "\n"))
		ie := importErr(t, as, err)
		if len(ie.Rows) != 1 || ie.Rows[0].Line != 1 || !strings.Contains(ie.Rows[0].Message, Header) {
			t.Errorf("header %q: got %v, want one problem on line 1 quoting the expected header", h, err)
		}
	}
}

func TestParseEmpty(t *testing.T) {
	for _, in := range []string{"", "\n\n  \n"} {
		as, err := Parse(strings.NewReader(in))
		ie := importErr(t, as, err)
		if len(ie.Rows) != 1 || !strings.Contains(ie.Rows[0].Message, "empty") {
			t.Errorf("input %q: got %v, want an empty-file problem", in, err)
		}
	}
	as, err := Parse(strings.NewReader(Header + "\n"))
	ie := importErr(t, as, err)
	if len(ie.Rows) != 1 || !strings.Contains(ie.Rows[0].Message, "no partnerships") {
		t.Errorf("header only: got %v, want a no-partnerships problem", err)
	}
}

func TestParseDuplicates(t *testing.T) {
	tests := []struct {
		name, row, field, mention string
	}{
		{"code", "S37000001,Angus,ijb,NHS Tayside,Angus,A;B", "code", "line 2"},
		{"name", "S37000003,aberdeen city,ijb,NHS Tayside,Angus,A;B", "name", "line 2"},
		{"slug", "S37000003,Aberdeen-City!,ijb,NHS Tayside,Angus,A;B", "name", "aberdeen-city"},
		{"council", "S37000003,Angus,ijb,NHS Tayside,Angus;Aberdeen City,A;B", "local_authorities", "line 2"},
		{"locality", "S37000003,Angus,ijb,NHS Tayside,Angus,North;South; north ", "localities", `"north" is listed more than once`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Header + "\n" + goodRow1 + "\n" + tt.row + "\n"
			as, err := Parse(strings.NewReader(in))
			ie := importErr(t, as, err)
			if len(ie.Rows) != 1 {
				t.Fatalf("got %d problems, want 1: %v", len(ie.Rows), err)
			}
			r := ie.Rows[0]
			if r.Line != 3 || r.Field != tt.field || !strings.Contains(r.Message, tt.mention) {
				t.Errorf("got %q, want line 3, field %s, mentioning %q", r.Error(), tt.field, tt.mention)
			}
		})
	}
}

func TestRowErrorFormat(t *testing.T) {
	tests := []struct {
		e    RowError
		want string
	}{
		{RowError{7, "localities", "a partnership needs at least two localities (found 1)"},
			"line 7: localities: a partnership needs at least two localities (found 1)"},
		{RowError{3, "", "expected 6 columns"}, "line 3: expected 6 columns"},
		{RowError{0, "", "no partnerships"}, "no partnerships"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Clackmannanshire and Stirling", "clackmannanshire-and-stirling"},
		{"Na h-Eileanan Siar", "na-h-eileanan-siar"},
		{"Aberdeen City", "aberdeen-city"},
		{"  Perth   and Kinross  ", "perth-and-kinross"},
		{"Banff & Buchan", "banff-and-buchan"},
		{"Dumbarton/Alexandria", "dumbarton-alexandria"},
		{"Midlothian (East)", "midlothian-east"},
		{"Skye, Lochalsh and West Ross", "skye-lochalsh-and-west-ross"},
		{"St Andrew's", "st-andrews"},
		{"Bòrd SSN nan Eilean Siar", "bord-ssn-nan-eilean-siar"},
		{"à la Crème Brûlée", "a-la-creme-brulee"},
		{"Gàidhealtachd", "gaidhealtachd"},
		{"a\u0300b", "ab"}, // decomposed accent
		{"Straße Øst", "strasse-ost"},
		{"Area 51", "area-51"},
		{"--Hyphens--everywhere--", "hyphens-everywhere"},
		{"!!!", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseBadQuotes(t *testing.T) {
	in := strings.Join([]string{
		Header,
		goodRow1,
		`S37000003,Angus "North,ijb,NHS Tayside,Angus,A;B`,                 // 3: bare quote
		`S37000004,"Argyll" and Bute,ijb,NHS Highland,Argyll and Bute,A;B`, // 4: text after closing quote
		"S37000005,Falkirk,council,NHS Forth Valley,Falkirk,A;B",           // 5: model, still checked
		`S37000006,"Two`, // 6: a value over two lines
		`Lines",ijb,NHS Grampian,Moray,A;B`,
	}, "\n")
	as, err := Parse(strings.NewReader(in))
	ie := importErr(t, as, err)
	var lines []int
	for _, r := range ie.Rows {
		lines = append(lines, r.Line)
	}
	if !slices.Equal(lines, []int{3, 4, 5, 6}) {
		t.Errorf("problem lines = %v, want [3 4 5 6]\n%v", lines, err)
	}
	if !strings.Contains(ie.Rows[0].Message, "double quote") {
		t.Errorf("line 3 message %q should explain the double quote", ie.Rows[0].Message)
	}
}
