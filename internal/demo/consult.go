package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/files"
	"coplan/internal/governance"
	"coplan/internal/partnership"
)

// The seed 003 consultation, as the Scottish Government ran it: the
// questionnaire's introduction and Questions 1 to 6 in their exact words
// (seed 003, "Questionnaire"). Tests compare against these.
const (
	GuidanceTitle = "Strategic plans: statutory guidance"

	GuidanceIntro1 = "Please read the draft Strategic plans: statutory guidance and answer the questions below."
	GuidanceIntro2 = "The guidance attempts to balance summarising the relevant statutory requirements in the Public Bodies (Joint Working) (Scotland) Act 2014 and regulations with information to support integration authorities meet these requirements. It does this by setting out wider supporting information in boxes throughout related sections of the guidance."
)

// GuidanceQuestions are seed 003's Questions 1 to 6, in order.
var GuidanceQuestions = []string{
	"Do you agree that presenting supporting information in boxes throughout the guidance is a useful structure?",
	"If you have any further thoughts or suggestions on how the structure of the guidance can be improved, please tell us here.",
	"Do you agree that there is an appropriate balance between information summarising the relevant statutory requirements in the Public Bodies (Joint Working) (Scotland) Act 2014 and wider information to support integration authorities meet these requirements?",
	"If you do not think that the balance of information in the guidance is appropriate, please tell us here what changes you would recommend and why.",
	"If you have any suggestions on information that can be improved or is potentially missing from the guidance, please tell us here.",
	"If there is anything else you'd like to feedback about the guidance, please tell us here.",
}

// guidanceQuestionsGD are Gaelic translations of the six questions, for a
// partnership's translator to check.
var guidanceQuestionsGD = []string{
	"A bheil thu ag aontachadh gur e structar feumail a th' ann a bhith a' cur fiosrachadh taice ann am bogsaichean air feadh an stiùiridh?",
	"Ma tha beachdan no molaidhean eile agad air mar a ghabhadh structar an stiùiridh a leasachadh, innis dhuinn an seo.",
	"A bheil thu ag aontachadh gu bheil cothromachadh iomchaidh eadar fiosrachadh a tha a' toirt geàrr-chunntas air na riatanasan reachdail buntainneach ann an Achd nam Buidhnean Poblach (Obair Cho-phàirteach) (Alba) 2014 agus fiosrachadh nas fharsainge gus taic a thoirt do dh'ùghdarrasan amalachaidh na riatanasan sin a choileanadh?",
	"Mura h-eil thu den bheachd gu bheil cothromachadh an fhiosrachaidh san stiùireadh iomchaidh, innis dhuinn an seo dè na h-atharrachaidhean a mholadh tu agus carson.",
	"Ma tha molaidhean agad mu fhiosrachadh a ghabhadh leasachadh no a dh'fhaodadh a bhith a dhìth san stiùireadh, innis dhuinn an seo.",
	"Ma tha dad sam bith eile a bu toil leat a ràdh mun stiùireadh, innis dhuinn an seo.",
}

// demoDistricts are the demo's fictional postcode districts ("GM" is no
// real postcode area), one for each locality in order.
var demoDistricts = []string{"GM1", "GM2", "GM3", "GM4"}

// demoPopulations are the demo localities' fictional populations, in the
// order of the localities (Kilbrannan, the town, has half the people).
var demoPopulations = []string{"21400", "6300", "8900", "4100"}

