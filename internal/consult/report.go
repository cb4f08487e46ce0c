package consult

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"coplan/internal/valid"
)

// CanRecordReport says whether a consultation's analysis report can be
// recorded as published at time now: its responses must have been
// analysed, and the report must be somewhere a respondent can read it —
// an uploaded document of kind AnalysisReport among docs, or link, the
// https address where it is published. Every respondent is told a report
// will be published, so "reported" is never a bare claim (issue 10, item 6).
func CanRecordReport(c Consultation, now time.Time, docs []Document, link string) error {
	var errs valid.Errors
	switch c.StatusAt(now) {
	case Analysed:
	case Reported:
		errs.Add("stage", "The analysis report has already been recorded as published")
	default:
		errs.Add("stage", "Record that the responses have been analysed before recording the analysis report")
	}
	if len(errs) > 0 {
		return errs.Err()
	}
	link = strings.TrimSpace(link)
	hasDoc := slices.ContainsFunc(docs, func(d Document) bool { return d.Kind == AnalysisReport })
	switch {
	case link != "" && !ReportLinkValid(link):
		errs.Add("report-link", "Enter the report's address as a full link starting with https://, like https://www.example.gov.uk/report")
	case link == "" && !hasDoc:
		errs.Add("report-link", "Enter the link to the published analysis report, or upload it below as a document of the kind ‘Analysis report’")
	}
	return errs.Err()
}

// ReportLinkValid says whether link is an https address of a page on a
// named host, as a report's address must be.
func ReportLinkValid(link string) bool {
	u, err := url.Parse(link)
	return err == nil && u.Scheme == "https" && u.Host != "" && u.User == nil && len(link) <= 2000 &&
		!strings.ContainsAny(link, " \t\r\n")
}
