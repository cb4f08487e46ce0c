package consultweb

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/files"
	"coplan/internal/partnership"
	"coplan/internal/valid"
	"coplan/internal/web/kit"
)

func responsesAddress(p *partnership.Partnership, c consult.Consultation) string {
	return kit.StaffPath(p.Slug, "consultations", c.ID, "responses")
}

// respReferencePrefix is the start of a response's reference number: the
// partnership's name in capitals, as its online responses get.
func respReferencePrefix(p *partnership.Partnership) string {
	return strings.ToUpper(p.Slug)
}

// respEnglish is the response form's English text, for the messages of
// staff-entered responses.
func (s *Handlers) respEnglish() consult.Catalog { return s.messages.For("en") }

// respCanSeePersonal says whether the signed-in account may see respondents'
// personal details: the partnership's officers may, scrutiny may not.
func respCanSeePersonal(r *http.Request) bool {
	rq := kit.Current(r)
	return auth.Can(rq.User, auth.EditPlanning, rq.Partnership.ID)
}

// respRow is one response in the list.
type respRow struct {
	ID        int64
	Address   string // of the response's page
	ShowName  bool   // the account may see respondents' names
	Reference string
	Channel   string
	Type      string
	Name      string
	Publish   string
	Check     consult.CheckStatus
	CheckName string
	Late      bool // entered after the consultation closed (consult.Consultation.Late)
}

type respChannelCount struct {
	Name string
	N    int
}

type respListPage struct {
	Consultation   consult.Consultation
	Status         consult.Status
	Base           string
	ToCheck        respList
	Checked        respList
	Total          int
	ToCheckCount   int
	Publishable    int
	Withheld       int
	Late           int
	ByChannel      []respChannelCount
	CanEdit        bool
	CanSeePersonal bool
}

// respPageSize is how many responses each list on the responses page
// shows at once: the page answers as fast at 100,000 responses as at 10.
const respPageSize = 50

// respList is one page of one of the lists (left to check, checked).
type respList struct {
	Rows       []respRow
	Page, Last int
	Prev, Next string
	Name       string // the list's, for the pagination's label
}

// respPageParams are the query parameters choosing each list's page.
const (
	respToCheckParam = "to-check-page"
	respCheckedParam = "checked-page"
)

func respPageNumber(r *http.Request, param string) int {
	n, _ := strconv.Atoi(r.URL.Query().Get(param))
	return max(n, 1)
}

func (s *Handlers) responsesPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	st := s.store(r)
	t, err := st.Tally(r.Context(), c.ID)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	data := respListPage{Consultation: c, Status: c.StatusAt(s.k.Now()), Base: responsesAddress(p, c), Total: t.Total, ToCheckCount: t.ToCheck,
		Publishable: t.Publishable, Withheld: t.Withheld, Late: t.Late,
		CanEdit: auth.Can(kit.Current(r).User, auth.EditPlanning, p.ID), CanSeePersonal: respCanSeePersonal(r)}
	pages := map[string]int{respToCheckParam: respPageNumber(r, respToCheckParam), respCheckedParam: respPageNumber(r, respCheckedParam)}
	link := func(param string, page int, anchor string) string {
		q := url.Values{}
		for k, v := range pages {
			if k == param {
				v = page
			}
			if v > 1 {
				q.Set(k, strconv.Itoa(v))
			}
		}
		if len(q) == 0 {
			return data.Base + "#" + anchor
		}
		return data.Base + "?" + q.Encode() + "#" + anchor
	}
	for _, l := range []struct {
		list    *respList
		checked bool
		param   string
		anchor  string
		name    string
		n       int
	}{
		{&data.ToCheck, false, respToCheckParam, "to-check", "responses left to check", t.ToCheck},
		{&data.Checked, true, respCheckedParam, "checked", "checked responses", t.Total - t.ToCheck},
	} {
		page := pages[l.param]
		*l.list = respList{Page: page, Last: max((l.n+respPageSize-1)/respPageSize, 1), Name: l.name}
		rs, err := st.ListResponses(r.Context(), c.ID, l.checked, (page-1)*respPageSize, respPageSize)
		if err != nil {
			return err
		}
		for _, x := range rs {
			row := respRow{ID: x.ID, Address: fmt.Sprintf("%s/%d", data.Base, x.ID), ShowName: data.CanSeePersonal, Reference: x.Reference,
				Channel: x.Channel.Name(), Type: consult.TypeName(x.Respondent.Type), Publish: consult.PublishName(x.Respondent.Publish),
				Check: x.Check, CheckName: consult.CheckName(x.Check), Late: c.Late(x)}
			if data.CanSeePersonal {
				row.Name = x.Respondent.Name
			}
			l.list.Rows = append(l.list.Rows, row)
		}
		if page > 1 {
			l.list.Prev = link(l.param, min(page-1, l.list.Last), l.anchor)
		}
		if page < l.list.Last {
			l.list.Next = link(l.param, page+1, l.anchor)
		}
	}
	for _, ch := range consult.Channels {
		if n := t.ByChannel[ch]; n > 0 {
			data.ByChannel = append(data.ByChannel, respChannelCount{ch.Name(), n})
		}
	}
	s.pages.Render(w, r, http.StatusOK, "responses.html", kit.View{Title: "Responses", Caption: c.Title, Nav: "staff", Data: data})
	return nil
}