// loadConsultations creates the demo's consultations: seed 003's own
// questionnaire (open), care at home in two localities (open, with
// follow-ups and equality monitoring from the question bank), day services
// (closed, with responses from every channel in every state of checking),
// and short breaks (a draft to preview and publish).
func loadConsultations(ctx context.Context, d *db.DB, p partnership.Partnership, g Governance, now civil.Clock) error {
	st := consult.StoreFor(d, p, now)
	if err := consult.SeedBank(ctx, d); err != nil {
		return err
	}
	by := audit.Actor{Name: "Euan Fraser (demo)"}
	districts := map[string]int64{}
	for i, l := range p.Localities {
		if i < len(demoDistricts) {
			districts[demoDistricts[i]] = l.ID
		}
	}
	if err := st.SetPostcodeDistricts(ctx, districts, by); err != nil {
		return fmt.Errorf("postcode districts: %w", err)
	}
	// Fictional populations, so the analysis compares each locality's share
	// of the responses with its share of the people.
	pops := map[int64]string{}
	for i, l := range p.Localities {
		if i < len(demoPopulations) {
			pops[l.ID] = demoPopulations[i]
		}
	}
	if err := partnership.StoreFor(d, p, now).SetPopulations(ctx, pops, by); err != nil {
		return fmt.Errorf("locality populations: %w", err)
	}
	fs, err := partnership.StoreFor(d, p, now).Functions(ctx)
	if err != nil {
		return err
	}
	function := func(name string) []int64 {
		for _, f := range fs {
			if f.Name == name {
				return []int64{f.ID}
			}
		}
		return nil
	}
	locality := func(names ...string) []int64 {
		var out []int64
		for _, l := range p.Localities {
			for _, n := range names {
				if l.Name == n {
					out = append(out, l.ID)
				}
			}
		}
		return out
	}
	today := civil.Day(now())
	if err := loadGuidanceConsultation(ctx, st, p, today, by); err != nil {
		return fmt.Errorf("%s: %w", GuidanceTitle, err)
	}
	if err := loadCareAtHome(ctx, st, p, today, locality("Strathard", "Inverlussa"), function("Care at home services"), by); err != nil {
		return fmt.Errorf("care at home: %w", err)
	}
	if err := loadDayServices(ctx, d, st, p, today, function("Adult social work services"), by); err != nil {
		return fmt.Errorf("day services: %w", err)
	}
	if err := loadShortBreaks(ctx, st, p, today, function("Support for unpaid carers"), by); err != nil {
		return fmt.Errorf("short breaks: %w", err)
	}
	return nil
}

const demoContact = "The strategic planning team, Glenmorven Health and Social Care Partnership, Council Offices, Glenmorven GM1 1AA, or planning@glenmorven.example"

// createConsultation saves a consultation with its questions and documents,
// and publishes it unless it is a draft.
func createConsultation(ctx context.Context, st *consult.Store, c consult.Consultation, qn consult.Questionnaire, publish bool,
	docs []demoDocument, by audit.Actor) (consult.Consultation, consult.Questionnaire, error) {
	c, qn, err := st.CreateConsultation(ctx, c, qn, by)
	if err != nil {
		return c, qn, err
	}
	for _, dd := range docs {
		if _, err := st.AddDocument(ctx, c, consult.Document{Kind: dd.kind, Language: dd.lang, Title: dd.title},
			files.Upload{Filename: dd.filename, Content: dd.content}, by); err != nil {
			return c, qn, fmt.Errorf("document %s: %w", dd.title, err)
		}
	}
	if publish {
		if err := st.SetStage(ctx, c.ID, "published", by); err != nil {
			return c, qn, err
		}
		c, err = st.Consultation(ctx, c.ID)
	}
	return c, qn, err
}

type demoDocument struct {
	kind            consult.DocumentKind
	lang            string
	title, filename string
	content         []byte
}

