package consult_test

import (
	"context"
	"testing"

	"coplan/internal/audit"
	"coplan/internal/consult"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
)

// The locality a respondent states: none and one of the partnership's are
// answers; another partnership's, or a malformed value, is refused at the
// field.
func TestValidateStatedLocality(t *testing.T) {
	cs, err := consult.LoadCatalogs("")
	if err != nil {
		t.Fatal(err)
	}
	m := cs.For("en")
	for _, tc := range []struct {
		name string
		id   int64
		ok   bool
	}{
		{"none stated", 0, true},
		{"one of the partnership's", 12, true},
		{"another partnership's", 99, false},
		{"malformed", -1, false},
	} {
		errs := consult.ValidateStatedLocality([]int64{11, 12}, tc.id, m)
		if got := len(errs) == 0; got != tc.ok {
			t.Errorf("%s: accepted %t, want %t (%v)", tc.name, got, tc.ok, errs)
		}
		if !tc.ok && errs.For("rif-locality") == "" {
			t.Errorf("%s: no message at rif-locality", tc.name)
		}
	}
}

// An online respondent's stated locality is saved with the draft where no
// postcode the partnership maps places them; a mapped postcode's locality
// wins; a changed locality is saved, and a submission that changes it
// writes it.
func TestDraftKeepsTheStatedLocality(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c, _ := openConsultation(t, d)
		p, err := partnership.ByID(ctx, d, c.PartnershipID)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Localities) < 3 {
			t.Fatalf("the demo partnership has %d localities, want 3 or more", len(p.Localities))
		}
		mapped, stated, other := p.Localities[0].ID, p.Localities[1].ID, p.Localities[2].ID
		st := consultStore(d, p.ID)
		if err := st.SetPostcodeDistricts(ctx, map[string]int64{"GM1": mapped}, audit.System); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name     string
			postcode string
			want     int64
		}{
			{"no postcode", "", stated},
			{"a postcode the partnership does not map", "EH1 3DG", stated},
			{"a mapped postcode wins", "GM1 1AA", mapped},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r, token, err := st.StartDraft(ctx, c, "en")
				if err != nil {
					t.Fatal(err)
				}
				r.Respondent = consult.Respondent{Type: consult.Individual, Publish: consult.DoNotPublish, ContactSet: true,
					Postcode: tc.postcode, LocalityID: stated}
				if err := st.SaveDraft(ctx, c, r); err != nil {
					t.Fatal(err)
				}
				back, _, err := st.OpenDraft(ctx, token)
				if err != nil {
					t.Fatal(err)
				}
				if back.Respondent.LocalityID != tc.want {
					t.Fatalf("saved locality %d, want %d", back.Respondent.LocalityID, tc.want)
				}
				if tc.postcode != "" {
					return
				}
				// Changed on the way to the check page, and sent.
				back.Respondent.LocalityID = other
				if _, err := st.Submit(ctx, nil, c, back, "GLE"); err != nil {
					t.Fatal(err)
				}
				stored, err := st.Response(ctx, c.ID, back.ID)
				if err != nil {
					t.Fatal(err)
				}
				if stored.Respondent.LocalityID != other {
					t.Errorf("submitted locality %d, want the changed %d", stored.Respondent.LocalityID, other)
				}
			})
		}
	})
}
