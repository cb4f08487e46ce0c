// Package partnership holds the integration authority at the centre of every
// record in coplan: its model, its statutory partners (one health board and
// one or more local authorities), its localities and the functions delegated
// to it. Every other record belongs to one partnership.
package partnership

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"coplan/internal/statute"
	"coplan/internal/valid"
)

// MinLocalities is the least number of localities an integration authority
// may have: the Public Bodies (Joint Working) (Scotland) Act 2014, s.29(2)(a)
// and (3), requires the area to be divided into at least two.
const MinLocalities = 2

// Named is a local authority or locality: a name with its stored id (0 for
// one not yet saved).
type Named struct {
	ID   int64  `json:"-"`
	Name string `json:"name"`
}

// Partnership is an integration authority (a health and social care
// partnership) as coplan stores it.
type Partnership struct {
	ID               int64
	Slug             string  // used in addresses: /partnerships/{slug}
	Code             string  // official S37 code, "" for a partnership not in the national list
	Name             string  // e.g. "Glenmorven"
	Model            string  // a statute.Models code: "ijb" or "lead-agency"
	HealthBoard      string  // e.g. "NHS Glenmorven"
	LocalAuthorities []Named // one or more councils
	Localities       []Named // at least MinLocalities
	Demo             bool    // the fictional demo partnership
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// ModelName is the model in words, e.g. "Integration joint board".
func (p Partnership) ModelName() string {
	for _, m := range statute.Models() {
		if m.Code == p.Model {
			return m.Name
		}
	}
	return p.Model
}

// AuthorityName is the integration authority's formal name: the IJB for
// that model, or the statutory partners acting as lead agency.
func (p Partnership) AuthorityName() string {
	if p.Model == "lead-agency" {
		return p.Name + " (lead agency)"
	}
	return p.Name + " Integration Joint Board"
}

// LocalityNames lists the localities' names in order.
func (p Partnership) LocalityNames() []string { return names(p.Localities) }

// LocalAuthorityNames lists the councils' names in order.
func (p Partnership) LocalAuthorityNames() []string { return names(p.LocalAuthorities) }

// Partners lists the statutory partners: the health board, then each
// local authority. Delegated functions come from one of these.
func (p Partnership) Partners() []string {
	return append([]string{p.HealthBoard}, names(p.LocalAuthorities)...)
}

func names(ns []Named) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Name
	}
	return out
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate checks a partnership before it is saved, returning valid.Errors
// naming each field that is wrong. Fields are the ids of the partnership form:
// "name", "slug", "model", "health_board", "local_authorities",
// "localities".
func Validate(p Partnership) error {
	var errs valid.Errors
	if strings.TrimSpace(p.Name) == "" {
		errs.Add("name", "Enter the partnership's name")
	}
	if !slugPattern.MatchString(p.Slug) {
		errs.Add("slug", "Enter a web address name using only lower-case letters, numbers and hyphens, like glenmorven")
	}
	modelOK := false
	for _, m := range statute.Models() {
		modelOK = modelOK || m.Code == p.Model
	}
	if !modelOK {
		errs.Add("model", "Select the integration model: integration joint board or lead agency")
	}
	if strings.TrimSpace(p.HealthBoard) == "" {
		errs.Add("health_board", "Enter the health board")
	}
	if n := countNonBlank(p.LocalAuthorities); n == 0 {
		errs.Add("local_authorities", "Enter at least one local authority")
	} else if d := duplicate(p.LocalAuthorities); d != "" {
		errs.Add("local_authorities", fmt.Sprintf("Local authority %q is entered twice", d))
	}
	if n := countNonBlank(p.Localities); n < MinLocalities {
		errs.Add("localities", fmt.Sprintf(
			"Enter at least %d localities: the Act requires the area to be divided into at least two (you entered %d)",
			MinLocalities, n))
	} else if d := duplicate(p.Localities); d != "" {
		errs.Add("localities", fmt.Sprintf("Locality %q is entered twice", d))
	}
	return errs.Err()
}

func countNonBlank(ns []Named) int {
	n := 0
	for _, x := range ns {
		if strings.TrimSpace(x.Name) != "" {
			n++
		}
	}
	return n
}

func duplicate(ns []Named) string {
	seen := map[string]bool{}
	for _, x := range ns {
		k := strings.ToLower(strings.TrimSpace(x.Name))
		if k == "" {
			continue
		}
		if seen[k] {
			return strings.TrimSpace(x.Name)
		}
		seen[k] = true
	}
	return ""
}

// Function is a function delegated to the integration authority by one of
// its statutory partners.
type Function struct {
	ID            int64  `json:"-"`
	PartnershipID int64  `json:"-"`
	Name          string `json:"name"`
	Partner       string `json:"delegated_by"` // the health board or a local authority, by name
	Kind          string `json:"kind"`         // "health" or "social-care"
	// SetAside is true for a hospital service whose budget the health
	// board sets aside for the integration authority (MSG proposal 2(iii)):
	// the financial statement shows the set-aside budget separately.
	SetAside bool `json:"hospital_set_aside"`
}

// KindName is the kind in words.
func (f Function) KindName() string {
	if f.Kind == "social-care" {
		return "Social care"
	}
	return "Health"
}

// MaxFunctionName is the most characters a delegated function's name may
// hold: the longest in a real integration scheme is well under it (issue
// 10, item 14).
const MaxFunctionName = 200

// ValidateFunction checks a delegated function against its partnership.
func ValidateFunction(p Partnership, f Function) error {
	var errs valid.Errors
	switch n := utf8.RuneCountInString(f.Name); {
	case strings.TrimSpace(f.Name) == "":
		errs.Add("name", "Enter the name of the function")
	case n > MaxFunctionName:
		errs.Add("name", fmt.Sprintf("Enter a name of at most %d characters; this one has %d", MaxFunctionName, n))
	}
	partnerOK := false
	for _, name := range p.Partners() {
		partnerOK = partnerOK || name == f.Partner
	}
	if !partnerOK {
		errs.Add("partner", "Select which partner delegates this function")
	}
	if f.Kind != "health" && f.Kind != "social-care" {
		errs.Add("kind", "Select whether this is a health or a social care function")
	}
	return errs.Err()
}