// respOption is one choice of a question on the staff form.
// respQuestion is a question on the staff form.
type respQuestion struct {
	consult.Question
	Field   string // "q-CODE": the input's name, and the id of its first input
	Type    string // "radios", "checkboxes" or "text"
	Hint    string
	Chosen  []string // the values chosen; "" for "Not answered"
	Options []kit.Option
}

type respSection struct {
	Title     string
	Questions []respQuestion
}

type respFormData struct {
	Consultation  consult.Consultation
	Base          string
	Version       int
	Channels      []kit.Option
	Languages     []kit.Option
	Language      []string // the language chosen, English at first
	Publish       []kit.Option
	Relationships []kit.Option
	Localities    []kit.Option // the locality the respondent said they live in, for one without a postcode the partnership maps
	Sections      []respSection
}

func (s *Handlers) buildResponseForm(p *partnership.Partnership, c consult.Consultation, qn consult.Questionnaire, base string, f url.Values) respFormData {
	d := respFormData{Consultation: c, Base: base, Version: qn.Version}
	d.Channels = []kit.Option{{Value: "", Label: "Select how it was received"}}
	for _, ch := range consult.StaffChannels {
		d.Channels = append(d.Channels, kit.Option{Value: string(ch), Label: ch.Name()})
	}
	for _, l := range s.messages.Languages() {
		d.Languages = append(d.Languages, kit.Option{Value: l.Lang, Label: consult.LanguageName(l.Lang)})
	}
	if d.Language = f["language"]; len(d.Language) == 0 {
		d.Language = []string{"en"}
	}
	for _, p := range consult.Publishes {
		d.Publish = append(d.Publish, kit.Option{Value: string(p), Label: consult.PublishName(p)})
	}
	for _, x := range consult.Relationships {
		d.Relationships = append(d.Relationships, kit.Option{Value: x, Label: consult.RelationshipName(x)})
	}
	d.Localities = []kit.Option{{Value: "", Label: "Not stated"}}
	for _, l := range p.Localities {
		d.Localities = append(d.Localities, kit.Option{Value: strconv.FormatInt(l.ID, 10), Label: l.Name})
	}
	for _, sec := range qn.Sections {
		fs := respSection{Title: sec.Title}
		for _, q := range sec.Questions {
			field := "q-" + q.Code
			fq := respQuestion{Question: q, Field: field, Type: "radios", Chosen: f[field]}
			var hints []string
			if q.Hint != "" {
				hints = append(hints, q.Hint)
			}
			if w := consult.AskedWhen(qn, q); w != "" {
				hints = append(hints, "Only asked "+w+".")
			}
			if q.MaxChars > 0 {
				hints = append(hints, fmt.Sprintf("Up to %d characters.", q.MaxChars))
			}
			fq.Hint = strings.Join(hints, " ")
			switch q.Kind {
			case consult.Text:
				fq.Type = "text"
			case consult.Multiple:
				fq.Type = "checkboxes"
			}
			for _, o := range q.Options {
				fq.Options = append(fq.Options, kit.Option{Value: o.Value, Label: o.Label})
			}
			if q.HasOther {
				fq.Options = append(fq.Options, kit.Option{Value: consult.OtherValue, Label: "Other, please specify"})
			}
			if fq.Type == "radios" {
				fq.Options = append(fq.Options, kit.Option{Value: "", Label: "Not answered"})
				if !slices.ContainsFunc(fq.Chosen, func(v string) bool { return v != "" }) {
					fq.Chosen = []string{""}
				}
			}
			fs.Questions = append(fs.Questions, fq)
		}
		d.Sections = append(d.Sections, fs)
	}
	return d
}

