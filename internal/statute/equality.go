package statute

import "slices"

// Characteristic is a protected characteristic that the equality impact
// assessment of a strategic plan considers under the Public Sector Equality
// Duty.
type Characteristic struct {
	// Code identifies the characteristic in storage and URLs, e.g. "age".
	Code string
	// Name is the guidance's wording, e.g. "religion or belief".
	Name string
	// EmploymentOnly is true for marriage and civil partnership, which the
	// duty covers only with regard to eliminating unlawful discrimination in
	// employment. An impact assessment of the plan's services looks at the
	// others; a check of the plan's effect on staff includes this one too.
	EmploymentOnly bool
}

func (c Characteristic) code() string { return c.Code }

// protectedCharacteristics is section 149 of the Equality Act 2010 as the
// statutory guidance on strategic plans gives it (seed 003 §3.1): "The
// 'relevant protected characteristics' referred to above are: age,
// disability, gender reassignment, pregnancy and maternity, race, religion
// or belief, sex and sexual orientation. The PSED also covers marriage and
// civil partnerships, with regard to eliminating unlawful discrimination in
// employment." The guidance's plural "civil partnerships" is kept.
var protectedCharacteristics = []Characteristic{
	{"age", "age", false},
	{"disability", "disability", false},
	{"gender-reassignment", "gender reassignment", false},
	{"pregnancy-maternity", "pregnancy and maternity", false},
	{"race", "race", false},
	{"religion-belief", "religion or belief", false},
	{"sex", "sex", false},
	{"sexual-orientation", "sexual orientation", false},
	{"marriage-civil-partnership", "marriage and civil partnerships", true},
}

// ProtectedCharacteristics returns the eight relevant protected
// characteristics followed by marriage and civil partnership, the one with
// EmploymentOnly set.
func ProtectedCharacteristics() []Characteristic { return slices.Clone(protectedCharacteristics) }

// ProtectedCharacteristic returns the characteristic with the given code and
// true, or false when there is none.
func ProtectedCharacteristic(code string) (Characteristic, bool) {
	return lookup(protectedCharacteristics, code)
}

// ProtectedCharacteristicsSource returns where the characteristics come from.
func ProtectedCharacteristicsSource() Source {
	return Source{
		Title:    "Equality Act 2010",
		Citation: "section 149 (Public Sector Equality Duty), as set out in section 3.1 of the statutory guidance on strategic plans",
		URL:      "https://www.legislation.gov.uk/ukpga/2010/15/section/149",
	}
}

func protectedCharacteristicsList() List {
	return List{
		ID:     ListProtectedCharacteristics,
		Title:  "Protected characteristics",
		Intro:  "The plan's equality impact assessment must look at how the plan affects people who share each of these characteristics.",
		Source: ProtectedCharacteristicsSource(),
		Items: items(protectedCharacteristics, func(c Characteristic) Item {
			it := Item{Code: c.Code, Text: c.Name}
			if c.EmploymentOnly {
				it.Note = "Covered only with regard to eliminating unlawful discrimination in employment."
			}
			return it
		}),
	}
}
