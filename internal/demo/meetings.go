package demo

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"coplan/internal/audit"
	"coplan/internal/civil"
	"coplan/internal/commissioning"
	"coplan/internal/db"
	"coplan/internal/files"
	"coplan/internal/governance"
	"coplan/internal/meeting"
	"coplan/internal/partnership"
)

// demoMeeting is a meeting of the demo with what happened at it.
type demoMeeting struct {
	body       governance.Body
	title      string
	inDays     int    // days from today; negative for a past meeting
	start, end string // times of day, "14:00"
	place      string
	online     string
	agenda     []string
	papers     []demoPaper
	minutes    string
	decisions  []demoDecision
}

// demoPaper is a paper of a demo meeting, issued issuedDaysBefore days
// before the meeting (-1: uploaded but not issued).
type demoPaper struct {
	title            string
	item             int // agenda item number, 0 for none
	issuedDaysBefore int
	text             []string
}

type demoDecision struct {
	item                    int
	text, voting, nonVoting string
}

// loadMeetings creates the demo's meetings, papers and decisions, dated
// from today so the demo always shows a meeting just held and others to
// come: for each of the Strategic Planning Group, the integration joint
// board and Strathard's locality planning group, one past meeting with
// minutes and decisions and one coming meeting with its agenda and papers
// issued in time — except one paper for the board's next meeting, issued
// three days before it, which the meeting's page warns about.
func loadMeetings(ctx context.Context, d *db.DB, p partnership.Partnership, g Governance, now civil.Clock) error {
	if g.SPG.ID == 0 || g.IJB.ID == 0 || g.LocalityGroup.ID == 0 {
		return nil // no bodies to meet
	}
	const kilbrannan = "Kilbrannan Community Centre, Harbour Road, Kilbrannan"
	const chambers = "Council Chambers, Glenmorven Council Offices, Main Street, Kilbrannan"
	const strathard = "Strathard Village Hall, Church Street, Strathard"
	ms := []demoMeeting{
		{body: g.SPG, title: "Ordinary meeting", inDays: -40, start: "14:00", end: "16:30", place: kilbrannan,
			online: "https://meet.example/glenmorven-spg",
			agenda: []string{"Welcome and apologies", "Strategic plan 2026 to 2029: second draft", "Carers' strategy: progress report"},
			papers: []demoPaper{
				{"Strategic plan 2026 to 2029: second draft", 2, 14, []string{
					"This second draft reflects what members and the public told us in the first round of engagement.",
					"It proposes four priorities: care closer to home, support for unpaid carers, mental health and wellbeing, and tackling inequalities between our localities.",
				}},
				{"Carers' strategy: progress report", 3, 14, []string{
					"Short breaks for carers rose by 12 per cent this year. The waiting list for carer support plans has halved.",
				}},
			},
			minutes: "Present: 13 members of the group, with Euan Fraser (planning officer) in attendance.\n" +
				"Apologies: Elaine Watt.\n" +
				"The group discussed the second draft of the strategic plan in detail, locality by locality.\n" +
				"- Members asked that respite care be named as a priority in its own right.\n" +
				"- Members asked for an easy read version of the consultation draft.",
			decisions: []demoDecision{{2,
				"Recommend the second draft of the strategic plan to the integration joint board for public consultation, with respite care named as a priority in its own right.",
				"Agreed by consensus of all 13 members present; no vote was needed.",
				"Every member of the group has a vote: no non-voting members sat on the group on the day. The carers' and service users' representatives asked for their support for the change on respite care to be minuted, and it was."}},
		},
		{body: g.SPG, title: "Ordinary meeting", inDays: 10, start: "14:00", end: "16:30", place: kilbrannan,
			online: "https://meet.example/glenmorven-spg",
			agenda: []string{"Welcome and apologies", "Consultation on the draft strategic plan: what people told us", "Locality plans for Strathard and Inverlussa"},
			papers: []demoPaper{
				{"Consultation on the draft strategic plan: what people told us", 2, 12, []string{
					"412 people and 23 organisations responded to the consultation. This paper summarises what they told us, theme by theme.",
				}},
				{"Locality plans for Strathard and Inverlussa", 3, 12, []string{
					"Draft locality plans prepared with the locality planning groups, for the group's comments.",
				}},
			},
		},
		{body: g.IJB, title: "Ordinary meeting", inDays: -30, start: "10:00", end: "13:00", place: chambers,
			agenda: []string{"Apologies and declarations of interest", "Strategic plan 2026 to 2029: approval for consultation", "Revenue budget monitoring"},
			papers: []demoPaper{
				{"Strategic plan 2026 to 2029: draft for consultation", 2, 14, []string{
					"The Strategic Planning Group recommends this draft for a twelve-week public consultation.",
				}},
				{"Revenue budget monitoring: quarter 2", 3, 14, []string{
					"The partnership forecasts a small overspend on prescribing, offset by vacancies in social work.",
				}},
			},
			minutes: "Present: 4 voting members and 3 non-voting members, with the chief officer and the chief finance officer.\n" +
				"The chair welcomed the Strategic Planning Group's recommendation on the draft strategic plan.",
			decisions: []demoDecision{
				{2, "Approve the draft strategic plan 2026 to 2029 for a twelve-week public consultation, with an easy read version.",
					"Agreed unanimously by the 4 voting members present.",
					"The carers' representative supported the draft and asked that the consultation reach carers who cannot attend events in person. " +
						"The third sector representative welcomed the focus on localities. The service users' representative asked for an easy read version. " +
						"The board agreed to all three requests."},
				{3, "Note the revenue budget monitoring report.", "Noted; no vote was needed.",
					"The non-voting members asked about the effect of the prescribing overspend on community services and were told there would be none this year."},
			},
		},
		{body: g.IJB, title: "Ordinary meeting", inDays: 2, start: "10:00", end: "13:00", place: chambers,
			online: "https://meet.example/glenmorven-ijb",
			agenda: []string{"Apologies and declarations of interest", "Directions to NHS Glenmorven and Glenmorven Council for 2026-27", "Care at home: review of commissioning options"},
			papers: []demoPaper{
				{"Directions for 2026-27", 2, 12, []string{
					"Draft directions to the health board and the council, with the budget for each delegated function.",
				}},
				{"Revenue budget 2026-27", 2, 12, []string{
					"The budget the directions draw on, by delegated function.",
				}},
				{"Care at home: review of commissioning options", 3, 3, []string{
					"Three options for commissioning care at home from 2027, with their costs and the views of people who use the service.",
				}},
			},
		},
		{body: g.LocalityGroup, title: "Locality planning group meeting", inDays: -50, start: "18:30", end: "20:30", place: strathard,
			agenda: []string{"Welcome", "Community transport in Strathard", "What Strathard wants from the strategic plan"},
			papers: []demoPaper{
				{"Community transport in Strathard: options", 2, 14, []string{
					"People in the glen without a car struggle to reach the health centre in Kilbrannan. This paper sets out three options.",
				}},
			},
			minutes: "Present: all 4 members and 11 members of the public.\n" +
				"People described journeys of over two hours by bus to reach appointments in Kilbrannan.",
			decisions: []demoDecision{{2,
				"Ask the Strategic Planning Group to include a community transport scheme for Strathard in the strategic plan.",
				"Agreed by all 4 members present.",
				"The group has no non-voting members. The members of the public who attended supported the request; their views are in the minutes."}},
		},
		{body: g.LocalityGroup, title: "Locality planning group meeting", inDays: 12, start: "18:30", end: "20:30", place: strathard,
			online: "https://meet.example/strathard",
			agenda: []string{"Welcome", "Draft locality plan for Strathard", "Any other business"},
			papers: []demoPaper{
				{"Draft locality plan for Strathard", 2, 14, []string{
					"The first draft of Strathard's locality plan, for the group's comments.",
				}},
				{"Strathard health and care profile", 2, -1, []string{
					"Figures on the health and care of Strathard's people, compared with Glenmorven as a whole.",
				}},
			},
		},
	}
	today := civil.Day(now())
	for _, dm := range ms {
		if err := loadMeeting(ctx, d, p, now, today, dm); err != nil {
			return fmt.Errorf("%s, %s: %w", dm.body.Name, dm.title, err)
		}
	}
	return loadSupport(ctx, d, p, g, now, today)
}

