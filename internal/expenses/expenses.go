// Package expenses keeps a partnership's expenses and allowances for the
// members of its Strategic Planning Group, board and locality groups: the
// published policy (what is paid for travel, cover for a member's own
// caring role and meals), members' claims with their receipts, officers'
// decisions, and the export of approved claims for finance.
//
// The integration authority "may pay members of the group expenses and
// allowances" (s.32 of the 2014 Act); the guidance asks for expense
// policies that are clearly communicated (seed 003 s.3.3) and the
// Ministerial Strategic Group for carers' and service users'
// representatives to be paid reasonable expenses for attending meetings
// (seed 002, proposal 6(iii)): nobody should be out of pocket for taking
// part.
//
// The rules are plain functions: ParsePounds reads an amount of money, Price
// works out what one line of a claim pays under the policy, NewClaim turns
// what a member typed into a priced claim, CheckReceipt accepts an uploaded
// file (with the rule files.Receipts). The Store (store.go) keeps them for
// one partnership.
package expenses

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"coplan/internal/valid"
)

// Kind is what a line of a claim is for.
type Kind string

// The kinds of expense a member can claim.
const (
	Mileage         Kind = "mileage"          // miles driven in the member's own vehicle, at the policy's rate
	PublicTransport Kind = "public-transport" // fares at actual cost, with tickets or receipts
	CareCover       Kind = "care-cover"       // hours of cover for the member's own caring role, at the policy's rate
	Meal            Kind = "meal"             // the policy's meal allowance, once a day
	OtherCost       Kind = "other"            // anything else the policy allows, at actual cost, with receipts
)

// Kinds lists the kinds in the order forms offer them.
var Kinds = []Kind{Mileage, PublicTransport, CareCover, Meal, OtherCost}

// Name is the kind in words.
func (k Kind) Name() string {
	switch k {
	case Mileage:
		return "Mileage"
	case PublicTransport:
		return "Public transport"
	case CareCover:
		return "Care cover"
	case Meal:
		return "Meal allowance"
	case OtherCost:
		return "Other cost"
	}
	return string(k)
}

// Unit is what a line's quantity counts ("miles", "hours"), or "" for a
// kind paid by amount.
func (k Kind) Unit() string {
	switch k {
	case Mileage:
		return "miles"
	case CareCover:
		return "hours"
	}
	return ""
}

// AtCost reports whether the member enters the amount they paid (and so
// needs a receipt) rather than the policy working it out.
func (k Kind) AtCost() bool { return k == PublicTransport || k == OtherCost }

// Limits on what one claim can hold. A line over MaxLinePence is almost
// always a typing mistake; a real cost that large is a matter for the
// planning team, not a form.
const (
	MaxLinePence    = 100000           // £1,000: the most one line can be
	MaxMiles        = 1000             // the most miles one line can claim
	MaxHours        = 24               // the most hours of care cover one line can claim (one day)
	MaxLines        = 20               // the most lines one claim can hold
	MaxReceipts     = 5                // the most receipts one claim can carry
	MaxReceiptBytes = 10 << 20         // 10 MiB: the largest receipt file (files.Receipts.Max)
	maxDescription  = 200              // characters in a line's description
	maxReason       = 1000             // characters in a rejection reason
	maxPolicyText   = 2000             // characters in the policy's texts
	maxRatePence    = MaxLinePence / 2 // the highest hourly or meal rate a policy may set (£500)
)

// Policy is a partnership's published expenses policy. A rate of 0 means
// the partnership does not pay for that kind of expense.
type Policy struct {
	PartnershipID         int64
	MileagePencePerMile   int    // HMRC's approved rate for cars is 45p a mile
	PublicTransport       string // how fares are paid, e.g. "actual cost of standard-class fares, with tickets or receipts"
	CareCoverPencePerHour int    // cover for the member's own caring role while they take part
	MealAllowancePence    int    // paid once a day
	Notes                 string // anything else members need to know, in plain words
	UpdatedAt             time.Time
}

// Mileage is the mileage rate in words: "45p a mile".
func (p Policy) Mileage() string { return perUnit(p.MileagePencePerMile, "a mile") }