// readResponseForm reads the staff form into a response.
func readResponseForm(f url.Values, qn consult.Questionnaire) consult.Response {
	r := consult.Response{Channel: consult.Channel(f.Get("channel")), Language: f.Get("language"), Answers: consult.Answers{}}
	if r.Language == "" {
		r.Language = "en"
	}
	rr := &r.Respondent
	rr.Type = consult.RespondentType(f.Get("rif-type"))
	rr.Name, rr.Phone, rr.Address = strings.TrimSpace(f.Get("rif-name")), strings.TrimSpace(f.Get("rif-phone")), strings.TrimSpace(f.Get("rif-address"))
	rr.Postcode, rr.Email = strings.TrimSpace(f.Get("rif-postcode")), strings.TrimSpace(f.Get("rif-email"))
	rr.Publish = consult.Publish(f.Get("rif-publish"))
	switch f.Get("rif-contact") {
	case "yes":
		rr.ContactOK, rr.ContactSet = true, true
	case "no":
		rr.ContactSet = true
	}
	rr.Relationships = f["rif-relationship"]
	rr.LocalityID, _ = strconv.ParseInt(f.Get("rif-locality"), 10, 64)
	for _, q := range qn.Questions() {
		field := "q-" + q.Code
		a := consult.Answer{QuestionID: q.ID}
		if q.Kind == consult.Text {
			a.Text = strings.TrimSpace(strings.ReplaceAll(f.Get(field), "\r\n", "\n"))
		} else {
			for _, v := range f[field] {
				if v != "" {
					a.Choices = append(a.Choices, v)
				}
			}
			a.OtherText = strings.TrimSpace(f.Get(field + "-other"))
		}
		if !a.Empty() {
			r.Answers[q.ID] = a
		}
	}
	return r
}

// respEnterable refuses to take responses to a consultation that has not
// been published: its questions are still being written.
func respEnterable(c consult.Consultation) error {
	if c.PublishedAt.IsZero() {
		return kit.HTTPError{Status: http.StatusConflict, Message: "This consultation has not been published yet, so it cannot take responses. Publish it first."}
	}
	return nil
}

func (s *Handlers) renderResponseForm(w http.ResponseWriter, r *http.Request, status int, c consult.Consultation, f url.Values, errs valid.Errors) error {
	qn, err := s.store(r).CurrentQuestionnaire(r.Context(), c.ID)
	if err != nil {
		return err
	}
	p := kit.Current(r).Partnership
	s.pages.Render(w, r, status, "response-form.html", kit.View{Title: "Enter a response", Caption: c.Title, Nav: "staff", Errors: errs, Form: f,
		Data: s.buildResponseForm(p, c, qn, responsesAddress(p, c), f)})
	return nil
}

