package statute

import (
	"strings"
	"testing"
)

func TestSelfEvaluationFrameworks(t *testing.T) {
	fs := SelfEvaluationFrameworks()
	if len(fs) != 4 {
		t.Fatalf("got %d frameworks, want 4", len(fs))
	}
	for _, f := range fs {
		if f.Source.Title == "" || len(f.Items) == 0 {
			t.Errorf("%s: no source or no items", f.Code)
		}
		seen := map[string]bool{}
		for _, it := range f.Items {
			if it.Code == "" || seen[it.Code] || strings.Contains(it.Code, "/") {
				t.Errorf("%s: bad or repeated code %q", f.Code, it.Code)
			}
			seen[it.Code] = true
		}
		if g, ok := SelfEvaluationFramework(f.Code); !ok || g.Name != f.Name {
			t.Errorf("SelfEvaluationFramework(%q) = %v, %v", f.Code, g.Name, ok)
		}
	}
	std, _ := SelfEvaluationFramework(FrameworkStandards)
	if len(std.Items) != 7 {
		t.Errorf("standards: %d items, want 7", len(std.Items))
	}
	pwp, _ := SelfEvaluationFramework(FrameworkPlanning)
	if len(pwp.Items) != 6 || pwp.Items[5].Title != "Feedback and decision making" {
		t.Errorf("Planning with People cycle: %+v", pwp.Items)
	}
}

func TestMSGForSelfEvaluation(t *testing.T) {
	msg, _ := SelfEvaluationFramework(FrameworkMSG)
	var codes []string
	for _, it := range msg.Items {
		codes = append(codes, it.Code)
	}
	if got := strings.Join(codes[:3], " "); got != "1(iii) 3(iv) 6(ii)" {
		t.Errorf("first three = %s, want the three that ask for critical evaluation", got)
	}
	local := 0
	for _, p := range MSGProposals() {
		if !p.National {
			local++
		}
	}
	if len(codes) != local {
		t.Errorf("%d proposals rated, want the %d local ones", len(codes), local)
	}
	for _, c := range []string{"1(i)", "3(ii)", "3(iii)", "5(iii)"} {
		if _, ok := msg.Item(c); ok {
			t.Errorf("national proposal %s is rated", c)
		}
	}
	for _, c := range codes[:3] {
		it, _ := msg.Item(c)
		if !strings.Contains(it.Text, "critically") {
			t.Errorf("%s does not ask for critical evaluation: %q", c, it.Text)
		}
	}
}

func TestGradeLabel(t *testing.T) {
	for _, tc := range []struct {
		v    int
		want string
	}{{0, "Not rated"}, {1, "Unsatisfactory"}, {3, "Adequate"}, {6, "Excellent"}, {7, ""}, {-1, ""}} {
		if got := GradeLabel(tc.v); got != tc.want {
			t.Errorf("GradeLabel(%d) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
