package consult

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/valid"
)

// This file holds the rules staff use to build a questionnaire one change
// at a time: each returns a changed copy of the whole questionnaire, which
// SaveQuestionnaire then validates and stores (or stores as a new version,
// once responses have locked the questions).

// Clone returns a copy of the questionnaire that shares nothing with it.
func (qn Questionnaire) Clone() Questionnaire {
	out := qn
	out.Sections = make([]Section, len(qn.Sections))
	for i, s := range qn.Sections {
		s.Questions = slices.Clone(s.Questions)
		for j := range s.Questions {
			q := &s.Questions[j]
			q.Options = slices.Clone(q.Options)
			q.Conditions.Rules = slices.Clone(q.Conditions.Rules)
			for k := range q.Conditions.Rules {
				q.Conditions.Rules[k].Values = slices.Clone(q.Conditions.Rules[k].Values)
			}
		}
		out.Sections[i] = s
	}
	return out
}

// Find returns the section and position of the question with code.
func (qn Questionnaire) Find(code string) (section, index int, ok bool) {
	for si, s := range qn.Sections {
		for qi, q := range s.Questions {
			if q.Code == code {
				return si, qi, true
			}
		}
	}
	return 0, 0, false
}

// Question returns the question with code.
func (qn Questionnaire) Question(code string) (Question, bool) {
	si, qi, ok := qn.Find(code)
	if !ok {
		return Question{}, false
	}
	return qn.Sections[si].Questions[qi], true
}

// NextCode suggests a code for a new question: "Q" and the lowest number
// after the questions there are that no question uses.
func (qn Questionnaire) NextCode() string {
	for n := len(qn.Questions()) + 1; ; n++ {
		code := "Q" + strconv.Itoa(n)
		if _, _, used := qn.Find(code); !used {
			return code
		}
	}
}

