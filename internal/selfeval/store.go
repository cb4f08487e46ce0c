package selfeval

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// Store reads and writes one partnership's self-evaluations, stamping
// times with its clock. Every query is limited to the partnership (each
// child table carries its id); each change is one method in one
// transaction with its audit entry.
type Store struct {
	db  *db.DB
	p   partnership.Partnership
	now civil.Clock
}

// StoreFor is the store of partnership p's self-evaluations on the clock
// now (nil for the system clock).
func StoreFor(d *db.DB, p partnership.Partnership, now civil.Clock) *Store {
	if now == nil {
		now = civil.SystemClock
	}
	return &Store{db: d, p: p, now: now}
}

// Partnership is the partnership the store is bound to.
func (s *Store) Partnership() partnership.Partnership { return s.p }

// ThisYear is the financial year today falls in, by the store's clock.
func (s *Store) ThisYear() Year { return FinancialYear(civil.Day(s.now())) }

// Source is what the kinds of evidence read the partnership's records
// through.
func (s *Store) Source() Source { return Source{DB: s.db, Partnership: s.p, Now: s.now} }

const entity = "self-evaluation"

// maxText is the longest commentary, action or owner kept.
const maxText = 10000

func (s *Store) record(ctx context.Context, tx *db.Tx, who audit.Actor, action string, id int64, summary string, before, after any) error {
	return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: who, Action: action,
		Entity: entity, EntityID: id, Summary: summary}, before, after)
}

// Years lists the partnership's self-evaluations, newest year first.
func (s *Store) Years(ctx context.Context) ([]Summary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT e.year, e.updated_at,
		(SELECT COUNT(*) FROM self_evaluation_versions v WHERE v.evaluation_id = e.id AND v.partnership_id = $1),
		(SELECT MAX(v.published_at) FROM self_evaluation_versions v WHERE v.evaluation_id = e.id AND v.partnership_id = $1)
		FROM self_evaluations e WHERE e.partnership_id = $1 ORDER BY e.year DESC`, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list self-evaluations: %w", err)
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var sm Summary
		var last any
		if err := rows.Scan(&sm.Year, &sm.UpdatedAt, &sm.Versions, &last); err != nil {
			return nil, err
		}
		sm.LastPublished = asTime(last)
		out = append(out, sm)
	}
	return out, rows.Err()
}

// asTime reads a MAX() of a timestamp, which SQLite returns as text.
func asTime(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05"} {
			if x, err := time.Parse(layout, t); err == nil {
				return x
			}
		}
	case []byte:
		return asTime(string(t))
	}
	return time.Time{}
}

func (s *Store) evaluationID(ctx context.Context, q db.Querier, year Year) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM self_evaluations WHERE partnership_id = $1 AND year = $2`, s.p.ID, int(year)).Scan(&id)
	return id, valid.NotFound(err)
}

// Evaluation reads one year's self-evaluation with its draft and the list
// of its published versions, or valid.ErrNotFound.
func (s *Store) Evaluation(ctx context.Context, year Year) (Evaluation, error) {
	return s.evaluation(ctx, s.db, year)
}