func (s *Handlers) newResponseForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if err := respEnterable(c); err != nil {
		return err
	}
	return s.renderResponseForm(w, r, http.StatusOK, c, url.Values{}, nil)
}

func (s *Handlers) enterResponse(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if err := respEnterable(c); err != nil {
		return err
	}
	_, err = kit.ParseForm(w, r)
	bad, _ := valid.As(err)
	if err != nil && bad == nil {
		return err
	}
	ctx := r.Context()
	qn, err := s.store(r).CurrentQuestionnaire(ctx, c.ID)
	if err != nil {
		return err
	}
	resp := readResponseForm(r.PostForm, qn)
	if !slices.ContainsFunc(s.messages.Languages(), func(l consult.Catalog) bool { return l.Lang == resp.Language }) {
		resp.Language = "en"
	}
	errs := consult.ValidateEntered(qn, resp, s.respEnglish())
	if id := resp.Respondent.LocalityID; id != 0 && !slices.ContainsFunc(kit.Current(r).Partnership.Localities, func(l partnership.Named) bool { return l.ID == id }) {
		errs.Add("rif-locality", "Select one of the partnership's localities, or Not stated")
	}
	if errs := firstPerField(append(bad, errs...)); len(errs) > 0 {
		return s.renderResponseForm(w, r, http.StatusUnprocessableEntity, c, r.PostForm, errs)
	}
	p := kit.Current(r).Partnership
	resp, err = s.store(r).EnterResponse(ctx, c, resp, respReferencePrefix(p), kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		return s.renderResponseForm(w, r, http.StatusUnprocessableEntity, c, r.PostForm, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, fmt.Sprintf("%s/%d", responsesAddress(p, c), resp.ID), "response-entered")
}

// respImportPage is the import page: the columns a file needs and, after
// a refused file, each problem.
type respImportPage struct {
	Consultation consult.Consultation
	Base         string
	Columns      []string
	Channels     []string
	Questions    []respImportQuestion
	Problems     []consult.ImportProblem
	MaxSize      string
	MaxRows      int
}

type respImportQuestion struct {
	Code, Text, Kind, Answers, AskedWhen string
}

func (s *Handlers) renderImport(w http.ResponseWriter, r *http.Request, status int, c consult.Consultation, errs valid.Errors, probs []consult.ImportProblem) error {
	qn, err := s.store(r).CurrentQuestionnaire(r.Context(), c.ID)
	if err != nil {
		return err
	}
	d := respImportPage{Consultation: c, Base: responsesAddress(kit.Current(r).Partnership, c), Columns: consult.ImportColumns,
		Problems: probs, MaxSize: fmt.Sprintf("%d MB", files.Tables.MaxMB()), MaxRows: consult.MaxImportRows}
	for _, ch := range consult.StaffChannels {
		d.Channels = append(d.Channels, string(ch))
	}
	for _, q := range qn.Questions() {
		iq := respImportQuestion{Code: q.Code, Text: q.Text, Kind: q.Kind.Name(), AskedWhen: consult.AskedWhen(qn, q)}
		switch {
		case q.Kind == consult.Text:
			iq.Answers = "The respondent's words"
			if q.MaxChars > 0 {
				iq.Answers += fmt.Sprintf(", up to %d characters", q.MaxChars)
			}
		default:
			var labels []string
			for _, o := range q.Options {
				labels = append(labels, o.Label)
			}
			iq.Answers = strings.Join(labels, "; ")
			if q.HasOther {
				iq.Answers += `; or "other:" followed by the respondent's words`
			}
			if q.Kind == consult.Multiple {
				iq.Answers = "Any of: " + iq.Answers + ", separated by ;"
			} else {
				iq.Answers = "One of: " + iq.Answers
			}
		}
		d.Questions = append(d.Questions, iq)
	}
	s.pages.Render(w, r, status, "response-import.html", kit.View{Title: "Import responses from a file", Caption: c.Title, Nav: "staff",
		Errors: errs, Form: url.Values{}, Data: d})
	return nil
}

func (s *Handlers) importResponsesForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if err := respEnterable(c); err != nil {
		return err
	}
	return s.renderImport(w, r, http.StatusOK, c, nil, nil)
}