// CareCover is the care cover rate in words: "£15.50 an hour".
func (p Policy) CareCover() string { return perUnit(p.CareCoverPencePerHour, "an hour") }

// Meal is the meal allowance in words: "£8.50 a day".
func (p Policy) Meal() string { return perUnit(p.MealAllowancePence, "a day") }

func perUnit(pence int, per string) string {
	switch {
	case pence == 0:
		return "Not paid"
	case pence < 100:
		return fmt.Sprintf("%dp %s", pence, per)
	}
	return Pounds(pence) + " " + per
}

// Covers reports whether the policy pays for a kind of expense.
func (p Policy) Covers(k Kind) bool {
	switch k {
	case Mileage:
		return p.MileagePencePerMile > 0
	case CareCover:
		return p.CareCoverPencePerHour > 0
	case Meal:
		return p.MealAllowancePence > 0
	}
	return slices.Contains(Kinds, k)
}

// ValidatePolicy checks a policy's rates and texts. Field names match the
// policy form.
func ValidatePolicy(p Policy) error {
	var errs valid.Errors
	if p.MileagePencePerMile < 0 || p.MileagePencePerMile > 100 {
		errs.Add("mileage", "Enter a mileage rate from 0 to 100 pence a mile")
	}
	if strings.TrimSpace(p.PublicTransport) == "" {
		errs.Add("public_transport", "Say how public transport fares are paid, for example at actual cost with tickets or receipts")
	} else if len([]rune(p.PublicTransport)) > maxPolicyText {
		errs.Add("public_transport", fmt.Sprintf("Use %d characters or fewer for public transport", maxPolicyText))
	}
	if p.CareCoverPencePerHour < 0 || p.CareCoverPencePerHour > maxRatePence {
		errs.Add("care_cover", "Enter a care cover rate from £0 to "+Pounds(maxRatePence)+" an hour")
	}
	if p.MealAllowancePence < 0 || p.MealAllowancePence > maxRatePence {
		errs.Add("meal", "Enter a meal allowance from £0 to "+Pounds(maxRatePence))
	}
	if len([]rune(p.Notes)) > maxPolicyText {
		errs.Add("notes", fmt.Sprintf("Use %d characters or fewer for other things members need to know", maxPolicyText))
	}
	return errs.Err()
}

// PolicyInput is the policy form as typed: the mileage rate in pence, the
// others in pounds and pence.
type PolicyInput struct {
	Mileage, PublicTransport, CareCover, Meal, Notes string
}

// ParsePolicy reads the policy form into a Policy and validates it, with an
// error for each field that is wrong.
func ParsePolicy(in PolicyInput) (Policy, error) {
	var errs valid.Errors
	p := Policy{PublicTransport: strings.TrimSpace(in.PublicTransport), Notes: strings.TrimSpace(in.Notes)}
	m := strings.TrimSuffix(strings.TrimSpace(in.Mileage), "p")
	if n, err := strconv.Atoi(m); err != nil || !digits(m) {
		errs.Add("mileage", "Enter the mileage rate as a whole number of pence, like 45")
	} else {
		p.MileagePencePerMile = n
	}
	rate := func(field, s, what string) int {
		if strings.TrimSpace(s) == "" {
			return 0 // not paid
		}
		n, err := parseMoney(s, maxRatePence)
		if err != nil {
			errs.Add(field, what+": "+lowerFirst(err.Error()))
		}
		return n
	}
	p.CareCoverPencePerHour = rate("care_cover", in.CareCover, "Care cover rate")
	p.MealAllowancePence = rate("meal", in.Meal, "Meal allowance")
	if err := ValidatePolicy(p); err != nil {
		ve, _ := valid.As(err)
		for _, fe := range ve {
			if errs.For(fe.Field) == "" {
				errs.Add(fe.Field, fe.Message)
			}
		}
	}
	return p, errs.Err()
}

// The ways an amount of money can be wrong. Their messages are written to
// be shown at the field.
var (
	ErrAmountMissing  = errors.New("Enter an amount in pounds and pence, like 12.50")
	ErrAmountFormat   = errors.New("Enter the amount in pounds and pence using numbers only, like 12.50")
	ErrAmountNegative = errors.New("Enter an amount of £0.01 or more")
	ErrAmountPence    = errors.New("Enter the amount with no more than 2 numbers after the decimal point, like 12.50")
	ErrAmountTooLarge = errors.New("Enter an amount of " + Pounds(MaxLinePence) + " or less; for a larger cost, talk to the planning team")
)

