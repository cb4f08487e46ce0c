package plan

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// Drafts as documents: each stage's text is a numbered version of the plan,
// made of sections written in Markdown and of arrangements (s.29(2)) with
// their outcomes, principles and measures. Only the latest version can be
// changed: once a newer version is started, the text that went to the SPG or
// to consultees is kept as it was (ErrSuperseded). A version is frozen when
// the plan is published (FreezeVersion; PublicText shows the latest frozen
// version): it is never changed afterwards, and a correction is a new
// version with a note saying what it corrects.
//
// The housing contribution statement is the version's section with key
// HousingKey, so it is versioned, compared and frozen with the rest of the
// text. (plans.housing_statement is not used.)

// Section keys with a meaning of their own.
const (
	HousingKey = "housing" // the housing contribution statement (s.29)
	VisionKey  = "vision"
	FinanceKey = "finance"
)

// ErrFrozen is returned on an attempt to change a frozen (published)
// version.
var ErrFrozen = errors.New("this version has been published, so its text is kept as it was. Start a new version, with a note saying what it corrects, and change that instead")

// ErrSuperseded is returned on an attempt to change a version after a newer
// one has been started.
var ErrSuperseded = errors.New("a newer version of the plan has been started, so this version is kept as it was. Change the latest version instead")

// Version is the plan's text at one stage.
type Version struct {
	ID        int64
	PlanID    int64
	Number    int
	Stage     Stage
	Note      string // why this version was made, e.g. what a correction corrects
	Frozen    bool
	CreatedBy string
	CreatedAt time.Time
}

// Section is one part of a version's text, in Markdown. A locality's
// section has its LocalityID.
type Section struct {
	ID         int64
	VersionID  int64
	Position   int
	Key        string
	Title      string
	LocalityID int64
	Body       string
}

// PlannedArrangement is an Arrangement as a version stores it.
type PlannedArrangement struct {
	Arrangement
	ID          int64
	VersionID   int64
	Description string
}

func versionNullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const selectVersion = `SELECT id, plan_id, number, stage, note, frozen, created_by, created_at FROM plan_versions`

func scanVersion(s interface{ Scan(...any) error }) (Version, error) {
	var v Version
	err := s.Scan(&v.ID, &v.PlanID, &v.Number, &v.Stage, &v.Note, &v.Frozen, &v.CreatedBy, &v.CreatedAt)
	return v, noRow(err)
}

// Versions lists a plan's versions, oldest first.
func (s *Store) Versions(ctx context.Context, planID int64) ([]Version, error) {
	return s.versionsIn(ctx, s.db, planID)
}

// versionsIn lists plan planID's versions inside a transaction.
func (s *Store) versionsIn(ctx context.Context, q db.Querier, planID int64) ([]Version, error) {
	rows, err := q.QueryContext(ctx, selectVersion+` WHERE plan_id = $1 AND`+fmt.Sprintf(ownPlan, "$2")+`ORDER BY number`, planID, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list plan versions: %w", err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// VersionByNumber returns version number n of plan planID, or
// valid.ErrNotFound.
func (s *Store) VersionByNumber(ctx context.Context, planID int64, n int) (Version, error) {
	return s.versionByNumber(ctx, s.db, planID, n)
}

func (s *Store) versionByNumber(ctx context.Context, q db.Querier, planID int64, n int) (Version, error) {
	return scanVersion(q.QueryRowContext(ctx, selectVersion+` WHERE plan_id = $1 AND`+fmt.Sprintf(ownPlan, "$2")+`AND number = $3`, planID, s.p.ID, n))
}

// LatestVersion returns the plan's newest version, or valid.ErrNotFound
// when it has none.
func (s *Store) LatestVersion(ctx context.Context, planID int64) (Version, error) {
	return s.latestVersion(ctx, s.db, planID)
}

func (s *Store) latestVersion(ctx context.Context, q db.Querier, planID int64) (Version, error) {
	return scanVersion(q.QueryRowContext(ctx, selectVersion+` WHERE plan_id = $1 AND`+fmt.Sprintf(ownPlan, "$2")+`ORDER BY number DESC LIMIT 1`, planID, s.p.ID))
}

// NewVersion starts the next version of partnership p's plan for the plan's
// current stage, copying the latest version's sections and arrangements (or,
// for the first version, laying out the sections the Act asks for). The
// version it copies can no longer be changed. It is audited.
func (s *Store) NewVersion(ctx context.Context, planID int64, note string, by audit.Actor) (Version, error) {
	return s.AddVersion(ctx, planID, "", note, by)
}

// AddVersion is NewVersion for a given stage ("" for the plan's current
// stage): for example the demo, which writes the text of each stage.
func (s *Store) AddVersion(ctx context.Context, planID int64, stage Stage, note string, by audit.Actor) (Version, error) {
	var v Version
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		pl, err := s.plan(ctx, tx, planID)
		if err != nil {
			return err
		}
		if stage == "" {
			stage = pl.Stage
		}
		v, err = s.addVersion(ctx, tx, planID, stage, note, by)
		return err
	})
	return v, err
}

