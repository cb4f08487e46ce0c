package consult

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

//go:embed messages/*.txt
var builtinMessages embed.FS

// Catalog is the text of the response form in one language: one file per
// language (messages/en.txt, messages/gd.txt), each line "key = text", so a
// partnership's translator can correct or add a message without touching
// code. Text may hold %s for a value filled in at run time. A key missing
// from a language falls back to English.
type Catalog struct {
	Lang     string // "en" or "gd"
	Name     string // the language's own name, e.g. "Gàidhlig"
	messages map[string]string
	fallback map[string]string
}

// Get returns the message for key with args filled in.
func (c Catalog) Get(key string, args ...string) string {
	s, ok := c.messages[key]
	if !ok {
		s, ok = c.fallback[key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 {
		return s
	}
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = a
	}
	return fmt.Sprintf(s, vals...)
}

// english is the built-in English catalogue, for a store's own refusals.
var english = sync.OnceValue(func() Catalog {
	cs, err := LoadCatalogs("")
	if err != nil {
		panic(err) // the built-in files are embedded: a test catches this
	}
	return cs.For("en")
})

// Catalogs holds every language's catalog.
type Catalogs struct {
	byLang map[string]Catalog
	langs  []string
}

// Languages lists the language codes, English first.
func (cs Catalogs) Languages() []Catalog {
	out := make([]Catalog, 0, len(cs.langs))
	for _, l := range cs.langs {
		out = append(out, cs.byLang[l])
	}
	return out
}

// For returns the catalog for lang, or English.
func (cs Catalogs) For(lang string) Catalog {
	if c, ok := cs.byLang[lang]; ok {
		return c
	}
	return cs.byLang["en"]
}

// LoadCatalogs reads the built-in catalogs and, when dir is not empty, the
// files in dir, whose messages replace or add to the built-in ones (a
// translator's corrections, or a new language: messages/xx.txt with a
// "language.name" line).
func LoadCatalogs(dir string) (Catalogs, error) {
	raw := map[string]map[string]string{}
	if err := readCatalogs(builtinMessages, "messages", raw); err != nil {
		return Catalogs{}, err
	}
	if dir != "" {
		if err := readCatalogs(os.DirFS(dir), ".", raw); err != nil {
			return Catalogs{}, err
		}
	}
	en, ok := raw["en"]
	if !ok {
		return Catalogs{}, fmt.Errorf("messages: no English catalog (en.txt)")
	}
	cs := Catalogs{byLang: map[string]Catalog{}}
	for lang, m := range raw {
		cs.byLang[lang] = Catalog{Lang: lang, Name: m["language.name"], messages: m, fallback: en}
		cs.langs = append(cs.langs, lang)
	}
	sort.Slice(cs.langs, func(i, j int) bool {
		return cs.langs[i] == "en" || cs.langs[j] != "en" && cs.langs[i] < cs.langs[j]
	})
	return cs, nil
}

func readCatalogs(fsys fs.FS, dir string, into map[string]map[string]string) error {
	names, err := fs.Glob(fsys, filepath.Join(dir, "*.txt"))
	if err != nil {
		return err
	}
	for _, name := range names {
		lang := strings.TrimSuffix(filepath.Base(name), ".txt")
		f, err := fsys.Open(name)
		if err != nil {
			return err
		}
		m := into[lang]
		if m == nil {
			m = map[string]string{}
			into[lang] = m
		}
		sc := bufio.NewScanner(f)
		line := 0
		for sc.Scan() {
			line++
			t := strings.TrimSpace(sc.Text())
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			k, v, ok := strings.Cut(t, "=")
			if !ok {
				f.Close()
				return fmt.Errorf("messages %s line %d: write each message as key = text", name, line)
			}
			m[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return err
		}
	}
	return nil
}
