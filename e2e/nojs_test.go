package e2e

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"coplan/internal/demo"
)

// TestFormsWorkWithJavaScriptOff uses the partnership form and the
// delegated functions form as the demo planning officer in a browser that
// runs no JavaScript: a mistake is shown the Scottish Government way and
// changes nothing; a correct change is saved and reaches the public page.
func TestFormsWorkWithJavaScriptOff(t *testing.T) {
	a := startApp(t)
	browser := startBrowser(t)
	b := newTab(t, browser, a.URL)
	if _, err := run(b, func(ctx context.Context, _ *chromedp.Target) (struct{}, error) {
		return chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	}); err != nil {
		t.Fatalf("switch JavaScript off: %v", err)
	}
	// Make sure it is off: a page's own script must not run.
	if _, err := b.open("data:text/html," + url.PathEscape(`<!DOCTYPE html><title>off</title><script>document.title = "on"</script>`)); err != nil {
		t.Fatal(err)
	}
	if title, err := run(b, chromedp.Title()); err != nil || title != "off" {
		t.Fatalf("JavaScript still runs in the tab: title %q, %v", title, err)
	}

	officer := "officer@glenmorven.example"
	b.signIn(officer, demo.Password)
	edit := "/staff/partnerships/" + demo.Slug + "/edit"
	public := "/partnerships/" + demo.Slug
	localities := demo.Partnership().LocalityNames()

	t.Run("one locality is refused and changes nothing", func(t *testing.T) {
		if _, err := b.open(edit); err != nil {
			t.Fatal(err)
		}
		if err := keepOneLocality(b); err != nil {
			t.Fatal(err)
		}
		status, err := b.submit("main form button[type=submit]")
		if err != nil {
			t.Fatal(err)
		}
		if status != http.StatusUnprocessableEntity {
			t.Errorf("status %d, want %d", status, http.StatusUnprocessableEntity)
		}
		summary, err := run(b, chromedp.Text(chromedp.CSS(".ds_error-summary")))
		if err != nil {
			t.Fatalf("no error summary: %v", err)
		}
		if !strings.Contains(summary, "There is a problem") || !strings.Contains(summary, "at least 2 localities") {
			t.Errorf("the error summary says %q, want the problem with the localities", summary)
		}
		link, err := run(b, chromedp.AttributeValue(chromedp.CSS(".ds_error-summary a"), "href"))
		if err != nil || link.Value != "#localities" {
			t.Errorf("the error summary links to %q (%v), want #localities, the first locality box", link.Value, err)
		}
		first, err := run(b, chromedp.Attributes(chromedp.ID("localities")))
		if err != nil {
			t.Fatalf("no first locality box: %v", err)
		}
		if first["aria-invalid"] != "true" {
			t.Errorf("the first locality box is not marked invalid: %v", first)
		}
		if first["aria-describedby"] != "localities-error" {
			t.Errorf("the first locality box is described by %q, want localities-error, its error message", first["aria-describedby"])
		} else if msg, err := run(b, chromedp.Text(chromedp.ID("localities-error"))); err != nil || !strings.Contains(msg, "at least 2 localities") {
			t.Errorf("the message at the localities says %q (%v), want the problem", msg, err)
		}
		if !strings.Contains(first["class"], "ds_input--error") {
			t.Errorf("the first locality box is not styled as in error: class %q", first["class"])
		}
		if first["value"] != localities[0] {
			t.Errorf("the first locality box holds %q, want %q as entered", first["value"], localities[0])
		}
		if title, _ := run(b, chromedp.Title()); !strings.HasPrefix(title, "Error: ") {
			t.Errorf("the page title %q does not start with \"Error: \"", title)
		}
		b.screenshot("no-js partnership form with errors")

		// A fresh look: the partnership still has all its localities.
		res, err := b.fetch(public)
		if err != nil || res.status != http.StatusOK {
			t.Fatalf("GET %s: %d, %v", public, res.status, err)
		}
		for _, l := range localities {
			if !strings.Contains(string(res.body), "<li>"+l+"</li>") {
				t.Errorf("%s no longer lists the locality %s after a refused change", public, l)
			}
		}
		if _, err := b.open(edit); err != nil {
			t.Fatal(err)
		}
		ids, err := localityInputs(b)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range localities {
			v, err := run(b, chromedp.AttributeValue(chromedp.ID(ids[i]), "value"))
			if err != nil || v.Value != l {
				t.Errorf("locality box %d holds %q (%v), want %q", i+1, v.Value, err, l)
			}
		}
	})

	t.Run("a new locality reaches the public page", func(t *testing.T) {
		const added = "Glen Aulin"
		if _, err := b.open(edit); err != nil {
			t.Fatal(err)
		}
		ids, err := localityInputs(b)
		if err != nil {
			t.Fatal(err)
		}
		spare := ids[len(localities)] // the first empty box after the saved ones
		if err := b.fill("#"+spare, added); err != nil {
			t.Fatal(err)
		}
		status, err := b.submit("main form button[type=submit]")
		if err != nil {
			t.Fatal(err)
		}
		if loc := b.location(); status != http.StatusOK || !strings.HasPrefix(loc, "/staff/partnerships/"+demo.Slug+"?") {
			t.Fatalf("after saving: status %d at %s, want the partnership's staff page", status, loc)
		}
		notice, err := run(b, chromedp.Text(chromedp.CSS(".ds_notification-panel")))
		if err != nil || !strings.Contains(notice, "saved") {
			t.Errorf("no notice that the change was saved: %q, %v", notice, err)
		}
		if _, err := b.open(public); err != nil {
			t.Fatal(err)
		}
		items, err := run(b, chromedp.Text(chromedp.CSS(`main ul[aria-labelledby="localities"]`)))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range append(localities, added) {
			if !strings.Contains(items, l) {
				t.Errorf("the public page lists localities %q, want %s among them", items, l)
			}
		}
	})

	t.Run("a delegated function is added", func(t *testing.T) {
		const fn = "Palliative and end of life care in the community"
		functions := "/staff/partnerships/" + demo.Slug + "/functions"
		if _, err := b.open(functions); err != nil {
			t.Fatal(err)
		}
		if err := b.fill("#name", fn); err != nil {
			t.Fatal(err)
		}
		// Choose the health board and "Health" from the keyboard, as a
		// keyboard user would: focus each radio button and press space.
		// (Clicking at coordinates raced the page's layout now and then.)
		if err := b.do(
			chromedp.Focus(chromedp.CSS(`#partner`)),
			chromedp.KeyEvent(" "),
			chromedp.Focus(chromedp.CSS(`#kind`)),
			chromedp.KeyEvent(" "),
		); err != nil {
			t.Fatal(err)
		}
		status, err := b.submit(`form[action$="/functions"] button[type=submit]`)
		if err != nil {
			t.Fatal(err)
		}
		if loc := b.location(); status != http.StatusOK || !strings.HasPrefix(loc, functions+"?") {
			t.Fatalf("after adding: status %d at %s, want the functions page", status, loc)
		}
		table, err := run(b, chromedp.Text(chromedp.CSS("main table")))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(table, fn) {
			t.Errorf("the list of functions does not show %q:\n%s", fn, table)
		}
		b.screenshot("no-js functions after adding")
	})
}
