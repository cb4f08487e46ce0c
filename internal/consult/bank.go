package consult

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// BankQuestion is a question kept for reuse: the national equality
// monitoring and about-you questions every partnership shares
// (PartnershipID 0), and a partnership's own. Adding one to a
// questionnaire copies it, so a later change to the bank never alters a
// consultation that used it.
type BankQuestion struct {
	ID            int64
	PartnershipID int64  // 0 for the national set
	Topic         string // what it asks about, e.g. "Equality monitoring: age"
	Kind          Kind
	Text          string
	TextGD        string
	Hint          string
	HintGD        string
	Options       []Option
	HasOther      bool
	MaxChars      int
}

// National reports whether the question belongs to the national set, which
// no partnership can change.
func (b BankQuestion) National() bool { return b.PartnershipID == 0 }

// Question is the bank question as a question of a questionnaire, with the
// given code. Monitoring questions are never required: nobody has to say
// who they are to take part.
func (b BankQuestion) Question(code string) Question {
	return Question{Code: code, Kind: b.Kind, Text: b.Text, TextGD: b.TextGD, Hint: b.Hint, HintGD: b.HintGD,
		Options: slices.Clone(b.Options), HasOther: b.HasOther, MaxChars: b.MaxChars, Topic: b.Topic}
}

// PreferNotToSay is the value of the "Prefer not to say" answer that every
// national monitoring question offers.
const PreferNotToSay = "prefer-not-to-say"

var preferNotToSay = Option{PreferNotToSay, "Prefer not to say", "B' fheàrr leam gun a ràdh"}

// EqualityTopic is the topic of the national monitoring question about a
// protected characteristic.
func EqualityTopic(c statute.Characteristic) string { return "Equality monitoring: " + c.Name }

// CaringTopic is the topic of the national question about unpaid caring,
// which is not a protected characteristic but matters to every partnership
// (the Carers (Scotland) Act 2016 and the carers' prescribed group).
const CaringTopic = "Equality monitoring: unpaid caring"

// choices makes options from "English|Gaelic" labels.
func choices(labels ...string) []Option {
	out := make([]Option, 0, len(labels)+1)
	for _, l := range labels {
		en, gd, _ := strings.Cut(l, "|")
		out = append(out, Option{Value: Slug(en), Label: strings.TrimSpace(en), LabelGD: strings.TrimSpace(gd)})
	}
	return out
}

// opts makes the options of a monitoring question: the choices, then
// "Prefer not to say".
func opts(labels ...string) []Option { return append(choices(labels...), preferNotToSay) }

