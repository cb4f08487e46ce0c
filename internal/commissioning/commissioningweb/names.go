package commissioningweb

import "coplan/internal/partnership"

// localityName names partnership p's localities by id.
func localityName(p partnership.Partnership) func(int64) string {
	return func(id int64) string {
		for _, l := range p.Localities {
			if l.ID == id {
				return l.Name
			}
		}
		return "a locality no longer listed"
	}
}
