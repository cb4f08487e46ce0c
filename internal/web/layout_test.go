package web_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// repoRoot is the module's root, two folders above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod at %s", root)
	}
	return root
}

// goFiles parses every non-test Go file of the module.
func goFiles(t *testing.T) map[string]*ast.File {
	t.Helper()
	root := repoRoot(t)
	fset := token.NewFileSet()
	out := map[string]*ast.File{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		out[filepath.ToSlash(rel)] = f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHandlerPackagesDoNotImportTheDatabase: a capability's pages (a
// package named ...web under internal/) decode, call one store method and
// render; the store, not the handler, talks to the database.
func TestHandlerPackagesDoNotImportTheDatabase(t *testing.T) {
	rooms := 0
	for path, f := range goFiles(t) {
		dir := filepath.ToSlash(filepath.Dir(path))
		if !strings.HasPrefix(dir, "internal/") || !strings.HasSuffix(dir, "web") || dir == "internal/web" {
			continue
		}
		rooms++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p == "coplan/internal/db" || strings.HasPrefix(p, "coplan/internal/db/") || p == "database/sql" {
				t.Errorf("%s imports %s: a handler package goes through its room's store", path, p)
			}
		}
	}
	if rooms == 0 {
		t.Fatal("found no handler packages (internal/*/*web)")
	}
}

// TestNoClockButTheOne: every store and page is bound to an injected clock,
// so that a page and its form judge a deadline alike and tests can fix
// the time. Only cmd/coplan and the clock's own definition read the
// machine's clock.
func TestNoClockButTheOne(t *testing.T) {
	root := repoRoot(t)
	for path := range goFiles(t) {
		if strings.HasPrefix(path, "cmd/coplan/") || path == "internal/civil/clock.go" {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, filepath.Join(root, path), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		timeName := ""
		for _, imp := range f.Imports {
			if imp.Path.Value == `"time"` {
				timeName = "time"
				if imp.Name != nil {
					timeName = imp.Name.Name
				}
			}
		}
		if timeName == "" {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == timeName && (sel.Sel.Name == "Now" || sel.Sel.Name == "Since" || sel.Sel.Name == "Until") {
				t.Errorf("%s: time.%s reads the machine's clock; use the store's or the kit's clock (civil.Clock)", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}
