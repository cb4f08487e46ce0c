package markdown

import (
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"heading under the page's own", "# Our vision", "<h3>Our vision</h3>"},
		{"second level", "## Home first", "<h4>Home first</h4>"},
		{"bold", "We put **home first**.", "<p>We put <strong>home first</strong>.</p>"},
		{"a bulleted list", "- one\n- two", "<ul class=\"ds_list ds_list--bulleted\">\n<li>one</li>\n<li>two</li>\n</ul>"},
		{"a numbered list", "1. one\n2. two", "<ol class=\"ds_list ds_list--ordered\">"},
		{"raw HTML is left out", "<script>alert(1)</script>\n\nText", "<!-- raw HTML omitted -->"},
		{"script links are dropped", "[click](javascript:alert(1))", "<a href=\"\">click</a>"},
		{"a link", "[the Act](https://www.legislation.gov.uk/asp/2014/9)", "<a href=\"https://www.legislation.gov.uk/asp/2014/9\">the Act</a>"},
		{"text is escaped", "5 < 6 & so on", "<p>5 &lt; 6 &amp; so on</p>"},
	} {
		got := string(HTML(c.in, 2))
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: HTML(%q) = %q, want it to contain %q", c.name, c.in, got, c.want)
		}
		if strings.Contains(got, "<script") {
			t.Errorf("%s: a script got through: %q", c.name, got)
		}
	}
}

func TestHTMLUnder(t *testing.T) {
	if got := string(HTML("# A\n\n## B", 3)); !strings.Contains(got, "<h4>A</h4>") || !strings.Contains(got, "<h5>B</h5>") {
		t.Errorf("under h3: %q", got)
	}
	if got := string(HTML("### Deep", 5)); !strings.Contains(got, "<h6>Deep</h6>") {
		t.Errorf("headings stop at h6: %q", got)
	}
}
