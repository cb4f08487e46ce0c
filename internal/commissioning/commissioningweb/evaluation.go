package commissioningweb

import "coplan/internal/web/kit"

// evaluationRoutes are the evaluation's pages (issue 12, items 5 and 6),
// built on Store.Items by another piece of work; none yet.
func (h *Handlers) evaluationRoutes() []kit.Route { return nil }
