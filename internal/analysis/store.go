package analysis

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// Store reads and writes one partnership's analysis, stamping times with
// its clock. Every query is limited to the partnership (each table carries
// its id); each change is one method in one transaction with its audit
// entry.
type Store struct {
	db  *db.DB
	p   partnership.Partnership
	now civil.Clock
}

// StoreFor is the store of partnership p's analysis on the clock now (nil
// for the system clock).
func StoreFor(d *db.DB, p partnership.Partnership, now civil.Clock) *Store {
	if now == nil {
		now = civil.SystemClock
	}
	return &Store{db: d, p: p, now: now}
}

// Partnership is the partnership the store is bound to.
func (s *Store) Partnership() partnership.Partnership { return s.p }

// DB is the database, for reading other rooms' exported functions
// (consult.EachTextAnswer and the like) with the store's partnership.
func (s *Store) DB() db.Querier { return s.db }

const entity = "analysis"

func (s *Store) record(ctx context.Context, tx *db.Tx, who audit.Actor, action string, id int64, summary string, before, after any) error {
	return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: who, Action: action,
		Entity: entity, EntityID: id, Summary: summary}, before, after)
}

// consultation checks that the consultation is the partnership's.
func (s *Store) consultation(ctx context.Context, q db.Querier, id int64) (consult.Consultation, error) {
	return consult.ConsultationByID(ctx, q, s.p.ID, id)
}

const selectCodebook = `SELECT b.id, COALESCE(b.consultation_id, 0), b.name, b.description, b.created_at, b.updated_at FROM codebooks b`

func scanCodebook(sc interface{ Scan(...any) error }) (Codebook, error) {
	var b Codebook
	err := sc.Scan(&b.ID, &b.ConsultationID, &b.Name, &b.Description, &b.CreatedAt, &b.UpdatedAt)
	return b, valid.NotFound(err)
}

// Codebook is the codebook consultationID is coded with, or
// valid.ErrNotFound when it has none yet.
func (s *Store) Codebook(ctx context.Context, consultationID int64) (Codebook, error) {
	return s.codebook(ctx, s.db, consultationID)
}

func (s *Store) codebook(ctx context.Context, q db.Querier, consultationID int64) (Codebook, error) {
	return scanCodebook(q.QueryRowContext(ctx, selectCodebook+` JOIN consultation_codebooks cc ON cc.codebook_id = b.id
		WHERE cc.partnership_id = $1 AND b.partnership_id = $1 AND cc.consultation_id = $2`, s.p.ID, consultationID))
}