// DependentsOf lists the codes of the questions shown or hidden by the
// answer to the question with code.
func (qn Questionnaire) DependentsOf(code string) []string {
	var out []string
	for _, q := range qn.Questions() {
		if slices.ContainsFunc(q.Conditions.Rules, func(r Rule) bool { return r.Question == code }) {
			out = append(out, q.Code)
		}
	}
	return out
}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$`)

// ValidCode reports whether a question code is short letters, digits,
// dots, hyphens or underscores ("Q1", "Q4a", "EQ-AGE"): codes head the
// columns of exports and appear in addresses.
func ValidCode(code string) bool { return codePattern.MatchString(code) }

// errSection is the error for a section number that is not there.
var errSection = valid.Errors{{Field: "section", Message: "Select the section the question goes in"}}

// AddQuestion returns the questionnaire with q added at the end of the
// section at index section.
func (qn Questionnaire) AddQuestion(section int, q Question) (Questionnaire, error) {
	out := qn.Clone()
	if section < 0 || section >= len(out.Sections) {
		return qn, errSection
	}
	out.Sections[section].Questions = append(out.Sections[section].Questions, q)
	return out, nil
}

// ReplaceQuestion returns the questionnaire with the question with code
// replaced by q. When section names another section, q moves to the end of
// that section.
func (qn Questionnaire) ReplaceQuestion(code string, section int, q Question) (Questionnaire, error) {
	si, qi, ok := qn.Find(code)
	if !ok {
		return qn, valid.ErrNotFound
	}
	if section < 0 || section >= len(qn.Sections) {
		return qn, errSection
	}
	out := qn.Clone()
	if q.Topic == "" {
		// Rewording a bank question keeps what it asks about.
		q.Topic = qn.Sections[si].Questions[qi].Topic
	}
	if section == si {
		out.Sections[si].Questions[qi] = q
	} else {
		out.Sections[si].Questions = slices.Delete(out.Sections[si].Questions, qi, qi+1)
		out.Sections[section].Questions = append(out.Sections[section].Questions, q)
	}
	if q.Code != code {
		// Follow-ups that depended on the old code now depend on the new one.
		for i := range out.Sections {
			for j := range out.Sections[i].Questions {
				rules := out.Sections[i].Questions[j].Conditions.Rules
				for k := range rules {
					if rules[k].Question == code {
						rules[k].Question = q.Code
					}
				}
			}
		}
	}
	return out, nil
}

// RemoveQuestion returns the questionnaire without the question with code.
// A question that others follow up cannot be removed until they no longer
// depend on it.
func (qn Questionnaire) RemoveQuestion(code string) (Questionnaire, error) {
	si, qi, ok := qn.Find(code)
	if !ok {
		return qn, valid.ErrNotFound
	}
	if deps := qn.DependentsOf(code); len(deps) > 0 {
		return qn, valid.Errors{{Field: "delete", Message: fmt.Sprintf(
			"%s is shown or hidden by the answer to %s: change or delete %s first", strings.Join(deps, " and "), code, strings.Join(deps, " and "))}}
	}
	out := qn.Clone()
	out.Sections[si].Questions = slices.Delete(out.Sections[si].Questions, qi, qi+1)
	return out, nil
}

// MoveQuestion returns the questionnaire with the question with code moved
// one place up (or down). From the top of a section it moves to the end of
// the page before; from the bottom, to the start of the next page.
func (qn Questionnaire) MoveQuestion(code string, up bool) (Questionnaire, error) {
	si, qi, ok := qn.Find(code)
	if !ok {
		return qn, valid.ErrNotFound
	}
	out := qn.Clone()
	qs := out.Sections[si].Questions
	switch {
	case up && qi > 0:
		qs[qi-1], qs[qi] = qs[qi], qs[qi-1]
	case !up && qi < len(qs)-1:
		qs[qi], qs[qi+1] = qs[qi+1], qs[qi]
	case up && si > 0:
		q := qs[qi]
		out.Sections[si].Questions = slices.Delete(qs, qi, qi+1)
		out.Sections[si-1].Questions = append(out.Sections[si-1].Questions, q)
	case !up && si < len(out.Sections)-1:
		q := qs[qi]
		out.Sections[si].Questions = slices.Delete(qs, qi, qi+1)
		out.Sections[si+1].Questions = slices.Insert(out.Sections[si+1].Questions, 0, q)
	case up:
		return qn, valid.Errors{{Field: "move", Message: code + " is already the first question"}}
	default:
		return qn, valid.Errors{{Field: "move", Message: code + " is already the last question"}}
	}
	return out, nil
}

// ReplaceSection returns the questionnaire with the section at index i
// given s's title and introduction (in both languages); its questions stay.
// An index one past the end adds s as a new last section.
func (qn Questionnaire) ReplaceSection(i int, s Section) (Questionnaire, error) {
	if i < 0 || i > len(qn.Sections) {
		return qn, valid.ErrNotFound
	}
	out := qn.Clone()
	s.Title, s.TitleGD = strings.TrimSpace(s.Title), strings.TrimSpace(s.TitleGD)
	s.Intro, s.IntroGD = strings.TrimSpace(s.Intro), strings.TrimSpace(s.IntroGD)
	if i == len(out.Sections) {
		s.Questions = nil
		out.Sections = append(out.Sections, s)
		return out, nil
	}
	s.Questions = out.Sections[i].Questions
	out.Sections[i] = s
	return out, nil
}

// RemoveSection returns the questionnaire without the section at index i,
// which must have no questions left.
func (qn Questionnaire) RemoveSection(i int) (Questionnaire, error) {
	if i < 0 || i >= len(qn.Sections) {
		return qn, valid.ErrNotFound
	}
	if n := len(qn.Sections[i].Questions); n > 0 {
		return qn, valid.Errors{{Field: "delete-section", Message: fmt.Sprintf(
			"Move or delete the page's %d %s before deleting the page", n, map[bool]string{true: "question", false: "questions"}[n == 1])}}
	}
	out := qn.Clone()
	out.Sections = slices.Delete(out.Sections, i, i+1)
	return out, nil
}

// Slug makes an option's value from its label: lower-case letters and
// digits joined by hyphens, accents dropped ("Mostly agree" → "mostly-agree",
// "Gàidhlig" → "gaidhlig").
func Slug(label string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(label) {
		if a, ok := unaccented[r]; ok {
			r = a
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		case r == '\'' || r == '’':
			// "someone's" → "someones"
		default:
			dash = true
		}
	}
	return b.String()
}

var unaccented = map[rune]rune{'à': 'a', 'á': 'a', 'â': 'a', 'ä': 'a', 'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ò': 'o', 'ó': 'o', 'ô': 'o', 'ö': 'o', 'ù': 'u', 'ú': 'u', 'û': 'u',
	'ü': 'u', 'ç': 'c', 'ñ': 'n', 'ł': 'l', 'ś': 's', 'ź': 'z', 'ż': 'z', 'ć': 'c', 'ń': 'n', 'ę': 'e', 'ą': 'a'}

// ParseOptions reads the answers to choose from as staff type them: one a
// line, with an optional Gaelic label after a vertical bar ("Yes | Tha").
// Each value is the label's Slug; an option whose English label is
// unchanged from old keeps its value, so conditions on it still hold. The
// field of any error is "options".
func ParseOptions(text string, hasOther bool, old []Option) ([]Option, error) {
	var out []Option
	var errs valid.Errors
	used := map[string]bool{}
	if hasOther {
		used[OtherValue] = true
	}
	labels := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		en, gd, _ := strings.Cut(line, "|")
		en, gd = strings.TrimSpace(en), strings.TrimSpace(gd)
		if en == "" {
			if gd != "" {
				errs.Add("options", "Give the English answer before the Gaelic one: "+gd)
			}
			continue
		}
		if labels[strings.ToLower(en)] {
			errs.Add("options", fmt.Sprintf("Each answer must be different: %q appears twice", en))
			continue
		}
		labels[strings.ToLower(en)] = true
		value := ""
		if i := slices.IndexFunc(old, func(o Option) bool { return o.Label == en }); i >= 0 && !used[old[i].Value] {
			value = old[i].Value
		} else {
			value = Slug(en)
			if value == "" {
				value = "option"
			}
			for n, base := 2, value; used[value]; n++ {
				value = base + "-" + strconv.Itoa(n)
			}
		}
		used[value] = true
		out = append(out, Option{Value: value, Label: en, LabelGD: gd})
	}
	return out, errs.Err()
}

// FormatOptions writes options the way ParseOptions reads them.
func FormatOptions(os []Option) string {
	lines := make([]string, len(os))
	for i, o := range os {
		lines[i] = o.Label
		if o.LabelGD != "" {
			lines[i] += " | " + o.LabelGD
		}
	}
	return strings.Join(lines, "\n")
}

// IsAgreeScale reports whether options are the five-point agree scale.
func IsAgreeScale(os []Option) bool {
	return slices.EqualFunc(os, AgreeScale, func(a, b Option) bool { return a.Value == b.Value && a.Label == b.Label })
}

// OptionLabels turns a rule's option values into their labels, for
// telling staff when a follow-up is shown.
func (q Question) OptionLabels(values []string) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		label := v
		if v == OtherValue && q.HasOther {
			label = "Other"
		}
		for _, o := range q.Options {
			if o.Value == v {
				label = o.Label
			}
		}
		out = append(out, label)
	}
	return out
}

// Version is one version of a consultation's questions, for the history
// staff see once the questions are locked.
type Version struct {
	ID         int64
	Version    int
	Reason     string
	CreatedBy  string
	CreatedAt  time.Time
	Submitted  int // responses submitted to this version
	InProgress int // online responses started and not yet submitted
}

// Versions lists a consultation's question versions, oldest first.
func (s *Store) Versions(ctx context.Context, consultationID int64) ([]Version, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT qn.id, qn.version, qn.reason, qn.created_by, qn.created_at,
		(SELECT COUNT(*) FROM responses r WHERE r.questionnaire_id = qn.id AND r.status = 'submitted'),
		(SELECT COUNT(*) FROM responses r WHERE r.questionnaire_id = qn.id AND r.status = 'draft')
		FROM questionnaires qn JOIN consultations c ON c.id = qn.consultation_id
		WHERE qn.consultation_id = $1 AND c.partnership_id = $2 ORDER BY qn.version`, consultationID, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list question versions: %w", err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		if err := rows.Scan(&v.ID, &v.Version, &v.Reason, &v.CreatedBy, &v.CreatedAt, &v.Submitted, &v.InProgress); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ResponseCounts gives the number of submitted responses to each of a