func loadGuidanceConsultation(ctx context.Context, st *consult.Store, p partnership.Partnership, today governance.Date, by audit.Actor) error {
	closes := onDay(today.AddDays(20), "23:59")
	c := consult.Consultation{PartnershipID: p.ID, Title: GuidanceTitle,
		Summary: "We are consulting on the draft statutory guidance on strategic plans under the Public Bodies (Joint Working) (Scotland) Act 2014. Tell us whether its structure and balance of information help you, and what is missing.",
		Body: strings.Join([]string{
			"Responding to this consultation",
			fmt.Sprintf("We are inviting responses to this consultation by %s.", closes.Format("Monday, 2 January 2006")),
			"Please respond to this consultation online. You can save and return to your responses while the consultation is still open. Please ensure that consultation responses are submitted before the closing date.",
			"If you are unable to respond online, please complete the Respondent Information Form and send it with your response to the strategic planning team.",
			"Handling your response",
			"Before you submit your response you will be asked about yourself. Please indicate how you wish your response to be handled and, in particular, whether you are content for your response to be published. If you ask for your response not to be published, we will regard it as confidential, and we will treat it accordingly.",
			"Next steps in the process",
			"Where respondents have given permission for their response to be made public, and after we have checked that they contain no potentially defamatory material, responses will be made available to the public. If you respond online and give an email address, you will receive a copy of your response by email.",
			"Following the closing date, all responses will be analysed and considered along with any other available evidence. An analysis report will also be made available.",
		}, "\n\n"),
		Audience: consult.Public, OpensAt: onDay(today.AddDays(-10), "09:00"), ClosesAt: closes, Contact: demoContact,
		Require: consult.Required{Name: true}}
	var qs []consult.Question
	for i, text := range GuidanceQuestions {
		q := consult.Question{Code: fmt.Sprintf("Q%d", i+1), Kind: consult.Text, Text: text, TextGD: guidanceQuestionsGD[i]}
		if i == 0 || i == 2 {
			q.Kind, q.Options = consult.Scale, consult.AgreeScale
		}
		qs = append(qs, q)
	}
	qn := consult.Questionnaire{Sections: []consult.Section{{Title: "Questionnaire", TitleGD: "Ceisteachan",
		Intro: GuidanceIntro1 + "\n\n" + GuidanceIntro2,
		IntroGD: "Leugh an dreach de Phlanaichean ro-innleachdail: stiùireadh reachdail agus freagair na ceistean gu h-ìosal.\n\n" +
			"Tha an stiùireadh a' feuchainn ri cothromachadh a dhèanamh eadar geàrr-chunntas air na riatanasan reachdail buntainneach ann an Achd nam Buidhnean Poblach (Obair Cho-phàirteach) (Alba) 2014 agus riaghailtean, agus fiosrachadh gus taic a thoirt do dh'ùghdarrasan amalachaidh na riatanasan sin a choileanadh. Tha e a' dèanamh seo le bhith a' cur fiosrachadh taice nas fharsainge ann am bogsaichean air feadh nan earrannan co-cheangailte den stiùireadh.",
		Questions: qs}}}
	docs := []demoDocument{
		{consult.DraftDocument, "en", "Strategic plans: statutory guidance (consultation draft)", "strategic-plans-statutory-guidance.pdf",
			demoPDF("Strategic Plans: Statutory Guidance - Consultation",
				"Health and Social Care Integration. Public Bodies (Joint Working) (Scotland) Act 2014.",
				"This statutory guidance is for everyone involved in the planning and commissioning of health, social work and social care services.",
				"By virtue of section 53 of the 2014 Act, an integration authority is required to have regard to this guidance when preparing a strategic plan.")},
		{consult.EasyRead, "en", "Strategic plans guidance: easy read", "strategic-plans-easy-read.txt",
			[]byte("Strategic plans: easy read\n\nThe Government has written new guidance.\n\nThe guidance says how health and social care partnerships should plan services.\n\nWe want to know what you think.\n\nYou can tell us until " +
				closes.Format("2 January 2006") + ".\n")},
	}
	c, qn, err := createConsultation(ctx, st, c, qn, true, docs, by)
	if err != nil {
		return err
	}
	// Responses that came in by email and post, waiting for an officer to
	// check them, as any open consultation has.
	qs = qn.Questions()
	for _, gr := range guidanceResponses {
		if _, err := st.EnterResponse(ctx, c, consult.Response{Channel: gr.channel,
			Respondent: consult.Respondent{Type: gr.typ, Name: gr.name, Publish: gr.publish, ContactSet: true},
			Answers: consult.Answers{
				qs[0].ID: {QuestionID: qs[0].ID, Choices: []string{gr.boxes}},
				qs[1].ID: {QuestionID: qs[1].ID, Text: gr.structure},
				qs[2].ID: {QuestionID: qs[2].ID, Choices: []string{gr.balance}},
				qs[4].ID: {QuestionID: qs[4].ID, Text: gr.missing},
			}}, "GLE", by); err != nil {
			return fmt.Errorf("response from %q: %w", gr.name, err)
		}
	}
	return nil
}