func (s *Store) evaluation(ctx context.Context, q db.Querier, year Year) (Evaluation, error) {
	e := Evaluation{Year: year}
	err := q.QueryRowContext(ctx, `SELECT id, created_at, updated_at FROM self_evaluations WHERE partnership_id = $1 AND year = $2`,
		s.p.ID, int(year)).Scan(&e.ID, &e.CreatedAt, &e.UpdatedAt)
	if err != nil {
		return e, valid.NotFound(err)
	}
	if e.Draft, err = s.content(ctx, q, e.ID, year); err != nil {
		return e, err
	}
	rows, err := q.QueryContext(ctx, `SELECT number, published_at, published_by FROM self_evaluation_versions
		WHERE partnership_id = $1 AND evaluation_id = $2 ORDER BY number`, s.p.ID, e.ID)
	if err != nil {
		return e, fmt.Errorf("self-evaluation versions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v VersionInfo
		if err := rows.Scan(&v.Number, &v.PublishedAt, &v.PublishedBy); err != nil {
			return e, err
		}
		e.Versions = append(e.Versions, v)
	}
	return e, rows.Err()
}

// content reads the draft of evaluation id: ratings in the frameworks'
// order, each with its evidence, and the actions by due date.
func (s *Store) content(ctx context.Context, q db.Querier, id int64, year Year) (Content, error) {
	c := Content{Year: year}
	rows, err := q.QueryContext(ctx, `SELECT framework, item, grade, commentary FROM self_evaluation_ratings
		WHERE partnership_id = $1 AND evaluation_id = $2`, s.p.ID, id)
	if err != nil {
		return c, fmt.Errorf("self-evaluation ratings: %w", err)
	}
	byKey := map[string]*Rating{}
	var stored []Rating
	for rows.Next() {
		var r Rating
		if err := rows.Scan(&r.Framework, &r.Item, &r.Grade, &r.Commentary); err != nil {
			rows.Close()
			return c, err
		}
		stored = append(stored, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, err
	}
	rows, err = q.QueryContext(ctx, `SELECT id, framework, item, kind, record_id, name FROM self_evaluation_evidence
		WHERE partnership_id = $1 AND evaluation_id = $2 ORDER BY id`, s.p.ID, id)
	if err != nil {
		return c, fmt.Errorf("self-evaluation evidence: %w", err)
	}
	type linked struct {
		framework, item string
		ev              Evidence
	}
	var evs []linked
	for rows.Next() {
		var l linked
		if err := rows.Scan(&l.ev.ID, &l.framework, &l.item, &l.ev.Kind, &l.ev.RecordID, &l.ev.Name); err != nil {
			rows.Close()
			return c, err
		}
		evs = append(evs, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, err
	}
	// Order the ratings as the frameworks are ordered; evidence on an item
	// not yet rated makes it a rating too.
	for _, r := range stored {
		byKey[r.Framework+"/"+r.Item] = &r
	}
	for _, l := range evs {
		k := l.framework + "/" + l.item
		if byKey[k] == nil {
			byKey[k] = &Rating{Framework: l.framework, Item: l.item}
		}
		byKey[k].Evidence = append(byKey[k].Evidence, l.ev)
	}
	for _, f := range statute.SelfEvaluationFrameworks() {
		for _, it := range f.Items {
			if r := byKey[f.Code+"/"+it.Code]; r != nil {
				c.Ratings = append(c.Ratings, *r)
			}
		}
	}
	rows, err = q.QueryContext(ctx, `SELECT id, framework, item, what, owner, due_on, done_on FROM self_evaluation_actions
		WHERE partnership_id = $1 AND evaluation_id = $2 ORDER BY due_on, id`, s.p.ID, id)
	if err != nil {
		return c, fmt.Errorf("self-evaluation actions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a Action
		if err := rows.Scan(&a.ID, &a.Framework, &a.Item, &a.What, &a.Owner, &a.Due, &a.Done); err != nil {
			return c, err
		}
		c.Actions = append(c.Actions, a)
	}
	return c, rows.Err()
}

// ErrExists is returned by Start for a year already started.
var ErrExists = valid.Errors{{Field: "year", Message: "This year's self-evaluation has already been started"}}

// Start begins the self-evaluation of year. With copyFrom set (not 0), the
// grades and commentaries of that year's latest draft are copied as a
// starting point, never its evidence or actions: each year's evidence is
// its own.
func (s *Store) Start(ctx context.Context, year Year, copyFrom Year, who audit.Actor) (Evaluation, error) {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.evaluationID(ctx, tx, year); err == nil {
			return ErrExists
		}
		var from int64
		if copyFrom != 0 {
			var err error
			if from, err = s.evaluationID(ctx, tx, copyFrom); err != nil {
				return valid.Errors{{Field: "copy", Message: "There is no self-evaluation for " + copyFrom.String() + " to copy"}}
			}
		}
		now := s.now()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO self_evaluations (partnership_id, year, created_at, updated_at)
			VALUES ($1, $2, $3, $4) RETURNING id`, s.p.ID, int(year), now, now).Scan(&id); err != nil {
			return fmt.Errorf("start self-evaluation: %w", err)
		}
		summary := "Started the self-evaluation for " + year.String()
		if from != 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO self_evaluation_ratings (partnership_id, evaluation_id, framework, item, grade, commentary)
				SELECT partnership_id, $1, framework, item, grade, commentary FROM self_evaluation_ratings
				WHERE partnership_id = $2 AND evaluation_id = $3`, id, s.p.ID, from); err != nil {
				return fmt.Errorf("copy ratings: %w", err)
			}
			summary += ", starting from the ratings of " + copyFrom.String()
		}
		return s.record(ctx, tx, who, "create", id, summary, nil, map[string]any{"year": year.String(), "copied_from": int(copyFrom)})
	})
	if err != nil {
		return Evaluation{}, err
	}
	return s.Evaluation(ctx, year)
}

