package consult

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"coplan/internal/db"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// The dimensions reach is counted by (Dimension.Key). A question's answers
// are a dimension too: AnswerDimension.
const (
	ByType       = "type"       // individual or organisation
	ByConnection = "connection" // the respondent form's connections (Relationships); several may be given
	ByLocality   = "locality"   // from the postcode, or chosen by staff entering a response
	ByChannel    = "channel"
	ByLanguage   = "language"
)

// AnswerDimension is the key of the dimension that groups responses by
// their answer to the closed question with code.
func AnswerDimension(code string) string { return "q:" + code }

// FewResponses is the threshold of the reach rule (ReachFlagFor): a group
// with fewer responses than this, but at least one, is flagged as having
// very few. Five is the smallest count the Scottish Government's
// statistical disclosure practice commonly publishes unsuppressed; below
// it a group's views cannot be told apart from one or two people's.
const FewResponses = 5

// UnderShare is the other half of the reach rule: a locality whose share
// of the responses is less than this fraction of its share of the
// population (as the partnership entered it) is flagged as under-reached.
const UnderShare = 0.5

// ReachFlag says plainly what is wrong with a group's reach, or "" when
// nothing is.
type ReachFlag string

// The flags of ReachFlagFor.
const (
	NoResponses    ReachFlag = "none"  // nobody in the group responded
	VeryFew        ReachFlag = "few"   // fewer than FewResponses
	UnderPopulated ReachFlag = "under" // its share of responses is under UnderShare of its share of the population
)

// Name is the flag in words, for a page.
func (f ReachFlag) Name() string {
	switch f {
	case NoResponses:
		return "No responses"
	case VeryFew:
		return fmt.Sprintf("Very few responses (fewer than %d)", FewResponses)
	case UnderPopulated:
		return "Fewer responses than its share of the population"
	}
	return ""
}

// ReachFlagFor is the reach rule: a group with no responses, or with fewer
// than FewResponses, is flagged; so is one whose share of all responses
// (n of total) is less than UnderShare of its share of the population
// (population of populationTotal; pass 0 for either where the partnership
// has not entered its population). A consultation with no responses yet
// flags nothing: there is nothing to compare.
func ReachFlagFor(n, total int, population, populationTotal int64) ReachFlag {
	switch {
	case total <= 0:
		return ""
	case n <= 0:
		return NoResponses
	case n < FewResponses:
		return VeryFew
	case population > 0 && populationTotal > 0 &&
		float64(n)/float64(total) < UnderShare*float64(population)/float64(populationTotal):
		return UnderPopulated
	}
	return ""
}

// Group is one group of a dimension: an option of a question, a locality,
// a channel, with the number of responses in it.
type Group struct {
	Value      string    `json:"value"` // the stored value: an option's value, a locality's id, "" for "did not say"
	Label      string    `json:"label"`
	N          int       `json:"responses"`
	Population int64     `json:"population,omitempty"` // a locality's, where the partnership entered it
	Flag       ReachFlag `json:"flag,omitempty"`
	Blank      bool      `json:"did_not_say,omitempty"` // the group of responses that gave no answer
}

// Share is the group's share of total, from 0 to 1 (0 when total is 0).
func Share(n, total int) float64 {
	if total <= 0 {
		return 0
	}
	return float64(n) / float64(total)
}

// Breakdown is reach by one dimension.
type Breakdown struct {
	Key      string `json:"key"`
	Name     string `json:"name"`
	Multiple bool   `json:"multiple"` // a response can be in several groups, so the groups add up to more than the responses
	Flagged  bool   `json:"flagged"`  // a dimension of people, whose groups the reach rule flags
	// Population is the total of the groups' populations, 0 where none
	// was entered.
	Population int64   `json:"population,omitempty"`
	Groups     []Group `json:"groups"`
}

// Group returns the group with the stored value, or false.
func (b Breakdown) Group(value string) (Group, bool) {
	i := slices.IndexFunc(b.Groups, func(g Group) bool { return g.Value == value })
	if i < 0 {
		return Group{}, false
	}
	return b.Groups[i], true
}

// Reach is who responded to a consultation: the submitted responses
// counted by each dimension, by the database.
type Reach struct {
	Responses     int         `json:"responses"`      // counted in the breakdowns
	Late          int         `json:"late_responses"` // entered after closing (Consultation.Late)
	IncludesLate  bool        `json:"includes_late"`  // whether Responses and the breakdowns count the late ones
	Breakdowns    []Breakdown `json:"breakdowns"`
	Organisations []string    `json:"organisations_responded"` // as Respondent.ListedAsResponded names them, sorted
}