// guidanceResponses came in to the guidance consultation by email and on
// paper and are waiting to be checked.
var guidanceResponses = []struct {
	channel            consult.Channel
	typ                consult.RespondentType
	name               string
	publish            consult.Publish
	boxes, balance     string // Questions 1 and 3
	structure, missing string // Questions 2 and 5
}{
	{consult.Email, consult.Organisation, "Strathard Community Council", consult.WithName, "mostly-agree", "mostly-agree",
		"The boxes are helpful, but number them so that we can refer to them in our own papers.",
		"Say more about how locality planning groups should be involved in each stage of the plan."},
	{consult.Paper, consult.Individual, "Elspeth Ross", consult.WithoutName, "strongly-agree", "neither",
		"As a carer I read the boxes first. They were the clearest part.",
		"A plain English summary for people who use services and their carers."},
	{consult.Email, consult.Organisation, "Glenmorven Third Sector Interface", consult.WithName, "mostly-agree", "mostly-disagree",
		"Put the statutory requirements first in each section and the supporting information after them.",
		"Guidance on how the third sector should be involved in the Strategic Planning Group, not only as a prescribed group."},
}

func loadCareAtHome(ctx context.Context, st *consult.Store, p partnership.Partnership, today governance.Date, localities, functions []int64, by audit.Actor) error {
	c := consult.Consultation{PartnershipID: p.ID, Title: "Care at home in Strathard and Inverlussa",
		Summary: "We propose to bring care at home in Strathard and Inverlussa together in one team based in Inverlussa. Tell us what matters to you before we decide.",
		Body: "Care at home in Strathard and Inverlussa is run by two small teams. Both find it hard to recruit, and people in the glens sometimes wait weeks for a service to start.\n\n" +
			"We propose one team for both localities, with carers living in each glen, so that visits are on time and people see the same faces.\n\n" +
			"The questionnaire has three short pages. The questions about you on the last page are optional: they help us check that the change is fair to everyone.",
		Audience: consult.Public, OpensAt: onDay(today.AddDays(-5), "09:00"), ClosesAt: onDay(today.AddDays(42), "23:59"),
		Contact: demoContact, LocalityIDs: localities, FunctionIDs: functions}
	bank, err := st.BankQuestions(ctx)
	if err != nil {
		return err
	}
	var about []consult.Question
	for _, topic := range []string{"Equality monitoring: age", "Equality monitoring: disability", "Equality monitoring: sex", consult.CaringTopic,
		consult.PrescribedGroupsTopic} {
		for _, b := range bank {
			if b.Topic == topic {
				about = append(about, b.Question(fmt.Sprintf("EQ%d", len(about)+1)))
			}
		}
	}
	qn := consult.Questionnaire{Sections: []consult.Section{
		{Title: "Your experience of care at home", TitleGD: "Na dh'fhiosraich thu de chùram aig an taigh", Questions: []consult.Question{
			{Code: "Q1", Kind: consult.Single, Required: true, Text: "Do you, or someone you look after, get care at home?",
				TextGD: "A bheil thusa, no cuideigin air a bheil thu a' coimhead às dèidh, a' faighinn cùram aig an taigh?",
				Options: []consult.Option{{Value: "yes-me", Label: "Yes, I do", LabelGD: "Tha, mise"},
					{Value: "yes-someone", Label: "Yes, someone I look after does", LabelGD: "Tha, cuideigin air a bheil mi a' coimhead às dèidh"},
					{Value: "no", Label: "No", LabelGD: "Chan eil"}}},
			{Code: "Q2", Kind: consult.Scale, Required: true, Options: consult.AgreeScale,
				Text:   "Do you agree with our proposal to bring care at home in Strathard and Inverlussa together in one team?",
				TextGD: "A bheil thu ag aontachadh ris a' mholadh againn cùram aig an taigh ann an Srath Àird agus Inbhir Lusa a thoirt còmhla ann an aon sgioba?"},
			{Code: "Q3", Kind: consult.Text, MaxChars: 2000, Text: "If you disagree, tell us why",
				TextGD:     "Mura h-eil thu ag aontachadh, innis dhuinn carson",
				Conditions: consult.Conditions{Rules: []consult.Rule{{Question: "Q2", Values: []string{"mostly-disagree", "strongly-disagree"}}}}},
		}},
		{Title: "What matters to you", TitleGD: "Na tha cudromach dhut", Questions: []consult.Question{
			{Code: "Q4", Kind: consult.Single, HasOther: true, Text: "Which of these matters most to you about care at home?",
				TextGD: "Cò dhiubh seo as cudromaiche dhut mu chùram aig an taigh?",
				Options: []consult.Option{{Value: "same-carers", Label: "Seeing the same carers", LabelGD: "Na h-aon luchd-cùraim fhaicinn"},
					{Value: "on-time", Label: "Visits at the times agreed", LabelGD: "Tadhalan aig na h-amannan a chaidh aontachadh"},
					{Value: "enough-time", Label: "Enough time at each visit", LabelGD: "Ùine gu leòr aig gach tadhal"},
					{Value: "gaelic", Label: "Carers who speak Gaelic", LabelGD: "Luchd-cùraim aig a bheil Gàidhlig"}}},
			{Code: "Q5", Kind: consult.Multiple, Text: "Which of these would help you most? Select all that apply.",
				TextGD: "Cò dhiubh seo a chuidicheadh tu as motha? Tagh na h-uile a tha iomchaidh.",
				Options: []consult.Option{{Value: "evenings", Label: "Visits in the evening and overnight", LabelGD: "Tadhalan feasgar agus tron oidhche"},
					{Value: "meals", Label: "Help with shopping and meals", LabelGD: "Cuideachadh le bùthadh is biadh"},
					{Value: "technology", Label: "Alarms and sensors in the home", LabelGD: "Inneal-rabhaidh is mothachairean san dachaigh"},
					{Value: "carer-breaks", Label: "A break for unpaid carers", LabelGD: "Fois do luchd-cùraim gun phàigheadh"}}},
			{Code: "Q6", Kind: consult.Text, MaxChars: 1000,
				Text:   "Is there anything else you would like to tell us about care at home in Strathard and Inverlussa?",
				TextGD: "A bheil dad sam bith eile a bu toil leat innse dhuinn mu chùram aig an taigh ann an Srath Àird agus Inbhir Lusa?"},
		}},
		{Title: "About you", TitleGD: "Mu do dhèidhinn",
			Intro:     "These questions are optional. We ask them to check that the change is fair to everyone. We never publish your answers to them with your name.",
			IntroGD:   "Tha na ceistean seo roghainneil. Bidh sinn gan faighneachd gus dèanamh cinnteach gu bheil an t-atharrachadh cothromach don a h-uile duine. Cha bhi sinn a-chaoidh a' foillseachadh nam freagairtean agad dhaibh le d' ainm.",
			Questions: about},
	}}
	docs := []demoDocument{
		{consult.SummaryDocument, "en", "Care at home proposal: summary", "care-at-home-summary.txt",
			[]byte("Care at home in Strathard and Inverlussa\n\nWe propose one care at home team for Strathard and Inverlussa.\nCarers would live in each glen.\nWe want visits on time and the same faces.\n")},
		{consult.Translation, "gd", "Cùram aig an taigh: geàrr-chunntas", "curam-aig-an-taigh.txt",
			[]byte("Cùram aig an taigh ann an Srath Àird agus Inbhir Lusa\n\nTha sinn a' moladh aon sgioba cùraim aig an taigh airson Srath Àird agus Inbhir Lusa.\n")},
	}
	_, _, err = createConsultation(ctx, st, c, qn, true, docs, by)
	return err
}