// loadSupport adds what helps members take part in the coming meetings:
// Isla Morrison's rounds of carers' views before the board's and the SPG's
// next meetings, Ravi Menon's apologies for the board's, and the papers in
// other formats — an easy read version of the SPG's consultation summary
// for Mhairi Stewart and a large print version of the board's directions
// for James Ogilvie, the other papers still owed to them in those formats.
func loadSupport(ctx context.Context, d *db.DB, p partnership.Partnership, g Governance, now civil.Clock, today governance.Date) error {
	st := meeting.StoreFor(d, p, now)
	next := func(b governance.Body) (meeting.Meeting, []meeting.AgendaItem, []meeting.Paper, error) {
		ms, err := st.OfBody(ctx, b.ID)
		if err != nil {
			return meeting.Meeting{}, nil, nil, err
		}
		for _, m := range ms {
			if m.StartsAt.After(now()) {
				items, err := st.Agenda(ctx, m.ID)
				if err != nil {
					return m, nil, nil, err
				}
				ps, err := st.Papers(ctx, m.ID)
				return m, items, ps, err
			}
		}
		return meeting.Meeting{}, nil, nil, fmt.Errorf("no coming meeting of %s", b.Name)
	}
	isla := g.Members["Isla Morrison"]
	islaBy := audit.Actor{UserID: isla.UserID, Name: isla.Name + " (demo)"}
	officer := audit.Actor{Name: "Euan Fraser (demo)"}
	ijb, ijbItems, ijbPapers, err := next(g.IJB)
	if err != nil {
		return err
	}
	spg, spgItems, spgPapers, err := next(g.SPG)
	if err != nil {
		return err
	}
	var kilbrannan, strathard int64
	for _, l := range p.Localities {
		switch l.Name {
		case "Kilbrannan":
			kilbrannan = l.ID
		case "Strathard":
			strathard = l.ID
		}
	}
	rounds := []struct {
		m    meeting.Meeting
		item meeting.AgendaItem
		r    meeting.Round
	}{
		{ijb, ijbItems[2], meeting.Round{HeldOn: today.AddDays(-6), Method: "meeting",
			Counts:      map[commissioning.Group]int{commissioning.UnpaidCarers: 18, commissioning.PeopleWhoUseServices: 4},
			LocalityIDs: []int64{kilbrannan, strathard},
			Summary: "Carers at the Carers Centre's Tuesday group and in Strathard want care at home to keep the same carers visiting, " +
				"at times agreed with the family. Most did not want a single large provider: two had lost care when a provider left the area. " +
				"They asked that carers sit on the panel that scores the bids."}},
		{spg, spgItems[1], meeting.Round{HeldOn: today.AddDays(-2), Method: "survey",
			Counts:      map[commissioning.Group]int{commissioning.UnpaidCarers: 31},
			LocalityIDs: []int64{kilbrannan},
			Summary: "31 carers answered a short survey sent through the Carers Centre's newsletter. They welcomed respite care as a priority " +
				"in its own right, and asked that the plan say how many more short breaks there will be each year."}},
	}
	for _, x := range rounds {
		x.r.AgendaItemID = x.item.ID
		if _, err := st.RecordRound(ctx, x.m.ID, isla.ID, x.r, islaBy); err != nil {
			return fmt.Errorf("round for %s: %w", x.m.Name(), err)
		}
	}
	ravi := g.Members["Ravi Menon"]
	if err := st.SendApologies(ctx, ravi.UserID, ijb.ID, "On annual leave that week.", audit.Actor{UserID: ravi.UserID, Name: ravi.Name + " (demo)"}); err != nil {
		return fmt.Errorf("apologies: %w", err)
	}
	versions := []struct {
		paper  meeting.Paper
		format string
		body   string
	}{
		{spgPapers[0], "easy-read", "What people told us about the plan. 412 people and 23 groups told us what they think. This is what they said, in easy words."},
		{ijbPapers[0], "large-print", "Directions for 2026-27, in large print."},
	}
	for _, v := range versions {
		content := demoPDF(v.paper.Title+" ("+meeting.FormatName(v.format)+")", v.body)
		if _, err := st.AddVersion(ctx, v.paper.ID, v.format, files.Upload{Filename: fileName(v.paper.Title) + "-" + v.format + ".pdf",
			Content: content}, officer); err != nil {
			return fmt.Errorf("version of %s: %w", v.paper.Title, err)
		}
	}
	return nil
}