// equalityQuestions are the national monitoring questions, one per
// protected characteristic code. Their wording follows Scotland's Census
// 2022 where the census asked the question, so answers can be compared
// with the population of the partnership's area.
var equalityQuestions = map[string]BankQuestion{
	"age": {Kind: Single, Text: "What is your age?", TextGD: "Dè an aois a tha thu?",
		Options: opts("Under 16|Fo 16", "16 to 24|16 gu 24", "25 to 34|25 gu 34", "35 to 44|35 gu 44", "45 to 54|45 gu 54",
			"55 to 64|55 gu 64", "65 to 74|65 gu 74", "75 to 84|75 gu 84", "85 or over|85 no nas sine")},
	"disability": {Kind: Single,
		Text:   "Do you have a physical or mental health condition or illness lasting, or expected to last, 12 months or more?",
		TextGD: "A bheil tinneas no suidheachadh slàinte corporra no inntinn agad a mhaireas, no a thathar an dùil a mhaireas, 12 mìosan no barrachd?",
		Hint:   "The Equality Act 2010 counts a person as disabled if such a condition has a substantial effect on their ability to do normal daily activities.",
		HintGD: "Tha Achd na Co-ionannachd 2010 a' meas gu bheil ciorram air neach ma bheir an suidheachadh buaidh mhòr air an comas gnìomhan làitheil àbhaisteach a dhèanamh.",
		Options: opts("Yes, and it limits my daily activities a lot|Tha, agus tha e a' cuingealachadh mo ghnìomhan làitheil gu mòr",
			"Yes, and it limits my daily activities a little|Tha, agus tha e a' cuingealachadh mo ghnìomhan làitheil beagan",
			"Yes, but it does not limit my daily activities|Tha, ach chan eil e a' cuingealachadh mo ghnìomhan làitheil",
			"No|Chan eil")},
	"sex": {Kind: Single, Text: "What is your sex?", TextGD: "Dè an gnè a th' agad?",
		Options: opts("Female|Boireann", "Male|Fireann")},
	"gender-reassignment": {Kind: Single, Text: "Do you consider yourself to be trans, or have a trans history?",
		TextGD:  "A bheil thu gad mheas fhèin mar thar-ghnèitheach, no a bheil eachdraidh thar-ghnèitheach agad?",
		Hint:    "Trans is a term used to describe people whose gender is not the same as the sex they were registered at birth.",
		HintGD:  "'S e teirm a th' ann an thar-ghnèitheach airson daoine aig nach eil an gnè co-ionann ris a' ghnè a chaidh a chlàradh aig am breith.",
		Options: opts("No|Chan eil", "Yes|Tha")},
	"sexual-orientation": {Kind: Single, Text: "Which of the following best describes your sexual orientation?",
		TextGD:   "Dè am fear de na leanas as fheàrr a tha a' toirt cunntas air do chlaonadh feise?",
		Options:  opts("Straight or heterosexual|Dìreach no heteroseagsail", "Gay or lesbian|Gay no leasbach", "Bisexual|Dà-sheaghach"),
		HasOther: true},
	"religion-belief": {Kind: Single, Text: "What religion, religious denomination or body do you belong to?",
		TextGD: "Dè an creideamh, an seòrsa creideimh no a' bhuidheann chreideimh dham buin thu?",
		Options: opts("None|Chan eil gin", "Church of Scotland|Eaglais na h-Alba", "Roman Catholic|Caitligeach",
			"Other Christian|Crìosdaidh eile", "Buddhist|Bùdach", "Hindu|Hindu", "Jewish|Iùdhach", "Muslim|Muslamach",
			"Pagan|Pàganach", "Sikh|Sikh"),
		HasOther: true},
	"race": {Kind: Single, Text: "What is your ethnic group?", TextGD: "Dè a' bhuidheann chinnidheach agad?",
		Hint:   "Choose the answer that best describes your ethnic group or background.",
		HintGD: "Tagh am freagairt as fheàrr a tha a' toirt cunntas air do bhuidheann no do chùl-raon chinnidheach.",
		Options: opts("White: Scottish|Geal: Albannach", "White: Other British|Geal: Breatannach eile", "White: Irish|Geal: Èireannach",
			"White: Polish|Geal: Pòlainneach", "White: Gypsy/Traveller|Geal: Siothach/Neach-siubhail", "White: Roma|Geal: Roma",
			"White: Showman/Showwoman|Geal: Neach-taisbeanaidh", "White: Other white ethnic group|Geal: Buidheann chinnidheach gheal eile",
			"Mixed or multiple ethnic groups|Buidhnean cinnidheach measgaichte no ioma-chinnidheach",
			"Asian, Scottish Asian or British Asian|Àisianach, Àisianach Albannach no Àisianach Breatannach",
			"African, Scottish African or British African|Afraganach, Afraganach Albannach no Afraganach Breatannach",
			"Caribbean or Black|Caraibeach no Dubh", "Arab, Scottish Arab or British Arab|Arabach, Arabach Albannach no Arabach Breatannach"),
		HasOther: true},
	"pregnancy-maternity": {Kind: Single, Text: "Are you pregnant, or have you given birth in the last 26 weeks?",
		TextGD:  "A bheil thu trom, no an do rugadh leanabh dhut anns na 26 seachdainean mu dheireadh?",
		Options: opts("Yes|Tha", "No|Chan eil")},
}