// demoResponse is one response to the closed day services consultation.
type demoResponse struct {
	channel  consult.Channel
	typ      consult.RespondentType
	name     string
	postcode string
	publish  consult.Publish
	agree    string // Q1
	why      string // Q2
	travel   string // Q3, or "other:TEXT"
	change   string // Q4
	check    consult.CheckStatus
	redact   string // Q4's text as published, for a redacted response
	withhold string // the reason, for a withheld one
}

var dayServiceResponses = []demoResponse{
	{consult.Paper, consult.Individual, "Agnes Urquhart", "GM2 4QT", consult.WithName, "strongly-agree",
		"My husband goes to the Strathard centre and Saturday is the longest day for me.", "family",
		"Keep the minibus. Without it he could not go at all.", consult.Accepted, "", ""},
	{consult.Event, consult.Individual, "Donald MacAskill", "GM3 2HX", consult.WithoutName, "mostly-agree",
		"Weekends would let my daughter work full time.", "minibus",
		"More activities outdoors in summer.", consult.Accepted, "", ""},
	{consult.Email, consult.Organisation, "Glenmorven Carers Centre", "GM1 3AB", consult.WithName, "strongly-agree",
		"Carers tell us every week that Saturday is when they most need a break.", "other:A volunteer driver scheme",
		"Involve carers in planning the timetable, and publish it a month ahead.", consult.Accepted, "", ""},
	{consult.FocusGroup, consult.Individual, "Mairi Stewart", "GM4 1DD", consult.DoNotPublish, "neither",
		"I do not mind which days, as long as it stays open.", "walk",
		"The centre in Morven Coast needs a proper accessible toilet.", consult.Accepted, "", ""},
	{consult.Interview, consult.Individual, "Hamish Grant", "GM2 5RS", consult.WithName, "strongly-disagree",
		"Staff are already stretched; spreading them over six days will make weekdays worse.", "minibus",
		"Mrs Jean Docherty at the Inverlussa centre shouts at the residents and should be sacked.", consult.Redacted,
		"[A comment about a named member of staff has been removed.]", ""},
	{consult.Paper, consult.Individual, "Effie Mackenzie", "GM3 7LP", consult.WithoutName, "mostly-disagree",
		"Saturday opening would mean fewer hours on weekdays, which is when I need it.", "family",
		"Lunch is often cold by the time it reaches the tables. My neighbour at 14 Shore Road says the same.", consult.Redacted,
		"Lunch is often cold by the time it reaches the tables. [An address has been removed.]", ""},
	{consult.Event, consult.Organisation, "Strathard Community Council", "GM2 1AA", consult.WithoutName, "mostly-agree",
		"Our members support weekend opening if transport runs.", "minibus",
		"Use the village halls in the outlying glens one day a week.", consult.Accepted, "", ""},
	{consult.Paper, consult.Individual, "", "GM1 9ZZ", consult.WithoutName, "strongly-disagree",
		"This is a waste of money.", "taxi",
		"The manager is a liar and a thief and I can prove it.", consult.Withheld, "",
		"Makes allegations against a named person that may be defamatory; passed to the complaints team."},
	{consult.Email, consult.Individual, "Calum Munro", "GM4 6PE", consult.DoNotPublish, "neither",
		"No view.", "walk",
		"Please phone me about my mother's care package: 01234 567890.", consult.Withheld, "",
		"A personal request about one person's care, passed to the locality team to answer directly."},
	{consult.FocusGroup, consult.Individual, "Rona Kerr", "GM1 4BB", consult.WithoutName, "strongly-agree",
		"It would let me visit my sister on weekdays.", "family",
		"Music and singing sessions, please.", consult.Unchecked, "", ""},
	{consult.Interview, consult.Organisation, "Morven Coast Day Care Ltd", "GM4 2CC", consult.WithName, "mostly-agree",
		"We could open on Saturdays with six months' notice to recruit.", "other:Our own minibus",
		"A shared training programme across providers.", consult.Unchecked, "", ""},
	{consult.Paper, consult.Individual, "Isobel Fraser", "GM3 3EE", consult.WithoutName, "mostly-agree",
		"Saturdays would help, but Sundays would help more.", "taxi",
		"Better information about what the centres offer.", consult.Unchecked, "", ""},
}