// ParsePounds reads an amount of money typed as pounds and pence — "12.50",
// "£12.50", "12.5", "12", "£1,000" — and returns it in pence. It is strict:
// a negative or zero amount, more than 2 decimal places, anything that is
// not a number and more than £1,000 are refused with an error that says
// what to type instead.
func ParsePounds(s string) (int, error) {
	p, err := parseMoney(s, MaxLinePence)
	if err == nil && p == 0 {
		return 0, ErrAmountNegative
	}
	return p, err
}

// parseMoney is ParsePounds with its own upper limit, allowing zero.
func parseMoney(s string, max int) (int, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimPrefix(s, "£"))
	if s == "" {
		return 0, ErrAmountMissing
	}
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−") {
		return 0, ErrAmountNegative
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	whole, ok := ungroup(whole)
	if !ok || !digits(whole) || hasPoint && !digits(frac) {
		return 0, ErrAmountFormat
	}
	if len(frac) > 2 {
		return 0, ErrAmountPence
	}
	if len(whole) > 7 {
		return 0, ErrAmountTooLarge
	}
	pounds, _ := strconv.Atoi(whole)
	for len(frac) < 2 {
		frac += "0"
	}
	pence, _ := strconv.Atoi(frac)
	total := pounds*100 + pence
	if total > max {
		if max == MaxLinePence {
			return 0, ErrAmountTooLarge
		}
		return 0, fmt.Errorf("Enter an amount of %s or less", Pounds(max))
	}
	return total, nil
}

// ungroup removes thousands separators written correctly ("1,000"), and
// refuses misplaced ones ("1,00").
func ungroup(s string) (string, bool) {
	if !strings.Contains(s, ",") {
		return s, true
	}
	parts := strings.Split(s, ",")
	if len(parts[0]) == 0 || len(parts[0]) > 3 {
		return "", false
	}
	for _, g := range parts[1:] {
		if len(g) != 3 {
			return "", false
		}
	}
	return strings.Join(parts, ""), true
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Pounds formats pence for people: 1250 is "£12.50", 100000 is "£1,000.00".
func Pounds(pence int) string { return "£" + group(PlainPounds(pence)) }

// PlainPounds formats pence as a plain number of pounds with 2 decimals,
// "12.50", as spreadsheets and finance systems read it.
func PlainPounds(pence int) string {
	sign := ""
	if pence < 0 {
		sign, pence = "-", -pence
	}
	return fmt.Sprintf("%s%d.%02d", sign, pence/100, pence%100)
}

func group(s string) string {
	whole, frac, _ := strings.Cut(s, ".")
	sign := ""
	if strings.HasPrefix(whole, "-") {
		sign, whole = "-", whole[1:]
	}
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + b.String() + "." + frac
}

// The ways a quantity (miles, hours) can be wrong.
var (
	ErrQuantityMissing = errors.New("Enter how many")
	ErrQuantityFormat  = errors.New("Enter a number, like 12.5, with no more than 2 numbers after the decimal point")
	ErrQuantityZero    = errors.New("Enter a number more than 0")
)

// ParseQuantity reads a number of miles or hours ("12.5") and returns it in
// hundredths, refusing anything above max (in whole units).
func ParseQuantity(s string, max int) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ErrQuantityMissing
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	if !digits(whole) || hasPoint && !digits(frac) || len(frac) > 2 || len(whole) > 6 {
		return 0, ErrQuantityFormat
	}
	n, _ := strconv.Atoi(whole)
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.Atoi(frac)
	q := n*100 + f
	if q == 0 {
		return 0, ErrQuantityZero
	}
	if q > max*100 {
		return 0, fmt.Errorf("Enter %d or less", max)
	}
	return q, nil
}