// importResponses stores every response of an uploaded CSV file, or none:
// a file with any bad row is refused with a report of each.
func (s *Handlers) importResponses(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	if err := respEnterable(c); err != nil {
		return err
	}
	refuse := func(msg string, probs []consult.ImportProblem) error {
		return s.renderImport(w, r, http.StatusUnprocessableEntity, c, valid.Errors{{Field: "file", Message: msg}}, probs)
	}
	_, u, err := kit.ReadUpload(w, r, "file", files.Tables)
	if errs, ok := valid.As(err); ok {
		msg := errs.For("file")
		if strings.HasPrefix(msg, "The file must be smaller") {
			msg += ". Split it into smaller files and import each."
		}
		if msg == "" && len(errs) > 0 {
			msg = errs[0].Message
		}
		return refuse(msg, nil)
	}
	if err != nil {
		return err
	}
	if _, err := files.Tables.Check("file", u); err != nil {
		errs, _ := valid.As(err)
		msg := errs.For("file")
		if u.Empty() {
			msg = "Choose a CSV file to import"
		}
		return refuse(msg, nil)
	}
	content := u.Content
	if len(bytes.TrimSpace(content)) == 0 {
		return refuse("The file is empty. Choose the CSV file with the responses in it.", nil)
	}
	p := kit.Current(r).Partnership
	n, err := s.store(r).ImportResponses(r.Context(), c, bytes.NewReader(content), respReferencePrefix(p), s.respEnglish(), kit.Actor(r))
	var ie *consult.ImportError
	if errors.As(err, &ie) {
		bad := map[int]bool{}
		for _, pr := range ie.Problems {
			bad[pr.Line] = true
		}
		msg := "Nothing was imported: the file has problems. Correct them in the file and import it again."
		if len(bad) > 0 && !bad[0] && !bad[1] {
			rows := "1 row has problems"
			if len(bad) > 1 {
				rows = fmt.Sprintf("%d rows have problems", len(bad))
			}
			msg = "Nothing was imported: " + rows + ". Correct them in the file and import it again."
		}
		return refuse(msg, ie.Problems)
	}
	if err != nil {
		return err
	}
	done := "responses-imported"
	if n == 1 {
		done = "response-imported"
	}
	return kit.SeeOther(w, r, responsesAddress(p, c), done)
}

func (s *Handlers) importTemplate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	qn, err := s.store(r).CurrentQuestionnaire(r.Context(), c.ID)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := consult.WriteImportTemplate(&buf, qn); err != nil {
		return err
	}
	respDownload(w, "text/csv; charset=utf-8", fmt.Sprintf("%s-consultation-%d-import-template.csv", kit.Current(r).Partnership.Slug, c.ID), buf.Bytes())
	return nil
}

// respDownload sends an export as a file to save, never to cache.
func respDownload(w http.ResponseWriter, contentType, filename string, content []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(content)))
	w.WriteHeader(http.StatusOK)
	w.Write(content)
}

// respShownAnswer is one question of a response as the check page shows it.
type respShownAnswer struct {
	Code, Question string
	Asked          bool   // the respondent was shown the question
	Answer         string // the choices in words, or the words
	Redacted       bool
	RedactedAnswer string
}

// respRedactField is a text box on the check form holding the words to
// publish in place of one free-text answer.
type respRedactField struct {
	ID, Label, Original, Value string
}

type respCheckPage struct {
	Consultation   consult.Consultation
	Response       consult.Response
	Base           string
	Version        int
	Locality       string
	Publish        string
	Relationships  []string
	CheckName      string
	Answers        []respShownAnswer
	Redact         []respRedactField
	Decisions      []kit.Option // accept, redact (when there are words to redact) or withhold
	CanEdit        bool
	CanSeePersonal bool
	Published      bool   // Publishable lets it out
	PublishedName  string // the name it is published with
}

