package plan

import "strings"

// Op is one line of a diff between two versions of a plan's text.
type Op struct {
	Kind string // "same", "added" or "removed"
	Text string
}

// Diff compares two texts line by line (longest common subsequence) and
// returns the lines of both in order, each marked same, added or removed,
// for an inline view of what changed between two versions.
func Diff(before, after string) []Op {
	a, b := splitLines(before), splitLines(after)
	// lcs[i][j] is the length of the longest common subsequence of a[i:], b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []Op
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			ops = append(ops, Op{"same", a[i]})
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			ops = append(ops, Op{"removed", a[i]})
			i++
		default:
			ops = append(ops, Op{"added", b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		ops = append(ops, Op{"removed", a[i]})
	}
	for ; j < len(b); j++ {
		ops = append(ops, Op{"added", b[j]})
	}
	return ops
}

func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// Criterion is one criterion of an option appraisal with its weight.
type Criterion struct {
	Name   string
	Weight int // relative weight, 1 or more
}

// Score is one option's score against one criterion, with the reason.
type Score struct {
	Option, Criterion string
	Value             int // 0 to 10
	Reason            string
}

// Ranked is an option with its weighted total.
type Ranked struct {
	Option string
	Total  int // sum of weight × score
	Max    int // the most it could have scored
}

// Appraise totals an option appraisal: for each option, the sum over the
// criteria of weight × score, in the order options were given. A missing
// score counts as 0 and is returned so the page can show it as a gap.
func Appraise(options []string, criteria []Criterion, scores []Score) ([]Ranked, []string) {
	byKey := map[[2]string]int{}
	for _, s := range scores {
		byKey[[2]string{s.Option, s.Criterion}] = s.Value
	}
	var out []Ranked
	var missing []string
	for _, o := range options {
		r := Ranked{Option: o}
		for _, c := range criteria {
			v, ok := byKey[[2]string{o, c.Name}]
			if !ok {
				missing = append(missing, o+": "+c.Name)
			}
			r.Total += c.Weight * v
			r.Max += c.Weight * 10
		}
		out = append(out, r)
	}
	return out, missing
}