// Line is one item of a claim.
type Line struct {
	ID          int64
	Kind        Kind
	OnDate      string // YYYY-MM-DD: the day of the journey, cover or meal
	Description string
	Quantity    string // miles for mileage, hours for care cover, as typed ("12.5"); "" for other kinds
	AmountPence int    // what the line pays: worked out by Price, or the amount paid for at-cost kinds
}

// Amount is what the line pays, in words: "£12.50".
func (l Line) Amount() string { return Pounds(l.AmountPence) }

// QuantityText is the quantity with its unit, "12.5 miles", or "".
func (l Line) QuantityText() string {
	if l.Quantity == "" || l.Kind.Unit() == "" {
		return ""
	}
	return l.Quantity + " " + l.Kind.Unit()
}

// Date is the line's date for people: "3 March 2026".
func (l Line) Date() string {
	t, err := time.Parse(time.DateOnly, l.OnDate)
	if err != nil {
		return l.OnDate
	}
	return t.Format("2 January 2006")
}

// ErrNotCovered is returned by Price for a kind of expense the policy does
// not pay for (its rate is 0).
var ErrNotCovered = errors.New("The partnership's expenses policy does not pay for this")

// Price works out what line l pays under policy p, in pence:
//   - mileage: the miles times the policy's rate a mile, rounded to the
//     nearest penny (halves up): 12.5 miles at 45p is £5.63;
//   - care cover: the hours times the policy's hourly rate, rounded the same
//     way;
//   - meal: the policy's meal allowance, whatever was spent (one a day: see
//     NewClaim);
//   - public transport and other costs: the amount the member paid, as
//     entered.
//
// It refuses a kind the policy does not pay for (ErrNotCovered), a quantity
// that is not a number or out of range, and a line over £1,000.
func Price(p Policy, l Line) (int, error) {
	var amount int
	switch l.Kind {
	case Mileage, CareCover:
		rate, max := p.MileagePencePerMile, MaxMiles
		if l.Kind == CareCover {
			rate, max = p.CareCoverPencePerHour, MaxHours
		}
		if rate <= 0 {
			return 0, ErrNotCovered
		}
		q, err := ParseQuantity(l.Quantity, max)
		if err != nil {
			return 0, err
		}
		amount = (q*rate + 50) / 100
	case Meal:
		if p.MealAllowancePence <= 0 {
			return 0, ErrNotCovered
		}
		amount = p.MealAllowancePence
	case PublicTransport, OtherCost:
		if l.AmountPence <= 0 {
			return 0, ErrAmountNegative
		}
		amount = l.AmountPence
	default:
		return 0, fmt.Errorf("unknown kind of expense %q", l.Kind)
	}
	if amount > MaxLinePence {
		return 0, ErrAmountTooLarge
	}
	return amount, nil
}

// Status is where a claim has got to.
type Status string

// A claim is submitted, then approved or rejected by an officer. A decided
// claim is never changed again: a member whose claim was rejected makes a
// new one.
const (
	Submitted Status = "submitted"
	Approved  Status = "approved"
	Rejected  Status = "rejected"
)

// Name is the status in words.
func (s Status) Name() string {
	switch s {
	case Submitted:
		return "Waiting for a decision"
	case Approved:
		return "Approved"
	case Rejected:
		return "Rejected"
	}
	return string(s)
}

// Colour is the Design System tag colour for the status.
func (s Status) Colour() string {
	switch s {
	case Approved:
		return "green"
	case Rejected:
		return "red"
	}
	return "blue"
}

// Claim is one member's claim for expenses.
type Claim struct {
	ID              int64
	PartnershipID   int64
	MemberID        int64
	MemberName      string    // filled when read from the store
	MeetingID       int64     // the meeting the expenses were for; 0 for none
	MeetingTitle    string    // filled when read from the store
	MeetingBody     string    // the name of the body that met, filled when read from the store
	MeetingAt       time.Time // when the meeting started, filled when read from the store
	Status          Status
	Lines           []Line
	Receipts        []Receipt // without their content when read from the store
	TotalPence      int
	SubmittedAt     time.Time
	DecidedAt       time.Time // zero until decided
	DecidedBy       string    // the officer's name
	RejectionReason string
}

// Reference is the claim's reference for members and finance: "EXP-00012".
func (c Claim) Reference() string { return fmt.Sprintf("EXP-%05d", c.ID) }

