package sample_test

import (
	"fmt"

	"coplan/internal/analysis/sample"
)

func Example() {
	g := sample.New(42, sample.Defaults)
	for i := 0; i < 3; i++ {
		a := g.Next()
		fmt.Println(sample.Themes()[a.Theme].Key, a.Language, len(a.Text) > 0)
	}
}
