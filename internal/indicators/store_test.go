package indicators_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/demo"
	"coplan/internal/indicators"
	"coplan/internal/partnership"
)

var admin = audit.Actor{Name: "Test administrator"}

func at() time.Time { return time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC) }

func newPartnership(t *testing.T, d *db.DB, slug, code string) partnership.Partnership {
	t.Helper()
	p := demo.Partnership()
	p.Slug, p.Name, p.Code = slug, strings.ToUpper(slug[:1])+slug[1:], code
	p, err := partnership.Create(context.Background(), d, p, audit.System, at())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const header = "Year,Time period,Partnership,Locality,Indicator,Estimate,Numerator,Denominator,Rate,Lower CI,Upper CI\n"

func importAll(t *testing.T, d *db.DB, rows ...string) (indicators.Result, error) {
	t.Helper()
	return indicators.ImportAll(context.Background(), d, strings.NewReader(header+strings.Join(rows, "\n")),
		indicators.Set{Source: "PHS test"}, admin, at)
}

func TestImportAndBenchmark(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		glen := newPartnership(t, d, "glenmorven", "S37000901")
		strath := newPartnership(t, d, "strathmore", "S37000902")
		other := newPartnership(t, d, "kilbride", "S37000903")

		res, err := importAll(t, d,
			"2024/25,Annual,Glenmorven,,NI12,No,1200,10000,12000,,",
			"2024/25,Annual,S37000902,,NI12,Yes,1100,10000,11000,,",
			"2024/25,Annual,kilbride,,NI12,No,1300,10000,13000,,",
			"2024/25,Annual,Scotland,,NI12,No,,,11500,,",
			"2023/24,Annual,Glenmorven,,NI2,No,,,78.5,74.1,82.9",
			"2023/24,Annual,Glenmorven,"+glen.Localities[0].Name+",NI2,No,,,75,70,80",
			"2023/24,Annual,Scotland,,NI2,No,,,80.8,80.4,81.2",
		)
		if err != nil || res.Figures != 7 {
			t.Fatalf("import: %v, %+v", err, res)
		}
		st := indicators.StoreFor(d, glen, at)
		b, err := st.Benchmark(ctx, "NI-12", 2024)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Rows) != 3 || b.Scotland == nil || b.Scotland.Rate != 11500 || b.Year.String() != "2024/25" {
			t.Fatalf("benchmark = %+v", b)
		}
		// Lower is better: Strathmore 11,000 first, Glenmorven 12,000 second.
		if b.Rows[0].Slug != "strathmore" || b.Rows[1].Slug != "glenmorven" || b.Rows[1].Rank != 2 || !b.Rows[1].Chosen || b.Chosen != 1 {
			t.Fatalf("ranks = %+v", b.Rows)
		}
		if b.Rows[0].Provisional != true || b.Illustrative() {
			t.Errorf("flags: %+v", b.Rows[0])
		}

		// A figure changes: Glenmorven's emergency admissions fall below
		// Strathmore's, and it moves to first; an illustrative set is flagged.
		if _, err := st.Import(ctx, strings.NewReader(header+"2024/25,Annual,Glenmorven,,NI-12,No,1000,10000,10000,,\n"),
			indicators.Set{Illustrative: true, Source: indicators.IllustrativeSource}, admin); err != nil {
			t.Fatal(err)
		}
		b, _ = st.Benchmark(ctx, "NI-12", 2024)
		if b.Rows[0].Slug != "glenmorven" || b.Rows[0].Rank != 1 || b.Rows[1].Rank != 2 || !b.Illustrative() {
			t.Fatalf("after the change, ranks = %+v", b.Rows)
		}
		// A tie shares the rank.
		importAll(t, d, "2024/25,Annual,kilbride,,NI12,No,,,10000,,")
		b, _ = st.Benchmark(ctx, "NI-12", 2024)
		if b.Rows[0].Rank != 1 || b.Rows[1].Rank != 1 || !b.Rows[1].Tied || b.Rows[2].Rank != 3 {
			t.Fatalf("tie: %+v", b.Rows)
		}

		// The partnership's own series, beside Scotland's.
		ov, err := st.Overview(ctx, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(ov) != 2 || ov[0].Indicator.Code != "NI-2" || ov[0].Latest().Scotland == nil || ov[0].Latest().Scotland.Rate != 80.8 ||
			*ov[0].Latest().Lower != 74.1 {
			t.Fatalf("overview = %+v", ov)
		}
		loc, _ := st.Overview(ctx, glen.Localities[0].Name, 0)
		if len(loc) != 1 || loc[0].Latest().Rate != 75 {
			t.Fatalf("locality overview = %+v", loc)
		}
		// Another partnership's store sees only its own figures.
		if ov, _ := indicators.StoreFor(d, other, at).Overview(ctx, "", 0); len(ov) != 1 || ov[0].Latest().Rate != 10000 {
			t.Fatalf("kilbride = %+v", ov)
		}
		_ = strath
	})
}

func TestImportIsAllOrNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		glen := newPartnership(t, d, "glenmorven", "S37000901")
		newPartnership(t, d, "strathmore", "S37000902")
		_, err := importAll(t, d,
			"2024/25,Annual,Glenmorven,,NI12,No,1200,10000,12000,,",
			"2024/25,Annual,Glenmorven,,NI13,No,,,many,,",
			"2024/25,Annual,Glenmorven,,NI14,No,,,100,,",
		)
		var ie *indicators.ImportError
		if !errors.As(err, &ie) || len(ie.Problems) != 1 || ie.Problems[0].Line != 3 || ie.Problems[0].Column != "Rate" {
			t.Fatalf("got %v, want one problem on line 3 at Rate", err)
		}
		if ov, _ := indicators.StoreFor(d, glen, at).Overview(ctx, "", 0); len(ov) != 0 {
			t.Fatalf("a bad row stored %d series", len(ov))
		}
		// A partnership's import may not carry another's figures, nor Scotland's.
		_, err = indicators.StoreFor(d, glen, at).Import(ctx, strings.NewReader(header+
			"2024/25,Annual,Glenmorven,,NI12,No,,,12000,,\n2024/25,Annual,Strathmore,,NI12,No,,,11000,,\n2024/25,Annual,Scotland,,NI12,No,,,11500,,\n"),
			indicators.Set{Source: "x"}, admin)
		if !errors.As(err, &ie) || len(ie.Problems) != 2 || ie.Problems[0].Line != 3 || ie.Problems[1].Line != 4 {
			t.Fatalf("got %v, want lines 3 and 4 refused", err)
		}
		if ov, _ := indicators.StoreFor(d, glen, at).Overview(ctx, "", 0); len(ov) != 0 {
			t.Fatalf("a refused file stored %d series", len(ov))
		}
	})
}

func TestParseReportsEveryBadRow(t *testing.T) {
	p := partnership.Partnership{ID: 7, Name: "Glenmorven", Code: "S37000901", Slug: "glenmorven",
		Localities: []partnership.Named{{ID: 1, Name: "North"}, {ID: 2, Name: "South"}}}
	for _, tc := range []struct {
		name, row, column, says string
	}{
		{"unknown indicator", "2024/25,Annual,Glenmorven,,NI99,No,,,1,,", "Indicator", "not an indicator code"},
		{"unreported indicator", "2024/25,Annual,Glenmorven,,NI10,No,,,1,,", "Indicator", "not reported nationally"},
		{"bad year", "next year,Annual,Glenmorven,,NI12,No,,,1,,", "Year", "not a year"},
		{"bad period", "2024/25,Monthly,Glenmorven,,NI12,No,,,1,,", "Time period", "not a time period"},
		{"unknown partnership", "2024/25,Annual,Atlantis,,NI12,No,,,1,,", "Partnership", "not a partnership"},
		{"unknown locality", "2024/25,Annual,Glenmorven,East,NI12,No,,,1,,", "Locality", "not one of Glenmorven's localities"},
		{"bad estimate", "2024/25,Annual,Glenmorven,,NI12,Maybe,,,1,,", "Estimate", "not Yes or No"},
		{"no rate", "2024/25,Annual,Glenmorven,,NI12,No,,,,,", "Rate", "Enter the rate"},
		{"negative", "2024/25,Annual,Glenmorven,,NI12,No,-3,,1,,", "Numerator", "zero or more"},
		{"percentage over 100", "2024/25,Annual,Glenmorven,,NI15,No,,,101,,", "Rate", "more than 100"},
		{"survey without interval", "2023/24,Annual,Glenmorven,,NI2,No,,,78,,", "Lower CI", "confidence limits"},
		{"interval on admin", "2024/25,Annual,Glenmorven,,NI12,No,,,1,0,2", "Lower CI", "not a survey indicator"},
		{"interval the wrong side", "2023/24,Annual,Glenmorven,,NI2,No,,,78,79,82", "Lower CI", "either side"},
		{"one limit", "2023/24,Annual,Glenmorven,,NI2,No,,,78,74,", "Lower CI", "both confidence limits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := indicators.Parse(strings.NewReader(header+"2024/25,Annual,Glenmorven,,NI12,No,,,1,,\n"+tc.row+"\n"),
				indicators.Scope{Partnerships: []partnership.Partnership{p}, Scotland: true})
			var ie *indicators.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want an import error", err)
			}
			pr := ie.Problems[0]
			if pr.Line != 3 || pr.Column != tc.column || !strings.Contains(pr.Message, tc.says) {
				t.Errorf("got %+v, want line 3, %s, %q", pr, tc.column, tc.says)
			}
		})
	}
	t.Run("header", func(t *testing.T) {
		_, err := indicators.Parse(strings.NewReader("Year,Partnership,Colour\n"), indicators.Scope{})
		if err == nil || !strings.Contains(err.Error(), "Colour") || !strings.Contains(err.Error(), "no Rate column") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("duplicate", func(t *testing.T) {
		row := "2024/25,Annual,Glenmorven,,NI12,No,,,1,,\n"
		_, err := indicators.Parse(strings.NewReader(header+row+row), indicators.Scope{Partnerships: []partnership.Partnership{p}})
		if err == nil || !strings.Contains(err.Error(), "line 3: This figure is in the file twice (also on line 2)") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("template parses", func(t *testing.T) {
		_, err := indicators.Parse(strings.NewReader(indicators.Template()), indicators.Scope{})
		if err == nil || !strings.Contains(err.Error(), "no figures") {
			t.Errorf("got %v", err)
		}
	})
}