// Codebooks lists the partnership's codebooks, with the titles of the
// consultations using each, for reusing one.
func (s *Store) Codebooks(ctx context.Context) ([]CodebookUse, error) {
	rows, err := s.db.QueryContext(ctx, selectCodebook+` WHERE b.partnership_id = $1 ORDER BY b.id`, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list codebooks: %w", err)
	}
	var out []CodebookUse
	for rows.Next() {
		b, err := scanCodebook(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, CodebookUse{Codebook: b})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.title FROM consultation_codebooks cc JOIN consultations c ON c.id = cc.consultation_id
			WHERE cc.partnership_id = $1 AND c.partnership_id = $1 AND cc.codebook_id = $2 ORDER BY c.id`, s.p.ID, out[i].ID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var u ConsultationRef
			if err := rows.Scan(&u.ID, &u.Title); err != nil {
				rows.Close()
				return nil, err
			}
			out[i].UsedBy = append(out[i].UsedBy, u)
		}
		rows.Close()
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM codes WHERE partnership_id = $1 AND codebook_id = $2`,
			s.p.ID, out[i].ID).Scan(&out[i].Codes); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CodebookUse is a codebook with the consultations coded with it.
type CodebookUse struct {
	Codebook
	Codes  int
	UsedBy []ConsultationRef
}

// ConsultationRef names a consultation.
type ConsultationRef struct {
	ID    int64
	Title string
}

// ensureCodebook is the consultation's codebook, made (named after the
// consultation) when it has none.
func (s *Store) ensureCodebook(ctx context.Context, tx *db.Tx, consultationID int64, who audit.Actor) (Codebook, error) {
	b, err := s.codebook(ctx, tx, consultationID)
	if !errors.Is(err, valid.ErrNotFound) {
		return b, err
	}
	c, err := s.consultation(ctx, tx, consultationID)
	if err != nil {
		return b, err
	}
	now := s.now()
	b = Codebook{ConsultationID: c.ID, Name: "Codebook for " + c.Title, CreatedAt: now, UpdatedAt: now}
	if err := tx.QueryRowContext(ctx, `INSERT INTO codebooks (partnership_id, consultation_id, name, description, created_at, updated_at)
		VALUES ($1, $2, $3, '', $4, $4) RETURNING id`, s.p.ID, c.ID, b.Name, now).Scan(&b.ID); err != nil {
		return b, fmt.Errorf("add codebook: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO consultation_codebooks (consultation_id, partnership_id, codebook_id) VALUES ($1, $2, $3)`,
		c.ID, s.p.ID, b.ID); err != nil {
		return b, err
	}
	return b, s.record(ctx, tx, who, "add codebook", b.ID, b.Name, nil, b)
}

// UseCodebook codes consultationID with the codebook another consultation
// of the partnership uses (shared: a code added or renamed shows in both).
// It is refused once the consultation has codings, which belong to the
// codes of its present codebook.
func (s *Store) UseCodebook(ctx context.Context, consultationID, fromConsultationID int64, who audit.Actor) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.consultation(ctx, tx, consultationID); err != nil {
			return err
		}
		from, err := s.codebook(ctx, tx, fromConsultationID)
		if errors.Is(err, valid.ErrNotFound) {
			return valid.Errors{{Field: "from", Message: "That consultation has no codebook yet: choose one that has"}}
		} else if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM codings WHERE partnership_id = $1 AND consultation_id = $2`,
			s.p.ID, consultationID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return valid.Errors{{Field: "from", Message: "Answers have already been coded with this consultation's codebook, so it cannot be replaced"}}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM consultation_codebooks WHERE partnership_id = $1 AND consultation_id = $2`,
			s.p.ID, consultationID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO consultation_codebooks (consultation_id, partnership_id, codebook_id) VALUES ($1, $2, $3)`,
			consultationID, s.p.ID, from.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, who, "use codebook", from.ID, fmt.Sprintf("Consultation %d now uses %s", consultationID, from.Name), nil, nil)
	})
}

// Codes lists the codes of consultationID's codebook as a tree, depth
// first: each code followed by its children, siblings by position. None
// when it has no codebook.
func (s *Store) Codes(ctx context.Context, consultationID int64) ([]Code, error) {
	return s.codes(ctx, s.db, consultationID)
}

func (s *Store) codes(ctx context.Context, q db.Querier, consultationID int64) ([]Code, error) {
	rows, err := q.QueryContext(ctx, `SELECT k.id, k.codebook_id, COALESCE(k.parent_id, 0), k.name, k.description, k.position
		FROM codes k JOIN consultation_codebooks cc ON cc.codebook_id = k.codebook_id
		WHERE k.partnership_id = $1 AND cc.partnership_id = $1 AND cc.consultation_id = $2 ORDER BY k.position, k.id`,
		s.p.ID, consultationID)
	if err != nil {
		return nil, fmt.Errorf("list codes: %w", err)
	}
	defer rows.Close()
	var all []Code
	for rows.Next() {
		var c Code
		if err := rows.Scan(&c.ID, &c.CodebookID, &c.ParentID, &c.Name, &c.Description, &c.Position); err != nil {
			return nil, err
		}
		all = append(all, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return Tree(all), nil
}

// Tree orders codes depth first (each followed by its children, siblings
// in the order given) and sets their Depth. A code whose parent is not
// among them is taken as top-level.
func Tree(codes []Code) []Code {
	ids := map[int64]bool{}
	for _, c := range codes {
		ids[c.ID] = true
	}
	children := map[int64][]Code{}
	for _, c := range codes {
		p := c.ParentID
		if !ids[p] {
			p = 0
		}
		children[p] = append(children[p], c)
	}
	out := make([]Code, 0, len(codes))
	seen := map[int64]bool{}
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, c := range children[parent] {
			if seen[c.ID] {
				continue
			}
			seen[c.ID] = true
			c.Depth = depth
			out = append(out, c)
			walk(c.ID, depth+1)
		}
	}
	walk(0, 0)
	return out
}

// code reads one code of the partnership, or valid.ErrNotFound.
func (s *Store) code(ctx context.Context, q db.Querier, id int64) (Code, error) {
	var c Code
	err := q.QueryRowContext(ctx, `SELECT id, codebook_id, COALESCE(parent_id, 0), name, description, position FROM codes
		WHERE partnership_id = $1 AND id = $2`, s.p.ID, id).Scan(&c.ID, &c.CodebookID, &c.ParentID, &c.Name, &c.Description, &c.Position)
	return c, valid.NotFound(err)
}

// Code reads one code of the partnership, or valid.ErrNotFound.
func (s *Store) CodeByID(ctx context.Context, id int64) (Code, error) { return s.code(ctx, s.db, id) }

func checkCode(name, description string) valid.Errors {
	var errs valid.Errors
	switch {
	case strings.TrimSpace(name) == "":
		errs.Add("name", "Enter the name of the theme")
	case runeLen(name) > MaxName:
		errs.Add("name", fmt.Sprintf("The name must be %d characters or fewer", MaxName))
	}
	if runeLen(description) > MaxText {
		errs.Add("description", fmt.Sprintf("The description must be %d characters or fewer", MaxText))
	}
	return errs
}

// depth is how many ancestors code id has (0 for a top-level code).
func (s *Store) depth(ctx context.Context, q db.Querier, id int64) (int, []int64, error) {
	var chain []int64
	for id != 0 {
		if slices.Contains(chain, id) || len(chain) > 2*MaxDepth {
			break
		}
		chain = append(chain, id)
		var parent sql.NullInt64
		if err := q.QueryRowContext(ctx, `SELECT parent_id FROM codes WHERE partnership_id = $1 AND id = $2`, s.p.ID, id).Scan(&parent); err != nil {
			return 0, nil, valid.NotFound(err)
		}
		id = parent.Int64
	}
	return len(chain) - 1, chain, nil
}

// AddCode adds a code to consultationID's codebook (made when it has none)
// under parent (0 for a top-level code), last among its siblings.
func (s *Store) AddCode(ctx context.Context, consultationID, parent int64, name, description string, who audit.Actor) (Code, error) {
	name, description = strings.TrimSpace(name), strings.TrimSpace(description)
	if errs := checkCode(name, description); len(errs) > 0 {
		return Code{}, errs
	}
	var c Code
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		b, err := s.ensureCodebook(ctx, tx, consultationID, who)
		if err != nil {
			return err
		}
		c = Code{CodebookID: b.ID, ParentID: parent, Name: name, Description: description}
		if parent != 0 {
			p, err := s.code(ctx, tx, parent)
			if errors.Is(err, valid.ErrNotFound) || p.CodebookID != b.ID {
				return valid.Errors{{Field: "parent", Message: "Select a theme from this codebook"}}
			} else if err != nil {
				return err
			}
			d, _, err := s.depth(ctx, tx, parent)
			if err != nil {
				return err
			}
			if d+1 >= MaxDepth {
				return valid.Errors{{Field: "parent", Message: fmt.Sprintf("Themes can be nested %d deep at most: choose a theme higher up", MaxDepth)}}
			}
			c.Depth = d + 1
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM codes WHERE partnership_id = $1 AND codebook_id = $2
			AND COALESCE(parent_id, 0) = $3`, s.p.ID, b.ID, parent).Scan(&c.Position); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO codes (partnership_id, codebook_id, parent_id, name, description, position, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, s.p.ID, b.ID, nullID(parent), name, description, c.Position, s.now()).Scan(&c.ID); err != nil {
			return fmt.Errorf("add code: %w", err)
		}
		return s.touchCodebook(ctx, tx, b.ID, who, "add code", c.ID, name, nil, c)
	})
	return c, err
}