// touch marks evaluation id changed.
func (s *Store) touch(ctx context.Context, tx *db.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE self_evaluations SET updated_at = $1 WHERE id = $2 AND partnership_id = $3`, s.now(), id, s.p.ID)
	return err
}

// ValidateRatings checks ratings of one framework: every item is the
// framework's, every grade on the scale (or 0), every commentary not too
// long. Field names are "grade-ITEM" and "commentary-ITEM".
func ValidateRatings(f statute.Framework, rs []Rating) error {
	var errs valid.Errors
	for _, r := range rs {
		it, ok := f.Item(r.Item)
		if !ok || r.Framework != f.Code {
			errs.Add("grade-"+r.Item, "This is not an item of "+f.Name)
			continue
		}
		name := it.Title
		if name == "" {
			name = it.Text
		}
		if r.Grade != 0 && statute.GradeLabel(r.Grade) == "" {
			errs.Add("grade-"+r.Item, "Choose a rating from the scale for "+name)
		}
		if utf8.RuneCountInString(r.Commentary) > maxText {
			errs.Add("commentary-"+r.Item, fmt.Sprintf("The commentary on %s must be %d characters or fewer", name, maxText))
		}
	}
	return errs.Err()
}

// SaveRatings saves the grades and commentaries of one framework's items
// in year's draft (save as you go: a draft may leave items not rated).
func (s *Store) SaveRatings(ctx context.Context, year Year, framework string, rs []Rating, who audit.Actor) error {
	f, ok := statute.SelfEvaluationFramework(framework)
	if !ok {
		return valid.ErrNotFound
	}
	for i := range rs {
		rs[i].Framework = framework
		rs[i].Commentary = strings.TrimSpace(rs[i].Commentary)
	}
	if err := ValidateRatings(f, rs); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		id, err := s.evaluationID(ctx, tx, year)
		if err != nil {
			return err
		}
		before, err := s.content(ctx, tx, id, year)
		if err != nil {
			return err
		}
		for _, r := range rs {
			res, err := tx.ExecContext(ctx, `UPDATE self_evaluation_ratings SET grade = $1, commentary = $2
				WHERE partnership_id = $3 AND evaluation_id = $4 AND framework = $5 AND item = $6`, r.Grade, r.Commentary, s.p.ID, id, framework, r.Item)
			if err != nil {
				return fmt.Errorf("save rating: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO self_evaluation_ratings (partnership_id, evaluation_id, framework, item, grade, commentary)
					VALUES ($1, $2, $3, $4, $5, $6)`, s.p.ID, id, framework, r.Item, r.Grade, r.Commentary); err != nil {
					return fmt.Errorf("save rating: %w", err)
				}
			}
		}
		if err := s.touch(ctx, tx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, who, "update", id, "Saved the ratings of "+f.Name+" in the self-evaluation for "+year.String(), ratingsOf(before, framework), rs)
	})
}

func ratingsOf(c Content, framework string) []Rating {
	var out []Rating
	for _, r := range c.Ratings {
		if r.Framework == framework {
			out = append(out, r)
		}
	}
	return out
}

// AddEvidence links one of the partnership's records (kind, id) to an item
// of year's draft. The record must exist in this partnership; its name is
// kept with the link.
func (s *Store) AddEvidence(ctx context.Context, year Year, framework, item, kind string, recordID int64, who audit.Actor) (Evidence, error) {
	f, ok := statute.SelfEvaluationFramework(framework)
	if !ok {
		return Evidence{}, valid.ErrNotFound
	}
	if _, ok := f.Item(item); !ok {
		return Evidence{}, valid.Errors{{Field: "item", Message: "Choose an item of " + f.Name}}
	}
	k, ok := KindOf(kind)
	if !ok {
		return Evidence{}, valid.Errors{{Field: "kind", Message: "Choose the kind of record"}}
	}
	// The record is looked up through its own room before the transaction
	// (another room's store reads on its own connection).
	recs, err := k.Records(ctx, s.Source())
	if err != nil {
		return Evidence{}, err
	}
	ev := Evidence{Kind: kind, RecordID: recordID}
	for _, r := range recs {
		if r.ID == recordID {
			ev.Name = r.Name
		}
	}
	if ev.Name == "" {
		return ev, valid.Errors{{Field: "record", Message: "Choose a " + strings.ToLower(k.Label) + " of this partnership"}}
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		id, err := s.evaluationID(ctx, tx, year)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM self_evaluation_evidence WHERE partnership_id = $1 AND evaluation_id = $2
			AND framework = $3 AND item = $4 AND kind = $5 AND record_id = $6`, s.p.ID, id, framework, item, kind, recordID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return valid.Errors{{Field: "record", Message: "That record is already evidence for this item"}}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO self_evaluation_evidence (partnership_id, evaluation_id, framework, item, kind, record_id, name)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, s.p.ID, id, framework, item, kind, recordID, ev.Name).Scan(&ev.ID); err != nil {
			return fmt.Errorf("add evidence: %w", err)
		}
		if err := s.touch(ctx, tx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, who, "create", id, "Linked "+strings.ToLower(k.Label)+" "+ev.Name+" as evidence in the self-evaluation for "+year.String(), nil, ev)
	})
	return ev, err
}

// RemoveEvidence unlinks evidence from year's draft.
func (s *Store) RemoveEvidence(ctx context.Context, year Year, evidenceID int64, who audit.Actor) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		id, err := s.evaluationID(ctx, tx, year)
		if err != nil {
			return err
		}
		var ev Evidence
		if err := tx.QueryRowContext(ctx, `SELECT id, kind, record_id, name FROM self_evaluation_evidence WHERE id = $1 AND partnership_id = $2 AND evaluation_id = $3`,
			evidenceID, s.p.ID, id).Scan(&ev.ID, &ev.Kind, &ev.RecordID, &ev.Name); err != nil {
			return valid.NotFound(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM self_evaluation_evidence WHERE id = $1 AND partnership_id = $2`, evidenceID, s.p.ID); err != nil {
			return fmt.Errorf("remove evidence: %w", err)
		}
		if err := s.touch(ctx, tx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, who, "delete", id, "Removed "+ev.Name+" from the evidence of the self-evaluation for "+year.String(), ev, nil)
	})
}

