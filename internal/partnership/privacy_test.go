package partnership_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"coplan/internal/audit"
	"coplan/internal/db"
	"coplan/internal/db/dbtest"
	"coplan/internal/partnership"
)

// issue 10, item 13: the standard privacy notice names the integration
// authority as controller, the purposes, how long responses are kept and
// the respondent's rights under the UK GDPR.
func TestDefaultPrivacyNotice(t *testing.T) {
	lead := glen()
	lead.Model = "lead-agency"
	for _, tt := range []struct {
		name  string
		p     partnership.Partnership
		wants []string
	}{
		{"integration joint board", glen(), []string{"Glen Test Integration Joint Board is the data controller", "NHS Glen Test and Glen Test Council"}},
		{"lead agency", lead, []string{"Glen Test (lead agency) is the data controller"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n := partnership.DefaultPrivacyNotice(tt.p)
			for _, want := range append(tt.wants,
				"plan health and social care services", "analyse", "publish a response only if you agree",
				"5 years after the consultation closes",
				"copy of the information", "correct", "delete", "object", "Information Commissioner's Office") {
				if !strings.Contains(n, want) {
					t.Errorf("the notice does not say %q", want)
				}
			}
		})
	}
}

// issue 10, item 13: a partnership sets its own notice (with an audit
// entry), and an empty one goes back to the standard notice; another
// partnership's notice is untouched.
func TestSetPrivacyNotice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := create(t, d, glen())
		other := glen()
		other.Slug, other.Name, other.HealthBoard = "other", "Other", "NHS Other"
		o := create(t, d, other)
		now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
		st := partnership.StoreFor(d, p, func() time.Time { return now })
		n, err := st.PrivacyNotice(ctx)
		if err != nil || n.Custom || n.Text != partnership.DefaultPrivacyNotice(p) {
			t.Fatalf("before any is set: %+v, %v", n, err)
		}
		if err := st.SetPrivacyNotice(ctx, "# Our notice\r\n\r\nWe keep responses for two years.", audit.System); err != nil {
			t.Fatal(err)
		}
		n, _ = st.PrivacyNotice(ctx)
		if !n.Custom || n.Text != "# Our notice\n\nWe keep responses for two years." || !n.UpdatedAt.Equal(now) {
			t.Errorf("after setting: %+v", n)
		}
		if on, _ := partnership.StoreFor(d, o, time.Now).PrivacyNotice(ctx); on.Custom {
			t.Error("another partnership's notice changed")
		}
		es, _ := audit.ForPartnership(ctx, d, p.ID, 5)
		if len(es) == 0 || es[0].Entity != "privacy notice" {
			t.Errorf("audit = %+v", es)
		}
		if err := st.SetPrivacyNotice(ctx, strings.Repeat("x", partnership.MaxNoticeChars+1), audit.System); err == nil {
			t.Error("an over-long notice was stored")
		}
		if err := st.SetPrivacyNotice(ctx, "  ", audit.System); err != nil {
			t.Fatal(err)
		}
		if n, _ := st.PrivacyNotice(ctx); n.Custom {
			t.Error("an empty notice did not go back to the standard one")
		}
	})
}
