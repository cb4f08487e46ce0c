package expenses_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"image"
	"image/png"
	"slices"
	"strings"
	"testing"
	"time"

	"coplan/internal/expenses"
	"coplan/internal/files"
	"coplan/internal/valid"
)

// glenmorven is a policy like the demo's: HMRC's 45p a mile, fares at
// cost, £15.50 an hour of care cover, £8.50 for a meal.
var glenmorven = expenses.Policy{MileagePencePerMile: 45, PublicTransport: "Actual cost of standard-class fares",
	CareCoverPencePerHour: 1550, MealAllowancePence: 850}

func TestParsePounds(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		err  error
	}{
		{"12.50", 1250, nil},
		{"£12.50", 1250, nil},
		{" £ 12.50 ", 1250, nil},
		{"12.5", 1250, nil},
		{"12", 1200, nil},
		{"0.01", 1, nil},
		{"1,000", 100000, nil},
		{"£1,000.00", 100000, nil},
		{"1000.00", 100000, nil},
		{"", 0, expenses.ErrAmountMissing},
		{"£", 0, expenses.ErrAmountMissing},
		{"-5", 0, expenses.ErrAmountNegative},
		{"£-5.00", 0, expenses.ErrAmountNegative},
		{"0", 0, expenses.ErrAmountNegative},
		{"0.00", 0, expenses.ErrAmountNegative},
		{"12.345", 0, expenses.ErrAmountPence},
		{"1000.01", 0, expenses.ErrAmountTooLarge},
		{"1,000.01", 0, expenses.ErrAmountTooLarge},
		{"99999999", 0, expenses.ErrAmountTooLarge},
		{"12.", 0, expenses.ErrAmountFormat},
		{".50", 0, expenses.ErrAmountFormat},
		{"12,50", 0, expenses.ErrAmountFormat},
		{"1,00", 0, expenses.ErrAmountFormat},
		{"+5", 0, expenses.ErrAmountFormat},
		{"1e3", 0, expenses.ErrAmountFormat},
		{"twelve", 0, expenses.ErrAmountFormat},
		{"12.50p", 0, expenses.ErrAmountFormat},
		{"$12.50", 0, expenses.ErrAmountFormat},
		{"١٢", 0, expenses.ErrAmountFormat}, // digits of another script
	} {
		got, err := expenses.ParsePounds(tc.in)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("ParsePounds(%q) = %d, %v; want %d, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestPounds(t *testing.T) {
	for pence, want := range map[int]string{0: "£0.00", 5: "£0.05", 1250: "£12.50", 100000: "£1,000.00", 123456789: "£1,234,567.89"} {
		if got := expenses.Pounds(pence); got != want {
			t.Errorf("Pounds(%d) = %q, want %q", pence, got, want)
		}
	}
	if got := expenses.PlainPounds(100000); got != "1000.00" {
		t.Errorf("PlainPounds(100000) = %q, want 1000.00", got)
	}
}

func TestPrice(t *testing.T) {
	noCare := glenmorven
	noCare.CareCoverPencePerHour = 0
	for _, tc := range []struct {
		name   string
		policy expenses.Policy
		line   expenses.Line
		want   int
		err    error
	}{
		{"mileage is miles times the rate", glenmorven, expenses.Line{Kind: expenses.Mileage, Quantity: "24"}, 1080, nil},
		{"mileage rounds half a penny up", glenmorven, expenses.Line{Kind: expenses.Mileage, Quantity: "12.5"}, 563, nil},
		{"mileage rounds up from a half", glenmorven, expenses.Line{Kind: expenses.Mileage, Quantity: "0.02"}, 1, nil},
		{"mileage rounds down below a half", glenmorven, expenses.Line{Kind: expenses.Mileage, Quantity: "1.01"}, 45, nil},
		{"mileage to the hundredth of a mile", glenmorven, expenses.Line{Kind: expenses.Mileage, Quantity: "10.11"}, 455, nil},
		{"mileage needs the miles", glenmorven, expenses.Line{Kind: expenses.Mileage}, 0, expenses.ErrQuantityMissing},
		{"mileage refuses a non-number", glenmorven, expenses.Line{Kind: expenses.Mileage, Quantity: "ten"}, 0, expenses.ErrQuantityFormat},
		{"mileage refuses zero miles", glenmorven, expenses.Line{Kind: expenses.Mileage, Quantity: "0"}, 0, expenses.ErrQuantityZero},
		{"mileage refuses 3 decimals", glenmorven, expenses.Line{Kind: expenses.Mileage, Quantity: "1.125"}, 0, expenses.ErrQuantityFormat},
		{"the amount entered is ignored for mileage", glenmorven, expenses.Line{Kind: expenses.Mileage, Quantity: "10", AmountPence: 99999}, 450, nil},
		{"care cover is hours times the rate", glenmorven, expenses.Line{Kind: expenses.CareCover, Quantity: "3.5"}, 5425, nil},
		{"care cover for a quarter hour", glenmorven, expenses.Line{Kind: expenses.CareCover, Quantity: "0.25"}, 388, nil},
		{"care cover of a whole day", glenmorven, expenses.Line{Kind: expenses.CareCover, Quantity: "24"}, 37200, nil},
		{"care cover over a day is refused", glenmorven, expenses.Line{Kind: expenses.CareCover, Quantity: "24.5"}, 0, errAny},
		{"miles are numbers", glenmorven, expenses.Line{Kind: expenses.Mileage, Quantity: ".5"}, 0, expenses.ErrQuantityFormat},
		{"care cover not in the policy", noCare, expenses.Line{Kind: expenses.CareCover, Quantity: "2"}, 0, expenses.ErrNotCovered},
		{"a meal is the allowance", glenmorven, expenses.Line{Kind: expenses.Meal}, 850, nil},
		{"a meal is the allowance whatever was spent", glenmorven, expenses.Line{Kind: expenses.Meal, AmountPence: 2000}, 850, nil},
		{"public transport is the amount paid", glenmorven, expenses.Line{Kind: expenses.PublicTransport, AmountPence: 680}, 680, nil},
		{"another cost is the amount paid", glenmorven, expenses.Line{Kind: expenses.OtherCost, AmountPence: 1200}, 1200, nil},
		{"public transport needs an amount", glenmorven, expenses.Line{Kind: expenses.PublicTransport}, 0, expenses.ErrAmountNegative},
		{"at most £1,000 a line", glenmorven, expenses.Line{Kind: expenses.OtherCost, AmountPence: 100001}, 0, expenses.ErrAmountTooLarge},
		{"1,000 miles is allowed", glenmorven, expenses.Line{Kind: expenses.Mileage, Quantity: "1000"}, 45000, nil},
		{"more than 1,000 miles is refused", glenmorven, expenses.Line{Kind: expenses.Mileage, Quantity: "1000.01"}, 0, errAny},
		{"over £1,000 a line is refused", expenses.Policy{MileagePencePerMile: 150}, expenses.Line{Kind: expenses.Mileage, Quantity: "1000"}, 0, expenses.ErrAmountTooLarge},
		{"an unknown kind is refused", glenmorven, expenses.Line{Kind: "taxi", AmountPence: 500}, 0, errAny},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := expenses.Price(tc.policy, tc.line)
			if tc.err == errAny {
				if err == nil {
					t.Fatalf("Price = %d, want an error", got)
				}
				return
			}
			if got != tc.want || !errors.Is(err, tc.err) {
				t.Errorf("Price = %d, %v; want %d, %v", got, err, tc.want, tc.err)
			}
		})
	}
}

