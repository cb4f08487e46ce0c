package web_test

// analysisThemesAccess says who may use each page of the suggested themes (i13-themes fills it).
var analysisThemesAccess = map[string]access{}
