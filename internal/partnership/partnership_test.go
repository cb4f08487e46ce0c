package partnership_test

import (
	"slices"
	"strings"
	"testing"

	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// named turns names into unsaved local authorities or localities.
func named(names ...string) []partnership.Named {
	out := make([]partnership.Named, len(names))
	for i, n := range names {
		out[i] = partnership.Named{Name: n}
	}
	return out
}

// glen is a valid partnership that each case below breaks in one way.
func glen() partnership.Partnership {
	return partnership.Partnership{
		Slug: "glen-test", Name: "Glen Test", Model: "ijb", HealthBoard: "NHS Glen Test",
		LocalAuthorities: named("Glen Test Council"),
		Localities:       named("Strathard", "Kilbrannan", "Morven Coast"),
	}
}

// fields lists the fields an error names, sorted, or nil for no error. It
// fails the test if err is not valid.Errors.
func fields(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	errs, ok := valid.As(err)
	if !ok {
		t.Fatalf("error %v (%T) is not valid.Errors", err, err)
	}
	var fs []string
	for _, e := range errs {
		if strings.TrimSpace(e.Message) == "" {
			t.Errorf("field %q has an empty message", e.Field)
		}
		fs = append(fs, e.Field)
	}
	slices.Sort(fs)
	return fs
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name       string
		change     func(p *partnership.Partnership)
		wantFields []string
		wantIn     string // words the message must contain
	}{
		{"a complete partnership", func(p *partnership.Partnership) {}, nil, ""},
		{"lead agency model", func(p *partnership.Partnership) { p.Model = "lead-agency" }, nil, ""},
		{"exactly two localities", func(p *partnership.Partnership) { p.Localities = named("North", "South") }, nil, ""},
		{"two councils", func(p *partnership.Partnership) { p.LocalAuthorities = named("East Council", "West Council") }, nil, ""},
		{"no localities", func(p *partnership.Partnership) { p.Localities = nil },
			[]string{"localities"}, "at least two"},
		{"one locality", func(p *partnership.Partnership) { p.Localities = named("Strathard") },
			[]string{"localities"}, "at least two"},
		{"one locality and blank rows", func(p *partnership.Partnership) { p.Localities = named("Strathard", "", "   ") },
			[]string{"localities"}, "at least two"},
		{"the same locality twice", func(p *partnership.Partnership) { p.Localities = named("Strathard", "Kilbrannan", "Strathard") },
			[]string{"localities"}, "Strathard"},
		{"the same locality twice in another case and spacing", func(p *partnership.Partnership) { p.Localities = named("Strathard", " strathard ") },
			[]string{"localities"}, "twice"},
		{"no local authority", func(p *partnership.Partnership) { p.LocalAuthorities = nil },
			[]string{"local_authorities"}, "at least one local authority"},
		{"only a blank local authority", func(p *partnership.Partnership) { p.LocalAuthorities = named(" ") },
			[]string{"local_authorities"}, "at least one local authority"},
		{"the same council twice", func(p *partnership.Partnership) { p.LocalAuthorities = named("Glen Council", "glen council") },
			[]string{"local_authorities"}, "twice"},
		{"no slug", func(p *partnership.Partnership) { p.Slug = "" }, []string{"slug"}, "lower-case"},
		{"slug with a space", func(p *partnership.Partnership) { p.Slug = "glen test" }, []string{"slug"}, "lower-case"},
		{"slug with capitals", func(p *partnership.Partnership) { p.Slug = "Glen-Test" }, []string{"slug"}, "lower-case"},
		{"slug with an underscore", func(p *partnership.Partnership) { p.Slug = "glen_test" }, []string{"slug"}, "lower-case"},
		{"slug starting with a hyphen", func(p *partnership.Partnership) { p.Slug = "-glen" }, []string{"slug"}, "lower-case"},
		{"slug ending with a hyphen", func(p *partnership.Partnership) { p.Slug = "glen-" }, []string{"slug"}, "lower-case"},
		{"slug with two hyphens together", func(p *partnership.Partnership) { p.Slug = "glen--test" }, []string{"slug"}, "lower-case"},
		{"slug with an accent", func(p *partnership.Partnership) { p.Slug = "glèn" }, []string{"slug"}, "lower-case"},
		{"unknown model", func(p *partnership.Partnership) { p.Model = "trust" }, []string{"model"}, "integration joint board"},
		{"no model", func(p *partnership.Partnership) { p.Model = "" }, []string{"model"}, "integration joint board"},
		{"model in capitals", func(p *partnership.Partnership) { p.Model = "IJB" }, []string{"model"}, "integration joint board"},
		{"no name", func(p *partnership.Partnership) { p.Name = "  " }, []string{"name"}, "name"},
		{"no health board", func(p *partnership.Partnership) { p.HealthBoard = "" }, []string{"health_board"}, "health board"},
		{"everything missing", func(p *partnership.Partnership) { *p = partnership.Partnership{} },
			[]string{"health_board", "local_authorities", "localities", "model", "name", "slug"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := glen()
			tt.change(&p)
			err := partnership.Validate(p)
			got := fields(t, err)
			if !slices.Equal(got, tt.wantFields) {
				t.Fatalf("Validate: fields %v, want %v (error: %v)", got, tt.wantFields, err)
			}
			if tt.wantIn != "" && len(tt.wantFields) == 1 {
				errs, _ := valid.As(err)
				if msg := errs.For(tt.wantFields[0]); !strings.Contains(msg, tt.wantIn) {
					t.Errorf("message for %s is %q; want it to mention %q", tt.wantFields[0], msg, tt.wantIn)
				}
			}
		})
	}
}

