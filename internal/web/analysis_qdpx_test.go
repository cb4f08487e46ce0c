package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"coplan/internal/analysis"
	"coplan/internal/audit"
	"coplan/internal/consult"
)

// The exchange page offers the coded answers as a REFI-QDA project and
// takes a codebook: the download is a zip whose project.qde names the
// codes and holds the answers; a codebook's codes land in the
// consultation's codebook; a file with problems lists them all and adds
// nothing; scrutiny sees the page but not the download.
func TestAnalysisExchange(t *testing.T) {
	officer, base, d := signedIn(t, "officer@glenmorven.example")
	p := glenmorven(t, d)
	ctx := context.Background()
	now := time.Now()
	c, qn := newTestConsultation(t, d, p, "Day centre exchange", now.Add(-time.Hour), now.Add(time.Hour))
	q2 := qn.Questions()[1]
	r, err := consultStore(d, p.ID).EnterResponse(ctx, c, consult.Response{Channel: consult.Paper, Respondent: consult.Respondent{
		Type: consult.Individual, Publish: consult.DoNotPublish, ContactSet: true}, Answers: consult.Answers{
		qn.Questions()[0].ID: {QuestionID: qn.Questions()[0].ID, Choices: []string{"no"}},
		q2.ID:                {QuestionID: q2.ID, Text: "A later bus to the centre, please."}}}, "TST", audit.System)
	if err != nil {
		t.Fatal(err)
	}
	st := analysis.StoreFor(d, p, nil)
	coder := audit.Actor{UserID: mustUser(t, d, "officer@glenmorven.example"), Name: "Euan Fraser"}
	access, err := st.AddCode(ctx, c.ID, 0, "Access", "Getting to the centre", coder)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Code(ctx, analysis.Application{ConsultationID: c.ID, QuestionID: q2.ID, ResponseID: r.ID, Codes: []int64{access.ID},
		Extract: "A later bus"}, coder); err != nil {
		t.Fatal(err)
	}

	page := base + consultationPath(c) + "/analysis/exchange"
	code, _, body := officer.do("GET", page, nil)
	if code != http.StatusOK || !strings.Contains(body, `href="`+consultationPath(c)+`/analysis.qdpx"`) ||
		!strings.Contains(body, `enctype="multipart/form-data"`) {
		t.Fatalf("exchange page: status %d, or no download link or upload form", code)
	}
	resp, err := officer.http.Get(base + consultationPath(c) + "/analysis.qdpx")
	if err != nil {
		t.Fatal(err)
	}
	zipped, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/zip" ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), `attachment; filename=glenmorven-consultation-`) {
		t.Fatalf("download: status %d, headers %v", resp.StatusCode, resp.Header)
	}
	z, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	var qde, texts string
	for _, f := range z.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "project.qde" {
			qde = string(b)
		} else {
			texts += string(b)
		}
	}
	if !strings.Contains(qde, `name="Access"`) || !strings.Contains(qde, `name="Euan Fraser"`) || !strings.Contains(qde, `startPosition="0" endPosition="11"`) ||
		texts != "A later bus to the centre, please." {
		t.Errorf("the project does not hold the code, the coder, the extract's place and the answer:\n%s\n%q", qde, texts)
	}

	// Its codebook, imported into another consultation.
	other, _ := newTestConsultation(t, d, p, "Another exchange", now.Add(-time.Hour), now.Add(time.Hour))
	otherPage := base + consultationPath(other) + "/analysis/exchange"
	code, loc, _ := officer.postWithFiles(otherPage+"/codebook", nil, claimFile{"file", "day-centre.qdpx", zipped})
	if code != http.StatusSeeOther || !strings.HasSuffix(loc, "/analysis/codebook?done=analysis-codes-imported") {
		t.Fatalf("import: status %d to %q", code, loc)
	}
	codes, _ := st.Codes(ctx, other.ID)
	if len(codes) != 1 || codes[0].Name != "Access" || codes[0].Description != "Getting to the centre" {
		t.Errorf("imported codes %+v", codes)
	}

	bad := []byte(`<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
		<Code guid="6f35c6f2-bd8f-4f08-ad49-6d62cb8442a5" name="" isCodable="true"/>
		<Code guid="6f35c6f2-bd8f-4f08-ad49-6d62cb8442a6" name="Staff" isCodable="true"/>
		<Code guid="6f35c6f2-bd8f-4f08-ad49-6d62cb8442a7" name="Staff" isCodable="true"/></Codes></CodeBook>`)
	for _, tt := range []struct {
		name string
		file claimFile
		want []string
	}{
		{"problems", claimFile{"file", "codes.qdc", bad}, []string{"Theme 1 at the top of the codebook has no name", "The theme &#34;Staff&#34; is there twice"}},
		{"no file", claimFile{"file", "", nil}, []string{"Choose a REFI-QDA project (.qdpx) or codebook (.qdc) to import"}},
		{"another kind", claimFile{"file", "codes.csv", []byte("a,b")}, []string{"The file must be a REFI-QDA project (.qdpx) or codebook (.qdc)"}},
	} {
		code, _, body := officer.postWithFiles(otherPage+"/codebook", nil, tt.file)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "There is a problem") || !strings.Contains(body, `href="#file"`) {
			t.Errorf("%s: status %d, want 422 with the error summary", tt.name, code)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the page does not say %q", tt.name, w)
			}
		}
	}
	if codes, _ := st.Codes(ctx, other.ID); len(codes) != 1 {
		t.Errorf("a refused import changed the codebook: %+v", codes)
	}

	scrutiny := signInAs(t, base, "scrutiny@inspectorate.example")
	code, _, body = scrutiny.do("GET", page, nil)
	if code != http.StatusOK || strings.Contains(body, "analysis.qdpx") || strings.Contains(body, "multipart/form-data") {
		t.Errorf("scrutiny's exchange page: status %d, or it offers the download or the import", code)
	}
	if code, _, _ := scrutiny.do("GET", base+consultationPath(c)+"/analysis.qdpx", nil); code != http.StatusForbidden {
		t.Errorf("scrutiny's download: status %d, want 403", code)
	}
	validateQDE(t, c.Title, []byte(qde)) // last: it skips where xmllint is missing outside CI
}