// errAny stands for any error in a table.
var errAny = errors.New("any error")

func TestValidatePolicy(t *testing.T) {
	if err := expenses.ValidatePolicy(glenmorven); err != nil {
		t.Fatalf("the demo's policy: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(*expenses.Policy)
		field  string
	}{
		{"negative mileage", func(p *expenses.Policy) { p.MileagePencePerMile = -1 }, "mileage"},
		{"mileage over £1 a mile", func(p *expenses.Policy) { p.MileagePencePerMile = 101 }, "mileage"},
		{"no word on fares", func(p *expenses.Policy) { p.PublicTransport = "  " }, "public_transport"},
		{"negative care cover", func(p *expenses.Policy) { p.CareCoverPencePerHour = -50 }, "care_cover"},
		{"huge meal allowance", func(p *expenses.Policy) { p.MealAllowancePence = 60000 }, "meal"},
		{"notes too long", func(p *expenses.Policy) { p.Notes = strings.Repeat("a", 2001) }, "notes"},
	} {
		p := glenmorven
		tc.change(&p)
		if got := fields(expenses.ValidatePolicy(p)); !slices.Equal(got, []string{tc.field}) {
			t.Errorf("%s: error fields %v, want [%s]", tc.name, got, tc.field)
		}
	}
}

func TestParsePolicy(t *testing.T) {
	p, err := expenses.ParsePolicy(expenses.PolicyInput{Mileage: "45", PublicTransport: " At cost ", CareCover: "£15.50", Meal: "8.50"})
	if err != nil {
		t.Fatal(err)
	}
	if p.MileagePencePerMile != 45 || p.CareCoverPencePerHour != 1550 || p.MealAllowancePence != 850 || p.PublicTransport != "At cost" {
		t.Errorf("ParsePolicy = %+v", p)
	}
	if p.Mileage() != "45p a mile" || p.CareCover() != "£15.50 an hour" || p.Meal() != "£8.50 a day" {
		t.Errorf("rates in words: %q, %q, %q", p.Mileage(), p.CareCover(), p.Meal())
	}
	// A blank rate means the partnership does not pay for it.
	p, err = expenses.ParsePolicy(expenses.PolicyInput{Mileage: "0", PublicTransport: "At cost"})
	if err != nil || p.Covers(expenses.CareCover) || p.Covers(expenses.Meal) || p.Covers(expenses.Mileage) || p.CareCover() != "Not paid" {
		t.Errorf("blank rates: %+v, %v", p, err)
	}
	_, err = expenses.ParsePolicy(expenses.PolicyInput{Mileage: "0.45", CareCover: "15.505", Meal: "-1"})
	if got := fields(err); !slices.Equal(got, []string{"mileage", "care_cover", "meal", "public_transport"}) {
		t.Errorf("bad policy: fields %v (%v)", got, err)
	}
}

var today = "2026-03-20"

func TestNewClaim(t *testing.T) {
	pdf := receipt(t, "ticket.pdf", []byte("%PDF-1.4\n1 0 obj\n"))
	c, err := expenses.NewClaim(glenmorven, 7, 0, []expenses.LineInput{
		{Kind: "mileage", OnDate: "2026-03-12", Description: "Home to Kilbrannan Hall and back", Quantity: "24"},
		{Kind: "public-transport", OnDate: "2026-03-12", Description: "Bus, Strathard to Kilbrannan", Amount: "£6.80", Quantity: "99"},
		{Kind: "care-cover", OnDate: "2026-03-12", Description: "Cover for my mother", Quantity: "3.5"},
		{Kind: "meal", OnDate: "2026-03-12", Description: "Lunch"},
	}, []expenses.Receipt{pdf}, today)
	if err != nil {
		t.Fatal(err)
	}
	var amounts []int
	for _, l := range c.Lines {
		amounts = append(amounts, l.AmountPence)
	}
	if !slices.Equal(amounts, []int{1080, 680, 5425, 850}) || c.TotalPence != 8035 || c.Total() != "£80.35" {
		t.Errorf("amounts %v, total %d", amounts, c.TotalPence)
	}
	if c.Lines[1].Quantity != "" {
		t.Errorf("a quantity was kept on a public transport line: %q", c.Lines[1].Quantity)
	}
	if c.Lines[0].QuantityText() != "24 miles" || c.Lines[2].QuantityText() != "3.5 hours" {
		t.Errorf("quantities: %q, %q", c.Lines[0].QuantityText(), c.Lines[2].QuantityText())
	}

	noMeals := glenmorven
	noMeals.MealAllowancePence = 0
	for _, tc := range []struct {
		name     string
		policy   expenses.Policy
		inputs   []expenses.LineInput
		receipts []expenses.Receipt
		fields   []string
	}{
		{"nothing to claim", glenmorven, nil, nil, []string{"line-1-kind"}},
		{"no kind", glenmorven, []expenses.LineInput{{OnDate: "2026-03-12", Description: "Something"}}, nil, []string{"line-1-kind"}},
		{"an unknown kind", glenmorven, []expenses.LineInput{{Kind: "taxi-to-the-moon", OnDate: "2026-03-12", Description: "x"}}, nil, []string{"line-1-kind"}},
		{"a kind the policy does not pay", noMeals, []expenses.LineInput{{Kind: "meal", OnDate: "2026-03-12", Description: "Lunch"}}, nil, []string{"line-1-kind"}},
		{"not a date", glenmorven, []expenses.LineInput{{Kind: "meal", OnDate: "12/03/2026", Description: "Lunch"}}, nil, []string{"line-1-date"}},
		{"no such date", glenmorven, []expenses.LineInput{{Kind: "meal", OnDate: "2026-02-30", Description: "Lunch"}}, nil, []string{"line-1-date"}},
		{"a date in the future", glenmorven, []expenses.LineInput{{Kind: "meal", OnDate: "2026-03-21", Description: "Lunch"}}, nil, []string{"line-1-date"}},
		{"no description", glenmorven, []expenses.LineInput{{Kind: "meal", OnDate: "2026-03-12"}}, nil, []string{"line-1-description"}},
		{"two meals on one day", glenmorven, []expenses.LineInput{
			{Kind: "meal", OnDate: "2026-03-12", Description: "Lunch"},
			{Kind: "meal", OnDate: "2026-03-12", Description: "Dinner"}}, nil, []string{"line-2-date"}},
		{"meals on two days are fine", glenmorven, []expenses.LineInput{
			{Kind: "meal", OnDate: "2026-03-12", Description: "Lunch"},
			{Kind: "meal", OnDate: "2026-03-13", Description: "Lunch"}}, nil, nil},
		{"a bad amount", glenmorven, []expenses.LineInput{{Kind: "public-transport", OnDate: "2026-03-12", Description: "Train", Amount: "12.345"}},
			[]expenses.Receipt{pdf}, []string{"line-1-amount"}},
		{"a missing amount", glenmorven, []expenses.LineInput{{Kind: "other", OnDate: "2026-03-12", Description: "Parking"}},
			[]expenses.Receipt{pdf}, []string{"line-1-amount"}},
		{"missing miles", glenmorven, []expenses.LineInput{{Kind: "mileage", OnDate: "2026-03-12", Description: "Drive"}}, nil, []string{"line-1-quantity"}},
		{"too many hours", glenmorven, []expenses.LineInput{{Kind: "care-cover", OnDate: "2026-03-12", Description: "Cover", Quantity: "25"}}, nil, []string{"line-1-quantity"}},
		{"fares need a receipt", glenmorven, []expenses.LineInput{{Kind: "public-transport", OnDate: "2026-03-12", Description: "Bus", Amount: "3.20"}}, nil, []string{"receipts"}},
		{"mileage needs no receipt", glenmorven, []expenses.LineInput{{Kind: "mileage", OnDate: "2026-03-12", Description: "Drive", Quantity: "3"}}, nil, nil},
		{"too many receipts", glenmorven, []expenses.LineInput{{Kind: "meal", OnDate: "2026-03-12", Description: "Lunch"}},
			slices.Repeat([]expenses.Receipt{pdf}, expenses.MaxReceipts+1), []string{"receipts"}},
		{"every problem at once, one per field", glenmorven, []expenses.LineInput{
			{Kind: "mileage", OnDate: "tomorrow", Quantity: "lots"},
			{Kind: "other", OnDate: "2026-03-12", Description: "Parking", Amount: "-2"}}, nil,
			[]string{"line-1-date", "line-1-description", "line-1-quantity", "line-2-amount", "receipts"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := expenses.NewClaim(tc.policy, 7, 0, tc.inputs, tc.receipts, today)
			if got := fields(err); !slices.Equal(got, tc.fields) {
				t.Errorf("error fields %v, want %v (%v)", got, tc.fields, err)
			}
		})
	}
}

func TestBlankRows(t *testing.T) {
	if !(expenses.LineInput{Description: "  "}).Blank() || (expenses.LineInput{Kind: "meal"}).Blank() {
		t.Error("Blank is wrong")
	}
}

func TestValidateDecision(t *testing.T) {
	submitted := expenses.Claim{Status: expenses.Submitted}
	for _, tc := range []struct {
		name    string
		c       expenses.Claim
		approve bool
		reason  string
		own     bool
		want    error
		field   string
	}{
		{"approve a submitted claim", submitted, true, "", false, nil, ""},
		{"reject with a reason", submitted, false, "The meeting was online", false, nil, ""},
		{"reject without a reason", submitted, false, "   ", false, nil, "reason"},
		{"approve an approved claim", expenses.Claim{Status: expenses.Approved}, true, "", false, expenses.ErrDecided, ""},
		{"reject a rejected claim", expenses.Claim{Status: expenses.Rejected}, false, "again", false, expenses.ErrDecided, ""},
		{"approve your own claim", submitted, true, "", true, expenses.ErrOwnClaim, ""},
	} {
		err := expenses.ValidateDecision(tc.c, tc.approve, tc.reason, tc.own)
		if tc.field != "" {
			if got := fields(err); !slices.Equal(got, []string{tc.field}) {
				t.Errorf("%s: %v, want an error at %s", tc.name, err, tc.field)
			}
			continue
		}
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestCheckReceipt(t *testing.T) {
	var pngBytes bytes.Buffer
	if err := png.Encode(&pngBytes, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	jpeg := append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, make([]byte, 20)...)
	pdf := []byte("%PDF-1.7\n")
	html := []byte("<html><script>alert(1)</script></html>")
	for _, tc := range []struct {
		name, file string
		content    []byte
		wantType   string
		wantName   string
	}{
		{"a PNG", "ticket.png", pngBytes.Bytes(), "image/png", "ticket.png"},
		{"a JPEG photo", "IMG_0042.JPG", jpeg, "image/jpeg", "IMG_0042.JPG"},
		{"a .jpeg", "photo.jpeg", jpeg, "image/jpeg", "photo.jpeg"},
		{"a PDF", "e-ticket.pdf", pdf, "application/pdf", "e-ticket.pdf"},
		{"a Windows path is cut to its name", `C:\Users\isla\receipt.pdf`, pdf, "application/pdf", "receipt.pdf"},
		{"a Unix path is cut to its name", "../../etc/receipt.pdf", pdf, "application/pdf", "receipt.pdf"},
		{"a web page named as a PDF", "receipt.pdf", html, "", ""},
		{"a PNG named as a PDF", "receipt.pdf", pngBytes.Bytes(), "", ""},
		{"a Word document", "receipt.docx", []byte("PK\x03\x04"), "", ""},
		{"no extension", "receipt", pdf, "", ""},
		{"an empty file", "receipt.pdf", nil, "", ""},
		{"too large", "receipt.pdf", append([]byte("%PDF-1.4\n"), make([]byte, expenses.MaxReceiptBytes)...), "", ""},
	} {
		r, err := expenses.CheckReceipt(files.Upload{Filename: tc.file, Content: tc.content})
		if tc.wantType == "" {
			if err == nil {
				t.Errorf("%s: accepted", tc.name)
			} else if !strings.Contains(err.Error(), "The file ") {
				t.Errorf("%s: the message %q does not name the file", tc.name, err)
			}
			continue
		}
		if err != nil || r.ContentType != tc.wantType || r.Filename != tc.wantName || r.Size != int64(len(tc.content)) {
			t.Errorf("%s: %+v, %v", tc.name, r, err)
		}
	}
	// The sentences a member reads name the file, since a claim carries
	// several, and say what to do.
	for _, tc := range []struct {
		file    string
		content []byte
		want    string
	}{
		{"receipt.docx", []byte("PK\x03\x04"), "The file receipt.docx must be a PDF, JPEG or PNG"},
		{"receipt.pdf", nil, "The file receipt.pdf is empty: choose the file again"},
		{"receipt.pdf", append([]byte("%PDF-1.4\n"), make([]byte, expenses.MaxReceiptBytes)...), "The file receipt.pdf is larger than 10 MB: choose a smaller photo or scan"},
		{"ticket.jpg", html, "The file ticket.jpg is not a real JPG file: save it again as a PDF, JPEG or PNG"},
	} {
		_, err := expenses.CheckReceipt(files.Upload{Filename: tc.file, Content: tc.content})
		if errs, ok := valid.As(err); !ok || len(errs) != 1 || errs[0].Field != "receipts" || errs[0].Message != tc.want {
			t.Errorf("%s: %v, want %q for the field receipts", tc.file, err, tc.want)
		}
	}
	long, err := expenses.CheckReceipt(files.Upload{Filename: strings.Repeat("a", 300) + ".pdf", Content: pdf})
	if err != nil || len(long.Filename) != 100 || !strings.HasSuffix(long.Filename, ".pdf") {
		t.Errorf("a long name: %q, %v", long.Filename, err)
	}
}

func TestWriteCSV(t *testing.T) {
	decided := time.Date(2026, 3, 14, 23, 30, 0, 0, time.UTC) // 14 March 23:30 UTC is still the 14th in Scotland (GMT)
	claims := []expenses.Claim{{
		ID: 12, MemberName: "Seònaid O'Brien, \"Shona\"", Status: expenses.Approved, DecidedAt: decided, DecidedBy: "Euan Fraser",
		TotalPence: 1530,
		Lines: []expenses.Line{
			{Kind: expenses.Mileage, OnDate: "2026-03-12", Description: "Home to the hall,\nand back", Quantity: "12.5", AmountPence: 563},
			{Kind: expenses.OtherCost, OnDate: "2026-03-12", Description: "=HYPERLINK(\"http://evil.example\")", AmountPence: 967},
		},
	}, {
		ID: 13, MemberName: "@risky", DecidedAt: decided, DecidedBy: "-", TotalPence: 850,
		Lines: []expenses.Line{{Kind: expenses.Meal, OnDate: "2026-03-13", Description: "+lunch", AmountPence: 850}},
	}}
	var buf bytes.Buffer
	if err := expenses.WriteCSV(&buf, claims); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\ufeffClaim reference,") || !strings.Contains(out, "\r\n") {
		t.Errorf("no byte order mark or CRLF line ends: %q", out[:40])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("the export is not valid CSV: %v\n%s", err, out)
	}
	want := [][]string{
		expenses.CSVHeader,
		{"EXP-00012", "Seònaid O'Brien, \"Shona\"", "2026-03-14", "Euan Fraser", "2026-03-12", "Mileage", "Home to the hall,\nand back", "12.5", "5.63", "15.30"},
		{"EXP-00012", "Seònaid O'Brien, \"Shona\"", "2026-03-14", "Euan Fraser", "2026-03-12", "Other cost", "'=HYPERLINK(\"http://evil.example\")", "", "9.67", "15.30"},
		{"EXP-00013", "'@risky", "2026-03-14", "'-", "2026-03-13", "Meal allowance", "'+lunch", "", "8.50", "8.50"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d:\n%s", len(rows), len(want), out)
	}
	for i := range want {
		if !slices.Equal(rows[i], want[i]) {
			t.Errorf("row %d:\n got %q\nwant %q", i, rows[i], want[i])
		}
	}
}

// receipt makes a receipt from a file name and content, failing the test
// if CheckReceipt refuses it.
func receipt(t *testing.T, name string, content []byte) expenses.Receipt {
	t.Helper()
	r, err := expenses.CheckReceipt(files.Upload{Filename: name, Content: content})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// fields lists the fields an error names, in order; nil for no error.
func fields(err error) []string {
	if err == nil {
		return nil
	}
	errs, ok := valid.As(err)
	if !ok {
		return []string{"not a field error: " + err.Error()}
	}
	var out []string
	for _, e := range errs {
		out = append(out, e.Field)
	}
	return out
}
