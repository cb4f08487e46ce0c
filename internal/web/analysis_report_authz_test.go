package web_test

// analysisReportAccess says who may use each page of the analysis report (i13-report fills it).
var analysisReportAccess = map[string]access{}
