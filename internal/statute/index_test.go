package statute_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"coplan/internal/statute"
)

// Every function the index names exists in the package it names, so the
// table a newcomer follows never leads nowhere.
func TestIndexNamesRealFunctions(t *testing.T) {
	declared := map[string]bool{}
	for _, rule := range statute.Index {
		pkg, _, _ := strings.Cut(rule.Func, ".")
		if _, done := declared[pkg]; done {
			continue
		}
		declared[pkg] = true
		dir := filepath.Join("..", pkg)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatalf("%s: %v", rule.Func, err)
		}
		fset := token.NewFileSet()
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil {
					declared[pkg+"."+fn.Name.Name] = true
				}
			}
		}
	}
	for _, rule := range statute.Index {
		if !declared[rule.Func] {
			t.Errorf("the index names %s for %s, which does not exist", rule.Func, rule.Section)
		}
	}
}

// The README's table of provisions is this index: each rule appears there.
func TestREADMEListsTheIndex(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, rule := range statute.Index {
		if !strings.Contains(string(b), "| "+rule.Section+" | "+rule.What+" | `"+rule.Func+"` |") {
			t.Errorf("README.md lacks the row for %s (%s)", rule.Func, rule.Section)
		}
	}
}