// ValidateAction checks an improvement action: what and who are needed, a
// due date must be a date, a named item must be a framework's.
func ValidateAction(a Action) error {
	var errs valid.Errors
	if a.What == "" {
		errs.Add("what", "Enter what will be done")
	} else if utf8.RuneCountInString(a.What) > maxText {
		errs.Add("what", fmt.Sprintf("What will be done must be %d characters or fewer", maxText))
	}
	if a.Owner == "" {
		errs.Add("owner", "Enter who owns the action")
	} else if utf8.RuneCountInString(a.Owner) > 200 {
		errs.Add("owner", "The owner must be 200 characters or fewer")
	}
	if _, ok := civil.ParseDate(string(a.Due)); !ok {
		errs.Add("due", "Enter the date it is due by, for example 2027-03-31")
	}
	if a.Done != "" {
		if _, ok := civil.ParseDate(string(a.Done)); !ok {
			errs.Add("done", "Enter the date it was done, for example 2027-03-31")
		}
	}
	if a.Framework != "" || a.Item != "" {
		f, ok := statute.SelfEvaluationFramework(a.Framework)
		if _, isItem := f.Item(a.Item); !ok || !isItem {
			errs.Add("item", "Choose an item of a framework, or none")
		}
	}
	return errs.Err()
}

// AddAction adds an improvement action to year's draft.
func (s *Store) AddAction(ctx context.Context, year Year, a Action, who audit.Actor) (Action, error) {
	a.What, a.Owner = strings.TrimSpace(a.What), strings.TrimSpace(a.Owner)
	if err := ValidateAction(a); err != nil {
		return a, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		id, err := s.evaluationID(ctx, tx, year)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO self_evaluation_actions (partnership_id, evaluation_id, framework, item, what, owner, due_on, done_on, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, s.p.ID, id, a.Framework, a.Item, a.What, a.Owner, string(a.Due), string(a.Done), s.now()).Scan(&a.ID); err != nil {
			return fmt.Errorf("add action: %w", err)
		}
		if err := s.touch(ctx, tx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, who, "create", id, "Added the improvement action "+a.What+" to the self-evaluation for "+year.String(), nil, a)
	})
	return a, err
}