// demoLondon is Scotland's time zone, for the demo's meeting times.
var demoLondon = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return l
}()

// meetingDay is the day inDays from today, moved off a weekend as an
// officer would arrange it: a past meeting to the Friday before, a coming
// one to the Friday before if that is still to come, or else the Monday
// after. Past meetings stay past and coming ones to come.
func meetingDay(today governance.Date, inDays int) governance.Date {
	day := today.AddDays(inDays)
	before := day
	for weekend(before) {
		before = before.AddDays(-1)
	}
	if inDays < 0 || before > today {
		return before
	}
	for weekend(day) {
		day = day.AddDays(1)
	}
	return day
}

// issueDay is the working day papers due on day were issued: never after
// today (papers are not issued in the future) and never at a weekend (the
// Friday before, which leaves papers issued in time in time, and late ones
// still late).
func issueDay(day, today governance.Date) governance.Date {
	if day > today {
		day = today
	}
	for weekend(day) {
		day = day.AddDays(-1)
	}
	return day
}

// weekend reports whether day is a Saturday or a Sunday.
func weekend(day governance.Date) bool {
	wd := day.Time().Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// onDay is a time of day ("14:00") on a date, in Scotland.
func onDay(day governance.Date, clock string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", string(day)+" "+clock, demoLondon)
	if err != nil {
		panic(err) // the demo's own times are always valid
	}
	return t
}

func loadMeeting(ctx context.Context, d *db.DB, p partnership.Partnership, now civil.Clock, today governance.Date, dm demoMeeting) error {
	by := audit.Actor{Name: "Euan Fraser (demo)"}
	st := meeting.StoreFor(d, p, now)
	day := meetingDay(today, dm.inDays)
	m, err := st.Save(ctx, meeting.Meeting{BodyID: dm.body.ID, Title: dm.title, StartsAt: onDay(day, dm.start),
		EndsAt: onDay(day, dm.end), Place: dm.place, OnlineLink: dm.online, Minutes: dm.minutes}, by)
	if err != nil {
		return err
	}
	var items []meeting.AgendaItem
	for _, title := range dm.agenda {
		a, err := st.AddAgendaItem(ctx, m.ID, meeting.AgendaItem{Title: title}, by)
		if err != nil {
			return err
		}
		items = append(items, a)
	}
	itemID := func(n int) int64 {
		if n == 0 {
			return 0
		}
		return items[n-1].ID
	}
	// Papers issued on the same day are issued together, as an officer
	// does with the "Issue papers" button.
	for _, dp := range dm.papers {
		content := demoPDF(dp.title, append([]string{dm.body.Name + ": " + m.Name()}, dp.text...)...)
		if _, err := st.AddPaper(ctx, m.ID, meeting.Paper{Title: dp.title, AgendaItemID: itemID(dp.item)},
			files.Upload{Filename: fileName(dp.title) + ".pdf", Content: content}, by); err != nil {
			return err
		}
		if dp.issuedDaysBefore >= 0 {
			issued := onDay(issueDay(day.AddDays(-dp.issuedDaysBefore), today), "09:30")
			if t := now(); issued.After(t) {
				issued = t // issued today, before the demo was loaded
			}
			// The officer issued them then: a store whose clock says so.
			atIssue := meeting.StoreFor(d, p, func() time.Time { return issued })
			if _, err := atIssue.IssuePapers(ctx, m.ID, by); err != nil {
				return err
			}
		}
	}
	for _, dd := range dm.decisions {
		if _, err := st.AddDecision(ctx, m.ID, meeting.Decision{AgendaItemID: itemID(dd.item), Text: dd.text,
			VotingRecord: dd.voting, NonVotingViews: dd.nonVoting}, by); err != nil {
			return err
		}
	}
	return nil
}

// fileName makes a paper's title into a file name: letters, digits and
// hyphens.
func fileName(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// demoPDF makes a one-page PDF with a title and paragraphs, in the
// standard Helvetica font (which every PDF reader has), so the demo's
// papers open like real ones. It marks itself as a demonstration.
func demoPDF(title string, paragraphs ...string) []byte {
	var content bytes.Buffer
	content.WriteString("BT /F1 18 Tf 72 770 Td (" + pdfText(title) + ") Tj ET\n")
	content.WriteString("BT /F2 11 Tf 15 TL 72 735 Td\n")
	paragraphs = append(paragraphs, "This is a fictional paper of the coplan demonstration partnership, Glenmorven.")
	for _, para := range paragraphs {
		for _, line := range wrap(para, 85) {
			content.WriteString("(" + pdfText(line) + ") Tj T*\n")
		}
		content.WriteString("T*\n")
	}
	content.WriteString("ET\n")

	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R /Lang (en-GB) >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()),
		"<< /Title (" + pdfText(title) + ") /Producer (coplan demo) >>",
	}
	var out bytes.Buffer
	out.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n") // the second line marks the file as binary
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, len(objects), xref)
	return out.Bytes()
}

// pdfText makes a string into the bytes of a PDF literal string in
// WinAnsiEncoding, escaping the characters PDF reserves.
func pdfText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == '(' || r == ')':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x80:
			b.WriteRune(r)
		case r == '‘':
			b.WriteByte(0x91)
		case r == '’':
			b.WriteByte(0x92)
		case r == '–':
			b.WriteByte(0x96)
		case r == '—':
			b.WriteByte(0x97)
		case r >= 0xA0 && r <= 0xFF:
			b.WriteByte(byte(r))
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// wrap breaks text into lines of at most width characters, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