// respResponse is the response named by {response}, of the consultation.
func (s *Handlers) respResponse(r *http.Request, c consult.Consultation) (consult.Response, consult.Questionnaire, error) {
	id, err := kit.PathID(r, "response")
	if err != nil {
		return consult.Response{}, consult.Questionnaire{}, err
	}
	resp, err := s.store(r).Response(r.Context(), c.ID, id)
	if err != nil {
		return resp, consult.Questionnaire{}, err
	}
	qn, err := s.store(r).QuestionnaireByID(r.Context(), c.ID, resp.QuestionnaireID)
	return resp, qn, err
}

// respAnswerWords is an answer's choices in words, with the words given
// for "Other", or its free text.
func respAnswerWords(q consult.Question, a consult.Answer) string {
	if q.Kind == consult.Text {
		return a.Text
	}
	var out []string
	for _, c := range a.Choices {
		if c == consult.OtherValue {
			if a.OtherText != "" {
				out = append(out, consult.OtherLabel+": "+a.OtherText)
			} else {
				out = append(out, consult.OtherLabel)
			}
			continue
		}
		label := c
		for _, o := range q.Options {
			if o.Value == c {
				label = o.Label
			}
		}
		out = append(out, label)
	}
	return strings.Join(out, "; ")
}

func respRedactID(code string, other bool) string {
	if other {
		return "redact-" + code + "-other"
	}
	return "redact-" + code
}

func (s *Handlers) renderResponse(w http.ResponseWriter, r *http.Request, status int, c consult.Consultation, resp consult.Response,
	qn consult.Questionnaire, errs valid.Errors) error {
	rq := kit.Current(r)
	p := rq.Partnership
	d := respCheckPage{Consultation: c, Response: resp, Base: responsesAddress(p, c), Version: qn.Version,
		Publish: consult.PublishName(resp.Respondent.Publish), CheckName: consult.CheckName(resp.Check),
		CanEdit: auth.Can(rq.User, auth.EditPlanning, p.ID), CanSeePersonal: respCanSeePersonal(r)}
	if !d.CanSeePersonal {
		d.Response.Respondent = consult.Respondent{Type: resp.Respondent.Type, Publish: resp.Respondent.Publish}
	}
	for _, l := range p.Localities {
		if l.ID == d.Response.Respondent.LocalityID {
			d.Locality = l.Name
		}
	}
	for _, x := range d.Response.Respondent.Relationships {
		d.Relationships = append(d.Relationships, consult.RelationshipName(x))
	}
	pub, ok := consult.Publishable(resp)
	d.Published, d.PublishedName = ok, pub.Name
	form := r.PostForm
	shown := qn.Prune(resp.Answers)
	for _, q := range qn.Questions() {
		a, answered := shown[q.ID]
		sa := respShownAnswer{Code: q.Code, Question: q.Text, Asked: qn.Visible(q, resp.Answers)}
		if answered {
			sa.Answer = respAnswerWords(q, a)
			if red, ok := resp.Redactions[q.ID]; ok && resp.Check == consult.Redacted {
				sa.Redacted = true
				ra := a
				ra.Text, ra.OtherText = red.Text, red.OtherText
				sa.RedactedAnswer = respAnswerWords(q, ra)
			}
			for _, part := range []struct {
				other    bool
				original string
				redacted string
			}{{false, a.Text, resp.Redactions[q.ID].Text}, {true, a.OtherText, resp.Redactions[q.ID].OtherText}} {
				if part.original == "" {
					continue
				}
				rf := respRedactField{ID: respRedactID(q.Code, part.other), Original: part.original, Value: part.original}
				rf.Label = fmt.Sprintf("%s: %s", q.Code, q.Text)
				if part.other {
					rf.Label = fmt.Sprintf("%s: the words given for Other", q.Code)
				}
				if _, ok := resp.Redactions[q.ID]; ok {
					rf.Value = part.redacted
				}
				if v, ok := form[rf.ID]; ok {
					rf.Value = v[0]
				}
				d.Redact = append(d.Redact, rf)
			}
		}
		d.Answers = append(d.Answers, sa)
	}
	d.Decisions = []kit.Option{{Value: "accepted", Label: "Accept: publish it as it is"}}
	if d.Redact != nil {
		d.Decisions = append(d.Decisions, kit.Option{Value: "redacted", Label: "Redact: publish it with the changes below"})
	}
	d.Decisions = append(d.Decisions, kit.Option{Value: "withheld", Label: "Withhold: never publish it"})
	if form == nil {
		form = url.Values{"reason": {resp.WithholdReason}, "decision": {string(resp.Check)}}
	}
	s.pages.Render(w, r, status, "response-check.html", kit.View{Title: "Response " + resp.Reference, Caption: c.Title, Nav: "staff",
		Errors: errs, Form: form, Data: d})
	return nil
}

