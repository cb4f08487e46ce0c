package consult_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
)

// manyResponses stores n submitted responses to c directly (one
// transaction, so that a test of thousands stays quick), each answering Q1
// and, if the respondent agreed, publishable when i%3 != 0; by four
// channels in turn, and every seventh entered after closing. It returns
// the references of the publishable ones in the order of their numbers.
func manyResponses(t *testing.T, d *db.DB, c consult.Consultation, qn consult.Questionnaire, n int) (publishable []string) {
	t.Helper()
	ctx := context.Background()
	q1 := qn.Questions()[0].ID
	at := time.Now().Add(-time.Minute)
	err := d.InTx(ctx, func(tx *db.Tx) error {
		for i := range n {
			check, publish := "accepted", "with-name"
			switch i % 3 {
			case 0:
				check = "unchecked"
			case 1:
				publish = "do-not-publish"
			}
			ref := fmt.Sprintf("MANY-%05d", i)
			channel := []string{"paper", "email", "event", "online"}[i%4]
			submitted := at.Add(time.Duration(i) * time.Millisecond)
			if i%7 == 0 {
				submitted = c.ClosesAt.Add(time.Duration(i) * time.Second) // entered after closing: late
			}
			kind, name := "individual", "Person "+ref
			if i%11 == 0 {
				kind, name = "organisation", fmt.Sprintf(" Group %d ", i%3) // the same few organisations, untrimmed
			}
			var rels []string
			for j, x := range consult.Relationships {
				if i%(j+2) == 0 {
					rels = append(rels, x)
				}
			}
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO responses (consultation_id, questionnaire_id, reference, channel, status,
				respondent_type, name, publish, check_status, created_at, updated_at, submitted_at, expires_at, relationships)
				VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $9, $9, $9, $9, $10) RETURNING id`,
				c.ID, qn.ID, ref, channel, kind, name, publish, check, submitted, strings.Join(rels, ",")).Scan(&id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO answers (response_id, question_id, choices, text, other_text) VALUES ($1, $2, 'yes', '', '')",
				id, q1); err != nil {
				return err
			}
			if check == "accepted" && publish == "with-name" {
				publishable = append(publishable, ref)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return publishable
}

// firstRowWriter records how many responses the export had read when the
// first response row reached it (after the header's line).
type firstRowWriter struct {
	buf    bytes.Buffer
	lines  int
	e      *consult.Export
	readAt int // -1 until the first row arrives
}

func (w *firstRowWriter) Write(p []byte) (int, error) {
	w.buf.Write(p)
	if w.readAt < 0 && bytes.Count(w.buf.Bytes(), []byte("\n")) >= w.lines {
		w.readAt = w.e.Read()
	}
	return len(p), nil
}

// An export of many responses starts sending before it has read them all:
// the first rows reach the client while the rest are still in the
// database, and memory holds a chunk, not the consultation.
func TestExportStreams(t *testing.T) {
	const n = 1200
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, c, qn := testConsultation(t, d)
		manyResponses(t, d, c, qn, n)
		st := consultStore(d, c.PartnershipID)
		e, err := st.LoadExport(ctx, c, nil)
		if err != nil {
			t.Fatal(err)
		}
		for name, write := range map[string]func(*firstRowWriter) error{
			"CSV":  func(w *firstRowWriter) error { return e.WriteCSV(w) },
			"JSON": func(w *firstRowWriter) error { return e.WriteFullJSON(w) },
		} {
			before := e.Read()
			// The CSV's first row is on its second line; the JSON's first
			// response ends on the 30th or so; either way one line past
			// the start of the first response is enough.
			w := &firstRowWriter{e: &e, readAt: -1, lines: 2}
			if name == "JSON" {
				w.lines = 40
			}
			if err := write(w); err != nil {
				t.Fatal(err)
			}
			if got := e.Read() - before; got != n {
				t.Fatalf("%s: read %d responses, want %d", name, got, n)
			}
			// Read counts the responses handed to the writer; the database
			// is read 500 at a time, so the first row must go out before
			// the second chunk is read, let alone all 1,200.
			if w.readAt < 0 || w.readAt-before > 500 {
				t.Errorf("%s: the first response reached the client after %d of %d responses were read; it should be sent before the rest are read",
					name, w.readAt-before, n)
			}
			if !strings.Contains(w.buf.String(), "MANY-01199") {
				t.Errorf("%s: the last response is missing", name)
			}
		}
	})
}

// The open data API's pages: every publishable response once, in order,
// a full page then the rest, the last page saying there is no next, and
// the same responses as the publishable export.
func TestPublishablePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, c, qn := testConsultation(t, d)
		want := manyResponses(t, d, c, qn, 700) // 233 publishable
		st := consultStore(d, c.PartnershipID)
		for _, limit := range []int{1000, 233, 100, 1} {
			var got []string
			var after int64
			pages := 0
			for {
				e, next, err := st.PublishablePage(ctx, c, after, limit)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				doc, err := e.PublishableJSON()
				if err != nil {
					t.Fatal(err)
				}
				if len(doc.Responses) > limit || (next != 0 && len(doc.Responses) != limit) {
					t.Fatalf("limit %d: a page of %d responses, next %d", limit, len(doc.Responses), next)
				}
				for _, r := range doc.Responses {
					got = append(got, r.Reference)
				}
				if next == 0 {
					break
				}
				after = next
			}
			if !slices.Equal(got, want) {
				t.Errorf("limit %d: %d responses over %d pages, want the %d publishable ones in order", limit, len(got), pages, len(want))
			}
			if wantPages := (len(want) + limit - 1) / limit; pages != wantPages {
				t.Errorf("limit %d: %d pages, want %d", limit, pages, wantPages)
			}
		}
		for _, bad := range []int{0, -1, consult.MaxPageSize + 1} {
			if _, _, err := st.PublishablePage(ctx, c, 0, bad); err == nil {
				t.Errorf("a page of %d responses was allowed", bad)
			}
		}
		whole, err := st.LoadExport(ctx, c, nil)
		if err != nil {
			t.Fatal(err)
		}
		only, err := st.LoadPublishableExport(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		var a, b bytes.Buffer
		if err := whole.WritePublishableCSV(&a); err != nil {
			t.Fatal(err)
		}
		if err := only.WritePublishableCSV(&b); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() || only.Read() != len(want) {
			t.Errorf("the publishable export read through LoadPublishableExport differs, or read %d responses, not %d", only.Read(), len(want))
		}
	})
}

// The staff list's counts come from the database and agree with the rules
// applied to every response (Publishable, Consultation.Late); the lists
// page through every response once, unchecked and checked apart.
func TestTallyAndListAgreeWithTheRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, c, qn := testConsultation(t, d)
		manyResponses(t, d, c, qn, 130)
		st := consultStore(d, c.PartnershipID)
		rs, err := consult.Responses(ctx, d, c.PartnershipID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := consult.Tally{Total: len(rs), ByChannel: map[consult.Channel]int{}}
		var unchecked, checked []string
		for _, r := range rs {
			want.ByChannel[r.Channel]++
			if _, ok := consult.Publishable(r); ok {
				want.Publishable++
			}
			if c.Late(r) {
				want.Late++
			}
			switch r.Check {
			case consult.Unchecked:
				want.ToCheck++
				unchecked = append(unchecked, r.Reference)
			case consult.Withheld:
				want.Withheld++
			}
			if r.Check != consult.Unchecked {
				checked = append(checked, r.Reference)
			}
		}
		got, err := st.Tally(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || want.Late == 0 || want.Publishable == 0 {
			t.Errorf("tally %+v\nwant  %+v", got, want)
		}
		for _, l := range []struct {
			checked bool
			want    []string
		}{{false, unchecked}, {true, checked}} {
			var refs []string
			for offset := 0; ; offset += 20 {
				page, err := st.ListResponses(ctx, c.ID, l.checked, offset, 20)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range page {
					refs = append(refs, r.Reference)
				}
				if len(page) < 20 {
					break
				}
			}
			if !slices.Equal(refs, l.want) {
				t.Errorf("checked %v: listed %d responses, want %d in the order of the export", l.checked, len(refs), len(l.want))
			}
		}
	})
}

// The figures of the plan's consultation statement come from the
// database and agree with the rules applied to every response: in time or
// late (Consultation.Late), by channel, by each relationship given, and
// the organisations listed as responded (Respondent.ListedAsResponded).
func TestFiguresAgreeWithTheRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, c, qn := testConsultation(t, d)
		manyResponses(t, d, c, qn, 150)
		rs, err := consult.Responses(ctx, d, c.PartnershipID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := consult.Figures{ByChannel: map[consult.Channel]int{}, ByRelationship: map[string]int{}, ByLocality: map[int64]int{}, Organisations: []string{}}
		for _, r := range rs {
			if c.Late(r) {
				want.Late++
				continue
			}
			want.Responses++
			want.ByChannel[r.Channel]++
			want.ByLocality[r.Respondent.LocalityID]++
			if len(r.Respondent.Relationships) == 0 {
				want.ByRelationship[""]++
			}
			for _, x := range r.Respondent.Relationships {
				want.ByRelationship[x]++
			}
			if name, ok := r.Respondent.ListedAsResponded(); ok && r.Respondent.Type == consult.Organisation && !slices.Contains(want.Organisations, name) {
				want.Organisations = append(want.Organisations, name)
			}
		}
		slices.Sort(want.Organisations)
		got, err := consult.FiguresOf(ctx, d, c.PartnershipID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || want.Late == 0 || len(want.Organisations) != 3 || len(want.ByRelationship) < 3 {
			t.Errorf("figures %+v\nwant    %+v", got, want)
		}
		if other, err := consult.FiguresOf(ctx, d, c.PartnershipID+1000, c.ID); err != nil || other.Responses+other.Late != 0 {
			t.Errorf("another partnership's figures of this consultation: %+v, %v", other, err)
		}
	})
}