// partnership's consultations, by consultation id.
func (s *Store) ResponseCounts(ctx context.Context) (map[int64]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.consultation_id, COUNT(*) FROM responses r
		JOIN consultations c ON c.id = r.consultation_id
		WHERE c.partnership_id = $1 AND r.status = 'submitted' GROUP BY r.consultation_id`, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("count responses: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

var districtPattern = regexp.MustCompile(`^[A-Z]{1,2}[0-9][0-9A-Z]?$`)

// SetPostcodeDistricts replaces a partnership's map from postcode districts
// (outward codes, such as "GM1") to its localities, which LocalityFor uses
// to place a response in a locality.
func (s *Store) SetPostcodeDistricts(ctx context.Context, districts map[string]int64, by audit.Actor) error {
	pid := s.p.ID
	var errs valid.Errors
	clean := map[string]int64{}
	for dist, loc := range districts {
		dist = strings.ToUpper(strings.TrimSpace(dist))
		if !districtPattern.MatchString(dist) {
			errs.Add("districts", fmt.Sprintf("%q is not a postcode district: give the first part of a postcode, like EH1 or KW15", dist))
			continue
		}
		clean[dist] = loc
	}
	if len(errs) > 0 {
		return errs
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM postcode_districts WHERE partnership_id = $1", pid); err != nil {
			return err
		}
		keys := make([]string, 0, len(clean))
		for k := range clean {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, dist := range keys {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM localities WHERE id = $1 AND partnership_id = $2",
				clean[dist], pid).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return valid.Errors{{Field: "districts", Message: "Postcode district " + dist + " must go to one of the partnership's localities"}}
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO postcode_districts (partnership_id, district, locality_id) VALUES ($1, $2, $3)",
				pid, dist, clean[dist]); err != nil {
				return fmt.Errorf("postcode district %s: %w", dist, err)
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: pid, Actor: by, Action: "update", Entity: "postcode districts",
			Summary: fmt.Sprintf("Set %d postcode districts: %s", len(keys), strings.Join(keys, ", "))}, nil, clean)
	})
}