func TestValidateFunction(t *testing.T) {
	p := glen()
	p.LocalAuthorities = named("East Council", "West Council")
	tests := []struct {
		name       string
		f          partnership.Function
		wantFields []string
	}{
		{"from the health board", partnership.Function{Name: "District nursing", Partner: "NHS Glen Test", Kind: "health"}, nil},
		{"from the first council", partnership.Function{Name: "Care at home", Partner: "East Council", Kind: "social-care"}, nil},
		{"from the second council", partnership.Function{Name: "Care homes", Partner: "West Council", Kind: "social-care"}, nil},
		{"from another health board", partnership.Function{Name: "District nursing", Partner: "NHS Elsewhere", Kind: "health"}, []string{"partner"}},
		{"from another council", partnership.Function{Name: "Care at home", Partner: "North Council", Kind: "social-care"}, []string{"partner"}},
		{"from nobody", partnership.Function{Name: "Care at home", Kind: "social-care"}, []string{"partner"}},
		{"partner in the wrong case", partnership.Function{Name: "Care at home", Partner: "east council", Kind: "social-care"}, []string{"partner"}},
		{"no name", partnership.Function{Name: " ", Partner: "East Council", Kind: "social-care"}, []string{"name"}},
		{"unknown kind", partnership.Function{Name: "Housing", Partner: "East Council", Kind: "housing"}, []string{"kind"}},
		{"no kind", partnership.Function{Name: "Housing", Partner: "East Council"}, []string{"kind"}},
		{"nothing at all", partnership.Function{}, []string{"kind", "name", "partner"}},
		// issue 10, item 14: a name has a limit (a 10 MB one was accepted).
		{"name at the limit", partnership.Function{Name: strings.Repeat("é", partnership.MaxFunctionName), Partner: "East Council", Kind: "social-care"}, nil},
		{"name too long", partnership.Function{Name: strings.Repeat("a", partnership.MaxFunctionName+1), Partner: "East Council", Kind: "social-care"}, []string{"name"}},
		{"a 10 MB name", partnership.Function{Name: strings.Repeat("a", 10<<20), Partner: "East Council", Kind: "social-care"}, []string{"name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := partnership.ValidateFunction(p, tt.f)
			if got := fields(t, err); !slices.Equal(got, tt.wantFields) {
				t.Fatalf("ValidateFunction: fields %v, want %v (error: %v)", got, tt.wantFields, err)
			}
		})
	}
}

func TestPartnersAreTheHealthBoardThenEachCouncil(t *testing.T) {
	p := glen()
	p.LocalAuthorities = named("East Council", "West Council")
	want := []string{"NHS Glen Test", "East Council", "West Council"}
	if got := p.Partners(); !slices.Equal(got, want) {
		t.Fatalf("Partners() = %v, want %v", got, want)
	}
}

func TestAuthorityName(t *testing.T) {
	p := glen()
	if got, want := p.AuthorityName(), "Glen Test Integration Joint Board"; got != want {
		t.Errorf("IJB: AuthorityName() = %q, want %q", got, want)
	}
	p.Model = "lead-agency"
	if got, want := p.AuthorityName(), "Glen Test (lead agency)"; got != want {
		t.Errorf("lead agency: AuthorityName() = %q, want %q", got, want)
	}
}