func (s *Store) touchCodebook(ctx context.Context, tx *db.Tx, codebookID int64, who audit.Actor, action string, id int64, summary string, before, after any) error {
	if _, err := tx.ExecContext(ctx, `UPDATE codebooks SET updated_at = $3 WHERE partnership_id = $1 AND id = $2`, s.p.ID, codebookID, s.now()); err != nil {
		return err
	}
	return s.record(ctx, tx, who, action, id, summary, before, after)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// RenameCode changes a code's name and description.
func (s *Store) RenameCode(ctx context.Context, id int64, name, description string, who audit.Actor) error {
	name, description = strings.TrimSpace(name), strings.TrimSpace(description)
	if errs := checkCode(name, description); len(errs) > 0 {
		return errs
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.code(ctx, tx, id)
		if err != nil {
			return err
		}
		after := c
		after.Name, after.Description = name, description
		if _, err := tx.ExecContext(ctx, `UPDATE codes SET name = $3, description = $4 WHERE partnership_id = $1 AND id = $2`,
			s.p.ID, id, name, description); err != nil {
			return err
		}
		return s.touchCodebook(ctx, tx, c.CodebookID, who, "rename code", id, c.Name+" → "+name, c, after)
	})
}

// MoveCode puts a code under another parent of the same codebook (0 for
// top level), last among its new siblings. A code cannot go under itself
// or one of its own descendants.
func (s *Store) MoveCode(ctx context.Context, id, parent int64, who audit.Actor) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.code(ctx, tx, id)
		if err != nil {
			return err
		}
		if parent != 0 {
			p, err := s.code(ctx, tx, parent)
			if errors.Is(err, valid.ErrNotFound) || p.CodebookID != c.CodebookID {
				return valid.Errors{{Field: "parent", Message: "Select a theme from this codebook"}}
			} else if err != nil {
				return err
			}
			d, chain, err := s.depth(ctx, tx, parent)
			if err != nil {
				return err
			}
			if slices.Contains(chain, id) {
				return valid.Errors{{Field: "parent", Message: "A theme cannot go under itself or one of its own sub-themes"}}
			}
			sub, err := s.subtreeHeight(ctx, tx, id)
			if err != nil {
				return err
			}
			if d+1+sub >= MaxDepth {
				return valid.Errors{{Field: "parent", Message: fmt.Sprintf("Themes can be nested %d deep at most: choose a theme higher up", MaxDepth)}}
			}
		}
		var pos int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM codes WHERE partnership_id = $1 AND codebook_id = $2
			AND COALESCE(parent_id, 0) = $3`, s.p.ID, c.CodebookID, parent).Scan(&pos); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE codes SET parent_id = $3, position = $4 WHERE partnership_id = $1 AND id = $2`,
			s.p.ID, id, nullID(parent), pos); err != nil {
			return err
		}
		after := c
		after.ParentID, after.Position = parent, pos
		return s.touchCodebook(ctx, tx, c.CodebookID, who, "move code", id, c.Name, c, after)
	})
}