func (s *Store) addVersion(ctx context.Context, q db.Querier, planID int64, stage Stage, note string, by audit.Actor) (Version, error) {
	note = strings.TrimSpace(note)
	if len(note) > 2000 {
		return Version{}, valid.Errors{{Field: "note", Message: "The note must be 2,000 characters or fewer"}}
	}
	if note == "" && (stage == Published || stage == UnderReview) {
		// The published text is never changed: a new version of a published
		// plan is a correction, and says what it corrects.
		return Version{}, valid.Errors{{Field: "note", Message: "Say what this version corrects: the plan has been published"}}
	}
	prev, err := s.latestVersion(ctx, q, planID)
	first := errors.Is(err, valid.ErrNotFound)
	if err != nil && !first {
		return Version{}, err
	}
	v := Version{PlanID: planID, Number: prev.Number + 1, Stage: stage, Note: note, CreatedBy: by.Name, CreatedAt: s.now()}
	if err := q.QueryRowContext(ctx, `INSERT INTO plan_versions (plan_id, number, stage, note, frozen, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, planID, v.Number, string(stage), note, false, by.Name, v.CreatedAt).Scan(&v.ID); err != nil {
		return v, fmt.Errorf("add plan version: %w", err)
	}
	var ss []Section
	var as []PlannedArrangement
	if first {
		ss = defaultSections(s.p)
	} else {
		if ss, err = s.sections(ctx, q, prev.ID); err != nil {
			return v, err
		}
		if as, err = s.arrangements(ctx, q, prev.ID); err != nil {
			return v, err
		}
	}
	for _, s := range ss {
		if _, err := insertSection(ctx, q, v.ID, s); err != nil {
			return v, err
		}
	}
	for _, a := range as {
		if _, err := insertArrangement(ctx, q, v.ID, a); err != nil {
			return v, err
		}
	}
	summary := fmt.Sprintf("Started version %d of the plan (%s)", v.Number, stage.Name())
	if !first {
		summary += fmt.Sprintf(", copying version %d", prev.Number)
	}
	return v, audit.Record(ctx, q, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "create", Entity: "plan version",
		EntityID: v.ID, Summary: summary}, nil, v)
}

// freezeVersion freezes a version so that it can no longer change, for
// example when the plan is published. Call it in the publishing
// transaction, with a version read through the store.
func freezeVersion(ctx context.Context, q db.Querier, versionID int64) error {
	if _, err := q.ExecContext(ctx, `UPDATE plan_versions SET frozen = $1 WHERE id = $2`, true, versionID); err != nil {
		return fmt.Errorf("freeze plan version: %w", err)
	}
	return nil
}

// defaultSections are a first version's sections: the vision, one section of
// arrangements for each locality (s.29(2)(a)), the housing contribution
// statement and the financial framework.
func defaultSections(p partnership.Partnership) []Section {
	ss := []Section{{Key: VisionKey, Title: "Our vision and priorities"}}
	for _, l := range p.Localities {
		ss = append(ss, Section{Key: fmt.Sprintf("locality-%d", l.ID), Title: "Arrangements in " + l.Name, LocalityID: l.ID})
	}
	ss = append(ss, Section{Key: HousingKey, Title: "Housing contribution statement"},
		Section{Key: FinanceKey, Title: "Financial framework"})
	for i := range ss {
		ss[i].Position = i + 1
	}
	return ss
}

func insertSection(ctx context.Context, q db.Querier, versionID int64, s Section) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO plan_sections (version_id, position, key, title, locality_id, body)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, versionID, s.Position, s.Key, s.Title, versionNullID(s.LocalityID), s.Body).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add plan section: %w", err)
	}
	return id, nil
}

// Sections lists a version's sections in order.
func (s *Store) Sections(ctx context.Context, versionID int64) ([]Section, error) {
	return s.sections(ctx, s.db, versionID)
}

func (s *Store) sections(ctx context.Context, q db.Querier, versionID int64) ([]Section, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, version_id, position, key, title, COALESCE(locality_id, 0), body
		FROM plan_sections WHERE version_id = $1 AND`+fmt.Sprintf(ownVersion, "$2")+`ORDER BY position, id`, versionID, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list plan sections: %w", err)
	}
	defer rows.Close()
	var out []Section
	for rows.Next() {
		var x Section
		if err := rows.Scan(&x.ID, &x.VersionID, &x.Position, &x.Key, &x.Title, &x.LocalityID, &x.Body); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// editable loads version n of the plan for a change, refusing a frozen one
// (ErrFrozen) or one a newer version has superseded (ErrSuperseded).
func (s *Store) editable(ctx context.Context, q db.Querier, planID int64, n int) (Version, error) {
	v, err := s.versionByNumber(ctx, q, planID, n)
	if err != nil {
		return v, err
	}
	if v.Frozen {
		return v, ErrFrozen
	}
	latest, err := s.latestVersion(ctx, q, planID)
	if err != nil {
		return v, err
	}
	if latest.Number != v.Number {
		return v, ErrSuperseded
	}
	return v, nil
}

// SaveSection adds a section to version n of plan planID (sec.ID 0)
// or changes one's title and text. A locality section's key is
// "locality-ID"; other keys are made from the title. Frozen and superseded
// versions are refused (ErrFrozen, ErrSuperseded).
// MaxSectionChars is the most characters a section of a plan may hold.
const MaxSectionChars = 100_000

func (s *Store) SaveSection(ctx context.Context, planID int64, n int, sec Section, by audit.Actor) (Section, error) {
	sec.Title = strings.TrimSpace(sec.Title)
	sec.Body = strings.ReplaceAll(sec.Body, "\r\n", "\n")
	var errs valid.Errors
	if sec.ID == 0 && sec.LocalityID != 0 {
		name := ""
		for _, l := range s.p.Localities {
			if l.ID == sec.LocalityID {
				name = l.Name
			}
		}
		if name == "" {
			errs.Add("locality", "Choose one of the partnership's localities")
		} else if sec.Title == "" {
			sec.Title = "Arrangements in " + name
		}
	}
	if sec.Title == "" {
		errs.Add("title", "Enter the section's title")
	} else if len(sec.Title) > 200 {
		errs.Add("title", "The title must be 200 characters or fewer")
	}
	if utf8.RuneCountInString(sec.Body) > MaxSectionChars {
		errs.Add("body", "The text must be 100,000 characters or fewer: split it into sections")
	}
	if err := errs.Err(); err != nil {
		return sec, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		v, err := s.editable(ctx, tx, planID, n)
		if err != nil {
			return err
		}
		ss, err := s.sections(ctx, tx, v.ID)
		if err != nil {
			return err
		}
		if sec.ID == 0 {
			sec.VersionID = v.ID
			sec.Key = sectionKey(sec)
			for _, o := range ss {
				if o.Key == sec.Key {
					if sec.LocalityID != 0 {
						return valid.Errors{{Field: "locality", Message: "This version already has a section for that locality"}}
					}
					return valid.Errors{{Field: "title", Message: "This version already has a section with that title"}}
				}
				sec.Position = max(sec.Position, o.Position)
			}
			sec.Position++
			if sec.ID, err = insertSection(ctx, tx, v.ID, sec); err != nil {
				return err
			}
			return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "create", Entity: "plan section",
				EntityID: sec.ID, Summary: fmt.Sprintf("Added the section %q to version %d of the plan", sec.Title, n)}, nil, sec)
		}
		i := slices.IndexFunc(ss, func(o Section) bool { return o.ID == sec.ID })
		if i < 0 {
			return valid.ErrNotFound
		}
		before := ss[i]
		sec.VersionID, sec.Key, sec.Position, sec.LocalityID = before.VersionID, before.Key, before.Position, before.LocalityID
		if _, err := tx.ExecContext(ctx, `UPDATE plan_sections SET title = $1, body = $2 WHERE id = $3`, sec.Title, sec.Body, sec.ID); err != nil {
			return fmt.Errorf("save plan section: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "update", Entity: "plan section",
			EntityID: sec.ID, Summary: fmt.Sprintf("Changed the section %q of version %d of the plan", sec.Title, n)}, before, sec)
	})
	return sec, err
}