// aboutYouQuestions are the national about-you questions that are not
// about a protected characteristic, in the order the bank lists them.
var aboutYouQuestions = []BankQuestion{
	{Topic: CaringTopic, Kind: Single,
		Text:   "Do you look after, or give any help or support to, anyone because they have a long-term physical or mental health condition or illness, or problems related to old age?",
		TextGD: "A bheil thu a' coimhead às dèidh, no a' toirt cuideachadh no taic sam bith do, neach sam bith air sgàth tinneas no suidheachadh slàinte corporra no inntinn fad-ùine, no duilgheadasan co-cheangailte ri seann aois?",
		Hint:   "Do not count anything you do as part of your paid work.",
		HintGD: "Na cunnt dad a nì thu mar phàirt de d' obair phàighte.",
		Options: opts("No|Chan eil", "Yes, 1 to 19 hours a week|Tha, 1 gu 19 uairean san t-seachdain",
			"Yes, 20 to 34 hours a week|Tha, 20 gu 34 uairean san t-seachdain", "Yes, 35 to 49 hours a week|Tha, 35 gu 49 uairean san t-seachdain",
			"Yes, 50 or more hours a week|Tha, 50 uair no barrachd san t-seachdain")},
	{Topic: "About you: services you use", Kind: Multiple,
		Text:   "Do you, or someone you care for, use health or social care services? Select all that apply.",
		TextGD: "A bheil thusa, no cuideigin air a bheil thu a' coimhead às dèidh, a' cleachdadh sheirbheisean slàinte no cùraim shòisealta? Tagh na h-uile a tha iomchaidh.",
		Options: opts("I use health services|Bidh mi a' cleachdadh sheirbheisean slàinte", "I use social care services|Bidh mi a' cleachdadh sheirbheisean cùraim shòisealta",
			"Someone I care for uses them|Bidh cuideigin air a bheil mi a' coimhead às dèidh gan cleachdadh", "None of these|Chan eil gin dhiubh sin")},
	{Topic: "About you: how you heard", Kind: Multiple,
		Text:   "How did you hear about this consultation? Select all that apply.",
		TextGD: "Ciamar a chuala tu mun cho-chomhairle seo? Tagh na h-uile a tha iomchaidh.",
		Options: choices("The partnership's website|Làrach-lìn a' chom-pàirteachais", "Social media|Meadhanan sòisealta",
			"A newspaper or the radio|Pàipear-naidheachd no an rèidio", "At an event or meeting|Aig tachartas no coinneamh",
			"From a local group or charity|Bho bhuidheann ionadail no carthannas", "From a health or care worker|Bho neach-obrach slàinte no cùraim",
			"From friends or family|Bho charaidean no theaghlach"),
		HasOther: true},
}

// NationalBank is the national set of bank questions: one monitoring
// question for each protected characteristic the Public Sector Equality
// Duty asks the plan's impact assessment to consider (statute), then unpaid
// caring, the about-you questions and the prescribed groups
// (PrescribedGroupsTopic). Marriage and civil partnership is
// left out: the duty covers it only for employment, not for the services a
// consultation is about.
func NationalBank() []BankQuestion {
	var out []BankQuestion
	for _, c := range statute.ProtectedCharacteristics() {
		if c.EmploymentOnly {
			continue
		}
		q, ok := equalityQuestions[c.Code]
		if !ok {
			continue // TestNationalBankCoversEveryCharacteristic catches this
		}
		q.Topic = EqualityTopic(c)
		out = append(out, q)
	}
	out = append(out, aboutYouQuestions...)
	return append(out, prescribedGroupsQuestion())
}

// SeedBank adds the national bank questions that are not there yet (by
// topic), so it can run at every start and on every demo load.
func SeedBank(ctx context.Context, d *db.DB) error {
	return d.InTx(ctx, func(tx *db.Tx) error {
		for _, b := range NationalBank() {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM bank_questions WHERE partnership_id IS NULL AND topic = $1",
				b.Topic).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			if _, err := insertBankQuestion(ctx, tx, b); err != nil {
				return fmt.Errorf("seed question bank %q: %w", b.Topic, err)
			}
		}
		return nil
	})
}

func insertBankQuestion(ctx context.Context, q db.Querier, b BankQuestion) (int64, error) {
	if b.Options == nil {
		b.Options = []Option{}
	}
	options, _ := json.Marshal(b.Options)
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO bank_questions (partnership_id, topic, kind, text, text_gd, hint, hint_gd,
		options_json, has_other, max_chars) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		nullID(b.PartnershipID), b.Topic, string(b.Kind), b.Text, b.TextGD, b.Hint, b.HintGD, string(options), b.HasOther,
		b.MaxChars).Scan(&id)
	return id, err
}

const selectBank = `SELECT id, COALESCE(partnership_id, 0), topic, kind, text, text_gd, hint, hint_gd, options_json, has_other,
	max_chars FROM bank_questions`

