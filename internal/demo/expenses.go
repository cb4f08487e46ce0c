package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"coplan/internal/audit"
	"coplan/internal/auth"
	"coplan/internal/civil"
	"coplan/internal/db"
	"coplan/internal/expenses"
	"coplan/internal/files"
	"coplan/internal/governance"
	"coplan/internal/partnership"
	"coplan/internal/valid"
)

// demoPolicy is Glenmorven's expenses policy, modelled on the template
// policy the Carers Collaborative offers integration authorities (seed 003
// s.3.3): HMRC's approved mileage rate, fares at cost, paid cover for a
// carer's own caring role, and a meal allowance.
var demoPolicy = expenses.Policy{
	MileagePencePerMile: 45,
	PublicTransport: "Actual cost of standard-class bus, train and ferry fares, with tickets or receipts. " +
		"A taxi when agreed with the planning team beforehand, for example when no bus runs or you need one because of a disability.",
	CareCoverPencePerHour: 1550,
	MealAllowancePence:    850,
	Notes: "- Claim within three months of the meeting.\n" +
		"- If you cannot pay a fare up front, ask the planning team: they can book and pay for tickets for you.\n" +
		"- Glenmorven Council's finance team pays approved claims into your bank account within 14 days.",
}

// The demo member who claims: a carer on the Strategic Planning Group,
// linked to the demo account spg@glenmorven.example.
const (
	claimant     = "Isla Morrison"
	claimantUser = "spg@glenmorven.example"
	decider      = "officer@glenmorven.example"
)

// loadExpenses creates the demo's expenses policy and two claims by the
// carer Isla Morrison: one approved (so the export for finance has a row)
// and one waiting for a decision, with a bus ticket as its receipt. now is
// the time the demo is loaded; each step is dated as it would have
// happened, with a store at that time.
func loadExpenses(ctx context.Context, d *db.DB, p partnership.Partnership, g Governance, now time.Time) error {
	at := func(t time.Time) *expenses.Store { return expenses.StoreFor(d, p, func() time.Time { return t }) }
	if _, err := at(now.AddDate(0, -2, 0)).SavePolicy(ctx, demoPolicy, audit.System); err != nil {
		return fmt.Errorf("policy: %w", err)
	}
	st := at(now)
	pol, err := st.Policy(ctx)
	if err != nil {
		return err
	}
	m, err := demoClaimant(ctx, d, p, g)
	if err != nil {
		return err
	}
	u, err := auth.UserByEmail(ctx, d, claimantUser)
	if err != nil {
		return fmt.Errorf("%s: %w", claimantUser, err)
	}
	member := audit.Actor{UserID: u.ID, Name: u.Name}
	o, err := auth.UserByEmail(ctx, d, decider)
	if err != nil {
		return fmt.Errorf("%s: %w", decider, err)
	}
	officer := audit.Actor{UserID: o.ID, Name: o.Name}

	// The claims are for the Strategic Planning Group's most recent
	// meetings that have started, or the partnership's, if the demo has
	// any.
	listed, err := st.Meetings(ctx)
	if err != nil {
		return err
	}
	var all, meetings []expenses.Meeting
	for _, m := range listed {
		if m.StartsAt.Before(now) {
			all = append(all, m)
		}
	}
	for _, m := range all {
		if m.Body == g.SPG.Name {
			meetings = append(meetings, m)
		}
	}
	if len(meetings) < 2 {
		meetings = all
	}
	meeting := func(i int) (int64, time.Time) {
		if i < len(meetings) {
			return meetings[i].ID, meetings[i].StartsAt
		}
		return 0, now.AddDate(0, 0, -7-14*i)
	}
	day := func(t time.Time) string { return expenses.Today(t) }

	// An approved claim for a Strategic Planning Group meeting.
	mid, on := meeting(1)
	first, err := expenses.NewClaim(pol, m.ID, mid, []expenses.LineInput{
		{Kind: "mileage", OnDate: day(on), Description: "Home in Strathard to Kilbrannan Community Hall and back", Quantity: "36"},
		{Kind: "care-cover", OnDate: day(on), Description: "Cover for my husband's care while I was at the meeting", Quantity: "4.5"},
		{Kind: "meal", OnDate: day(on), Description: "Lunch on the day of the meeting"},
	}, nil, day(on.Add(24*time.Hour)))
	if err != nil {
		return fmt.Errorf("approved claim: %w", err)
	}
	first, err = at(on.Add(24*time.Hour)).Submit(ctx, first, member)
	if err != nil {
		return fmt.Errorf("approved claim: %w", err)
	}
	if _, err := at(on.Add(72*time.Hour)).Approve(ctx, first.ID, officer); err != nil {
		return fmt.Errorf("approve claim: %w", err)
	}

	// A claim waiting for a decision, with a bus ticket.
	mid, on = meeting(0)
	ticket, err := busTicket()
	if err != nil {
		return err
	}
	second, err := expenses.NewClaim(pol, m.ID, mid, []expenses.LineInput{
		{Kind: "public-transport", OnDate: day(on), Description: "Bus, Strathard to Kilbrannan and back (return ticket)", Amount: "7.40"},
		{Kind: "care-cover", OnDate: day(on), Description: "Cover for my husband's care while I was at the meeting", Quantity: "3"},
	}, []expenses.Receipt{ticket}, day(now))
	if err != nil {
		return fmt.Errorf("submitted claim: %w", err)
	}
	sent := on.Add(24 * time.Hour)
	if sent.After(now) {
		sent = now
	}
	if _, err := at(sent).Submit(ctx, second, member); err != nil {
		return fmt.Errorf("submitted claim: %w", err)
	}
	return nil
}

// demoClaimant is Isla Morrison's member record: the one the demo's
// governance made, or, if it has none, a record of her own linked to the
// demo SPG account.
func demoClaimant(ctx context.Context, d *db.DB, p partnership.Partnership, g Governance) (governance.Member, error) {
	if m, ok := g.Members[claimant]; ok {
		return m, nil
	}
	u, err := auth.UserByEmail(ctx, d, claimantUser)
	if err != nil {
		return governance.Member{}, fmt.Errorf("%s: %w", claimantUser, err)
	}
	st := governance.StoreFor(d, p, civil.SystemClock)
	m, err := st.MemberByUser(ctx, u.ID)
	if err == nil && m.PartnershipID == p.ID {
		return m, nil
	}
	if err != nil && !errors.Is(err, valid.ErrNotFound) {
		return m, err
	}
	return st.SaveMember(ctx, governance.Member{PartnershipID: p.ID, UserID: u.ID, Name: claimant,
		Email: claimantUser, SupportNeeds: []string{"care-cover", "travel"}, PaperFormat: "standard"}, audit.System)
}

// busTicket draws a small bus ticket as a PNG, for the demo's receipt.
func busTicket() (expenses.Receipt, error) {
	img := image.NewPaletted(image.Rect(0, 0, 160, 80), color.Palette{color.White, color.Black, color.RGBA{0, 101, 189, 255}})
	for x := 0; x < 160; x++ {
		for y := 0; y < 80; y++ {
			switch {
			case x < 2 || x > 157 || y < 2 || y > 77:
				img.SetColorIndex(x, y, 1) // the ticket's edge
			case y < 20:
				img.SetColorIndex(x, y, 2) // the operator's band
			case y%12 == 0 && x > 10 && x < 150:
				img.SetColorIndex(x, y, 1) // lines of print
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return expenses.Receipt{}, err
	}
	return expenses.CheckReceipt(files.Upload{Filename: "bus-ticket.png", Content: buf.Bytes()})
}
