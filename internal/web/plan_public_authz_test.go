package web_test

// planPublicAccess says who may use each strategic plan route.
var planPublicAccess = map[string]access{}
