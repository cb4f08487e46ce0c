package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"coplan/internal/audit"
	"coplan/internal/plan"
)

// The stage page of a final plan says the annual financial statement must
// be uploaded before publication, and stops saying so once it is (issue
// 10, item 5).
func TestStagePageNamesMissingFinancialStatement(t *testing.T) {
	c, base, d := signedIn(t, "officer@glenmorven.example")
	ctx := context.Background()
	p, id, path := newDraftPlan(t, d)
	if _, err := d.ExecContext(ctx, `UPDATE plans SET stage = $1 WHERE id = $2`, string(plan.Final), id); err != nil {
		t.Fatal(err)
	}
	const missing = "the annual financial statement has not been uploaded to the plan&#39;s documents"
	code, _, body := c.do("GET", base+path, nil)
	if code != http.StatusOK || !strings.Contains(body, missing) {
		t.Fatalf("stage page: status %d, or it does not say the financial statement is missing", code)
	}
	if _, err := plan.StoreFor(d, p, nil).AddDocument(ctx, plan.Document{PlanID: id, Kind: plan.FinancialStatement,
		Title: "Annual financial statement", Filename: "afs.pdf", ContentType: "application/pdf"}, []byte("%PDF-1.4\n"), audit.System); err != nil {
		t.Fatal(err)
	}
	if _, _, body = c.do("GET", base+path, nil); strings.Contains(body, missing) {
		t.Error("the stage page still says the financial statement is missing after it was uploaded")
	}
}