// BankQuestions lists the questions a partnership may reuse: the national
// set first, then its own, each in the order they were added.
func (s *Store) BankQuestions(ctx context.Context) ([]BankQuestion, error) {
	pid := s.p.ID
	rows, err := s.db.QueryContext(ctx, selectBank+` WHERE partnership_id IS NULL OR partnership_id = $1
		ORDER BY CASE WHEN partnership_id IS NULL THEN 0 ELSE 1 END, id`, pid)
	if err != nil {
		return nil, fmt.Errorf("list the question bank: %w", err)
	}
	defer rows.Close()
	var out []BankQuestion
	for rows.Next() {
		b, err := scanBank(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// BankQuestion returns a national question or one of the partnership's
// own, or valid.ErrNotFound (also for another partnership's).
func (s *Store) BankQuestion(ctx context.Context, id int64) (BankQuestion, error) {
	pid := s.p.ID
	return scanBank(s.db.QueryRowContext(ctx, selectBank+" WHERE id = $1 AND (partnership_id IS NULL OR partnership_id = $2)", id, pid))
}

func scanBank(s interface{ Scan(...any) error }) (BankQuestion, error) {
	var b BankQuestion
	var options string
	if err := s.Scan(&b.ID, &b.PartnershipID, &b.Topic, &b.Kind, &b.Text, &b.TextGD, &b.Hint, &b.HintGD, &options,
		&b.HasOther, &b.MaxChars); err != nil {
		return b, notFound(err)
	}
	if err := json.Unmarshal([]byte(options), &b.Options); err != nil {
		return b, fmt.Errorf("bank question %d options: %w", b.ID, err)
	}
	return b, nil
}

// ValidateBankQuestion checks a question a partnership adds to its bank.
// Field ids are those of the bank's form.
func ValidateBankQuestion(b BankQuestion) valid.Errors {
	var errs valid.Errors
	if strings.TrimSpace(b.Topic) == "" {
		errs.Add("topic", "Enter what the question is about, for example Equality monitoring: language")
	}
	if !slices.Contains(Kinds, b.Kind) {
		errs.Add("kind", "Select what kind of question it is")
	}
	if strings.TrimSpace(b.Text) == "" {
		errs.Add("text", "Enter the wording of the question")
	}
	if b.Kind != Text && slices.Contains(Kinds, b.Kind) && len(b.Options) == 0 && !b.HasOther {
		errs.Add("options", "Enter the answers to choose from, one a line")
	}
	if b.MaxChars < 0 || b.MaxChars > MaxAnswerChars {
		errs.Add("max-chars", fmt.Sprintf("Enter the most characters an answer may have as a whole number up to %d, or leave it blank", MaxAnswerChars))
	}
	return errs
}

// AddBankQuestion validates and stores one of a partnership's own bank
// questions, with an audit entry.
func (s *Store) AddBankQuestion(ctx context.Context, b BankQuestion, by audit.Actor) (BankQuestion, error) {
	pid := s.p.ID
	b.PartnershipID = pid
	b.Topic, b.Text = strings.TrimSpace(b.Topic), strings.TrimSpace(b.Text)
	if b.Kind == Text {
		b.Options, b.HasOther = nil, false
	}
	if errs := ValidateBankQuestion(b); len(errs) > 0 {
		return b, errs
	}
	if pid == 0 {
		return b, fmt.Errorf("add bank question: no partnership")
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		id, err := insertBankQuestion(ctx, tx, b)
		if err != nil {
			return fmt.Errorf("add bank question: %w", err)
		}
		b.ID = id
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), PartnershipID: pid, Actor: by, Action: "create", Entity: "bank question",
			EntityID: id, Summary: "Added a question to the question bank: " + b.Text}, nil, b)
	})
	return b, err
}

// PrescribedGroupsTopic is the topic of the national question that asks
// which of the prescribed groups describe the respondent or their
// organisation (issue 13, item 2): the respondent form's six connections
// cannot tell health from social care, or commercial from non-commercial
// providers, so reach by prescribed group is counted from this answer.
const PrescribedGroupsTopic = "About you: prescribed groups"

// prescribedGroupsQuestion asks the twelve prescribed groups (statute),
// each option valued by the group's code. The regulations have no Gaelic
// wording and no checked translation was to hand, so none is invented
// here: Gaelic respondents see the question and the groups in English
// until a partnership's translator adds them ("None of these" and "Prefer
// not to say" reuse the bank's own Gaelic).
func prescribedGroupsQuestion() BankQuestion {
	var os []Option
	for _, g := range statute.PrescribedGroups() {
		os = append(os, Option{Value: g.Code, Label: strings.ToUpper(g.Name[:1]) + g.Name[1:]})
	}
	os = append(os, choices("None of these|Chan eil gin dhiubh sin")...)
	return BankQuestion{Topic: PrescribedGroupsTopic, Kind: Multiple,
		Text:    "Which of these describe you or your organisation? Select all that apply.",
		Hint:    "These are the groups the law says must be asked for their views on the partnership's strategic plan.",
		Options: append(os, preferNotToSay)}
}