// subtreeHeight is how many levels of descendants code id has.
func (s *Store) subtreeHeight(ctx context.Context, q db.Querier, id int64) (int, error) {
	level, h := []int64{id}, 0
	for len(level) > 0 && h <= MaxDepth {
		var next []int64
		for _, p := range level {
			rows, err := q.QueryContext(ctx, `SELECT id FROM codes WHERE partnership_id = $1 AND parent_id = $2`, s.p.ID, p)
			if err != nil {
				return 0, err
			}
			for rows.Next() {
				var c int64
				if err := rows.Scan(&c); err != nil {
					rows.Close()
					return 0, err
				}
				next = append(next, c)
			}
			rows.Close()
		}
		if len(next) > 0 {
			h++
		}
		level = next
	}
	return h, nil
}

// MergeCodes folds code from into code into (same codebook): from's
// codings, sub-themes, memos and decisions move to into (a coding that
// would then repeat one of into's is dropped), and from is deleted.
func (s *Store) MergeCodes(ctx context.Context, into, from int64, who audit.Actor) error {
	if into == from {
		return valid.Errors{{Field: "into", Message: "Select a different theme to merge into"}}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.code(ctx, tx, into)
		if errors.Is(err, valid.ErrNotFound) {
			return valid.Errors{{Field: "into", Message: "Select a theme from this codebook"}}
		} else if err != nil {
			return err
		}
		b, err := s.code(ctx, tx, from)
		if err != nil {
			return err
		}
		if a.CodebookID != b.CodebookID {
			return valid.Errors{{Field: "into", Message: "Select a theme from this codebook"}}
		}
		if _, chain, err := s.depth(ctx, tx, into); err != nil {
			return err
		} else if slices.Contains(chain, from) {
			return valid.Errors{{Field: "into", Message: "A theme cannot be merged into one of its own sub-themes"}}
		}
		pid := s.p.ID
		for _, q := range []string{
			// A coding of from repeating one of into's (same coder, answer and span) goes.
			`DELETE FROM codings WHERE partnership_id = $1 AND code_id = $2 AND EXISTS (SELECT 1 FROM codings o
				WHERE o.partnership_id = $1 AND o.code_id = $3 AND o.response_id = codings.response_id AND o.question_id = codings.question_id
				AND o.coder_id = codings.coder_id AND COALESCE(o.start_at, -1) = COALESCE(codings.start_at, -1)
				AND COALESCE(o.end_at, -1) = COALESCE(codings.end_at, -1))`,
			`UPDATE codings SET code_id = $3 WHERE partnership_id = $1 AND code_id = $2`,
			`DELETE FROM coding_decisions WHERE partnership_id = $1 AND code_id = $2 AND EXISTS (SELECT 1 FROM coding_decisions o
				WHERE o.partnership_id = $1 AND o.code_id = $3 AND o.response_id = coding_decisions.response_id
				AND o.question_id = coding_decisions.question_id)`,
			`UPDATE coding_decisions SET code_id = $3 WHERE partnership_id = $1 AND code_id = $2`,
			`UPDATE codes SET parent_id = $3 WHERE partnership_id = $1 AND parent_id = $2`,
			`UPDATE memos SET code_id = $3 WHERE partnership_id = $1 AND code_id = $2`,
		} {
			if _, err := tx.ExecContext(ctx, q, pid, from, into); err != nil {
				return fmt.Errorf("merge codes: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM codes WHERE partnership_id = $1 AND id = $2`, pid, from); err != nil {
			return fmt.Errorf("merge codes: %w", err)
		}
		return s.touchCodebook(ctx, tx, a.CodebookID, who, "merge codes", into, b.Name+" merged into "+a.Name, b, a)
	})
}

// Code applies one or more codes of the consultation's codebook to an
// answer, whole or an extract, as coder who (each coder codes on their
// own). The extract must occur in the answer (Locate); an error for the
// "extract" field says so otherwise. A code the coder already applied to
// the same span is not applied twice.
func (s *Store) Code(ctx context.Context, a Application, who audit.Actor) ([]Coding, error) {
	if len(a.Codes) == 0 {
		return nil, valid.Errors{{Field: "codes", Message: "Select at least one theme"}}
	}
	var out []Coding
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		ans, err := consult.TextAnswerOf(ctx, tx, s.p.ID, a.ConsultationID, a.QuestionID, a.ResponseID)
		if err != nil {
			return err
		}
		b, err := s.codebook(ctx, tx, a.ConsultationID)
		if err != nil {
			return err
		}
		base := Coding{ConsultationID: a.ConsultationID, ResponseID: a.ResponseID, QuestionID: a.QuestionID,
			CoderID: who.UserID, CoderName: who.Name, Whole: true, CreatedAt: s.now()}
		if strings.TrimSpace(a.Extract) != "" {
			st, en, found, ok := Locate(ans.Text, a.Extract, a.Start, a.End)
			if !ok {
				return valid.Errors{{Field: "extract", Message: "The extract must be words copied from the answer: these words are not in it"}}
			}
			base.Whole, base.Start, base.End, base.Extract = false, st, en, found
		}
		for _, id := range a.Codes {
			c, err := s.code(ctx, tx, id)
			if errors.Is(err, valid.ErrNotFound) || (err == nil && c.CodebookID != b.ID) {
				return valid.Errors{{Field: "codes", Message: "Select themes from this consultation's codebook"}}
			} else if err != nil {
				return err
			}
			k := base
			k.CodeID = id
			var start, end any
			if !k.Whole {
				start, end = k.Start, k.End
			}
			var dup int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM codings WHERE partnership_id = $1 AND response_id = $2 AND question_id = $3
				AND code_id = $4 AND coder_id = $5 AND COALESCE(start_at, -1) = $6 AND COALESCE(end_at, -1) = $7`,
				s.p.ID, k.ResponseID, k.QuestionID, id, k.CoderID, orMinus(start), orMinus(end)).Scan(&dup); err != nil {
				return err
			}
			if dup > 0 {
				continue
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO codings (partnership_id, consultation_id, response_id, question_id, code_id,
				coder_id, coder_name, start_at, end_at, extract, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
				s.p.ID, k.ConsultationID, k.ResponseID, k.QuestionID, id, k.CoderID, k.CoderName, start, end, k.Extract, k.CreatedAt).Scan(&k.ID); err != nil {
				return fmt.Errorf("add coding: %w", err)
			}
			out = append(out, k)
		}
		if err := s.markCoded(ctx, tx, a.ConsultationID, a.QuestionID, a.ResponseID, who); err != nil {
			return err
		}
		return s.record(ctx, tx, who, "code", a.ResponseID, fmt.Sprintf("Coded response %d, question %d with %d theme(s)",
			a.ResponseID, a.QuestionID, len(out)), nil, out)
	})
	return out, err
}

func orMinus(v any) any {
	if v == nil {
		return -1
	}
	return v
}

// markCoded notes that coder who has coded an answer (idempotent).
func (s *Store) markCoded(ctx context.Context, tx *db.Tx, consultationID, questionID, responseID int64, who audit.Actor) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM coded_answers WHERE partnership_id = $1 AND response_id = $2
		AND question_id = $3 AND coder_id = $4`, s.p.ID, responseID, questionID, who.UserID).Scan(&n); err != nil || n > 0 {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO coded_answers (partnership_id, consultation_id, response_id, question_id, coder_id, coder_name, coded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, s.p.ID, consultationID, responseID, questionID, who.UserID, who.Name, s.now())
	return err
}

// MarkCoded records that coder who has read and coded an answer, even when
// no theme applies to it: agreement counts "not applied" only over answers
// both coders marked.
func (s *Store) MarkCoded(ctx context.Context, consultationID, questionID, responseID int64, who audit.Actor) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := consult.TextAnswerOf(ctx, tx, s.p.ID, consultationID, questionID, responseID); err != nil {
			return err
		}
		if err := s.markCoded(ctx, tx, consultationID, questionID, responseID, who); err != nil {
			return err
		}
		return s.record(ctx, tx, who, "mark coded", responseID, fmt.Sprintf("Response %d, question %d coded", responseID, questionID), nil, nil)
	})
}

