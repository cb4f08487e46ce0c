package consult_test

import (
	"testing"
	"time"

	"coplan/internal/consult"
)

// issue 10, item 12: a response keyed in after the consultation closed is
// late.
func TestLate(t *testing.T) {
	closes := time.Date(2025, 1, 31, 23, 59, 0, 0, time.UTC)
	c := consult.Consultation{OpensAt: closes.AddDate(0, -4, 0), ClosesAt: closes}
	tests := []struct {
		name string
		r    consult.Response
		want bool
	}{
		{"submitted while open", consult.Response{Submitted: true, SubmittedAt: closes.Add(-time.Minute)}, false},
		{"keyed in at the closing time", consult.Response{Submitted: true, SubmittedAt: closes}, true},
		{"keyed in a year later", consult.Response{Submitted: true, SubmittedAt: closes.AddDate(1, 0, 0)}, true},
		{"a draft", consult.Response{SubmittedAt: closes.AddDate(1, 0, 0)}, false},
		{"no time recorded", consult.Response{Submitted: true}, false},
	}
	for _, tt := range tests {
		if got := c.Late(tt.r); got != tt.want {
			t.Errorf("%s: Late = %v, want %v", tt.name, got, tt.want)
		}
	}
}