// Meeting describes the meeting the claim is for, "Ordinary meeting,
// 24 October 2026 (Glenmorven Strategic Planning Group)", or "".
func (c Claim) Meeting() string {
	if c.MeetingID == 0 {
		return ""
	}
	return fmt.Sprintf("%s, %s (%s)", c.MeetingTitle, c.MeetingAt.In(scotland).Format("2 January 2006"), c.MeetingBody)
}

// Total is the claim's total in words: "£56.20".
func (c Claim) Total() string { return Pounds(c.TotalPence) }

// Decided reports whether an officer has approved or rejected the claim.
func (c Claim) Decided() bool { return c.Status == Approved || c.Status == Rejected }

// NeedsReceipt reports whether the claim has a line paid at cost (public
// transport or another cost), for which a receipt is required.
func (c Claim) NeedsReceipt() bool {
	return slices.ContainsFunc(c.Lines, func(l Line) bool { return l.Kind.AtCost() })
}

// LineInput is one row of the claim form as typed. Quantity is for mileage
// and care cover, Amount for public transport and other costs; a meal needs
// neither.
type LineInput struct {
	Kind, OnDate, Description, Quantity, Amount string
}

// Blank reports whether the row was left empty (the form offers more rows
// than most claims need).
func (in LineInput) Blank() bool {
	return strings.TrimSpace(in.Kind+in.OnDate+in.Description+in.Quantity+in.Amount) == ""
}

// LineField is the form field id of row i's (0-based) field, as NewClaim
// names it in its errors: "line-1-amount".
func LineField(i int, field string) string { return fmt.Sprintf("line-%d-%s", i+1, field) }

// NewClaim turns rows of the claim form into a priced claim for member,
// checked against policy p and the receipts attached. today is the date in
// Scotland (YYYY-MM-DD); no line may be dated after it.
//
// Blank rows must be dropped first (see LineInput.Blank): errors name the
// fields of rows by their position in inputs, so the form shows the rows
// it keeps in the same order. Each field gets at most one error.
//
// The rules, beyond Price's:
//   - at least one line, at most MaxLines;
//   - each line has a kind the policy pays for, a real date not in the
//     future, and a description;
//   - a meal allowance is paid at most once a day (the store also checks
//     the member's other claims);
//   - a claim with public transport or other costs carries at least one
//     receipt: receipts belong to the claim, not to one line, because one
//     ticket often covers several journeys;
//   - at most MaxReceipts receipts.
func NewClaim(p Policy, memberID, meetingID int64, inputs []LineInput, receipts []Receipt, today string) (Claim, error) {
	c := Claim{PartnershipID: p.PartnershipID, MemberID: memberID, MeetingID: meetingID, Status: Submitted, Receipts: receipts}
	var errs valid.Errors
	if len(inputs) == 0 {
		errs.Add(LineField(0, "kind"), "Add at least one thing to claim for")
	}
	if len(inputs) > MaxLines {
		errs.Add(LineField(MaxLines, "kind"), fmt.Sprintf("Claim for %d things or fewer at a time", MaxLines))
		inputs = inputs[:MaxLines]
	}
	for i, in := range inputs {
		l := Line{Kind: Kind(strings.TrimSpace(in.Kind)), OnDate: strings.TrimSpace(in.OnDate),
			Description: strings.TrimSpace(in.Description)}
		if l.Kind.Unit() != "" {
			l.Quantity = strings.TrimSpace(in.Quantity)
		}
		if l.Kind.AtCost() {
			amount, err := ParsePounds(in.Amount)
			if err != nil {
				errs.Add(LineField(i, "amount"), err.Error())
			}
			l.AmountPence = amount
		}
		c.Lines = append(c.Lines, l)
	}
	for _, fe := range checkLines(p, c.Lines, today) {
		if errs.For(fe.Field) == "" {
			errs.Add(fe.Field, fe.Message)
		}
	}
	for i := range c.Lines {
		if amount, err := Price(p, c.Lines[i]); err == nil {
			c.Lines[i].AmountPence = amount
			c.TotalPence += amount
		}
	}
	errs = append(errs, checkReceipts(c)...)
	sortByPage(errs)
	return c, errs.Err()
}

