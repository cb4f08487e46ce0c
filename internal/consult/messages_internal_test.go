package consult

import (
	"strings"
	"testing"
)

// Every message of the English catalogue is in the Gaelic one, with as
// many %s to fill in, so no page falls back to English or loses a value
// (issue 10, item 11: the new receipt and save page messages).
func TestGaelicCatalogueIsComplete(t *testing.T) {
	cs, err := LoadCatalogs("")
	if err != nil {
		t.Fatal(err)
	}
	en, gd := cs.For("en"), cs.For("gd")
	if gd.Lang != "gd" {
		t.Fatal("no Gaelic catalogue")
	}
	for key, text := range en.messages {
		g, ok := gd.messages[key]
		if !ok {
			t.Errorf("%s is not in gd.txt", key)
			continue
		}
		if strings.Count(g, "%s") != strings.Count(text, "%s") {
			t.Errorf("%s: gd.txt has %d %%s, en.txt %d", key, strings.Count(g, "%s"), strings.Count(text, "%s"))
		}
	}
}
