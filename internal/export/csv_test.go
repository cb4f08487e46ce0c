package export

import (
	"bytes"
	"testing"
)

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"Care at home":      "Care at home",
		"12.50":             "12.50",
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+44 1234":          "'+44 1234",
		"-1+1":              "'-1+1",
		"@SUM(A1)":          "'@SUM(A1)",
		"\t=1":              "'\t=1",
		"\r=1":              "'\r=1",
		"  =1+1":            "'  =1+1",
		"\u00a0=1":          "'\u00a0=1",
		"＝1+1":              "'＝1+1",
		"＋1":                "'＋1",
		"－1":                "'－1",
		"＠SUM(A1)":          "'＠SUM(A1)",
		"   ":               "   ",
		"Seònaid":           "Seònaid",
		"a = b":             "a = b",
		"email@example.org": "email@example.org",
		"\x00=1":            "'\x00=1",
	} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	c := NewCSV(&buf)
	if err := c.Write([]string{"Name", "Answer"}); err != nil {
		t.Fatal(err)
	}
	c.Write([]string{"Seònaid", " =cmd|' /C calc'!A0"})
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffName,Answer\r\nSeònaid,' =cmd|' /C calc'!A0\r\n"
	if buf.String() != want {
		t.Errorf("CSV = %q, want %q", buf.String(), want)
	}
	var empty bytes.Buffer
	NewCSV(&empty).Flush()
	if empty.String() != "\ufeff" {
		t.Errorf("an empty CSV = %q, want the byte order mark", empty.String())
	}
}