// sortByPage puts errors in the order their fields appear on the claim
// form — the meeting, then each row's kind, date, description, quantity
// and amount, then the receipts — so the error summary reads down the page.
func sortByPage(errs valid.Errors) {
	rank := func(field string) int {
		if field == "meeting" {
			return 0
		}
		var n int
		var f string
		if _, err := fmt.Sscanf(strings.Replace(field, "-", " ", 2), "line %d %s", &n, &f); err == nil {
			return n*10 + slices.Index([]string{"kind", "date", "description", "quantity", "amount"}, f) + 1
		}
		return 1 << 20
	}
	slices.SortStableFunc(errs, func(a, b valid.FieldError) int { return rank(a.Field) - rank(b.Field) })
}

// checkLines checks lines that are already read (as NewClaim makes them or
// as the store is given them) against the policy, naming each error's
// field by the line's position.
func checkLines(p Policy, lines []Line, today string) valid.Errors {
	var errs valid.Errors
	meals := map[string]bool{}
	for i, l := range lines {
		if !slices.Contains(Kinds, l.Kind) {
			errs.Add(LineField(i, "kind"), "Select what you are claiming for")
			continue
		}
		if !p.Covers(l.Kind) {
			errs.Add(LineField(i, "kind"), fmt.Sprintf("The partnership's expenses policy does not pay for %s", strings.ToLower(l.Kind.Name())))
			continue
		}
		if d, err := time.Parse(time.DateOnly, l.OnDate); err != nil || d.Format(time.DateOnly) != l.OnDate {
			errs.Add(LineField(i, "date"), "Enter the date as a real date, like 2026-03-31")
		} else if l.OnDate > today {
			errs.Add(LineField(i, "date"), "Enter a date that is today or in the past")
		}
		if l.Description == "" {
			errs.Add(LineField(i, "description"), "Say what this is for, for example the journey from where to where")
		} else if len([]rune(l.Description)) > maxDescription {
			errs.Add(LineField(i, "description"), fmt.Sprintf("Use %d characters or fewer to describe it", maxDescription))
		}
		if l.Kind == Meal {
			if meals[l.OnDate] {
				errs.Add(LineField(i, "date"), "The meal allowance is paid once a day: you have already claimed it for this date")
			}
			meals[l.OnDate] = true
		}
		if _, err := Price(p, l); err != nil {
			field := "amount"
			if l.Kind.Unit() != "" {
				field = "quantity"
			}
			msg := err.Error()
			if errors.Is(err, ErrQuantityMissing) {
				msg = "Enter how many " + l.Kind.Unit()
			}
			errs.Add(LineField(i, field), msg)
		}
	}
	return errs
}

func checkReceipts(c Claim) valid.Errors {
	var errs valid.Errors
	switch {
	case len(c.Receipts) > MaxReceipts:
		errs, _ = valid.As(TooManyReceipts())
	case c.NeedsReceipt() && len(c.Receipts) == 0:
		errs.Add("receipts", "Attach a receipt or ticket for public transport and other costs")
	}
	return errs
}

// ValidateDecision checks that an officer may decide claim c: only a
// submitted claim can be decided, never by the member who made it, and a
// rejection needs a reason.
func ValidateDecision(c Claim, approve bool, reason string, deciderIsClaimant bool) error {
	switch {
	case c.Decided():
		return ErrDecided
	case deciderIsClaimant:
		return ErrOwnClaim
	case !approve && strings.TrimSpace(reason) == "":
		return valid.Errors{{Field: "reason", Message: "Say why the claim is rejected, so the member knows what to do next"}}
	case !approve && len([]rune(reason)) > maxReason:
		return valid.Errors{{Field: "reason", Message: fmt.Sprintf("Use %d characters or fewer for the reason", maxReason)}}
	}
	return nil
}

// Errors from deciding a claim.
var (
	ErrDecided  = errors.New("This claim has already been decided. A decided claim cannot be changed; the member can make a new claim.")
	ErrOwnClaim = errors.New("You cannot decide your own claim. Ask another officer to decide it.")
)

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