func sectionKey(s Section) string {
	if s.LocalityID != 0 {
		return fmt.Sprintf("locality-%d", s.LocalityID)
	}
	if strings.EqualFold(s.Title, "Housing contribution statement") {
		return HousingKey
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s.Title) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	if key := strings.TrimSuffix(b.String(), "-"); key != "" {
		return key
	}
	return "section"
}

func insertArrangement(ctx context.Context, q db.Querier, versionID int64, a PlannedArrangement) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO arrangements (version_id, locality_id, title, description, outcomes, principles, measures, indicators)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, versionID, versionNullID(a.LocalityID), a.Title, a.Description,
		strings.Join(a.Outcomes, ","), strings.Join(a.Principles, ","), strings.Join(a.Measures, "\n"), strings.Join(a.Indicators, ",")).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add arrangement: %w", err)
	}
	return id, nil
}

func splitNonEmpty(s, sep string) []string {
	var out []string
	for _, x := range strings.Split(s, sep) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// Arrangements lists a version's arrangements: partnership-wide first,
// then by locality, each in the order added.
func (s *Store) Arrangements(ctx context.Context, versionID int64) ([]PlannedArrangement, error) {
	return s.arrangements(ctx, s.db, versionID)
}

func (s *Store) arrangements(ctx context.Context, q db.Querier, versionID int64) ([]PlannedArrangement, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, version_id, COALESCE(locality_id, 0), title, description, outcomes, principles, measures, indicators
		FROM arrangements WHERE version_id = $1 AND`+fmt.Sprintf(ownVersion, "$2")+`ORDER BY COALESCE(locality_id, 0), id`, versionID, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list arrangements: %w", err)
	}
	defer rows.Close()
	var out []PlannedArrangement
	for rows.Next() {
		var a PlannedArrangement
		var o, pr, m, ind string
		if err := rows.Scan(&a.ID, &a.VersionID, &a.LocalityID, &a.Title, &a.Description, &o, &pr, &m, &ind); err != nil {
			return nil, err
		}
		a.Outcomes, a.Principles, a.Measures = splitNonEmpty(o, ","), splitNonEmpty(pr, ","), splitNonEmpty(m, "\n")
		a.Indicators = splitNonEmpty(ind, ",")
		out = append(out, a)
	}
	return out, rows.Err()
}

// ValidateArrangement checks an arrangement against the partnership and the
// statute's lists.
func ValidateArrangement(p partnership.Partnership, a PlannedArrangement) error {
	var errs valid.Errors
	if strings.TrimSpace(a.Title) == "" {
		errs.Add("title", "Enter what the arrangement is")
	} else if len(a.Title) > 300 {
		errs.Add("title", "The arrangement's title must be 300 characters or fewer")
	}
	if a.LocalityID != 0 && !slices.ContainsFunc(p.Localities, func(l partnership.Named) bool { return l.ID == a.LocalityID }) {
		errs.Add("locality", "Choose one of the partnership's localities, or the whole area")
	}
	if len(a.Outcomes) == 0 {
		errs.Add("outcomes", "Choose at least one national health and wellbeing outcome the arrangement contributes to")
	}
	for _, o := range a.Outcomes {
		if _, ok := statute.Outcome(o); !ok {
			errs.Add("outcomes", "Choose outcomes from the list")
			break
		}
	}
	for _, pr := range a.Principles {
		if _, ok := statute.Principle(pr); !ok {
			errs.Add("principles", "Choose principles from the list")
			break
		}
	}
	if len(a.Description) > 20000 {
		errs.Add("description", "The description must be 20,000 characters or fewer")
	}
	for _, c := range a.Indicators {
		if ind, ok := statute.CoreIndicatorByCode(c); !ok {
			errs.Add("indicators", "Choose indicators from the list")
			break
		} else if !ind.Reported {
			errs.Add("indicators", ind.Code+" has no national figures, so it cannot show whether the arrangement works: choose an indicator that is reported")
			break
		}
	}
	for _, m := range a.Measures {
		if len(m) > 500 {
			errs.Add("measures", "Each measure must be 500 characters or fewer")
			break
		}
		if ni, ok := CitedIndicator(m); ok && !ni.Reported {
			errs.Add("measures", ni.Code+" has no national figures, so it cannot show whether the arrangement works: choose a core indicator that is reported, or a local measure")
			break
		}
	}
	return errs.Err()
}

// CitedIndicator returns the core integration indicator a measure names at
// its start ("NI-17: care services graded good or better"), if any.
func CitedIndicator(measure string) (statute.CoreIndicator, bool) {
	m := strings.TrimSpace(measure)
	if len(m) < 4 || !strings.EqualFold(m[:3], "NI-") {
		return statute.CoreIndicator{}, false
	}
	end := 3
	for end < len(m) && m[end] >= '0' && m[end] <= '9' {
		end++
	}
	return statute.CoreIndicatorByCode("NI-" + m[3:end])
}

// SaveArrangement adds an arrangement to version n of plan planID (a.ID 0)
// or changes one. Frozen and superseded versions are refused.
func (s *Store) SaveArrangement(ctx context.Context, planID int64, n int, a PlannedArrangement, by audit.Actor) (PlannedArrangement, error) {
	a.Title = strings.TrimSpace(a.Title)
	a.Description = strings.TrimSpace(strings.ReplaceAll(a.Description, "\r\n", "\n"))
	var ms []string
	for _, m := range a.Measures {
		ms = append(ms, splitNonEmpty(m, "\n")...)
	}
	a.Measures = ms
	if err := ValidateArrangement(s.p, a); err != nil {
		return a, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		v, err := s.editable(ctx, tx, planID, n)
		if err != nil {
			return err
		}
		a.VersionID = v.ID
		if a.ID == 0 {
			if a.ID, err = insertArrangement(ctx, tx, v.ID, a); err != nil {
				return err
			}
			return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "create", Entity: "arrangement",
				EntityID: a.ID, Summary: fmt.Sprintf("Added the arrangement %q to version %d of the plan", a.Title, n)}, nil, a)
		}
		before, err := s.arrangementIn(ctx, tx, v.ID, a.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE arrangements SET locality_id = $1, title = $2, description = $3, outcomes = $4,
			principles = $5, measures = $6, indicators = $7 WHERE id = $8`, versionNullID(a.LocalityID), a.Title, a.Description,
			strings.Join(a.Outcomes, ","), strings.Join(a.Principles, ","), strings.Join(a.Measures, "\n"), strings.Join(a.Indicators, ","), a.ID); err != nil {
			return fmt.Errorf("save arrangement: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "update", Entity: "arrangement",
			EntityID: a.ID, Summary: fmt.Sprintf("Changed the arrangement %q in version %d of the plan", a.Title, n)}, before, a)
	})
	return a, err
}

