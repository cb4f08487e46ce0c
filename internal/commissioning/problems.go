package commissioning

import "context"

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

// Overview is the partnership's commissioning work as the dashboard rolls
// it up.
type Overview struct {
	Items int         // work items recorded
	Flags []FlagCount // how many items have each kind of problem
}

// Overview rolls up the problems of every work item of the partnership.
func (s *Store) Overview(ctx context.Context) (Overview, error) {
	its, err := s.Items(ctx)
	if err != nil {
		return Overview{}, err
	}
	var ps [][]Problem
	for _, it := range its {
		ps = append(ps, it.Problems(s.LocalityName))
	}
	return Overview{Items: len(its), Flags: Rollup(ps)}, nil
}

// LocalityName names one of the partnership's localities by id.
func (s *Store) LocalityName(id int64) string {
	for _, l := range s.p.Localities {
		if l.ID == id {
			return l.Name
		}
	}
	return "a locality no longer listed"
}