// MarkDone records the day an action of year's draft was done ("" to undo).
func (s *Store) MarkDone(ctx context.Context, year Year, actionID int64, done civil.Date, who audit.Actor) error {
	if done != "" {
		if _, ok := civil.ParseDate(string(done)); !ok {
			return valid.Errors{{Field: "done", Message: "Enter the date it was done, for example 2027-03-31"}}
		}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		id, err := s.evaluationID(ctx, tx, year)
		if err != nil {
			return err
		}
		var a Action
		if err := tx.QueryRowContext(ctx, `SELECT id, what, done_on FROM self_evaluation_actions WHERE id = $1 AND partnership_id = $2 AND evaluation_id = $3`,
			actionID, s.p.ID, id).Scan(&a.ID, &a.What, &a.Done); err != nil {
			return valid.NotFound(err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE self_evaluation_actions SET done_on = $1 WHERE id = $2 AND partnership_id = $3`, string(done), actionID, s.p.ID); err != nil {
			return fmt.Errorf("mark action done: %w", err)
		}
		if err := s.touch(ctx, tx, id); err != nil {
			return err
		}
		after := a
		after.Done = done
		return s.record(ctx, tx, who, "update", id, "Recorded the improvement action "+a.What+" as done", a, after)
	})
}

// ErrUnchanged is returned by Publish when the draft is what the latest
// version already published.
var ErrUnchanged = valid.Errors{{Field: "publish", Message: "Nothing has changed since the last version was published"}}

// ErrNothingRated is returned by Publish when no item has a grade.
var ErrNothingRated = valid.Errors{{Field: "publish", Message: "Rate at least one item before publishing"}}

// Publish publishes year's draft as it stands, as the next version: the
// version never changes afterwards, and the public sees the latest.
func (s *Store) Publish(ctx context.Context, year Year, who audit.Actor) (VersionInfo, error) {
	var v VersionInfo
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		e, err := s.evaluation(ctx, tx, year)
		if err != nil {
			return err
		}
		rated := false
		for _, r := range e.Draft.Ratings {
			rated = rated || r.Grade > 0
		}
		if !rated {
			return ErrNothingRated
		}
		if n := len(e.Versions); n > 0 {
			last, err := s.version(ctx, tx, e.ID, year, e.Versions[n-1].Number)
			if err != nil {
				return err
			}
			if reflect.DeepEqual(normal(last.Content), normal(e.Draft)) {
				return ErrUnchanged
			}
		}
		content, err := json.Marshal(e.Draft)
		if err != nil {
			return err
		}
		v = VersionInfo{Number: len(e.Versions) + 1, PublishedAt: s.now(), PublishedBy: who.Name}
		if _, err := tx.ExecContext(ctx, `INSERT INTO self_evaluation_versions (partnership_id, evaluation_id, number, published_at, published_by, content)
			VALUES ($1, $2, $3, $4, $5, $6)`, s.p.ID, e.ID, v.Number, v.PublishedAt, v.PublishedBy, string(content)); err != nil {
			return fmt.Errorf("publish self-evaluation: %w", err)
		}
		return s.record(ctx, tx, who, "publish", e.ID, fmt.Sprintf("Published version %d of the self-evaluation for %s", v.Number, year), nil, v)
	})
	return v, err
}

// normal makes two contents comparable after a trip through JSON.
func normal(c Content) Content {
	b, _ := json.Marshal(c)
	var out Content
	json.Unmarshal(b, &out)
	return out
}

func (s *Store) version(ctx context.Context, q db.Querier, evaluationID int64, year Year, number int) (Version, error) {
	var v Version
	var content string
	err := q.QueryRowContext(ctx, `SELECT number, published_at, published_by, content FROM self_evaluation_versions
		WHERE partnership_id = $1 AND evaluation_id = $2 AND number = $3`, s.p.ID, evaluationID, number).Scan(&v.Number, &v.PublishedAt, &v.PublishedBy, &content)
	if err != nil {
		return v, valid.NotFound(err)
	}
	if err := json.Unmarshal([]byte(content), &v.Content); err != nil {
		return v, fmt.Errorf("read published self-evaluation: %w", err)
	}
	v.Content.Year = year
	return v, nil
}

// PublishedYears are the years with at least one published version, newest
// first.
func (s *Store) PublishedYears(ctx context.Context) ([]Year, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT e.year FROM self_evaluations e WHERE e.partnership_id = $1
		AND EXISTS (SELECT 1 FROM self_evaluation_versions v WHERE v.evaluation_id = e.id AND v.partnership_id = $1) ORDER BY e.year DESC`, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("published self-evaluations: %w", err)
	}
	defer rows.Close()
	var out []Year
	for rows.Next() {
		var y Year
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// Published reads a published version of year's self-evaluation (number 0
// for the latest) with the list of every version of the year, or
// valid.ErrNotFound when none is published.
func (s *Store) Published(ctx context.Context, year Year, number int) (Version, []VersionInfo, error) {
	e, err := s.evaluation(ctx, s.db, year)
	if err != nil {
		return Version{}, nil, err
	}
	if len(e.Versions) == 0 {
		return Version{}, nil, valid.ErrNotFound
	}
	if number == 0 {
		number = e.Versions[len(e.Versions)-1].Number
	}
	v, err := s.version(ctx, s.db, e.ID, year, number)
	return v, e.Versions, err
}