func (s *Handlers) responsePage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	resp, qn, err := s.respResponse(r, c)
	if err != nil {
		return err
	}
	return s.renderResponse(w, r, http.StatusOK, c, resp, qn, nil)
}

// respNormaliseLines makes line ends the same, since a browser sends a text
// box's line breaks as CRLF.
func respNormaliseLines(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// checkResponse records an officer's check of a response before
// publication: accept, redact (words to publish in place of the original,
// which is kept unchanged) or withhold with a reason.
func (s *Handlers) checkResponse(w http.ResponseWriter, r *http.Request) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	resp, qn, err := s.respResponse(r, c)
	if err != nil {
		return err
	}
	if _, err := kit.ParseForm(w, r); err != nil {
		if errs, ok := valid.As(err); ok {
			return s.renderResponse(w, r, http.StatusUnprocessableEntity, c, resp, qn, errs)
		}
		return err
	}
	f := r.PostForm
	decision := consult.CheckStatus(f.Get("decision"))
	if decision != consult.Accepted && decision != consult.Redacted && decision != consult.Withheld {
		return s.renderResponse(w, r, http.StatusUnprocessableEntity, c, resp, qn,
			valid.Errors{{Field: "decision", Message: "Select whether to accept, redact or withhold the response"}})
	}
	redactions := consult.Answers{}
	firstRedact := ""
	if decision == consult.Redacted {
		for _, q := range qn.Questions() {
			a, ok := resp.Answers[q.ID]
			if !ok {
				continue
			}
			text, other := respNormaliseLines(a.Text), respNormaliseLines(a.OtherText)
			if v, ok := f[respRedactID(q.Code, false)]; ok && a.Text != "" {
				text = respNormaliseLines(v[0])
			}
			if v, ok := f[respRedactID(q.Code, true)]; ok && a.OtherText != "" {
				other = respNormaliseLines(v[0])
			}
			if firstRedact == "" && (a.Text != "" || a.OtherText != "") {
				firstRedact = respRedactID(q.Code, a.Text == "")
			}
			if text != respNormaliseLines(a.Text) || other != respNormaliseLines(a.OtherText) {
				redactions[q.ID] = consult.Answer{QuestionID: q.ID, Text: text, OtherText: other}
			}
		}
		if firstRedact == "" {
			return s.renderResponse(w, r, http.StatusUnprocessableEntity, c, resp, qn, valid.Errors{{Field: "decision",
				Message: "This response has no words of the respondent's own to redact: accept it or withhold it"}})
		}
	}
	err = s.store(r).SetCheck(r.Context(), c, resp.ID, decision, strings.TrimSpace(f.Get("reason")), redactions, kit.Actor(r))
	if errs, ok := valid.As(err); ok {
		for i := range errs {
			switch errs[i].Field {
			case "redactions":
				errs[i].Field = firstRedact
			case "status":
				errs[i].Field = "decision"
			}
		}
		return s.renderResponse(w, r, http.StatusUnprocessableEntity, c, resp, qn, errs)
	}
	if err != nil {
		return err
	}
	return kit.SeeOther(w, r, responsesAddress(kit.Current(r).Partnership, c), "response-checked")
}