// dayServiceRelationships say how some respondents are connected to health
// and social care, so the demo's reach figures have something to count.
var dayServiceRelationships = map[string][]string{
	"Agnes Urquhart":              {"unpaid-carer"},
	"Donald MacAskill":            {"unpaid-carer", "works-in-care"},
	"Glenmorven Carers Centre":    {"third-sector"},
	"Mairi Stewart":               {"uses-services"},
	"Strathard Community Council": {"other"},
	"Rona Kerr":                   {"uses-services"},
	"Morven Coast Day Care Ltd":   {"provider"},
	"Isobel Fraser":               {"unpaid-carer"},
}

// dayServiceAboutYou are the respondents' answers to the about-you
// questions from the bank: which prescribed groups describe them (PG) and
// their sex (EQ1); nobody has to answer, and some did not.
var dayServiceAboutYou = map[string]map[string][]string{
	"Agnes Urquhart":              {"PG": {"carers-social-care"}, "EQ1": {"female"}},
	"Donald MacAskill":            {"PG": {"carers-social-care", "social-care-professionals"}, "EQ1": {"male"}},
	"Glenmorven Carers Centre":    {"PG": {"third-sector-bodies"}},
	"Mairi Stewart":               {"PG": {"users-health-care", "users-social-care"}, "EQ1": {"female"}},
	"Hamish Grant":                {"EQ1": {"male"}},
	"Effie Mackenzie":             {"PG": {"users-health-care"}, "EQ1": {"female"}},
	"Strathard Community Council": {"PG": {"none-of-these"}},
	"Calum Munro":                 {"PG": {"carers-health-care"}, "EQ1": {consult.PreferNotToSay}},
	"Rona Kerr":                   {"PG": {"users-social-care"}, "EQ1": {"female"}},
	"Morven Coast Day Care Ltd":   {"PG": {"commercial-providers-social-care"}},
	"Isobel Fraser":               {"PG": {"carers-social-care", "carers-health-care"}, "EQ1": {"female"}},
}

