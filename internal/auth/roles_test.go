package auth_test

import (
	"testing"

	"coplan/internal/auth"
)

// TestCan writes out who may do what, in full, so that any change to the
// rules shows up here as a deliberate edit. The partnership ids are:
// own = 1 (the partnership the account belongs to), other = 2, none = 0 (a
// route about no one partnership, such as creating partnerships).
func TestCan(t *testing.T) {
	const own, other, none = 1, 2, 0
	users := map[string]*auth.User{
		"administrator":          {ID: 1, PartnershipID: own, Role: auth.Administrator},
		"instance administrator": {ID: 2, PartnershipID: 0, Role: auth.Administrator},
		"officer":                {ID: 3, PartnershipID: own, Role: auth.Officer},
		"spg-member":             {ID: 4, PartnershipID: own, Role: auth.SPGMember},
		"board-member":           {ID: 5, PartnershipID: own, Role: auth.BoardMember},
		"scrutiny":               {ID: 6, PartnershipID: 0, Role: auth.Scrutiny},
		"nobody signed in":       nil,
	}
	type cell struct{ own, other, none bool }
	const Y, N = true, false
	want := map[string]map[auth.Permission]cell{
		"administrator": {
			auth.Public:         {Y, Y, Y},
			auth.SignedIn:       {Y, Y, Y},
			auth.ReadPlanning:   {Y, N, N},
			auth.EditPlanning:   {Y, N, N},
			auth.ReadPersonal:   {Y, N, N},
			auth.ReadAudit:      {Y, N, N},
			auth.ManageAccounts: {Y, N, N},
			auth.ManageInstance: {N, N, N},
		},
		"instance administrator": {
			auth.Public:         {Y, Y, Y},
			auth.SignedIn:       {Y, Y, Y},
			auth.ReadPlanning:   {Y, Y, Y},
			auth.EditPlanning:   {Y, Y, Y},
			auth.ReadPersonal:   {Y, Y, Y},
			auth.ReadAudit:      {Y, Y, Y},
			auth.ManageAccounts: {Y, Y, Y},
			auth.ManageInstance: {Y, Y, Y},
		},
		"officer": {
			auth.Public:         {Y, Y, Y},
			auth.SignedIn:       {Y, Y, Y},
			auth.ReadPlanning:   {Y, N, N},
			auth.EditPlanning:   {Y, N, N},
			auth.ReadPersonal:   {Y, N, N},
			auth.ReadAudit:      {N, N, N},
			auth.ManageAccounts: {N, N, N},
			auth.ManageInstance: {N, N, N},
		},
		"spg-member": {
			auth.Public:         {Y, Y, Y},
			auth.SignedIn:       {Y, Y, Y},
			auth.ReadPlanning:   {N, N, N},
			auth.EditPlanning:   {N, N, N},
			auth.ReadPersonal:   {N, N, N},
			auth.ReadAudit:      {N, N, N},
			auth.ManageAccounts: {N, N, N},
			auth.ManageInstance: {N, N, N},
		},
		"board-member": {
			auth.Public:         {Y, Y, Y},
			auth.SignedIn:       {Y, Y, Y},
			auth.ReadPlanning:   {N, N, N},
			auth.EditPlanning:   {N, N, N},
			auth.ReadPersonal:   {N, N, N},
			auth.ReadAudit:      {N, N, N},
			auth.ManageAccounts: {N, N, N},
			auth.ManageInstance: {N, N, N},
		},
		// Scrutiny reads every partnership and changes nothing.
		"scrutiny": {
			auth.Public:         {Y, Y, Y},
			auth.SignedIn:       {Y, Y, Y},
			auth.ReadPlanning:   {Y, Y, Y},
			auth.EditPlanning:   {N, N, N},
			auth.ReadPersonal:   {N, N, N},
			auth.ReadAudit:      {Y, Y, Y},
			auth.ManageAccounts: {N, N, N},
			auth.ManageInstance: {N, N, N},
		},
		"nobody signed in": {
			auth.Public:         {Y, Y, Y},
			auth.SignedIn:       {N, N, N},
			auth.ReadPlanning:   {N, N, N},
			auth.EditPlanning:   {N, N, N},
			auth.ReadPersonal:   {N, N, N},
			auth.ReadAudit:      {N, N, N},
			auth.ManageAccounts: {N, N, N},
			auth.ManageInstance: {N, N, N},
		},
	}
	perms := []auth.Permission{auth.Public, auth.SignedIn, auth.ReadPlanning, auth.EditPlanning, auth.ReadPersonal,
		auth.ReadAudit, auth.ManageAccounts, auth.ManageInstance}
	if len(want) != len(users) {
		t.Fatalf("table has %d users, fixtures %d", len(want), len(users))
	}
	for name, u := range users {
		row, ok := want[name]
		if !ok || len(row) != len(perms) {
			t.Fatalf("%s: the table must list all %d permissions", name, len(perms))
		}
		for _, perm := range perms {
			c := row[perm]
			for _, pid := range []struct {
				where string
				id    int64
				want  bool
			}{{"own partnership", own, c.own}, {"other partnership", other, c.other}, {"no partnership", none, c.none}} {
				if got := auth.Can(u, perm, pid.id); got != pid.want {
					t.Errorf("Can(%s, %s, %s) = %v, want %v", name, perm, pid.where, got, pid.want)
				}
			}
		}
	}
}

// A scrutiny account placed in a partnership still changes nothing there.
func TestScrutinyInAPartnershipIsStillReadOnly(t *testing.T) {
	u := &auth.User{ID: 1, PartnershipID: 1, Role: auth.Scrutiny}
	for _, perm := range []auth.Permission{auth.EditPlanning, auth.ManageAccounts, auth.ManageInstance} {
		if auth.Can(u, perm, 1) {
			t.Errorf("scrutiny in partnership 1 can %s there", perm)
		}
	}
	if !auth.Can(u, auth.ReadPlanning, 2) || !auth.Can(u, auth.ReadAudit, 2) {
		t.Error("scrutiny in partnership 1 cannot read partnership 2")
	}
}

func TestRoleNamesAndValidity(t *testing.T) {
	want := map[auth.Role]string{
		auth.Administrator: "Administrator",
		auth.Officer:       "Planning officer",
		auth.SPGMember:     "Strategic Planning Group member",
		auth.BoardMember:   "Integration joint board member",
		auth.Scrutiny:      "Scrutiny (read-only)",
	}
	if len(auth.Roles) != len(want) {
		t.Fatalf("Roles has %d roles, want %d", len(auth.Roles), len(want))
	}
	for _, r := range auth.Roles {
		if !r.Valid() {
			t.Errorf("%s is not Valid", r)
		}
		if r.Name() != want[r] {
			t.Errorf("%s.Name() = %q, want %q", r, r.Name(), want[r])
		}
	}
	for _, r := range []auth.Role{"", "admin", "Administrator", "public"} {
		if r.Valid() {
			t.Errorf("role %q is Valid", r)
		}
	}
}
