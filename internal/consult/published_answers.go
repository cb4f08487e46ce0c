package consult

import (
	"slices"
	"strings"
)

// PublishedAnswers is what another capability (the strategic plan's
// views) may quote of a response: the name it may be published under (""
// for none) and its written answers as they may be published (redactions
// applied), in question order, empty ones left out. ok is false when the
// response may not be published at all (see Publishable).
func PublishedAnswers(r Response) (name string, texts []string, ok bool) {
	pub, ok := Publishable(r)
	if !ok {
		return "", nil, false
	}
	ids := make([]int64, 0, len(pub.Answers))
	for id := range pub.Answers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if t := strings.TrimSpace(pub.Answers[id].Text); t != "" {
			texts = append(texts, t)
		}
	}
	return pub.Name, texts, true
}