func loadDayServices(ctx context.Context, d *db.DB, st *consult.Store, p partnership.Partnership, today governance.Date, functions []int64, by audit.Actor) error {
	closes := onDay(today.AddDays(-30), "23:59")
	// The responses were received, and keyed in, while it was open: none is
	// late (consult.Consultation.Late).
	received := consult.StoreFor(d, p, func() time.Time { return closes.AddDate(0, 0, -14) })
	c := consult.Consultation{PartnershipID: p.ID, Title: "Day services for older people: what should change?",
		Summary:  "We asked whether day centres for older people should open on Saturdays, and what else should change.",
		Body:     "Day centres in Glenmorven open Monday to Friday. Carers have asked for Saturday opening. We asked what people think, on paper, at events, in focus groups and by email, as well as online.",
		Audience: consult.Public, OpensAt: onDay(today.AddDays(-30-84), "09:00"), ClosesAt: closes, Contact: demoContact,
		LocalityIDs: nil, FunctionIDs: functions}
	qn := consult.Questionnaire{Sections: []consult.Section{{Title: "Day services", Questions: []consult.Question{
		{Code: "Q1", Kind: consult.Scale, Required: true, Options: consult.AgreeScale,
			Text: "Do you agree that day centres should open on Saturdays?"},
		{Code: "Q2", Kind: consult.Text, MaxChars: 2000, Text: "Tell us why"},
		{Code: "Q3", Kind: consult.Single, HasOther: true, Text: "How do you, or the person you care for, usually get to a day centre?",
			Options: []consult.Option{{Value: "minibus", Label: "The centre's minibus"}, {Value: "family", Label: "A family member drives"},
				{Value: "taxi", Label: "Taxi"}, {Value: "walk", Label: "Walk"}}},
		{Code: "Q4", Kind: consult.Text, MaxChars: 2000, Text: "What else should change about day services?"},
	}}}}
	// About you, from the question bank: reach by prescribed group and by
	// sex (consult.ReachOf).
	bank, err := st.BankQuestions(ctx)
	if err != nil {
		return err
	}
	for _, b := range bank {
		switch b.Topic {
		case consult.PrescribedGroupsTopic:
			qn.Sections[0].Questions = append(qn.Sections[0].Questions, b.Question("PG"))
		case "Equality monitoring: sex":
			qn.Sections[0].Questions = append(qn.Sections[0].Questions, b.Question("EQ1"))
		}
	}
	c, qn, err = createConsultation(ctx, st, c, qn, true, nil, by)
	if err != nil {
		return err
	}
	qs := qn.Questions()
	for _, dr := range dayServiceResponses {
		loc, err := st.LocalityFor(ctx, dr.postcode)
		if err != nil {
			return err
		}
		travel := consult.Answer{QuestionID: qs[2].ID, Choices: []string{dr.travel}}
		if other, ok := strings.CutPrefix(dr.travel, "other:"); ok {
			travel = consult.Answer{QuestionID: qs[2].ID, Choices: []string{consult.OtherValue}, OtherText: other}
		}
		answers := consult.Answers{
			qs[0].ID: {QuestionID: qs[0].ID, Choices: []string{dr.agree}},
			qs[1].ID: {QuestionID: qs[1].ID, Text: dr.why},
			qs[2].ID: travel,
			qs[3].ID: {QuestionID: qs[3].ID, Text: dr.change},
		}
		for _, q := range qs[4:] {
			choices := dayServiceAboutYou[dr.name][q.Code]
			if len(choices) > 0 {
				answers[q.ID] = consult.Answer{QuestionID: q.ID, Choices: choices}
			}
		}
		r, err := received.EnterResponse(ctx, c, consult.Response{Channel: dr.channel,
			Respondent: consult.Respondent{Type: dr.typ, Name: dr.name, Postcode: dr.postcode, LocalityID: loc, Publish: dr.publish,
				ContactOK: dr.channel != consult.Paper, ContactSet: true, Relationships: dayServiceRelationships[dr.name]},
			Answers: answers}, "GLE", by)
		if err != nil {
			return fmt.Errorf("response from %q: %w", dr.name, err)
		}
		var redactions consult.Answers
		if dr.check == consult.Redacted {
			redactions = consult.Answers{qs[3].ID: {QuestionID: qs[3].ID, Text: dr.redact}}
		}
		if dr.check != consult.Unchecked {
			if err := received.SetCheck(ctx, c, r.ID, dr.check, dr.withhold, redactions, by); err != nil {
				return fmt.Errorf("check the response from %q: %w", dr.name, err)
			}
		}
	}
	return nil
}

func loadShortBreaks(ctx context.Context, st *consult.Store, p partnership.Partnership, today governance.Date, functions []int64, by audit.Actor) error {
	c := consult.Consultation{PartnershipID: p.ID, Title: "Short breaks for unpaid carers",
		Summary:  "A draft: we will ask carers which short breaks they want, before we write the short breaks services statement.",
		Audience: consult.SPGAudience, OpensAt: onDay(today.AddDays(14), "09:00"), ClosesAt: onDay(today.AddDays(98), "23:59"),
		Contact: demoContact, FunctionIDs: functions}
	qn := consult.Questionnaire{Sections: []consult.Section{{Title: "Short breaks", Questions: []consult.Question{
		{Code: "Q1", Kind: consult.Multiple, Required: true, Text: "Which short breaks would help you? Select all that apply.",
			Options: []consult.Option{{Value: "day", Label: "A day off"}, {Value: "overnight", Label: "An overnight break"},
				{Value: "holiday", Label: "A holiday away"}}, HasOther: true},
		{Code: "Q2", Kind: consult.Text, MaxChars: 1500, Text: "What stops you taking a break now?"},
	}}}}
	_, _, err := createConsultation(ctx, st, c, qn, false, nil, by)
	return err
}