// By returns the breakdown by dimension key, or false where it was not
// counted (a question the consultation did not ask).
func (r Reach) By(key string) (Breakdown, bool) {
	i := slices.IndexFunc(r.Breakdowns, func(b Breakdown) bool { return b.Key == key })
	if i < 0 {
		return Breakdown{}, false
	}
	return r.Breakdowns[i], true
}

// Flags lists every flagged group as "dimension: group".
func (r Reach) Flags() []string {
	var out []string
	for _, b := range r.Breakdowns {
		for _, g := range b.Groups {
			if g.Flag != "" {
				out = append(out, b.Name+": "+g.Label)
			}
		}
	}
	return out
}

// ReachOptions choose what ReachOf counts.
type ReachOptions struct {
	// IncludeLate counts the responses entered after closing with the
	// rest; without it they are only counted apart (Reach.Late), as the
	// plan's consultation statement counts.
	IncludeLate bool
	// Only limits the breakdowns to these dimension keys; nil for all:
	// type, connection, locality, channel, language, then each closed
	// question of the consultation asked from the question bank
	// (monitoring, about you and the prescribed groups).
	Only []string
}

// dimension is how one dimension is counted in SQL and shown.
type dimension struct {
	key, name string
	expr      string // the SQL grouped by, over responses r (and d, the answer of question code)
	code      string // the question whose answer it is, or ""
	sep       string // what separates several values in one stored value ("" for one value)
	multiple  bool   // a response can have several values (a connection, a question with several answers)
	flagged   bool
	groups    []Group // the known groups, in order; values met in the data are added after them
}

// reachDimensions lists the dimensions of a consultation with
// questionnaire qn, for partnership p with its localities' populations.
func reachDimensions(p partnership.Partnership, populations map[int64]int64, qn Questionnaire) []dimension {
	var types, conns, locs, chans, langs []Group
	types = []Group{{Value: string(Individual), Label: "Individuals"}, {Value: string(Organisation), Label: "Organisations"},
		{Value: "", Label: "Did not say", Blank: true}}
	for _, r := range Relationships {
		conns = append(conns, Group{Value: r, Label: RelationshipName(r)})
	}
	conns = append(conns, Group{Value: "", Label: "Did not say", Blank: true})
	for _, l := range p.Localities {
		locs = append(locs, Group{Value: strconv.FormatInt(l.ID, 10), Label: l.Name, Population: populations[l.ID]})
	}
	locs = append(locs, Group{Value: "0", Label: "Not known", Blank: true})
	for _, c := range Channels {
		chans = append(chans, Group{Value: string(c), Label: c.Name()})
	}
	langs = []Group{{Value: "en", Label: "English"}, {Value: "gd", Label: "Gàidhlig (Gaelic)"}}
	dims := []dimension{
		{key: ByType, name: "Respondent type", expr: "r.respondent_type", groups: types},
		{key: ByConnection, name: "Connection", expr: "r.relationships", sep: ",", multiple: true, flagged: true, groups: conns},
		{key: ByLocality, name: "Locality", expr: "CAST(COALESCE(r.locality_id, 0) AS TEXT)", flagged: true, groups: locs},
		{key: ByChannel, name: "How they responded", expr: "r.channel", groups: chans},
		{key: ByLanguage, name: "Language", expr: "r.language", groups: langs},
	}
	for _, q := range qn.Questions() {
		if q.Topic == "" || q.Kind == Text {
			continue
		}
		dims = append(dims, answerDimension(q, strings.HasPrefix(q.Topic, "Equality monitoring:") || q.Topic == PrescribedGroupsTopic))
	}
	return dims
}

// answerDimension groups responses by their answer to closed question q.
func answerDimension(q Question, flagged bool) dimension {
	name := q.Topic
	if name == "" {
		name = q.Code + ". " + q.Text
	} else if _, rest, ok := strings.Cut(name, ": "); ok {
		name = strings.ToUpper(rest[:1]) + rest[1:]
	}
	return dimension{key: AnswerDimension(q.Code), name: name, expr: "COALESCE(d.choices, '')", code: q.Code, sep: "\n",
		multiple: q.Kind == Multiple, flagged: flagged, groups: answerGroups(q)}
}