// respLocalities names the partnership's localities by id, for the full
// export.
func respLocalities(r *http.Request) map[int64]string {
	locs := map[int64]string{}
	for _, l := range kit.Current(r).Partnership.Localities {
		locs[l.ID] = l.Name
	}
	return locs
}

// respSendExport sends a download of the consultation's responses, kind
// naming the file: the full export when full is true, else the
// publishable one. It streams: each row is written as it is read, so the
// download starts at once and the server holds a chunk of responses, not
// the consultation.
func (s *Handlers) respSendExport(w http.ResponseWriter, r *http.Request, kind string, full bool, write func(consult.Export, io.Writer) error) error {
	c, err := s.consultationFromPath(r)
	if err != nil {
		return err
	}
	var e consult.Export
	if full {
		e, err = s.store(r).LoadExport(r.Context(), c, respLocalities(r))
	} else {
		e, err = s.store(r).LoadPublishableExport(r.Context(), c)
	}
	if err != nil {
		return err
	}
	ext := kind[strings.LastIndex(kind, ".")+1:]
	ctype := "text/csv; charset=utf-8"
	if ext == "json" {
		ctype = "application/json; charset=utf-8"
	}
	name := fmt.Sprintf("%s-consultation-%d-%s-%s", kit.Current(r).Partnership.Slug, e.Consultation.ID, kind[:strings.LastIndex(kind, ".")],
		s.k.Now().In(civil.London).Format(time.DateOnly)+"."+ext)
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "no-store")
	// The server's write timeout (two minutes) suits a page, not 100,000
	// responses to a slow connection: a signed-in officer's download may
	// take as long as it takes. (This needs every wrapper of w to have
	// Unwrap; where one does not, the timeout stays.)
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
	return s.respStream(w, r, func(w io.Writer) error { return write(e, w) })
}

// respStream writes a streamed download or API page with status 200. An
// error before anything was sent is the usual error page; one after (the
// database failed mid-way) aborts the connection, so that the client sees
// a broken download, never a truncated file that looks complete.
func (s *Handlers) respStream(w http.ResponseWriter, r *http.Request, write func(io.Writer) error) error {
	sw := &startedWriter{w: w}
	err := write(sw)
	if err == nil || !sw.started {
		return err
	}
	if r.Context().Err() == nil {
		s.k.Log.Error("a download failed part way: the connection is cut so it cannot pass for complete", "path", r.URL.Path, "err", err)
	}
	panic(http.ErrAbortHandler)
}

// startedWriter sends the status with the first bytes, and says whether
// it has.
type startedWriter struct {
	w       http.ResponseWriter
	started bool
}

func (sw *startedWriter) Write(p []byte) (int, error) {
	if !sw.started {
		sw.started = true
		sw.w.WriteHeader(http.StatusOK)
	}
	return sw.w.Write(p)
}

func (s *Handlers) responsesCSV(w http.ResponseWriter, r *http.Request) error {
	return s.respSendExport(w, r, "responses.csv", true, consult.Export.WriteCSV)
}

func (s *Handlers) responsesJSON(w http.ResponseWriter, r *http.Request) error {
	return s.respSendExport(w, r, "responses.json", true, consult.Export.WriteFullJSON)
}

func (s *Handlers) publishableCSV(w http.ResponseWriter, r *http.Request) error {
	return s.respSendExport(w, r, "publishable-responses.csv", false, consult.Export.WritePublishableCSV)
}

func (s *Handlers) publishableJSON(w http.ResponseWriter, r *http.Request) error {
	return s.respSendExport(w, r, "publishable-responses.json", false, func(e consult.Export, w io.Writer) error {
		return e.WritePublishableJSON(w)
	})
}

// apiConsultOption is an answer a question offers, in the open data API.