// Every consultation of the demo, downloaded as a REFI-QDA project, is
// valid against the REFI-QDA Project schema: the demo's analysed
// consultation with its codebook, coders, codings and memos among them.
func TestDemoQDPXValidates(t *testing.T) {
	officer, base, d := signedIn(t, "officer@glenmorven.example")
	p := glenmorven(t, d)
	cs, err := consult.Consultations(context.Background(), d, p.ID)
	if err != nil || len(cs) == 0 {
		t.Fatalf("the demo's consultations: %d, %v", len(cs), err)
	}
	coded := 0
	for _, c := range cs {
		resp, err := officer.http.Get(base + consultationPath(c) + "/analysis.qdpx")
		if err != nil {
			t.Fatal(err)
		}
		zipped, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d, %v", c.Title, resp.StatusCode, err)
		}
		z, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
		if err != nil {
			t.Fatalf("%s: %v", c.Title, err)
		}
		for _, f := range z.File {
			if f.Name != "project.qde" {
				continue
			}
			rc, _ := f.Open()
			qde, _ := io.ReadAll(rc)
			rc.Close()
			if bytes.Contains(qde, []byte("<Coding ")) {
				coded++
			}
			validateQDE(t, c.Title, qde)
		}
	}
	t.Logf("%d consultations exported, %d of them coded", len(cs), coded)
}

// validateQDE checks project.qde against the REFI-QDA Project schema with
// xmllint (Debian's libxml2-utils, which scripts/test-deps.sh installs),
// as the analysis room's own test does; it skips only where xmllint is
// missing outside CI.
func validateQDE(t *testing.T, name string, qde []byte) {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("xmllint is missing, so project.qde cannot be checked against the REFI-QDA schema: install libxml2-utils (scripts/test-deps.sh does)")
		}
		t.Skip("xmllint is missing (Debian: apt-get install libxml2-utils, or run scripts/test-deps.sh): project.qde was not checked against the REFI-QDA schema")
	}
	schema, err := filepath.Abs("../analysis/testdata/refi-qda/Project-mrt2019.xsd")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "project.qde")
	if err := os.WriteFile(path, qde, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", schema, path).CombinedOutput(); err != nil {
		t.Errorf("%s: project.qde does not validate against the REFI-QDA schema: %v\n%s", name, err, out)
	}
}