// answerGroups are the groups of a question's answers: its options, then
// "Other" where it has one, then "No answer".
func answerGroups(q Question) []Group {
	var gs []Group
	for _, o := range q.Options {
		gs = append(gs, Group{Value: o.Value, Label: o.Label})
	}
	if q.HasOther {
		gs = append(gs, Group{Value: OtherValue, Label: OtherLabel})
	}
	return append(gs, Group{Value: "", Label: "No answer", Blank: true})
}

// split turns a stored value into the values it holds: "" stays one blank
// value.
func split(v, sep string) []string {
	if sep == "" || v == "" {
		return []string{v}
	}
	return strings.Split(v, sep)
}

// responseCount is a number of responses with the same stored values of
// each dimension counted (values[i] of dimension i).
type responseCount struct {
	values []string
	n      int
}

// countResponses counts a consultation's submitted responses grouped by
// the stored values of dims, in one grouped query: the database reads the
// responses, Go reads at most one row per combination of values. A
// dimension of answers joins the answer to its question (by code, in
// whichever version of the questionnaire each response answered); a
// response without one counts as blank.
func countResponses(ctx context.Context, q db.Querier, pid, consultationID int64, late bool, dims ...*dimension) ([]responseCount, error) {
	args := []any{consultationID, pid}
	var joins strings.Builder
	var exprs []string
	for i, d := range dims {
		if d.code == "" {
			exprs = append(exprs, d.expr)
			continue
		}
		args = append(args, d.code)
		as := fmt.Sprintf("a%d", i)
		fmt.Fprintf(&joins, ` LEFT JOIN answers %[1]s ON %[1]s.response_id = r.id AND %[1]s.question_id IN (SELECT q.id FROM questions q
			JOIN questionnaires qn ON qn.id = q.questionnaire_id WHERE qn.consultation_id = $1 AND q.code = $%[2]d)`, as, len(args))
		exprs = append(exprs, strings.ReplaceAll(d.expr, "d.", as+"."))
	}
	query := `SELECT ` + strings.Join(exprs, ", ") + `, COUNT(*) FROM responses r JOIN consultations c ON c.id = r.consultation_id` +
		joins.String() + ` WHERE r.consultation_id = $1 AND c.partnership_id = $2 AND r.status = 'submitted'`
	if !late {
		// In time: submitted before closing, as Consultation.Late judges
		// (a response without a time is in time).
		query += ` AND (r.submitted_at IS NULL OR r.submitted_at < c.closes_at)`
	}
	query += ` GROUP BY ` + strings.Join(exprs, ", ")
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("count responses by %s: %w", dims[0].key, err)
	}
	defer rows.Close()
	var out []responseCount
	for rows.Next() {
		c := responseCount{values: make([]string, len(dims))}
		dest := make([]any, 0, len(dims)+1)
		for i := range c.values {
			dest = append(dest, &c.values[i])
		}
		if err := rows.Scan(append(dest, &c.n)...); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// groupsOf returns d's groups with the counts added: known groups in
// order, then any value met in the data that is not one of them (an
// option since removed), then the blank group.
func groupsOf(d dimension, counts map[string]int) []Group {
	gs := slices.Clone(d.groups)
	for _, v := range slices.Sorted(maps.Keys(counts)) {
		if !slices.ContainsFunc(gs, func(g Group) bool { return g.Value == v }) {
			at := slices.IndexFunc(gs, func(g Group) bool { return g.Blank })
			if at < 0 {
				at = len(gs)
			}
			gs = slices.Insert(gs, at, Group{Value: v, Label: v})
		}
	}
	for i := range gs {
		gs[i].N = counts[gs[i].Value]
	}
	return gs
}

// ReachOf counts who responded to partnership p's consultation: by
// respondent type, connection, locality (with each locality's population
// where p entered it), channel, language, and the answers to each closed
// question asked from the question bank (the equality monitoring
// questions, about you, and the prescribed groups), flagging groups with
// no or very few responses (ReachFlagFor). It reads inside the caller's
// transaction, so another room (the plan's consultation statement) counts
// the same way; a consultation of another partnership has no responses.
// It counts in grouped queries — one for the respondent form's
// dimensions together, one for each question's answers — so it never
// loads a response, and Go reads one row per combination of values
// (about 1.3 s on SQLite, 0.4 s on PostgreSQL, at 100,000 responses).
func ReachOf(ctx context.Context, q db.Querier, p partnership.Partnership, consultationID int64, opt ReachOptions) (Reach, error) {
	r := Reach{IncludesLate: opt.IncludeLate, Breakdowns: []Breakdown{}, Organisations: []string{}}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN r.submitted_at >= c.closes_at THEN 1 ELSE 0 END), 0)
		FROM responses r JOIN consultations c ON c.id = r.consultation_id
		WHERE r.consultation_id = $1 AND c.partnership_id = $2 AND r.status = 'submitted'`,
		consultationID, p.ID).Scan(&r.Responses, &r.Late); err != nil {
		return r, fmt.Errorf("count responses: %w", err)
	}
	if !opt.IncludeLate {
		r.Responses -= r.Late
	}
	want := func(key string) bool { return opt.Only == nil || slices.Contains(opt.Only, key) }
	var populations map[int64]int64
	if want(ByLocality) {
		var err error
		if populations, err = partnership.Populations(ctx, q, p.ID); err != nil {
			return r, err
		}
	}
	var qn Questionnaire
	if opt.Only == nil || slices.ContainsFunc(opt.Only, func(k string) bool { return strings.HasPrefix(k, "q:") }) {
		var err error
		if qn, err = currentQuestionnaire(ctx, q, p.ID, consultationID); err != nil && !errors.Is(err, valid.ErrNotFound) {
			return r, err
		}
	}
	// The respondent form's dimensions are columns of the response: one
	// scan counts them all together (at most a few thousand combinations);
	// each answer's dimension is a scan of its own with its join.
	var own, answers []*dimension
	for _, d := range reachDimensions(p, populations, qn) {
		if !want(d.key) {
			continue
		}
		if d.code == "" {
			own = append(own, &d)
		} else {
			answers = append(answers, &d)
		}
	}
	counts := map[string]map[string]int{}
	count := func(dims []*dimension) error {
		if len(dims) == 0 {
			return nil
		}
		rows, err := countResponses(ctx, q, p.ID, consultationID, opt.IncludeLate, dims...)
		if err != nil {
			return err
		}
		for i, d := range dims {
			counts[d.key] = map[string]int{}
			for _, c := range rows {
				for _, v := range split(c.values[i], d.sep) {
					counts[d.key][v] += c.n
				}
			}
		}
		return nil
	}
	if err := count(own); err != nil {
		return r, err
	}
	for _, d := range answers {
		if err := count([]*dimension{d}); err != nil {
			return r, err
		}
	}
	for _, d := range append(own, answers...) {
		b := Breakdown{Key: d.key, Name: d.name, Multiple: d.multiple, Flagged: d.flagged, Groups: groupsOf(*d, counts[d.key])}
		for _, g := range b.Groups {
			b.Population += g.Population
		}
		if b.Flagged {
			for i, g := range b.Groups {
				if !g.Blank && g.Value != PreferNotToSay {
					b.Groups[i].Flag = ReachFlagFor(g.N, r.Responses, g.Population, b.Population)
				}
			}
		}
		r.Breakdowns = append(r.Breakdowns, b)
	}
	orgs, err := organisationsOf(ctx, q, p.ID, consultationID, opt.IncludeLate)
	r.Organisations = orgs
	return r, err
}

// organisationsOf lists the organisations that responded, as
// Respondent.ListedAsResponded names them, sorted.
func organisationsOf(ctx context.Context, q db.Querier, pid, consultationID int64, late bool) ([]string, error) {
	query := `SELECT DISTINCT r.name FROM responses r JOIN consultations c ON c.id = r.consultation_id
		WHERE r.consultation_id = $1 AND c.partnership_id = $2 AND r.status = 'submitted' AND r.respondent_type = $3`
	if !late {
		query += ` AND (r.submitted_at IS NULL OR r.submitted_at < c.closes_at)`
	}
	rows, err := q.QueryContext(ctx, query, consultationID, pid, string(Organisation))
	if err != nil {
		return nil, fmt.Errorf("organisations that responded: %w", err)
	}
	defer rows.Close()
	out := []string{}
	seen := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		// DISTINCT in SQL, and again after trimming.
		if n, ok := (Respondent{Type: Organisation, Name: name}).ListedAsResponded(); ok && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, rows.Err()
}