func (s *Store) arrangementIn(ctx context.Context, q db.Querier, versionID, id int64) (PlannedArrangement, error) {
	as, err := s.arrangements(ctx, q, versionID)
	if err != nil {
		return PlannedArrangement{}, err
	}
	for _, a := range as {
		if a.ID == id {
			return a, nil
		}
	}
	return PlannedArrangement{}, valid.ErrNotFound
}

// ArrangementByID returns arrangement id of version n of the plan, or
// valid.ErrNotFound.
func (s *Store) ArrangementByID(ctx context.Context, planID int64, n int, id int64) (PlannedArrangement, error) {
	v, err := s.versionByNumber(ctx, s.db, planID, n)
	if err != nil {
		return PlannedArrangement{}, err
	}
	return s.arrangementIn(ctx, s.db, v.ID, id)
}

// RemoveArrangement removes an arrangement from version n of plan planID.
// Frozen and superseded versions are refused.
func (s *Store) RemoveArrangement(ctx context.Context, planID int64, n int, id int64, by audit.Actor) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		v, err := s.editable(ctx, tx, planID, n)
		if err != nil {
			return err
		}
		before, err := s.arrangementIn(ctx, tx, v.ID, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM arrangements WHERE id = $1`, id); err != nil {
			return fmt.Errorf("remove arrangement: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "delete", Entity: "arrangement",
			EntityID: id, Summary: fmt.Sprintf("Removed the arrangement %q from version %d of the plan", before.Title, n)}, before, nil)
	})
}

// CoverageCheck is the coverage check of one version: plan.Coverage's gaps, and the
// localities whose section has no text.
type CoverageCheck struct {
	Gaps
	Version               Version
	LocalitiesWithoutText []string
}

// Complete reports whether nothing is missing.
func (c CoverageCheck) Complete() bool { return c.Gaps.Complete() && len(c.LocalitiesWithoutText) == 0 }

// CheckVersion runs the coverage check on a version of the partnership's
// plan.
func (s *Store) CheckVersion(ctx context.Context, v Version) (CoverageCheck, error) {
	p := s.p
	ss, err := s.sections(ctx, s.db, v.ID)
	if err != nil {
		return CoverageCheck{}, err
	}
	as, err := s.arrangements(ctx, s.db, v.ID)
	if err != nil {
		return CoverageCheck{}, err
	}
	localities := map[int64]string{}
	for _, l := range p.Localities {
		localities[l.ID] = l.Name
	}
	plain := make([]Arrangement, len(as))
	for i, a := range as {
		plain[i] = a.Arrangement
	}
	housing, text := false, map[int64]bool{}
	for _, sec := range ss {
		if strings.TrimSpace(sec.Body) == "" {
			continue
		}
		if sec.Key == HousingKey {
			housing = true
		}
		text[sec.LocalityID] = true
	}
	c := CoverageCheck{Gaps: Coverage(localities, plain, housing), Version: v}
	for _, l := range p.Localities {
		if !text[l.ID] {
			c.LocalitiesWithoutText = append(c.LocalitiesWithoutText, l.Name)
		}
	}
	return c, nil
}

// ArrangementsText writes a version's arrangements as lines of text, for
// comparing two versions with Diff.
func ArrangementsText(p partnership.Partnership, as []PlannedArrangement) string {
	var b strings.Builder
	for _, a := range as {
		where := "Whole area"
		for _, l := range p.Localities {
			if l.ID == a.LocalityID {
				where = l.Name
			}
		}
		fmt.Fprintf(&b, "%s: %s\n", where, a.Title)
		if a.Description != "" {
			fmt.Fprintf(&b, "  %s\n", strings.ReplaceAll(a.Description, "\n", " "))
		}
		fmt.Fprintf(&b, "  Outcomes: %s\n", strings.Join(a.Outcomes, ", "))
		fmt.Fprintf(&b, "  Principles: %s\n", strings.Join(a.Principles, ", "))
		if len(a.Indicators) > 0 {
			fmt.Fprintf(&b, "  Indicators: %s\n", strings.Join(a.Indicators, ", "))
		}
		fmt.Fprintf(&b, "  Measures: %s\n", strings.Join(a.Measures, "; "))
	}
	return b.String()
}

// Link kinds: a plan the Act says this one must take account of (s.30), or
// one it should correlate with (guidance, seed 003 §3.1).
const (
	TakeAccount = "take-account"
	Correlate   = "correlate"
)

// Link is another plan this one takes account of or correlates with:
// another partnership's plan on this service (OtherPlanID), or an address.
// A plan it correlates with is one of the guidance's list
// (statute.RelatedPlans), named by RelatedPlan.
type Link struct {
	ID          int64
	PlanID      int64
	Kind        string
	RelatedPlan string // a statute.RelatedPlans code, for a Correlate link
	Title       string
	URL         string
	OtherPlanID int64
	OtherSlug   string // the other plan's partnership, when OtherPlanID is set
	Note        string
}

// Links lists a plan's links: those it must take account of first.
func (s *Store) Links(ctx context.Context, planID int64) ([]Link, error) {
	return s.links(ctx, s.db, planID)
}

func (s *Store) links(ctx context.Context, q db.Querier, planID int64) ([]Link, error) {
	rows, err := q.QueryContext(ctx, `SELECT l.id, l.plan_id, l.kind, l.related_plan, l.title, l.url, COALESCE(l.other_plan_id, 0), COALESCE(pa.slug, ''), l.note
		FROM plan_links l LEFT JOIN plans o ON o.id = l.other_plan_id LEFT JOIN partnerships pa ON pa.id = o.partnership_id
		WHERE l.plan_id = $1 AND l.`+fmt.Sprintf(strings.TrimSpace(ownPlan), "$2")+` ORDER BY CASE l.kind WHEN 'take-account' THEN 0 ELSE 1 END, l.id`, planID, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list plan links: %w", err)
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		var l Link
		if err := rows.Scan(&l.ID, &l.PlanID, &l.Kind, &l.RelatedPlan, &l.Title, &l.URL, &l.OtherPlanID, &l.OtherSlug, &l.Note); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// OtherPlan is another partnership's published plan on this service.
type OtherPlan struct {
	ID          int64
	Title       string
	Partnership string
	Slug        string
}

// LinkablePlans lists other partnerships' published plans (published or
// under review), which a plan can take account of.
func (s *Store) LinkablePlans(ctx context.Context) ([]OtherPlan, error) {
	return s.linkablePlans(ctx, s.db)
}

func (s *Store) linkablePlans(ctx context.Context, q db.Querier) ([]OtherPlan, error) {
	pid := s.p.ID
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.title, pa.name, pa.slug FROM plans p JOIN partnerships pa ON pa.id = p.partnership_id
		WHERE p.partnership_id <> $1 AND p.stage IN ($2, $3) ORDER BY pa.name, p.title`, pid, string(Published), string(UnderReview))
	if err != nil {
		return nil, fmt.Errorf("list other plans: %w", err)
	}
	defer rows.Close()
	var out []OtherPlan
	for rows.Next() {
		var o OtherPlan
		if err := rows.Scan(&o.ID, &o.Title, &o.Partnership, &o.Slug); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// AddLink records a plan that partnership p's plan takes account of or
// correlates with. A take-account link names another partnership's
// published plan on this service or gives its address; a correlate link
// says which of the guidance's plans it is (statute.RelatedPlans, by code;
// its title defaults to the guidance's words) and gives an address.
func (s *Store) AddLink(ctx context.Context, planID int64, l Link, by audit.Actor) (Link, error) {
	l.Title, l.URL, l.Note = strings.TrimSpace(l.Title), strings.TrimSpace(l.URL), strings.TrimSpace(l.Note)
	l.PlanID = planID
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.plan(ctx, tx, planID); err != nil {
			return err
		}
		var errs valid.Errors
		switch l.Kind {
		case TakeAccount:
			l.RelatedPlan = ""
		case Correlate:
			if rp, ok := statute.RelatedPlanByCode(l.RelatedPlan); !ok {
				errs.Add("related_plan", "Choose which of the plans the guidance names it is")
			} else if l.Title == "" {
				l.Title = sentence(rp.Text)
			}
		default:
			errs.Add("kind", "Choose whether the plan must take account of this plan or should correlate with it")
		}
		if l.OtherPlanID != 0 {
			if l.Kind == Correlate {
				errs.Add("other_plan", "Plans on this service can be linked as plans to take account of; give an address for a plan to correlate with")
			} else {
				others, err := s.linkablePlans(ctx, tx)
				if err != nil {
					return err
				}
				i := slices.IndexFunc(others, func(o OtherPlan) bool { return o.ID == l.OtherPlanID })
				if i < 0 {
					errs.Add("other_plan", "Choose one of the published plans listed")
				} else if l.Title == "" {
					l.Title = others[i].Partnership + ": " + others[i].Title
				}
			}
		}
		if l.Title == "" {
			errs.Add("title", "Enter the plan's title")
		} else if len(l.Title) > 300 {
			errs.Add("title", "The title must be 300 characters or fewer")
		}
		if l.URL != "" {
			if u, err := url.Parse(l.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				errs.Add("url", "Enter a web address starting https://")
			}
		}
		if l.OtherPlanID == 0 && l.URL == "" && len(errs) == 0 {
			errs.Add("url", "Choose a published plan on this service or enter the plan's web address")
		}
		if len(l.Note) > 2000 {
			errs.Add("note", "The note must be 2,000 characters or fewer")
		}
		if err := errs.Err(); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO plan_links (plan_id, kind, related_plan, title, url, other_plan_id, note)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, planID, l.Kind, l.RelatedPlan, l.Title, l.URL, versionNullID(l.OtherPlanID), l.Note).Scan(&l.ID); err != nil {
			return fmt.Errorf("add plan link: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "create", Entity: "plan link",
			EntityID: l.ID, Summary: "Linked the plan to " + l.Title}, nil, l)
	})
	return l, err
}

