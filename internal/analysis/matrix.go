package analysis

import (
	"context"
	"errors"
	"slices"
	"strconv"

	"coplan/internal/consult"
	"coplan/internal/valid"
)

// MatrixOptions choose a framework matrix (issue 13, item 6).
type MatrixOptions struct {
	Question int64  // the free-text question, 0 for every one
	By       string // a reach dimension's key (consult.GroupDimensions) for rows of groups; "" for a row per respondent
	Theme    int64  // show only this theme's column (and only rows coded with it); 0 for every theme
	Group    string // with OnlyGroup, show only this group's row (its stored value; "" is the blank group)
	// OnlyGroup limits the rows to Group (with By).
	OnlyGroup bool
	ByCount   bool // sort rows by how many extracts they hold, most first (else respondents by response, groups in their order)
	Offset    int  // rows to skip (paging)
	Limit     int  // rows to give; 0 for every row (an export)
}

// Matrix is a framework matrix: rows of respondents or groups, a column per
// theme, each cell the agreed coded extracts of its row and theme.
type Matrix struct {
	Themes   []Code
	Rows     []MatrixRow
	Total    int  // rows in all, before paging
	Grouped  bool // rows are groups, not respondents
	Group    consult.Breakdown
	Coded    int // responses with an agreed coding shown
	Extracts int // agreed extracts shown
}

// MatrixRow is one respondent's or group's row.
type MatrixRow struct {
	Label      string // a response's reference, or a group's name
	ResponseID int64  // for a respondent's row
	Value      string // for a group's row, its stored value
	Cells      []MatrixCell
	Extracts   int // in every cell
}

// MatrixCell is one row's agreed coded extracts of one theme.
type MatrixCell struct {
	Extracts  []MatrixExtract
	Responses int // distinct responses among them
}

// MatrixExtract is one agreed coded extract, shown to staff as written
// (never on a public surface: quotes there go through Quotable).
type MatrixExtract struct {
	ResponseID int64
	Reference  string
	QuestionID int64
	Text       string
	Whole      bool
}

// FrameworkMatrix builds the matrix of the consultation's agreed coding.
// It holds the agreed codings of the chosen question in memory (coding is
// done by people, so there are at most tens of thousands) and reads the
// answers' texts only for the rows given.
func (s *Store) FrameworkMatrix(ctx context.Context, consultationID int64, opt MatrixOptions) (Matrix, error) {
	var m Matrix
	codes, err := s.Codes(ctx, consultationID)
	if err != nil {
		return m, err
	}
	for _, c := range codes {
		if opt.Theme == 0 || c.ID == opt.Theme {
			m.Themes = append(m.Themes, c)
		}
	}
	if opt.Theme != 0 && len(m.Themes) == 0 {
		return m, valid.Errors{{Field: "theme", Message: "Select a theme of this consultation's codebook"}}
	}
	col := map[int64]int{}
	for i, c := range m.Themes {
		col[c.ID] = i
	}
	agreed, err := s.Agreed(ctx, consultationID, opt.Question)
	if err != nil {
		return m, err
	}
	agreed = slices.DeleteFunc(agreed, func(k Coding) bool { _, ok := col[k.CodeID]; return !ok })

	// Rows: by respondent, or by group.
	rowOf := map[int64][]int{} // response → row indexes
	var rows []MatrixRow
	if opt.By == "" {
		for _, k := range agreed {
			if _, ok := rowOf[k.ResponseID]; !ok {
				rowOf[k.ResponseID] = []int{len(rows)}
				rows = append(rows, MatrixRow{ResponseID: k.ResponseID})
			}
		}
	} else {
		b, groups, err := consult.ResponseGroups(ctx, s.db, s.p, consultationID, opt.By)
		if errors.Is(err, valid.ErrNotFound) {
			return m, valid.Errors{{Field: "by", Message: "Select one of the ways of grouping the responses in the list"}}
		} else if err != nil {
			return m, err
		}
		m.Grouped, m.Group = true, b
		index := map[string]int{}
		for _, g := range b.Groups {
			if opt.OnlyGroup && g.Value != opt.Group {
				continue
			}
			index[g.Value] = len(rows)
			rows = append(rows, MatrixRow{Label: g.Label, Value: g.Value})
		}
		for id, vs := range groups {
			for _, v := range vs {
				if i, ok := index[v]; ok {
					rowOf[id] = append(rowOf[id], i)
				}
			}
		}
	}
	for i := range rows {
		rows[i].Cells = make([]MatrixCell, len(m.Themes))
	}
	type cellKey struct{ row, col int }
	seen := map[cellKey]map[int64]bool{}
	coded := map[int64]bool{}
	for _, k := range agreed {
		for _, ri := range rowOf[k.ResponseID] {
			ci := col[k.CodeID]
			cell := &rows[ri].Cells[ci]
			cell.Extracts = append(cell.Extracts, MatrixExtract{ResponseID: k.ResponseID, QuestionID: k.QuestionID, Text: k.Extract, Whole: k.Whole})
			ck := cellKey{ri, ci}
			if seen[ck] == nil {
				seen[ck] = map[int64]bool{}
			}
			if !seen[ck][k.ResponseID] {
				seen[ck][k.ResponseID] = true
				cell.Responses++
			}
			rows[ri].Extracts++
			coded[k.ResponseID] = true
			m.Extracts++
		}
	}
	m.Coded = len(coded)
	if opt.Theme != 0 {
		// Rows with nothing of the chosen theme are left out; otherwise
		// every group is kept, so an empty group shows as empty.
		rows = slices.DeleteFunc(rows, func(r MatrixRow) bool { return r.Extracts == 0 })
	}
	if opt.ByCount {
		slices.SortStableFunc(rows, func(a, b MatrixRow) int { return b.Extracts - a.Extracts })
	}
	m.Total = len(rows)
	if opt.Offset > 0 {
		rows = rows[min(opt.Offset, len(rows)):]
	}
	if opt.Limit > 0 && len(rows) > opt.Limit {
		rows = rows[:opt.Limit]
	}
	// The texts of whole answers and the references of the rows shown.
	byQuestion := map[int64][]int64{}
	for _, r := range rows {
		for _, c := range r.Cells {
			for _, e := range c.Extracts {
				if !slices.Contains(byQuestion[e.QuestionID], e.ResponseID) {
					byQuestion[e.QuestionID] = append(byQuestion[e.QuestionID], e.ResponseID)
				}
			}
		}
	}
	answers := map[[2]int64]consult.TextAnswer{}
	for q, ids := range byQuestion {
		as, err := consult.TextAnswersOf(ctx, s.db, s.p.ID, consultationID, q, ids)
		if err != nil {
			return m, err
		}
		for id, a := range as {
			answers[[2]int64{q, id}] = a
		}
	}
	for i := range rows {
		for j := range rows[i].Cells {
			for k, e := range rows[i].Cells[j].Extracts {
				a := answers[[2]int64{e.QuestionID, e.ResponseID}]
				e.Reference = a.Reference
				if e.Reference == "" {
					e.Reference = "Response " + strconv.FormatInt(e.ResponseID, 10)
				}
				if e.Whole {
					e.Text = a.Text
				}
				rows[i].Cells[j].Extracts[k] = e
			}
		}
		if !m.Grouped {
			rows[i].Label = "Response " + strconv.FormatInt(rows[i].ResponseID, 10)
			for _, c := range rows[i].Cells {
				if len(c.Extracts) > 0 {
					rows[i].Label = c.Extracts[0].Reference
					break
				}
			}
		}
	}
	m.Rows = rows
	return m, nil
}