// Uncode removes one of coder who's own codings.
func (s *Store) Uncode(ctx context.Context, codingID int64, who audit.Actor) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		k, err := s.coding(ctx, tx, codingID)
		if err != nil {
			return err
		}
		if k.CoderID != who.UserID {
			return valid.ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM codings WHERE partnership_id = $1 AND id = $2`, s.p.ID, codingID); err != nil {
			return err
		}
		return s.record(ctx, tx, who, "uncode", k.ResponseID, fmt.Sprintf("Removed a coding of response %d", k.ResponseID), k, nil)
	})
}

const selectCoding = `SELECT id, consultation_id, response_id, question_id, code_id, coder_id, coder_name, start_at, end_at, extract, created_at
	FROM codings`

func scanCoding(sc interface{ Scan(...any) error }) (Coding, error) {
	var k Coding
	var start, end sql.NullInt64
	err := sc.Scan(&k.ID, &k.ConsultationID, &k.ResponseID, &k.QuestionID, &k.CodeID, &k.CoderID, &k.CoderName, &start, &end, &k.Extract, &k.CreatedAt)
	k.Whole = !start.Valid
	k.Start, k.End = int(start.Int64), int(end.Int64)
	return k, err
}

func (s *Store) coding(ctx context.Context, q db.Querier, id int64) (Coding, error) {
	k, err := scanCoding(q.QueryRowContext(ctx, selectCoding+` WHERE partnership_id = $1 AND id = $2`, s.p.ID, id))
	return k, valid.NotFound(err)
}

// Codings lists the consultation's codings, filtered, by response, question,
// then where the extract starts (whole answers first).
func (s *Store) Codings(ctx context.Context, consultationID int64, f CodingFilter) ([]Coding, error) {
	return s.codings(ctx, s.db, consultationID, f)
}

func (s *Store) codings(ctx context.Context, q db.Querier, consultationID int64, f CodingFilter) ([]Coding, error) {
	where, args := ` WHERE partnership_id = $1 AND consultation_id = $2`, []any{s.p.ID, consultationID}
	for _, c := range []struct {
		col string
		v   int64
	}{{"coder_id", f.Coder}, {"question_id", f.Question}, {"response_id", f.Response}, {"code_id", f.Code}} {
		if c.v != 0 {
			args = append(args, c.v)
			where += fmt.Sprintf(" AND %s = $%d", c.col, len(args))
		}
	}
	rows, err := q.QueryContext(ctx, selectCoding+where+` ORDER BY response_id, question_id, COALESCE(start_at, -1), id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list codings: %w", err)
	}
	defer rows.Close()
	var out []Coding
	for rows.Next() {
		k, err := scanCoding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// Coders lists who has coded the consultation's answers to a question (0
// for every question), by name.
func (s *Store) Coders(ctx context.Context, consultationID, questionID int64) ([]Coder, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.coder_id, MAX(a.coder_name), COUNT(*),
		(SELECT COUNT(*) FROM codings k WHERE k.partnership_id = $1 AND k.consultation_id = $2 AND k.coder_id = a.coder_id
			AND ($3 = 0 OR k.question_id = $3))
		FROM coded_answers a WHERE a.partnership_id = $1 AND a.consultation_id = $2 AND ($3 = 0 OR a.question_id = $3)
		GROUP BY a.coder_id ORDER BY MAX(a.coder_name), a.coder_id`, s.p.ID, consultationID, questionID)
	if err != nil {
		return nil, fmt.Errorf("list coders: %w", err)
	}
	defer rows.Close()
	var out []Coder
	for rows.Next() {
		var c Coder
		if err := rows.Scan(&c.ID, &c.Name, &c.Answers, &c.Codings); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CodedBy lists the response ids of the answers to a question coder has
// marked as coded, in order.
func (s *Store) CodedBy(ctx context.Context, consultationID, questionID, coder int64) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT response_id FROM coded_answers WHERE partnership_id = $1 AND consultation_id = $2
		AND question_id = $3 AND coder_id = $4 ORDER BY response_id`, s.p.ID, consultationID, questionID, coder)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// AddMemo adds a memo to the consultation's analysis: on a code (codeID),
// on a response (responseID), or on the whole (both 0).
func (s *Store) AddMemo(ctx context.Context, consultationID, codeID, responseID int64, text string, who audit.Actor) (Memo, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return Memo{}, valid.Errors{{Field: "memo", Message: "Enter the memo"}}
	case runeLen(text) > MaxText:
		return Memo{}, valid.Errors{{Field: "memo", Message: fmt.Sprintf("The memo must be %d characters or fewer", MaxText)}}
	}
	m := Memo{ConsultationID: consultationID, CodeID: codeID, ResponseID: responseID, Text: text, AuthorID: who.UserID,
		AuthorName: who.Name, CreatedAt: s.now()}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.consultation(ctx, tx, consultationID); err != nil {
			return err
		}
		if codeID != 0 {
			b, err := s.codebook(ctx, tx, consultationID)
			if err != nil {
				return err
			}
			if c, err := s.code(ctx, tx, codeID); err != nil || c.CodebookID != b.ID {
				return valid.ErrNotFound
			}
		}
		if responseID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM responses WHERE id = $1 AND consultation_id = $2`,
				responseID, consultationID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return valid.ErrNotFound
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO memos (partnership_id, consultation_id, code_id, response_id, text, author_id, author_name, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, s.p.ID, consultationID, nullID(codeID), nullID(responseID), text,
			who.UserID, who.Name, m.CreatedAt).Scan(&m.ID); err != nil {
			return fmt.Errorf("add memo: %w", err)
		}
		return s.record(ctx, tx, who, "add memo", m.ID, "Memo added", nil, m)
	})
	return m, err
}

// Memos lists the consultation's memos, oldest first.
func (s *Store) Memos(ctx context.Context, consultationID int64) ([]Memo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, consultation_id, COALESCE(code_id, 0), COALESCE(response_id, 0), text, author_id, author_name, created_at
		FROM memos WHERE partnership_id = $1 AND consultation_id = $2 ORDER BY created_at, id`, s.p.ID, consultationID)
	if err != nil {
		return nil, fmt.Errorf("list memos: %w", err)
	}
	defer rows.Close()
	var out []Memo
	for rows.Next() {
		var m Memo
		if err := rows.Scan(&m.ID, &m.ConsultationID, &m.CodeID, &m.ResponseID, &m.Text, &m.AuthorID, &m.AuthorName, &m.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Consultation is the partnership's consultation id, or
// valid.ErrNotFound.
func (s *Store) Consultation(ctx context.Context, id int64) (consult.Consultation, error) {
	return s.consultation(ctx, s.db, id)
}

// TextQuestions lists the consultation's free-text questions
// (consult.TextQuestions).
func (s *Store) TextQuestions(ctx context.Context, consultationID int64) ([]consult.Question, error) {
	return consult.TextQuestions(ctx, s.db, s.p.ID, consultationID)
}

// TextAnswersPage is one page of a question's submitted answers and how
// many there are (consult.TextAnswersPage).
func (s *Store) TextAnswersPage(ctx context.Context, consultationID, questionID int64, offset, limit int) ([]consult.TextAnswer, int, error) {
	return consult.TextAnswersPage(ctx, s.db, s.p.ID, consultationID, questionID, offset, limit)
}

// TextAnswer is one response's submitted answer to a free-text question
// (consult.TextAnswerOf), or valid.ErrNotFound.
func (s *Store) TextAnswer(ctx context.Context, consultationID, questionID, responseID int64) (consult.TextAnswer, error) {
	return consult.TextAnswerOf(ctx, s.db, s.p.ID, consultationID, questionID, responseID)
}

// GroupDimensions are the ways the consultation's respondents can be
// grouped (consult.GroupDimensions), for the framework matrix's rows.
func (s *Store) GroupDimensions(ctx context.Context, consultationID int64) ([]consult.Breakdown, error) {
	return consult.GroupDimensions(ctx, s.db, s.p, consultationID)
}
