package commissioning

// FlagCount is how many work items have a kind of problem, for the
// dashboard.
type FlagCount struct {
	Flag  Flag
	Items int
}

// Describe is a flag in plain words, for lists and public pages.
func (f Flag) Describe() string {
	switch f {
	case NoUserOrCarerInvolvement:
		return "A stage was finished without people who use services or unpaid carers"
	case DecisionBeforeInvolvement:
		return "A decision was recorded before anyone was asked"
	case InformOnly:
		return "People were only told, never asked"
	case LocalityNeverInvolved:
		return "A locality the work concerns was never involved"
	case NoFeedback:
		return "People were not told what came of their involvement"
	}
	return string(f)
}

// Flags lists every flag in the order the rules find them.
var Flags = []Flag{NoUserOrCarerInvolvement, DecisionBeforeInvolvement, InformOnly, LocalityNeverInvolved, NoFeedback}

// FlagsOf is the distinct flags of problems, in the order of Flags.
func FlagsOf(ps []Problem) []Flag {
	var out []Flag
	for _, f := range Flags {
		for _, p := range ps {
			if p.Flag == f {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// Rollup counts, for each flag, the work items with at least one problem
// of it; flags no item has are left out.
func Rollup(problems [][]Problem) []FlagCount {
	var out []FlagCount
	for _, f := range Flags {
		n := 0
		for _, ps := range problems {
			for _, p := range ps {
				if p.Flag == f {
					n++
					break
				}
			}
		}
		if n > 0 {
			out = append(out, FlagCount{f, n})
		}
	}
	return out
}