// RemoveLink removes one of the plan's links.
func (s *Store) RemoveLink(ctx context.Context, planID, id int64, by audit.Actor) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.plan(ctx, tx, planID); err != nil {
			return err
		}
		ls, err := s.links(ctx, tx, planID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(ls, func(l Link) bool { return l.ID == id })
		if i < 0 {
			return valid.ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_links WHERE id = $1`, id); err != nil {
			return fmt.Errorf("remove plan link: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "delete", Entity: "plan link",
			EntityID: id, Summary: "Removed the link to " + ls[i].Title}, ls[i], nil)
	})
}

// PublishCorrection publishes a correction to a plan in force (s.35): the
// latest version, which must be a new, unfrozen version with a note saying
// what it corrects, is frozen and becomes the published text. Earlier
// published versions stay as they were.
func (s *Store) PublishCorrection(ctx context.Context, planID int64, number int, by audit.Actor) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		h, err := s.plan(ctx, tx, planID)
		if err != nil {
			return err
		}
		if h.Stage != Published && h.Stage != UnderReview {
			return valid.Errors{{Field: "publish", Message: "Only a correction to a published plan is published this way; a plan in preparation is published by moving it to the Published stage"}}
		}
		v, err := s.latestVersion(ctx, tx, planID)
		if err != nil {
			return err
		}
		switch {
		case v.Number != number:
			return ErrSuperseded
		case v.Frozen:
			return ErrFrozen
		case strings.TrimSpace(v.Note) == "":
			return valid.Errors{{Field: "publish", Message: "Say what this version corrects before publishing it"}}
		}
		if err := s.publishVersion(ctx, tx, planID, v.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: s.p.ID, Actor: by, Action: "publish", Entity: "plan version", EntityID: v.ID,
			Summary: fmt.Sprintf("Published version %d of %s as a correction: %s", v.Number, h.Title, v.Note)}, nil, nil)
	})
}

// Correlation is one of the plans the guidance says a strategic plan should
// correlate with, and the plan's links to it.
type Correlation struct {
	Plan  statute.RelatedPlan
	Links []Link
}

// Correlations checks a plan's links against the guidance's list of plans
// it should correlate with (statute.RelatedPlans, section 3.1 and Annex
// A), by code: each plan of the list, in the guidance's order, with the
// correlate links naming it (none where the plan is not yet linked).
func Correlations(links []Link) []Correlation {
	rps := statute.RelatedPlans()
	out := make([]Correlation, len(rps))
	for i, rp := range rps {
		out[i].Plan = rp
		for _, l := range links {
			if l.Kind == Correlate && l.RelatedPlan == rp.Code {
				out[i].Links = append(out[i].Links, l)
			}
		}
	}
	return out
}
