package plan

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/valid"
)

// BundleSection is one section of the text published in the bundle.
type BundleSection struct {
	Key, Title, Body string
}

// PublicText returns the plan's latest frozen version (the published or
// consultation text; drafts in progress are never shown) with its
// sections, or number 0 when there is none.
func (s *Store) PublicText(ctx context.Context, planID int64) (int, []BundleSection, error) {
	q := s.db
	var vid int64
	var number int
	err := q.QueryRowContext(ctx, `SELECT id, number FROM plan_versions WHERE plan_id = $1 AND frozen = $2 AND`+fmt.Sprintf(ownPlan, "$3")+`
		ORDER BY number DESC LIMIT 1`, planID, true, s.p.ID).Scan(&vid, &number)
	if err == sql.ErrNoRows {
		return 0, nil, nil
	}
	if err != nil {
		return 0, nil, fmt.Errorf("published version: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT key, title, body FROM plan_sections WHERE version_id = $1 ORDER BY position, id`, vid)
	if err != nil {
		return 0, nil, fmt.Errorf("published sections: %w", err)
	}
	defer rows.Close()
	var ss []BundleSection
	for rows.Next() {
		var x BundleSection
		if err := rows.Scan(&x.Key, &x.Title, &x.Body); err != nil {
			return 0, nil, err
		}
		ss = append(ss, x)
	}
	return number, ss, rows.Err()
}

// VersionChoice is a version of the plan a change can be said to be in.
type VersionChoice struct {
	ID        int64
	Number    int
	Stage     Stage
	CreatedAt time.Time
}

// VersionChoices lists a plan's versions, oldest first.
func (s *Store) VersionChoices(ctx context.Context, planID int64) ([]VersionChoice, error) {
	return s.versionChoices(ctx, s.db, planID)
}

func (s *Store) versionChoices(ctx context.Context, q db.Querier, planID int64) ([]VersionChoice, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, number, stage, created_at FROM plan_versions WHERE plan_id = $1 AND`+fmt.Sprintf(ownPlan, "$2")+`ORDER BY number`, planID, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	defer rows.Close()
	var out []VersionChoice
	for rows.Next() {
		var v VersionChoice
		if err := rows.Scan(&v.ID, &v.Number, &v.Stage, &v.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SectionChoices lists the sections of every version of the plan, each
// key once with its title in the latest version that has it, in the
// latest version's order: the sections a view can concern.
func (s *Store) SectionChoices(ctx context.Context, planID int64) ([]SectionChoice, error) {
	return s.sectionChoices(ctx, s.db, planID)
}

func (s *Store) sectionChoices(ctx context.Context, q db.Querier, planID int64) ([]SectionChoice, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.key, s.title FROM plan_sections s JOIN plan_versions v ON v.id = s.version_id
		WHERE v.plan_id = $1 AND v.`+fmt.Sprintf(strings.TrimSpace(ownPlan), "$2")+` ORDER BY v.number DESC, s.position, s.id`, planID, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list plan sections: %w", err)
	}
	defer rows.Close()
	var out []SectionChoice
	seen := map[string]bool{}
	for rows.Next() {
		var c SectionChoice
		if err := rows.Scan(&c.Key, &c.Title); err != nil {
			return nil, err
		}
		if !seen[c.Key] {
			seen[c.Key] = true
			out = append(out, c)
		}
	}
	return out, rows.Err()
}

// DocumentKind is a kind of document published alongside the plan.
type DocumentKind string

// DocumentKinds are the documents of the bundle (s.35 and the guidance):
// the equality impact assessment, easy read version, translations, the
// annual financial statement (s.39) and the rest.
var DocumentKinds = []DocumentKind{"eia", "easy-read", "translation", "financial-statement", "implementation-plan",
	"market-facilitation-plan", "jsna", "other"}

// FinancialStatement is the kind of the annual financial statement (s.39),
// which must be uploaded before the plan is published.
const FinancialStatement DocumentKind = "financial-statement"

// Name is the kind in words.
func (k DocumentKind) Name() string {
	switch k {
	case "eia":
		return "Equality impact assessment"
	case "easy-read":
		return "Easy read version"
	case "translation":
		return "Translation"
	case "financial-statement":
		return "Annual financial statement"
	case "implementation-plan":
		return "Implementation plan"
	case "market-facilitation-plan":
		return "Market facilitation plan"
	case "jsna":
		return "Joint strategic needs assessment"
	case "other":
		return "Other document"
	}
	return string(k)
}

// Document is a document of the bundle: an uploaded file or a link.
type Document struct {
	ID          int64
	PlanID      int64
	Kind        DocumentKind
	Title       string
	Language    string
	URL         string
	Filename    string
	ContentType string
	Size        int64
	CreatedAt   time.Time
}

// ValidateDocument checks a document: a kind, a title, and either a file
// (content, checked by the caller) or an https link.
func ValidateDocument(doc Document, hasFile bool) valid.Errors {
	var errs valid.Errors
	if !slices.Contains(DocumentKinds, doc.Kind) {
		errs.Add("kind", "Choose what kind of document it is.")
	}
	if strings.TrimSpace(doc.Title) == "" {
		errs.Add("title", "Enter the document's title.")
	}
	switch {
	case hasFile && doc.URL != "":
		errs.Add("url", "Upload a file or give a link, not both.")
	case !hasFile && doc.URL == "":
		errs.Add("file", "Choose a PDF, Word or OpenDocument file, or give a link to the document.")
	case !hasFile && !strings.HasPrefix(doc.URL, "https://") && !strings.HasPrefix(doc.URL, "http://"):
		errs.Add("url", "Enter the link in full, starting https://.")
	}
	return errs
}

// Documents lists a plan's documents (without their content).
func (s *Store) Documents(ctx context.Context, planID int64) ([]Document, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, plan_id, kind, title, language, url, filename, content_type, size, created_at
		FROM plan_documents WHERE plan_id = $1 AND`+fmt.Sprintf(ownPlan, "$2")+`ORDER BY id`, planID, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list plan documents: %w", err)
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		var d Document
		if err := rows.Scan(&d.ID, &d.PlanID, &d.Kind, &d.Title, &d.Language, &d.URL, &d.Filename, &d.ContentType, &d.Size, &d.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DocumentFile returns an uploaded document of plan planID with its
// content, or valid.ErrNotFound.
func (s *Store) DocumentFile(ctx context.Context, planID, id int64) (Document, []byte, error) {
	var d Document
	var content []byte
	err := s.db.QueryRowContext(ctx, `SELECT id, plan_id, kind, title, filename, content_type, content FROM plan_documents
		WHERE plan_id = $1 AND id = $2 AND filename <> '' AND`+fmt.Sprintf(ownPlan, "$3"), planID, id, s.p.ID).Scan(&d.ID, &d.PlanID, &d.Kind, &d.Title, &d.Filename, &d.ContentType, &content)
	return d, content, noRow(err)
}

// AddDocument adds a document to the bundle of plan doc.PlanID. content is
// the checked file (nil for a link).
func (s *Store) AddDocument(ctx context.Context, doc Document, content []byte, by audit.Actor) (Document, error) {
	doc.Title, doc.URL = strings.TrimSpace(doc.Title), strings.TrimSpace(doc.URL)
	if doc.Language == "" {
		doc.Language = "en"
	}
	if errs := ValidateDocument(doc, content != nil); len(errs) > 0 {
		return doc, errs
	}
	doc.Size = int64(len(content))
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.plan(ctx, tx, doc.PlanID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO plan_documents (plan_id, kind, title, language, url, filename, content_type,
			size, content, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			doc.PlanID, string(doc.Kind), doc.Title, doc.Language, doc.URL, doc.Filename, doc.ContentType, doc.Size, content, now).Scan(&doc.ID); err != nil {
			return fmt.Errorf("add plan document: %w", err)
		}
		doc.CreatedAt = now
		return audit.Record(ctx, tx, audit.Entry{PartnershipID: s.p.ID, Actor: by, At: now, Action: "create", Entity: "plan document",
			EntityID: doc.ID, Summary: "Added " + doc.Kind.Name() + " to the plan: " + doc.Title}, nil, doc)
	})
	return doc, err
}

// Recipient is someone a stage's text was sent to.
type Recipient struct {
	Stage     Stage  `json:"stage"`
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	GroupCode string `json:"group,omitempty"`
	SentOn    string `json:"sent_on"`
}

// Count is a number of responses with a label.
type Count struct {
	Label string `json:"label"`
	N     int    `json:"responses"`
}

// ConsultationFigures is one consultation's part in the statement.
type ConsultationFigures struct {
	ID             int64     `json:"id"`
	Title          string    `json:"title"`
	Stage          Stage     `json:"stage"`
	OpensAt        time.Time `json:"opens_at"`
	ClosesAt       time.Time `json:"closes_at"`
	Responses      int       `json:"responses"`
	Late           int       `json:"late_responses"` // entered after closing, counted apart (consult.Consultation.Late)
	ByChannel      []Count   `json:"by_channel"`
	ByRelationship []Count   `json:"by_relationship"`
	ByLocality     []Count   `json:"by_locality"`
}

// Statement is the statement describing the consultation (s.35): who was
// consulted, how, how many responded by channel, relationship and
// locality, which organisations responded, and what changed. It holds no
// personal information: organisations are named only as
// consult.Respondent.ListedAsResponded allows.
type Statement struct {
	Recipients     []Recipient           `json:"sent_to"`
	Consultations  []ConsultationFigures `json:"consultations"`
	Responses      int                   `json:"responses"`
	Late           int                   `json:"late_responses"`
	ByChannel      []Count               `json:"by_channel"`
	ByRelationship []Count               `json:"by_relationship"`
	ByLocality     []Count               `json:"by_locality"`
	Organisations  []string              `json:"organisations_responded"`
	Views          int                   `json:"views"`
	Changed        int                   `json:"changed"`
	NotChanged     int                   `json:"not_changed"`
	AlreadyCovered int                   `json:"already_covered"`
	Unanswered     int                   `json:"unanswered"`
	WhatChanged    []YouSaid             `json:"what_changed"`
}

// LinkedConsultation is a consultation linked to the plan at a stage, with
// the reach of its submitted responses received in time (counted by the
// database, consult.ReachOf; empty where the caller did not ask for it).
type LinkedConsultation struct {
	Consultation consult.Consultation
	Stage        Stage
	Reach        consult.Reach
}

// statementDimensions are the dimensions of reach the statement reports.
var statementDimensions = []string{consult.ByChannel, consult.ByConnection, consult.ByLocality}

// countsOf turns counts by label into the statement's list, largest first,
// ties in order of their label (so the same figures always read the same).
func countsOf(by map[string]int) []Count {
	out := []Count{}
	for l, n := range by {
		out = append(out, Count{l, n})
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Or(b.N-a.N, strings.Compare(a.Label, b.Label)) })
	return out
}

// BuildStatement computes the consultation statement from the recipients,
// the linked consultations with their responses, the partnership's
// localities (id → name), every view with its outcome (counted, never
// quoted) and the views as they may be published (PublicViews), from which
// "what changed" quotes.
func BuildStatement(recipients []Recipient, linked []LinkedConsultation, localities map[int64]string, views, public []View) Statement {
	st := Statement{Recipients: recipients, Consultations: []ConsultationFigures{}, Organisations: []string{}}
	if st.Recipients == nil {
		st.Recipients = []Recipient{}
	}
	allCh, allRel, allLoc := map[string]int{}, map[string]int{}, map[string]int{}
	orgs := map[string]bool{}
	for _, lc := range linked {
		c, rc := lc.Consultation, lc.Reach
		f := ConsultationFigures{ID: c.ID, Title: c.Title, Stage: lc.Stage, OpensAt: c.OpensAt, ClosesAt: c.ClosesAt,
			Responses: rc.Responses, Late: rc.Late}
		ch, rel, loc := map[string]int{}, map[string]int{}, map[string]int{}
		// The same reach the analysis shows, as labels with counts; groups
		// nobody is in are left out of the statement.
		add := func(key string, by, all map[string]int, label func(consult.Group) string) {
			b, _ := rc.By(key)
			for _, g := range b.Groups {
				if g.N > 0 {
					by[label(g)] += g.N
					all[label(g)] += g.N
				}
			}
		}
		add(consult.ByChannel, ch, allCh, func(g consult.Group) string { return g.Label })
		add(consult.ByConnection, rel, allRel, func(g consult.Group) string { return g.Label })
		add(consult.ByLocality, loc, allLoc, func(g consult.Group) string {
			id, _ := strconv.ParseInt(g.Value, 10, 64)
			if name, ok := localities[id]; ok {
				return name
			}
			return "Not known"
		})
		for _, name := range rc.Organisations {
			if !orgs[name] {
				orgs[name] = true
				st.Organisations = append(st.Organisations, name)
			}
		}
		f.ByChannel, f.ByRelationship, f.ByLocality = countsOf(ch), countsOf(rel), countsOf(loc)
		st.Responses += f.Responses
		st.Late += f.Late
		st.Consultations = append(st.Consultations, f)
	}
	slices.Sort(st.Organisations)
	st.ByChannel, st.ByRelationship, st.ByLocality = countsOf(allCh), countsOf(allRel), countsOf(allLoc)
	for _, v := range views {
		st.Views++
		switch v.Outcome {
		case Changed:
			st.Changed++
		case NotChanged:
			st.NotChanged++
		case AlreadyCovered:
			st.AlreadyCovered++
		default:
			st.Unanswered++
		}
	}
	for _, y := range YouSaidWeDid(public) {
		if y.Outcome == Changed {
			st.WhatChanged = append(st.WhatChanged, y)
		}
	}
	if st.WhatChanged == nil {
		st.WhatChanged = []YouSaid{}
	}
	return st
}

// Recipients lists who each stage's text was sent to.
func (s *Store) Recipients(ctx context.Context, planID int64) ([]Recipient, error) {
	return s.recipients(ctx, s.db, planID)
}

func (s *Store) recipients(ctx context.Context, q db.Querier, planID int64) ([]Recipient, error) {
	rows, err := q.QueryContext(ctx, `SELECT stage, kind, name, group_code, sent_on FROM plan_recipients WHERE plan_id = $1 AND`+
		fmt.Sprintf(ownPlan, "$2")+`ORDER BY sent_on, id`, planID, s.p.ID)
	if err != nil {
		return nil, fmt.Errorf("list plan recipients: %w", err)
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var r Recipient
		if err := rows.Scan(&r.Stage, &r.Kind, &r.Name, &r.GroupCode, &r.SentOn); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Linked returns the consultations linked to the plan with the figures of
// their submitted responses, earliest closing first.
func (s *Store) Linked(ctx context.Context, planID int64) ([]LinkedConsultation, error) {
	return s.linked(ctx, s.db, planID, true)
}

// linked lists the consultations linked to the plan, earliest closing
// first, with their figures if figures is true (counting costs a scan of
// their responses in the database).
func (s *Store) linked(ctx context.Context, q db.Querier, planID int64, figures bool) ([]LinkedConsultation, error) {
	pid := s.p.ID
	ids, err := s.linkedConsultations(ctx, q, planID)
	if err != nil {
		return nil, err
	}
	var out []LinkedConsultation
	for id, stage := range ids {
		c, err := consult.ConsultationByID(ctx, q, pid, id)
		if err != nil {
			return nil, fmt.Errorf("linked consultation %d: %w", id, err)
		}
		lc := LinkedConsultation{Consultation: c, Stage: stage}
		if figures {
			if lc.Reach, err = consult.ReachOf(ctx, q, s.p, id, consult.ReachOptions{Only: statementDimensions}); err != nil {
				return nil, err
			}
		}
		out = append(out, lc)
	}
	slices.SortFunc(out, func(a, b LinkedConsultation) int { return a.Consultation.ClosesAt.Compare(b.Consultation.ClosesAt) })
	return out, nil
}

// StatementReady reports whether the consultation statement can be
// produced: a consultation linked at the consultation stage (the second
// draft's) has closed.
func StatementReady(linked []LinkedConsultation, now time.Time) bool {
	for _, lc := range linked {
		if lc.Stage == Consultation && !lc.Consultation.PublishedAt.IsZero() && !now.Before(lc.Consultation.ClosesAt) {
			return true
		}
	}
	return false
}

// LoadStatement gathers and builds the consultation statement of a plan
// from its records as they are now: the staff's preview. The public see
// the statement as published (PublishedStatement).
func (s *Store) LoadStatement(ctx context.Context, planID int64) (Statement, []LinkedConsultation, error) {
	return s.loadStatement(ctx, s.db, planID)
}

func (s *Store) loadStatement(ctx context.Context, q db.Querier, planID int64) (Statement, []LinkedConsultation, error) {
	localities := map[int64]string{}
	for _, l := range s.p.Localities {
		localities[l.ID] = l.Name
	}
	rs, err := s.recipients(ctx, q, planID)
	if err != nil {
		return Statement{}, nil, err
	}
	linked, err := s.linked(ctx, q, planID, true)
	if err != nil {
		return Statement{}, nil, err
	}
	all, err := s.views(ctx, q, planID)
	if err != nil {
		return Statement{}, nil, err
	}
	public, err := s.publicViews(ctx, q, planID)
	if err != nil {
		return Statement{}, nil, err
	}
	return BuildStatement(rs, linked, localities, all, public), linked, nil
}

// PublishedStatement is the consultation statement as it was published
// with the plan's latest published version (a correction is a new
// published version with its own), and that version's number. What
// happens after publication — a response keyed in late, a view answered
// again — changes nothing here, and reading it costs the same whatever
// the number of responses. A plan not yet published (out for
// consultation) has none stored, and gets the statement as it stands, with
// version 0.
//
// A version published before statements were kept (an empty statement_json)
// gets one the first time it is read: computed as it stands then and
// stored in the same transaction, never again (keepStatement).
func (s *Store) PublishedStatement(ctx context.Context, planID int64) (Statement, int, error) {
	var js string
	var number int
	var versionID int64
	err := s.db.QueryRowContext(ctx, `SELECT id, statement_json, number FROM plan_versions WHERE plan_id = $1 AND frozen = $2
		AND`+fmt.Sprintf(ownPlan, "$3")+`ORDER BY number DESC LIMIT 1`, planID, true, s.p.ID).Scan(&versionID, &js, &number)
	if errors.Is(err, sql.ErrNoRows) {
		st, _, err := s.LoadStatement(ctx, planID)
		return st, 0, err
	}
	if err != nil {
		return Statement{}, 0, fmt.Errorf("published statement: %w", err)
	}
	if js == "" {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			var err error
			js, err = s.keepStatement(ctx, tx, planID, versionID)
			return err
		})
		if err != nil {
			return Statement{}, 0, err
		}
	}
	var st Statement
	if err := json.Unmarshal([]byte(js), &st); err != nil {
		return Statement{}, 0, fmt.Errorf("published statement of version %d: %w", number, err)
	}
	return st, number, nil
}

// keepStatement stores with published version versionID the consultation
// statement as it stands, unless it has one already, inside tx, and
// returns the version's statement as stored.
func (s *Store) keepStatement(ctx context.Context, tx *db.Tx, planID, versionID int64) (string, error) {
	var kept string
	if err := tx.QueryRowContext(ctx, `SELECT statement_json FROM plan_versions WHERE id = $1 AND plan_id = $2`, versionID, planID).Scan(&kept); err != nil {
		return "", fmt.Errorf("published statement: %w", err)
	}
	if kept != "" {
		return kept, nil // another request, or another instance, kept it first
	}
	st, _, err := s.loadStatement(ctx, tx, planID)
	if err != nil {
		return "", err
	}
	js, err := json.Marshal(st)
	if err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE plan_versions SET statement_json = $1 WHERE id = $2 AND plan_id = $3 AND statement_json = ''`,
		string(js), versionID, planID); err != nil {
		return "", fmt.Errorf("keep the published statement: %w", err)
	}
	return string(js), nil
}

// publishVersion freezes version v of plan planID and stores with it the
// consultation statement as it stands, inside the publishing transaction:
// both are then kept as published. A version already published keeps the
// statement it was published with.
func (s *Store) publishVersion(ctx context.Context, tx *db.Tx, planID, versionID int64) error {
	if err := freezeVersion(ctx, tx, versionID); err != nil {
		return err
	}
	_, err := s.keepStatement(ctx, tx, planID, versionID)
	return err
}
