package plan_test

import (
	"bytes"
	"testing"

	"coplan/internal/plan"
)

func TestWritePDF(t *testing.T) {
	var b bytes.Buffer
	err := plan.WritePDF(&b, "Glenmorven", "Strategic Plan 2025–2028", 3, []plan.BundleSection{
		{Key: "vision", Title: "Our vision", Body: "# Why\nPeople live well at home.\n- Care at home\n- **Carers** supported\nGàidhlig: Slàinte."},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) || !bytes.Contains(b.Bytes(), []byte("%%EOF")) || b.Len() < 1000 {
		t.Errorf("not a PDF: %d bytes starting %q", b.Len(), b.Bytes()[:8])
	}
}
