package governance

import (
	"slices"

	"coplan/internal/partnership"
	"coplan/internal/statute"
	"coplan/internal/valid"
)

// ValidateSeat checks a new seat against its partnership: the capacity and
// what it needs (a prescribed group, a nominating council, the localities
// represented) and its dates. Fields are the ids of the seat form.
func ValidateSeat(p partnership.Partnership, s Seat) error {
	var errs valid.Errors
	if s.MemberID == 0 {
		errs.Add("member", "Select the member, or add them first")
	}
	if !slices.Contains(Capacities, s.Capacity) {
		errs.Add("capacity", "Select the capacity in which they sit")
	}
	if s.Capacity == PrescribedGroupRep {
		if _, ok := statute.PrescribedGroup(s.PrescribedGroup); !ok {
			errs.Add("prescribed_group", "Select the prescribed group they represent")
		}
	}
	if s.Capacity == LocalAuthorityNominee &&
		!slices.ContainsFunc(p.LocalAuthorities, func(n partnership.Named) bool { return n.ID == s.LocalAuthorityID }) {
		errs.Add("local_authority", "Select the local authority that nominated them")
	}
	for _, id := range s.LocalityIDs {
		if !slices.ContainsFunc(p.Localities, func(n partnership.Named) bool { return n.ID == id }) {
			errs.Add("localities", "Select localities of this partnership")
			break
		}
	}
	if s.Capacity == LocalityRep && len(s.LocalityIDs) == 0 {
		errs.Add("localities", "Select the locality or localities they represent")
	}
	if _, ok := ParseDate(string(s.NominatedOn)); !ok {
		errs.Add("nominated_on", "Enter the date of nomination as a real date, like 2026-03-31")
	}
	if s.AppointedOn != "" {
		if _, ok := ParseDate(string(s.AppointedOn)); !ok {
			errs.Add("appointed_on", "Enter the date of appointment as a real date, like 2026-03-31")
		} else if s.AppointedOn < s.NominatedOn {
			errs.Add("appointed_on", "The appointment date cannot be before the nomination")
		}
	}
	if s.TermEndsOn != "" {
		if _, ok := ParseDate(string(s.TermEndsOn)); !ok {
			errs.Add("term_ends_on", "Enter the end of the term as a real date, like 2028-03-31")
		} else if s.TermEndsOn <= s.NominatedOn {
			errs.Add("term_ends_on", "The term must end after the nomination")
		}
	}
	return errs.Err()
}

// EndingSoon returns the held seats whose term ends within days of today,
// soonest first.
func EndingSoon(seats []Seat, today Date, days int) []Seat {
	limit := today.AddDays(days)
	var out []Seat
	for _, s := range seats {
		if s.HeldOn(today) && s.TermEndsOn != "" && s.TermEndsOn >= today && s.TermEndsOn <= limit {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b Seat) int {
		if a.TermEndsOn < b.TermEndsOn {
			return -1
		}
		if a.TermEndsOn > b.TermEndsOn {
			return 1
		}
		return 0
	})
	return out
}

// HeldOn returns the seats held on date d.
func HeldOn(seats []Seat, d Date) []Seat {
	var out []Seat
	for _, s := range seats {
		if s.HeldOn(d) {
			out = append(out, s)
		}
	}
	return out
}
